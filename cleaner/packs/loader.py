"""Loading packs and composing them into a :class:`RuleSet`.

Composition, in order: the packs named by ``extends`` (``default`` is every
built-in pack), then this pack's ``disable``, ``override``, ``rules``,
``keep`` and ``settings``. Ids are unique across the whole set, aliases
included; an ``extends`` chain that loops or leaves the folder of the root
pack is an error.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from cleaner.errors import RulePackError
from cleaner.packs.schema import (
    PACK_PARAMS,
    check_value,
    suggest,
    validate_rule,
    validate_settings,
)
from cleaner.packs.yamlsafe import LinedList, LinedMap, load_yaml
from cleaner.rules import COMMON_PARAMS, KINDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT = "default"


def builtin_pack_paths() -> list[Path]:
    """The default packs: shipped in the wheel, or the repository's ``rules/``."""
    shipped = resources.files("cleaner") / "_rules"
    folder = Path(str(shipped)) if shipped.is_dir() else Path(__file__).resolve().parents[2] / "rules"
    return sorted(folder.glob("*.yaml"))


@dataclass(frozen=True)
class KeepPattern:
    """A line pattern that no rule may remove."""

    pattern: str
    reason: str
    source: str


@dataclass
class RuleSet:
    """Validated rule specifications, settings and keep patterns, ready to compile.

    Plain data only, so a rule set pickles cheaply and compiles anywhere.
    """

    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    keep: list[KeepPattern] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def resolve_id(self, rule_id: str) -> str | None:
        """The current id for ``rule_id`` (which may be an alias), or None."""
        if rule_id in self.rules:
            return rule_id
        return self.aliases.get(rule_id)

    def add(self, spec: dict[str, Any], path) -> None:
        """Add a validated rule; duplicate ids and aliases are errors."""
        line = spec["_key_lines"].get("id")
        for name in (spec["id"], *spec.get("aliases", ())):
            owner = self.resolve_id(name)
            if owner is not None:
                first = self.rules[owner]["_source"]
                raise RulePackError(
                    path,
                    f"duplicate rule id {name!r} (already defined at {first}); ids are permanent and "
                    "unique: to change a default rule use `override`, to replace it `disable` it first",
                    line=line, rule_id=spec["id"], key="id",
                )
        self.rules[spec["id"]] = spec
        for alias in spec.get("aliases", ()):
            self.aliases[alias] = spec["id"]

    def select(self, select=None, ignore=None) -> RuleSet:
        """A copy restricted to ids (or dotted prefixes) in ``select`` and not in ``ignore``."""

        def hit(rule_id: str, names) -> bool:
            spec = self.rules[rule_id]
            ids = (rule_id, *spec.get("aliases", ()))
            return any(i == n or i.startswith(n.rstrip(".") + ".") for n in names for i in ids)

        for names in (select or (), ignore or ()):
            for name in names:
                if not any(hit(rid, [name]) for rid in self.rules):
                    raise RulePackError(
                        "--select/--ignore",
                        f"no rule id or prefix matches {name!r}{suggest(name, self.rules, list_all=False)}; "
                        "`cleaner rules` lists the ids",
                    )
        kept = {
            rid: spec
            for rid, spec in self.rules.items()
            if (not select or hit(rid, select)) and not (ignore and hit(rid, ignore))
        }
        return RuleSet(kept, {a: r for a, r in self.aliases.items() if r in kept}, dict(self.settings),
                       list(self.keep), list(self.sources))


def load_ruleset(sources: str | Path | list | None = None) -> RuleSet:
    """Load rule packs into one rule set.

    Args:
        sources: None for the built-in packs; otherwise a pack path (YAML, or a
            ``pyproject.toml`` with a ``[tool.cleaner]`` table), or a list of them
            applied in order. A user pack extends ``default`` unless it says
            ``extends: []``.

    Raises:
        RulePackError: naming the file, line, rule and key of the first problem.
    """
    ruleset = RuleSet()
    if sources is None:
        _extend_default(ruleset)
        return ruleset
    if isinstance(sources, (str, Path)):
        sources = [sources]
    for source in sources:
        path = Path(source)
        _apply_pack(ruleset, path, root=_resolve(path).parent, stack=(), implicit_default=True)
    return ruleset


# Deeper than any real project needs; the limit turns a runaway chain into an
# error instead of a RecursionError.
MAX_EXTENDS_DEPTH = 100


