"""Compiled regular expressions kept between runs, so a cold ``govlint check`` does not compile them again.

A run compiles some 140 patterns (the line lexer's, the readers', the rules'), about a sixth of a
cold ``govlint check`` and the same in every run: a class of Chinese characters such as
``[\\u3400-\\u9fff]`` alone costs ``re`` a loop over 27,000 code points.  Python cannot store a
compiled pattern (pickling one compiles it again), so this module stores what the compiler makes
of each: the matching engine's program, a list of integers.  At start-up :func:`preload` hands
the programs back to the engine (``_sre.compile``, as ``re`` itself does) and puts the patterns in
the ``re`` module's own cache, where ``re.compile`` and ``re.search`` find them; :func:`save`
stores the patterns a run compiled that the file did not hold yet.  There are two files: the
dozen patterns every run compiles before it needs the linter (:data:`START`: the command line,
configuration, output), and the linter's, which a run answered from the result cache never reads.

These are CPython internals (``re._cache``, ``re._parser``, ``re._compiler``, ``_sre``), so:
the file is named after the exact interpreter and engine version; a program is stored only when
the pattern it makes is equal to the one ``re.compile`` made (equal patterns have equal
programs); the file carries a BLAKE2b digest of its programs and is not used when it does not
hold or others may write it (the engine's own check does not catch every damaged program: a wrong
jump can crash the interpreter); and anything unexpected (another interpreter, a damaged file)
leaves ``re`` to compile as usual.  Only patterns compiled while :func:`govlint.cli.main` ran are
stored (and those the ``govlint`` command's own modules compile as it imports them,
:mod:`govlint.command`), never those of a program that calls it, and never one that warns (so it
warns in every run).  The file lives in govlint's private cache folder (:mod:`govlint.cache`), whose files are
trusted as Lark's tables there are.  Its entries are kept with :mod:`marshal` (data only: texts,
numbers, a program's words as bytes), read back in a third of the time JSON with base64 took.
"""

from __future__ import annotations

import marshal
import re
import sys
import warnings
from array import array
from pathlib import Path
from typing import Any

from . import cache

MAX_PATTERNS = 400  # below ``re``'s own cache size (512), so preloading never evicts a pattern; govlint compiles about 140

START = "start"  # the file of the patterns every run compiles before it needs the linter (the other: the linter's)
_KNOWN: dict[str, set[tuple[str, int]]] = {}  # each file's (pattern, flags): those it holds, or that cannot be stored


def _engine() -> Any:
    """The regex engine (``_sre``), or None on an interpreter whose ``re`` has no such engine and cache."""
    try:
        import _sre  # type: ignore[import-not-found]
    except ImportError:
        return None
    if sys.implementation.name != "cpython" or not isinstance(getattr(re, "_cache", None), dict):
        return None
    return _sre


def _path(part: str = "") -> Path | None:
    folder = cache.cache_dir()
    engine = _engine()
    if folder is None or engine is None:
        return None
    version = "-".join(map(str, sys.version_info[:3]))
    code = cache.code_stamp()[:16]  # govlint's own files: a changed govlint starts a new file
    return folder / f"regex-{part + '-' if part else ''}{sys.implementation.cache_tag}-{version}-{engine.MAGIC}-{engine.CODESIZE}-{sys.byteorder}-{code}.marshal"


def preload(part: str = "") -> frozenset[Any]:
    """Put the patterns stored in the file ``part`` (:data:`START`, or the linter's) in ``re``'s
    cache (once per process; a pattern already there stays), and say which patterns are there
    now: :func:`save` stores only those compiled after."""
    path = _path(part)
    known = _KNOWN.setdefault(part, set())
    if path is not None and not known:
        engine = _engine()
        for entry in _stored(path):
            try:
                pattern, flags, final_flags, code, groups, groupindex, indexgroup = entry
                if not isinstance(pattern, str):
                    continue
                key = (str, pattern, flags)
                if key not in re._cache:  # type: ignore[attr-defined]
                    re._cache[key] = engine.compile(pattern, final_flags, array(_WORD, code).tolist(), groups, groupindex, tuple(indexgroup))  # type: ignore[attr-defined]
                known.add((pattern, flags))
            except (TypeError, ValueError, RuntimeError, OverflowError):  # not such an entry: compiled when used
                continue
    return compiled()


def compiled() -> frozenset[Any]:
    """The patterns in ``re``'s cache now."""
    return frozenset(getattr(re, "_cache", ()))


def save(before: frozenset[Any], part: str = "", until: frozenset[Any] | None = None) -> None:
    """Store in the file ``part`` the patterns compiled since :func:`preload` said ``before``
    (govlint's, not those of a program that calls it), and before it said ``until`` when given,
    that no file holds yet; nothing new, nothing read or written."""
    path = _path(part)
    if path is None:
        return
    known = set().union(*_KNOWN.values())
    new = [
        (key[1], key[2]) for key in list(re._cache)  # type: ignore[attr-defined]
        if key not in before and (until is None or key in until) and key[0] is str and (key[1], key[2]) not in known
    ]
    if not new:
        return  # the usual warm run: the file is not even read
    _KNOWN.setdefault(part, set()).update(new)
    kept = {(entry[0], entry[1]): entry for entry in _stored(path)}  # two runs saving at once: each pattern once
    room = MAX_PATTERNS - len(known | set(kept))  # the files together; a full one stays as it is: no run rewrites it
    made = [entry for entry in map(_entry, new[:room]) if entry is not None] if room > 0 else []
    kept.update(((entry[0], entry[1]), entry) for entry in made)
    if made:
        cache.write_digested(path, marshal.dumps(list(kept.values())))


def _stored(path: Path) -> list[Any]:
    """The file's entries when it is this user's own, no one else may write it, and its digest holds.  A program the
    engine is handed must be exactly the one ``re`` made: the engine's check of a program does not catch every damaged
    one (a wrong jump can crash the interpreter), so a file changed in any way after it was written is not used."""
    body = cache.read_digested(path)
    if body is None:
        return []
    try:
        entries = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return []
    return [entry for entry in entries if isinstance(entry, tuple) and len(entry) == 7] if isinstance(entries, list) else []


def _entry(key: tuple[str, int]) -> tuple[Any, ...] | None:
    """What ``re``'s compiler makes of a pattern, when the engine makes the same pattern of it again."""
    pattern, flags = key
    engine = _engine()
    try:
        with warnings.catch_warnings():  # a pattern that warns is not stored, so it warns in every run
            warnings.simplefilter("error")
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
    packed = array(_WORD, code)
    if packed.itemsize != engine.CODESIZE:
        return None
    return (pattern, int(flags), final_flags, packed.tobytes(), parsed.state.groups - 1, groupindex, tuple(indexgroup))


_WORD = "I"  # an unsigned word of the engine's program: CODESIZE bytes (4) on every platform CPython builds for
