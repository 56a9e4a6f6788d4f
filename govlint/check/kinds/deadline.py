"""``deadline``: the report was published after the deadline of its reporter's level (spec §6.7).

    check: {kind: deadline, levels: [部门, 省级, 垂直管理]}

The publication date is ``--published``, else the configuration's ``published``, else the page's own
发布时间/发布日期 line; with none, nothing is judged (nothing to judge).  The level is the configuration's
(``levels`` per agency, or ``level``), else inferred from the agency's name when unambiguous.  With no
level, the rule naming 省级 still judges the latest deadline of any level (3月31日: late for every
level after it); the earlier ones cannot be judged, which is said once (GL903) when the user gave
the date, and not for a date merely found on the page (most pages carry one).  The deadline is 「N+1年 MM月DD日前」 (inclusive, open question 6)
from the configuration's ``deadlines`` (local ones) over the national ones; report years up to 2018 had
3月31日 for all (old 条例).  A rule judges only the ``levels`` it names, so statutory and administrative
deadlines can carry different severities.  The finding is at the title.
Placeholders: ``published``, ``deadline``, ``level``, ``days``, ``source``, ``level_source``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ...diagnostics import Location
from ...model import Span
from ..base import CheckContext, Finding
from ..cycle import LEGACY_DEADLINE, LEVELS

if TYPE_CHECKING:
    from datetime import date


class DeadlineKind:
    name = "deadline"
    placeholders = ("published", "deadline", "level", "days", "source", "level_source")
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "levels"],
        "properties": {
            "kind": {"const": "deadline"},
            "levels": {"type": "array", "minItems": 1, "items": {"enum": list(LEVELS)}},
        },
    }

    def prepare(self, params: Mapping[str, Any]) -> frozenset[str]:
        return frozenset(params["levels"])

    @staticmethod
    def cannot_judge(context: CheckContext, levels: frozenset[str]) -> str:
        """Why the deadline cannot be judged although a publication date is known (Chinese), or ""."""
        if not context.cycle.published or not isinstance(context.report.year.value, int):
            return ""
        level, why = context.cycle.level_of(context.report.agency)
        return "" if level else why

    def run(self, context: CheckContext, levels: frozenset[str]) -> Iterable[Finding]:
        report = context.report
        year = report.year.value
        published, source = _published(context)
        if published is None or not isinstance(year, int):
            return
        level, level_source = context.cycle.level_of(report.agency)
        deadlines = context.cycle.deadlines
        if level is None and "省级" in levels:  # whatever the level: nothing may come later than the latest
            level, month_day = "任何层级", max(deadlines.values(), default=LEGACY_DEADLINE)
        elif level is None or level not in levels:
            return  # an unknown level is said once by the engine (GL903) when the date was given
        else:
            month_day = deadlines.get(level, LEGACY_DEADLINE)
        month_day = LEGACY_DEADLINE if year <= 2018 else month_day
        deadline = published.replace(year=year + 1, month=int(month_day[:2]), day=int(month_day[3:]))  # datetime: see _day
        if published <= deadline:
            return
        title = report.title
        yield Finding(
            title.span if title is not None else Span(1, 1, 1),
            {
                "published": published.isoformat(),
                "deadline": f"{deadline.year}年{deadline.month}月{deadline.day}日",
                "level": level,
                "days": (published - deadline).days,
                "source": source,
                "level_source": level_source,
            },
            Location(heading="published"),
            expected=f"<= {deadline.isoformat()}",
            actual=published.isoformat(),
        )


def _published(context: CheckContext) -> tuple[date | None, str]:
    """The publication date and where it came from (Chinese)."""
    given = context.cycle.published
    if given:
        return _day(given), "命令行 --published 或配置 published"
    found = context.report.published
    if isinstance(found.value, str):
        return _day(found.value), "页面上的" + (found.evidence[0] if found.evidence else "发布时间")
    return None, ""


def _day(text: str) -> date:
    """datetime is imported only once a date is known: most reports state none, and a miss need not import it."""
    from datetime import date

    return date.fromisoformat(text)
