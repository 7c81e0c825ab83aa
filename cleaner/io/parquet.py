"""Parquet corpora (extra ``cleaner[parquet]``): records in, records out, a row group at a time.

Rows are read in batches, so a large file never sits in memory whole. The
writer gathers records into row groups of a fixed size and writes them under
a temporary name that replaces the target at the end.

Parquet needs one schema for the whole file. The cleaner's summary is a
dict whose keys are rule ids, which would give each row group another
struct type, so fields named in ``json_fields`` (the summary, by default
``cleaner``) are stored as JSON strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cleaner.io.jsonl import atomic_output

ROW_GROUP = 1000


def read_parquet_numbered(path: str | Path, *, batch_size: int = ROW_GROUP) -> Iterator[tuple[int, dict]]:
    """Yield ``(row_number, record)`` (1-based) for each row of a Parquet file."""
    number = 0
    with pq.ParquetFile(path) as handle:
        for batch in handle.iter_batches(batch_size=batch_size):
            for record in batch.to_pylist():
                number += 1
                yield number, record


def read_parquet(path: str | Path, *, batch_size: int = ROW_GROUP) -> Iterator[dict]:
    """Yield the rows of a Parquet file as dicts."""
    for _, record in read_parquet_numbered(path, batch_size=batch_size):
        yield record


def _encode(record: dict, json_fields: tuple[str, ...]) -> dict:
    if not any(name in record for name in json_fields):
        return record
    out = dict(record)
    for name in json_fields:
        if name in out and not isinstance(out[name], str) and out[name] is not None:
            out[name] = json.dumps(out[name], ensure_ascii=False, sort_keys=True)
    return out


def write_parquet(
    path: str | Path,
    records: Iterable[dict],
    *,
    json_fields: tuple[str, ...] = ("cleaner",),
    row_group: int = ROW_GROUP,
) -> int:
    """Write ``records`` to a Parquet file atomically; return how many were written.

    The schema is taken from the first row group; later row groups are cast
    to it (a field missing from a row becomes null).
    """
    count = 0
    schema: pa.Schema | None = None
    writer: pq.ParquetWriter | None = None
    with atomic_output(path, "wb") as raw:
        try:
            batch: list[dict] = []
            for record in records:
                batch.append(_encode(record, json_fields))
                if len(batch) >= row_group:
                    schema, writer = _flush(raw, batch, schema, writer)
                    count += len(batch)
                    batch = []
            if batch or writer is None:
                schema, writer = _flush(raw, batch, schema, writer)
                count += len(batch)
        finally:
            if writer is not None:
                writer.close()
    return count


def _flush(raw, batch: list[dict], schema, writer):
    if schema is None:
        table = pa.Table.from_pylist(batch)
        schema = table.schema
        writer = pq.ParquetWriter(raw, schema)
    else:
        table = pa.Table.from_pylist(batch, schema=schema)
    writer.write_table(table)
    return schema, writer


__all__ = ["read_parquet", "read_parquet_numbered", "write_parquet"]
