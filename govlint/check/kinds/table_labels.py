"""``table_labels``: words in table captions, column headers and row labels.

    check: {kind: table_labels, mode: forbidden, labels: [历年累计, 当面申请数, …]}
    check: {kind: table_labels, mode: header_mentions, table: t2_9, column: 采购总金额, any: [元]}

``forbidden``: labels of another era's tables (the pre-2019 统计表) found in sections that
hold tables; matched against whole cells only, never against prose, where the same words
may stand for good reasons.  One finding per report, at the first label, naming them all.
``header_mentions``: the header of a column must say something, e.g. the unit of an amount;
a column whose values carry one of those words themselves (「75394432.52元」) says it there.
"""

from __future__ import annotations

from typing import AbstractSet, Any, Iterable, Iterator, Mapping

from ...diagnostics import Evidence, Location
from ...model import Paragraph, Report, Span, Table
from ...normalize import cached_for_short, label_key
from ..base import CheckContext, Finding

_CELL_SEPARATORS = ("\t", "|", "  ", " ")


class TableLabelsKind:
    name = "table_labels"
    placeholders = {"forbidden": ("labels",), "header_mentions": ("table", "column", "words")}
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "mode"],
        "properties": {
            "kind": {"const": "table_labels"},
            "mode": {"enum": ["forbidden", "header_mentions"]},
            "labels": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "table": {"type": "string", "x-refers": "table"},
            "column": {"type": "string", "x-refers": "column_label"},
            "any": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        },
    }

    def prepare(self, params: Mapping[str, Any]) -> Mapping[str, Any]:
        needed = ("labels",) if params["mode"] == "forbidden" else ("table", "column", "any")
        missing = [key for key in needed if key not in params]
        if missing:
            raise ValueError(f"table_labels 的 {params['mode']} 模式需要参数：{'、'.join(missing)}")
        return {**params, "keys": {label_key(w): w for w in params.get("labels", ())}}

    def run(self, context: CheckContext, params: Mapping[str, Any]) -> Iterable[Finding]:
        if params["mode"] == "forbidden":
            yield from self._forbidden(context, params["keys"])
        else:
            yield from self._header(context.report.table(params["table"]), params["column"], params["any"])

    def _forbidden(self, context: CheckContext, keys: Mapping[str, str]) -> Iterator[Finding]:
        template = context.template or context.fallback
        sections = {t.section for t in template.tables} if template else set()
        found = [(span, keys[key]) for span, key in report_label_keys(context, sections) if key in keys]
        if found:
            words = "、".join(dict.fromkeys(word for _, word in found))
            first = found[0][0]
            yield Finding(
                first,
                {"labels": words},
                Location(heading="legacy-labels"),
                actual=words,
                evidence=tuple(Evidence("cell", span, word) for span, word in found),
            )

    def _header(self, table: Table | None, column: str, words: list[str]) -> Iterator[Finding]:
        if table is None or _values_say(table, column, words):
            return
        for line in table.header:
            if column in line.text:
                if not any(word in line.text for word in words):
                    yield Finding(line.span, {"table": table.title, "column": column, "words": "、".join(words)},
                                  Location(section=table.section, table=table.key, heading=column), actual=line.text)
                return


def _values_say(table: Table, column: str, words: list[str]) -> bool:
    keys = {c.key for c in table.columns if column in c.label}
    return any(c.column in keys and any(w in c.raw for w in words) for row in table.rows for c in row.cells)


def report_label_keys(context: CheckContext, sections: AbstractSet[str | None]) -> list[tuple[Span, str]]:
    """:func:`table_label_keys` of the report under check, listed once for every rule that reads them."""
    found: list[tuple[Span, str]] = context.remember(("table-label-keys", frozenset(sections)), lambda: table_label_keys(context.report, sections))
    return found


def table_label_keys(report: Report, sections: AbstractSet[str | None]) -> list[tuple[Span, str]]:
    """(place, label key) of every caption, header cell and row label in sections that hold tables."""
    found: list[tuple[Span, str]] = []
    for section in report.sections:
        if section.key not in sections:
            continue
        for block in section.blocks:
            if isinstance(block, Table):
                lines = [*([block.caption] if block.caption else []), *block.header]
                for line in lines:
                    found.extend(_cells(line.text, line.span))
                found.extend((row.span, label_key(row.label)) for row in block.rows if row.label)
            elif isinstance(block, Paragraph) and len(block.text) <= 80:
                found.extend(_cells(block.text, block.span))  # a header line the parser did not know
    return found


def _cells(text: str, span: Span) -> Iterator[tuple[Span, str]]:
    return ((span, key) for key in _cell_keys(text))


@cached_for_short(maxsize=4096)
def _cell_keys(text: str) -> tuple[str, ...]:
    """The label keys of a line's cells, worked out once per text: captions and header lines
    recur in every report of a template."""
    separator = next((s for s in _CELL_SEPARATORS if s in text), None)
    parts = text.split(separator) if separator else [text]
    return tuple(label_key(part) for part in parts if part.strip())
