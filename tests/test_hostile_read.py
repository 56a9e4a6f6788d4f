"""Resource bombs and odd files: each ends within seconds with one line and exit 2."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govlint.runner import lint_paths
from govlint.discover import expand_paths
from govlint.errors import InputError
from govlint.read import MAX_LINES
from govlint.read.docx import DocxReader
from govlint.read.html import HtmlReader
from govlint.read import pdf_budget
from govlint.read.pdf import MAX_INFLATED, MAX_PAGES, PdfReader
from tests.hostile_files import deflated_zeros, docx_with_parts, html_of_cells, pdf, text_page

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"


def _refused(reader, data: bytes, reason: str) -> None:
    start = time.monotonic()
    with pytest.raises(InputError, match=reason) as caught:
        reader.read("bomb", data)
    assert time.monotonic() - start < 10
    assert "\n" not in caught.value.message


def test_a_docx_of_many_small_bombed_parts_is_refused_by_its_total_ratio():
    part = b" " * (4 * 1024 * 1024)  # under the per-part floor, each 4 MB from 4 KB
    data = docx_with_parts({f"customXml/item{i}.bin": part for i in range(20)})
    assert len(data) < 1024 * 1024
    _refused(DocxReader(), data, "压缩比异常")


def test_a_docx_of_too_much_xml_within_the_ratio_limit_is_refused():
    xml = b"<w:document xmlns:w='x'>" + b"".join(b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % i for i in range(500_000)) + b"</w:document>"
    data = docx_with_parts({"word/document.xml": xml})
    _refused(DocxReader(), data, "XML")


def test_xml_hidden_under_another_name_counts_as_xml():
    xml = b"<x>" + b"".join(b"<y>%d</y>" % i for i in range(1_500_000)) + b"</x>"
    _refused(DocxReader(), docx_with_parts({"word/media/image1.png": xml}), "XML")


def test_a_pdf_flate_bomb_is_refused_with_the_true_reason():
    bomb = deflated_zeros(MAX_INFLATED + 8 * 1024 * 1024)
    assert len(bomb) < 200_000
    _refused(PdfReader(), pdf([text_page(), bomb]), "解压后超过")


def test_a_flate_stream_inside_a_flate_stream_counts_what_it_inflates_to():
    inner = deflated_zeros(MAX_INFLATED + 1024 * 1024)
    outer = __import__("zlib").compress(inner, 9)
    _refused(PdfReader(), pdf([text_page()], streams=[outer]), "解压后超过")


def test_too_many_pages_are_refused_before_all_are_enumerated():
    data = pdf([text_page()] * 30_000)  # 30,000 took 40 s when every page was built first
    _refused(PdfReader(), data, f"超过 {MAX_PAGES} 页")


def test_a_huge_page_of_cells_is_refused():
    _refused(HtmlReader(), html_of_cells(1_000_000), "标签过多")


def test_too_many_lines_are_refused(tmp_path):
    path = tmp_path / "long.md"
    path.write_text(SAMPLE.read_text(encoding="utf-8") + "正文。\n" * (MAX_LINES + 1), encoding="utf-8")
    (result,) = lint_paths([path])
    assert "行数过多" in result.error


def test_pdfminer_logs_nothing_before_the_one_line_error(tmp_path):
    path = tmp_path / "broken.pdf"  # broken past what PDFium repairs: pdfminer reads it, then fails
    path.write_bytes(pdf([text_page()]).replace(b"/Length", b"/Lenght").replace(b"xref", b"xrf").replace(b"/Root", b"/Roto"))
    result = subprocess.run([sys.executable, "-m", "govlint", "check", "--isolated", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_not_read(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    (result,) = lint_paths([device])
    assert "不是普通文件" in result.error


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "report.md"
    os.mkfifo(fifo)
    (result,) = lint_paths([fifo])
    assert "不是普通文件" in result.error


def test_a_folder_with_a_symlink_loop_is_walked_once(tmp_path):
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    (inner / "2024.md").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (inner / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a" / "again").symlink_to(tmp_path / "a", target_is_directory=True)
    start = time.monotonic()
    assert [Path(p).name for p, _ in expand_paths([tmp_path])] == ["2024.md"]
    assert [Path(p).name for p, _ in expand_paths([f"{tmp_path}/**/*.md"])] == ["2024.md"]
    assert time.monotonic() - start < 5


@pytest.mark.skipif(os.name != "posix", reason="POSIX links")
def test_a_files_real_path_is_what_realpath_says_through_every_kind_of_link(tmp_path, monkeypatch):
    """A batch knows a file reached twice by its real path, made from its folder's resolved once."""
    from govlint.discover import real_path

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "r.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "same.txt").symlink_to(tmp_path / "a" / "b" / "r.txt")
    (tmp_path / "a" / "near.txt").symlink_to(Path("b") / "r.txt")
    (tmp_path / "a" / "chain.txt").symlink_to(tmp_path / "a" / "near.txt")
    (tmp_path / "a" / "dangling.txt").symlink_to(tmp_path / "gone")
    (tmp_path / "linked").symlink_to(tmp_path / "a" / "b", target_is_directory=True)
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "a" / "parent").symlink_to(Path(".."), target_is_directory=True)
    monkeypatch.chdir(tmp_path / "a")
    names = ["same.txt", "near.txt", "chain.txt", "dangling.txt", "missing.txt", "b/r.txt", "b/../b/r.txt", "b/..", "b/.", "b/",
             "parent/linked/r.txt", "../linked/r.txt", "../loop/r.txt", "../loop", "/", ""]
    paths = [*names, *(str(tmp_path / "a" / name) for name in names)]
    folders: dict[str, str] = {}
    for _ in range(2):  # with the folders resolved by the first round, and without
        assert [real_path(p, folders) for p in paths] == [os.path.realpath(p) for p in paths]


