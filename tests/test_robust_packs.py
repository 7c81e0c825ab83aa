"""Hostile rule packs at the engine: time-outs, the guard, and packs that point where they should not.

The declarative cases (syntax errors, unknown keys, wrong types, duplicate ids,
bad regexes, object-building tags, extends loops) live in
tests/cases/pack_errors.yaml; these are the ones that need code to set up.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import Cleaner, RulePackError, load_ruleset

ARTICLE = (
    "The council met on Tuesday and agreed a budget with more money for schools, buses, "
    "libraries and the old bridges.\n"
)
ROOT = Path(__file__).resolve().parents[1]


def write_pack(path: Path, rules: str, head: str = "extends: []\n") -> Path:
    path.write_text(head + "rules:\n" + rules, encoding="utf-8")
    return path


EVIL_RULE = """\
  - id: test.evil
    kind: pattern
    match: search
    timeout: 0.05
    reason: Backtracks catastrophically on long runs of a
    pattern: '(a+)+$'
    examples: {remove: [aaa], keep: [aaa!]}
  - id: test.share
    kind: phrases
    reason: Share prompt
    phrases: [share this]
    examples: {remove: [Share this], keep: [We share this view with the council.]}
"""


def test_catastrophic_pattern_times_out_and_is_named_with_its_line(tmp_path):
    cleaner = Cleaner(write_pack(tmp_path / "evil.yaml", EVIL_RULE))
    text = ARTICLE + "Share this\n" + "a" * 20_000 + "!\n" + ARTICLE
    start = time.monotonic()
    result = cleaner.clean(text)
    assert time.monotonic() - start < 30  # unbounded, this pattern runs for hours on that line
    assert [(f.rule_id, "line 3" in f.message) for f in result.failures] == [("test.evil", True)]
    # The rule that timed out decides nothing; the others still do.
    assert result.text == ARTICLE + "a" * 20_000 + "!\n" + ARTICLE
    assert [r.rule_id for r in result.removals] == ["test.share"]


def test_time_outs_on_many_documents_do_not_add_up_per_line(tmp_path):
    # One time-out ends the rule for the document: 50 evil lines cost one time-out, not 50.
    cleaner = Cleaner(write_pack(tmp_path / "evil.yaml", EVIL_RULE))
    text = ARTICLE + ("a" * 20_000 + "!\n") * 50
    start = time.monotonic()
    result = cleaner.clean(text)
    assert time.monotonic() - start < 30
    assert [f.rule_id for f in result.failures] == ["test.evil"]
    assert result.text == text


def test_a_pack_that_removes_everything_is_refused_by_the_guard(tmp_path):
    pack = write_pack(
        tmp_path / "greedy.yaml",
        "  - id: test.everything\n    kind: pattern\n    reason: Takes every line\n    pattern: '.+'\n"
        "    examples: {remove: [anything], keep: []}\n",
    )
    text = "\ufeffTitle\r\n\r\n" + ARTICLE * 3
    result = Cleaner(pack).clean(text)
    assert result.text == text and not result.removals
    assert result.refusal.rule_id == "guard.empty-output"
    assert "every word" in result.refusal.reason
    assert result.refusal.proposed  # what would have gone is kept for the report


def test_a_pack_that_removes_most_is_refused_with_the_share(tmp_path):
    pack = write_pack(
        tmp_path / "most.yaml",
        "  - id: test.council\n    kind: pattern\n    match: start\n    reason: Council lines\n"
        "    pattern: 'The council'\n    examples: {remove: [The council met], keep: [A council met]}\n",
    )
    text = ARTICLE * 3 + "Another paragraph the rule does not touch, with a few words.\n"
    result = Cleaner(pack).clean(text)
    assert result.text == text
    assert result.refusal.rule_id == "guard.max-removed-share"
    assert "max_removed_share" in result.refusal.reason


def test_a_keep_pattern_that_backtracks_is_a_rule_failure(tmp_path):
    pack = tmp_path / "keep.yaml"
    pack.write_text("extends: [default]\nkeep: ['(a+)+$']\n", encoding="utf-8")
    text = ARTICLE + "a" * 20_000 + "!\nShare this:\n"
    result = Cleaner(pack).clean(text)
    assert result.failures
    # When in doubt, keep: the line the keep pattern could not judge stays.
    assert "a" * 20_000 + "!\n" in result.text


def test_extends_through_a_symlink_that_leaves_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "pack.yaml").write_text("extends: []\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "inner.yaml").symlink_to(outside / "pack.yaml")
    (project / "main.yaml").write_text("extends: [inner.yaml]\n", encoding="utf-8")
    with pytest.raises(RulePackError, match="points outside") as caught:
        load_ruleset(project / "main.yaml")
    assert caught.value.line == 1 and caught.value.key == "extends"


def test_a_long_extends_chain_loads_or_fails_cleanly(tmp_path):
    # Deep but finite: 40 packs, each extending the next.
    for i in range(40):
        text = f"extends: [p{i + 1}.yaml]\n" if i < 39 else "extends: []\n"
        (tmp_path / f"p{i}.yaml").write_text(text, encoding="utf-8")
    ruleset = load_ruleset(tmp_path / "p0.yaml")
    assert len(ruleset.sources) == 40


def test_a_very_deep_extends_chain_is_a_rule_pack_error(tmp_path):
    for i in range(2000):
        text = f"extends: [p{i + 1}.yaml]\n" if i < 1999 else "extends: []\n"
        (tmp_path / f"p{i}.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RulePackError):
        load_ruleset(tmp_path / "p0.yaml")


def test_a_rule_pack_path_that_is_a_symlink_loop_is_a_rule_pack_error(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    with pytest.raises(RulePackError, match="loop.yaml"):
        load_ruleset(loop)


def test_a_rule_pack_that_is_a_folder_is_a_rule_pack_error(tmp_path):
    with pytest.raises(RulePackError, match="is a folder"):
        load_ruleset(tmp_path)


def _limit_memory():  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_a_rule_pack_that_is_a_device_is_refused_at_once(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "cleaner", "check", "--rules", "/dev/zero", "a.txt"],
            cwd=tmp_path, env=env, capture_output=True, timeout=20, preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("`--rules /dev/zero` did not return")
    assert proc.returncode == 2, proc.stderr[-500:]
    assert b"/dev/zero" in proc.stderr


@pytest.mark.parametrize("kind", ["[phrases]", "{x: 1}"])
def test_an_unhashable_kind_is_a_rule_pack_error(tmp_path, kind):
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"extends: []\nrules:\n  - id: my.rule\n    kind: {kind}\n    reason: A reason\n",
                    encoding="utf-8")
    with pytest.raises(RulePackError, match="key 'kind'"):
        load_ruleset(pack)


@pytest.mark.parametrize(
    "body",
    [
        "settings: {max_removed_share: .nan}\n",
        "rules:\n  - id: my.rule\n    kind: pattern\n    reason: A reason\n    pattern: 'x+'\n"
        "    timeout: .nan\n    examples: {remove: [xxx]}\n",
    ],
    ids=["nan-share", "nan-timeout"],
)
def test_not_a_number_is_a_rule_pack_error(tmp_path, body):
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: []\n" + body, encoding="utf-8")
    with pytest.raises(RulePackError, match="nan"):
        load_ruleset(pack)


@pytest.mark.parametrize("value", ["null", "true", "3"])
def test_keep_that_is_not_a_list_is_a_rule_pack_error(tmp_path, value):
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"extends: []\nkeep: {value}\n", encoding="utf-8")
    with pytest.raises(RulePackError, match="key 'keep'"):
        load_ruleset(pack)


def test_a_missing_extends_target_names_the_pack_line_and_key(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("description: x\nextends: [missing.yaml]\n", encoding="utf-8")
    with pytest.raises(RulePackError) as caught:
        load_ruleset(pack)
    message = str(caught.value)
    assert "pack.yaml:2" in message and "key 'extends'" in message and "missing.yaml" in message


def test_an_empty_phrase_list_is_a_rule_pack_error(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: []\nrules:\n  - id: my.rule\n    kind: phrases\n    reason: A reason\n"
                    "    phrases: []\n    examples: {remove: [x]}\n", encoding="utf-8")
    with pytest.raises(RulePackError, match="phrases"):
        Cleaner(pack)
