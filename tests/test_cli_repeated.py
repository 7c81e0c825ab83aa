"""`cleaner clean --repeated-lines`: a site's template line goes, with the counts as the reason."""

from __future__ import annotations

import json

from cleaner.cli import main

TEMPLATE = "Harbour Gazette, independent local news from the estuary since 1921"
TOPICS = ["ferry", "budget", "school", "bridge", "market", "library"]


def article(topic: str) -> str:
    return (
        f"The council debated the {topic} on Tuesday evening, and after a long discussion its members "
        f"agreed a plan for the {topic} that the town will vote on next spring.\n"
        f"{TEMPLATE}\n"
    )


def make_site(folder):
    folder.mkdir()
    for topic in TOPICS:
        (folder / f"{topic}.txt").write_text(article(topic), encoding="utf-8")


def test_repeated_template_line_is_removed_with_counts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path / "gazette")
    assert main(["clean", "-q", "--repeated-lines", "--report", "r.json", "gazette"]) == 1
    for topic in TOPICS:
        cleaned = (tmp_path / "gazette" / f"{topic}.clean.txt").read_text(encoding="utf-8")
        assert TEMPLATE not in cleaned and f"plan for the {topic}" in cleaned
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    removals = [r for f in report["files"] for r in f["removals"]]
    assert {r["rule_id"] for r in removals} == {"repeated-line"}
    assert all("6 of 6 documents" in r["reason"] for r in removals)


def test_without_the_flag_the_template_line_stays(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path / "gazette")
    assert main(["clean", "-q", "gazette"]) == 0
    assert TEMPLATE in (tmp_path / "gazette" / "ferry.clean.txt").read_text(encoding="utf-8")


def test_a_line_in_one_folder_only_is_not_template_of_another(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path / "gazette")
    other = tmp_path / "other"
    other.mkdir()
    (other / "one.txt").write_text(article("harbour"), encoding="utf-8")
    main(["clean", "-q", "--repeated-lines", "gazette", "other"])
    assert TEMPLATE in (other / "one.clean.txt").read_text(encoding="utf-8")


def test_bad_repeated_settings_is_a_rule_pack_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path / "gazette")
    (tmp_path / "rep.yaml").write_text("repeated_lines:\n  min_documentz: 3\n", encoding="utf-8")
    assert main(["clean", "--repeated-lines", "--repeated-settings", "rep.yaml", "gazette"]) == 2
    assert "rep.yaml:2" in capsys.readouterr().err
