"""The ``promo-line`` kind: a line that reads as a sales pitch and has no tie to the article."""

from __future__ import annotations

import regex

from cleaner.rules.base import Context, Param, Rule, RuleTimeout
from cleaner.text import PhraseSet, fold

# Seconds the price pattern may take on one line.
PRICE_TIMEOUT = 0.25


class PromoLineRule(Rule):
    """Remove short lines with several sales cues whose words the article does not use.

    Cues are words and phrases of selling (shop, buy, discount, promo code,
    free shipping) and prices. A line needs ``min_cues`` distinct cues and an
    overlap with the rest of the document of at most ``max_overlap``: a
    product review that talks about prices shares its vocabulary with the
    line, a pasted advertisement does not.
    """

    KIND = "promo-line"
    PHASE = 2
    PARAMS = {
        "cues": Param("list[str]", "Words and phrases of selling.", required=True, minimum=1),
        "price_pattern": Param(
            "str", "A regular expression for prices and discounts; a match counts as one cue.", default=""
        ),
        "min_cues": Param("int", "Distinct cues a line needs.", default=2, minimum=1),
        "max_words": Param("int", "Only lines of at most this many words.", default=40, minimum=1),
        "max_overlap": Param(
            "float", "At most this share of the line's content words may occur elsewhere.",
            default=0.2, minimum=0, maximum=1,
        ),
    }

    def __init__(self, spec):
        super().__init__(spec)
        self.cues = PhraseSet(fold(cue) for cue in spec["cues"])
        pattern = self.param("price_pattern")
        self.price = regex.compile(pattern) if pattern else None

    def cue_count(self, text: str, key: str) -> int:
        """Distinct cues in a line (``key`` is its folded form)."""
        found = set(self.cues.occurrences(key.split(" ")))
        if self.price is not None and self._priced(text):
            found.add("<price>")
        return len(found)

    def has_cues(self, text: str, key: str, need: int) -> bool:
        """True when ``cue_count(text, key) >= need``; the price pattern runs only when its cue decides."""
        found = len(set(self.cues.occurrences(key.split(" "))))
        if found >= need:
            return True
        if self.price is None or found + 1 < need:
            return False
        return self._priced(text)

    def _priced(self, text: str) -> bool:
        """True when the price pattern finds a price in ``text``; raises TimeoutError past its time limit."""
        return self.price.search(text, timeout=PRICE_TIMEOUT) is not None

    def matches(self, ctx: Context, removed: frozenset[int] = frozenset()):
        """Yield promotional lines."""
        need, most, limit = self.param("min_cues"), self.param("max_words"), self.param("max_overlap")
        # The verdict depends on the text alone: a later look at the cleaned text reuses it.
        known = ctx.text_memo(("promo-line", self.id))
        lines = ctx.doc.lines
        folded, keys = ctx.folded, ctx.keys
        # A line none of whose words starts a cue has no cue from the list, so
        # at most the price: has_cues would say False whenever two cues are needed.
        first_words = self.cues.first_words if need > 1 else None
        for index in ctx.short_lines(most):
            text = lines[index].text
            enough = known.get(text)
            if enough is None:
                key = keys[index]
                if key is None:
                    key = folded(index)
                if first_words is not None and first_words.isdisjoint(key.split(" ")):
                    enough = False
                else:
                    try:
                        enough = self.has_cues(text, key, need)
                    except TimeoutError:
                        # Never lose text: a line the price pattern cannot judge in time stays.
                        ctx.failures.append(RuleTimeout(self.id, index + 1, PRICE_TIMEOUT))
                        enough = False
                known[text] = enough
            if not enough:
                continue
            if not ctx.overlap_above(index, limit, removed):
                yield index
