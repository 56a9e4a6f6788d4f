"""The roster of a supervising office: the units that must publish, checked against a batch (issue 10 §2).

``roster.yaml`` lists units (``name``, ``level``, ``aliases``) and optionally the ``year``; it is read
within bounds and validated (:mod:`govlint.yaml_schema`).  Against the reports' identities
(:mod:`govlint.pairing`) it finds the units with no report for the year, the units with more than
one, and the reports naming a unit not on the roster.  Names are compared like the pairing's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .check.cycle import agency_key
from .config import Config
from .errors import ConfigError
from .check.cycle import Identity
from .report.text import display_width
from .yaml_schema import load_validated


@dataclass(frozen=True)
class Unit:
    """A unit of the roster that must publish a report: its name, level and other names."""

    name: str
    level: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Roster:
    """The roster file as read: its units and the year it is for."""

    units: tuple[Unit, ...]
    year: int | None
    path: str


@dataclass(frozen=True)
class RosterCheck:
    """What the roster found for one year: each row is (状态, 单位, 报告)."""

    year: int | None
    missing: tuple[Unit, ...]
    duplicated: tuple[tuple[Unit, tuple[str, ...]], ...]
    unknown: tuple[Identity, ...]

    @property
    def clean(self) -> bool:
        return not (self.missing or self.duplicated or self.unknown)


def load_roster(path: Path) -> Roster:
    """The roster file, validated; two units with one name (or alias) is an error."""
    data = load_validated(path, "roster.schema.json", ConfigError)
    units = tuple(Unit(u["name"], u.get("level"), tuple(u.get("aliases", ()))) for u in data["units"])
    seen: dict[str, str] = {}
    for unit in units:
        for name in (unit.name, *unit.aliases):
            if agency_key(name) in seen:
                raise ConfigError(f"名单中「{name}」出现了两次（另见「{seen[agency_key(name)]}」） / a name is on the roster twice", path=str(path))
            seen[agency_key(name)] = unit.name
    return Roster(units, data.get("year"), str(path))


def with_roster(config: Config, roster: Roster) -> Config:
    """The configuration with the roster's levels and aliases added (the configuration's own win):
    a unit's level sets its deadline, its aliases pair its renamed years."""
    values = config.values
    levels = {**{u.name: u.level for u in roster.units if u.level}, **values.get("levels", {})}
    agencies = {**{u.name: list(u.aliases) for u in roster.units if u.aliases}, **values.get("agencies", {})}
    sources = {**config.sources, "levels": config.sources.get("levels", roster.path), "agencies": config.sources.get("agencies", roster.path)}
    return Config({**values, "levels": levels, "agencies": agencies}, sources, config.root)


def check_roster(roster: Roster, identities: Iterable[Identity]) -> RosterCheck:
    """Missing, duplicated and unknown units among the reports of the roster's year (else the latest year)."""
    identities = [i for i in identities if not i.problem]
    year = roster.year or max((i.year for i in identities if i.year is not None), default=None)
    of_year = [i for i in identities if i.year == year or i.year is None]
    names = {agency_key(n): unit for unit in roster.units for n in (unit.name, *unit.aliases)}
    found: dict[str, list[str]] = {}
    unknown = []
    for item in of_year:
        unit = names.get(agency_key(item.written or "")) or names.get(agency_key(item.agency or ""))
        if unit is None:
            unknown.append(item)
        else:
            found.setdefault(unit.name, []).append(item.path)
    missing = tuple(u for u in roster.units if u.name not in found)
    duplicated = tuple((u, tuple(found[u.name])) for u in roster.units if len(found.get(u.name, ())) > 1)
    return RosterCheck(year, missing, duplicated, tuple(unknown))


def roster_table(result: RosterCheck, roster: Roster) -> str:
    """The summary's table: one row per missing, duplicated or unknown unit (Chinese, aligned)."""
    counts = Counter(status for status, _, _ in _rows(result))
    head = (
        f"名单核对 / roster（{roster.path}，{result.year or '?'}年，{len(roster.units)} 个单位）："
        f"缺报 {counts['缺报']}，重复 {counts['重复']}，不在名单 {counts['不在名单']}"
    )
    rows = [("状态", "单位", "报告"), *_rows(result)]
    if len(rows) == 1:
        return head + "\n"
    widths = [max(display_width(r[i]) for r in rows) for i in range(2)]
    lines = [f"  {a}{' ' * (widths[0] - display_width(a))}  {b}{' ' * (widths[1] - display_width(b))}  {c}".rstrip() for a, b, c in rows]
    return "\n".join([head, *lines]) + "\n"


def _rows(result: RosterCheck) -> list[tuple[str, str, str]]:
    rows = [("缺报", unit.name, "—") for unit in result.missing]
    rows += [("重复", unit.name, "、".join(paths)) for unit, paths in result.duplicated]
    rows += [("不在名单", item.written or "（未识别出机关）", item.path) for item in result.unknown]
    return rows
