"""Pre-training corpora larger than memory: a plain-text file (or a folder of .txt files) tokenized once into
token shards, kept in a cache folder and read a row at a time (explicit reads, no memory map).

    corpus = Corpus.find(source)                 # None unless the source is a large plain-text file or a folder
    texts = corpus.sample(seed)                  # what a new tokenizer learns from (random places in the files)
    shards = corpus.shards(tokenizer, max_len, words, chunks, progress)   # tokenized once, then reused

The cache folder is named for the files' SHA-256 and the tokenizer's (and the passage settings): a changed file
or another tokenizer tokenizes again, the same ones reuse the shards. A folder is built under a temporary name
and renamed into place when complete (its manifest names every shard with its size and SHA-256), under a file
lock, so that processes of one torchrun job on one machine, or two runs, build it once. A shard that no longer
matches its manifest (a disk error, a file cut short) is rebuilt, with a note that says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.core.data import stream
from workbench.core.data.files import read_head_text, sniff_kind
from workbench.core.errors import DataError

if TYPE_CHECKING:
    from workbench.core.data.tokenizer import TextTokenizer

Stage = Callable[[str, int, int], None]

FORMAT = 1  # the shard layout; a new layout makes new cache folders
SHARD_TOKENS = 1 << 27  # tokens per shard file (256 MB as uint16); tests lower it
SAMPLE_PLACES, SAMPLE_BYTES = 2048, 8192  # the tokenizer's sample: this many places of the corpus, this much each
ENCODE_CHUNK = 4096  # passages tokenized at a time
_HASH_CHUNK = 4 << 20


def cache_root() -> Path:
    from workbench.paths import user_cache_dir

    return user_cache_dir() / "token-shards"


@dataclass
class Shards:
    """The shards of a tokenized corpus (the manifest's contents) and the folder they are in."""

    folder: Path
    manifest: dict[str, Any]
    notes: list[str]

    @property
    def rows(self) -> int:
        return int(self.manifest["rows"])

    def reader(self) -> ShardReader:
        """Reads rows from the shard files (see ShardReader); close it when done."""
        return ShardReader(self)


class ShardReader:
    """Rows of the shards, each read with an explicit read of its offsets and tokens.

    Nothing is mapped into the process: a memory map would add every page a batch touches (and the pages the
    system maps around it) to the process's resident memory, which then grows with the corpus as training reads
    it. Read this way, the pages stay in the system's file cache and the process holds only the batch.
    """

    def __init__(self, shards: Shards) -> None:
        self.folder = shards.folder
        self.dtype = np.dtype(shards.manifest["dtype"])
        entries = shards.manifest["shards"]
        self.starts = np.cumsum([0] + [int(e["rows"]) for e in entries])
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
        self._fds = [
            (os.open(self.folder / e["tokens"], flags), os.open(self.folder / e["offsets"], flags)) for e in entries
        ]
        self._lock = threading.Lock()  # seek + read where there is no os.pread (Windows)
        self._closer = weakref.finalize(self, _close_fds, [fd for pair in self._fds for fd in pair])

    def row(self, g: int) -> np.ndarray:
        """Corpus row g: its token ids."""
        s = int(np.searchsorted(self.starts, g, side="right")) - 1
        tokens, offsets = self._fds[s]
        start, end = np.frombuffer(self._read(offsets, 16, (g - int(self.starts[s])) * 8), dtype=np.int64)
        size = self.dtype.itemsize
        return np.frombuffer(self._read(tokens, int(end - start) * size, int(start) * size), dtype=self.dtype)

    def _read(self, fd: int, n: int, offset: int) -> bytes:
        if hasattr(os, "pread"):
            data = os.pread(fd, n, offset)
        else:
            with self._lock:
                os.lseek(fd, offset, os.SEEK_SET)
                data = os.read(fd, n)
        if len(data) != n:
            raise DataError(f"The token cache {self.folder} is cut short; delete that folder to tokenize again.")
        return data

    def close(self) -> None:
        self._closer()


def _close_fds(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


class Corpus:
    """A large plain-text file, or every .txt file in a folder (sorted by path), read as one text."""

    def __init__(self, source: str, files: list[Path]) -> None:
        self.source, self.files = source, files
        self.size = sum(f.stat().st_size for f in files)
        self._sha256: str | None = None

    @classmethod
    def find(cls, source: str | Path) -> Corpus | None:
        """The corpus for a pre-training source, or None when it is read into memory as before (a small file,
        a table, a demo set)."""
        if isinstance(source, str) and source.startswith("demo:"):
            return None
        p = Path(source).expanduser()
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() == ".txt")
            if not files:
                raise DataError(f"{source} is a folder with no .txt files; choose a text file or a folder of them.")
            return cls(str(source), files)
        try:
            if not p.is_file() or p.stat().st_size <= stream.STREAM_BYTES:
                return None
            kind, _ = sniff_kind(read_head_text(p, p.name, 1 << 16))
        except (OSError, DataError):
            return None  # the ordinary reader says what is wrong with it
        return cls(str(source), [p]) if kind == "text" else None

    def sha256(self, progress: Stage | None = None) -> str:
        """SHA-256 of the files (names relative to the folder, and contents), read once per process."""
        if self._sha256 is None:
            digest, done = hashlib.sha256(), 0
            root = self.files[0].parent if len(self.files) == 1 else Path(self.source).expanduser()
            for f in self.files:
                digest.update(str(f.relative_to(root)).encode("utf-8") + b"\0")
                with f.open("rb") as fh:
                    while chunk := fh.read(_HASH_CHUNK):
                        digest.update(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress("checking", done, self.size)
            self._sha256 = digest.hexdigest()
        return self._sha256

    def sample(self, seed: int) -> list[str]:
        """Lines from SAMPLE_PLACES seeded random places of the corpus (the whole of a small one): what a new
        tokenizer learns from and what decides whether lines are joined into passages."""
        if self.size <= SAMPLE_PLACES * SAMPLE_BYTES:
            return [line for f in self.files for line in _lines(f)]
        ends = np.cumsum([f.stat().st_size for f in self.files])
        places = np.sort(np.random.default_rng([seed, 4]).choice(self.size, SAMPLE_PLACES, replace=False))
        lines: list[str] = []
        for place in places.tolist():
            i = int(np.searchsorted(ends, place, side="right"))
            start = place - (int(ends[i - 1]) if i else 0)
            with self.files[i].open("rb") as fh:
                fh.seek(start)
                raw = fh.read(SAMPLE_BYTES).decode("utf-8", errors="replace").split("\n")
            lines += [s for line in raw[1:-1] if (s := line.strip())]  # the first and last lines are cut
        return lines

    def shards(
        self, tokenizer: TextTokenizer, max_len: int, words: int, chunks: bool, progress: Stage | None = None
    ) -> Shards:
        """The corpus tokenized (passages of about `words` words when chunks, else one per line, each cut to
        max_len tokens): from the cache when it is there and whole, else tokenized now."""
        from filelock import FileLock

        settings = {
            "format": FORMAT,
            "data": self.sha256(progress),
            "tokenizer": tokenizer.fingerprint(),
            "max_len": max_len,
            "words": words if chunks else 0,
        }
        key = hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:20]
        root = cache_root()
        root.mkdir(parents=True, exist_ok=True)
        folder = root / f"{_slug(Path(self.source).name)}-{key}"
        notes: list[str] = []
        with FileLock(str(folder) + ".lock"):
            if folder.exists():
                problem = _check(folder, settings)
                if problem is None:
                    return Shards(folder, _read_manifest(folder), notes)
                notes.append(f"the token cache of {Path(self.source).name} is damaged ({problem}); tokenized it again")
                shutil.rmtree(folder, ignore_errors=True)
            tmp = root / f".{folder.name}.{os.getpid()}.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            try:
                _build(self, tmp, settings, tokenizer, max_len, words, chunks, progress)
                os.replace(tmp, folder)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        return Shards(folder, _read_manifest(folder), notes)


def passage_words(lines: list[str], max_len: int, mode: str) -> tuple[int, bool]:
    """(words a passage gathers, whether lines are joined) as to_passages decides for text held in memory."""
    from workbench.core.data.dataset import SHORT_LINE_WORDS

    words = max(8, int(max_len * 0.7))  # WordPiece gives about 1.3 tokens a word in English
    if mode == "lines":
        return words, False
    if mode == "chunks":
        return words, True
    counts = sorted(len(s.split()) for s in lines) or [0]
    return words, counts[len(counts) // 2] < SHORT_LINE_WORDS


def _lines(f: Path) -> Iterator[str]:
    with f.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if s := line.strip().lstrip("\ufeff"):
                yield s


def _passages(corpus: Corpus, words: int, chunks: bool, progress: Stage | None) -> Iterator[str]:
    """The corpus's passages in order; progress by characters read (about bytes for English)."""
    done, reported = 0, 0.0
    for f in corpus.files:
        current: list[str] = []
        count = 0
        with f.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                done += len(line)
                if progress is not None and done - reported > 1 << 22:
                    reported = done
                    progress("corpus", min(done, corpus.size), corpus.size)
                s = line.strip().lstrip("\ufeff")
                if not s:
                    continue
                if not chunks:
                    yield s
                    continue
                current.append(s)
                count += s.count(" ") + 1
                if count >= words:
                    yield " ".join(current)
                    current, count = [], 0
        if current:
            yield " ".join(current)  # passages end where a file ends
    if progress is not None:
        progress("corpus", corpus.size, corpus.size)


def _build(
    corpus: Corpus,
    folder: Path,
    settings: dict[str, Any],
    tokenizer: TextTokenizer,
    max_len: int,
    words: int,
    chunks: bool,
    progress: Stage | None,
) -> None:
    started = time.monotonic()
    dtype = np.uint16 if tokenizer.vocab_size <= 1 << 16 else np.int32
    writer = _ShardWriter(folder, dtype)
    counts = np.zeros(tokenizer.vocab_size, dtype=np.int64)
    batch: list[str] = []

    def flush() -> None:
        arrays = [np.asarray(ids, dtype=dtype) for ids in tokenizer.encode_ids(batch, max_len)]
        for arr in arrays:
            writer.add(arr)
        counts[:] += np.bincount(np.concatenate(arrays), minlength=len(counts))[: len(counts)]
        batch.clear()

    for passage in _passages(corpus, words, chunks, progress):
        batch.append(passage)
        if len(batch) >= ENCODE_CHUNK:
            flush()
    if batch:
        flush()
    shards = writer.close()
    rows = sum(s["rows"] for s in shards)
    if rows == 0:
        raise DataError(f"{corpus.source} holds only blank lines; choose a file with text in it.")
    manifest = settings | {
        "source": corpus.source,
        "dtype": np.dtype(dtype).name,
        "rows": rows,
        "tokens": sum(s["size"] for s in shards),
        "shards": shards,
        "counts": counts.tolist(),
        "tokenize_s": round(time.monotonic() - started, 1),
    }
    text = json.dumps(manifest)
    (folder / "manifest.json").write_text(text, encoding="utf-8")  # the folder is renamed into place after this


class _ShardWriter:
    """Rows appended to the current shard's files; a new shard every SHARD_TOKENS tokens."""

    def __init__(self, folder: Path, dtype: Any) -> None:
        self.folder, self.dtype = folder, dtype
        self.done: list[dict[str, Any]] = []
        self._open()

    def _open(self) -> None:
        n = len(self.done)
        self.names = (f"tokens-{n:05d}.bin", f"offsets-{n:05d}.bin")
        self.tokens = (self.folder / self.names[0]).open("wb")
        self.offsets = (self.folder / self.names[1]).open("wb")
        self.hashes = (hashlib.sha256(), hashlib.sha256())
        self.size, self.rows = 0, 0
        self._write_offset()

    def _write_offset(self) -> None:
        raw = np.int64(self.size).tobytes()
        self.offsets.write(raw)
        self.hashes[1].update(raw)

    def add(self, ids: np.ndarray) -> None:
        raw = ids.tobytes()
        self.tokens.write(raw)
        self.hashes[0].update(raw)
        self.size += len(ids)
        self.rows += 1
        self._write_offset()
        if self.size >= SHARD_TOKENS:
            self._finish()
            self._open()

    def _finish(self) -> None:
        for fh in (self.tokens, self.offsets):
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        if self.rows:
            self.done.append(
                {
                    "tokens": self.names[0],
                    "offsets": self.names[1],
                    "rows": self.rows,
                    "size": self.size,
                    "sha256": [h.hexdigest() for h in self.hashes],
                }
            )
        else:
            for name in self.names:
                (self.folder / name).unlink()

    def close(self) -> list[dict[str, Any]]:
        self._finish()
        return self.done


def _read_manifest(folder: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return manifest


def _check(folder: Path, settings: dict[str, Any]) -> str | None:
    """None when every shard matches the manifest; else what is wrong, in a few words."""
    try:
        manifest = _read_manifest(folder)
    except (OSError, ValueError):
        return "its manifest is missing or unreadable"
    if any(manifest.get(k) != v for k, v in settings.items()):
        return "its manifest is for other data"
    itemsize = np.dtype(manifest["dtype"]).itemsize
    for n, entry in enumerate(manifest["shards"]):
        for name, expected, digest in (
            (entry["tokens"], entry["size"] * itemsize, entry["sha256"][0]),
            (entry["offsets"], (entry["rows"] + 1) * 8, entry["sha256"][1]),
        ):
            path = folder / name
            try:
                size = path.stat().st_size
            except OSError:
                return f"shard {n} is missing"
            if size != expected:
                return f"shard {n} has {size:,} bytes, not {expected:,}"
            if _file_sha256(path) != digest:
                return f"shard {n} does not match its checksum"
    return None


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name)[:40] or "corpus"
