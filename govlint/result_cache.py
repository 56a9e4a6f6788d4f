"""The result cache: a ``govlint check`` whose inputs have not changed answers from it.

A drafter runs govlint in pre-commit dozens of times a day on the same files.  Each file's result
(its findings, as data: :mod:`govlint.result_data`) is kept in ``results/`` of the cache folder
(:mod:`govlint.cache`) under a key made of everything that can change it:

- the file's bytes (a BLAKE2b digest of its content, never its time), the path as given and as resolved,
  and whether it was named or found in a folder;
- govlint itself: its version, the size and time of every module and schema of the package and of
  every file of its grammars, rules and templates (an editable checkout being edited is never
  stale), the Python running it;
- the installed distributions (the metadata folders of ``sys.path``), the plugins loaded, the
  stamp of each plugin's files and of the rule and template files they add, those that failed;
- the effective configuration (its values and where each came from, ``extends`` included), the
  stamp of every file under each rule folder it or ``--rules`` names, the baseline's
  bytes, the working folder (baselines and paths are relative to it), ``GOVLINT_*`` variables;
- every option of :class:`govlint.runner.Options`: an option this module does not know, or a
  command-line argument it does not know, turns the cache off, so a new one is never forgotten.

A stamp is a file's path, size and time, and for a file that is not govlint's own its bytes too
(:func:`govlint.cache.file_stamp`): an edit that keeps size and time is still seen.

Not cached (linted every time): standard input; ``--previous``, ``--roster`` and a batch whose
reports are paired by year (several files with a cross-year rule selected), whose results
depend on other files; ``--fix``, ``--diff``, ``--annotate``, ``--write-baseline``; the ``html``
format and formats of plugins; a file that could not be read (exit 2), or that changed while it
was linted; files linted by worker processes (``--jobs`` over 1, two files or more to lint: a
warning they show is not seen here); a run in which Python showed a warning (an answer from the cache would not show it);
``--no-cache``, ``cache: false`` in the configuration, ``GOVLINT_NO_CACHE=1``.

When every file of a run has an entry (:meth:`RunCache.answers`), the run prints from the
entries without importing the parser, Lark, the check kinds, PyYAML or jsonschema; otherwise
the files without one are linted and their results kept (:meth:`RunCache.through`).  Entries
are JSON, at most :data:`MAX_ENTRY_BYTES` each, written atomically; the folder is kept under
:data:`MAX_FOLDER_BYTES` (the entries used longest ago go first); an entry that is corrupt,
unreadable or of another key is a miss.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence

from . import __version__
from ._data import data_dir
from .api_types import FileResult
from . import cache
from .config import Config, config_file_for, load_config
from .errors import GovlintError
from .plugin.builtin import FORMATTERS
from .plugin.lazy import Lazy
from .plugin.manager import BUILTIN
from .result_data import RuleInfo, Uncacheable, result_from_data, result_to_data, rule_from_data, rule_to_data

if TYPE_CHECKING:
    import argparse

    from .api import Linter
    from .plugin.manager import Plugins

RESULTS_VERSION = "1"
FOLDER = "results"
MAX_ENTRY_BYTES = 4 * 1024 * 1024  # one file's result; a larger one is linted again each time
MAX_FOLDER_BYTES = 64 * 1024 * 1024  # every result entry
MAX_STAMPED_FILES = 20_000  # files of code, rules and templates stamped for one key; beyond, no caching
MAX_HASHED_BYTES = 64 * 1024 * 1024  # above any report the readers accept (govlint.read.MAX_INPUT_BYTES): not cached

# Every argument of ``govlint check``, by how it bears on a file's result.
SHOWN = frozenset({"command", "paths", "format", "output_file", "fail_level", "exit_zero", "statistics", "jobs", "color", "no_progress", "no_cache"})
CHOSEN = frozenset({"respect_gitignore", "force_exclude"})  # which files are checked: decided again on every run
OPTIONS = frozenset({"config", "isolated", "rules", "template", "select", "extend_select", "ignore", "skip_non_reports", "baseline", "published"})
UNCACHED = frozenset({"stdin_filename", "write_baseline", "annotate", "annotate_to", "fix", "diff", "previous", "roster"})  # set: no cache

# Fields of runner.Options: keyed by value, or by the baseline file's bytes; the others must keep these values.
KEYED_OPTIONS = frozenset({"config_file", "isolated", "rule_dirs", "template", "select", "extend_select", "ignore", "skip_non_reports", "published", "baseline"})
FIXED_OPTIONS: Mapping[str, Any] = {"keep_model": False, "roster": None, "plugins": None}


class Key(NamedTuple):
    name: str  # the entry's file name
    setup: str  # the key of everything but the file (the same for every file of one configuration)
    content: str  # the digest of the file's bytes when the key was made (cache.content_digest)


class Entry(NamedTuple):
    result: FileResult
    setup: str
    notes: tuple[str, ...]  # what loading the rules told the user (printed for the run's first file)
    cross_year: tuple[str, ...]  # the rules that need last year's report
    rules: Mapping[str, RuleInfo]  # the rules of its findings, as the output formats read them


class Answers(NamedTuple):
    """A whole run answered from the cache: what ``govlint check`` otherwise gets from its first linter."""

    results: list[FileResult]
    notes: tuple[str, ...]
    cross_year: tuple[str, ...]
    rules: Mapping[str, RuleInfo]
    fail_level: str  # the configuration's


class _Setup(NamedTuple):
    digest: str
    config: Config


def run_cache(
    args: argparse.Namespace, options: Any, formatters: Mapping[str, Any], plugin_set: Plugins, warned: Callable[[], bool] = lambda: False
) -> RunCache | None:
    """The result cache of this ``check`` run, or None when the run is not cached (see the module's
    docstring).  ``warned``: whether Python has shown a warning in this run, which an answer from
    the cache would not show again: from then on nothing is stored."""
    folder = cache.cache_dir()
    if folder is None or args.no_cache or "-" in args.paths:
        return None
    for name, value in vars(args).items():
        if name in UNCACHED:
            if value:
                return None
        elif name not in SHOWN | CHOSEN | OPTIONS:
            return None
    for option in dataclasses.fields(options):
        if option.name not in KEYED_OPTIONS and (option.name not in FIXED_OPTIONS or getattr(options, option.name) != FIXED_OPTIONS[option.name]):
            return None
    if not all(_cached_format(name, formatters[name]) for name in {args.format, *(name for _, name in args.output_file)}):
        return None
    return RunCache(folder / FOLDER, options, plugin_set, warned)


def _cached_format(name: str, formatter: Any) -> bool:
    """One of govlint's own formats that draws no parsed report (``html`` does): a plugin's may read anything of a rule."""
    own = FORMATTERS.get(name)
    return own is not None and not own[1] and isinstance(formatter, Lazy) and formatter.target == own[0]


class RunCache:
    """The entries of one run: keys made once per configuration, entries read and written."""

    def __init__(self, folder: Path, options: Any, plugin_set: Plugins, warned: Callable[[], bool] = lambda: False) -> None:
        self.folder, self.options, self.plugin_set, self.warned = folder, options, plugin_set, warned
        self.jobs = 1  # the processes the files without an entry are linted in (set by the command line)
        self._setups: dict[str, _Setup | None] = {}
        self._config_paths: dict[str, Path | None] = {}  # each file's configuration file
        self._environment: str | None = None
        self.written = False

    def answers(self, items: Sequence[tuple[str, bool]]) -> Answers | None:
        """Every file's result from the cache, or None when one has no entry (then nothing is used)."""
        entries = []
        for path, explicit in items:
            entry = self._entry(self.key(path, explicit))
            if entry is None:
                return None
            entries.append(entry)
        first = entries[0]
        if any(entry.setup != first.setup for entry in entries) or (len(entries) > 1 and first.cross_year):
            return None  # files of another configuration, or a batch the pairing would read whole
        rules: dict[str, RuleInfo] = {}
        for entry in entries:
            rules.update(entry.rules)
        setup = self._setup(items[0][0])
        fail_level = setup.config.fail_level if setup else "error"
        return Answers([entry.result for entry in entries], first.notes, first.cross_year, rules, fail_level)

    def through(
        self, items: Sequence[tuple[Any, ...]], lint: Callable[[list[tuple[Any, ...]]], Iterable[FileResult]], linter_of: Callable[[str], Linter]
    ) -> Iterator[FileResult]:
        """Each item's result in order: from its entry, or from ``lint`` (given the items without
        one), then kept.  Every key is made before any file is linted: an entry is written only
        when the file's bytes after the lint are still those of its key."""
        keys = [self.key(item[0], item[1]) for item in items]
        entries = [self._entry(key) for key in keys]
        missing = [item for item, entry in zip(items, entries) if entry is None]
        pooled = self.jobs > 1 and len(missing) > 1  # workers show their warnings where this process cannot see them: none kept
        linted = iter(lint(missing))
        for item, key, entry in zip(items, keys, entries):
            if entry is not None:
                yield entry.result
                continue
            result = next(linted)
            if key is not None and not pooled:
                self._store(key, item[0], result, linter_of)
            yield result

    def close(self) -> None:
        """Keep the folder within its bound, once per run that wrote (trimming lists the whole folder)."""
        if self.written:
            cache.trim(self.folder, MAX_FOLDER_BYTES)

    def key(self, path: str, explicit: bool) -> Key | None:
        setup = self._setup(path)
        content = _content_digest(path)
        if setup is None or content is None:
            return None
        name = _digest(setup.digest, path, os.path.abspath(path), os.path.realpath(path), str(bool(explicit)), content)
        return Key(name, setup.digest, content)

    def _setup(self, path: str) -> _Setup | None:
        """The key of everything but the file, for ``path``'s configuration; None: not cached."""
        options = self.options
        if path not in self._config_paths:  # asked again for the run's fail level: found once
            try:
                self._config_paths[path] = config_file_for(path, options.config_file, options.isolated)
            except GovlintError:
                return None
        config_path = self._config_paths[path]
        memo = str(config_path)
        if memo not in self._setups:
            self._setups[memo] = self._new_setup(config_path)
        return self._setups[memo]

    def _new_setup(self, config_path: Path | None) -> _Setup | None:
        options = self.options
        try:
            config = load_config(config_path) if config_path else Config()
            if config.values.get("cache", True) is False:
                return None
            rule_dirs = [*config.rule_dirs(), *map(Path, options.rule_dirs)]
            parts = [
                self._environment_digest(),
                str(config_path),
                json.dumps([config.values, config.sources, str(config.root)], sort_keys=True, default=repr),
                json.dumps({name: getattr(options, name) for name in sorted(KEYED_OPTIONS)}, default=repr),
                (_content_digest(options.baseline, whole=True) or "unreadable") if options.baseline else "",
                *(stamp for folder in rule_dirs for stamp in _tree_stamps(folder)),
            ]
        except (GovlintError, Uncacheable, OSError, TypeError, ValueError):  # TypeError, ValueError: values JSON cannot key
            return None
        return _Setup(_digest(*parts), config)

    def _environment_digest(self) -> str:
        """govlint, Python, the installed distributions and the plugins: the same for every file of the run."""
        if self._environment is None:
            plugins = self.plugin_set
            package = Path(__file__).resolve().parent
            parts = [RESULTS_VERSION, __version__, sys.version, os.path.realpath(sys.executable), sys.prefix, os.getcwd(), str(package)]
            parts.append(cache.code_stamp())  # every module and schema of the package (its data: the grammars, and rules below)
            parts += _tree_stamps(data_dir("grammars"))
            parts += sorted(f"{k}={v}" for k, v in os.environ.items() if k.startswith("GOVLINT_") and k != "GOVLINT_CACHE_DIR")
            parts += plugins.environment  # the installed distributions, as the plugins were found under them
            parts += plugins.failures
            for name, plugin in plugins.registered():
                parts.append(str(name))
                parts += [] if name == BUILTIN else _code_stamps(plugin)  # govlint's own: the code stamp
            walked: set[str] = set()
            for folder in plugins.rule_paths():
                parts += _tree_stamps(folder, walked)
            for path in plugins.template_paths():
                if str(path) not in walked:  # a template the walk of a rule folder stamped (govlint's own are) is not stamped twice
                    parts += _tree_stamps(path)
            self._environment = _digest(*parts)
        return self._environment

    def _entry(self, key: Key | None) -> Entry | None:
        """The entry of ``key``; None when there is none, or it is unreadable, corrupt or of another key."""
        if key is None:
            return None
        path = self.folder / f"{key.name}.json"
        data = cache.read_json(path)
        try:
            if (data.get("version"), data.get("key"), data.get("content")) != (RESULTS_VERSION, key.name, key.content):
                return None
            rules = {info.id: info for info in map(rule_from_data, data["rules"])}
            entry = Entry(result_from_data(data["result"]), key.setup, _strings(data["notes"]), _strings(data["cross_year"]), rules)
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError):  # ArithmeticError: a damaged decimal
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: the folder's trimming drops the entries unused for longest
        return entry

    def _store(self, key: Key, path: str, result: FileResult, linter_of: Callable[[str], Linter]) -> None:
        if result.error is not None or self.warned() or _content_digest(path) != key.content:
            return  # an unreadable file is read again next time; one that changed while linted is keyed anew
        try:
            linter = linter_of(path)
            cross_year = list(linter.checker.cross_year)  # the rules loaded: their notes are complete
            ids = {d.rule for d in result.diagnostics}
            data = {
                "version": RESULTS_VERSION, "key": key.name, "content": key.content, "result": result_to_data(result),
                "notes": list(linter.notes), "cross_year": cross_year, "rules": [rule_to_data(r) for r in linter.all_rules if r.id in ids],
            }
        except (GovlintError, Uncacheable):
            return
        text = json.dumps(data)
        if len(text) > MAX_ENTRY_BYTES:
            return
        try:
            self.folder.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return
        cache.write_atomically(self.folder / f"{key.name}.json", text)
        self.written = True


