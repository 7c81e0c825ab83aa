"""The strings a pattern's matches need (PatternRule.needs), tested before its regex runs.

A text that lacks them cannot be matched, so the regex is not run on it.
These tests pin that the test never rules out a text the regex matches: for
the default packs' patterns on real and example texts, for small patterns on
generated texts, and for the engine's output with and without the test.
"""

import regex
from conftest import dev_texts, seed_and_example_texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.document import visible
from cleaner.rules.pattern import PatternRule, literal_key, required_strings


def _rule(rule_id: str, pattern: str, mode: str = "search", **more) -> PatternRule:
    return PatternRule({"id": rule_id, "reason": "test", "pattern": pattern, "match": mode, **more})


def _texts() -> list[str]:
    return seed_and_example_texts(Cleaner().rules) + dev_texts(300, files=1)


def test_required_strings_of_an_alternation():
    assert required_strings(r"this (?:post|entry) was|powered by \w+", True) == (
        (("this ",), (" was",), ("entry", "post")), (("powered by ",),))
    # One branch needs nothing: no text can be ruled out.
    assert required_strings(r"(?:\w+ )?says|\d+", True) is None
    # A branch needs one string of each branch of a group inside it.
    assert required_strings(r"a?(?:©|\(c\)|photo:)", True) == ((("(c)", "photo:", "©"),),)
    # White space alone is in nearly every line: never a set of its own.
    assert required_strings(r"\w+ \w+", True) is None
    # Case-sensitive patterns keep their strings as written; others give literal_key's form.
    assert required_strings(r"PHOTO: \w+|Bild: \w+", False) == ((("PHOTO: ",),), (("Bild: ",),))
    assert required_strings(r"STRASSE|İstanbul", True) == ((("strasse",),), (("istanbul",),))


def test_a_class_of_plain_characters_is_a_set_of_one_character_strings():
    # "[:»|]+" needs one of its characters, as "(?::|»|\|)" would; a class with
    # white space, a range or a negation gives no set.
    assert required_strings(r"\W*(?:lea|mira)\s*[:»|]+\s*\S", True) == ((("lea", "mira"), (":", "|", "»")),)
    assert required_strings(r"[^:]+x|a[ b]c|[a-z]+q", True) == ((("x",),), (("a",), ("c",)), (("q",),))
    # A character that folds to two is no one-character literal: the class gives nothing.
    assert required_strings(r"x[ßy]", True) == ((("x",),),)


def test_most_default_patterns_with_alternatives_get_needs():
    rules = [r for r in Cleaner().rules if r.KIND == "pattern"]
    assert sum(1 for r in rules if r.needs) >= len(rules) // 2


def test_every_line_a_default_pattern_matches_passes_its_needs():
    lines = {visible(line) for text in _texts() for line in text.splitlines()}
    checked = 0
    for rule in Cleaner().rules:
        if rule.KIND != "pattern" or not rule.needs:
            continue
        for line in lines:
            if line and rule._run(line, timeout=1.0):
                assert rule.may_match(line), (rule.id, line)
                checked += 1
    assert checked > 50


def test_case_folding_agrees_with_regex_for_every_needed_character():
    every_char = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    chars = {ch for r in Cleaner().rules if r.KIND == "pattern" and r.needs and r.ignorecase
             for needed in r.needs for strings in needed for string in strings for ch in string}
    for ch in sorted(chars):
        for other in regex.findall(regex.escape(ch), every_char, regex.IGNORECASE | regex.V0):
            assert literal_key(other) == literal_key(ch), (ch, other)


RULES = [
    _rule("t.blog", r"\W*this (?:entry|post) was (?:posted|filed) (?:in|on)\b.*|\W*powered by \w+", mode="line"),
    _rule("t.credit", r".{3,40}?(?:©\s*\w+|(?:Photo|BILD)\s*:\s*\w+|\(\s*(?:Photo\s*:|©)\s*[^()]{2,20}\))",
          mode="line", case_sensitive=True),
    _rule("t.aff",
          r"\b(?:contains? (?:affiliate|sponsored) links?|(?:this|the) post is sponsored)|^\W*paid links?\W*$"),
    _rule("t.strasse", r"(?:die|der) straße (?:ist|war)|İstanbul (?:ist|war)", mode="start"),
    _rule("t.arrow", r"\W*(?:read|lea)\s*[:»|]+\s*\S|[|•]\s*(?:home|rss)\s*[|•]", mode="start"),
]
PIECES = ["this ", "This ", "THIS ", "entry", "post", " was ", "posted", "filed", " in", " on", "powered by ", "wp",
          "©", "Photo", "photo", "BILD", "Bild", ":", " ", "(", ")", "x", "Ann", "contains ", "contain ", "affiliate",
          "sponsored", " links", " link", "the ", " is ", "paid", "—", "die ", "der ", "straße", "STRASSE", "İ",
          "i\u0307", "stanbul", " ist", " war", "\u200b", "\xa0", "ß", "ss", "»", "|", "•", "read", "Lea", "LEA",
          "home", "RSS"]


MATCHED = ["— This entry was posted in News", "powered by wp", "Ann x © Ann", "x photo Photo : Ann",
           "Ann (Photo: x y)", "xx BILD:Ann", "This post contains affiliate links.", "THE POST IS SPONSORED",
           "— paid link —", "DIE Straße ist", "İSTANBUL war", "istanbul ist", "» Lea: x", "| RSS •"]


def test_the_generated_rules_match_a_table_of_lines():
    for text in MATCHED:
        assert any(rule._run(text, timeout=1.0) for rule in RULES), text
        assert all(rule.may_match(text) for rule in RULES if rule._run(text, timeout=1.0)), text
    assert not any(rule.may_match("Ann x Ann, no credit here") for rule in RULES)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_no_text_a_pattern_matches_is_ruled_out(text):
    for rule in RULES:
        assert rule.needs
        if rule._run(text, timeout=1.0):
            assert rule.may_match(text), (rule.id, text)


def test_engine_output_is_the_same_without_the_needs():
    fast, slow = Cleaner(), Cleaner()
    assert any(rule.KIND == "pattern" and rule.needs for rule in fast.rules)
    for rule in slow.rules:
        if rule.KIND == "pattern":
            rule.needs = None
    texts = _texts()
    # Letter case changes which strings a case-sensitive rule's text holds, and how
    # a case-insensitive one's folds: the examples in other cases too.
    texts += [variant(text) for text in texts[:600] for variant in (str.upper, str.lower, str.swapcase)]
    for text in texts:
        assert fast.clean(text) == slow.clean(text)
