"""Load-time checks of a rule: a rule that cannot work is refused when it loads, not silent later.

A rule naming a table, row or column that no template has (``t3[r3_7_totl][total]``), a
``$variable`` that no ``for_each`` binds, a ``for_each`` over the wrong axis, a row group
(``@disposal``) a template it applies to does not define, a message placeholder its kind never fills (``{colum}``), a format spec
(``{left:>999999999}``) or an invalid ``agency_pattern`` would load and then never fire, print
「?」 or fail in the middle of a batch.  Each is a :class:`Invalid` naming the YAML keys of the
construct; :mod:`govlint.check.rules` turns it into an error with the file and the line.

What a kind's parameters refer to is *declared* in its JSON Schema with ``"x-refers"``:

``table``         a table key (or a list of them): it must be in every template the rule applies to
``section``       a section key (or a list of them), likewise
``row``/``column`` a row or column key of those tables
``column_label``  words of a column's header in those tables
``regex``         a regular expression (or a list of them)
``relation``      a relation (grammars/expr.lark); ``term``: a sum of cells without a comparison
``terms``         named terms: ``name: term``, usable by name in the relation (each must be used)
``for_each``      the variables of the relations: ``name: "*" | [keys] | "@group"``

``@name`` in a relation or a ``for_each`` is a row group of the template (``groups:`` on its rows,
:mod:`govlint.templates`): rules never list a template's rows themselves.

and the message placeholders a kind fills in its ``placeholders`` attribute: a tuple of names, or
a mapping from ``mode`` to names; a name ending in ``*`` stands for that prefix and a number
(``v*``: ``v1``, ``v2`` …).  A kind without ``placeholders`` (an older plugin) has its messages
checked for syntax only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any, Iterator, Mapping, Sequence

from ..normalize import label_key
from ..templates import TableSpec, Template
from .base import CheckKind
from .expr import CellRef, CellSum, KeySet, Named, Relation, compile_relation, star_axis, walk

Keys = tuple[Any, ...]  # the path of a value in the rule's YAML
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
AXIS_WORDS = {"rows": ("行", "row"), "columns": ("列", "column")}


class Invalid(ValueError):
    """What is wrong (Chinese, English) and where, as the YAML keys of the construct."""

    def __init__(self, keys: Keys, chinese: str, english: str) -> None:
        super().__init__(f"{chinese} / {english}" if english else chinese)
        self.keys = keys


def validate_rule(data: Mapping[str, Any], kind: CheckKind, templates: Sequence[Template]) -> tuple[str, ...]:
    """Raise :class:`Invalid` for the first construct of the rule that cannot work; return the ids of
    the templates the rule applies to (empty: every template).

    Those are ``applies_to.templates`` and the templates extending them (a province's variant of
    v2021 is a v2021 report), else every template.
    """
    check_message(data["message"], declared_placeholders(kind, data["check"]))
    applies = data.get("applies_to", {})
    if "agency_pattern" in applies:
        _regex(applies["agency_pattern"], ("applies_to", "agency_pattern"))
    known = {t.id: t for t in templates}
    wanted = tuple(applies.get("templates", ()))
    _known_ids(wanted, known, ("applies_to", "templates"))
    refs = References.of(data["check"], kind.schema)
    hint = "" if wanted else "；规则若只适用于部分模板，请写 applies_to: {templates: [...]}"
    targets = tuple(t.id for t in templates if set(wanted) & set(t.lineage or (t.id,))) if wanted else ()
    for template in [known[t] for t in targets] if targets else templates:
        refs.check(template, hint)
    _check_examples(data.get("examples", {}), wanted, known)
    return targets


def example_template(example: Mapping[str, Any], rule_templates: Sequence[str]) -> str:
    """The template an example's report is built from: its own, else the rule's first, else v2021."""
    return example.get("template") or (rule_templates[0] if rule_templates else "v2021")


def _check_examples(examples: Mapping[str, Any], rule_templates: Sequence[str], known: Mapping[str, Template]) -> None:
    """Each example's template exists and each cell it sets (``table.row.column``) is in it."""
    for side, items in examples.items():
        for index, example in enumerate(items):
            if "text" in example:
                continue
            where = ("examples", side, index)
            template = known.get(example_template(example, rule_templates))
            if template is None:
                raise Invalid(where + ("template",), f"没有模板「{example_template(example, rule_templates)}」（可用：{'、'.join(known)}）",
                              "unknown template")
            for cell in example.get("set", {}):
                parts = cell.split(".")
                spec = template.table(parts[0]) if len(parts) == 3 else None
                if spec is None or parts[1] not in _axis_keys(spec, "rows") or parts[2] not in _axis_keys(spec, "columns"):
                    raise Invalid(where + ("set", cell), f"模板 {template.id} 没有单元格 {cell}（应写作 表.行.列）",
                                  f"template {template.id} has no cell {cell!r} (write table.row.column)")