def clean() -> tuple[Path | None, int]:
    """``govlint clean``: remove the result entries and every other file govlint keeps in its cache
    folder (the rule pack, validated data, Lark's tables, compiled patterns and methods); never another file that happens to be there."""
    from . import yaml_schema  # noqa: F401 - each data cache registers its name when imported
    from .check import rules  # noqa: F401
    from .plugin import installed  # noqa: F401

    folder = cache.cache_dir()
    if folder is None:
        return None, 0
    data = cache.data_file_names()
    cached = [path for path in _files(folder) if _made_by_govlint(path.name, data)]
    entries = [path for path in _files(folder / FOLDER) if path.name.endswith(".json") or path.name.startswith(".tmp-")]
    removed = 0
    for path in (*cached, *entries):
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    with contextlib.suppress(OSError):
        (folder / FOLDER).rmdir()
    return folder, removed


def _files(folder: Path) -> list[Path]:
    try:
        return [path for path in folder.iterdir() if path.is_file()]
    except OSError:
        return []


def _made_by_govlint(name: str, data: set[str]) -> bool:
    """A file of govlint's cache folder: the data caches, rule packs, Lark's tables, compiled patterns and methods, temporaries."""
    if name in data or name.startswith(".tmp-"):
        return True
    if name.startswith(("methods-", "regex-")) and name.endswith(".marshal"):
        return True
    return (name.startswith("lark-") and name.endswith(".cache")) or (name.startswith(("regex-", f"{cache.PACK.name}-")) and name.endswith(".json"))


