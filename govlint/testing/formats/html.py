"""HTML: :func:`render_html` writes a government site's page around the report, tables with rowspan/colspan."""

from __future__ import annotations

import html

from ..generate import GeneratedReport
from .grid import Grid, _outline, _split_row, report_grids, title_of

__all__ = ["render_html"]

_WRAPPERS = ("page", "fragment", "script")

_PAGE_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>body{{font-family:SimSun,serif}} .article table{{border-collapse:collapse}} td{{border:1px solid #000}}</style>
<script>var siteMenu = ["首页", "政务公开", "一、总体情况"];</script>
</head>
<body>
<div class="topbar">无障碍浏览 | 长者模式 | 登录</div>
<nav class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a></nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="main">
<div class="article">
<h1 class="article-title">{title}</h1>
<div class="article-info">发布日期：{year}-01-20　来源：{agency}</div>
<div class="article-content">
"""
_PAGE_FOOT = """</div>
</div>
</div>
<div class="footer">主办：{agency}　版权所有　网站标识码：0000000000　<a href="/sitemap/">网站地图</a></div>
</body>
</html>
"""


def render_html(report: GeneratedReport, *, split_t3: bool = False, preamble: int = 0, wrapper: str = "page") -> str:
    """A government site's page: navigation and footer around the article, tables with rowspan/colspan.

    Every table cell is on a line of its own, as Word's HTML export writes them, so a place
    「HTML第N行」 points at the very cell.  ``split_t3`` cuts table 三 into two ``<table>``
    elements (before the second row under 「（四）无法提供」), as pages pasted from a
    paginated document have it.  ``preamble``: at least this many bytes of site menu before the
    article.  ``wrapper``: ``page`` (a whole page), ``fragment`` (the page's body as a crawler
    saved it: no ``<html>``, ``<head>`` or ``<body>``), ``script`` (that fragment in a script
    string, ``document.write(`…`);``, as pages that load their article by script carry it).
    """
    if wrapper not in _WRAPPERS:
        raise ValueError(f"unknown wrapper {wrapper!r}; choose from {', '.join(_WRAPPERS)}")
    page = _page(report, split_t3, preamble)
    if wrapper == "page":
        return page
    body = page[page.index("<body>") + len("<body>") : page.index("</body>")]
    return body if wrapper == "fragment" else f"document.write(`{body}`);\n"


def _page(report: GeneratedReport, split_t3: bool, preamble: int) -> str:
    esc = html.escape
    head = _PAGE_HEAD.format(title=esc(title_of(report)), year=report.year + 1, agency=esc(report.agency))
    menu = "".join(f'<li><a href="/zwgk/{n}/">政务公开栏目{n}</a></li>\n' for n in range(preamble // 60 + 1)) if preamble else ""
    out = [head.replace('<div class="main">', f'<ul class="menu">\n{menu}</ul>\n<div class="main">') if menu else head]
    grids = report_grids(report)
    for key, heading, texts in _outline(report):
        out.append(f'<p class="heading"><strong>{esc(heading)}</strong></p>\n')
        out.extend(f'<p style="text-indent:2em">{esc(text)}</p>\n' for text in texts)
        grid = grids.get(key)
        if grid is None:
            continue
        if key == "s3" and split_t3:
            cut = _split_row(grid)
            out += [_html_table(grid.cut(0, cut)), _html_table(grid.cut(cut, len(grid.rows)))]
        else:
            out.append(_html_table(grid))
    out.append(_PAGE_FOOT.format(agency=esc(report.agency)))
    return "".join(out)


def _html_table(grid: Grid) -> str:
    esc = html.escape
    lines = ['<table border="1" cellspacing="0" cellpadding="0" width="100%">', "<tbody>"]
    for row in grid.rows:
        lines.append("<tr>")
        for cell in row:
            spans = "".join(f' {name}="{n}"' for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if n > 1)
            align = ' align="center"' if cell.key or len(cell.text) < 12 else ""
            lines.append(f'<td{spans} valign="middle"><p{align}><span>{esc(cell.text)}</span></p></td>')
        lines.append("</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines) + "\n"
