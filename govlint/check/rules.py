"""Rules are data: one YAML file each, checked when loaded against a JSON Schema and against the
templates it applies to (:mod:`govlint.check.validate`), so a rule that cannot work never loads."""

from __future__ import annotations

import json
import os
import string
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence, cast

from .._data import data_dir
from ..cache import PACK, DataCache, cache_limit, digest, file_stamp, flush, input_stamps
from ..diagnostics import Severity
from ..errors import RuleFileError
from ..plugin.lazy import Lazy
from ..templates import Template, content_key
from . import expr, needles
from .base import CheckKind


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule file, validated: what it checks (``check``, for its kind) and how its findings read."""

    id: str
    name: str
    title: str
    message: str
    severity: Severity
    groups: tuple[str, ...]
    templates: tuple[str, ...]  # empty: every template (and reports whose template is unknown)
    year_from: int | None
    year_to: int | None
    agency_pattern: str | None
    severity_by_year: tuple[tuple[int | None, int | None, Severity], ...]
    rationale: str
    check: Mapping[str, Any]
    examples: Mapping[str, Any]
    path: str
    aliases: tuple[str, ...] = ()
    limits: str = ""  # what the rule cannot judge, and why
    url: str = ""  # the rule's documentation page (SARIF helpUri, ``govlint rules ID``)

    def applies(self, template: str | None, year: int | None) -> bool:
        if self.templates and template not in self.templates:
            return False
        if year is not None and not _in_years(year, self.year_from, self.year_to):
            return False
        return True

    def severity_for(self, year: int | None) -> Severity:
        for start, end, severity in self.severity_by_year:
            if year is not None and _in_years(year, start, end):
                return severity
        return self.severity

    def selectors(self) -> set[str]:
        """What ``select``/``ignore`` may name: the id, the dotted name and its prefixes, the groups."""
        parts = self.name.split(".")
        return {self.id, *self.aliases, *self.groups, *(".".join(parts[:i]) for i in range(1, len(parts) + 1))}


def _in_years(year: int, start: int | None, end: int | None) -> bool:
    return (start is None or year >= start) and (end is None or year <= end)


MAX_QUOTED = 200  # characters of a report's text a message quotes (a row label, a table title)


def quoted(value: Any) -> Any:
    """A text from the report, shortened for a message: a label pasted with 20 MB of tabs made
    every output of its finding 20 MB (and took seconds to format in each)."""
    if isinstance(value, str) and len(value) > MAX_QUOTED:
        return f"{value[: MAX_QUOTED // 2]}…（共{len(value)}字）"
    return value


class _SafeFormatter(string.Formatter):
    """``str.format`` without attribute or index access: a rule message cannot reach into objects;
    a long text is quoted shortened (:func:`quoted`)."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        if "." in field_name or "[" in field_name:
            raise ValueError(f"占位符不能含 . 或 [ / placeholders are plain names: {field_name}")
        return _field_value(kwargs, field_name), field_name


def _field_value(values: Mapping[str, Any], name: str) -> Any:
    """What the placeholder ``{name}`` of a message stands for: its value quoted, 「?」 when the finding gives none."""
    return quoted(values.get(name, "?"))


FORMATTER = _SafeFormatter()
_PARAMS = DataCache("check-params")
Parsed = tuple[tuple[str, "str | None", "str | None", "str | None"], ...]  # (literal, field, format spec, conversion)
_PARSED: dict[str, Parsed | None] = {}  # a rule's message parsed once; None: one with fields by position or nested


def render_message(rule: Rule, values: Mapping[str, Any]) -> str:
    """The rule's message with the finding's values (the message was checked when the rule loaded).

    What :meth:`string.Formatter.vformat` does, with the message parsed once instead of for every
    finding; a message with positional or nested fields goes through ``vformat`` itself."""
    if rule.message not in _PARSED:
        _PARSED[rule.message] = _parsed(rule.message)
    parsed = _PARSED[rule.message]
    if parsed is None:
        return FORMATTER.vformat(rule.message, (), values)
    parts = []
    for literal, name, spec, conversion in parsed:
        parts.append(literal)
        if name is not None:  # what FORMATTER's get_field, convert_field and format_field do with a plain name
            value = _field_value(values, name)
            parts.append(format(value if conversion is None else FORMATTER.convert_field(value, conversion), spec or ""))
    return "".join(parts)


def _parsed(message: str) -> Parsed | None:
    """The message's parts when every field is a plain name (no position, nesting, attribute or
    index, which ``vformat`` and :class:`_SafeFormatter` handle or refuse), else None."""
    parsed = tuple(FORMATTER.parse(message))
    plain = all(
        name is None or (name and not name.isdigit() and "{" not in (spec or "") and "." not in name and "[" not in name)
        for _, name, spec, _ in parsed
    )
    return parsed if plain else None


def load_rule(path: Path, kinds: Mapping[str, CheckKind], templates: Sequence[Template]) -> Rule:
    """One rule file, validated: the schemas, then what it names in the templates it applies to
    (:mod:`govlint.check.validate`), then the kind compiles it."""
    data, applies_to = validated_rule(path, kinds, templates)
    return rule_from(data, applies_to, path)


def validated_rule(path: Path, kinds: Mapping[str, CheckKind], templates: Sequence[Template]) -> tuple[Any, tuple[str, ...]]:
    """The rule file's data and the ids of the templates it applies to, once every check passed."""
    from ..yaml_schema import load_validated, located  # PyYAML, jsonschema and the validator only for a new or changed file
    from .validate import Invalid, validate_rule

    data = load_validated(path, "rule.schema.json", RuleFileError)
    check = data["check"]
    kind = kinds.get(check["kind"])
    if kind is None:
        raise located(RuleFileError, path, ("check", "kind"), f"未知的检查类型 {check['kind']!r}（可用：{', '.join(sorted(kinds))}） / unknown check kind")
    key = digest(file_stamp(path), json.dumps(kind.schema, sort_keys=True, ensure_ascii=False))
    _PARAMS.get_or_compute(key, lambda: _check_params(path, check, kind), max_bytes=16)
    try:
        applies_to = validate_rule(data, kind, templates)
        kind.prepare(check)
    except Invalid as error:
        raise located(RuleFileError, path, error.keys, str(error)) from None
    except ValueError as error:
        raise located(RuleFileError, path, ("check",), str(error)) from None
    return data, tuple(applies_to)


def rule_from(data: Mapping[str, Any], applies_to: Sequence[str], path: Path | str, examples: Mapping[str, Any] | None = None) -> Rule:
    """The rule of validated data (:func:`validated_rule`); ``examples`` when they are kept apart from ``data``."""
    applies = data.get("applies_to", {})
    years = applies.get("years", {})
    return Rule(
        id=data["id"],
        name=data["name"],
        title=data["title"],
        message=data["message"],
        severity=Severity.parse(data["severity"]),
        groups=tuple(data.get("groups", ())),
        templates=tuple(applies_to),
        year_from=years.get("from"),
        year_to=years.get("to"),
        agency_pattern=applies.get("agency_pattern"),
        severity_by_year=tuple(
            (s["years"].get("from"), s["years"].get("to"), Severity.parse(s["severity"])) for s in data.get("severity_by_year", ())
        ),
        rationale=data["rationale"],
        check=data["check"],
        examples=data["examples"] if examples is None else examples,
        path=str(path),
        aliases=tuple(data.get("aliases", ())),
        limits=data.get("limits", ""),
        url=data.get("url", ""),
    )


def _check_params(path: Path, check: Mapping[str, Any], kind: CheckKind) -> bool:
    """The check mapping against the kind's own schema (cached per file version and schema)."""
    from jsonschema import Draft202012Validator

    from ..yaml_schema import located, problem_keys

    errors = sorted(Draft202012Validator(kind.schema).iter_errors(check), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise located(RuleFileError, path, ("check", *problem_keys(errors[0])), f"{errors[0].message} / invalid check parameters")
    return True


def kinds_stamp(kinds: Mapping[str, CheckKind]) -> str:
    """What validating a rule takes from the check kinds: a built-in kind is its name and place
    (its code is in :func:`govlint.cache.code_stamp`); a plugin's kind is its class, the stamp of
    its module's file, its schema and its placeholders."""
    parts: list[str] = []
    for name in sorted(kinds):
        kind = kinds[name]
        if isinstance(kind, Lazy) and kind.target.startswith("govlint."):
            parts.append(f"{name}={kind.target}")
            continue
        made = kind.loaded() if isinstance(kind, Lazy) else kind
        source = getattr(sys.modules.get(type(made).__module__), "__file__", None)
        schema = json.dumps(made.schema, sort_keys=True, ensure_ascii=False, default=str)
        parts.append(f"{name}={type(made).__module__}.{type(made).__qualname__}|{input_stamps([Path(source)] if source else []).parts}|{schema}|{getattr(made, 'placeholders', None)!r}")
    return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class RuleFiles:
    """What rule folders hold: rule files, and template files (those inside a folder named ``templates``).

    ``explicit`` are the rule files of folders the user named (``--rules``, the configuration's
    ``rules``), which take precedence over an installed pack's rule of the same id.  A file reached
    through two folders is scanned once.
    """

    rules: tuple[Path, ...]
    templates: tuple[Path, ...]
    explicit: frozenset[Path] = frozenset()

    @classmethod
    def scan(cls, folders: Iterable[Path], explicit: Iterable[Path] = ()) -> RuleFiles:
        rules: dict[str, Path] = {}  # by real path
        templates: dict[str, Path] = {}
        named: set[Path] = set()
        for folder, by_user in [*((Path(f), False) for f in folders), *((Path(f), True) for f in explicit)]:
            if not folder.is_dir():
                raise RuleFileError("规则目录不存在 / no such rule folder", path=str(folder))
            real = os.path.realpath(folder)
            for parts, linked in sorted(yaml_entries(str(folder))):  # in the order of their paths (by parts, as Path sorts)
                path = folder.joinpath(*parts)
                found = templates if "templates" in parts[:-1] else rules
                # no linked folder is entered: only a linked file needs resolving (a path at a time is 2 ms a start)
                kept = found.setdefault(os.path.realpath(path) if linked else os.path.join(real, *parts), path)  # a link loop: reported when read
                if by_user and found is rules:
                    named.add(kept)
        return cls(tuple(rules.values()), tuple(templates.values()), frozenset(named))


def yaml_entries(folder: str, inside: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], bool]]:
    """Each entry under ``folder`` whose suffix is ``.yaml`` or ``.yml``, as the names of its path under ``folder``,
    and whether it is a link: what ``Path(folder).rglob("*")`` finds (it enters no linked folder, and leaves out one
    it may not read), from the folders' listings: without pathlib's stat of each path, nor a path object per entry
    (most of scanning the rules at each start)."""
    try:
        with os.scandir(os.path.join(folder, *inside)) as listing:
            entries = list(listing)
    except PermissionError:
        return
    for entry in entries:
        dot = entry.name.rfind(".")
        if 0 < dot < len(entry.name) - 1 and entry.name[dot:] in (".yaml", ".yml"):  # Path.suffix
            yield (*inside, entry.name), entry.is_symlink()
        try:
            within = entry.is_dir() and not entry.is_symlink()
        except OSError:
            within = False
        if within:
            yield from yaml_entries(folder, (*inside, entry.name))


