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
import re
import secrets
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".cleaner-tmp"
# Temporary names carry the host and the process id of their writer, so a later
# run can tell the leftovers of a killed run (kill -9 runs no clean-up code)
# from the files of a run still going, and delete only the former.
_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"
_OWNER = re.compile(rf"\.{re.escape(_HOST)}-(\d+)\.[^.]+{re.escape(TEMP_SUFFIX)}$")
# A new file only, never one that exists; binary on Windows.
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_NAME_TRIES = 100
_swept: set[str] = set()
_sweep_lock = threading.Lock()


def _default_mode() -> int:
    # The temporary file is made readable by the owner only; a new output should get
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

    The temporary file is named ``.<name>.<host>-<pid>.<random>.cleaner-tmp``
    beside the target, so an interrupted run never leaves a file that looks
    like an output, and the first write of a later run into the same folder
    deletes what a killed run left there.
    """
    # Through a symbolic link, the file it points to is replaced and the link
    # stays, as an editor saving the file would do.
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    mode = _default_mode()
    if keep_mode:
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(os.stat(target).st_mode)
    _sweep_once(target.parent)
    tmp = None
    try:
        # The name is chosen before the file is made, and both happen inside
        # the try: Ctrl-C landing just after the file exists, before any name
        # is returned (as it can inside tempfile.mkstemp), still finds the
        # name to delete.
        for _ in range(_NAME_TRIES):
            name = f".{target.name}.{_HOST}-{os.getpid()}.{secrets.token_hex(5)}{TEMP_SUFFIX}"
            tmp = os.path.join(target.parent, name)
            try:
                fd = os.open(tmp, _CREATE, 0o600)
            except FileExistsError:
                tmp = None
                continue
            break
        else:
            raise FileExistsError(f"{target.parent}: no free temporary name for {target.name}")
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    _fsync_folder(target.parent)


def _sweep_once(folder: Path) -> None:
    """Delete the temporary files a killed run of this host left in ``folder`` (once per folder and process).

    Only files named by :func:`atomic_open` on this host whose writer process
    no longer exists go; a file of a live run, or of another host sharing the
    folder, stays. Best effort: a folder that cannot be listed is skipped.
    """
    if os.name != "posix":  # os.kill(pid, 0) only probes on POSIX
        return
    key = os.path.realpath(folder)
    with _sweep_lock:
        if key in _swept:
            return
        _swept.add(key)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not entry.name.endswith(TEMP_SUFFIX):
            continue
        owner = _OWNER.search(entry.name)
        if owner is None or _alive(int(owner.group(1))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to another user
        return True
    return True


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
