"""The parsed model as a readable outline (``govlint parse``)."""

from __future__ import annotations

from .model import Report, RowStatus
from .read.source import Source


def report_to_text(report: Report, source: Source | None = None) -> str:
    read_as = f"  ({source.format}, {source.encoding})" if source else ""
    out = [
        f"文件 / file: {report.path}{read_as}",
        f"标题 / title: {report.title.text if report.title else '（未找到 / not found）'}",
        f"机关 / agency: {report.agency or '?'}",
        f"年度 / year: {report.year.value}  ({'; '.join(report.year.evidence)})",
        f"模板 / template: {report.template.value}  ({'; '.join(report.template.evidence[:2])})",
    ]
    for section in report.sections:
        out.append(f"{section.heading.span.line:>5}  [{section.key}] {section.heading.text}")
        for table in section.tables:
            out.append(f"{table.span.line:>5}    表 {table.key or '?'} {table.title} ({table.layout}, {len(table.rows)} 行)")
            for row in table.rows:
                cells = " ".join(c.raw or "□" for c in row.cells)
                flag = "" if row.status in (RowStatus.OK, RowStatus.CATEGORY) else f"  <{row.status.value}: {len(row.cells)}/{row.expected_cells}>"
                out.append(f"{row.span.line:>5}      {row.key or '?':<14} {row.label[:24]:<24} {cells}{flag}")
    return "\n".join(out) + "\n"
