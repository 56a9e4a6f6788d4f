"""Where the shipped data (grammars, rule pack, templates) lives.

A built wheel carries ``grammars/`` and ``rules/`` inside the package as ``govlint/_data``;
an editable install reads them from the repository root beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    """The directory ``grammars`` or ``rules``, installed or in the source tree."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_data" / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"govlint data directory {name!r} is missing from the installation")
