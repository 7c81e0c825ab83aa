"""One table of cases (tests/cli_cases/cases.yaml) drives the API test and the command-line tests."""

from __future__ import annotations

import pytest
from cli_cases.support import case_ids, encode, load_cases, rule_args, run_cli

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.report.diff import unified_diff

CASES = load_cases()


def _cleaner(case):
    return Cleaner(select=case.get("select"), ignore=case.get("ignore"))


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_api(case):
    result = _cleaner(case).clean(case["input"])
    assert result.text == case["output"]
    assert [r.rule_id for r in result.removals] == case["removed"]
    diff = unified_diff(case["input"], result.removals, path="x.txt")
    assert bool(diff) == bool(case["removed"])
    for rule_id in case["removed"]:
        assert rule_id in "".join(line for line in diff.splitlines() if line.startswith("@@"))


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_fix_in_place(case, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_bytes(encode(case, case["input"]))
    code = main(["fix", "article.txt", *rule_args(case)])
    changed = case["output"] != case["input"]
    assert code == (1 if changed else 0)
    assert (tmp_path / "article.txt").read_bytes() == encode(case, case["output"])
    out = capsys.readouterr().out
    assert ("Fixing article.txt" in out) == changed
    # A second run finds nothing left to do.
    assert main(["fix", "article.txt", *rule_args(case)]) == 0


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_check_changes_nothing(case, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.md").write_bytes(encode(case, case["input"]))
    code = main(["check", "article.md", *rule_args(case)])
    assert code == (1 if case["removed"] else 0)
    assert (tmp_path / "article.md").read_bytes() == encode(case, case["input"])
    out = capsys.readouterr().out
    headers = [line for line in out.splitlines() if line.startswith("@@")]
    assert bool(headers) == bool(case["removed"])
    for rule_id in case["removed"]:
        assert any(rule_id in h.split("@@")[2] for h in headers)


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_clean_subprocess(case, tmp_path):
    """The real console entry point, as a user runs it."""
    (tmp_path / "a.txt").write_bytes(encode(case, case["input"]))
    proc = run_cli(["clean", "a.txt", "-q", *rule_args(case)], cwd=tmp_path)
    assert proc.returncode == (1 if case["removed"] else 0), proc.stderr.decode()
    assert (tmp_path / "a.txt").read_bytes() == encode(case, case["input"])
    assert (tmp_path / "a.clean.txt").read_bytes() == encode(case, case["output"])
    assert (tmp_path / "a.diff").exists()
