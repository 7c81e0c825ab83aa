"""The command line: ``cleaner COMMAND ...`` (also ``python -m cleaner``).

Subcommands are registered in :data:`COMMANDS`, one plain dict from name to
module. Each module has a one-line ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``, and its docstring is the command's description. Adding
a command is one import and one entry.

:func:`main` is the only place that turns errors into exit codes (see
:mod:`cleaner.cli.exitcodes`): a usage or rule-pack error is printed as is and
gives 2, Ctrl-C gives 130, and anything unexpected prints the traceback and
gives 123.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback

from cleaner import __version__
from cleaner.cli import check, clean, corpus, explain, fix, learn, rules
from cleaner.cli.exitcodes import EPILOG, ExitCode
from cleaner.cli.options import UsageError
from cleaner.errors import RulePackError

COMMANDS = {
    "clean": clean,
    "fix": fix,
    "check": check,
    "rules": rules,
    "explain": explain,
    "corpus": corpus,
    "learn": learn,
}


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors raise instead of exiting, so :func:`main` decides the code."""

    def error(self, message):
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subparser per entry of :data:`COMMANDS`."""
    parser = _Parser(
        prog="cleaner",
        description="Strip boilerplate residue from article text, and report every removal.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module in COMMANDS.items():
        command = sub.add_parser(name, help=module.HELP, description=module.__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if getattr(args, "run", None) is None:
            parser.print_help(sys.stderr)
            return ExitCode.USAGE
        return int(args.run(args))
    except SystemExit as exit_:  # --help and --version
        return int(exit_.code or 0)
    except (UsageError, RulePackError) as err:
        print(f"error: {err}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        print("interrupted: files already written are complete; the others were left as they were",
              file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # `cleaner check ... | head`: the reader went away. Point standard output
        # at /dev/null so the interpreter's final flush does not fail again. Only
        # a diff fills a pipe, so something would change: 1.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.CHANGED
    except Exception:  # noqa: BLE001 - the last line of defence: report the bug, exit 123
        traceback.print_exc()
        print("error: internal error in cleaner (a bug); please report it with the traceback above",
              file=sys.stderr)
        return ExitCode.INTERNAL


__all__ = ["COMMANDS", "build_parser", "main"]
