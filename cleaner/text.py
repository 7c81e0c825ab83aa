"""Text normalisation shared by every matcher: folding and word counting.

Rules never see a retyped document: these helpers produce *keys* to match
against, while the document keeps the original characters and spans.
"""

from __future__ import annotations

import encodings.cp1252
import re
import unicodedata
from codecs import charmap_encode
from itertools import filterfalse

import regex

_MARKS = regex.compile(r"\p{Mn}+")
_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")

# ASCII has no marks and normalises to itself, and its letters and digits are
# exactly [A-Za-z0-9]: an ASCII key is the string with every other byte made a
# space, white space collapsed. A byte table does that (and lower-cases) in C.
_ASCII_KEY = bytes(ord(chr(c).lower()) if chr(c).isalnum() else 32 for c in range(128)) + bytes(128)
_ASCII_KEY_CASED = bytes(c if chr(c).isalnum() else 32 for c in range(128)) + bytes(128)
# Punctuation common in European text that keeps an accent-folded key from
# being ASCII. Each is outside [\p{L}\p{N}] (checked here), so making it a
# space before the non-word runs collapse changes nothing in the key.
_COMMON_PUNCT = tuple(
    ch for ch in "\u201c\u2019\u2013\u201d\u201e\u2014\u00bb\u00ab\u2018\u20ac\u00b0\u2502\u00b7\u2022"
    if _NON_WORD.fullmatch(ch)
)

# Cyrillic and Greek letters drawn like Latin ones. Spam mixes them into Latin
# words ("Аdvеrtіѕе" with a Cyrillic А, е, і and ѕ) so that filters miss the
# word; the key reads such a word as the Latin word it imitates. A word written
# wholly in one script is left alone, so Russian or Greek text keeps its key.
_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТХУІЈЅаеорсхуіјѕԁһӏԛԝ"
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν",
    "ABEKMHOPCTXYIJSaeopcxyijsdhlqw"
    "ABEZHIKMNOPTYXoiv",
)
_OTHER_SCRIPT = regex.compile(r"[\p{Cyrillic}\p{Greek}]")
_LATIN = regex.compile(r"\p{Latin}")
_WORD = regex.compile(r"\w++")


def _latin_lookalikes(word: regex.Match) -> str:
    text = word.group()
    if _LATIN.search(text) and _OTHER_SCRIPT.search(text):
        return text.translate(_LOOKALIKES)
    return text


# Most text encodes to Windows-1252: ASCII and the Latin letters, quotes and
# dashes of Western European languages, one byte per character. Byte tables
# then do the work of fold and count_words in C.
_CP1252 = [bytes([b]).decode("cp1252", errors="replace") for b in range(256)]
# ``text.encode("cp1252")`` ends in this call, after a Python-level function of the
# codec module; made directly, it gives the same bytes (or UnicodeEncodeError) in
# about half the time, which counts as it is made for most lines of every text.
_CP1252_MAP = encodings.cp1252.encoding_table


def encode_cp1252(text: str) -> bytes:
    """``text.encode("cp1252")``; callers in loops call ``charmap_encode`` as this does, inline."""
    return charmap_encode(text, "strict", _CP1252_MAP)[0]


def _cp1252_fold_table(case: bool) -> tuple[bytes, tuple[tuple[bytes, bytes], ...]]:
    """The byte table of fold's Windows-1252 path, and the bytes it leaves to expand.

    Each byte becomes what fold's steps make of its character alone: case
    fold, compatibility decomposition, marks dropped, and a space for
    anything but a letter or digit. No such character decomposes to
    something that starts with a mark, none is Cyrillic or Greek, and what is
    left is ASCII, which is its own composed form: so the steps act on each
    character apart, and the key of a text is its bytes' pieces put together,
    spaces collapsed (a test compares every character with fold's definition).
    A piece of several characters (ß to "ss", ½ to "1 2") is expanded after
    the table; a character whose piece is not ASCII (æ; µ, which folds to a
    Greek μ), or is empty, keeps its byte, which is not ASCII either and sends
    the text the general way.
    """
    table = bytearray(_ASCII_KEY if case else _ASCII_KEY_CASED)
    expand = []
    for byte in range(128, 256):
        ch = _CP1252[byte]
        piece = _MARKS.sub("", unicodedata.normalize("NFKD", ch.casefold() if case else ch))
        piece = _NON_WORD.sub(" ", unicodedata.normalize("NFC", piece))
        if ch == "\ufffd" or _OTHER_SCRIPT.match(ch) or not piece or not piece.isascii():
            table[byte] = byte
            continue
        piece_key = piece.encode("ascii").translate(_ASCII_KEY_CASED)
        if not piece_key.strip():
            piece_key = b" "  # separators only: once spaces collapse, one says the same
        if len(piece_key) == 1:
            table[byte] = piece_key[0]
        else:
            table[byte] = byte
            expand.append((bytes([byte]), piece_key))
    return bytes(table), tuple(expand)


