"""Decide the report year, the agency and the template, each with the evidence used."""

from __future__ import annotations

import re
from operator import attrgetter
from typing import Callable, Iterable

from ..model import Decision, Heading, Span
from ..normalize import arabic_years, cached_for_short, label_key
from ..templates import Template, fingerprints
from .lines import Line, split_cells
from .memo import ByIdentity

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})年?(?:度)?")
_PERIOD = re.compile(r"((?:19|20)\d{2})年1月1日(?:起)?至(?:\1年)?12月31日")
_TITLE_TAIL = re.compile(r"(?:19|20)\d{2}年?度?.*$")
_AGENCY = r"[\u3400-\u9fff（）()]{2,40}"  # a name: no digits, no sentence punctuation (compiled when first used: rare)
_FIELD = re.compile(r"^(?:标题|题目|文章标题):")  # a crawler's metadata header names the title field
_AGENCY_AFTER_YEAR = re.compile(r"(.+?)(?:关于)?(?:政府信息公开|政务公开)")

LineInFile = Callable[[Span], int]  # the line of the file as opened (see Source.line_in_file)


def report_year(title: Heading | None, text_lines: Iterable[str], line_in_file: LineInFile = attrgetter("line")) -> Decision:
    """The year from the title, else from the statistics period 「N年1月1日至N年12月31日」.

    ``line_in_file`` numbers the title's line as the file does (an HTML file's own line)."""
    if title is not None:
        match = _TITLE_YEAR.search(arabic_years(label_key(title.text)))
        if match:
            year = match.group(1)
            return Decision(int(year), (f"标题「{title.text}」（第{line_in_file(title.span)}行）",), written_at(title, year))
    for text in text_lines:
        match = _PERIOD.search(arabic_years(label_key(text)))
        if match:
            return Decision(int(match.group(1)), (f"统计期限「{match.group(0)}」",))
    return Decision(None, ("标题和统计期限中都没有年份 / no year in the title or statistics period",))


def agency(title: Heading | None, above: str | None = None) -> str | None:
    """The agency is what the title says before the year: 「平顶山市人民政府2020年…」 → 平顶山市人民政府
    (also in a crawler's 「标题：…」 field).  A title that starts with the year names it after the year
    (「2023年度平顶山市人民政府政府信息公开工作年度报告」), or, set on two lines (a PDF's cover:
    「淮安市人民政府」 over 「2024 年…年度报告」), on the line ``above``."""
    if title is None:
        return None
    key = arabic_years(_FIELD.sub("", label_key(title.text)))
    name = _TITLE_TAIL.sub("", key)
    if not name:
        year = _TITLE_YEAR.search(key)
        after = _AGENCY_AFTER_YEAR.match(key[year.end() :]) if year else None
        if after is not None:
            return after.group(1)
        if above is not None and re.fullmatch(_AGENCY, label_key(above)):
            return label_key(above)
    return name or None


def written_at(title: Heading, text: str) -> Span:
    """Where ``text`` (the agency, the year) is written in the title; the whole title when it is
    written differently there (full-width digits, 「二〇二四」, spaces inside the name)."""
    at = arabic_years(title.text.translate(_HALF_DIGITS)).find(text)
    if at < 0:
        return title.span
    return Span(title.span.line, title.span.column + at, title.span.column + at + len(text))


_HALF_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def choose_template(
    templates: tuple[Template, ...],
    table_lines: Iterable[Line],
    year: int | None,
    forced: str | None = None,
    line_in_file: LineInFile = attrgetter("line"),
) -> Decision:
    """Fingerprints in table headers and row labels decide; the year breaks ties.

    The evidence names each label's line as the file does (``line_in_file``)."""
    if forced is not None:
        return Decision(forced, ("由配置或命令行指定 / set by configuration",))
    owners = _owners(templates)
    hits: dict[str, list[str]] = {t.id: [] for t in templates}
    for line in table_lines:
        for key, column, width in _label_keys(line):
            told = owners.get(key)
            if told is None and "(" in key:  # 「采购总金额（单位：万元）」 carries the fingerprint 「采购总金额」 before its bracket
                told = owners.get(key.split("(", 1)[0])
            if told:  # the place is named only for a label that tells (most tell none)
                where = f"「{key}」（第{line_in_file(Span(line.number, column, column + width))}行）"
                for tid in told:
                    hits[tid].append(where)
    scored = sorted(templates, key=lambda t: len(hits[t.id]), reverse=True)
    if scored and hits[scored[0].id] and (len(scored) == 1 or len(hits[scored[0].id]) > len(hits[scored[1].id])):
        best = scored[0]
        shared = set(hits[scored[1].id]) if len(scored) > 1 else set()  # a parent's labels its child shares
        told = [h for h in hits[best.id] if h not in shared] or hits[best.id]
        return Decision(best.id, tuple(f"仅见于 {best.id} 的标签 {h}" for h in told[:5]))
    # A tie between a template and one extending it (a report of the part they share), or no
    # label at all: the newest template in force that year, the most specific one first.
    top = len(hits[scored[0].id]) if scored else 0
    tied = [t for t in scored if len(hits[t.id]) == top] if top else []
    if year is not None:
        covering = [t for t in tied if t.covers(year)] or [t for t in templates if t.covers(year)]
        if covering:
            best = max(covering, key=lambda t: (t.year_from, len(t.lineage)))
            return Decision(best.id, (f"表格无明确特征，按报告年度 {year} 选用 / chosen by report year",))
    base = [t for t in tied if all(t.id in other.lineage for other in tied)]
    if base:  # the labels are those of a template and of templates extending it: the one they share
        return Decision(base[0].id, tuple(f"{base[0].id} 及其派生模板共有的标签 {h}" for h in hits[base[0].id][:5]))
    return Decision(None, ("表格和年份都不足以判断模板 / neither tables nor year identify the template",))


def _owners_of(templates: tuple[Template, ...]) -> dict[str, list[str]]:
    """A label → the templates it tells (one, or a template and those extending it)."""
    owners: dict[str, list[str]] = {}
    for tid, prints in fingerprints(templates).items():
        for label in prints:
            owners.setdefault(label, []).append(tid)
    return owners


_owners = ByIdentity(_owners_of)  # the same tuple for every file of a linter: no deep hash each time


def _label_keys(line: Line) -> list[tuple[str, int, int]]:
    """Each label's key, and the column and width where it is written on its line (a header's
    cells are cut from the stripped text)."""
    if line.kind in ("ROW", "ROWLABEL"):
        label = line.label
        return [(label_key(label.text), label.column, len(label.text))] if label else []
    at = line.column - 1
    cells = _header_keys(line.text)
    return [(key, at + column, width) for key, column, width in cells]


@cached_for_short(maxsize=1024, longest=300)  # every report repeats its template's header lines, far shorter
def _header_keys(text: str) -> tuple[tuple[str, int, int], ...]:
    """Each cell's key, and its column and width in ``text``."""
    _, cells = split_cells(text)
    return tuple((label_key(c.text), c.column, len(c.text)) for c in cells if c.text)


