"""Running ``clean``, ``fix`` and ``check`` over many files: options, workers, output, summary.

The per-file work is :func:`cleaner.cli.process.process`; this module plans
the jobs, runs them (in worker processes with ``-j N``), prints what people
need to see in input order, writes the reports, and hands the counts to
:func:`cleaner.cli.exitcodes.batch_exit_code`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from cleaner.cli.exitcodes import EPILOG, batch_exit_code
from cleaner.cli.inputs import STDIN, collect, plan_outputs, real_path
from cleaner.cli.options import (
    UsageError,
    add_format_option,
    add_repeated_options,
    add_rule_options,
    build_cleaner,
)
from cleaner.cli.process import (
    CHANGED,
    ERROR,
    FAILED,
    FileOutcome,
    Job,
    Mode,
    outcome_from_result,
    process,
)
from cleaner.engine import Cleaner
from cleaner.io.atomic import atomic_write
from cleaner.io.textfile import DecodeFailure, check_encoding, decode_bytes
from cleaner.report.diff import unified_diff
from cleaner.report.html_page import render_page
from cleaner.report.json_report import build_report, dumps_report
from cleaner.report.summary import Summary

# Kinds picked up when a folder is walked: fix and check work on text files
# in place, so pages (whose cleaned form is text, not HTML) are left out.
WALKED_KINDS = {
    Mode.CLEAN: ("text", "html", "jsonl"),
    Mode.FIX: ("text", "jsonl"),
    Mode.CHECK: ("text", "jsonl"),
}


def add_batch_arguments(parser: argparse.ArgumentParser, mode: Mode) -> None:
    """The options every batch command takes."""
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="files or folders to process; - reads standard input and writes "
                        "standard output")
    add_rule_options(parser)
    out = parser.add_argument_group("input and output")
    if mode is Mode.CLEAN:
        out.add_argument("--out-dir", metavar="DIR",
                         help="write outputs under DIR, mirroring the inputs' folders, instead of "
                         "beside the inputs")
    out.add_argument("--encoding", metavar="NAME",
                     help="decode text files with this codec instead of UTF-8 (output is written in "
                     "the same codec)")
    out.add_argument("--text-field", default="text", metavar="NAME",
                     help="field of a JSONL record that holds the text (default: text)")
    out.add_argument("--report", metavar="FILE.json",
                     help="also write a JSON report of every removal and the summary")
    out.add_argument("--html-report", metavar="FILE.html",
                     help="also write a self-contained HTML page for reviewing the removals")
    add_format_option(out)
    add_repeated_options(out, site="a text file's site is its folder")
    run = parser.add_argument_group("running")
    run.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                     help="worker processes (default: 1; 0 means one per CPU)")
    run.add_argument("-q", "--quiet", action="store_true",
                     help="print only errors (and the diff, in check mode)")


class Batch:
    """One run of a batch command."""

    def __init__(self, args: argparse.Namespace, mode: Mode):
        self.args = args
        self.mode = mode
        self.json_out = args.format == "json"
        self.summary = Summary()
        self.outcomes: list[FileOutcome] = []

    # --- planning -------------------------------------------------------
    def plan(self) -> tuple[list[Job], bool]:
        """The jobs for the files named; and whether standard input is among them."""
        args = self.args
        if args.encoding:
            try:
                args.encoding = check_encoding(args.encoding)
            except LookupError as err:
                raise UsageError(f"--encoding: {err}") from None
        if args.jobs < 0:
            raise UsageError("--jobs: give a number of worker processes, 1 or more (0: one per CPU)")
        stdin = STDIN in args.paths
        if stdin and len(args.paths) > 1:
            raise UsageError("- (standard input) cannot be mixed with file names; run it on its own")
        items = collect(args.paths, WALKED_KINDS[self.mode])
        out_dir = Path(args.out_dir) if getattr(args, "out_dir", None) else None
        plan = plan_outputs(items, out_dir) if self.mode is Mode.CLEAN else {}
        inputs = {real_path(item.path) for item in items}
        for option, report in (("--report", args.report), ("--html-report", args.html_report)):
            if report and real_path(Path(report)) in inputs:
                raise UsageError(f"{option} {report}: that file is an input, and cleaner never "
                                 "overwrites an input; write the report elsewhere")
        keep_removals = bool(args.report or args.html_report or self.json_out)
        jobs = []
        for index, item in enumerate(items):
            clean_path, diff_path = plan.get(item.path, (None, None))
            jobs.append(Job(
                index=index, path=str(item.path), display=item.display, kind=item.kind, mode=self.mode,
                clean_path=str(clean_path) if clean_path else None,
                diff_path=str(diff_path) if diff_path else None,
                encoding=args.encoding, text_field=args.text_field,
                keep_original=bool(args.html_report), keep_removals=keep_removals,
            ))
        return jobs, stdin

    def make_out_dirs(self, jobs: list[Job]) -> None:
        """Create the folders outputs go to (only ``--out-dir`` needs new ones)."""
        for job in jobs:
            for path in (job.clean_path, job.diff_path):
                if path:
                    folder = Path(path).parent
                    try:
                        folder.mkdir(parents=True, exist_ok=True)
                    except OSError as err:
                        raise UsageError(
                            f"cannot create the output folder {folder}: {err.strerror}; "
                            "choose another --out-dir or make it writable"
                        ) from None

    # --- running ----------------------------------------------------------
    def run_jobs(self, jobs: list[Job], cleaner: Cleaner) -> None:
        """Process every job, reporting outcomes in input order as they become ready."""
        workers = self.args.jobs or os.cpu_count() or 1
        progress = _progress_bar(len(jobs), quiet=self.args.quiet)
        try:
            if workers <= 1 or len(jobs) <= 1:
                for job in jobs:
                    self.report(process(job, cleaner))
                    progress.update(1)
                return
            ready: dict[int, FileOutcome] = {}
            following = 0
            with _ctrl_c_as_flag() as interrupted, ProcessPoolExecutor(
                max_workers=min(workers, len(jobs)), initializer=_init_worker, initargs=(cleaner,)
            ) as pool:
                pending = set()
                try:
                    for job in jobs:
                        pending.add(pool.submit(_work, job))
                        if interrupted.is_set():
                            raise KeyboardInterrupt
                    while pending:
                        done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                        if interrupted.is_set():
                            raise KeyboardInterrupt
                        for future in done:
                            outcome = future.result()
                            ready[outcome.index] = outcome
                            progress.update(1)
                        while following in ready:
                            self.report(ready.pop(following))
                            following += 1
                except BrokenProcessPool:
                    # A worker was killed from outside (kill -9, the OOM killer). The
                    # files it and the queue held were never written, or written whole.
                    for job in jobs[following:]:
                        self.report(ready.pop(job.index, None) or FileOutcome(
                            job.index, job.display, job.kind, FAILED,
                            message=f"{job.display}: not processed: a worker process died (killed from "
                            "outside?); its outputs are absent or complete, and a rerun finishes the job",
                        ))
                    following = len(jobs)
                except BaseException:
                    # Ctrl-C: drop the queued files and let the ones in progress
                    # finish (workers ignore SIGINT, see _init_worker), so every
                    # output is whole; each is one file's work, so this is quick.
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
        finally:
            progress.close()

    def report(self, outcome: FileOutcome) -> None:
        """Count an outcome and print what it says, as soon as its turn comes."""
        self.summary.add(outcome)
        self.outcomes.append(outcome)
        err = sys.stderr
        if outcome.status in (FAILED, ERROR):
            print(f"error: {outcome.message}", file=err)
        for problem in outcome.problems:
            print(f"error: {problem}", file=err)
        if self.json_out:
            return
        if self.mode is Mode.CHECK:
            if outcome.diff:
                sys.stdout.write(outcome.diff)
                outcome.diff = ""  # printed; a long batch need not keep every diff in memory
        elif self.mode is Mode.FIX and outcome.status == CHANGED:
            # pre-commit style: the files it touched, on standard output.
            print(f"Fixing {outcome.display}")
        elif self.mode is Mode.CLEAN and not self.args.quiet and outcome.status == CHANGED:
            lines = sum(outcome.rule_counts.values())
            print(f"cleaned {outcome.display}: {lines} line{'s' if lines != 1 else ''} removed", file=err)
        for failure in outcome.rule_failures:
            # Not an error of the file, but a rule that did not run on it: always said.
            print(f"warning: {outcome.display}: {failure}; the other rules still ran", file=err)
        if not self.args.quiet:
            for reason in outcome.refusals:
                print(f"note: {outcome.display}: kept whole by the guard: {reason}", file=err)
        sys.stdout.flush()

    def run_stdin(self, cleaner: Cleaner) -> None:
        """``-``: clean standard input to standard output (check: print the diff)."""
        data = sys.stdin.buffer.read()
        job = Job(0, STDIN, "-", "text", self.mode, encoding=self.args.encoding,
                  keep_original=bool(self.args.html_report))
        try:
            decoded = decode_bytes(data, "<stdin>", self.args.encoding)
        except DecodeFailure as err:
            self.report(FileOutcome(0, "-", "text", FAILED, message=f"{err}; nothing written"))
            return
        result = cleaner.clean(decoded.text)
        outcome = outcome_from_result(job, result, decoded.text)
        outcome.diff = unified_diff(decoded.text, result.removals, path="-")
        if self.mode is Mode.CHECK:
            self.report(outcome)
            return
        self.report(outcome)
        sys.stdout.buffer.write(decoded.encode(result.text))
        sys.stdout.flush()

    # --- the end ------------------------------------------------------------
    def finish(self) -> int:
        """Write the reports, print the summary, and return the exit code."""
        args = self.args
        unwritten = 0
        for report, render in ((args.report, lambda: dumps_report(self.outcomes, self.summary)),
                               (args.html_report, lambda: render_page(self.outcomes, self.summary))):
            if not report:
                continue
            try:
                Path(report).parent.mkdir(parents=True, exist_ok=True)
                atomic_write(report, render().encode("utf-8"), keep_mode=False)
            except OSError as err:
                # The files were cleaned; only the report is missing. Say so, and
                # let the exit code say something failed, without a traceback.
                print(f"error: cannot write the report {report}: {err.strerror}", file=sys.stderr)
                unwritten += 1
        if self.json_out:
            json.dump(build_report(self.outcomes, self.summary), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        elif not args.quiet:
            print(self.summary.format(check=self.mode is Mode.CHECK), file=sys.stderr)
        return int(batch_exit_code(
            changed=self.summary.changed,
            failed=self.summary.failed + self.summary.bad_records + unwritten,
            internal_errors=self.summary.errors,
        ))


def run_batch(args: argparse.Namespace, mode: Mode) -> int:
    """Carry out ``clean``, ``fix`` or ``check`` as the parsed ``args`` say."""
    batch = Batch(args, mode)
    jobs, stdin = batch.plan()
    if getattr(args, "out_dir", None) and stdin:
        raise UsageError("--out-dir does not apply to - (standard input)")
    cleaner = build_cleaner(args)
    if getattr(args, "repeated_lines", False) and not stdin:
        cleaner = _with_repeated_lines(cleaner, jobs, args)
    if stdin:
        batch.run_stdin(cleaner)
    else:
        batch.make_out_dirs(jobs)
        batch.run_jobs(jobs, cleaner)
    return batch.finish()


def _with_repeated_lines(cleaner: Cleaner, jobs: list[Job], args: argparse.Namespace):
    """Pass 1 of the repeated-line rule over the batch's text files.

    Files that do not decode are left out here; pass 2 reports them.
    """
    from cleaner.repeated import RepeatedSettings, WithRepeatedLines, load_settings, plan_for_texts, site_of_path

    # A bad settings file is a RulePackError naming its line, like a bad pack.
    settings = load_settings(args.repeated_settings) if args.repeated_settings else RepeatedSettings()

    def texts():
        for job in jobs:
            if job.kind != "text":
                continue
            try:
                decoded = decode_bytes(Path(job.path).read_bytes(), job.display, job.encoding)
            except (OSError, DecodeFailure):
                continue
            yield site_of_path(job.path), decoded.text

    return WithRepeatedLines(cleaner, plan_for_texts(texts(), settings))


@contextlib.contextmanager
def _ctrl_c_as_flag():
    """While a pool runs, Ctrl-C sets a flag that the main loop checks, instead of raising.

    A KeyboardInterrupt raised at an arbitrary point inside
    ``concurrent.futures.wait`` can leave a future's lock held, and the pool's
    shutdown then waits on that lock for ever (seen here about one run in
    ten). Raising it ourselves, between calls, keeps the locks consistent.
    """
    interrupted = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield interrupted  # signal handlers can only be set from the main thread
        return
    previous = signal.signal(signal.SIGINT, lambda *_: interrupted.set())
    try:
        yield interrupted
    finally:
        signal.signal(signal.SIGINT, previous)


# --- worker processes -----------------------------------------------------------
_WORKER_CLEANER: Cleaner | None = None


def _init_worker(cleaner: Cleaner) -> None:
    # The Cleaner arrives pickled as its rule set and compiles once per worker.
    global _WORKER_CLEANER
    _WORKER_CLEANER = cleaner
    # Ctrl-C reaches the whole process group; the main process alone decides
    # what happens (finish the files in progress, drop the rest), instead of
    # every worker dying with its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(job: Job) -> FileOutcome:
    return process(job, _WORKER_CLEANER)


class _NoProgress:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, *, quiet: bool):
    """A tqdm bar on standard error when it is a terminal and tqdm is installed; else nothing."""
    if quiet or total < 2 or not sys.stderr.isatty():
        return _NoProgress()
    try:
        from tqdm import tqdm
    except ImportError:  # tqdm is optional: the `progress` extra
        return _NoProgress()
    return tqdm(total=total, unit="file", file=sys.stderr, leave=False, dynamic_ncols=True)


__all__ = ["Batch", "WALKED_KINDS", "add_batch_arguments", "run_batch"]
