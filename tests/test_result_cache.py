"""The result cache (issue 12): a run whose inputs are unchanged answers from it, byte for byte as
the run that linted; everything that can change a file's findings changes its key."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from govlint import api, cache, method_cache, result_cache
from govlint.cli import EXIT_FINDINGS, EXIT_OK, main
from govlint.options import Options
from govlint.plugin import hookimpl, manager
from govlint.result_data import result_from_data, result_to_data
from govlint.testing import render, sample_reports

from .conftest import needs_shared, seed
from .test_cache import RULE, folder, write_rules  # noqa: F401 - folder: a private cache folder (fixture)
from .test_cold_start import imported
from .test_template_extends import V2025

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "reports" / "report.md"
    path.parent.mkdir()
    path.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def entries(folder: Path) -> list[Path]:
    return sorted((folder / result_cache.FOLDER).glob("*.json")) if (folder / result_cache.FOLDER).is_dir() else []


@pytest.fixture
def no_lint(monkeypatch):
    """From here on, linting a file fails the test: every result must come from the cache."""
    def refuse(*args, **kwargs):
        raise AssertionError("linted although the cache holds the result")

    return lambda: monkeypatch.setattr(api.Linter, "lint_source", refuse)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab", "junit", "concise"])
def test_a_hit_prints_what_the_miss_printed_byte_for_byte(fmt, folder, report, capsys, no_lint):
    argv = ["check", "--jobs", "1", "--format", fmt, "--statistics", str(report)]
    miss = run([*argv, "--no-cache"], capsys)
    assert not entries(folder)
    stored = run(argv, capsys)
    assert len(entries(folder)) == 1
    no_lint()
    hit = run(argv, capsys)
    assert miss == stored == hit and miss[0] == EXIT_FINDINGS


def test_the_exit_codes_come_back_too(folder, report, tmp_path, capsys, no_lint):
    generated = tmp_path / "generated.txt"
    generated.write_text(render(sample_reports(1, seed=5)[0], "spaces"), encoding="utf-8")
    runs = [["check", str(generated)], ["check", "--exit-zero", str(report)], ["check", "--fail-level", "none", str(report)], ["check", "--fail-level", "info", str(report)]]
    first = [run(argv, capsys) for argv in runs]
    assert [code for code, _, _ in first] == [EXIT_FINDINGS, EXIT_OK, EXIT_OK, EXIT_FINDINGS]
    no_lint()
    assert [run(argv, capsys) for argv in runs] == first


def test_the_hit_path_imports_neither_parser_nor_checks(tmp_path, report):
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "fresh-cache")}
    command = [sys.executable, "-X", "importtime", "-m", "govlint", "check", "--jobs", "1", "--format", "sarif", str(report)]
    miss, hit = (subprocess.run(command, env=env, capture_output=True, text=True, timeout=120) for _ in range(2))
    assert miss.returncode == hit.returncode == EXIT_FINDINGS and miss.stdout == hit.stdout
    assert "lark" in imported(miss)
    loaded = imported(hit)
    assert not {m for m in loaded if m.split(".")[0] in ("lark", "yaml", "jsonschema")}
    assert not {m for m in loaded if m.startswith(("govlint.parse", "govlint.check.kinds", "govlint.check.engine")) or m in ("govlint.api", "govlint.runner")}
    assert "govlint.model" not in loaded and "importlib.metadata" not in loaded  # findings point at places (govlint.span)


def edit(path: Path, text: str) -> None:
    """Write and move the time on: an edit is never hidden by a coarse clock."""
    path.write_text(text, encoding="utf-8")
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def test_every_part_of_the_key_invalidates(folder, report, tmp_path, capsys, monkeypatch):
    rules = tmp_path / "rules"
    [rule] = write_rules(rules, 1)
    (rules / "templates").mkdir()
    config = report.parent / ".govlint.yaml"
    config.write_text("fail_level: error\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"version": 1, "tool": "govlint", "findings": []}), encoding="utf-8")
    argv = ["check", "--rules", str(rules), "--baseline", str(baseline), str(report)]
    seen: list[int] = []
    monkeypatch.setattr(result_cache.RunCache, "_store", counting(result_cache.RunCache._store, seen))

    def relinted(change) -> bool:
        before = len(seen)
        change()
        run(argv, capsys)
        return len(seen) > before

    assert run(argv, capsys)[0] == EXIT_FINDINGS
    assert not relinted(lambda: None)  # unchanged: a hit
    package_file = Path(result_cache.__file__).parent / "_data.py"
    times = package_file.stat()

    def touch_code() -> None:
        os.utime(package_file, ns=(times.st_atime_ns, times.st_mtime_ns + 1_000_000_000))
        cache.code_stamp.cache_clear()  # as a new process finds it

    try:
        for change in (
            lambda: edit(report, report.read_text(encoding="utf-8") + "\n附：说明。\n"),  # the file's bytes
            lambda: edit(rule, RULE.format(n=0).replace("示例规则", "示例规则二")),  # a rule file
            lambda: edit(rules / "templates" / "v2025.yaml", V2025),  # a template beside the rules
            lambda: edit(config, "fail_level: warning\n"),  # the configuration
            lambda: edit(baseline, json.dumps({"version": 1, "tool": "govlint", "findings": [], "note": 1})),  # the baseline
            lambda: argv.insert(1, "--ignore=GL103"),  # an option
            touch_code,  # govlint's own code
            lambda: monkeypatch.setattr(manager, "plugins", lambda: manager.build(sys.modules[__name__])),  # the plugin set
            lambda: monkeypatch.setenv("GOVLINT_EXAMPLE", "1"),  # a variable of govlint's
        ):
            assert relinted(change), change.__code__.co_firstlineno
            assert not relinted(lambda: None)
    finally:
        os.utime(package_file, ns=(times.st_atime_ns, times.st_mtime_ns))
        cache.code_stamp.cache_clear()


def counting(store, seen: list[int]):
    def wrapped(self, *args, **kwargs):
        seen.append(1)
        return store(self, *args, **kwargs)

    return wrapped


def test_a_corrupt_or_foreign_entry_is_a_miss(folder, report, capsys):
    argv = ["check", str(report)]
    first = run(argv, capsys)
    [entry] = entries(folder)
    good = entry.read_text(encoding="ascii")
    damaged = [_with_evidence_value(good, {"decimal": text}) for text in ("abc", "sNaN", "NaN", "Infinity")]
    for bad in ("{not json", "[]", json.dumps({**json.loads(good), "content": "0" * 64}), good.replace('"severity": "', '"severity": "x'), *damaged):
        entry.write_text(bad, encoding="ascii")
        assert run(argv, capsys) == first
        assert json.loads(entry.read_text(encoding="ascii")) == json.loads(good)  # linted again and rewritten


def _with_evidence_value(entry: str, value: object) -> str:
    """The entry with its first finding's first evidence value replaced (a number govlint never stores)."""
    data = json.loads(entry)
    evidence = next(d["evidence"] for d in data["result"]["diagnostics"] if d.get("evidence"))
    evidence[0]["value"] = value
    return json.dumps(data)


