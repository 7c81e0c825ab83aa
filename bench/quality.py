"""Quality benchmark: how much boilerplate the default packs remove, and how much text they lose.

Run from the project root::

    python bench/quality.py                      # both dev sets, figures on stdout
    python bench/quality.py --json bench/out/quality.json
    python bench/quality.py --data DIR --no-html # another data folder, skip clean_html

It reads the shared dev data (``../shared/data/*.jsonl.gz`` relative to the
project root; never copied into the project) and measures, as
``shared/data/README.md`` defines:

* trafilatura-eval-dev: the share of residual ``without`` snippets that
  cleaning removes and the share of ``with`` snippets it loses
  (whitespace-normalised substring test);
* readability-pages-dev: word 4-gram shingle precision, recall and F1 against
  ``gold`` for the given text, ``cleaner.clean(text)`` and
  ``cleaner.clean_html(html)``.

And one probe of its own, for pages nobody here has seen. Most ``without``
snippets are not in ``text``: trafilatura already dropped them. They are still
real boilerplate of real sites, the kind another extractor, or another version
of the page, leaves behind. The probe puts each back as the last line of its
own page (pages of at least 150 words) and counts how often the packs remove
that line. It is not a figure of the issue, and the packs were widened with
its help, so it flatters them on these pages; read it as the share of real
boilerplate forms the packs know.

A second probe looks the other way, at false removals: it cleans each
Readability page's ``gold`` text, the article as a person marked it up. What
the packs take from it is article text more often than not (the gold keeps
some credits, share rows and related links too), so the lines it lists
(``gold-removed.tsv``) are the first place to look for rules that reach into
articles.

A third probe (skipped with ``--no-html``) extracts the Readability pages
again with trafilatura's default ``include_comments=True``, as many users run
it, and compares the given and cleaned texts with ``gold`` on the pages where
that adds text: reader comments and their forms are residue the packs must
handle, and the dev data, made without them, does not show it.

Besides the figures it writes, under ``--out`` (``bench/out/``, git-ignored),
files for a person to read: every removed line with its rule and page
(``removed-lines.tsv``), every lost ``with`` snippet with the rule that took
it (``lost-snippets.tsv``), and the residual snippets still in the output
(``residual-kept.tsv``). It is a benchmark, not a test: the test suite never
runs it over the whole data.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout, without installing
    sys.path.insert(0, str(ROOT))

import cleaner  # noqa: E402
from cleaner.decisions import apply_removals  # noqa: E402

TRAFILATURA = "trafilatura-eval-dev.jsonl.gz"
READABILITY = "readability-pages-dev.jsonl.gz"
_TOKEN = re.compile(r"\w+")
SHINGLE = 4


# --- metrics -----------------------------------------------------------------


def normalise(text: str) -> str:
    """Collapse every run of white space to one space (the substring test's form)."""
    return " ".join(text.split())


def shingles(text: str, size: int = SHINGLE) -> Counter:
    """Word ``size``-gram shingles of ``text`` as a multiset (tokens are ``\\w+`` matches)."""
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def precision_recall(output: str, gold: str) -> tuple[float, float]:
    """Shingle precision and recall of ``output`` against ``gold`` for one page.

    An empty side counts as perfect when the other is empty too, else as zero.
    """
    out, ref = shingles(output), shingles(gold)
    common = sum((out & ref).values())
    n_out, n_ref = sum(out.values()), sum(ref.values())
    precision = common / n_out if n_out else float(not n_ref)
    recall = common / n_ref if n_ref else float(not n_out)
    return precision, recall


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of the two (averaged) figures."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# --- data --------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    """All records of a gzip-compressed JSON Lines file."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


class Log:
    """What the run removed, for the counts and the files a person reads."""

    def __init__(self):
        self.rule_lines: Counter = Counter()
        self.rule_removals: Counter = Counter()
        self.refusals: Counter = Counter()
        self.removed_rows: list[tuple[str, str, str, int, str]] = []

    def add(self, dataset: str, page: str, result) -> None:
        """Record the removals of one cleaned page."""
        if result.refusal is not None:
            self.refusals[result.refusal.rule_id] += 1
        for removal in result.removals:
            self.rule_removals[removal.rule_id] += 1
            lines = removal.text.splitlines() or [removal.text]
            for offset, line in enumerate(lines):
                self.rule_lines[removal.rule_id] += 1
                self.removed_rows.append((dataset, page, removal.rule_id, removal.first_line + offset, line))


def culprits(text: str, removals, snippet: str) -> list[str]:
    """Rules whose removal alone takes ``snippet`` out of the output.

    Each removal is put back in turn; the ones whose return brings the
    snippet back are to blame. When none does by itself (the snippet spans
    several removals) every removal sharing words with it is named.
    """
    blamed = []
    for n, removal in enumerate(removals):
        rest = removals[:n] + removals[n + 1 :]
        if snippet in normalise(apply_removals(text, rest)):
            blamed.append(removal.rule_id)
    if blamed:
        return sorted(set(blamed))
    words = set(_TOKEN.findall(snippet))
    return sorted({r.rule_id for r in removals if words & set(_TOKEN.findall(r.text))}) or ["?"]


# --- the two datasets ----------------------------------------------------------


def run_trafilatura(pages: list[dict], engine, log: Log) -> tuple[dict, list, list]:
    """Removal and loss rates on the trafilatura evaluation pages."""
    residual = removed = present = lost = 0
    lost_rows, kept_rows = [], []
    removed_by: Counter = Counter()
    for page in pages:
        text = page["text"] or ""
        result = engine.clean(text)
        log.add("trafilatura", str(page["id"]), result)
        before, after = normalise(text), normalise(result.text)
        for snippet in page.get("without") or ():
            snip = normalise(snippet)
            if not snip or snip not in before:
                continue
            residual += 1
            if snip in after:
                kept_rows.append((str(page["id"]), snippet))
            else:
                removed += 1
                for rule_id in culprits(text, list(result.removals), snip):
                    removed_by[rule_id] += 1
        for snippet in page.get("with") or ():
            snip = normalise(snippet)
            if not snip or snip not in before:
                continue
            present += 1
            if snip not in after:
                lost += 1
                blame = ",".join(culprits(text, list(result.removals), snip))
                lost_rows.append((str(page["id"]), blame, snippet))
    figures = {
        "residual_without": residual,
        "removed_without": removed,
        "removal_rate": removed / residual if residual else 0.0,
        "present_with": present,
        "lost_with": lost,
        "loss_rate": lost / present if present else 0.0,
        "removed_without_by_rule": dict(removed_by.most_common()),
    }
    return figures, lost_rows, kept_rows


def run_readability(pages: list[dict], engine, log: Log, *, html: bool) -> dict:
    """Shingle precision, recall and F1 on the Readability test pages."""
    sums = {"given": [0.0, 0.0], "clean": [0.0, 0.0], "clean_html": [0.0, 0.0]}
    for page in pages:
        gold, text = page["gold"] or "", page["text"] or ""
        outputs = {"given": text}
        result = engine.clean(text)
        log.add("readability", str(page["id"]), result)
        outputs["clean"] = result.text
        if html:
            try:
                outputs["clean_html"] = cleaner.clean_html(page["html"], rules=engine).text
            except cleaner.CleanerError:  # no main text: the output is empty
                outputs["clean_html"] = ""
        for name, output in outputs.items():
            p, r = precision_recall(output, gold)
            sums[name][0] += p
            sums[name][1] += r
    figures = {"pages": len(pages)}
    for name, (p_sum, r_sum) in sums.items():
        if name == "clean_html" and not html:
            continue
        p, r = p_sum / len(pages), r_sum / len(pages)
        figures[name] = {"precision": p, "recall": r, "f1": f1(p, r)}
    return figures


# --- output ----------------------------------------------------------------------


def write_tsv(path: Path, header: tuple[str, ...], rows) -> None:
    """Write rows as tab-separated values, tabs and newlines in cells made visible."""

    def cell(value) -> str:
        return str(value).replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")

    with path.open("w", encoding="utf-8") as handle:
        handle.write("\t".join(header) + "\n")
        for row in rows:
            handle.write("\t".join(cell(v) for v in row) + "\n")


PROBE_MIN_WORDS = 150


def run_put_back(pages: list[dict], engine) -> tuple[dict, list]:
    """The put-back probe (see the module docstring): each dropped ``without`` snippet as its page's last line."""
    probed = caught = 0
    kept_rows = []
    for page in pages:
        text = page["text"] or ""
        if len(text.split()) < PROBE_MIN_WORDS:
            continue
        before = normalise(text)
        body = text.rstrip("\n") + "\n"
        for snippet in page.get("without") or ():
            snip = normalise(snippet)
            if not snip or snip in before:
                continue
            probed += 1
            start = len(body)  # where the put-back line begins
            result = engine.clean(body + snip + "\n")
            if any(r.start <= start < r.end for r in result.removals):
                caught += 1
            else:
                kept_rows.append((str(page["id"]), snip))
    return {"probed": probed, "removed": caught, "rate": caught / probed if probed else 0.0}, kept_rows


def run_gold_probe(pages: list[dict], engine) -> tuple[dict, list]:
    """The gold probe (see the module docstring): what cleaning removes from the Readability gold texts."""
    lines = words = total = 0
    rows = []
    for page in pages:
        gold = page["gold"] or ""
        total += len(_TOKEN.findall(gold))
        for removal in engine.clean(gold).removals:
            text = gold[removal.start:removal.end].strip()
            if text:
                lines += 1
                words += len(_TOKEN.findall(text))
                rows.append((str(page["id"]), removal.rule_id, text))
    return {"lines": lines, "words": words, "total_words": total,
            "share": words / total if total else 0.0}, rows


def run_comments_probe(pages: list[dict], engine) -> dict:
    """The comments probe (see the module docstring): shingle figures on pages extracted with comments."""
    import trafilatura

    from cleaner.html import EXTRACT_OPTIONS

    sums = {"given": [0.0, 0.0], "clean": [0.0, 0.0]}
    probed = 0
    for page in pages:
        text = trafilatura.extract(page["html"], **{**EXTRACT_OPTIONS, "include_comments": True}) or ""
        if text.strip() == (page["text"] or "").strip():
            continue  # no comments found: the page says nothing here
        probed += 1
        for name, output in (("given", text), ("clean", engine.clean(text).text)):
            p, r = precision_recall(output, page["gold"] or "")
            sums[name][0] += p
            sums[name][1] += r
    figures: dict = {"pages": probed}
    for name, (p_sum, r_sum) in sums.items():
        p, r = (p_sum / probed, r_sum / probed) if probed else (0.0, 0.0)
        figures[name] = {"precision": p, "recall": r, "f1": f1(p, r)}
    return figures


def report(figures: dict) -> str:
    """The figures as a plain-text table."""
    out = []
    t = figures.get("trafilatura")
    if t:
        out += [
            "trafilatura-eval-dev",
            "  text      removal 0.0%   loss 0.0%   (by definition)",
            f"  cleaned   removal {t['removal_rate']:.1%} ({t['removed_without']}/{t['residual_without']} "
            f"residual `without` snippets)   loss {t['loss_rate']:.2%} "
            f"({t['lost_with']}/{t['present_with']} `with` snippets)",
        ]
    p = figures.get("put_back")
    if p:
        out.append(f"  put-back probe: removed {p['rate']:.1%} ({p['removed']}/{p['probed']} dropped `without` "
                   "snippets, each put back as its page's last line)")
    r = figures.get("readability")
    if r:
        out.append(f"readability-pages-dev ({r['pages']} pages)   precision  recall   F1")
        for name, label in (("given", "text"), ("clean", "clean(text)"), ("clean_html", "clean_html(html)")):
            if name in r:
                m = r[name]
                out.append(f"  {label:<18}          {m['precision']:.4f}    {m['recall']:.4f}   {m['f1']:.4f}")
    g = figures.get("gold_probe")
    if g:
        out.append(f"  gold probe: clean(gold) removed {g['lines']} lines, {g['words']} of {g['total_words']} "
                   f"words ({g['share']:.2%}); read them in gold-removed.tsv")
    c = figures.get("comments_probe")
    if c:
        out.append(f"  comments probe ({c['pages']} pages extracted with include_comments=True add text):")
        for name, label in (("given", "text"), ("clean", "clean(text)")):
            m = c[name]
            out.append(f"  {label:<18}          {m['precision']:.4f}    {m['recall']:.4f}   {m['f1']:.4f}")
    out.append("rules fired (removals / lines):")
    for rule_id, n in sorted(figures["rules"].items(), key=lambda kv: (-kv[1]["lines"], kv[0])):
        out.append(f"  {n['removals']:5d} {n['lines']:6d}  {rule_id}")
    if figures["refusals"]:
        out.append("guard refusals: " + ", ".join(f"{k} {v}" for k, v in figures["refusals"].items()))
    return "\n".join(out)


def main(argv=None) -> int:
    """Run the benchmark; return 0, or 2 when the data is missing."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="folder with the dev .jsonl.gz files (default: ../shared/data)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out",
                        help="folder for removed-lines.tsv and the other files to read")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--rules", type=Path, action="append",
                        help="rule pack(s) to use instead of the built-in packs")
    parser.add_argument("--no-html", action="store_true", help="skip clean_html on the Readability pages")
    args = parser.parse_args(argv)

    paths = {name: args.data / name for name in (TRAFILATURA, READABILITY)}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        print(f"error: data not found: {', '.join(missing)} (use --data DIR)", file=sys.stderr)
        return 2
    engine = cleaner.Cleaner(args.rules) if args.rules else cleaner.Cleaner()
    started = time.perf_counter()
    log = Log()
    traf_pages, read_pages = read_jsonl(paths[TRAFILATURA]), read_jsonl(paths[READABILITY])
    traf, lost_rows, kept_rows = run_trafilatura(traf_pages, engine, log)
    put_back, put_back_kept = run_put_back(traf_pages, engine)
    read = run_readability(read_pages, engine, log, html=not args.no_html)
    gold_probe, gold_rows = run_gold_probe(read_pages, engine)
    comments_probe = None if args.no_html else run_comments_probe(read_pages, engine)
    figures = {
        "trafilatura": traf,
        "put_back": put_back,
        "readability": read,
        "gold_probe": gold_probe,
        "comments_probe": comments_probe,
        "rules": {k: {"removals": log.rule_removals[k], "lines": log.rule_lines[k]} for k in log.rule_lines},
        "refusals": dict(log.refusals),
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    write_tsv(args.out / "removed-lines.tsv", ("dataset", "page", "rule", "line", "text"), log.removed_rows)
    write_tsv(args.out / "lost-snippets.tsv", ("page", "rules", "snippet"), lost_rows)
    write_tsv(args.out / "residual-kept.tsv", ("page", "snippet"), kept_rows)
    write_tsv(args.out / "put-back-kept.tsv", ("page", "snippet"), put_back_kept)
    write_tsv(args.out / "gold-removed.tsv", ("page", "rule", "text"), gold_rows)
    print(report(figures))
    print(f"removed lines: {args.out / 'removed-lines.tsv'}; lost `with` snippets: "
          f"{args.out / 'lost-snippets.tsv'}; residual still kept: {args.out / 'residual-kept.tsv'}")
    for page, blame, snippet in lost_rows:
        print(f"  LOST page {page} by {blame}: {normalise(snippet)[:100]}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
