"""The declared schema of rule packs, its validation, and its JSON Schema form.

The schema is data: :data:`PACK_PARAMS`, :data:`SETTINGS_PARAMS`,
:data:`~cleaner.rules.base.COMMON_PARAMS` and each kind's ``PARAMS``. The
validator and :func:`json_schema` both read those tables, so the published
JSON Schema cannot drift from what the loader accepts.
"""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

from cleaner.errors import RulePackError
from cleaner.packs.yamlsafe import LinedList, LinedMap
from cleaner.rules import COMMON_PARAMS, KINDS, Param

RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$")

PACK_PARAMS: dict[str, Param] = {
    "pack": Param("str", "Name of the pack (defaults to the file name)."),
    "description": Param("str", "What the pack is for."),
    "language": Param("str", "Default `language` of the pack's rules."),
    "extends": Param(
        "list[str]",
        "Packs this one builds on: `default` (the built-in packs) or paths relative to this file. "
        "A user configuration extends `default` unless it says `extends: []`.",
    ),
    "disable": Param("list[str]", "Ids (or aliases) of inherited rules to switch off.", default=()),
    "override": Param("mapping", "Changed parameters of inherited rules: `{rule-id: {key: value}}`."),
    "keep": Param(
        "keeplist", "Regular expressions (or `{pattern, reason}`) of lines that no rule may remove.", default=()
    ),
    "settings": Param("mapping", "Engine settings: see the `settings` table in the README."),
    "rules": Param("rules", "The pack's rules.", default=()),
}

SETTINGS_PARAMS: dict[str, Param] = {
    "max_removed_share": Param(
        "float", "The guard refuses a document when more than this share of its words would go.",
        minimum=0, maximum=1,
    ),
    "substantial_words": Param(
        "int", "Paragraphs of at least this many words are content; they bound head and tail.", minimum=1
    ),
    "protect_markup": Param(
        "bool", "No rule may remove a line of Markdown markup: YAML or TOML front matter, fenced code, "
        "HTML comment lines, link reference and footnote definitions, shortcode and template-tag lines.",
    ),
    "heading_max_words": Param("int", "A plain-text title line has at most this many words.", minimum=1),
    "heading_max_chars": Param("int", "...and at most this many characters.", minimum=1),
    "stopwords": Param("list[str]", "Function words ignored by the vocabulary heuristics."),
    "stem_length": Param("int", "Words are cut to this length before comparing.", minimum=3),
    "min_word_length": Param("int", "Shorter words are ignored by the vocabulary heuristics.", minimum=1),
}

EXAMPLE_KEYS = ("remove", "keep")


