"""``cleaner clean PATH...``: write cleaned copies and diffs beside the inputs.

For ``x.txt`` it writes ``x.clean.txt`` and ``x.diff`` (a unified diff that
``git apply`` or ``patch -p1`` turns ``x.txt`` into ``x.clean.txt`` with); a
page ``x.html`` gives ``x.clean.txt``; ``x.jsonl`` gives ``x.clean.jsonl``.
``--out-dir DIR`` puts the outputs under DIR instead. Inputs are never written.
"""

from __future__ import annotations

import argparse

from cleaner.cli.batch import add_batch_arguments, run_batch
from cleaner.cli.process import Mode

HELP = "write cleaned copies (x.clean.txt) and diffs (x.diff) beside the inputs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    add_batch_arguments(parser, Mode.CLEAN)


def run(args: argparse.Namespace) -> int:
    """Run the command; return its exit code."""
    return run_batch(args, Mode.CLEAN)
