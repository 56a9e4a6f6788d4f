"""A small private cache of validated data files, so a cold ``govlint check`` stays quick.

Rule and template files are YAML validated by JSON Schema: correct, but parsing and
validating 60 files (and importing PyYAML and jsonschema) costs far more than linting one
report.  The validated data is stored as JSON, keyed by each file's path, size and
modification time, govlint's version and the schemas involved; a changed file is simply
read again.  The cache lives in ``$GOVLINT_CACHE_DIR`` or ``~/.cache/govlint`` (mode 0700,
never a shared temporary folder) and holds data only, never code.  ``GOVLINT_NO_CACHE=1``
turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, Callable

CACHE_VERSION = "1"


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
        return Path(base) if os.access(base, os.W_OK) else None
    except OSError:
        return None


def lark_cache(name: str) -> str | bool:
    """Where Lark keeps a grammar's analysed tables (it checks the grammar's hash on load).

    Our private folder, not Lark's default shared temporary folder, whose files another user
    could have planted; False (no caching) when there is no private folder.
    """
    folder = cache_dir()
    return str(folder / f"lark-{name}-{_version()}.cache") if folder else False


def file_stamp(path: Path) -> str:
    stat = path.stat()
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join((CACHE_VERSION, _version(), *parts)).encode("utf-8")).hexdigest()[:32]


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("govlint")
    except PackageNotFoundError:
        return "0"


class DataCache:
    """One JSON file of ``key → data``, read once per process and rewritten atomically on change."""

    def __init__(self, name: str) -> None:
        folder = cache_dir()
        self.path = folder / f"{name}.json" if folder else None
        self._data: dict[str, Any] | None = None

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            self._data = {}
            if self.path is not None:
                try:
                    self._data = json.loads(self.path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    self._data = {}
        return self._data

    def get_or_compute(self, key: str, compute: Callable[[], Any]) -> Any:
        data = self._load()
        if key in data:
            return data[key]
        value = compute()
        data[key] = value
        self._save()
        return value

    def _save(self) -> None:
        if self.path is None or self._data is None:
            return
        try:
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(self._data, out, ensure_ascii=False)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a cache that cannot be written is only slower
