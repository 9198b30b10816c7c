"""Parquet files (pyarrow is optional): the schema and a sample to choose columns, then only the chosen columns."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from workbench.core.data.columns import extract, pick_columns
from workbench.core.data.dataset import Dataset
from workbench.core.data.files import FileInfo
from workbench.core.data.table import SAMPLE_ROWS, Table, sample_value
from workbench.core.errors import DataError


def preview_parquet(p: Path, name: str) -> Table:
    """Column names and sample rows (no records) of a Parquet file, for column pickers."""
    pa, pq = _import_pyarrow(name)
    return _open(pa, pq, p, name)[1]


def read_parquet(
    raw: bytes,
    info: FileInfo,
    text_column: str | None,
    label_column: str | None,
    labelled: bool,
    prefer: tuple[str | None, str | None],
) -> Dataset:
    """The text and (if labelled) label columns of a Parquet file; the other columns are never read."""
    name = info.name
    pa, pq = _import_pyarrow(name)
    pf, table = _open(pa, pq, io.BytesIO(raw), name)
    columns = table.columns
    ti, li = pick_columns(table, name, text_column, label_column, labelled, prefer)
    wanted = [ti] if li is None else [ti, li]
    try:
        data = pf.read(columns=[columns[j] for j in wanted], use_threads=False)
        values = [data.column(k).to_pylist() for k in range(len(wanted))]
    except _errors(pa) as err:
        raise _unreadable(name, err) from None
    if not values[0]:
        raise DataError(f"{name} has no rows; choose a file with data in it.")
    # Records are (row number, {column index: value}, problem); the row number counts from 1.
    if li is None:
        records = [(i, {ti: t}, None) for i, t in enumerate(values[0], 1)]
    else:
        records = [(i, {ti: t, li: lab}, None) for i, (t, lab) in enumerate(zip(values[0], values[1], strict=True), 1)]
    table.records = records
    info.encoding = None
    return extract(table, info, columns[ti], columns[li] if li is not None else None, labelled, (None, None))


def _import_pyarrow(name: str) -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # optional: only Parquet files need it
        import pyarrow.parquet as pq
    except ImportError:
        raise DataError(
            f"Reading {name} (Parquet) needs pyarrow; install pyarrow (pip install pyarrow) or save the data as CSV."
        ) from None
    return pa, pq


def _open(pa: Any, pq: Any, source: Any, name: str) -> tuple[Any, Table]:
    """The open ParquetFile and a Table with its columns and the first SAMPLE_ROWS rows as sample."""
    try:
        pf = pq.ParquetFile(source)
        columns = list(pf.schema_arrow.names)
        batch = next(pf.iter_batches(batch_size=SAMPLE_ROWS), None)
        sample = [] if batch is None else _sample(batch, len(columns))
    except _errors(pa) as err:
        raise _unreadable(name, err) from None
    return pf, Table(columns, sample, [], True, "parquet")


def _sample(batch: Any, ncols: int) -> list[list[Any]]:
    cols = [[sample_value(v) for v in batch.column(j).to_pylist()] for j in range(ncols)]
    return [list(row) for row in zip(*cols, strict=True)]


def _errors(pa: Any) -> tuple[type[BaseException], ...]:
    """What pyarrow raises for a file that is not valid Parquet."""
    return (pa.ArrowException, OSError, ValueError, KeyError)


def _unreadable(name: str, err: BaseException) -> DataError:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return DataError(f"{name} is not a readable Parquet file ({text[:200].rstrip('.')}).")
