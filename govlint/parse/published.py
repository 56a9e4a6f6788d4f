"""The publication date a page states about itself: its 「发布时间：2025-01-20」 or 「发布日期」 line.

A report saved from a government site carries it in the page's metadata block (a crawler's text
keeps it as a line above the report; an HTML page has it around the article, outside what the
reader keeps, and often as ``<meta name="PubDate" content="…">``).  The deadline check of spec
§6.7 needs it; the date is only taken as written, never guessed from a URL or a file's time.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..model import Decision, Span
from ..read.source import Source

_LABELLED = re.compile(
    r"(?:发布|成文|发文)?(?:发布时间|发布日期)\s*[:：]?\s*(?:<[^<>]{0,200}>\s*){0,4}"
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
)
_META = re.compile(
    r"<meta\b[^<>]{0,200}?name\s*=\s*[\"']?PubDate[\"']?[^<>]{0,200}?content\s*=\s*[\"']?"
    r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})",
    re.IGNORECASE,
)
MAX_FILE_LINES = 200_000  # an HTML page's own lines searched; far above any real page


def published_date(source: Source) -> Decision:
    """The first date labelled 发布时间/发布日期 in the report's lines, else in the HTML file's own
    lines (its 发布时间 text or its ``PubDate`` meta element); ``Decision(None)`` when none is written."""
    # 「发布」 is in every 发布时间 and 发布日期: one search of the whole text first, as most reports
    # state no date (the lines joined by a line end, so no 「发布」 is made across two of them).
    labelled = "发布" in "\n".join(source.lines)
    for number, text in enumerate(source.lines if labelled else (), start=1):
        match = _LABELLED.search(text) if "发布" in text else None
        if match and (found := _date(match)):
            span = Span(number, match.start() + 1, match.end() + 1)
            return Decision(found, (f"第{source.line_in_file(span)}行「{match.group(0)}」",), span)
    for number, text in _file_lines(source):
        match = _LABELLED.search(text) or _META.search(text)
        if match and (found := _date(match)):
            return Decision(found, (f"网页第{number}行「{match.group(0)[:80]}」",))
    return Decision(None, ("页面上没有写明发布时间或发布日期 / no 发布时间 or 发布日期 on the page",))


def _file_lines(source: Source) -> Iterator[tuple[int, str]]:
    """The lines of the file as opened, when the reader keeps them (HTML)."""
    if source.file_map is None:
        return
    for number in range(1, MAX_FILE_LINES + 1):
        line = source.file_map.file_line(number)
        if line is None:
            return
        yield number, line


def _date(match: re.Match[str]) -> str | None:
    from datetime import date  # here: most reports state no date, and a miss need not import datetime

    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
    except ValueError:  # 「2024-13-45」: not a date, so no date
        return None
