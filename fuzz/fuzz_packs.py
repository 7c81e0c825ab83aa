"""Fuzz the rule-pack loader: any file is a rule set or a ``RulePackError``, nothing else.

The input is written as a pack file (YAML) beside a small valid pack it may
``extends``; a pack that loads must also compile and clean a text.
Run through ``fuzz/run.sh``, or ``python fuzz/fuzz_packs.py -max_total_time=60``.
"""

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["cleaner"]):
    from cleaner import Cleaner, RulePackError, load_ruleset

FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-packs-"))
(FOLDER / "base.yaml").write_text(
    "extends: []\nrules:\n  - id: base.share\n    kind: phrases\n    reason: Share prompt\n"
    "    phrases: [share this]\n    examples: {remove: [Share this], keep: [We share this view.]}\n",
    encoding="utf-8",
)
PACK = FOLDER / "pack.yaml"
TEXT = "A paragraph of article text that is long enough to count as one.\nShare this\nLeave a comment\n"


def test_one_input(data: bytes) -> None:
    """Load the bytes as a pack; clean with it when it loads."""
    # Most inputs get `extends: []` in front: a pack without `extends` loads
    # every built-in pack, which would cut the runs per second tenfold.
    if data[:1] != b"!":
        data = b"extends: []\n" + data
    PACK.write_bytes(data)
    try:
        ruleset = load_ruleset(PACK)
    except RulePackError:
        return
    result = Cleaner(ruleset).clean(TEXT)
    assert result.replay() == result.text


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