_CP1252_FOLD = {case: _cp1252_fold_table(case) for case in (True, False)}

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
    >>> fold("\u0410dv\u0435rt\u0456\u0455\u0435 w\u0456th us")  # Cyrillic look-alikes in Latin words
    'advertise with us'
    """
    if text.isascii():
        return _ascii_key(text, _ASCII_KEY if case else _ASCII_KEY_CASED)
    if accents:
        try:
            data = charmap_encode(text, "strict", _CP1252_MAP)[0]
        except UnicodeEncodeError:
            pass
        else:
            table, expand = _CP1252_FOLD[case]
            data = data.translate(table)
            if not data.isascii():
                for byte, piece in expand:
                    if byte in data:
                        data = data.replace(byte, piece)
            if data.isascii():
                return " ".join(data.decode("ascii").split())
    if _OTHER_SCRIPT.search(text) and _LATIN.search(text):
        text = _WORD.sub(_latin_lookalikes, text)
    if case:
        text = text.casefold()
    if accents:
        text = unicodedata.normalize("NFKD", text)
        if not text.isascii():  # ASCII has no marks and is its own NFC
            text = unicodedata.normalize("NFC", _MARKS.sub("", text))
    if not text.isascii():
        for ch in _COMMON_PUNCT:
            if ch in text:
                text = text.replace(ch, " ")
        if not text.isascii():
            return _NON_WORD.sub(" ", text).strip()
    # Case is folded already (casefold leaves no ASCII capital).
    return _ascii_key(text, _ASCII_KEY_CASED)


def _ascii_key(text: str, table: bytes) -> str:
    """The key of an ASCII ``text``: non-alphanumerics made spaces by ``table``, runs collapsed."""
    return " ".join(text.encode("ascii").translate(table).decode("ascii").split())


def count_words(text: str) -> int:
    """Count white-space separated tokens that contain a letter or digit.

    >>> count_words("Share  —  Facebook | Twitter")
    3
    """
    if text.isascii():
        data = text.encode("ascii")
    else:
        try:
            data = charmap_encode(text, "strict", _CP1252_MAP)[0]
        except UnicodeEncodeError:
            return _count_words(text)
    # One byte per character: drop the bytes of characters that are neither
    # letter, digit nor white space, make every letter or digit an "a" and
    # every white space a " ". A letterless token vanishes, and each token
    # with a letter or digit becomes one run of "a"s; counting the places
    # where a run of "a"s starts counts them without making a string each.
    marks = data.translate(_WORD_BYTES, _OTHER_BYTES)
    return marks.count(b" a") + marks.startswith(b"a")


def _count_words(text: str) -> int:
    """:func:`count_words` for any text, one token at a time."""
    tokens = text.split()
    # Most tokens are all letters or digits; the few others ("end.", "—") are
    # joined and their letterless tokens counted by one regular expression.
    # ``re`` tests \s and \w with the same character tables as str.split and
    # str.isalnum (a test checks every code point).
    odd = " ".join(filterfalse(str.isalnum, tokens))
    if not odd:
        return len(tokens)
    return len(tokens) - len(_NO_WORD_CHAR_TOKEN.findall(odd))


# A token (a maximal run of non-space characters) without a letter or digit.
_NO_WORD_CHAR_TOKEN = re.compile(r"(?<!\S)(?:[^\s\w]|_)+(?!\S)")
# Most text encodes to Windows-1252 (see _CP1252), so count_words can
# classify its characters with bytes.translate, in C. The tables come from
# the str methods themselves: a letter or digit is what str.isalnum says,
# white space what str.isspace says (as str.split does).
_WORD_BYTES = bytes(32 if ch.isspace() else 97 if ch.isalnum() else b for b, ch in enumerate(_CP1252))
_OTHER_BYTES = bytes(b for b, ch in enumerate(_CP1252) if not (ch.isspace() or ch.isalnum()))


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
        # The first two words of the phrases of two words or more, and the phrases of one:
        # a key that starts a phrase starts with one of these (see may_start).
        self.first_pairs: set[str] = set()
        self.single_words: set[str] = set()
        for phrase in phrases:
            self.add(phrase, phrase)

    def add(self, phrase: str, value: object) -> None:
        """Index ``phrase`` (already folded) with ``value``."""
        self.phrases[phrase] = value
        words = phrase.split(" ")
        self.longest = max(self.longest, len(words))
        self.first_words.add(words[0])
        if len(words) == 1:
            self.single_words.add(phrase)
        else:
            self.first_pairs.add(f"{words[0]} {words[1]}")

    def may_start(self, key: str) -> bool:
        """False when no phrase starts the folded ``key`` (word-aligned); a cheap test before :meth:`starts`.

        >>> ps = PhraseSet(["the opinions expressed", "read more"])
        >>> ps.may_start("the opinions expressed here"), ps.may_start("the council met")
        (True, False)
        """
        first, _, rest = key.partition(" ")
        if first not in self.first_words:
            return False
        if first in self.single_words:
            return True
        return f"{first} {rest.partition(' ')[0]}" in self.first_pairs

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
        found: list[str] = []
        first = self.first_words
        # Most lines hold no phrase's first word: one test in C settles them.
        if first.isdisjoint(tokens):
            return found
        for i in range(len(tokens)):
            if tokens[i] not in first:
                continue
            for k in range(1, min(self.longest, len(tokens) - i) + 1):
                key = " ".join(tokens[i : i + k])
                if key in self.phrases:
                    found.append(key)
        return found
