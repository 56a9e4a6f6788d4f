"""Run the ``examples`` of rule files: every passing example must stay silent, every failing one must fire.

An example starts from a consistent report of its template (``template``, ``year``, ``agency``,
``layout``; ``base``: ``generated`` seeded numbers, ``zeros``, ``small`` or another seed), changes
cells (``set``: ``"t3.r1_new.total": 5``, or ``"+1"`` to add to the base number, ``""`` for a blank
cell, any other text as written; with ``rebalance: true`` the totals and balances those cells take
part in are derived again), then edits the rendered text (``replace``), or gives the whole ``text``
itself.  ``expect`` entries name the ``line``, ``column``, ``count`` or a ``contains`` fragment of
the rule's diagnostics.  A failure says why: a relation that stayed silent says what it evaluated to.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Iterator, Mapping

from ..api import Linter
from ..check.cycle import Previous
from ..check.rules import Rule
from ..check.validate import example_template
from ..diagnostics import Diagnostic
from ..read.source import Source
from ..read.text import split_lines
from ..templates import Template
from ._derive import Key, applicant_columns, derive, disposal_rows, t4_groups
from .cycle import year_pair
from .explain import why_silent
from .generate import GeneratedReport, build_report, get_template
from .relations import broken_relations
from .render import positions, render

EXAMPLE_SEED = 7


@dataclass(frozen=True)
class Example:
    rule: Rule
    kind: str  # pass | fail
    data: Mapping[str, Any]

    @property
    def id(self) -> str:
        return f"{self.rule.id}_{self.kind}_{self.data['name']}"


def iter_examples(rules: Iterable[Rule]) -> Iterator[Example]:
    for rule in rules:
        for kind in ("pass", "fail"):
            for data in rule.examples.get(kind, ()):
                yield Example(rule, kind, data)


class ExampleError(ValueError):
    """An example that cannot be built as written (a rebalance that cannot hold, a ``replace`` that matches nothing)."""


def example_report(example: Example) -> GeneratedReport:
    """The example's report as numbers: its base with the numeric ``set`` cells applied."""
    data = example.data
    template = example_template(data, example.rule.templates)
    report = base_report(template, data.get("base", "generated"), year=data.get("year"), agency=data.get("agency"))
    if "previous" in data:  # this year's as last year's leads to it (a stock too small is raised)
        report = year_pair(report, template_id=data["previous"].get("template"), seed=EXAMPLE_SEED + 1)[1]
    return _with_cells(report, data, example.id)


def previous_report(example: Example) -> GeneratedReport | None:
    """Last year's report of an example with ``previous``: consistent with this year's base
    (:func:`govlint.testing.cycle.year_pair`), then its own ``set`` cells applied."""
    data = example.data
    if "previous" not in data or "text" in data:
        return None
    template = example_template(data, example.rule.templates)
    report = base_report(template, data.get("base", "generated"), year=data.get("year"), agency=data.get("agency"))
    last = year_pair(report, template_id=data["previous"].get("template"), seed=EXAMPLE_SEED + 1)[0]
    return _with_cells(last, data["previous"], example.id + "_previous")


def _with_cells(report: GeneratedReport, data: Mapping[str, Any], name: str) -> GeneratedReport:
    values: dict[Key, Any] = {}
    for path, value in data.get("set", {}).items():
        table, row, column = path.split(".")
        if isinstance(value, str) and value[:1] in "+-" and value[1:].isdigit():
            value = report.value(table, row, column) + int(value)
        if not isinstance(value, str):
            values[(table, row, column)] = value if isinstance(value, int) else Decimal(str(value))
    if data.get("rebalance"):
        return rebalanced(report, values, name)
    for (table, row, column), value in values.items():
        report = report.with_value(table, row, column, value)
    return report


def base_report(template: str, base: str | int, *, year: int | None = None, agency: str | None = None) -> GeneratedReport:
    """``generated`` (seeded numbers, the default), ``zeros``, ``small`` (a few ones and twos, every
    relation holding) or any other generator seed."""
    if base == "zeros":
        return build_report(template, year=year, agency=agency)
    if base == "small":
        return build_report(template, small_values(get_template(template)), year=year, agency=agency)
    return build_report(template, year=year, agency=agency, seed=EXAMPLE_SEED if base == "generated" else int(base))


def small_values(template: Template) -> dict[str, dict[str, dict[str, Any]]]:
    """A few small numbers that every 勾稽关系 keeps: one application of each applicant type handled
    as （一）予以公开, one carried over and one carried on, one review and one lawsuit kept, 1 in
    every cell of section 二; the totals are derived."""
    columns = applicant_columns(template)
    first = disposal_rows(template)[0]
    values: dict[str, dict[str, dict[str, Any]]] = {
        spec.key: {r.key: {c.key: (Decimal(1) if c.type == "decimal" else 1) for c in spec.columns} for r in spec.data_rows}
        for spec in template.tables
        if spec.section == "s2"
    }
    values["t3"] = {first: {c: 1 for c in columns}, "r2_carried": {columns[0]: 1}, "r4_carry_next": {columns[0]: 1}}
    values["t4"] = {"cases": {f"{group}_keep": 1 for group in t4_groups(template)}}
    return values


