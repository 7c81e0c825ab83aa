"""The ``whitespace`` kind: blank lines and trailing spaces, after the other rules ran.

White-space rules run in a second phase so that they see the document as the
content rules left it: blank lines that become trailing once "Leave a comment"
is gone are trailing blank lines too.
"""

from __future__ import annotations

from cleaner.decisions import Decision
from cleaner.rules.base import Context, Param, Rule

_TRAILING_SPACE = (" ", "\t")


class WhitespaceRule(Rule):
    """Remove blank lines at the ends, over-long runs of blank lines, or trailing spaces."""

    KIND = "whitespace"
    PHASE = 3
    PARAMS = {
        "what": Param(
            "enum",
            "`trailing-blank-lines`, `leading-blank-lines`, `blank-runs` (runs longer than "
            "`max_blank_lines`) or `trailing-spaces` (spaces and tabs at line ends).",
            required=True,
            choices=("trailing-blank-lines", "leading-blank-lines", "blank-runs", "trailing-spaces"),
        ),
        "max_blank_lines": Param("int", "With blank-runs: the longest run kept.", default=1, minimum=0),
        "only_after_removal": Param(
            "bool", "With blank-runs: only runs that other removals created or lengthened.", default=True
        ),
    }

    def __init__(self, spec):
        super().__init__(spec)
        self.what = self.param("what")

    def decide(self, ctx: Context, removed: frozenset[int] = frozenset()) -> list[Decision]:
        """Return white-space decisions for the lines that survive ``removed``."""
        alive = [line for line in ctx.doc.lines if line.index not in removed]
        picked: list[int] = []
        if self.what == "trailing-blank-lines":
            for line in reversed(alive):
                if not line.is_blank:
                    break
                picked.append(line.index)
        elif self.what == "leading-blank-lines":
            for line in alive:
                if not line.is_blank:
                    break
                picked.append(line.index)
        elif self.what == "blank-runs":
            picked = self._excess_blank_lines(ctx, alive, removed)
        else:
            return self._trailing_spaces(alive)
        return [Decision(i, i, self.id, self.reason) for i in picked if ctx.in_zone(i, self.where)]

    def _excess_blank_lines(self, ctx, alive, removed) -> list[int]:
        keep = self.param("max_blank_lines")
        runs: list[list[int]] = []
        current: list[int] = []
        for line in alive:
            if line.is_blank:
                current.append(line.index)
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        picked = []
        for run in runs:
            if not run or len(run) <= keep:
                continue
            if self.param("only_after_removal") and not _touches_removal(run, removed):
                continue
            picked.extend(run[keep:])
        return picked

    def _trailing_spaces(self, alive) -> list[Decision]:
        out = []
        for line in alive:
            if line.is_blank or not line.text.endswith(_TRAILING_SPACE):
                continue
            kept = len(line.text.rstrip(" \t"))
            out.append(Decision(line.index, line.index, self.id, self.reason, span=(kept, len(line.text))))
        return out


def _touches_removal(run: list[int], removed: frozenset[int]) -> bool:
    """True when removed lines sit inside the run or right next to it."""
    if run[-1] - run[0] + 1 != len(run):
        return True
    return (run[0] - 1) in removed or (run[-1] + 1) in removed
