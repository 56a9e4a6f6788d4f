"""A paired batch reads each file once and parses each file once (issue 12): the pairing's
reading is kept for the lint, last year's model for this year's check, and the results are
those of reading every file anew."""

from __future__ import annotations

import json
import pickle
import tempfile
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govlint.api as api
import govlint.spool as spool
from govlint.cli import main
from govlint.errors import InputError
from govlint.pairing import identify_all, pair
from govlint.read.source import Source
from govlint.runner import Item, Options, iter_lint_items
from govlint.spool import SpoolFolder
from govlint.testing import build_report, render, render_pdf
from govlint.testing.cycle import year_pair


def _batch(folder, pdf: bool) -> None:
    """Two pairs, the 2024 report before the 2023 one in the batch's order, and a broken file."""
    previous, current = year_pair(build_report("v2021", seed=11, year=2024, agency="青岚市生态环境局"), seed=12)
    last, this = year_pair(build_report("v2021", seed=21, year=2024, agency="石桥镇人民政府"), seed=22)
    broken = previous.with_value("t3", "r4_carry_next", "natural", int(previous.value("t3", "r4_carry_next", "natural")) + 1)
    if pdf:
        (folder / "a-2024.pdf").write_bytes(render_pdf(current))
        (folder / "b-2023.pdf").write_bytes(render_pdf(broken))
        (folder / "c-broken.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF\n")
    else:
        (folder / "a-2024.txt").write_text(render(current, "tabs"), encoding="utf-8")
        (folder / "b-2023.txt").write_text(render(broken, "tabs"), encoding="utf-8")
    (folder / "d-2023.txt").write_text(render(last, "tabs"), encoding="utf-8")
    (folder / "e-2024.txt").write_text(render(this, "tabs"), encoding="utf-8")


@pytest.fixture
def counted(monkeypatch):
    """How often each file was read, and fully parsed (not the pairing's look at its first lines)."""
    reads: Counter[str] = Counter()
    parses: Counter[str] = Counter()
    read_path, parse = api.read_path, api.Linter.parse

    def read(path, readers):
        reads[path] += 1
        return read_path(path, readers)

    def full_parse(self, source):
        if len(source.lines) > 40:
            parses[source.path] += 1
        return parse(self, source)

    monkeypatch.setattr(api, "read_path", read)
    monkeypatch.setattr(api.Linter, "parse", full_parse)
    return reads, parses


@pytest.mark.parametrize("pdf", [False, True], ids=["text", "pdf"])
def test_a_paired_batch_reads_and_parses_each_file_once(tmp_path, capsys, monkeypatch, counted, pdf):
    if pdf:
        pytest.importorskip("reportlab")
    _batch(tmp_path, pdf)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    reads, parses = counted
    assert main(["check", str(tmp_path), "--no-progress", "--jobs", "1", "--format", "json"]) == (2 if pdf else 1)  # 2: the broken PDF
    found = json.loads(capsys.readouterr().out)
    files = sorted(str(p) for p in tmp_path.iterdir() if p.is_file())
    assert sorted(reads) == files and set(reads.values()) == {1}
    assert set(parses.values()) == {1} and len(parses) == len(files) - pdf  # the broken PDF has no model
    assert any(d["rule"] == "GL401" for f in found["files"] for d in f["findings"])
    assert not list((tmp_path / "tmp").iterdir())  # the kept readings went with the batch


def test_kept_readings_give_the_results_of_reading_every_file_again(tmp_path, capsys):
    _batch(tmp_path, pdf=False)
    paths = sorted(str(p) for p in tmp_path.iterdir())
    kept = SpoolFolder()
    pairing = pair(identify_all(paths, Options(), keep=kept))
    assert pairing.previous == {paths[0]: paths[1], paths[3]: paths[2]}
    wanted = set(pairing.previous.values())
    items = [Item(p, False, pairing.previous.get(p), p in wanted, kept.place(p), kept.place(pairing.previous.get(p))) for p in paths]
    spooled = [(r.path, r.diagnostics, r.error) for r in iter_lint_items(items, options=Options(), spool=kept.spool)]
    kept.close()
    anew = [(r.path, r.diagnostics, r.error) for r in iter_lint_items(items, options=Options())]
    assert spooled == anew and sum(d.rule == "GL401" for _, found, _ in anew for d in found) == 1
    assert main(["check", str(tmp_path), "--no-progress", "--jobs", "1", "--format", "json"]) == 1
    once = capsys.readouterr().out
    assert main(["check", str(tmp_path), "--no-progress", "--jobs", "2", "--format", "json"]) == 1
    assert capsys.readouterr().out == once


@pytest.mark.parametrize("limit", ["no folder", "full"])
def test_without_room_to_keep_readings_the_batch_reads_the_files_again(tmp_path, capsys, monkeypatch, counted, limit):
    _batch(tmp_path, pdf=False)
    assert main(["check", str(tmp_path), "--no-progress", "--jobs", "1", "--format", "json"]) == 1
    kept = capsys.readouterr().out
    reads, _ = counted
    reads.clear()

    def refused(**_: object) -> str:
        raise PermissionError(13, "Permission denied")

    if limit == "full":
        monkeypatch.setattr(spool, "MAX_SPOOL_BYTES", 0)
    else:
        monkeypatch.setattr(tempfile, "mkdtemp", refused)
    assert main(["check", str(tmp_path), "--no-progress", "--jobs", "1", "--format", "json"]) == 1
    assert capsys.readouterr().out == kept and max(reads.values()) > 1


@given(st.lists(st.text(max_size=30), max_size=8), st.sampled_from(["text", "pdf", "docx"]))
@settings(max_examples=60, deadline=None)
def test_a_kept_reading_comes_back_as_it_was_and_only_a_text_files_is_left_uncompressed(lines, format):
    """A text file's reading is kept as pickled (compressing it costs as much as reading the file
    again); any other reading, a model or an error, compressed; each comes back equal."""
    source = Source(path="a.txt", lines=tuple(lines), format=format)
    for value in (source, InputError("读不出 / unreadable", path="a.txt")):
        data = spool.pack(value)
        assert (data == pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) is (value is source and format == "text")
        back = spool._unpack(data)
        assert back == value if value is source else (type(back), str(back)) == (InputError, str(value))
    assert spool._unpack(spool.pack(source)[:-1]) is None  # cut short (a model another worker is writing): not kept