def _content_digest(path: str, whole: bool = False) -> str | None:
    """The digest of a regular file's bytes; None for anything else, or a file far larger than a report
    may be (its error is not cached: not worth hashing).  ``whole``: any size (a baseline)."""
    return cache.content_digest(path, None if whole else MAX_HASHED_BYTES)


def _tree_stamps(path: Path, walked: set[str] | None = None) -> list[str]:
    """The stamp of a file, or of every file under a folder (compiled bytecode aside): path, size,
    time, and for files not govlint's own their content (:func:`govlint.cache.file_stamp`).
    ``walked`` gains the path of each file stamped under the folder (a linked folder is not entered)."""
    try:
        if not path.is_dir():
            return [cache.file_stamp(path)]
    except OSError:
        return [f"{path}|missing"]
    stamps = [str(path)]
    for top, folders, names in os.walk(path):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(names):
            file = os.path.join(top, name)
            stamps.append(cache.file_stamp(file))  # a user's file by its bytes too (cache.file_stamp)
            if walked is not None:
                walked.add(file)
            if len(stamps) > MAX_STAMPED_FILES:
                raise Uncacheable(f"more than {MAX_STAMPED_FILES} files under {path}")
    return stamps


def _code_stamps(plugin: Any) -> list[str]:
    """The files of the package a plugin comes from (its top-level package: it may import the rest)."""
    module_name = plugin.__name__ if isinstance(plugin, type(sys)) else getattr(plugin, "__module__", None)
    top = sys.modules.get(str(module_name).split(".")[0])
    if top is None:
        return [f"{module_name}|unknown"]
    folders = list(getattr(top, "__path__", ()))
    if folders:
        return [stamp for folder in folders for stamp in _tree_stamps(Path(folder))]
    file = getattr(top, "__file__", None)
    return _tree_stamps(Path(file)) if file else [f"{module_name}|unknown"]


def _digest(*parts: str) -> str:
    return cache.strong_hash("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _strings(data: Any) -> tuple[str, ...]:
    if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
        raise TypeError("expected a list of strings")
    return tuple(data)
