"""Safe writes: every file the command line writes appears whole, or not at all.

Data goes to a temporary file in the target's own folder (so the final rename
never crosses a file system), is flushed and fsynced, then renamed over the
target with :func:`os.replace`, which is atomic on POSIX and Windows. If
anything goes wrong before the rename, including Ctrl-C, the temporary file
is removed and the target is exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".cleaner-tmp"


def _default_mode() -> int:
    # mkstemp creates files readable by the owner only; a new output should get
    # the permissions any other new file would get under the user's umask.
    # os.umask can only be read by setting it, so set it back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_open(path: str | Path, *, keep_mode: bool = True) -> Iterator[BinaryIO]:
    """Open a temporary binary file that replaces ``path`` when the block ends without error.

    Args:
        path: the file to create or replace. Its folder must exist.
        keep_mode: when ``path`` already exists, give the new file its
            permission bits (fix mode must not make a script unexecutable).

    Yields:
        A binary file object to write to.

    The temporary file is named ``.<name>.<random>.cleaner-tmp`` beside the
    target, so an interrupted run never leaves a file that looks like an output.
    """
    # Through a symbolic link, the file it points to is replaced and the link
    # stays, as an editor saving the file would do.
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    mode = _default_mode()
    if keep_mode:
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(os.stat(target).st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_folder(target.parent)


def atomic_write(path: str | Path, data: bytes, *, keep_mode: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file (see :func:`atomic_open`)."""
    with atomic_open(path, keep_mode=keep_mode) as handle:
        handle.write(data)


def _fsync_folder(folder: Path) -> None:
    # The rename itself lives in the folder's entry table; without this a power
    # cut right after the rename could bring back the old file. Not every
    # platform lets a folder be opened, hence best effort.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = ["TEMP_SUFFIX", "atomic_open", "atomic_write"]
