"""Cleaning corpora as streams of records: dicts one at a time, or column batches.

Everything here is lazy and holds one record at a time, so memory does not
grow with the corpus. A record whose text cannot be cleaned (missing, not a
string, or a text the engine fails on) is reported with its position and
passed through unchanged with an ``error`` in its summary; the stream goes on.

The summary a record gets under ``summary_field`` is compact::

    {"rules": {"en.comments.leave-a-comment": 1}, "chars": 16}

``rules`` maps rule ids to the number of lines each removed, ``chars`` is the
number of characters removed; ``refusal`` (the guard's rule id) and
``failures`` (rule ids that timed out) appear only when they happened.

Column batches (:func:`clean_batch`, for Hugging Face ``datasets``) carry the
same summary as a JSON string, because a column of dicts whose keys are rule
ids would change its Arrow type from batch to batch.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cleaner.io.jsonl import ErrorHandler, RecordError, log_error, text_problem

if TYPE_CHECKING:
    from cleaner.engine import Cleaner
    from cleaner.repeated import RepeatedLines
    from cleaner.result import CleanResult

IN_MEMORY = "<records>"


def summarize(result: CleanResult) -> dict[str, Any]:
    """The compact summary of one result (see the module docstring)."""
    summary: dict[str, Any] = {
        "rules": dict(sorted(result.rule_counts().items())),
        "chars": sum(r.end - r.start for r in result.removals),
    }
    if result.refusal is not None:
        summary["refusal"] = result.refusal.rule_id
    if result.failures:
        summary["failures"] = sorted({f.rule_id for f in result.failures})
    return summary


@dataclass
class StreamStats:
    """What a stream did, filled in as it is consumed.

    Attributes:
        records: records seen (cleaned or passed through).
        changed: records whose text changed.
        errors: records passed through unchanged because of an error.
        rules: lines removed per rule id, over the whole stream.
        refusals: records the guard kept unchanged.
    """

    records: int = 0
    changed: int = 0
    errors: int = 0
    refusals: int = 0
    rules: Counter = field(default_factory=Counter)

    def add(self, summary: dict[str, Any]) -> None:
        """Count one record's summary."""
        self.records += 1
        if "error" in summary:
            self.errors += 1
            return
        if summary["rules"]:
            self.changed += 1
            self.rules.update(summary["rules"])
        if "refusal" in summary:
            self.refusals += 1

    def merge(self, other: StreamStats) -> StreamStats:
        """Add ``other`` to these; return self."""
        self.records += other.records
        self.changed += other.changed
        self.errors += other.errors
        self.refusals += other.refusals
        self.rules.update(other.rules)
        return self

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (rule ids sorted)."""
        return {
            "records": self.records,
            "changed": self.changed,
            "errors": self.errors,
            "refusals": self.refusals,
            "rules": dict(sorted(self.rules.items())),
        }


def clean_text(
    cleaner: Cleaner, text: str, *, repeated: RepeatedLines | None = None, site: str | None = None
) -> CleanResult:
    """Clean one text, with the site's repeated lines when a plan is given."""
    if repeated is None:
        return cleaner.clean(text)
    return cleaner.clean(text, extra_decisions=repeated.decider(site))


def clean_numbered(
    cleaner: Cleaner,
    numbered: Iterable[tuple[int, dict]],
    *,
    text_field: str = "text",
    out_field: str | None = None,
    summary_field: str | None = "cleaner",
    on_error: ErrorHandler | None = None,
    source: str = IN_MEMORY,
    repeated: RepeatedLines | None = None,
    site_field: str = "url",
    stats: StreamStats | None = None,
) -> Iterator[dict]:
    """The core of :func:`clean_records`, for ``(position, record)`` pairs.

    Readers that know line numbers (:func:`cleaner.io.jsonl.read_jsonl_numbered`)
    feed this directly, so errors name the line of the file.
    """
    from cleaner.repeated import record_site

    report = on_error or log_error
    target = out_field or text_field
    for position, record in numbered:
        out = dict(record)  # a shallow copy: the caller's record is never changed
        problem = text_problem(record, text_field)
        summary: dict[str, Any]
        if problem is None:
            try:
                site = record_site(record, site_field) if repeated is not None else None
                result = clean_text(cleaner, record[text_field], repeated=repeated, site=site)
            except Exception as err:  # noqa: BLE001 - one bad record must not end a corpus run
                problem = f"cleaning failed: {type(err).__name__}: {err}"
            else:
                out[target] = result.text
                summary = summarize(result)
        if problem is not None:
            report(RecordError(source, position, problem))
            summary = {"error": problem}
        if stats is not None:
            stats.add(summary)
        if summary_field is not None:
            out[summary_field] = summary
        yield out


