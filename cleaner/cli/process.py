"""The work on one file, the same in the main process and in worker processes.

A :class:`Job` says what to do with one input; :func:`process` does it and
returns a :class:`FileOutcome`, plain picklable data. Nothing here prints:
the batch layer decides what people see. Problems with the input (bytes that
do not decode, a page without main text, a file that cannot be read) end as
a ``failed`` outcome naming the file; anything else unexpected ends as an
``error`` outcome carrying the traceback, and the batch goes on.
"""

from __future__ import annotations

import gzip
import json
import traceback
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from cleaner.engine import Cleaner
from cleaner.html import NoMainTextError, clean_html
from cleaner.io.atomic import atomic_open, atomic_write
from cleaner.io.jsonl import GZIP_MAGIC, dumps, text_problem
from cleaner.io.textfile import DecodedText, DecodeFailure, decode_bytes
from cleaner.repeated import WithRepeatedLines
from cleaner.report.diff import unified_diff
from cleaner.result import CleanResult


class Mode(str, Enum):
    """What a batch does with what it finds."""

    CLEAN = "clean"  # write cleaned copies and diffs beside the inputs
    FIX = "fix"  # rewrite the inputs in place
    CHECK = "check"  # write nothing; report what would change


CHANGED = "changed"
UNCHANGED = "unchanged"
REFUSED = "refused"
FAILED = "failed"
ERROR = "error"


@dataclass(frozen=True)
class Job:
    """One input and what to do with it.

    Attributes:
        index: position in the batch (outcomes are reported in this order).
        path: the file to read.
        display: its name in messages and diff headers.
        kind: ``text``, ``html`` or ``jsonl``.
        mode: clean, fix or check.
        clean_path: where ``clean`` writes the cleaned text (or records).
        diff_path: where ``clean`` writes the diff (None for pages and JSONL).
        encoding: forced text encoding, or None for UTF-8.
        text_field: the field of a JSONL record that holds the text.
        keep_original: return the input text (for the HTML review page).
        keep_removals: return every removal (for reports), not only counts.
    """

    index: int
    path: str
    display: str
    kind: str
    mode: Mode
    clean_path: str | None = None
    diff_path: str | None = None
    encoding: str | None = None
    text_field: str = "text"
    keep_original: bool = False
    keep_removals: bool = True


@dataclass
class FileOutcome:
    """What happened to one input.

    Attributes:
        status: changed, unchanged, refused (kept whole by the guard),
            failed (an input problem) or error (a bug).
        removals: each removal as a dict (``Removal.to_dict()``, plus
            ``record``: the JSONL line number, for corpus files).
        refusals: the guard's reasons, one per refused document.
        rule_failures: rules that could not finish (a regex time-out), each
            naming the rule, the line and, for JSONL, the record.
        message: for failed and error outcomes, what went wrong.
        problems: JSONL records that could not be cleaned, each naming its line.
        diff: the unified diff (text files) or removal listing (JSONL).
        original: the text that was cleaned, when the job asked for it.
        rule_counts: lines removed per rule id.
        written: files written.
        records: JSONL records cleaned.
    """

    index: int
    display: str
    kind: str
    status: str
    removals: list[dict] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    rule_failures: list[str] = field(default_factory=list)
    message: str | None = None
    problems: list[str] = field(default_factory=list)
    diff: str = ""
    original: str | None = None
    rule_counts: Counter = field(default_factory=Counter)
    written: list[str] = field(default_factory=list)
    records: int = 0


def process(job: Job, cleaner: Cleaner) -> FileOutcome:
    """Do ``job`` with ``cleaner`` and say how it went; never raises but on Ctrl-C."""
    try:
        if job.kind == "jsonl":
            return _process_jsonl(job, cleaner)
        if job.kind == "html":
            return _process_html(job, cleaner)
        return _process_text(job, cleaner)
    except DecodeFailure as err:
        return FileOutcome(job.index, job.display, job.kind, FAILED, message=f"{err}; file skipped")
    except NoMainTextError as err:
        return FileOutcome(job.index, job.display, job.kind, FAILED,
                           message=f"{job.display}: {err}; nothing written")
    except OSError as err:
        where = err.filename or job.path
        return FileOutcome(job.index, job.display, job.kind, FAILED,
                           message=f"{where}: {err.strerror or err}; file skipped")
    except Exception:  # noqa: BLE001 - one file's bug must not end the batch
        return FileOutcome(job.index, job.display, job.kind, ERROR,
                           message=f"{job.display}: internal error\n{traceback.format_exc()}")


def outcome_from_result(job: Job, result: CleanResult, original: str) -> FileOutcome:
    """The outcome of cleaning one text (status, removals, counts) before anything is written."""
    status = CHANGED if result.changed else REFUSED if result.refused else UNCHANGED
    outcome = FileOutcome(job.index, job.display, job.kind, status, rule_counts=result.rule_counts())
    if job.keep_removals:
        outcome.removals = [r.to_dict() for r in result.removals]
    if result.refusal is not None:
        outcome.refusals.append(result.refusal.reason)
    outcome.rule_failures += [failure.message for failure in result.failures]
    if job.keep_original:
        outcome.original = original
    return outcome


def _process_text(job: Job, cleaner: Cleaner) -> FileOutcome:
    decoded = decode_bytes(Path(job.path).read_bytes(), job.display, job.encoding)
    if isinstance(cleaner, WithRepeatedLines):
        result = cleaner.clean_file_text(decoded.text, job.path)
    else:
        result = cleaner.clean(decoded.text)
    outcome = outcome_from_result(job, result, decoded.text)
    outcome.diff = unified_diff(decoded.text, result.removals, path=job.display)
    if job.mode is Mode.CLEAN:
        atomic_write(job.clean_path, decoded.encode(result.text), keep_mode=False)
        atomic_write(job.diff_path, _encode_diff(outcome.diff, decoded), keep_mode=False)
        outcome.written += [job.clean_path, job.diff_path]
    elif job.mode is Mode.FIX and result.changed:
        atomic_write(job.path, decoded.encode(result.text), keep_mode=True)
        outcome.written.append(job.path)
    return outcome


