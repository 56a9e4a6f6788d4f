"""The batch runner: each file with its own configuration, in one process or several, in a stable order."""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, NamedTuple, Sequence

from .api import Linter
from .api_types import FileResult
from .check.cycle import Previous
from .config import Config, config_file_for, load_config, stamp
from .discover import Discovery, expand_paths
from .errors import GovlintError
from .model import Report
from .options import Options as Options, default_jobs as default_jobs  # where they lived: importers keep working
from .plugin.manager import named
from .read.source import Source

if TYPE_CHECKING:
    from .spool import Place, Spool  # only a batch that pairs keeps readings (and imports the spool)


def lint_paths(paths: Iterable[str | Path], *, options: Options = Options(), jobs: int = 1) -> list[FileResult]:
    """Lint files, folders and glob patterns; results in a stable order, identical for any ``jobs``."""
    return list(iter_lint_paths(paths, options=options, jobs=jobs))


def iter_lint_paths(paths: Iterable[str | Path], *, options: Options = Options(), jobs: int = 1) -> Iterator[FileResult]:
    """Like :func:`lint_paths`, yielding each result as soon as it and those before it are done."""
    plugin_set = None if options.plugins is None else named(options.plugins)
    return iter_lint_items(expand_paths(paths, Discovery(options.config_file, options.isolated), plugin_set), options=options, jobs=jobs)


def iter_lint_items(
    items: Sequence[tuple[Any, ...]], *, options: Options = Options(), jobs: int = 1, spool: Spool | None = None
) -> Iterator[FileResult]:
    """Lint already expanded ``(path, named explicitly)`` items (see :func:`expand_paths`), or
    :class:`Item` s, which may name last year's report of the same agency (see :mod:`govlint.pairing`).
    With a ``spool``, each file's reading is taken from it when the pairing kept one."""
    new_batch()
    if jobs <= 1 or len(items) < 2:
        yield from (_lint_item(item, options, spool) for item in items)
        return
    from .batch import ordered_map  # only batch runs need worker processes

    work = functools.partial(_lint_item, options=options, spool=spool)
    yield from ordered_map(work, items, jobs=jobs, lost=_lost)


_LINTERS: dict[tuple[object, ...], Linter] = {}
_LINTERS_LOCK = threading.Lock()  # threads of one process (the LSP server, library users) share the linters


def linter_for(path: str, options: Options) -> Linter:
    """The linter for a file's configuration, built once per configuration in each process (and thread-safe)."""
    config_path = config_file_for(path, options.config_file, options.isolated)
    key = (str(config_path), stamp(config_path) if config_path else "", stamp(Path(options.baseline)) if options.baseline else "", options)
    with _LINTERS_LOCK:
        linter = _LINTERS.get(key)
        return linter if linter is not None else _new_linter(key, config_path, options)


def _new_linter(key: tuple[object, ...], config_path: Path | None, options: Options) -> Linter:
    """Build, remember and return the linter for ``key``, forgetting those of older versions of its files (under the lock)."""
    for stale in [k for k in _LINTERS if (k[0], k[-1]) == (key[0], key[-1])]:  # a file changed (govlint server)
        del _LINTERS[stale]
    config = load_config(config_path) if config_path else Config()
    config = config.merged(template=options.template, select=options.select, ignore=options.ignore, extend_select=options.extend_select)
    if options.roster:
        from .roster import load_roster, with_roster  # only roster runs read one

        config = with_roster(config, load_roster(Path(options.roster)))
    baseline = None
    if options.baseline:
        from .baseline import load_baseline  # only a run with --baseline reads one

        baseline = load_baseline(Path(options.baseline))
    plugin_set = None if options.plugins is None else named(options.plugins)
    _LINTERS[key] = Linter(
        config=config, extra_rule_dirs=tuple(Path(d) for d in options.rule_dirs), baseline=baseline, published=options.published,
        plugins=plugin_set,
    )
    return _LINTERS[key]


def lint_stdin(data: bytes, name: str, options: Options = Options()) -> FileResult:
    """Standard input (``govlint check -``) as the file ``name``: its configuration is found from
    ``name``, per-file ignores match it, and outputs show it; read and decoded as a file's bytes."""
    return _lint(name, lambda linter: linter.read_bytes(data, name), options)


