"""A small private cache of validated data files, so a cold ``govlint check`` stays quick.

Rule and template files are YAML validated by JSON Schema: correct, but parsing and
validating 60 files (and importing PyYAML and jsonschema) costs far more than linting one
report.  The validated data is stored as JSON, keyed by each file's path, size and
modification time, govlint's version and the schemas involved; a changed file is simply
read again.  The cache lives in ``$GOVLINT_CACHE_DIR`` or ``~/.cache/govlint`` (mode 0700,
never a shared temporary folder) and holds data only, never code from a rule or a linted
file (beside it, in the same folder: the relation grammar's Lark tables and the methods Python compiles,
:mod:`govlint.method_cache`).  ``GOVLINT_NO_CACHE=1`` turns it off.

It is bounded: an entry is at most a few times the size of its input, each file and the
folder are capped, it is written once per load with an atomic rename (so concurrent runs each
see a whole file) and ignored when corrupt.
"""

from __future__ import annotations

import contextlib
import os
import site
import stat
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple, Protocol

from . import __version__

# json is imported where it is used: the govlint command imports this module before it puts the patterns kept
# (govlint.regex_cache) in re's cache, and json compiles five as it is imported.

CACHE_VERSION = "2"
MAX_FILE_BYTES = 8 * 1024 * 1024  # one cache file; the built-in rules and templates take about 200 KB
MAX_FOLDER_BYTES = 32 * 1024 * 1024  # the whole folder (Lark tables included)
ENTRY_FACTOR, ENTRY_SLACK = 4, 4096  # an entry may be at most 4 times its input, plus a little
STALE_SECONDS = 3600  # a temporary file this old was left by a run that was killed


@cache
def cache_dir() -> Path | None:
    """The private cache folder, created on first use; None when caching is off or impossible."""
    if os.environ.get("GOVLINT_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("GOVLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "govlint"
    )
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
        info = os.stat(base)
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        return None  # another user's, or others may write it (a shared /tmp folder): its Lark tables and methods would be theirs
    return Path(base) if os.access(base, os.W_OK) else None


def lark_cache(name: str) -> str | bool:
    """Where Lark keeps a grammar's analysed tables (it checks the grammar's hash on load).

    Our private folder, not Lark's default shared temporary folder, whose files another user
    could have planted; False (no caching) when there is no private folder.
    """
    folder = cache_dir()
    return str(folder / f"lark-{name}-{__version__}.cache") if folder else False


def file_stamp(path: str | Path) -> str:
    return _stamp(path, os.stat(path))


def _stamp(path: str | Path, info: os.stat_result) -> str:
    """What tells a changed input file: govlint's own files (shipped rules, templates, grammars)
    by size and time, as pip and an editable checkout change them; a user's (rules, templates,
    configuration, a plugin's) by their bytes too, since an edit that keeps both (a script within
    one clock tick, a file system with coarse times, ``touch -d``) must not be answered stale."""
    where = os.path.abspath(path)
    if where.startswith(_OWN) or info.st_size > MAX_CONTENT_STAMPED or not stat.S_ISREG(info.st_mode):  # a FIFO is never opened
        return f"{where}|{info.st_size}|{info.st_mtime_ns}"
    content = content_digest(where, MAX_CONTENT_STAMPED)
    return f"{where}|{info.st_size}|{info.st_mtime_ns}|{content or 'unreadable'}"


def content_digest(path: str | Path, max_bytes: int | None = None) -> str | None:
    """The strong digest (:func:`strong_hash`) of a regular file's bytes; None for anything else, an unreadable file, or one over
    ``max_bytes``.  (Whoever must not open a FIFO checks the path's kind first: opening one waits.)"""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or (max_bytes is not None and info.st_size > max_bytes):
                return None
            hashed = strong_hash()
            while block := handle.read(HASHED_BLOCK_BYTES):
                hashed.update(block)
            return hashed.hexdigest()
    except OSError:
        return None


class Digest(Protocol):
    """What :func:`strong_hash` gives: hashlib's interface."""

    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


HASHED_BLOCK_BYTES = 256 * 1024  # a file is hashed a block at a time, never held whole


