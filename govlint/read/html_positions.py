"""Where a web page's text is in the HTML file: the line and column an editor shows.

The HTML reader lays the page out as lines of text (entities decoded, whitespace collapsed,
markup gone); diagnostics point into those lines.  A user opened the HTML file, so every
position printed must be the file's.  lxml only tells the line on which an element's start
tag ends.  So the reader records, for each text piece it copies, the element it came from
(that line, the tag, and the how-many-th such tag ending on that line), and this module
finds the start tag in the file and walks from it through the raw markup, character by
character, skipping tags, comments and whitespace and decoding entities, to the character
a diagnostic names.  Walks resume where the last one stopped, so mapping every finding of a
file costs one pass over the text it covers.
"""

from __future__ import annotations

import bisect
import html
import re
from typing import Any, Iterable, NamedTuple, Sequence


class Origin(NamedTuple):
    """The element a piece of text came from: its text (``tail`` false) or the text after it."""

    line: int  # the line on which the element's start tag ends (lxml's sourceline)
    tag: str
    ordinal: int  # among the elements with this tag whose start tag ends on that line
    tail: bool = False


Pieces = tuple[tuple[int, Origin], ...]  # per text line: (0-based column where a piece starts, origin)

ORDINAL_ATTRIBUTE = "data-govlint-ordinal"  # set on a parsed tree only, never written out
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
# Markup a walk steps over: comments, whole scripts and styles (dropped by the reader), tags.
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b" + _ATTRIBUTES + r">.*?(?:</\1\s*>|\Z)|<[A-Za-z/!?]" + _ATTRIBUTES + r">",
    re.DOTALL | re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9A-Fa-f]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_PLAIN = re.compile(r"[^<&\s]+")
# The most of a run of plain text _walk matches at once: a run is compared whole, else a character
# at a time, and a run read to its end at each character was quadratic (a 229 KB line with a NUL
# every 40 characters, which the text drops, took 91 s).
_PLAIN_REACH = 256


def number_elements(root: Any) -> None:
    """Mark each element that is not the first with its tag to end its start tag on its line.

    Only elements with visible text or tail can be an origin, so only those are marked (an
    attribute costs memory, and a minified page has every element on one line).
    """
    seen: dict[tuple[int, str], int] = {}
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.sourceline:
            continue
        key = (element.sourceline, element.tag)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count and not ((element.text or " ").isspace() and (element.tail or " ").isspace()):
            element.set(ORDINAL_ATTRIBUTE, str(count))


def origin_of(element: Any, tail: bool = False) -> Origin | None:
    if not isinstance(element.tag, str) or not element.sourceline:
        return None
    return Origin(element.sourceline, element.tag, int(element.get(ORDINAL_ATTRIBUTE) or 0), tail)


def clean_pieces(pieces: Iterable[tuple[str, Origin | None]]) -> tuple[str, Pieces]:
    """``" ".join("".join(texts).split())`` and the column at which each piece's visible text starts."""
    out: list[str] = []
    starts: list[tuple[int, Origin]] = []
    length, pending = 0, False
    for text, origin in pieces:
        words = text.split()
        if not words:
            pending = pending or bool(text)
            continue
        if length and (pending or text[0].isspace()):
            out.append(" ")
            length += 1
        if origin is not None:
            starts.append((length, origin))
        joined = " ".join(words)
        out.append(joined)
        length += len(joined)
        pending = text[-1].isspace()
    return "".join(out), tuple(starts)


def shift(pieces: Pieces, by: int) -> Pieces:
    return tuple((column + by, origin) for column, origin in pieces)


