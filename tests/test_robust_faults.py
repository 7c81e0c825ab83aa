"""Faults around the files: read-only folders, a full disk, collisions, symlinks, odd names.

Whatever goes wrong, every input stays as it was (or, with ``fix``, is fully
fixed), every output is complete or absent, no temporary file is left behind,
and the message names the file.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cleaner.cli import main
from cleaner.cli.exitcodes import ExitCode
from cleaner.decisions import Removal, apply_removals
from cleaner.io.atomic import TEMP_SUFFIX

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "cases" / "robust"
ARTICLE = (
    "The council met on Tuesday and agreed a budget with more money for schools, buses, "
    "libraries and the old bridges.\n"
)
DIRTY = ARTICLE + "Share this:\nLeave a comment\n"


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(f"*{TEMP_SUFFIX}")]


@contextlib.contextmanager
def read_only(folder: Path):
    """Make ``folder`` read-only for this process, even as root (a read-only bind mount)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("mount") is None:
        pytest.skip("root without mount(8): cannot make a folder read-only for root")
    made = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"root without mount permission: {made.stderr.decode(errors='replace').strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True, capture_output=True)


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "128k"):
    """Mount a tiny tmpfs on ``folder`` (root only), so writes run out of space for real."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real full disk needs root to mount a tmpfs; test_disk_full_simulated covers the rest")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True, capture_output=True)


# --- read-only, full disk, collisions ------------------------------------------------------------


def test_read_only_folder_fails_each_file_and_touches_nothing(work, capsys):
    folder = work / "articles"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(DIRTY, encoding="utf-8")
    before = snapshot(work)
    with read_only(folder):
        clean_code = main(["clean", "articles"])
        fix_code = main(["fix", "articles"])
    err = capsys.readouterr().err
    assert clean_code == ExitCode.CHANGED and fix_code == ExitCode.CHANGED
    assert err.count("Read-only file system") + err.count("Permission denied") >= 4
    # The message names the folder and the output (through its temporary file's name).
    assert "articles/.a.clean.txt." in err and "articles/.a.txt." in err
    assert snapshot(work) == before


def test_read_only_out_dir_is_a_named_error(work, capsys):
    (work / "in" / "sub").mkdir(parents=True)
    (work / "in" / "sub" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (work / "out").mkdir()
    with read_only(work / "out"):
        code = main(["clean", "--out-dir", "out", "in"])
    err = capsys.readouterr().err
    assert code in (ExitCode.CHANGED, ExitCode.USAGE)
    assert "out" in err and "Traceback" not in err


def test_unwritable_report_is_a_named_error(work, capsys):
    (work / "a.txt").write_text(DIRTY, encoding="utf-8")
    (work / "reports").mkdir()
    with read_only(work / "reports"):
        code = main(["clean", "--report", "reports/r.json", "a.txt"])
    err = capsys.readouterr().err
    assert code != ExitCode.INTERNAL and "reports/r.json" in err and "Traceback" not in err


def test_disk_full_simulated(work, capsys, monkeypatch):
    # ENOSPC usually surfaces when data is flushed to disk: the fsync before the rename.
    (work / "a.txt").write_text(DIRTY, encoding="utf-8")
    (work / "b.txt").write_text(DIRTY, encoding="utf-8")
    before = snapshot(work)

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code = main(["fix", "a.txt", "b.txt"])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == ExitCode.CHANGED
    assert err.count("No space left on device") == 2 and "a.txt" in err and "b.txt" in err
    assert snapshot(work) == before and not leftovers(work)


def test_disk_full_for_real(work, capsys):
    (work / "in").mkdir()
    (work / "in" / "big.txt").write_text((ARTICLE * 3000) + "Share this:\n", encoding="utf-8")  # ~340 kB
    (work / "in" / "small.txt").write_text(DIRTY, encoding="utf-8")
    (work / "out").mkdir()
    before = snapshot(work / "in")
    with small_disk(work / "out"):
        code = main(["clean", "--out-dir", "out", "in"])
        err = capsys.readouterr().err
        written = snapshot(work / "out")
        debris = leftovers(work / "out")
    assert code == ExitCode.CHANGED
    assert "No space left on device" in err and "big.txt" in err
    assert snapshot(work / "in") == before and not debris
    assert "big.clean.txt" not in written
    assert written["small.clean.txt"] == ARTICLE.encode()


@pytest.mark.parametrize("which", ["x.clean.txt", "x.diff"])
def test_output_path_taken_by_a_folder(work, capsys, which):
    (work / "x.txt").write_text(DIRTY, encoding="utf-8")
    (work / which).mkdir()
    (work / which / "keep.txt").write_text("mine\n", encoding="utf-8")
    (work / "y.txt").write_text(DIRTY, encoding="utf-8")
    code = main(["clean", "x.txt", "y.txt"])
    err = capsys.readouterr().err
    assert code == ExitCode.CHANGED
    assert which in err and "Is a directory" in err
    assert (work / which / "keep.txt").read_text(encoding="utf-8") == "mine\n"
    assert (work / "x.txt").read_text(encoding="utf-8") == DIRTY
    assert (work / "y.clean.txt").read_text(encoding="utf-8") == ARTICLE  # the batch went on
    assert not leftovers(work)


# --- symlinks and names ---------------------------------------------------------------------------


def test_symlinked_input_is_read_through_and_output_beside_the_link(work):
    (work / "real").mkdir()
    (work / "real" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (work / "link.txt").symlink_to(work / "real" / "a.txt")
    assert main(["clean", "link.txt"]) == ExitCode.CHANGED
    assert (work / "link.clean.txt").read_text(encoding="utf-8") == ARTICLE
    assert (work / "real" / "a.txt").read_text(encoding="utf-8") == DIRTY
    assert (work / "link.txt").is_symlink()


def test_fix_through_a_symlink_fixes_the_target_and_keeps_the_link(work):
    (work / "real").mkdir()
    (work / "real" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (work / "link.txt").symlink_to(work / "real" / "a.txt")
    assert main(["fix", "link.txt"]) == ExitCode.CHANGED
    assert (work / "link.txt").is_symlink()
    assert (work / "real" / "a.txt").read_text(encoding="utf-8") == ARTICLE


def test_folder_loops_and_dangling_links_do_not_hang_and_are_named(work, capsys):
    folder = work / "tree"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "up").symlink_to(folder)  # a folder loop: walking must not follow it
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "good.txt").write_text(DIRTY, encoding="utf-8")
    code = main(["clean", "tree"])
    err = capsys.readouterr().err
    assert code == ExitCode.CHANGED
    assert (folder / "good.clean.txt").read_text(encoding="utf-8") == ARTICLE
    assert "dangling.txt" in err and "No such file" in err
    assert "2 files: 1 changed" in err and "sub/up" not in err  # the loop was not walked


def test_a_file_symlink_loop_inside_a_folder_is_named_and_the_batch_goes_on(work, capsys):
    folder = work / "tree"
    folder.mkdir()
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "good.txt").write_text(DIRTY, encoding="utf-8")
    code = main(["clean", "tree"])
    err = capsys.readouterr().err
    assert code == ExitCode.CHANGED
    assert (folder / "good.clean.txt").read_text(encoding="utf-8") == ARTICLE
    assert "tree/a.txt" in err and "Traceback" not in err


def test_a_symlink_loop_named_on_the_command_line_is_a_usage_error(work, capsys):
    (work / "loop.txt").symlink_to(work / "loop.txt")
    assert main(["clean", "loop.txt"]) == ExitCode.USAGE
    assert "loop.txt" in capsys.readouterr().err


def test_spaces_and_non_ascii_names(work):
    folder = work / "dossier été" / "sous dossier 中文"
    folder.mkdir(parents=True)
    name = "fichier à lire — ü 😀.txt"
    (folder / name).write_text(DIRTY, encoding="utf-8")
    assert main(["clean", "--report", "r.json", "dossier été"]) == ExitCode.CHANGED
    assert (folder / "fichier à lire — ü 😀.clean.txt").read_text(encoding="utf-8") == ARTICLE
    diff = (folder / "fichier à lire — ü 😀.diff").read_text(encoding="utf-8")
    assert f"a/dossier été/sous dossier 中文/{name}" in diff
    report = json.loads((work / "r.json").read_text(encoding="utf-8"))
    assert report["files"][0]["file"] == f"dossier été/sous dossier 中文/{name}"
    assert main(["fix", str(folder / name)]) == ExitCode.CHANGED
    assert (folder / name).read_text(encoding="utf-8") == ARTICLE


# --- fix never loses text that is not in the report ----------------------------------------------


def every_test_file() -> list[Path]:
    """Every text input the test suite ships that decodes as UTF-8."""
    found = []
    for folder in (FIXTURES, ROOT / "seeds", ROOT / "tests"):
        for path in sorted(folder.rglob("*.txt")) + sorted(folder.rglob("*.md")):
            if path.name == "README.md" or ".clean." in path.name:
                continue
            try:
                path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                continue
            found.append(path)
    return found


def rule_examples() -> list[str]:
    """Every example text of the built-in packs, the rules' own test cases."""
    from cleaner import load_ruleset

    texts = []
    for spec in load_ruleset().rules.values():
        for key in ("remove", "keep"):
            for example in spec.get("examples", {}).get(key, ()):
                texts.append(example if isinstance(example, str) else example["document"])
    return texts


