"""Errors users see. Each names the file, the line and what to do about it."""

from __future__ import annotations


class CleanerError(Exception):
    """Base of the errors ``cleaner`` raises on purpose."""


class RulePackError(CleanerError):
    """A rule pack (or configuration) that cannot be loaded.

    Attributes:
        path: the file, as given.
        line: 1-based line in that file, when known.
        rule_id: the rule concerned, when known.
        key: the key concerned, when known.
        problem: what is wrong, and what would be right.
    """

    def __init__(self, path, problem: str, *, line: int | None = None, rule_id: str | None = None,
                 key: str | None = None):
        self.path = str(path)
        self.line = line
        self.rule_id = rule_id
        self.key = key
        self.problem = problem
        where = self.path if line is None else f"{self.path}:{line}"
        about = []
        if rule_id:
            about.append(f"rule {rule_id}")
        if key:
            about.append(f"key '{key}'")
        prefix = f"{where}: " + (", ".join(about) + ": " if about else "")
        super().__init__(prefix + problem)
