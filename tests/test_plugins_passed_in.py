"""Plugins are passed in, not global (issue 9): a linter, the parser and a batch use the plugin set they are given.

The plugin here is written in the test's temporary folder and imported from there: nothing is
installed, and whatever govlint plugins the environment has installed play no part.
"""

from __future__ import annotations

from pathlib import Path

import pluggy
import pytest

from govlint.api import Linter, lint_text
from govlint.errors import ConfigError, PluginError
from govlint.parse import parse_text
from govlint.plugin.manager import build, resolve_plugins
from govlint.runner import Options, lint_paths

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"

PLUGIN = '''\
"""A city plugin for the test: one check kind, one rule using it, one template."""

from pathlib import Path

from govlint.check.base import Finding
from govlint.plugin import hookimpl

HERE = Path(__file__).parent / "{name}_data"


class TitleMentionKind:
    """``title_mention``: the report's title must name the city."""

    name = "title_mention"
    placeholders = ("city",)
    schema = {{
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "city"],
        "properties": {{"kind": {{"const": "title_mention"}}, "city": {{"type": "string"}}}},
    }}

    def prepare(self, params):
        return params["city"]

    def run(self, context, city):
        title = context.report.title
        if title is not None and city not in title.text:
            yield Finding(title.span, {{"city": city}})


@hookimpl
def govlint_check_kinds():
    return [TitleMentionKind()]


@hookimpl
def govlint_rule_paths():
    return [HERE / "rules"]


@hookimpl
def govlint_template_paths():
    return [HERE / "city2021.yaml"]
'''

RULE = """\
id: CT001
name: city.title_names_the_city
title: 标题应写明本市
message: 报告标题没有写明「{city}」
severity: warning
rationale: 测试用的城市规则。
check:
  kind: title_mention
  city: 紫金市
examples:
  pass: [{name: ok}]
  fail: [{name: bad}]
"""


