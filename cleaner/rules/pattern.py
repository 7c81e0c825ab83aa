"""The ``pattern`` kind: one regular expression, with a time limit per match."""

from __future__ import annotations

import regex

from cleaner.rules.base import Context, Param, Rule


class RuleTimeout(Exception):
    """A rule's regular expression ran past its time limit on a document."""

    def __init__(self, rule_id: str, line_number: int, seconds: float):
        super().__init__(f"rule {rule_id}: pattern timed out after {seconds}s on line {line_number}")
        self.rule_id = rule_id
        self.line_number = line_number


class PatternRule(Rule):
    """Remove lines that a regular expression (``regex`` package syntax) matches.

    The expression runs on the line without its ending and surrounding white
    space, never across lines, and each match is bounded by ``timeout`` so a
    pattern that backtracks catastrophically cannot hang a run.
    """

    KIND = "pattern"
    PARAMS = {
        "pattern": Param("str", "The regular expression (Python `regex` syntax).", required=True),
        "match": Param(
            "enum",
            "`line`: the pattern must match the whole line; `start`: at its start; "
            "`search`: anywhere in it.",
            default="line",
            choices=("line", "start", "search"),
        ),
        "case_sensitive": Param("bool", "Match letter case exactly.", default=False),
        "max_words": Param("int", "Only lines of at most this many words (0: any).", default=0, minimum=0),
        "timeout": Param("float", "Seconds one match may take.", default=0.25, minimum=0.001, maximum=60),
    }

    def __init__(self, spec):
        super().__init__(spec)
        flags = regex.V0 | (0 if self.param("case_sensitive") else regex.IGNORECASE)
        self.regex = regex.compile(spec["pattern"], flags)
        mode = self.param("match")
        self._run = {"line": self.regex.fullmatch, "start": self.regex.match, "search": self.regex.search}[mode]
        self.max_words = self.param("max_words")
        self.timeout = self.param("timeout")

    def matches(self, ctx: Context):
        """Yield the lines the pattern matches; raise :class:`RuleTimeout` on a time-out."""
        for line in ctx.doc.lines:
            if line.is_blank or (self.max_words and line.words > self.max_words):
                continue
            try:
                hit = self._run(line.text.strip(), timeout=self.timeout)
            except TimeoutError:
                raise RuleTimeout(self.id, line.number, self.timeout) from None
            if hit:
                yield line.index
