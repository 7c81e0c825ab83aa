"""The ``pattern`` kind: one regular expression per rule, with a time limit per match.

A shared literal prefilter (end of this module) runs each regex only on the lines
that hold one of the literal strings every match of it must contain.
"""

from __future__ import annotations

import re
import sys
import warnings
from bisect import bisect_left, bisect_right
from itertools import accumulate, chain, repeat
from operator import add, attrgetter

import ahocorasick
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
        self.needs_digit = requires_digit(spec["pattern"])
        # What a match needs, to be tested before the regex runs; not when that is
        # one set and the literals of the shared scan, which every candidate holds already.
        self.needs = required_strings(spec["pattern"], self.ignorecase)
        if self.needs == ((tuple(sorted(self.literals or ())),),):
            self.needs = None
        self._prefilter: LiteralPrefilter | None = None

    # How many times any rule's prefilter was set: a group compares it with the
    # count it last saw to know when to look again at which rules run unfiltered.
    prefilter_sets = 0

    @property
    def prefilter(self) -> LiteralPrefilter | None:
        """The shared prefilter that names this rule's candidate lines; None runs the rule on every short line."""
        return self._prefilter

    @prefilter.setter
    def prefilter(self, value: LiteralPrefilter | None) -> None:
        self._prefilter = value
        PatternRule.prefilter_sets += 1

    @classmethod
    def compile_group(cls, rules: list[PatternRule]) -> list[PatternGroup]:
        """Run every pattern rule of a rule set as one group with a shared :class:`LiteralPrefilter`."""
        return [PatternGroup(rules)] if rules else []

    def matches(self, ctx: Context, removed: frozenset[int] = frozenset()):
        """Yield the lines of the rule's zone the pattern matches; raise :class:`RuleTimeout` on a time-out.

        With a prefilter, only the lines it names as candidates are tried.
        """
        if self.prefilter is not None and self.prefilter.filters(self):
            return self.matching(ctx, self.prefilter.lines_for(ctx, self))
        return self.matching(ctx, ctx.short_lines(self.max_words))

    def matching(self, ctx: Context, indexes):
        """Yield those of the line indexes ``indexes`` in the rule's zone that the pattern matches."""
        if self.where != "anywhere":
            # decisions_for keeps only the matches in the rule's zone, in order, so a
            # line outside it need not be matched at all (the same decisions), and the
            # rule cannot time out on a line where it may not fire.
            in_zone = ctx.in_zone
            indexes = [index for index in indexes if in_zone(index, self.where)]
        lines = ctx.doc.lines
        most = self.max_words
        texts = ctx.visible_texts
        # A verdict depends on the text alone: a later look at the cleaned text reuses it.
        known = ctx.text_memo(("pattern", self.id))
        run, timeout = self._run, self.timeout
        # The strings a match needs are tested as the literal filter is: only while it is on.
        may_match = self.may_match if self.needs is not None and self.prefilter is not None else None
        for index in indexes:
            line = lines[index]
            if line.kind is BLANK or (most and line.words > most):
                continue
            text = texts[index]
            hit = known.get(text)
            if hit is None:
                if may_match is not None and not may_match(text):
                    # No match can lack the strings, so the regex would find none here
                    # (and is spared a run that could only fail or time out).
                    known[text] = False
                    continue
                try:
                    hit = known[text] = run(text, timeout=timeout) is not None
                except TimeoutError:
                    raise RuleTimeout(self.id, line.number, timeout) from None
            if hit:
                yield index

    def may_match(self, text: str) -> bool:
        """False when ``text`` lacks strings that every match of the pattern holds (see :func:`required_strings`)."""
        if self.ignorecase:
            text = literal_key(text)
        for needed in self.needs:
            for strings in needed:
                for string in strings:
                    if string in text:
                        break
                else:
                    break  # the text holds no string of this set: this alternative cannot match
            else:
                return True
        return False


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
        self._position = {rule.id: position for position, rule in enumerate(self.rules)}
        self._by_id = {rule.id: rule for rule in self.rules}
        self._unfiltered: frozenset[str] = frozenset()
        self._sets_seen = -1

    def unfiltered(self) -> frozenset[str]:
        """Ids of the rules this group runs on every short line: unfiltered by the scan, or with no prefilter."""
        sets = PatternRule.prefilter_sets
        if sets != self._sets_seen:
            filtered = self.prefilter.filtered
            self._unfiltered = frozenset(
                rule.id for rule in self.rules if rule.prefilter is None or rule.id not in filtered)
            self._sets_seen = sets
        return self._unfiltered

    def decide(self, ctx: Context, removed=frozenset()):
        """The decisions of every pattern rule that has a candidate line; time-outs go to ``ctx.failures``."""
        prefilter = self.prefilter
        table = ctx.memo(prefilter, lambda: prefilter._scan(ctx))
        unfiltered = self.unfiltered()
        # Only the rules with a candidate line and the unfiltered ones are visited, in
        # the group's order (the table holds no empty list): a document costs
        # nothing for the other rules, however many there are.
        visited = unfiltered.union(table) if unfiltered else table
        decisions = []
        by_id = self._by_id
        for rule_id in sorted(visited, key=self._position.__getitem__):
            rule = by_id[rule_id]
            indexes = ctx.short_lines(rule.max_words) if rule_id in unfiltered else table[rule_id]
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

    >>> sorted(required_literals(r"\bleave a (?:reply|comment)\b", True))
    ['leave a comment', 'leave a reply']
    >>> sorted(required_literals(r"\b(?:sign|log)\w* up for (?:our|the) newsletter", True))
    [' up for our newsletter', ' up for the newsletter']
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
    # _pieces joins each run of literals and leaves out zero-width items (^, \b,
    # look-arounds), as the characters on either side of one stay adjacent.
    for op, av in _pieces(items, ignorecase):
        if op is None:
            return {av}  # the sequence starts with this run of literals
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
    return None


