"""Saving and opening a lesson file: one zip holding lesson.json (the manifest) and the run folder under run/.

Nothing in it is ever unpickled: the manifest is JSON, the run is the run folder's own JSON, TOML and safetensors
files, read by the run readers that check every file. Opening never writes beside the lesson: the run is unpacked
once into a cache folder named by the file's SHA-256 and made read-only there. A name that would land outside that
folder (zip-slip), a link, an encrypted member, more than MAX_MEMBERS members or more bytes than MAX_TOTAL_BYTES (or
than the disk has free) is refused before anything is unpacked; a member whose bytes do not match its CRC fails the
unpacking, which then leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from workbench.core.lessons.lesson import Lesson, LessonError
from workbench.core.runs import checkpoint as ckpt
from workbench.core.runs.files import atomic_write_via, is_temporary, plain_disk_errors
from workbench.core.runs.lock import HOLDER_FILE, LOCK_FILE

LESSON_SUFFIX = ".wblesson"
MANIFEST = "lesson.json"
RUN_PREFIX = "run/"
RUN_FILE = "run.json"
DONE_FILE = "unpacked.json"  # beside the unpacked run: written last, so a half-unpacked folder is never used
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_TOTAL_BYTES = 16 * 1024**3  # a base-size run with its optimizer state is well under 1 GB
KEEP_UNPACKED = 5  # lessons kept unpacked in the cache (the newest opened)
STORED_SUFFIXES = (".safetensors",)  # float weights hardly compress: stored, they are written and read faster
_CHUNK = 1024 * 1024
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


@dataclass(frozen=True)
class OpenedLesson:
    """A lesson read from `source`, its run unpacked (read-only) in `run_dir`."""

    lesson: Lesson
    run_dir: Path
    source: Path


def is_lesson_path(path: str | Path) -> bool:
    """True for a name ending in .wblesson, or an existing zip with a lesson.json (what the window and the command
    line send to the lesson opener instead of the data reader)."""
    p = Path(path)
    if p.suffix.lower() == LESSON_SUFFIX:
        return True
    try:
        if p.is_file() and zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as zf:
                return MANIFEST in zf.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    return False


# --- saving ---------------------------------------------------------------------------------------------------
def _run_files(run_dir: Path) -> list[Path]:
    """Every file of the run a reader may need: not the writer's lock, temporary files or unused checkpoints."""
    unused = {p.resolve() for p in ckpt.leftovers(run_dir)}
    out: list[Path] = []
    for root, dirs, files in os.walk(run_dir, followlinks=False):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() not in unused and not (here / d).is_symlink())
        for name in sorted(files):
            p = here / name
            if name in (LOCK_FILE, HOLDER_FILE) or p.is_symlink() or p.resolve() in unused or is_temporary(p):
                continue
            out.append(p)
    return out


