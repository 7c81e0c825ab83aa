"""Throughput benchmark: how fast cleaning runs, against two reference points, in one run.

Run from the project root::

    python bench/throughput.py            # full sizes (20 MB corpus, 1/10/50 MB documents, 1 GB stream)
    python bench/throughput.py --quick    # small sizes, about a minute
    python bench/throughput.py --json bench/out/throughput.json

The corpus is the ``text`` of the shared dev data (``../shared/data/*.jsonl.gz``
relative to the project root, read from there, never copied), repeated until
it reaches the target size. The contenders run interleaved, one after the
other in each round, for several rounds; the figures are medians:

* ``clean``: ``Cleaner.clean`` in one process, default packs, every heuristic on;
* ``clean+repeated``: the same plus the site-level repeated-line pass (both passes);
* ``-j 2``: a ``multiprocessing`` pool of 2 processes sent the picklable Cleaner;
* ``dask``: a ``LocalCluster`` of 2 worker processes on 127.0.0.1 (started
  before timing), a bag of the texts cleaned with :func:`cleaner.dask.clean_bag`;
* ``dask+repeated``: the same with :func:`cleaner.dask.repeated_plan`;
* reference (a) ``phrase-scan``: the practical limit of a Python phrase
  matcher: the text lower-cased once, then one case-sensitive regular
  expression of the default packs' phrases, factored into a prefix tree,
  with a leading ``\\b``, run over it;
* reference (b): ``trafilatura.extract`` against ``cleaner.clean_html`` on the
  readability dev pages' HTML.

It then times single documents of growing size (the time per MB must stay
flat: no quadratic step) and measures the peak memory of a streaming run
over a large JSONL file generated in a temporary folder.

Targets (ratios from the same run): clean >= 0.5 x phrase-scan; clean_html
at most 3% slower than extract; -j 2 >= 1.7 x clean.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout, without installing
    sys.path.insert(0, str(ROOT))

from cleaner import Cleaner, load_ruleset  # noqa: E402
from cleaner.repeated import plan_for_texts  # noqa: E402
from cleaner.text import fold  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
MB = 1_000_000


def load_corpus(target_mb: float) -> list[dict]:
    """Dev-data records ({url, text}) repeated until their texts reach ``target_mb``."""
    base = []
    for path in sorted(DATA.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if isinstance(row.get("text"), str) and row["text"].strip():
                    base.append({"url": row.get("url"), "text": row["text"]})
    if not base:
        sys.exit(f"no dev data found in {DATA}")
    out, size, copy = [], 0, 0
    while size < target_mb * MB:
        for row in base:
            out.append({"url": row["url"], "text": row["text"], "copy": copy})
            size += len(row["text"].encode("utf-8"))
        copy += 1
    return out


def phrase_trie_regex(phrases) -> re.Pattern:
    """One regex of ``phrases`` factored into a prefix tree, with a leading word boundary."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if ends else body

    return re.compile(r"\b" + build(trie))


def default_phrases() -> list[str]:
    """The folded phrases of every ``phrases`` rule in the default packs."""
    found = set()
    for spec in load_ruleset().rules.values():
        if spec["kind"] == "phrases":
            found.update(fold(p) for p in spec["phrases"])
    found.discard("")
    return sorted(found)


# --- contenders: each takes the texts (or records) and returns the work done -------------------


def run_scan(pattern: re.Pattern, texts: list[str]) -> int:
    hits = 0
    for text in texts:
        hits += len(pattern.findall(text.lower()))
    return hits


def run_clean(cleaner: Cleaner, texts: list[str]) -> int:
    return sum(len(cleaner.clean(t).text) for t in texts)


def run_clean_repeated(cleaner: Cleaner, records: list[dict]) -> int:
    from cleaner.repeated import site_of_url

    pairs = [(site_of_url(r["url"]), r["text"]) for r in records]
    plan = plan_for_texts(pairs)
    return sum(len(plan.clean(cleaner, text, site).text) for site, text in pairs)


_POOL_CLEANER: Cleaner | None = None


def _pool_init(cleaner: Cleaner) -> None:
    global _POOL_CLEANER
    _POOL_CLEANER = cleaner


def _pool_clean(texts: list[str]) -> int:
    return sum(len(_POOL_CLEANER.clean(t).text) for t in texts)


def run_pool(pool, texts: list[str], chunk: int = 64) -> int:
    chunks = [texts[i : i + chunk] for i in range(0, len(texts), chunk)]
    return sum(pool.imap_unordered(_pool_clean, chunks))


