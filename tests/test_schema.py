"""The published JSON Schema matches the declared schema and accepts the default packs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from cleaner.packs import builtin_pack_paths
from cleaner.packs.schema import json_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "cleaner" / "schema" / "rule-pack.schema.json"


def test_published_schema_is_up_to_date():
    published = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert published == json_schema(), "regenerate: python -m cleaner.packs.schema > " + str(SCHEMA_FILE)


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", builtin_pack_paths(), ids=lambda p: p.name)
def test_default_packs_validate_against_the_schema(path):
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), json_schema())


@pytest.mark.parametrize(
    "pack",
    [
        {"rules": [{"id": "x.y", "kind": "phrases", "reason": "r", "phrases": ["a"], "mtach": "line"}]},
        {"rules": [{"id": "NoDots", "kind": "phrases", "reason": "r", "phrases": ["a"]}]},
        {"rules": [{"id": "x.y", "kind": "pattern", "reason": "r"}]},
        {"rules": [{"id": "x.y", "kind": "phrases", "reason": "r", "phrases": ["a"], "where": "bottom"}]},
        {"settings": {"max_removed_share": 2}},
        {"rule": []},
    ],
)
def test_schema_rejects_what_the_loader_rejects(pack):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(pack, json_schema())
