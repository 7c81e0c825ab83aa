"""Front matter of static-site Markdown files: no rule may remove a line of it.

Jekyll and Hugo posts open with YAML (``---``) or TOML (``+++``) metadata whose
lines look like residue to some rules ("tags: [bridges, council]" reads like a
"Tags:" line). One table of texts drives the detector, the engine and the CLI.
"""

from __future__ import annotations

import pytest

import cleaner
from cleaner import Cleaner
from cleaner.cli import main
from cleaner.document import Document
from cleaner.frontmatter import MAX_LINES, front_matter_lines

ARTICLE = (
    "The town council met on Tuesday evening and agreed, after a long debate, to build a new "
    "footbridge over the Aare next spring, with money from the canton and the federal government.\n"
)
YAML = "---\ntitle: The new bridge\ndate: 2024-03-01\ntags: [bridges, council]\ncategories: news\nshare: true\n---\n"
TOML = '+++\ntitle = "Share your views"\ntags = ["bridges"]\n[params]\ncomments = true\n+++\n'

# (name, text, lines of front matter at its start)
CASES = [
    ("yaml", YAML + "\n" + ARTICLE + "Tags: bridges, council\n", 7),
    ("yaml-closed-by-dots", "---\ntitle: Bridges\ntags: [council]\n...\n" + ARTICLE, 4),
    ("yaml-quoted-key", '---\n"title": Bridges\nTags: council\n---\n' + ARTICLE, 4),
    ("yaml-list-and-blank-lines", "---\ntags:\n  - bridges\n\n  - council\n---\n" + ARTICLE, 6),
    ("toml", TOML + ARTICLE + "Leave a comment\n", 6),
    ("crlf", YAML.replace("\n", "\r\n") + ARTICLE.replace("\n", "\r\n"), 7),
    ("trailing-spaces-on-fences", "--- \ntags: [a]\n---  \n" + ARTICLE, 3),
    # Not front matter: a share box between two rules, a block that never closes,
    # a fence after a first line, an empty block.
    ("share-box-between-rules", "---\nShare this:\nFacebook\n---\n" + ARTICLE, 0),
    ("never-closed", "---\ntags: [bridges]\n" + ARTICLE + "Tags: bridges\n", 0),
    ("not-on-the-first-line", "\n---\ntags: [bridges]\n---\n" + ARTICLE, 0),
    ("empty-block", "---\n---\n" + ARTICLE, 0),
    ("toml-fence-yaml-body", "+++\ntags: [bridges]\n+++\n" + ARTICLE, 0),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_front_matter_is_found_only_where_site_generators_read_it(name, text, expected):
    assert front_matter_lines(Document.parse(text)) == expected


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_no_rule_removes_a_line_of_the_front_matter(name, text, expected):
    result = cleaner.clean(text)
    lines = text.splitlines(keepends=True)
    assert result.text.startswith("".join(lines[:expected]))
    assert all(r.first_line > expected for r in result.removals)
    assert result.replay() == result.text


def test_residue_after_the_front_matter_still_goes():
    result = cleaner.clean(YAML + "\n" + ARTICLE + "Tags: bridges, council\n")
    assert result.text == YAML + "\n" + ARTICLE
    assert [r.text for r in result.removals] == ["Tags: bridges, council\n"]


def test_the_protection_can_be_switched_off_in_a_pack(tmp_path):
    """Without it the default packs take "tags:" lines: the case the protection exists for."""
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: [default]\nsettings:\n  protect_front_matter: false\n", encoding="utf-8")
    result = Cleaner(str(pack)).clean(YAML + "\n" + ARTICLE)
    assert "tags: [bridges, council]" in {r.text.strip() for r in result.removals}


def test_a_wrong_type_for_the_setting_names_the_key(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("settings:\n  protect_front_matter: yes please\n", encoding="utf-8")
    with pytest.raises(cleaner.RulePackError, match="protect_front_matter"):
        Cleaner(str(pack))


def test_a_block_longer_than_the_limit_is_not_front_matter():
    body = "".join(f"key{i}: value\n" for i in range(MAX_LINES))
    doc = Document.parse("---\n" + body + "---\n" + ARTICLE)
    assert front_matter_lines(doc) == 0


def test_fix_keeps_a_posts_front_matter_byte_for_byte(tmp_path, monkeypatch):
    post = tmp_path / "2024-03-01-bridge.md"
    original = YAML + "\n# The new bridge\n\n" + ARTICLE + "\nTags: bridges, council\n"
    post.write_bytes(original.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "-q", str(post)]) == 1
    fixed = post.read_text(encoding="utf-8")
    assert fixed.startswith(YAML)
    assert "Tags: bridges, council" not in fixed
    assert main(["check", "-q", str(post)]) == 0