def run_dask(client, records: list[dict], repeated: bool, partitions: int) -> int:
    import dask.bag as db

    from cleaner.dask import clean_bag, repeated_plan

    bag = db.from_sequence(records, npartitions=partitions)
    plan = repeated_plan(bag) if repeated else None
    out = clean_bag(bag, Cleaner(), repeated=plan, summary_field=None).map(lambda r: len(r["text"])).sum()
    return client.compute(out).result()


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- sections ------------------------------------------------------------------------------


def throughput(args, results: dict) -> None:
    records = load_corpus(args.corpus_mb)
    texts = [r["text"] for r in records]
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"corpus: {len(texts)} documents, {size / MB:.1f} MB "
          f"(dev data texts repeated), {args.rounds} interleaved rounds")
    cleaner = Cleaner()
    pattern = phrase_trie_regex(default_phrases())
    contenders = {
        "phrase-scan (ref a)": lambda: run_scan(pattern, texts),
        "clean": lambda: run_clean(cleaner, texts),
        "clean+repeated": lambda: run_clean_repeated(cleaner, records),
    }
    ctx = multiprocessing.get_context("spawn")
    pool = ctx.Pool(2, initializer=_pool_init, initargs=(cleaner,))
    pool.map(_pool_clean, [[texts[0]]] * 4)  # start-up and compile outside the timing
    contenders["-j 2 (pool)"] = lambda: run_pool(pool, texts)
    cluster = client = None
    if not args.no_dask:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        client = Client(cluster)
        partitions = 16
        run_dask(client, records[:50], False, 2)  # warm the workers
        contenders["dask 2 workers"] = lambda: run_dask(client, records, False, partitions)
        contenders["dask+repeated"] = lambda: run_dask(client, records, True, partitions)
    times: dict[str, list[float]] = {name: [] for name in contenders}
    try:
        for n in range(args.rounds):
            for name, fn in contenders.items():
                times[name].append(timed(fn))
            print(f"  round {n + 1}: " + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in times.items()))
    finally:
        pool.close()
        pool.join()
        if client is not None:
            client.close()
            cluster.close()
    table = {}
    print(f"\n{'contender':24} {'median s':>9} {'MB/s':>8} {'docs/s':>9}")
    for name, values in times.items():
        m = median(values)
        table[name] = {"seconds": m, "mb_per_s": size / MB / m, "docs_per_s": len(texts) / m}
        print(f"{name:24} {m:9.2f} {size / MB / m:8.2f} {len(texts) / m:9.0f}")
    scan = table["phrase-scan (ref a)"]["mb_per_s"]
    single = table["clean"]["mb_per_s"]
    ratios = {
        "clean / phrase-scan": single / scan,
        "clean+repeated / phrase-scan": table["clean+repeated"]["mb_per_s"] / scan,
        "-j 2 / clean": table["-j 2 (pool)"]["mb_per_s"] / single,
    }
    if "dask 2 workers" in table:
        ratios["dask / clean"] = table["dask 2 workers"]["mb_per_s"] / single
    print()
    for name, value in ratios.items():
        print(f"{name:32} {value:6.2f}")
    print(f"target: clean / phrase-scan >= 0.50 -> {'met' if ratios['clean / phrase-scan'] >= 0.5 else 'NOT met'}")
    print(f"target: -j 2 / clean >= 1.70        -> {'met' if ratios['-j 2 / clean'] >= 1.7 else 'NOT met'}")
    results["corpus"] = {"documents": len(texts), "mb": size / MB, "rounds": args.rounds}
    results["throughput"] = table
    results["ratios"] = ratios


