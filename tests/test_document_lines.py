"""Document.parse makes its Line objects without calling Line's __init__ (see document._classify).

These tests pin that such a line is in every way the line the dataclass
constructor makes: same fields, equal, same hash and repr, still frozen,
and it pickles and copies alike.
"""

import copy
import dataclasses
import pickle

import pytest
from conftest import SEEDS, dev_texts

from cleaner.document import BlockKind, Document, Line, visible, visible_texts

TEXTS = [
    "Title\r\nA first paragraph, long enough to read as prose.\r\n",
    "# Heading\n\n- item one\n- item two\n\nSome text that ends.\n\u200b\n\ufeffBOM line",
    "",
    "no ending",
    "a\rb\r\nc\n\n\n",
] + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:5]]


@pytest.mark.parametrize("text", TEXTS)
def test_parsed_lines_are_the_lines_the_constructor_makes(text):
    doc = Document.parse(text)
    for line in doc.lines:
        assert type(line) is Line
        values = [getattr(line, f.name) for f in dataclasses.fields(Line)]
        made = Line(*values)
        assert line == made and hash(line) == hash(made) and repr(line) == repr(made)
        assert dataclasses.astuple(line) == dataclasses.astuple(made)
        assert pickle.loads(pickle.dumps(line)) == line
        assert copy.copy(line) == line and dataclasses.replace(line) == line
        assert isinstance(line.kind, BlockKind)
        with pytest.raises(dataclasses.FrozenInstanceError):
            line.words = 0


def test_line_kinds_of_a_small_text():
    doc = Document.parse("# Top\nTitle line\nA paragraph that follows, and ends.\n- item\n\n| a | b |\n")
    assert [(line.kind, line.level) for line in doc.lines] == [
        (BlockKind.HEADING, 1), (BlockKind.HEADING, 7), (BlockKind.PARAGRAPH, 0), (BlockKind.ITEM, 0),
        (BlockKind.BLANK, 0), (BlockKind.PARAGRAPH, 0)]


def _survivors_of(text: str, step: int) -> tuple[str, list[Line]]:
    """``text`` without every ``step``-th line (the last one losing its trailing spaces), and its surviving lines."""
    lines = Document.parse(text).lines
    kept = [line for line in lines if line.index % step]
    cleaned = "".join(line.text + line.ending for line in kept)
    if kept and kept[-1].text.endswith(" "):
        cleaned = cleaned.rstrip(" \n") + kept[-1].ending
    return cleaned, kept


@pytest.mark.parametrize("step", [2, 3, 7])
@pytest.mark.parametrize("text", TEXTS + ["a b  \nc d e \n\n  f\n", "one\ntwo\n"])
def test_known_lines_give_the_same_document(text, step):
    cleaned, kept = _survivors_of(text, step)
    plain = Document.parse(cleaned)
    # Right lines, lines of other texts, too few or too many: the document is the same.
    for known in (kept, list(reversed(kept)), kept[:-1], kept + kept[:1], Document.parse(text).lines):
        assert Document.parse(cleaned, known=known) == plain


ZERO_WIDTH = [
    "\u200b\nA line\u200b \n \ufeff\n\u2060text\u200c\n\u200d",
    "  plain \t\n\n\xa0\u3000wide space\u3000\nend",
]


@pytest.mark.parametrize("text", TEXTS + ZERO_WIDTH + dev_texts(100))
def test_visible_texts_are_each_lines_visible_text(text):
    # visible_texts takes str.strip for visible() in a text without zero-width characters.
    doc = Document.parse(text)
    assert visible_texts(doc) == ["" if line.is_blank else visible(line.text) for line in doc.lines]


@pytest.mark.parametrize("text", TEXTS + ZERO_WIDTH + dev_texts(20))
def test_word_totals_are_the_sums_of_the_lines(text):
    doc = Document.parse(text)
    assert doc.word_count == sum(line.words for line in doc.lines)
    for first in range(0, len(doc.lines) + 1, 7):
        for end in range(first, len(doc.lines) + 1, 5):
            assert doc.words_between(first, end) == sum(line.words for line in doc.lines[first:end])
