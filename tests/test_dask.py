"""Dask engine tests on a real LocalCluster (2 worker processes, loopback only)."""

import argparse
import json
import random
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.io.jsonl import read_jsonl, write_jsonl
from cleaner.repeated import RepeatedSettings, plan_for_records
from cleaner.stream import clean_records

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

dask_bag = pytest.importorskip("dask.bag", reason="the dask extra is not installed")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

from cleaner.cli import corpus as corpus_cli  # noqa: E402
from cleaner.dask import (  # noqa: E402
    CorpusOptions,
    clean_bag,
    open_client,
    repeated_plan,
    run_corpus,
)

SETTINGS = RepeatedSettings(min_documents=5, min_share=0.3)
SITES = ["alpha.example", "beta.example", "gamma.example"]


def make_records(n: int = 3000) -> list[dict]:
    """Seeds and short articles on three sites, with per-site template lines and a few bad records."""
    seeds = [p.read_bytes().decode("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    assert seeds
    rng = random.Random(11)
    records = []
    for i in range(n):
        site = SITES[i % 3]
        if i % 97 == 0:
            records.append({"id": i, "url": f"https://{site}/{i}", "body": "no text field"})
            continue
        if i % 10 == 0:
            text = seeds[i % len(seeds)]
        else:
            words = " ".join(rng.choice(["harbour", "budget", "council", "river", "bridge", "school"])
                             for _ in range(30))
            text = f"Report {i}: the {words}.\n"
            if rng.random() < 0.6:
                text += f"Follow {site} on every network for more local stories\n"
            text += "Leave a comment\n\n"
        records.append({"id": i, "url": f"https://www.{site}/news/{i}", "text": text})
    return records


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def records():
    return make_records()


def by_id(rows):
    return {r["id"]: r for r in rows}


def test_clean_bag_equals_single_process(client, records, default_cleaner):
    bag = dask_bag.from_sequence(records, npartitions=6)
    got = client.compute(clean_bag(bag, Cleaner())).result()
    expected = list(clean_records(default_cleaner, records, on_error=lambda e: None))
    assert len(got) == len(records)
    assert got == expected
    assert sum("error" in r["cleaner"] for r in got) == len([r for r in records if "text" not in r])


def test_repeated_plan_on_a_bag_is_independent_of_partitioning(client, records, default_cleaner):
    reference = plan_for_records(records, settings=SETTINGS)
    # Per site: the "Follow ..." template line and "Leave a comment" (which its rule keeps claiming).
    assert len(reference) == 6
    shuffled = records[:]
    random.Random(3).shuffle(shuffled)
    for data, parts in ((records, 7), (shuffled, 3)):
        bag = dask_bag.from_sequence(data, npartitions=parts)
        plan_item = repeated_plan(bag, SETTINGS, split_every=2)
        assert client.compute(plan_item).result() == reference
        got = by_id(client.compute(clean_bag(bag, Cleaner(), repeated=plan_item)).result())
        expected = by_id(clean_records(default_cleaner, records, repeated=reference, on_error=lambda e: None))
        assert got == expected
    removed = [r for r in expected.values() if "repeated-line" in r.get("cleaner", {}).get("rules", {})]
    assert removed, "the template lines were removed somewhere"


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory, records):
    folder = tmp_path_factory.mktemp("corpus")
    paths = [folder / "a.jsonl", folder / "b.jsonl.gz", folder / "c.jsonl"]
    write_jsonl(paths[0], records[:1000])
    write_jsonl(paths[1], records[1000:2000])
    lines = [json.dumps(r) for r in records[2000:]]
    lines.insert(5, "{not json")
    paths[2].write_text("\n".join(lines) + "\n")
    return paths


def test_run_corpus_shards_match_single_process_and_rerun_skips(client, corpus_files, tmp_path, default_cleaner):
    out = tmp_path / "out"
    options = CorpusOptions(text_field="text", repeated=SETTINGS)
    first = run_corpus(client, corpus_files, out, options=options)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest == first.manifest
    assert [s["shard"] for s in manifest["shards"]] == ["00000-a.jsonl", "00001-b.jsonl.gz", "00002-c.jsonl"]
    assert [s["records"] for s in manifest["shards"]] == [1000, 1000, 1000]
    assert manifest["shards"][2]["errors"] >= 1 and "line 6: invalid JSON" in manifest["shards"][2]["first_errors"][0]
    assert manifest["settings"]["repeated"]["min_share"] == 0.3

    inputs = [r for p in corpus_files for r in read_jsonl(p, on_error=lambda e: None)]
    plan = plan_for_records(inputs, settings=SETTINGS)
    expected = list(clean_records(default_cleaner, inputs, repeated=plan, on_error=lambda e: None))
    got = [r for s in manifest["shards"] for r in read_jsonl(out / s["shard"])]
    assert got == expected
    assert manifest["rules"]["repeated-line"] > 0
    assert manifest["records"] == 3000

    before = {p.name: p.read_bytes() for p in out.iterdir() if p.name != "manifest.json"}
    second = run_corpus(client, corpus_files, out, options=options)
    assert [s["skipped"] for s in second.manifest["shards"]] == [True, True, True]
    assert second.manifest["rules"] == manifest["rules"]
    # A shard damaged after the run is made again; the others are not.
    (out / "00001-b.jsonl.gz").write_bytes(b"truncated")
    third = run_corpus(client, corpus_files, out, options=options)
    assert [s["skipped"] for s in third.manifest["shards"]] == [True, False, True]
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name != "manifest.json"} == before
    # Other options make other shards.
    fourth = run_corpus(client, corpus_files, out, options=CorpusOptions())
    assert [s["skipped"] for s in fourth.manifest["shards"]] == [False, False, False]


def test_parquet_input_gives_a_parquet_shard(client, records, tmp_path, default_cleaner):
    pytest.importorskip("pyarrow", reason="the parquet extra is not installed")
    from cleaner.io.parquet import read_parquet, write_parquet

    source = tmp_path / "in.parquet"
    sample = [r for r in records[:300] if "text" in r]
    write_parquet(source, sample)
    run = run_corpus(client, [source], tmp_path / "out")
    got = list(read_parquet(tmp_path / "out" / "00000-in.parquet"))
    expected = list(clean_records(default_cleaner, sample))
    assert [r["text"] for r in got] == [r["text"] for r in expected]
    assert [json.loads(r["cleaner"]) for r in got] == [r["cleaner"] for r in expected]
    assert run.manifest["records"] == len(sample)


def _cli(argv):
    parser = argparse.ArgumentParser()
    corpus_cli.add_arguments(parser)
    return corpus_cli.run(parser.parse_args(argv))


def test_cli_with_a_scheduler_address(client, corpus_files, tmp_path, capsys):
    address = client.scheduler.address
    code = _cli([str(p) for p in corpus_files] + ["--out", str(tmp_path / "o"), "--scheduler", address,
                                                  "--repeated-lines"])
    captured = capsys.readouterr()
    assert code == 1, "records changed and one line was not JSON"
    assert "3000 records in 3 shards (0 already complete)" in captured.out
    assert "line 6: invalid JSON" in captured.err
    assert _cli([str(corpus_files[0]), "--out", str(tmp_path / "o"), "--scheduler", address, "--workers", "0"]) == 2


def test_dask_scheduler_address_is_honoured(client, monkeypatch):
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", client.scheduler.address)
    with open_client() as other:
        assert other.scheduler.address == client.scheduler.address


def test_importing_cleaner_does_not_import_dask():
    import subprocess
    import sys

    code = "import sys, cleaner; cleaner.clean('x'); print('dask' in sys.modules, 'distributed' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
