"""Pairs of generated reports of one agency's consecutive years, for the cross-year rules (issue 10).

:func:`previous_year` builds last year's report so that every cross-year identity holds: its
四、结转下年度继续办理 is this year's 二、上年结转 in every column, and (both on the 2021 template) its
现行有效件数 plus this year's 制发 minus 废止 is this year's 现行有效件数; its section 五 is worded
differently.  A test then breaks exactly the identity it is about.
"""

from __future__ import annotations

from typing import Any

from .generate import GeneratedReport, applicant_columns, build_report, get_template

__all__ = ["LAST_YEAR_PROBLEMS", "year_pair"]

#: Section 五 of the generated previous year: other problems, other measures.
LAST_YEAR_PROBLEMS: tuple[str, ...] = (
    "存在的主要问题：一是主动公开目录更新不够及时，个别栏目内容陈旧；二是依申请公开答复文书的规范性有待提高。",
    "改进措施：一是建立目录动态调整机制，每季度集中更新一次；二是制定答复文书范本，组织案例研讨和专题培训。",
)


def year_pair(
    report: GeneratedReport, *, template_id: str | None = None, seed: int = 0, problems: tuple[str, ...] = LAST_YEAR_PROBLEMS
) -> tuple[GeneratedReport, GeneratedReport]:
    """``(last year's report, this year's)`` of ``report``'s agency, consistent (see the module).

    This year's report comes back unchanged, except that a 现行有效件数 too small to have come from
    any stock last year is raised.  ``template_id`` defaults to the template of last year (2021
    template from report year 2021).
    """
    year = report.year - 1
    template = get_template(template_id or ("v2021" if year >= 2021 else "v2019"))
    carried = report.values["t3"]["r2_carried"]
    values: dict[str, Any] = {"t3": {"r4_carry_next": {col: carried[col] for col in applicant_columns(template)}}}
    if template.id == "v2021" and report.template_id == "v2021":
        values["t2_1"] = {}
        for row, cells in report.values["t2_1"].items():
            flow = int(cells["issued"]) - int(cells["repealed"])
            if int(cells["in_force"]) < flow:
                report = report.with_value("t2_1", row, "in_force", flow)
            values["t2_1"][row] = {"in_force": int(report.values["t2_1"][row]["in_force"]) - flow}
    previous = build_report(template.id, values, year=year, agency=report.agency, seed=seed)
    return GeneratedReport(previous.template_id, previous.year, previous.agency, previous.values, problems), report
