"""The ``phrases`` kind: literal phrases matched against whole lines or line starts.

All phrase rules of a rule set are compiled into one :class:`PhraseMatcher`,
so a line costs a handful of dict lookups whatever the number of phrases.
"""

from __future__ import annotations

from collections import defaultdict

from cleaner.decisions import Decision
from cleaner.rules.base import Context, Param, Rule
from cleaner.text import PhraseSet, fold


class PhrasesRule(Rule):
    """Remove lines that are, or start with, one of a list of phrases.

    Matching folds white space and punctuation always, letter case and
    accents unless the rule asks to keep them.
    """

    KIND = "phrases"
    LINE_LOCAL = True
    PARAMS = {
        "phrases": Param(
            "list[str]", "The phrases; punctuation and spacing in them do not matter.", required=True, minimum=1
        ),
        "match": Param(
            "enum",
            "`line`: the whole line is the phrase; `start`: the line starts with it.",
            default="line",
            choices=("line", "start"),
        ),
        "case_sensitive": Param("bool", "Match letter case exactly.", default=False),
        "accent_sensitive": Param("bool", "Match accents exactly.", default=False),
        "max_words": Param(
            "int", "With match: start, only lines of at most this many words.", default=25, minimum=1
        ),
    }

    def __init__(self, spec):
        super().__init__(spec)
        self.match = self.param("match")
        self.max_words = self.param("max_words")
        self.folding = (not self.param("case_sensitive"), not self.param("accent_sensitive"))
        self.keys = []
        for phrase in spec["phrases"]:
            key = fold(phrase, case=self.folding[0], accents=self.folding[1])
            if not key:
                raise ValueError(f"phrase {phrase!r} has no letters or digits")
            self.keys.append(key)

    def matches(self, ctx: Context, removed: frozenset[int] = frozenset()):
        """Yield matching lines (used when the rule runs on its own)."""
        return PhraseMatcher([self]).matching_lines(ctx, self)

    def decide(self, ctx, removed=frozenset()):
        """Return decisions for this rule alone."""
        return PhraseMatcher([self]).decide(ctx, removed)

    @classmethod
    def compile_group(cls, rules: list[PhrasesRule]) -> list[PhraseMatcher]:
        """Compile every phrase rule of a rule set into one matcher."""
        return [PhraseMatcher(rules)] if rules else []


class PhraseMatcher:
    """All phrase rules, indexed by folding option and match mode."""

    def __init__(self, rules: list[PhrasesRule]):
        self.rules = list(rules)
        self.id = "phrases"
        # (case, accents) -> mode -> PhraseSet of key -> [rules]
        self.index: dict[tuple[bool, bool], dict[str, PhraseSet]] = {}
        self.max_line_words: dict[tuple[bool, bool], int] = defaultdict(int)
        for rule in self.rules:
            modes = self.index.setdefault(rule.folding, {"line": PhraseSet(()), "start": PhraseSet(())})
            target = modes[rule.match]
            for key in rule.keys:
                owners = target.get(key)
                if owners is None:
                    owners = []
                    target.add(key, owners)
                if rule not in owners:
                    owners.append(rule)
            if rule.match == "start":
                self.max_line_words[rule.folding] = max(self.max_line_words[rule.folding], rule.max_words)
            else:
                longest = max(len(k.split()) for k in rule.keys)
                self.max_line_words[rule.folding] = max(self.max_line_words[rule.folding], longest + 2)

    def _hits(self, ctx: Context, index: int):
        line = ctx.doc.lines[index]
        if line.is_blank:
            return
        for folding, modes in self.index.items():
            if line.words > self.max_line_words[folding]:
                continue
            key = ctx.folded(index, case=folding[0], accents=folding[1])
            owners = modes["line"].get(key)
            if owners:
                for rule in owners:
                    yield rule, key
            starts = modes["start"]
            # A start phrase begins with a phrase's first word: test that before splitting further.
            if starts.phrases and key.partition(" ")[0] in starts.first_words:
                for phrase in starts.starts(key.split(" ", starts.longest)):
                    for rule in starts.get(phrase):
                        if line.words <= rule.max_words:
                            yield rule, phrase

    def _may_hit(self, ctx: Context, indexes: list[int]) -> list[int]:
        """Those of the non-blank lines ``indexes`` on which :meth:`_hits` can yield anything.

        _hits yields for a folding option only when the line is short enough for
        it and its key is a whole-line phrase or starts with a start phrase, so
        with its first word and, for a phrase of several words, its first two; a
        line that passes neither test for any option yields nothing. The tests
        are made here on the cached keys, in a tight loop: most lines fail them,
        and _hits then runs, in full, only on the others.
        """
        lines = ctx.doc.lines
        folded = ctx.folded
        tests = [
            (case, accents, modes["line"].phrases, modes["start"].first_words, modes["start"].may_start,
             self.max_line_words[(case, accents)])
            for (case, accents), modes in self.index.items()
        ]
        found = []
        for index in indexes:
            words = lines[index].words
            for case, accents, whole, first_words, may_start, most in tests:
                if words <= most:
                    key = folded(index, case=case, accents=accents)
                    # The first word alone settles most lines; a line that starts with a
                    # common one ("the", "die") must also start with a phrase's first two.
                    if key in whole or (key.partition(" ")[0] in first_words and may_start(key)):
                        found.append(index)
                        break
        return found

    def matching_lines(self, ctx: Context, only: PhrasesRule):
        """Yield lines that ``only`` matches."""
        for index in range(len(ctx.doc.lines)):
            if any(rule is only for rule, _ in self._hits(ctx, index)):
                yield index

    def decide(self, ctx: Context, removed=frozenset()) -> list[Decision]:
        """Return the decisions of every phrase rule on the document."""
        decisions = []
        rest_taken: set[str] = set()
        # Lines _hits would pass over (blank, or longer than any rule reads) are not visited.
        for index in self._may_hit(ctx, ctx.short_lines(max(self.max_line_words.values(), default=0) or 1)):
            seen = set()
            for rule, _phrase in self._hits(ctx, index):
                if rule.id in seen or not ctx.in_zone(index, rule.where) or ctx.spares(index):
                    continue
                seen.add(rule.id)
                decisions.extend(rule.decisions_at(ctx, index, index, rest=rule.id not in rest_taken))
                if rule.take_rest:
                    rest_taken.add(rule.id)
        return decisions