_SPACE_CLASS = [(_sre_c.IN, [(_sre_c.CATEGORY, _sre_c.CATEGORY_SPACE)])]


def requires_digit(pattern: str) -> bool:
    r"""True when every match of ``pattern`` holds a digit (a character ``regex`` reads as ``\d``).

    >>> requires_digit(r"(?:posted )?(?:\d{1,2}\.\d{1,2}\.\d{4}|(?:may|june) [0-9]+)")
    True
    >>> requires_digit(r"(?:\d+|no) comments?")
    False
    """
    tree = _parse_tree(pattern)
    return tree is not None and _needs_digit(tree)


def _needs_digit(items) -> bool:
    """True when every match of a sequence of parse items holds an ASCII digit or a ``\\d``."""
    for op, av in items:
        if op is _sre_c.LITERAL and 0x30 <= av <= 0x39:
            return True
        if op is _sre_c.IN and av and all(
            (o is _sre_c.CATEGORY and v is _sre_c.CATEGORY_DIGIT)
            or (o is _sre_c.LITERAL and 0x30 <= v <= 0x39)
            or (o is _sre_c.RANGE and 0x30 <= v[0] <= v[1] <= 0x39)
            for o, v in av
        ):
            return True
        if op is _sre_c.SUBPATTERN and not av[1] and not av[2] and _needs_digit(list(av[3])):
            return True
        if op is _sre_c.BRANCH and all(_needs_digit(list(branch)) for branch in av[1]):
            return True
        if op in _REPEATS and av[0] >= 1 and _needs_digit(list(av[2])):
            return True
    return False


def _filters(found: set[str]) -> bool:
    """True when a line holding none of ``found`` is a line worth skipping (see MIN_LITERAL).

    Never with the empty string among them, which every line holds (a run of
    parts that may all match nothing stands for it, see _factors).
    """
    return "" not in found and all(
        len(s) >= MIN_LITERAL
        or not any(ch.isspace() or ch in _COMMON_PUNCTUATION or (ch.isascii() and ch.isalnum()) for ch in s)
        for s in found
    )


def _score(found: set[str]) -> tuple[int, int]:
    return (min(len(s) for s in found), -len(found))


