"""The ``pattern`` kind: one regular expression per rule, with a time limit per match.

A shared literal prefilter (end of this module) runs each regex only on the lines
that hold one of the literal strings every match of it must contain.
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_left

import regex

from cleaner.rules.base import BLANK, Context, Param, Rule, RuleTimeout


class PatternRule(Rule):
    """Remove lines that a regular expression (``regex`` package syntax) matches.

    The expression runs on the line without its ending and surrounding white
    space, never across lines, and each match is bounded by ``timeout`` so a
    pattern that backtracks catastrophically cannot hang a run.
    """

    KIND = "pattern"
    LINE_LOCAL = True
    PARAMS = {
        "pattern": Param("str", "The regular expression (Python `regex` syntax).", required=True),
        "match": Param(
            "enum",
            "`line`: the pattern must match the whole line; `start`: at its start; "
            "`search`: anywhere in it.",
            default="line",
            choices=("line", "start", "search"),
        ),
        "case_sensitive": Param("bool", "Match letter case exactly.", default=False),
        "max_words": Param("int", "Only lines of at most this many words (0: any).", default=0, minimum=0),
        "timeout": Param("float", "Seconds one match may take.", default=0.25, minimum=0.001, maximum=60),
    }

    def __init__(self, spec):
        super().__init__(spec)
        flags = regex.V0 | (0 if self.param("case_sensitive") else regex.IGNORECASE)
        self.regex = regex.compile(spec["pattern"], flags)
        mode = self.param("match")
        self._run = {"line": self.regex.fullmatch, "start": self.regex.match, "search": self.regex.search}[mode]
        self.max_words = self.param("max_words")
        self.timeout = self.param("timeout")
        self.ignorecase = not self.param("case_sensitive")
        self.literals = required_literals(spec["pattern"], self.ignorecase)
        # A match of `line` or `start` begins where the line does, so with one of these.
        self.prefixes = required_prefixes(spec["pattern"], self.ignorecase) if mode != "search" else None
        self.prefilter: LiteralPrefilter | None = None

    @classmethod
    def compile_group(cls, rules: list[PatternRule]) -> list[PatternGroup]:
        """Run every pattern rule of a rule set as one group with a shared :class:`LiteralPrefilter`."""
        return [PatternGroup(rules)] if rules else []

    def matches(self, ctx: Context, removed: frozenset[int] = frozenset()):
        """Yield the lines the pattern matches; raise :class:`RuleTimeout` on a time-out.

        With a prefilter, only the lines it names as candidates are tried.
        """
        if self.prefilter is not None and self.prefilter.filters(self):
            return self.matching(ctx, self.prefilter.lines_for(ctx, self))
        return self.matching(ctx, ctx.short_lines(self.max_words))

    def matching(self, ctx: Context, indexes):
        """Yield those of the line indexes ``indexes`` that the pattern matches."""
        lines = ctx.doc.lines
        most = self.max_words
        texts = ctx.visible_texts
        # A verdict depends on the text alone: a later look at the cleaned text reuses it.
        known = ctx.text_memo(("pattern", self.id))
        run, timeout = self._run, self.timeout
        for index in indexes:
            line = lines[index]
            if line.kind is BLANK or (most and line.words > most):
                continue
            text = texts[index]
            hit = known.get(text)
            if hit is None:
                try:
                    hit = known[text] = run(text, timeout=timeout) is not None
                except TimeoutError:
                    raise RuleTimeout(self.id, line.number, timeout) from None
            if hit:
                yield index


class PatternGroup:
    """All pattern rules of a rule set, run together.

    One prefilter scan per document tells which rules have a candidate line
    at all, and which lines; the others cost nothing, so a document pays for
    the rules that could match it, not for every rule in the packs.
    """

    def __init__(self, rules: list[PatternRule]):
        self.rules = list(rules)
        self.id = "pattern"
        self.prefilter = LiteralPrefilter(self.rules)
        for rule in self.rules:
            # Rule objects are shared by the groups of both looks; the first group's
            # prefilter (of every rule) serves a rule run on its own. A rule whose
            # prefilter is set to None is run unfiltered, by its group too.
            if rule.prefilter is None:
                rule.prefilter = self.prefilter

    def decide(self, ctx: Context, removed=frozenset()):
        """The decisions of every pattern rule that has a candidate line; time-outs go to ``ctx.failures``."""
        prefilter = self.prefilter
        table = ctx.memo(prefilter, lambda: prefilter._scan(ctx))
        decisions = []
        for rule in self.rules:
            if rule.prefilter is not None and prefilter.filters(rule):
                indexes = table.get(rule.id)
                if not indexes:
                    continue
            else:
                indexes = ctx.short_lines(rule.max_words)
            try:
                decisions.extend(rule.decisions_for(ctx, rule.matching(ctx, indexes)))
            except RuleTimeout as err:
                ctx.failures.append(err)
        return decisions


# --- literal prefilter ------------------------------------------------------------------------
#
# Running ~70 regular expressions on every short line was most of the cleaning
# time (profile on the dev data: 6.4 s of 10.8 s), and it grew with every rule
# added. Most patterns cannot match unless the line contains one of a few
# literal strings ("newsletter", "sponsored", "comment"...). Those strings are
# read from the pattern's parse tree once; one combined scan per document finds
# which lines hold any of them, and a rule runs its regex only on those lines.
# The filter is sound: a line it skips cannot match the pattern.

try:  # Python 3.11+
    from re import _constants as _sre_c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_c
    import sre_parse as _sre_parse

# A filter whose shortest literal is shorter than this would pass almost every line,
# unless that literal is made of symbols rare in prose ("©", ">>", "»"): no letter or
# digit of ASCII, no white space, none of the common punctuation below.
MIN_LITERAL = 3
_COMMON_PUNCTUATION = frozenset(".,;:!?'\"-()/")
# regex syntax that Python's `re` parser reads differently (or not at all);
# patterns using it get no filter and always run. A group opener counts only
# when its "(" is not escaped: "\(?(?:Photo" is an optional literal "(" and a group.
_GROUP = r"(?<!\\)(?:\\\\)*\(\?"
_REGEX_ONLY = re.compile(rf"\\[XmMLGKNQEVJ]|\[:\^?[a-zA-Z]+:\]|{_GROUP}[a-zA-Z^-]|{_GROUP}\||{_GROUP}\(|\\[0-9]")
_PROPERTY = re.compile(r"\\[pP](?:\{[^}]*\}|[A-Za-z])")


def _without_properties(pattern: str) -> str:
    r"""Replace ``\p{..}``/``\P{..}`` (one character of a class) by an any-character set.

    For literal extraction a property is just some character that is not a
    literal; ``[\s\S]`` says the same to Python's parser, inside a set or out.
    """
    out = []
    pos, in_set = 0, False
    while pos < len(pattern):
        ch = pattern[pos]
        if ch == "\\":
            found = _PROPERTY.match(pattern, pos)
            if found:
                out.append(r"\s\S" if in_set else r"[\s\S]")
                pos = found.end()
                continue
            out.append(pattern[pos : pos + 2])
            pos += 2
            continue
        if ch == "[" and not in_set:
            in_set = True
            out.append(ch)
            pos += 1
            if pattern.startswith("^", pos):
                out.append("^")
                pos += 1
            if pattern.startswith("]", pos):  # a leading ] is a member, not the end
                out.append("]")
                pos += 1
            continue
        if ch == "]" and in_set:
            in_set = False
        out.append(ch)
        pos += 1
    return "".join(out)


def literal_key(text: str) -> str:
    """The form in which a line is searched for literals of a case-insensitive pattern.

    ``casefold`` maps every character to the fold the ``regex`` module compares
    with, except dotted capital I, whose fold carries a combining dot: dropping
    the dot keeps ``İ`` equal to ``i`` (a test checks this for every character).
    """
    return text.casefold().replace("\u0307", "")


def _char_ok(ch: str, ignorecase: bool) -> bool:
    if not ignorecase:
        return True
    # Characters whose fold is longer than one character (ß -> ss) could match
    # spans of another length: they end a literal instead of joining it.
    return len(literal_key(ch)) == 1 and ch != "\u0307"


def _parse_tree(pattern: str) -> list | None:
    """``re``'s parse of ``pattern`` as a list of items, or None when ``re`` would read it otherwise or not at all."""
    if _REGEX_ONLY.search(pattern):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return list(_sre_parse.parse(_without_properties(pattern), 0))
    except Exception:  # noqa: BLE001 - anything `re` cannot read gets no filter
        return None


