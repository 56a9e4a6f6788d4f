"""Directives in comments that are not text: HTML comments and Word review comments.

The HTML reader drops comments and a Word file keeps review comments apart from the text, so
``<!-- govlint-disable … -->`` in a web page and a review comment reading 「govlint-disable
GL104：原因」 would be lost with them.  These functions find such comments (those that start
with 「govlint」 or look like a misspelt directive, 「govlnit-disable」, so a mistake is
reported rather than ignored) and anchor each to a text line of the :class:`Source`: inside
the line it is in, or before the line it precedes.  What a directive means is decided later,
by :mod:`govlint.check.suppress`.  The Word reader anchors review comments itself
(:func:`govlint.read.docx.word_directives`) with :func:`looks_like_directive` from here.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Any

from .source import Source

# A directive is short; bounding the comment body keeps a page of unclosed comments linear.
_HTML_COMMENT = re.compile(r"<!--(.{0,600}?)-->", re.DOTALL)
_DIRECTIVE_LIKE = re.compile(r"\s*(?:<!--\s*)?(?:govlint|[A-Za-z]{3,12}[-_ ](?:disable|enable))", re.IGNORECASE)


def looks_like_directive(text: str) -> bool:
    return _DIRECTIVE_LIKE.match(text) is not None


def with_html_directives(source: Source, html: str) -> Source:
    """``source`` (read from the page ``html``) with the page's directive comments anchored to its lines."""
    if "govlint" not in html.lower() and not re.search(r"(?:disable|enable)\s", html):
        return source
    found = [(m.start(), m.group(1)) for m in _HTML_COMMENT.finditer(html) if looks_like_directive(m.group(1))]
    if not found:
        return source
    newlines = [i for i, char in enumerate(html) if char == "\n"]
    starts: list[tuple[tuple[int, int], int, tuple[int, int]]] = []  # (file start, line number, file end)
    spans = {n: ((n, 1, 2), (n, len(text), len(text) + 1)) for n, text in enumerate(source.lines, 1) if text}
    located = source.file_spans([s for pair in spans.values() for s in pair])
    for number, (first, last) in spans.items():
        start, end = located[first], located[last]
        if start[0] > 0:
            starts.append(((start[0], start[1]), number, (end[0], end[1]) if end[0] > 0 else (start[0], start[1])))
    starts.sort()
    keys = [start for start, _, _ in starts]
    comments = []
    for offset, text in found:
        line = bisect.bisect_right(newlines, offset - 1) + 1
        column = offset - (newlines[line - 2] + 1 if line > 1 else 0) + 1
        at = bisect.bisect_right(keys, (line, column))
        if at > 0 and starts[at - 1][2] >= (line, column):
            comments.append((starts[at - 1][1], True, text))  # inside a line's text: in a table row
        else:
            comments.append((starts[at][1] if at < len(starts) else len(source.lines) + 1, False, text))
    return replace(source, directive_comments=tuple(comments))
