"""Write a :class:`GeneratedReport` as the documents people publish: Word, HTML and PDF.

:func:`render` writes text layouts; real reports reach the linter as a ``.docx`` filled in
from the national template, as a web page around an article, or as a PDF printed from
Word.  Their tables are where readers go wrong (merged cells, tables cut by page breaks),
so each renderer here copies the national template's table structure: the 二 tables
stacked in one table under caption rows that span every column, 三's three-row header
with its label columns merged down (vMerge/rowspan) and across (gridSpan/colspan), and
四's four-row header.  All three renderers draw the same :class:`Grid`, so a number that
comes back wrong from one format and right from another points at that format's reader.

Options copy layouts seen in the wild: ``split_t3`` (Word, HTML) cuts 三 into two tables;
``render_pdf(page_break_before=…, repeat_header=…)`` puts a page break inside 三 and repeats
its header rows on the next page, as Word's 「标题行重复」 does; :func:`fill_template_docx`
types the numbers into the real national template.

python-docx is a dependency of govlint; :func:`render_pdf` needs ``reportlab`` (a test
dependency), and uses Adobe's STSong-Light CID font, which PDF readers know without it
being embedded, so no font file is needed to write or to extract the text.

Modules: :mod:`.grid` (title, outline and the tables as grids, shared by all formats),
:mod:`.docx`, :mod:`.html` and :mod:`.pdf` (one renderer each).
"""

from __future__ import annotations

from .docx import fill_template_docx, render_docx
from .grid import Grid, GridCell, report_grids, title_of
from .html import render_html
from .pdf import render_pdf

__all__ = ["Grid", "GridCell", "fill_template_docx", "render_docx", "render_html", "render_pdf", "report_grids", "title_of"]
