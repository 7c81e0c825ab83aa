"""``cleaner fix PATH...``: clean files in place, the way a pre-commit fixer does.

Prints ``Fixing NAME`` for each file it rewrote and exits 1 when it rewrote
any, so a hook fails once, leaves the fixed files for review, and passes on
the next run. Every rewrite is atomic and keeps the file's permissions.
"""

from __future__ import annotations

import argparse

from cleaner.cli.batch import add_batch_arguments, run_batch
from cleaner.cli.process import Mode

HELP = "clean files in place; exit 1 when any file changed"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    add_batch_arguments(parser, Mode.FIX)


def run(args: argparse.Namespace) -> int:
    """Run the command; return its exit code."""
    return run_batch(args, Mode.FIX)
