"""Hostile input in batches: huge numbers, a file that breaks the linter, a worker that dies,
a SIGTERM. Every other file is still reported, and no worker outlives the run."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govlint.api import Linter, lint_text
from govlint.runner import lint_paths
from govlint.batch import ordered_map
from govlint.cli import EXIT_ERROR, main

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "examples" / "sample-report.md").read_text(encoding="utf-8")


def _numbers_replaced(digits: str) -> str:
    return re.sub(r"(?<=\| )\d+(?= \|)", digits, TEXT)


def test_a_cell_of_5000_digits_is_a_finding_not_a_crash():
    text = TEXT.replace("| 2 | 1 | 0 | 0 | 4 |", f"| 2 | 1 | {'9' * 5000} | 0 | 4 |")
    result = lint_text(text)
    assert result.error is None
    (finding,) = [d for d in result.diagnostics if d.rule == "GL021"]  # on the cell itself, not the table
    line = text.split("\n").index(next(l for l in text.split("\n") if "9" * 5000 in l)) + 1
    assert (finding.line, finding.column) == (line, text.split("\n")[line - 1].index("9" * 5000) + 1)
    assert "5000位整数" in finding.message
    assert not {"GL018", "GL020"} & {d.rule for d in result.diagnostics}
    assert all(len(d.message) < 300 for d in result.diagnostics)


@pytest.mark.parametrize(("cell", "says"), [("1." + "3" * 5000, "5000位小数"), ("2.1234567", "7位小数")])
def test_a_number_with_more_decimals_than_sums_keep_exact_is_a_finding_on_the_cell(cell, says):
    text = TEXT.replace("| 2 | 1 | 0 | 0 | 4 |", f"| 2 | 1 | {cell} | 0 | 4 |")
    result = lint_text(text)
    (finding,) = [d for d in result.diagnostics if d.rule == "GL021"]
    assert says in finding.message


def test_cells_whose_sum_would_pass_4300_digits_never_build_that_number():
    result = lint_text(_numbers_replaced("9" * 4000))
    assert result.error is None
    assert {d.rule for d in result.diagnostics if d.rule.startswith("GL02")} <= {"GL020", "GL021"}
    assert not [d for d in result.diagnostics if d.rule.startswith("GL1")]  # no sum of them is judged


def test_twenty_digits_are_a_gl021_finding_that_names_the_digits():
    result = lint_text(TEXT.replace("| 2 | 1 | 0 | 0 | 4 |", f"| 2 | 1 | {'9' * 20} | 0 | 4 |"))
    (finding,) = [d for d in result.diagnostics if d.rule == "GL021"]
    assert "20位整数" in finding.message


def test_fifteen_digits_are_still_a_number():
    result = lint_text(_numbers_replaced("1" * 15))
    assert "GL021" not in {d.rule for d in result.diagnostics}


def test_a_mention_of_5000_digits_in_the_text_is_not_a_crash():
    text = TEXT.replace("一、总体情况\n", f"一、总体情况\n\n本年度共收到政府信息公开申请{'9' * 5000}件。\n\n", 1)
    assert lint_text(text).error is None


def _batch(tmp_path: Path, count: int = 4) -> list[Path]:
    paths = []
    for index in range(count):
        path = tmp_path / f"r{index}.md"
        path.write_text(TEXT, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_internal_error_on_one_file_is_its_error_and_the_others_are_reported(tmp_path, monkeypatch, jobs):
    paths = _batch(tmp_path)
    original = Linter.lint_source

    def failing(self, source, **kwargs):
        if source.path.endswith("r1.md"):
            raise ZeroDivisionError("boom")
        return original(self, source, **kwargs)

    monkeypatch.setattr(Linter, "lint_source", failing)  # workers are forked: they see it too
    results = lint_paths(paths, jobs=jobs)
    assert [Path(r.path).name for r in results] == ["r0.md", "r1.md", "r2.md", "r3.md"]
    assert "内部错误" in results[1].error and "ZeroDivisionError" in results[1].error
    assert all(r.error is None and r.diagnostics for i, r in enumerate(results) if i != 1)


def _die_on_bad(item: str) -> str:
    if item == "bad":
        os.kill(os.getpid(), signal.SIGKILL)
    return item.upper()


def test_a_killed_worker_loses_only_its_own_item():
    items = ["a", "b", "bad", "c", "d", "e", "f"]
    results = list(ordered_map(_die_on_bad, items, jobs=2, lost=lambda item, reason: f"lost {item}"))
    assert results == ["A", "B", "lost bad", "C", "D", "E", "F"]


def test_a_killed_worker_in_a_chunked_batch_loses_only_its_own_item():
    """Items travel in chunks; the chunks in flight when a worker dies are run again item by item."""
    items = [f"i{n}" for n in range(100)]
    items[57] = "bad"
    results = list(ordered_map(_die_on_bad, items, jobs=2, lost=lambda item, reason: f"lost {item}"))
    assert results == [item.upper() if item != "bad" else "lost bad" for item in items]


def test_sigterm_under_jobs_2_leaves_no_worker_holding_stdout(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    paths = _batch(reports, 1000)
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "govlint", "check", "-j2", "--no-progress", *map(str, paths)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env={**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache"), "TMPDIR": str(temp)},
    )
    deadline = time.monotonic() + 30
    while not any(temp.iterdir()) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)  # the pairing has made its folder: its workers are starting
    time.sleep(0.5)  # and are reading reports (a fixed sleep from the start raced a fast machine: the batch had ended)
    assert process.poll() is None, "the batch ended before it could be stopped"
    process.terminate()
    process.communicate(timeout=10)  # EOF on stdout: every process holding it has ended
    assert process.returncode != 0


def test_a_crash_file_in_a_cli_batch_still_reports_the_other_files(tmp_path, capsys):
    paths = _batch(tmp_path, 2)
    paths[0].write_text(TEXT.replace("| 2 | 1 | 0 | 0 | 4 |", f"| 2 | 1 | {'9' * 5000} | 0 | 4 |"), encoding="utf-8")
    assert main(["check", "-j2", "--format", "json", *map(str, paths)]) != EXIT_ERROR
    out = capsys.readouterr().out
    assert "r0.md" in out and "r1.md" in out



@pytest.mark.parametrize("mode", [[], ["--diff"]])
def test_a_sigterm_lost_in_a_fork_still_ends_the_run(tmp_path, sigterm_lost_in_a_fork, mode):
    """os.fork swallows an exception its after-fork callbacks raise: a SIGTERM that came then still
    ends the run with exit 2, and the earlier output stays whole."""
    reports = tmp_path / "reports"
    reports.mkdir()
    paths = _batch(reports, 3)
    out = tmp_path / "out.json"
    out.write_text("earlier\n", encoding="utf-8")
    assert main(["check", "-j1", "--no-progress", *mode, "--output-file", f"json={out}", *map(str, paths)]) == EXIT_ERROR
    assert out.read_text(encoding="utf-8") == "earlier\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_ends_the_run_cleanly(tmp_path, jobs):
    """A cancelled CI job: exit 2, the batch's temporary folder removed, an earlier output left whole."""
    reports = tmp_path / "reports"
    reports.mkdir()
    paths = _batch(reports, 400)
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out.json"
    out.write_text("earlier\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "govlint", "check", f"-j{jobs}", "--no-progress", "--output-file", f"json={out}", *map(str, paths)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache"), "TMPDIR": str(temp)},
    )
    deadline = time.monotonic() + 30
    while not any(temp.iterdir()) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)  # the pairing has made its folder: the batch is under way
    assert process.poll() is None, "the batch ended before it could be stopped"
    process.terminate()
    _, err = process.communicate(timeout=30)
    assert process.returncode == EXIT_ERROR, err.decode()[-500:]
    assert list(temp.iterdir()) == []
    assert out.read_text(encoding="utf-8") == "earlier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "out.json", "reports", "tmp"]


