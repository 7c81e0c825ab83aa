"""Shared fixtures and helpers for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def read_exact(path: Path) -> str:
    """Read a file as text without translating line endings."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="session")
def default_cleaner():
    from cleaner.engine import default_cleaner

    return default_cleaner()
