"""Report templates as data: loaded from ``rules/templates/*.yaml``, never written in code.

A third template is a new YAML file, whole or written as the changes to another (``extends:``,
:mod:`govlint.template_extends`).  Fingerprints (labels found in one template and in no
unrelated one) are derived from the files themselves, so detection needs no code change either.
Named row groups (``groups: [disposal]`` on rows) are template data too: a rule sums
``t3[@disposal]`` and each template says which rows that is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from ._data import data_dir
from .cache import PACK, cache_limit, digest, flush, input_stamps
from .errors import ConfigError, RuleFileError
from .normalize import label_key


HEADING_PREFIX = 4  # characters of a section title that name it in a heading (「总体情况」)


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """A column of a template table: its key, official label, value type and variants."""

    key: str
    label: str
    type: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RowSpec:
    """A row of a template table: its key, official label and variants."""

    key: str
    label: str
    aliases: tuple[str, ...]
    data: bool
    numbers_only: bool
    groups: tuple[str, ...] = ()  # named row groups the row belongs to (``@disposal`` in rules)


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table of a template: where it stands, its columns and rows."""

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
    """One of a template's top-level sections, found by its title."""

    key: str
    number: str
    title: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Template:
    """A report template (``rules/templates/*.yaml``): its sections and tables, and the years it is for."""

    id: str
    title: str
    source: str
    year_from: int
    year_to: int | None
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]
    lineage: tuple[str, ...] = ()  # its own id, then the template it extends, and so on
    # Derived once, for the lookups every rule makes of every report (neither compared nor hashed).
    _by_key: dict[str, TableSpec] = field(default_factory=dict, init=False, repr=False, compare=False)
    _groups: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[str, TableSpec] = {}
        groups: dict[str, tuple[str, tuple[str, ...]]] = {}
        for table in self.tables:
            by_key.setdefault(table.key, table)
            for row in table.rows:
                for name in row.groups:
                    groups[name] = (table.key, (*groups.get(name, (table.key, ()))[1], row.key))
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_groups", groups)

    def __hash__(self) -> int:
        """By id, years and lineage (equal templates share them): a template is a key of
        :func:`fingerprints`' cache, looked up for every report, and hashing every label of
        every table each time cost more than the lookup saved."""
        return hash((self.id, self.year_from, self.year_to, self.lineage))

    def table(self, key: str) -> TableSpec | None:
        return self._by_key.get(key)

    def covers(self, year: int) -> bool:
        return year >= self.year_from and (self.year_to is None or year <= self.year_to)

    def labels(self) -> set[str]:
        """Normalised column and row labels: the raw material of fingerprints."""
        found: set[str] = set()
        for table in self.tables:
            found.update(label_key(c.label) for c in table.columns)
            found.update(label_key(r.label) for r in table.rows if not r.numbers_only)
        return found

    def row_groups(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Each named row group: its table and its rows in table order (a group is in one table)."""
        return dict(self._groups)

    def group_rows(self) -> dict[str, tuple[str, ...]]:
        """Each named row group's rows: what a rule's ``@name`` stands for in this template."""
        return {name: rows for name, (_, rows) in self.row_groups().items()}

    def related(self, other: Template) -> bool:
        """One extends the other (directly or not), or it is the same template."""
        return self.id in other.lineage or other.id in self.lineage


def _template_from(data: dict[str, Any], lineage: tuple[str, ...]) -> Template:
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
                RowSpec(r["key"], r["label"], tuple(r.get("aliases", ())), r.get("data", True), r.get("numbers_only", False),
                        tuple(r.get("groups", ())))
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
        lineage=lineage,
    )


def require_template(templates: tuple[Template, ...], template_id: str, source: str | None = None) -> Template:
    """The template a user forced by id; an unknown id is a configuration error, not a silent guess."""
    for template in templates:
        if template.id == template_id:
            return template
    known = "、".join(t.id for t in templates)
    raise ConfigError(f"没有模板「{template_id}」（可用：{known}） / unknown template", path=source)


def _load(path: Path) -> Any:
    from .yaml_schema import load_validated  # PyYAML and jsonschema only when a file is new or changed

    return load_validated(path, "template.schema.json", RuleFileError)


@cache
def builtin_templates() -> tuple[Template, ...]:
    return load_templates(sorted((data_dir("rules") / "templates").glob("*.yaml")))


def load_templates(paths: Iterable[Path]) -> tuple[Template, ...]:
    """Each file a template; ids unique (a second file with a known id names both files); each
    ``extends`` resolved against the others.

    The templates of the whole set, validated and with every ``extends`` resolved, are one entry of
    the rule pack's cache (:data:`PACK`), under the stamps of its files: a warm start reads no YAML,
    validates nothing and merges no template into another (:mod:`govlint.template_extends` is not
    even imported).
    """
    files = list(paths)
    stamps = input_stamps(files)
    key = digest("resolved templates", *stamps.parts)
    try:
        resolved = PACK.get_or_compute(key, lambda: _resolved(files), max_bytes=cache_limit(stamps.size))
    finally:
        flush()
    templates = LoadedTemplates(_template_from(whole, tuple(lineage)) for whole, lineage in resolved)
    templates.key = key
    return templates


class LoadedTemplates(tuple[Template, ...]):
    """The templates :func:`load_templates` made, a tuple as any set of them, that also carries the key of the pack
    entry it was read from (``key``): the same files and the same code make the same templates."""

    key: str


def content_key(templates: Sequence[Template]) -> str:
    """What the templates hold, as a part of the key of data made from them: for a set :func:`load_templates`
    made, the key of the pack entry it was read from, else the templates written out (their repr, a third of a
    millisecond for the built-in ones)."""
    return templates.key if isinstance(templates, LoadedTemplates) else repr(tuple(templates))


def _resolved(files: list[Path]) -> list[tuple[dict[str, Any], tuple[str, ...]]]:
    """Each file's whole template data and its lineage (:func:`~govlint.template_extends.resolve_extends`)."""
    from .template_extends import resolve_extends

    loaded = [(path, _load(path)) for path in files]
    seen: dict[str, Path] = {}
    for path, one in loaded:
        if one["id"] in seen:
            raise RuleFileError(f"模板编号 {one['id']} 重复（另见 {seen[one['id']]}） / duplicate template id", path=str(path))
        seen[one["id"]] = path
    return resolve_extends(loaded)


def heading_prefixes(templates: Iterable[Template]) -> tuple[str, ...]:
    """The words a section heading's text starts with (「总体情况」, 「收到和处」 …), longest first.

    Each section title and alias, cut after the first character no title or alias of another
    section shares with it (at least :data:`HEADING_PREFIX` characters): 「收到和处理政府信息公开
    申请的情况」 is still section 三, and a reader needs no list of titles of its own."""
    titled = sorted({(text, spec.key) for template in templates for spec in template.sections for text in (spec.title, *spec.aliases)})
    prefixes = {text[: max(HEADING_PREFIX, _shared(titled, index) + 1)] for index, (text, _) in enumerate(titled)}
    return tuple(sorted(prefixes, key=lambda p: (-len(p), p)))


def _shared(titled: list[tuple[str, str]], index: int) -> int:
    """The longest prefix the text at ``index`` shares with a text of another section.  ``titled``
    is sorted, where a common prefix only shrinks away from a text: the nearest text of another
    section on each side shares the longest, so no text is compared with every other (a cold start did)."""
    text, key = titled[index]
    shared = 0
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(titled) and titled[other][1] == key:
            other += step
        if 0 <= other < len(titled):
            shared = max(shared, _common_prefix(text, titled[other][0]))
    return shared


def _common_prefix(one: str, other: str) -> int:
    return next((i for i, (a, b) in enumerate(zip(one, other)) if a != b), min(len(one), len(other)))


@cache
def fingerprints(templates: tuple[Template, ...]) -> dict[str, frozenset[str]]:
    """For each template, the normalised labels that no unrelated template has.

    A template and the one it extends share most labels; against each other the labels only
    one of them has decide, and against the rest the whole family's labels do."""
    labels = {t.id: t.labels() for t in templates}
    return {
        t.id: frozenset(labels[t.id] - set().union(*(labels[o.id] for o in templates if o.id != t.id and not o.related(t))))
        for t in templates
    }