class HtmlPositions:
    """The HTML file's text (line ends as LF) and, per text line, where its pieces came from."""

    def __init__(self, raw: str, pieces: Sequence[Pieces]) -> None:
        self.raw = raw
        self.pieces = tuple(pieces)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self._tags: dict[str, dict[int, list[int]]] = {}
        self._resume: dict[tuple[int, int], tuple[int, int]] = {}  # (line, piece) → (column, offset)
        self._starts: dict[int, list[int]] = {}  # per text line: where its pieces start

    def file_line(self, number: int) -> str | None:
        if not 1 <= number <= len(self._line_starts):
            return None
        start = self._line_starts[number - 1]
        end = self._line_starts[number] - 1 if number < len(self._line_starts) else len(self.raw)
        return self.raw[start:end]

    def locate(self, lines: Sequence[str], spans: Iterable[tuple[int, int, int]]) -> dict[tuple[int, int, int], tuple[int, int, int]]:
        """Each ``(line, column, end column)`` of the text lines as the same in the file (end 0 if unknown)."""
        found = {}
        for span in sorted(set(spans)):
            line, column, end = span
            if not 1 <= line <= len(lines):
                found[span] = span
                continue
            start = self._offset(lines, line, column)
            if start is None:
                found[span] = (0, 0, 0)
                continue
            file_line, file_column = self._line_column(start)
            file_end = 0
            if end > column:
                last = self._offset(lines, line, end - 1)
                if last is not None and last >= start:
                    last_line, last_column = self._line_column(last)
                    if last_line == file_line:
                        file_end = last_column + _char_length(self.raw, last)
            found[span] = (file_line, file_column, file_end)
        return found

    def _line_column(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def _offset(self, lines: Sequence[str], line: int, column: int) -> int | None:
        """The file offset of the text line's character at ``column`` (1-based)."""
        text = lines[line - 1]
        pieces = self.pieces[line - 1] if line <= len(self.pieces) else ()
        while not pieces:  # a line the reader made (a blank between tables): the text before it
            line -= 1
            if line < 1:
                return None
            text, pieces, column = lines[line - 1], self.pieces[line - 1] if line <= len(self.pieces) else (), 10**9
        target = min(max(column - 1, 0), max(len(text) - 1, 0))
        if line not in self._starts:
            self._starts[line] = [start for start, _ in pieces]
        index = max(bisect.bisect_right(self._starts[line], target) - 1, 0)
        piece_start, origin = pieces[index]
        target = max(target, piece_start)
        resume = self._resume.get((line, index))
        if resume is not None and resume[0] <= target:
            at, offset = resume
        else:
            at, offset = piece_start, self._origin_offset(origin)
        offset = _walk(self.raw, text, at, target, offset)
        self._resume[(line, index)] = (target, offset)
        return offset

    def _origin_offset(self, origin: Origin) -> int:
        """Where the origin's text begins: after its start tag, or after its end tag for a tail."""
        ends = self._start_tags(origin.tag).get(origin.line)
        if not ends:
            return self._line_starts[min(origin.line, len(self._line_starts)) - 1]
        end = ends[min(origin.ordinal, len(ends) - 1)]
        if not origin.tail or origin.tag in _VOID:
            return end
        return _after_end_tag(self.raw, origin.tag, end)

    def _start_tags(self, tag: str) -> dict[int, list[int]]:
        """Where start tags ``<tag …>`` end, by the line their ``>`` is on (comments skipped), built once per tag."""
        if tag not in self._tags:
            pattern = re.compile(r"<!--.*?(?:-->|\Z)|(<" + re.escape(tag) + r"(?=[\s/>])" + _ATTRIBUTES + ">)", re.DOTALL | re.IGNORECASE)
            by_line: dict[int, list[int]] = {}
            for match in pattern.finditer(self.raw):
                if match.group(1):
                    by_line.setdefault(self._line_column(match.end() - 1)[0], []).append(match.end())
            self._tags[tag] = by_line
        return self._tags[tag]


def _after_end_tag(raw: str, tag: str, offset: int) -> int:
    """The offset after the end tag matching a start tag that ends at ``offset`` (nested ones counted)."""
    depth = 1
    for match in re.compile(r"<(/?)" + re.escape(tag) + r"(?=[\s/>])" + _ATTRIBUTES + ">", re.IGNORECASE).finditer(raw, offset):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return offset


def _skip(raw: str, offset: int) -> int:
    """Past whitespace, markup and entities that stand for whitespace: to the next visible character."""
    while offset < len(raw):
        char = raw[offset]
        if char.isspace():
            offset += 1
        elif char == "<" and (markup := _MARKUP.match(raw, offset)):
            offset = markup.end()
        elif char == "&" and (entity := _ENTITY.match(raw, offset)) and html.unescape(entity.group()).isspace():
            offset = entity.end()
        else:
            return offset
    return offset


def _char_length(raw: str, offset: int) -> int:
    entity = _ENTITY.match(raw, offset) if raw.startswith("&", offset) else None
    return len(entity.group()) if entity and html.unescape(entity.group()) != entity.group() else 1


def _walk(raw: str, text: str, at: int, target: int, offset: int) -> int:
    """From ``offset`` (where ``text[at]`` is, or markup before it), the offset of ``text[target]``."""
    while at < target:
        char = text[at]
        if char.isspace():
            at += 1
            continue
        offset = _skip(raw, offset)
        plain = _PLAIN.match(raw, offset, offset + min(target - at, _PLAIN_REACH))  # no further: see _PLAIN_REACH
        if plain:
            run = len(plain.group())
            if raw[offset:offset + run] == text[at:at + run]:
                at, offset = at + run, offset + run
                continue
        if raw.startswith(char, offset):
            at, offset = at + 1, offset + 1
            continue
        entity = _ENTITY.match(raw, offset) if raw.startswith("&", offset) else None
        if entity and html.unescape(entity.group()) == char:
            at, offset = at + 1, entity.end()
            continue
        # The file has something the text does not (an element the reader dropped): find the character.
        found = raw.find(char, offset)
        if found < 0:
            return offset
        at, offset = at + 1, found + 1
    return _skip(raw, offset)