def strong_hash(data: bytes = b"") -> Digest:
    """A strong digest (256 bits) of ``data`` and what is added to it: the content of a file, a
    key.  Python's own BLAKE2b: importing :mod:`hashlib` loads OpenSSL, about 2 ms of every run,
    for digests this one makes as well; a Python built without BLAKE2 uses hashlib's SHA-256."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - CPython builds _blake2 unless told not to
        from hashlib import sha256

        return sha256(data)
    return blake2b(data, digest_size=32)


MAX_CONTENT_STAMPED = 4 * 1024 * 1024  # past this a file is stamped by size and time only (rule files are far smaller)
_OWN = (  # govlint's files and what pip installed (a plugin's installed package): changed only by (re)installing
    *(os.path.join(str(Path(__file__).resolve().parent.parent / name), "") for name in ("govlint", "rules", "grammars")),
    *(os.path.join(folder, "") for folder in getattr(site, "getsitepackages", list)()),  # not with python -S
)


# The stamps of a set of input files (a missing one is stamped so, for its loader to report) and their size.
# Made by a call with the types themselves, not a class body: there the annotations are strings (postponed) and
# typing compiles each, and a first compile builds the interpreter's syntax-tree types, about 1.5 ms of every run
# (before the method cache is in force: govlint.method_cache imports this module).
Stamps = NamedTuple("Stamps", [("parts", tuple[str, ...]), ("size", int)])


def input_stamps(paths: Iterable[Path]) -> Stamps:
    parts: list[str] = []
    size = 0
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            parts.append(f"{path}|missing")
            continue
        parts.append(_stamp(path, info))
        size += info.st_size
    return Stamps(tuple(parts), size)


def digest(*parts: str) -> str:
    """A key for cached data: the parts, and the version and files of the code that made the data."""
    return strong_hash("\0".join((CACHE_VERSION, __version__, code_stamp(), *parts)).encode("utf-8")).hexdigest()[:32]


@cache
def code_stamp() -> str:
    """The size and time of each of govlint's own files: a checkout being edited keeps its version
    number, and data made by older code must not outlive it (about half a millisecond)."""
    stamps: list[str] = []
    for top, folders, names in os.walk(Path(__file__).parent):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(names):
            if name.endswith((".py", ".json")):
                info = os.stat(os.path.join(top, name))
                stamps.append(f"{name}|{info.st_size}|{info.st_mtime_ns}")
    return strong_hash("\n".join(stamps).encode("utf-8")).hexdigest()


class DataCache:
    """One JSON file of ``key → data``: read once per process, written once per load (:func:`flush`).

    An entry is kept only when its JSON is at most ``max_bytes`` (a small multiple of the file
    that produced it), the file at most :data:`MAX_FILE_BYTES`: the oldest entries go first.  A
    file that is unreadable, too large or not a JSON object is ignored and replaced, so a
    corrupt or planted cache costs time once, never correctness.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._data: dict[str, Any] | None = None
        self._new: dict[str, Any] = {}
        self._lock = threading.Lock()  # threads sharing a process may load rules at the same time
        _CACHES.append(self)

    @property
    def path(self) -> Path | None:
        folder = cache_dir()
        return folder / f"{self.name}.json" if folder else None

    def _load(self) -> dict[str, Any]:
        with self._lock:
            if self._data is None:
                self._data = read_json(self.path)
            return self._data

    def get_or_compute(self, key: str, compute: Callable[[], Any], max_bytes: int) -> Any:
        """The cached value, or ``compute()`` remembered (outside the lock: two threads may both compute it)."""
        data = self._load()
        if key in data:
            return data[key]
        value = compute()
        import json

        keep = self.path is not None and len(json.dumps(value)) <= max_bytes
        with self._lock:
            data[key] = value  # remembered in this process in any case
            if keep:
                self._new[key] = value
        return value

    def flush(self) -> None:
        """Write the new entries, merged into what other processes may have written meanwhile."""
        import json

        path = self.path
        with self._lock:
            new, self._new = self._new, {}
        if path is None or not new:
            return
        merged = {**read_json(path), **new}
        kept: list[str] = []
        size = 2
        for key, value in reversed(merged.items()):  # the newest entries first; the oldest are dropped
            part = f"{json.dumps(key)}: {json.dumps(value)}"
            size += len(part) + 2
            if size > MAX_FILE_BYTES:
                break
            kept.append(part)
        write_atomically(path, "{" + ", ".join(reversed(kept)) + "}")
        trim(path.parent)


