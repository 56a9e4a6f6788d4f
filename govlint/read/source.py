"""What every reader produces: the report as lines of text, plus how to name a place in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

Span3 = tuple[int, int, int]  # line, column, end column (exclusive; 0 when unknown)


class FileMap(Protocol):
    """How a reader whose text lines are not the file's finds positions in the file as opened."""

    def file_line(self, number: int) -> str | None: ...

    def locate(self, lines: Sequence[str], spans: Iterable[Span3]) -> dict[Span3, Span3]: ...


@dataclass(frozen=True, slots=True)
class Source:
    """A report as text lines (line ends removed) and where it came from.

    Text readers keep the file's own characters, so line and column are positions in the
    file.  Readers of Word, HTML or PDF files lay table rows out as tab-separated lines
    and give, for each line, a human name of its origin (「表3 第5行」) and for each tab
    cell a name of the cell (「表3 第5行 第2列」), so diagnostics can say where to look.
    """

    path: str
    lines: tuple[str, ...]
    format: str = "text"
    encoding: str = "utf-8"
    line_places: tuple[str, ...] = ()  # per line, empty when line/column is the place
    cell_places: tuple[tuple[str, ...], ...] = ()  # per line, per tab-separated cell
    # Per line, ``(first column, place)`` of each printed line a reader joined into it (a PDF
    # paragraph wraps over lines and pages); empty when the line is one printed line.
    wrap_places: tuple[tuple[tuple[int, str], ...], ...] = ()
    # HTML: the file's own lines, so positions are those of the file as opened.  Word and PDF
    # files have no text lines: their positions stay in ``lines`` and places say where to look.
    file_map: FileMap | None = None
    # Word: per line, per tab-separated cell (one for a paragraph), the element of the file it
    # was read from (「p:12」, 「tc:40」: see ``read.docx.element_origins``), so a writer can
    # put a review comment on it; empty for other formats.
    origins: tuple[tuple[str, ...], ...] = ()

    def file_spans(self, spans: Iterable[Span3]) -> dict[Span3, Span3]:
        """Each span of ``lines`` as a span of the file as opened (the same span unless a map says otherwise)."""
        if self.file_map is None:
            return {span: span for span in spans}
        return self.file_map.locate(self.lines, spans)

    def line_in_file(self, span: Span3) -> int:
        """The line of the file as opened where a span of ``lines`` starts, for a message that
        names another line (「另一次在第12行」): an HTML file's own line, else the span's."""
        if self.file_map is None:
            return span[0]
        return self.file_map.locate(self.lines, (span,))[span][0] or span[0]

    def file_line(self, number: int) -> str | None:
        """The file's line ``number`` as shown next to a finding at that (mapped) line."""
        if self.file_map is not None:
            return self.file_map.file_line(number)
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else None

    def describe(self, line: int, column: int) -> str:
        """A place a user can find: for text files empty (line:column says it all)."""
        if not self.line_places or not 1 <= line <= len(self.line_places):
            return ""
        wraps = self.wrap_places[line - 1] if line <= len(self.wrap_places) else ()
        starts = [place for start, place in wraps if start <= column]
        if starts:
            return starts[-1]
        cells = self.cell_places[line - 1] if self.cell_places else ()
        if cells:
            index = self._cell_index(line, column)
            if index < len(cells) and cells[index]:
                return cells[index]
        return self.line_places[line - 1]

    def origin(self, line: int, column: int) -> str | None:
        """The element of the file the text at ``line``:``column`` was read from, when the reader says."""
        if not 1 <= line <= len(self.origins):
            return None
        elements = self.origins[line - 1]
        if len(elements) == 1:
            return elements[0] or None
        index = self._cell_index(line, column)
        return (elements[index] or None) if index < len(elements) else None

    def _cell_index(self, line: int, column: int) -> int:
        """Which tab-separated cell of ``line`` holds ``column`` (1-based)."""
        return self.lines[line - 1][: max(column - 1, 0)].count("\t")
