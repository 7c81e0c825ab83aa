"""Fuzz :func:`cleaner.clean`: any text, cleaned without a crash, and the log replays.

Run through ``fuzz/run.sh`` (which installs atheris), or directly:
``python fuzz/fuzz_clean.py -max_total_time=60``.
"""

import sys

import atheris

with atheris.instrument_imports():
    from cleaner import Cleaner
    from cleaner.decisions import apply_removals

CLEANER = Cleaner()


def test_one_input(data: bytes) -> None:
    """Clean the input as text; every property below must hold for any text."""
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    result = CLEANER.clean(text)
    assert result.original == text
    assert apply_removals(text, result.removals) == result.text
    if result.refused:
        assert result.text == text and not result.removals
    # Removing a removal's text never touches what is outside it.
    kept = sum(len(r.text) for r in result.removals)
    assert len(result.text) == len(text) - kept


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
