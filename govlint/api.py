"""The library API: read → parse → check, returning values; never prints, never exits."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable, Sequence

from .api_types import FileResult
from .check.engine import Checker
from .check.rules import Rule, load_rules
from .errors import InputError
from .model import Report
from .parse import parse_source
from .plugin.manager import plugins
from .read import read_bytes, read_path
from .read.source import Source
from .templates import Template, load_templates


@dataclass
class Linter:
    """Plugins, templates and rules loaded once; lint as many files as you like."""

    extra_rule_dirs: Sequence[Path] = ()
    template: str | None = None  # force a template id instead of detecting it

    @cached_property
    def templates(self) -> tuple[Template, ...]:
        return load_templates(plugins().template_paths())

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        return load_rules([*plugins().rule_paths(), *map(Path, self.extra_rule_dirs)], self._kinds)

    @cached_property
    def _kinds(self) -> dict:
        return plugins().check_kinds()

    @cached_property
    def checker(self) -> Checker:
        return Checker(self.rules, self._kinds, self.templates)

    def read(self, path: str) -> Source:
        return read_path(path, plugins().readers())

    def parse(self, source: Source) -> Report:
        return parse_source(source, template=self.template, templates=self.templates)

    def lint_source(self, source: Source) -> FileResult:
        report = self.parse(source)
        return FileResult(source.path, tuple(self.checker.check(report, source)))

    def lint_file(self, path: str | Path) -> FileResult:
        try:
            source = self.read(str(path))
        except InputError as error:
            return FileResult(str(path), error=error.message)
        return self.lint_source(source)

    def lint_bytes(self, data: bytes, path: str = "<bytes>") -> FileResult:
        try:
            source = read_bytes(data, path, plugins().readers())
        except InputError as error:
            return FileResult(path, error=error.message)
        return self.lint_source(source)


def lint_text(text: str, path: str = "<text>", *, linter: Linter | None = None) -> FileResult:
    """Lint report text that is already decoded."""
    from .read.text import split_lines

    return (linter or Linter()).lint_source(Source(path=path, lines=split_lines(text)))


def lint_file(path: str | Path, *, linter: Linter | None = None) -> FileResult:
    """Lint one file of any supported format."""
    return (linter or Linter()).lint_file(path)


def lint_paths(paths: Iterable[str | Path], *, linter: Linter | None = None) -> list[FileResult]:
    """Lint files (directories are searched for report files), in a stable order."""
    linter = linter or Linter()
    return [linter.lint_file(p) for p in expand_paths(paths)]


REPORT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".docx", ".html", ".htm", ".pdf"})


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; directories searched recursively for report-like files, sorted."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES))
        else:
            found.append(path)
    return found
