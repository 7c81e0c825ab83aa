"""Random rule packs: valid ones load and clean without a crash; broken ones raise RulePackError only.

Valid packs are generated from the declared schema itself (every kind in
:data:`cleaner.rules.KINDS` and its ``PARAMS``), so a new kind or parameter
is fuzzed without touching this file. Invalid packs are valid ones with one
mutation: a key dropped, added, retyped or duplicated, a bad regex, broken
YAML, or random bytes.
"""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, RulePackError, load_ruleset
from cleaner.rules import COMMON_PARAMS, KINDS
from cleaner.rules.base import Param

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])
TEXT = (
    "Harbour budget\n\nThe council met on Tuesday and agreed a budget with more money for schools, buses, "
    "libraries and the old bridges.\nShare this:\nRelated Posts\nCouncil backs plan\n\n\nLeave a comment\n"
)
WORD = st.text(alphabet=string.ascii_lowercase + "éü", min_size=1, max_size=8)
PHRASE = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
# Patterns that compile and cannot backtrack badly: escaped phrases and a few safe shapes.
PATTERN = st.one_of(
    PHRASE.map(lambda p: p.replace(" ", r"\s+")),
    st.sampled_from([r"\d+\s+comments?", r"(?:share|follow)\b.*", r"[\p{Lu}][\p{L} ]{1,20}:", r".{1,40}"]),
)
RULE_ID = st.lists(st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=6),
                   min_size=2, max_size=3).map(".".join)


def value_for(name: str, param: Param):
    """A strategy for a valid value of one declared parameter."""
    if name in ("pattern", "price_pattern", "citation_pattern"):
        return PATTERN
    if param.type == "str":
        return PHRASE
    if param.type == "bool":
        return st.booleans()
    if param.type == "enum":
        return st.sampled_from(param.choices)
    if param.type == "list[str]":
        return st.lists(PHRASE, min_size=1, max_size=4)
    if param.type in ("int", "float"):
        low = int(param.minimum) if param.minimum is not None else 0
        high = int(param.maximum) if param.maximum is not None else low + 50
        if name == "timeout":
            return st.floats(min_value=0.05, max_value=1.0)
        if param.type == "float":
            return st.floats(min_value=float(low), max_value=float(high), allow_nan=False)
        return st.integers(min_value=low, max_value=high)
    raise AssertionError(f"no strategy for parameter type {param.type!r} ({name})")


@st.composite
def rule(draw, rule_id: str):
    kind = draw(st.sampled_from(sorted(KINDS)))
    params = {**COMMON_PARAMS, **KINDS[kind].PARAMS}
    spec = {"id": rule_id, "kind": kind, "reason": draw(PHRASE),
            "examples": {"remove": [draw(PHRASE)], "keep": [draw(PHRASE)]}}
    for name, param in params.items():
        if name in spec or name in ("aliases", "language"):
            continue
        if param.required or draw(st.booleans()):
            spec[name] = draw(value_for(name, param))
    return spec


@st.composite
def valid_pack(draw) -> dict:
    ids = draw(st.lists(RULE_ID, min_size=0, max_size=5, unique=True))
    pack = {"extends": []}
    rules = [draw(rule(rule_id)) for rule_id in ids]
    if rules:
        pack["rules"] = rules
    if draw(st.booleans()):
        pack["settings"] = {"max_removed_share": draw(st.floats(0, 1)),
                            "substantial_words": draw(st.integers(1, 40))}
    if draw(st.booleans()):
        pack["keep"] = [draw(PHRASE)]
    return pack


JUNK = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5),
                 st.lists(st.integers(), max_size=2),
                 st.dictionaries(st.text(min_size=1, max_size=3), st.integers(), max_size=2))


@st.composite
def broken_pack(draw) -> str:
    pack = draw(valid_pack())
    rules = pack.get("rules") or []
    mutation = draw(st.sampled_from(["drop", "add", "retype", "duplicate", "regex", "top", "yaml", "bytes"]))
    if mutation in ("drop", "add", "retype") and rules:
        target = draw(st.sampled_from(rules))
        key = draw(st.sampled_from(sorted(target)))
        if mutation == "drop":
            del target[key]
        elif mutation == "add":
            target[draw(st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=10))] = draw(JUNK)
        else:
            target[key] = draw(JUNK)
    elif mutation == "duplicate" and rules:
        rules.append(dict(rules[0]))
    elif mutation == "regex":
        pack.setdefault("rules", []).append({"id": "bad.regex", "kind": "pattern", "reason": "bad",
                                             "pattern": draw(st.sampled_from(["(", "[a-", "*x", "(?P<", "\\"])),
                                             "examples": {"remove": ["x"]}})
    elif mutation == "top":
        pack[draw(st.sampled_from(["extends", "disable", "override", "keep", "settings", "rules", "pack", "x"]))] = (
            draw(JUNK))
    text = yaml.safe_dump(pack, allow_unicode=True, sort_keys=False)
    if mutation == "yaml":
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["[", "{", ": :", "\t- x", "'", "&a *b", "!!python/none"]))
    elif mutation == "bytes":
        text = draw(st.binary(max_size=200)).decode("latin-1")
    return text


@FUZZ
@given(pack=valid_pack())
def test_valid_packs_load_and_clean(tmp_path_factory, pack):
    path = tmp_path_factory.mktemp("pack") / "pack.yaml"
    path.write_text(yaml.safe_dump(pack, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cleaner = Cleaner(load_ruleset(path))
    result = cleaner.clean(TEXT)
    assert result.replay() == result.text
    assert all(r.rule_id and r.reason for r in result.removals)


@FUZZ
@given(text=broken_pack())
def test_broken_packs_raise_rule_pack_error_only(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("pack") / "pack.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        ruleset = load_ruleset(path)
    except RulePackError as err:
        # The message starts with the file it is about (this pack, or one it extends).
        assert str(err).startswith(str(path.parent))
        return
    # Some mutations leave a valid pack (a dropped optional key): it must then work.
    result = Cleaner(ruleset).clean(TEXT)
    assert result.replay() == result.text
