"""Stage 2, parse: :class:`Source` lines → the typed :class:`~govlint.model.Report`.

Lines are classified (``lines``), structured by the Lark grammar (``grammar``, ``tree``),
and tables are bound to the detected template (``detect``, ``bind``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Iterable, Iterator

from ..errors import NotAReportError
from ..model import Block, Decision, Heading, Paragraph, Report, Section, Table
from ..read.source import Source
from ..plugin.manager import PluginsLike, resolve_plugins
from ..templates import Template, require_template
from .bind import bind_table
from .cells_per_line import may_start_label, rebuild_rows
from .detect import agency, choose_template, report_year, written_at
from .published import published_date
from .flattened import split_flattened
from .grammar import parse_lines
from .lines import Line, Vocabulary
from .memo import ByIdentity
from .tree import RawTable, resolve
from .wrapped import unwrap_labels

__all__ = ["identify_source", "parse_source", "parse_text"]


def parse_text(text: str, path: str = "<text>", *, template: str | None = None, plugins: PluginsLike = None) -> Report:
    """Parse report text (already decoded) with the templates the plugins add (see :func:`parse_source`)."""
    from ..read.text import split_lines

    return parse_source(Source(path=path, lines=split_lines(text)), template=template, plugins=plugins)


def parse_source(
    source: Source,
    *,
    template: str | None = None,
    templates: tuple[Template, ...] | None = None,
    year: int | None = None,
    plugins: PluginsLike = None,
) -> Report:
    """Parse a read source.  ``template`` and ``year`` override detection (from configuration).

    The templates are ``templates``, else those of ``plugins`` (a plugin set, or plugin modules added
    to the built-ins: :func:`govlint.plugin.manager.resolve_plugins`; None: the built-ins and the installed plugins).
    """
    templates = templates or resolve_plugins(plugins).templates
    if template is not None:
        require_template(templates, template)
    lines = _lines(source, templates)
    raw = resolve(parse_lines(lines), lines)
    title, name, found_year = _identity(lines, source, year)
    table_lines = [line for line in lines if line.kind in ("HEADER", "ROW", "ROWLABEL")]
    chosen = choose_template(
        templates, table_lines, found_year.value if isinstance(found_year.value, int) else None, template, source.line_in_file
    )
    spec = next((t for t in templates if t.id == chosen.value), None)
    grid = source.grid
    sections = tuple(
        Section(
            key=s.heading.section or "",
            heading=_heading(s.heading),
            title_match=s.heading.section_match,
            blocks=_join_split_tables([_block(b, spec, grid) for b in s.blocks]),
        )
        for s in raw.sections
    )
    return Report(
        path=source.path,
        title=title,
        agency=name,
        year=found_year,
        template=chosen,
        preamble=tuple(_block(b, spec, grid) for b in raw.front),
        sections=sections,
        line_count=len(source.lines),
        agency_span=written_at(title, name) if title is not None and name else None,
        published=published_date(source),
    )


def identify_source(source: Source, *, templates: tuple[Template, ...], year: int | None = None) -> tuple[str | None, Decision]:
    """The agency and the year :func:`parse_source` would give the report: from its classified
    lines alone, without the grammar and the tables (a batch that pairs reads every report's
    beginning for them first).  Raises :class:`NotAReportError` as :func:`parse_source` does."""
    title = _leading_title(source.lines, _vocabulary(templates))
    if title is not None:
        found_year = _report_year(title, (), source, year)
        if found_year.value is not None:
            return agency(title), found_year
    _, name, found_year = _identity(_lines(source, templates), source, year)
    return name, found_year


def _leading_title(source_lines: tuple[str, ...], vocab: Vocabulary) -> Heading | None:
    """The title, when only section headings stand before it: then it is the first title of the
    classified lines whatever follows (joining wrapped labels and rebuilding one-cell-per-line rows
    never change a title or a heading, nor put a line before them, unless the title could begin a
    label of cells), no text line stands above it, and it makes the report a report.  So
    :func:`identify_source` need not classify the rest of the beginning when the title names the year."""
    for line in _each_line(source_lines, vocab):
        if line.kind != "SECTION":
            return _heading(line) if line.kind == "TITLE" and not may_start_label(line, vocab) else None
    return None


def _lines(source: Source, templates: tuple[Template, ...]) -> list[Line]:
    """The source's lines classified (and wrapped labels joined); an error when none is a title,
    a section heading or a table line."""
    vocab = _vocabulary(templates)
    lines = unwrap_labels(_classify(source.lines, vocab), vocab)
    if not any(line.kind in ("TITLE", "SECTION", "CAPTION", "ROW") for line in lines):
        raise NotAReportError(
            "这不像是政府信息公开工作年度报告：没有找到标题、章节标题或表格 / "
            "not an annual report: no title, section heading or table found",
            path=source.path,
        )
    return lines


def _identity(lines: list[Line], source: Source, year: int | None) -> tuple[Heading | None, str | None, Decision]:
    """The title, the agency it names (or the line above it) and the report year (the
    configured one, else the title's or the statistics period's)."""
    at = next((i for i, line in enumerate(lines) if line.kind == "TITLE"), None)
    title = _heading(lines[at]) if at is not None else None
    above = lines[at - 1].text if at and lines[at - 1].kind == "TEXT" else None
    return title, agency(title, above), _report_year(title, lines, source, year)


def _report_year(title: Heading | None, lines: Iterable[Line], source: Source, year: int | None) -> Decision:
    """The configured year, else the title's, else the statistics period's (in the text lines, read only when the title names none)."""
    if year is not None:
        return Decision(year, ("由配置指定 / set by configuration",))
    return report_year(title, (line.text for line in lines if line.kind == "TEXT"), source.line_in_file)


@lru_cache(maxsize=8)
def _vocabulary_of(templates: tuple[Template, ...]) -> Vocabulary:
    """Keyed by the templates themselves: two runs may load different files under one id."""
    return Vocabulary(templates)


_vocabulary = ByIdentity(_vocabulary_of)  # a linter passes its one tuple for every file: no deep hash each time


def _classify(source_lines: tuple[str, ...], vocab: Vocabulary) -> list[Line]:
    """Classify every line; the current section decides where tables may appear.  A report
    flattened onto long lines, or laid out one cell per line, is first rebuilt into the lines
    its layout lost (``flattened``, ``cells_per_line``)."""
    return rebuild_rows(list(_each_line(source_lines, vocab)), vocab)


def _each_line(source_lines: tuple[str, ...], vocab: Vocabulary) -> Iterator[Line]:
    """The lines classified one by one, in order (a generator: the title may be all that is wanted)."""
    from .lines import MAX_REPORT_CELLS, classify, separators

    section = None
    # A line is cut into no more cells than it has characters: a report shorter than the budget
    # never spends it, so its lines' cells need no counting.
    budget = MAX_REPORT_CELLS if sum(map(len, source_lines)) > MAX_REPORT_CELLS else None
    for number, text in enumerate(source_lines, start=1):
        blank = not text or text.isspace()  # no heading, row or text: neither flattened nor classified
        pieces = None if blank else split_flattened(number, text, section, vocab)
        if pieces is None:
            cut = True
            if budget is not None:
                cost = separators(text)
                cut = cost <= budget
                budget -= cost if cut else 0
            line = None if blank else classify(number, text, section, vocab, cut=cut)
            pieces = [line] if line is not None else []
        for line in pieces:
            if line.kind == "SECTION":
                section = line.section
            yield line


def _join_split_tables(blocks: list[Block]) -> tuple[Block, ...]:
    """One template table cut in two (a note line between rows, an HTML page with two
    ``<table>`` elements) is one table: later parts' rows join the first part, in order."""
    first: dict[str, int] = {}
    joined: list[Block] = []
    for block in blocks:
        if isinstance(block, Table) and block.key is not None and block.key in first:
            index = first[block.key]
            head = joined[index]
            assert isinstance(head, Table)
            joined[index] = replace(head, rows=head.rows + block.rows, header=head.header + block.header)
            continue
        if isinstance(block, Table) and block.key is not None:
            first[block.key] = len(joined)
        joined.append(block)
    return tuple(joined)


def _heading(line: Line) -> Heading:
    return Heading(text=line.text, span=line.span, number=line.numeral)


def _block(block: Line | RawTable, template: Template | None, grid: bool = False) -> Block:
    if isinstance(block, RawTable):
        return bind_table(block, template, grid=grid)
    if block.kind in ("SUBHEAD", "TITLE"):
        return _heading(block)
    return Paragraph(text=block.text, span=block.span)

