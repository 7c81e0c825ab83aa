"""``cleaner learn``: find the lines a site repeats on many pages and write them as a rule pack.

Inputs are JSONL corpora (a record's site is the host of its URL field) or
text files (a file's site is its folder). The pack is for review: each rule
names its counts, and nothing is removed until someone loads it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from cleaner.cli.exitcodes import ExitCode

HELP = "write the lines repeated across a site's documents as a reviewable rule pack"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``cleaner learn``."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="JSONL corpora (.jsonl, .jsonl.gz), text files, or folders of .txt files")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the pack to write (YAML)")
    parser.add_argument("--text-field", default="text", help="JSONL field holding the text (default: text)")
    parser.add_argument("--site-field", default="url", help="JSONL field with the URL (default: url)")
    parser.add_argument("--repeated-settings", metavar="FILE",
                        help="YAML file with a repeated_lines: table of thresholds")


def _files(inputs: list[str]) -> list[Path]:
    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        out.extend(sorted(path.rglob("*.txt")) if path.is_dir() else [path])
    return out


def _documents(files: list[Path], args) -> Iterator[tuple[str | None, str]]:
    from cleaner.io.jsonl import read_jsonl
    from cleaner.repeated import iter_documents, site_of_path

    for path in files:
        if ".jsonl" in path.name:
            yield from iter_documents(read_jsonl(path), args.text_field, args.site_field)
        else:
            with open(path, encoding="utf-8", newline="") as handle:
                yield site_of_path(path), handle.read()


def run(args: argparse.Namespace) -> int:
    """Carry out ``cleaner learn``; return the exit code."""
    from cleaner.io.atomic import atomic_write
    from cleaner.repeated import RepeatedSettings, collect_lines, learned_pack, load_settings, plan_for_texts

    files = _files(args.inputs)
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        print(f"cleaner learn: no such file: {', '.join(missing)}", file=sys.stderr)
        return int(ExitCode.USAGE)
    settings = load_settings(args.repeated_settings) if args.repeated_settings else RepeatedSettings()
    plan = plan_for_texts(_documents(files, args), settings)
    found = collect_lines(plan, _documents(files, args))
    text = learned_pack(found, source=", ".join(args.inputs))
    atomic_write(args.output, text.encode("utf-8"), keep_mode=False)
    sites = len({line.site for line in found})
    print(f"{len(found)} repeated lines from {sites} sites written to {args.output}")
    return int(ExitCode.OK)