def declared_placeholders(kind: CheckKind, check: Mapping[str, Any]) -> tuple[str, ...] | None:
    """The placeholders a rule's message may use: the kind's ``placeholders_for(check)`` when it
    has one (names that depend on the rule, such as a relation's named terms), else ``placeholders``."""
    per_rule = getattr(kind, "placeholders_for", None)
    if callable(per_rule):
        return tuple(per_rule(check))
    declared = getattr(kind, "placeholders", None)
    if isinstance(declared, Mapping):
        return tuple(declared.get(check.get("mode"), ()))
    return None if declared is None else tuple(declared)


def check_message(message: str, allowed: tuple[str, ...] | None, keys: Keys = ("message",)) -> None:
    """Placeholders may only be plain ``{name}`` (``{{`` and ``}}`` are braces); with ``allowed``,
    each must be one the kind fills."""
    index = 0
    while index < len(message):
        char = message[index]
        if message.startswith(("{{", "}}"), index):
            index += 2
            continue
        if char == "}":
            raise Invalid(keys, f"消息第{index + 1}个字符是单独的 }}（字面的花括号请写成 }}}}）", f"stray }} at character {index + 1} (write }}}} for a brace)")
        if char == "{":
            end = message.find("}", index)
            field = message[index + 1 : end] if end > 0 else message[index + 1 :]
            if end < 0 or "{" in field:
                raise Invalid(keys, f"消息第{index + 1}个字符的 {{ 没有配对的 }}（字面的花括号请写成 {{{{）", f"unclosed {{ at character {index + 1} (write {{{{ for a brace)")
            if not _NAME.match(field):
                raise Invalid(
                    keys,
                    f"占位符「{{{field}}}」只能是一个名字，如 {{row}}：不支持格式说明、转换、属性和下标",
                    f"placeholder {{{field}}} must be a plain name: no format spec, conversion, attribute or index",
                )
            if allowed is not None and not _declared(field, allowed):
                raise Invalid(
                    keys,
                    f"占位符「{{{field}}}」不是这个检查类型提供的（可用：{'、'.join(allowed) or '无'}）{_guess(field, allowed)}",
                    f"this check kind has no placeholder {{{field}}} (it has: {', '.join(allowed) or 'none'})",
                )
            index = end + 1
            continue
        index += 1


def _declared(name: str, allowed: tuple[str, ...]) -> bool:
    return name in allowed or any(a.endswith("*") and re.fullmatch(re.escape(a[:-1]) + r"\d+", name) for a in allowed)


def _regex(pattern: Any, keys: Keys) -> None:
    try:
        re.compile(pattern)
    except (re.error, TypeError) as error:
        raise Invalid(keys, f"正则表达式无效：{error}", f"invalid regular expression: {error}") from None


