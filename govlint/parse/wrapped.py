"""Row labels that PDF text wraps around their numbers, rebuilt from the templates' labels.

Copying text out of a PDF prints each line of a table cell where it stands on the page: a label
wrapped over three lines comes out as its first line, then the row's numbers (with or without the
label's middle line in front), then its last line; a label merged down several rows comes out one
piece per line between other rows (「三、」「本」「年」「度」…) or in front of them
(「办 （三）不 4.保护第三方合法权益 6 0 …」).

Pieces join a row only when together they are exactly a row label of a template
(:attr:`Vocabulary.whole_labels`), starting above the numbers or beside them, so prose is never
swallowed and the next row's label is never taken (pdfium prints a wrapped label whole, then its
numbers); the pieces of a merged row header (:attr:`Vocabulary.categories`) are recognised the same
way, and are not rows.  A label worded a little unlike the template's takes only the lines right
around its numbers, when they make a closer label.  A Markdown heading that repeats a row label
names the row of numbers under it, or else is a heading, never an empty row.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import islice
from typing import Iterator, NamedTuple

from ..normalize import cached_for_short, label_key
from .bind import FUZZY_RATIO, loose_key
from .lines import Line, RawCell, Vocabulary

_PIECE_KINDS = frozenset({"TEXT", "SUBHEAD", "ROWLABEL", "HEADER"})
_NUMBERED = re.compile(r"^(?:\([一二三四五六七八九十]+\)|\d+\.|[一二三四五六七八九十]+、)")
_WORD = re.compile(r"\S+")
_HEADING_MARKS = ("#", "**")  # a Markdown heading, or a bold line standing for one
MAX_PIECE = 40  # characters: a wrapped line of a label cell is short, prose is longer
MAX_PIECES = 12  # pieces looked at on each side of a row
MAX_REPEATS = 4  # times one merged row header is looked for in a section (a table over several pages)


class _Piece(NamedTuple):
    line: int  # index in the region; -1 for the row's own label
    text: str  # as written
    column: int
    keys: tuple[str, ...]  # its readings: whole, then without 1, 2 … first words (a merged header's pieces)


def unwrap_labels(lines: list[Line], vocab: Vocabulary) -> list[Line]:
    """The lines with wrapped labels joined to their rows; the pieces used are dropped."""
    out: list[Line] = []
    for region in _regions(lines):
        out.extend(_Region(region, vocab).unwrap())
    return out


def _regions(lines: list[Line]) -> Iterator[list[Line]]:
    """Runs of lines between section headings (a wrapped label never crosses one)."""
    start = 0
    for index in range(len(lines) + 1):
        if index == len(lines) or (lines[index].kind == "SECTION" and index > start):
            yield lines[start:index]
            start = index


MAX_READING = 200  # characters: far more than the longest template row label (about 40)
_TOO_LONG = "\x00"  # the key of a reading too long to be a label: in no label, and not empty


def _key(text: str) -> str:
    """A piece's comparison key.  Unlike a label's, it keeps a trailing comma: 「只计这一情形，」
    continues on the next line (the sentinel keeps :func:`label_key` from trimming the end)."""
    return label_key(text + "\x01")[:-1]


class _Region:
    """One section's lines, and which of them the rebuilt labels used."""

    def __init__(self, lines: list[Line], vocab: Vocabulary) -> None:
        self.lines = list(lines)
        self.vocab = vocab
        self.used: set[int] = set()
        self.noise: dict[int, list[_Piece]] = {}  # row index → merged-header pieces in front of its label

    def unwrap(self) -> list[Line]:
        heading = self.lines[0] if self.lines and self.lines[0].kind == "SECTION" else None
        if heading is not None and heading.section not in self.vocab.table_sections:
            return self.lines
        if not any(line.kind == "ROW" for line in self.lines):
            return self.lines
        self._markdown_headings()
        rows = [i for i, line in enumerate(self.lines) if line.kind == "ROW"]
        for position, index in enumerate(rows):
            low = rows[position - 1] + 1 if position else 0
            high = rows[position + 1] if position + 1 < len(rows) else len(self.lines)
            self._row(index, low, high)
        above = [i for i in range(rows[0]) if self.lines[i].kind in ("SECTION", "CAPTION", "HEADER")]
        self._merged_headers(above[-1] + 1 if above else 0, len(self.lines) - 1)
        return [line for i, line in enumerate(self.lines) if i not in self.used]

    def _is_piece(self, index: int) -> bool:
        line = self.lines[index]
        return (
            index not in self.used
            and line.kind in _PIECE_KINDS
            and line.layout == "space"
            and len(line.text) <= MAX_PIECE
            and not line.text.startswith(_HEADING_MARKS)
        )

    def _row(self, index: int, low: int, high: int) -> None:
        line = self.lines[index]
        if line.layout != "space" or _lone_numbers(line, self.lines[index + 1] if index + 1 < len(self.lines) else None):
            return
        before = [_piece(j, self.lines[j]) for j in range(low, index) if self._is_piece(j)][-MAX_PIECES:]
        after = [_piece(j, self.lines[j]) for j in range(index + 1, high) if self._is_piece(j)][:MAX_PIECES]
        if not before and not after and line.label is not None and label_key(line.label.text) in self.vocab.whole_labels:
            return  # the common case: a whole label, nothing around it
        own = _own(line)
        known = next((k for k, key in enumerate(own.keys) if key in self.vocab.whole_labels), None) if own else None
        if own is not None and known is not None:
            own = _Piece(own.line, own.text, own.column, own.keys[:-1])  # a row that has its label keeps it
        found = self._assemble(before, own, after) if before or after else None
        if found is None:
            if own is not None and known is not None:
                self.noise[index] = _words(own, index, known)
            else:
                self._adjacent(index, own, before, after)
            return
        pieces, variant = found
        for piece, reading in pieces:
            if piece.line >= 0:
                self.used.add(piece.line)
                self.noise[piece.line] = _words(piece, piece.line, reading)
        if own is not None:
            self.noise[index] = _words(own, index, variant)
        text = "".join(_reading(piece, reading).text for piece, reading in pieces)
        spoken = _reading(own, variant) if own is not None else None
        column = spoken.column if spoken and spoken.text else (line.cells[0].column if line.cells else line.column)
        self.lines[index] = line._replace(label=RawCell(text, column))

    def _assemble(
        self, before: list[_Piece], own: _Piece | None, after: list[_Piece]
    ) -> tuple[list[tuple[_Piece, int]], int] | None:
        """The longest template label made of the row's own label (required, though it may be all
        merged-header pieces) and lines around it, in order, each read whole or without its first
        words; lines that do not fit are skipped (a merged header's).  At least one line is used,
        and the label starts above the numbers or on their line."""
        pieces = [*before, *([own] if own else []), *after]
        candidates = set().union(*(_containing(key, self.vocab) for p in (*before, *after) for key in p.keys))
        for target in sorted(candidates, key=lambda k: (-len(k), k)):
            path = _cover(target, pieces, required=len(before) if own else None)
            # a label starts above its numbers or beside them, never wholly below: those lines
            # are the next row's (an extractor that prints a row's label before its numbers)
            if path is None:
                continue
            starts = path[0][0] < len(before) or (own is not None and bool(pieces[path[0][0]].keys[path[0][1]]))
            if starts and any(pieces[i].line >= 0 for i, _ in path):
                chosen = [(pieces[i], reading) for i, reading in path if pieces[i].keys[reading]]
                variant = next((reading for i, reading in path if pieces[i].line < 0), 0)
                return chosen, variant
        return None

    def _adjacent(self, index: int, own: _Piece | None, before: list[_Piece], after: list[_Piece]) -> None:
        """A label worded a little unlike the template's: the lines right above (back to one that
        starts with a row numbering) and right below (while they go on without one) join the row
        when it has no label of its own and both sides are there, or when together they are more
        like a template label than the row's own words are."""
        head: list[_Piece] = []
        if own is None or not _NUMBERED.match(own.keys[0]):
            for piece in reversed(before):
                if piece.line != index - len(head) - 1:
                    break
                head.insert(0, piece)
                if _NUMBERED.match(piece.keys[0]):
                    break
            head = head if head and _NUMBERED.match(head[0].keys[0]) else []
        tail: list[_Piece] = []
        for piece in after:
            if piece.line != index + len(tail) + 1 or _NUMBERED.match(piece.keys[0]) or "。" in piece.text:
                break
            tail.append(piece)
        if not head and not tail:
            return
        joined = [*head, *([own] if own else []), *tail]
        text = "".join(p.text for p in joined)
        if not (own is None and head and tail) and self._likeness(text) <= max(FUZZY_RATIO, self._likeness(own.text if own else "")):
            return
        line = self.lines[index]
        self.used.update(p.line for p in (*head, *tail))
        column = own.column if own else (line.cells[0].column if line.cells else line.column)
        self.lines[index] = line._replace(label=RawCell(text, column))

    def _likeness(self, text: str) -> float:
        """How like the nearest template label ``text`` is (difflib ratio, numbering and quotes aside)."""
        if not text:
            return 0.0
        matcher = SequenceMatcher(None, "", loose_key(text))
        best = 0.0
        for label in self.vocab.whole_labels:
            matcher.set_seq1(loose_key(label))
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                best = max(best, matcher.ratio())
        return best

    def _merged_headers(self, first: int, last: int) -> None:
        """Pieces of a row header merged down several rows (「三、」「本」「年」…, 「（三）不」 before a
        row and 「予公开」 after it) are that header, not rows: the lines that hold only such pieces go."""
        parts = self.vocab.category_parts
        pieces: list[_Piece] = []
        for index in range(first, last + 1):
            if self._is_piece(index):
                line = self.lines[index]
                pieces.append(_Piece(index, line.text, line.column, _reading_keys(line.text)[:1]))
            else:
                pieces.extend(self.noise.get(index, ()))
        pieces = [p for p in pieces if p.keys[0] in parts]
        if len(pieces) < 2:
            return
        for target in sorted(self.vocab.categories, key=lambda k: (-len(k), k)):
            for _ in range(MAX_REPEATS):
                candidates = [p for p in pieces if p.keys[0] and p.keys[0] != target and p.keys[0] in target]
                path = _cover(target, candidates, required=None) if len(candidates) > 1 else None
                if path is None:
                    break
                taken = {candidates[i] for i, _ in path}
                self.used.update(p.line for p in taken if p.text == self.lines[p.line].text)  # lines of pieces only
                pieces = [p for p in pieces if p not in taken]

    def _markdown_headings(self) -> None:
        """「### 一、本年新收政府信息公开申请数量」 (or 「**…**」) above a table of one row: the heading names that row
        when the row has no label of its own; otherwise it is a heading, not an empty row."""
        for index, line in enumerate(self.lines):
            if line.kind != "ROWLABEL" or not line.text.startswith(_HEADING_MARKS):
                continue
            below = next((j for j in range(index + 1, len(self.lines)) if self.lines[j].kind != "HEADER"), None)
            row = self.lines[below] if below is not None else None
            text = line.text.strip("#* ")
            if below is not None and row is not None and row.kind == "ROW" and row.label is None:
                column = row.cells[0].column if row.cells else row.column
                self.lines[below] = row._replace(label=RawCell(text, column))
                self.used.add(index)
            else:
                numeral = _NUMBERED.match(label_key(text))
                self.lines[index] = line._replace(kind="SUBHEAD", label=None, numeral=numeral.group(0) if numeral else "")


