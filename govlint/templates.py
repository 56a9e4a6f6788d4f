"""Report templates as data: loaded from ``rules/templates/*.yaml``, never written in code.

A third template is a new YAML file.  Fingerprints (labels found in one template and no
other) are derived from the files themselves, so detection needs no code change either.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Iterable

from ._data import data_dir
from .cache import flush
from .errors import ConfigError, RuleFileError
from .normalize import label_key
from .yaml_schema import load_validated


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    key: str
    label: str
    type: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RowSpec:
    key: str
    label: str
    aliases: tuple[str, ...]
    data: bool
    numbers_only: bool


@dataclass(frozen=True, slots=True)
class TableSpec:
    key: str
    section: str
    title: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]
    header_words: tuple[str, ...]

    @property
    def data_rows(self) -> tuple[RowSpec, ...]:
        return tuple(r for r in self.rows if r.data)


@dataclass(frozen=True, slots=True)
class SectionSpec:
    key: str
    number: str
    title: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    title: str
    source: str
    year_from: int
    year_to: int | None
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]

    def table(self, key: str) -> TableSpec | None:
        return next((t for t in self.tables if t.key == key), None)

    def covers(self, year: int) -> bool:
        return year >= self.year_from and (self.year_to is None or year <= self.year_to)

    def labels(self) -> set[str]:
        """Normalised column and row labels: the raw material of fingerprints."""
        found: set[str] = set()
        for table in self.tables:
            found.update(label_key(c.label) for c in table.columns)
            found.update(label_key(r.label) for r in table.rows if not r.numbers_only)
        return found


def _template_from(data: dict[str, Any]) -> Template:
    sections = tuple(
        SectionSpec(s["key"], s["number"], s["title"], tuple(s.get("aliases", ()))) for s in data["sections"]
    )
    tables = tuple(
        TableSpec(
            key=t["key"],
            section=t["section"],
            title=t["title"],
            columns=tuple(
                ColumnSpec(c["key"], c["label"], c.get("type", "count"), tuple(c.get("aliases", ()))) for c in t["columns"]
            ),
            rows=tuple(
                RowSpec(r["key"], r["label"], tuple(r.get("aliases", ())), r.get("data", True), r.get("numbers_only", False))
                for r in t["rows"]
            ),
            header_words=tuple(t.get("header_words", ())),
        )
        for t in data["tables"]
    )
    return Template(
        id=data["id"],
        title=data["title"],
        source=data.get("source", ""),
        year_from=data["years"]["from"],
        year_to=data["years"].get("to"),
        sections=sections,
        tables=tables,
    )


def load_template(path: Path) -> Template:
    return _template_from(load_validated(path, "template.schema.json", RuleFileError))


def require_template(templates: tuple[Template, ...], template_id: str, source: str | None = None) -> Template:
    """The template a user forced by id; an unknown id is a configuration error, not a silent guess."""
    for template in templates:
        if template.id == template_id:
            return template
    known = "、".join(t.id for t in templates)
    raise ConfigError(f"没有模板「{template_id}」（可用：{known}） / unknown template", path=source)


@cache
def builtin_templates() -> tuple[Template, ...]:
    return load_templates(sorted((data_dir("rules") / "templates").glob("*.yaml")))


def load_templates(paths: Iterable[Path]) -> tuple[Template, ...]:
    """Each file a template; ids unique (a second file with a known id names both files)."""
    files = list(paths)
    try:
        templates = tuple(load_template(p) for p in files)
    finally:
        flush()
    seen: dict[str, Path] = {}
    for path, template in zip(files, templates):
        if template.id in seen:
            raise RuleFileError(f"模板编号 {template.id} 重复（另见 {seen[template.id]}） / duplicate template id", path=str(path))
        seen[template.id] = path
    return templates


@cache
def fingerprints(templates: tuple[Template, ...]) -> dict[str, frozenset[str]]:
    """For each template, the normalised labels that no other template has."""
    labels = {t.id: t.labels() for t in templates}
    return {
        tid: frozenset(own - set().union(*(other for oid, other in labels.items() if oid != tid)))
        for tid, own in labels.items()
    }
