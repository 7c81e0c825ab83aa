"""Big inputs, timed: clean() and ``cleaner clean`` on inputs too large for the test suite.

Each shape runs in its own process so that its peak memory (max RSS) is its
own. Prints one line per shape and size: seconds, MB/s and peak memory over
the input size. Time should grow linearly with size, memory by a bounded
factor. Not part of CI (a 100 MB run takes minutes on a 2-core machine).

Usage: python fuzz/stress_sizes.py [MB ...]   (default: 10 100)
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (
    "The council approved the harbour budget after a long debate about dredging and port fees in the old "
    "town on Tuesday night.\n"
)
SHAPES = {
    # name: (build(size in bytes) -> text)
    "many-lines": lambda n: ARTICLE * (n // len(ARTICLE)),
    "many-lines+boilerplate": lambda n: (ARTICLE * 8 + "Share this:\nLeave a comment\n") * (n // (9 * len(ARTICLE))),
    "one-line-of-words": lambda n: "word " * (n // 5),
    "one-token": lambda n: "a" * n,
    "blank-lines": lambda n: "\n" * n,
}


# Each child may use this much memory: blank lines cost about 550 bytes each, so
# a 100 MB file of them would need about 55 GB; the limit turns that into a
# "failed: MemoryError" line instead of a machine that swaps.
MEMORY_LIMIT = 8 << 30
TIME_LIMIT = 900


def child(shape: str, size: int, via_cli: bool) -> None:
    """Build one input, clean it, and print seconds and peak RSS (in the child)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    text = SHAPES[shape](size)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if via_cli:
        folder = Path(tempfile.mkdtemp(prefix="stress-"))
        (folder / "big.txt").write_text(text, encoding="utf-8")
        del text
        start = time.perf_counter()
        code = subprocess.call([sys.executable, "-m", "cleaner", "clean", "-q", str(folder / "big.txt")],
                               env=dict(os.environ, PYTHONPATH=str(ROOT)))
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"{seconds:.3f} {peak} {code}")
        return
    from cleaner import Cleaner

    cleaner = Cleaner()
    start = time.perf_counter()
    result = cleaner.clean(text)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
    print(f"{seconds:.3f} {peak} {len(result.removals)}")


def main(argv: list[str]) -> int:
    """Run every shape at every size given (in MB) and print the table."""
    if argv[:1] == ["--child"]:
        child(argv[1], int(argv[2]), argv[3] == "cli")
        return 0
    sizes = [int(a) for a in argv] or [10, 100]
    print(f"{'shape':28s} {'how':5s} {'MB':>5s} {'seconds':>8s} {'MB/s':>6s} {'peak/in':>8s}")
    for shape in SHAPES:
        for how in ("api", "cli"):
            for mb in sizes:
                try:
                    out = subprocess.run(
                        [sys.executable, __file__, "--child", shape, str(mb << 20), how],
                        capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                        timeout=TIME_LIMIT,
                    )
                except subprocess.TimeoutExpired:
                    print(f"{shape:28s} {how:5s} {mb:5d} failed: over {TIME_LIMIT} s")
                    continue
                if out.returncode != 0:
                    print(f"{shape:28s} {how:5s} {mb:5d} failed: {out.stderr.strip()[-200:]}")
                    continue
                seconds, peak_kb, _ = out.stdout.split()
                seconds = float(seconds)
                print(f"{shape:28s} {how:5s} {mb:5d} {seconds:8.2f} {mb / seconds:6.1f} "
                      f"{int(peak_kb) / 1024 / mb:8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
