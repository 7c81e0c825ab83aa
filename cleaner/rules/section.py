"""The ``section`` kind: a heading that announces boilerplate, removed with what is under it."""

from __future__ import annotations

from cleaner.decisions import SPECIFICITY_LINE, SPECIFICITY_SECTION
from cleaner.document import BlockKind
from cleaner.rules.base import Context, Param, Rule
from cleaner.text import PhraseSet, fold


class SectionRule(Rule):
    """Remove a heading such as "Related posts" and its lines, up to the next heading.

    The heading line may be a Markdown heading, a plain-text title line or a
    short label ("Affiliate Disclosure:"). When the lines under it hold more
    than ``max_body_words`` words, only the heading goes: a long body means
    the next heading was not recognised, and article text must not follow it.
    """

    KIND = "section"
    PARAMS = {
        "headings": Param("list[str]", "Heading texts that open the section.", required=True, minimum=1),
        "match": Param(
            "enum", "`line`: the heading is the phrase; `start`: starts with it.", default="line",
            choices=("line", "start"),
        ),
        "max_heading_words": Param("int", "A heading has at most this many words.", default=8, minimum=1),
        "max_body_words": Param(
            "int", "Remove the body only when it has at most this many words.", default=200, minimum=0
        ),
    }

    def __init__(self, spec):
        super().__init__(spec)
        self.headings = PhraseSet(fold(h) for h in spec["headings"])
        if "" in self.headings.phrases:
            raise ValueError("a heading has no letters or digits")
        self.match = self.param("match")
        self.max_heading_words = self.param("max_heading_words")
        self.max_body_words = self.param("max_body_words")

    def matches(self, ctx: Context, removed: frozenset[int] = frozenset()):
        """Yield the heading lines this rule recognises."""
        for line in ctx.doc.lines:
            if line.is_blank or line.words > self.max_heading_words:
                continue
            key = ctx.folded(line.index)
            if self.headings.get(key) is not None or (
                self.match == "start" and self.headings.starts(key.split(" "))
            ):
                yield line.index

    def decide(self, ctx, removed=frozenset()):
        """Decide the heading, and its body when the body is short enough."""
        return self.decide_headings(ctx, self.matches(ctx))

    def decide_headings(self, ctx: Context, headings) -> list:
        """Decide the heading lines ``headings`` (every line :meth:`matches` yields, in order)."""
        decisions = []
        doc = ctx.doc
        covered = -1  # a match inside a body already decided adds nothing to it
        rest_taken = False
        for index in headings:
            if not ctx.in_zone(index, self.where):
                continue
            decisions.extend(self.decisions_at(ctx, index, index, SPECIFICITY_LINE, rest=not rest_taken))
            rest_taken = self.take_rest
            if self.take_rest or index < covered:
                continue
            # Blank lines after the body are the white-space rules' business.
            end = doc.section_end(index)
            if end > index + 1 and doc.words_between(index + 1, end) <= self.max_body_words:
                decisions.extend(self.decisions_at(ctx, index + 1, end - 1, SPECIFICITY_SECTION, rest=False))
                covered = end
        return decisions

    @classmethod
    def compile_group(cls, rules: list[SectionRule]) -> list[SectionGroup]:
        """Run every section rule of a rule set as one group that reads each line once."""
        return [SectionGroup(rules)] if rules else []


class SectionGroup:
    """All section rules of a rule set, their headings found in one pass over the lines.

    Each rule alone would fold and look up every line; the group does that once
    per line, with the rules' heading tables merged, then lets each rule decide
    on its own headings, in rule order, as the rules would one after the other.
    """

    def __init__(self, rules: list[SectionRule]):
        self.rules = list(rules)
        self.id = "section"
        self.max_heading_words = max(rule.max_heading_words for rule in self.rules)
        self.headings: dict[str, list[SectionRule]] = {}  # whole-line heading -> rules
        self.starts = PhraseSet(())  # heading of a `start` rule -> its rules
        for rule in self.rules:
            for phrase in rule.headings.phrases:
                self.headings.setdefault(phrase, []).append(rule)
                if rule.match == "start":
                    owners = self.starts.get(phrase)
                    if owners is None:
                        owners = []
                        self.starts.add(phrase, owners)
                    owners.append(rule)

    def decide(self, ctx: Context, removed=frozenset()) -> list:
        """The decisions of every section rule, in rule order."""
        found: dict[str, list[int]] = {rule.id: [] for rule in self.rules}
        most = self.max_heading_words
        keys = ctx.keys
        headings, starts = self.headings, self.starts
        for line in ctx.doc.lines:
            words = line.words
            if words > most or line.kind is BlockKind.BLANK:
                continue
            key = keys[line.index]
            if key is None:
                key = ctx.folded(line.index)
            owners = headings.get(key)
            # Most lines are no heading and start with no start heading's first word:
            # those are settled without a set or a split (starts() would find nothing).
            if owners is None and not (starts.phrases and key.partition(" ")[0] in starts.first_words):
                continue
            rules = set(owners or ())
            if starts.phrases:
                for phrase in starts.starts(key.split(" ")):
                    rules.update(starts.get(phrase))
            for rule in rules:
                if words <= rule.max_heading_words:
                    found[rule.id].append(line.index)
        decisions = []
        for rule in self.rules:
            decisions.extend(rule.decide_headings(ctx, found[rule.id]))
        return decisions
