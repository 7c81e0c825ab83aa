"""The two seed articles: golden outputs, from general rules only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEEDS, read_exact

import cleaner
from cleaner.packs import builtin_pack_paths

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_matches_its_golden_output(name):
    source = read_exact(SEEDS / name)
    expected = read_exact(SEEDS / "expected" / name)
    result = cleaner.clean(source)
    assert result.text == expected
    assert result.replay() == expected
    assert not result.refused and not result.failures
    for removal in result.removals:
        assert removal.rule_id and removal.reason


def test_clean_seed_loses_only_trailing_blank_lines():
    result = cleaner.clean(read_exact(SEEDS / "000_2e2c159373811ad1.txt"))
    assert {r.rule_id for r in result.removals} == {"whitespace.trailing-blank-lines"}
    assert all(not line.strip() for r in result.removals for line in r.text.splitlines())


def test_boilerplate_seed_loses_exactly_the_boilerplate():
    source = read_exact(SEEDS / "002_96aadf3eb93b3809.txt")
    result = cleaner.clean(source)
    removed = [line for r in result.removals for line in r.text.splitlines() if line.strip()]
    assert removed == [
        "Prophetic Context",
        "The ongoing cycle of repression, unrest, and shifting alliances reflects ancient warnings:",
        "Scripture repeatedly illustrates how authoritarian systems crumble when built on fear rather than truth.",
        "Affiliate Disclosure:",
        "Some links in my articles may bring me a small commission at no extra cost to you. "
        "Thank you for your support of my work here!",
        "Essante Organics – Your dream shop Guaranteed, Organic, Toxic Free, and pH Balanced Products. That’s It.",
        "Leave a comment",
    ]
    kept = result.text
    for heading in ("Strategic Implications", "Conclusion", "Geopolitical Pressure Intensifies"):
        assert f"\n{heading}\n" in kept
    assert kept.endswith("shifting once again.\n")
    by_rule = {r.text.splitlines()[0]: r.rule_id for r in result.removals if r.text.strip()}
    assert by_rule["Prophetic Context"] == "heuristics.offtopic-section"
    ad = "Essante Organics – Your dream shop Guaranteed, Organic, Toxic Free, and pH Balanced Products. That’s It."
    assert by_rule[ad] == "heuristics.promo-line"


@pytest.mark.parametrize("word", ["prophetic", "essante", "scripture", "belarus", "lukashenko"])
def test_no_rule_names_the_seeds_own_words(word):
    # As a word: German "interessante" holds "essante" and names no seed.
    named = re.compile(rf"\b{word}\b")
    for path in builtin_pack_paths():
        assert not named.search(path.read_text(encoding="utf-8").lower()), f"{path.name} names {word!r}"


def test_seed_golden_files_are_exact_copies_of_shared_seeds():
    shared = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for name in SEED_NAMES:
        assert (SEEDS / name).read_bytes() == (shared / name).read_bytes()
