"""A plain, non-editable install ships the default packs and the schema."""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import cleaner

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (built,) = out.glob("cleaner-*.whl")
    return built


def test_wheel_contains_the_packs_and_schema(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in sorted((ROOT / "rules").glob("*.yaml")):
        assert f"cleaner/_rules/{pack.name}" in names
    assert "cleaner/schema/rule-pack.schema.json" in names
    assert not any(name.startswith(("tests/", "seeds/", "bench/")) for name in names)


def test_installed_wheel_cleans_from_any_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True, capture_output=True, text=True,
    )
    seed = ROOT / "seeds" / "002_96aadf3eb93b3809.txt"
    expected = ROOT / "seeds" / "expected" / "002_96aadf3eb93b3809.txt"
    code = (
        "import sys, cleaner; from cleaner.packs import builtin_pack_paths;"
        f"src = open({str(seed)!r}, encoding='utf-8', newline='').read();"
        f"want = open({str(expected)!r}, encoding='utf-8', newline='').read();"
        "print(cleaner.__file__); print(builtin_pack_paths()[0]);"
        "print(cleaner.clean(src).text == want)"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    module_file, first_pack, same = out.stdout.split("\n")[:3]
    assert module_file.startswith(str(target))
    assert first_pack.startswith(str(target / "cleaner" / "_rules"))
    assert same == "True"


def _modules():
    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        yield info.name


@pytest.mark.parametrize("name", ["cleaner", *_modules()])
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
