"""Round trips: generated numbers → rendered text (every layout, every encoding) → parser → same numbers.

The first group checks the generator and renderer on their own (no parser), so a failing
round trip always means the parser.  The parser is imported inside the tests that need it.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govlint.normalize import halfwidth
from govlint.read import read_bytes
from govlint.read.text import TextReader
from govlint.testing import (
    ENCODINGS,
    LAYOUTS,
    GeneratedReport,
    broken_relations,
    build_report,
    consistent_values,
    mutate_one,
    pick_from_draw,
    render_bytes,
    render_with_positions,
    reports,
)

TEMPLATES = ("v2019", "v2021")
ROUNDTRIP = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FAST = settings(max_examples=60, deadline=None)


def _number_text(value: int | Decimal) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


# --------------------------------------------------------------------------- generator, no parser


@FAST
@given(reports())
def test_generated_values_satisfy_every_relation(report: GeneratedReport) -> None:
    assert broken_relations(report) == []


@FAST
@given(reports())
def test_v2019_other_processing_stays_within_a_tenth_of_the_total(report: GeneratedReport) -> None:
    t3 = report.values["t3"]
    other = int(t3["r3_6_other"]["total"]) if "r3_6_other" in t3 else 0  # the v2019 GL111 heuristic
    assert other * 10 <= int(t3["r3_7_total"]["total"])


@FAST
@given(reports())
def test_generated_values_cover_the_template_with_the_right_types(report: GeneratedReport) -> None:
    template = report.template
    assert report.year in range(template.year_from, (template.year_to or 2026) + 1)
    assert set(report.values) == {t.key for t in template.tables}
    for spec in template.tables:
        assert set(report.values[spec.key]) == {r.key for r in spec.data_rows}
        for row in spec.data_rows:
            cells = report.values[spec.key][row.key]
            assert list(cells) == [c.key for c in spec.columns]
            for column in spec.columns:
                value = cells[column.key]
                if column.type == "decimal":
                    assert isinstance(value, Decimal) and value >= 0 and -value.as_tuple().exponent <= 4
                else:
                    assert isinstance(value, int) and not isinstance(value, bool)
                    assert column.type == "signed" or value >= 0


def test_both_templates_and_all_their_years_are_generated() -> None:
    seen: set[tuple[str, int]] = set()

    @settings(max_examples=200, deadline=None)
    @given(reports())
    def collect(report: GeneratedReport) -> None:
        seen.add((report.template_id, report.year))

    collect()
    assert {t for t, _ in seen} == set(TEMPLATES)
    assert all(2019 <= y <= 2020 for t, y in seen if t == "v2019")
    assert all(2021 <= y <= 2026 for t, y in seen if t == "v2021")


@pytest.mark.parametrize("template_id", TEMPLATES)
def test_consistent_values_from_a_seeded_rng_are_deterministic(template_id: str) -> None:
    first = consistent_values(template_id, random.Random(7))
    assert first == consistent_values(template_id, random.Random(7))
    assert broken_relations(GeneratedReport(template_id, 2021, "甲", first)) == []


def test_build_report_fills_the_rest_consistently() -> None:
    report = build_report("v2021", {"t3": {"r3_1_open": {"natural": 3}, "r2_carried": {"commercial": 2}}})
    t3 = report.values["t3"]
    assert t3["r3_1_open"]["natural"] == 3 and t3["r3_7_total"]["natural"] == 3
    assert t3["r1_new"]["natural"] == 3 and t3["r1_new"]["total"] == 3
    assert t3["r3_1_open"]["commercial"] == 2 and t3["r1_new"]["commercial"] == 0  # carried over, then handled
    assert broken_relations(report) == []
    only_total = build_report("v2019", {"t3": {"r1_new": {"total": 9}}, "t4": {"cases": {"ld_total": 4}}})
    assert only_total.values["t3"]["r1_new"]["natural"] == 9
    assert only_total.values["t3"]["r3_1_open"]["natural"] == 9
    assert only_total.values["t4"]["cases"]["ld_keep"] == 4
    assert broken_relations(only_total) == []
    assert broken_relations(build_report("v2021", seed=3, values={"t3": {"r3_3_2": {"legal": 40}}})) == []


@FAST
@given(st.sampled_from(TEMPLATES), st.data(), st.integers(0, 99), st.one_of(st.none(), st.integers(0, 9)))
def test_build_report_with_any_one_chosen_number_is_consistent(
    template_id: str, data: st.DataObject, value: int, seed: int | None
) -> None:
    keys = [key for key, _ in build_report(template_id).cells() if key[0] in ("t3", "t4")]
    table, row, column = data.draw(st.sampled_from(keys))
    report = build_report(template_id, {table: {row: {column: value}}}, seed=seed)
    assert report.value(table, row, column) == value
    assert broken_relations(report) == []
    assert all(v >= 0 for (t, _, _), v in report.cells() if t in ("t3", "t4"))


def test_build_report_keeps_deliberate_errors_and_rejects_unknown_cells() -> None:
    wrong = build_report("v2021", {"t3": {"r1_new": {"natural": 5, "total": 6}}})
    assert ("t3.row_total", "r1_new") in broken_relations(wrong)
    with pytest.raises(KeyError):
        build_report("v2021", {"t3": {"r3_6_other": {"natural": 1}}})  # a v2019 row
    with pytest.raises(KeyError):
        build_report("v2019", {"t2_8": {"fees": {"fee_amount": Decimal(1)}}})  # a v2021 column


@FAST
@given(reports(), st.data())
def test_mutate_one_changes_one_number_and_breaks_a_relation(report: GeneratedReport, data: st.DataObject) -> None:
    mutated, key = mutate_one(report, pick_from_draw(data.draw))
    changed = [k for (k, v), (_, w) in zip(report.cells(), mutated.cells()) if v != w]
    assert changed == [key] and key[0] in ("t3", "t4")
    assert mutated.value(*key) >= 0
    assert broken_relations(mutated)


@FAST
@given(reports(), st.sampled_from(LAYOUTS))
def test_recorded_positions_point_at_the_numbers(report: GeneratedReport, layout: str) -> None:
    text, where = render_with_positions(report, layout)
    lines = text.split("\n")
    assert set(where) == {key for key, _ in report.cells()}
    for key, value in report.cells():
        line, column = where[key]
        written = halfwidth(lines[line - 1][column - 1 :])
        expected = _number_text(value)
        assert written.startswith(expected), (key, lines[line - 1])
        before, after = lines[line - 1][column - 2 : column - 1], written[len(expected) : len(expected) + 1]
        assert before in ("", " ", "\t") and after in ("", " ", "\t"), (key, lines[line - 1])


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_render_bytes_read_back_as_the_same_lines(encoding: str, newline: str) -> None:
    rng = random.Random(encoding + newline)
    for layout in LAYOUTS:
        report = build_report(rng.choice(TEMPLATES), seed=rng.randrange(1000))
        data = render_bytes(report, layout, encoding, newline)
        source = read_bytes(data, "report.txt", [TextReader()])
        assert source.lines == tuple(render_with_positions(report, layout)[0].split("\n")[:-1])


# --------------------------------------------------------------------------- through the parser


def _read_back(report_model: object, report: GeneratedReport) -> dict[tuple[str, str, str], object]:
    """What the parsed model holds for every generated cell: (value, line, column), or what is missing."""
    found: dict[tuple[str, str, str], object] = {}
    for key, _ in report.cells():
        table_key, row_key, column_key = key
        table = report_model.table(table_key)  # type: ignore[attr-defined]
        row = table.row(row_key) if table is not None else None
        cell = row.cell(column_key) if row is not None else None
        if table is None:
            found[key] = "no table"
        elif row is None:
            found[key] = "no row"
        elif cell is None:
            found[key] = f"no cell ({row.status.value})"
        else:
            found[key] = (cell.value, cell.span.line, cell.span.column)
    return found


def _expected(report: GeneratedReport, layout: str) -> dict[tuple[str, str, str], object]:
    _, where = render_with_positions(report, layout)
    return {key: (value, *where[key]) for key, value in report.cells()}


@pytest.mark.parametrize("template_id", TEMPLATES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_parse_gives_back_every_number_at_its_place(layout: str, template_id: str) -> None:
    from govlint.parse import parse_text

    @ROUNDTRIP
    @given(reports(template_id))
    def roundtrip(report: GeneratedReport) -> None:
        text, _ = render_with_positions(report, layout)
        assert _read_back(parse_text(text, f"{layout}.txt"), report) == _expected(report, layout)

    roundtrip()


@pytest.mark.parametrize("template_id", TEMPLATES)
@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig"])
def test_encoded_bytes_parse_to_the_same_numbers(encoding: str, template_id: str) -> None:
    from govlint.parse import parse_source

    @settings(max_examples=15, deadline=None)
    @given(reports(template_id), st.sampled_from(LAYOUTS), st.sampled_from(["\n", "\r\n"]))
    def roundtrip(report: GeneratedReport, layout: str, newline: str) -> None:
        source = read_bytes(render_bytes(report, layout, encoding, newline), "report.txt", [TextReader()])
        assert _read_back(parse_source(source), report) == _expected(report, layout)

    roundtrip()
