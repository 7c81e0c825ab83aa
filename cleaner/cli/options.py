"""Options shared by the subcommands, and building the Cleaner they ask for.

Configuration is found the way black and ruff find theirs: ``--rules FILE``
wins, else the nearest ``.cleaner.yaml`` or ``pyproject.toml`` with
``[tool.cleaner]`` at or above the working folder, else the built-in packs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cleaner.config import find_config
from cleaner.engine import Cleaner


class UsageError(Exception):
    """A command line that cannot be carried out; the message says what to change."""


def split_ids(values: list[str] | None) -> list[str]:
    """Flatten repeatable, comma-separated ``--select``/``--ignore`` values.

    >>> split_ids(["a.b,c.d", "e"])
    ['a.b', 'c.d', 'e']
    """
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return out


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    """``--rules``, ``--select`` and ``--ignore``: which rules are active."""
    group = parser.add_argument_group("rules")
    group.add_argument(
        "--rules", metavar="FILE",
        help="rule pack or configuration to use (default: .cleaner.yaml or pyproject.toml "
        "[tool.cleaner] found from the working folder up, else the built-in packs)",
    )
    group.add_argument(
        "--select", action="append", metavar="RULE_ID",
        help="only these rule ids or dotted prefixes (repeatable, or comma-separated)",
    )
    group.add_argument(
        "--ignore", action="append", metavar="RULE_ID",
        help="switch off these rule ids or dotted prefixes (repeatable, or comma-separated)",
    )


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """``--format text|json`` for what goes to standard output."""
    parser.add_argument(
        "--format", choices=("text", "json"), default="text",
        help="what to print on standard output: text for people, json for programs (default: text)",
    )


def add_repeated_options(parser, *, site: str) -> None:
    """``--repeated-lines`` and ``--repeated-settings``; ``site`` says what a site is for this command."""
    parser.add_argument("--repeated-lines", action="store_true",
                        help=f"also remove lines that repeat across many documents of the same site ({site}): "
                        "a site's template line, prompt or blurb; rule id repeated-line (two passes)")
    parser.add_argument("--repeated-settings", metavar="FILE.yaml",
                        help="YAML file with a repeated_lines: table of thresholds (min_documents, min_share, "
                        "min_chars, max_chars)")


def config_source(args: argparse.Namespace) -> Path | None:
    """The rule pack the command will load: ``--rules``, a discovered config, or None (built-ins)."""
    if getattr(args, "rules", None):
        return Path(args.rules)
    return find_config(Path.cwd())


def build_cleaner(args: argparse.Namespace) -> Cleaner:
    """The Cleaner for these options.

    Raises:
        RulePackError: when the pack or the ``--select``/``--ignore`` ids are wrong.
    """
    return Cleaner(config_source(args), select=split_ids(args.select), ignore=split_ids(args.ignore))


__all__ = [
    "UsageError",
    "add_format_option",
    "add_rule_options",
    "build_cleaner",
    "config_source",
    "split_ids",
]
