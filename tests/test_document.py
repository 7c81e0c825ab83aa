"""The document model: exact spans, line endings, BOM, headings and sections."""

from __future__ import annotations

import pytest

from cleaner.document import BlockKind, Document

PARA = "A paragraph of article prose that is clearly long enough to be real content."


@pytest.mark.parametrize(
    ("text", "endings"),
    [
        ("a\nb\n", ["\n", "\n"]),
        ("a\r\nb\r\n", ["\r\n", "\r\n"]),
        ("a\rb\r", ["\r", "\r"]),
        ("a\r\nb\nc\rd", ["\r\n", "\n", "\r", ""]),
        ("no newline", [""]),
        ("", []),
        ("\n\n", ["\n", "\n"]),
    ],
)
def test_lines_keep_their_endings_and_spans(text, endings):
    doc = Document.parse(text)
    assert [line.ending for line in doc.lines] == endings
    assert "".join(text[line.start : line.end] for line in doc.lines) == text
    for line in doc.lines:
        assert text[line.start : line.end] == line.text + line.ending


def test_bom_is_outside_every_line():
    text = "\ufeffTitle line here\n" + PARA + "\n"
    doc = Document.parse(text)
    assert doc.bom == "\ufeff"
    assert doc.lines[0].start == 1
    assert doc.lines[0].text == "Title line here"


def test_unicode_line_separators_are_not_line_breaks():
    # Only CR and LF end lines; U+2028, form feeds and the like stay inside a line.
    text = "one\u2028two\x0cthree\n"
    assert [line.text for line in Document.parse(text).lines] == ["one\u2028two\x0cthree"]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (f"Plain Title\n{PARA}\n", ["heading", "paragraph"]),
        (f"## Markdown heading\n{PARA}\n", ["heading", "paragraph"]),
        (f"Affiliate Disclosure:\n{PARA}\n", ["heading", "paragraph"]),
        (f"A sentence that ends.\n{PARA}\n", ["paragraph", "paragraph"]),
        ("Short line\nAnother short line\n", ["paragraph", "paragraph"]),
        ("- list item\n* another\n1. numbered\n", ["item", "item", "item"]),
        (f"{PARA}\n\n   \n", ["paragraph", "blank", "blank"]),
        ("Last Title Line\n", ["paragraph"]),
        # A table row before prose is a row of the table, not the title of what follows.
        (f"| Protein | 5.7 g |\n{PARA}\n", ["paragraph", "paragraph"]),
    ],
)
def test_block_kinds(text, kinds):
    assert [line.kind.value for line in Document.parse(text).lines] == kinds


def test_sections_run_to_the_next_heading():
    text = f"{PARA}\nFirst Part\n{PARA}\n{PARA}\nSecond Part\n{PARA}\n"
    doc = Document.parse(text)
    assert [(s.heading, s.end) for s in doc.sections] == [(1, 4), (4, 6)]
    assert list(doc.sections[0].body) == [2, 3]


def test_markdown_sections_nest_by_level():
    text = f"# Top\n{PARA}\n## Sub\n{PARA}\n# Next\n{PARA}\n"
    doc = Document.parse(text)
    top, sub, nxt = doc.sections
    assert (top.heading, top.end) == (0, 4)
    assert (sub.heading, sub.end) == (2, 4)
    assert (nxt.heading, nxt.end) == (4, 6)
    assert doc.lines[0].kind is BlockKind.HEADING and doc.lines[0].level == 1


def test_word_counts():
    doc = Document.parse("Share — Facebook | Twitter\n\n")
    assert [line.words for line in doc.lines] == [3, 0]


WRAPPED = (
    "In the realm of software development, complexity is the root cause of majority\n"
    "of problems. Unreliable programs often exhibit intricate structures and are\n"
    "known to be notoriously complex. A complex system is challenging to comprehend\n"
    "and maintain, and the harder it is to understand, the more complex it grows.\n"
)


def test_a_line_of_a_hard_wrapped_paragraph_is_no_title():
    # Markdown sources are often wrapped at 80 columns: the second line is short and
    # ends without punctuation, but it goes on with the long line before it.
    kinds = [line.kind for line in Document.parse(WRAPPED).lines]
    assert kinds == [BlockKind.PARAGRAPH] * 4


@pytest.mark.parametrize("before", [
    "",                                                                         # the first line
    # a line that ends with a stop
    "The council met on Tuesday and agreed to build the bridge over the river next spring.\n",
    "Bridges\n",                                                                # a short line, a title itself
    # an extractor's paragraph, one long line, that ends without a stop
    "Tulip bulbs want a sunny bed, loose soil and a little bone meal before the first frost, and water "
    "once a week until spring\n",
])
def test_a_title_line_after_a_closed_or_short_line_is_still_a_title(before):
    text = before + "Work starts in April\nThe engineers said the work would take eleven months, less than planned.\n"
    doc = Document.parse(text)
    title = [line for line in doc.lines if line.text == "Work starts in April"][0]
    assert title.kind is BlockKind.HEADING and title.level == 7
