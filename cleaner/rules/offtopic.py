"""The ``offtopic-section`` kind: a section whose words the rest of the article never uses.

A section like "Prophetic Context" pasted into a news report shares almost
no content words with the report; "Conclusion" or "Background" reuse its
names and terms. The rule compares each section's content-word stems with the
rest of the document and removes a section only when its overlap is both low
in absolute terms and an outlier among the document's sections, so that a
list article whose sections are all about different things keeps them all.

Sections that are article by construction are never judged: the one holding
the first substantial paragraph (the opening sets the topic), long sections
(``max_terms``: boilerplate blocks are short, a profile in a list article or
a letter on a letters page is not), sections that are mostly a bulleted list
or fields of data ("Referee: Anna Example": a digest or changelog changes topic
with every section, a match's officials share no words with its report),
sections of nothing but lead-ins ending in a colon (what they introduced, code
or figures, the extractor dropped), and reference lists (a heading such as
"Literatur" or "References", or a body of citations), whose titles share
few words with the text that cites them.

Nor is text written without spaces between words (Chinese, Japanese, Thai...):
there a space-separated token is a phrase or a whole sentence, no two sections
share one, and every section would look off topic. A document mostly in such
scripts is not judged at all, and in other documents a section mostly in them
is kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

import regex

from cleaner.decisions import SPECIFICITY_SECTION
from cleaner.document import BlockKind
from cleaner.rules.base import Context, Param, Rule, RuleTimeout
from cleaner.text import PhraseSet, encode_cp1252, fold

# Seconds the citation pattern may take on one line.
CITATION_TIMEOUT = 0.25
# Lines the shortcut of OfftopicSectionRule._may_remove reads around one section.
_SHORTCUT_LINES = 200
_BLANK = BlockKind.BLANK
_ITEM = BlockKind.ITEM
# A short "Label: value" line ("Árbitro: Darío Herrera.", "Ort: Stadthalle") is a
# field of structured data, like a list item: a section of such fields (a match's
# officials, an event's facts) shares few words with the prose by its nature.
_DATA_LINE = regex.compile(r"\s*[^\W\d_][\w'’.-]*(?:\s+[\w'’.-]+){0,3}\s*:\s+\S")
_DATA_LINE_WORDS = 12
# The scripts written without spaces between words, as a character-class body.
UNSPACED_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
# What unspaced_share removes to count: the runs of non-letters, then, of the letters
# left, the runs outside those scripts (far fewer matches than one per character).
_NON_LETTERS = regex.compile(r"\P{L}+")
_OTHER_SCRIPTS = regex.compile(f"[^{UNSPACED_SCRIPTS}]+")
# The Unicode blocks that hold every letter of those scripts (a test checks
# each code point): ``re`` tests a character against ranges much faster than ``regex``
# tests script properties, so this finds first whether there is any to count.
_UNSPACED_BLOCKS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u2e80-\u2fdf\u3005-\u303b\u3040-\u30ff"
    "\u31f0-\u31ff\u32d0-\u3357\u3400-\u4dbf\u4e00-\u9fff\ua9e0-\ua9ff\uaa60-\uaa7f\uf900-\ufaff"
    "\uff66-\uff9f\U000116d0-\U000116ef\U00016fe0-\U00016fff\U0001aff0-\U0001b16f\U0001f200"
    "\U00020000-\U0003ffff]"
)


def unspaced_share(text: str) -> float:
    """The share of the letters of ``text`` in scripts written without spaces between words.

    >>> unspaced_share("Harbour budget")
    0.0
    >>> unspaced_share("一波波接續性低溫寒流報到 GPS")
    0.8
    """
    # Most text has no such letter, found in C: all of it below U+0100 (a copy,
    # when it is), or in Windows-1252.
    for encode in (_encode_latin1, encode_cp1252):
        try:
            encode(text)
            return 0.0
        except UnicodeEncodeError:
            pass
    # Most text outside Windows-1252 (curly quotes, emoji, Cyrillic) has no such letter.
    if not _UNSPACED_BLOCKS.search(text):
        return 0.0
    # The letters, and of them those of the scripts, counted as what is left when
    # the others are removed (a test compares this with a count of each kind).
    letters = _NON_LETTERS.sub("", text)
    unspaced = len(_OTHER_SCRIPTS.sub("", letters))
    return unspaced / len(letters) if unspaced else 0.0


def _encode_latin1(text: str) -> bytes:
    return text.encode("latin-1")


class OfftopicSectionRule(Rule):
    """Remove sections whose vocabulary has almost nothing in common with the article."""

    KIND = "offtopic-section"
    PHASE = 2
    PARAMS = {
        "max_overlap": Param(
            "float", "Remove when at most this share of the section's stems occur elsewhere.",
            default=0.2, minimum=0, maximum=1,
        ),
        "outlier_ratio": Param(
            "float", "...and its overlap is below this share of the median overlap of the other sections.",
            default=0.5, minimum=0, maximum=1,
        ),
        "min_gap": Param(
            "float", "...and its overlap is at least this much below that of every other section: where "
            "another section shares nearly as little (a live blog, a match report, a list article), the "
            "document may change topic by design...", default=0.0, minimum=0, maximum=1,
        ),
        "max_overlap_without_gap": Param(
            "float", "...unless the section shares at most this share of its stems: nothing at all, like a "
            "run of teasers for other stories.", default=1.0, minimum=0, maximum=1,
        ),
        "parallel_sections": Param(
            "int", "...and, when at least this many other sections have its heading level and about its size "
            "(see `parallel_size_tolerance`), it shares at most `max_overlap_without_gap`: such a section is one "
            "of a series, the items of a list article, whose subject changes from item to item (0: no such "
            "test).", default=0, minimum=0,
        ),
        "parallel_size_tolerance": Param(
            "float", "How far (a share of its words) another section's size may be from a section's for the "
            "two to count as a series.", default=0.25, minimum=0, maximum=1,
        ),
        "min_terms": Param("int", "Only sections with at least this many distinct stems.", default=8, minimum=1),
        "max_terms": Param(
            "int", "Only sections with at most this many distinct stems (0: no limit).", default=0, minimum=0
        ),
        "keep_headings": Param(
            "list[str]", "Headings (or heading starts) of sections never judged, e.g. references.", default=()
        ),
        "citation_pattern": Param(
            "str", "A regular expression for citation lines; a section whose body is at least a third "
            "citations is a reference list and is kept.", default="",
        ),
        "max_list_share": Param(
            "float", "Keep sections whose body lines are list items (with the colon-ended labels that "
            "introduce them) in more than this share: digests, changelogs and recommendation lists "
            "change topic from section to section by design.",
            default=1.0, minimum=0, maximum=1,
        ),
        "min_sections": Param("int", "Only documents with at least this many sections.", default=3, minimum=2),
        "min_doc_words": Param("int", "Only documents of at least this many words.", default=200, minimum=0),
        "max_section_share": Param(
            "float", "Only sections holding at most this share of the document's words.",
            default=0.2, minimum=0, maximum=1,
        ),
        "max_unspaced_share": Param(
            "float", "Judge only documents, and sections, in which at most this share of the letters "
            "belong to scripts written without spaces between words (Chinese, Japanese, Thai...): there "
            "a token between spaces is a phrase, not a word, and sections share none.",
            default=0.2, minimum=0, maximum=1,
        ),
    }

    def __init__(self, spec):
        super().__init__(spec)
        self.keep_headings = PhraseSet(fold(h) for h in self.param("keep_headings"))
        pattern = self.param("citation_pattern")
        self.citation = regex.compile(pattern, regex.IGNORECASE) if pattern else None

    def matches(self, ctx: Context, removed: frozenset[int] = frozenset()):
        """Not used: this rule decides whole sections."""
        return iter(())

    def exempt(self, ctx: Context, first: int, end: int) -> bool:
        """True for sections that are article by construction (see the module docstring)."""
        if self._exempt_by_layout(ctx, first, end):
            return True
        if self.citation is not None:
            body = [i for i in range(first + 1, end) if not ctx.doc.lines[i].is_blank]
            cited = sum(1 for i in body if self._cites(ctx, i))
            if body and cited * 3 >= len(body):
                return True
        return False

    def _exempt_by_layout(self, ctx: Context, first: int, end: int) -> bool:
        """The tests of :meth:`exempt` that need no pattern (and so can neither time out nor report)."""
        if ctx.substantial and first <= ctx.head_end < end:
            return True
        if self._unspaced_document(ctx):  # only then can a section hold such letters
            text = "\n".join(line.text for line in ctx.doc.lines[first:end])
            if unspaced_share(text) > self.param("max_unspaced_share"):
                return True
        key = ctx.folded(first).split(" ")
        if self.keep_headings.phrases and self.keep_headings.starts(key):
            return True
        body = items = labels = 0
        for line in ctx.doc.lines[first + 1 : end]:
            kind = line.kind
            if kind is not _BLANK:
                body += 1
                if kind is _ITEM or (line.words <= _DATA_LINE_WORDS and ":" in line.text
                                     and _DATA_LINE.match(line.text)):
                    items += 1
                elif line.text.rstrip().endswith(":"):
                    labels += 1
        # A label ending in a colon ("Picks from Anna:") introduces the list
        # items after it and counts with them, once there are any. A body of
        # nothing but such lead-ins ("To make a folder private:") lost what
        # they introduced (code, figures) to the extractor: it is a skeleton
        # of the article, not a box of other content.
        if items:
            items += labels
        elif labels == body:
            items = labels
        return bool(body and items > self.param("max_list_share") * body)

    def _unspaced_document(self, ctx: Context) -> float:
        """:func:`unspaced_share` of the whole document, computed once."""
        return ctx.memo(("unspaced-share",), lambda: unspaced_share(ctx.doc.text))

    def _cites(self, ctx: Context, index: int) -> bool:
        """True when line ``index`` reads as a citation; a line the pattern cannot judge in time counts as one."""
        try:
            return self.citation.search(ctx.doc.lines[index].text[:400], timeout=CITATION_TIMEOUT) is not None
        except TimeoutError:
            # Never lose text: the section is kept, and the time-out is reported.
            ctx.failures.append(RuleTimeout(self.id, index + 1, CITATION_TIMEOUT))
            return True

    def decide(self, ctx: Context, removed=frozenset()):
        """Decide the sections that are off topic, judged on what earlier phases left."""
        doc = ctx.doc
        lines = doc.lines
        total = doc.word_count - sum(lines[i].words for i in removed)
        sections = [section for section in doc.sections if section.heading not in removed]
        if total < self.param("min_doc_words") or len(sections) < self.param("min_sections"):
            return []
        if self._unspaced_document(ctx) > self.param("max_unspaced_share"):
            return []
        if not self._may_remove(ctx, sections, removed, total):
            return []
        scored = []
        for section in sections:
            span = range(section.heading, section.end)
            words = _words(lines, span, removed)
            overlap, terms = ctx.overlap_with_rest(span, removed)
            scored.append((section, words, overlap, terms))
        # The median of the *other* sections' overlaps, for each section, from
        # one sorted list: a document of many sections costs n log n, not n^2.
        eligible = sorted(s[2] for s in scored if s[3] >= self.param("min_terms"))
        series = self._series_sizes(lines, scored)
        decisions = []
        for section, words, overlap, terms in scored:
            if not self._size_fits(words, terms, total):
                continue
            if overlap > self.param("max_overlap"):
                continue
            others = _median_without(eligible, overlap)
            if others is None or overlap >= self.param("outlier_ratio") * others:
                continue
            if overlap > self.param("max_overlap_without_gap") and (
                    overlap > _lowest_without(eligible, overlap) - self.param("min_gap")
                    or self._in_series(series, lines[section.heading].level, words)):
                continue
            last = _last_non_blank(ctx, section.heading, section.end)
            if not ctx.in_zone(section.heading, self.where) or self.exempt(ctx, section.heading, section.end):
                continue
            reason = (
                f"{self.reason} ({overlap:.0%} of its {terms} content words occur elsewhere; "
                f"median of the other sections {others:.0%})"
            )
            for d in self.decisions_at(ctx, section.heading, last, SPECIFICITY_SECTION):
                decisions.append(type(d)(d.first, d.last, d.rule_id, reason, d.specificity))
        return decisions

    def _series_sizes(self, lines, scored) -> dict[int, list[int]] | None:
        """The sorted sizes (words) of the sections of ``scored`` by heading level; None with the series test off."""
        if not self.param("parallel_sections"):
            return None
        by_level: dict[int, list[int]] = {}
        for section, size, _overlap, _terms in scored:
            by_level.setdefault(lines[section.heading].level, []).append(size)
        for sizes in by_level.values():
            sizes.sort()
        return by_level

    def _in_series(self, series: dict[int, list[int]] | None, level: int, words: int) -> bool:
        """True when a section of heading ``level`` and ``words`` words is one of a series.

        A list article's items ("the best phone for games", "for photos"...)
        each name another product or place, so one item can share few words
        with the rest and still be the article; what gives them away is their
        shape: ``parallel_sections`` other headings of one level over bodies
        of about the same length. ``series`` is :meth:`_series_sizes`; two
        bisections answer, so a document of many sections costs n log n.
        """
        if series is None:
            return False
        sizes = series[level]
        slack = self.param("parallel_size_tolerance") * words
        alike = bisect_right(sizes, words + slack) - bisect_left(sizes, words - slack) - 1  # not the section itself
        return alike >= self.param("parallel_sections")

    def _size_fits(self, words: int, terms: int, total: int) -> bool:
        """True when a section of ``words`` words and ``terms`` distinct stems is one the rule may judge.

        :meth:`decide` and its shortcut :meth:`_may_remove` both apply this test.
        """
        most = self.param("max_terms")
        return (words <= self.param("max_section_share") * total
                and terms >= self.param("min_terms") and not (most and terms > most))

    def _may_remove(self, ctx: Context, sections, removed: frozenset[int], total: int) -> bool:
        """False when no section can pass the tests of :meth:`decide`; a shortcut that decides nothing.

        Judging sections needs the stems of every line of the document, most of
        the rule's cost, while few documents have a section that could go. A
        section goes only if it passes each test below, all of which
        :meth:`decide` applies too: its words and zone, the layout exemptions,
        its number of stems (gathered line by line only until they exceed
        ``max_terms``: the rest of the section cannot bring the number back),
        and an overlap with the rest of at most ``max_overlap``. The overlap
        counts the section's stems found on lines outside it that earlier
        phases left; stems found on some of those lines are a subset of them,
        so once they alone make the share (the same division) exceed
        ``max_overlap``, the section cannot go. The lines nearest the section,
        which share most with it, are read first, and at most
        ``_SHORTCUT_LINES`` of them: a section not settled by then sends the
        document to the full judgment, so the shortcut costs linear time
        however many sections there are.
        """
        doc = ctx.doc
        lines = doc.lines
        size = len(lines)
        terms_of = ctx.terms_of
        limit = self.param("max_overlap")
        most = self.param("max_terms")
        largest = self.param("max_section_share") * total
        where = self.where
        for section in sections:
            first, end = section.heading, section.end
            # The word share first: it needs no stems, the costly part.
            if removed:
                words = _words(lines, range(first, end), removed)
            else:  # the same sum, from the document's running totals
                words = doc.words_between(first, end)
            if words > largest or not ctx.in_zone(first, where):
                continue
            if self._exempt_by_layout(ctx, first, end):
                continue
            own: set[str] = set()
            for i in range(first, end):
                own |= terms_of(i)
                if most and len(own) > most:
                    break  # too many stems already: the section cannot fit, whatever the rest holds
            count = len(own)
            if not self._size_fits(words, count, total):
                continue
            # ``own`` becomes the stems not yet found elsewhere; ``count`` minus
            # its size is the number found, the numerator of the overlap.
            for read, index in enumerate(_outward(first, end, size)):
                if read == _SHORTCUT_LINES:
                    return True
                if index not in removed:
                    own -= terms_of(index)
                    if (count - len(own)) / count > limit:
                        break
            else:
                return True
        return False


def _words(lines, span: range, removed: frozenset[int]) -> int:
    """Words on the lines of ``span`` that earlier phases left."""
    return sum(lines[i].words for i in span if i not in removed)


def _outward(first: int, end: int, size: int):
    """Indexes of ``range(size)`` outside ``range(first, end)``, nearest first."""
    before, after = first - 1, end
    while before >= 0 or after < size:
        if before >= 0:
            yield before
            before -= 1
        if after < size:
            yield after
            after += 1


def _median_without(values: list[float], value: float) -> float | None:
    """The median of sorted ``values`` with one occurrence of ``value`` taken out."""
    position = bisect_left(values, value)
    rest = len(values) - 1
    if rest <= 0:
        return None

    def at(k: int) -> float:
        return values[k] if k < position else values[k + 1]

    middle = rest // 2
    return at(middle) if rest % 2 else (at(middle - 1) + at(middle)) / 2


def _lowest_without(values: list[float], value: float) -> float:
    """The smallest of sorted ``values`` with one occurrence of ``value`` taken out (``values`` has two or more)."""
    return values[1] if values[0] == value else values[0]


def _last_non_blank(ctx: Context, first: int, end: int) -> int:
    last = end - 1
    while last > first and ctx.doc.lines[last].is_blank:
        last -= 1
    return last
