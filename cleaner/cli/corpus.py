"""``cleaner corpus``: clean JSONL or Parquet corpora on Dask, one output shard per input file.

The work itself is :func:`cleaner.dask.run_corpus`; this module reads the
command line, opens the Dask client (a given scheduler, or a local cluster
on 127.0.0.1) and prints what the run did.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cleaner.cli.exitcodes import batch_exit_code
from cleaner.cli.options import add_repeated_options, add_rule_options, build_cleaner

HELP = "clean JSONL/Parquet corpora with Dask into sharded output with a manifest"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``cleaner corpus``."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="JSONL (plain or .gz) or .parquet files; one output shard each")
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="folder for the shards and manifest.json (a rerun skips complete shards)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="a running Dask scheduler (default: $DASK_SCHEDULER_ADDRESS, else a "
                       "local cluster on 127.0.0.1)")
    where.add_argument("--scheduler-file", metavar="PATH", help="a Dask scheduler file")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="worker processes of the local cluster (default: one per core)")
    parser.add_argument("--text-field", default="text", help="field holding the text (default: text)")
    parser.add_argument("--out-field", help="field for the cleaned text (default: over --text-field)")
    parser.add_argument("--summary-field", default="cleaner",
                        help="field for each record's removal summary (default: cleaner)")
    add_repeated_options(parser, site="the host of the record's --site-field")
    parser.add_argument("--site-field", default="url",
                        help="field with the record's URL, whose host is its site (default: url)")
    add_rule_options(parser)


def run(args: argparse.Namespace) -> int:
    """Carry out ``cleaner corpus``; return the exit code."""
    from cleaner.dask import CorpusOptions, open_client, run_corpus
    from cleaner.repeated import RepeatedSettings, load_settings

    missing = [p for p in args.inputs if not Path(p).is_file()]
    if missing:
        print(f"cleaner corpus: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("cleaner corpus: --workers must be at least 1", file=sys.stderr)
        return 2
    cleaner = build_cleaner(args)
    repeated = None
    if args.repeated_settings:
        repeated = load_settings(args.repeated_settings)
    elif args.repeated_lines:
        repeated = RepeatedSettings()
    options = CorpusOptions(
        text_field=args.text_field,
        out_field=args.out_field,
        summary_field=args.summary_field,
        site_field=args.site_field,
        repeated=repeated,
    )
    with open_client(workers=args.workers, scheduler=args.scheduler,
                     scheduler_file=args.scheduler_file) as client:
        outcome = run_corpus(client, args.inputs, args.out, cleaner=cleaner, options=options)
    manifest = outcome.manifest
    skipped = sum(1 for s in manifest["shards"] if s["skipped"])
    for shard in manifest["shards"]:
        for message in shard["first_errors"]:
            print(f"cleaner corpus: {message}", file=sys.stderr)
    print(
        f"{manifest['records']} records in {len(manifest['shards'])} shards "
        f"({skipped} already complete), {manifest['changed']} changed, "
        f"{manifest['errors']} errors; manifest: {Path(args.out) / 'manifest.json'}"
    )
    return int(batch_exit_code(changed=manifest["changed"], failed=manifest["errors"], internal_errors=0))
