import gzip
import json

import pytest

pytest.importorskip("datatrove", reason="the datatrove extra is not installed")
pytest.importorskip("orjson", reason="datatrove's JSONL reader needs orjson")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.datatrove import CleanerStep  # noqa: E402
from cleaner.repeated import plan_for_records  # noqa: E402

ARTICLE = (
    "The regional council met on Tuesday evening to discuss the budget for the coming year, "
    "and after a long debate its members agreed to spend more on schools and bridges.\n"
)
TEMPLATE = "Follow the Valley Courier on every network\n"


def records():
    rows = []
    for n in range(12):
        text = f"Story {n}. " + ARTICLE + (TEMPLATE if n < 9 else "") + ("\n\n\n" if n % 2 else "")
        rows.append({"id": str(n), "text": text, "url": f"https://valley.example/{n}"})
    return rows


def test_local_executor_cleans_and_counts_per_rule(tmp_path, default_cleaner):
    source = tmp_path / "in"
    source.mkdir()
    rows = records()
    for part in (0, 1):
        with gzip.open(source / f"part{part}.jsonl.gz", "wt", encoding="utf-8") as handle:
            for row in rows[part::2]:
                handle.write(json.dumps(row) + "\n")
    out = tmp_path / "out"
    plan = plan_for_records(rows)
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(source)),
            CleanerStep(Cleaner(), repeated=plan),
            JsonlWriter(str(out), compression=None),
        ],
        tasks=2,
        workers=1,
        logging_dir=str(tmp_path / "logs"),
    )
    stats = executor.run()
    got = {}
    for path in sorted(out.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            got[doc["id"]] = doc
    assert len(got) == 12
    for row in rows:
        expected = plan.clean(default_cleaner, row["text"], "valley.example")
        assert got[row["id"]]["text"] == expected.text
        assert got[row["id"]]["metadata"]["cleaner"]["rules"] == dict(sorted(expected.rule_counts().items()))
    step = [s for s in stats.stats if "cleaner" in s.name][0]
    counters = {key: value.total for key, value in step.stats.items()}
    assert counters["documents"] == 12
    assert counters["rule/repeated-line"] == 9
    assert counters["rule/whitespace.trailing-blank-lines"] == 6 * 3
    assert counters["changed"] == 11, "all but document 10, which has neither template nor blank lines"


def test_step_on_documents_directly():
    step = CleanerStep(summary_key="log")
    docs = [Document(text=ARTICLE + "\n\n\n", id="a"), Document(text=ARTICLE, id="b")]
    out = list(step.run(iter(docs)))
    assert [d.text for d in out] == [ARTICLE, ARTICLE]
    assert out[0].metadata["log"]["rules"] == {"whitespace.trailing-blank-lines": 3}
    assert step.stats["changed"].total == 1 and step.stats["documents"].total == 2