def save_lesson(path: str | Path, lesson: Lesson, run_dir: str | Path) -> Path:
    """Write the lesson and its run folder to `path` (all or nothing: a temporary file renamed into place)."""
    path, run_dir = Path(path), Path(run_dir)
    if not (run_dir / RUN_FILE).is_file():
        raise LessonError(f"{run_dir} is not a run folder (it has no {RUN_FILE}); a lesson needs a saved run.")
    manifest = json.dumps(lesson.to_json(), indent=2, ensure_ascii=False).encode("utf-8")

    def write(tmp: str) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(MANIFEST, manifest)
            for file in _run_files(run_dir):
                arc = RUN_PREFIX + file.relative_to(run_dir).as_posix()
                stored = file.suffix in STORED_SUFFIXES
                zf.write(file, arc, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_via(path, write)
    except OSError as err:
        raise LessonError(f"Cannot save the lesson to {path}: {err.strerror or err}.") from None
    return path


# --- opening --------------------------------------------------------------------------------------------------
def _damaged(path: Path, why: str) -> LessonError:
    return LessonError(f"{path} is damaged ({why}); nothing was opened. Ask for the lesson file again.")


def _check_name(info: zipfile.ZipInfo, path: Path) -> None:
    name = info.filename
    parts = name.rstrip("/").split("/")
    unsafe = (
        not name
        or "\\" in name
        or "\x00" in name
        or name.startswith("/")
        or ":" in parts[0]
        or any(p in ("", ".", "..") for p in parts)
    )
    if unsafe:
        raise LessonError(f"{path} is refused: it holds a file named {name!r}, which would be written outside its "
                          "folder. Nothing was opened.")  # fmt: skip
    if name != MANIFEST and not name.startswith(RUN_PREFIX):
        raise _damaged(path, f"an unexpected member {name!r}")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise LessonError(f"{path} is refused: {name!r} is a link. Nothing was opened.")
    if info.flag_bits & 0x1:
        raise _damaged(path, f"{name!r} is encrypted")


def _read_manifest(zf: zipfile.ZipFile, path: Path) -> Lesson:
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError:
        raise LessonError(f"{path} is not a lesson file (it has no {MANIFEST}); nothing was opened.") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise _damaged(path, f"its {MANIFEST} is {info.file_size:,} bytes")
    try:
        obj = json.loads(zf.read(info).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise _damaged(path, f"its {MANIFEST} cannot be read: {err}") from None
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise _damaged(path, f"{err}") from None
    return Lesson.from_json(obj, str(path))


def _check_members(zf: zipfile.ZipFile, path: Path, cache_root: Path) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise LessonError(f"{path} holds {len(infos):,} files; a lesson holds at most {MAX_MEMBERS:,}.")
    seen: set[str] = set()
    total = 0
    for info in infos:
        _check_name(info, path)
        if info.filename in seen:
            raise _damaged(path, f"{info.filename!r} is in it twice")
        seen.add(info.filename)
        total += info.file_size
    if RUN_PREFIX + RUN_FILE not in seen:
        raise _damaged(path, f"it holds no run ({RUN_PREFIX}{RUN_FILE} is missing)")
    if total > MAX_TOTAL_BYTES:
        limit = MAX_TOTAL_BYTES / 1024**3
        raise LessonError(
            f"{path} would unpack to {total / 1024**3:.1f} GB, more than a lesson may ({limit:.0f} GB); nothing was "
            "opened."
        )
    with contextlib.suppress(OSError):
        free = shutil.disk_usage(cache_root).free
        if total > free:
            raise LessonError(f"The lesson needs {total / 1024**2:,.0f} MB unpacked and {cache_root} has "
                              f"{free / 1024**2:,.0f} MB free; free some space and open it again.")  # fmt: skip
    return [i for i in infos if i.filename.startswith(RUN_PREFIX) and not i.is_dir()]


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _make_writable(tree: Path) -> None:
    for root, dirs, files in os.walk(tree):
        for name in [*dirs, *files]:
            with contextlib.suppress(OSError):
                os.chmod(Path(root) / name, stat.S_IRWXU)
    with contextlib.suppress(OSError):
        os.chmod(tree, stat.S_IRWXU)


def _remove(tree: Path) -> None:
    _make_writable(tree)
    shutil.rmtree(tree, ignore_errors=True)


def _make_read_only(tree: Path) -> None:
    """Files and folders read-only: nothing the app does to the lesson's run changes it (a reader that tidies
    finds nothing to tidy and leaves a read-only folder alone)."""
    for root, dirs, files in os.walk(tree, topdown=False):
        for name in files:
            os.chmod(Path(root) / name, stat.S_IRUSR | stat.S_IRGRP)
        for name in dirs:
            os.chmod(Path(root) / name, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    os.chmod(tree, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)


def _unpack(zf: zipfile.ZipFile, members: list[zipfile.ZipInfo], dest: Path, path: Path) -> None:
    root = dest.resolve()
    for info in members:
        target = dest / info.filename[len(RUN_PREFIX) :]
        if not target.resolve().is_relative_to(root):  # _check_name already refused it; this is the last guard
            raise LessonError(f"{path} is refused: {info.filename!r} would be written outside its folder.")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with zf.open(info) as src, target.open("wb") as out:
                shutil.copyfileobj(src, out, _CHUNK)
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as err:
            raise _damaged(path, f"{info.filename}: {err}") from None
        except zipfile.LargeZipFile as err:
            raise _damaged(path, f"{info.filename}: {err}") from None


def _prune(cache_root: Path, keep: Path) -> None:
    """Keep the KEEP_UNPACKED lessons opened last; remove older ones and unpackings that never finished."""
    done: list[tuple[float, Path]] = []
    for entry in cache_root.iterdir():
        if entry == keep or not entry.is_dir():
            continue
        marker = entry / DONE_FILE
        if marker.is_file():
            done.append((marker.stat().st_mtime, entry))
        elif entry.name.startswith("."):
            _remove(entry)  # a killed unpacking (its temporary folder)
    done.sort(reverse=True)
    for _mtime, entry in done[KEEP_UNPACKED - 1 :]:
        _remove(entry)


def _folder_name(run_name: str) -> str:
    name = _SAFE_NAME.sub("_", run_name).strip(" .") or "run"
    return name[:120]


def open_lesson(path: str | Path, cache_root: str | Path) -> OpenedLesson:
    """Read a lesson file and unpack its run (once) under `cache_root`; LessonError in one line otherwise."""
    path, cache_root = Path(path), Path(cache_root)
    if not path.is_file():
        raise LessonError(f"{path} does not exist (or is not a file); nothing was opened.")
    try:
        with zipfile.ZipFile(path) as zf:
            lesson = _read_manifest(zf, path)  # a newer format is refused before its layout is looked at
            cache_root.mkdir(parents=True, exist_ok=True)
            members = _check_members(zf, path, cache_root)
            folder = cache_root / _file_digest(path)[:20]
            run_dir = folder / _folder_name(lesson.run_name)
            if (folder / DONE_FILE).is_file() and (run_dir / RUN_FILE).is_file():
                os.utime(folder / DONE_FILE)  # opened again: the newest, kept longest
                return OpenedLesson(lesson, run_dir, path)
            tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=cache_root))
            try:
                with plain_disk_errors(cache_root):
                    _unpack(zf, members, tmp / run_dir.name, path)
                _make_read_only(tmp / run_dir.name)
                (tmp / DONE_FILE).write_text(json.dumps({"source": str(path)}), encoding="utf-8")
                if folder.exists():
                    _remove(folder)
                os.replace(tmp, folder)
            except BaseException:
                _remove(tmp)
                raise
    except zipfile.BadZipFile as err:
        raise _damaged(path, f"not a readable zip archive: {err}") from None
    except (OSError, EOFError) as err:
        raise LessonError(f"Cannot open the lesson {path}: {getattr(err, 'strerror', None) or err}.") from None
    with contextlib.suppress(OSError):
        _prune(cache_root, folder)
    return OpenedLesson(lesson, run_dir, path)
