"""The pattern prefilter's one-pass scan: every line a rule can match is among its candidates.

The scan folds a document's short lines into one text and finds literals with
one Aho-Corasick automaton, and prefixes after line breaks with the same; these
tests pin what that must get right: overlapping strings and strings inside
others, folds that change length (ß, İ), case-sensitive rules, every line
ending a document knows, zero-width characters and long lines.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.document import Document, visible
from cleaner.examples import example_document
from cleaner.rules import pattern
from cleaner.rules.base import BLANK, Context
from cleaner.rules.pattern import LiteralPrefilter, PatternRule, literal_key
from cleaner.settings import Settings


def _rule(rule_id: str, regex: str, mode: str = "search", **more) -> PatternRule:
    return PatternRule({"id": rule_id, "reason": "test", "pattern": regex, "match": mode, **more})


RULES = [
    _rule("t.commission", "commission"),
    _rule("t.mission", r"\bmission\b", max_words=6),
    _rule("t.miss", "miss(?:ion)?"),
    _rule("t.cased", "Mission", case_sensitive=True),
    _rule("t.cased-start", r"PHOTO:\s*\w+", mode="start", case_sensitive=True),
    _rule("t.strasse", "straße"),
    _rule("t.istanbul", "İstanbul"),
    _rule("t.share", r"(?:share|tweet|x)(?:\s*\|\s*(?:share|tweet|x))*", mode="line", max_words=8),
    _rule("t.email", r"e-?mail\b", mode="start"),
    _rule("t.both", r"(?:share|tweet) this (?:post|story)", mode="line"),
    _rule("t.copyright", r"©\s*\d+"),  # one character, rare in prose: a literal of its own
]
PIECES = ["mission", "Mission", "MISSION", "commission", "com", "miss", "share", " | ", "tweet", "x", "e", "-mail",
          "mail", "İ", "ı", "i\u0307", "\u0307", "stanbul", "ISTANBUL", "stra", "ß", "SS", "ss", "e", "PHOTO", "photo",
          ":", " this ", "post", "story", " ", "  ", "\t", "\u200b", "\ufeff", "\u2060", "\xa0", "\n", "\r", "\r\n",
          "word ", "ﬁ", "©", "2024"]


def _candidates(prefilter: LiteralPrefilter, text: str) -> tuple[Document, dict[str, list[int]]]:
    doc = Document.parse(text)
    ctx = Context(doc, Settings())
    return doc, {rule.id: prefilter.lines_for(ctx, rule) for rule in RULES if prefilter.filters(rule)}


def _matched(rule: PatternRule, doc: Document) -> list[int]:
    return [line.index for line in doc.lines
            if line.kind is not BLANK and not (rule.max_words and line.words > rule.max_words)
            and rule._run(visible(line.text), timeout=1.0)]


def test_every_test_rule_is_filtered():
    prefilter = LiteralPrefilter(RULES)
    assert all(prefilter.filters(rule) for rule in RULES)
    both = next(rule for rule in RULES if rule.id == "t.both")
    assert both.literals and both.prefixes  # filtered by both tests


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_every_line_a_rule_matches_is_a_candidate(text):
    prefilter = LiteralPrefilter(RULES)
    doc, candidates = _candidates(prefilter, text)
    for rule in RULES:
        missing = set(_matched(rule, doc)) - set(candidates.get(rule.id, ()))
        assert not missing, (rule.id, [doc.lines[i].text for i in missing])


def test_the_candidates_of_a_table_of_lines():
    text = ("A commission\r\n"  # 0: inside another literal, CRLF
            "Mission control\r"  # 1: CR ending
            "\u200b\ufeff PHOTO: Ann\n"  # 2: prefix after zero-width characters
            "photo: ann\n"  # 3: the case-sensitive prefix's fold, not the prefix
            "Die STRASSE in İSTANBUL\n"  # 4: ß and İ, both folds of other lengths
            "share | tweet | x\n"  # 5
            "E-Mail\n"  # 6
            "an e-mail address\n"  # 7: holds the prefix, but not at its start
            "Share this story\r"  # 8
            "©2024")  # 9: a one-character literal at a line's start, no final line ending
    doc, candidates = _candidates(LiteralPrefilter(RULES), text)
    assert candidates == {
        "t.commission": [0], "t.mission": [0, 1], "t.miss": [0, 1], "t.cased": [1], "t.cased-start": [2],
        "t.strasse": [4], "t.istanbul": [4], "t.share": [5, 8], "t.email": [6], "t.both": [8],
        "t.copyright": [9]}
    for rule in RULES:
        assert set(_matched(rule, doc)) <= set(candidates[rule.id]), rule.id


def test_a_very_long_line_is_scanned_for_the_rules_without_a_limit():
    line = "word " * 100_000 + "commission " + "word " * 10
    doc, candidates = _candidates(LiteralPrefilter(RULES), f"x\n{line}\nmission\n")
    assert candidates["t.commission"] == [1]
    assert candidates["t.mission"] == [2]  # max_words 6: the long line is not its candidate


def test_a_line_longer_than_every_limit_is_not_scanned():
    rules = [_rule("t.short", "word", max_words=3), _rule("t.long", "word", max_words=20)]
    prefilter = LiteralPrefilter(rules)
    ctx = Context(Document.parse("word " * 25 + "\nword\n"), Settings())
    assert prefilter.max_words == 20
    assert ctx.short_lines(20) == [1]
    assert [prefilter.lines_for(ctx, rule) for rule in rules] == [[1], [1]]


@pytest.mark.parametrize("texts", [["abc", "ABC"], ["straße", "x"], ["İ", "i\u0307x", ""], ["ﬁ", "Σς"], [""], [],
                                   ["", "", "a"], ["Ünïcödé", "\u200b x"]])
def test_the_joined_key_folds_each_line_in_place(texts):
    key, starts = pattern._joined_key(texts)
    assert key == "\n" + "\n".join(literal_key(t) for t in texts)
    # The starts as the line breaks of the key give them (whether or not a fold changed a length).
    assert starts == [found.end() for found in re.finditer("\n", key)] + [len(key) + 1]
    texts = texts or [""]  # no lines join as one empty line does
    assert len(starts) == len(texts) + 1
    for row, text in enumerate(texts):
        assert key[starts[row]:starts[row + 1] - 1] == literal_key(text)
        assert key[starts[row] - 1] == "\n"


def test_a_prefix_is_found_after_every_character_visible_strips():
    every_char = (chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    leading = [ch for ch in every_char if ch not in "\r\n" and visible(ch + "x") == "x"]
    assert " " in leading and "\u200b" in leading and "\ufeff" in leading
    email = next(rule for rule in RULES if rule.id == "t.email")
    text = "".join(f"{ch}{ch}E-Mail us\n" for ch in leading)
    doc, candidates = _candidates(LiteralPrefilter(RULES), text)
    assert candidates["t.email"] == _matched(email, doc) == list(range(len(leading)))


def test_a_string_with_a_line_break_is_never_looked_for():
    rules = [_rule("t.break", "ab\ncd|ab\nce"), _rule("t.start", "ab\ncd", mode="start")]
    assert rules[0].literals and rules[1].prefixes
    doc = Document.parse("ab\ncd\nab\n")
    ctx = Context(doc, Settings())
    prefilter = LiteralPrefilter(rules)
    assert [prefilter.lines_for(ctx, rule) for rule in rules] == [[], []]


def test_engine_output_is_the_same_when_each_line_is_folded_alone(monkeypatch):
    cleaner = Cleaner()
    texts = [example_document(example, rule.where)[0] for rule in cleaner.rules if rule.KIND == "pattern"
             for mode in ("remove", "keep") for example in rule.spec.get("examples", {}).get(mode, ())]
    texts += [text.upper() + "\nStraße\n" for text in texts[:50]]
    fast = [cleaner.clean(text).text for text in texts]

    def line_by_line(lines):
        keys = [literal_key(text) for text in lines]
        starts = [1]
        for key in keys:
            starts.append(starts[-1] + len(key) + 1)
        return "\n" + "\n".join(keys), starts

    monkeypatch.setattr(pattern, "_joined_key", line_by_line)
    assert [cleaner.clean(text).text for text in texts] == fast


@pytest.mark.parametrize(
    ("regex_", "expected"),
    [
        (r"\d{1,2}\.\d{4}", True),
        (r"(?:posted )?(?:[0-9]+|\d+ days)", True),
        (r"(?:may|june) 5", True),
        (r"(?:\d+|no) comments?", False),  # one alternative has no digit
        (r"\d*x", False),  # the digits may be missing
        (r"[\d.]+", False),  # a class with more than digits
        (r"[^0-9]", False),
        (r"(?i:\d)", False),  # inline flags: no filter, to be safe
        (r"\p{Nd}", False),  # a property is any character to the extraction
    ],
)
def test_requires_digit(regex_, expected):
    assert pattern.requires_digit(regex_) is expected


def test_digit_checks_agree_with_the_rules_engine():
    import regex

    every_char = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    digits = set(regex.findall(r"\d", every_char, regex.V0))
    assert digits == set(regex.findall(r"\d", every_char, regex.V0 | regex.IGNORECASE))
    assert {ch for ch in every_char if pattern._DIGIT(ch)} == digits
    for digit in "0123456789":  # a literal digit matches no other character, in any case mode
        assert regex.findall(digit, every_char, regex.V0 | regex.IGNORECASE) == [digit]


def test_a_rule_that_needs_only_a_digit_is_a_candidate_on_lines_with_one():
    date = _rule("t.date", r"(?:\d{1,2}\.){2}\d{4}", mode="line", max_words=4)
    assert date.literals is None and date.prefixes is None and date.needs_digit
    prefilter = LiteralPrefilter([date])
    assert prefilter.filters(date)
    ctx = Context(Document.parse("no date\n08.04.2015\nthe 3rd of five words here\n\u0663\u0660\n"), Settings())
    assert prefilter.lines_for(ctx, date) == [1, 3]  # line 2 is longer than the rule reads



def test_no_character_folds_to_nothing():
    # _joined_key reads equal lengths of a text and its fold as every character folding to one.
    assert all(chr(i).casefold() for i in range(0x110000) if not 0xD800 <= i < 0xE000)
