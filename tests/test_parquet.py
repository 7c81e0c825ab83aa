import json

import pytest

pytest.importorskip("pyarrow", reason="the parquet extra is not installed")

from cleaner.io.parquet import read_parquet, read_parquet_numbered, write_parquet  # noqa: E402
from cleaner.stream import clean_records  # noqa: E402


def test_round_trip_in_several_row_groups(tmp_path):
    import pyarrow.parquet as pq

    rows = [{"id": n, "text": f"line {n}\n", "tags": ["a", str(n)]} for n in range(25)]
    path = tmp_path / "x.parquet"
    assert write_parquet(path, iter(rows), row_group=10) == 25
    assert list(read_parquet(path)) == rows
    assert [n for n, _ in read_parquet_numbered(path, batch_size=7)] == list(range(1, 26))
    assert pq.ParquetFile(path).metadata.num_row_groups == 3


def test_summaries_are_stored_as_json_strings(tmp_path, default_cleaner):
    rows = [{"text": "Some article text long enough to matter here.\n\n\n"}, {"text": "Plain.\n"}, {"id": 3}]
    path = tmp_path / "x.parquet"
    write_parquet(path, clean_records(default_cleaner, rows, on_error=lambda e: None), row_group=1)
    back = list(read_parquet(path))
    summaries = [json.loads(r["cleaner"]) for r in back]
    assert summaries[0]["rules"] == {"whitespace.trailing-blank-lines": 2}
    assert summaries[1] == {"chars": 0, "rules": {}}
    assert "error" in summaries[2] and back[2]["text"] is None


def test_empty_input_writes_a_readable_file(tmp_path):
    path = tmp_path / "empty.parquet"
    assert write_parquet(path, []) == 0
    assert list(read_parquet(path)) == []


def test_failed_write_leaves_nothing(tmp_path):
    path = tmp_path / "x.parquet"

    def rows():
        yield {"a": 1}
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_parquet(path, rows(), row_group=1)
    assert list(tmp_path.iterdir()) == []
