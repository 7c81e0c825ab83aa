"""Odd inputs through the engine: nothing outside a removed line changes, nothing crashes.

Each test feeds one row of the robustness input table in README.md to
:func:`cleaner.clean` and checks the output character by character (and, for
encodings, byte by byte) against the input with only the reported removals cut.
"""

from __future__ import annotations

import pytest

from cleaner import Cleaner, clean
from cleaner.decisions import apply_removals

ARTICLE = (
    "The council met on Tuesday and agreed a budget with more money for schools, buses, "
    "libraries and the old bridges."
)
# Lines that must come through untouched, whatever surrounds them.
ODD_LINES = [
    "مرحبا بالعالم هذا نص عربي طويل بما يكفي ليكون فقرة كاملة في المقال.",  # right to left
    "שלום עולם, זו שורה בעברית שנשארת כפי שהיא בתוך המאמר.",
    "Café in NFC and Cafe\u0301 in NFD both stay as they are, byte for byte.",
    "A\u00a0non-breaking space, a zero\u200bwidth space, a zero\u200dwidth joiner and a soft\u00adhyphen.",
    "Emoji 👍🏽, a family 👨‍👩‍👧 and a flag 🇩🇪 stay too, skin tones and joiners included.",
    "Tabs\tinside\tthe line and  double  spaces stay.",
    "Control characters such as \x00 NUL and \x1b ESC are kept as they are.",
]
BOILERPLATE = ["Leave a comment", "Share this:"]


def kept_outside_removals(original: str, result) -> None:
    """Assert the output is the input minus the removed spans, and nothing else."""
    assert result.original == original
    assert apply_removals(original, result.removals) == result.text
    pos, kept = 0, []
    for removal in result.removals:
        assert original[removal.start : removal.end] == removal.text
        kept.append(original[pos : removal.start])
        pos = removal.end
    kept.append(original[pos:])
    assert "".join(kept) == result.text


@pytest.mark.parametrize(
    "text",
    ["", " ", "\t", "   \n\n\t\n", "\n", "\r\n", "\r", "\ufeff", "\ufeff\n\n"],
    ids=["empty", "space", "tab", "blank-lines", "lf", "crlf", "cr", "bom-only", "bom-blank"],
)
def test_empty_and_whitespace_only_inputs_lose_no_word(text):
    result = clean(text)
    kept_outside_removals(text, result)
    # Only white space can go, and a BOM is never removed.
    assert all(not r.text.strip() for r in result.removals)
    assert result.text.startswith("\ufeff") == text.startswith("\ufeff")
    assert all(r.rule_id.startswith("whitespace.") for r in result.removals)


def test_no_newline_at_the_end_is_kept_as_it_is():
    text = f"{ARTICLE}\nSecond paragraph of the article, which has no line ending at all"
    result = clean(text)
    assert result.text == text
    assert not result.removals


def test_boilerplate_on_a_last_line_without_newline_goes_alone():
    text = f"{ARTICLE}\nLeave a comment"
    result = clean(text)
    assert result.text == f"{ARTICLE}\n"
    assert [r.text for r in result.removals] == ["Leave a comment"]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["no-bom", "bom"])
def test_unicode_and_line_endings_are_preserved_outside_removed_lines(ending, bom):
    kept = [ARTICLE, *ODD_LINES]
    text = bom + ending.join([*kept, *BOILERPLATE]) + ending
    result = clean(text)
    assert result.text == bom + ending.join(kept) + ending
    assert [r.text for r in result.removals] == [line + ending for line in BOILERPLATE]
    kept_outside_removals(text, result)
    # And as bytes: what would be written is the input's bytes minus the removed lines'.
    assert result.text.encode("utf-8") == text.encode("utf-8").replace(
        "".join(line + ending for line in BOILERPLATE).encode("utf-8"), b""
    )


def test_mixed_line_endings_each_stay_on_their_own_line():
    endings = ["\r\n", "\n", "\r", "\r\n", "\n", "\r", "\n", "\r\n"]
    lines = [ARTICLE, *ODD_LINES]
    text = "".join(line + end for line, end in zip(lines, endings, strict=True))
    text += "Leave a comment\r" + "Share this:\r\n"
    result = clean(text)
    assert result.text == "".join(line + end for line, end in zip(lines, endings, strict=True))
    kept_outside_removals(text, result)


def test_nul_bytes_and_binary_looking_text_do_not_crash():
    # Bytes decoded as Latin-1 give every code point 0-255: the worst a
    # mis-declared binary file can look like once it is a str.
    text = bytes(range(256)).decode("latin-1") * 40 + "\n" + ARTICLE + "\n"
    result = clean(text)
    kept_outside_removals(text, result)
    assert ARTICLE in result.text


def test_lone_surrogates_from_surrogateescape_are_kept():
    # A caller that decodes with errors="surrogateescape" hands us lone
    # surrogates; they must come back so the bytes can be restored exactly.
    raw = b"caf\xe9 au lait, a paragraph that is not valid UTF-8 at all.\n" + ARTICLE.encode() + b"\n"
    text = raw.decode("utf-8", "surrogateescape")
    result = clean(text + "Leave a comment\n")
    assert result.text.encode("utf-8", "surrogateescape") == raw


def _timed(cleaner, text, repeats=1):
    import time

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        result = cleaner.clean(text)
        best = min(best, time.perf_counter() - start)
    return best, result


def test_a_50_mb_line_is_cleaned_in_linear_time(default_cleaner):
    small = "word " * (1024 * 1024)  # 5 MB
    big = small * 10  # 50 MB
    small_time, small_result = _timed(default_cleaner, small, repeats=2)
    big_time, big_result = _timed(default_cleaner, big)
    assert small_result.text == small and big_result.text == big
    assert not big_result.failures
    # Generous: linear code gives about 10x; quadratic code gives 100x.
    assert big_time < 30 * small_time + 1.0, (small_time, big_time)


@pytest.mark.parametrize(
    "line",
    ["a" * (1024 * 1024), "-" * (1024 * 1024), "\u200b" * (1024 * 1024), "👍" * (256 * 1024)],
    ids=["one-token", "punctuation", "zero-width", "emoji"],
)
def test_long_lines_of_one_kind_of_character_are_kept(default_cleaner, line):
    text = f"{ARTICLE}\n{line}\n{ARTICLE}\n"
    result = default_cleaner.clean(text)
    assert result.text == text
    # A 1 MB line with no words is no reason for a rule to give up: a rule
    # that times out here is skipped on every long line of dashes or base64.
    assert not result.failures, [f.message for f in result.failures]


def test_many_lines_take_time_linear_in_their_number(default_cleaner):
    paragraph = f"{ARTICLE}\n"
    small = paragraph * 1_000
    small_time, _ = _timed(default_cleaner, small, repeats=3)
    big_time, result = _timed(default_cleaner, small * 10)
    assert result.text == small * 10
    assert big_time < 30 * small_time + 1.0, (small_time, big_time)


def test_cleaning_the_output_again_changes_nothing_on_odd_input():
    text = "\ufeff" + "\r\n".join([ARTICLE, *ODD_LINES, *BOILERPLATE, "", "", ""]) + "\r\n"
    once = clean(text)
    twice = clean(once.text)
    assert twice.text == once.text
    assert not twice.removals


def test_a_rule_set_with_no_rules_returns_the_input(tmp_path):
    pack = tmp_path / "empty.yaml"
    pack.write_text("extends: []\n", encoding="utf-8")
    text = "\ufeff" + "\r".join(ODD_LINES) + "\r\n"
    assert Cleaner(pack).clean(text).text == text
