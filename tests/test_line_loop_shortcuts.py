"""Rules that skip lines in their pass over a document, against the full pass they stand for.

The white-space rules read only the lines they need (from the ends, the blank
lines, the lines ending in a space) instead of every surviving line; the
section group settles a line that is no heading and starts with no start
heading's first word without a set or a split. Each is compared here with
the full computation written out plainly: every line visited in turn.
"""

from __future__ import annotations

import random

from conftest import dev_texts, seed_and_example_texts

from cleaner import Cleaner
from cleaner.decisions import Decision
from cleaner.document import Document
from cleaner.rules import Context
from cleaner.rules.section import SectionGroup, SectionRule
from cleaner.rules.whitespace import WhitespaceRule

CLEANER = Cleaner()
WHATS = ("trailing-blank-lines", "leading-blank-lines", "blank-runs", "trailing-spaces")


def _texts() -> list[str]:
    own = [
        "",
        "\n\n\n",
        "  \n\tText with spaces after it.  \n\n\n\nMore text.\t\n\n \n",
        "a\n\n\nb\n\n\n\nc\n \n\n",
        "\n\nHeading\n\nShort body.\n\n\n",
    ]
    return own + seed_and_example_texts(CLEANER.rules) + dev_texts(80)


def _full_whitespace(rule: WhitespaceRule, ctx: Context, removed: frozenset[int]) -> list[Decision]:
    """The white-space rule's decisions with every surviving line visited."""
    alive = [line for line in ctx.doc.lines if line.index not in removed]
    picked: list[int] = []
    if rule.what == "trailing-blank-lines":
        for line in reversed(alive):
            if not line.is_blank:
                break
            picked.append(line.index)
    elif rule.what == "leading-blank-lines":
        for line in alive:
            if not line.is_blank:
                break
            picked.append(line.index)
    elif rule.what == "blank-runs":
        keep = rule.param("max_blank_lines")
        runs: list[list[int]] = []
        current: list[int] = []
        for line in alive:
            if line.is_blank:
                current.append(line.index)
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        for run in runs:
            if len(run) <= keep:
                continue
            if rule.param("only_after_removal"):
                if run[-1] - run[0] + 1 == len(run) and (run[0] - 1) not in removed and (run[-1] + 1) not in removed:
                    continue
            picked.extend(run[keep:])
    else:
        out = []
        for line in alive:
            if line.is_blank or not line.text.endswith((" ", "\t")):
                continue
            kept = len(line.text.rstrip(" \t"))
            out.append(Decision(line.index, line.index, rule.id, rule.reason, span=(kept, len(line.text))))
        return out
    return [Decision(i, i, rule.id, rule.reason) for i in picked if ctx.in_zone(i, rule.where)]


def _rules() -> list[WhitespaceRule]:
    rules = []
    for what in WHATS:
        for keep in (0, 1, 2):
            for after in (True, False):
                spec = {"id": f"t.{what}.{keep}.{after}", "kind": "whitespace", "reason": "white space in a test",
                        "what": what, "max_blank_lines": keep, "only_after_removal": after}
                rules.append(WhitespaceRule(spec))
    return rules


def test_whitespace_rules_decide_as_when_every_surviving_line_is_visited():
    rng = random.Random(11)
    rules = _rules()
    compared = 0
    for text in _texts():
        doc = Document.parse(text, CLEANER.layout)
        size = len(doc.lines)
        removed_sets = [frozenset(), frozenset(i for i in range(size) if rng.random() < 0.3),
                        frozenset(i for i in range(size) if doc.lines[i].is_blank == (rng.random() < 0.5))]
        for removed in removed_sets:
            ctx = Context(doc, CLEANER.settings)
            for rule in rules:
                fast = rule.decide(ctx, removed)
                assert fast == _full_whitespace(rule, ctx, removed), (rule.id, text[:80], sorted(removed))
                compared += len(fast)
    assert compared > 1000


def _full_headings(group: SectionGroup, ctx: Context) -> list:
    """The section group's decisions with each short line's set of rules built in full."""
    found: dict[str, list[int]] = {rule.id: [] for rule in group.rules}
    for line in ctx.doc.lines:
        words = line.words
        if words > group.max_heading_words or line.is_blank:
            continue
        key = ctx.folded(line.index)
        rules = set(group.headings.get(key, ()))
        if group.starts.phrases:
            for phrase in group.starts.starts(key.split(" ")):
                rules.update(group.starts.get(phrase))
        for rule in rules:
            if words <= rule.max_heading_words:
                found[rule.id].append(line.index)
    decisions = []
    for rule in group.rules:
        decisions.extend(rule.decide_headings(ctx, found[rule.id]))
    return decisions


def test_section_group_decides_as_when_every_short_line_is_looked_up_in_full():
    groups = [g for phase in CLEANER._phases for g in phase if isinstance(g, SectionGroup)]
    assert groups
    # The packs' section rules, every other one matching line starts: a group with start headings too.
    started = [SectionRule(dict(rule.spec, match="start") if n % 2 else rule.spec)
               for n, rule in enumerate(groups[0].rules)]
    groups.append(SectionGroup(started))
    assert groups[-1].starts.phrases
    decided = 0
    for text in _texts():
        doc = Document.parse(text, CLEANER.layout)
        for group in groups:
            fast = group.decide(Context(doc, CLEANER.settings))
            assert fast == _full_headings(group, Context(doc, CLEANER.settings)), text[:200]
            decided += len(fast)
    assert decided > 20
