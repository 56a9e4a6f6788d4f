"""The literal text every match of a rule's regular expression must contain.

A text that holds none of it has no match, so it is not searched: a pattern that starts with a
lookbehind or a character class (「(?<!不)予以公开…」, 「(?<![A-Za-z])[Xx]{2,6}」) is otherwise tried
at every character of every paragraph, and most paragraphs hold no placeholder and most sections
no sentence a given narrative rule reads.  Only a shortcut: where the pattern's shape is not
understood (case-insensitive parts, back references, classes of ranges), there are no needles and
the text is searched as always.  Worked out once per pattern, when first used; the needles of
the built-in kinds' patterns are worked out when a rule pack is validated and stored with it
(:func:`recording`), so a warm start parses no pattern for them.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from itertools import product
from re import _parser  # the standard library's own parse of a pattern (no public API exposes it)
from typing import Any, Iterable, Iterator

__all__ = ["could_match", "holds_one", "needles", "prepared", "recording", "remember", "stored"]

MAX_STRINGS = 32  # alternatives kept for one piece of a pattern: past it the piece tells too little
MAX_PATTERNS = 4096  # patterns remembered; forgotten all at once when full (a language server's user rules)
Strings = frozenset[str]

_ZERO_WIDTH = {_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT}
_REPEATS = {_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT}
_found: dict[tuple[str, int], tuple[str, ...] | None] = {}
_Searches = tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]  # needles looked for as strings, and by patterns
_grouped: dict[tuple[str, ...], _Searches] = {}  # needles: how to look for them (:func:`_searches`)
_UNKNOWN = object()
_RECORDERS: list[set[re.Pattern[str]]] = []  # the open :func:`recording` blocks


def could_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when ``pattern`` certainly has no match in ``text``."""
    return holds_one(needles(pattern), text)


def holds_one(found: tuple[str, ...] | None, text: str) -> bool:
    """``text`` holds one of the needles ``found`` (of a pattern: :func:`needles`), or there are none.

    The needles are looked for a first character at a time (:func:`_searches`)."""
    if found is None:
        return True
    try:
        strings, patterns = _grouped[found]
    except KeyError:
        strings, patterns = _searches(found)
    for needle in strings:
        if needle in text:
            return True
    for pattern in patterns:
        if pattern.search(text) is not None:
            return True
    return False


def _searches(found: tuple[str, ...]) -> _Searches:
    """One search for each first character of the needles ``found``: a needle alone is looked for
    as a string, several that start alike by one pattern of them; worked out once per process (the
    patterns kept between runs with the other compiled patterns, :mod:`govlint.regex_cache`).

    Measured on the reports' prose: a string search, or a pattern whose matches all start with one
    character, runs at C speed to each place that character is (the engine skips straight to it);
    a pattern of needles that start with different characters is tried at every character of the
    text, five times slower than a search for each character's needles (GL309's 24 needles start
    with 件 or 条: two searches)."""
    if len(_grouped) >= MAX_PATTERNS:
        _grouped.clear()
    by_first: dict[str, list[str]] = {}
    for needle in found:
        by_first.setdefault(needle[0], []).append(needle)
    groups = by_first.values()
    strings = tuple(alike[0] for alike in groups if len(alike) == 1)
    patterns = tuple(re.compile("|".join(map(re.escape, alike))) for alike in groups if len(alike) > 1)
    searches = _grouped[found] = strings, patterns
    return searches


def needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains; None when none is known."""
    key = (pattern.pattern, pattern.flags)
    known = _found.get(key, _UNKNOWN)
    if known is not _UNKNOWN:
        return known  # type: ignore[return-value]
    if len(_found) >= MAX_PATTERNS:
        _found.clear()
    found = _found[key] = _needles(pattern)
    return found


def prepared(pattern: re.Pattern[str]) -> None:
    """A kind compiled ``pattern`` for a rule: inside :func:`recording`, its needles are stored with the rule pack."""
    for recorder in _RECORDERS:
        recorder.add(pattern)


@contextmanager
def recording() -> Iterator[set[re.Pattern[str]]]:
    """The patterns kinds prepared inside the block (a rule pack being validated), to store with it."""
    found: set[re.Pattern[str]] = set()
    _RECORDERS.append(found)
    try:
        yield found
    finally:
        _RECORDERS.remove(found)


def stored(patterns: Iterable[re.Pattern[str]]) -> list[Any]:
    """The needles of ``patterns`` as JSON data (:func:`remember` reads it back)."""
    return [[p.pattern, p.flags, needles(p)] for p in sorted(patterns, key=lambda p: (p.pattern, p.flags))]


def remember(data: Any) -> None:
    """Needles stored by :func:`stored`, known from now on as if worked out; data that is not such a
    list (a cache of another version, a damaged entry) is ignored, and each pattern's needles are
    worked out when used: a needle that is not a string, or none at all, would skip the rule."""
    try:
        known = {(pattern, flags): tuple(found) if type(found) is list else found for pattern, flags, found in data}
    except (TypeError, ValueError):
        return
    if not all(type(key[0]) is str and type(key[1]) is int and _well_formed(found) for key, found in known.items()):
        return
    if len(_found) + len(known) >= MAX_PATTERNS:
        _found.clear()
    for key, found in known.items():
        _found.setdefault(key, found)


def _well_formed(found: Any) -> bool:
    """Needles as :func:`_needles` gives them: None, or a tuple (read from a list) of one or more
    non-empty strings."""
    return found is None or (type(found) is tuple and bool(found) and all(type(needle) is str and needle for needle in found))


def _needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - the pattern compiled; a parser that changed only loses the shortcut
        return None
    found = _in_sequence(list(tree))
    if not found:
        return None
    # A needle that holds another is redundant: the shorter one is in every text the longer one is.
    return tuple(sorted(s for s in found if not any(other != s and other in s for other in found)))


def _in_sequence(items: list[Any]) -> Strings | None:
    """Non-empty strings one of which every match of the sequence contains: the best of its runs
    of fixed pieces (each run matches one of their concatenations) and of its other parts."""
    candidates: list[Strings] = []
    run: Strings = frozenset({""})
    for item in items:
        exact = _exact(item)
        if exact is not None:
            joined = frozenset(a + b for a, b in product(run, exact)) if len(run) * len(exact) <= MAX_STRINGS else None
            if joined is not None:
                run = joined
                continue
            candidates.append(run)
            run = exact
            continue
        candidates.append(run)
        run = frozenset({""})
        inner = _inside(item)
        if inner:
            candidates.append(inner)
    candidates.append(run)
    usable = [c for c in candidates if c and "" not in c]
    return max(usable, key=lambda c: (min(map(len, c)), -len(c)), default=None)


def _inside(item: tuple[Any, Any]) -> Strings | None:
    """Needles of a part that matches more than a few fixed strings."""
    op, av = item
    if op is _parser.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _in_sequence(list(av[3]))
    if op is _parser.ATOMIC_GROUP:
        return _in_sequence(list(av))
    if op in _REPEATS:
        return _in_sequence(list(av[2])) if av[0] >= 1 else None
    if op is _parser.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            inner = _in_sequence(list(branch))
            if not inner:
                return None  # a branch without needles: a match may hold none
            found |= inner
        return frozenset(found) if len(found) <= MAX_STRINGS else None
    return None


def _exact(item: tuple[Any, Any]) -> Strings | None:
    """The strings a part matches when they are few and fixed (zero-width parts match 「」)."""
    op, av = item
    if op is _parser.LITERAL:
        return frozenset({chr(av)})
    if op in _ZERO_WIDTH:
        return frozenset({""})
    if op is _parser.IN:
        return frozenset(chr(v) for o, v in av) if all(o is _parser.LITERAL for o, _ in av) and len(av) <= MAX_STRINGS else None
    if op is _parser.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _exact_sequence(list(av[3]))
    if op is _parser.ATOMIC_GROUP:
        return _exact_sequence(list(av))
    if op in _REPEATS and av[1] == 1 and av[0] in (0, 1):
        once = _exact_sequence(list(av[2]))
        return None if once is None else once | {""} if av[0] == 0 else once
    if op is _parser.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            strings = _exact_sequence(list(branch))
            if strings is None:
                return None
            found |= strings
        return frozenset(found) if len(found) <= MAX_STRINGS else None
    return None


def _exact_sequence(items: list[Any]) -> Strings | None:
    run: Strings = frozenset({""})
    for item in items:
        exact = _exact(item)
        if exact is None or len(run) * len(exact) > MAX_STRINGS:
            return None
        run = frozenset(a + b for a, b in product(run, exact))
    return run