def test_entries_and_the_folder_are_bounded(folder, report, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(result_cache, "MAX_ENTRY_BYTES", 100)
    run(["check", str(report)], capsys)
    assert not entries(folder)
    monkeypatch.setattr(result_cache, "MAX_ENTRY_BYTES", 4 * 1024 * 1024)
    monkeypatch.setattr(result_cache, "MAX_FOLDER_BYTES", 1)
    others = [tmp_path / f"copy{n}.md" for n in range(3)]
    for n, path in enumerate(others):
        path.write_text(report.read_text(encoding="utf-8") + f"\n附{n}。\n", encoding="utf-8")
        run(["check", str(path)], capsys)
    assert len(entries(folder)) <= 1


def test_concurrent_runs_share_valid_entries(tmp_path, report):
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "shared-cache")}
    command = [sys.executable, "-m", "govlint", "check", "--format", "json", str(report)]
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda _: subprocess.run(command, env=env, capture_output=True, text=True, timeout=120), range(6)))
    after = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert {r.stdout for r in runs} == {after.stdout} and {r.returncode for r in runs} == {EXIT_FINDINGS}
    assert len(list((tmp_path / "shared-cache" / result_cache.FOLDER).glob("*.json"))) == 1


@needs_shared
def test_runs_whose_results_depend_on_other_files_are_never_cached(folder, tmp_path, capsys):
    this, last = seed("000"), seed("001")
    run(["check", str(this), str(last)], capsys)  # two reports, cross-year rules selected: paired
    run(["check", "--previous", str(last), str(this)], capsys)
    assert not entries(folder)


