import random

import pytest

from cleaner import Cleaner, load_ruleset
from cleaner.errors import RulePackError
from cleaner.examples import isolate, run_example
from cleaner.repeated import (
    RULE_ID,
    LineCounts,
    RepeatedSettings,
    collect_lines,
    iter_documents,
    learned_pack,
    load_settings,
    plan_for_files,
    plan_for_records,
    plan_for_texts,
    site_of_url,
)
from cleaner.stream import clean_records

TEMPLATE = "The Harbour Gazette weekly: every Friday with the tide tables"
RARE = "Sponsored content from our friends at the bakery"


def article(n: int) -> str:
    return (
        f"Story number {n} tells how the harbour council debated the budget for dredging, "
        f"cranes and the fishing fleet, with {n} members speaking at length about costs.\n"
    )


def corpus():
    """20 documents of gazette.example, 6 of other.example; template lines in known shares."""
    records = []
    for n in range(20):
        lines = [article(n)]
        if n < 14:
            lines.append(TEMPLATE + "\n")
        if n < 4:
            lines.append(RARE + "\n")
        lines.append("Reply\n")  # short: never counted
        if n < 12:
            lines.append(f"{TEMPLATE.upper()} !!\n")  # same fold key: counted once per document
        records.append({"id": f"g{n}", "url": f"https://www.gazette.example/news/{n}", "text": "".join(lines)})
    for n in range(6):
        records.append({"id": f"o{n}", "url": f"http://other.example/{n}", "text": article(100 + n) + TEMPLATE + "\n"})
    return records


SETTINGS = RepeatedSettings(min_documents=5, min_share=0.5, min_chars=10)


def test_site_of_url():
    assert site_of_url("https://WWW.Example.com:8080/a?b") == "example.com"
    assert site_of_url("example.org/path") == "example.org"
    assert site_of_url("") is None and site_of_url(None) is None and site_of_url(3) is None


def test_counts_once_per_document_and_thresholds():
    plan = plan_for_records(corpus(), settings=SETTINGS)
    assert plan.docs == {"gazette.example": 20, "other.example": 6}
    assert [len(v) for v in plan.table.values()] == [1, 1]
    assert list(plan.table["gazette.example"].values()) == [14]
    assert list(plan.table["other.example"].values()) == [6]
    strict = plan_for_records(corpus(), settings=RepeatedSettings(min_documents=7, min_share=0.5, min_chars=10))
    assert "other.example" not in strict.table, "6 documents are fewer than min_documents"
    share = plan_for_records(corpus(), settings=RepeatedSettings(min_documents=2, min_share=0.75, min_chars=10))
    assert "gazette.example" not in share.table, "14 of 20 is below a share of 0.75"


def test_removal_goes_through_the_engine_and_replays(default_cleaner):
    plan = plan_for_records(corpus(), settings=SETTINGS)
    record = corpus()[0]
    result = plan.clean(default_cleaner, record["text"], "gazette.example")
    ours = [r for r in result.removals if r.rule_id == RULE_ID]
    assert [r.text.strip() for r in ours] == [TEMPLATE, f"{TEMPLATE.upper()} !!"]
    assert ours[0].reason == "line seen in 14 of 20 documents of gazette.example"
    assert result.replay() == result.text
    assert TEMPLATE not in result.text
    # Below the share, and too short to count: not this rule's (other rules may take "Reply").
    assert not [r for r in ours if RARE in r.text or r.text.strip() == "Reply"]
    # Without a plan (or for a site with nothing planned) the engine does what it always did.
    assert plan.clean(default_cleaner, record["text"], "unknown.example") == default_cleaner.clean(record["text"])


def test_guard_still_refuses_when_the_template_is_the_whole_document(default_cleaner):
    docs = [("s.example", f"{TEMPLATE}\nSecond template line that is long enough\n") for _ in range(6)]
    plan = plan_for_texts(docs, SETTINGS)
    result = plan.clean(default_cleaner, docs[0][1], "s.example")
    assert result.refused and result.text == docs[0][1]
    assert {r.rule_id for r in result.refusal.proposed} == {RULE_ID}


def test_keep_patterns_protect_lines(tmp_path):
    pack = tmp_path / "keep.yaml"
    pack.write_text("keep: ['The Harbour Gazette weekly']\n")
    keeping = Cleaner(pack)
    plan = plan_for_records(corpus(), settings=SETTINGS)
    result = plan.clean(keeping, corpus()[0]["text"], "gazette.example")
    assert TEMPLATE in result.text


def _clean_all(records, plan, cleaner):
    return {r["id"]: r for r in clean_records(cleaner, records, repeated=plan)}


