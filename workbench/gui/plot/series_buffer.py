"""Growable column buffers for live plots: appending is amortised O(1) and views never copy."""

from __future__ import annotations

import numpy as np


class SeriesBuffer:
    """Named columns of equal length (float64 unless `dtypes` says otherwise), backed by arrays that double
    when full.

    Plot curves take `view(name)` (a slice of the backing array, no copy), so a million points cost one
    setData and no Python list conversions.
    """

    def __init__(
        self, columns: tuple[str, ...], capacity: int = 1024, dtypes: dict[str, np.dtype | type] | None = None
    ) -> None:
        self.columns = tuple(columns)
        self._dtypes = {name: np.dtype((dtypes or {}).get(name, np.float64)) for name in self.columns}
        self._capacity = max(1, int(capacity))
        self._data = {name: np.empty(self._capacity, dtype=self._dtypes[name]) for name in self.columns}
        self.n = 0

    def __len__(self) -> int:
        return self.n

    @property
    def capacity(self) -> int:
        return self._capacity

    def _reserve(self, needed: int) -> None:
        if needed <= self._capacity:
            return
        capacity = self._capacity
        while capacity < needed:
            capacity *= 2
        for name, old in self._data.items():
            new = np.empty(capacity, dtype=self._dtypes[name])
            new[: self.n] = old[: self.n]
            self._data[name] = new
        self._capacity = capacity

    def append(self, *values: float) -> None:
        """Add one row; values in the order of `columns`."""
        self._reserve(self.n + 1)
        i = self.n
        for name, value in zip(self.columns, values, strict=True):
            self._data[name][i] = value
        self.n = i + 1

    def extend(self, **arrays: np.ndarray) -> None:
        """Add many rows at once; every column must be given, all the same length."""
        if set(arrays) != set(self.columns):
            raise ValueError(f"extend needs exactly the columns {self.columns}")
        lengths = {len(a) for a in arrays.values()}
        if len(lengths) != 1:
            raise ValueError("extend needs columns of equal length")
        count = lengths.pop()
        self._reserve(self.n + count)
        for name, values in arrays.items():
            self._data[name][self.n : self.n + count] = values
        self.n += count

    def view(self, name: str) -> np.ndarray:
        """The filled part of a column (a view: valid until the next append that grows the buffer)."""
        return self._data[name][: self.n]

    def last(self, name: str) -> float:
        return self._data[name][self.n - 1].item()

    def truncate(self, n: int) -> None:
        """Keep only the first n rows."""
        self.n = max(0, min(self.n, int(n)))

    def clear(self) -> None:
        self.n = 0
