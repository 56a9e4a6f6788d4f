"""A batch that pairs reads each report's agency and year without parsing its tables
(:meth:`Linter.identify`): it must give what the full parse gives, on every layout and input."""

from __future__ import annotations

from dataclasses import replace

import pytest

from govlint.api import Linter
from govlint.config import Config
from govlint.errors import ConfigError, NotAReportError
from govlint.pairing import IDENTITY_LINES
from govlint.read.source import Source
from govlint.read.text import split_lines
from govlint.testing import LAYOUTS, render, sample_reports

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
