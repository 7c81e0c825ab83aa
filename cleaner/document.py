"""The document: the input cut into lines, blocks and sections with exact spans.

Nothing here changes a character. Every :class:`Line` knows the offsets of its
content and of its line ending (LF, CRLF or CR) in the original string, so the
only way to produce output is to cut spans out of the input.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import Enum
from functools import cached_property
from itertools import accumulate
from operator import attrgetter

import regex

from cleaner.text import count_words

BOM = "\ufeff"

_LINE = regex.compile(r"([^\r\n]*)(\r\n|\r|\n|)")
_MD_HEADING = regex.compile(r"^ {0,3}(#{1,6})[ \t]+\S")
_LIST_ITEM = regex.compile(r"^\s*(?:[-*+•·–—▪►]|\d{1,3}[.)])\s+\S")
# Zero-width characters: a line of nothing else shows nothing, so it is blank.
# (Without this, removing the blank lines above a lone U+FEFF would turn it
# into a byte-order mark and a second run would read the text differently.)
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_FINAL_PUNCT = frozenset(".!?,;…。！？")
# The widest that sources hard-wrapped at a fixed width are (80 columns, sometimes 100 or 120).
_WRAP_WIDTH = 120
# How a line that ends its sentence ends (closing quotes and brackets included).
_ENDS_SENTENCE = tuple(".!?:;…。！？\"'”’“‘»«)]")
_LINE_TEXT = attrgetter("text")
_LINE_WORDS = attrgetter("words")


def visible(text: str) -> str:
    """``text`` without white space or zero-width characters at either end.

    >>> visible("\ufeff Facebook \u200b")
    'Facebook'
    """
    text = text.strip()
    while text and (text[0] in _INVISIBLE or text[-1] in _INVISIBLE):
        text = text.strip(_INVISIBLE).strip()
    return text


def visible_texts(doc: Document) -> list[str]:
    """:func:`visible` of the text of each line of ``doc``, and "" for its blank lines.

    In a document without zero-width characters, visible is ``str.strip``, and
    a line is blank exactly when that leaves nothing: then the texts are made
    by C-level calls over all lines, without a Python step per line.
    """
    if not any(ch in doc.text for ch in _INVISIBLE):
        return list(map(str.strip, map(_LINE_TEXT, doc.lines)))
    return ["" if line.kind is BlockKind.BLANK else visible(line.text) for line in doc.lines]


class BlockKind(str, Enum):
    """What a line is, as far as layout tells."""

    BLANK = "blank"
    HEADING = "heading"
    ITEM = "item"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the input.

    Attributes:
        index: 0-based position among the document's lines.
        start: offset of the first character of the line in the input.
        end: offset just past the line ending.
        text: the line's characters, without the ending.
        ending: ``"\\n"``, ``"\\r\\n"``, ``"\\r"`` or ``""`` on a last line without one.
        kind: blank, heading, list item or paragraph.
        level: heading level (1-6 for Markdown ``#`` headings, 7 for plain-text
            title lines, which rank below any Markdown heading), 0 otherwise.
        words: number of word tokens on the line.
    """

    index: int
    start: int
    end: int
    text: str
    ending: str
    kind: BlockKind
    level: int
    words: int

    @property
    def number(self) -> int:
        """The 1-based line number people and diffs use."""
        return self.index + 1

    @property
    def is_blank(self) -> bool:
        """True when the line holds only white space."""
        return self.kind is BlockKind.BLANK


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the lines under it, up to the next heading of its rank or higher.

    ``end`` is exclusive; ``heading`` is the index of the heading line.
    """

    heading: int
    end: int

    @property
    def body(self) -> range:
        """Indexes of the lines under the heading."""
        return range(self.heading + 1, self.end)


@dataclass(frozen=True)
class LayoutOptions:
    """How plain-text title lines are recognised.

    Attributes:
        heading_max_words: a title line has at most this many words.
        heading_max_chars: and at most this many characters.
    """

    heading_max_words: int = 10
    heading_max_chars: int = 90


@dataclass
class Document:
    """The input text and its lines; built once per input by :meth:`parse`."""

    text: str
    lines: list[Line]
    bom: str = ""
    sections: list[Section] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, layout: LayoutOptions | None = None, known: list[Line] | None = None) -> Document:
        """Cut ``text`` into lines and classify them.

        ``known`` may hold lines expected to be the new ones, one for one (those
        that survive in a cleaned text): a new line with the text of its known
        line takes that line's word count, which depends on the text alone.

        >>> doc = Document.parse("Title\\r\\nA first paragraph, long enough.\\r\\n")
        >>> [(line.kind.value, line.ending) for line in doc.lines]
        [('heading', '\\r\\n'), ('paragraph', '\\r\\n')]
        """
        layout = layout or LayoutOptions()
        bom = BOM if text.startswith(BOM) else ""
        raw = _cut_lines(text, len(bom))
        if known is not None and len(known) == len(raw):
            words = [line.words if line.text == content else count_words(content)
                     for line, (_, _, content, _) in zip(known, raw, strict=True)]
        else:
            words = [count_words(content) for _, _, content, _ in raw]
        lines = _classify(raw, words, layout)
        doc = cls(text=text, lines=lines, bom=bom)
        doc.sections = _sections(lines)
        return doc

    @property
    def word_count(self) -> int:
        """Total word tokens in the document."""
        return sum(map(_LINE_WORDS, self.lines))

    @cached_property
    def _section_ends(self) -> dict[int, int]:
        return {section.heading: section.end for section in self.sections}

    @cached_property
    def _next_heading(self) -> list[int]:
        nxt = [len(self.lines)] * (len(self.lines) + 1)
        for i in range(len(self.lines) - 1, -1, -1):
            nxt[i] = i if self.lines[i].kind is BlockKind.HEADING else nxt[i + 1]
        return nxt

    @cached_property
    def _words_before(self) -> list[int]:
        return list(accumulate(map(_LINE_WORDS, self.lines), initial=0))

    @cached_property
    def _content_end(self) -> list[int]:
        """``_content_end[j]``: one past the last non-blank line before ``j``."""
        out, last = [0], 0
        for line in self.lines:
            if not line.is_blank:
                last = line.index + 1
            out.append(last)
        return out

    def section_end(self, index: int) -> int:
        """Where the section opened by line ``index`` ends (exclusive), trailing blank lines left out.

        For a heading, its section's end; for any other line used as a label
        ("Affiliate Disclosure:"), the next heading.
        """
        end = self._section_ends.get(index)
        if end is None:
            end = self._next_heading[index + 1]
        return max(index + 1, self._content_end[end])

    def words_between(self, first: int, end: int) -> int:
        """Words on lines ``first`` up to ``end`` (exclusive), in constant time."""
        return self._words_before[end] - self._words_before[first]


def _cut_lines(text: str, pos: int) -> list[tuple[int, int, str, str]]:
    """``(start, end, content, ending)`` of each line of ``text`` from offset ``pos``."""
    raw: list[tuple[int, int, str, str]] = []
    if "\r" not in text:
        # Only LF endings: str.split cuts the same lines as the regular expression.
        pieces = text[pos:].split("\n")
        last = pieces.pop()
        for content in pieces:
            end = pos + len(content) + 1
            raw.append((pos, end, content, "\n"))
            pos = end
        if last:
            raw.append((pos, pos + len(last), last, ""))
        return raw
    size = len(text)
    while pos < size:
        match = _LINE.match(text, pos)
        raw.append((pos, match.end(), match.group(1), match.group(2)))
        pos = match.end()
    return raw


# Line objects are many (one per line of every text), and the __init__ of a frozen
# dataclass sets each field with object.__setattr__ and the field's name. _classify
# sets them through the slots' own descriptors instead, which is what that call
# ends in, without looking the name up: the same objects, made in about half the time.
_NEW_LINE = object.__new__
# By field name: _classify takes each by its name, so a renamed field fails loudly
# there and a reordered one changes nothing (tests/test_document_lines.py compares
# the objects with constructor-made ones, which catches a field added and not set).
_LINE_SETTERS = {f.name: getattr(Line, f.name).__set__ for f in fields(Line)}


def _classify(raw: list[tuple[int, int, str, str]], words: list[int], layout: LayoutOptions) -> list[Line]:
    """The :class:`Line` of each item of ``raw``, with its kind and level; ``words`` holds each line's word count."""
    setters = _LINE_SETTERS
    set_index, set_start, set_end, set_text = setters["index"], setters["start"], setters["end"], setters["text"]
    set_ending, set_kind, set_level, set_words = setters["ending"], setters["kind"], setters["level"], setters["words"]
    new = _NEW_LINE
    max_chars, max_words = layout.heading_max_chars, layout.heading_max_words
    blank, heading, item, paragraph = BlockKind.BLANK, BlockKind.HEADING, BlockKind.ITEM, BlockKind.PARAGRAPH
    lines: list[Line] = []
    append = lines.append
    for i, (start, end, content, ending) in enumerate(raw):
        count = words[i]
        level = 0
        stripped = content.strip()
        if not stripped.strip(_INVISIBLE):
            kind = blank
        else:
            # Cheap tests first: a Markdown heading has its "#" within the first four
            # characters; a list item starts (after white space) with a bullet or a
            # digit, never with an ASCII letter.
            md = _MD_HEADING.match(content) if "#" in content[:4] else None
            first = stripped[0]
            if md:
                kind, level = heading, len(md.group(1))
            elif not (first.isascii() and first.isalpha()) and _LIST_ITEM.match(content):
                kind = item
            elif (
                # A title line (short, no final punctuation, not a table row, not a
                # "label, with commas:") followed by prose.
                len(stripped) <= max_chars
                and stripped[-1] not in _FINAL_PUNCT
                and first != "|"
                and not (stripped[-1] == ":" and "," in stripped)
                and 0 < count <= max_words
                # A title never goes on with the line before it when that line is a
                # paragraph's, hard-wrapped at a fixed width as Markdown sources are:
                # longer than a title, no wider than a wrap, and unfinished. (An
                # extractor's paragraph is one line, however long.)
                and not (i and words[i - 1] > max_words and len(raw[i - 1][2]) <= _WRAP_WIDTH
                         and not raw[i - 1][2].rstrip().endswith(_ENDS_SENTENCE))
                and _paragraph_follows(raw, words, i, stripped)
            ):
                kind, level = heading, 7
            else:
                kind = paragraph
        line = new(Line)
        set_index(line, i)
        set_start(line, start)
        set_end(line, end)
        set_text(line, content)
        set_ending(line, ending)
        set_kind(line, kind)
        set_level(line, level)
        set_words(line, count)
        append(line)
    return lines


def _paragraph_follows(raw: list[tuple[int, int, str, str]], words: list[int], i: int, title: str) -> bool:
    """A title line is a heading when the next non-blank line reads as prose."""
    for k in range(i + 1, min(i + 4, len(raw))):
        content = raw[k][2]
        nxt = content.strip()
        if not nxt:
            continue
        if "#" in content[:4] and _MD_HEADING.match(content):
            return False
        return len(nxt) > len(title) and (nxt[-1] in _FINAL_PUNCT or words[k] >= 12)
    return False


def _sections(lines: list[Line]) -> list[Section]:
    """Pair each heading with the next heading of its rank or higher, in one pass.

    Open sections sit on a stack whose levels increase towards the top, so a
    heading closes exactly the open sections of its level or below.
    """
    ends: dict[int, int] = {}
    stack: list[Line] = []
    for line in lines:
        if line.kind is not BlockKind.HEADING:
            continue
        while stack and line.level <= stack[-1].level:
            ends[stack.pop().index] = line.index
        stack.append(line)
    return [Section(index, ends.get(index, len(lines))) for index in sorted(
        line.index for line in lines if line.kind is BlockKind.HEADING)]
