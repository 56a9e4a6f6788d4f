"""Which installed packages are govlint plugins, found without reading every package's metadata on each start.

``importlib.metadata.entry_points`` imports about 20 ms of modules and reads the metadata of every
installed distribution.  Its answer changes only when packages are installed, upgraded or
removed, and each of those adds, removes or rewrites a metadata folder (``*.dist-info``) of a
``sys.path`` folder, or rewrites a zip on ``sys.path``.  So the ``govlint`` entry points found are
kept in the cache (:mod:`govlint.cache`) under the names and times of those metadata folders and
zips, and read again only when one of them changed: a new file in the current folder (on
``sys.path`` for ``python -m govlint``) is no reason to.
"""

from __future__ import annotations

import os
import sys
from typing import Iterable, Iterator

from ..cache import DataCache, digest

GROUP = "govlint"
MAX_ENTRY_BYTES = 64 * 1024  # the names and targets of the plugins; far more than any environment has
_FOUND = DataCache("entry-points")


def entry_points(stamps: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
    """``(name, "module:attr", distribution)`` of every installed distribution's ``govlint`` entry point;
    ``stamps``: the environment's, when the caller has looked at it already (:func:`environment_stamps`)."""
    found = _FOUND.get_or_compute(digest(GROUP, *(environment_stamps() if stamps is None else stamps)), _scan, max_bytes=MAX_ENTRY_BYTES)
    _FOUND.flush()
    return [(name, value, distribution) for name, value, distribution in found]


def environment_stamps() -> Iterator[str]:
    """What installing or removing a distribution changes: the metadata folders of each ``sys.path``
    folder, and each entry that is a file (a zip).  Nothing else of a folder: a new file in the
    current folder (on ``sys.path`` for ``python -m govlint``), or another current folder without
    metadata, finds the same plugins."""
    for entry in sys.path:
        folder = os.path.abspath(entry or ".")
        try:
            if not os.path.isdir(folder):
                yield f"{folder}|{os.stat(folder).st_mtime_ns}"  # a zip
                continue
            with os.scandir(folder) as children:
                found = sorted(f"{c.name}|{c.stat().st_mtime_ns}" for c in children if c.name.endswith(METADATA))
        except OSError:  # missing or unreadable: nothing is found there
            continue
        if found:
            yield folder
            yield from found


METADATA = (".dist-info", ".egg-info", ".egg")


def _scan() -> list[list[str]]:
    from importlib.metadata import entry_points as installed

    return [[entry.name, entry.value, entry.dist.name if entry.dist else ""] for entry in installed(group=GROUP)]
