"""The pattern rules' literal prefilter, which the corpus throughput depends on, changes nothing.

A line the prefilter skips must be a line the rule's regex cannot match.
These tests check the parts that make that true: the literals read from each
default pattern, the case folding used to look for them, and the engine's
output with and without the filter.
"""

import pytest
import regex
from conftest import dev_texts, seed_and_example_texts

from cleaner import Cleaner
from cleaner.document import Document, visible
from cleaner.rules.base import Context
from cleaner.rules.pattern import (
    _DIGIT,
    LiteralPrefilter,
    PatternRule,
    literal_key,
    required_literals,
    required_prefixes,
)
from cleaner.settings import Settings


@pytest.fixture(scope="module")
def pattern_rules():
    return [r for r in Cleaner().rules if r.KIND == "pattern"]


def test_most_default_patterns_get_a_filter(pattern_rules):
    filtered = [r for r in pattern_rules if r.literals is not None]
    assert len(filtered) >= len(pattern_rules) * 3 // 4


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # Parts that each match one of a few strings exactly join into the strings of the whole run.
        (r"\bleave a (?:reply|comment)\b", {"leave a reply", "leave a comment"}),
        (r"(?:photo|image) credit\s*:", {"photo credit", "image credit"}),
        (r"(?:\d+|no) comments?", {" comment"}),
        (r"foo|ba", None),  # a two-letter alternative filters nothing
        (r"(?:abc)?def", {"def"}),  # an optional part is not required
        (r"x{0,3}abcd", {"abcd"}),
        (r"[[:alpha:]]+ says", None),  # POSIX classes: regex syntax, no filter
        (r"(?i:abc)def", None),  # inline flags: no filter, to be safe
        (r"\\(?i:abc)def", None),  # an escaped backslash: the group's "(" is real
        (r"\(?(?:photo|image):", {"photo:", "image:"}),  # an optional literal "(", then a group
        (r"(?|abc|abd)", None),
        (r"stra(?:ß|ss)e", {"stra"}),  # ß folds to two letters: it ends a literal
        (r"(?:©|\(c\))\d{4}", {"©", "(c)"}),  # a symbol is rare in prose: short but a filter
        (r"(?:>|x)abc", {">abc", "xabc"}),
        (r"[Pp]hotos?:", {"photo:", "photos:"}),  # a class of letters and an optional "s" join the run
        # A run that would stand for more than 16 strings starts again from its last part.
        (r"(?:a|b|c|d|e)(?:f|g|h|i)(?:j|k|l|m|n)xyz", {"jxyz", "kxyz", "lxyz", "mxyz", "nxyz"}),
        (r"(?:ab|)cde", {"cde"}),  # an empty branch makes "cde" alone one of the run's strings
        (r"(?:abc|)\d+", None),  # a run that may match nothing requires nothing
        (r"(?:abc)?(?:def)?\d", None),
        (r"(?:view|see) all posts(?: by)?", {"view all posts", "see all posts"}),  # an optional part may end a run
        (r"(?:photo|image) credits?\s*:", {"photo credit", "image credit"}),  # no string that holds another
        (r"(?:>|x)\d", None),  # a one-letter alternative still filters nothing
    ],
)
def test_required_literals(pattern, expected):
    got = required_literals(pattern, True)
    assert (None if got is None else set(got)) == (None if expected is None else {literal_key(e) for e in expected})


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:(?:share|tweet|x)\b[\s|,]*)+", {"share", "tweet", "x"}),
        (r"\s*(?:tags?|filed under)\s*:", {"tag", "filed under"}),  # the text a rule sees has no leading space
        (r"\W*(?:read more|see also)", None),  # anything may come first
        (r"(?:abc)?def", None),
        (r"[<>]{2}x", {"<", ">"}),
        (r"(?:abc|)def", None),
        (r"(?i:abc)", None),
        (r"(?!x\W*$)(?:share|x)\b", {"share", "x"}),  # a look-ahead reads no character
        (r"ab(?=c)cd", {"abcd"}),
    ],
)
def test_required_prefixes(pattern, expected):
    got = required_prefixes(pattern, True)
    assert (None if got is None else set(got)) == (None if expected is None else {literal_key(e) for e in expected})


def test_visible_text_starts_with_nothing_regex_reads_as_space():
    every_char = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    assert all(ch.isspace() for ch in regex.findall(r"\s", every_char, regex.V0 | regex.IGNORECASE))


