"""Every rule's own examples: what it must remove and what it must keep.

The cases live in the rule packs (rules are data, and so are their tests);
this module only runs them, and a meta-test fails for a rule without both.
"""

from __future__ import annotations

import pytest

from cleaner.examples import isolate, run_example
from cleaner.packs import load_ruleset

RULESET = load_ruleset()


def _cases():
    for rule_id, spec in RULESET.rules.items():
        examples = spec.get("examples", {})
        for mode in ("remove", "keep"):
            for n, example in enumerate(examples.get(mode, ())):
                yield pytest.param(rule_id, mode, example, id=f"{rule_id}-{mode}-{n}")


@pytest.fixture(scope="module")
def cleaners():
    cache = {}

    def get(rule_id):
        if rule_id not in cache:
            cache[rule_id] = isolate(RULESET, rule_id)
        return cache[rule_id]

    return get


@pytest.mark.parametrize(("rule_id", "mode", "example"), list(_cases()))
def test_rule_example(cleaners, rule_id, mode, example):
    outcome = run_example(cleaners(rule_id), rule_id, example, must_remove=(mode == "remove"))
    assert outcome.ok, (
        f"{rule_id} {mode} example: expected to remove {list(outcome.expected)}, "
        f"removed {list(outcome.removed_by_rule)}\n--- document ---\n{outcome.document}"
    )


@pytest.mark.parametrize("rule_id", sorted(RULESET.rules))
def test_every_rule_has_remove_and_keep_examples(rule_id):
    examples = RULESET.rules[rule_id].get("examples", {})
    assert examples.get("remove"), f"{rule_id} has no example of text it must remove"
    assert examples.get("keep"), f"{rule_id} has no example of text it must keep"


@pytest.mark.parametrize("rule_id", sorted(RULESET.rules))
def test_every_rule_says_why(rule_id):
    spec = RULESET.rules[rule_id]
    assert len(spec["reason"].split()) >= 3, f"{rule_id}: the reason should be a phrase a person can read"
    namespace = rule_id.split(".")[0]
    if namespace in {"en", "de", "fr", "es", "it", "pt", "nl"}:
        assert spec.get("language") == namespace, f"{rule_id}: language should be {namespace}"
