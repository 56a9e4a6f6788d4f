"""What every reader produces: the report as lines of text, plus how to name a place in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, Iterable, Protocol, Sequence, TypeVar

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
    # The reader kept each table's cell grid (a tab between cells, an empty cell kept empty):
    # a row's numbers are then bound to columns by position, not guessed from a run of numbers.
    grid: bool = False
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
    # Directives in comments that are not text (HTML comments, Word review comments starting with
    # 「govlint」): ``(line, inside that line rather than before it, the comment's text)``.
    directive_comments: tuple[tuple[int, bool, str], ...] = ()

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


Extra = TypeVar("Extra")


@dataclass
class LineBuilder(Generic[Extra]):
    """The lines of a Word, HTML or PDF file and their places, built as a reader walks it.

    Every reader of a file without text lines keeps the same columns in step: the line, its
    place (「表3 第5行」), each tab cell's place, and one value of its own per line (Word: the
    elements the text came from; HTML: where its texts are in the file; PDF: the printed lines
    a paragraph joins).  Blank lines separate tables from the text around them, never two in a row.
    """

    blank_extra: Extra
    lines: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    cells: list[tuple[str, ...]] = field(default_factory=list)
    extras: list[Extra] = field(default_factory=list)

    def add(self, line: str, place: str = "", cells: tuple[str, ...] = (), extra: Extra | None = None) -> None:
        self.lines.append(line)
        self.places.append(place)
        self.cells.append(cells)
        self.extras.append(self.blank_extra if extra is None else extra)

    def prepend(self, line: str, place: str, extra: Extra) -> None:
        self.lines.insert(0, line)
        self.places.insert(0, place)
        self.cells.insert(0, ())
        self.extras.insert(0, extra)

    def blank(self) -> None:
        """End a block: one empty line, unless the last line is one (or there is none yet)."""
        if self.lines and self.lines[-1] != "":
            self.add("")

    def table_row(self, cells: Sequence[str], place: str, extra: Extra | None = None) -> None:
        """A table row as one tab-separated line, each cell named after the row (「表3 第5行 第2列」)."""
        names = tuple(f"{place} 第{column}列" for column in range(1, len(cells) + 1))
        self.add("\t".join(cells), place, names, extra)

    def trimmed(self) -> LineBuilder[Extra]:
        """Without the trailing empty lines: a file's last line is text."""
        while self.lines and not self.lines[-1]:
            for column in (self.lines, self.places, self.cells, self.extras):
                column.pop()
        return self

    def source(self, path: str, format: str, encoding: str = "utf-8", **fields: Any) -> Source:
        """The :class:`Source`, with its cell grid (these readers keep one) and the reader's own ``fields``."""
        return Source(path=path, lines=tuple(self.lines), format=format, encoding=encoding, grid=True,
                      line_places=tuple(self.places), cell_places=tuple(self.cells), **fields)
