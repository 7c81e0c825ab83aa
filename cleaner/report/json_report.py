"""The JSON report (``--report FILE.json`` and ``--format json``): every removal, and the summary.

Shape (version 1)::

    {"version": 1,
     "files": [{"file": "a.txt", "kind": "text", "status": "changed",
                "removals": [{"rule_id": ..., "reason": ..., "first_line": 3,
                              "last_line": 4, "start": 120, "end": 160,
                              "text": ..., "record": 7}],  # record: JSONL line
                "refusals": [...], "rule_failures": [...], "problems": [...], "message": null}],
     "summary": {"files": 1, "changed": 1, ..., "lines_removed": {...}}}
"""

from __future__ import annotations

import json

from cleaner.report.summary import Summary

REPORT_VERSION = 1


def file_entry(outcome) -> dict:
    """One file's part of the report, from a :class:`~cleaner.cli.process.FileOutcome`."""
    return {
        "file": outcome.display,
        "kind": outcome.kind,
        "status": outcome.status,
        "removals": outcome.removals,
        "lines_removed": dict(sorted(outcome.rule_counts.items())),
        "refusals": outcome.refusals,
        "rule_failures": outcome.rule_failures,
        "problems": outcome.problems,
        "message": outcome.message,
    }


def build_report(outcomes, summary: Summary) -> dict:
    """The whole report as plain data."""
    return {
        "version": REPORT_VERSION,
        "files": [file_entry(o) for o in outcomes],
        "summary": summary.to_dict(),
    }


def dumps_report(outcomes, summary: Summary) -> str:
    """The report as JSON text (UTF-8 kept as is, one trailing newline)."""
    return json.dumps(build_report(outcomes, summary), ensure_ascii=False, indent=2) + "\n"


__all__ = ["REPORT_VERSION", "build_report", "dumps_report", "file_entry"]
