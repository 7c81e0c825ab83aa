"""What every rule shares: its declared fields, its position, and the per-document context.

A rule kind is a class with a ``KIND`` name and a ``PARAMS`` table of the
fields it adds to the common ones. Its constructor validates and compiles
once; :meth:`Rule.decide` is pure and returns :class:`Decision` objects.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import Any, ClassVar

from cleaner.decisions import SPECIFICITY_LINE, SPECIFICITY_REST, Decision
from cleaner.document import BlockKind, Document, visible_texts
from cleaner.settings import Settings
from cleaner.text import FOLD_LIMIT, fold

BLANK = BlockKind.BLANK
_NO_TERMS: frozenset[str] = frozenset()
# Lines on each side of a line that Context.overlap_above reads before it counts the whole document.
_NEAR_LINES = 100


@dataclass(frozen=True)
class Param:
    """A field of a rule or pack, as the schema declares it.

    ``type`` is one of ``str``, ``int``, ``float``, ``bool``, ``list[str]``,
    ``enum`` (one of ``choices``), ``examples`` or ``mapping``.
    """

    type: str
    doc: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


WHERE_CHOICES = ("anywhere", "head", "tail", "edges")

COMMON_PARAMS: dict[str, Param] = {
    "id": Param("str", "Permanent namespaced id, e.g. en.comments.leave-a-reply.", required=True),
    "kind": Param("enum", "The rule kind.", required=True),
    "reason": Param("str", "Why the matched text is boilerplate, for the report.", required=True),
    "language": Param("str", "ISO 639-1 code of the language the rule is written for, if any."),
    "aliases": Param("list[str]", "Former ids of this rule; they still select and disable it.", default=()),
    "where": Param(
        "enum",
        "Where the rule may fire: anywhere, head (before the first substantial paragraph), "
        "tail (after the last substantial paragraph) or edges (head or tail).",
        default="anywhere",
        choices=WHERE_CHOICES,
    ),
    "take_rest": Param(
        "bool", "Also remove every line after a match, to the end of the document.", default=False
    ),
    "not_on_pages_about": Param(
        "list[str]",
        "Words (matched at a word's start, case and accents folded) of subjects on whose pages the rule "
        "does not fire: a cookie notice's phrases are the content of a page about cookies. A page is about "
        "one when its opening (its title line, or its first substantial paragraph that no rule removes) "
        "names one, and the title and such paragraphs name one twice in all.",
        default=(),
    ),
    "examples": Param(
        "examples",
        "Texts the rule must remove (`remove`) and must keep (`keep`); the test suite runs them.",
        required=True,
    ),
}

# A line of at most this many words may be a piece of a sentence that an extractor split
# across lines, as documentation pages put a button's name on its own line ("Click",
# "Share.", or "Select", "Close", "."): see Context.spares.
FRAGMENT_WORDS = 3
# How far (in lines) Context.spares looks for the non-blank lines around a short one.
_FRAGMENT_REACH = 3
# A line ending in one of these closes its sentence (or is a label, "Share this:"); the
# quotes close a quotation in the packs' languages (German „...“ and ‚...‘, French « ... »).
_CLOSING = tuple(".!?:;…)]\"'”’“‘»«›‹")
# A line starting with one of these goes on with the sentence before it.
_GOING_ON = frozenset(".,;:!?)")

# How many times the title line and the substantial paragraphs no rule removes must name
# a subject for a page to be about it: a title alone may be a banner's first line.
PAGE_SUBJECT_MENTIONS = 2


class RuleTimeout(Exception):
    """A rule's regular expression ran past its time limit on a document."""

    def __init__(self, rule_id: str, line_number: int, seconds: float):
        super().__init__(f"rule {rule_id}: pattern timed out after {seconds}s on line {line_number}")
        self.rule_id = rule_id
        self.line_number = line_number


