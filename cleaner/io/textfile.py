"""The decoding policy for text inputs: exact bytes in, exact bytes out, or a named error.

* UTF-8 by default. A byte-order mark is kept as the character U+FEFF at the
  start of the text (the engine never removes it), so encoding the output
  writes it back byte for byte.
* Without ``--encoding``, a UTF-16 or UTF-32 byte-order mark selects that
  codec (and its byte order): a BOM identifies the encoding safely, unlike
  guessing from byte statistics, which is never done.
* ``--encoding NAME`` forces another codec, decoded strictly.
* Bytes that do not decode are a :class:`DecodeFailure` naming the file, the
  line and the byte offset; nothing is ever decoded with replacement
  characters, so mojibake can never be written back.
* Line endings are left alone: files are read as bytes, never through
  Python's newline translation.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from cleaner.errors import CleanerError

DEFAULT_ENCODING = "utf-8"

# Codecs whose byte order is chosen by a BOM. Decoding them by their generic
# name would drop the BOM and encoding would write the machine's byte order,
# so the order is pinned from the BOM the file actually has.
_BOM_CODECS = {
    "utf-16": ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")),
    "utf-32": ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")),
}


class DecodeFailure(CleanerError):
    """A file whose bytes are not text in the expected encoding."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: {message}")


@dataclass(frozen=True)
class DecodedText:
    """A text file's content and the codec that turns it back into the same bytes.

    Attributes:
        text: the content, BOM included as U+FEFF when the file had one.
        encoding: the codec to encode output with.
    """

    text: str
    encoding: str

    def encode(self, text: str) -> bytes:
        """Encode ``text`` (this file's cleaned content) the way the input was encoded."""
        return text.encode(self.encoding)


def check_encoding(name: str) -> str:
    """Return the canonical codec name for ``name``.

    Raises:
        LookupError: with a message for the user when Python knows no such codec.
    """
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        raise LookupError(
            f"unknown encoding {name!r}; use a Python codec name such as utf-8, cp1252 or latin-1"
        ) from None
    # utf-8-sig strips the BOM on reading and adds one on writing, which would
    # add a BOM to files that had none; plain utf-8 keeps U+FEFF as a character
    # and so round-trips both kinds of file.
    return DEFAULT_ENCODING if canonical == "utf-8-sig" else canonical


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> DecodedText:
    """Decode a file's bytes under the policy above.

    Args:
        data: the file's bytes.
        path: the file's name, for error messages.
        encoding: a codec name, or None for UTF-8.

    Raises:
        DecodeFailure: when the bytes are not valid in that encoding.
    """
    codec = check_encoding(encoding or DEFAULT_ENCODING)
    if encoding is None:
        # UTF-32 first: its little-endian BOM begins with UTF-16's.
        for family in ("utf-32", "utf-16"):
            if any(data.startswith(bom) for bom, _ in _BOM_CODECS[family]):
                codec = family
                break
    for bom, pinned in _BOM_CODECS.get(codec, ()):
        if data.startswith(bom):
            codec = pinned
            break
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        bad = data[err.start : min(err.end, err.start + 4)].hex(" ")
        hint = (
            "pass --encoding NAME if the file uses another encoding (for example --encoding cp1252)"
            if encoding is None
            else "check that --encoding names the file's real encoding"
        )
        raise DecodeFailure(
            path, f"line {line}: not valid {codec} (byte {bad} at offset {err.start}): {hint}"
        ) from None
    return DecodedText(text, codec)


def read_text_file(path: str | Path, encoding: str | None = None) -> DecodedText:
    """Read and decode a text file (see :func:`decode_bytes`)."""
    return decode_bytes(Path(path).read_bytes(), str(path), encoding)


__all__ = [
    "DEFAULT_ENCODING",
    "DecodeFailure",
    "DecodedText",
    "check_encoding",
    "decode_bytes",
    "read_text_file",
]
