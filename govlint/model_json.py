"""The parsed model as JSON (``govlint parse --format json``); the shape is documented in docs/model-json.md."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .model import Cell, Heading, Report, Row, Table
from .read.source import Source

MODEL_JSON_VERSION = 1


def number_json(value: int | Decimal | None) -> int | str | None:
    """Decimals as strings, so 5243.7000 keeps its written precision."""
    return str(value) if isinstance(value, Decimal) else value


def report_to_dict(report: Report, source: Source | None = None) -> dict[str, Any]:
    return {
        "version": MODEL_JSON_VERSION,
        "path": report.path,
        "source": {"format": source.format, "encoding": source.encoding} if source else None,
        "title": _heading(report.title) if report.title else None,
        "agency": report.agency,
        "year": {"value": report.year.value, "evidence": list(report.year.evidence)},
        "template": {"value": report.template.value, "evidence": list(report.template.evidence)},
        "sections": [
            {
                "key": s.key,
                "heading": _heading(s.heading),
                "title_match": s.title_match.value,
                "subheadings": [_heading(h) for h in s.subheadings],
                "paragraphs": len(s.paragraphs),
                "tables": [t.key for t in s.tables],
            }
            for s in report.sections
        ],
        "tables": [_table(t) for t in report.tables],
    }


def _heading(heading: Heading) -> dict[str, Any]:
    return {"text": heading.text, "line": heading.span.line, "column": heading.span.column, "number": heading.number}


def _table(table: Table) -> dict[str, Any]:
    return {
        "key": table.key,
        "title": table.title,
        "section": table.section,
        "line": table.span.line,
        "layout": table.layout,
        "columns": [{"key": c.key, "label": c.label, "type": c.value_type} for c in table.columns],
        "rows": [_row(r) for r in table.rows],
    }


def _row(row: Row) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "template_label": row.template_label,
        "label_match": row.label_match.value,
        "status": row.status.value,
        "expected_cells": row.expected_cells,
        "line": row.span.line,
        "column": row.span.column,
        "cells": [_cell(c) for c in row.cells],
    }


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "column_key": cell.column,
        "value": number_json(cell.value),
        "raw": cell.raw,
        "kind": cell.kind.value,
        "line": cell.span.line,
        "column": cell.span.column,
    }


__all__ = ["MODEL_JSON_VERSION", "report_to_dict"]
