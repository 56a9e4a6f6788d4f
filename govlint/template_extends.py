"""``extends:``: a template written as the changes to another, resolved into a whole template's data.

A 2025 revision or a province's variant of the national format differs in a few rows; its file
names the template it changes and lists only those::

    id: v2025
    extends: v2021
    years: {from: 2025}
    tables:
      - key: t3
        rows:
          - {key: r3_6_4, label: 4.其他情形, groups: [disposal, other], after: r3_6_3}   # a new row
          - {key: r3_5_5, label: 5.要求确认或重新出具已获取信息}                        # a changed row
          - {key: r3_3_8, remove: true}                                             # a removed row

Every keyed list (sections, tables, a table's columns and rows) is merged by ``key``: an item
with a new key is added (at the end, or ``after:``/``before:`` a key), an item with a known key
replaces the fields it gives (and moves with ``after``/``before``), ``remove: true`` removes it.
Other fields (``title``, ``years``, ``header_words``, a row's ``groups`` …) replace the parent's.
Chains are bounded (:data:`MAX_DEPTH`), cycles and unknown parents are errors naming the file and
the key, and a template that does not come out whole (a new row without a label, a table in a
removed section) is refused the same way, never repaired by a guess.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from .errors import GovlintError, RuleFileError
from .yaml_schema import located

MAX_DEPTH = 8  # templates in one chain: the national format, a revision, a province, a city …
_PLACE = ("remove", "after", "before")  # how an item moves: not part of the template
_NEEDS = {  # what an item must give when it is new (not a change of a parent's item)
    "sections": ("number", "title"),
    "tables": ("section", "title", "columns", "rows"),
    "columns": ("label",),
    "rows": ("label",),
}
_WORDS = {"sections": ("章节", "section"), "tables": ("表", "table"), "columns": ("列", "column"), "rows": ("行", "row")}

Keys = list[Any]
Data = dict[str, Any]


def resolve_extends(files: Sequence[tuple[Path, Data]]) -> list[tuple[Data, tuple[str, ...]]]:
    """Each file's whole template data and its lineage (its own id, its parent's, …), in file order.

    Parents are found among ``files`` (ids are unique there)."""
    by_id = {data["id"]: (path, data) for path, data in files}
    done: dict[str, tuple[Data, tuple[str, ...]]] = {}

    def whole(template_id: str, chain: tuple[str, ...]) -> tuple[Data, tuple[str, ...]]:
        if template_id in done:
            return done[template_id]
        path, data = by_id[template_id]
        parent_id = data.get("extends")
        lineage: tuple[str, ...]
        if parent_id is None:
            merged, lineage = _apply(path, {}, data), (template_id,)
        else:
            _check_parent(path, template_id, parent_id, chain, by_id)
            parent, above = whole(parent_id, (*chain, template_id))
            if len(above) >= MAX_DEPTH:
                raise _too_deep(path)
            merged, lineage = _apply(path, parent, data), (template_id, *above)
        _check_whole(path, merged, derived=parent_id is not None)
        done[template_id] = (merged, lineage)
        return done[template_id]

    return [whole(data["id"], ()) for _, data in files]


def _check_parent(path: Path, template_id: str, parent_id: str, chain: tuple[str, ...], by_id: Mapping[str, Any]) -> None:
    if parent_id not in by_id:
        known = "、".join(by_id)
        raise located(RuleFileError, path, ["extends"], f"没有模板「{parent_id}」可继承（可用：{known}） / extends an unknown template {parent_id!r}")
    if parent_id == template_id or parent_id in chain:
        before = chain[chain.index(parent_id):] if parent_id in chain else ()
        loop = " → ".join((*before, template_id, parent_id))
        raise located(RuleFileError, path, ["extends"], f"模板继承成环：{loop} / templates extend each other in a cycle: {loop}")
    if len(chain) + 1 >= MAX_DEPTH:
        raise _too_deep(path)


def _too_deep(path: Path) -> GovlintError:
    return located(RuleFileError, path, ["extends"], f"模板继承超过 {MAX_DEPTH} 层 / more than {MAX_DEPTH} templates in an extends chain")


def _apply(path: Path, parent: Data, data: Data) -> Data:
    """The parent's data with this file's changes; a template without ``extends`` changes nothing."""
    merged = {key: value for key, value in parent.items()}
    merged.update({key: value for key, value in data.items() if key not in ("extends", "sections", "tables")})
    for name in ("sections", "tables"):
        merged[name] = _merge(path, [name], parent.get(name, []), data.get(name, []), name)
    return merged


def _merge(path: Path, keys: Keys, old: list[Data], changes: list[Data], kind: str) -> list[Data]:
    """``old`` with each change applied in order (see the module's docstring)."""
    items = list(old)
    seen: set[str] = set()
    zh, en = _WORDS[kind]
    for index, change in enumerate(changes):
        where = [*keys, index]
        key = change["key"]
        if key in seen:
            raise located(RuleFileError, path, [*where, "key"], f"{zh} {key} 写了两次 / {en} {key!r} given twice")
        seen.add(key)
        moves = [name for name in _PLACE if name in change]
        if len(moves) > 1:
            raise located(RuleFileError, path, [*where, moves[1]], f"{'、'.join(moves)} 只能写一个 / give only one of {', '.join(moves)}")
        at = next((i for i, item in enumerate(items) if item["key"] == key), None)
        if change.get("remove"):
            if at is None:
                raise located(RuleFileError, path, [*where, "remove"], f"要删除的{zh} {key} 不存在 / no {en} {key!r} to remove")
            extra = sorted(set(change) - {"key", "remove"})
            if extra:
                raise located(RuleFileError, path, [*where, extra[0]], f"删除的{zh} {key} 不能同时修改 {extra[0]} / a removed {en} takes no {extra[0]}")
            del items[at]
            continue
        if at is None:
            missing = [name for name in _NEEDS[kind] if name not in change]
            if missing:
                raise located(RuleFileError, path, where, f"新{zh} {key} 缺少 {'、'.join(missing)} / new {en} {key!r} needs {', '.join(missing)}")
            item = _changed(path, where, {}, change)
        else:
            item = _changed(path, where, items.pop(at), change)
        items.insert(_position(path, where, items, change, at), item)
    return items


def _changed(path: Path, where: Keys, item: Data, change: Data) -> Data:
    result = dict(item)
    for name, value in change.items():
        if name in ("columns", "rows"):
            result[name] = _merge(path, [*where, name], item.get(name, []), value, name)
        elif name not in _PLACE:
            result[name] = value
    return result


def _position(path: Path, where: Keys, items: list[Data], change: Data, at: int | None) -> int:
    """Where the item goes: after or before the key it names, else where it was, else at the end."""
    for name, offset in (("after", 1), ("before", 0)):
        if name in change:
            anchor = next((i for i, item in enumerate(items) if item["key"] == change[name]), None)
            if anchor is None:
                raise located(RuleFileError, path, [*where, name], f"{name}: {change[name]} 不存在 / {name} names an unknown key {change[name]!r}")
            return anchor + offset
    return len(items) if at is None else at


def _check_whole(path: Path, data: Data, derived: bool) -> None:
    """What only the whole template shows: tables in known sections, none empty, row groups sound.

    A row group (``groups: [disposal]`` on rows) belongs to one table and holds data rows only:
    a rule's ``@disposal`` then means the same rows wherever it is used."""
    sections = {section["key"] for section in data["sections"]}
    owner: dict[str, str] = {}
    for index, table in enumerate(data["tables"]):
        where = ["extends"] if derived else ["tables", index]
        key = table["key"]
        if table["section"] not in sections:
            raise located(RuleFileError, path, where, f"表 {key} 所在章节 {table['section']} 不存在 / table {key!r} is in an unknown section")
        for name in ("columns", "rows"):
            if not table[name]:
                raise located(RuleFileError, path, where, f"表 {key} 没有{_WORDS[name][0]} / table {key!r} has no {name}")
        for row in table["rows"]:
            for group in row.get("groups", ()):
                if owner.setdefault(group, key) != key:
                    raise located(RuleFileError, path, where,
                                  f"行组 {group} 同时用在表 {owner[group]} 和表 {key} / row group {group!r} is in two tables")
                if not row.get("data", True):
                    raise located(RuleFileError, path, where,
                                  f"行组 {group} 含有非数据行 {row['key']} / row group {group!r} holds a row without data")
