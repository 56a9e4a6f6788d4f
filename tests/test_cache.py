"""The cache of validated data (issue 13): bounded, written once per load, valid under concurrent runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from govlint import cache
from govlint.api import Linter
from govlint.check.rules import load_rules
from govlint.plugin.manager import plugins

RULE = """\
id: AG{n:03d}
name: agency.rule_{n}
title: 示例规则
message: 现行有效 {{left}} 少于本年制发 {{right}}
severity: warning
rationale: 示例。
applies_to: {{templates: [v2021]}}
check:
  kind: relation
  table: t2_1
  assert: "t2_1[normative][in_force] >= t2_1[normative][issued] - {n}"
examples:
  pass: [{{name: ok}}]
  fail: [{{name: bad}}]
"""


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A private cache folder for this test (the caches resolve their folder on each use)."""
    path = tmp_path / "cache"
    path.mkdir()
    monkeypatch.setattr(cache, "cache_dir", lambda: path)
    return path


def write_rules(folder: Path, count: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = [folder / f"AG{n:03d}.yaml" for n in range(count)]
    for n, path in enumerate(paths):
        path.write_text(RULE.format(n=n), encoding="utf-8")
    return paths


def test_loading_many_rules_writes_each_cache_file_once(tmp_path, monkeypatch):
    paths = write_rules(tmp_path / "rules", 60)
    templates = Linter().templates
    writes: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(cache.os, "replace", lambda a, b: (writes.append(str(b)), real_replace(a, b))[1])
    rules = load_rules(paths, plugins().check_kinds(), templates)
    assert len(rules) == 60
    names = sorted(Path(w).name for w in writes)  # not 120 rewrites
    assert names[0] == "check-params.json" and [n[:5] for n in names[1:3]] == ["pack-"] * 2 and names[3:] == ["validated.json"]  # rules, examples


def test_an_entry_larger_than_a_few_times_its_input_is_not_kept(folder):
    data = cache.DataCache("sizes")
    assert data.get_or_compute("big", lambda: "x" * 10_000, max_bytes=cache.cache_limit(100)) == "x" * 10_000
    assert data.get_or_compute("small", lambda: "y", max_bytes=cache.cache_limit(100)) == "y"
    data.flush()
    assert json.loads((folder / "sizes.json").read_text(encoding="utf-8")) == {"small": "y"}


def test_an_entry_file_keeps_its_text_as_utf8_and_reads_back_equal(folder):
    value = {"title": "申请情况表：一 + 二", "odd": "a\ud800b", "n": [1, 2.5, None]}
    cache.EntryFiles("texts").get_or_compute("k", lambda: value, max_bytes=1000)
    (path,) = folder.glob("texts-k.json")
    assert "申请情况表".encode("utf-8") in path.read_bytes()  # not six escaped characters each
    assert cache.EntryFiles("texts").get_or_compute("k", lambda: pytest.fail("computed again"), max_bytes=1000) == value


def test_an_entry_over_its_bound_in_bytes_is_not_written(folder):
    cache.EntryFiles("texts").get_or_compute("k", lambda: "申" * 100, max_bytes=250)  # 100 characters, 300 bytes
    assert not list(folder.glob("texts-*.json"))


@pytest.mark.parametrize("content", [b"{\"truncated\": [1, 2", b"\x00\xff garbage", b"[1, 2, 3]", b"\"a string\""])
def test_a_corrupt_cache_file_is_ignored_and_replaced(folder, content):
    (folder / "validated.json").write_bytes(content)
    data = cache.DataCache("validated")
    assert data.get_or_compute("k", lambda: {"ok": 1}, max_bytes=1000) == {"ok": 1}
    data.flush()
    assert json.loads((folder / "validated.json").read_text(encoding="utf-8")) == {"k": {"ok": 1}}


def test_an_oversized_cache_file_is_not_read(folder):
    with (folder / "validated.json").open("wb") as handle:  # sparse: large on paper, cheap to make
        handle.truncate(cache.MAX_FILE_BYTES + 1)
    started = time.monotonic()
    data = cache.DataCache("validated")
    assert data.get_or_compute("k", lambda: 1, max_bytes=100) == 1
    assert time.monotonic() - started < 1


def test_the_file_keeps_the_newest_entries_within_its_cap(folder, monkeypatch):
    monkeypatch.setattr(cache, "MAX_FILE_BYTES", 200)
    data = cache.DataCache("capped")
    for n in range(50):
        data.get_or_compute(f"key{n:02d}", lambda: "v" * 10, max_bytes=100)
    data.flush()
    text = (folder / "capped.json").read_text(encoding="utf-8")
    kept = json.loads(text)
    assert len(text.encode("utf-8")) <= 200 and "key49" in kept and "key00" not in kept


def test_the_folder_is_trimmed_and_stale_temporaries_removed(folder, monkeypatch):
    monkeypatch.setattr(cache, "MAX_FOLDER_BYTES", 10_000)
    old = time.time() - 2 * cache.STALE_SECONDS
    for n in range(5):
        path = folder / f"lark-old-{n}.cache"
        path.write_bytes(b"x" * 4000)
        os.utime(path, (old + n, old + n))
    stale = folder / ".tmp-left-by-a-killed-run"
    stale.write_bytes(b"{}")
    os.utime(stale, (old, old))
    data = cache.DataCache("fresh")
    data.get_or_compute("k", lambda: 1, max_bytes=100)
    data.flush()
    left = {p.name for p in folder.iterdir()}
    assert "fresh.json" in left and ".tmp-left-by-a-killed-run" not in left
    assert sum(p.stat().st_size for p in folder.iterdir()) <= 10_000
    assert "lark-old-4.cache" in left and "lark-old-0.cache" not in left  # the oldest go first


def test_entries_written_meanwhile_by_another_run_are_kept(folder):
    mine, theirs = cache.DataCache("shared"), cache.DataCache("shared")
    mine.get_or_compute("a", lambda: 1, max_bytes=100)
    theirs.get_or_compute("b", lambda: 2, max_bytes=100)
    theirs.flush()
    mine.flush()
    assert json.loads((folder / "shared.json").read_text(encoding="utf-8")) == {"b": 2, "a": 1}


def test_concurrent_runs_share_one_valid_cache(tmp_path):
    write_rules(tmp_path / "rules", 10)
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "govlint", "rules", "--rules", str(tmp_path / "rules")]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        out, err = run.communicate(timeout=60)
        assert run.returncode == 0 and b"AG009" in out, err
    validated = json.loads((tmp_path / "cache" / "validated.json").read_text(encoding="utf-8"))
    assert isinstance(validated, dict) and len(validated) >= 10
    assert not [p for p in (tmp_path / "cache").iterdir() if p.name.startswith(".tmp-")]