@cached_for_short(maxsize=4096)
def _containing(key: str, vocab: Vocabulary) -> frozenset[str]:
    """The template labels a piece's key is part of: once per key, not once per report (every
    report's header lines stand above its first rows)."""
    return frozenset(label for label in vocab.whole_labels if key in label)


def _lone_numbers(line: Line, after: Line | None) -> bool:
    """A number alone on its line followed by another: one cell per line (a crawler's text of a
    web table, rebuilt elsewhere), not the row of a wrapped label."""
    return line.label is None and len(line.cells) == 1 and after is not None and after.kind == "ROW" and after.label is None and len(after.cells) == 1


def _piece(index: int, line: Line) -> _Piece:
    """A line that may be part of a label: read whole or without its first words."""
    return _Piece(index, line.text, line.column, _reading_keys(line.text))


def _own(line: Line) -> _Piece | None:
    """The row's own label, read whole, without its first words, or as nothing but a merged header's pieces."""
    if line.label is None:
        return None
    return _Piece(-1, line.label.text, line.label.column, (*_reading_keys(line.label.text), ""))


@cached_for_short(maxsize=4096)
def _reading_keys(text: str) -> tuple[str, ...]:
    """The keys of the text without 0, 1, 2 … first words.  A reading longer than any label can
    be is :data:`_TOO_LONG` (it spells and contains no label), so a line of thousands of words
    costs linear time, not a key per word of the whole rest of the line."""
    return tuple(
        _key(text[m.start() :]) if m.start() == 0 or len(text) - m.start() <= MAX_READING else _TOO_LONG
        for m in _WORD.finditer(text)
    )


