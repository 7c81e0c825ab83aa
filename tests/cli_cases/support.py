"""Helpers shared by the command-line tests: the case table and running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CASES_FILE = Path(__file__).with_name("cases.yaml")


def load_cases() -> list[dict]:
    return yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))


def case_ids(cases: list[dict]) -> list[str]:
    return [c["name"] for c in cases]


def encode(case: dict, text: str) -> bytes:
    return text.encode(case.get("encoding", "utf-8"))


def rule_args(case: dict) -> list[str]:
    args = []
    for rule_id in case.get("select", ()):
        args += ["--select", rule_id]
    if case.get("ignore"):
        args += ["--ignore", ",".join(case["ignore"])]
    if case.get("encoding"):
        args += ["--encoding", case["encoding"]]
    return args


def cli_env() -> dict:
    """The environment for a `python -m cleaner` subprocess: this checkout first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("CLEANER_DEBUG", None)
    return env


def run_cli(args: list[str], cwd: Path, stdin: bytes | None = None, timeout: float = 120):
    """Run the real command line in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args], cwd=cwd, input=stdin, capture_output=True,
        env=cli_env(), timeout=timeout,
    )
