"""Every number of the seeds' tables lands at its row key and column, as written in the seed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govlint.model import RowStatus
from govlint.parse import parse_text

from .conftest import needs_shared, seed

pytestmark = needs_shared

T3_ROWS_V2019 = (
    "r1_new r2_carried r3_1_open r3_2_partial r3_3_1 r3_3_2 r3_3_3 r3_3_4 r3_3_5 r3_3_6 r3_3_7 r3_3_8 "
    "r3_4_1 r3_4_2 r3_4_3 r3_5_1 r3_5_2 r3_5_3 r3_5_4 r3_5_5 r3_6_other r3_7_total r4_carry_next"
).split()
T3_ROWS_V2021 = T3_ROWS_V2019[:-3] + ["r3_6_1", "r3_6_2", "r3_6_3", "r3_7_total", "r4_carry_next"]
T3_COLUMNS = "natural commercial research nonprofit legal other_org total".split()
T4_COLUMNS = [f"{g}_{p}" for g in ("rv", "ld", "lr") for p in ("keep", "fix", "other", "pending", "total")]

# Seed 000 (平顶山市 2020, v2019, space-separated): table 三 row by row, as printed.
SEED_000_T3 = """
489 895 1 0 118 222 1725
2 0 0 0 0 58 60
166 873 1 0 118 235 1393
3 1 0 0 0 1 5
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
1 0 0 0 0 0 1
1 0 0 0 0 0 1
107 21 0 0 0 44 172
1 0 0 0 0 0 1
191 0 0 0 0 0 191
3 0 0 0 0 0 3
1 0 0 0 0 0 1
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
2 0 0 0 0 0 2
15 0 0 0 0 0 15
491 895 1 0 118 280 1785
0 0 0 0 0 0 0
"""
SEED_000_T2 = {
    ("t2_1", "rules"): [1, 1, 1],
    ("t2_1", "normative"): [166, 164, 269],
    ("t2_5", "licensing"): [10952, 7205, 1274428],
    ("t2_5", "other_services"): [8268, 995, 502982],
    ("t2_6", "penalty"): [11243, 1118, 573725],
    ("t2_6", "enforcement"): [1310, 874, 5828],
    ("t2_8", "fees"): [334, 6],
    ("t2_9", "procurement"): [5141, Decimal("662820.1755")],
}
SEED_002_T3 = """
100 10 0 0 0 0 110
0 0 0 0 0 0 0
11 0 0 0 0 0 11
5 0 0 0 0 0 5
1 0 0 0 0 0 1
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
2 0 0 0 0 0 2
80 9 0 0 0 0 89
1 0 0 0 0 0 1
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 1 0 0 0 0 1
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
100 10 0 0 0 0 110
0 0 0 0 0 0 0
"""
SEED_002_T2 = {
    ("t2_1", "rules"): [0, 0, 0],
    ("t2_1", "normative"): [9, 4, 253],
    ("t2_5", "licensing"): [0],
    ("t2_6", "penalty"): [0],
    ("t2_6", "enforcement"): [0],
    ("t2_8", "fees"): [0],
}
# Each seed's （七）总计 row and table 四, as printed.
TOTALS = {
    "000": ([491, 895, 1, 0, 118, 280, 1785], [15, 9, 2, 1, 27, 7, 1, 2, 2, 12, 0, 0, 1, 1, 2]),
    "001": ([220, 3, 0, 0, 5, 0, 228], [19, 4, 1, 2, 26, 6, 0, 0, 0, 6, 2, 0, 0, 0, 2]),
    "002": ([100, 10, 0, 0, 0, 0, 110], [0] * 15),
    "004": ([108, 893, 0, 0, 117, 238, 1356], [5, 1, 1, 1, 8, 5, 0, 2, 1, 8, 0, 0, 1, 0, 1]),
}


def _parse(prefix: str):
    path = seed(prefix)
    return parse_text(path.read_text(encoding="utf-8"), str(path)), path.read_text(encoding="utf-8").split("\n")


def _values(report, table: str, row: str, columns: list[str]) -> list:
    found = report.table(table).row(row)
    assert found is not None, f"{table}.{row} missing"
    assert found.status is RowStatus.OK, f"{table}.{row}: {found.status}"
    return [found.cell(c).value for c in columns]


@pytest.mark.parametrize(
    "prefix, template, t3, t2",
    [("000", "v2019", SEED_000_T3, SEED_000_T2), ("002", "v2021", SEED_002_T3, SEED_002_T2)],
)
def test_every_number_of_tables_two_three_four(prefix, template, t3, t2):
    report, lines = _parse(prefix)
    assert report.template.value == template
    rows = T3_ROWS_V2019 if template == "v2019" else T3_ROWS_V2021
    expected = [[int(v) for v in line.split()] for line in t3.strip().split("\n")]
    assert len(expected) == len(rows)
    for key, numbers in zip(rows, expected):
        assert _values(report, "t3", key, T3_COLUMNS) == numbers, key
    for (table, row), numbers in t2.items():
        columns = [c.key for c in report.table(table).columns]
        assert _values(report, table, row, columns) == numbers, (table, row)
    assert _values(report, "t4", "cases", T4_COLUMNS) == TOTALS[prefix][1]


@pytest.mark.parametrize("prefix", sorted(TOTALS))
def test_totals_and_table_four_with_positions(prefix):
    report, lines = _parse(prefix)
    totals, t4 = TOTALS[prefix]
    assert _values(report, "t3", "r3_7_total", T3_COLUMNS) == totals
    assert _values(report, "t4", "cases", T4_COLUMNS) == t4
    for key in ("r3_7_total",):
        for cell in report.table("t3").row(key).cells:
            line = lines[cell.span.line - 1]
            assert line[cell.span.column - 1 :].startswith(cell.raw), (key, cell)
    for cell in report.table("t4").row("cases").cells:
        assert lines[cell.span.line - 1][cell.span.column - 1 :].startswith(cell.raw)


def test_seed_003_short_rows_are_kept_at_their_lines_not_shifted():
    report, lines = _parse("003")
    table = report.table("t3")
    short = [row for row in table.rows if row.status is RowStatus.SHORT]
    assert [row.span.line for row in short] == list(range(63, 84))
    for row in short:
        assert len(row.cells) == 6 and row.expected_cells == 7
        assert all(cell.column is None for cell in row.cells)  # never assigned to a guessed column
    assert _values(report, "t3", "r1_new", T3_COLUMNS) == [0] * 7
    assert table.row("r3_3_2").label == "2.其他法律法规禁止公开"


@pytest.mark.parametrize(
    "prefix, agency, year, template",
    [
        ("000", "平顶山市人民政府", 2020, "v2019"),
        ("001", "三门峡市人民政府", 2020, "v2019"),
        ("002", "平顶山市人民政府办公室", 2024, "v2021"),
        ("003", "平顶山高新技术产业开发区综合办公室", 2020, "v2019"),
        ("004", "鲁山县人民政府", 2020, "v2019"),
    ],
)
def test_title_year_template_and_six_sections(prefix, agency, year, template):
    report, _ = _parse(prefix)
    assert (report.agency, report.year.value, report.template.value) == (agency, year, template)
    assert report.template.evidence
    assert [s.key for s in report.sections] == ["s1", "s2", "s3", "s4", "s5", "s6"]


def test_rows_that_look_like_headings_stay_in_the_table():
    report, _ = _parse("004")
    assert [s.heading.span.line for s in report.sections] == [1, 45, 82, 158, 167, 174]
    assert report.table("t3").row("r3_head") is not None
    assert report.table("t3").row("r4_carry_next").span.line == 156
