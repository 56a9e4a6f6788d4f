"""A cold start does only what one report needs (issue 12).

Readers, check kinds and formatters are imported on first use; the validated templates and
rules are read back as one entry of the rule pack's cache while their inputs are unchanged;
the installed plugins are looked up again only when the environment changed.  Bench:
``bench/bench_cold_start.py``.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint import cache
from govlint.api import Linter, lint_text
from govlint.check import expr, needles
from govlint.check import rules as rule_loading
from govlint.check.kinds import BUILTIN_KINDS
from govlint.config import DEFAULT_EXCLUDE, Config
from govlint.errors import RuleFileError
from govlint.plugin import builtin, installed
from govlint.plugin.lazy import Lazy, LazyReader, load_target
from govlint.plugin.manager import build
from govlint.report.formats import BUILTIN_FORMATTERS
from govlint.templates import content_key, load_templates
from govlint.testing import render_docx, render_html, render_pdf, sample_reports

from .test_cache import write_rules

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"
TEMPLATES = Linter(plugins=build()).templates


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A private cache folder, and every cache forgetting what this process read: as a new run would."""
    path = tmp_path / "cache"
    path.mkdir()
    monkeypatch.setattr(cache, "cache_dir", lambda: path)
    new_run(monkeypatch)
    return path


def new_run(monkeypatch) -> None:
    for data_cache in cache._CACHES:
        monkeypatch.setattr(data_cache, "_data", None)
        monkeypatch.setattr(data_cache, "_new", {})
    monkeypatch.setattr(cache.PACK, "_memo", {})


@pytest.fixture
def validations(monkeypatch) -> list[Path]:
    """Every rule file validated from here on."""
    seen: list[Path] = []
    real = rule_loading.validated_rule
    monkeypatch.setattr(rule_loading, "validated_rule", lambda path, *args: (seen.append(path), real(path, *args))[1])
    return seen


def imported(run: subprocess.CompletedProcess) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}


