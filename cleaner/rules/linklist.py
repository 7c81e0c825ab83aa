"""The ``link-list`` kind: a "Related" / "Read more" heading and the headlines listed under it.

Extractors keep the teaser block that sites put under or inside an article: a
heading ("Related articles", "Auch interessant:", "À lire aussi") followed by
a run of short, headline-like lines. Unlike the ``section`` kind, which takes
everything up to the next heading, this kind takes only the run of short
lines and stops at the first line that reads as prose, so an article
paragraph after the list always survives, even when no heading separates it.
"""

from __future__ import annotations

from cleaner.decisions import SPECIFICITY_LINE, SPECIFICITY_SECTION, Decision
from cleaner.document import BlockKind, Line
from cleaner.rules.base import Context, Param, Rule
from cleaner.text import PhraseSet, fold

_SENTENCE_END = (".", "…")
BLANK = BlockKind.BLANK


class LinkListRule(Rule):
    """Remove a related-content heading and the run of headline-like lines after it.

    A heading is a short line that is exactly one of ``headings``, starts with
    one of ``heading_starts`` (and adds at most ``heading_rest_words`` words,
    as in "More from BBC News"), or contains one of ``heading_phrases``
    ("... könnte dich auch interessieren"). A line that goes on with a
    headline after a colon ("Read more: The ferry strike explained") is an
    inline link, not a heading; the language packs' pattern rules take those.

    The run under the heading holds lines of at most ``max_item_words`` words
    and blank lines (``max_blank`` in a row at most), and ends before the first
    line that reads as prose: more words than that, or a sentence of
    ``sentence_words`` words or more ending in a full stop, or a line that a
    prose paragraph follows (the article's next section title), or a Markdown
    heading.
    """

    KIND = "link-list"
    PARAMS = {
        "headings": Param("list[str]", "Whole-line headings that open a link list.", required=True, minimum=1),
        "heading_starts": Param(
            "list[str]", "Heading starts that may be followed by a few words (a site or topic name).",
            default=(),
        ),
        "heading_phrases": Param("list[str]", "Phrases that make a short line a heading wherever they stand.",
                                 default=()),
        "heading_rest_words": Param("int", "Words a `heading_starts` heading may add.", default=4, minimum=0),
        "max_heading_words": Param("int", "A heading has at most this many words.", default=9, minimum=1),
        "max_item_words": Param("int", "A listed headline has at most this many words.", default=16, minimum=1),
        "sentence_words": Param(
            "int", "A line ending in a full stop with at least this many words is prose.", default=10, minimum=1
        ),
        "max_items": Param("int", "At most this many lines are taken after a heading.", default=15, minimum=0),
        "max_blank": Param("int", "Blank lines allowed in a row inside the run.", default=2, minimum=0),
    }

    def __init__(self, spec):
        super().__init__(spec)
        self.headings = PhraseSet(fold(h) for h in spec["headings"])
        self.starts = PhraseSet(fold(h) for h in self.param("heading_starts"))
        self.phrases = PhraseSet(fold(h) for h in self.param("heading_phrases"))
        for table in (self.headings, self.starts, self.phrases):
            if "" in table.phrases:
                raise ValueError("a heading has no letters or digits")
        self.rest_words = self.param("heading_rest_words")
        self.max_heading_words = self.param("max_heading_words")
        self.max_item_words = self.param("max_item_words")
        self.sentence_words = self.param("sentence_words")
        self.max_items = self.param("max_items")
        self.max_blank = self.param("max_blank")

    def is_heading(self, ctx: Context, line: Line) -> bool:
        """True when ``line`` announces a list of related links."""
        if line.is_blank or line.words > self.max_heading_words:
            return False
        key = ctx.folded(line.index)
        if self.headings.get(key) is not None:
            return True
        if _inline_link(line.text):
            return False
        tokens = key.split(" ")
        if any(len(tokens) - len(s.split(" ")) <= self.rest_words for s in self.starts.starts(tokens)):
            return True
        return bool(self.phrases.phrases) and bool(self.phrases.occurrences(tokens))

    def is_prose(self, line: Line) -> bool:
        """True when ``line`` reads as article prose rather than a listed headline."""
        if line.words > self.max_item_words:
            return True
        return line.text.rstrip().endswith(_SENTENCE_END) and line.words >= self.sentence_words

    def matches(self, ctx: Context, removed: frozenset[int] = frozenset()):
        """Yield the heading lines this rule recognises."""
        for line in ctx.doc.lines:
            if self.is_heading(ctx, line):
                yield line.index

    def run_after(self, ctx: Context, index: int, headings: frozenset[int] | None = None) -> int:
        """Index of the last listed line after the heading at ``index`` (``index`` if none).

        ``headings``, when given, holds every line :meth:`is_heading` accepts.
        """
        lines = ctx.doc.lines
        last, taken, blanks, listed = index, 0, 0, False
        for line in lines[index + 1 :]:
            if line.is_blank:
                blanks += 1
                if blanks > self.max_blank:
                    break
                continue
            # A list of items ends where a blank line leads to a line that is no item:
            # the author's name under a "Related posts" list is no related post.
            if listed and blanks and line.kind is not BlockKind.ITEM:
                break
            blanks = 0
            if taken >= self.max_items or self.is_prose(line) or self._opens_section(ctx, line):
                break
            listed = listed or line.kind is BlockKind.ITEM
            if line.index in headings if headings is not None else self.is_heading(ctx, line):
                break  # the next list announces itself; it is decided on its own
            last, taken = line.index, taken + 1
        return last

    def _opens_section(self, ctx: Context, line: Line) -> bool:
        """True when ``line`` heads article prose: a Markdown heading, or any line prose follows.

        A listed headline is followed by another headline, a date or the end
        of the list; a line followed by a paragraph is the article's next
        section title (or a teaser we cannot tell from one), so it stays.
        """
        if line.kind is BlockKind.HEADING and line.level < 7:
            return True
        return self._prose_follows(ctx, line)

    def _prose_follows(self, ctx: Context, line: Line) -> bool:
        """True when the next non-blank line after ``line`` (within three lines) reads as prose."""
        for later in ctx.doc.lines[line.index + 1 : line.index + 4]:
            if not later.is_blank:
                return self.is_prose(later)
        return False

    def _titles_prose(self, ctx: Context, line: Line) -> bool:
        """True when the heading ``line``, with no list under it, is the title of the article prose after it.

        "Weitere Informationen" or "Related topics" over paragraphs is a
        section of the article; a label that ends in a colon ("Read also:")
        points at a link, and over prose it is still residue. What follows
        decides, not the heading's own markup: a Markdown "## Related" with
        nothing under it is residue too.
        """
        return not line.text.rstrip().endswith(":") and self._prose_follows(ctx, line)

    def decide(self, ctx: Context, removed=frozenset()) -> list[Decision]:
        """Decide each heading, and the run of headlines under it."""
        headings = list(self.matches(ctx))
        return self.decide_headings(ctx, headings, frozenset(headings))

    def decide_headings(self, ctx: Context, headings: list[int], heading_set: frozenset[int]) -> list[Decision]:
        """Decide the heading lines ``headings`` (every line :meth:`is_heading` accepts, in order).

        ``heading_set`` holds the same indexes; the run under a heading stops
        at the next of them.
        """
        decisions: list[Decision] = []
        for index in headings:
            if not ctx.in_zone(index, self.where):
                continue
            last = self.run_after(ctx, index, heading_set)
            if last == index and self._titles_prose(ctx, ctx.doc.lines[index]):
                continue
            decisions.extend(self.decisions_at(ctx, index, index, SPECIFICITY_LINE))
            if last > index and not self.take_rest:
                decisions.append(Decision(index + 1, last, self.id, f"{self.reason} (listed link)",
                                          SPECIFICITY_SECTION))
        return decisions

    @classmethod
    def compile_group(cls, rules: list[LinkListRule]) -> list[LinkListGroup]:
        """Run every link-list rule of a rule set as one group that reads each line once."""
        return [LinkListGroup(rules)] if rules else []