@pytest.fixture
def city_plugin(tmp_path, monkeypatch) -> str:
    """The import path of a plugin module in a folder put on ``sys.path`` (worker processes inherit it)."""
    name = f"city_plugin_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(PLUGIN.format(name=name), encoding="utf-8")
    data = tmp_path / f"{name}_data"
    (data / "rules").mkdir(parents=True)
    (data / "rules" / "CT001.yaml").write_text(RULE, encoding="utf-8")
    template = (ROOT / "rules" / "templates" / "v2021.yaml").read_text(encoding="utf-8")
    (data / "city2021.yaml").write_text(template.replace("\nid: v2021", "\nid: city2021"), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


def test_a_linter_uses_the_plugins_it_is_given_and_no_other(city_plugin):
    module = __import__(city_plugin)
    with_city = Linter(plugins=[module])
    assert "CT001" in {r.id for r in with_city.all_rules} and "city2021" in {t.id for t in with_city.templates}
    found = lint_text(SAMPLE.read_text(encoding="utf-8"), "sample.md", linter=with_city).diagnostics
    assert [d.message for d in found if d.rule == "CT001"] == ["报告标题没有写明「紫金市」"]
    for without in (Linter(), Linter(plugins=build()), Linter(plugins=[])):
        assert "CT001" not in {r.id for r in without.all_rules}
        assert "city2021" not in {t.id for t in without.templates}


def test_a_plugin_set_is_a_govlint_set_a_pluggy_manager_or_plugins(city_plugin):
    module = __import__(city_plugin)
    built = build(module)
    assert resolve_plugins(built) is built
    assert isinstance(built.manager, pluggy.PluginManager)
    assert "title_mention" in resolve_plugins(built.manager).check_kinds()
    assert "title_mention" in resolve_plugins([module]).check_kinds()
    assert list(build().check_kinds()) == list(resolve_plugins(None).check_kinds())  # the suite loads no installed plugin


def test_parse_text_uses_the_templates_the_plugins_add(city_plugin):
    text = SAMPLE.read_text(encoding="utf-8")
    report = parse_text(text, "sample.md", template="city2021", plugins=[__import__(city_plugin)])
    assert report.template.value == "city2021" and report.table("t3") is not None
    with pytest.raises(ConfigError, match="city2021"):
        parse_text(text, "sample.md", template="city2021")


@pytest.mark.parametrize("jobs", [1, 2])
def test_options_name_the_plugins_every_worker_loads(city_plugin, tmp_path, jobs):
    reports = tmp_path / "reports"
    reports.mkdir()
    for n in range(3):
        (reports / f"r{n}.md").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with_city = lint_paths([reports], options=Options(isolated=True, plugins=(city_plugin,)), jobs=jobs)
    assert [sum(d.rule == "CT001" for d in r.diagnostics) for r in with_city] == [1, 1, 1], [r.error for r in with_city]
    without = lint_paths([reports], options=Options(isolated=True), jobs=jobs)
    assert [sum(d.rule == "CT001" for d in r.diagnostics) for r in without] == [0, 0, 0]


def test_a_plugin_that_cannot_be_imported_is_a_clear_error(tmp_path):
    report = tmp_path / "r.md"
    report.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(PluginError, match="无法加载插件 no_such_govlint_plugin / cannot load plugin"):
        lint_paths([report], options=Options(isolated=True, plugins=("no_such_govlint_plugin",)))



def test_the_built_ins_alone_answer_every_hook_as_their_pluggy_manager_does():
    """With no plugin installed the default set calls the built-ins' hooks directly; a manager made of them gives the same."""
    from govlint.plugin import builtin
    from govlint.plugin.manager import BUILTIN, Plugins

    alone, managed = Plugins(None), build()
    assert alone.registered() == [(BUILTIN, builtin)] == managed.manager.list_name_plugin()
    assert alone.rule_paths() == managed.rule_paths() and alone.template_paths() == managed.template_paths()
    for hook in ("readers", "check_kinds", "formatters"):
        mine, theirs = getattr(alone, hook)(), getattr(managed, hook)()
        assert [repr(x) for x in mine] == [repr(x) for x in theirs], hook
    assert isinstance(alone.manager, pluggy.PluginManager) and alone.registered() == managed.manager.list_name_plugin()  # made when asked for
    assert list(alone.check_kinds()) == list(managed.check_kinds())
    assert resolve_plugins(alone.manager).registered() == alone.registered()


def test_a_plugin_still_imports_pluggy_s_mark_from_govlint_plugin():
    import govlint.plugin

    assert isinstance(govlint.plugin.hookimpl, pluggy.HookimplMarker) and govlint.plugin.hookimpl is govlint.plugin.hookimpl
    with pytest.raises(AttributeError, match="hookspec"):
        govlint.plugin.hookspec  # noqa: B018 - only hookimpl is made on use


def test_a_check_with_no_plugin_installed_imports_no_pluggy(tmp_path):
    """Hit or miss: the built-ins' hooks are called directly (the second run of each: the first fills the caches).
    Where a plugin is installed (the suite runs beside one), the switch that leaves installed plugins out stands in
    for none; the child starts without ``site`` and with this process's import path, as no ``.pth`` file may import
    pluggy before govlint does."""
    import os
    import subprocess
    import sys
    from importlib.metadata import entry_points

    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")}
    if entry_points(group="govlint"):
        env["GOVLINT_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    code = f"import sys; sys.path[:] = {sys.path!r}; from govlint.cli import main; main(sys.argv[1:]); print('pluggy' in sys.modules)"
    for extra in (["--no-cache"], []):
        command = [sys.executable, "-S", "-c", code, "check", *extra, "--jobs", "1", str(SAMPLE)]
        first, second = (subprocess.run(command, env=env, capture_output=True, text=True, timeout=120) for _ in range(2))
        assert first.stdout.splitlines()[:-1] == second.stdout.splitlines()[:-1] and second.stdout.splitlines()[-1] == "False", second.stderr