def _resolve(path: Path, *, referrer: Path | None = None, line: int | None = None) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: RuntimeError before Python 3.13
        problem = "is a symbolic link loop"
        if referrer is None:
            raise RulePackError(path, problem) from None
        raise RulePackError(referrer, f"`extends: {path}` {problem}", line=line, key="extends") from None


def _extend_default(ruleset: RuleSet) -> None:
    if "<default>" in ruleset.sources:
        return
    for path in builtin_pack_paths():
        _apply_pack(ruleset, path, root=path.parent, stack=(), implicit_default=False)
    ruleset.sources.append("<default>")


def read_pack(path: Path) -> LinedMap:
    """Read a pack file (YAML, or a pyproject.toml's ``[tool.cleaner]``) into raw data."""
    try:
        if path.exists() and not path.is_dir() and not path.is_file():
            # A device or a pipe: reading it could block or never end.
            raise RulePackError(path, "is not a regular file; give the path of a .yaml rule pack")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RulePackError(path, "rule pack not found") from None
    except IsADirectoryError:
        raise RulePackError(path, "is a folder; give the path of a .yaml rule pack") from None
    except UnicodeDecodeError as err:
        raise RulePackError(path, f"not UTF-8 text ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise RulePackError(path, f"cannot read: {err.strerror}") from None
    if path.name == "pyproject.toml":
        try:
            table = tomllib.loads(text).get("tool", {}).get("cleaner")
        except tomllib.TOMLDecodeError as err:
            raise RulePackError(path, f"TOML syntax error: {err}") from None
        if table is None:
            raise RulePackError(path, "has no [tool.cleaner] table")
        data = _lined(table)
    else:
        data = load_yaml(text, path)
        if data is None:
            data = LinedMap()
    if not isinstance(data, dict):
        raise RulePackError(path, "a rule pack is a mapping with keys such as `rules`, `extends`, "
                            "`disable`", line=getattr(data, "line", 1))
    return data


def _lined(value):
    if isinstance(value, dict):
        out = LinedMap((k, _lined(v)) for k, v in value.items())
        out.line, out.key_lines = 0, {}
        return out
    if isinstance(value, list):
        out = LinedList(_lined(v) for v in value)
        out.line, out.item_lines = 0, []
        return out
    return value


def _apply_pack(ruleset: RuleSet, path: Path, *, root: Path, stack: tuple, implicit_default: bool) -> None:
    resolved = _resolve(path)
    if len(stack) >= MAX_EXTENDS_DEPTH:
        raise RulePackError(path, f"`extends` chain is deeper than {MAX_EXTENDS_DEPTH} packs (starting at {stack[0]})")
    if resolved in stack:
        chain = " -> ".join(str(p) for p in (*stack, resolved))
        raise RulePackError(path, f"`extends` loops back to a pack already being loaded: {chain}")
    data = read_pack(path)
    for key in data:
        if key not in PACK_PARAMS:
            raise RulePackError(path, f"unknown top-level key{suggest(key, PACK_PARAMS)}",
                                line=data.line_of(key), key=str(key))
    language = data.get("language")
    if language is not None:
        check_value(language, PACK_PARAMS["language"], path=path, line=data.line_of("language"), key="language")

    extends = data.get("extends", [DEFAULT] if implicit_default else [])
    extends = check_value(extends, PACK_PARAMS["extends"], path=path, line=data.line_of("extends"), key="extends")
    for target in extends:
        if target == DEFAULT:
            _extend_default(ruleset)
            continue
        target_path = _resolve(path.parent / target, referrer=path, line=data.line_of("extends"))
        if not target_path.is_relative_to(root):
            raise RulePackError(
                path, f"`extends: {target}` points outside the folder of the root pack ({root}); "
                "copy the pack into the project or load it with --rules",
                line=data.line_of("extends"), key="extends",
            )
        if not target_path.is_file():
            raise RulePackError(
                path, f"`extends: {target}`: rule pack not found at {target_path}",
                line=data.line_of("extends"), key="extends",
            )
        _apply_pack(ruleset, target_path, root=root, stack=(*stack, resolved), implicit_default=False)

    disable = check_value(data.get("disable", []), PACK_PARAMS["disable"], path=path,
                          line=data.line_of("disable"), key="disable")
    for rule_id in disable:
        current = ruleset.resolve_id(rule_id)
        if current is None:
            hint = suggest(rule_id, ruleset.rules, list_all=False)
            raise RulePackError(path, f"cannot disable {rule_id!r}: no such rule{hint}",
                                line=data.line_of("disable"), key="disable")
        spec = ruleset.rules.pop(current)
        for alias in spec.get("aliases", ()):
            ruleset.aliases.pop(alias, None)

    overrides = data.get("override", {})
    check_value(overrides, PACK_PARAMS["override"], path=path, line=data.line_of("override"), key="override")
    for rule_id, changes in overrides.items():
        _override(ruleset, path, overrides, rule_id, changes)

    rules = data.get("rules", [])
    if not isinstance(rules, list):
        raise RulePackError(path, "expected a list of rules", line=data.line_of("rules"), key="rules")
    for n, raw in enumerate(rules):
        line = rules.line_of(n) if isinstance(rules, LinedList) else 0
        spec = validate_rule(raw, path=path, line=line, pack_language=language)
        compile_check(spec, path)
        ruleset.add(spec, path)

    keep = data.get("keep", [])
    if not isinstance(keep, list):
        raise RulePackError(path, "expected a list of regular expressions (or {pattern, reason})",
                            line=data.line_of("keep"), key="keep")
    for n, entry in enumerate(keep):
        line = data["keep"].line_of(n) if isinstance(data["keep"], LinedList) else data.line_of("keep")
        ruleset.keep.append(_keep_pattern(entry, path, line))

    if "settings" in data:
        table = validate_settings(data["settings"], path=path, line=data.line_of("settings"))
        if "stopwords" in table and "stopwords" in ruleset.settings:
            # A pack names the words it adds: a user's `stopwords: [bridge]` must not
            # leave the heuristics with that word alone in place of the built-in list.
            known = tuple(ruleset.settings["stopwords"])
            table["stopwords"] = known + tuple(w for w in table["stopwords"] if w not in known)
        ruleset.settings.update(table)
    ruleset.sources.append(str(path))


def _override(ruleset: RuleSet, path: Path, overrides, rule_id, changes) -> None:
    line = overrides.line_of(rule_id) if isinstance(overrides, LinedMap) else 0
    current = ruleset.resolve_id(str(rule_id))
    if current is None:
        hint = suggest(rule_id, ruleset.rules, list_all=False)
        raise RulePackError(path, f"cannot override {rule_id!r}: no such rule{hint}",
                            line=line, key="override")
    if not isinstance(changes, dict):
        raise RulePackError(path, "an override is a mapping of keys to new values", line=line,
                            rule_id=current, key="override")
    for key in ("id", "kind"):
        if key in changes:
            raise RulePackError(path, f"`{key}` cannot be overridden; add a new rule instead",
                                line=line, rule_id=current, key=key)
    base = {k: v for k, v in ruleset.rules[current].items() if not k.startswith("_")}
    merged = LinedMap({**base, **changes})
    merged.line = line
    merged.key_lines = {k: (changes.line_of(k) if isinstance(changes, LinedMap) else line) for k in merged}
    spec = validate_rule(merged, path=path, line=line)
    compile_check(spec, path)
    ruleset.rules[current] = spec


def compile_check(spec: dict[str, Any], path) -> None:
    """Build the rule once so that a bad pattern fails at load, naming its line."""
    try:
        KINDS[spec["kind"]](spec)
    except regex.error as err:
        key = "pattern" if "pattern" in spec else "price_pattern"
        raise RulePackError(path, f"invalid regular expression: {err}", line=spec["_key_lines"].get(key),
                            rule_id=spec["id"], key=key) from None
    except (ValueError, TypeError) as err:
        raise RulePackError(path, str(err), line=spec["_key_lines"].get("id"), rule_id=spec["id"]) from None


def _keep_pattern(entry, path, line) -> KeepPattern:
    if isinstance(entry, str):
        pattern, reason = entry, "protected by a keep pattern"
    elif isinstance(entry, dict) and isinstance(entry.get("pattern"), str) and set(entry) <= {"pattern", "reason"}:
        pattern, reason = entry["pattern"], str(entry.get("reason", "protected by a keep pattern"))
    else:
        raise RulePackError(path, "a keep entry is a regular expression or {pattern, reason}", line=line,
                            key="keep")
    try:
        regex.compile(pattern)
    except regex.error as err:
        raise RulePackError(path, f"invalid regular expression: {err}", line=line, key="keep") from None
    return KeepPattern(pattern, reason, f"{path}:{line}")


__all__ = ["COMMON_PARAMS", "DEFAULT", "KeepPattern", "RuleSet", "builtin_pack_paths", "load_ruleset"]
