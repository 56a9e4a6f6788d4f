"""The ``html`` format: one self-contained page a drafter can read without knowing what a linter is.

A summary of every file, then each report drawn from its parsed model: headings and paragraphs
as text, tables as tables (row labels and cells as written, never realigned).  Every cell or
piece of text a finding points to is highlighted, carries the finding's rule id beside it and
links to the finding; each finding links back.  No network: the style sheet is inline, there
is no script.  The report is untrusted input, so every piece of its text is escaped.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import Iterable, Iterator, Sequence

from ..api_types import FileResult
from ..diagnostics import Diagnostic, Severity, grouped
from ..model import Block, Heading, Paragraph, Report, Row, Table
from ..parsed_file import ParsedFile, Span3
from .base import FormatContext, Spool, StreamedFormat, Totals
from .html_style import STYLE

_CLASS = {Severity.ERROR: "err", Severity.WARNING: "warn", Severity.INFO: "info"}
_ADVICE = {Severity.ERROR: "须改正", Severity.WARNING: "请核对", Severity.INFO: "供参考"}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


_HEAD = (
    '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    "<title>年度报告检查结果</title>\n"
    f"<style>{STYLE}</style>\n</head>\n<body>\n"
)


class HtmlWriter:
    """Each file's section is drawn as the file finishes, then its parsed model is let go; the
    overview rows and sections wait in spools for the page's header, which needs the counts."""

    def __init__(self, context: FormatContext) -> None:
        self.context = context
        self.rows, self.sections = Spool(), Spool()
        self.count = 0

    def begin(self) -> str:
        return ""

    def file(self, result: FileResult) -> str:
        self.count += 1
        page = _FilePage(self.count, result, self.context)
        self.rows.write(page.summary_row())
        self.sections.write("\n" + page.render())
        return ""

    def end(self, totals: Totals) -> Iterator[str]:
        yield _HEAD + _header(totals) + "\n" + _SUMMARY_HEAD
        yield from self.rows.read()
        yield _SUMMARY_TAIL
        yield from self.sections.read()
        yield "\n</body>\n</html>\n"


class HtmlFormat(StreamedFormat):
    """Findings drawn on the reports themselves, as one HTML page (needs the parsed model)."""

    name = "html"
    needs_model = True  # the CLI keeps each parsed report for this format

    def writer(self, context: FormatContext) -> HtmlWriter:
        return HtmlWriter(context)


def _header(totals: Totals) -> str:
    counts = totals.severities
    return (
        '<header class="page-head"><h1>政府信息公开工作年度报告 · 检查结果</h1>'
        f"<p>共检查 {totals.files} 份文件，发现 "
        f'<span class="sev err">错误 {counts[Severity.ERROR]} 处</span> '
        f'<span class="sev warn">警告 {counts[Severity.WARNING]} 处</span> '
        f'<span class="sev info">提示 {counts[Severity.INFO]} 处</span>。</p>'
        '<p class="legend">下面先列出每份文件的情况，再逐份画出报告的正文和表格：'
        '<mark class="hit err">红色</mark>是错误（如合计与各项之和不相等），须改正；'
        '<mark class="hit warn">橙色</mark>是警告，请核对；<mark class="hit info">蓝色</mark>是提示，供参考。'
        "每个问题旁的编号（如 GL103）是检查规则的编号；点击问题可跳到它所在的表格或文字，点击表格中的编号可跳回问题说明。</p>"
        "</header>"
    )


_SUMMARY_HEAD = (
    '<section class="summary"><h2>文件一览</h2><table class="overview"><thead><tr>'
    "<th>文件</th><th>结论</th><th>错误</th><th>警告</th><th>提示</th><th>最需要处理的问题</th>"
    "</tr></thead><tbody>"
)
_SUMMARY_TAIL = "</tbody></table></section>"


def _status(result: FileResult) -> tuple[str, str]:
    """(css class, words) for the overview."""
    if result.error:
        return "err", "未能读取"
    if result.skipped:
        return "skip", "已跳过（不是年度报告）"
    worst = result.worst()
    if worst is None:
        return "ok", "未发现问题"
    return _CLASS[worst], {Severity.ERROR: "有错误，须改正", Severity.WARNING: "有警告，请核对", Severity.INFO: "仅有提示"}[worst]