def rebalanced(report: GeneratedReport, values: Mapping[Key, Any], name: str) -> GeneratedReport:
    """The report with ``values`` set and every total and balance they take part in derived again;
    an :class:`ExampleError` naming the relations that cannot hold with those numbers."""
    numbers = {table: {row: dict(cells) for row, cells in rows.items()} for table, rows in report.values.items()}
    for (table, row, column), value in values.items():
        numbers[table][row][column] = value
    derive(report.template, numbers, frozenset(values))
    result = GeneratedReport(report.template_id, report.year, report.agency, numbers)
    broken = broken_relations(result)
    if broken:
        which = "、".join(f"{relation}（{where}）" for relation, where in broken)
        raise ExampleError(
            f"{name}: rebalance 无法让其余关系保持成立：{which}；所设的单元格本身互相矛盾，请改设其中之一，或不用 rebalance"
            f" / rebalance cannot keep these relations with the cells set: {', '.join(f'{r} ({w})' for r, w in broken)}"
        )
    return result


def example_text(example: Example) -> str:
    """The text of the report the example builds (what ``govlint rules --example ID NAME`` prints)."""
    data = example.data
    if "text" in data:
        return str(data["text"])
    return _rendered(example_report(example), data, example.id)


def previous_text(example: Example) -> str | None:
    """The text of an example's last-year report (``previous``), or None when it has none."""
    last = previous_report(example)
    return None if last is None else _rendered(last, example.data["previous"], example.id + "_previous")


def _rendered(report: GeneratedReport, data: Mapping[str, Any], name: str) -> str:
    """The report as text, with the raw ``set`` cells written and the ``replace`` edits made."""
    layout = data.get("layout", "tabs")
    text = render(report, layout)
    raw = [(path, value) for path, value in data.get("set", {}).items() if isinstance(value, str) and not _relative(value)]
    where = positions(report, layout)
    # Right to left, so that writing one cell does not move the next one on the same line.
    for path, value in sorted(raw, key=lambda item: where[_cell_key(item[0])], reverse=True):
        text = _write_raw(text, report, path, value, where)
    for edit in data.get("replace", ()):
        if edit["old"] not in text:
            raise ExampleError(f"{name}: replace.old {edit['old']!r} 不在生成的报告中 / is not in the generated report")
        text = text.replace(edit["old"], edit["new"], edit.get("count", -1))
    return text


def _cell_key(path: str) -> tuple[str, str, str]:
    table, row, column = path.split(".")
    return table, row, column


def _relative(value: str) -> bool:
    return value[:1] in "+-" and value[1:].isdigit()


def _write_raw(text: str, report: Any, path: str, raw: str, where: Mapping[tuple[str, str, str], tuple[int, int]]) -> str:
    """Put text (or nothing) where a cell's number was rendered."""
    table, row, column = path.split(".")
    line_no, col = where[(table, row, column)]
    lines = text.split("\n")
    line = lines[line_no - 1]
    written = str(report.value(table, row, column))
    lines[line_no - 1] = line[: col - 1] + raw + line[col - 1 + len(written) :]
    return "\n".join(lines)


def run_example(example: Example, linter: Linter | None = None) -> list[Diagnostic]:
    """The diagnostics of the example's own rule on the example's report (with last year's, if it has one)."""
    linter = linter or Linter()
    last = previous_text(example)
    previous = Previous(linter.parse(Source(f"<{example.id}_previous>", split_lines(last)))) if last is not None else Previous()
    result = linter.lint_source(Source(f"<{example.id}>", split_lines(example_text(example))), previous=previous)
    return [d for d in result.diagnostics if d.rule == example.rule.id]


def check_example(example: Example, linter: Linter | None = None) -> str | None:
    """None when the example behaves as declared, else what went wrong, and why when it can say."""
    rule = example.rule.id
    try:
        found = run_example(example, linter)
    except ExampleError as error:
        return str(error)
    if example.kind == "pass":
        return None if not found else f"{example.id}: expected no {rule}, got: " + "; ".join(
            f"{d.line}:{d.column} {d.message}" for d in found
        )
    if not found:
        where, why = why_silent(example.rule, example_text(example), linter or Linter())
        return f"{example.id}: expected {rule}{f' at {where}' if where else ''}, it did not fire{f'; {why}' if why else ''}"
    for expect in example.data.get("expect", ()):
        matches = [
            d
            for d in found
            if expect.get("line", d.line) == d.line
            and expect.get("column", d.column) == d.column
            and expect.get("contains", "") in d.message
        ]
        if not matches or ("count" in expect and len(matches) != expect["count"]):
            got = "; ".join(f"{d.line}:{d.column} {d.message}" for d in found)
            return f"{example.id}: expected {expect}, got: {got}"
    return None