def required_literals(pattern: str, ignorecase: bool) -> frozenset[str] | None:
    r"""Strings one of which every match of ``pattern`` contains, or None when none are known.

    >>> sorted(required_literals(r"\b(?:sign|log) up for (?:our|the) newsletter", True))
    [' newsletter']
    >>> sorted(required_literals(r"[\p{Lu}]\w+ says:", True))
    [' says:']
    """
    tree = _parse_tree(pattern)
    if tree is None:
        return None
    found = _factors(tree, ignorecase)
    if not found:
        return None
    return frozenset(literal_key(s) if ignorecase else s for s in found)


def required_prefixes(pattern: str, ignorecase: bool) -> tuple[str, ...] | None:
    r"""Strings one of which every match of ``pattern`` starts with, or None when none are known.

    Like :func:`required_literals`, in the form :func:`literal_key` gives a
    case-insensitive pattern's text; a line that starts with none of them
    cannot be matched from its start.

    >>> sorted(required_prefixes(r"(?:(?:share|tweet|x)[\s|,]*)+", True))
    ['share', 'tweet', 'x']
    >>> required_prefixes(r"\W*(?:read more|see also)", True) is None
    True
    """
    tree = _parse_tree(pattern)
    if tree is None:
        return None
    found = _prefixes(tree, ignorecase)
    if not found or "" in found:
        return None
    return tuple(sorted(literal_key(s) if ignorecase else s for s in found))