def load_rules(
    paths: Iterable[Path],
    kinds: Mapping[str, CheckKind],
    templates: Sequence[Template],
    explicit: frozenset[Path] = frozenset(),
    notes: list[str] | None = None,
) -> tuple[Rule, ...]:
    """The rule files (see :class:`RuleFiles`), each validated against the templates; ids unique.

    One exception: a rule of a folder the user named (``explicit``) and an installed pack's rule
    with the same id is a choice, not an error: the named folder's rule is used, and ``notes``
    gets one line saying so.  govlint's own rules are never replaced.

    What validation gives (each file's data and the templates it applies to) is one entry of the
    rule pack's cache (:data:`govlint.cache.PACK`), under the stamps of the files, the templates'
    content and the check kinds: a warm start reads no YAML and validates nothing.  The relations
    the rules' checks compile are kept in the same entry (:func:`govlint.check.expr.stored`), and
    the needles of their patterns (:func:`govlint.check.needles.stored`).
    """
    files = list(paths)
    stamps = input_stamps(files)
    key = digest("rules", content_key(templates), kinds_stamp(kinds), file_stamp(expr.GRAMMAR), *stamps.parts)

    examples_key = digest(key, "examples")
    examples: list[Any] = []  # each file's, when this run validated them

    def validated() -> dict[str, Any]:
        with expr.recording() as relations, needles.recording() as patterns:
            entries = [validated_rule(path, kinds, templates) for path in files]
        examples.extend(data["examples"] for data, _ in entries)
        kept = [({k: v for k, v in data.items() if k != "examples"}, applies_to) for data, applies_to in entries]
        return {"rules": kept, "relations": expr.stored(relations), "needles": needles.stored(patterns)}

    try:
        pack = PACK.get_or_compute(key, validated, max_bytes=cache_limit(stamps.size))
        if examples:
            PACK.get_or_compute(examples_key, lambda: examples, max_bytes=cache_limit(stamps.size))
    finally:
        flush()  # what was validated stays cached, even when a later file is wrong
    expr.remember(pack["relations"])  # the kinds' ``prepare`` finds each relation compiled
    needles.remember(pack.get("needles"))  # and the text kinds each pattern's needles worked out
    every, limit = tuple(files), cache_limit(stamps.size)
    rules = [
        rule_from(data, applies_to, path, StoredExamples(examples_key, every, index, limit, stamps.parts))
        for index, (path, (data, applies_to)) in enumerate(zip(files, pack["rules"]))
    ]
    by_id: dict[str, list[Rule]] = {}
    for rule in rules:
        by_id.setdefault(rule.id, []).append(rule)
    kept: list[Rule] = []
    own = data_dir("rules").resolve()
    for ident, same in by_id.items():
        if len(same) == 1:
            kept.append(same[0])
            continue
        chosen = [r for r in same if Path(r.path) in explicit]
        if len(chosen) != 1 or any(Path(r.path).resolve().is_relative_to(own) for r in same):
            raise RuleFileError(f"规则编号 {ident} 重复（另见 {same[0].path}） / duplicate rule id", path=same[1].path)
        others = "、".join(r.path for r in same if r is not chosen[0])
        if notes is not None:
            notes.append(
                f"提示 / note: 规则 {ident} 同时见于 {chosen[0].path} 和已安装的规则包（{others}）：使用前者，命令行或配置指定的目录优先"
                f" / rule {ident} is both in {chosen[0].path} and in an installed pack: the folder you named wins"
            )
        kept.append(chosen[0])
    seen: dict[str, str] = {}
    for rule in kept:
        for ident in (rule.id, *rule.aliases):
            if ident in seen:
                raise RuleFileError(f"规则编号 {ident} 重复（另见 {seen[ident]}） / duplicate rule id", path=rule.path)
            seen[ident] = rule.path
    return tuple(sorted(kept, key=lambda r: r.id))