def suggest(word: str, choices, *, list_all: bool = True) -> str:
    """A "did you mean" hint, and the valid choices when there are few enough to list."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    if list_all and len(choices) <= 30:
        return f"{hint}; valid: {', '.join(sorted(str(c) for c in choices))}"
    return hint


def check_value(value: Any, param: Param, *, path, line, key, rule_id=None) -> Any:
    """Check one value against its declared ``param``; return it (tuples for lists)."""

    def fail(problem: str):
        raise RulePackError(path, problem, line=line, rule_id=rule_id, key=key)

    kind = param.type
    if kind == "str":
        if not isinstance(value, str) or not value.strip():
            fail(f"expected a non-empty string, got {_describe(value)}")
    elif kind == "bool":
        if not isinstance(value, bool):
            fail(f"expected true or false, got {_describe(value)}")
    elif kind in ("int", "float"):
        ok = isinstance(value, int) and not isinstance(value, bool)
        if kind == "float":
            ok = ok or isinstance(value, float)
        if not ok:
            fail(f"expected {'an integer' if kind == 'int' else 'a number'}, got {_describe(value)}")
        if not math.isfinite(value):
            fail(f"expected a finite number, got {value}")
        if param.minimum is not None and value < param.minimum:
            fail(f"must be at least {param.minimum}, got {value}")
        if param.maximum is not None and value > param.maximum:
            fail(f"must be at most {param.maximum}, got {value}")
    elif kind == "enum":
        if value not in param.choices:
            fail(f"{value!r} is not a valid choice{suggest(value, param.choices)}")
    elif kind == "list[str]":
        if isinstance(value, str) and key in ("extends",):
            value = [value]
        if not isinstance(value, (list, tuple)):
            fail(f"expected a list of non-empty strings, got {_describe(value)}")
        if param.minimum is not None and len(value) < param.minimum:
            fail(f"needs at least {int(param.minimum)} item{'s' if param.minimum != 1 else ''}, got {len(value)}")
        for n, item in enumerate(value):
            if not (isinstance(item, str) and item.strip()):
                hint = " (YAML reads yes/no/on/off as booleans: quote it)" if isinstance(item, bool) else ""
                at = value.line_of(n) if isinstance(value, LinedList) else line
                raise RulePackError(
                    path, f"item {n + 1} should be a non-empty string, got {_describe(item)}{hint}",
                    line=at, rule_id=rule_id, key=key,
                )
        return tuple(value)
    elif kind == "mapping":
        if not isinstance(value, dict):
            fail(f"expected a mapping, got {_describe(value)}")
    return value


def _describe(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
             type(None): "nothing (null)"}
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{names.get(type(value), type(value).__name__)} ({value!r})"


def validate_rule(raw: Any, *, path, line: int, pack_language: str | None = None) -> dict:
    """Validate one rule mapping from a pack; return its plain specification."""
    if not isinstance(raw, dict):
        raise RulePackError(path, f"a rule must be a mapping, got {_describe(raw)}", line=line)
    rule_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    line_of = raw.line_of if isinstance(raw, LinedMap) else (lambda _key: line)
    for key in ("id", "kind"):
        if key not in raw:
            raise RulePackError(path, "missing required key", line=line, rule_id=rule_id, key=key)
    if not isinstance(raw["id"], str) or not RULE_ID.match(raw["id"]):
        raise RulePackError(
            path,
            f"invalid id {raw['id']!r}: ids are lower-case, namespaced with dots "
            "(e.g. en.comments.leave-a-reply)",
            line=line_of("id"), key="id",
        )
    kind = raw["kind"]
    if not isinstance(kind, str) or kind not in KINDS:
        raise RulePackError(
            path, f"unknown kind {kind!r}{suggest(kind, KINDS)}", line=line_of("kind"), rule_id=rule_id, key="kind"
        )
    cls = KINDS[kind]
    allowed = {**COMMON_PARAMS, **cls.PARAMS}
    spec: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in allowed:
            raise RulePackError(
                path, f"unknown key for a {kind} rule{suggest(key, allowed)}",
                line=line_of(key), rule_id=rule_id, key=str(key),
            )
        if key == "kind":
            spec[key] = value
        elif key == "examples":
            spec[key] = validate_examples(value, path=path, line=line_of(key), rule_id=rule_id)
        else:
            spec[key] = check_value(value, allowed[key], path=path, line=line_of(key), key=key, rule_id=rule_id)
    for key, param in allowed.items():
        if param.required and key not in spec and key != "examples":
            raise RulePackError(path, "missing required key", line=line, rule_id=rule_id, key=key)
    if "language" not in spec and pack_language:
        spec["language"] = pack_language
    spec["_source"] = f"{path}:{line}"
    spec["_key_lines"] = {key: line_of(key) for key in raw}
    return spec


def validate_examples(value: Any, *, path, line: int, rule_id: str | None) -> dict:
    """Validate a rule's ``examples`` table."""
    if not isinstance(value, dict):
        raise RulePackError(path, "expected a mapping with `remove` and `keep` lists", line=line,
                            rule_id=rule_id, key="examples")
    out: dict[str, tuple] = {}
    for key, items in value.items():
        item_line = value.line_of(key) if isinstance(value, LinedMap) else line
        if key not in EXAMPLE_KEYS:
            raise RulePackError(path, f"unknown key in examples{suggest(key, EXAMPLE_KEYS)}",
                                line=item_line, rule_id=rule_id, key=str(key))
        if not isinstance(items, (list, tuple)):
            raise RulePackError(path, "expected a list of examples", line=item_line, rule_id=rule_id,
                                key=f"examples.{key}")
        for n, item in enumerate(items):
            at = items.line_of(n) if isinstance(items, LinedList) else item_line
            if isinstance(item, str):
                continue
            if not (isinstance(item, dict) and isinstance(item.get("document"), str)
                    and set(item) <= {"document", "removed", "note"}):
                raise RulePackError(
                    path,
                    "an example is a string, or a mapping with `document` (a whole text) and "
                    "`removed` (the lines that must go)",
                    line=at, rule_id=rule_id, key=f"examples.{key}",
                )
        out[key] = tuple(items)
    return out


