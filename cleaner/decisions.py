"""Decisions and removals: what goes, which rule said so, and the one function that cuts.

Rules return :class:`Decision` objects and never edit text. :func:`resolve`
turns the decisions of all rules into non-overlapping :class:`Removal` records
(each removed line is credited to exactly one rule), and :func:`apply_removals`
is the only code in the package that produces output text from input text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# When several rules claim the same line, the most specific explanation wins:
# a rule that matched the line itself beats one that took a whole section,
# which beats one that took the rest of the document.
SPECIFICITY_LINE = 3
SPECIFICITY_SECTION = 2
SPECIFICITY_REST = 1


@dataclass(frozen=True, slots=True)
class Decision:
    """A rule's verdict that lines ``first``..``last`` (inclusive, 0-based) go.

    ``span`` narrows the decision to a character span inside a single line
    (used by white-space rules that trim a line instead of dropping it).
    """

    first: int
    last: int
    rule_id: str
    reason: str
    specificity: int = SPECIFICITY_LINE
    span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Removal:
    """One contiguous cut, as reported to users and replayed by :func:`apply_removals`.

    Attributes:
        rule_id: the permanent id of the rule that removed the text.
        reason: why, in words a person can read.
        start: character offset of the cut in the input.
        end: character offset just past the cut.
        first_line: 1-based number of the first input line touched.
        last_line: 1-based number of the last input line touched.
        text: the removed characters, exactly as they were in the input.
    """

    rule_id: str
    reason: str
    start: int
    end: int
    first_line: int
    last_line: int
    text: str

    def to_dict(self) -> dict:
        """Return the removal as plain JSON-ready data."""
        return asdict(self)


def apply_removals(text: str, removals: list[Removal] | tuple[Removal, ...]) -> str:
    """Cut the removals' spans out of ``text``; nothing else changes.

    This is the only function that produces cleaned text. It refuses
    removals that overlap or do not match the text, so a replayed log either
    reproduces the output exactly or fails loudly.

    >>> r = Removal("x", "why", 2, 4, 1, 1, "cd")
    >>> apply_removals("abcdef", [r])
    'abef'
    """
    pieces = []
    pos = 0
    for removal in sorted(removals, key=lambda r: r.start):
        if removal.start < pos:
            raise ValueError(f"removal at {removal.start} overlaps the previous one")
        if text[removal.start : removal.end] != removal.text:
            raise ValueError(f"removal {removal.rule_id} at {removal.start} does not match the text")
        pieces.append(text[pos : removal.start])
        pos = removal.end
    pieces.append(text[pos:])
    return "".join(pieces)


def resolve(doc, decisions: list[Decision], protected: frozenset[int] = frozenset()) -> list[Removal]:
    """Turn overlapping decisions into disjoint removals, one owner per line.

    Lines in ``protected`` (matched by a ``keep`` pattern) are never removed.
    Consecutive lines credited to the same rule become one removal.
    """
    owner: dict[int, Decision] = {}
    partial: list[Decision] = []
    for decision in decisions:
        if decision.span is not None:
            partial.append(decision)
            continue
        for index in range(decision.first, decision.last + 1):
            if index in protected:
                continue
            current = owner.get(index)
            if current is None or decision.specificity > current.specificity:
                owner[index] = decision
    removals: list[Removal] = []
    run: list[int] = []
    for index in sorted(owner):
        if run and (index != run[-1] + 1 or _label(owner[index]) != _label(owner[run[-1]])):
            removals.append(_line_removal(doc, run, owner[run[0]]))
            run = []
        run.append(index)
    if run:
        removals.append(_line_removal(doc, run, owner[run[0]]))
    for decision in partial:
        if decision.first in owner or decision.first in protected:
            continue
        line = doc.lines[decision.first]
        start, end = line.start + decision.span[0], line.start + decision.span[1]
        removals.append(
            Removal(decision.rule_id, decision.reason, start, end, line.number, line.number, doc.text[start:end])
        )
    removals.sort(key=lambda r: r.start)
    return removals


def _label(decision: Decision) -> tuple[str, str]:
    return decision.rule_id, decision.reason


def _line_removal(doc, run: list[int], decision: Decision) -> Removal:
    first, last = doc.lines[run[0]], doc.lines[run[-1]]
    return Removal(
        decision.rule_id,
        decision.reason,
        first.start,
        last.end,
        first.number,
        last.number,
        doc.text[first.start : last.end],
    )
