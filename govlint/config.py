"""Configuration: ``.govlint.yaml`` or ``[tool.govlint]`` in ``pyproject.toml``, found upwards from the file.

Each value remembers where it came from, so ``govlint config`` can say why a rule is off.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from .cache import file_stamp, flush
from .data_files import load_toml
from .errors import ConfigError
from .yaml_schema import load_validated, validator

if TYPE_CHECKING:
    import pathspec

    from .check.cycle import CycleSettings

CONFIG_NAMES = (".govlint.yaml", ".govlint.yml")
# Folders no report lives in (ruff's defaults); ``exclude`` replaces them, ``extend_exclude`` adds.
DEFAULT_EXCLUDE = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".mypy_cache", ".nox",
    ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv", ".vscode",
    "__pypackages__", "_build", "buck-out", "build", "dist", "node_modules", "site-packages", "venv",
)
MAX_EXTENDS = 10
_BARE_NAME = re.compile(r"[\w.-]+")


@dataclass(frozen=True)
class Config:
    """The effective configuration; ``sources`` maps each key to the file that set it."""

    values: Mapping[str, Any] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    root: Path | None = None  # folder of the nearest configuration file: globs and paths are relative to it

    @property
    def select(self) -> tuple[str, ...]:
        return tuple(self.values.get("select", ()))

    @property
    def ignore(self) -> tuple[str, ...]:
        return tuple(self.values.get("ignore", ()))

    @property
    def severity(self) -> Mapping[str, str]:
        severity: Mapping[str, str] = self.values.get("severity", {})
        return severity

    @property
    def template(self) -> str | None:
        return self.values.get("template")

    @property
    def year(self) -> int | None:
        return self.values.get("year")

    @property
    def fail_level(self) -> str:
        return str(self.values.get("fail_level", "error"))

    @property
    def respect_gitignore(self) -> bool:
        return bool(self.values.get("respect_gitignore", True))

    @property
    def exclude_patterns(self) -> tuple[str, ...]:
        """``exclude`` (or the defaults) and ``extend_exclude``: gitignore-style, relative to :attr:`root`."""
        return (*self.values.get("exclude", DEFAULT_EXCLUDE), *self.values.get("extend_exclude", ()))

    @cached_property
    def exclude_spec(self) -> pathspec.PathSpec[Any]:
        """:attr:`exclude_patterns` as one gitignore-style pattern list."""
        import pathspec  # only for patterns that are more than names (see :meth:`excludes`)

        return pathspec.GitIgnoreSpec.from_lines(self.exclude_patterns)

    @cached_property
    def _excluded_names(self) -> frozenset[str] | None:
        """The patterns when each is a bare name (the defaults are): no wildcard, slash, ``!`` or ``#``."""
        patterns = self.exclude_patterns
        return frozenset(patterns) if all(_BARE_NAME.fullmatch(p) and p.strip(".") for p in patterns) else None

    def excludes(self, relative: str, is_dir: bool) -> bool:
        """Whether the patterns leave out a path (relative to :attr:`root`, with ``/``).  Bare names
        need no pattern matcher: in gitignore's rules a name matches a file or folder of that name
        at any depth, and everything inside such a folder (pathspec is imported only for others)."""
        if relative in ("", "."):
            return False
        names = self._excluded_names
        if names is not None:
            return not names.isdisjoint(relative.split("/"))
        return bool(ignore_decision(self.exclude_spec, relative, is_dir))

    def cycle_settings(self, published: str | None = None) -> CycleSettings:
        """The annual cycle's settings (issue 10): aliases, levels, dates, deadlines, thresholds."""
        from .check.cycle import DEFAULT_DEADLINES, DEFAULT_RECYCLED_THRESHOLD, CycleSettings, agency_key  # not for a cached run

        values = self.values
        aliases = {agency_key(alias): name for name, names in values.get("agencies", {}).items() for alias in names}
        return CycleSettings(
            aliases=aliases,
            levels={agency_key(name): level for name, level in values.get("levels", {}).items()},
            level=values.get("level"),
            published=published or values.get("published"),
            deadlines={**DEFAULT_DEADLINES, **values.get("deadlines", {})},
            recycled_threshold=values.get("recycled_threshold", DEFAULT_RECYCLED_THRESHOLD),
        )

    def rule_dirs(self) -> tuple[Path, ...]:
        return tuple(Path(p) for p in self.values.get("rules", ()))

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """Rules ignored for this file by ``per_file_ignores``."""
        if not self.values.get("per_file_ignores"):
            return ()  # resolving the path costs a system call per folder of it, for every file
        target = Path(path).resolve().as_posix()
        name = Path(path).name
        found: list[str] = []
        for pattern, rules in self.values.get("per_file_ignores", {}).items():
            if fnmatch.fnmatch(target, pattern) or ("/" not in pattern and fnmatch.fnmatch(name, pattern)):
                found.extend(rules)
        return tuple(found)

    def merged(self, **overrides: Any) -> Config:
        """This configuration with command-line values on top: ``ignore`` adds to the configured
        list (as in ruff), ``extend_select`` adds to the selection (to ``select`` when one is
        given, else to the configured one; with none, every rule is selected already), everything
        else replaces."""
        if overrides.get("ignore"):
            overrides["ignore"] = (*self.ignore, *overrides["ignore"])
        extend = overrides.pop("extend_select", ())
        select = tuple(overrides.get("select") or self.select)
        if extend and select:
            overrides["select"] = (*select, *extend)
        values = {**self.values, **{k: v for k, v in overrides.items() if v not in (None, (), [])}}
        sources = {**self.sources, **{k: "命令行 / command line" for k, v in overrides.items() if v not in (None, (), [])}}
        return Config(values, sources, self.root)


