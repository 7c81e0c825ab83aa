"""Decisions become removals; removals replay to the output, and only that way."""

from __future__ import annotations

import pytest

from cleaner.decisions import (
    SPECIFICITY_LINE,
    SPECIFICITY_REST,
    SPECIFICITY_SECTION,
    Decision,
    Removal,
    apply_removals,
    resolve,
)
from cleaner.document import Document

TEXT = "zero\r\none\r\ntwo\r\nthree\r\nfour"


def test_most_specific_rule_owns_a_line():
    doc = Document.parse(TEXT)
    decisions = [
        Decision(1, 4, "rest.rule", "took the rest", SPECIFICITY_REST),
        Decision(2, 3, "section.rule", "section", SPECIFICITY_SECTION),
        Decision(3, 3, "line.rule", "the line", SPECIFICITY_LINE),
    ]
    removals = resolve(doc, decisions)
    assert [(r.rule_id, r.first_line, r.last_line) for r in removals] == [
        ("rest.rule", 2, 2),
        ("section.rule", 3, 3),
        ("line.rule", 4, 4),
        ("rest.rule", 5, 5),
    ]
    assert apply_removals(TEXT, removals) == "zero\r\n"


def test_protected_lines_split_a_removal():
    doc = Document.parse(TEXT)
    removals = resolve(doc, [Decision(1, 3, "r.x", "why")], protected=frozenset({2}))
    assert [(r.first_line, r.last_line) for r in removals] == [(2, 2), (4, 4)]
    assert apply_removals(TEXT, removals) == "zero\r\ntwo\r\nfour"


def test_partial_span_decisions_cut_inside_a_line():
    text = "keep   \nnext\n"
    doc = Document.parse(text)
    removals = resolve(doc, [Decision(0, 0, "ws.x", "spaces", span=(4, 7))])
    assert apply_removals(text, removals) == "keep\nnext\n"


def test_replay_rejects_a_log_that_does_not_fit():
    with pytest.raises(ValueError, match="does not match"):
        apply_removals("abcdef", [Removal("r.x", "why", 0, 2, 1, 1, "zz")])
    with pytest.raises(ValueError, match="overlaps"):
        apply_removals("abcdef", [Removal("r.x", "w", 0, 3, 1, 1, "abc"), Removal("r.y", "w", 2, 4, 1, 1, "cd")])
