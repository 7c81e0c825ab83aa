"""Safe YAML loading that remembers where every key and item stood.

Only plain YAML types are constructed (``yaml.SafeLoader``): a tag such as
``!!python/object/apply`` is an error, never code. Mappings and lists come
back as :class:`LinedMap` and :class:`LinedList`, which carry line numbers so
that schema errors can name the line. Duplicate keys are errors, not a
silent last-one-wins.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from cleaner.errors import RulePackError


class LinedMap(dict):
    """A mapping from YAML with the line of the mapping and of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        """The line of ``key``, or of the mapping itself."""
        return getattr(self, "key_lines", {}).get(key, self.line)


class LinedList(list):
    """A sequence from YAML with the line of the sequence and of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        """The line of item ``index``."""
        lines = getattr(self, "item_lines", [])
        return lines[index] if index < len(lines) else self.line


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LinedMap:
    loader.flatten_mapping(node)
    out = LinedMap()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if key in out:
            raise _Duplicate(key, line, out.key_lines[key])
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = line
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LinedList:
    out = LinedList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


class _Duplicate(Exception):
    def __init__(self, key, line, first):
        super().__init__(key)
        self.key, self.line, self.first = key, line, first


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load_yaml(text: str, path: str | Path):
    """Parse ``text`` (the content of ``path``) into lined plain data.

    Raises:
        RulePackError: on a syntax error, an unsafe tag or a duplicate key.
    """
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except _Duplicate as dup:
        raise RulePackError(
            path, f"duplicate key (first given on line {dup.first})", line=dup.line, key=str(dup.key)
        ) from None
    except yaml.constructor.ConstructorError as err:
        mark = err.problem_mark
        tag = f" ({err.problem})" if err.problem else ""
        raise RulePackError(
            path,
            f"unsupported YAML{tag}; rule packs hold plain data only (tags that build "
            "Python objects are refused)",
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        what = err.problem or err.context or "invalid YAML"
        raise RulePackError(path, f"YAML syntax error: {what}", line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as err:
        raise RulePackError(path, f"YAML error: {err}") from None