def test_fix_in_place_loses_nothing_that_is_not_in_the_report(work):
    files = every_test_file()
    assert len(files) >= 10
    originals = {}
    (work / "corpus").mkdir()
    for n, path in enumerate(files):
        target = work / "corpus" / f"{n:03d}-{path.name}"
        shutil.copyfile(path, target)
        originals[target.relative_to(work).as_posix()] = path.read_bytes()
    examples = rule_examples()
    assert len(examples) >= 100
    for n, text in enumerate(examples):
        target = work / "corpus" / f"example-{n:04d}.txt"
        target.write_bytes(text.encode("utf-8"))
        originals[target.relative_to(work).as_posix()] = target.read_bytes()
    main(["fix", "--report", "r.json", "corpus"])
    report = {f["file"]: f for f in json.loads((work / "r.json").read_text(encoding="utf-8"))["files"]}
    assert set(report) == set(originals)
    changed = 0
    for name, original in originals.items():
        fixed = (work / name).read_bytes()
        removals = [Removal(**{k: r[k] for k in Removal.__slots__}) for r in report[name]["removals"]]
        text = original.decode("utf-8")
        # The fixed file is exactly the input minus the reported spans, each with a rule id and reason.
        assert fixed == apply_removals(text, removals).encode("utf-8"), name
        assert all(r.rule_id and r.reason and text[r.start : r.end] == r.text for r in removals), name
        changed += fixed != original
    assert changed >= 100
