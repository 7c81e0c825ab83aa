"""Fuzz :func:`cleaner.clean_html`: any bytes give cleaned text or ``NoMainTextError``, nothing else.

Run through ``fuzz/run.sh``, or ``python fuzz/fuzz_html.py -max_total_time=60``.
"""

import sys

import atheris

with atheris.instrument_imports(include=["cleaner"]):
    from cleaner import Cleaner
    from cleaner.html import NoMainTextError, clean_html

CLEANER = Cleaner()
# A real page shape around the fuzzed bytes, so that some inputs reach the extractor's main path.
HEAD, TAIL = b"<html><body><article><p>", b"</p></article></body></html>"


def test_one_input(data: bytes) -> None:
    """Feed raw bytes, and the same bytes inside an article, to the HTML path."""
    for page in (data, HEAD + data + TAIL):
        try:
            result = clean_html(page, rules=CLEANER)
        except NoMainTextError:
            continue
        assert result.text.strip(), "an empty output must be NoMainTextError, never empty text"
        assert result.replay() == result.text


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