def test_every_line_a_pattern_matches_from_its_start_begins_with_a_prefix(pattern_rules):
    lines = {visible(line) for text in _texts() for line in text.splitlines()}
    checked = 0
    for rule in pattern_rules:
        if rule.prefixes is None:
            continue
        for line in lines:
            if line and rule._run(line, timeout=1.0):
                key = literal_key(line) if rule.ignorecase else line
                assert key.startswith(rule.prefixes), (rule.id, line)
                checked += 1
    assert checked > 20


def test_case_folding_agrees_with_regex_for_every_literal_character(pattern_rules):
    every_char = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    chars = {ch for r in pattern_rules if r.literals and r.ignorecase for lit in r.literals for ch in lit}
    chars |= {ch for r in pattern_rules if r.prefixes and r.ignorecase for lit in r.prefixes for ch in lit}
    chars |= set("abcdefghijklmnopqrstuvwxyz")
    for ch in sorted(chars):
        for other in regex.findall(regex.escape(ch), every_char, regex.IGNORECASE | regex.V0):
            assert literal_key(other) == literal_key(ch), (ch, other)


def _texts():
    return seed_and_example_texts(Cleaner().rules) + dev_texts(300, files=1)


def test_engine_output_is_the_same_with_and_without_the_filter():
    fast, slow = Cleaner(), Cleaner()
    for rule in slow.rules:
        if rule.KIND == "pattern":
            rule.prefilter = None
    texts = _texts()
    assert len(texts) > 100
    for text in texts:
        assert fast.clean(text) == slow.clean(text)


def test_every_line_a_pattern_matches_holds_one_of_its_literals(pattern_rules):
    lines = {line.strip() for text in _texts() for line in text.splitlines()}
    checked = 0
    for rule in pattern_rules:
        if rule.literals is None:
            continue
        for line in lines:
            if line and rule._run(line, timeout=1.0):
                key = literal_key(line) if rule.ignorecase else line
                assert any(lit in key for lit in rule.literals), (rule.id, line)
                checked += 1
    assert checked > 50


def test_every_line_a_digit_rule_matches_holds_a_digit(pattern_rules):
    rules = [rule for rule in pattern_rules if rule.needs_digit]
    assert any(rule.literals is None and rule.prefixes is None for rule in rules)
    lines = {visible(line) for text in _texts() for line in text.splitlines()}
    checked = 0
    for rule in rules:
        for line in lines:
            if line and rule._run(line, timeout=1.0):
                assert _DIGIT(line), (rule.id, line)
                checked += 1
    assert checked > 5


def _rule(rule_id: str, pattern: str, **more) -> PatternRule:
    return PatternRule({"id": rule_id, "reason": "test", "pattern": pattern, "match": "search", **more})


def test_the_scan_finds_strings_that_overlap_or_share_a_start():
    rules = [_rule("t.commission", "commission"), _rule("t.mission", "mission"), _rule("t.miss", "miss"),
             _rule("t.sion", r"sion\b"), _rule("t.cased", "Mission", case_sensitive=True)]
    prefilter = LiteralPrefilter(rules)
    doc = Document.parse("A commission.\nMission control\nmissionmission\nnothing here\nCOMMISSION\n")
    ctx = Context(doc, Settings())
    assert {r.id: prefilter.lines_for(ctx, r) for r in rules} == {
        "t.commission": [0, 4], "t.mission": [0, 1, 2, 4], "t.miss": [0, 1, 2, 4], "t.sion": [0, 1, 2, 4],
        "t.cased": [1]}


def test_a_rule_is_a_candidate_only_on_lines_within_its_word_limit():
    rules = [_rule("t.short1", "shortword", max_words=3), _rule("t.short2", "brief", max_words=3),
             _rule("t.short3", "tiny", max_words=3), _rule("t.long", "longword", max_words=20),
             _rule("t.any", "anyword", max_words=0)]
    prefilter = LiteralPrefilter(rules)
    doc = Document.parse("shortword longword anyword\n"
                         f"shortword longword anyword {' '.join(['filler'] * 5)}\n"
                         f"shortword longword anyword {' '.join(['filler'] * 30)}\n")
    ctx = Context(doc, Settings())
    assert {r.id: prefilter.lines_for(ctx, r) for r in rules} == {
        "t.short1": [0], "t.short2": [], "t.short3": [], "t.long": [0, 1], "t.any": [0, 1, 2]}

