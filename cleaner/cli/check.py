"""``cleaner check PATH...``: change nothing, print the diff of what would go.

The diff goes to standard output (rule ids in each hunk header), the summary
to standard error; the exit code is 1 when anything would change.
"""

from __future__ import annotations

import argparse

from cleaner.cli.batch import add_batch_arguments, run_batch
from cleaner.cli.process import Mode

HELP = "change nothing; print the diff of what would go; exit 1 when anything would"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    add_batch_arguments(parser, Mode.CHECK)


def run(args: argparse.Namespace) -> int:
    """Run the command; return its exit code."""
    return run_batch(args, Mode.CHECK)
