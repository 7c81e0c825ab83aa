"""Dask as the distributed engine (extra ``cleaner[dask]``): bags of records and corpora of files.

Importing :mod:`cleaner` never imports this module or dask. Two entry points:

- :func:`clean_bag` cleans a ``dask.bag.Bag`` of dict records lazily, and
  :func:`repeated_plan` computes the site-level repeated lines of such a bag
  as a tree reduction of per-partition counts (no shuffle of lines).
- :func:`run_corpus` cleans input files on a ``distributed`` client, one
  output shard per input file, written atomically with a sidecar that marks
  it complete, and a manifest for the run; a rerun skips complete shards.

A :class:`~cleaner.engine.Cleaner` travels to the workers as its rule set
and is compiled there once per process (see :func:`_compiled`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import dask.bag as db

from cleaner.engine import Cleaner
from cleaner.io.jsonl import RecordError, atomic_output, read_jsonl_numbered, write_jsonl
from cleaner.repeated import LineCounts, RepeatedLines, RepeatedSettings, iter_documents
from cleaner.stream import StreamStats, clean_numbered

MANIFEST = "manifest.json"
SPLIT_EVERY = 8
# Errors kept per shard in its sidecar; the count is always exact.
MAX_ERRORS_KEPT = 100

_CACHE: dict[str, Cleaner] = {}
_CACHE_LOCK = threading.Lock()


def _compiled(cleaner: Cleaner) -> Cleaner:
    """One compiled Cleaner per worker process and rule set.

    A task receives the Cleaner unpickled from its rule set, which compiles
    it again; keeping the first one per rule-set fingerprint lets later
    tasks skip nothing but the regex look-ups, and keeps one copy in memory.
    """
    key = ruleset_fingerprint(cleaner)
    with _CACHE_LOCK:
        return _CACHE.setdefault(key, cleaner)


def ruleset_fingerprint(cleaner: Cleaner) -> str:
    """A short digest of a Cleaner's rule set (the same rules give the same digest)."""
    return hashlib.sha256(pickle.dumps(cleaner.ruleset, protocol=4)).hexdigest()[:16]


# --- bags ---------------------------------------------------------------------------------


def _clean_partition(records, cleaner, options, plan) -> list[dict]:
    return list(clean_numbered(_compiled(cleaner), enumerate(records, start=1), repeated=plan, **options))


def clean_bag(
    bag: db.Bag,
    cleaner: Cleaner | None = None,
    *,
    text_field: str = "text",
    out_field: str | None = None,
    summary_field: str | None = "cleaner",
    repeated: RepeatedLines | Any | None = None,
    site_field: str = "url",
) -> db.Bag:
    """Clean a bag of dict records; lazy, one partition at a time on the workers.

    Args:
        bag: records (dicts), any number of partitions.
        cleaner: the compiled rule set; the built-in packs when None.
        text_field: the field holding the text.
        out_field: where the cleaned text goes; None overwrites ``text_field``.
        summary_field: where each record's removal summary goes; None for none.
        site_field: the URL field naming a record's site (with ``repeated``).
        repeated: a :class:`~cleaner.repeated.RepeatedLines` plan, or the lazy
            result of :func:`repeated_plan` (computed once, before cleaning).

    Returns:
        A bag of the cleaned records, partition for partition. Bad records are
        passed through with an ``error`` in their summary and logged on the worker.
    """
    options = {
        "text_field": text_field,
        "out_field": out_field,
        "summary_field": summary_field,
        "site_field": site_field,
    }
    return bag.map_partitions(_clean_partition, cleaner or Cleaner(), options, repeated)


def _count_partition(records, settings, text_field, site_field) -> LineCounts:
    counts = LineCounts(settings)
    for site, text in iter_documents(records, text_field, site_field):
        counts.add(site, text)
    return counts


def _merge(parts) -> LineCounts:
    return LineCounts.combine(parts)


def repeated_plan(
    bag: db.Bag,
    settings: RepeatedSettings | None = None,
    *,
    text_field: str = "text",
    site_field: str = "url",
    split_every: int = SPLIT_EVERY,
):
    """Pass 1 of the repeated lines on a bag: a lazy :class:`~cleaner.repeated.RepeatedLines`.

    Each partition counts its own lines; the counts are merged ``split_every``
    at a time up a tree (``Bag.reduction``), so no line is shuffled between
    workers and the result does not depend on the partitioning.
    """
    settings = settings or RepeatedSettings()
    counts = bag.reduction(
        lambda records: _count_partition(records, settings, text_field, site_field),
        _merge,
        split_every=split_every,
    )
    return counts.apply(LineCounts.plan)