def _encode_diff(diff: str, decoded: DecodedText) -> bytes:
    # A diff is bytes to patch and git: its lines must be encoded exactly as
    # the file's lines are, or the context would not match.
    return decoded.encode(diff)


def _process_html(job: Job, cleaner: Cleaner) -> FileOutcome:
    if job.mode is not Mode.CLEAN:
        return FileOutcome(
            job.index, job.display, job.kind, FAILED,
            message=f"{job.display}: HTML pages are not cleaned in place or checked; "
            "use `cleaner clean` to write the page's cleaned text to a .clean.txt file",
        )
    # Bytes, so that trafilatura reads the encoding the page declares.
    result = clean_html(Path(job.path).read_bytes(), rules=cleaner)
    outcome = outcome_from_result(job, result, result.original)
    atomic_write(job.clean_path, result.text.encode("utf-8"), keep_mode=False)
    outcome.written.append(job.clean_path)
    return outcome


class _NothingToWrite(Exception):
    """Raised inside an atomic write to drop the temporary file (fix mode, nothing changed)."""


def _line_ending(line: bytes) -> bytes:
    if line.endswith(b"\r\n"):
        return b"\r\n"
    return b"\n" if line.endswith(b"\n") else b""


def _process_jsonl(job: Job, cleaner: Cleaner) -> FileOutcome:
    outcome = FileOutcome(job.index, job.display, job.kind, UNCHANGED)
    changed = refused = 0
    listing: list[str] = []
    target = {Mode.CLEAN: job.clean_path, Mode.FIX: job.path}.get(job.mode)
    with open(job.path, "rb") as raw:
        gzipped = raw.peek(2)[:2] == GZIP_MAGIC
        source = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
        try:
            with _JsonlSink(target, gzipped) as sink:
                for number, line in enumerate(source, start=1):
                    new_line = line
                    if line.strip():
                        new_line, state = _clean_record(job, cleaner, number, line, outcome, listing)
                        changed += state == CHANGED
                        refused += state == REFUSED
                    if sink is not None:
                        sink.write(new_line)
                if job.mode is Mode.FIX and not changed:
                    raise _NothingToWrite
        except _NothingToWrite:
            pass
        else:
            if target is not None:
                outcome.written.append(target)
    outcome.status = CHANGED if changed else REFUSED if refused else UNCHANGED
    outcome.diff = "".join(listing)
    return outcome


def _clean_record(job, cleaner, number, line, outcome, listing) -> tuple[bytes, str]:
    """Clean one JSONL line; bad lines are reported and passed through as they were."""
    where = f"{job.display}:{number}"
    try:
        record = json.loads(line)
    except UnicodeDecodeError as err:
        outcome.problems.append(f"{where}: not UTF-8 ({err.reason} at byte {err.start}); line kept as it was")
        return line, FAILED
    except ValueError as err:
        outcome.problems.append(f"{where}: invalid JSON ({err}); line kept as it was")
        return line, FAILED
    if not isinstance(record, dict):
        outcome.problems.append(f"{where}: a record is a JSON object, not {type(record).__name__}; "
                                "line kept as it was")
        return line, FAILED
    problem = text_problem(record, job.text_field)
    if problem:
        outcome.problems.append(f"{where}: {problem} (choose the field with --text-field); "
                                "line kept as it was")
        return line, FAILED
    original = record[job.text_field]
    result = cleaner.clean(original)
    outcome.records += 1
    outcome.rule_counts.update(result.rule_counts())
    if result.refusal is not None:
        outcome.refusals.append(f"line {number}: {result.refusal.reason}")
    outcome.rule_failures += [f"record on line {number}: {failure.message}" for failure in result.failures]
    for removal in result.removals:
        if job.keep_removals:
            outcome.removals.append({**removal.to_dict(), "record": number})
        span = f"{removal.first_line}" + (
            f"-{removal.last_line}" if removal.last_line != removal.first_line else ""
        )
        for text in removal.text.splitlines() or [""]:
            listing.append(f"{where}: text line {span}: {removal.rule_id}: -{text}\n")
    if not result.changed:
        return line, REFUSED if result.refused else UNCHANGED
    record[job.text_field] = result.text
    return dumps(record).encode("utf-8") + _line_ending(line), CHANGED


class _JsonlSink:
    """Where cleaned JSONL lines go: an atomic (optionally gzip) file, or nowhere (check mode)."""

    def __init__(self, target: str | None, gzipped: bool):
        self.target, self.gzipped = target, gzipped

    def __enter__(self):
        if self.target is None:
            return None
        self._atomic = atomic_open(self.target, keep_mode=True)
        raw = self._atomic.__enter__()
        # mtime=0 and no name: the same records always give the same bytes.
        self._gz = gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) if self.gzipped else None
        return self._gz or raw

    def __exit__(self, *exc):
        if self.target is None:
            return False
        if self._gz is not None and exc[0] is None:
            self._gz.close()  # the gzip trailer, before the fsync and rename
        return self._atomic.__exit__(*exc)


__all__ = [
    "CHANGED",
    "ERROR",
    "FAILED",
    "REFUSED",
    "UNCHANGED",
    "FileOutcome",
    "Job",
    "Mode",
    "outcome_from_result",
    "process",
]
