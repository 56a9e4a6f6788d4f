"""Which report of a batch is last year's of which: the same agency, the year before (issue 10).

The agency and the year are the parsed model's (the title), through the configuration's ``agency``
override and ``agencies`` aliases; names are compared by :func:`~govlint.check.cycle.agency_key`
only, never by a prefix, so 「平顶山市人民政府办公室」 is not 「平顶山市人民政府」.  Two reports of one
agency and year make that year ambiguous: neither is paired with it, and the pairing says why.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from .check.cycle import Identity, agency_key
from .errors import GovlintError
from .runner import Options, folder_linter, new_batch, parsed
from .spool import Place, Spool, SpoolFolder, pack


@dataclass(frozen=True)
class Pairing:
    """Each file's previous year's file, and for every file a line saying why (Chinese)."""

    previous: dict[str, str]
    reasons: dict[str, str]
    identities: tuple[Identity, ...]


IDENTITY_LINES = 40  # the title, and the statistics period when the title has no year, come first


def identify(path: str, options: Options) -> Identity:
    """Read one file and parse its beginning for its agency and year (worker-safe: never raises).

    Only the first :data:`IDENTITY_LINES` lines are read, and only for their title and statistics
    period (:meth:`~govlint.api.Linter.identify`): the tables, the costly part, are parsed once, by the lint."""
    return _identify(path, options)[0]


def _identify(path: str, options: Options, keep: bool = False) -> tuple[Identity, bytes | None]:
    """:func:`identify`, and with ``keep`` what was read (or why it could not be), packed for the lint."""
    kept = None
    try:
        linter = folder_linter(path, options)
        try:
            source = linter.read(path)
        except GovlintError as error:
            kept = pack(error) if keep else None
            raise
        kept = pack(source) if keep else None
        name, year = linter.identify(replace(source, lines=source.lines[:IDENTITY_LINES]))
        canonical = linter.checker.cycle.canonical(name)  # the rules load here: their errors are this file's too
    except GovlintError as error:
        return Identity(path, problem=error.message), kept
    except Exception as error:  # noqa: BLE001 - a bug on one file must not stop the pairing
        return Identity(path, problem=f"内部错误（{type(error).__name__}）"), kept
    return Identity(path, canonical, year, name), kept


def identify_all(paths: list[str], options: Options, jobs: int = 1, keep: SpoolFolder | None = None) -> list[Identity]:
    """Every file's identity, in order; ``keep`` keeps what each file read, for the lint."""
    new_batch()
    if jobs <= 1 or len(paths) < 2:
        found: Iterable[tuple[Identity, bytes | None]] = (_identify(path, options, keep is not None) for path in paths)
    else:
        from .batch import ordered_map

        work = functools.partial(_identify, options=options, keep=keep is not None)
        found = ordered_map(work, paths, jobs=jobs, lost=lambda path, reason: (Identity(path, problem=reason[:200]), None))
    identities = []
    for identity, kept in found:
        if keep is not None and kept is not None:
            keep.keep(identity.path, kept)
        identities.append(identity)
    return identities


def pair(identities: Iterable[Identity]) -> Pairing:
    """Pair every report with the same agency's report of the year before, when there is exactly one."""
    identities = tuple(identities)
    by_key: dict[tuple[str, int], list[Identity]] = {}
    for item in identities:
        if item.agency and item.year is not None:
            by_key.setdefault((agency_key(item.agency), item.year), []).append(item)
    previous: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for item in identities:
        if item.problem:
            reasons[item.path] = f"无法读取：{item.problem}"
        elif not item.agency:
            reasons[item.path] = "标题中没有识别出发布机关（可在配置 agency 中写明）"
        elif item.year is None:
            reasons[item.path] = "未能确定报告年度（可在配置 year 中写明）"
        else:
            reasons[item.path] = _reason(item, by_key, previous)
    return Pairing(previous, reasons, identities)


def _reason(item: Identity, by_key: dict[tuple[str, int], list[Identity]], previous: dict[str, str]) -> str:
    assert item.agency is not None and item.year is not None
    key = agency_key(item.agency)
    same = by_key.get((key, item.year), [])
    if len(same) > 1:
        return f"「{item.agency}」{item.year}年有 {len(same)} 份报告，无法确定哪一份与其他年度比较"
    last = by_key.get((key, item.year - 1), [])
    if not last:
        return f"本批次中没有「{item.agency}」{item.year - 1}年的报告"
    if len(last) > 1:
        return f"「{item.agency}」{item.year - 1}年有 {len(last)} 份报告（{'、'.join(i.path for i in last)}），不知与哪一份比较"
    previous[item.path] = last[0].path
    named = "" if last[0].written == item.written else f"（上年标题写作「{last[0].written}」，按配置的别名视为同一机关）"
    return f"与 {last[0].path} 配对：同一机关「{item.agency}」，{item.year - 1}年 → {item.year}年{named}"


def pairing_lines(pairing: Pairing) -> Iterator[str]:
    """``govlint pairs``: one line per file, in the batch's order."""
    for item in pairing.identities:
        who = f"{item.agency or '?'} {item.year or '?'}"
        mark = "←" if item.path in pairing.previous else "·"
        yield f"{mark} {item.path}  [{who}]  {pairing.reasons[item.path]}"
