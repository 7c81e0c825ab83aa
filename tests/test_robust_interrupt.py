"""Interrupted, killed and concurrent batches, run as real processes.

After Ctrl-C, a killed worker or a killed run, every input is as it was,
every visible output is complete (or absent), and running the same command
again finishes the job. Two runs at once on the same files never leave a
torn file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner.io.atomic import TEMP_SUFFIX

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (
    "The council met on Tuesday and agreed a budget with more money for schools, buses, "
    "libraries and the old bridges.\n"
)
# Big enough that a batch of FILES takes seconds, so there is a middle to interrupt.
BODY = "".join(f"Paragraph {n}. {ARTICLE}" for n in range(150))
DIRTY = BODY + "Share this:\nLeave a comment\n"
FILES = 120


def env() -> dict:
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


def start(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cleaner", *args], cwd=cwd, env=env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], cwd=cwd, env=env(), capture_output=True,
                          timeout=300)


def make_batch(folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    for n in range(FILES):
        (folder / f"a{n:03d}.txt").write_text(DIRTY, encoding="utf-8")
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def wait_for_outputs(folder: Path, proc: subprocess.Popen, count: int, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while len(list(folder.glob("*.clean.txt"))) < count:
        if proc.poll() is not None:
            pytest.fail(f"the batch ended before it could be interrupted: {proc.stderr.read()[-500:]!r}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("no outputs appeared")
        time.sleep(0.01)


def assert_consistent(folder: Path, inputs: dict[str, bytes]) -> int:
    """Inputs untouched; each visible output complete. Returns how many outputs exist."""
    for name, data in inputs.items():
        assert (folder / name).read_bytes() == data, name
    outputs = sorted(folder.glob("*.clean.txt"))
    for out in outputs:
        assert out.read_text(encoding="utf-8") == BODY, f"{out.name} is torn"
    for diff in folder.glob("*.diff"):
        assert diff.read_text(encoding="utf-8").rstrip().endswith("-Leave a comment"), f"{diff.name} is torn"
    return len(outputs)


def test_ctrl_c_in_the_middle_of_a_batch(tmp_path):
    folder = tmp_path / "batch"
    inputs = make_batch(folder)
    proc = start(["clean", "batch"], tmp_path)
    wait_for_outputs(folder, proc, 5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-1000:]
    assert b"interrupted" in err and b"Traceback" not in err
    done = assert_consistent(folder, inputs)
    assert 5 <= done < FILES
    assert not list(folder.glob(f".*{TEMP_SUFFIX}"))  # Ctrl-C cleans its temporary files up
    again = run(["clean", "batch"], tmp_path)
    assert again.returncode == 1, again.stderr[-1000:]
    assert assert_consistent(folder, inputs) == FILES


def test_ctrl_c_during_fix_leaves_each_file_old_or_fixed(tmp_path):
    folder = tmp_path / "batch"
    make_batch(folder)
    proc = start(["fix", "batch"], tmp_path)
    deadline = time.monotonic() + 60
    while sum(p.read_bytes() == BODY.encode() for p in folder.glob("*.txt")) < 5:
        assert proc.poll() is None and time.monotonic() < deadline, "the batch ended before the interrupt"
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    states = [p.read_text(encoding="utf-8") for p in folder.glob("*.txt")]
    assert len(states) == FILES and set(states) <= {BODY, DIRTY}
    assert run(["fix", "batch"], tmp_path).returncode == 1
    assert {p.read_text(encoding="utf-8") for p in folder.glob("*.txt")} == {BODY}


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
        return [int(c) for c in handle.read().split()]


def _is_worker(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return b"resource_tracker" not in handle.read()
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finding worker processes needs /proc")
def test_a_killed_worker_loses_nothing_and_a_rerun_finishes(tmp_path):
    folder = tmp_path / "batch"
    inputs = make_batch(folder)
    proc = start(["clean", "-j", "2", "batch"], tmp_path)
    wait_for_outputs(folder, proc, 5)
    workers = [c for c in _children(proc.pid) if _is_worker(c)]
    assert workers, "no worker process found"
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0, "a batch that lost a worker must not report success"
    assert_consistent(folder, inputs)
    again = run(["clean", "-j", "2", "batch"], tmp_path)
    assert again.returncode == 1, again.stderr[-1000:]
    assert assert_consistent(folder, inputs) == FILES


def test_a_killed_run_leaves_whole_outputs_and_a_rerun_finishes(tmp_path):
    folder = tmp_path / "batch"
    inputs = make_batch(folder)
    proc = start(["clean", "batch"], tmp_path)
    wait_for_outputs(folder, proc, 5)
    proc.kill()  # SIGKILL: no clean-up code runs at all
    proc.communicate(timeout=60)
    assert_consistent(folder, inputs)
    again = run(["clean", "batch"], tmp_path)
    assert again.returncode == 1
    assert assert_consistent(folder, inputs) == FILES
    # The rerun deletes whatever temporary file the killed run left behind.
    assert not list(folder.glob(f"*{TEMP_SUFFIX}"))


@pytest.mark.parametrize("command", ["clean", "fix"])
def test_two_runs_at_once_never_tear_a_file(tmp_path, command):
    folder = tmp_path / "batch"
    inputs = make_batch(folder)
    procs = [start([command, "batch"], tmp_path) for _ in range(2)]
    codes = [p.wait(timeout=300) for p in procs]
    errors = [p.stderr.read() for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert all(code in (0, 1) for code in codes), errors
    assert not list(folder.glob(f".*{TEMP_SUFFIX}"))
    if command == "clean":
        assert assert_consistent(folder, inputs) == FILES
    else:
        assert {p.read_text(encoding="utf-8") for p in folder.glob("*.txt")} == {BODY}


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finding worker processes needs /proc")
def test_a_killed_worker_is_reported_as_such_not_as_a_bug(tmp_path):
    folder = tmp_path / "batch"
    make_batch(folder)
    proc = start(["clean", "-j", "2", "batch"], tmp_path)
    wait_for_outputs(folder, proc, 5)
    os.kill([c for c in _children(proc.pid) if _is_worker(c)][0], signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err and b"a bug" not in err
    assert b"worker" in err
