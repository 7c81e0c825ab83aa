"""The pattern prefilter leaves out lines where no rule reading them may fire.

A rule with a zone (head, tail, edges) is only tried on lines in it
(PatternRule.matching), so the scan of a group whose rules all have zones
(the second look's) reads only the head and the tail, and a rule that needs a
digit alone gets digit lines only from its zone. These tests pin that the
zones the scan uses are Context.in_zone's, and that the engine's output is the
same with the shortcut switched off.
"""

import pytest
from conftest import dev_texts, seed_and_example_texts

from cleaner import Cleaner
from cleaner.document import Document
from cleaner.rules import pattern
from cleaner.rules.base import WHERE_CHOICES, Context
from cleaner.rules.pattern import LiteralPrefilter, PatternRule
from cleaner.settings import Settings

PROSE = "A paragraph of article text that is long enough to count as the substantial body of it. " * 3 + "\n"


def _texts() -> list[str]:
    return seed_and_example_texts(Cleaner().rules) + dev_texts(300, files=1)


@pytest.mark.parametrize("where", WHERE_CHOICES)
@pytest.mark.parametrize("text", [
    "", "no prose at all\n\n", PROSE, "x 1\n" + PROSE + "y 2\n" + PROSE + "z 3\n",
    "".join(line + "\n" for line in ["head 1", "head 2", "", PROSE, "mid 3", PROSE, "tail 4", "", "tail 5"]),
])
def test_zone_rows_are_the_lines_in_zone(where, text):
    ctx = Context(Document.parse(text), Settings())
    if PROSE in text:
        assert ctx.substantial
    for indexes in (list(range(len(ctx.doc.lines))), ctx.short_lines(3), ctx.short_lines(0)[::2]):
        rows = list(pattern._zone_rows(ctx, indexes, where))
        assert rows == [row for row, index in enumerate(indexes) if ctx.in_zone(index, where)]


def test_a_zoned_digit_rule_gets_digit_lines_of_its_zone():
    date = PatternRule({"id": "t.date", "reason": "test", "pattern": r"\d{1,2}\.\d{1,2}\.\d{4}", "match": "line",
                        "where": "edges"})
    text = "01.02.2024\n" + PROSE + "03.04.2024\n" + PROSE + "05.06.2024\n"
    ctx = Context(Document.parse(text), Settings())
    prefilter = LiteralPrefilter([date])
    assert prefilter.zoned
    assert ctx.head_end == 1 and ctx.tail_start == 4
    assert prefilter.lines_for(ctx, date) == [0, 4]


def test_engine_output_is_the_same_without_the_zone_shortcut(monkeypatch):
    texts = _texts()
    cleaner = Cleaner()
    fast = [cleaner.clean(text) for text in texts]
    monkeypatch.setattr(pattern, "_zone_rows", lambda ctx, indexes, where: range(len(indexes)))
    slow = Cleaner()
    groups = [group for phase in slow._second_phases for group in phase if isinstance(group, pattern.PatternGroup)]
    assert groups and all(group.prefilter.zoned for group in groups)
    for group in groups:
        group.prefilter.zoned = False
    assert [slow.clean(text) for text in texts] == fast


def test_strings_of_zoned_rules_are_looked_for_in_the_head_and_the_tail_only():
    tail = PatternRule({"id": "t.tel", "reason": "test", "pattern": r"tel\.?:? \+?[\d ]+", "match": "line",
                        "where": "tail"})
    head = PatternRule({"id": "t.by", "reason": "test", "pattern": r"by \w+", "match": "start", "where": "head"})
    anywhere = PatternRule({"id": "t.hotel", "reason": "test", "pattern": r"hotel \w+", "match": "line"})
    prefilter = LiteralPrefilter([tail, head, anywhere])
    assert not prefilter.zoned and prefilter.automaton is not None and prefilter.edge_automaton is not None
    lines = ["by Ann", "Tel: 123", "", PROSE.strip(), "by Bob", "Tel: 456", "Hotel Ritz", PROSE.strip(),
             "Hotel Savoy", "Tel: 789", "by Cy"]
    ctx = Context(Document.parse("\n".join(lines) + "\n"), Settings())
    assert (ctx.head_end, ctx.tail_start) == (3, 8)
    # In the body only the string of a rule that may fire anywhere is found.
    assert prefilter.lines_for(ctx, anywhere) == [6, 8]
    # The edge strings are found in both edges, for a rule of either one.
    assert prefilter.lines_for(ctx, tail) == [1, 9]
    assert prefilter.lines_for(ctx, head) == [0, 10]


def test_engine_output_is_the_same_without_the_edge_automaton(monkeypatch):
    texts = _texts()
    cleaner = Cleaner()
    assert any(group.prefilter.edge_automaton is not None and group.prefilter.automaton is not None
               for phase in cleaner._phases for group in phase if isinstance(group, pattern.PatternGroup))
    fast = [cleaner.clean(text) for text in texts]
    monkeypatch.setattr(LiteralPrefilter, "split_zones", False)
    slow = Cleaner()
    assert all(group.prefilter.edge_automaton is None
               for phase in slow._phases + slow._second_phases for group in phase
               if isinstance(group, pattern.PatternGroup))
    assert [slow.clean(text) for text in texts] == fast


def test_scan_tables_are_the_same_without_the_word_limit_of_the_strings():
    # The scan leaves out a hit on a line longer than every owner of its string reads
    # (LiteralPrefilter.reach); the table drops such lines for each rule anyway.
    texts = _texts()
    cleaner = Cleaner()
    groups = [group for phase in cleaner._phases + cleaner._second_phases for group in phase
              if isinstance(group, pattern.PatternGroup)]
    assert any(reach < pattern._ANY_LENGTH for group in groups for reach in group.prefilter.reach)
    compared = 0
    for text in texts + [text.upper() for text in texts[:200]]:
        doc = Document.parse(text, cleaner.layout)
        for group in groups:
            prefilter = group.prefilter
            fast = prefilter._scan(Context(doc, cleaner.settings))
            reach = prefilter.reach
            prefilter.reach = [pattern._ANY_LENGTH] * len(reach)
            try:
                assert prefilter._scan(Context(doc, cleaner.settings)) == fast, text[:200]
            finally:
                prefilter.reach = reach
            compared += len(fast)
    assert compared > 1000
