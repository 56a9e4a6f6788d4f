"""Compiled patterns kept between runs (govlint.regex_cache): the same patterns, never a wrong one."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from govlint import cache, regex_cache

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"
PATTERNS = [
    r"[\u3400-\u9fff）)]\d",
    r"(?P<number>[+\-−]?\d[\d.,]*)|(?P<words>\D+?)(?=\d|$)",
    r"(?<![第零〇一二两三四五六七八九十])([零〇一二两三四五六七八九十]+)(?=\s*(?:件|条))",
    r"(?i)govlint[\w-]*",
    "[\ud800-\udfff]",  # lone surrogates in the pattern itself
]


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A private cache folder and a new process: nothing of the folder read, nothing compiled yet."""
    monkeypatch.setattr(cache, "cache_dir", lambda: tmp_path)
    new_process(monkeypatch)
    return tmp_path


def new_process(monkeypatch) -> None:
    monkeypatch.setattr(regex_cache, "_KNOWN", set())
    monkeypatch.setattr(re, "_cache", {})  # re's own cache (the suite has compiled hundreds of patterns)


def test_stored_patterns_come_back_equal_to_what_re_compiles(folder, monkeypatch):
    unique = [f"{p}|(?:x{n}y)" for n, p in enumerate(PATTERNS)]  # compiled by this test only
    compiled = [re.compile(p, re.MULTILINE if n % 2 else 0) for n, p in enumerate(unique)]
    regex_cache.save()
    (stored,) = folder.glob("regex-*.json")
    new_process(monkeypatch)
    regex_cache.preload()
    for n, pattern in enumerate(compiled):
        key = (str, unique[n], int(pattern.flags & re.MULTILINE))
        assert re._cache[key] is not pattern  # type: ignore[attr-defined]  # the stored one, not this process's
        assert re._cache[key] == pattern and re._cache[key].groupindex == pattern.groupindex  # type: ignore[attr-defined]
        assert re.compile(unique[n], key[2]) is re._cache[key]  # type: ignore[attr-defined]
    assert re.compile(unique[0]).search("a3") is None and re.compile(unique[0]).search("年3").group() == "年3"
    regex_cache.save()  # what this test compiled since (the glob's pattern)
    before = stored.stat().st_mtime_ns
    regex_cache.save()  # nothing new: no write
    assert stored.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    "content",
    [
        "not json", json.dumps({"patterns": 3}), json.dumps({"patterns": [["a", 0]]}),
        json.dumps({"patterns": [["(?:zq)", 0, 32, [1, 2, 3], 0, {}, []]]}),  # a program the engine refuses
    ],
)  # fmt: skip
def test_a_file_that_is_not_such_data_is_ignored(folder, content):
    (folder / regex_cache._path().name).write_text(content, encoding="ascii")  # type: ignore[union-attr]
    regex_cache.preload()
    assert re.compile("(?:zq)").search("azq").group() == "zq"


def test_nothing_is_written_without_a_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "cache_dir", lambda: None)
    new_process(monkeypatch)
    re.compile("(?:only without a cache folder)")
    regex_cache.save()
    regex_cache.preload()
    assert not list(tmp_path.iterdir())


def test_a_warm_run_compiles_no_pattern_of_its_own_and_writes_nothing(tmp_path):
    """Every pattern of a run is the same in the next one (none depends on the order of a set),
    so the file is written by the first run only and a warm run compiles none of govlint's."""
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")}
    count = (  # the patterns main() compiles
        "import re, sys\nfrom re import _compiler\nfrom govlint.cli import main\ncompiled = []\nreal = _compiler.compile\n"
        "_compiler.compile = lambda p, flags=0: (compiled.append(p), real(p, flags))[1]\n"
        "code = main(sys.argv[1:])\nprint(len([p for p in compiled if isinstance(p, str)]), code)\n"
    )
    command = [sys.executable, "-c", count, "check", "--jobs", "1", str(SAMPLE)]
    cold = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    (stored,) = (tmp_path / "cache").glob("regex-*.json")
    written = stored.stat().st_mtime_ns
    warm = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert cold.stdout.splitlines()[:-1] == warm.stdout.splitlines()[:-1]  # the same findings
    assert int(cold.stdout.split()[-2]) > 100 and int(warm.stdout.split()[-2]) == 0
    assert stored.stat().st_mtime_ns == written