class EntryFiles:
    """One JSON file per key, ``{name}-{key}.json``, written once (atomically) when it is computed.

    For large data that differs with its inputs, such as the rule pack: kept in one shared file,
    each new set of rule folders would grow the file that every run reads whole.  A run reads only
    the file of its own key, and refreshes its time, so the folder's trimming (oldest first) drops
    the entries unused for longest.  An entry larger than ``max_bytes`` is not written.  Two threads
    may both compute an entry; each write is atomic.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._memo: dict[str, Any] = {}  # what this process read or computed

    def get_or_compute(self, key: str, compute: Callable[[], Any], max_bytes: int) -> Any:
        import json

        if key not in self._memo:
            folder = cache_dir()
            path = folder / f"{self.name}-{key}.json" if folder else None
            stored = read_json(path)
            if "value" in stored and path is not None:
                self._memo[key] = stored["value"]
                with contextlib.suppress(OSError):
                    os.utime(path)
            else:
                self._memo[key] = compute()
                # UTF-8, not escaped: the rules' Chinese text is read back in half the time (a lone surrogate passes as itself)
                data = json.dumps({"value": self._memo[key]}, ensure_ascii=False).encode("utf-8", "surrogatepass")
                if path is not None and len(data) <= max_bytes:
                    write_atomically(path, data)
                    trim(path.parent)
        return self._memo[key]


_CACHES: list[DataCache] = []  # every data cache made
PACK = EntryFiles("pack")  # the prepared rule pack: validated templates and rules, a file per set of input files


def flush() -> None:
    """Write every cache that gained entries: once at the end of loading rules, templates or a configuration."""
    for data_cache in _CACHES:
        data_cache.flush()


def data_file_names() -> set[str]:
    """The file names of the data caches made so far (``govlint clean`` removes exactly those)."""
    return {f"{data_cache.name}.json" for data_cache in _CACHES}


def cache_limit(input_bytes: int) -> int:
    """The largest entry worth keeping for an input of this size: data never grows much by validation."""
    return ENTRY_FACTOR * input_bytes + ENTRY_SLACK


def read_json(path: Path | None) -> dict[str, Any]:
    """A cache file's JSON object; empty when the file is missing, too large, damaged or not an object."""
    import json

    if path is None:
        return {}
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return {}
        data = json.loads(path.read_bytes())  # UTF-8, its lone surrogates as written (json decodes bytes with surrogatepass)
    except (OSError, ValueError, RecursionError):  # RecursionError: nested past the parser's depth
        return {}
    return data if isinstance(data, dict) else {}


DIGEST_BYTES = 32  # a file of marshalled data starts with the digest of the rest (strong_hash)


def read_digested(path: Path) -> bytes | None:
    """The data of a file :func:`write_digested` wrote, when the file is this user's own, no one else may write it, and
    its digest holds: what is kept with :mod:`marshal` (code objects, a regular expression's program) is handed to the
    interpreter as it is, and a damaged one can crash it."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            mine = info.st_uid == getattr(os, "getuid", lambda: info.st_uid)() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
            if not mine or not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return None
            data = handle.read()
    except OSError:
        return None
    body = data[DIGEST_BYTES:]
    return body if data[:DIGEST_BYTES] == strong_hash(body).digest() else None


def write_digested(path: Path, body: bytes) -> None:
    """``body`` after its digest, replaced atomically (nothing written past :data:`MAX_FILE_BYTES`)."""
    data = strong_hash(body).digest() + body
    if len(data) <= MAX_FILE_BYTES:
        write_atomically(path, data)


def write_atomically(path: Path, text: str | bytes) -> None:
    """ASCII JSON (a lone surrogate in a rule's text is escaped, not an error), or bytes, replaced
    atomically: readers see the old file or the new one, never half of one."""
    temporary = ""
    try:
        import tempfile  # on first write: a run answered from the result cache writes none

        data = text if isinstance(text, bytes) else text.encode("ascii")
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:  # a cache that cannot be written is only slower
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def trim(folder: Path, limit: int | None = None) -> None:
    """Keep the folder under ``limit`` bytes (default :data:`MAX_FOLDER_BYTES`; oldest files go) and
    drop temporaries left by killed runs."""
    try:
        entries = [(p, p.stat()) for p in folder.iterdir() if p.is_file()]
    except OSError:
        return
    now = time.time()
    total = 0
    for path, info in sorted(entries, key=lambda e: e[1].st_mtime, reverse=True):
        stale = path.name.startswith(".tmp-") and now - info.st_mtime > STALE_SECONDS
        total += info.st_size
        if stale or total > (MAX_FOLDER_BYTES if limit is None else limit):
            try:
                path.unlink()
            except OSError:
                pass
