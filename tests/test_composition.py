"""Packs compose: extends, disable, override, new rules, keep patterns, aliases, selection; config discovery."""

from __future__ import annotations

import pickle
import textwrap

import pytest

from cleaner import Cleaner, RulePackError, load_ruleset
from cleaner.config import find_config

ARTICLE = (
    "The regional council met on Tuesday evening to discuss the budget for the coming year, and "
    "after a long debate its members agreed to spend more on schools and bridges.\n"
)


def write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_user_pack_extends_default_implicitly(tmp_path):
    pack = write(tmp_path / "p.yaml", """
        rules:
          - id: site.promo.house-ad
            kind: phrases
            reason: The site's own house advertisement
            phrases: [Try our crossword]
    """)
    cleaner = Cleaner(pack)
    assert "en.comments.leave-a-comment" in cleaner.ruleset.rules
    result = cleaner.clean(ARTICLE + "Try our crossword!\nLeave a comment\n")
    assert result.text == ARTICLE
    assert [r.rule_id for r in result.removals] == ["site.promo.house-ad", "en.comments.leave-a-comment"]


def test_extends_nothing_gives_only_the_pack(tmp_path):
    pack = write(tmp_path / "p.yaml", """
        extends: []
        rules:
          - id: site.x
            kind: phrases
            reason: A rule of this site only
            phrases: [zzz]
    """)
    assert list(load_ruleset(pack).rules) == ["site.x"]


def test_disable_by_id_and_by_alias(tmp_path):
    base = write(tmp_path / "base.yaml", """
        extends: []
        rules:
          - id: site.new-name
            aliases: [site.old-name]
            kind: phrases
            reason: A renamed rule keeps its id
            phrases: [zzz]
          - id: site.other
            kind: phrases
            reason: Another rule of the site
            phrases: [yyy]
    """)
    user = write(tmp_path / "user.yaml", """
        extends: [base.yaml]
        disable: [site.old-name]
    """)
    assert list(load_ruleset(user).rules) == ["site.other"]
    assert list(load_ruleset(base).select(select=["site.old-name"]).rules) == ["site.new-name"]


def test_override_changes_parameters_and_is_validated(tmp_path):
    pack = write(tmp_path / "p.yaml", """
        override:
          en.comments.leave-a-comment:
            where: anywhere
            reason: Comment prompt anywhere in the text
    """)
    ruleset = load_ruleset(pack)
    spec = ruleset.rules["en.comments.leave-a-comment"]
    assert spec["where"] == "anywhere" and spec["reason"] == "Comment prompt anywhere in the text"
    text = "Leave a comment\n" + ARTICLE
    assert Cleaner(ruleset).clean(text).text == ARTICLE
    assert Cleaner().clean(text).text == text  # the default only looks in the tail


def test_keep_patterns_protect_lines(tmp_path):
    pack = write(tmp_path / "p.yaml", """
        keep:
          - pattern: '(?i)^leave a comment$'
            reason: our readers' forum link is content here
    """)
    text = ARTICLE + "Leave a comment\n"
    assert Cleaner(pack).clean(text).text == text
    assert Cleaner().clean(text).text == ARTICLE


def test_settings_change_the_guard(tmp_path):
    pack = write(tmp_path / "p.yaml", """
        settings:
          max_removed_share: 0.05
    """)
    text = ARTICLE + "Sign up for our newsletter to get the best stories of the week in your inbox.\n"
    result = Cleaner(pack).clean(text)
    assert result.refused and result.text == text
    assert "limit of 5%" in result.refusal.reason


def test_a_packs_stopwords_are_added_to_the_built_in_ones(tmp_path):
    pack = write(tmp_path / "p.yaml", """
        settings:
          stopwords: [Bridge, the]
    """)
    built_in = Cleaner().settings.vocabulary.stopwords
    words = Cleaner(pack).settings.vocabulary.stopwords
    assert "the" in built_in and "bridge" not in built_in
    assert words == built_in | {"bridge"}


def test_without_the_defaults_a_packs_stopwords_are_its_own(tmp_path):
    pack = write(tmp_path / "p.yaml", """
        extends: []
        settings:
          stopwords: [bridge]
    """)
    assert Cleaner(pack).settings.vocabulary.stopwords == {"bridge"}


def test_select_and_ignore_by_prefix():
    full = load_ruleset()
    comments = full.select(select=["en.comments"])
    assert comments.rules and all(rid.startswith("en.comments.") for rid in comments.rules)
    rest = full.select(ignore=["en.comments"])
    assert not any(rid.startswith("en.comments.") for rid in rest.rules)
    assert len(comments.rules) + len(rest.rules) == len(full.rules)
    with pytest.raises(RulePackError, match="no rule id or prefix matches 'en.coments'"):
        full.select(select=["en.coments"])


def test_cleaner_pickles_as_its_rule_set(tmp_path):
    pack = write(tmp_path / "p.yaml", """
        rules:
          - id: site.x
            kind: phrases
            reason: A rule of this site only
            phrases: [Try our crossword]
    """)
    cleaner = Cleaner(pack, ignore=["heuristics"])
    clone = pickle.loads(pickle.dumps(cleaner))
    text = ARTICLE + "Try our crossword\n"
    assert clone.clean(text) == cleaner.clean(text)
    assert set(clone.ruleset.rules) == set(cleaner.ruleset.rules)
    assert len(pickle.dumps(cleaner)) < 200_000


def test_find_config_prefers_cleaner_yaml_then_pyproject(tmp_path):
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "articles" / "2024"
    sub.mkdir(parents=True)
    assert find_config(sub) is None
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(sub) is None  # no [tool.cleaner] table
    write(tmp_path / "pyproject.toml", "[tool.cleaner]\ndisable = ['en.share.targets']\n")
    assert find_config(sub) == tmp_path / "pyproject.toml"
    assert "en.share.targets" not in load_ruleset(find_config(sub)).rules
    write(tmp_path / "articles" / ".cleaner.yaml", "disable: [en.comments.leave-a-comment]\n")
    assert find_config(sub) == tmp_path / "articles" / ".cleaner.yaml"


def test_find_config_stops_at_the_repository_root(tmp_path):
    write(tmp_path / ".cleaner.yaml", "disable: []\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_config(repo) is None
