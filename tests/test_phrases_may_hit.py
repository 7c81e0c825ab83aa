"""PhraseMatcher.decide visits only the lines _may_hit lets through; the decisions are those of every line.

The reference below runs _hits on every short line, as decide did before
the shortcut, for the default packs and for a matcher with several folding
options (case- and accent-sensitive rules next to the default ones).
"""

import pytest
from conftest import dev_texts, seed_and_example_texts

from cleaner import Cleaner
from cleaner.document import Document
from cleaner.rules.base import Context
from cleaner.rules.phrases import PhraseMatcher, PhrasesRule
from cleaner.settings import Settings


def _reference(matcher: PhraseMatcher, ctx: Context) -> list:
    decisions = []
    rest_taken: set[str] = set()
    for index in ctx.short_lines(max(matcher.max_line_words.values(), default=0) or 1):
        seen = set()
        for rule, _phrase in matcher._hits(ctx, index):
            if rule.id in seen or not ctx.in_zone(index, rule.where):
                continue
            seen.add(rule.id)
            decisions.extend(rule.decisions_at(ctx, index, index, rest=rule.id not in rest_taken))
            if rule.take_rest:
                rest_taken.add(rule.id)
    return decisions


def _texts(cleaner: Cleaner) -> list[str]:
    return seed_and_example_texts(cleaner.rules) + dev_texts(100, files=1)


def _rule(rule_id: str, phrases: list[str], **more) -> PhrasesRule:
    return PhrasesRule({"id": rule_id, "reason": "test", "phrases": phrases, **more})


MIXED = [
    _rule("t.line", ["Read more", "Leave a reply"]),
    _rule("t.start", ["Share this", "Téléchargez"], match="start", max_words=6),
    _rule("t.cased", ["READ MORE"], case_sensitive=True),
    _rule("t.accents", ["téléchargez l'application"], accent_sensitive=True, where="tail"),
    _rule("t.both", ["Über uns"], match="start", case_sensitive=True, accent_sensitive=True, take_rest=True),
]


def test_the_default_matcher_decides_as_on_every_line():
    cleaner = Cleaner()
    matcher = next(group for phase in cleaner._phases for group in phase if isinstance(group, PhraseMatcher))
    for text in _texts(cleaner):
        ctx = Context(Document.parse(text, cleaner.layout), cleaner.settings)
        assert matcher.decide(ctx) == _reference(matcher, ctx)


@pytest.mark.parametrize("text", [
    "Read more\nREAD MORE\nread   more!\nShare this story with friends\nShare this story with all of your friends\n",
    "Téléchargez l'application\ntelechargez l application\nTÉLÉCHARGEZ L'APPLICATION\n",
    "A paragraph of article text that is long enough to count as prose here.\nÜber uns und so\nüber uns\nLast\n",
])
def test_a_matcher_with_several_foldings_decides_as_on_every_line(text):
    matcher = PhraseMatcher(MIXED)
    assert len(matcher.index) == 4
    ctx = Context(Document.parse(text), Settings())
    expected = _reference(matcher, ctx)
    assert matcher.decide(ctx) == expected
    assert expected
