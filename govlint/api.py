"""The library API: read → parse → check one file, returning values; never prints, never exits.

Batch runs (each file with its own configuration) are :mod:`govlint.runner`; finding the files
of folders and globs is :mod:`govlint.discover`."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from .api_types import FileResult
from .check.cycle import Previous
from .check.engine import Checker
from .check.pipeline import Settings, finish, severity_levels
from .check.rules import Rule, RuleFiles, RuleIndex, load_rules
from .config import Config
from .errors import CheckError, ConfigError, InputError, NotAReportError
from .model import Report, Span, Table
from .parse import identify_source, parse_source
from .plugin.manager import Plugins, PluginsLike, resolve_plugins
from .plugin.packs import missing_packs
from .read import read_bytes, read_file, read_path
from .read.headings import heading_words
from .read.source import Source
from .read.text import split_lines
from .templates import Template, heading_prefixes, load_templates, require_template

if TYPE_CHECKING:
    from .baseline import Baseline  # only a run with --baseline reads one
    from .diagnostics import Diagnostic
    from .parsed_file import ParsedFile, Span3  # only formats that draw the report keep it

# Inputs whose cells can be edited where they are: a text file's own characters, a Word cell's
# runs.  HTML and PDF positions are of rendered text, so their findings carry no fix.
FIXABLE_FORMATS = frozenset({"text", "docx"})


_LOADING = threading.Lock()  # one linter loads its rules at a time (see Linter._loaded)


@dataclass
class Linter:
    """Plugins, templates and rules loaded once for one configuration; lint as many files as you like."""

    config: Config = field(default_factory=Config)
    extra_rule_dirs: Sequence[Path] = ()
    template: str | None = None  # force a template id instead of detecting it
    baseline: Baseline | None = None  # hide the findings it knows (``--baseline``)
    published: str | None = None  # the publication date of the reports (``--published``), over the configuration's
    # A plugin set (govlint.plugin.manager.build), a pluggy manager, or plugin modules and objects
    # added to the built-ins; None: the built-ins and the installed plugins.
    plugins: PluginsLike = None

    @cached_property
    def plugin_set(self) -> Plugins:
        """The plugins this linter uses (:func:`govlint.plugin.manager.resolve_plugins`)."""
        return resolve_plugins(self.plugins)

    @cached_property
    def _files(self) -> RuleFiles:
        """The rule folders' files: built-in and plugin packs, configured, then given on the command line."""
        return RuleFiles.scan(self.plugin_set.rule_paths(), explicit=[*self.config.rule_dirs(), *map(Path, self.extra_rule_dirs)])

    @cached_property
    def templates(self) -> tuple[Template, ...]:
        """Plugins' templates and those in a ``templates`` folder of a rule folder (each file once)."""
        paths = {p.resolve(): p for p in (*self.plugin_set.template_paths(), *self._files.templates)}
        return load_templates(paths.values())

    @cached_property
    def all_rules(self) -> tuple[Rule, ...]:
        return load_rules(self._files.rules, self._kinds, self.templates, self._files.explicit, self.notes)

    @cached_property
    def notes(self) -> list[str]:
        """What loading chose for the user and should tell them (a rule of a named folder used
        instead of an installed pack's); filled when the rules load."""
        return []

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        """The rules the configuration selects (a selector that names no rule is an error)."""
        self._check_selectors(self._index)
        selected = self._index.ids(self.config.select) if self.config.select else {r.id for r in self.all_rules}
        selected -= self._index.ids(self.config.ignore)
        return tuple(r for r in self.all_rules if r.id in selected)

    @cached_property
    def _index(self) -> RuleIndex:
        return RuleIndex(self.all_rules)

    @cached_property
    def _severity(self) -> dict[str, str]:
        """The configured severities by rule id, resolved once (:func:`severity_levels`)."""
        return severity_levels(self._index, self.config.severity)

    def _check_selectors(self, index: RuleIndex) -> None:
        values = self.config.values
        forced = self.template or self.config.template
        if forced is not None:
            require_template(self.templates, forced, self.config.sources.get("template", "命令行 / command line"))
        named = {
            "select": values.get("select", ()),
            "ignore": values.get("ignore", ()),
            "severity": tuple(values.get("severity", {})),
            "per_file_ignores": tuple(r for rules in values.get("per_file_ignores", {}).values() for r in rules),
        }
        unknown = [(key, selector) for key, selectors in named.items() for selector in dict.fromkeys(selectors) if not index.resolve(selector)]
        missing = missing_packs(values.get("plugins", ()))
        if unknown and missing:  # most likely rules of the pack that is not there: said once, not fatal
            names = "、".join(f"「{selector}」" for _, selector in unknown)
            self.notes.append(
                f"警告 / warning: 配置中的 {names} 不是任何已加载规则的名称：配置所需的插件 {'、'.join(missing)} 没有安装或没有加载"
                f"（pip install {' '.join(missing)}） / {', '.join(s for _, s in unknown)} name no loaded rule: plugin {', '.join(missing)} is not installed"
            )
        elif unknown:
            key, selector = unknown[0]
            raise ConfigError(
                f"{key} 中的「{selector}」不是任何规则的编号、名称或分组 / {selector!r} names no rule",
                path=self.config.sources.get(key),
            )

    @cached_property
    def _kinds(self) -> dict[str, Any]:
        return self.plugin_set.check_kinds()

    @cached_property
    def checker(self) -> Checker:
        return Checker(self.rules, self._kinds, self.templates, self.config.cycle_settings(self.published))

    @cached_property
    def _by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    def _loaded(self) -> Checker:
        """The checker, its rules and templates loaded once even when threads share this linter's first use."""
        if "checker" not in self.__dict__:
            with _LOADING:
                return self.checker
        return self.checker

    @cached_property
    def _heading_words(self) -> tuple[str, ...]:
        """The section-title words readers look for: of every template this linter loaded."""
        return heading_prefixes(self.templates)

    @cached_property
    def _readers(self) -> tuple[Any, ...]:
        """The plugins' readers, asked for once: the hook makes new (lazy) readers at each call."""
        return tuple(self.plugin_set.readers())

    def read(self, path: str) -> Source:
        with heading_words(self._heading_words):
            return read_path(path, self._readers)

    def read_bytes(self, data: bytes, path: str) -> Source:
        """Bytes (standard input, an upload) read as the file ``path`` would be; raises :class:`InputError`."""
        with heading_words(self._heading_words):
            return read_bytes(data, path, self._readers)

    def parse(self, source: Source) -> Report:
        report = parse_source(
            source, template=self.template or self.config.template, templates=self.templates, year=self.config.year
        )
        agency = self.config.values.get("agency")  # configured: the reporter of every file under it
        return report if agency is None else replace(report, agency=agency, agency_span=None)

    def identify(self, source: Source) -> tuple[str | None, int | None]:
        """The agency and the year :meth:`parse` would give the report, found without parsing its
        tables (a batch that pairs reads every report's beginning for them).  An unknown configured
        template is the same error as there."""
        forced = self.template or self.config.template
        if forced is not None:
            require_template(self.templates, forced, self.config.sources.get("template", "命令行 / command line"))
        name, year = identify_source(source, templates=self.templates, year=self.config.year)
        agency = self.config.values.get("agency")
        return name if agency is None else agency, year.value if isinstance(year.value, int) else None

    def lint_source(
        self, source: Source, *, explicit: bool = True, keep_model: bool = False, previous: Previous = Previous(), model: Report | None = None
    ) -> FileResult:
        """Parse and check a read source; input errors become the result's ``error``.

        A text that is no report is an error when the user named it (``explicit``) and a
        skipped file when a folder walk found it.  ``keep_model`` keeps the parsed report in
        the result (``FileResult.parsed``) for formats that draw it.  ``previous`` is last year's
        report of the same agency, for the cross-year rules (:func:`govlint.runner.previous_of`).
        ``model`` is ``source`` already parsed by this linter (a batch parses last year's report once).
        """
        checker = self._loaded()
        try:
            report = model if model is not None else self.parse(source)
        except NotAReportError as error:
            return FileResult(source.path, error=error.message) if explicit else FileResult(source.path, skipped=error.message)
        except InputError as error:
            return FileResult(source.path, error=error.message)
        try:
            checked = checker.check(report, source.line_in_file, previous)
        except CheckError as error:
            return FileResult(source.path, error=error.message)
        ignored = frozenset(self._index.ids(self.config.ignored_for(source.path)))
        settings = Settings(self._by_id, ignored, self._severity, self.baseline, self._index)
        file_spans = source.file_spans if source.file_map is not None else None  # else every span is the file's own
        done = finish(
            checked, settings, path=source.path, lines=source.lines, describe=source.describe, file_spans=file_spans,
            comments=source.directive_comments,
            fixes=source.format in FIXABLE_FORMATS,
        )
        lines = {n: text for n in {d.line for d in done.diagnostics} if n > 0 and (text := source.file_line(n)) is not None}
        parsed = parsed_file(report, source) if keep_model else None
        return FileResult(
            source.path, done.diagnostics, lines=lines, suppressed=done.suppressed,
            baselined=done.baselined, baseline_fixed=done.baseline_fixed, parsed=parsed,
        )

    def lint_file(self, path: str | Path) -> FileResult:
        try:
            source = self.read(str(path))
        except InputError as error:
            return FileResult(str(path), error=error.message)
        return self.lint_source(source)

    def lint_bytes(self, data: bytes, path: str = "<bytes>") -> FileResult:
        try:
            source = self.read_bytes(data, path)
        except InputError as error:
            return FileResult(path, error=error.message)
        return self.lint_source(source)