def ignore_decision(spec: pathspec.PathSpec[Any] | None, relative: str, is_dir: bool) -> bool | None:
    """A gitignore-style pattern list's verdict on a path relative to its folder: True ignored,
    False re-included by a ``!`` pattern, None no pattern matches."""
    if spec is None or relative in ("", "."):
        return None
    return spec.check_file(relative + "/" if is_dir else relative).include


def matches(selectors: tuple[str, ...], names: set[str], rule_id: str) -> bool:
    """A selector names a rule by id, id prefix (GL1), dotted name or prefix, or group."""
    return any(s in names or (s[:1].isupper() and rule_id.startswith(s)) for s in selectors)


def find_config(start: Path) -> Path | None:
    """The nearest configuration file from ``start`` up to the repository root (a folder with .git)."""
    folder = start if start.is_dir() else start.parent
    for current in (folder.resolve(), *folder.resolve().parents):
        for name in CONFIG_NAMES:
            if (current / name).is_file():
                return current / name
        pyproject = current / "pyproject.toml"
        if pyproject.is_file() and _tool_section(pyproject) is not None:
            return pyproject
        if (current / ".git").exists():
            return None
    return None


def config_file_for(path: str | Path, config_file: str | None = None, isolated: bool = False) -> Path | None:
    """The configuration file that applies to ``path``: none with ``--isolated``, the one ``--config``
    names, else the nearest (:func:`find_config`)."""
    if isolated:
        return None
    return Path(config_file) if config_file else find_config(Path(path))


def load_config(path: Path) -> Config:
    """Load (once per file version) and validate a configuration file and what it extends."""
    resolved = path.resolve()
    try:
        return _load_version(resolved, stamp(resolved))
    finally:
        flush()


def stamp(path: Path) -> str:
    """What tells that a configuration (or baseline) file changed: its size, time and, being a
    user's file, its bytes (:func:`govlint.cache.file_stamp`), so a long-running process (the
    language server) reuses a loaded configuration only while the file is the same."""
    try:
        return file_stamp(path)
    except OSError:
        return ""


@cache
def _load_version(path: Path, version: str) -> Config:
    return _load(path, depth=0)


def _load(path: Path, depth: int) -> Config:
    if depth > MAX_EXTENDS:
        raise ConfigError(f"extends 嵌套超过 {MAX_EXTENDS} 层（可能循环引用） / extends chain too deep", path=str(path))
    if not path.is_file():
        missing = not path.exists()
        raise ConfigError("配置文件不存在 / configuration file not found" if missing else "不是普通文件 / not a regular file", path=str(path))
    if path.name == "pyproject.toml":
        section = _tool_section(path)
        data = {} if section is None else section
        _validate_toml(path, data)
    else:
        data = dict(load_validated(path, "config.schema.json", ConfigError) or {})  # a copy: the cache keeps the original
    if "rules" in data:
        data["rules"] = [str((path.parent / p).resolve()) for p in data["rules"]]
    if "per_file_ignores" in data:  # globs are relative to the file that wrote them, also when extended
        data["per_file_ignores"] = {_anchor(path.parent, glob): rules for glob, rules in data["per_file_ignores"].items()}
    base = Config()
    if "extends" in data:
        parent = (path.parent / data["extends"]).resolve()
        if not parent.is_file():
            raise ConfigError(f"extends 指向的文件不存在 / extends names a missing file: {data['extends']}", path=str(path))
        base = _load(parent, depth + 1)
    values = {**base.values, **{k: v for k, v in data.items() if k != "extends"}}
    sources = {**base.sources, **{k: str(path) for k in data if k != "extends"}}
    return Config(values, sources, path.parent)


def _anchor(folder: Path, glob: str) -> str:
    """A glob with a folder part made absolute; a bare file-name glob (「*草稿*.md」) matches anywhere."""
    return Path(os.path.normpath(folder.resolve() / glob)).as_posix() if "/" in glob else glob


def _tool_section(path: Path) -> Any:
    """``[tool.govlint]`` of a pyproject.toml, or None when it has none."""
    tool = load_toml(path, ConfigError).get("tool")
    return tool.get("govlint") if isinstance(tool, dict) else None


def _validate_toml(path: Path, data: Any) -> None:
    errors = list(validator("config.schema.json").iter_errors(data))
    if not errors:
        return
    keys = [str(k) for k in errors[0].absolute_path] or ["(tool.govlint)"]
    line = _toml_line(path, keys[0])
    raise ConfigError(f"第{line}行 tool.govlint.{'.'.join(keys)}: {errors[0].message} / line {line}", path=str(path))


def _toml_line(path: Path, key: str) -> int:
    """TOML parsers keep no positions: find the key's line by text, inside [tool.govlint]."""
    inside = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            if stripped.strip("[]").strip() == f"tool.govlint.{key}":
                return number  # the key is a sub-table: [tool.govlint.severity]
            inside = stripped.startswith("[tool.govlint")
        elif inside and stripped.split("=", 1)[0].strip().strip('"') == key:
            return number
    return 1


__all__ = ["Config", "config_file_for", "find_config", "load_config", "matches"]
