"""Compiled regular expressions kept between runs, so a cold ``govlint check`` does not compile them again.

A run compiles some 140 patterns (the line lexer's, the readers', the rules'), about a sixth of a
cold ``govlint check`` and the same in every run: a class of Chinese characters such as
``[\\u3400-\\u9fff]`` alone costs ``re`` a loop over 27,000 code points.  Python cannot store a
compiled pattern (pickling one compiles it again), so this module stores what the compiler makes
of each: the matching engine's program, a list of integers.  At start-up :func:`preload` hands
the programs back to the engine (``_sre.compile``, as ``re`` itself does) and puts the patterns in
the ``re`` module's own cache, where ``re.compile`` and ``re.search`` find them; :func:`save`
stores the patterns a run compiled that the file did not hold yet.

These are CPython internals (``re._cache``, ``re._parser``, ``re._compiler``, ``_sre``), so:
the file is named after the exact interpreter and engine version; a program is stored only when
the pattern it makes is equal to the one ``re.compile`` made (equal patterns have equal
programs); the engine validates every program it is given; and anything unexpected (another
interpreter, a corrupt file) leaves ``re`` to compile as usual.  The file lives in govlint's
private cache folder (:mod:`govlint.cache`), whose files are trusted as Lark's tables there are.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from . import cache

MAX_PATTERNS = 400  # below ``re``'s own cache size (512), so preloading never evicts a pattern; govlint compiles about 140

_KNOWN: set[tuple[str, int]] = set()  # (pattern, flags) of the patterns the file holds, or that cannot be stored


def _engine() -> Any:
    """The regex engine (``_sre``), or None on an interpreter whose ``re`` has no such engine and cache."""
    try:
        import _sre  # type: ignore[import-not-found]
    except ImportError:
        return None
    if sys.implementation.name != "cpython" or not isinstance(getattr(re, "_cache", None), dict):
        return None
    return _sre


def _path() -> Path | None:
    folder = cache.cache_dir()
    engine = _engine()
    if folder is None or engine is None:
        return None
    version = "-".join(map(str, sys.version_info[:3]))
    code = cache.code_stamp()[:16]  # govlint's own files: a changed govlint starts a new file
    return folder / f"regex-{sys.implementation.cache_tag}-{version}-{engine.MAGIC}-{engine.CODESIZE}-{code}.json"


def preload() -> None:
    """Put the stored patterns in ``re``'s cache (once per process; a pattern already there stays)."""
    path = _path()
    if path is None or _KNOWN:
        return
    stored = cache._read(path).get("patterns")
    if not isinstance(stored, list):
        return
    engine = _engine()
    for entry in stored:
        try:
            pattern, flags, final_flags, code, groups, groupindex, indexgroup = entry
            key = (str, pattern, flags)
            if key not in re._cache:  # type: ignore[attr-defined]
                re._cache[key] = engine.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))  # type: ignore[attr-defined]
            _KNOWN.add((pattern, flags))
        except (TypeError, ValueError, RuntimeError, OverflowError):  # not such an entry: compiled when used
            continue


def save() -> None:
    """Store the patterns this process compiled that the file does not hold yet (nothing to do: no write)."""
    path = _path()
    if path is None:
        return
    new = [(pattern, flags) for kind, pattern, flags in list(re._cache) if kind is str and (pattern, flags) not in _KNOWN]  # type: ignore[attr-defined]
    if not new:
        return  # the usual warm run: the file is not even read
    _KNOWN.update(new)
    kept = [entry for entry in cache._read(path).get("patterns", []) if isinstance(entry, list)]
    room = MAX_PATTERNS - len(kept)  # a full file stays as it is: no run rewrites it
    made = [entry for entry in map(_entry, new[:room]) if entry is not None] if room > 0 else []
    text = json.dumps({"patterns": [*kept, *made]})
    if made and len(text) <= cache.MAX_FILE_BYTES:
        cache._write(path, text)


def _entry(key: tuple[str, int]) -> list[Any] | None:
    """What ``re``'s compiler makes of a pattern, when the engine makes the same pattern of it again."""
    pattern, flags = key
    engine = _engine()
    try:
        parsed = re._parser.parse(pattern, flags)
        code = [int(word) for word in re._compiler._code(parsed, flags)]  # type: ignore[attr-defined]
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        final_flags = int(flags | parsed.state.flags)
        made = engine.compile(pattern, final_flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        if made != re.compile(pattern, flags) or made.groupindex != re.compile(pattern, flags).groupindex:
            return None
    except Exception:  # noqa: BLE001 - any change in the internals: this pattern is simply not stored
        return None
    return [pattern, int(flags), final_flags, code, parsed.state.groups - 1, groupindex, indexgroup]
