"""Path discovery: the files a batch run lints, from files, folders and glob patterns."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .plugin.manager import plugins


def report_suffixes() -> frozenset[str]:
    """File endings a folder walk collects: those every reader, built-in or plugin, declares."""
    return frozenset(suffix.lower() for reader in plugins().readers() for suffix in getattr(reader, "suffixes", ()))


def expand_paths(paths: Iterable[str | Path]) -> list[tuple[str, bool]]:
    """``(path, named explicitly)`` for files, folders (searched for report files) and globs, sorted
    within each; a file reached twice (a folder and a glob over it) is linted once."""
    return _once(_expanded(paths))


def _once(items: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    seen: set[str] = set()
    unique = []
    for path, explicit in items:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append((path, explicit))
    return unique


def _expanded(paths: Iterable[str | Path]) -> list[tuple[str, bool]]:
    found: list[tuple[str, bool]] = []
    for raw in map(str, paths):
        if any(ch in raw for ch in "*?[") and not Path(raw).exists():
            found.extend((m, False) for m in _glob(raw) if Path(m).is_file())
        elif Path(raw).is_dir():
            found.extend(_walk(raw, report_suffixes()))
        else:
            found.append((raw, True))
    return found


def _walk(folder: str, suffixes: frozenset[str]) -> list[tuple[str, bool]]:
    """Report files under a folder, sorted, skipping hidden parts and never following a symlink
    to a folder (a link back up would loop).  A folder that cannot be read is named as an
    explicit item, so its error is reported instead of the folder being skipped in silence."""
    files: list[tuple[str, bool]] = []
    unreadable: list[tuple[str, bool]] = []
    for top, dirs, names in os.walk(folder, onerror=lambda error: unreadable.append((str(error.filename), True))):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(
            (os.path.join(top, name), False)
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in suffixes and os.path.isfile(os.path.join(top, name))
        )
    return sorted(files, key=lambda item: Path(item[0]).parts) + sorted(unreadable)


def _glob(pattern: str) -> list[str]:
    """``glob`` with ``**``, without following symlinks to folders (``glob.glob`` follows them,
    so a link loop takes minutes); hidden names match only a pattern that names them."""
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if any(ch in part for ch in "*?["))
    root = Path(*parts[:fixed]) if fixed else Path()
    rest = Path(*parts[fixed:])
    hidden_ok = any(part.startswith(".") for part in rest.parts)
    matches_ = (m for m in root.glob(str(rest)) if hidden_ok or not any(p.startswith(".") for p in m.parts[fixed:]))
    return sorted(str(m) for m in matches_)
