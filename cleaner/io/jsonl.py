"""JSON Lines corpora: reading records with their line numbers, writing them atomically.

A corpus file holds one JSON object per line, plain or gzip-compressed. The
reader never stops at a bad line: it reports the line number through a
callback and goes on, so one broken record cannot sink a run over millions.
The writer produces the whole file under a temporary name in the target's
folder and renames it into place, so a reader never sees half a file.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cleaner.io.atomic import atomic_open

log = logging.getLogger("cleaner.io")

GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class RecordError:
    """A record that could not be read or cleaned; the stream went on without it.

    Attributes:
        source: the file (or ``"<records>"`` for an in-memory stream).
        position: the 1-based line number in a JSONL file, or the 1-based
            record number in any other stream.
        message: what was wrong.
    """

    source: str
    position: int
    message: str

    def __str__(self) -> str:
        where = "line" if self.source != "<records>" else "record"
        return f"{self.source}: {where} {self.position}: {self.message}"


ErrorHandler = Callable[[RecordError], Any]


def log_error(error: RecordError) -> None:
    """The default error handler: a warning on the ``cleaner.io`` logger."""
    log.warning("%s", error)


def read_jsonl_numbered(
    path: str | Path,
    *,
    text_field: str | None = None,
    on_error: ErrorHandler | None = None,
) -> Iterator[tuple[int, dict]]:
    """Yield ``(line_number, record)`` for every JSON object in a JSONL file.

    Args:
        path: the file; gzip is recognised by its first bytes, whatever the name.
        text_field: when given, records whose field is missing or not a string
            are reported too (and still yielded, for the caller to pass through).
        on_error: called with a :class:`RecordError` for each problem; by
            default a warning is logged.

    Blank lines are skipped silently. Lines that are not valid JSON, not a
    JSON object, or not valid UTF-8 are reported and skipped.
    """
    report = on_error or log_error
    source = str(path)
    with open(path, "rb") as raw:
        gzipped = raw.peek(2)[:2] == GZIP_MAGIC
        binary: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
        # Bytes, not text: a line that is not UTF-8 is one bad record, not the
        # end of the file.
        for number, line in enumerate(binary, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except UnicodeDecodeError as err:
                report(RecordError(source, number, f"not UTF-8 ({err.reason} at byte {err.start})"))
                continue
            except ValueError as err:
                report(RecordError(source, number, f"invalid JSON: {err}"))
                continue
            if not isinstance(record, dict):
                kind = type(record).__name__
                report(RecordError(source, number, f"a record is a JSON object, not {kind}"))
                continue
            if text_field is not None:
                problem = text_problem(record, text_field)
                if problem:
                    report(RecordError(source, number, problem))
            yield number, record


def read_jsonl(
    path: str | Path,
    *,
    text_field: str | None = None,
    on_error: ErrorHandler | None = None,
) -> Iterator[dict]:
    """Yield the records of a JSONL file (see :func:`read_jsonl_numbered` for the arguments)."""
    for _, record in read_jsonl_numbered(path, text_field=text_field, on_error=on_error):
        yield record


def text_problem(record: dict, text_field: str) -> str | None:
    """Why ``record[text_field]`` cannot be cleaned, or None when it can."""
    if text_field not in record:
        return f"no {text_field!r} field"
    value = record[text_field]
    if not isinstance(value, str):
        return f"the {text_field!r} field is {type(value).__name__}, not a string"
    return None


@contextmanager
def atomic_output(path: str | Path, mode: str = "wb"):
    """Open a binary temporary file beside ``path`` that replaces it when the block succeeds.

    The folder is created if needed; the work is :func:`cleaner.io.atomic.atomic_open`'s
    (on an exception the temporary file goes and ``path`` is untouched).
    """
    if mode != "wb":
        raise ValueError("atomic_output writes bytes: mode must be 'wb'")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(target, keep_mode=False) as handle:
        yield handle


def dumps(record: dict) -> str:
    """One record as a JSONL line (compact, UTF-8 kept as is, no trailing newline)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(path: str | Path, records: Iterable[dict]) -> int:
    """Write ``records`` to ``path`` atomically; gzip when the name ends in ``.gz``.

    The gzip header carries no name and no time stamp, so the same records
    always give the same bytes (the corpus manifest checksums them).

    Returns:
        The number of records written.
    """
    count = 0
    with atomic_output(path, "wb") as raw:
        if str(path).endswith(".gz"):
            # mtime=0 and an empty name keep the bytes reproducible.
            binary: IO[bytes] = gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0)
        else:
            binary = raw
        for record in records:
            binary.write(dumps(record).encode("utf-8"))
            binary.write(b"\n")
            count += 1
        if binary is not raw:
            binary.close()  # writes the gzip trailer; ``raw`` stays open for the fsync
    return count


__all__ = [
    "RecordError",
    "atomic_output",
    "dumps",
    "log_error",
    "read_jsonl",
    "read_jsonl_numbered",
    "text_problem",
    "write_jsonl",
]