def _pieces(items, ignorecase: bool):
    """The parse items of a sequence, each run of literal characters joined into one ``(None, string)``.

    Zero-width items are left out: the literals on either side of one stay
    adjacent in the text. Every other item comes as it is, ``(op, av)``.
    """
    run: list[str] = []
    for op, av in items:
        if op is _sre_c.LITERAL and _char_ok(chr(av), ignorecase):
            run.append(chr(av))
            continue
        if op in (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT):
            continue
        if run:
            yield None, "".join(run)
            run = []
        yield op, av
    if run:
        yield None, "".join(run)


def _factors(items, ignorecase: bool) -> set[str] | None:
    """Required literals of a sequence of parse items: the best of its parts' sets.

    Besides each part's own set, a run of parts that each match one of a few
    known strings exactly ("this ", "(?:entry|post)", " was ") offers the strings
    the run as a whole matches ("this entry was ", "this post was "): longer,
    so rarer, than any part's.
    """
    best: set[str] | None = None

    def offer(found):
        nonlocal best
        if found and _filters(found) and (best is None or _score(found) > _score(best)):
            best = found

    run: set[str] | None = None  # the strings the current run of exact parts matches
    for op, av in _pieces(items, ignorecase):
        exact = _exact(op, av, ignorecase)
        if exact is None:
            offer(run and _minimal(run))
            run = None
        elif run is None:
            run = exact
        else:
            joined = _joined(run, exact)
            if joined is None:  # too many strings: the run so far is offered, a new one starts
                offer(_minimal(run))
                joined = exact
            run = joined
        if op is None:
            offer({av})
        elif op is _sre_c.SUBPATTERN:
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
    offer(run and _minimal(run))
    return best


# The most strings an exact run of parts may stand for (see _factors).
_MOST_EXACT = 16


def _exact(op, av, ignorecase: bool) -> set[str] | None:
    """The strings a parse item (as :func:`_pieces` gives it) matches, each exactly, or None when not known.

    A run of literals matches itself; a group or an alternation whose every
    branch is such a sequence, one of its branches' strings; a class of plain
    characters, one of them; an optional part, nothing or one of its strings.
    Anything else (another repeat, a class with a range, a character that folds
    to two) is not exact.
    """
    if op is None:
        return {av}
    if op is _sre_c.IN and av and all(o is _sre_c.LITERAL and _char_ok(chr(v), ignorecase) for o, v in av):
        return {chr(v) for _, v in av}
    if op is _sre_c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _exact_sequence(list(sub), ignorecase)
    if op in _REPEATS and av[0] == 0 and av[1] == 1:
        # An optional part ("s?", "(?: us)?") matches nothing or one of its strings.
        strings = _exact_sequence(list(av[2]), ignorecase)
        return None if strings is None else strings | {""}
    if op is _sre_c.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            strings = _exact_sequence(list(branch), ignorecase)
            if strings is None:
                return None
            found |= strings
            if len(found) > _MOST_EXACT:
                return None
        return found
    return None


def _exact_sequence(items, ignorecase: bool) -> set[str] | None:
    """The strings a sequence of parse items matches, each exactly (see :func:`_exact`), or None."""
    found: set[str] | None = {""}
    for op, av in _pieces(items, ignorecase):
        exact = _exact(op, av, ignorecase)
        if exact is None:
            return None
        found = _joined(found, exact)
        if found is None:
            return None
    return found


def _minimal(strings: set[str]) -> set[str]:
    """``strings`` without those that hold another of them: a text holding such a one holds the other too."""
    return {s for s in strings if not any(t != s and t in s for t in strings)}


def _joined(first: set[str], then: set[str]) -> set[str] | None:
    """Each string of ``first`` followed by each of ``then``; None when they are more than _MOST_EXACT."""
    if len(first) * len(then) > _MOST_EXACT:
        return None
    return {a + b for a in first for b in then}


