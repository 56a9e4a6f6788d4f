"""A new template year is one YAML file: ``extends:`` another, change a few rows, lint with it (issue 9)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint import templates
from govlint.api import Linter, lint_text
from govlint.cli import EXIT_ERROR, main
from govlint.errors import RuleFileError
from govlint.read.source import Source
from govlint.templates import builtin_templates, fingerprints, load_templates

# A 2025 revision (invented for the test): （六）其他处理 gains a fourth sub-item, which the row
# groups the rules sum (@disposal for （七）总计, @other for the text's 「其他处理 N 件」) include.
V2025 = """\
id: v2025
extends: v2021
title: 政府信息公开工作年度报告格式（2025年修订）
source: 测试用修订
years: {from: 2025}
tables:
  - key: t3
    rows:
      - {key: r3_6_4, label: 4.其他情形, groups: [disposal, other], after: r3_6_3}
"""

T3_ROWS = """\
一、本年新收政府信息公开申请数量 {new} 0 0 0 0 0 {new}
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
三、本年度办理结果
（一）予以公开 7 0 0 0 0 0 7
（二）部分公开（区分处理的，只计这一情形，不计其他情形） 3 0 0 0 0 0 3
（三）不予公开
1.属于国家秘密 1 0 0 0 0 0 1
2.其他法律行政法规禁止公开 1 0 0 0 0 0 1
3.危及“三安全一稳定” 0 0 0 0 0 0 0
4.保护第三方合法权益 0 0 0 0 0 0 0
5.属于三类内部事务信息 0 0 0 0 0 0 0
6.属于四类过程性信息 0 0 0 0 0 0 0
7.属于行政执法案卷 0 0 0 0 0 0 0
8.属于行政查询事项 0 0 0 0 0 0 0
（四）无法提供
1.本机关不掌握相关政府信息 1 0 0 0 0 0 1
2.没有现成信息需要另行制作 1 0 0 0 0 0 1
3.补正后申请内容仍不明确 1 0 0 0 0 0 1
（五）不予处理
1.信访举报投诉类申请 1 0 0 0 0 0 1
2.重复申请 1 0 0 0 0 0 1
3.要求提供公开出版物 0 0 0 0 0 0 0
4.无正当理由大量反复申请 0 0 0 0 0 0 0
5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0
（六）其他处理
1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1
3.其他 1 0 0 0 0 0 1
{extra}（七）总计 {total} 0 0 0 0 0 {total}
四、结转下年度继续办理 0 0 0 0 0 0 0
"""


def report(year: int, *, fourth: int | None, total: int, told_other: int) -> str:
    """A report laid out with v2025 (``fourth`` the new row's count) or v2021 (``fourth=None``)."""
    extra = "" if fourth is None else f"4.其他情形 {fourth} 0 0 0 0 0 {fourth}\n"
    return (
        f"青岚市人民政府{year}年政府信息公开工作年度报告\n\n一、总体情况\n\n"
        f"（二）依申请公开。本年共收到政府信息公开申请{total}件，办结{total}件。其中，其他处理{told_other}件。\n\n"
        "三、收到和处理政府信息公开申请情况\n\n"
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况\n"
        "自然人 法人或其他组织 总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
        + T3_ROWS.format(new=total, total=total, extra=extra)
    )


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    """A ``--rules`` folder holding only the new template (in its ``templates`` folder)."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "v2025.yaml").write_text(V2025, encoding="utf-8")
    return tmp_path


def ids(result) -> list[str]:
    return [d.rule for d in result.diagnostics]


def test_the_derived_template_is_v2021_with_one_row_more(rules_dir):
    templates = {t.id: t for t in Linter(extra_rule_dirs=[rules_dir]).templates}
    v2021, v2025 = templates["v2021"], templates["v2025"]
    assert v2025.lineage == ("v2025", "v2021") and v2025.year_from == 2025 and v2025.sections == v2021.sections
    rows = [r.key for r in v2025.table("t3").rows]
    assert rows == [*[r.key for r in v2021.table("t3").rows][:-2], "r3_6_4", "r3_7_total", "r4_carry_next"]
    assert v2025.group_rows()["other"] == ("r3_6_1", "r3_6_2", "r3_6_3", "r3_6_4")
    assert v2021.group_rows()["other"] == ("r3_6_1", "r3_6_2", "r3_6_3")


def test_a_report_laid_out_with_it_is_linted_by_the_unchanged_rules(rules_dir):
    linter = Linter(extra_rule_dirs=[rules_dir])
    good = lint_text(report(2025, fourth=2, total=22, told_other=5), linter=linter)
    assert good.error is None
    assert linter.parse(linter_source(good.path, report(2025, fourth=2, total=22, told_other=5))).template.value == "v2025"
    assert not {"GL103", "GL308", "GL013"} & set(ids(good)), ids(good)
    without = lint_text(report(2025, fourth=2, total=22, told_other=5))  # the built-in templates alone
    assert {"GL103", "GL308", "GL013"} <= set(ids(without))  # 「4.其他情形」 is no row of v2021
    # （七）总计 leaves the new row out: GL103 sums @disposal, which now holds it.
    short = lint_text(report(2025, fourth=2, total=20, told_other=5), linter=linter)
    assert "GL103" in ids(short)
    # The text's 「其他处理 3 件」 forgets the new row: GL308 sums @other, which now holds it.
    told = lint_text(report(2025, fourth=2, total=22, told_other=3), linter=linter)
    assert [d.rule for d in told.diagnostics if d.rule == "GL308"] == ["GL308"]


def linter_source(path: str, text: str):
    from govlint.read.source import Source
    from govlint.read.text import split_lines

    return Source(path=path, lines=split_lines(text))


def test_the_parent_still_lints_its_own_reports(rules_dir):
    """v2021 reports keep v2021 (2023: v2025 is not yet in force; no label tells them apart)."""
    linter = Linter(extra_rule_dirs=[rules_dir])
    text = report(2023, fourth=None, total=20, told_other=3)
    assert linter.parse(linter_source("r.txt", text)).template.value == "v2021"
    assert not {"GL103", "GL308", "GL901"} & set(ids(lint_text(text, linter=linter)))


def test_the_cli_lints_with_a_template_from_a_rules_folder(rules_dir, tmp_path_factory, capsys):
    path = tmp_path_factory.mktemp("reports") / "2025.txt"
    path.write_text(report(2025, fourth=2, total=20, told_other=5), encoding="utf-8")
    main(["check", "--rules", str(rules_dir), "--select", "GL103", str(path)])
    out = capsys.readouterr().out
    assert "[GL103]" in out and "（七）总计 20 ≠ 各办理结果之和 22" in out, out


def test_fingerprints_compare_a_template_only_with_unrelated_ones(rules_dir):
    templates = Linter(extra_rule_dirs=[rules_dir]).templates
    prints = fingerprints(templates)
    assert prints[templates[1].id] == fingerprints(builtin_templates())["v2021"]  # v2025 takes nothing from v2021
    assert "4.其他情形" in prints["v2025"]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


BUILTIN = sorted(Path(__file__).resolve().parents[1].joinpath("rules", "templates").glob("*.yaml"))


@pytest.mark.parametrize(
    "files, words",
    [
        ({"a.yaml": "id: a\nextends: v2030\n"}, ["a.yaml", "第2行 extends", "没有模板「v2030」可继承", "unknown template"]),
        ({"a.yaml": "id: a\nextends: a\n"}, ["第2行 extends", "模板继承成环：a → a", "cycle"]),
        ({"a.yaml": "id: a\nextends: b\n", "b.yaml": "id: b\nextends: a\n"}, ["模板继承成环", "a → b → a", "cycle"]),
        ({f"t{i}.yaml": f"id: t{i}\nextends: {'v2021' if i == 0 else f't{i - 1}'}\n" for i in range(9)}, ["extends", "超过 8 层", "more than 8"]),
        ({"a.yaml": "id: a\nextends: v2021\ntables:\n  - key: t3\n    rows:\n      - {key: r9}\n"},
         ["第6行 tables.0.rows.0", "新行 r9 缺少 label", "needs label"]),
        ({"a.yaml": "id: a\nextends: v2021\ntables:\n  - key: t3\n    rows:\n      - {key: r9, remove: true}\n"},
         ["tables.0.rows.0.remove", "要删除的行 r9 不存在", "no row 'r9' to remove"]),
        ({"a.yaml": "id: a\nextends: v2021\ntables:\n  - key: t3\n    rows:\n      - {key: r9, label: x, after: r3_9}\n"},
         ["tables.0.rows.0.after", "after: r3_9 不存在"]),
        ({"a.yaml": "id: a\nextends: v2021\nsections:\n  - {key: s3, remove: true}\n"}, ["第2行 extends", "表 t3 所在章节 s3 不存在"]),
        ({"a.yaml": "id: a\nextends: v2021\ntables:\n  - key: t4\n    rows:\n      - {key: cases, groups: [disposal]}\n"},
         ["行组 disposal 同时用在表 t3 和表 t4", "two tables"]),
        ({"a.yaml": "id: a\nextends: v2021\ntables:\n  - key: t3\n    rows:\n      - {key: r3_3_head, groups: [withheld]}\n"},
         ["行组 withheld 含有非数据行 r3_3_head"]),
        ({"a.yaml": "id: a\ntitle: x\nyears: {from: 2030}\nsections: [{key: s1, number: 一, title: 总体情况}]\n"
          "tables: [{key: t1, section: s1, title: x, columns: [{key: c, label: c}], rows: [{key: r, label: r, after: q}]}]\n"},
         ["after: q 不存在"]),
        ({"a.yaml": "id: a\nextends: v2021\ntables:\n  - {key: t3, remove: true, title: x}\n"}, ["删除的表 t3 不能同时修改 title"]),
        ({"a.yaml": "id: a\nextends: v2021\ntables:\n  - key: t3\n    rows:\n      - {key: r9, label: x, after: r3_6_3, before: r3_6_3}\n"},
         ["tables.0.rows.0.before", "after、before 只能写一个", "only one of after, before"]),
    ],
)
def test_a_broken_extends_names_the_file_and_the_key(tmp_path, files, words):
    paths = [write(tmp_path, name, text) for name, text in files.items()]
    with pytest.raises(RuleFileError) as info:
        load_templates([*BUILTIN, *paths])
    for word in words:
        assert word in str(info.value), str(info.value)


def test_a_broken_template_in_a_rules_folder_is_exit_2(rules_dir, capsys):
    write(rules_dir / "templates", "v2025.yaml", V2025.replace("extends: v2021", "extends: v2012"))
    assert main(["check", "--rules", str(rules_dir), "examples/sample-report.md"]) == EXIT_ERROR
    assert "没有模板「v2012」可继承" in capsys.readouterr().err


SECTION_RULE = """\
id: AG301
name: agency.s7_empty
title: 「七、」部分为空
message: 「{section}」部分没有内容
severity: warning
rationale: 示例。
applies_to: {templates: [v2025]}
check: {kind: empty_section, sections: [SECTION]}
examples:
  pass: [{name: ok, text: "青岚市人民政府2025年政府信息公开工作年度报告\\n\\n七、年度重点\\n\\n本年完成了三项重点工作。\\n"}]
  fail: [{name: empty, text: "青岚市人民政府2025年政府信息公开工作年度报告\\n\\n七、年度重点\\n"}]
"""


def test_a_section_a_template_adds_is_one_rules_may_name(rules_dir):
    """Section keys come from the templates too: 「s7」 loads once a template has it, 「s9」 never."""
    write(rules_dir / "templates", "v2025.yaml", V2025 + "sections:\n  - {key: s7, number: 七, title: 年度重点}\n")
    write(rules_dir, "AG301.yaml", SECTION_RULE.replace("SECTION", "s7"))
    (rule,) = [r for r in Linter(extra_rule_dirs=[rules_dir]).rules if r.id == "AG301"]
    assert rule.templates == ("v2025",)
    write(rules_dir, "AG301.yaml", SECTION_RULE.replace("SECTION", "s9"))
    with pytest.raises(RuleFileError, match="模板 v2025 没有章节 s9"):
        _ = Linter(extra_rule_dirs=[rules_dir]).rules


def test_without_a_year_the_template_both_extend_is_chosen(rules_dir):
    """Labels tie between v2021 and v2025 and the title has no year: their common base, not a guess."""
    linter = Linter(extra_rule_dirs=[rules_dir])
    text = report(2023, fourth=None, total=20, told_other=3).replace("2023年", "")
    chosen = linter.parse(linter_source("r.txt", text)).template
    assert chosen.value == "v2021" and "v2021 及其派生模板共有的标签" in chosen.evidence[0]


def test_readers_know_the_section_titles_of_the_templates_the_linter_loaded(rules_dir, monkeypatch):
    """A Word or HTML reader finds a heading only a ``--rules`` template has (「七、年度重点」)."""
    write(rules_dir / "templates", "v2025.yaml", V2025 + "sections:\n  - {key: s7, number: 七, title: 年度重点}\n")
    from govlint import api
    from govlint.read.headings import section_heading

    seen = []
    monkeypatch.setattr(api, "read_path", lambda path, readers: seen.append(section_heading()) or Source(path=path, lines=["x"]))
    Linter(extra_rule_dirs=[rules_dir]).read("draft.html")
    assert seen[0].match("七、年度重点工作") and seen[0].match("一、总体情况")
    assert not section_heading().match("七、年度重点工作")  # outside the linter's read: the built-in templates only


def _plain_prefixes(titled: list[tuple[str, str]]) -> set[str]:
    """Each title cut after the first character no title of another section shares: every pair compared."""
    prefixes = set()
    for key, text in titled:
        shared = max((templates._common_prefix(text, other) for other_key, other in titled if other_key != key), default=0)
        prefixes.add(text[: max(templates.HEADING_PREFIX, shared + 1)])
    return prefixes


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["s1", "s2", "s3"]), st.text(alphabet="总体情况收到", min_size=1, max_size=7)), max_size=12))
def test_heading_prefixes_are_those_every_pair_of_titles_gives(titled):
    sections = [SimpleNamespace(key=key, title=text, aliases=()) for key, text in titled]
    assert set(templates.heading_prefixes([SimpleNamespace(sections=sections)])) == _plain_prefixes(titled)  # type: ignore[list-item]


def test_the_built_in_heading_prefixes_are_those_every_pair_of_titles_gives():
    builtin = templates.builtin_templates()
    titled = [(spec.key, text) for template in builtin for spec in template.sections for text in (spec.title, *spec.aliases)]
    assert set(templates.heading_prefixes(builtin)) == _plain_prefixes(titled)