def _prefixes(items, ignorecase: bool) -> set[str] | None:
    """Literal starts of a sequence of parse items, one of which every match begins with."""
    run: list[str] = []
    for op, av in items:
        if op is _sre_c.LITERAL and _char_ok(chr(av), ignorecase):
            run.append(chr(av))
            continue
        if op is _sre_c.AT:
            continue  # zero-width (^, \b): the characters on either side stay adjacent
        if run:
            break
        if op in _REPEATS and av[0] == 0 and list(av[2]) == _SPACE_CLASS:
            # A leading \s* matches nothing: the text a rule sees starts with no white
            # space (visible() strips every character regex's \s matches; a test checks).
            continue
        if op is _sre_c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            return None if add_flags or del_flags else _prefixes(list(sub), ignorecase)
        if op is _sre_c.BRANCH:
            alternatives = [_prefixes(list(b), ignorecase) for b in av[1]]
            return set().union(*alternatives) if all(alternatives) else None
        if op in _REPEATS:
            low, _high, sub = av
            return _prefixes(list(sub), ignorecase) if low >= 1 else None
        if op is _sre_c.IN and av and all(o is _sre_c.LITERAL and _char_ok(chr(v), ignorecase) for o, v in av):
            return {chr(v) for _, v in av}
        return None
    return {"".join(run)} if run else None


_SPACE_CLASS = [(_sre_c.IN, [(_sre_c.CATEGORY, _sre_c.CATEGORY_SPACE)])]


def _filters(found: set[str]) -> bool:
    """True when a line holding none of ``found`` is a line worth skipping (see MIN_LITERAL)."""
    return all(
        len(s) >= MIN_LITERAL
        or not any(ch.isspace() or ch in _COMMON_PUNCTUATION or (ch.isascii() and ch.isalnum()) for ch in s)
        for s in found
    )


def _score(found: set[str]) -> tuple[int, int]:
    return (min(len(s) for s in found), -len(found))


def _factors(items, ignorecase: bool) -> set[str] | None:
    """Required literals of a sequence of parse items: the best of its parts' sets."""
    best: set[str] | None = None
    run: list[str] = []

    def offer(found):
        nonlocal best
        if found and _filters(found) and (best is None or _score(found) > _score(best)):
            best = found

    for op, av in items:
        if op is _sre_c.LITERAL and _char_ok(chr(av), ignorecase):
            run.append(chr(av))
            continue
        if op in (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT):
            continue  # zero-width: the literals on either side stay adjacent in the text
        if run:
            offer({"".join(run)})
            run = []
        if op is _sre_c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if not add_flags and not del_flags:
                offer(_factors(list(sub), ignorecase))
        elif op is _sre_c.BRANCH:
            alternatives = [_factors(list(b), ignorecase) for b in av[1]]
            if all(alternatives):
                offer(set().union(*alternatives))
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1:
                offer(_factors(list(sub), ignorecase))
    if run:
        offer({"".join(run)})
    return best


_REPEATS = tuple(
    getattr(_sre_c, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre_c, name)
)


def _trie(literals: list[str]) -> str:
    """An alternation of ``literals`` factored into a prefix tree (greedy: longest first)."""
    root: dict = {}
    for literal in literals:
        node = root
        for ch in literal:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


