"""The annual cycle (issue 10): cross-year rules on generated pairs in every input format, the
pairing, the roster and the deadlines."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.api import Linter
from govlint.check.cycle import Previous, infer_level
from govlint.cli import main
from govlint.check.cycle import Identity
from govlint.pairing import pair
from govlint.plugin.manager import plugins
from govlint.read import read_bytes as _read_bytes
from govlint.roster import Roster, Unit, check_roster
from govlint.runner import Options
from govlint.testing import build_report, render, render_docx, render_html, render_pdf
from govlint.testing.cycle import year_pair

from .conftest import SEEDS, needs_shared

LINTER = Linter()


def read_bytes(data: bytes, name: str):
    return _read_bytes(data, name, plugins().readers())
FORMATS = {
    "text": (lambda r: render(r, "tabs").encode("utf-8"), "r.txt"),
    "docx": (render_docx, "r.docx"),
    "html": (lambda r: render_html(r).encode("utf-8"), "r.html"),
    "pdf": (render_pdf, "r.pdf"),
}


def _lint(current, previous, fmt: str):
    make, name = FORMATS[fmt]
    last = LINTER.parse(read_bytes(make(previous), "last-" + name))
    return LINTER.lint_source(read_bytes(make(current), name), previous=Previous(last)).diagnostics


def _pair(template: str = "v2021", year: int = 2024):
    return year_pair(build_report(template, seed=11, year=year, agency="青岚市生态环境局"), seed=12)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_cross_year_rule_passes_on_a_consistent_pair_and_fails_when_broken(fmt):
    if fmt == "pdf":
        pytest.importorskip("reportlab")
    previous, current = _pair()
    assert not [d for d in _lint(current, previous, fmt) if d.rule.startswith("GL40")]
    carried = previous.with_value("t3", "r4_carry_next", "natural", int(previous.value("t3", "r4_carry_next", "natural")) + 3)
    stock = carried.with_value("t2_1", "normative", "in_force", int(previous.value("t2_1", "normative", "in_force")) + 5)
    copied = type(stock)(stock.template_id, stock.year, stock.agency, stock.values, ())  # last year's 五 word for word
    found = {d.rule: d for d in _lint(current, copied, fmt)}
    assert {"GL401", "GL402", "GL403"} <= set(found)
    assert found["GL401"].severity.label == "error" and "相差 -3" in found["GL401"].message
    assert found["GL402"].severity.label == "info" and "相差 -5" in found["GL402"].message
    assert "相似度为 100%" in found["GL403"].message


def test_a_2020_report_paired_with_a_2021_report_compares_the_carry_over_and_says_what_it_skipped():
    previous, current = year_pair(build_report("v2021", seed=5, year=2021), seed=6)
    assert previous.template_id == "v2019"
    broken = previous.with_value("t3", "r4_carry_next", "legal", int(previous.value("t3", "r4_carry_next", "legal")) + 1)
    found = _lint(current, broken, "text")
    assert [d.rule for d in found if d.rule == "GL401"] == ["GL401"]
    (note,) = [d for d in found if d.rule == "GL903"]
    assert "v2019 模板" in note.message and "GL402" in note.message and "GL401" not in note.message


def test_a_previous_report_of_another_agency_or_year_is_not_compared_and_says_why():
    previous, current = _pair()
    other = type(previous)(previous.template_id, previous.year, "云溪县人民政府", previous.values)
    found = _lint(current, other, "text")
    assert not [d for d in found if d.rule in ("GL401", "GL402", "GL403")]
    assert any(d.rule == "GL903" and "云溪县人民政府" in d.message for d in found)


def test_without_a_previous_report_cross_year_rules_are_not_run_and_the_cli_says_so_once(tmp_path, capsys):
    previous, current = _pair()
    (tmp_path / "a.txt").write_text(render(current, "tabs"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(render(build_report("v2021", seed=2, agency="石桥镇人民政府"), "tabs"), encoding="utf-8")
    assert main(["check", str(tmp_path), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert err.count("跨年度规则") == 1 and "2 份报告没有可比的上一年度报告" in err


def test_batch_pairs_consecutive_years_of_one_agency_and_checks_them(tmp_path, capsys):
    previous, current = _pair()
    broken = previous.with_value("t3", "r4_carry_next", "natural", int(previous.value("t3", "r4_carry_next", "natural")) + 1)
    (tmp_path / "2023.txt").write_text(render(broken, "tabs"), encoding="utf-8")
    (tmp_path / "2024.txt").write_text(render(current, "tabs"), encoding="utf-8")
    assert main(["check", str(tmp_path), "--no-progress", "--select", "GL401"]) == 1
    out = capsys.readouterr().out
    assert "2024.txt:" in out and "GL401" in out
    assert main(["pairs", str(tmp_path)]) == 0
    assert "与 " in capsys.readouterr().out


def test_aliases_in_configuration_pair_a_renamed_agency(tmp_path, capsys):
    previous, current = _pair()
    renamed = type(previous)(previous.template_id, previous.year, "青岚市环境保护局", previous.values)
    (tmp_path / "2023.txt").write_text(render(renamed, "tabs"), encoding="utf-8")
    (tmp_path / "2024.txt").write_text(render(current, "tabs"), encoding="utf-8")
    (tmp_path / ".govlint.yaml").write_text("agencies:\n  青岚市生态环境局: [青岚市环境保护局]\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    assert main(["pairs", str(tmp_path)]) == 0
    assert "按配置的别名视为同一机关" in capsys.readouterr().out


@needs_shared
def test_the_seed_city_report_and_office_report_are_not_paired():
    from govlint.pairing import identify_all

    pairing = pair(identify_all([str(p) for p in sorted(SEEDS.glob("*.txt"))], Options()))
    assert pairing.previous == {}
    agencies = {i.agency for i in pairing.identities}
    assert {"平顶山市人民政府", "平顶山市人民政府办公室"} <= agencies


def test_roster_of_twenty_units_finds_exactly_the_three_missing_and_the_one_duplicated(tmp_path, capsys):
    names = [f"青岚市第{i}局" for i in range(1, 21)]
    roster = tmp_path / "roster.yaml"
    roster.write_text("year: 2024\nunits:\n" + "".join(f"  - {{name: {n}, level: 部门}}\n" for n in names), encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    present = [n for n in names if n not in names[3:6]]
    for index, name in enumerate(present + [names[0]]):
        (reports / f"{index:02}.txt").write_text(render(build_report("v2021", seed=index, year=2024, agency=name), "tabs"), encoding="utf-8")
    code = main(["check", str(reports), "--roster", str(roster), "--no-progress", "--select", "GL101"])
    out = capsys.readouterr().out
    assert code == 1
    table = out[out.index("名单核对") :]
    assert "缺报 3，重复 1，不在名单 0" in table
    assert [line.split()[1] for line in table.splitlines() if line.strip().startswith("缺报 ")] == names[3:6]
    assert "重复" in table and names[0] in table.split("重复  ")[-1]


def test_roster_names_a_report_of_a_unit_not_on_it():
    roster = Roster((Unit("青岚市第1局", "部门", ("一局",)),), 2024, "r.yaml")
    result = check_roster(roster, [Identity("a", "一局", 2024, "一局"), Identity("b", "别的局", 2024, "别的局")])
    assert not result.missing and [i.path for i in result.unknown] == ["b"]


@pytest.mark.parametrize(
    ("name", "level"),
    [("青岚市生态环境局", "部门"), ("青岚市人民政府办公室", "部门"), ("石桥镇人民政府", "乡镇"), ("东湄街道办事处", "乡镇"),
     ("云溪县人民政府", "县级"), ("南屿区人民政府", "县级"), ("某某自治州人民政府", "地市级"), ("某某省人民政府", "省级"),
     ("青岚市人民政府", None), ("平潭综合实验区", None)],
)
def test_level_is_inferred_only_when_the_name_leaves_no_doubt(name, level):
    assert infer_level(name) == level


def test_deadline_from_the_html_page_own_publication_date():
    report = build_report("v2021", seed=3, year=2023, agency="青岚市生态环境局")
    page = render_html(report).replace("<body>", "<body><div class='info'>发布日期：2024-02-20</div>", 1)
    found = [d for d in LINTER.lint_source(read_bytes(page.encode("utf-8"), "r.html")).diagnostics if d.rule == "GL405"]
    assert len(found) == 1 and "晚 20 天" in found[0].message and "网页第" in found[0].message


def test_an_unknown_level_is_judged_by_the_latest_deadline_and_a_given_date_says_what_it_could_not_judge(tmp_path):
    report = build_report("v2021", seed=3, year=2023, agency="青岚市人民政府")
    text = render(report, "tabs").replace("年度报告\n", "年度报告\n发布时间：2024-03-20\n", 1)
    rules = ("GL405", "GL406", "GL903")
    assert not [d for d in LINTER.lint_source(read_bytes(text.encode(), "r.txt")).diagnostics if d.rule in rules]
    given = Linter(published="2024-03-20")
    found = [d for d in given.lint_source(read_bytes(text.encode(), "r.txt")).diagnostics if d.rule in rules]
    assert [d.rule for d in found] == ["GL903"] and "level" in found[0].message
    configured = Linter(published=None, config=LINTER.config.merged(level="地市级"))
    late = [d for d in configured.lint_source(read_bytes(text.encode(), "r.txt")).diagnostics if d.rule == "GL406"]
    assert len(late) == 1 and "2024年3月10日" in late[0].message


def test_published_on_the_command_line_wins(tmp_path, capsys):
    report = build_report("v2021", seed=3, year=2023, agency="青岚市生态环境局")
    path = Path(tmp_path / "r.txt")
    path.write_text(render(report, "tabs"), encoding="utf-8")
    assert main(["check", str(path), "--published", "2024-01-31", "--select", "GL405"]) == 0
    assert main(["check", str(path), "--published", "2024-02-01", "--select", "GL405"]) == 1
    with pytest.raises(SystemExit):
        main(["check", str(path), "--published", "2024-13-01"])
    assert "YYYY-MM-DD" in capsys.readouterr().err


def _docx_with(data: bytes, old: str, new: str) -> bytes:
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        if old in paragraph.text:
            paragraph.text = paragraph.text.replace(old, new)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


STALE = ("依据《政府信息公开信息处理费管理办法》，2024年", "2023年，依据《政府信息公开信息处理费管理办法》，")
EDITED = {
    "text": (lambda r: render(r, "tabs").replace(*STALE).encode("utf-8"), "r.txt"),
    "html": (lambda r: render_html(r).replace(*STALE).encode("utf-8"), "r.html"),
    "docx": (lambda r: _docx_with(render_docx(r), *STALE), "r.docx"),
}


@pytest.mark.parametrize("fmt", EDITED)
def test_a_sentence_opening_with_last_year_is_found_in_every_editable_format(fmt):
    report = build_report("v2021", seed=11, year=2024, agency="青岚市生态环境局")
    make, name = FORMATS[fmt]
    assert not [d for d in LINTER.lint_source(read_bytes(make(report), name)).diagnostics if d.rule == "GL404"]
    edit, name = EDITED[fmt]
    (found,) = [d for d in LINTER.lint_source(read_bytes(edit(report), name)).diagnostics if d.rule == "GL404"]
    assert "此句却以 2023 年开头" in found.message and found.location.section == "s6"


def test_the_roster_gives_levels_for_deadlines_and_aliases_for_pairing(tmp_path, capsys):
    roster = tmp_path / "roster.yaml"
    roster.write_text("year: 2024\nunits:\n  - {name: 青岚市人民政府, level: 地市级, aliases: [青岚市政府]}\n", encoding="utf-8")
    previous, current = year_pair(build_report("v2021", seed=11, year=2024, agency="青岚市人民政府"), seed=12)
    renamed = type(previous)(previous.template_id, previous.year, "青岚市政府", previous.values, previous.problems)
    (tmp_path / "2023.txt").write_text(render(renamed, "tabs"), encoding="utf-8")
    (tmp_path / "2024.txt").write_text(render(current, "tabs"), encoding="utf-8")
    code = main(["check", str(tmp_path / "2023.txt"), str(tmp_path / "2024.txt"), "--roster", str(roster), "--published", "2025-03-11", "--no-progress"])
    out = capsys.readouterr()
    assert code == 0  # warnings only, and the roster is complete
    assert "缺报 0，重复 0，不在名单 0" in out.out and "GL40" not in out.out.replace("GL406", "")
    assert "GL406" in out.out and "地市级年报的期限 2025年3月10日" in out.out
    assert "没有可比的上一年度报告" in out.err and "1 份" in out.err  # 2024 paired with 2023 through the alias


def test_previous_with_standard_input_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "last.txt").write_text(render(build_report("v2021", seed=1), "tabs"), encoding="utf-8")
    assert main(["check", "-", "--previous", str(tmp_path / "last.txt")]) == 2
    assert "标准输入" in capsys.readouterr().err