def required_strings(pattern: str, ignorecase: bool) -> tuple[tuple[tuple[str, ...], ...], ...] | None:
    r"""What a text must hold for ``pattern`` to match in it, or None when nothing is known.

    One entry per alternative of the pattern's top level (one in all when it
    has no ``|`` there); an entry is a tuple of string sets, and a match by
    that alternative holds one string of each set. A text that fails every
    entry cannot be matched: the regex need not run. Strings are in the form
    :func:`literal_key` gives a case-insensitive pattern's text, and are read
    from the parse tree as :func:`required_literals` reads them, but of any
    length and all of them, not only the best set for the shared scan.

    >>> required_strings(r"this (?:post|entry) was|powered by \w+", True)
    ((('this ',), (' was',), ('entry', 'post')), (('powered by ',),))
    >>> required_strings(r"\w+ says|\d+", True) is None  # the second branch needs no string
    True
    """
    tree = _parse_tree(pattern)
    if tree is None:
        return None
    top = tree
    while len(top) == 1 and top[0][0] is _sre_c.SUBPATTERN and not top[0][1][1] and not top[0][1][2]:
        top = list(top[0][1][3])
    alternatives = [list(branch) for branch in top[0][1][1]] if len(top) == 1 and top[0][0] is _sre_c.BRANCH else [top]
    needs = []
    for alternative in alternatives:
        found = [tuple(sorted({literal_key(s) if ignorecase else s for s in strings}))
                 for strings in _all_factors(alternative, ignorecase)]
        if not found:
            return None  # this alternative needs nothing: no text can be ruled out
        # The sets of fewest strings first: they cost least to test, and the test
        # stops at the first set the text misses.
        found = sorted(set(found), key=lambda strings: (len(strings), -min(map(len, strings)), strings))
        needs.append(tuple(found))
    return tuple(needs)


def _all_factors(items, ignorecase: bool) -> list[set[str]]:
    """Every set of literals that each match of a sequence of parse items holds one of.

    A sequence needs each of its literal runs, and what each of its groups and
    each repeat of at least one time needs. An alternation needs, from each of
    its branches, one set that branch needs: so the union of one set chosen
    per branch. The choice is free for soundness; it is made so that the union
    stays small (a set that other branches' choices already cover is preferred).
    """
    found: list[set[str]] = []
    for op, av in _pieces(items, ignorecase):
        if op is None:
            if not av.isspace():  # white space alone is in nearly every line
                found.append({av})
        elif op is _sre_c.IN and _literal_class(av, ignorecase):
            # A class of plain characters ("[:»|]") is an alternation of one-character
            # literals: a match holds one of them. A class with white space is left
            # out, as that is in nearly every line.
            found.append({chr(v) for _, v in av})
        elif op is _sre_c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if not add_flags and not del_flags:
                found.extend(_all_factors(list(sub), ignorecase))
        elif op is _sre_c.BRANCH:
            options = [_all_factors(list(b), ignorecase) for b in av[1]]
            if all(options):
                found.extend(_unions(options))
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1:
                found.extend(_all_factors(list(sub), ignorecase))
    return found


def _literal_class(members, ignorecase: bool) -> bool:
    """True when a parsed character class lists only characters, none of them white space, each one literal alone."""
    return bool(members) and all(
        op is _sre_c.LITERAL and _char_ok(chr(value), ignorecase) and not chr(value).isspace()
        for op, value in members)


def _unions(options: list[list[set[str]]]) -> list[set[str]]:
    """Sets an alternation needs: each is one set of each branch's ``options``, united.

    Any such choice is sound; two are made, as neither is best everywhere: one
    that prefers sets whose shortest string is longer (short strings are in
    most lines), and one that keeps the union small (few strings, each of
    them rare: "©" or ":"). Each choice is refined by taking, per branch, the
    set that adds least to what the other branches' choices hold already.
    """

    def shortest(strings: set[str]) -> int:
        return -min(4, *map(len, strings))

    found = []
    for long_first in (True, False):
        chosen = [min(sets, key=lambda strings: (shortest(strings) if long_first else 0, len(strings)))
                  for sets in options]
        for _ in range(2):
            for k, sets in enumerate(options):
                others = set().union(*(chosen[:k] + chosen[k + 1 :]))
                chosen[k] = min(sets, key=lambda strings: (
                    shortest(strings) if long_first else 0, len(strings - others), len(strings)))
        union = set().union(*chosen)
        if union not in found:
            found.append(union)
    return found


_REPEATS = tuple(
    getattr(_sre_c, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre_c, name)
)


# A digit as the patterns read it: regex's \d knows more digits than re's.
_DIGIT = regex.compile(r"\d").search
_BREAK = re.compile("\n")
_WORDS = attrgetter("words")
# A limit above every line's word count, for a rule that reads lines of any length.
_ANY_LENGTH = sys.maxsize


