"""Markdown markup: no rule may remove a line of front matter, fenced code, comments or definitions.

Jekyll and Hugo posts open with YAML (``---``) or TOML (``+++``) metadata whose
lines look like residue to some rules ("tags: [bridges, council]" reads like a
"Tags:" line), a tutorial's code holds "Share this:", and ``<!--more-->`` folds
to "more". Tables of texts drive the detectors, the engine and the CLI.
"""

from __future__ import annotations

import pytest

import cleaner
from cleaner import Cleaner
from cleaner.cli import main
from cleaner.document import Document
from cleaner.markup import MAX_LINES, front_matter_lines, markup_lines

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


TEMPLATE = "```html\n<nav class=\"share\">\nShare this:\nFacebook\nPrint\n</nav>\n```\n"
# (name, text, the lines that are markup)
MARKUP = [
    ("code-fence", ARTICLE + TEMPLATE + ARTICLE, {1, 2, 3, 4, 5, 6, 7}),
    ("tilde-fence-with-longer-close", ARTICLE + "~~~\nPrint\n~~~~~\n" + ARTICLE, {1, 2, 3}),
    ("backtick-fence-not-closed-by-tildes", ARTICLE + "```\nPrint\n~~~\nShare\n```\n", {1, 2, 3, 4, 5}),
    ("unclosed-fence-runs-to-the-end", ARTICLE + "```\nPrint\nShare this:\n", {1, 2, 3}),
    ("backticks-with-a-backtick-after-are-no-fence", ARTICLE + "```x` Print\nPrint\n", set()),
    ("more-comment", ARTICLE + "<!--more-->\n" + ARTICLE, {1}),
    ("comment-over-lines", ARTICLE + "<!--\nRead more\n-->\n" + ARTICLE, {1, 2, 3}),
    ("comment-never-closed-protects-nothing", ARTICLE + "<!-- Read more\nRead more\n", set()),
    ("definitions",
     ARTICLE + "[docs]: https://example.org/docs\n[^1]: Copyright (c) 2024 The Bridge Project.\n", {1, 2}),
    ("text-with-a-colon-after-a-bracket", ARTICLE + "Read more\n[citation needed]: see below\n", {2}),
    ("front-matter-and-code", YAML + ARTICLE + TEMPLATE, set(range(7)) | set(range(8, 15))),
    ("shortcodes-and-tags",
     ARTICLE + "{{< newsletter-subscribe >}}\n{{% share %}}\n{% include share-buttons.html %}\n"
     "{{ partial \"related\" . }}\n",
     {1, 2, 3, 4}),
    ("shortcode-over-lines", ARTICLE + "{{< figure\n  caption=\"Share this\"\n>}}\nPrint\n", {1, 2, 3}),
    ("shortcode-never-closed-protects-nothing", ARTICLE + "{{< figure\nShare this:\n", set()),
    ("braces-inside-a-sentence", ARTICLE + "Share this:\nThe {{ name }} placeholder is replaced by the name.\n", set()),
    ("no-markup", ARTICLE + "Share this:\nPrint\n", set()),
] + [(name, text, set(range(lines))) for name, text, lines in CASES]  # front matter is markup too


@pytest.mark.parametrize(("name", "text", "expected"), MARKUP, ids=[c[0] for c in MARKUP])
def test_markup_lines_are_the_forms_markdown_reads(name, text, expected):
    assert markup_lines(Document.parse(text)) == expected


@pytest.mark.parametrize(("name", "text", "expected"), MARKUP, ids=[c[0] for c in MARKUP])
def test_no_rule_removes_a_line_of_markup(name, text, expected):
    result = cleaner.clean(text)
    removed = {n - 1 for r in result.removals for n in range(r.first_line, r.last_line + 1)}
    assert not removed & expected
    assert result.replay() == result.text


def test_residue_outside_markup_still_goes():
    text = ARTICLE + TEMPLATE + ARTICLE + "Share this:\nPrint\n"
    result = cleaner.clean(text)
    assert result.text == ARTICLE + TEMPLATE + ARTICLE


def test_residue_after_the_front_matter_still_goes():
    result = cleaner.clean(YAML + "\n" + ARTICLE + "Tags: bridges, council\n")
    assert result.text == YAML + "\n" + ARTICLE
    assert [r.text for r in result.removals] == ["Tags: bridges, council\n"]


def test_the_protection_can_be_switched_off_in_a_pack(tmp_path):
    """Without it the default packs take "tags:" lines: the case the protection exists for."""
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: [default]\nsettings:\n  protect_markup: false\n", encoding="utf-8")
    result = Cleaner(str(pack)).clean(YAML + "\n" + ARTICLE)
    assert "tags: [bridges, council]" in {r.text.strip() for r in result.removals}


def test_a_wrong_type_for_the_setting_names_the_key(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("settings:\n  protect_markup: yes please\n", encoding="utf-8")
    with pytest.raises(cleaner.RulePackError, match="protect_markup"):
        Cleaner(str(pack))


def test_a_block_longer_than_the_limit_is_not_front_matter():
    body = "".join(f"key{i}: value\n" for i in range(MAX_LINES))
    doc = Document.parse("---\n" + body + "---\n" + ARTICLE)
    assert front_matter_lines(doc) == 0


def test_markup_is_found_in_linear_time():
    import time

    def seconds(n: int) -> float:
        text = (ARTICLE + "<!-- x\n" + "```\nPrint\n```\n[a]: b\n") * n
        doc = Document.parse(text)
        start = time.perf_counter()
        markup_lines(doc)
        return time.perf_counter() - start

    small, large = min(seconds(2000) for _ in range(3)), min(seconds(20000) for _ in range(3))
    assert large < 30 * small


def test_fix_keeps_a_posts_markup_byte_for_byte(tmp_path, monkeypatch):
    post = tmp_path / "2024-03-01-bridge.md"
    original = YAML + "\n# The new bridge\n\n" + ARTICLE + "<!--more-->\n" + TEMPLATE + "\nTags: bridges, council\n"
    post.write_bytes(original.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "-q", str(post)]) == 1
    fixed = post.read_text(encoding="utf-8")
    assert fixed.startswith(YAML) and "<!--more-->\n" + TEMPLATE in fixed
    assert "Tags: bridges, council" not in fixed
    assert main(["check", "-q", str(post)]) == 0