class LinkListGroup:
    """All link-list rules of a rule set, their headings found in one pass over the lines.

    Each rule alone would fold, split and look up every line of the document;
    the group does that once per line, with the rules' heading tables merged,
    and then lets each rule decide on its own headings, in rule order, exactly
    as the rules would one after the other.
    """

    def __init__(self, rules: list[LinkListRule]):
        self.rules = list(rules)
        self.id = "link-list"
        self.max_heading_words = max(rule.max_heading_words for rule in self.rules)
        # Phrase -> the rules that list it, for each of the three heading tables.
        self.headings: dict[str, list[LinkListRule]] = {}
        self.starts = PhraseSet(())
        self.phrases = PhraseSet(())
        for rule in self.rules:
            for phrase in rule.headings.phrases:
                self.headings.setdefault(phrase, []).append(rule)
            for table, merged in ((rule.starts, self.starts), (rule.phrases, self.phrases)):
                for phrase in table.phrases:
                    owners = merged.get(phrase)
                    if owners is None:
                        owners = []
                        merged.add(phrase, owners)
                    owners.append(rule)

    def headings_by_rule(self, ctx: Context) -> dict[str, list[int]]:
        """For each rule id, the lines its :meth:`LinkListRule.is_heading` accepts, in order."""
        found: dict[str, list[int]] = {rule.id: [] for rule in self.rules}
        most = self.max_heading_words
        everyone = len(self.rules)
        whole_lines = self.headings
        starts, phrases = self.starts, self.phrases
        folded, keys = ctx.folded, ctx.keys
        for line in ctx.doc.lines:
            words = line.words
            if words > most or line.kind is BLANK:
                continue
            key = keys[line.index]
            if key is None:
                key = folded(line.index)
            owners = whole_lines.get(key)
            rules = set(owners) if owners is not None else None
            if rules is None or len(rules) < everyone:
                # The start and phrase lookups are pure, so they run first, and
                # the inline-link test, which only vetoes what they find, runs
                # only when they find something (few lines).
                tokens = key.split(" ")
                by_start = starts.starts(tokens)
                by_phrase = phrases.occurrences(tokens) if phrases.phrases else ()
                if (by_start or by_phrase) and not _inline_link(line.text):
                    if rules is None:
                        rules = set()
                    for start in by_start:
                        extra = len(tokens) - len(start.split(" "))
                        rules.update(rule for rule in starts.get(start) if extra <= rule.rest_words)
                    for phrase in by_phrase:
                        rules.update(phrases.get(phrase))
            if rules is None:
                continue
            for rule in rules:
                if words <= rule.max_heading_words:
                    found[rule.id].append(line.index)
        return found

    def decide(self, ctx: Context, removed=frozenset()) -> list[Decision]:
        """The decisions of every link-list rule, in rule order."""
        found = self.headings_by_rule(ctx)
        decisions: list[Decision] = []
        for rule in self.rules:
            headings = found[rule.id]
            decisions.extend(rule.decide_headings(ctx, headings, frozenset(headings)))
        return decisions


def _inline_link(text: str) -> bool:
    """True for "Label: a headline of several words" (one link line, not a heading)."""
    label, colon, rest = text.partition(":")
    return bool(colon) and len(rest.split()) > 3 and len(label.split()) <= 5