def _known_ids(ids: Sequence[str], known: Mapping[str, Template], keys: Keys) -> None:
    """Each id names a loaded template; ``keys`` + its index locate it."""
    for index, template_id in enumerate(ids):
        if template_id not in known:
            raise Invalid(
                keys + (index,),
                f"没有模板「{template_id}」（可用：{'、'.join(known)}）{_guess(template_id, known)}",
                f"unknown template {template_id!r}",
            )


@dataclass(frozen=True, slots=True)
class Use:
    """One place an expression names keys: a table, an axis and the key set used on it."""

    table: str
    axis: str  # rows | columns
    keys: KeySet
    text: str  # the construct as the rule writer wrote it


@dataclass(frozen=True, slots=True)
class Annotated:
    """A value of a rule's ``check`` whose schema says what it refers to (``x-refers``), with where it is (``keys``)."""

    refers: str
    keys: Keys
    value: Any


class References:
    """Everything a rule's ``check`` refers to, checked against one template at a time."""

    def __init__(self, annotated: list[Annotated]) -> None:
        self.tables = [(a.keys + ((i,) if isinstance(a.value, list) else ()), t) for a in annotated if a.refers == "table"
                       for i, t in enumerate(a.value if isinstance(a.value, list) else [a.value])]
        self.sections = [(a.keys + ((i,) if isinstance(a.value, list) else ()), s) for a in annotated if a.refers == "section"
                         for i, s in enumerate(a.value if isinstance(a.value, list) else [a.value])]
        self.keys = [a for a in annotated if a.refers in ("row", "column", "column_label")]
        loops = [a for a in annotated if a.refers == "for_each"]
        self.for_each: Annotated | None = loops[0] if loops else None
        named = [a for a in annotated if a.refers == "terms"]
        terms: Mapping[str, str] = named[0].value if named else {}
        self.uses: list[tuple[Keys, Use]] = []
        used_terms: set[str] = set()
        for a in annotated:
            for index, text in enumerate(a.value if isinstance(a.value, list) else [a.value]):
                where = a.keys + ((index,) if isinstance(a.value, list) else ())
                if a.refers in ("relation", "term"):
                    relation = _compile(text, a.refers, where, terms)
                    self.uses.extend((where, use) for use in _uses(relation))
                    used_terms |= {n.name for c in relation.comparisons for side in (c.left, c.right) for n in walk(side) if isinstance(n, Named)}
                elif a.refers == "regex":
                    _regex(text, where)
        for name in terms:
            if name not in used_terms:
                raise Invalid(named[0].keys + (name,), f"terms 中的 {name} 在表达式中没有用到", f"term {name} is never used")
        self._check_names()

    @classmethod
    def of(cls, check: Mapping[str, Any], schema: Mapping[str, Any]) -> References:
        return cls(list(_annotated(schema, check, ("check",))))

    def _check_names(self) -> None:
        """What needs no template: variables bound and used."""
        bound = dict(self.for_each.value) if self.for_each else {}
        used_vars = {k.name for _, u in self.uses for k in u.keys.keys if k.variable}
        for where, use in self.uses:
            for key in use.keys.keys:
                if key.variable and key.name not in bound:
                    raise Invalid(where, f"变量 ${key.name}（{use.text}）没有在 for_each 中定义", f"${key.name} is not bound by for_each")
        for name in bound:
            if name not in used_vars:
                where = self.for_each.keys + (name,)  # type: ignore[union-attr]
                raise Invalid(where, f"for_each 的变量 {name} 在表达式中没有用到（应写作 ${name}）", f"for_each variable {name} is never used as ${name}")

    def check(self, template: Template, hint: str) -> None:
        """Every table, row, column, row group and variable resolves in ``template`` (``hint``: what
        to add to a message about a missing key)."""
        sections = [s.key for s in template.sections]
        for where, key in self.sections:
            if key not in sections:
                raise Invalid(where, f"模板 {template.id} 没有章节 {key}（有：{'、'.join(sections)}）{_guess(key, sections)}{hint}",
                              f"template {template.id} has no section {key!r}")
        tables = []
        for where, key in self.tables:
            spec = template.table(key)
            if spec is None:
                raise Invalid(where, *_no_table(template, key, "", hint))
            tables.append(spec)
        for a in self.keys:
            self._check_key(a, tables or list(template.tables), template, hint)
        domains = self._domains(template, tables[0] if len(tables) == 1 else None)
        for where, use in self.uses:
            _check_use(where, use, template, domains, hint)

    def _check_key(self, a: Annotated, tables: list[TableSpec], template: Template, hint: str) -> None:
        if a.refers == "column_label":
            if not any(label_key(a.value) in label_key(c.label) for t in tables for c in t.columns):
                raise Invalid(a.keys, f"模板 {template.id} 的表 {'、'.join(t.key for t in tables)} 没有含「{a.value}」的列",
                              f"no column header of {template.id} holds {a.value!r}")
            return
        axis = "rows" if a.refers == "row" else "columns"
        if not any(a.value in _axis_keys(table, axis) for table in tables):  # one of the rule's tables has it
            known = [key for table in tables for key in _axis_keys(table, axis)]
            raise Invalid(a.keys, *_no_key(template, tables, axis, a.value, known, "", hint))

    def _domains(self, template: Template, table: TableSpec | None) -> dict[str, Domain]:
        domains: dict[str, Domain] = {}
        for name, spec in (self.for_each.value.items() if self.for_each else ()):
            where = self.for_each.keys + (name,)  # type: ignore[union-attr]
            if spec == "*":
                axis = star_axis(name)
                keys = _axis_keys(table, axis, data_only=True) if table else []
                domains[name] = Domain(where, keys, axis, f'{name}: "*" 取表 {table.key if table else "?"} 的各{AXIS_WORDS[axis][0]}')
            elif isinstance(spec, str):
                _, rows = _group(template, spec[1:], where, f"for_each 的 {name}: {spec}")
                domains[name] = Domain(where, list(rows), None, f"{name}: {spec}")
            else:
                if not spec:
                    raise Invalid(where, f"for_each 的 {name} 没有取值，关系式永远不会检查", f"for_each {name} is empty: the relation would never be checked")
                domains[name] = Domain(where, list(spec), None, f"{name}: [{', '.join(spec)}]")
        return domains


