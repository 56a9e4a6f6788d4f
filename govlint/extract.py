"""Tidy data (``govlint extract``): every cell of every report as one row, for pandas or Excel.

read → parse → rows, no check.  Rows come out while each file is parsed, so memory does not grow
with the number of files.  The same report as .txt, .md, .docx, .html or .pdf gives the same
rows apart from the position columns (:data:`POSITION_COLUMNS`).  Columns: docs/extract.md.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import IO, Any, BinaryIO, Iterator, Protocol

from .api import Linter
from .model import Report
from .output import without_surrogates
from .read.source import Source

COLUMNS = (
    "file", "agency", "year", "template", "table", "table_title", "row_key", "row_label",
    "column_key", "kind", "value", "raw", "line", "column", "place",
)
POSITION_COLUMNS = ("line", "column", "place")  # where the cell is: differs between formats of one report

Row = dict[str, Any]


def extract_file(linter: Linter, path: str) -> Iterator[Row]:
    """Read and parse ``path`` now (raising :class:`~govlint.errors.InputError` or
    :class:`~govlint.errors.NotAReportError`), then yield its rows one by one."""
    source = linter.read(path)
    return report_rows(linter.parse(source), source)


def report_rows(report: Report, source: Source) -> Iterator[Row]:
    """One row per cell in reading order: numbers, and blank or text cells (「/」) with no value."""
    spans = source.file_spans(c.span for t in report.tables for r in t.rows for c in r.cells)
    head = {"file": source.path, "agency": report.agency, "year": report.year.value, "template": report.template.value}
    for table in report.tables:
        for row in table.rows:
            for cell in row.cells:
                line, column, _ = spans[cell.span]
                yield {
                    **head,
                    "table": table.key, "table_title": table.title, "row_key": row.key, "row_label": row.label,
                    "column_key": cell.column, "kind": cell.kind.value, "value": cell.value, "raw": cell.raw,
                    "line": line, "column": column, "place": source.describe(cell.span.line, cell.span.column) or None,
                }


class RowWriter(Protocol):
    def write(self, row: Row) -> None: ...

    def close(self) -> None: ...


def _text(value: Any) -> Any:
    """Decimals as written (5243.7000 keeps its places), text made writable."""
    if isinstance(value, Decimal):
        return str(value)
    return without_surrogates(value) if isinstance(value, str) else value


class CsvRows:
    """CSV with a header row; a file gets a byte order mark so Excel reads the Chinese text right."""

    def __init__(self, out: IO[str]) -> None:
        self._writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
        self._writer.writeheader()

    def write(self, row: Row) -> None:
        self._writer.writerow({k: "" if v is None else _text(v) for k, v in row.items()})

    def close(self) -> None:
        pass


class JsonlRows:
    """One JSON object per line; decimals as strings, as in ``govlint parse --format json``."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out

    def write(self, row: Row) -> None:
        self._out.write(json.dumps({k: _text(v) for k, v in row.items()}, ensure_ascii=False) + "\n")

    def close(self) -> None:
        pass


class XlsxRows:
    """An Excel sheet written in openpyxl's write-only mode (rows go to disk as they come)."""

    def __init__(self, out: BinaryIO) -> None:
        from openpyxl import Workbook  # the optional extra govlint[xlsx]; the CLI checks it first
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        self._illegal = ILLEGAL_CHARACTERS_RE  # control characters a sheet cannot hold (a file name may have them)
        self._text_cell = WriteOnlyCell
        self._out = out
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet("cells")
        self._sheet.append(list(COLUMNS))

    def write(self, row: Row) -> None:
        self._sheet.append([self._cell(row[k]) if k != "value" else row[k] for k in COLUMNS])

    def _cell(self, value: Any) -> Any:
        """Text stays text: a report's 「=…」 must never become a formula Excel runs."""
        value = _text(value)
        if not isinstance(value, str):
            return value
        cell = self._text_cell(self._sheet, value=self._illegal.sub("\ufffd", value))
        cell.data_type = "s"
        return cell

    def close(self) -> None:
        self._book.save(self._out)


def row_writer(fmt: str, out: BinaryIO, *, bom: bool = False) -> tuple[RowWriter, io.TextIOWrapper | None]:
    """The writer for ``fmt`` on a binary stream, and the text layer to flush (None for xlsx)."""
    if fmt == "xlsx":
        return XlsxRows(out), None
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if bom else "utf-8", newline="", write_through=False)
    return (CsvRows(text) if fmt == "csv" else JsonlRows(text)), text
