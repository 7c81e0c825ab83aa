"""Which files a batch reads, what kind each is, and where its outputs go.

Folders are walked in sorted order; hidden folders (``.git`` and the like)
and cleaner's own outputs (``*.clean.txt``, ``*.diff``, ``*.clean.jsonl``)
are skipped, so running ``cleaner clean`` twice on a folder never cleans its
own results. A file named on the command line is always read, whatever its
name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cleaner.cli.options import UsageError

STDIN = "-"

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
OUTPUT_SUFFIXES = (".clean.txt", ".diff", ".clean.jsonl", ".clean.jsonl.gz")


@dataclass(frozen=True)
class InputFile:
    """One input of a batch.

    Attributes:
        path: where to read it.
        display: its name in messages, reports and diff headers (relative
            to the working folder when it lies inside it, with ``/``).
        kind: ``text``, ``html`` or ``jsonl``.
        rel: its place under ``--out-dir``: below the folder named on the
            command line, or just its name for a file named there.
    """

    path: Path
    display: str
    kind: str
    rel: Path


def kind_of(path: Path) -> str:
    """``html``, ``jsonl`` or ``text``, from the file name."""
    name = path.name.lower()
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "text"


def is_output_name(path: Path) -> bool:
    """True for names cleaner itself writes (skipped when walking folders)."""
    return path.name.lower().endswith(OUTPUT_SUFFIXES)


def _walked(path: Path, kinds: tuple[str, ...]) -> bool:
    name = path.name.lower()
    if name.startswith(".") or is_output_name(path):
        return False
    wanted = {"text": TEXT_SUFFIXES, "html": HTML_SUFFIXES, "jsonl": JSONL_SUFFIXES}
    return any(name.endswith(wanted[k]) for k in kinds)


def real_path(path: Path) -> Path:
    """Where ``path`` really is, links followed; a link loop gives a path rather than an error.

    A loop is then reported by name when the file is read, and the batch goes on.
    """
    return Path(os.path.realpath(path))


def display_name(path: Path) -> str:
    """The name people see: relative to the working folder when inside it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd().absolute()).as_posix()
    except ValueError:
        return absolute.as_posix()


def collect(arguments: list[str], kinds: tuple[str, ...] = ("text", "html", "jsonl")) -> list[InputFile]:
    """Expand the command line's paths into input files, in a stable order.

    Args:
        arguments: files, folders, or ``-`` (handled by the caller, skipped here).
        kinds: the kinds picked up when walking folders.

    Raises:
        UsageError: for a path that does not exist.
    """
    found: list[InputFile] = []
    seen: set[Path] = set()
    for argument in arguments:
        if argument == STDIN:
            continue
        root = Path(argument)
        if not root.exists():
            raise UsageError(f"{argument}: no such file or folder")
        if root.is_dir():
            candidates = []
            for folder, subfolders, files in os.walk(root):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                candidates.extend(Path(folder) / name for name in sorted(files))
            # Under --out-dir, a folder's files keep their places below it.
            placed = [(p, p.relative_to(root)) for p in candidates if _walked(p, kinds)]
        else:
            placed = [(root, Path(root.name))]
        for path, rel in placed:
            key = real_path(path)
            if key in seen:
                continue
            seen.add(key)
            found.append(InputFile(path, display_name(path), kind_of(path), rel))
    return found


def output_paths(item: InputFile, out_dir: Path | None) -> tuple[Path, Path | None]:
    """Where ``cleaner clean`` writes an input's cleaned text and its diff.

    ``x.txt`` gives ``x.clean.txt`` and ``x.diff``; a page ``x.html`` gives
    ``x.clean.txt`` only (its diff would not apply to the HTML); ``x.jsonl``
    gives ``x.clean.jsonl`` (``x.jsonl.gz`` gives ``x.clean.jsonl.gz``).
    """
    folder = (out_dir / item.rel).parent if out_dir is not None else item.path.parent
    name = item.path.name
    lower = name.lower()
    if item.kind == "jsonl":
        stem_len = len(".jsonl.gz") if lower.endswith(".jsonl.gz") else len(".jsonl")
        suffix = name[-stem_len:]
        return folder / (name[:-stem_len] + ".clean" + suffix), None
    stem = name[: -len(item.path.suffix)] if item.path.suffix else name
    clean = folder / (stem + ".clean.txt")
    diff = None if item.kind == "html" else folder / (stem + ".diff")
    return clean, diff


def plan_outputs(items: list[InputFile], out_dir: Path | None) -> dict[Path, tuple[Path, Path | None]]:
    """Output paths for every input, refusing plans that would overwrite an input or collide.

    Raises:
        UsageError: naming the two files involved.
    """
    inputs = {real_path(item.path): item for item in items}
    owner: dict[Path, InputFile] = {}
    plan = {}
    for item in items:
        outputs = output_paths(item, out_dir)
        for out in outputs:
            if out is None:
                continue
            key = real_path(out)
            if key in inputs:
                raise UsageError(
                    f"{item.display}: its output {display_name(out)} is also an input, and cleaner "
                    "never overwrites an input; rename one of them or use --out-dir"
                )
            if key in owner:
                raise UsageError(
                    f"{item.display} and {owner[key].display} would both write {display_name(out)}; "
                    "clean them in separate runs or use --out-dir"
                )
            owner[key] = item
        plan[item.path] = outputs
    return plan


__all__ = [
    "InputFile",
    "STDIN",
    "collect",
    "display_name",
    "is_output_name",
    "kind_of",
    "output_paths",
    "plan_outputs",
]