class StoredExamples(Mapping[str, Any]):
    """A rule's examples (``pass``, ``fail``), read when first asked for from their own entry of the rule pack's cache
    (:func:`load_rules` keeps them beside the rules): only ``govlint rules --test``/``--example`` and the testing API
    use them, and they were more than half of the pack every ``govlint check`` decoded.  The entry holds every file's
    examples in order; gone from the cache, or not of that shape (damaged), they are the files' own, read again while
    the files are as they were when the rules were loaded (``stamps``): else examples of an edited file would stand
    beside the check of the file as it was, and the rule is refused with a message."""

    def __init__(self, key: str, files: tuple[Path, ...], index: int, max_bytes: int, stamps: tuple[str, ...]) -> None:
        self._key, self._files, self._index, self._max_bytes, self._stamps = key, files, index, max_bytes, stamps
        self._value: Mapping[str, Any] | None = None

    def _examples(self) -> Mapping[str, Any]:
        if self._value is None:
            every = PACK.get_or_compute(self._key, lambda: self._read(self._files), max_bytes=self._max_bytes)
            if isinstance(every, list) and len(every) == len(self._files) and isinstance(every[self._index], dict):
                self._value = cast(Mapping[str, Any], every[self._index])
            else:  # damaged: this rule's file alone (each rule of the pack comes here)
                self._value = cast(Mapping[str, Any], self._read((self._files[self._index],))[0])
        return self._value

    def _read(self, paths: tuple[Path, ...]) -> list[Any]:
        from ..yaml_schema import load_validated

        if input_stamps(self._files).parts != self._stamps:
            raise RuleFileError("规则文件在载入之后被改动，示例可能与规则不符，请重新运行 / the rule files changed after they were loaded: run again",
                                path=str(self._files[self._index]))
        return [load_validated(path, "rule.schema.json", RuleFileError)["examples"] for path in paths]

    def __getitem__(self, kind: str) -> Any:
        return self._examples()[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._examples())

    def __len__(self) -> int:
        return len(self._examples())

    def __repr__(self) -> str:
        return repr(self._examples())


class RuleIndex:
    """What every selector names, built once, so resolving ``select``/``ignore`` is linear in their length.

    A selector names a rule by id or alias, dotted name or its prefix, group, or (when it starts
    with a capital) a prefix of the id (``GL1``): the same as :func:`govlint.config.matches`.
    """

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._named: dict[str, set[str]] = {}
        self._prefixes: dict[str, set[str]] = {}
        for rule in rules:
            for name in rule.selectors():
                self._named.setdefault(name, set()).add(rule.id)
            for end in range(1, len(rule.id) + 1):
                self._prefixes.setdefault(rule.id[:end], set()).add(rule.id)

    def resolve(self, selector: str) -> frozenset[str]:
        """The ids of the rules the selector names (empty: it names none)."""
        found = frozenset(self._named.get(selector, ()))
        return found | self._prefixes.get(selector, set()) if selector[:1].isupper() else found

    def ids(self, selectors: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for selector in dict.fromkeys(selectors):  # each distinct selector once
            found |= self.resolve(selector)
        return found
