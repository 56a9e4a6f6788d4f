"""Which installed packages are govlint plugins, found without reading every package's metadata on each start.

``importlib.metadata.entry_points`` imports about 20 ms of modules and reads the metadata of every
installed distribution.  Its answer changes only when packages are installed, upgraded or
removed, and each of those changes a metadata folder (``*.dist-info``) of a ``sys.path`` entry or
that entry itself.  So the ``govlint`` entry points found are kept in the cache
(:mod:`govlint.cache`) under the stamps of the ``sys.path`` entries and of their metadata folders,
and read again only when one of those changed.
"""

from __future__ import annotations

import os
import sys
from typing import Iterator

from ..cache import DataCache, digest

GROUP = "govlint"
MAX_ENTRY_BYTES = 64 * 1024  # the names and targets of the plugins; far more than any environment has
_FOUND = DataCache("entry-points")


def entry_points() -> list[tuple[str, str, str]]:
    """``(name, "module:attr", distribution)`` of every installed distribution's ``govlint`` entry point."""
    found = _FOUND.get_or_compute(digest(GROUP, *environment_stamps()), _scan, max_bytes=MAX_ENTRY_BYTES)
    _FOUND.flush()
    return [(name, value, distribution) for name, value, distribution in found]


def environment_stamps() -> Iterator[str]:
    """What installing or removing a distribution changes: each ``sys.path`` entry and its metadata folders."""
    for entry in sys.path:
        folder = os.path.abspath(entry or ".")
        try:
            yield f"{folder}|{os.stat(folder).st_mtime_ns}"
            with os.scandir(folder) as children:
                for child in children:
                    if child.name.endswith((".dist-info", ".egg-info", ".egg")):
                        yield f"{child.name}|{child.stat().st_mtime_ns}"
        except OSError:  # missing, or a file (a zip of the standard library): its stamp, or none
            yield f"{folder}|-"


def _scan() -> list[list[str]]:
    from importlib.metadata import entry_points as installed

    return [[entry.name, entry.value, entry.dist.name if entry.dist else ""] for entry in installed(group=GROUP)]
