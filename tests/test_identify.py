"""A batch that pairs reads each report's agency and year without parsing its tables
(:meth:`Linter.identify`): it must give what the full parse gives, on every layout and input."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.api import Linter
from govlint.config import Config
from govlint.errors import ConfigError, NotAReportError
from govlint.pairing import IDENTITY_LINES
from govlint.parse import _identity, _lines, identify_source
from govlint.read.source import Source
from govlint.read.text import split_lines
from govlint.testing import LAYOUTS, render, sample_reports
from govlint.testing.render import LOSSY_LAYOUTS

from .conftest import REAL, SEEDS, needs_shared

LINTER = Linter()


def _parsed(linter: Linter, source: Source) -> tuple[str | None, int | None]:
    report = linter.parse(source)
    return report.agency, report.year.value if isinstance(report.year.value, int) else None


def _both_ways(linter: Linter, source: Source) -> None:
    for lines in (source.lines, source.lines[:IDENTITY_LINES], source.lines[:3]):
        cut = replace(source, lines=lines)
        try:
            expected = _parsed(linter, cut)
        except NotAReportError:
            with pytest.raises(NotAReportError):
                linter.identify(cut)
            continue
        assert linter.identify(cut) == expected


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_reports_in_every_layout(layout: str) -> None:
    for index, report in enumerate(sample_reports(6, 7)):
        _both_ways(LINTER, Source(f"<{index}>", split_lines(render(report, layout))))


@needs_shared
def test_seeds_and_real_files() -> None:
    files = [*SEEDS.glob("*.txt"), *REAL.glob("*.txt"), *REAL.glob("*.html"), *REAL.glob("*.docx")]
    assert files
    for path in files:
        _both_ways(LINTER, LINTER.read(str(path)))


def test_configured_agency_and_year_win() -> None:
    linter = Linter(config=Config(values={"agency": "某某县人民政府", "year": 2022}))
    source = Source("<r>", split_lines(render(next(iter(sample_reports(1, 3))), LAYOUTS[0])))
    assert linter.identify(source) == _parsed(linter, source) == ("某某县人民政府", 2022)


def test_prose_without_title_or_table_is_no_report() -> None:
    source = Source("<prose>", split_lines("这是一段普通的文字。\n没有标题，也没有表格。\n"))
    with pytest.raises(NotAReportError):
        LINTER.identify(source)


def test_an_unknown_configured_template_is_the_error_parse_gives(tmp_path) -> None:
    """As in the full parse: a configuration error, and in a batch's pairing each file's problem
    (it was raised past the pairing, ending the run)."""
    from govlint.pairing import identify_all
    from govlint.runner import Options

    linter = Linter(config=Config(values={"template": "nope"}))
    source = Source("<r>", split_lines(render(next(iter(sample_reports(1, 3))), LAYOUTS[0])))
    with pytest.raises(ConfigError) as parsed:
        linter.parse(source)
    with pytest.raises(ConfigError) as identified:
        linter.identify(source)
    assert identified.value.message == parsed.value.message
    (tmp_path / ".govlint.yaml").write_text("template: nope\n", encoding="utf-8")
    paths = []
    for year in (2019, 2020):
        path = tmp_path / f"r{year}.md"
        path.write_text(render(next(iter(sample_reports(1, 3))), LAYOUTS[0]), encoding="utf-8")
        paths.append(str(path))
    identities = identify_all(paths, Options(), jobs=1)
    assert [i.path for i in identities] == paths and all("没有模板「nope」" in (i.problem or "") for i in identities)


_RENDERED: dict[tuple[int, str], tuple[str, ...]] = {}
_REPORTS = sample_reports(4, 11)
# Lines a report's beginning may hold before or after its title: headings, a cover's agency,
# a title without a year, one cell per line (whose pieces a rebuilt label may take), comments,
# rules and footers (classified as nothing), the statistics period.
_EXTRA = (
    "一、总体情况", "三、收到和处理政府信息公开申请情况", "平顶山市人民政府", "某县人民政府政府信息公开工作年度报告",
    "2023年度政府信息公开工作年度报告", "<!-- 注释 -->", "|---|---|", "- 3 -", "", "（一）", "予以公开", "0", "12", "/",
    "本报告统计期限为2022年1月1日至2022年12月31日。", "第二十条第（一）项", "信息内容", "本年制发件数", "自然人",
)


def _rendered(index: int, layout: str) -> tuple[str, ...]:
    key = (index, layout)
    if key not in _RENDERED:
        _RENDERED[key] = split_lines(render(_REPORTS[index], layout))
    return _RENDERED[key]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, len(_REPORTS) - 1),
    st.sampled_from(LAYOUTS + LOSSY_LAYOUTS),
    st.lists(st.sampled_from(_EXTRA), max_size=5),
    st.integers(0, 4),
    st.sampled_from([None, 2021]),
)
def test_the_leading_title_gives_what_classifying_the_whole_beginning_gives(
    index: int, layout: str, extra: list[str], at: int, year: int | None
) -> None:
    """:func:`identify_source` reads a leading title alone; it must give exactly the agency and
    the year (with their evidence) that the plain way, all the beginning's lines, gives."""
    lines = list(_rendered(index, layout))
    source = Source("<r>", tuple(lines[:at] + extra + lines[at:])[:IDENTITY_LINES])
    templates = LINTER.templates
    try:
        _, name, found = _identity(_lines(source, templates), source, year)
    except NotAReportError:
        with pytest.raises(NotAReportError):
            identify_source(source, templates=templates, year=year)
        return
    assert identify_source(source, templates=templates, year=year) == (name, found)


def test_a_title_that_begins_a_label_of_cells_is_classified_with_what_follows() -> None:
    """A template whose header cell starts with the title's words: the one-cell-per-line rebuild
    joins the title into that header, so the title alone does not identify the report."""
    title = "某县人民政府2023年政府信息公开工作年度报告"
    first, *others = LINTER.templates
    table = first.tables[0]
    templates = (replace(first, tables=(replace(table, header_words=(*table.header_words, title + "附表")), *first.tables[1:])), *others)
    source = Source("<r>", (title, "附表", "0", "0", "0", "规章", "1", "2", "3"))
    _, name, found = _identity(_lines(source, templates), source, None)
    assert name is None and found.value is None
    assert identify_source(source, templates=templates) == (name, found)