def validate_settings(raw: Any, *, path, line: int) -> dict:
    """Validate a pack's ``settings`` table."""
    if not isinstance(raw, dict):
        raise RulePackError(path, f"expected a mapping, got {_describe(raw)}", line=line, key="settings")
    out = {}
    for key, value in raw.items():
        at = raw.line_of(key) if isinstance(raw, LinedMap) else line
        if key not in SETTINGS_PARAMS:
            raise RulePackError(path, f"unknown setting{suggest(key, SETTINGS_PARAMS)}", line=at,
                                key=f"settings.{key}")
        out[key] = check_value(value, SETTINGS_PARAMS[key], path=path, line=at, key=f"settings.{key}")
    return out


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a rule pack, built from the declared tables."""

    def prop(param: Param) -> dict:
        kinds = {
            "str": {"type": "string", "minLength": 1},
            "bool": {"type": "boolean"},
            "int": {"type": "integer"},
            "float": {"type": "number"},
            "list[str]": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "mapping": {"type": "object"},
        }
        if param.type == "enum":
            out = {"enum": list(param.choices)}
        elif param.type == "examples":
            out = {"$ref": "#/$defs/examples"}
        elif param.type == "keeplist":
            out = {"type": "array", "items": {"anyOf": [
                {"type": "string"},
                {"type": "object", "properties": {"pattern": {"type": "string"}, "reason": {"type": "string"}},
                 "required": ["pattern"], "additionalProperties": False},
            ]}}
        elif param.type == "rules":
            out = {"type": "array", "items": {"$ref": "#/$defs/rule"}}
        else:
            out = dict(kinds[param.type])
        if param.minimum is not None and param.type == "list[str]":
            out["minItems"] = int(param.minimum)
        elif param.minimum is not None:
            out["minimum"] = param.minimum
        if param.maximum is not None:
            out["maximum"] = param.maximum
        if param.default not in (None, ()):
            out["default"] = param.default
        out["description"] = param.doc
        return out

    rules = []
    for name, cls in KINDS.items():
        params = {**COMMON_PARAMS, **cls.PARAMS}
        props = {key: prop(p) for key, p in params.items()}
        props["kind"] = {"const": name, "description": (cls.__doc__ or "").strip().splitlines()[0]}
        props["id"]["pattern"] = RULE_ID.pattern
        required = [k for k, p in params.items() if p.required and k != "examples"]
        rules.append({"type": "object", "properties": props, "required": required,
                      "additionalProperties": False})
    example = {"anyOf": [
        {"type": "string"},
        {"type": "object", "properties": {
            "document": {"type": "string"}, "removed": {"type": "array", "items": {"type": "string"}},
            "note": {"type": "string"}}, "required": ["document"], "additionalProperties": False},
    ]}
    pack_props = {key: prop(p) for key, p in PACK_PARAMS.items()}
    pack_props["extends"] = {"anyOf": [{"type": "string"}, pack_props["extends"]],
                             "description": PACK_PARAMS["extends"].doc}
    pack_props["settings"] = {"type": "object", "additionalProperties": False,
                              "properties": {k: prop(p) for k, p in SETTINGS_PARAMS.items()},
                              "description": PACK_PARAMS["settings"].doc}
    pack_props["override"] = {"type": "object", "additionalProperties": {"type": "object"},
                              "description": PACK_PARAMS["override"].doc}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "cleaner rule pack",
        "type": "object",
        "properties": pack_props,
        "additionalProperties": False,
        "$defs": {
            "rule": {"oneOf": rules},
            "examples": {"type": "object", "additionalProperties": False, "properties": {
                "remove": {"type": "array", "items": example},
                "keep": {"type": "array", "items": example}}},
        },
    }


def main() -> None:
    """Print the JSON Schema; ``python -m cleaner.packs.schema > rule-pack.schema.json``."""
    import json

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