def test_an_unreadable_folder_is_reported_not_skipped(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "2024.md").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()

    def denying(real):
        def call(path=".", *args):
            if str(path) == str(locked):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args)

        return call

    monkeypatch.setattr(os, "scandir", denying(os.scandir))  # as for chmod 000 (root may read anything)
    monkeypatch.setattr(os, "listdir", denying(os.listdir))
    assert expand_paths([tmp_path])[-1] == (str(locked), True)
    results = lint_paths([tmp_path])
    assert results[0].error is None and "权限不足" in results[1].error


def test_jobs_beyond_the_processors_are_capped_with_a_note(capsys):
    from govlint.cli import main

    main(["check", "--isolated", "-j", "64", str(SAMPLE), str(SAMPLE.parent / "sample-report.md")])
    assert "--jobs 64" in capsys.readouterr().err


def test_reading_a_bomb_stays_under_a_few_hundred_megabytes():
    """In a child process with an address-space limit, so a regression fails instead of swapping."""
    code = (
        "import resource;resource.setrlimit(resource.RLIMIT_AS,(1500*2**20,1500*2**20));"
        "from tests.hostile_files import pdf,text_page,deflated_zeros;from govlint.read.pdf import PdfReader,MAX_INFLATED;"
        "from govlint.errors import InputError\n"
        "try: PdfReader().read('b', pdf([text_page(), deflated_zeros(4*MAX_INFLATED)]))\n"
        "except InputError: print('refused')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "refused", result.stderr[-500:]
    assert resource  # the limit is set in the child


def test_an_ascii85_stream_with_200000_tabs_reads_in_linear_time():
    from govlint.testing.fuzz import Base

    data = Base.get("pdf")
    at = data.index(b"~>") - 100  # inside the encoded data: whitespace there is to be ignored
    data = data[:at] + b"\t" * 200_000 + data[at:]
    start = time.monotonic()
    source = PdfReader().read("report.pdf", data)
    assert time.monotonic() - start < 10  # 45 s: pdfminer stripped the end marker with a quadratic regex
    assert any("总体情况" in line for line in source.lines)


@pytest.mark.parametrize("data", [b"87cURD]i,\"Ebo80~>", b"<~87cURD]i,\"Ebo80~>", b" ~87cURD]i,\"Ebo80 ~ > \n",
                                  b"87cURD]i,\"Ebo80", b"<87cURD]i,\"Ebo80>", b"\t<\t~\t87cURD\t~\t", b"~", b""])
def test_the_linear_ascii85_filter_decodes_as_pdfminers_does(data):
    from pdfminer.ascii85 import ascii85decode as pdfminers

    from govlint.read.pdf_filters import ascii85decode

    def outcome(decode):
        try:
            return decode(data)
        except ValueError as error:
            return type(error)

    assert outcome(ascii85decode) == outcome(pdfminers)


JUNK = [b"1 " * 50_000, b"0\t" * 50_000, b"[ " * 50_000, b"<< " * 50_000, "（文字描述）".encode() * 20_000]


@pytest.mark.parametrize("where", ["object", "between", "end"])
@pytest.mark.parametrize("junk", JUNK, ids=["numbers", "tabbed-zeros", "arrays", "dicts", "placeholders"])
def test_a_pdf_with_junk_in_or_between_objects_ends_within_seconds(junk, where):
    """The last failures of the long fuzz run: 16 s and more, pdfminer re-scanning the junk
    token by token after PDFium (or the xref) gave up.  Now a result or one line, in seconds."""
    from tests.hostile_files import pdf_with_junk

    for broken in (False, True):
        data = pdf_with_junk(junk, where, broken_xref=broken)
        start = time.monotonic()
        try:
            source = PdfReader().read("junk.pdf", data)
        except InputError as error:
            assert "\n" not in error.message and "损坏" in error.message
        else:
            assert source.lines  # what could be read; a page lost to the junk is a finding later
        assert time.monotonic() - start < pdf_budget.MAX_SECONDS + 4


def test_pdfminer_stops_at_its_token_bound_with_one_line(monkeypatch):
    from tests.hostile_files import pdf_with_junk

    monkeypatch.setattr(pdf_budget, "MAX_TOKENS", 50_000)
    with pytest.raises(InputError, match="记号") as caught:
        PdfReader().read("junk.pdf", pdf_with_junk(b"1 " * 100_000, "object"))  # PDFium cannot load that page
    assert "\n" not in caught.value.message


def test_pdfminer_stops_at_its_deadline_with_one_line(monkeypatch):
    from tests.hostile_files import pdf_with_junk

    monkeypatch.setattr(pdf_budget, "MAX_SECONDS", 0.0)
    _refused(PdfReader(), pdf_with_junk(b"1 " * 100_000, "object"), "秒")


def test_more_than_the_bound_outside_streams_is_refused_before_pdfminer_reads_it(monkeypatch):
    from tests.hostile_files import pdf_with_junk

    data = pdf_with_junk(b"1 " * (pdf_budget.MAX_SKELETON // 2 + 1000), "object")
    _refused(PdfReader(), data, "流以外的内容过大")


def test_the_bound_outside_streams_does_not_count_stream_data():
    data = pdf([text_page(), b"q " * (pdf_budget.MAX_SKELETON // 2 + 1000)])
    pdf_budget.check_skeleton(data)  # 4 MB of content: inside a stream


def test_the_characters_and_paths_pdfium_reads_are_bounded(monkeypatch):
    from govlint.testing.fuzz import Base

    monkeypatch.setattr(pdf_budget, "MAX_OBJECTS", 100)
    _refused(PdfReader(), Base.get("pdf"), "字符和线条")


def _grid_page(step: int) -> bytes:
    rows = b"".join(b"10 %d m 580 %d l S " % (y, y) for y in range(10, 830, step))
    columns = b"".join(b"%d 10 m %d 830 l S " % (x, x) for x in range(10, 580, step))
    return text_page() + b" " + rows + columns


def test_a_page_of_a_dense_grid_of_rules_is_refused_before_the_table_finder():
    """8 KB of PDF: 205 x 143 rules took pdfplumber's table finder 67 s."""
    data = pdf([_grid_page(4)])
    assert len(data) < 10_000
    _refused(PdfReader(), data, "第 1 页的表格线有 29,315 个交点")


def test_many_pages_of_grids_each_under_the_bound_are_refused_by_their_total():
    _refused(PdfReader(), pdf([_grid_page(12)] * 20), "表格线交点过多")  # 3,312 crossings a page