@dataclass
class _FilePage:
    """One file: its findings, and the anchors that tie them to its cells and text."""

    index: int
    result: FileResult
    context: FormatContext
    findings: list[Diagnostic] = field(init=False)
    cells: dict[tuple[int, int], list[int]] = field(init=False)  # cell (file line, column) → findings
    text_marks: dict[int, list[int]] = field(init=False)  # block id → findings marked in it
    unplaced: list[int] = field(init=False)  # findings with no cell or text drawn on the page
    target: dict[int, str] = field(init=False)  # finding → the anchor of where it points

    def __post_init__(self) -> None:
        self.findings = sorted(self.result.diagnostics, key=Diagnostic.sort_key)
        self.cells, self.text_marks, self.unplaced, self.target = defaultdict(list), defaultdict(list), [], {}
        parsed = self.result.parsed
        if parsed is not None:
            self._place(parsed)
        else:
            self.unplaced = list(range(len(self.findings)))

    # ------------------------------------------------------------------ where each finding is

    def _place(self, parsed: ParsedFile) -> None:
        cell_at = {parsed.at(c.span)[:2] for t in parsed.report.tables for r in t.rows for c in r.cells}
        # by position, then in reading order: of a table and its first row starting at one place, the row wins
        blocks = sorted((parsed.at(b.span)[:2], k, id(b)) for k, b in enumerate(_text_blocks(parsed.report)))
        starts = [start for start, _, _ in blocks]
        for j, d in enumerate(self.findings):
            hits = [p for p in dict.fromkeys(s[:2] for s in (d.span, *(e.span for e in d.evidence))) if p in cell_at]
            for place in hits:
                self.cells[place].append(j)
            before = bisect_right(starts, (d.line, d.column))  # after the last block starting at or before the finding
            if (d.line, d.column) in cell_at:
                self.target[j] = self.cell_id((d.line, d.column))
            elif d.line > 0 and before > 0:  # a heading, a sentence, a row label: marked in the text
                self.text_marks[blocks[before - 1][2]].append(j)
                self.target[j] = self.mark_id(j)
            elif hits:
                self.target[j] = self.cell_id(hits[0])
            else:
                self.unplaced.append(j)

    def cell_id(self, place: tuple[int, int]) -> str:
        return f"f{self.index}-c{place[0]}-{place[1]}"

    def mark_id(self, j: int) -> str:
        return f"f{self.index}-m{j}"

    def finding_id(self, j: int) -> str:
        return f"f{self.index}-d{j}"

    # ------------------------------------------------------------------ overview row

    def summary_row(self) -> str:
        css, words = _status(self.result)
        r = self.result
        reason = r.error or r.skipped
        if reason:
            worst = _e(reason)
        elif self.findings:
            level = max(d.severity for d in self.findings)
            j = next(j for j, d in enumerate(self.findings) if d.severity == level)
            worst = f'<a href="#{self.finding_id(j)}">{_e(self.findings[j].message)}</a>'
        else:
            worst = "—"
        counts = "".join(f'<td class="num">{r.count(s)}</td>' for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
        return (
            f'<tr><td><a href="#f{self.index}">{_e(r.path)}</a></td><td><span class="status {css}">{words}</span></td>'
            f"{counts}<td>{worst}</td></tr>"
        )

    # ------------------------------------------------------------------ the file's section

    def render(self) -> str:
        r = self.result
        parts = [f'<section class="file" id="f{self.index}"><h2>{_e(r.path)}</h2>']
        if r.error:
            parts.append(f'<p class="status err">未能读取这份文件：{_e(r.error)}</p>')
        elif r.skipped:
            parts.append(f'<p class="status skip">已跳过：{_e(r.skipped)}</p>')
        else:
            parts.append(self._facts())
            parts.append(self._finding_list())
            if r.parsed is not None:
                parts.append(self._document(r.parsed))
        parts.append('<p class="top"><a href="#">回到页首</a></p></section>')
        return "\n".join(parts)

    def _facts(self) -> str:
        r = self.result
        facts = [f"错误 {r.count(Severity.ERROR)} 处，警告 {r.count(Severity.WARNING)} 处，提示 {r.count(Severity.INFO)} 处"]
        if r.parsed is not None:
            report = r.parsed.report
            facts.insert(0, f"机关：{_e(report.agency or '未识别')}；年度：{_e(report.year.value or '未识别')}；模板：{_e(report.template.value or '未识别')}")
        if r.suppressed:
            facts.append(f"另有 {r.suppressed} 处已按文中的说明不予提示")
        if r.baselined:
            facts.append(f"另有 {r.baselined} 处是已登记的旧问题，未列出")
        return "".join(f'<p class="facts">{f}</p>' for f in facts)

    def _finding_list(self) -> str:
        if not self.findings:
            return '<p class="status ok">没有发现问题。</p>'
        index = {id(d): j for j, d in enumerate(self.findings)}
        items = []
        for primary, related in grouped(self.findings):  # a defect once, the findings it also caused inside it
            members = "".join(self._finding_item(index[id(d)], d) for d in related)
            inside = f'<div class="related">同一处问题还引起：<ul>{members}</ul></div>' if related else ""
            items.append(self._finding_item(index[id(primary)], primary, inside))
        return f'<h3>问题清单</h3><ol class="findings">{"".join(items)}</ol>'

    def _finding_item(self, j: int, d: Diagnostic, inside: str = "") -> str:
        where = d.place or (f"第 {d.line} 行第 {d.column} 列" if d.line > 0 else "整份报告")
        rule = self.context.rules.get(d.rule)
        title = f"：{_e(rule.title)}" if rule is not None else ""
        detail = []
        values = [f"{word} <b>{_e(value)}</b>" for word, value in (("应为", d.expected), ("实为", d.actual)) if value not in (None, "")]
        if values:
            detail.append("，".join(values))
        if d.hint:
            detail.append(f"提示：{_e(d.hint)}")
        if d.fix is not None:
            detail.append(f"确定的改法：把「{_e(d.fix.old)}」改为「<b>{_e(d.fix.new)}</b>」（<code>govlint check --fix</code> 可自动改正）")
        link = f' <a class="goto" href="#{self.target[j]}">在报告中查看 ↓</a>' if j in self.target else ""
        return (
            f'<li id="{self.finding_id(j)}" class="finding {_CLASS[d.severity]}">'
            f'<span class="sev {_CLASS[d.severity]}">{d.severity.chinese}·{_ADVICE[d.severity]}</span> '
            f'{_e(d.message)}<div class="meta">位置：{_e(where)}　规则 <code>{_e(d.rule)}</code>{title}{link}</div>'
            + "".join(f'<div class="detail">{x}</div>' for x in detail)
            + inside
            + "</li>"
        )

    # ------------------------------------------------------------------ the report drawn

    def _document(self, parsed: ParsedFile) -> str:
        report = parsed.report
        out = ['<h3>报告原文（问题已标出）</h3><div class="doc">']
        if self.unplaced:
            out.append(self._notes(self.unplaced, "关于整份报告"))
        if report.title is not None and _title_apart(report):
            out.append(self._text(report.title, "h2"))
        out.extend(self._block(b, parsed) for b in report.preamble)
        for section in report.sections:
            out.append(self._text(section.heading, "h3"))
            out.extend(self._block(b, parsed) for b in section.blocks)
        out.append("</div>")
        return "\n".join(out)

    def _block(self, block: Block, parsed: ParsedFile) -> str:
        if isinstance(block, Table):
            return self._table(block, parsed)
        return self._text(block, "h4" if isinstance(block, Heading) else "p")

    def _text(self, block: Heading | Paragraph, tag: str) -> str:
        """The block's text with each finding in it marked: the exact characters when the file's
        positions are the model's (text, Markdown, Word, PDF), else the whole block."""
        found = self.text_marks.get(id(block), [])
        if not found:
            return f"<{tag}>{_e(block.text)}</{tag}>"
        return f"<{tag}>{self._marked(block.text, block.span, found)}</{tag}>"

    def _marked(self, text: str, span: Span3, found: list[int]) -> str:
        parsed = self.result.parsed
        pieces = _exact(text, span, [self.findings[j] for j in found]) if parsed and tuple(span) not in parsed.file_spans else None
        if pieces is None:
            css = _CLASS[max(self.findings[j].severity for j in found)]
            return f'<mark class="hit {css}">{_e(text)}</mark>' + "".join(self._mark(j) for j in found)
        out, at = [], 0
        for (start, end), j in zip(pieces, found):
            d = self.findings[j]
            out.append(f'{_e(text[at:start])}<mark class="hit {_CLASS[d.severity]}">{_e(text[start:end])}</mark>{self._mark(j)}')
            at = end
        return "".join(out) + _e(text[at:])

    def _mark(self, j: int) -> str:
        return self._tag(j, main=True, anchor=self.mark_id(j))

    def _tag(self, j: int, *, main: bool, anchor: str = "") -> str:
        """The rule id beside a marked cell or text, linking to the finding (a cell the finding
        only uses, such as an addend of a wrong sum, gets a lighter tag)."""
        d = self.findings[j]
        ident = f' id="{anchor}"' if anchor else ""
        css = f"tag {_CLASS[d.severity]}{'' if main else ' part'}"
        return f'<a{ident} class="{css}" href="#{self.finding_id(j)}" title="{_e(d.message)}">{_e(d.rule)}</a>'

    def _table(self, table: Table, parsed: ParsedFile) -> str:
        width = max([len(table.columns), *(len(r.cells) for r in table.rows)])
        head = "".join(f"<th>{_e(c.label)}</th>" for c in table.columns)
        head += "<th></th>" * (width - len(table.columns))
        rows = "".join(self._row(row, parsed, width) for row in table.rows)
        in_table = {j for r in table.rows for c in r.cells for j in self.cells.get(parsed.at(c.span)[:2], ())}
        in_table.update(j for b in (table, *table.rows) for j in self.text_marks.get(id(b), ()))
        notes = self._notes(sorted(in_table), "本表的问题") if in_table else ""
        title = self._marked(table.title, table.span, self.text_marks[id(table)]) if id(table) in self.text_marks else _e(table.title or "表格")
        return (
            f'<div class="table-block"><div class="table-wrap"><table class="report">'
            f'<caption>{title}</caption><thead><tr><th class="label">项目</th>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>{notes}</div>"
        )

    def _row(self, row: Row, parsed: ParsedFile, width: int) -> str:
        note = ""
        if row.expected_cells and len(row.cells) not in (0, row.expected_cells):
            note = f'<span class="rownote">本行应有 {row.expected_cells} 个数，实有 {len(row.cells)} 个</span>'
        cells = []
        for cell in row.cells:
            line, column = parsed.at(cell.span)[:2]
            found = self.cells.get((line, column), [])
            attrs = f' data-line="{line}" data-column="{column}"'
            if found:
                css = _CLASS[max(self.findings[j].severity for j in found)]
                main = any(self.findings[j].span[:2] == (line, column) for j in found)  # the cell a finding is about, not only one it uses
                place = parsed.places.get(cell.span, "")
                tags = "".join(self._tag(j, main=self.findings[j].span[:2] == (line, column)) for j in found)
                rules = " ".join(self.findings[j].rule for j in found)
                cells.append(
                    f'<td id="{self.cell_id((line, column))}" class="hit {css}{" main" if main else ""}"{attrs} data-rules="{_e(rules)}" title="{_e(place)}">'
                    f"{_e(cell.raw)}{tags}</td>"
                )
            else:
                cells.append(f"<td{attrs}>{_e(cell.raw)}</td>")
        filler = "<td></td>" * (width - len(row.cells)) if row.cells else f'<td colspan="{width}"></td>' if width else ""
        label = self._marked(row.label, row.span, self.text_marks[id(row)]) if id(row) in self.text_marks else _e(row.label)
        return f'<tr><th class="label" scope="row">{label}{note}</th>{"".join(cells)}{filler}</tr>'

    def _notes(self, found: Iterable[int], title: str) -> str:
        items = "".join(
            f'<li class="{_CLASS[self.findings[j].severity]}"><a href="#{self.finding_id(j)}"><code>{_e(self.findings[j].rule)}</code></a> '
            f"{_e(self.findings[j].message)}</li>"
            for j in found
        )
        return f'<aside class="notes"><h5>{title}</h5><ul>{items}</ul></aside>'


def _text_blocks(report: Report) -> Iterable[Heading | Paragraph | Table | Row]:
    """Everything a finding that names no cell can point at: headings, paragraphs, table titles, row labels."""
    if report.title is not None and _title_apart(report):
        yield report.title
    for section in report.sections:
        yield section.heading
    for block in report.blocks():
        yield block
        if isinstance(block, Table):
            yield from block.rows


def _title_apart(report: Report) -> bool:
    """Whether the title is drawn on its own at the top: it is, unless it is one of the blocks
    (a title written after the first section heading is drawn where it is)."""
    return report.title is not None and all(b.span != report.title.span for b in report.blocks())


def _exact(text: str, span: Span3, found: Sequence[Diagnostic]) -> list[tuple[int, int]] | None:
    """Each finding's characters within ``text`` (which starts at ``span``), in order and not
    overlapping; None when one of them is not on the block's first line or they overlap."""
    pieces, at = [], 0
    for d in found:
        start = d.column - span[1]
        end = (d.span.end_column - span[1]) if d.span.end_column > d.column else start + 1
        if d.line != span[0] or start < at or end > len(text):
            return None
        pieces.append((start, end))
        at = end
    return pieces
