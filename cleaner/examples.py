"""Running a rule's ``examples``: the texts it must remove and must keep.

The same code serves the test suite and ``cleaner explain``: an example is
either a string, placed in a standard article context, or a mapping with a
whole ``document`` and the ``removed`` lines the rule must take from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaner.engine import Cleaner
from cleaner.packs.loader import RuleSet

# A neutral, substantial paragraph (more than `substantial_words` words), so
# that a string example after it stands in the tail and one before it in the head.
CONTEXT = (
    "The regional council met on Tuesday evening to discuss the budget for the coming year, "
    "and after a long debate its members agreed to spend more on schools, buses and the repair "
    "of old bridges across the valley."
)


@dataclass(frozen=True)
class ExampleOutcome:
    """What happened to one example.

    Attributes:
        expected: the lines the rule had to remove (empty for keep examples).
        removed_by_rule: the example's lines the rule actually removed.
        removed_by_others: lines other active rules removed (phase-2 rules only).
        document: the full text the rule ran on.
    """

    expected: tuple[str, ...]
    removed_by_rule: tuple[str, ...]
    document: str

    @property
    def ok(self) -> bool:
        """True when the rule removed exactly the expected lines."""
        return sorted(self.expected) == sorted(self.removed_by_rule)


def example_document(example, where: str) -> tuple[str, tuple[str, ...]]:
    """The text an example runs on, and the lines it names."""
    if isinstance(example, dict):
        return example["document"], tuple(example.get("removed", ()))
    lines = tuple(example.splitlines())
    if where == "head":
        return f"{example}\n{CONTEXT}\n", lines
    return f"{CONTEXT}\n{example}\n", lines


def isolate(ruleset: RuleSet, rule_id: str) -> Cleaner:
    """A cleaner with only ``rule_id`` (plus, for white-space rules, the content rules).

    White-space rules act on what other rules removed, so their examples run
    with every content rule; any other rule runs alone.
    """
    from cleaner.rules import KINDS

    spec = ruleset.rules[rule_id]
    if KINDS[spec["kind"]].PHASE > 1:
        others = [rid for rid, s in ruleset.rules.items() if KINDS[s["kind"]].PHASE > 1 and rid != rule_id]
        return Cleaner(ruleset.select(ignore=others) if others else ruleset)
    return Cleaner(ruleset.select(select=[rule_id]))


def run_example(cleaner: Cleaner, rule_id: str, example, *, must_remove: bool) -> ExampleOutcome:
    """Run one example of ``rule_id`` with ``cleaner`` (see :func:`isolate`)."""
    rule = cleaner.rule(rule_id)
    document, named = example_document(example, rule.where)
    result = cleaner.clean(document)
    removed = []
    for removal in result.removals:
        if removal.rule_id != rule_id:
            continue
        removed.extend(removal.text.splitlines() or [""])
    if isinstance(example, dict):
        expected = named if must_remove else tuple(example.get("removed", ()))
    else:
        expected = named if must_remove else ()
    if result.refusal is not None:
        removed = []
    return ExampleOutcome(expected, tuple(removed), document)
