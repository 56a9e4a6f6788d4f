"""Path discovery: the files a batch run lints, from files, folders and glob patterns.

Folder walks and globs leave out what the configuration excludes (``exclude``, by default
folders such as ``node_modules`` and ``dist``, plus ``extend_exclude``: gitignore-style
patterns relative to the configuration file) and, unless ``respect_gitignore: false`` or
``--no-respect-gitignore``, what the repository's ``.gitignore`` files and
``.git/info/exclude`` ignore, as git does.  A file named on the command line is linted
whatever the patterns say, unless ``--force-exclude`` (for pre-commit, which names files).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from .config import Config, config_file_for, ignore_decision, load_config
from .plugin.manager import Plugins, resolve_plugins

if TYPE_CHECKING:
    import pathspec

MAX_GITIGNORE_BYTES = 1024 * 1024  # a .gitignore is a few hundred bytes; a larger one is read in part


@dataclass(frozen=True)
class Discovery:
    """How a run decides which found files to leave out (see the module's docstring)."""

    config_file: str | None = None  # --config: its patterns count everywhere
    isolated: bool = False  # --isolated: only the default patterns
    respect_gitignore: bool | None = None  # None: as configured (default: yes)
    force_exclude: bool = False  # apply the patterns to files named on the command line too


def report_suffixes(plugin_set: Plugins | None = None) -> frozenset[str]:
    """File endings a folder walk collects: those every reader, built-in or plugin, declares."""
    return frozenset(suffix.lower() for reader in resolve_plugins(plugin_set).readers() for suffix in getattr(reader, "suffixes", ()))


def expand_paths(
    paths: Iterable[str | Path], discovery: Discovery = Discovery(), plugin_set: Plugins | None = None
) -> list[tuple[str, bool]]:
    """``(path, named explicitly)`` for files, folders (searched for report files) and globs, sorted
    within each, without excluded files; a file reached twice (a folder and a glob over it) is linted once.
    Folder walks collect the file endings of ``plugin_set``'s readers (None: the default plugins)."""
    return _once(_expanded(paths, _Excluder(discovery), plugin_set))


def _once(items: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    seen: set[str] = set()
    unique = []
    folders: dict[str, str] = {}  # a folder's real path, resolved once for all its files
    for path, explicit in items:
        key = real_path(path, folders)
        if key not in seen:
            seen.add(key)
            unique.append((path, explicit))
    return unique


def real_path(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, each folder resolved once (``folders`` keeps them): on POSIX the
    real path of a file that is no symbolic link is its folder's real path and its name, so a
    file costs one ``lstat``, not one per part of its path.  Elsewhere (Windows also spells out
    short names and letter case) and for a name such as ``..``, ``os.path.realpath`` itself."""
    folder, name = os.path.split(path)
    if os.name != "posix" or name in ("", ".", ".."):
        return os.path.realpath(path)
    real_folder = folders.get(folder)
    if real_folder is None:
        real_folder = folders[folder] = os.path.realpath(folder)
    candidate = os.path.join(real_folder, name)
    return os.path.realpath(candidate) if os.path.islink(candidate) else candidate


def _expanded(paths: Iterable[str | Path], excluder: _Excluder, plugin_set: Plugins | None) -> list[tuple[str, bool]]:
    found: list[tuple[str, bool]] = []
    for raw in map(str, paths):
        if any(ch in raw for ch in "*?[") and not Path(raw).exists():
            found.extend((m, False) for m in _glob(raw) if Path(m).is_file() and not excluder.excluded(Path(m), False, base=_fixed_root(raw)))
        elif Path(raw).is_dir():
            found.extend(_walk(raw, report_suffixes(plugin_set), excluder))
        elif not (excluder.discovery.force_exclude and excluder.excluded(Path(raw), False, gitignore=False)):
            found.append((raw, True))
    return found


def _walk(folder: str, suffixes: frozenset[str], excluder: _Excluder) -> list[tuple[str, bool]]:
    """Report files under a folder, sorted, skipping hidden parts and excluded ones, never following
    a symlink to a folder (a link back up would loop).  A folder that cannot be read is named as
    an explicit item, so its error is reported instead of the folder being skipped in silence."""
    files: list[tuple[tuple[str, ...], str]] = []  # each file's path parts (the order), and its path
    unreadable: list[tuple[str, bool]] = []
    for top, dirs, names in os.walk(folder, onerror=lambda error: unreadable.append((str(error.filename), True))):
        dirs[:] = [d for d in dirs if not d.startswith(".") and not excluder.excluded(Path(top, d), True, base=folder)]
        parts = Path(top).parts  # once per folder: a file's parts are its folder's and its name
        files.extend(
            ((*parts, name), os.path.join(top, name))
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in suffixes and os.path.isfile(os.path.join(top, name))
            and not excluder.excluded(Path(top, name), False, base=folder)
        )
    return [(path, False) for _, path in sorted(files)] + sorted(unreadable)


class _Excluder:
    """Answers "is this path left out?", reading each folder's configuration and .gitignore once."""

    def __init__(self, discovery: Discovery) -> None:
        self.discovery = discovery
        self._configs: dict[Path, Config] = {}
        self._ignores: dict[Path, pathspec.PathSpec[Any] | None] = {}
        self._repos: dict[Path, Path | None] = {}
        self._bases: dict[str | Path, Path] = {}

    def excluded(self, path: Path, is_dir: bool, *, base: str | Path = ".", gitignore: bool = True) -> bool:
        """Whether the patterns leave ``path`` out: relative to the configuration's folder, else
        to ``base`` (where a walk or glob starts), else by name."""
        absolute = Path(os.path.abspath(path))
        config = self._config(absolute.parent)
        where = _relative(absolute, *filter(None, (config.root, self._base(base))))
        if config.excludes(where, is_dir):
            return True
        respect = self.discovery.respect_gitignore
        if gitignore and (config.respect_gitignore if respect is None else respect):
            return self._gitignored(absolute, is_dir)
        return False

    def _base(self, base: str | Path) -> Path:
        """The folder a walk or glob starts from, made absolute once for all its files."""
        if base not in self._bases:
            self._bases[base] = Path(os.path.abspath(base))
        return self._bases[base]

    def _config(self, folder: Path) -> Config:
        if folder not in self._configs:
            path = config_file_for(folder, self.discovery.config_file, self.discovery.isolated)
            self._configs[folder] = load_config(path) if path else Config()
        return self._configs[folder]

    def _gitignored(self, path: Path, is_dir: bool) -> bool:
        """What the deepest ``.gitignore`` with a matching pattern says (a ``!`` pattern re-includes),
        then ``.git/info/exclude``; only inside a git repository, as git itself."""
        repo = self._repo(path.parent)
        if repo is None:
            return False
        folder = path.parent
        while True:
            decided = ignore_decision(self._ignore_file(folder / ".gitignore"), _relative(path, folder), is_dir)
            if decided is not None:
                return decided
            if folder == repo or folder.parent == folder:
                break
            folder = folder.parent
        return bool(ignore_decision(self._ignore_file(repo / ".git" / "info" / "exclude"), _relative(path, repo), is_dir))

    def _repo(self, folder: Path) -> Path | None:
        """The nearest folder holding ``.git``, upwards from ``folder``."""
        if folder not in self._repos:
            self._repos[folder] = folder if (folder / ".git").exists() else None if folder.parent == folder else self._repo(folder.parent)
        return self._repos[folder]

    def _ignore_file(self, path: Path) -> pathspec.PathSpec[Any] | None:
        if path not in self._ignores:
            import pathspec  # only where a .gitignore is read: a named file needs none

            try:
                with open(path, encoding="utf-8", errors="replace") as handle:
                    self._ignores[path] = pathspec.GitIgnoreSpec.from_lines(handle.read(MAX_GITIGNORE_BYTES).splitlines())
            except OSError:  # none there (the usual case), or unreadable: nothing ignored by it
                self._ignores[path] = None
        return self._ignores[path]


def _relative(path: Path, *folders: Path) -> str:
    """``path`` relative to the first of ``folders`` it is in, with forward slashes; its name when
    it is in none (folders above a walk's start are never matched)."""
    for folder in folders:
        try:
            return path.relative_to(folder).as_posix()
        except ValueError:
            continue
    return path.name


def _glob(pattern: str) -> list[str]:
    """``glob`` with ``**``, without following symlinks to folders (``glob.glob`` follows them,
    so a link loop takes minutes); hidden names match only a pattern that names them."""
    parts = Path(pattern).parts
    fixed = _wild_part(parts)
    root = _fixed_root(pattern)
    rest = Path(*parts[fixed:])
    hidden_ok = any(part.startswith(".") for part in rest.parts)
    matches_ = (m for m in root.glob(str(rest)) if hidden_ok or not any(p.startswith(".") for p in m.parts[fixed:]))
    return sorted(str(m) for m in matches_)


def _wild_part(parts: tuple[str, ...]) -> int:
    """The index of a glob's first part with a wildcard."""
    return next(i for i, part in enumerate(parts) if any(ch in part for ch in "*?["))


def _fixed_root(pattern: str) -> Path:
    """The folder a glob starts from: its parts before the first wildcard."""
    parts = Path(pattern).parts
    fixed = _wild_part(parts)
    return Path(*parts[:fixed]) if fixed else Path()