def test_runs_the_cache_leaves_alone(folder, report, tmp_path, capsys):
    run(["check", "--no-cache", str(report)], capsys)
    run(["check", "--format", "html", str(report)], capsys)
    run(["check", "--write-baseline", str(tmp_path / "b.json"), str(report)], capsys)
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    run(["check", str(tmp_path / "empty.md")], capsys)  # unreadable: exit 2, linted again next time
    assert not entries(folder)
    (report.parent / ".govlint.yaml").write_text("cache: false\n", encoding="utf-8")
    run(["check", str(report)], capsys)
    assert not entries(folder)


def test_an_option_or_argument_the_cache_does_not_know_turns_it_off(tmp_path, folder):
    import argparse

    args = argparse.Namespace(command="check", paths=["x.md"], format="text", output_file=[], no_cache=False)
    formatters = manager.plugins().formatters()
    assert result_cache.run_cache(args, Options(), formatters, manager.plugins()) is not None
    assert result_cache.run_cache(argparse.Namespace(**vars(args), new_switch=False), Options(), formatters, manager.plugins()) is None

    @dataclasses.dataclass(frozen=True)
    class Wider(Options):
        new_option: int = 0

    assert result_cache.run_cache(args, Wider(), formatters, manager.plugins()) is None


def test_every_check_argument_is_classified():
    """A new ``check`` option must say how it bears on a cached result (else the cache is off)."""
    from govlint.cli import _parser

    check = _parser()._subparsers._group_actions[0].choices["check"].parser()  # type: ignore[union-attr]
    known = result_cache.SHOWN | result_cache.CHOSEN | result_cache.OPTIONS | result_cache.UNCACHED
    assert {a.dest for a in check._actions if a.dest != "help"} <= known
    assert {f.name for f in dataclasses.fields(Options)} == result_cache.KEYED_OPTIONS | set(result_cache.FIXED_OPTIONS)


def test_clean_empties_the_cache_and_nothing_else(folder, report, capsys):
    run(["check", str(report)], capsys)
    for part in (method_cache.START, ""):  # the suite's process made its classes long ago: no run here compiles one
        (folder / method_cache._path(part).name).write_bytes(b"")  # type: ignore[union-attr]
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run(["clean"], capsys)
    assert code == EXIT_OK and "removed" in err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_results_round_trip_exactly(linter):
    results = [api.lint_text(render(report, "spaces"), linter=linter) for report in sample_reports(20, seed=3, wrong_every=2)]
    results.append(linter.lint_file(SAMPLE))
    assert any(r.diagnostics for r in results)
    for result in results:
        data = json.loads(json.dumps(result_to_data(result)))
        again = result_from_data(data)
        assert again == result and again.to_dict() == result.to_dict()
        assert [type(d.expected) for d in again.diagnostics] == [type(d.expected) for d in result.diagnostics]


def test_a_batch_lints_only_the_files_without_an_entry(folder, report, tmp_path, capsys, monkeypatch):
    """No cross-year rule selected: the reports are not paired, each result is its own (in one
    process: what worker processes lint is not kept, see test_a_run_that_showed_a_warning_is_not_kept)."""
    other = report.parent / "other.md"
    other.write_text(report.read_text(encoding="utf-8").replace("| 10 | 2 |", "| 11 | 2 |"), encoding="utf-8")
    argv = ["check", "--jobs", "1", "--select", "GL1,GL2", "--format", "json", str(report.parent)]
    fresh = run([*argv[:1], "--no-cache", *argv[1:]], capsys)
    assert run(argv, capsys) == fresh and len(entries(folder)) == 2
    seen: list[int] = []
    monkeypatch.setattr(result_cache.RunCache, "_store", counting(result_cache.RunCache._store, seen))
    edit(other, other.read_text(encoding="utf-8") + "\n附：说明。\n")
    again = run(argv, capsys)
    assert len(seen) == 1 and again == run([*argv[:1], "--no-cache", *argv[1:]], capsys)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_run_that_showed_a_warning_is_not_kept(tmp_path, report, jobs):
    """A rule whose pattern Python warns about: the warning is shown on every run, so none is
    answered from the cache (which would not show it), also when worker processes show it."""
    rules = tmp_path / "rules"
    rules.mkdir()
    rule = (ROOT / "rules" / "text" / "GL203.yaml").read_text(encoding="utf-8")
    rule = rule.replace("id: GL203", "id: AG203").replace("name: text.government_assessment", "name: agency.assessment")
    (rules / "AG203.yaml").write_text(rule.replace("agency_pattern: 人民政府$", "agency_pattern: '[[人]民政府$'"), encoding="utf-8")
    reports = [report, *(shutil.copy(report, report.with_name(f"copy{n}.md")) for n in range(2))]
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "govlint", "check", "--jobs", jobs, "--select", "AG203", "--rules", str(rules), *map(str, reports)]
    runs = [subprocess.run(command, env=env, capture_output=True, text=True, timeout=120) for _ in range(3)]
    assert all("FutureWarning" in run.stderr for run in runs) and runs[0].stdout == runs[2].stdout
    assert entries(tmp_path / "cache") == []


