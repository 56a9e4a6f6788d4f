"""Section headings as readers see them (「一、总体情况」), from the templates' titles.

The Word and HTML readers look for headings to tell the report from the page around it (a
layout table holding two headings, the element holding them all).  The words come from the
templates (:func:`govlint.templates.heading_prefixes`), so a reader keeps no list of titles:
the built-in templates' by default, and inside :func:`heading_words` those of the templates a
linter loaded (a plugin's, a ``--rules`` folder's).  A context variable, not a global: each
thread and each linter sees its own.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import Iterator

NUMERAL = "[一二三四五六七八九十]"

_WORDS: ContextVar[tuple[str, ...] | None] = ContextVar("govlint_heading_words", default=None)


@contextmanager
def heading_words(prefixes: tuple[str, ...]) -> Iterator[None]:
    """Readers called inside this block know these section-title words."""
    token = _WORDS.set(prefixes)
    try:
        yield
    finally:
        _WORDS.reset(token)


def section_heading() -> re.Pattern[str]:
    """A numeral, 「、」 and the start of a section title or alias of the templates in use."""
    words = _WORDS.get()
    return _pattern(words if words is not None else _builtin_words())


@cache
def _builtin_words() -> tuple[str, ...]:
    from ..templates import builtin_templates, heading_prefixes

    return heading_prefixes(builtin_templates())


@lru_cache(maxsize=16)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"{NUMERAL}[、.．]\s*(?:{'|'.join(map(re.escape, words))})")