class LiteralPrefilter:
    """The literals and prefixes of every pattern rule of a rule set, found in one scan per document.

    A rule with required literals is a candidate on the lines holding one of
    them; a rule with required prefixes on the lines whose visible text starts
    with one of them; a rule with both on the lines that pass both tests; a
    rule with neither but a digit in every match on the lines with a digit.

    A document is scanned as one text: the visible text of its lines short
    enough for some filtered rule, in the form :func:`literal_key` gives, each
    after a line break. An Aho-Corasick automaton finds every literal in it in
    one pass, overlapping ones and ones inside others included, and in the same
    pass every prefix right after a line break. A case-sensitive
    rule's strings are looked for in the same text, folded (a line that holds
    a string holds its fold, as the fold is made character by character), and
    each hit is checked against the line as it is.
    """

    # Whether the strings of rules with a zone are looked for in the head and the tail
    # only (a test switches it off to compare with the scan of every line).
    split_zones = True

    def __init__(self, rules: list[PatternRule]):
        literals: dict[str, tuple[set[str], dict[str, set[str]]]] = {}
        prefixes: dict[str, tuple[set[str], dict[str, set[str]]]] = {}
        self.filtered: dict[str, tuple[bool, bool]] = {}  # rule id -> (has literals, has prefixes)
        self.limits: dict[str, int] = {}  # rule id -> max_words, of the filtered rules
        self.wheres: dict[str, str] = {}  # rule id -> where it may fire, of the filtered rules
        for rule in rules:
            found = _searchable(rule.literals, rule.ignorecase)
            starts = _searchable(rule.prefixes, rule.ignorecase)
            for table, strings in ((literals, found), (prefixes, starts)):
                for string in strings or ():
                    _own(table, string, rule.ignorecase, rule.id)
            if found is not None or starts is not None or rule.needs_digit:
                # A rule with neither literals nor prefixes but a digit in every
                # match (a date, a time) is a candidate on the lines with a digit.
                self.filtered[rule.id] = (found is not None, starts is not None)
                self.limits[rule.id] = rule.max_words
                self.wheres[rule.id] = rule.where
        self.both = {rule_id for rule_id, tests in self.filtered.items() if all(tests)}
        self.digit_only = [rule_id for rule_id, tests in self.filtered.items() if not any(tests)]
        # Lines longer than every filtered rule's max_words are never scanned.
        limits = self.limits.values()
        self.max_words = 0 if not all(limits) else max(limits, default=0)
        # When every filtered rule may fire only in the head or the tail (as in the
        # group of the second look), a line between the two is in no rule's zone.
        self.zoned = bool(self.filtered) and "anywhere" not in self.wheres.values()
        # One automaton finds both: a literal anywhere in a line, and a prefix after
        # the line break before it, which is where a line's visible text starts in
        # the scanned text. No literal holds a line break, so the two never mix.
        # Each string's number indexes its owners, and says which test it serves.
        strings = [(string, False) for string in sorted(literals)] + [(string, True) for string in sorted(prefixes)]
        self.owners = [(*_frozen((prefixes if at_start else literals)[string]), at_start)
                       for string, at_start in strings]
        # The strings that only rules with a zone look for go to a second automaton,
        # which reads only the head and the tail (see _scan): many are short ("tel",
        # "zei") and would be found on many lines of the body, where no owner may fire.
        # In a zoned prefilter every string is such a one, and only edge lines are scanned.
        edge_only = [self.split_zones and all(self.wheres[rule_id] != "anywhere" for rule_id in _all_owners(entry))
                     for entry in self.owners]
        # The most words of a line that some owner of each string reads (see _scan).
        self.reach = [max(self.limits[rule_id] or _ANY_LENGTH for rule_id in _all_owners(entry))
                      for entry in self.owners]
        self.automaton = _automaton(strings, [not edge for edge in edge_only])
        self.edge_automaton = _automaton(strings, edge_only)

    def filters(self, rule: PatternRule) -> bool:
        """True when this prefilter narrows ``rule``'s candidate lines (by literals, prefixes or a digit)."""
        return rule.id in self.filtered

    def lines_for(self, ctx: Context, rule: PatternRule) -> list[int]:
        """Indexes of the lines of ``ctx`` where ``rule`` is a candidate, in order.

        Only lines where the rule may fire can be candidates of a rule that needs
        a digit alone, and only lines in the head or the tail can be candidates
        at all when :attr:`zoned` is set: :meth:`PatternRule.matching` keeps no
        line outside a rule's zone, so these are all the lines it would try.
        """
        table = ctx.memo(self, lambda: self._scan(ctx))
        return table.get(rule.id, [])

    def _scan(self, ctx: Context) -> dict[str, list[int]]:
        indexes = ctx.short_lines(self.max_words) if self.filtered else []
        if indexes and self.zoned:
            # No rule that reads this scan may fire between the head and the tail:
            # their lines need not be scanned (see lines_for).
            indexes = [indexes[row] for row in _zone_rows(ctx, indexes, "edges")]
        if not indexes:
            return {}
        lines = ctx.doc.lines
        # A rule's regex runs on a line's visible text (PatternRule.matching): a line
        # whose visible text lacks a rule's strings cannot match it, so that text is
        # the one scanned, and a prefix is looked for right after a line break.
        texts = list(map(ctx.visible_texts.__getitem__, indexes))
        # The word count of each scanned line, by its position in ``indexes``.
        sizes = list(map(_WORDS, map(lines.__getitem__, indexes)))
        key, starts = _joined_key(texts)
        # Rule id -> positions in ``indexes`` of its candidate lines, by literal and by prefix.
        found: dict[str, set[int]] = {}
        started: dict[str, set[int]] = {}
        if self.automaton is not None or self.edge_automaton is not None:
            # A hit ends within one line (a prefix's line break is the one before its
            # line): the line where it ends. Each string is looked at once per line.
            hits: set[tuple[int, int]] = set()
            if self.automaton is not None:
                hits = {(number, bisect_right(starts, end) - 1) for end, number in self.automaton.iter(key)}
            if self.edge_automaton is not None:
                # Only rules with a zone own these strings, and such a rule is tried only
                # on lines in its zone (PatternRule.matching): a line between the head
                # and the tail need not be scanned for them. The head's lines begin the
                # scanned text and the tail's end it; each line's part of the text runs
                # from the line break before it, so a prefix of a line is found with it.
                # Each part is scanned as a text of its own (the automaton starts afresh
                # at a part's start either way), so only the part is handed over.
                head, tail = _edge_rows(ctx, indexes)
                find = self.edge_automaton.iter
                hits.update((number, bisect_right(starts, end) - 1) for end, number in find(key[: starts[head] - 1]))
                shift = starts[tail] - 1
                hits.update((number, bisect_right(starts, end + shift) - 1) for end, number in find(key[shift:]))
            owners, reach = self.owners, self.reach
            for number, row in hits:
                if sizes[row] > reach[number]:
                    continue  # a line longer than every owner of the string reads: no table keeps it
                ids, exact, at_start = owners[number]
                into = started if at_start else found
                for rule_id in ids:
                    into.setdefault(rule_id, set()).add(row)
                for string, ids in exact:
                    if texts[row].startswith(string) if at_start else string in texts[row]:
                        for rule_id in ids:
                            into.setdefault(rule_id, set()).add(row)
        # Only the rules with a hit (and those needing a digit) are looked at.
        picked: dict[str, set[int] | list[int]] = {}
        for rule_id, rows in found.items():
            picked[rule_id] = rows & started.get(rule_id, set()) if rule_id in self.both else rows
        for rule_id, rows in started.items():
            if rule_id not in self.both:
                picked[rule_id] = rows
        for rule_id in self.digit_only:
            # Only lines in the rule's zone are looked at (see lines_for).
            most = self.limits[rule_id]
            picked[rule_id] = [row for row in _zone_rows(ctx, indexes, self.wheres[rule_id])
                               if (not most or sizes[row] <= most) and _DIGIT(texts[row])]
        table = {}
        for rule_id, rows in picked.items():
            # The scan read lines up to the longest limit; this rule may read fewer.
            most = self.limits[rule_id]
            kept = [indexes[row] for row in sorted(rows) if not most or sizes[row] <= most]
            if kept:
                table[rule_id] = kept
        return table


