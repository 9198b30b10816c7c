"""JSON Lines files: one JSON object per line; a line that is not one is reported with its line number."""

from __future__ import annotations

import io
import json
from typing import Any

from workbench.core.data.table import SAMPLE_ROWS, Table, first_problems, sample_value
from workbench.core.errors import DataError


def jsonl_table(text: str, name: str) -> Table:
    """The objects of a JSON Lines text as a Table whose columns are all keys in order of first appearance."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        raise DataError(
            f"{name} holds one JSON array, not JSON Lines; write one JSON object per line (.jsonl) or use CSV."
        )
    records: list[tuple[int, Any, str | None]] = []
    keys: dict[str, None] = {}
    good = 0
    for line_no, line in enumerate(io.StringIO(text, newline=""), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            records.append((line_no, None, f"not valid JSON ({err.msg} at column {err.colno})"))
            continue
        except (ValueError, RecursionError):  # e.g. nested too deeply, or an integer with too many digits
            records.append((line_no, None, "not valid JSON (a value is too large or nested too deeply)"))
            continue
        if not isinstance(obj, dict):
            records.append((line_no, None, "not a JSON object"))
            continue
        keys.update(dict.fromkeys(obj))
        records.append((line_no, obj, None))
        good += 1
    if not good:
        try:
            json.loads(text)
            whole_document = True
        except (ValueError, RecursionError):
            whole_document = False
        if whole_document:
            raise DataError(f"{name} holds a single JSON document, not JSON Lines; write one JSON object per line.")
        first = first_problems((line, why or "") for line, _, why in records)
        raise DataError(f"{name} has no usable JSON Lines rows ({first}); write one JSON object per line.")
    columns = [str(k) for k in keys]
    sample = []
    for _, obj, problem in records:
        if problem is None:
            sample.append([sample_value(obj.get(k)) for k in keys])
            if len(sample) >= SAMPLE_ROWS:
                break
    return Table(columns, sample, records, True, "jsonl")
