"""``cleaner explain RULE_ID``: one rule in full, with the examples it must remove and keep."""

from __future__ import annotations

import argparse
import json
import sys

from cleaner.cli.exitcodes import ExitCode
from cleaner.cli.options import UsageError, add_format_option, add_rule_options, build_cleaner
from cleaner.packs.schema import suggest

HELP = "show one rule: its reason, parameters and examples"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("rule_id", metavar="RULE_ID", help="a rule id or alias (see `cleaner rules`)")
    add_rule_options(parser)
    add_format_option(parser)


def _example_text(example) -> str:
    # Examples are either a line of text or {document, removed}.
    if isinstance(example, dict):
        return str(example.get("document", ""))
    return str(example)


def public_spec(spec: dict) -> dict:
    """The rule as the pack states it, without the loader's bookkeeping keys."""
    out = {k: v for k, v in spec.items() if not k.startswith("_")}
    return json.loads(json.dumps(out, default=list))


def run(args: argparse.Namespace) -> int:
    """Run the command; return its exit code."""
    ruleset = build_cleaner(args).ruleset
    current = ruleset.resolve_id(args.rule_id)
    if current is None:
        raise UsageError(
            f"no active rule {args.rule_id!r}{suggest(args.rule_id, ruleset.rules, list_all=False)}; "
            "`cleaner rules` lists the ids"
        )
    spec = ruleset.rules[current]
    data = public_spec(spec)
    if args.format == "json":
        data["source"] = spec.get("_source")
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return ExitCode.OK
    out = [f"{current}", f"  kind:     {spec['kind']}", f"  language: {spec.get('language') or 'any'}",
           f"  reason:   {spec['reason']}"]
    if current != args.rule_id:
        out.append(f"  ({args.rule_id} is an old id of this rule)")
    if spec.get("aliases"):
        out.append(f"  aliases:  {', '.join(spec['aliases'])}")
    if spec.get("_source"):
        out.append(f"  defined:  {spec['_source']}")
    params = {k: v for k, v in data.items() if k not in ("id", "kind", "language", "reason", "aliases",
                                                        "examples")}
    if params:
        out.append("  parameters:")
        out += [f"    {key}: {json.dumps(value, ensure_ascii=False)}" for key, value in params.items()]
    examples = data.get("examples") or {}
    for label, key in (("removes", "remove"), ("keeps", "keep")):
        if examples.get(key):
            out.append(f"  {label}:")
            for example in examples[key]:
                lines = _example_text(example).splitlines() or [""]
                out.append(f"    - {lines[0]}")
                out += [f"      {line}" for line in lines[1:]]
    print("\n".join(out))
    return ExitCode.OK
