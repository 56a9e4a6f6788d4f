"""Plugin managers: govlint's own contributions first, then the plugins given.

A plugin set is passed in, never implied: :func:`build` makes one in-process from modules or
objects carrying ``@hookimpl`` functions (a test, a web service embedding govlint), and
``Linter(plugins=…)``, ``parse_text(…, plugins=…)`` and ``Options(plugins=…)`` take it.  Only
when none is given is :func:`plugins` used: the built-ins and every installed package's
``govlint`` entry point, each loaded on its own so that one broken plugin is reported and does not
stop the others.  ``GOVLINT_DISABLE_PLUGIN_AUTOLOAD=1`` leaves the installed ones out (the command
line's switch).

When no plugin is installed, the default set is the built-ins alone, and their hooks are called
directly: pluggy (and the hook specifications) are imported only for a set with plugins, or when
its manager is asked for (importing pluggy and building its manager was 2 ms of every run).
"""

from __future__ import annotations

import os
import sys
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Union, cast

from ..errors import PluginError
from . import builtin
from .installed import entry_points, environment_stamps
from .lazy import load_target

if TYPE_CHECKING:
    import pluggy

    from ..templates import Template

BUILTIN = "govlint.builtin"  # the name the built-ins are registered under


class Plugins:
    """Typed facade over the hooks: the rest of govlint never calls ``pm.hook`` directly."""

    def __init__(self, manager: pluggy.PluginManager | None, failures: tuple[str, ...] = (), environment: tuple[str, ...] | None = None) -> None:
        self._manager = manager  # None: the built-ins alone, their hooks called directly
        self.failures = failures
        self._environment = environment

    @property
    def manager(self) -> pluggy.PluginManager:
        """The pluggy manager; for the built-ins alone, made when first asked for."""
        if self._manager is None:
            self._manager = _manager()
            self._manager.check_pending()
        return self._manager

    def registered(self) -> list[tuple[str, Any]]:
        """``(name, plugin)`` of each plugin of the set, the built-ins first (without making a manager)."""
        return [(BUILTIN, builtin)] if self._manager is None else self._manager.list_name_plugin()

    @property
    def environment(self) -> tuple[str, ...]:
        """The stamps of the installed distributions (:func:`~govlint.plugin.installed.environment_stamps`):
        those the plugins were found under, else looked at on first use; read once per plugin set."""
        if self._environment is None:
            self._environment = tuple(environment_stamps())
        return self._environment

    def _collect(self, hook: str) -> list[Any]:
        """What each plugin's ``hook`` returned, in one list (as pluggy calls the built-ins' alone: a plugin that
        returns None adds nothing)."""
        results = [getattr(builtin, hook)()] if self._manager is None else getattr(self._manager.hook, hook)()
        return [item for result in results for item in (result or ())]

    def readers(self) -> list[Any]:
        return self._collect("govlint_readers")

    def check_kinds(self) -> dict[str, Any]:
        kinds: dict[str, Any] = {}
        for kind in self._collect("govlint_check_kinds"):
            if kind.name in kinds:
                raise PluginError(f"检查类型 {kind.name!r} 被重复注册 / check kind registered twice")
            kinds[kind.name] = kind
        return kinds

    def rule_paths(self) -> list[Path]:
        return [Path(p) for p in self._collect("govlint_rule_paths")]

    def template_paths(self) -> list[Path]:
        return [Path(p) for p in self._collect("govlint_template_paths")]

    @cached_property
    def templates(self) -> tuple[Template, ...]:
        """The templates the plugins add (built-ins included), loaded once for this plugin set."""
        from ..templates import load_templates

        return load_templates(self.template_paths())

    def formatters(self) -> dict[str, Any]:
        return {f.name: f for f in self._collect("govlint_formatters")}


PluginsLike = Union[Plugins, "pluggy.PluginManager", Iterable[Any], None]


def build(*extra: Any) -> Plugins:
    """A plugin set made in-process: govlint's built-ins, then each module or object given (in order)."""
    manager = _manager()
    for plugin in extra:
        manager.register(plugin)
    manager.check_pending()
    return Plugins(manager)


def _manager() -> pluggy.PluginManager:
    """A pluggy manager of govlint's hooks, the built-ins registered.  Their hooks are the ``govlint_`` functions of
    :mod:`.builtin`, unmarked (marking them would import pluggy for every run): pluggy's documented way to find
    hook implementations otherwise than by their marks is a manager's ``parse_hookimpl_opts``."""
    import pluggy

    from . import hookspecs

    class Manager(pluggy.PluginManager):
        def parse_hookimpl_opts(self, plugin: Any, name: str) -> pluggy.HookimplOpts | None:
            if plugin is builtin and name.startswith("govlint_"):
                return pluggy.HookimplOpts(wrapper=False, hookwrapper=False, optionalhook=False, tryfirst=False, trylast=False, specname=None)
            return super().parse_hookimpl_opts(plugin, name)

    manager = Manager("govlint")
    manager.add_hookspecs(hookspecs)
    manager.register(builtin, name=BUILTIN)
    return manager


@cache
def plugins() -> Plugins:
    """The default plugin set: the built-ins and the installed plugins (unless autoloading is off)."""
    failures: list[str] = []
    environment = None
    manager = None  # no plugin installed: the built-ins alone
    if os.environ.get("GOVLINT_DISABLE_PLUGIN_AUTOLOAD", "") not in ("1", "true", "yes"):
        environment = tuple(environment_stamps())
        installed = entry_points(environment)
        if installed:
            manager = _manager()
            for name, value, _ in installed:
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
    pluggy = sys.modules.get("pluggy")  # a pluggy manager is only ever made once pluggy is imported
    if pluggy is not None and isinstance(given, pluggy.PluginManager):
        return Plugins(given)
    return build(*cast("Iterable[Any]", given))


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