def test_a_fifo_in_a_rule_folder_is_not_read(tmp_path, report):
    """Files of a user's folder are stamped by their bytes; a FIFO there is never opened (it would wait forever)."""
    (tmp_path / "rules").mkdir()
    os.mkfifo(tmp_path / "rules" / "notes.fifo")
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "govlint", "check", "--rules", str(tmp_path / "rules"), str(report)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == EXIT_FINDINGS, done.stderr[-300:]


def test_an_edit_that_keeps_a_files_size_and_time_is_seen(tmp_path, report):
    """A user's rule rewritten by a script within one clock tick (or on a file system with coarse
    times, or put back with ``touch -d``): neither the result cache nor the rule pack answers stale."""
    (path,) = write_rules(tmp_path / "rules", 1)
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")}

    def check(*extra: str) -> tuple[int, str]:
        command = [sys.executable, "-m", "govlint", "check", "--jobs", "1", *extra, "--rules", str(tmp_path / "rules"), str(report)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout

    before = check()
    assert check() == before and entries(tmp_path / "cache")  # answered from the cache
    info = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(">=", "<="), encoding="utf-8")  # the same size
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = check()
    assert ("AG000" in before[1]) != ("AG000" in after[1])  # the rule's verdict turned
    assert after == check("--no-cache")


def test_a_python_without_blake2_keys_its_cache_with_sha256(report, tmp_path) -> None:
    """A Python built without its own BLAKE2 (configure --with-builtin-hashlib-hashes) still
    stamps and keys its cache, with hashlib's SHA-256, and gives the same findings from it."""
    script = (
        "import logging, sys; sys.modules['_blake2'] = None; logging.disable(logging.CRITICAL)\n"
        "from govlint.cli import main; sys.exit(main(['check', sys.argv[1]]))"
    )
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", script, str(report)], capture_output=True, text=True, env=env) for _ in range(2)]
    assert [run.returncode for run in runs] == [EXIT_FINDINGS, EXIT_FINDINGS], runs[0].stderr
    assert runs[0].stdout == runs[1].stdout and "GL103" in runs[0].stdout
    assert list((tmp_path / "cache").rglob("*")), "the cache was written"


@pytest.mark.parametrize("where", ["linked folder", "dot-dot"])
def test_a_plugins_template_that_its_rule_folder_does_not_hold_is_stamped(where, folder, report, tmp_path, capsys, monkeypatch):
    """A plugin's template whose path starts with its rule folder's but is not walked with it (under
    a linked folder, or through 「..」 outside it) is stamped on its own: its edits change the key."""
    rules, outside = tmp_path / "plugin" / "rules", tmp_path / "plugin" / "templates"
    rules.mkdir(parents=True)
    outside.mkdir()
    if where == "linked folder":
        (rules / "linked").symlink_to(outside, target_is_directory=True)
        template = rules / "linked" / "v2025.yaml"
    else:
        template = rules / ".." / "templates" / "v2025.yaml"
    (outside / "v2025.yaml").write_text(V2025, encoding="utf-8")

    class Plugin:
        @hookimpl
        def govlint_rule_paths(self) -> list[Path]:
            return [rules]

        @hookimpl
        def govlint_template_paths(self) -> list[Path]:
            return [template]

    plugin_set = manager.build(Plugin())
    monkeypatch.setattr(manager, "plugins", lambda: plugin_set)
    seen: list[int] = []
    monkeypatch.setattr(result_cache.RunCache, "_store", counting(result_cache.RunCache._store, seen))
    argv = ["check", "--jobs", "1", str(report)]
    assert run(argv, capsys)[0] == EXIT_FINDINGS and len(seen) == 1
    run(argv, capsys)
    assert len(seen) == 1  # unchanged: a hit
    edit(outside / "v2025.yaml", V2025.replace("测试用修订", "测试用修订二"))
    run(argv, capsys)
    assert len(seen) == 2  # the edited template: linted again