def html_reference(args, results: dict) -> None:
    import trafilatura

    from cleaner import clean_html
    from cleaner.html import EXTRACT_OPTIONS

    pages = []
    with gzip.open(DATA / "readability-pages-dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row.get("html"):
                pages.append(row["html"])
    pages = pages[: args.pages]
    size = sum(len(p.encode("utf-8")) for p in pages)

    def extract_all():
        for page in pages:
            trafilatura.extract(page, **EXTRACT_OPTIONS)

    def clean_all():
        for page in pages:
            try:
                clean_html(page)
            except Exception:  # noqa: BLE001 - pages without main text count as extracted
                pass

    extract_all()  # trafilatura's first call loads its models and caches
    times = {"trafilatura.extract": [], "cleaner.clean_html": []}
    for _ in range(args.rounds):
        times["trafilatura.extract"].append(timed(extract_all))
        times["cleaner.clean_html"].append(timed(clean_all))
    ex, ch = median(times["trafilatura.extract"]), median(times["cleaner.clean_html"])
    overhead = ch / ex - 1
    print(f"\nreference (b): {len(pages)} readability pages, {size / MB:.1f} MB of HTML")
    print(f"  trafilatura.extract  {ex:7.2f}s  {len(pages) / ex:7.1f} pages/s")
    print(f"  cleaner.clean_html   {ch:7.2f}s  {len(pages) / ch:7.1f} pages/s")
    print(f"  clean_html overhead over extract: {overhead:+.1%} "
          f"(target <= +3%: {'met' if overhead <= 0.03 else 'NOT met'})")
    results["html"] = {"pages": len(pages), "extract_s": ex, "clean_html_s": ch, "overhead": overhead}


def scaling(args, results: dict) -> None:
    texts = [r["text"] for r in load_corpus(1)]
    blob = "".join(t if t.endswith("\n") else t + "\n" for t in texts)
    cleaner = Cleaner()
    print("\nsingle documents of growing size (time per MB must stay flat):")
    rows = []
    for mb in args.doc_sizes:
        doc = (blob * (int(mb * MB / len(blob)) + 1))[: int(mb * MB)]
        cut = doc.rfind("\n") + 1
        doc = doc[:cut] if cut else doc
        real = len(doc.encode("utf-8")) / MB
        seconds = timed(cleaner.clean, doc)
        rows.append({"mb": real, "seconds": seconds, "s_per_mb": seconds / real})
        print(f"  {real:6.1f} MB: {seconds:7.2f}s  {seconds / real:6.3f} s/MB")
    results["scaling"] = rows


# The child reads its own high-water mark from /proc (VmHWM, in kB): ru_maxrss
# would also count the memory of the benchmark process it was forked from.
_STREAM_CHILD = """
import sys
sys.path.insert(0, {root!r})

def hwm():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

from cleaner import Cleaner
from cleaner.io.jsonl import read_jsonl_numbered, write_jsonl
from cleaner.stream import clean_numbered
cleaner = Cleaner()
cleaner.clean("warm up")
before = hwm()
n = write_jsonl({out!r}, clean_numbered(cleaner, read_jsonl_numbered({src!r})))
print(n, before, hwm())
"""


def memory(args, results: dict) -> None:
    records = load_corpus(2)
    with tempfile.TemporaryDirectory() as folder:
        src, out = os.path.join(folder, "big.jsonl"), os.path.join(folder, "out.jsonl")
        size = 0
        with open(src, "w", encoding="utf-8") as handle:
            n = 0
            while size < args.stream_mb * MB:
                row = dict(records[n % len(records)], id=n)
                line = json.dumps(row, ensure_ascii=False) + "\n"
                handle.write(line)
                size += len(line.encode("utf-8"))
                n += 1
        code = _STREAM_CHILD.format(root=str(ROOT), src=src, out=out)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
        count, before, peak = (int(x) for x in done.stdout.split())
    print(f"\nstreaming {size / MB:.0f} MB of JSONL ({count} records) through clean_records: "
          f"{seconds:.1f}s, peak RSS {peak / 1024:.0f} MB (after start-up {before / 1024:.0f} MB)")
    results["memory"] = {"input_mb": size / MB, "records": count, "seconds": seconds,
                         "peak_rss_mb": peak / 1024, "startup_rss_mb": before / 1024}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: about a minute")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 3)")
    parser.add_argument("--corpus-mb", type=float, help="corpus size (default 20, quick 3)")
    parser.add_argument("--stream-mb", type=float, help="streamed JSONL size (default 1000, quick 30)")
    parser.add_argument("--no-dask", action="store_true", help="leave out the Dask contenders")
    parser.add_argument("--skip", action="append", default=[],
                        choices=("throughput", "html", "scaling", "memory"), help="leave out a section")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    args.rounds = args.rounds or 3
    args.corpus_mb = args.corpus_mb or (3 if args.quick else 20)
    args.stream_mb = args.stream_mb or (30 if args.quick else 1000)
    args.doc_sizes = (0.25, 1, 4) if args.quick else (1, 10, 50)
    args.pages = 40 if args.quick else 130
    results: dict = {"quick": args.quick}
    for name, section in (("throughput", throughput), ("html", html_reference),
                          ("scaling", scaling), ("memory", memory)):
        if name not in args.skip:
            section(args, results)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
