"""The exit codes, and the one function that turns a batch's outcome into one.

======  ==================================================================
code    meaning
======  ==================================================================
0       nothing to change: every file was clean (or kept whole by the guard)
1       something changed (``clean``, ``fix``) or would change (``check``),
        or a file could not be processed (not decodable, not a page with
        main text, unreadable, bad JSONL records); the messages name them
2       usage error or rule-pack error: nothing was processed
123     internal error: a bug in cleaner; the traceback is printed
130     interrupted (Ctrl-C); outputs already written are complete
======  ==================================================================

Why failed files give 1 and not 123: a file that cannot be decoded is a
problem with the input, not with cleaner, and a hook or CI job must not pass
silently over a file it could not check. 123 stays reserved for bugs, as in
black, so that "cleaner crashed" is never confused with "your files need
attention".
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What ``cleaner`` returns to the shell."""

    OK = 0
    CHANGED = 1
    USAGE = 2
    INTERNAL = 123
    INTERRUPTED = 130


def batch_exit_code(*, changed: int, failed: int, internal_errors: int) -> ExitCode:
    """Decide a batch command's exit code from its counts.

    Args:
        changed: files changed (or that would change, in check mode).
        failed: files (or JSONL records) that could not be processed.
        internal_errors: files on which cleaner itself crashed.

    >>> batch_exit_code(changed=0, failed=0, internal_errors=0)
    <ExitCode.OK: 0>
    >>> batch_exit_code(changed=0, failed=1, internal_errors=0)
    <ExitCode.CHANGED: 1>
    >>> batch_exit_code(changed=3, failed=0, internal_errors=1)
    <ExitCode.INTERNAL: 123>
    """
    if internal_errors:
        return ExitCode.INTERNAL
    if changed or failed:
        return ExitCode.CHANGED
    return ExitCode.OK


EPILOG = """\
exit codes:
  0    nothing to change
  1    changed, or would change (check), or a file could not be processed
  2    usage or rule-pack error
  123  internal error (a bug: please report it with the traceback)
  130  interrupted; every output written so far is complete
"""

__all__ = ["EPILOG", "ExitCode", "batch_exit_code"]
