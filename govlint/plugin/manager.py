"""The plugin manager: built-ins first, then installed packages' ``govlint`` entry points.

Each entry point is loaded on its own, so one broken plugin is reported and does not
stop the others.  ``GOVLINT_DISABLE_PLUGIN_AUTOLOAD=1`` loads only the built-ins.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pluggy

from ..errors import PluginError
from . import builtin, hookspecs


class Plugins:
    """Typed facade over the hooks: the rest of govlint never calls ``pm.hook`` directly."""

    def __init__(self, manager: pluggy.PluginManager, failures: tuple[str, ...]) -> None:
        self.manager = manager
        self.failures = failures

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

    def formatters(self) -> dict[str, Any]:
        return {f.name: f for f in self._collect(self.manager.hook.govlint_formatters)}


@cache
def plugins() -> Plugins:
    manager = pluggy.PluginManager("govlint")
    manager.add_hookspecs(hookspecs)
    manager.register(builtin, name="govlint.builtin")
    failures: list[str] = []
    if os.environ.get("GOVLINT_DISABLE_PLUGIN_AUTOLOAD", "") not in ("1", "true", "yes"):
        for entry in entry_points(group="govlint"):
            try:
                manager.register(entry.load(), name=entry.name)
            except Exception as error:  # a plugin's import error must not take govlint down
                failures.append(f"插件 {entry.name} 加载失败 / plugin {entry.name} failed to load: {error}")
    manager.check_pending()
    return Plugins(manager, tuple(failures))
