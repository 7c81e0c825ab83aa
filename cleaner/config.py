"""Finding the configuration a user expects, the way black and ruff do.

``--rules FILE`` wins; otherwise the nearest ``.cleaner.yaml``, or
``pyproject.toml`` with a ``[tool.cleaner]`` table, in the working folder or
above it; otherwise the built-in packs.
"""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = (".cleaner.yaml", ".cleaner.yml")


def find_config(start: str | Path | None = None) -> Path | None:
    """Return the nearest configuration file at or above ``start``, or None.

    In each folder a ``.cleaner.yaml`` wins over ``pyproject.toml``; a
    ``pyproject.toml`` counts only when it has a ``[tool.cleaner]`` table.
    The search stops at the root of a git repository.
    """
    folder = Path(start or Path.cwd()).resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_cleaner_table(pyproject):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def _has_cleaner_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return "cleaner" in data.get("tool", {})
