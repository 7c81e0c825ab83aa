"""Shared fixtures and helpers for the test suite."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DEV_DATA = ROOT.parent / "shared" / "data"


def dev_texts(per_file: int, files: int | None = None) -> list[str]:
    """The first ``per_file`` texts of each shared dev data file (of the first ``files``).

    Empty when the shared dev data is not beside the project; tests that use
    it have texts of their own as well.
    """
    texts: list[str] = []
    for path in sorted(DEV_DATA.glob("*.jsonl.gz"))[:files]:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            texts += [json.loads(line).get("text") or "" for line in handle][:per_file]
    return texts


def seed_and_example_texts(rules) -> list[str]:
    """The seeds, then every remove and keep example of ``rules`` as the document it runs on.

    The texts the equivalence tests compare a shortcut and its full
    computation on, with ``dev_texts`` added by each.
    """
    from cleaner.examples import example_document

    texts = [p.read_bytes().decode("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for rule in rules:
        for mode in ("remove", "keep"):
            for example in rule.spec.get("examples", {}).get(mode, ()):
                texts.append(example_document(example, rule.where)[0])
    return texts


def read_exact(path: Path) -> str:
    """Read a file as text without translating line endings."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="session")
def default_cleaner():
    from cleaner.engine import default_cleaner

    return default_cleaner()