_FOLDER_LINTERS: dict[tuple[str, Options], Linter] = {}  # for one batch: (folder, options) → its linter


def new_batch() -> None:
    """Forget the linters of the last batch: configuration files may have changed since."""
    _FOLDER_LINTERS.clear()


def folder_linter(path: str, options: Options) -> Linter:
    """:func:`linter_for`, looked up once per folder of a batch (the configuration search walks up
    the folders and reads each pyproject.toml: 3% of a batch when done for every file)."""
    key = (os.path.dirname(path), options)
    linter = _FOLDER_LINTERS.get(key)
    if linter is None:
        linter = _FOLDER_LINTERS[key] = linter_for(path, options)
    return linter


class Item(NamedTuple):
    """One file of a paired batch (:mod:`govlint.pairing`)."""

    path: str
    explicit: bool  # named on the command line, not found in a folder
    previous: str | None = None  # last year's report of the same agency, for the cross-year rules
    wanted: bool = False  # last year's of another file: its model is parsed once, kept in the spool
    place: Place | None = None  # where the pairing kept this file's reading in the spool
    previous_place: Place | None = None  # and last year's


def _lint_item(item: tuple[Any, ...], options: Options, spool: Spool | None = None) -> FileResult:
    """One file of a batch: whatever goes wrong with it is its error line, never the batch's end."""
    paired = Item(*item)
    try:
        return _lint(
            paired.path, lambda linter: read_source(paired.path, linter, spool, paired.place), options,
            explicit=paired.explicit and not options.skip_non_reports, linter_of=folder_linter, paired=paired, spool=spool,
        )
    except Exception as error:  # noqa: BLE001 - a bug on one file must not lose the others
        return _lost(item, f"{type(error).__name__}: {error}")


def _lint(
    path: str,
    read: Callable[[Linter], Source],
    options: Options,
    explicit: bool = True,
    linter_of: Callable[[str, Options], Linter] = linter_for,
    paired: Item | None = None,
    spool: Spool | None = None,
) -> FileResult:
    """Read with the linter of ``path``'s configuration, then lint (with last year's report, when
    ``paired`` names one, taken from the ``spool`` where the pairing kept it); this file's
    configuration or input errors are its result."""
    try:
        linter = linter_of(path, options)
        source = read(linter)
        model = _kept_model(paired, options, spool) if paired is not None and paired.wanted else None
        last = Previous()
        if paired is not None and paired.previous is not None:
            last = previous_of(paired.previous, options, spool, paired.previous_place)
        return linter.lint_source(source, explicit=explicit, keep_model=options.keep_model, previous=last, model=model)
    except GovlintError as error:
        return FileResult(path, error=error.message if error.path in (None, path) else str(error))


def read_source(path: str, linter: Linter, spool: Spool | None = None, place: Place | None = None) -> Source:
    """The file read with ``linter``, or its reading the pairing kept at ``place`` in ``spool``."""
    return spool.reading(place, lambda: linter.read(path)) if spool else linter.read(path)


def parsed(path: str, options: Options, spool: Spool | None = None, place: Place | None = None) -> Report:
    """The file's model, with its configuration: parsed once per batch when there is a ``spool``
    (last year's report of a pair is wanted by its own lint and by this year's)."""
    linter = folder_linter(path, options)
    if spool is None:
        return linter.parse(linter.read(path))
    return spool.model(path, lambda: linter.parse(read_source(path, linter, spool, place)))


def previous_of(path: str | None, options: Options, spool: Spool | None = None, place: Place | None = None) -> Previous:
    """Last year's report read and parsed with its own configuration (an error if it cannot be read);
    with a ``spool``, parsed once per batch from its reading kept at ``place``."""
    return Previous() if path is None else Previous(parsed(path, options, spool, place))


def _kept_model(item: Item, options: Options, spool: Spool | None) -> Report | None:
    """:func:`parsed` for a file's own lint; None when it fails, for the lint to say why as it always does."""
    try:
        return parsed(item.path, options, spool, item.place)
    except GovlintError:
        return None


def _lost(item: tuple[Any, ...], reason: str) -> FileResult:
    return FileResult(item[0], error=f"内部错误（{reason[:200]}），请报告此问题 / internal error: please report it")