# --- corpora of files ---------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusOptions:
    """How a corpus run cleans its records (recorded in the manifest).

    Attributes:
        text_field: the field holding the text.
        out_field: where the cleaned text goes (None: over ``text_field``).
        summary_field: where each record's removal summary goes.
        site_field: the URL field that names a record's site.
        repeated: thresholds of the repeated-line pass, or None for no such pass.
    """

    text_field: str = "text"
    out_field: str | None = None
    summary_field: str | None = "cleaner"
    site_field: str = "url"
    repeated: RepeatedSettings | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        data = asdict(self)
        return data


def input_format(path: str | Path) -> str:
    """``parquet`` or ``jsonl`` (plain or gzip), from the file name."""
    return "parquet" if str(path).endswith(".parquet") else "jsonl"


def shard_name(index: int, path: str | Path) -> str:
    """The output shard for input number ``index``: same name and format, numbered."""
    return f"{index:05d}-{Path(path).name}"


def _read_numbered(path: str | Path, on_error) -> Iterator[tuple[int, dict]]:
    if input_format(path) == "parquet":
        from cleaner.io.parquet import read_parquet_numbered

        return read_parquet_numbered(path)
    return read_jsonl_numbered(path, on_error=on_error)


def _write(path: Path, records) -> int:
    if input_format(path) == "parquet":
        from cleaner.io.parquet import write_parquet

        return write_parquet(path, records)
    return write_jsonl(path, records)


