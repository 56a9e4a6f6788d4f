"""Plugin managers: govlint's own contributions first, then the plugins given.

A plugin set is passed in, never implied: :func:`build` makes one in-process from modules or
objects carrying ``@hookimpl`` functions (a test, a web service embedding govlint), and
``Linter(plugins=…)``, ``parse_text(…, plugins=…)`` and ``Options(plugins=…)`` take it.  Only
when none is given is :func:`plugins` used: the built-ins and every installed package's
``govlint`` entry point, each loaded on its own so that one broken plugin is reported and does not
stop the others.  ``GOVLINT_DISABLE_PLUGIN_AUTOLOAD=1`` leaves the installed ones out (the command
line's switch).
"""

from __future__ import annotations

import os
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Union

import pluggy

from ..errors import PluginError
from . import builtin, hookspecs
from .installed import entry_points, environment_stamps
from .lazy import load_target

if TYPE_CHECKING:
    from ..templates import Template


class Plugins:
    """Typed facade over the hooks: the rest of govlint never calls ``pm.hook`` directly."""

    def __init__(self, manager: pluggy.PluginManager, failures: tuple[str, ...] = (), environment: tuple[str, ...] | None = None) -> None:
        self.manager = manager
        self.failures = failures
        self._environment = environment

    @property
    def environment(self) -> tuple[str, ...]:
        """The stamps of the installed distributions (:func:`~govlint.plugin.installed.environment_stamps`):
        those the plugins were found under, else looked at on first use; read once per plugin set."""
        if self._environment is None:
            self._environment = tuple(environment_stamps())
        return self._environment

    def _collect(self, hook: Any) -> list[Any]:
        return [item for result in hook() for item in (result or ())]

    def readers(self) -> list[Any]:
        return self._collect(self.manager.hook.govlint_readers)

    def check_kinds(self) -> dict[str, Any]:
        kinds: dict[str, Any] = {}
        for kind in self._collect(self.manager.hook.govlint_check_kinds):
            if kind.name in kinds:
                raise PluginError(f"检查类型 {kind.name!r} 被重复注册 / check kind registered twice")
            kinds[kind.name] = kind
        return kinds

    def rule_paths(self) -> list[Path]:
        return [Path(p) for p in self._collect(self.manager.hook.govlint_rule_paths)]

    def template_paths(self) -> list[Path]:
        return [Path(p) for p in self._collect(self.manager.hook.govlint_template_paths)]

    @cached_property
    def templates(self) -> tuple[Template, ...]:
        """The templates the plugins add (built-ins included), loaded once for this plugin set."""
        from ..templates import load_templates

        return load_templates(self.template_paths())

    def formatters(self) -> dict[str, Any]:
        return {f.name: f for f in self._collect(self.manager.hook.govlint_formatters)}


PluginsLike = Union[Plugins, pluggy.PluginManager, Iterable[Any], None]


def build(*extra: Any) -> Plugins:
    """A plugin set made in-process: govlint's built-ins, then each module or object given (in order)."""
    manager = _manager()
    for plugin in extra:
        manager.register(plugin)
    manager.check_pending()
    return Plugins(manager)


def _manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager("govlint")
    manager.add_hookspecs(hookspecs)
    manager.register(builtin, name="govlint.builtin")
    return manager


@cache
def plugins() -> Plugins:
    """The default plugin set: the built-ins and the installed plugins (unless autoloading is off)."""
    manager = _manager()
    failures: list[str] = []
    environment = None
    if os.environ.get("GOVLINT_DISABLE_PLUGIN_AUTOLOAD", "") not in ("1", "true", "yes"):
        environment = tuple(environment_stamps())
        for name, value, _ in entry_points(environment):
            try:
                manager.register(load_target(value.partition("[")[0].replace(" ", "")), name=name)  # "module:attr [extra]"
            except Exception as error:  # a plugin's import error must not take govlint down
                failures.append(f"插件 {name} 加载失败 / plugin {name} failed to load: {error}")
    manager.check_pending()
    return Plugins(manager, tuple(failures), environment)


def resolve_plugins(given: PluginsLike) -> Plugins:
    """The plugin set a caller passed: a :class:`Plugins`, a pluggy manager, modules or objects
    (added to the built-ins by :func:`build`), or None for the default :func:`plugins`."""
    if given is None:
        return plugins()
    if isinstance(given, Plugins):
        return given
    if isinstance(given, pluggy.PluginManager):
        return Plugins(given)
    return build(*given)


@cache
def named(modules: tuple[str, ...]) -> Plugins:
    """The built-ins and the plugins at these import paths (``"package.module"`` or ``"module:object"``):
    how :class:`govlint.runner.Options` names a plugin set a worker process can rebuild."""
    loaded = []
    for target in modules:
        try:
            loaded.append(load_target(target))
        except (ImportError, AttributeError) as error:
            raise PluginError(f"无法加载插件 {target} / cannot load plugin {target}: {error}") from None
    return build(*loaded)