@pytest.fixture
def sigterm_interrupts():
    """SIGTERM handled in this process as the command line handles it: a ``KeyboardInterrupt``."""
    from govlint import cli

    previous = signal.signal(signal.SIGTERM, cli._interrupt)
    yield
    signal.signal(signal.SIGTERM, previous)


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signals cannot be held on this platform")
def test_a_sigterm_just_after_the_batch_folder_is_made_still_removes_it(tmp_path, monkeypatch, sigterm_interrupts):
    """The signal lands between making the spool's folder and arranging its removal (the
    narrowest moment of the SIGTERM test above): it waits, and the folder goes with the batch."""
    import gc
    import tempfile

    from govlint import spool

    made: list[str] = []
    mkdtemp = tempfile.mkdtemp

    def mkdtemp_then_signalled(**kwargs: str) -> str:
        made.append(mkdtemp(dir=tmp_path, **kwargs))
        os.kill(os.getpid(), signal.SIGTERM)
        return made[-1]

    monkeypatch.setattr(spool.tempfile, "mkdtemp", mkdtemp_then_signalled)
    with pytest.raises(KeyboardInterrupt):
        spool.SpoolFolder()
    gc.collect()
    assert made and not os.path.exists(made[0])


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signals cannot be held on this platform")
def test_a_sigterm_just_after_an_output_file_is_begun_leaves_no_temporary_file(tmp_path, monkeypatch, sigterm_interrupts):
    """The same moment for an output written atomically: the old file stays, no temporary is left."""
    import tempfile

    from govlint.output import atomic_file

    target = tmp_path / "out.json"
    target.write_text("earlier\n", encoding="utf-8")
    mkstemp = tempfile.mkstemp

    def mkstemp_then_signalled(**kwargs: str) -> tuple[int, str]:
        made = mkstemp(**kwargs)
        os.kill(os.getpid(), signal.SIGTERM)
        return made

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_signalled)
    with pytest.raises(KeyboardInterrupt):
        with atomic_file(target) as out:
            out.write(b"new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    assert target.read_text(encoding="utf-8") == "earlier\n"


def test_a_pool_stopped_with_half_a_result_in_its_pipe_lets_the_run_exit():
    """A worker killed while it sends a result leaves half a message in the pool's result pipe;
    stopping the pool must still end the pool's own thread, which the interpreter joins at
    exit (the run hung there after a SIGTERM).  In a child process: a hang fails, not the suite."""
    code = (
        "import os, struct, time\n"
        "from govlint import batch\n"
        "pool = batch._pool(1)\n"
        "pool.submit(int, 0).result()\n"
        "queue, thread = pool._result_queue, pool._executor_manager_thread\n"
        "os.write(queue._writer.fileno(), struct.pack('!i', 1000) + b'half')  # as a worker killed mid-send leaves it\n"
        "time.sleep(0.3)\n"
        "batch._kill(pool)\n"
        "thread.join(timeout=20)\n"
        "print('ended' if not thread.is_alive() else 'hung')\n"
        "os._exit(0)  # the interpreter's own join would hang on a thread that never ends\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.stdout.strip() == "ended", done.stdout + done.stderr[-2000:]
