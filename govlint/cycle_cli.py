"""The command line of the annual cycle (issue 10): ``check --previous/--published/--roster`` and
``govlint pairs``.  Kept apart from :mod:`govlint.cli`, which calls it and prints what it returns."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Sequence

if TYPE_CHECKING:
    from .check.cycle import Identity
    from .spool import Spool, SpoolFolder


def _date(text: str) -> str:
    from datetime import date  # only for --published: a run without it need not import datetime

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 YYYY-MM-DD，例如 2025-01-20 / expected a date YYYY-MM-DD, got {text!r}") from None


def add_check_options(check: argparse.ArgumentParser) -> None:
    check.add_argument("--previous", metavar="LAST_YEAR", help="last year's report of the same agency, for the cross-year rules (one REPORT only)")
    check.add_argument("--published", type=_date, metavar="DATE", help="publication date YYYY-MM-DD, for the deadline rules (over configuration and the page's 发布时间)")
    check.add_argument("--roster", metavar="FILE", help="roster.yaml of the units that must publish: missing, duplicated and unknown units")


PAIRS_HELP = "显示批量检查时各报告与上一年度报告的配对及原因 / show which reports pair as consecutive years, and why"


def add_pairs_arguments(pairs: argparse.ArgumentParser) -> None:
    pairs.add_argument("paths", nargs="+", metavar="PATH")
    pairs.add_argument("--config")
    pairs.add_argument("--isolated", action="store_true")


class Cycle:
    """What the cycle adds to one ``check`` run: items with last year's report, the identities,
    and the folder keeping what the pairing read, for the lint (:meth:`close` it when done).
    A plain class: made once per run, and a dataclass costs more to define than a run answered
    from the result cache spends on it."""

    def __init__(self, items: list[tuple[Any, ...]], identities: list[Identity] | None = None, kept: SpoolFolder | None = None) -> None:
        self.items = items  # (path, named explicitly), or a runner.Item
        self.identities = [] if identities is None else identities
        self.kept = kept

    @property
    def paired(self) -> set[str]:
        return {item[0] for item in self.items if len(item) > 2 and item[2] is not None}

    @property
    def spool(self) -> Spool | None:
        return self.kept.spool if self.kept else None

    def close(self) -> None:
        if self.kept:
            self.kept.close()


def prepare(args: argparse.Namespace, items: list[tuple[str, bool]], options: Any, jobs: int, cross_year: Sequence[str]) -> Cycle:
    """Pair the inputs: ``--previous``, else automatically when there are several and a cross-year
    rule is selected, and always for a roster.  Pairing reads every file; what it read is kept
    for the lint (:mod:`govlint.spool`), so no file is read twice, and last year's report of a
    pair is parsed once."""
    from .errors import InputError

    if args.previous:
        if len(items) != 1:
            raise InputError("--previous 只能与一个报告文件一起使用 / --previous takes exactly one REPORT")
        if not Path(args.previous).is_file():
            raise InputError("上一年度报告不存在 / no such file", path=args.previous)
        return Cycle([(items[0][0], items[0][1], args.previous)])
    if (len(items) < 2 or not cross_year) and not args.roster:
        return Cycle(list(items))
    from .pairing import identify_all, pair  # only a batch that pairs (or a roster) reads the reports' identities
    from .runner import Item
    from .spool import SpoolFolder

    try:
        kept: SpoolFolder | None = SpoolFolder()
    except OSError:  # no temporary folder to write in: the lint reads the files again
        kept = None
    identities = identify_all([path for path, _ in items], options, jobs, kept)
    pairing = pair(identities)
    wanted = set(pairing.previous.values())
    paired: list[tuple[Any, ...]] = []
    for path, explicit in items:
        previous = pairing.previous.get(path)
        places = (kept.place(path), kept.place(previous)) if kept else (None, None)
        paired.append(Item(path, explicit, previous, path in wanted, *places))
    return Cycle(paired, identities, kept)


class Said(NamedTuple):
    """What the cycle has to say after a ``check`` run: a note for stderr, the roster's table."""

    note: str = ""
    table: str = ""
    roster_clean: bool = True


def finish(args: argparse.Namespace, cycle: Cycle, cross_year: Sequence[str], results: Sequence[Any]) -> Said:
    """Which checked reports had no previous year (said once), and the roster's table and verdict."""
    note = ""
    paired = cycle.paired
    unpaired = sum(1 for r in results if not r.error and not r.skipped and r.path not in paired)
    if unpaired and cross_year:
        rules = "、".join(cross_year)
        note = (
            f"govlint: 提示 / note: {unpaired} 份报告没有可比的上一年度报告（--previous，或同一批次中同一机关上一年的报告），"
            f"跨年度规则 {rules} 未对其运行；配对情况见 govlint pairs / {unpaired} report(s) without last year's: cross-year rules not run\n"
        )
    if not args.roster:
        return Said(note)
    from .roster import check_roster, load_roster, roster_table

    roster = load_roster(Path(args.roster))
    result = check_roster(roster, cycle.identities)
    return Said(note, roster_table(result, roster), result.clean)


def pairs(args: argparse.Namespace) -> tuple[str, int]:
    """``govlint pairs``: the text to print and the exit code."""
    from .discover import expand_paths
    from .pairing import identify_all, pair, pairing_lines
    from .runner import Options, default_jobs

    items = expand_paths(args.paths)
    if not items:
        return "", 2
    options = Options(config_file=args.config, isolated=args.isolated)
    pairing = pair(identify_all([path for path, _ in items], options, default_jobs()))
    lines = [*pairing_lines(pairing), f"配对 {len(pairing.previous)} 对，共 {len(items)} 个文件 / {len(pairing.previous)} pair(s) among {len(items)} files"]
    return "\n".join(lines) + "\n", 0


__all__ = ["PAIRS_HELP", "Cycle", "Said", "add_check_options", "add_pairs_arguments", "finish", "pairs", "prepare"]