class Context:
    """Per-document facts shared by all rules, computed once and lazily.

    Rules read the context; none of them changes it, so the same rule
    objects can serve many threads at once.

    Args:
        doc: the document.
        settings: the engine settings.
        by_text: values that depend on a line's text alone, by owner and text
            (see :meth:`text_memo`); the engine passes one dict to every look
            of one ``clean`` call, so a look at the cleaned text reuses what the
            first look computed for the lines that are still there.
    """

    def __init__(self, doc: Document, settings: Settings, by_text: dict | None = None):
        self.doc = doc
        self.settings = settings
        # The keys of the default folding (case and accents), the one most rules
        # use, have a list of their own, which folded() reads first.
        self._keys: list[str | None] = [None] * len(doc.lines)
        self._folds: dict[tuple[bool, bool], list[str | None]] = {(True, True): self._keys}
        self._memo: dict[int, Any] = {}
        self._by_text: dict = {} if by_text is None else by_text
        # Rules that failed on this document (time-outs), when a group of rules
        # runs them together and the others must still decide.
        self.failures: list = []
        # Lines spares() kept from a line rule, and its verdict on each line asked about.
        self.spared: set[int] = set()
        self._fragments: dict[int, bool] = {}

    def text_memo(self, owner: tuple) -> dict:
        """A dict for values that are a function of a line's text alone, one per ``owner``.

        The caller stores and reads ``table[text]``; the dict lives as long as
        the ``clean`` call (it grows with the document, never across documents).
        """
        table = self._by_text.get(owner)
        if table is None:
            table = self._by_text[owner] = {}
        return table

    def memo(self, owner: object, compute):
        """A per-document value computed once for ``owner`` (e.g. a shared matcher's scan)."""
        key = owner if isinstance(owner, tuple) else id(owner)
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def keys(self) -> list[str | None]:
        """The default key (case and accents folded) of each line that :meth:`folded` has made so far, else None.

        A loop over many lines reads a key here and calls folded() only for a None.
        """
        return self._keys

    def folded(self, index: int, *, case: bool = True, accents: bool = True) -> str:
        """The matching key of line ``index`` (cached per folding option)."""
        if case and accents:
            cache = self._keys
        else:
            cache = self._folds.get((case, accents))
            if cache is None:
                cache = self._folds[(case, accents)] = [None] * len(self.doc.lines)
        key = cache[index]
        if key is None:
            text = self.doc.lines[index].text[:FOLD_LIMIT]
            known = self.text_memo(("fold", case, accents))
            key = known.get(text)
            if key is None:
                key = known[text] = fold(text, case=case, accents=accents)
            cache[index] = key
        return key

    @cached_property
    def visible_texts(self) -> list[str]:
        """Each line without white space or zero-width characters at either end ("" for blank lines)."""
        return visible_texts(self.doc)

    def short_lines(self, max_words: int) -> list[int]:
        """Indexes of the non-blank lines of at most ``max_words`` words (of any length for 0)."""

        def pick() -> list[int]:
            lines = self.doc.lines
            if max_words:
                return [line.index for line in lines if line.kind is not BLANK and line.words <= max_words]
            return [line.index for line in lines if line.kind is not BLANK]

        return self.memo(("short_lines", max_words), pick)

    @cached_property
    def substantial(self) -> list[int]:
        """Indexes of prose lines long enough to be article content."""
        need = self.settings.substantial_words
        return [
            line.index
            for line in self.doc.lines
            if line.words >= need and line.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM)
        ]

    @cached_property
    def head_end(self) -> int:
        """Index of the first substantial line (the head is everything before it)."""
        return self.substantial[0] if self.substantial else 0

    @cached_property
    def tail_start(self) -> int:
        """Index after the last substantial line (the tail is everything from there)."""
        return self.substantial[-1] + 1 if self.substantial else len(self.doc.lines)

    @cached_property
    def tail_from(self) -> int:
        """Index of the first line where a rule with ``where: tail`` (or ``edges``) may fire.

        The tail, and also the last substantial line when there is more than
        one: a long notice (a comment form's spam notice, reprint terms) is
        often a page's last paragraph, and counted as the article's end it
        would put itself and every line before it out of the tail. A rule must
        still match the line itself, and once the line goes, the second look
        judges the lines before it in the tail the removal opened.
        """
        found = self.substantial
        return found[-1] if len(found) > 1 else self.tail_start

    def spares(self, index: int) -> bool:
        """True when line ``index`` is a piece of a sentence split across lines, which no line rule may take.

        Documentation pages put a button's name on a line of its own ("Click",
        "Share.", "Select", "Close", "."), and an extractor keeps the break.
        Such a line reads like a bare share or navigation label, but it is
        the object of an instruction. It is a piece of a sentence when it has
        at most :data:`FRAGMENT_WORDS` words, the non-blank line before it is
        short and does not close its sentence, and either the line itself ends the
        sentence with a full stop or the next non-blank line goes on with
        punctuation (". ", ", then choose Settings"). A share bar's "Print"
        after "Twitter", or "Share" after an article's last paragraph, is no
        such piece. A next line that starts in lower case does not count: on
        the dev pages that was mostly an ad marker inside a sentence
        ("... das Kompetenzzentrum", "Anzeige", "um eine Gruppe erweitert").

        The verdict depends on the lines around, so the lines spared are
        recorded in :attr:`spared`: once such a neighbour goes, the engine's
        second look judges the line again (a second run would see it anew).
        """
        known = self._fragments.get(index)
        if known is not None:
            return known
        found = self._fragments[index] = self._continues_sentence(index)
        if found:
            self.spared.add(index)
        return found

    def _continues_sentence(self, index: int) -> bool:
        if self.doc.lines[index].words > FRAGMENT_WORDS:
            return False
        texts = self.visible_texts
        lines = self.doc.lines
        at = next((k for k in range(index - 1, max(-1, index - 1 - _FRAGMENT_REACH), -1) if texts[k]), None)
        # The sentence's other pieces are short too ("Click", "2. Select"); a paragraph
        # that ends without a stop ("... gezeigt hat. —") is a whole paragraph.
        if at is None or texts[at].endswith(_CLOSING) or lines[at].words >= self.settings.substantial_words:
            return False
        text = texts[index]
        if text.endswith(".") and not text.endswith(".."):
            return True
        after = next((texts[k] for k in range(index + 1, min(len(texts), index + 1 + _FRAGMENT_REACH)) if texts[k]),
                     "")
        return bool(after) and after[0] in _GOING_ON

    def about(self, subjects: re.Pattern, removed: frozenset[int] | set[int]) -> bool:
        """True when the page is about one of ``subjects`` (see ``not_on_pages_about``).

        A page states its subject at its opening: the title line (the first
        non-blank line, when short) or the first substantial paragraph outside
        ``removed``. The page is about a subject when its opening names it and
        the title and the substantial paragraphs outside ``removed`` name it
        :data:`PAGE_SUBJECT_MENTIONS` times in all. A cookie policy opens with
        cookies; an article with a consent dialog under it does not, however
        many of the dialog's lines about cookie categories no rule removed.
        Lines are folded whole here (a subject may stand past the fold limit
        of a long paragraph); only pages where such a rule fires are read.
        """
        lines = self.doc.lines
        title = next((line for line in lines if not line.is_blank), None)
        if title is not None and title.words > self.settings.layout.heading_max_words:
            title = None  # the page opens with a paragraph, read below with the others
        count = int(title is not None and bool(subjects.search(fold(title.text))))
        opened = bool(count)
        first = True
        for index in self.substantial:
            if index in removed:
                continue
            named = bool(subjects.search(fold(lines[index].text)))
            if first:
                opened, first = opened or named, False
                if not opened:
                    return False
            count += named
            if count >= PAGE_SUBJECT_MENTIONS:
                return True
        return False

    def in_zone(self, index: int, where: str) -> bool:
        """True when line ``index`` lies where a rule with ``where`` may fire."""
        if where == "tail":
            return index >= self.tail_from
        if where == "head":
            return index < self.head_end
        if where == "edges":
            return index < self.head_end or index >= self.tail_from
        return True

    @cached_property
    def line_terms(self) -> list[frozenset[str]]:
        """Content-word stems of each line (stop words and short words dropped)."""
        terms = self._terms
        for index, found in enumerate(terms):
            if found is None:
                terms[index] = self._stems(index)
        return terms

    def terms_of(self, index: int) -> frozenset[str]:
        """``line_terms[index]``, computed for this line alone when the list is not needed whole."""
        found = self._terms[index]
        if found is None:
            found = self._terms[index] = self._stems(index)
        return found

    @cached_property
    def _terms(self) -> list[frozenset[str] | None]:
        return [None] * len(self.doc.lines)

    @cached_property
    def _stem_table(self) -> tuple:
        vocab = self.settings.vocabulary
        return self.text_memo(("line_terms",)), vocab.stopwords, vocab.stem_length, vocab.min_word_length

    def _stems(self, index: int) -> frozenset[str]:
        line = self.doc.lines[index]
        if line.kind is BLANK:
            return _NO_TERMS
        known, stop, length, shortest = self._stem_table
        text = line.text
        found = known.get(text)
        if found is None:
            # A line within the fold limit has the key the rules matched against
            # already: the same fold of the same text. A folded key holds only
            # letters, digits and single spaces, so splitting it gives exactly
            # its words; each distinct word is judged once.
            key = self.folded(index) if len(text) <= FOLD_LIMIT else fold(text)
            found = known[text] = frozenset(
                word[:length]
                for word in set(key.split()) - stop
                if len(word) >= shortest and not word.isdigit()
            )
        return found

    def term_counts(self, removed: frozenset[int] = frozenset()) -> Counter:
        """How many lines of the document, leaving out ``removed``, carry each stem."""

        def count() -> Counter:
            terms = self.line_terms
            if not removed:
                return Counter(chain.from_iterable(terms))
            return Counter(chain.from_iterable(found for index, found in enumerate(terms) if index not in removed))

        return self.memo(("term_counts", removed), count)

    def overlap_with_rest(
        self, indexes: range | list[int], removed: frozenset[int] = frozenset()
    ) -> tuple[float, int]:
        """Share of the stems of ``indexes`` that occur elsewhere in what is left of the document.

        Lines in ``removed`` (decided by earlier rules) are not part of the
        rest, so that a second run, which no longer has them, judges the same
        way. Returns the share and the number of distinct stems it was computed on.
        """
        terms = self.line_terms
        # What ``indexes`` contribute to the counts of the rest, and the stems of their removed lines.
        alive = Counter(chain.from_iterable(terms[i] for i in indexes if i not in removed))
        gone = set(chain.from_iterable(terms[i] for i in indexes if i in removed)) if removed else ()
        own = alive.keys() | gone if gone else alive.keys()
        if not own:
            return 1.0, 0
        counts = self.term_counts(removed)
        shared = sum(1 for stem in own if counts[stem] > alive[stem])
        return shared / len(own), len(own)

    def overlap_above(self, index: int, limit: float, removed: frozenset[int] = frozenset()) -> bool:
        """True when ``overlap_with_rest([index], removed)`` gives a share above ``limit``.

        The share counts the stems of line ``index`` found on some other line
        that ``removed`` leaves. Here the other lines are read nearest first,
        and the stems found so far are a subset of those: once they alone make
        the share (the same division) exceed ``limit``, the answer is known
        without the stems of the rest of the document. When every other line
        has been read, the count is the exact one. After ``_NEAR_LINES`` lines
        on each side the document-wide counts decide, as overlap_with_rest does,
        so that many such lines in a long document cost linear time.
        """
        own = self.terms_of(index)
        if not own:
            return 1.0 > limit  # overlap_with_rest's share for a line without stems
        count = len(own)
        missing = set(own)  # the stems not yet found on another line
        size = len(self.doc.lines)
        for distance in range(1, size):
            for other in (index - distance, index + distance):
                if 0 <= other < size and other not in removed:
                    missing -= self.terms_of(other)
                    if (count - len(missing)) / count > limit:
                        return True
            if distance == _NEAR_LINES:
                return self.overlap_with_rest([index], removed)[0] > limit
        return (count - len(missing)) / count > limit


