"""The outcome of cleaning one text: cleaned text, removals, refusals and rule errors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from cleaner.decisions import Removal, apply_removals


@dataclass(frozen=True, slots=True)
class Refusal:
    """The guard's decision to leave a document unchanged, with its reason.

    Attributes:
        rule_id: ``guard.max-removed-share`` (or ``guard.empty-output``).
        reason: what would have gone and the limit it broke.
        proposed: the removals the rules asked for, none of them applied.
    """

    rule_id: str
    reason: str
    proposed: tuple[Removal, ...]


@dataclass(frozen=True, slots=True)
class RuleFailure:
    """A rule that could not finish on this document (for example a regex time-out).

    The rule's decisions for the document are dropped; the others stand.
    """

    rule_id: str
    message: str


@dataclass(frozen=True)
class CleanResult:
    """What :func:`cleaner.clean` returns.

    Attributes:
        original: the input text.
        text: the cleaned text, ``original`` minus the removals' spans.
        removals: every cut, in input order, each with its rule id and reason.
        refusal: set when the guard refused to remove too much (``text`` is then
            the input, unchanged).
        failures: rules that failed on this document (time-outs), if any.
    """

    original: str
    text: str
    removals: tuple[Removal, ...] = ()
    refusal: Refusal | None = None
    failures: tuple[RuleFailure, ...] = field(default=())

    @property
    def changed(self) -> bool:
        """True when the cleaned text differs from the input."""
        return bool(self.removals)

    @property
    def refused(self) -> bool:
        """True when the guard kept the document as it was."""
        return self.refusal is not None

    def replay(self) -> str:
        """Apply the removals to the original again; equals :attr:`text`."""
        return apply_removals(self.original, self.removals)

    def rule_counts(self) -> Counter:
        """Lines removed per rule id."""
        counts: Counter = Counter()
        for removal in self.removals:
            counts[removal.rule_id] += removal.last_line - removal.first_line + 1
        return counts
