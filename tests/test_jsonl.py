import gzip
import json

import pytest

from cleaner.io.jsonl import RecordError, read_jsonl, read_jsonl_numbered, write_jsonl

RECORDS = [{"id": 1, "text": "Première ligne\n"}, {"id": 2, "text": "b", "extra": [1, 2]}]


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz"])
def test_round_trip_plain_and_gzip(tmp_path, name):
    path = tmp_path / name
    assert write_jsonl(path, iter(RECORDS)) == 2
    assert list(read_jsonl(path)) == RECORDS
    raw = path.read_bytes()
    assert raw.startswith(b"\x1f\x8b") == name.endswith(".gz")


def test_gzip_output_is_reproducible(tmp_path):
    a, b = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    write_jsonl(a, RECORDS)
    write_jsonl(b, RECORDS)
    assert a.read_bytes() == b.read_bytes()


def test_gzip_is_recognised_by_content_not_name(tmp_path):
    path = tmp_path / "misnamed.jsonl"
    path.write_bytes(gzip.compress(b'{"text": "x"}\n'))
    assert list(read_jsonl(path)) == [{"text": "x"}]


def test_bad_lines_are_reported_with_line_numbers_and_skipped(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "a"}\n\n{broken\n[1, 2]\n\xff\xfe\n{"text": "b"}\n')
    errors: list[RecordError] = []
    got = list(read_jsonl_numbered(path, on_error=errors.append))
    assert got == [(1, {"text": "a"}), (6, {"text": "b"})]
    assert [e.position for e in errors] == [3, 4, 5]
    assert "invalid JSON" in errors[0].message
    assert "JSON object" in errors[1].message
    assert "UTF-8" in errors[2].message
    assert str(errors[0]).startswith(f"{path}: line 3:")


def test_text_field_problems_are_reported_but_records_still_yielded(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "a"}\n{"id": 2}\n{"text": 5}\n')
    errors = []
    got = list(read_jsonl(path, text_field="text", on_error=errors.append))
    assert got == [{"text": "a"}, {"id": 2}, {"text": 5}]
    assert [(e.position, e.message) for e in errors] == [
        (2, "no 'text' field"),
        (3, "the 'text' field is int, not a string"),
    ]


def test_default_handler_logs_a_warning(tmp_path, caplog):
    path = tmp_path / "in.jsonl"
    path.write_text("nope\n")
    with caplog.at_level("WARNING", logger="cleaner.io"):
        assert list(read_jsonl(path)) == []
    assert "line 1: invalid JSON" in caplog.text


def test_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text("old\n")

    def records():
        yield {"text": "new"}
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_jsonl(path, records())
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_lines_are_compact_utf8(tmp_path):
    path = tmp_path / "out.jsonl"
    write_jsonl(path, [{"t": "é"}])
    assert path.read_text(encoding="utf-8") == '{"t":"é"}\n'
    assert json.loads(path.read_text(encoding="utf-8")) == {"t": "é"}
