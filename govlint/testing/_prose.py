"""The text sections of a generated report: short, realistic, and consistent with its tables.

Clean generated reports should pass every rule, so the prose covers what the notices ask for
(the five aspects of 一, problems *and* improvements in 五, 信息处理费 in a v2021 六) and every
number it quotes is the table's own (docs/spec.md §6.6).
"""

from __future__ import annotations

from .generate import GeneratedReport

__all__ = ["paragraphs"]


def paragraphs(report: GeneratedReport) -> dict[str, list[str]]:
    """Paragraphs per section key (``s1``, ``s5``, ``s6``), each one line of unwrapped text."""
    t3 = report.values["t3"]
    t4 = report.values["t4"]["cases"]
    new, carried = t3["r1_new"]["total"], t3["r2_carried"]["total"]
    done, carry = t3["r3_7_total"]["total"], t3["r4_carry_next"]["total"]
    lawsuits = int(t4["ld_total"]) + int(t4["lr_total"])
    s1 = [
        f"{report.year}年，{report.agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
        "不公开为例外，扎实推进主动公开、依申请公开、政府信息管理、政府信息公开平台建设和监督保障等各项工作。",
        "（一）主动公开。围绕重点领域信息公开要求，及时发布政策文件、规划计划和财政预决算信息，" + _documents(report),
        f"（二）依申请公开。本年共收到政府信息公开申请{new}件，上年结转{carried}件，办结{done}件，"
        f"结转下年度继续办理{carry}件，均在法定期限内答复。",
        "（三）政府信息管理。严格落实公开前保密审查制度，动态更新政府信息公开指南和主动公开目录。",
        "（四）政府信息公开平台建设。持续优化政府网站政府信息公开专栏，规范政务新媒体的开设和管理。",
        "（五）监督保障。将政务公开工作纳入年度绩效考核，主动接受社会评议，本年度未发生责任追究情形。"
        f"因政府信息公开工作被申请行政复议{t4['rv_total']}件，被提起行政诉讼{lawsuits}件。",
    ]
    s5 = [
        "存在的主要问题：一是政策解读的形式较为单一，图解和视频解读偏少；二是基层政务公开标准化规范化工作推进不够平衡。",
        "改进措施：一是丰富政策解读形式，提高解读材料与政策文件同步发布的比例；二是加强对基层单位的业务培训和督促指导。",
    ]
    if report.template_id == "v2019":
        s6 = ["本年度无其他需要报告的事项。"]
    else:
        s6 = [f"依据《政府信息公开信息处理费管理办法》，{report.year}年{report.agency}未收取信息处理费。"]
    return {"s1": s1, "s5": list(report.problems) or s5, "s6": s6}


def _documents(report: GeneratedReport) -> str:
    row = report.values.get("t2_1", {}).get("normative", {})
    if report.template_id == "v2019":
        return f"本年新公开规范性文件{row['published']}件。"
    if report.template_id == "v2021":
        return f"本年度制发行政规范性文件{row['issued']}件，现行有效{row['in_force']}件。"
    return ""
