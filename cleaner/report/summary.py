"""The summary of a batch: how many files went which way, and lines removed per rule."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Summary:
    """Counts over a batch's file outcomes.

    Attributes:
        seen: files looked at.
        changed: files with something removed (or that would have, in check mode).
        unchanged: files with nothing to remove.
        refused: files the guard kept whole because too much would have gone.
        failed: files that could not be processed (named in the messages).
        errors: files on which cleaner itself failed (a bug).
        bad_records: JSONL lines that could not be cleaned (kept as they were).
        lines_removed: lines removed per rule id.
    """

    seen: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: int = 0
    failed: int = 0
    errors: int = 0
    bad_records: int = 0
    lines_removed: Counter = field(default_factory=Counter)

    def add(self, outcome) -> None:
        """Count one :class:`~cleaner.cli.process.FileOutcome`."""
        self.seen += 1
        status = outcome.status
        if status == "error":
            self.errors += 1
        elif status == "failed":
            self.failed += 1
        else:
            setattr(self, status, getattr(self, status) + 1)
        self.bad_records += len(outcome.problems)
        self.lines_removed.update(outcome.rule_counts)

    def to_dict(self) -> dict:
        """Plain data for the JSON report."""
        return {
            "files": self.seen,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "refused": self.refused,
            "failed": self.failed,
            "internal_errors": self.errors,
            "bad_records": self.bad_records,
            "lines_removed": dict(sorted(self.lines_removed.items())),
        }

    def format(self, *, check: bool = False) -> str:
        """The summary as lines for people.

        >>> s = Summary(seen=3, changed=1, unchanged=2, lines_removed=Counter({"en.x": 2}))
        >>> print(s.format())
        3 files: 1 changed, 2 unchanged, 0 refused by the guard, 0 failed
        lines removed per rule:
               2  en.x
        """
        verb = "would change" if check else "changed"
        head = (
            f"{self.seen} file{'s' if self.seen != 1 else ''}: {self.changed} {verb}, "
            f"{self.unchanged} unchanged, {self.refused} refused by the guard, {self.failed} failed"
        )
        if self.errors:
            head += f", {self.errors} internal error{'s' if self.errors != 1 else ''}"
        if self.bad_records:
            head += f"; {self.bad_records} bad JSONL record{'s' if self.bad_records != 1 else ''}"
        lines = [head]
        if self.lines_removed:
            lines.append("lines removed per rule:" if not check else "lines that would go, per rule:")
            width = max(len(str(n)) for n in self.lines_removed.values())
            for rule_id, count in sorted(self.lines_removed.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"  {count:>{max(width, 6)}}  {rule_id}")
        return "\n".join(lines)


__all__ = ["Summary"]
