"""The fast paths of fold and count_words give the results of their plain definitions."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
import regex

from cleaner.text import _LOOKALIKES, count_words, encode_cp1252, fold

_MARKS = regex.compile(r"\p{Mn}+")
_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")
ALL = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def reference_fold(text: str, *, case: bool = True, accents: bool = True) -> str:
    """fold as defined: look-alikes in mixed-script words read as Latin, case fold, strip marks,
    then non-letter/digit runs to one space."""
    text = regex.sub(r"\w+", lambda m: m.group().translate(_LOOKALIKES) if regex.search(r"\p{Latin}", m.group())
                     and regex.search(r"[\p{Cyrillic}\p{Greek}]", m.group()) else m.group(), text)
    if case:
        text = text.casefold()
    if accents:
        text = unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFKD", text)))
    return _NON_WORD.sub(" ", text).strip()


def reference_count_words(text: str) -> int:
    """count_words as defined: white-space separated tokens with a letter or digit."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def test_re_classes_are_the_str_methods():
    # count_words relies on re's \s and \w agreeing with str.isspace and str.isalnum.
    assert re.findall(r"[^\W_]", ALL) == [ch for ch in ALL if ch.isalnum()]
    assert re.findall(r"\s", ALL) == [ch for ch in ALL if ch.isspace()]
    assert "".join(ALL.split()) == "".join(ch for ch in ALL if not ch.isspace())


def _samples() -> list[str]:
    rng = random.Random(5)
    alphabet = (" \t\u00a0\u2028\x1c-_.,\u2014|abcABC\u00e91\u0661\u0663\u200b\ufeff\u0301\u01c5\u00b2\u00df\u0130"
                "\u0131\u03a3\u03c2\u201c\u2019\u2013\u201d\u201e\u20ac\u00b0\u2502\u00b7\u2022\ufb01\u2460\u00bd"
                "\u216b\u0307\u00c5\u212b\u0430\u0435\u0456\u0455\u0410\u03bf\u0416"
                # Windows-1252 letters, digits and signs, and white space outside it.
                "\u00ff\u00aa\u00b5\u2122\u00bc\u2026\u0085\u00c6\u0153\u02c6")
    out = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20))) for _ in range(20000)]
    # Text that encodes to Windows-1252 takes the byte-table paths.
    cp1252 = [bytes([b]).decode("cp1252", errors="ignore") for b in range(256)]
    cp1252 = [ch for ch in cp1252 if ch] + ["  "] * 20
    out += ["".join(rng.choice(cp1252) for _ in range(rng.randint(0, 20))) for _ in range(5000)]
    # Every character below U+3000 alone and between letters, and a sample of the rest.
    chars = [chr(c) for c in range(0x3000)] + [chr(c) for c in range(0x3000, 0x110000, 97) if not 0xD800 <= c < 0xE000]
    out += chars + ["a" + ch + "b" for ch in chars] + ["\u00c9" + ch + " x" for ch in chars]
    return out


def test_fold_matches_its_definition():
    for text in _samples():
        for case in (True, False):
            for accents in (True, False):
                assert fold(text, case=case, accents=accents) == reference_fold(text, case=case, accents=accents), (
                    text, case, accents)


def test_count_words_matches_its_definition():
    for text in _samples():
        assert count_words(text) == reference_count_words(text), text


def test_encode_cp1252_is_the_codec():
    # fold and count_words call the codec's charmap_encode directly, for speed.
    for text in _samples()[:30000:7] + ["", "plain", "\u20ac\u201c\u2019", "\u0416"]:
        try:
            expected = text.encode("cp1252")
        except UnicodeEncodeError:
            with pytest.raises(UnicodeEncodeError):
                encode_cp1252(text)
        else:
            assert encode_cp1252(text) == expected
