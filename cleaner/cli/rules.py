"""``cleaner rules``: the rules that are active here, after configuration discovery.

One line per rule: id, kind, language and reason (``--format json`` for a
list of objects). The pack the rules came from is named on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys

from cleaner.cli.exitcodes import ExitCode
from cleaner.cli.options import add_format_option, add_rule_options, build_cleaner, config_source

HELP = "list the active rules (id, kind, language, reason)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    add_rule_options(parser)
    add_format_option(parser)


def rule_rows(ruleset) -> list[dict]:
    """The active rules as plain data, in pack order."""
    return [
        {
            "id": rule_id,
            "kind": spec["kind"],
            "language": spec.get("language") or "any",
            "reason": spec["reason"],
            "aliases": list(spec.get("aliases", ())),
        }
        for rule_id, spec in ruleset.rules.items()
    ]


def run(args: argparse.Namespace) -> int:
    """Run the command; return its exit code."""
    cleaner = build_cleaner(args)
    rows = rule_rows(cleaner.ruleset)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return ExitCode.OK
    source = config_source(args)
    print(f"rules from {source or 'the built-in packs'}: {len(rows)} active", file=sys.stderr)
    id_width = max((len(r["id"]) for r in rows), default=2)
    kind_width = max((len(r["kind"]) for r in rows), default=4)
    for row in rows:
        print(f"{row['id']:<{id_width}}  {row['kind']:<{kind_width}}  {row['language']:<4}  {row['reason']}")
    return ExitCode.OK