def test_a_warm_start_imports_only_what_a_text_report_needs(tmp_path):
    report = tmp_path / "report.md"
    report.write_text(SAMPLE.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")  # no HTML comment
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-X", "importtime", "-m", "govlint", "check", "--jobs", "1", str(report)]
    cold, warm = (subprocess.run(command, env=env, capture_output=True, text=True, timeout=120) for _ in range(2))
    assert cold.returncode == warm.returncode == 1 and cold.stdout == warm.stdout and "GL103" in warm.stdout
    assert {"yaml", "jsonschema", "govlint.check.validate"} <= imported(cold)  # the first run validates
    unused = {
        "yaml", "jsonschema", "importlib.metadata", "tomllib", "govlint.check.validate",
        "govlint.read.docx", "govlint.read.pdf", "govlint.read.html", "govlint.report.json_format",
        "govlint.report.sarif", "govlint.report.junit", "govlint.report.github", "govlint.report.html_page",
        "pathspec", "govlint.pairing", "govlint.roster",  # a named file matches no pattern; no other year, no roster
        "govlint.template_extends",  # the templates are kept with every extends resolved
    }  # fmt: skip
    answered = {"hashlib", "datetime", "govlint.baseline"}  # from the result cache: no OpenSSL, no date parsing, no baseline writer
    assert not imported(warm) & (unused | answered)
    precommit = subprocess.run([*command[:6], "--skip-non-reports", "--force-exclude", *command[6:]], env=env, capture_output=True, text=True, timeout=120)
    assert precommit.stdout == warm.stdout and not imported(precommit) & unused  # the default patterns are names: no pathspec
    linted = subprocess.run([*command[:6], "--no-cache", *command[6:]], env=env, capture_output=True, text=True, timeout=120)
    linted_unused = unused | {"govlint.baseline", "govlint.parsed_file", "lark", "datetime"}  # no baseline, no html, no date; stand-alone parser
    linted_unused |= {"govlint.check.suppress", "ast", "dis"}  # no HTML comment: no directive; no dataclass without a docstring
    assert linted.stdout == warm.stdout and not imported(linted) & linted_unused


@pytest.mark.parametrize("patterns", [DEFAULT_EXCLUDE, ("drafts", "old.md", "草稿", ".hidden")])
def test_bare_name_patterns_exclude_as_gitignore_does(patterns):
    config = Config({"exclude": list(patterns)})
    assert config._excluded_names == frozenset(patterns)  # answered without pathspec
    paths = [
        "node_modules", "a/node_modules/b.txt", "dist/x.md", "distribution/x.md", "a/dist", "a/b/c.txt", "old.md", "a/old.md",
        "a/old.md.bak", "草稿/1.txt", "草稿1.txt", ".git/x", "x.git", ".hidden", "a/.hidden/b", "venv", "venvs/a.txt", "build.txt", "drafts",
    ]  # fmt: skip
    for path in paths:
        for is_dir in (False, True):
            assert config.excludes(path, is_dir) == bool(config.exclude_spec.check_file(path + "/" if is_dir else path).include), path


def test_patterns_beyond_names_are_matched_by_pathspec():
    config = Config({"extend_exclude": ["drafts/*.md", "!drafts/keep.md"]})
    assert config._excluded_names is None
    assert config.excludes("drafts/a.md", False) and not config.excludes("drafts/keep.md", False) and config.excludes("a/dist/x.md", False)


def test_the_pack_is_read_back_while_its_inputs_are_unchanged(folder, tmp_path, monkeypatch, validations):
    paths = write_rules(tmp_path / "rules", 5)
    kinds = build().check_kinds()
    first = rule_loading.load_rules(paths, kinds, TEMPLATES)
    new_run(monkeypatch)
    again = rule_loading.load_rules(paths, kinds, TEMPLATES)
    assert again == first and validations == paths  # each file validated once, by the first run
    packs = list(folder.glob("pack-*.json"))  # these rules, and their examples apart (the templates' was made earlier)
    assert len(packs) == 2 and all(pack.stat().st_size < cache.cache_limit(sum(p.stat().st_size for p in paths)) for pack in packs)


def test_a_check_reads_the_rules_without_their_examples(folder, tmp_path, monkeypatch):
    paths = write_rules(tmp_path / "rules", 3)
    kinds = build().check_kinds()
    first = [dict(rule.examples) for rule in rule_loading.load_rules(paths, kinds, TEMPLATES)]
    assert first == [{"pass": [{"name": "ok"}], "fail": [{"name": "bad"}]}] * 3
    new_run(monkeypatch)
    again = rule_loading.load_rules(paths, kinds, TEMPLATES)
    assert len(cache.PACK._memo) == 1  # the rules' own entry: no example read yet
    assert [dict(rule.examples) for rule in again] == first and len(cache.PACK._memo) == 2
    new_run(monkeypatch)
    again = rule_loading.load_rules(paths, kinds, TEMPLATES)
    for pack in folder.glob("pack-*.json"):  # the examples' entry gone (trimmed): the files' own are read
        if isinstance(json.loads(pack.read_text(encoding="utf-8"))["value"], list):
            pack.unlink()
    assert [dict(rule.examples) for rule in again] == first


def test_each_set_of_rule_folders_has_its_own_pack_file(folder, tmp_path, monkeypatch):
    kinds = build().check_kinds()
    for n in range(3):
        rule_loading.load_rules(write_rules(tmp_path / f"rules{n}", n + 1), kinds, TEMPLATES)
    packs = sorted(folder.glob("pack-*.json"), key=lambda p: p.stat().st_size)  # each with its examples apart
    assert len(packs) == 6 and packs[0].stat().st_size < packs[5].stat().st_size / 2  # a run reads only its own


def test_any_changed_input_validates_the_rules_again(folder, tmp_path, monkeypatch, validations):
    paths = write_rules(tmp_path / "rules", 3)
    kinds = build().check_kinds()
    rule_loading.load_rules(paths, kinds, TEMPLATES)
    paths[1].write_text(paths[1].read_text(encoding="utf-8").replace("示例规则", "改过的规则"), encoding="utf-8")
    new_run(monkeypatch)
    assert rule_loading.load_rules(paths, kinds, TEMPLATES)[1].title == "改过的规则"
    assert len(validations) == 6
    changed = (replace(TEMPLATES[0], title=TEMPLATES[0].title + "（修订）"), *TEMPLATES[1:])
    rule_loading.load_rules(paths, kinds, changed)  # a template's content is part of the key
    assert len(validations) == 9


def test_a_plugin_kinds_schema_is_part_of_the_key(folder, tmp_path, monkeypatch, validations):
    paths = write_rules(tmp_path / "rules", 2)
    relation = load_target(BUILTIN_KINDS["relation"])()

    class Relation:  # a plugin's kind, as an object: not one of govlint's own
        name, placeholders, prepare, run = relation.name, relation.placeholders, relation.prepare, relation.run
        schema = relation.schema

    kinds = {**build().check_kinds(), "relation": Relation()}
    rule_loading.load_rules(paths, kinds, TEMPLATES)
    new_run(monkeypatch)
    rule_loading.load_rules(paths, kinds, TEMPLATES)
    assert len(validations) == 2
    Relation.schema = {**relation.schema, "description": "changed"}
    rule_loading.load_rules(paths, kinds, TEMPLATES)
    assert len(validations) == 4


def test_a_rule_file_that_fails_is_never_packed(folder, tmp_path, monkeypatch):
    paths = write_rules(tmp_path / "rules", 2)
    paths[1].write_text(paths[1].read_text(encoding="utf-8").replace("[normative][issued]", "[normative][isued]"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleFileError, match="isued"):
            rule_loading.load_rules(paths, build().check_kinds(), TEMPLATES)
        new_run(monkeypatch)
    assert not list(folder.glob("pack-*.json"))


def test_installed_plugins_are_looked_up_again_only_when_the_environment_changes(folder, tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend("")  # the current folder, as for ``python -m govlint``
    monkeypatch.chdir(tmp_path)
    scans: list[int] = []
    real = installed._scan
    monkeypatch.setattr(installed, "_scan", lambda: (scans.append(1), real())[1])

    def run() -> list[tuple[str, str, str]]:
        new_run(monkeypatch)
        return installed.entry_points()

    before = run()
    (tmp_path / "report.txt").write_text("新文件", encoding="utf-8")  # the current folder and a sys.path folder change,
    (site / "notes.txt").write_text("no metadata", encoding="utf-8")  # but no distribution does
    assert run() == before and len(scans) == 1
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # another current folder, without metadata
    assert run() == before and len(scans) == 1
    city, town = ("city", "govlint_city.plugin:hooks", "govlint-city"), ("town", "govlint_town.plugin:hooks", "govlint-town")
    install(site, *city)
    assert city in run() and len(scans) == 2
    assert city in run() and len(scans) == 2
    install(site, *town)
    assert {city, town} <= set(run()) and len(scans) == 3
    shutil.rmtree(site / "govlint_city-1.0.dist-info")  # removed
    found = run()
    assert town in found and city not in found and len(scans) == 4


def install(site: Path, name: str, target: str, distribution: str) -> None:
    """The metadata folder ``pip install`` leaves for a distribution with one ``govlint`` entry point."""
    metadata = site / f"{distribution.replace('-', '_')}-1.0.dist-info"
    metadata.mkdir()
    (metadata / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 1.0\n", encoding="utf-8")
    (metadata / "entry_points.txt").write_text(f"[govlint]\n{name} = {target}\n", encoding="utf-8")


def test_relations_are_read_back_with_the_pack_not_parsed_again(folder, tmp_path, monkeypatch):
    parsed: list[str] = []
    real = expr._parsed
    monkeypatch.setattr(expr, "_parsed", lambda text, terms: (parsed.append(text), real(text, terms))[1])

    def prepared() -> dict[str, Any]:
        new_run(monkeypatch)
        monkeypatch.setattr(expr, "_COMPILED", {})  # a new process: only the pack knows the relations
        return Linter(plugins=build(), extra_rule_dirs=[tmp_path / "rules"]).checker._prepared

    paths = write_rules(tmp_path / "rules", 3)
    fresh = prepared()
    assert "t2_1[normative][in_force] >= t2_1[normative][issued] - 1" in parsed
    parsed.clear()
    assert prepared() == fresh and parsed == []  # every kind's relations and terms, the built-in rules' too
    paths[1].write_text(paths[1].read_text(encoding="utf-8").replace("issued] - 1", "issued] - 7"), encoding="utf-8")
    changed = prepared()
    assert "t2_1[normative][in_force] >= t2_1[normative][issued] - 7" in parsed  # a changed rule is parsed again
    assert changed["AG001"].relation == real(changed["AG001"].relation.text, ()) != fresh["AG001"].relation


def test_every_built_in_relation_reads_back_equal_to_its_parse(monkeypatch):
    monkeypatch.setattr(expr, "_COMPILED", {})
    with expr.recording() as sources:
        _ = Linter(plugins=build()).checker  # every built-in rule's relations and terms
    stored = json.loads(json.dumps(expr.stored(sources)))  # as the pack's JSON holds them
    monkeypatch.setattr(expr, "_COMPILED", {})
    expr.remember(stored)
    assert len(sources) > 20 and set(expr._COMPILED) == sources
    for source in sources:
        assert expr._COMPILED[source] == expr._parsed(*source)


CELL = ["cell", "t3", ["r1_new", False], ["total", False], False]


@pytest.mark.parametrize(
    "stored",
    [
        None, {"a": 1}, [["t3[r1_new][total] == 0", [], [[CELL, "=", ["const", 0, 1]]]]],
        [["t3[r1_new][total] == 0", [], [[CELL, "==", ["const", 0.5, 1]]]]], [["t3[r1_new][total] == 0", [], [[CELL, "==", ["call", "os.system"]]]]],
    ],
)  # fmt: skip
def test_stored_relations_that_are_not_well_formed_are_ignored(monkeypatch, stored):
    monkeypatch.setattr(expr, "_COMPILED", {})
    expr.remember(stored)
    assert expr._COMPILED == {}
    assert expr.compile_relation("t3[r1_new][total] == 0").comparisons[0].right == expr.Const(0)  # parsed when used


def test_needles_are_read_back_with_the_pack_not_worked_out_again(folder, monkeypatch):
    worked: list[str] = []
    real = needles._needles
    monkeypatch.setattr(needles, "_needles", lambda pattern: (worked.append(pattern.pattern), real(pattern))[1])

    def run() -> dict[tuple[str, int], tuple[str, ...] | None]:
        new_run(monkeypatch)
        monkeypatch.setattr(needles, "_found", {})  # a new process: only the pack knows the needles
        assert lint_text(SAMPLE.read_text(encoding="utf-8"), linter=Linter(plugins=build())).diagnostics
        return needles._found

    fresh = run()
    assert len(worked) > 20  # the built-in text rules' patterns, worked out as the pack was validated
    worked.clear()
    assert run() == fresh and worked == []


@pytest.mark.parametrize(
    "stored",
    [
        None, {"a": 1}, [["其中", 0]], [[["其中"], 0, None]],
        [["其中", 32, "zq"]], [["其中", 32, []]], [["其中", 32, [""]]], [["其中", 32, [1]]], [["其中", 32, {"zq": 1}]],
        [["其中", "32", ["其中"]]], [["其中", 32, ["其中"]], ["予以", 32, "zq"]],
    ],
)  # fmt: skip
def test_stored_needles_that_are_not_well_formed_are_ignored(monkeypatch, stored):
    monkeypatch.setattr(needles, "_found", {})
    needles.remember(stored)
    assert needles._found == {}  # a string's characters, no needle or a number would skip (or break) the rule


def test_a_pack_without_needles_is_linted_as_one_with_them(folder, monkeypatch):
    def run() -> list[Any]:
        new_run(monkeypatch)
        monkeypatch.setattr(needles, "_found", {})
        return lint_text(SAMPLE.read_text(encoding="utf-8"), linter=Linter(plugins=build())).diagnostics

    fresh = run()
    for pack in folder.glob("pack-*.json"):  # as a govlint before the needles were stored left it
        data = json.loads(pack.read_text(encoding="utf-8"))
        if "needles" in data["value"]:
            del data["value"]["needles"]
            pack.write_text(json.dumps(data), encoding="utf-8")
    assert run() == fresh


def test_each_lazy_reader_sniffs_as_its_reader():
    report = sample_reports(1)[0]
    page = render_html(report)
    inputs = {
        "docx": render_docx(report),
        "pdf": render_pdf(report),
        "html": page.encode("utf-8"),
        "html-utf16": codecs.BOM_UTF16_LE + page.encode("utf-16-le"),
        "markdown with a comment": SAMPLE.read_bytes(),
        "text": SAMPLE.read_bytes().split(b"\n", 1)[1],
    }
    readers = builtin.govlint_readers()
    for lazy in readers:
        real = load_target(lazy.target)()
        assert (lazy.name, lazy.priority, lazy.suffixes) == (real.name, real.priority, real.suffixes)
        for name, data in inputs.items():
            assert lazy.sniff(name, data) == real.sniff(name, data), (lazy.name, name)
    cheap = [r.name for r in readers if isinstance(r, LazyReader) and r.might(inputs["text"])]
    assert cheap == []  # a plain text report imports no other reader


def test_each_formatter_and_kind_is_registered_as_its_class_declares():
    lazy = {f.name: f for f in builtin.govlint_formatters()}
    assert set(lazy) == {cls.name for cls in BUILTIN_FORMATTERS}
    for cls in BUILTIN_FORMATTERS:
        assert load_target(lazy[cls.name].target) is cls
        assert lazy[cls.name].needs_model == getattr(cls, "needs_model", False)
    for kind in builtin.govlint_check_kinds():
        assert isinstance(kind, Lazy) and load_target(kind.target).name == kind.name


def test_a_rule_file_reached_twice_is_scanned_once(tmp_path):
    """Files are keyed by their real path without resolving each one: a linked folder, a linked file
    and a relative folder name still find one file once."""
    paths = write_rules(tmp_path / "rules", 2)
    (tmp_path / "linked").symlink_to(tmp_path / "rules", target_is_directory=True)
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "same.yaml").symlink_to(paths[0])
    files = rule_loading.RuleFiles.scan([tmp_path / "rules", tmp_path / "linked", tmp_path / "more"], explicit=[tmp_path / "more"])
    assert files.rules == tuple(paths) and files.explicit == {paths[0]}


def test_a_rule_file_linked_to_itself_is_reported_not_a_traceback(tmp_path, capsys):
    from govlint.cli import EXIT_ERROR, main

    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "loop.yaml").symlink_to("loop.yaml")
    assert main(["check", "--no-cache", "--rules", str(tmp_path / "rules"), str(SAMPLE)]) == EXIT_ERROR
    assert "loop.yaml" in capsys.readouterr().err


NAMES = st.sampled_from(["a.yaml", "b.yml", ".yaml", "..yaml", "c.yaml.", "d.YAML", "e.txt", "templates", ".hidden", "f.yaml"])
TREES = st.recursive(st.just("file") | st.sampled_from(["link to a file", "link to a folder", "broken link"]),
                     lambda inner: st.dictionaries(NAMES, inner, max_size=4), max_leaves=12)  # fmt: skip


def lay_out(folder: Path, tree: object, target: Path) -> None:
    """A folder of that shape: each leaf a file or a link (to a file, to a folder outside, or to nothing)."""
    folder.mkdir()
    for name, inside in tree.items() if isinstance(tree, dict) else ():
        path = folder / name
        if isinstance(inside, dict):
            lay_out(path, inside, target)
        elif inside == "file":
            path.write_text("x", encoding="utf-8")
        else:
            path.symlink_to({"link to a file": target / "r.yaml", "link to a folder": target, "broken link": target / "none"}[inside])


@settings(max_examples=60, deadline=None)
@given(tree=st.dictionaries(NAMES, TREES, max_size=5))
def test_rule_folders_are_scanned_as_rglob_finds_their_files(tmp_path_factory, tree):
    root = tmp_path_factory.mktemp("scan")
    (root / "outside").mkdir()
    (root / "outside" / "r.yaml").write_text("x", encoding="utf-8")
    lay_out(root / "rules", tree, root / "outside")
    expected = sorted((p, p.is_symlink()) for p in (root / "rules").rglob("*") if p.suffix in (".yaml", ".yml"))
    found = (((root / "rules").joinpath(*parts), linked) for parts, linked in rule_loading.yaml_entries(str(root / "rules")))
    assert sorted(found) == expected


COUNT_COLLECTIONS = """
import gc, sys
from govlint.cli import main
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
code = main(sys.argv[1:])
print(len(collections), gc.isenabled(), gc.get_freeze_count(), code)
"""


def test_loading_leaves_the_garbage_collector_out(tmp_path):
    """Modules, rules and parsers are long-lived: the collector neither walks them while they load
    (it did about 60 times) nor afterwards (frozen); main() then leaves the collector as it found it."""
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-c", COUNT_COLLECTIONS, "check", "--jobs", "1", str(SAMPLE)]
    subprocess.run(command, env=env, capture_output=True, timeout=120)  # fills the cache
    last = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120).stdout.splitlines()[-1]  # after the findings
    collections, enabled, frozen, code = last.split()
    assert int(collections) < 15 and (enabled, frozen, code) == ("True", "0", "1")


def test_parsed_file_is_still_importable_from_where_it_lived():
    from govlint import api_types, parsed_file
    from govlint.api_types import ParsedFile, Span3

    assert (ParsedFile, Span3) == (parsed_file.ParsedFile, parsed_file.Span3)
    with pytest.raises(AttributeError):
        api_types.NoSuchName  # noqa: B018


def test_rules_are_keyed_by_the_pack_entry_their_templates_were_read_from(folder, tmp_path, monkeypatch, validations):
    """Templates loaded from files stand in the rules' key as the key of the pack entry they were read from (the
    same files, the same templates), not written out whole: a copy of the set, or another set, is written out; a
    changed template file is another entry, and the rules are validated again."""
    files = [tmp_path / path.name for path in sorted((ROOT / "rules" / "templates").glob("*.yaml"))]
    for path in files:
        path.write_text((ROOT / "rules" / "templates" / path.name).read_text(encoding="utf-8"), encoding="utf-8")
    loaded = load_templates(files)
    copy = tuple(list(loaded))  # equal, not the same set
    assert content_key(loaded) != content_key(copy) == repr(copy)
    assert content_key(load_templates(files)) == content_key(loaded)
    paths = write_rules(tmp_path / "rules", 2)
    kinds = build().check_kinds()
    rule_loading.load_rules(paths, kinds, loaded)
    new_run(monkeypatch)
    rule_loading.load_rules(paths, kinds, load_templates(files))
    assert len(validations) == 2  # read back
    files[0].write_text(files[0].read_text(encoding="utf-8").replace("title:", "title: 修订", 1), encoding="utf-8")
    changed = load_templates(files)
    assert changed != loaded and content_key(changed) != content_key(loaded)
    rule_loading.load_rules(paths, kinds, changed)
    assert len(validations) == 4
