import json
from functools import partial

import pytest

import cleaner
from cleaner import Cleaner
from cleaner.io.jsonl import RecordError
from cleaner.stream import StreamStats, clean_batch, clean_records

ARTICLE = (
    "The regional council met on Tuesday evening to discuss the budget for the coming year, "
    "and after a long debate its members agreed to spend more on schools and bridges.\n"
)
DIRTY = ARTICLE + "Leave a comment\n\n\n"


def test_records_get_cleaned_text_and_summary_other_fields_untouched(default_cleaner):
    rows = [{"id": 1, "text": DIRTY, "meta": {"a": [1]}}, {"id": 2, "text": ARTICLE}]
    out = list(default_cleaner.clean_records(rows))
    assert out[0]["text"] == default_cleaner.clean(DIRTY).text == ARTICLE
    assert out[0]["id"] == 1 and out[0]["meta"] == {"a": [1]}
    assert out[0]["cleaner"]["rules"] == default_cleaner.clean(DIRTY).rule_counts()
    assert out[0]["cleaner"]["chars"] == len(DIRTY) - len(ARTICLE)
    assert out[1]["cleaner"] == {"rules": {}, "chars": 0}
    assert rows[0]["text"] == DIRTY, "the input records are not changed"


def test_configurable_keys(default_cleaner):
    rows = [{"body": DIRTY}]
    out = next(default_cleaner.clean_records(rows, text_field="body", out_field="clean", summary_field="log"))
    assert out["body"] == DIRTY and out["clean"] == ARTICLE and "log" in out and "cleaner" not in out
    out = next(default_cleaner.clean_records(rows, text_field="body", summary_field=None))
    assert out == {"body": ARTICLE}


def test_bad_records_are_reported_and_passed_through(default_cleaner):
    rows = [{"text": DIRTY}, {"id": 2}, {"text": 5}, {"text": None}, {"text": DIRTY}]
    errors: list[RecordError] = []
    stats = StreamStats()
    out = list(clean_records(default_cleaner, rows, on_error=errors.append, stats=stats))
    assert len(out) == 5
    assert [e.position for e in errors] == [2, 3, 4]
    assert out[1] == {"id": 2, "cleaner": {"error": "no 'text' field"}}
    assert out[2]["text"] == 5 and "int" in out[2]["cleaner"]["error"]
    assert out[4]["text"] == ARTICLE
    assert (stats.records, stats.errors, stats.changed) == (5, 3, 2)


def test_an_engine_exception_does_not_end_the_stream(default_cleaner):
    class Exploding:
        def clean(self, text, **_):
            if "boom" in text:
                raise RuntimeError("kaput")
            return default_cleaner.clean(text)

    errors = []
    out = list(clean_records(Exploding(), [{"text": "boom"}, {"text": DIRTY}], on_error=errors.append))
    assert out[0]["text"] == "boom" and "RuntimeError: kaput" in out[0]["cleaner"]["error"]
    assert out[1]["text"] == ARTICLE
    assert errors[0].position == 1


def test_stream_is_lazy(default_cleaner):
    pulled = []

    def source():
        for n in range(10**9):
            pulled.append(n)
            yield {"text": DIRTY}

    stream = default_cleaner.clean_records(source())
    for _ in range(3):
        next(stream)
    assert len(pulled) == 3


def test_clean_batch_is_exported_and_matches_records(default_cleaner):
    assert cleaner.clean_batch is clean_batch and "clean_batch" in cleaner.__all__
    batch = {"text": [DIRTY, ARTICLE, None], "id": [1, 2, 3]}
    out = clean_batch(batch)
    assert out["id"] == [1, 2, 3]
    assert out["text"] == [ARTICLE, ARTICLE, None]
    summaries = [json.loads(s) for s in out["cleaner"]]
    assert summaries[0] == next(default_cleaner.clean_records([{"text": DIRTY}]))["cleaner"]
    assert "error" in summaries[2]
    with pytest.raises(KeyError, match="no 'body' column"):
        clean_batch(batch, text_field="body")


def test_clean_batch_with_a_custom_cleaner():
    only_blank = Cleaner(select=["whitespace.trailing-blank-lines"])
    out = clean_batch({"text": [DIRTY]}, cleaner=only_blank, out_field="clean")
    assert out["text"] == [DIRTY] and out["clean"] == [ARTICLE + "Leave a comment\n"]


def test_datasets_map_batched_with_two_processes():
    datasets = pytest.importorskip("datasets", reason="the `datasets` package is not installed")
    texts = [DIRTY if n % 2 else ARTICLE for n in range(40)] + [None]
    ds = datasets.Dataset.from_dict({"text": texts, "n": list(range(41))})
    mapped = ds.map(partial(clean_batch, cleaner=Cleaner()), batched=True, batch_size=8, num_proc=2)
    assert mapped["n"] == list(range(41))
    assert mapped["text"][:40] == [ARTICLE] * 40 and mapped["text"][40] is None
    assert json.loads(mapped["cleaner"][1])["rules"] == dict(Cleaner().clean(DIRTY).rule_counts())
    assert "error" in json.loads(mapped["cleaner"][40])