def clean_records(
    cleaner: Cleaner,
    records: Iterable[dict],
    *,
    text_field: str = "text",
    out_field: str | None = None,
    summary_field: str | None = "cleaner",
    on_error: ErrorHandler | None = None,
    repeated: RepeatedLines | None = None,
    site_field: str = "url",
    stats: StreamStats | None = None,
) -> Iterator[dict]:
    """Clean the text of each record lazily, one record in memory at a time.

    Args:
        cleaner: the compiled rule set.
        records: any iterable of dicts (a generator over a file of any size).
        text_field: the field holding the text.
        out_field: where the cleaned text goes; None overwrites ``text_field``.
        summary_field: where the compact removal summary goes; None for none.
        on_error: called with a :class:`~cleaner.io.jsonl.RecordError` (1-based
            record number) for each record passed through; default logs a warning.
        repeated: a plan from :mod:`cleaner.repeated` to remove site template lines.
        site_field: the field holding the record's URL (with ``repeated``).
        stats: a :class:`StreamStats` to fill in while the stream is consumed.

    Yields:
        Copies of the records with the cleaned text and the summary; other
        fields untouched.
    """
    return clean_numbered(
        cleaner,
        enumerate(records, start=1),
        text_field=text_field,
        out_field=out_field,
        summary_field=summary_field,
        on_error=on_error,
        repeated=repeated,
        site_field=site_field,
        stats=stats,
    )


def clean_batch(
    batch: dict[str, list],
    *,
    cleaner: Cleaner | None = None,
    text_field: str = "text",
    out_field: str | None = None,
    summary_field: str | None = "cleaner",
) -> dict[str, list]:
    """Clean a column batch: ``{"text": [...], other columns...}`` -> the same with cleaned text.

    Made for ``datasets.Dataset.map(clean_batch, batched=True, num_proc=N)``.
    The summary column holds JSON strings (see the module docstring); a row
    whose text is missing or not a string keeps its value and gets
    ``{"error": ...}`` as summary. Other columns are returned unchanged.

    Args:
        batch: columns of equal length.
        cleaner: the compiled rule set; the built-in packs when None. Bind it
            with ``functools.partial`` (a Cleaner pickles as its rule set, so
            ``num_proc`` workers receive it).
        text_field: the text column.
        out_field: the column for cleaned text; None overwrites ``text_field``.
        summary_field: the column for the summaries; None for none.
    """
    if cleaner is None:
        from cleaner.engine import default_cleaner

        cleaner = default_cleaner()
    if text_field not in batch:
        raise KeyError(f"the batch has no {text_field!r} column; columns: {', '.join(batch)}")
    texts = batch[text_field]
    cleaned: list[Any] = []
    summaries: list[str] = []
    for text in texts:
        if not isinstance(text, str):
            kind = "missing" if text is None else type(text).__name__
            cleaned.append(text)
            problem = f"the {text_field!r} value is {kind}, not a string"
            summaries.append(json.dumps({"error": problem}))
            continue
        try:
            result = cleaner.clean(text)
        except Exception as err:  # noqa: BLE001 - one bad row must not end a map over a dataset
            cleaned.append(text)
            summaries.append(json.dumps({"error": f"cleaning failed: {type(err).__name__}: {err}"}))
            continue
        cleaned.append(result.text)
        summaries.append(json.dumps(summarize(result), ensure_ascii=False))
    out = dict(batch)
    out[out_field or text_field] = cleaned
    if summary_field is not None:
        out[summary_field] = summaries
    return out


__all__ = [
    "StreamStats",
    "clean_batch",
    "clean_numbered",
    "clean_records",
    "clean_text",
    "summarize",
]