def model_spans(report: Report) -> Iterator[Span]:
    """Every span of the model: headings, paragraphs, table titles, rows and cells."""
    if report.title is not None:
        yield report.title.span
    for section in report.sections:
        yield section.heading.span
    for block in report.blocks():
        yield block.span
        if isinstance(block, Table):
            for row in block.rows:
                yield row.span
                yield from (cell.span for cell in row.cells)


def parsed_file(report: Report, source: Source) -> ParsedFile:
    """The report with where each of its spans is in the file as opened, and its human place."""
    from .parsed_file import ParsedFile

    spans = list(model_spans(report))
    mapped = source.file_spans(spans)
    moved = {s: f for s, f in mapped.items() if f != s}
    places: dict[Span3, str] = {s: place for s in spans if (place := source.describe(s.line, s.column))} if source.line_places else {}
    return ParsedFile(report, source.format, moved, places)


def lint_text(text: str, path: str = "<text>", *, linter: Linter | None = None) -> FileResult:
    """Lint report text that is already decoded."""
    return (linter or Linter()).lint_source(Source(path=path, lines=split_lines(text)))


def annotate_docx_file(path: str | Path, diagnostics: Iterable[Diagnostic], *, linter: Linter | None = None) -> bytes:
    """The Word file at ``path`` with a review comment for each diagnostic (a finding of that file).

    The file is read again, with the readers of ``linter`` (the one that found the diagnostics),
    and not changed; the caller writes the returned bytes elsewhere.
    Raises :class:`InputError` when the file is not a Word .docx.
    """
    from .report.docx_comments import annotate_docx

    data = read_file(str(path))
    source = (linter or Linter()).read_bytes(data, str(path))
    if source.format != "docx":
        raise InputError("只能为 Word 文件（.docx）添加批注 / --annotate works on Word .docx files only", path=str(path))
    try:
        return annotate_docx(data, diagnostics, source)
    except Exception as error:  # noqa: BLE001 - python-docx and lxml raise many kinds on odd parts
        raise InputError(f"无法为此 Word 文件添加批注（{type(error).__name__}） / cannot add comments to this Word file", path=str(path)) from None


def lint_file(path: str | Path, *, linter: Linter | None = None) -> FileResult:
    """Lint one file of any supported format (configuration is the linter's, not discovered)."""
    return (linter or Linter()).lint_file(path)