@dataclass(frozen=True, slots=True)
class Domain:
    """The keys a ``for_each`` variable takes in one template."""

    keys_at: Keys
    keys: list[str]
    star_axis: str | None  # the axis "*" ranges over; None for a list
    text: str


def _group(template: Template, name: str, where: Keys, construct: str) -> tuple[str, tuple[str, ...]]:
    """The table and rows of row group ``name`` in ``template``; Invalid when the template has none."""
    groups = template.row_groups()
    if name not in groups:
        known = "、".join(f"@{g}" for g in groups) or "无"
        raise Invalid(where, f"模板 {template.id} 没有行组 @{name}（{construct}；有：{known}）{_guess(name, groups)}；行组写在模板的行上：groups: [{name}]",
                      f"template {template.id} has no row group @{name} (write groups: [{name}] on its rows)")
    return groups[name]


def _check_use(where: Keys, use: Use, template: Template, domains: dict[str, Domain], hint: str) -> None:
    spec = template.table(use.table)
    if spec is None:
        raise Invalid(where, *_no_table(template, use.table, use.text, hint))
    known = _axis_keys(spec, use.axis)
    zh_axis, en_axis = AXIS_WORDS[use.axis]
    if use.keys.kind == "named":
        table, _ = _group(template, use.keys.name, where, use.text)
        if use.axis != "rows" or table != spec.key:
            raise Invalid(where, f"行组 @{use.keys.name} 是模板 {template.id} 表 {table} 的行，不能用在 {use.text} 的表 {spec.key} 的{zh_axis}位置",
                          f"row group @{use.keys.name} holds rows of table {table} in {template.id}, not {en_axis}s of {spec.key} ({use.text})")
        return
    for key in use.keys.keys:
        if not key.variable:
            if key.name not in known:
                raise Invalid(where, *_no_key(template, [spec], use.axis, key.name, known, use.text, hint))
            continue
        domain = domains[key.name]
        bad = [k for k in domain.keys if k not in known]
        if not bad:
            continue
        if domain.star_axis and domain.star_axis != use.axis:
            raise Invalid(
                domain.keys_at,
                f"for_each 的 {domain.text}，而 ${key.name} 用在 {use.text} 的{zh_axis}位置（变量名以 row 开头才取各行）",
                f"for_each {key.name} ranges over {domain.star_axis}, but ${key.name} is used as a {en_axis} in {use.text} (names starting with row range over rows)",
            )
        raise Invalid(domain.keys_at, f"for_each 的 {domain.text}，其中 {'、'.join(bad)} 不是模板 {template.id} 表 {spec.key} 的{zh_axis}（${key.name} 用在 {use.text}）",
                      f"for_each {key.name}: {', '.join(bad)} are not {en_axis}s of {spec.key} in {template.id}")


