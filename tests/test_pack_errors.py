"""Bad rule packs fail at load with one clear message naming file, line and problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cleaner import Cleaner, RulePackError, load_ruleset

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "pack_errors.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_pack_is_reported(tmp_path, case):
    project = tmp_path / "project"
    project.mkdir()
    for name, content in case["files"].items():
        (project / name).write_text(content, encoding="utf-8")
    target = project / case["load"]
    with pytest.raises(RulePackError) as caught:
        load_ruleset(target)
    err = caught.value
    message = str(err)
    assert case["load"] in message or Path(err.path).name in message
    if "line" in case:
        assert err.line == case["line"], message
        assert f":{case['line']}:" in message
    for fragment in case["says"]:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    # A bad pack is one error, never a traceback from deep inside PyYAML or regex.
    assert err.__cause__ is None or isinstance(err.__cause__, RulePackError)


def test_the_cleaner_raises_the_same_error(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("rules: 3\n", encoding="utf-8")
    with pytest.raises(RulePackError, match="expected a list of rules"):
        Cleaner(pack)


def test_unsafe_yaml_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"rules:\n  - !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    with pytest.raises(RulePackError):
        load_ruleset(pack)
    assert not marker.exists()
