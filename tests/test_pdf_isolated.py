"""A file that may have forms is read by PDFium in a forked child the operating system caps
(``govlint.read.pdf_isolated``), with the lines pdfminer gives; when the child cannot run
(no ``fork``, other threads) or fails (an abort, a cap, a hang), pdfminer reads the file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("pypdfium2")

from govlint.errors import InputError  # noqa: E402
from govlint.read import pdf as pdf_reader  # noqa: E402
from govlint.read import pdf_budget, pdf_forms, pdf_isolated  # noqa: E402
from govlint.read.pdf import PdfReader  # noqa: E402
from tests.hostile_files import assemble_packed, pdf, pdf_of_forms  # noqa: E402
from tests.test_hostile_forms import PDFIUM_BOMBS, _forms_table  # noqa: E402
from tests.test_pdf_paths import REAL, _rules, _table_page, through_pdfplumber  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not pdf_isolated.available(), reason="no fork, no /proc, or other threads running")


def _page_in_an_object_stream(plain: bytes) -> bytes:
    """``plain`` (made by ``pdf``) with its page (object 4, whose resources name the forms) in a
    deflated object stream, as Word and pdfTeX write their dictionaries (streams stay outside)."""
    objects = re.findall(rb"(?ms)^\d+ 0 obj\n(.*?)\nendobj\n", plain)
    return assemble_packed(objects[:3] + [b"null"] + objects[4:], 4, b"4 0 ", objects[3], deflated=True)


def _watched(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What each child sent back (None: it failed), in order."""
    results: list[object] = []
    run = pdf_isolated.run
    monkeypatch.setattr(pdf_isolated, "run", lambda *arguments: results.append(run(*arguments)) or results[-1])
    return results


BENIGN = {
    "forms-table": _forms_table,
    "form-named-in-an-object-stream": lambda: _page_in_an_object_stream(
        pdf_of_forms(_table_page(["/Fm1 Do"]), [(" ".join(_rules()).encode(), None)], {"Fm1": 0})),
    "no-form-an-object-stream": lambda: _page_in_an_object_stream(pdf([_table_page(_rules())])),
}


@pytest.mark.parametrize("name", BENIGN)
def test_a_benign_file_with_forms_is_read_by_pdfium_in_a_child_as_pdfminer_reads_it(monkeypatch, name):
    data = BENIGN[name]()
    assert pdf_forms.may_have_forms(data) and (b"/ObjStm" in data) == (name != "forms-table")
    with monkeypatch.context() as patch:
        results = _watched(patch)
        read = PdfReader().read("report.pdf", data)
    assert len(results) == 1 and results[0] is not None
    assert read == through_pdfplumber(monkeypatch, data)
    assert "0\t1\t2" in read.lines and "20\t21\t22" in read.lines


def test_the_real_pdf_read_in_a_child_is_read_as_in_this_process():
    if not REAL.is_file():
        pytest.skip(f"{REAL} is absent: ../shared (the corpus) is not available here")
    data = REAL.read_bytes()
    assert pdf_reader._read_fast(data, pdf_budget.Budget(), True) == pdf_reader._read_pdfium(data, pdf_budget.Budget())


@pytest.mark.parametrize("name", PDFIUM_BOMBS)
def test_a_form_bomb_to_pdfium_goes_to_a_child_which_dies_of_its_caps(monkeypatch, name):
    """Each aborted the process through PDFium; in the child it dies of the memory cap (made small
    here: quicker), and pdfminer reads the file or refuses it in one line."""
    monkeypatch.setattr(pdf_isolated, "MEMORY", 64 * 2**20)
    results = _watched(monkeypatch)
    try:
        PdfReader().read("bomb.pdf", PDFIUM_BOMBS[name]())
    except InputError as error:
        assert "\n" not in error.message
    assert results == [None]


def _aborts(data: bytes, budget: pdf_budget.Budget, forms: bool = False) -> None:
    os.abort()


def _spins(data: bytes, budget: pdf_budget.Budget, forms: bool = False) -> None:
    while True:
        pass


def _sleeps(data: bytes, budget: pdf_budget.Budget, forms: bool = False) -> None:
    time.sleep(60)


@pytest.mark.parametrize("reader", [_aborts, _spins, _sleeps])
def test_the_parent_survives_a_child_that_aborts_or_hangs(monkeypatch, reader):
    """An abort, a loop past the CPU cap, a wait past the alarm: pdfminer reads the file, and the child is reaped."""
    monkeypatch.setattr(pdf_isolated, "CPU_SECONDS", 1)
    monkeypatch.setattr(pdf_isolated, "WALL_SECONDS", 2)
    data = _forms_table()
    expected = through_pdfplumber(monkeypatch, data)
    monkeypatch.setattr(pdf_reader, "_read_pdfium", reader)
    results = _watched(monkeypatch)
    start = time.monotonic()
    assert PdfReader().read("report.pdf", data) == expected
    assert results == [None] and time.monotonic() - start < 15
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left, not even a zombie


def test_what_a_child_sends_is_bounded_and_plain(monkeypatch):
    """More than :data:`MAX_RESULT` bytes, or an object of a class not named, is not taken."""
    assert pdf_isolated.run(lambda: [1, "a"], ()) == [1, "a"]
    assert pdf_isolated.run(lambda: Path("/"), ()) is None
    monkeypatch.setattr(pdf_isolated, "MAX_RESULT", 1000)
    assert pdf_isolated.run(lambda: "x" * 999, ()) is None