def _zone_rows(ctx: Context, indexes: list[int], where: str):
    """The positions in ``indexes`` (line indexes, ascending) of the lines where a rule with ``where`` may fire.

    The same lines as :meth:`Context.in_zone` accepts: the head is the lines
    before ``head_end``, the tail those from ``tail_from``; found by bisection,
    not by testing each line.
    """
    if where == "anywhere":
        return range(len(indexes))
    head, tail = _edge_rows(ctx, indexes)
    if where == "head":
        return range(head)
    if where == "tail":
        return range(tail, len(indexes))
    return chain(range(head), range(tail, len(indexes)))


def _edge_rows(ctx: Context, indexes: list[int]) -> tuple[int, int]:
    """The positions in ``indexes`` (line indexes, ascending) where the head ends and the tail starts.

    ``head_end`` never exceeds ``tail_from``, so the tail starts no earlier than the head ends.
    """
    head = bisect_left(indexes, ctx.head_end)
    return head, max(head, bisect_left(indexes, ctx.tail_from))


def _searchable(strings: frozenset[str] | tuple[str, ...] | None, ignorecase: bool) -> set[str] | None:
    """The strings of a rule the scan looks for, or None when the rule cannot be filtered by them.

    A string with a line break is never within a line: leaving it out changes
    no line's fate. A case-sensitive string is looked for by its fold; one made
    of combining dots alone folds to nothing, and then the rule is not filtered.
    """
    if strings is None or (not ignorecase and not all(literal_key(s) for s in strings)):
        return None
    return {s for s in strings if "\n" not in s}


