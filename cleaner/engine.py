"""The engine: compile a rule set once, then clean many texts with it.

text -> :class:`~cleaner.document.Document` -> decisions of every rule ->
:func:`~cleaner.decisions.resolve` -> guard -> :class:`~cleaner.result.CleanResult`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import Any

import regex

from cleaner.decisions import Decision, apply_removals, resolve
from cleaner.document import Document, LayoutOptions
from cleaner.markup import markup_lines
from cleaner.packs.loader import RuleSet, load_ruleset
from cleaner.result import CleanResult, Refusal, RuleFailure
from cleaner.rules import KINDS, Context, Rule, RuleTimeout
from cleaner.settings import Settings
from cleaner.text import fold

GUARD_SHARE_ID = "guard.max-removed-share"
_RULE_ID = attrgetter("rule_id")
# How many times clean() looks at its own output (see Cleaner._second_look).
MAX_PASSES = 3
GUARD_EMPTY_ID = "guard.empty-output"


class Cleaner:
    """A compiled rule set; ``clean`` is pure, so one instance serves many threads.

    Args:
        rules: None for the built-in packs; a pack path, a list of paths, or a
            :class:`~cleaner.packs.RuleSet` already loaded.
        select: only rules whose id (or dotted prefix) is listed.
        ignore: drop rules whose id (or dotted prefix) is listed.

    A Cleaner pickles as its rule set (plain data) and compiles again on
    arrival, so it can be sent to worker processes.

    >>> c = Cleaner()
    >>> r = c.clean("A paragraph of article text that is long enough to count.\\n\\n\\n")
    >>> r.text
    'A paragraph of article text that is long enough to count.\\n'
    >>> [x.rule_id for x in r.removals]
    ['whitespace.trailing-blank-lines']
    """

    def __init__(self, rules: str | Path | list | RuleSet | None = None, *, select=None, ignore=None):
        ruleset = rules if isinstance(rules, RuleSet) else load_ruleset(rules)
        if select or ignore:
            ruleset = ruleset.select(select, ignore)
        self.ruleset = ruleset
        self._compile()

    def _compile(self) -> None:
        ruleset = self.ruleset
        settings = Settings()
        table = dict(ruleset.settings)
        if "stopwords" in table:
            table["stopwords"] = [fold(w) for w in table["stopwords"]]
        self.settings = settings.merged(table)
        self.layout: LayoutOptions = self.settings.layout
        by_kind: dict[str, list[Rule]] = defaultdict(list)
        for spec in ruleset.rules.values():
            by_kind[spec["kind"]].append(KINDS[spec["kind"]](spec))
        self.rules: list[Rule] = [rule for group in by_kind.values() for rule in group]
        self._phases = _phases(by_kind)
        # The second look (see _second_look) needs only the rules whose verdict on
        # a line can change when other lines go: a line-local rule that may fire
        # anywhere gave its verdict on every surviving line already, unless it
        # spared a piece of a sentence (Context.spares), and then clean() looks
        # with every rule.
        self._second_phases = _phases({
            kind: [rule for rule in rules if not (rule.LINE_LOCAL and rule.where == "anywhere" and not rule.take_rest)]
            for kind, rules in by_kind.items()
        })
        self._keep = [(regex.compile(k.pattern), k) for k in ruleset.keep]
        # Rules that do not fire on pages about some subject (`not_on_pages_about`), by id.
        self._subjects = {rule.id: rule.subjects for rule in self.rules if rule.subjects is not None}

    def __getstate__(self):
        # Workers clean; they never run examples or report pack line numbers,
        # so those stay behind and each task ships less.
        lean = {
            rule_id: {k: v for k, v in spec.items() if k not in ("examples", "_key_lines")}
            for rule_id, spec in self.ruleset.rules.items()
        }
        return {"ruleset": replace(self.ruleset, rules=lean)}

    def __setstate__(self, state):
        self.ruleset = state["ruleset"]
        self._compile()

    def rule(self, rule_id: str) -> Rule:
        """The compiled rule with this id (or alias)."""
        current = self.ruleset.resolve_id(rule_id)
        for rule in self.rules:
            if rule.id == current:
                return rule
        raise KeyError(rule_id)

    def clean(self, text: str, *, extra_decisions=None) -> CleanResult:
        """Clean one text.

        Args:
            text: the input.
            extra_decisions: optional callable taking the parsed
                :class:`~cleaner.document.Document` and returning more
                :class:`~cleaner.decisions.Decision` objects (for example the
                site-level repeated lines of :mod:`cleaner.repeated`). They join
                the first-phase rules' decisions, so they go through the same
                resolution, keep patterns and guard, and replay like any rule's.

        Returns a :class:`CleanResult` whose ``removals`` replay to ``text``.
        """
        if not isinstance(text, str):
            raise TypeError(f"clean() takes a str, not {type(text).__name__}; decode bytes first")
        doc = Document.parse(text, self.layout)
        failures: list[RuleFailure] = []
        # What the rules computed from a line's text alone, for every look of this call.
        by_text: dict = {}
        # Lines a line rule left as pieces of a sentence (Context.spares): their verdict
        # depends on their neighbours, so the second look must judge them again.
        spared: set[int] = set()
        decisions, protected = self._decide(doc, extra_decisions, failures, by_text=by_text, spared=spared)
        removals = resolve(doc, decisions, protected)
        for _ in range(MAX_PASSES - 1):
            phases = self._phases if spared else self._second_phases
            more = self._second_look(text, doc, removals, extra_decisions, by_text, phases)
            if not more:
                break
            decisions += more
            removals = resolve(doc, decisions, protected)
        if not removals:
            return CleanResult(text, text, (), None, tuple(failures))
        refusal = self._guard(doc, removals)
        if refusal is not None:
            return CleanResult(text, text, (), refusal, tuple(failures))
        result = CleanResult(text, "", tuple(removals), None, tuple(failures))
        object.__setattr__(result, "text", result.replay())
        return result

    def _decide(self, doc: Document, extra_decisions, failures: list[RuleFailure], phases=None, by_text=None,
                spared: set[int] | None = None):
        """The decisions of the rules of ``phases`` (all, by default) on ``doc``, and the protected lines.

        ``by_text`` is the :class:`~cleaner.rules.Context`'s store of per-line-text values;
        ``spared`` receives the lines that line rules left as pieces of a sentence.
        """
        ctx = Context(doc, self.settings, by_text)
        protected = self._protected(doc, failures)
        decisions: list[Decision] = []
        removed: frozenset[int] = frozenset()
        for number, phase in enumerate(self._phases if phases is None else phases):
            start = len(decisions)
            for rule in phase:
                try:
                    decisions.extend(rule.decide(ctx, removed))
                except RuleTimeout as err:
                    failures.append(RuleFailure(err.rule_id, str(err)))
            if self._subjects and len(decisions) > start:
                kept = self._off_their_subject(ctx, decisions, start, protected)
                if kept is not None:
                    decisions[start:] = kept
            if number == 0 and extra_decisions is not None:
                # After the rules, so that a named rule keeps a line it also claims.
                decisions.extend(extra_decisions(doc))
            removed = frozenset(
                i for d in decisions if d.span is None for i in range(d.first, d.last + 1) if i not in protected
            )
        if not (self._phases if phases is None else phases) and extra_decisions is not None:
            decisions.extend(extra_decisions(doc))
        failures.extend(RuleFailure(err.rule_id, str(err)) for err in ctx.failures)
        if spared is not None:
            spared.update(ctx.spared)
        return decisions, protected

    def _off_their_subject(self, ctx: Context, decisions: list[Decision], start: int, protected):
        """The decisions from ``start`` on, without those of rules that stand down on this page; None to keep all.

        A rule with ``not_on_pages_about`` keeps its decisions unless the page
        is about one of its subjects, judged on the paragraphs that no
        decision so far removes (a notice's own lines do not make a page
        about it).
        """
        subjects = self._subjects
        standing = subjects.keys() & set(map(_RULE_ID, islice(decisions, start, None)))
        if not standing:
            return None
        removed = {i for d in decisions if d.span is None for i in range(d.first, d.last + 1)} - protected
        down = {rule_id for rule_id in standing if ctx.about(subjects[rule_id], removed)}
        if not down:
            return None
        return [d for d in islice(decisions, start, None) if d.rule_id not in down]

    def _second_look(self, text: str, doc: Document, removals, extra_decisions, by_text=None,
                     phases=None) -> list[Decision]:
        """Decisions the rules would take on the cleaned text, mapped back to the input's lines.

        Removing lines can move what the rules see: the head or tail, a
        heading, a section's neighbours. Running them once more on the output
        and folding what they find into this result makes cleaning idempotent,
        which a pre-commit hook needs (a fixed file must pass the next run).
        Only removals of non-blank lines can move anything, so a text that
        lost only blank lines is not looked at again.
        """
        lines = doc.lines
        whole = set()
        partial = set()
        for r in removals:
            if _whole_lines(doc, r):
                whole.update(range(r.first_line - 1, r.last_line))
            else:
                partial.add(r.first_line - 1)
        if all(lines[i].is_blank for i in whole):
            return []
        survivors = [line.index for line in lines if line.index not in whole]
        # The surviving lines are the new ones, but where a removal ended inside one.
        out_doc = Document.parse(apply_removals(text, removals), self.layout, [lines[i] for i in survivors])
        if len(out_doc.lines) != len(survivors):
            # A CR and an LF met where lines went and now read as one ending;
            # the lines no longer map one to one, so take no second look.
            return []
        # Failures were reported by the first look; the same rule failing again adds
        # nothing. Repeated lines are judged line by line, like the rules left out.
        more, _ = self._decide(out_doc, None, [], self._second_phases if phases is None else phases, by_text)
        mapped: list[Decision] = []
        for d in more:
            if d.span is not None:
                if survivors[d.first] not in partial:
                    mapped.append(replace(d, first=survivors[d.first], last=survivors[d.first]))
                continue
            run_start = prev = survivors[d.first]
            for k in range(d.first + 1, d.last + 1):
                index = survivors[k]
                if index != prev + 1:
                    mapped.append(replace(d, first=run_start, last=prev))
                    run_start = index
                prev = index
            mapped.append(replace(d, first=run_start, last=prev))
        return mapped

    def clean_records(self, records, text_field: str = "text", **options):
        """Clean a stream of dict records lazily; see :func:`cleaner.stream.clean_records`."""
        from cleaner.stream import clean_records

        return clean_records(self, records, text_field=text_field, **options)

    def _protected(self, doc: Document, failures: list[RuleFailure]) -> frozenset[int]:
        """The lines no rule may remove: Markdown markup, and the lines a ``keep`` pattern matches."""
        markup = markup_lines(doc) if self.settings.protect_markup else frozenset()
        if not self._keep:
            return markup
        protected = set(markup)
        for line in doc.lines:
            if line.is_blank:
                continue
            for pattern, keep in self._keep:
                try:
                    hit = pattern.search(line.text, timeout=1.0)
                except TimeoutError:
                    # Never lose text: a line the pattern cannot judge in time is kept.
                    failures.append(RuleFailure(
                        "keep", f"keep pattern {keep.pattern!r} ({keep.source}) timed out on line {line.number}; "
                        "the line is kept"))
                    hit = True
                if hit:
                    protected.add(line.index)
                    break
        return frozenset(protected)

    def _guard(self, doc: Document, removals) -> Refusal | None:
        total = doc.word_count
        lines = doc.lines
        gone = sum(
            lines[i].words
            for r in removals
            if _whole_lines(doc, r)
            for i in range(r.first_line - 1, r.last_line)
        )
        if total and gone >= total:
            return Refusal(GUARD_EMPTY_ID, f"the rules would remove every word ({total}); kept unchanged",
                           tuple(removals))
        limit = self.settings.max_removed_share
        if total and gone / total > limit:
            return Refusal(
                GUARD_SHARE_ID,
                f"the rules would remove {gone} of {total} words ({gone / total:.0%}), more than the "
                f"limit of {limit:.0%} (settings: max_removed_share); kept unchanged",
                tuple(removals),
            )
        return None


def _whole_lines(doc: Document, removal) -> bool:
    """True when ``removal`` takes whole lines (not trailing spaces inside one)."""
    return (removal.start == doc.lines[removal.first_line - 1].start
            and removal.end == doc.lines[removal.last_line - 1].end)


def _phases(by_kind: dict[str, list[Rule]]) -> list[list[Any]]:
    """Rules (grouped where their kind compiles groups) in phase order."""
    phases: dict[int, list[Any]] = defaultdict(list)
    for kind, rules in by_kind.items():
        if not rules:
            continue
        cls = KINDS[kind]
        group = getattr(cls, "compile_group", None)
        phases[cls.PHASE].extend(group(rules) if group else rules)
    return [phases[p] for p in sorted(phases)]


_DEFAULT: Cleaner | None = None


def default_cleaner() -> Cleaner:
    """The shared cleaner with the built-in packs (built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Cleaner()
    return _DEFAULT


def clean(text: str, *, rules: str | Path | list | RuleSet | Cleaner | None = None) -> CleanResult:
    """Clean ``text`` with the built-in packs, or with ``rules``.

    >>> article = ("The council met on Tuesday and agreed a budget with more money for schools, "
    ...            "buses, libraries and the old bridges.\\n")
    >>> result = clean(article + "Leave a comment\\n")
    >>> result.text == article
    True
    >>> result.changed, [r.rule_id for r in result.removals]
    (True, ['en.comments.leave-a-comment'])
    """
    if isinstance(rules, Cleaner):
        return rules.clean(text)
    if rules is None:
        return default_cleaner().clean(text)
    return Cleaner(rules).clean(text)
