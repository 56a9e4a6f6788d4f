"""One cell per line: rebuild table rows from a table's cells printed each on a line of its own.

A crawler's or a copy's text of an HTML table puts every cell on its own line: a row label
(itself often cut into pieces: 「(」「一」「)」「予以公开」), then the row's numbers one per
line; blank cells vanish, and now and then a number is broken over two lines.  The lexer sees
a run of one-number lines; here the pieces of each label are joined by the template's labels and
the numbers that follow a label become its row, each number keeping its own line and column.

Nothing is guessed: a row gets exactly the numbers that follow its label, so a row whose blank
cells were dropped (or whose number was broken in two) has the wrong count and the binder marks
it short (or long); it is never spread over columns.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

from ..normalize import label_key
from .lines import _PLACEHOLDER, Line, RawCell, Vocabulary

__all__ = ["LAYOUT", "may_start_label", "rebuild_rows"]

LAYOUT = "cells"
RUN = 3  # this many one-number lines in a row are one table row printed one cell per line
LOOKAHEAD = 16  # a label is cut into at most this many lines


class _Known:
    """Labels a run of pieces may join into: row labels, captions and header cells."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.rows = frozenset(vocab.row_labels)
        self.kinds: dict[str, str] = {key: "HEADER" for key in vocab.header}
        self.kinds.update({key: "CAPTION" for key in vocab.captions})
        self.kinds.update({key: "ROWLABEL" for key in vocab.row_labels})
        self.prefixes = frozenset(key[:end] for key in self.kinds for end in range(1, len(key) + 1))


@lru_cache(maxsize=8)
def _known(vocab: Vocabulary) -> _Known:
    return _Known(vocab)


def _is_value(line: Line) -> bool:
    """A line holding one number (or a 「/」 placeholder) and nothing else."""
    if line.kind == "ROW":
        return line.label is None and len(line.cells) == 1 and line.cells[0].text == line.text
    return line.kind == "TEXT" and line.text in _PLACEHOLDER


def _is_cells_layout(lines: list[Line], table_sections: set[str | None]) -> bool:
    """Table rows printed one cell per line: one-number lines come in runs, and outnumber the
    lines that hold several numbers (counted in the sections that hold tables)."""
    lone = several = run = runs = 0
    section = None
    for line in lines:
        if line.kind == "SECTION":
            section = line.section
        if section not in table_sections:
            continue
        if _is_value(line):
            lone, run = lone + 1, run + 1
            runs += run == RUN
            continue
        run = 0
        several += line.kind == "ROW" and len(line.cells) > 1
    return runs >= 2 and lone > several


def rebuild_rows(lines: list[Line], vocab: Vocabulary) -> list[Line]:
    """``lines`` with the tables of a one-cell-per-line report rebuilt into rows (unchanged when
    the report is laid out otherwise)."""
    if not _is_cells_layout(lines, vocab.table_sections):
        return lines
    known = _known(vocab)
    out: list[Line] = []
    region: list[Line] = []
    for line, section in _with_sections(lines):
        if line.kind != "SECTION" and section in vocab.table_sections:
            region.append(line)
            continue
        out += _rebuilt(region, known)
        region = []
        out.append(line)
    return out + _rebuilt(region, known)


def _with_sections(lines: Iterable[Line]) -> Iterator[tuple[Line, str | None]]:
    section = None
    for line in lines:
        if line.kind == "SECTION":
            section = line.section
        yield line, section


def _rebuilt(region: list[Line], known: _Known) -> list[Line]:
    """One section's lines: prose before its first table piece (its numbers cut out onto lines of
    their own are prose too), then rows rebuilt."""
    start = next((i for i in range(len(region)) if _match(region, i, known) is not None), len(region))
    out = [line._replace(kind="TEXT", cells=()) if _is_value(line) else line for line in region[:start]]
    row: _Row | None = None
    pending: list[Line] = []  # pieces of a label no template knows (a misspelt row, say)
    index = start
    while index < len(region):
        line = region[index]
        if _is_value(line):
            if row is None:
                row = _Row(pending)  # a label no template knows, or none (table 四)
                pending = []
            row.values.append(line)
            index += 1
            continue
        if row is not None:
            out.append(row.line())
            row = None
        match = _match(region, index, known)
        if match is None:
            pending.append(line)
            index += 1
            continue
        end, kind = match
        out += _after_header(out, pending)
        pending = []
        pieces = region[index:end]
        if kind == "ROWLABEL":
            row = _Row(pieces)
        else:
            out.append(_joined(pieces, kind))
        index = end
    if row is not None:
        out.append(row.line())
    return out + pending


def _after_header(out: list[Line], pending: list[Line]) -> list[Line]:
    """Pieces no template knows between a header cell and the next known label continue that
    header cell (a unit the drafter added: 「采购总金额」「（」「单位」「：」「万元」「）」): joined
    into it, else left as they were."""
    if pending and out and out[-1].kind == "HEADER":
        out[-1] = out[-1]._replace(text=out[-1].text + "".join(p.text for p in pending))
        return []
    return pending


def may_start_label(line: Line, vocab: Vocabulary) -> bool:
    """Whether :func:`rebuild_rows` could take ``line`` as the first piece of a label (:func:`_match`)."""
    return not _is_value(line) and _piece_key(line) in _known(vocab).prefixes


def _piece_key(line: Line) -> str:
    return label_key(line.text + "x")[:-1]  # a piece's trailing 「：」 is inside the label


def _match(region: list[Line], start: int, known: _Known) -> tuple[int, str] | None:
    """The longest run of pieces from ``start`` that joins into a known label: (end, kind)."""
    key = ""
    found = None
    for end in range(start, min(start + LOOKAHEAD, len(region))):
        line = region[end]
        if _is_value(line) or line.kind == "SECTION":
            break
        key += _piece_key(line)
        if key not in known.prefixes:
            break
        if key in known.kinds:
            found = (end + 1, known.kinds[key])
    return found


def _joined(pieces: list[Line], kind: str) -> Line:
    first = pieces[0]
    return first._replace(kind=kind, text="".join(p.text for p in pieces), layout=LAYOUT, label=None, cells=())


class _Row:
    """A row being rebuilt: its label's pieces (none for table 四's numbers-only row), then its values."""

    def __init__(self, pieces: list[Line]) -> None:
        self.pieces = pieces
        self.values: list[Line] = []

    def line(self) -> Line:
        """The row as the lexer would have classified it on one line; each cell keeps its own line."""
        cells = tuple(RawCell(v.text, v.column, v.number) for v in self.values)
        if not self.pieces:
            head = self.values[0]
            return Line("ROW", head.number, head.text, head.column, LAYOUT, cells=cells)
        first = self.pieces[0]
        label = RawCell("".join(p.text for p in self.pieces), first.column)
        return Line("ROW" if cells else "ROWLABEL", first.number, first.text, first.column, LAYOUT, label=label, cells=cells)

