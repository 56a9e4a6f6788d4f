"""The office's annual cycle as the check sees it: last year's report, and what the configuration
says about agencies, reporter levels, publication dates and deadlines (issue 10, spec §6.5, §6.7).

Nothing here reads files: the runner pairs reports and hands the previous one in; the CLI and the
configuration give the settings.  Agency names are compared by :func:`agency_key`, so the pairing
(:mod:`govlint.pairing`) and the check agree on who the same reporter is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Mapping

from ..model import Report
from ..normalize import label_key

LEVELS = ("部门", "乡镇", "县级", "地市级", "省级", "垂直管理")
# spec §6.7: the deadline in the year after the report's, per reporter level (month, day).
DEFAULT_DEADLINES: Mapping[str, str] = {
    "部门": "01-31", "乡镇": "01-31", "县级": "02-20", "地市级": "03-10", "省级": "03-31", "垂直管理": "03-31",
}
LEGACY_DEADLINE = "03-31"  # report years ≤ 2018: old 条例 第三十一条, every agency
DEFAULT_RECYCLED_THRESHOLD = 0.85


@dataclass(frozen=True)
class CycleSettings:
    """What the configuration (and command line) says about the cycle, for every file of a linter."""

    aliases: Mapping[str, str] = field(default_factory=dict)  # agency_key(alias) → canonical name
    levels: Mapping[str, str] = field(default_factory=dict)  # agency_key(name) → level (roster, configuration)
    level: str | None = None  # the level of every report under this configuration
    published: str | None = None  # ISO date: --published, or configuration
    deadlines: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_DEADLINES))
    recycled_threshold: float = DEFAULT_RECYCLED_THRESHOLD

    def canonical(self, agency: str | None) -> str | None:
        """The agency's canonical name (its configured alias resolved), or None when unknown."""
        if not agency:
            return None
        return self.aliases.get(agency_key(agency), agency)

    def level_of(self, agency: str | None) -> tuple[str | None, str]:
        """The reporter's level and where it came from (Chinese), or None and why not."""
        name = self.canonical(agency)
        if name and agency_key(name) in self.levels:
            return self.levels[agency_key(name)], "名单或配置中的 levels"
        if self.level:
            return self.level, "配置中的 level"
        inferred = infer_level(name)
        if inferred:
            return inferred, f"由机关名称「{name}」推断"
        return None, "未能确定发布机关的层级（请在配置中写 level，或在名单中写明）"


@dataclass(frozen=True)
class Identity:
    """Who reports for which year, as one file says (``agency`` canonical), or why it could not tell."""

    path: str
    agency: str | None = None
    year: int | None = None
    written: str | None = None  # the agency as the title writes it
    problem: str = ""  # why the file has no identity (unreadable, no title …)


@dataclass(frozen=True)
class Previous:
    """Last year's report for the report under check, or why there is none (empty: not looked for)."""

    report: Report | None = None
    missing: str = ""  # said once (GL903) when a previous report was looked for and not found


def agency_key(name: str) -> str:
    """A name as compared: width, spaces and punctuation normalised (「平顶山市 人民政府」 = 「平顶山市人民政府」)."""
    return label_key(name)


# Level from the name alone, only where the name leaves no doubt (spec §6.7, open question 7).
# Patterns as text, compiled on the first report whose level is asked for, not at start-up.
_DEPARTMENT = r"(?:局|委员会|委|办公室|办公厅|中心|厅|署|院|所|处|站|队)$"
_GOVERNMENT = r"人民政府$"
_TOWN = r"(?:乡|镇|街道)(?:人民政府|办事处)$"
_PROVINCE = r"^(?:[\u4e00-\u9fff]{2,8}(?:省|自治区)|北京市|天津市|上海市|重庆市)人民政府$"
_PREFECTURE = r"(?:自治州|地区|盟)人民政府$"
_COUNTY = r"(?:县|区|旗)人民政府$"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def infer_level(agency: str | None) -> str | None:
    """部门 for a bureau or an office (「…局」「…办公室」), 乡镇 for a 乡/镇/街道, a government's level
    from the unit its name ends with; None when the name does not say: 「…市人民政府」 may be a
    prefecture-level or a county-level city, 「平潭综合实验区」 is neither."""
    if not agency:
        return None
    name = agency_key(agency)
    if _compiled(_TOWN).search(name):
        return "乡镇"
    if _compiled(_DEPARTMENT).search(name):
        return "部门"
    if not _compiled(_GOVERNMENT).search(name):
        return None
    if _compiled(_PROVINCE).match(name):
        return "省级"
    if _compiled(_PREFECTURE).search(name):
        return "地市级"
    if _compiled(_COUNTY).search(name):
        return "县级"
    return None


def comparable(report: Report, previous: Report, settings: CycleSettings) -> str:
    """Why last year's report cannot be compared with this one (Chinese), or "" when it can."""
    year, last = report.year.value, previous.year.value
    if not isinstance(year, int) or not isinstance(last, int):
        return "未能确定本报告或上一年度报告的年度"
    if last != year - 1:
        return f"指定的上一年度报告是 {last} 年的，不是 {year - 1} 年的"
    mine, theirs = settings.canonical(report.agency), settings.canonical(previous.agency)
    if mine and theirs and agency_key(mine) != agency_key(theirs):
        return f"上一年度报告的发布机关是「{previous.agency}」，不是「{report.agency}」（同一机关的别名可在配置 agencies 中写明）"
    return ""
