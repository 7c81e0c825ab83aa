"""The diffs `cleaner clean` writes apply for real, with `git apply` and with `patch`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cli_cases.support import case_ids, encode, load_cases, rule_args
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.report.diff import NO_NEWLINE, unified_diff

CASES = [c for c in load_cases() if c["removed"]]
GIT = shutil.which("git")
PATCH = shutil.which("patch")


def _git_apply(folder: Path, diff: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    proc = subprocess.run(["git", "apply", str(diff)], cwd=folder, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _patch(folder: Path, diff: Path) -> None:
    proc = subprocess.run(["patch", "-p1", "--batch", "--silent", "-i", str(diff)], cwd=folder,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_tools_are_installed():
    # Both tools are part of the test; a machine without them must fail, not skip.
    assert GIT and PATCH


@pytest.mark.parametrize("tool", ["git", "patch"])
@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_written_diff_applies(case, tool, tmp_path, monkeypatch):
    work = tmp_path / "work"
    (work / "docs").mkdir(parents=True)
    (work / "docs" / "a.txt").write_bytes(encode(case, case["input"]))
    monkeypatch.chdir(work)
    assert main(["clean", "docs", "-q", *rule_args(case)]) == 1
    diff = work / "docs" / "a.diff"
    # Apply it in a pristine copy of the input tree.
    target = tmp_path / "target"
    (target / "docs").mkdir(parents=True)
    (target / "docs" / "a.txt").write_bytes(encode(case, case["input"]))
    (_git_apply if tool == "git" else _patch)(target, diff)
    assert (target / "docs" / "a.txt").read_bytes() == encode(case, case["output"])
    assert (target / "docs" / "a.txt").read_bytes() == (work / "docs" / "a.clean.txt").read_bytes()


def test_missing_final_newline_is_marked():
    text = "We saw it go up and on as he ran to me, so we all sat by a big old red car today.\nShare this:"
    result = Cleaner().clean(text)
    diff = unified_diff(text, result.removals, path="a.txt")
    assert diff.endswith("-Share this:\n" + NO_NEWLINE)


def test_hunk_headers_name_rules_and_count_lines():
    sentence = "of a long article, with enough words in it to be real content, as he ran to us."
    body = "\n".join(f"Line {i} {sentence}" for i in range(12))
    text = "Share this:\n" + body + "\nLeave a comment\n"
    result = Cleaner().clean(text)
    diff = unified_diff(text, result.removals, path="a.txt")
    headers = [line for line in diff.splitlines() if line.startswith("@@")]
    # Two changes more than 6 lines apart make two hunks, each naming its own rule.
    assert headers == [
        "@@ -1,4 +1,3 @@ en.share.prompt",
        "@@ -11,4 +10,3 @@ en.comments.leave-a-comment",
    ]


LINES = st.sampled_from([
    "We saw it go up and on as he ran to me, so we all sat by a big old red car today.",
    "Then the rain came, and all of us ran to the barn by the river to stay dry.",
    "Share this:",
    "Leave a comment",
    "Advertisement",
    "Related articles",
    "",
    "   ",
    "Café ü ß — “quotes”",
])


@st.composite
def documents(draw):
    lines = draw(st.lists(LINES, min_size=1, max_size=14))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = ending.join(lines)
    if draw(st.booleans()):
        text += ending
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=documents())
def test_any_diff_applies_with_patch_and_git(text, tmp_path_factory, default_cleaner):
    result = default_cleaner.clean(text)
    diff = unified_diff(text, result.removals, path="a.txt")
    if not result.removals:
        assert diff == ""
        return
    base = tmp_path_factory.mktemp("apply")
    (base / "p.diff").write_bytes(diff.encode("utf-8"))
    for tool, apply in (("patch", _patch), ("git", _git_apply)):
        folder = base / tool
        folder.mkdir()
        (folder / "a.txt").write_bytes(text.encode("utf-8"))
        apply(folder, base / "p.diff")
        assert (folder / "a.txt").read_bytes() == result.text.encode("utf-8"), tool