def sha256_of(path: str | Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _input_identity(path: str | Path) -> dict[str, Any]:
    info = os.stat(path)
    return {"path": str(Path(path).resolve()), "size": info.st_size, "mtime_ns": info.st_mtime_ns}


@dataclass
class ShardTask:
    """One input file and the shard it becomes; what a worker needs, and nothing more."""

    index: int
    source: str
    shard: str
    key: str  # fingerprint of input identity, rules and options: a complete shard must match it


def _sidecar(shard: Path) -> Path:
    return shard.with_name(f".{shard.name}.done.json")


def shard_is_complete(shard: Path, key: str) -> dict | None:
    """The sidecar of a complete shard made with the same ``key``, or None.

    Complete means: the sidecar exists, names the same key, and the shard's
    bytes still have the checksum it recorded.
    """
    sidecar = _sidecar(shard)
    try:
        info = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if info.get("key") != key or not shard.exists():
        return None
    if info.get("sha256") != sha256_of(shard):
        return None
    return info


def clean_shard(task: ShardTask, cleaner: Cleaner, options: CorpusOptions,
                plan: RepeatedLines | None) -> dict:
    """Clean one input file into its shard (on a worker); return the shard's manifest entry."""
    shard = Path(task.shard)
    done = shard_is_complete(shard, task.key)
    if done is not None:
        return {**done, "skipped": True}
    errors: list[RecordError] = []
    error_count = 0

    def on_error(error: RecordError) -> None:
        nonlocal error_count
        error_count += 1
        if len(errors) < MAX_ERRORS_KEPT:
            errors.append(error)

    stats = StreamStats()
    records = clean_numbered(
        _compiled(cleaner),
        _read_numbered(task.source, on_error),
        text_field=options.text_field,
        out_field=options.out_field,
        summary_field=options.summary_field,
        site_field=options.site_field,
        on_error=on_error,
        source=task.source,
        repeated=plan,
        stats=stats,
    )
    written = _write(shard, records)
    info = {
        "index": task.index,
        "input": task.source,
        "shard": shard.name,
        "key": task.key,
        "records": written,
        "stats": stats.to_dict(),
        "unreadable_lines": error_count - stats.errors,
        "errors": error_count,
        "first_errors": [str(e) for e in errors],
        "sha256": sha256_of(shard),
    }
    with atomic_output(_sidecar(shard), "wb") as handle:
        handle.write(json.dumps(info, indent=1, sort_keys=True).encode("utf-8"))
    return {**info, "skipped": False}


def _count_file(path: str, settings: RepeatedSettings, text_field: str, site_field: str) -> LineCounts:
    records = (record for _, record in _read_numbered(path, on_error=lambda error: None))
    return _count_partition(records, settings, text_field, site_field)


def corpus_plan(client, inputs: list[str], options: CorpusOptions,
                split_every: int = SPLIT_EVERY) -> RepeatedLines:
    """Pass 1 over input files on ``client``: per-file counts merged by a tree reduction."""
    settings = options.repeated or RepeatedSettings()
    bag = db.from_sequence(inputs, npartitions=max(1, len(inputs)))
    counts = bag.map(_count_file, settings, options.text_field, options.site_field).reduction(
        _merge, _merge, split_every=split_every
    )
    return client.compute(counts.apply(LineCounts.plan)).result()


@dataclass
class CorpusRun:
    """The outcome of :func:`run_corpus`: the manifest written, and totals."""

    manifest: dict[str, Any]
    shards: list[dict] = field(default_factory=list)

    @property
    def changed(self) -> int:
        """Records whose text changed, over all shards (skipped ones included)."""
        return sum(s["stats"]["changed"] for s in self.shards)

    @property
    def errors(self) -> int:
        """Records and lines that could not be read or cleaned."""
        return sum(s["errors"] for s in self.shards)


def run_corpus(client, inputs: list[str | Path], out_dir: str | Path, *,
               cleaner: Cleaner | None = None, options: CorpusOptions | None = None) -> CorpusRun:
    """Clean every input file into ``out_dir`` on a ``distributed`` client.

    One shard per input (same format and compression, name prefixed with its
    number), written atomically; then ``manifest.json`` with the inputs,
    shards, record and rule counts, checksums and settings. A shard already
    complete for the same input, rules and options is not cleaned again.
    """
    cleaner = cleaner or Cleaner()
    options = options or CorpusOptions()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sources = [str(Path(p)) for p in inputs]
    rules_key = ruleset_fingerprint(cleaner)
    plan = corpus_plan(client, sources, options) if options.repeated is not None else None
    plan_key = hashlib.sha256(pickle.dumps(plan, protocol=4)).hexdigest()[:16] if plan else ""
    tasks = []
    for index, source in enumerate(sources):
        identity = {
            "input": _input_identity(source),
            "rules": rules_key,
            "options": options.to_dict(),
            "plan": plan_key,
        }
        key = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]
        tasks.append(ShardTask(index, source, str(out / shard_name(index, source)), key))
    [cleaner_future] = client.scatter([cleaner], broadcast=True)
    plan_future = client.scatter(plan, broadcast=True) if plan is not None else None
    futures = client.map(clean_shard, tasks, cleaner=cleaner_future, options=options,
                         plan=plan_future, pure=False)
    shards = sorted(client.gather(futures), key=lambda s: s["index"])
    totals = StreamStats()
    for entry in shards:
        part = entry["stats"]
        totals.merge(StreamStats(part["records"], part["changed"], part["errors"], part["refusals"]))
        totals.rules.update(part["rules"])
    manifest = {
        "inputs": sources,
        "shards": [
            {k: entry[k] for k in ("shard", "input", "records", "sha256", "errors", "first_errors")}
            | {"rules": entry["stats"]["rules"], "skipped": entry["skipped"]}
            for entry in shards
        ],
        "records": totals.records,
        "changed": totals.changed,
        "errors": sum(entry["errors"] for entry in shards),
        "refusals": totals.refusals,
        "rules": dict(sorted(totals.rules.items())),
        "settings": {
            **options.to_dict(),
            "rules_fingerprint": rules_key,
            "rule_sources": list(cleaner.ruleset.sources),
            "repeated_lines_planned": len(plan) if plan is not None else None,
        },
    }
    with atomic_output(out / MANIFEST, "wb") as handle:
        handle.write(json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8"))
    return CorpusRun(manifest, shards)


@contextlib.contextmanager
def open_client(*, workers: int | None = None, scheduler: str | None = None,
                scheduler_file: str | None = None):
    """A ``distributed`` client: to a given scheduler, or to a local cluster on 127.0.0.1.

    Order: ``scheduler`` (an address), ``scheduler_file``, the
    ``DASK_SCHEDULER_ADDRESS`` environment variable (dask's
    ``scheduler-address`` setting); otherwise a ``LocalCluster`` of worker
    processes on the loopback interface, its dashboard on a free port.
    """
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    if scheduler_file:
        with Client(scheduler_file=scheduler_file) as client:
            yield client
        return
    address = os.environ.get("DASK_SCHEDULER_ADDRESS") or dask.config.get("scheduler-address", None)
    if address:
        with Client(address) as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
        yield client


__all__ = [
    "CorpusOptions",
    "CorpusRun",
    "clean_bag",
    "clean_shard",
    "corpus_plan",
    "open_client",
    "repeated_plan",
    "ruleset_fingerprint",
    "run_corpus",
    "shard_is_complete",
]
