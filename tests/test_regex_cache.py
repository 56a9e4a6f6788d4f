"""Compiled patterns kept between runs (govlint.regex_cache): the same patterns, never a wrong one."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from array import array
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
    monkeypatch.setattr(regex_cache, "_KNOWN", {})
    monkeypatch.setattr(re, "_cache", {})  # re's own cache (the suite has compiled hundreds of patterns)


def test_stored_patterns_come_back_equal_to_what_re_compiles(folder, monkeypatch):
    unique = [f"{p}|(?:x{n}y)" for n, p in enumerate(PATTERNS)]  # compiled by this test only
    before = regex_cache.preload()
    compiled = [re.compile(p, re.MULTILINE if n % 2 else 0) for n, p in enumerate(unique)]
    regex_cache.save(before)
    (stored,) = folder.glob("regex-*.marshal")
    new_process(monkeypatch)
    regex_cache.preload()
    for n, pattern in enumerate(compiled):
        key = (str, unique[n], int(pattern.flags & re.MULTILINE))
        assert re._cache[key] is not pattern  # type: ignore[attr-defined]  # the stored one, not this process's
        assert re._cache[key] == pattern and re._cache[key].groupindex == pattern.groupindex  # type: ignore[attr-defined]
        assert re.compile(unique[n], key[2]) is re._cache[key]  # type: ignore[attr-defined]
    assert re.compile(unique[0]).search("a3") is None and re.compile(unique[0]).search("年3").group() == "年3"
    regex_cache.save(frozenset())  # what this test compiled since (the glob's pattern)
    written = stored.stat().st_mtime_ns
    regex_cache.save(frozenset())  # nothing new: no write
    assert stored.stat().st_mtime_ns == written


def _file(entries: object, digest: bytes | None = None) -> bytes:
    body = marshal.dumps(entries)
    return (digest or cache.strong_hash(body).digest()) + body


@pytest.mark.parametrize(
    "content",
    [
        b"not marshal", _file(3), _file([("a", 0)]), _file([(3, 0, 32, b"\x01\0\0\0", 0, {}, ())]),
        _file([("(?:zq)", 0, 32, array("I", [1, 2, 3]).tobytes(), 0, {}, ())]),  # a program the engine refuses
        _file([("(?:zq)", 0, 32, b"\x01\0\0", 0, {}, ())]),  # not a whole number of words
        _file([("(?:zq)", 0, 32, array("I", [1, 2, 3]).tobytes(), 0, {}, ())], digest=bytes(32)),  # a digest that does not hold
        _file([("(?:zq)", 0, 32, array("I", [1, 2, 3]).tobytes(), 0, {}, ())])[:-3],  # cut short
    ],
)  # fmt: skip
def test_a_file_that_is_not_such_data_is_ignored(folder, content):
    (folder / regex_cache._path().name).write_bytes(content)  # type: ignore[union-attr]
    regex_cache.preload()
    assert re.compile("(?:zq)").search("azq").group() == "zq"


def test_a_file_others_may_write_is_not_used(folder):
    pattern = "(?:kept in a file of one's own)"
    before = regex_cache.preload()
    re.compile(pattern)
    regex_cache.save(before)
    (stored,) = folder.glob("regex-*.marshal")
    assert [entry[0] for entry in regex_cache._stored(stored)] == [pattern]
    os.chmod(stored, 0o620)
    assert regex_cache._stored(stored) == []


def test_a_damaged_program_is_never_handed_to_the_engine(tmp_path):
    """One word of a stored program changed (a jump the engine's own check lets through, which
    crashed the interpreter): the digest no longer holds and the pattern is compiled as usual."""
    pattern = r"(?P<a>\d+)[\u3400-\u9fff]+"
    script = (
        "import re, sys\nfrom govlint import cache, regex_cache\nfrom pathlib import Path\n"
        "cache.cache_dir = lambda: Path(sys.argv[1])\nbefore = regex_cache.preload()\n"
        f"re.compile({pattern!r})\nregex_cache.save(before)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, timeout=60)
    (stored,) = tmp_path.glob("regex-*.marshal")
    data = stored.read_bytes()
    entries = marshal.loads(data[cache.DIGEST_BYTES:])
    (index,) = [n for n, e in enumerate(entries) if e[0] == pattern]
    code = array("I", entries[index][3]).tolist()
    code[24] = 0  # the skip of the second IN: the engine accepts it, matching with it crashes
    entries[index] = (*entries[index][:3], array("I", code).tobytes(), *entries[index][4:])
    stored.write_bytes(data[: cache.DIGEST_BYTES] + marshal.dumps(entries))
    check = (
        "import re, sys\nfrom govlint import cache, regex_cache\nfrom pathlib import Path\n"
        "cache.cache_dir = lambda: Path(sys.argv[1])\nregex_cache.preload()\n"
        f"print(re.compile({pattern!r}).search('x12年份').group())\n"
    )
    done = subprocess.run([sys.executable, "-c", check, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "12年份")


def test_only_the_patterns_compiled_while_govlint_ran_are_stored(folder):
    """A program that calls main() keeps its own patterns (they may hold its data) off the disk;
    a pattern that warns is not stored, so it warns in every run, not only the first."""
    re.compile("(?:the caller's secret-token-1)")
    before = regex_cache.preload()
    re.compile("(?:govlint's own)")
    with pytest.warns(FutureWarning):
        re.compile("[[a]x")
    regex_cache.save(before)
    (stored,) = folder.glob("regex-*.marshal")
    patterns = [entry[0] for entry in marshal.loads(stored.read_bytes()[cache.DIGEST_BYTES:])]
    assert patterns == ["(?:govlint's own)"]


def test_nothing_is_written_without_a_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "cache_dir", lambda: None)
    new_process(monkeypatch)
    before = regex_cache.preload()
    re.compile("(?:only without a cache folder)")
    regex_cache.save(before)
    assert not list(tmp_path.iterdir())


def test_a_warm_run_compiles_no_pattern_of_its_own_and_writes_nothing(tmp_path):
    """Every pattern of a run is the same in the next one (none depends on the order of a set),
    so the files are written by the first runs only and a warm run compiles none of govlint's:
    one that lints the report reads both files, one answered from the result cache only the
    patterns every run compiles before it needs the linter (``regex-start-*``)."""
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")}
    count = (  # the patterns main() compiles
        "import re, sys\nfrom re import _compiler\nfrom govlint.cli import main\ncompiled = []\nreal = _compiler.compile\n"
        "_compiler.compile = lambda p, flags=0: (compiled.append(p), real(p, flags))[1]\n"
        "code = main(sys.argv[1:])\nprint(len([p for p in compiled if isinstance(p, str)]), code)\n"
    )
    lint = [sys.executable, "-c", count, "check", "--no-cache", "--jobs", "1", str(SAMPLE)]
    hit = [*lint[:4], *lint[5:]]  # the second run with the result cache is answered from it
    cold = [subprocess.run(command, env=env, capture_output=True, text=True, timeout=120) for command in (lint, hit, hit)]
    stored = sorted((tmp_path / "cache").glob("regex-*.marshal"))
    assert [path.name.startswith("regex-start-") for path in stored] == [False, True]
    written = [path.stat().st_mtime_ns for path in stored]
    warm = [subprocess.run(command, env=env, capture_output=True, text=True, timeout=120) for command in (lint, hit)]
    assert len({tuple(run.stdout.splitlines()[:-1]) for run in [*cold, *warm]}) == 1  # the same findings
    assert int(cold[0].stdout.split()[-2]) > 100 and [int(run.stdout.split()[-2]) for run in warm] == [0, 0]
    assert [path.stat().st_mtime_ns for path in stored] == written