def test_deterministic_whatever_the_order_and_partitioning(default_cleaner):
    records = corpus()
    reference_plan = plan_for_records(records, settings=SETTINGS)
    reference = _clean_all(records, reference_plan, default_cleaner)
    rng = random.Random(5)
    for _ in range(3):
        shuffled = records[:]
        rng.shuffle(shuffled)
        cuts = sorted(rng.sample(range(1, len(shuffled)), 3))
        parts = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(shuffled)], strict=True)]
        partials = []
        for part in parts:
            counts = LineCounts(SETTINGS)
            for site, text in iter_documents(part):
                counts.add(site, text)
            partials.append(counts)
        rng.shuffle(partials)
        plan = LineCounts.combine([LineCounts.combine(partials[:2]), LineCounts.combine(partials[2:])]).plan()
        assert plan == reference_plan
        assert _clean_all(shuffled, plan, default_cleaner) == reference


def test_counts_pickle_and_merge():
    import pickle

    counts = LineCounts(SETTINGS)
    for site, text in iter_documents(corpus()):
        counts.add(site, text)
    again = pickle.loads(pickle.dumps(counts))
    assert again.plan() == counts.plan()


def test_plan_for_files_uses_the_folder_as_site(tmp_path, default_cleaner):
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    site.mkdir()
    elsewhere.mkdir()
    paths = []
    for n in range(6):
        path = site / f"{n}.txt"
        path.write_bytes((article(n) + TEMPLATE + "\r\n").encode())
        paths.append(path)
    lone = elsewhere / "x.txt"
    lone.write_text(article(9) + TEMPLATE + "\n")
    plan = plan_for_files([*paths, lone], SETTINGS)
    result = plan.clean_file(default_cleaner, paths[0])
    assert result.text == article(0) and result.removals[0].rule_id == RULE_ID
    assert "of 6 documents of" in result.removals[0].reason
    assert plan.clean_file(default_cleaner, lone).text == article(9) + TEMPLATE + "\n"


def test_settings_loader(tmp_path):
    good = tmp_path / "ok.yaml"
    good.write_text("repeated_lines:\n  min_documents: 10\n  min_share: 1\n")
    assert load_settings(good) == RepeatedSettings(min_documents=10, min_share=1.0)
    bad_key = tmp_path / "key.yaml"
    bad_key.write_text("repeated_lines:\n  min_docs: 3\n")
    with pytest.raises(RulePackError) as err:
        load_settings(bad_key)
    assert err.value.line == 2 and err.value.key == "repeated_lines.min_docs"
    assert "min_documents" in str(err.value)
    bad_value = tmp_path / "value.yaml"
    bad_value.write_text("repeated_lines:\n  min_chars: 8\n  min_share: 1.5\n")
    with pytest.raises(RulePackError, match="at most 1.0") as err:
        load_settings(bad_value)
    assert err.value.line == 3
    with pytest.raises(ValueError):
        RepeatedSettings(min_chars=50, max_chars=10)
    missing = tmp_path / "none.yaml"
    missing.write_text("other: 1\n")
    with pytest.raises(RulePackError, match="no `repeated_lines:` table"):
        load_settings(missing)


def test_learned_pack_is_a_valid_pack_whose_examples_pass(tmp_path):
    records = corpus()
    plan = plan_for_records(records, settings=SETTINGS)
    found = collect_lines(plan, iter_documents(reversed(records)))
    assert [(x.site, x.text, x.documents, x.total) for x in found] == [
        ("gazette.example", f"{TEMPLATE.upper()} !!", 14, 20),
        ("other.example", TEMPLATE, 6, 6),
    ]
    path = tmp_path / "learned.yaml"
    path.write_text(learned_pack(found, source="corpus.jsonl"), encoding="utf-8")
    ruleset = load_ruleset(path)
    ids = [rid for rid in ruleset.rules if rid.startswith("learned.")]
    assert ids == ["learned.gazette-example.1", "learned.other-example.1"]
    assert "14 of 20 documents of gazette.example" in ruleset.rules[ids[0]]["reason"]
    for rule_id in ids:
        cleaner = isolate(ruleset, rule_id)
        for mode in ("remove", "keep"):
            for example in ruleset.rules[rule_id]["examples"][mode]:
                assert run_example(cleaner, rule_id, example, must_remove=mode == "remove").ok


def test_empty_learned_pack_loads(tmp_path):
    path = tmp_path / "learned.yaml"
    path.write_text(learned_pack([]))
    assert not [r for r in load_ruleset(path).rules if r.startswith("learned.")]


def test_learn_command_writes_a_pack_that_loads(tmp_path, capsys):
    from cleaner.cli import main

    site = tmp_path / "site"
    site.mkdir()
    for n in range(6):
        (site / f"{n}.txt").write_text(article(n) + TEMPLATE + "\n")
    corpus_path = tmp_path / "corpus.jsonl"
    corpus_path.write_text("\n".join(__import__("json").dumps(r) for r in corpus()) + "\n")
    out = tmp_path / "learned.yaml"
    assert main(["learn", str(site), str(corpus_path), "-o", str(out)]) == 0
    assert "3 repeated lines from 3 sites" in capsys.readouterr().out
    ruleset = load_ruleset(out)
    learned = sorted(r for r in ruleset.rules if r.startswith("learned."))
    assert learned == ["learned.gazette-example.1", "learned.other-example.1", "learned.site.1"]
    assert main(["learn", str(tmp_path / "missing.txt"), "-o", str(out)]) == 2