def _words(piece: _Piece, index: int = -1, count: int | None = None) -> list[_Piece]:
    """The piece's words (its first ``count``), each a piece of its own."""
    return [_Piece(index, m.group(), piece.column + m.start(), (_key(m.group()),)) for m in islice(_WORD.finditer(piece.text), count)]


def _reading(piece: _Piece, reading: int) -> _Piece:
    """The piece without its first ``reading`` words."""
    words = _words(piece)[reading:]
    if not words:
        return _Piece(piece.line, "", piece.column, ("",))
    start = words[0].column - piece.column
    return _Piece(piece.line, piece.text[start:], words[0].column, (piece.keys[reading],))


def _cover(target: str, pieces: list[_Piece], required: int | None) -> list[tuple[int, int]] | None:
    """Which pieces, in order and each whole (one reading of each), spell ``target`` exactly:
    a path of (piece, reading), or None.  ``required`` must be among them."""
    if required is not None and not any(key in target for key in pieces[required].keys):
        return None  # no reading of the required piece is part of the target (most targets tried)
    states: dict[int, tuple[tuple[int, int], ...]] = {0: ()}
    for number, piece in enumerate(pieces):
        grown = {} if number == required else dict(states)
        for position, path in states.items():
            for variant, key in enumerate(piece.keys):
                if target.startswith(key, position):  # "" : the row's own words are all a merged header's
                    grown.setdefault(position + len(key), path + ((number, variant),))
        states = grown
        if not states:
            return None
    found = states.get(len(target))
    return list(found) if found is not None else None