def _axis_keys(table: TableSpec, axis: str, data_only: bool = False) -> list[str]:
    if axis == "columns":
        return [c.key for c in table.columns]
    return [r.key for r in (table.data_rows if data_only else table.rows)]


def _no_table(template: Template, key: str, construct: str, hint: str) -> tuple[str, str]:
    known = [t.key for t in template.tables]
    inside = f"（{construct}）" if construct else ""
    return (
        f"模板 {template.id} 没有表 {key}{inside}（有：{'、'.join(known)}）{_guess(key, known)}{hint}",
        f"template {template.id} has no table {key!r}",
    )


def _no_key(template: Template, tables: list[TableSpec], axis: str, key: str, known: list[str], construct: str, hint: str) -> tuple[str, str]:
    zh_axis, en_axis = AXIS_WORDS[axis]
    inside = f"（{construct}）" if construct else ""
    names = "、".join(t.key for t in tables)
    return (
        f"模板 {template.id} 的表 {names} 没有{zh_axis} {key}{inside}{_guess(key, known)}{hint}",
        f"table {names} of template {template.id} has no {en_axis} {key!r}",
    )


def _guess(name: str, known: Any) -> str:
    close = get_close_matches(name, list(known), n=1)
    return f"，是不是 {close[0]}？" if close else ""


def _compile(text: Any, refers: str, where: Keys, terms: Mapping[str, str]) -> Relation:
    if not isinstance(text, str):
        raise Invalid(where, f"表达式应为文字，而不是 {text!r}", "an expression is a string")
    try:
        return compile_relation(text if refers == "relation" else f"{text} == 0", terms)
    except ValueError as error:
        raise Invalid(where, str(error), "") from None


def _uses(relation: Relation) -> Iterator[Use]:
    for comparison in relation.comparisons:
        for side in (comparison.left, comparison.right):
            for node in walk(side):
                if isinstance(node, CellRef):
                    yield Use(node.table, "rows", KeySet("key", (node.row,)), node.text())
                    yield Use(node.table, "columns", KeySet("key", (node.column,)), node.text())
                elif isinstance(node, CellSum):
                    yield Use(node.table, "rows", node.rows, node.text())
                    yield Use(node.table, "columns", node.columns, node.text())


def _annotated(schema: Any, value: Any, keys: Keys) -> Iterator[Annotated]:
    """The values of ``check`` whose schema declares what they refer to (``x-refers``)."""
    if not isinstance(schema, Mapping):
        return
    if "x-refers" in schema:
        yield Annotated(schema["x-refers"], keys, value)
        return
    if isinstance(value, Mapping):
        properties = schema.get("properties", {})
        for name, item in value.items():
            yield from _annotated(properties.get(name), item, keys + (name,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _annotated(schema.get("items"), item, keys + (index,))