class Rule:
    """Base of every rule kind. Subclasses set ``KIND`` and ``PARAMS`` and implement ``matches``.

    Attributes:
        id: the rule's permanent id.
        reason: the reason reported for its removals.
        spec: the validated specification the rule was built from.
    """

    KIND: ClassVar[str] = ""
    PARAMS: ClassVar[dict[str, Param]] = {}
    # Phases run in order, and each sees what the earlier ones removed: line
    # rules (1), then the vocabulary heuristics (2), which compare a line with
    # what is left of the article, then white space (3).
    PHASE: ClassVar[int] = 1
    # True for kinds whose verdict on a line depends on that line alone (its
    # text and word count), given the rule's zone: phrases and patterns.
    LINE_LOCAL: ClassVar[bool] = False

    def __init__(self, spec: dict[str, Any]):
        self.spec = spec
        self.id: str = spec["id"]
        self.reason: str = spec["reason"]
        self.language: str | None = spec.get("language")
        self.where: str = spec.get("where", "anywhere")
        self.take_rest: bool = spec.get("take_rest", False)
        # Compiled once; None for the (most) rules that fire on any page. A word that
        # folds to nothing (punctuation alone) names no subject.
        subjects = [key for key in (fold(word) for word in spec.get("not_on_pages_about", ())) if key]
        self.subjects = re.compile("(?:^| )(?:" + "|".join(map(re.escape, subjects)) + ")") if subjects else None

    def param(self, name: str) -> Any:
        """The value of parameter ``name``, or its declared default."""
        if name in self.spec:
            return self.spec[name]
        return self.PARAMS[name].default

    def decide(self, ctx: Context, removed: frozenset[int] = frozenset()) -> list[Decision]:
        """Return this rule's decisions for the document in ``ctx``."""
        return self.decisions_for(ctx, self.matches(ctx, removed))

    def decisions_for(self, ctx: Context, matched) -> list[Decision]:
        """The decisions for the matched line indexes ``matched`` (in order), the rule's zone applied."""
        decisions: list[Decision] = []
        rest_taken = False
        for index in matched:
            if ctx.in_zone(index, self.where) and not (self.LINE_LOCAL and ctx.spares(index)):
                decisions.extend(self.decisions_at(ctx, index, index, rest=not rest_taken))
                rest_taken = self.take_rest
        return decisions

    def matches(self, ctx: Context, removed: frozenset[int] = frozenset()):
        """Yield the indexes of the lines this rule matches (any zone)."""
        raise NotImplementedError

    def decisions_at(
        self, ctx: Context, first: int, last: int, specificity: int = SPECIFICITY_LINE, *, rest: bool = True
    ) -> list[Decision]:
        """Decisions for a match on lines ``first``..``last``, plus the rest if ``take_rest``.

        Callers pass ``rest=False`` after the first match of a document: the
        first rest decision already covers every later line, and one range per
        match would make the work grow with matches times lines.
        """
        out = [Decision(first, last, self.id, self.reason, specificity)]
        end = len(ctx.doc.lines) - 1
        if rest and self.take_rest and last < end:
            out.append(Decision(last + 1, end, self.id, f"{self.reason} (and everything after it)", SPECIFICITY_REST))
        return out

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"

