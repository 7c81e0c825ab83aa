"""PatternGroup.decide visits only the rules with a candidate line, and the unfiltered ones.

Visiting every rule of the group in order, and skipping those the scan gave
no candidate line, is the full computation; these tests pin that the
shortcut takes the same decisions in the same order, also after a rule's
prefilter is set to None (it then runs on every short line, by its group too).
"""

from conftest import dev_texts, seed_and_example_texts

from cleaner import Cleaner
from cleaner.document import Document
from cleaner.rules.base import Context
from cleaner.rules.pattern import PatternGroup, PatternRule, RuleTimeout


def _texts() -> list[str]:
    return seed_and_example_texts(Cleaner().rules) + dev_texts(300, files=1)


def _every_rule(group: PatternGroup, ctx: Context) -> list:
    """The group's decisions, each of its rules visited in turn."""
    prefilter = group.prefilter
    table = ctx.memo(prefilter, lambda: prefilter._scan(ctx))
    decisions = []
    for rule in group.rules:
        if rule.prefilter is not None and rule.id in prefilter.filtered:
            indexes = table.get(rule.id)
            if not indexes:
                continue
        else:
            indexes = ctx.short_lines(rule.max_words)
        try:
            decisions.extend(rule.decisions_for(ctx, rule.matching(ctx, indexes)))
        except RuleTimeout as err:
            ctx.failures.append(err)
    return decisions


def _groups(cleaner: Cleaner) -> list[PatternGroup]:
    groups = [g for phases in (cleaner._phases, cleaner._second_phases) for phase in phases for g in phase
              if isinstance(g, PatternGroup)]
    assert len(groups) == 2
    return groups


def _compare(cleaner: Cleaner, texts: list[str]) -> int:
    decided = 0
    for text in texts:
        doc = Document.parse(text, cleaner.layout)
        for group in _groups(cleaner):
            fast = group.decide(Context(doc, cleaner.settings))
            assert fast == _every_rule(group, Context(doc, cleaner.settings)), text[:200]
            decided += len(fast)
    return decided


def test_visiting_the_rules_with_candidates_decides_as_visiting_every_rule():
    assert _compare(Cleaner(), _texts()) > 100


def test_a_rule_whose_prefilter_is_set_to_none_is_run_by_its_group():
    cleaner = Cleaner()
    texts = _texts()[:200]
    _compare(cleaner, texts)  # the groups have looked at which rules run unfiltered
    rules = [rule for rule in cleaner.rules if isinstance(rule, PatternRule)]
    for rule in rules[::3]:
        rule.prefilter = None
    for group in _groups(cleaner):
        assert {rule.id for rule in rules[::3] if rule in group.rules} <= group.unfiltered()
    assert _compare(cleaner, texts) > 10
    for rule in rules[::3]:
        rule.prefilter = _groups(cleaner)[0].prefilter
    assert all(not group.unfiltered() for group in _groups(cleaner))
    _compare(cleaner, texts)
