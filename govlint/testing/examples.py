"""Run the ``examples`` of rule files: every passing example must stay silent, every failing one must fire.

An example starts from a consistent generated report of its template (``template``,
``year``, ``agency``, ``layout``), changes cells (``set``: ``"t3.r1_new.total": 5``, or
``"+1"`` to add to the generated number, ``""`` for a blank cell, any other text as written),
then edits the rendered text (``replace``), or gives the whole ``text`` itself.
``expect`` entries name the ``line``, ``column``, ``count`` or a ``contains`` fragment of the
rule's diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Iterator, Mapping

from ..api import Linter, lint_text
from ..check.rules import Rule
from ..check.validate import example_template
from ..diagnostics import Diagnostic
from .generate import build_report
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


def example_text(example: Example) -> str:
    data = example.data
    if "text" in data:
        return str(data["text"])
    template = example_template(data, example.rule.templates)
    report = build_report(template, year=data.get("year"), agency=data.get("agency"), seed=EXAMPLE_SEED)
    cells: dict[str, Any] = {}
    for path, value in data.get("set", {}).items():
        table, row, column = path.split(".")
        if isinstance(value, str) and value[:1] in "+-" and value[1:].isdigit():
            value = report.value(table, row, column) + int(value)
        cells[path] = value
        if not isinstance(value, str):
            report = report.with_value(table, row, column, value if isinstance(value, int) else Decimal(str(value)))
    layout = data.get("layout", "tabs")
    text = render(report, layout)
    raw = [(path, value) for path, value in cells.items() if isinstance(value, str)]
    where = positions(report, layout)
    # Right to left, so that writing one cell does not move the next one on the same line.
    for path, value in sorted(raw, key=lambda item: where[_cell_key(item[0])], reverse=True):
        text = _write_raw(text, report, path, value, where)
    for edit in data.get("replace", ()):
        if edit["old"] not in text:
            raise AssertionError(f"{example.id}: replace.old {edit['old']!r} is not in the generated report")
        text = text.replace(edit["old"], edit["new"], edit.get("count", -1))
    return text


def _cell_key(path: str) -> tuple[str, str, str]:
    table, row, column = path.split(".")
    return table, row, column


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
    """The diagnostics of the example's own rule on the example's report."""
    result = lint_text(example_text(example), f"<{example.id}>", linter=linter)
    return [d for d in result.diagnostics if d.rule == example.rule.id]


def check_example(example: Example, linter: Linter | None = None) -> str | None:
    """None when the example behaves as declared, else what went wrong."""
    found = run_example(example, linter)
    if example.kind == "pass":
        return None if not found else f"{example.id}: expected no {example.rule.id}, got: " + "; ".join(
            f"{d.line}:{d.column} {d.message}" for d in found
        )
    if not found:
        return f"{example.id}: expected {example.rule.id} to fire, it did not"
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