@pytest.mark.parametrize("sent", [([], {}), ([], {"text": "9", "pages": 1, "cid": 0}), (["line"], {"text": 99, "pages": 1, "cid": 0}), [1, 2]])
def test_what_a_damaged_child_sends_in_another_shape_is_not_taken(monkeypatch, sent):
    """Plain data of another shape than a reading (counts missing or not numbers, items not the
    reader's): pdfminer reads the file, no traceback."""
    data = _forms_table()
    expected = through_pdfplumber(monkeypatch, data)
    monkeypatch.setattr(pdf_isolated, "run", lambda work, kinds: sent)
    assert PdfReader().read("report.pdf", data) == expected


def test_with_another_thread_running_pdfminer_reads_the_file(monkeypatch):
    """Forking a process with other threads can leave a lock held for ever in the child."""
    monkeypatch.setattr(pdf_isolated, "run", lambda *arguments: pytest.fail("forked with a thread running"))
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not pdf_isolated.available()
        read = PdfReader().read("report.pdf", _forms_table())
    finally:
        stop.set()
        thread.join()
    assert read == through_pdfplumber(monkeypatch, _forms_table())


def test_without_fork_pdfminer_reads_the_file(monkeypatch):
    monkeypatch.setattr(pdf_isolated, "run", lambda *arguments: pytest.fail("forked"))
    monkeypatch.delattr(os, "fork")
    assert PdfReader().read("report.pdf", _forms_table()) == through_pdfplumber(monkeypatch, _forms_table())


def _in_a_worker(data: bytes) -> tuple[bool, list[str]]:
    return pdf_isolated.available(), PdfReader().read("report.pdf", data).lines


def test_batch_workers_fork_children_too(tmp_path):
    """A ``--jobs 2`` worker runs a thread watching its parent, which holds no lock: it forks."""
    from govlint.batch import ordered_map

    files = [BENIGN[name]() for name in BENIGN]
    found = list(ordered_map(_in_a_worker, files, jobs=2, lost=lambda item, reason: pytest.fail(reason)))
    assert all(available for available, _ in found)
    assert [lines for _, lines in found] == [PdfReader().read("report.pdf", data).lines for data in files]
    for index, data in enumerate(files):
        (tmp_path / f"forms-{index}.pdf").write_bytes(data)

    def check(jobs: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "govlint", "check", "--isolated", "--jobs", jobs, "--format", "json", str(tmp_path)],
                              capture_output=True, text=True, timeout=120, cwd=ROOT)

    batch, alone = check("2"), check("1")
    assert batch.returncode == alone.returncode == 1, batch.stderr[-2000:]
    assert batch.stdout == alone.stdout and batch.stderr == alone.stderr


def test_a_forked_child_leaves_the_parents_output_alone(tmp_path):
    """What the parent printed but had not flushed is written once, and the child's reading prints nothing."""
    script = ("from govlint.read.pdf import PdfReader; from tests.test_hostile_forms import _forms_table; "
              "print('before', end=''); PdfReader().read('report.pdf', _forms_table()); print(' after')")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0 and result.stdout == "before after\n" and result.stderr == ""


def test_a_file_without_forms_is_read_in_this_process(monkeypatch):
    monkeypatch.setattr(pdf_isolated, "run", lambda *arguments: pytest.fail("forked"))
    assert "0\t1\t2" in PdfReader().read("plain.pdf", pdf([_table_page(_rules())])).lines


def _script(body: str) -> str:
    """What a fresh interpreter prints running ``body`` (a child gone astray must not disturb pytest)."""
    result = subprocess.run([sys.executable, "-c", "import os, resource, signal\nfrom govlint.read import pdf_isolated\n" + body],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_a_stopped_child_does_not_hang_the_parent():
    """A child stopped (``kill -STOP``) never sees its alarm: the parent waits a second past it, then kills it."""
    out = _script("import time\npdf_isolated.WALL_SECONDS = 1\nstart = time.monotonic()\n"
                  "print(pdf_isolated.run(lambda: os.kill(os.getpid(), signal.SIGSTOP) or 5, ()), time.monotonic() - start < 10)\n"
                  "try:\n    os.waitpid(-1, os.WNOHANG)\nexcept ChildProcessError:\n    print('reaped')")
    assert out == "None True\nreaped\n"


def test_a_ctrl_c_reaching_the_child_early_never_runs_the_parents_code():
    """A SIGINT just after the fork (here: as the child closes its read end) ends the child, with
    no KeyboardInterrupt raised in it that would run the parent's code on (its handlers, its exit)."""
    out = _script("parent = os.getpid()\nclose = os.close\n"
                  "def closing(fd):\n    close(fd)\n    if os.getpid() != parent:\n        os.kill(os.getpid(), signal.SIGINT)\n"
                  "os.close = closing\ntry:\n    print('returned', pdf_isolated.run(lambda: 5, ()), os.getpid() == parent, flush=True)\n"
                  "except KeyboardInterrupt:\n    print('interrupted', os.getpid() == parent, flush=True)")
    assert out == "returned None True\n"


def test_the_child_keeps_under_the_users_soft_memory_limit():
    """``ulimit -Sv`` below what the parent maps plus :data:`MEMORY`: the child's cap is that limit, not raised to the hard one."""
    out = _script("soft = pdf_isolated._mapped() + 256 * 2**20\n"
                  "resource.setrlimit(resource.RLIMIT_AS, (soft, resource.getrlimit(resource.RLIMIT_AS)[1]))\n"
                  "print(pdf_isolated.run(lambda: resource.getrlimit(resource.RLIMIT_AS)[0], ()) == soft)")
    assert out == "True\n"