class LiteralPrefilter:
    """The literals and prefixes of every pattern rule of a rule set, found in one scan per document.

    A rule with required literals is a candidate on the lines holding one of
    them; a rule with required prefixes on the lines whose visible text starts
    with one of them; a rule with both on the lines that pass both tests.
    """

    def __init__(self, rules: list[PatternRule]):
        literals: dict[tuple[bool, str], set[str]] = {}
        prefixes: dict[tuple[bool, str], set[str]] = {}
        self.filtered: dict[str, tuple[bool, bool]] = {}  # rule id -> (has literals, has prefixes)
        for rule in rules:
            for table, strings in ((literals, rule.literals), (prefixes, rule.prefixes)):
                for string in strings or ():
                    table.setdefault((rule.ignorecase, string), set()).add(rule.id)
            if rule.literals is not None or rule.prefixes is not None:
                self.filtered[rule.id] = (rule.literals is not None, rule.prefixes is not None)
        self.owners = literals
        filtered = [rule for rule in rules if rule.id in self.filtered]
        # Lines longer than every filtered rule's max_words are never scanned.
        self.max_words = 0 if any(not r.max_words for r in filtered) else max(
            (r.max_words for r in filtered), default=0)
        # Anywhere in the line (see _scan for overlapping ones), or at its start.
        self.bands = _bands(filtered, literals)
        self.starters = _scanners(prefixes, "({})")

    def filters(self, rule: PatternRule) -> bool:
        """True when this prefilter narrows ``rule``'s candidate lines (it has literals or prefixes)."""
        return rule.id in self.filtered

    def lines_for(self, ctx: Context, rule: PatternRule) -> list[int]:
        """Indexes of the lines of ``ctx`` where ``rule`` is a candidate, in order."""
        table = ctx.memo(self, lambda: self._scan(ctx))
        return table.get(rule.id, [])

    def _scan(self, ctx: Context) -> dict[str, list[int]]:
        found: dict[str, set[int]] = {}
        started: dict[str, set[int]] = {}
        indexes = ctx.short_lines(self.max_words)
        lines = ctx.doc.lines
        starts = [start for start, _ in self.bands]
        for index in indexes:
            line = lines[index]
            text = line.text
            # The scanners of the band of lines as long as this one (see _bands).
            band = self.bands[max(bisect_left(starts, line.words) - 1, 0)][1]
            for ignorecase, (scanner, owners, number) in band.items():
                # Every position where some string starts, each found once: a search
                # resumes one character after the last hit's start, so hits may
                # overlap. (A look-ahead at every position finds the same, slower:
                # a scanner that starts with its strings' first characters lets the
                # regex engine skip the other characters without trying a match.)
                key = literal_key(text) if ignorecase else text
                hit = scanner.search(key)
                while hit is not None:
                    for rule_id in owners[number[hit.group()]]:
                        found.setdefault(rule_id, set()).add(index)
                    hit = scanner.search(key, hit.start() + 1)
        if self.starters:
            texts = ctx.visible_texts
            for ignorecase, (starter, owners, number) in self.starters.items():
                match = starter.match
                for index in indexes:
                    text = texts[index]
                    hit = match(literal_key(text) if ignorecase else text)
                    if hit:
                        for rule_id in owners[number[hit.group(1)]]:
                            started.setdefault(rule_id, set()).add(index)
        table = {}
        for rule_id, (has_literals, has_prefixes) in self.filtered.items():
            if has_literals and has_prefixes:
                picked = found.get(rule_id, set()) & started.get(rule_id, set())
            else:
                picked = (found if has_literals else started).get(rule_id)
            if picked:
                table[rule_id] = sorted(picked)
        return table


def _bands(rules: list[PatternRule], literals: dict[tuple[bool, str], set[str]]) -> list[tuple[int, dict]]:
    """Scanners for bands of line lengths: ``(start, scanners)``, for lines of more than ``start`` words.

    A rule reads only lines of at most its ``max_words`` words, so a line of
    ``n`` words needs only the literals of the rules whose limit is ``n`` or
    more (or none), and a scanner of fewer strings skips more of the line.
    Other rules may still be named on it (those whose limit lies within its
    band): harmless, as a rule runs only on lines within its limit. A new
    band starts where it halves the strings to look for, so there are few.
    """
    limits = sorted({rule.max_words for rule in rules if rule.literals is not None and rule.max_words})

    def needed(start: int) -> dict[tuple[bool, str], set[str]]:
        keep = {rule.id for rule in rules if rule.literals is not None and not 0 < rule.max_words <= start}
        picked = {string_key: ids & keep for string_key, ids in literals.items()}
        return {string_key: ids for string_key, ids in picked.items() if ids}

    bands = [(0, needed(0))]
    for start in limits:
        strings = needed(start)
        if len(strings) * 2 <= len(bands[-1][1]):
            bands.append((start, strings))
    return [(start, _scanners(strings, "{}")) for start, strings in bands]


def _scanners(owners_by_string: dict[tuple[bool, str], set[str]], template: str) -> dict[bool, tuple]:
    """For each letter-case mode, a regex of the strings (``template`` around their trie) and their owners."""
    scanners: dict[bool, tuple] = {}
    for ignorecase in (True, False):
        strings = sorted((s for ic, s in owners_by_string if ic is ignorecase), key=lambda s: (-len(s), s))
        if not strings:
            continue
        # Longest first: at a position, the string found is the longest there,
        # and every shorter string found at that position is a prefix of it,
        # so its owners are added too.
        owners = []
        for string in strings:
            ids: set[str] = set()
            for other in strings:
                if string.startswith(other):
                    ids |= owners_by_string[(ignorecase, other)]
            owners.append(frozenset(ids))
        scanner = re.compile(template.format(_trie(strings)), re.DOTALL)
        scanners[ignorecase] = (scanner, owners, {s: n for n, s in enumerate(strings)})
    return scanners
