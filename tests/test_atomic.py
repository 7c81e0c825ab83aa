"""Safe writes: a failure or Ctrl-C leaves every file whole (old or new), never half-written."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import time

import pytest
from cli_cases.support import cli_env

from cleaner import Cleaner
from cleaner.io.atomic import TEMP_SUFFIX, atomic_open, atomic_write
from cleaner.report.diff import unified_diff


def test_write_creates_and_replaces(tmp_path):
    path = tmp_path / "out.txt"
    atomic_write(path, b"one\n")
    atomic_write(path, b"two\r\n")
    assert path.read_bytes() == b"two\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_replacing_keeps_permissions(tmp_path):
    path = tmp_path / "script.txt"
    path.write_bytes(b"old")
    os.chmod(path, 0o751)
    atomic_write(path, b"new", keep_mode=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o751


def test_error_while_writing_leaves_the_old_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"original")
    with pytest.raises(RuntimeError):
        with atomic_open(path) as handle:
            handle.write(b"half of the new")
            raise RuntimeError("disk on fire")
    assert path.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_interrupt_before_the_rename_leaves_nothing_behind(tmp_path, monkeypatch):
    path = tmp_path / "new.txt"

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, b"data")
    assert list(tmp_path.iterdir()) == []


def test_interrupt_right_after_the_temporary_file_is_created_leaves_nothing_behind(tmp_path, monkeypatch):
    # Ctrl-C can land between the system call that creates the temporary file
    # and the statement that keeps its name (a clean batch once left one so).
    path = tmp_path / "new.txt"
    real_open = os.open

    def created_then_interrupted(name, flags, mode=0o777, **kwargs):
        os.close(real_open(name, flags, mode, **kwargs))
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "open", created_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, b"data")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_no_free_temporary_name_is_an_error_that_names_the_folder_and_keeps_the_file(tmp_path, monkeypatch):
    import cleaner.io.atomic as atomic

    path = tmp_path / "a.txt"
    path.write_bytes(b"original")
    monkeypatch.setattr(atomic.secrets, "token_hex", lambda n: "same")
    taken = tmp_path / f".a.txt.{atomic._HOST}-{os.getpid()}.same{TEMP_SUFFIX}"
    taken.write_bytes(b"another writer's")
    with pytest.raises(FileExistsError, match=re.escape(f"{tmp_path}: no free temporary name for a.txt")):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"original"
    assert taken.read_bytes() == b"another writer's"


ARTICLE = "".join(
    f"Paragraph {i}: we saw it go up and on as he ran to me, so we all sat by a big old red car.\n"
    for i in range(150)
) + "Share this:\nLeave a comment\n\n\n"


def _start_batch(args, cwd):
    # A new session, so that the signal reaches the whole process group, as
    # Ctrl-C in a terminal does (workers included).
    return subprocess.Popen([sys.executable, "-m", "cleaner", *args], cwd=cwd, env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _interrupt_after_first_output(proc, folder, pattern, total):
    deadline = time.monotonic() + 60
    while not any(folder.glob(pattern)):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the batch wrote nothing within 60 s"
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, err.decode()


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_in_a_clean_batch(tmp_path, jobs):
    folder = tmp_path / "in"
    folder.mkdir()
    total = 400
    data = ARTICLE.encode("utf-8")
    for i in range(total):
        (folder / f"doc{i:03}.txt").write_bytes(data)
    result = Cleaner().clean(ARTICLE)
    proc = _start_batch(["clean", "in", "-j", jobs, "-q"], tmp_path)
    code, err = _interrupt_after_first_output(proc, folder, "*.clean.txt", total)
    assert code == 130, err
    assert "interrupted" in err and "Traceback" not in err
    cleaned = sorted(folder.glob("*.clean.txt"))
    assert 0 < len(cleaned) < total, "the signal should land in the middle of the batch"
    for i in range(total):
        assert (folder / f"doc{i:03}.txt").read_bytes() == data
    for path in cleaned:
        assert path.read_bytes() == result.text.encode("utf-8")
    diff = unified_diff(ARTICLE, result.removals, path="in/x.txt")
    for path in folder.glob("*.diff"):
        name = path.name.replace(".diff", ".txt")
        assert path.read_text() == diff.replace("in/x.txt", f"in/{name}")
    assert not list(folder.glob(f"*{TEMP_SUFFIX}"))


@pytest.mark.slow
def test_ctrl_c_in_a_fix_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    total = 400
    data = ARTICLE.encode("utf-8")
    for i in range(total):
        (folder / f"doc{i:03}.txt").write_bytes(data)
    expected = Cleaner().clean(ARTICLE).text.encode("utf-8")
    proc = _start_batch(["fix", "in", "-q"], tmp_path)
    # fix writes no new names: watch for the first rewritten input instead.
    deadline = time.monotonic() + 60
    while (folder / "doc000.txt").read_bytes() == data:
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    contents = [(folder / f"doc{i:03}.txt").read_bytes() for i in range(total)]
    assert all(c in (data, expected) for c in contents)  # each file old or new, never half
    assert 0 < contents.count(expected) < total
    assert not list(folder.glob(f"*{TEMP_SUFFIX}"))


def test_temporary_files_of_dead_writers_go_and_live_ones_stay(tmp_path):
    from cleaner.io import atomic

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(dead.stdout)
    left = tmp_path / f".a.txt.{atomic._HOST}-{dead_pid}.x1{TEMP_SUFFIX}"
    live = tmp_path / f".b.txt.{atomic._HOST}-{os.getppid()}.x2{TEMP_SUFFIX}"
    other_host = tmp_path / f".c.txt.elsewhere-{dead_pid}.x3{TEMP_SUFFIX}"
    for path in (left, live, other_host):
        path.write_bytes(b"partial")
    atomic._swept.discard(os.path.realpath(tmp_path))
    atomic_write(tmp_path / "a.txt", b"whole")
    assert (tmp_path / "a.txt").read_bytes() == b"whole"
    assert not left.exists()
    assert live.exists() and other_host.exists()
