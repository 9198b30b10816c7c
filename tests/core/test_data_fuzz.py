"""Any bytes as a data file give a Dataset or one DataError (never another exception, never a hang), whether
the file is read whole or streamed as a large one is."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.data import TextChunks, read_file, stream
from workbench.core.data.dataset import Dataset
from workbench.core.errors import DataError

SUFFIXES = [".csv", ".tsv", ".jsonl", ".txt", ".dat"]
# Bytes that make the readers' decisions: delimiters, quotes, line ends, JSON, byte-order marks, NUL.
PIECES = [b",", b"\t", b";", b'"', b"\n", b"\r\n", b"\r", b"{", b"}", b'"text"', b":", b"label", b"text", b"1.0"]
PIECES += [b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\xc3\xa9", b"\xe9", b" ", b"a", b"[", b"]", b"PAR1"]
contents = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=60).map(b"".join),
)
FUZZ = settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read(content: bytes, suffix: str, labelled: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"data{suffix}"
        path.write_bytes(content)
        try:
            data = read_file(path, labelled=labelled)
        except DataError as err:
            assert str(err) and "\n" not in str(err).strip()
            return
        assert isinstance(data, Dataset) and len(data) > 0
        assert all(isinstance(t, str) and t for t in data.texts)
        try:
            chunks = [t for chunk in TextChunks(path, chunk=3) for t in chunk]
        except DataError:
            return
        assert chunks == read_file(path, labelled=False).texts


@FUZZ
@given(content=contents, suffix=st.sampled_from(SUFFIXES), labelled=st.booleans())
def test_any_bytes_read_whole(content: bytes, suffix: str, labelled: bool) -> None:
    _read(content, suffix, labelled)


@FUZZ
@given(content=contents, suffix=st.sampled_from(SUFFIXES), labelled=st.booleans())
def test_any_bytes_streamed(content: bytes, suffix: str, labelled: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "STREAM_BYTES", 0)
    _read(content, suffix, labelled)


@pytest.mark.parametrize("content", [b'"', b'"\t', b'\t"\n"'])
def test_a_lone_quote_in_a_tsv_file_is_one_clear_error(tmp_path: Path, content: bytes) -> None:
    """Found by the fuzzer: a TSV file of a lone quote raised ValueError from inside the reader."""
    path = tmp_path / "d.tsv"
    path.write_bytes(content)
    with pytest.raises(DataError):
        read_file(path, labelled=False)
