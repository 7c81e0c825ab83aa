"""Site-level repeated lines: template text that no rule names but a site prints on every page.

Two passes over a corpus:

1. :class:`LineCounts` counts, per site, the documents and, for each
   normalised line (its :func:`~cleaner.text.fold` key, hashed), in how many
   documents it occurs (once per document, however often it repeats there).
   Counts of parts of a corpus merge by addition, so the pass is a
   map-reduce: one :class:`LineCounts` per partition, merged pairwise.
2. :class:`RepeatedLines` keeps the lines seen in at least
   ``min_documents`` documents of a site *and* in at least a share
   ``min_share`` of them, and turns them into decisions of the rule
   ``repeated-line`` that the engine resolves, guards and reports like any
   rule's (``Cleaner.clean(text, extra_decisions=...)``).

The outcome depends only on the multiset of documents: not on their order,
their partitioning or the number of workers.

A site is the host of a record's URL (``www.`` dropped) or, for files, the
folder they are in. Blank lines and lines shorter than ``min_chars`` (after
folding) are never counted, so "Reply" or "Share" do not become template
lines because every page happens to carry them; the rules deal with those.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cleaner.decisions import Decision
from cleaner.errors import RulePackError
from cleaner.text import fold

RULE_ID = "repeated-line"

# The engine's Document cuts lines at exactly these endings; pass 1 must cut
# the same way, or its fingerprints would not match pass 2's lines.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class RepeatedSettings:
    """When a line counts as site template.

    Attributes:
        min_documents: a line must occur in at least this many documents of
            its site (so a site with few documents keeps everything).
        min_share: ...and in at least this share of the site's documents.
        min_chars: lines whose folded form is shorter are ignored (common
            words such as "Reply" are the phrase rules' business).
        max_chars: lines whose folded form is longer are ignored (template
            lines are short; long ones are text quoted on several pages).
    """

    min_documents: int = 5
    min_share: float = 0.5
    min_chars: int = 15
    max_chars: int = 300

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            problem = _check(f.name, value)
            if problem:
                raise ValueError(f"repeated_lines.{f.name}: {problem}")
        if self.min_chars > self.max_chars:
            raise ValueError("repeated_lines.min_chars must not exceed max_chars")


# name -> (type, minimum, maximum); the loader and the dataclass share it.
_LIMITS: dict[str, tuple[type, float, float | None]] = {
    "min_documents": (int, 2, None),
    "min_share": (float, 0.0, 1.0),
    "min_chars": (int, 1, None),
    "max_chars": (int, 1, None),
}


def _check(name: str, value: Any) -> str | None:
    kind, low, high = _LIMITS[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"expected a number, got {type(value).__name__}"
    if kind is int and not isinstance(value, int):
        return f"expected a whole number, got {value!r}"
    if value < low or (high is not None and value > high):
        upper = f" and at most {high}" if high is not None else ""
        return f"must be at least {low}{upper}, got {value!r}"
    return None


SETTINGS_TABLE = "repeated_lines"


def load_settings(path: str | Path) -> RepeatedSettings:
    """Read :class:`RepeatedSettings` from a YAML file's ``repeated_lines:`` table.

    The file may hold other top-level keys (it may be a rule pack's sibling
    configuration); inside the table, unknown keys and values out of range
    are errors that name the file, the line and the key.

    Raises:
        RulePackError: for a missing file, bad YAML, an unknown key or a bad value.
    """
    from cleaner.packs.yamlsafe import load_yaml

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as err:
        raise RulePackError(path, f"cannot read: {err.strerror or err}") from None
    data = load_yaml(text, path) or {}
    if not isinstance(data, dict) or SETTINGS_TABLE not in data:
        raise RulePackError(path, f"has no `{SETTINGS_TABLE}:` table")
    table = data[SETTINGS_TABLE]
    table_line = data.line_of(SETTINGS_TABLE) if hasattr(data, "line_of") else None
    if table is None:
        return RepeatedSettings()
    if not isinstance(table, dict):
        raise RulePackError(path, "expected a mapping of settings", line=table_line,
                            key=SETTINGS_TABLE)
    values = {}
    for key, value in table.items():
        line = table.line_of(key) if hasattr(table, "line_of") else table_line
        if key not in _LIMITS:
            valid = ", ".join(sorted(_LIMITS))
            raise RulePackError(path, f"unknown key; valid: {valid}", line=line,
                                key=f"{SETTINGS_TABLE}.{key}")
        problem = _check(key, value)
        if problem:
            raise RulePackError(path, problem, line=line, key=f"{SETTINGS_TABLE}.{key}")
        values[key] = float(value) if _LIMITS[key][0] is float else value
    try:
        return RepeatedSettings(**values)
    except ValueError as err:
        raise RulePackError(path, str(err), line=table_line, key=SETTINGS_TABLE) from None


def site_of_url(url: Any) -> str | None:
    """The site of a URL: its host, lower-cased, without ``www.``; None when there is none.

    >>> site_of_url("https://WWW.Example.com:8080/news/1")
    'example.com'
    """
    if not isinstance(url, str) or not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def site_of_path(path: str | Path) -> str:
    """The site of a file: the folder it is in (absolute, so that two runs agree)."""
    return str(Path(path).resolve().parent)


def line_key(line: str, settings: RepeatedSettings) -> str | None:
    """The folded key of a line, or None when the line is too short or too long to count."""
    if len(line) < settings.min_chars:  # folding never lengthens much: a cheap first cut
        return None
    if len(line) > 4 * settings.max_chars + 16:
        return None
    key = fold(line)
    if not settings.min_chars <= len(key) <= settings.max_chars:
        return None
    return key


def fingerprint(key: str) -> int:
    """A stable 64-bit fingerprint of a folded line.

    Python's ``hash`` of a string differs between processes, so workers
    could not merge their counts with it; BLAKE2 is the same everywhere.
    """
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def document_fingerprints(text: str, settings: RepeatedSettings) -> set[int]:
    """Fingerprints of the countable lines of ``text``, each once."""
    found = set()
    for line in _LINE_BREAK.split(text):
        key = line_key(line, settings)
        if key is not None:
            found.add(fingerprint(key))
    return found


class LineCounts:
    """Pass 1: per site, the number of documents and of documents holding each line.

    Counts merge by addition (:meth:`merge`), so parts of a corpus can be
    counted apart, in any order, and combined.
    """

    __slots__ = ("docs", "lines", "settings")

    def __init__(self, settings: RepeatedSettings | None = None):
        self.settings = settings or RepeatedSettings()
        self.docs: Counter = Counter()
        self.lines: dict[str, Counter] = {}

    def add(self, site: str | None, text: str) -> None:
        """Count one document of ``site`` (documents without a site are not counted)."""
        if site is None or not isinstance(text, str):
            return
        self.docs[site] += 1
        counter = self.lines.get(site)
        if counter is None:
            counter = self.lines[site] = Counter()
        counter.update(document_fingerprints(text, self.settings))

    def merge(self, other: LineCounts) -> LineCounts:
        """Add ``other``'s counts to these; return self."""
        self.docs.update(other.docs)
        for site, counter in other.lines.items():
            mine = self.lines.get(site)
            if mine is None:
                self.lines[site] = Counter(counter)
            else:
                mine.update(counter)
        return self

    @staticmethod
    def combine(parts: Iterable[LineCounts]) -> LineCounts:
        """The sum of several counts (a reduction step; the parts are not changed)."""
        total: LineCounts | None = None
        for part in parts:
            if total is None:
                total = LineCounts(part.settings)
            total.merge(part)
        return total if total is not None else LineCounts()

    def plan(self) -> RepeatedLines:
        """Pass 2's table: the lines that pass both thresholds, per site."""
        s = self.settings
        table: dict[str, dict[int, int]] = {}
        for site, counter in self.lines.items():
            total = self.docs[site]
            need = max(s.min_documents, s.min_share * total)
            kept = {fp: n for fp, n in counter.items() if n >= need}
            if kept:
                table[site] = kept
        return RepeatedLines(s, dict(self.docs), table)

    def __reduce__(self):
        lines = {site: dict(counter) for site, counter in self.lines.items()}
        return (_rebuild_counts, (self.settings, dict(self.docs), lines))


def _rebuild_counts(settings, docs, lines) -> LineCounts:
    counts = LineCounts(settings)
    counts.docs.update(docs)
    counts.lines = {site: Counter(c) for site, c in lines.items()}
    return counts


@dataclass
class RepeatedLines:
    """Pass 2: which lines of which site are template, and the decisions that remove them.

    Attributes:
        settings: the thresholds the table was built with.
        docs: documents counted per site.
        table: per site, fingerprint -> number of documents holding the line.
    """

    settings: RepeatedSettings
    docs: dict[str, int]
    table: dict[str, dict[int, int]]

    def __len__(self) -> int:
        return sum(len(lines) for lines in self.table.values())

    def decisions_for(self, site: str | None, doc) -> list[Decision]:
        """Decisions of ``repeated-line`` for the lines of ``doc`` (a parsed Document)."""
        lines = self.table.get(site) if site is not None else None
        if not lines:
            return []
        total = self.docs[site]
        out = []
        for line in doc.lines:
            if line.is_blank:
                continue
            key = line_key(line.text, self.settings)
            if key is None:
                continue
            seen = lines.get(fingerprint(key))
            if seen is not None:
                reason = f"line seen in {seen} of {total} documents of {site}"
                out.append(Decision(line.index, line.index, RULE_ID, reason))
        return out

    def decider(self, site: str | None) -> Callable | None:
        """The ``extra_decisions`` hook for a document of ``site``, or None when it has none."""
        if site is None or site not in self.table:
            return None
        return lambda doc: self.decisions_for(site, doc)

    def clean(self, cleaner, text: str, site: str | None):
        """Clean ``text`` with ``cleaner`` and this site's repeated lines."""
        return cleaner.clean(text, extra_decisions=self.decider(site))

    def clean_file(self, cleaner, path: str | Path, text: str | None = None):
        """Clean a file of a folder planned by :func:`plan_for_files` (``text`` if already read)."""
        if text is None:
            text = _read_text(path)
        return self.clean(cleaner, text, site_of_path(path))


class WithRepeatedLines:
    """A :class:`~cleaner.engine.Cleaner` and a repeated-line plan, travelling together.

    The command line hands this to its workers instead of the bare cleaner
    when ``--repeated-lines`` is given; it pickles as its two parts.
    """

    def __init__(self, cleaner, plan: RepeatedLines):
        self.cleaner = cleaner
        self.plan = plan

    def clean_file_text(self, text: str, path: str | Path):
        """Clean the text of the file at ``path`` (its site is its folder)."""
        return self.plan.clean(self.cleaner, text, site_of_path(path))

    def clean(self, text: str, **options):
        """Clean text that belongs to no planned file (HTML, JSONL records): the rules alone."""
        return self.cleaner.clean(text, **options)


def _read_text(path: str | Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def plan_for_texts(
    documents: Iterable[tuple[str | None, str]], settings: RepeatedSettings | None = None
) -> RepeatedLines:
    """Pass 1 over ``(site, text)`` pairs, single process; returns the plan for pass 2."""
    counts = LineCounts(settings)
    for site, text in documents:
        counts.add(site, text)
    return counts.plan()


def plan_for_files(
    paths: Iterable[str | Path], settings: RepeatedSettings | None = None
) -> RepeatedLines:
    """Pass 1 over text files; each file's site is its folder.

    Use with :meth:`RepeatedLines.clean_file`::

        plan = plan_for_files(paths)
        for path in paths:
            result = plan.clean_file(cleaner, path)
    """
    return plan_for_texts(((site_of_path(p), _read_text(p)) for p in paths), settings)


def record_site(record: dict, site_field: str = "url") -> str | None:
    """The site of a record: the host of its ``site_field`` (a URL, or a bare host name)."""
    return site_of_url(record.get(site_field))


def plan_for_records(
    records: Iterable[dict],
    *,
    text_field: str = "text",
    site_field: str = "url",
    settings: RepeatedSettings | None = None,
) -> RepeatedLines:
    """Pass 1 over dict records (site from the URL in ``site_field``); single process."""
    return plan_for_texts(iter_documents(records, text_field, site_field), settings)


# --- learning a reviewable pack --------------------------------------------------------------


@dataclass(frozen=True)
class LearnedLine:
    """A template line found in a corpus, with the text it had there."""

    site: str
    text: str
    documents: int
    total: int


def collect_lines(
    plan: RepeatedLines, documents: Iterable[tuple[str | None, str]]
) -> list[LearnedLine]:
    """Second pass for ``learn``: recover the text of every planned line.

    Pass 1 keeps only fingerprints (a corpus has far more distinct lines
    than template lines); this pass reads the documents again and keeps, for
    each planned fingerprint, the smallest of its stripped spellings, so the
    result does not depend on the order of the documents.
    """
    spelling: dict[tuple[str, int], str] = {}
    for site, text in documents:
        lines = plan.table.get(site) if site is not None else None
        if not lines or not isinstance(text, str):
            continue
        for line in _LINE_BREAK.split(text):
            key = line_key(line, plan.settings)
            if key is None:
                continue
            fp = fingerprint(key)
            if fp in lines:
                stripped = line.strip()
                current = spelling.get((site, fp))
                if current is None or stripped < current:
                    spelling[(site, fp)] = stripped
    found = [
        LearnedLine(site, text, plan.table[site][fp], plan.docs[site])
        for (site, fp), text in spelling.items()
    ]
    found.sort(key=lambda x: (x.site, -x.documents, x.text))
    return found


def _slug(site: str) -> str:
    name = Path(site).name if ("/" in site or "\\" in site) else site
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "site"


def learned_pack(lines: Iterable[LearnedLine], *, source: str = "") -> str:
    """A rule pack (YAML text) with one ``phrases`` rule (``match: line``) per learned line.

    Ids are ``learned.<site>.<n>``; each rule's reason carries its counts, and
    its examples are the line itself (remove) and the line quoted inside a
    sentence (keep), so that the pack passes the schema and its own tests.
    """
    out = [
        "# Lines repeated across the documents of one site, found by `cleaner learn`.",
        "# Review before use: every rule removes its line wherever it appears, on any site.",
    ]
    if source:
        out.append(f"# Source: {source}")
    out += ["pack: learned", 'description: "Site template lines learned from a corpus."', "",
            "rules:"]
    numbers: Counter = Counter()
    for item in lines:
        slug = _slug(item.site)
        numbers[slug] += 1
        rule_id = f"learned.{slug}.{numbers[slug]}"
        counts = f"seen in {item.documents} of {item.total} documents of {item.site}"
        reason = f"Site template line: {counts}"
        keep = f"The article quoted the words “{item.text}” in a sentence of its own, which stays."
        out += [
            f"  - id: {rule_id}",
            "    kind: phrases",
            "    match: line",
            f"    reason: {_quote(reason)}",
            f"    phrases: [{_quote(item.text)}]",
            "    examples:",
            f"      remove: [{_quote(item.text)}]",
            f"      keep: [{_quote(keep)}]",
        ]
    if not numbers:
        out[-1] = "rules: []"
    return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    # A JSON string is a valid double-quoted YAML scalar.
    return json.dumps(text, ensure_ascii=False)


def iter_documents(
    records: Iterable[dict], text_field: str = "text", site_field: str = "url"
) -> Iterator[tuple[str | None, str]]:
    """``(site, text)`` pairs of records, for :func:`plan_for_texts` or :func:`collect_lines`."""
    for record in records:
        if isinstance(record, dict) and isinstance(record.get(text_field), str):
            yield record_site(record, site_field), record[text_field]


__all__ = [
    "RULE_ID",
    "LearnedLine",
    "LineCounts",
    "RepeatedLines",
    "RepeatedSettings",
    "collect_lines",
    "document_fingerprints",
    "fingerprint",
    "iter_documents",
    "learned_pack",
    "line_key",
    "load_settings",
    "plan_for_files",
    "plan_for_records",
    "plan_for_texts",
    "record_site",
    "site_of_path",
    "site_of_url",
]