def test_text_that_utf8_cannot_carry_is_written_escaped(folder):
    data = cache.DataCache("escaped")
    data.get_or_compute("k", lambda: {"title": "城市\ud800规则"}, max_bytes=1000)
    data.flush()
    assert json.loads((folder / "escaped.json").read_bytes()) == {"k": {"title": "城市\ud800规则"}}


def test_the_suite_uses_a_temporary_cache_never_the_users():
    """conftest points GOVLINT_CACHE_DIR at a fresh temporary folder before govlint is imported."""
    folder = Path(os.environ["GOVLINT_CACHE_DIR"]).resolve()
    assert folder.name.startswith("govlint-test-cache-") and folder.parent == Path(tempfile.gettempdir()).resolve()
    assert cache.cache_dir() is None or cache.cache_dir().resolve() == folder
    assert Path.home().joinpath(".cache").resolve() not in folder.parents



@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
@pytest.mark.parametrize("shared", ["others may write", "the group may write", "another user's"])
def test_a_folder_others_may_write_is_not_a_cache(tmp_path, monkeypatch, shared):
    """Lark's tables (pickles) and the methods kept there are run: a folder another user may fill is not used."""
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(folder))
    assert cache.cache_dir.__wrapped__() == folder  # type: ignore[attr-defined]
    if shared == "another user's":
        if os.getuid() != 0:
            pytest.skip("only root can give a folder away")
        os.chown(folder, 65534, 65534)
    else:
        os.chmod(folder, 0o1777 if shared == "others may write" else 0o770)  # 1777: as /tmp
    assert cache.cache_dir.__wrapped__() is None  # type: ignore[attr-defined]