def _own(table: dict, string: str, ignorecase: bool, rule_id: str) -> None:
    """Record in ``table`` (folded string -> (owners, {exact string: owners})) that ``rule_id`` looks for ``string``."""
    ids, exact = table.setdefault(string if ignorecase else literal_key(string), (set(), {}))
    if ignorecase:
        ids.add(rule_id)
    else:
        exact.setdefault(string, set()).add(rule_id)


def _all_owners(entry) -> frozenset[str]:
    """The ids of every rule that looks for a string, given its entry in ``LiteralPrefilter.owners``."""
    ids, exact, _at_start = entry
    return ids.union(*(owners for _string, owners in exact))


def _automaton(strings: list[tuple[str, bool]], chosen: list[bool]):
    """An automaton of those ``strings`` (text, is a prefix) that ``chosen`` marks, by their numbers; None for none."""
    if not any(chosen):
        return None
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for number, ((string, at_start), take) in enumerate(zip(strings, chosen, strict=True)):
        if take:
            automaton.add_word("\n" + string if at_start else string, number)
    automaton.make_automaton()
    return automaton


def _frozen(entry) -> tuple[frozenset[str], tuple[tuple[str, frozenset[str]], ...]]:
    """An entry of a table that :func:`_own` fills, as ``(owners, ((exact string, owners), ...))`` for the scan."""
    ids, exact = entry
    return frozenset(ids), tuple((string, frozenset(owners)) for string, owners in sorted(exact.items()))


def _joined_key(texts: list[str]) -> tuple[str, list[int]]:
    """The :func:`literal_key` of the lines ``texts``, each after a line break, and where each line's key starts.

    ``starts`` has one more item, one past the end, so ``bisect_right(starts, i) - 1``
    is the line of position ``i``.
    """
    joined = "\n" + "\n".join(texts)
    folded = joined.casefold()
    if len(folded) == len(joined) and "\u0307" not in folded:
        # No character folded to more than one (none folds to none): each line's key
        # is as long as the line, and the starts follow from the lengths alone.
        # (No lines join as one empty line does.)
        return folded, list(accumulate(map(add, map(len, texts or [""]), repeat(1)), initial=1))
    # Folding can change lengths (ß -> ss) but never makes or removes a line
    # break: the breaks of the folded text are those between the lines.
    key = literal_key(joined)
    starts = [found.end() for found in _BREAK.finditer(key)]
    starts.append(len(key) + 1)
    return key, starts
