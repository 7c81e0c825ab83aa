"""The ``whitespace`` kind: blank lines and trailing spaces, after the other rules ran.

White-space rules run in a second phase so that they see the document as the
content rules left it: blank lines that become trailing once "Leave a comment"
is gone are trailing blank lines too.
"""

from __future__ import annotations

from itertools import compress, repeat
from operator import attrgetter, is_, methodcaller

from cleaner.decisions import Decision
from cleaner.rules.base import BLANK, Context, Param, Rule

_TRAILING_SPACE = (" ", "\t")
_KIND = attrgetter("kind")
_TEXT = attrgetter("text")


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
        lines = ctx.doc.lines
        picked: list[int] = []
        if self.what == "trailing-blank-lines":
            # The blank lines that survive after the last surviving line with text:
            # read from the end, the removed lines passed over, up to that line.
            for line in reversed(lines):
                if line.index in removed:
                    continue
                if line.kind is not BLANK:
                    break
                picked.append(line.index)
        elif self.what == "leading-blank-lines":
            for line in lines:
                if line.index in removed:
                    continue
                if line.kind is not BLANK:
                    break
                picked.append(line.index)
        elif self.what == "blank-runs":
            picked = self._excess_blank_lines(ctx, removed)
        else:
            return self._trailing_spaces(lines, removed)
        return [Decision(i, i, self.id, self.reason) for i in picked if ctx.in_zone(i, self.where)]

    def _excess_blank_lines(self, ctx, removed) -> list[int]:
        keep = self.param("max_blank_lines")
        # The runs of blank lines among the surviving lines. Blank lines are few, and
        # are found by a C-level pass over the kinds; two surviving blank lines, the
        # second the next surviving blank line after the first, are in one run when
        # no surviving line with text stands between them: when every line between
        # them is removed (none is a surviving blank line, by the choice of the two).
        lines = ctx.doc.lines
        blanks = compress(lines, map(is_, map(_KIND, lines), repeat(BLANK)))
        runs: list[list[int]] = []
        current: list[int] = []
        for line in blanks:
            index = line.index
            if index in removed:
                continue
            if current and not all(k in removed for k in range(current[-1] + 1, index)):
                runs.append(current)
                current = []
            current.append(index)
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

    def _trailing_spaces(self, lines, removed) -> list[Decision]:
        out = []
        # The lines that end with a space or tab, found by a C-level pass over the texts.
        ending = compress(lines, map(methodcaller("endswith", _TRAILING_SPACE), map(_TEXT, lines)))
        for line in ending:
            if line.index in removed or line.kind is BLANK:
                continue
            kept = len(line.text.rstrip(" \t"))
            out.append(Decision(line.index, line.index, self.id, self.reason, span=(kept, len(line.text))))
        return out


def _touches_removal(run: list[int], removed: frozenset[int]) -> bool:
    """True when removed lines sit inside the run or right next to it."""
    if run[-1] - run[0] + 1 != len(run):
        return True
    return (run[0] - 1) in removed or (run[-1] + 1) in removed
