r"""Unified diffs of a cleaning, that ``patch`` and ``git apply`` accept, naming the rules.

The diff is built from the removals themselves, not by comparing texts: the
cleaned text is the input minus the removals' spans, so which input lines
changed, and which rule changed them, is known exactly.

Lines here are what ``patch`` and ``git`` call lines: runs of characters ending
in ``\n``. A CRLF line keeps its ``\r`` as content and a CR-only file is one
long line, so the diff applies byte for byte whatever the line endings. A last
line without a newline gets the ``\ No newline at end of file`` marker. The
BOM, never removed, stays part of the first line.

Each hunk header carries the ids of the rules that removed its lines in the
section text after the second ``@@``, which both tools ignore::

    @@ -12,5 +12,2 @@ en.share.prompt
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cleaner.decisions import Removal

NO_NEWLINE = "\\ No newline at end of file\n"
DEFAULT_CONTEXT = 3


@dataclass
class _Change:
    """Consecutive input lines replaced by the lines their kept characters make up."""

    old: list[str]
    new: list[str]
    rule_ids: list[str] = field(default_factory=list)


def split_lines(text: str) -> list[str]:
    r"""Split ``text`` after every ``\n``, as ``patch`` does; other line breaks stay inside lines.

    >>> split_lines("a\r\nb\rc\nd")
    ['a\r\n', 'b\rc\n', 'd']
    """
    lines = []
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            break
        lines.append(text[start : end + 1])
        start = end + 1
    if start < len(text):
        lines.append(text[start:])
    return lines


def _blocks(original: str, removals: Sequence[Removal]) -> list[str | _Change]:
    """The input as a sequence of unchanged lines and :class:`_Change` blocks."""
    cuts = sorted(removals, key=lambda r: r.start)
    out: list[str | _Change] = []
    pending: _Change | None = None
    kept_tail = ""  # kept characters of ``pending`` not yet ended by a newline
    pos = 0
    k = 0  # first cut that may still touch the current line
    for line in split_lines(original):
        start, end = pos, pos + len(line)
        pos = end
        while k < len(cuts) and cuts[k].end <= start:
            k += 1
        kept, ids, j, at = [], [], k, start
        while j < len(cuts) and cuts[j].start < end:
            cut = cuts[j]
            if cut.end > start and cut.start < cut.end:
                kept.append(original[at : max(at, cut.start)])
                at = max(at, min(cut.end, end))
                if cut.rule_id not in ids:
                    ids.append(cut.rule_id)
            j += 1
        kept.append(original[at:end])
        kept_line = "".join(kept)
        if pending is None and kept_line == line:
            out.append(line)
            continue
        # A changed line opens a block; the block goes on until its kept
        # characters end in a newline, so that the new lines it stands for are
        # whole lines (a cut that takes a line's newline joins it to the next).
        if pending is None:
            pending = _Change([], [])
            out.append(pending)
        pending.old.append(line)
        for rule_id in ids:
            if rule_id not in pending.rule_ids:
                pending.rule_ids.append(rule_id)
        kept_tail += kept_line
        if kept_tail == "" or kept_tail.endswith("\n"):
            pending.new.extend(split_lines(kept_tail))
            pending, kept_tail = None, ""
    if pending is not None:
        pending.new.extend(split_lines(kept_tail))
    return out


def unified_diff(
    original: str,
    removals: Sequence[Removal],
    *,
    path: str,
    context: int = DEFAULT_CONTEXT,
) -> str:
    r"""Return the unified diff that turns ``original`` into ``original`` minus ``removals``.

    Args:
        original: the input text, exactly as read (BOM and line endings included).
        removals: the removals of a :class:`~cleaner.result.CleanResult`.
        path: the file's name in the diff headers, relative to where the diff
            will be applied (``--- a/PATH`` / ``+++ b/PATH``, so ``git apply``
            and ``patch -p1`` both find it).
        context: unchanged lines shown around each change.

    Returns:
        The diff, or ``""`` when nothing is removed.

    >>> from cleaner import clean
    >>> text = "We saw it go up and on as he ran to me, so we all sat by a big old red car.\n"
    >>> text += "Leave a comment\n"
    >>> print(unified_diff(text, clean(text).removals, path="x.txt"), end="")
    --- a/x.txt
    +++ b/x.txt
    @@ -1,2 +1 @@ en.comments.leave-a-comment
     We saw it go up and on as he ran to me, so we all sat by a big old red car.
    -Leave a comment
    """
    if not removals:
        return ""
    # Flatten into diff lines: (tag, text, rule ids of the change it belongs to).
    rows: list[tuple[str, str, tuple[str, ...]]] = []
    for block in _blocks(original, removals):
        if isinstance(block, str):
            rows.append((" ", block, ()))
        else:
            ids = tuple(block.rule_ids)
            rows.extend(("-", line, ids) for line in block.old)
            rows.extend(("+", line, ids) for line in block.new)
    changed = [i for i, row in enumerate(rows) if row[0] != " "]
    if not changed:
        return ""
    windows: list[list[int]] = []
    for i in changed:
        lo, hi = max(0, i - context), min(len(rows) - 1, i + context)
        if windows and lo <= windows[-1][1] + 1:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])

    # Line numbers where each row sits, in the old and the new file.
    old_at, new_at = [], []
    old_no = new_no = 0
    for tag, _, _ in rows:
        old_at.append(old_no)
        new_at.append(new_no)
        if tag != "+":
            old_no += 1
        if tag != "-":
            new_no += 1

    out = [f"--- a/{path}\n", f"+++ b/{path}\n"]
    for lo, hi in windows:
        hunk = rows[lo : hi + 1]
        old_count = sum(1 for tag, _, _ in hunk if tag != "+")
        new_count = sum(1 for tag, _, _ in hunk if tag != "-")
        ids: list[str] = []
        for _, _, row_ids in hunk:
            ids.extend(i for i in row_ids if i not in ids)
        old_range, new_range = _range(old_at[lo], old_count), _range(new_at[lo], new_count)
        out.append(f"@@ -{old_range} +{new_range} @@ {', '.join(ids)}\n")
        for tag, text, _ in hunk:
            out.append(tag + text)
            if not text.endswith("\n"):
                out.append("\n" + NO_NEWLINE)
    return "".join(out)


def _range(before: int, count: int) -> str:
    # Unified diff ranges are 1-based; an empty range names the line before it.
    start = before + 1 if count else before
    return str(start) if count == 1 else f"{start},{count}"


__all__ = ["NO_NEWLINE", "split_lines", "unified_diff"]
