"""Text normalisation shared by every matcher: folding and word counting.

Rules never see a retyped document: these helpers produce *keys* to match
against, while the document keeps the original characters and spans.
"""

from __future__ import annotations

import re
import unicodedata

import regex

_MARKS = regex.compile(r"\p{Mn}+")
_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_ASCII_NON_WORD = re.compile(r"[^A-Za-z0-9]+")

# Folding is done on a bounded prefix of a line: phrase rules match whole
# short lines or line starts, so a 50 MB line costs no more than a short one.
FOLD_LIMIT = 400


def fold(text: str, *, case: bool = True, accents: bool = True) -> str:
    """Return the matching key of ``text``.

    Punctuation and white space collapse to single spaces, so matching is
    whitespace- and punctuation-insensitive; ``case`` and ``accents`` say
    whether those differences are folded away too.

    >>> fold("  Leave a   Reply →")
    'leave a reply'
    >>> fold("Téléchargez l'application")
    'telechargez l application'
    >>> fold("Téléchargez", accents=False)
    'téléchargez'
    """
    if text.isascii():
        # ASCII has no marks and normalises to itself, and its letters and
        # digits are exactly [A-Za-z0-9]: the same key, without the Unicode work.
        return _ASCII_NON_WORD.sub(" ", text.lower() if case else text).strip()
    if case:
        text = text.casefold()
    if accents:
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
        text = unicodedata.normalize("NFC", text)
    return _NON_WORD.sub(" ", text).strip()


def count_words(text: str) -> int:
    """Count white-space separated tokens that contain a letter or digit.

    >>> count_words("Share  —  Facebook | Twitter")
    3
    """
    # isalnum() answers for most tokens in one call; the scan is for "end." and "—a".
    return sum(1 for token in text.split() if token.isalnum() or _has_word_char(token))


def _has_word_char(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


class PhraseSet:
    """Folded phrases indexed for lookups whose cost does not grow with their number.

    A phrase is a tuple of words. Whole-line matching is one dict lookup;
    line-start matching and finding phrases inside a line take one lookup per
    word prefix up to the longest phrase, whatever the number of phrases.

    >>> ps = PhraseSet(["read more", "related"])
    >>> ps.starts("read more about the budget".split())
    ['read more']
    >>> ps.occurrences("see related posts".split())
    ['related']
    """

    def __init__(self, phrases):
        self.phrases: dict[str, object] = {}
        self.longest = 0
        # A phrase can only start at a token that is some phrase's first word.
        self.first_words: set[str] = set()
        for phrase in phrases:
            self.add(phrase, phrase)

    def add(self, phrase: str, value: object) -> None:
        """Index ``phrase`` (already folded) with ``value``."""
        self.phrases[phrase] = value
        self.longest = max(self.longest, len(phrase.split()))
        self.first_words.add(phrase.split(" ", 1)[0])

    def get(self, key: str):
        """The value stored for exactly ``key``, or None."""
        return self.phrases.get(key)

    def starts(self, tokens: list[str]) -> list[str]:
        """Phrases that ``tokens`` start with, shortest first."""
        found = []
        if not tokens or tokens[0] not in self.first_words:
            return found
        for k in range(1, min(self.longest, len(tokens)) + 1):
            key = " ".join(tokens[:k])
            if key in self.phrases:
                found.append(key)
        return found

    def occurrences(self, tokens: list[str]) -> list[str]:
        """Every phrase found anywhere in ``tokens`` (word-aligned), in order."""
        found = []
        first = self.first_words
        for i in range(len(tokens)):
            if tokens[i] not in first:
                continue
            for k in range(1, min(self.longest, len(tokens) - i) + 1):
                key = " ".join(tokens[i : i + k])
                if key in self.phrases:
                    found.append(key)
        return found
