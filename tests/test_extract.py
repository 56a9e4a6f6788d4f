"""``govlint extract``: every cell as a row, the same numbers as ``govlint parse``, whatever the format."""

from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from govlint import cli
from govlint.extract import COLUMNS, POSITION_COLUMNS
from govlint.testing import build_report, render, render_docx, render_html, render_pdf

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample-report.md"


def seeds() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed corpus {SEEDS} is absent (the ../shared checkout is not available)")
    return sorted(SEEDS.glob("*.txt"))


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def extracted(paths: list[Path], fmt: str, tmp_path: Path, capsys) -> list[dict]:
    """The rows of ``govlint extract`` in ``fmt``, every value as text (as a CSV reader sees it)."""
    target = tmp_path / f"rows.{fmt}"
    code, _, err = run(["extract", *map(str, paths), "--format", fmt, "--output", str(target)], capsys)
    assert code == 0, err
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(target, read_only=True).active
        header, *body = sheet.iter_rows(values_only=True)
        assert header == COLUMNS
        rows = [dict(zip(header, values)) for values in body]
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]


def same_number(written: str, expected: object) -> bool:
    """Excel keeps 5243.7000 as the number 5243.7: compare values as numbers."""
    if expected is None:
        return written == ""
    return Decimal(written) == Decimal(str(expected))


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_extract_gives_the_numbers_of_parse(fmt: str, tmp_path: Path, capsys) -> None:
    if fmt == "xlsx":
        pytest.importorskip("openpyxl", reason="xlsx is the optional extra govlint[xlsx]")
    paths = seeds()
    rows = extracted(paths, fmt, tmp_path, capsys)
    expected = []
    for path in paths:
        model = json.loads(run(["parse", str(path), "--format", "json"], capsys)[1])
        expected += [
            (str(path), t["key"] or "", r["key"] or "", r["label"], c["column_key"] or "", c["raw"], c["value"], str(c["line"]), str(c["column"]))
            for t in model["tables"] for r in t["rows"] for c in r["cells"]
        ]
    got = [(r["file"], r["table"], r["row_key"], r["row_label"], r["column_key"], r["raw"], r["value"], r["line"], r["column"]) for r in rows]
    assert len(got) == len(expected) > 900
    for row, want in zip(got, expected):
        assert row[:6] == want[:6] and row[7:] == want[7:]
        assert same_number(row[6], want[6]), (row, want)


def test_every_input_format_gives_the_same_rows(tmp_path: Path, capsys) -> None:
    pytest.importorskip("reportlab", reason="writing PDFs needs reportlab (pip install -e '.[test]')")
    pytest.importorskip("pdfplumber", reason="reading PDFs is the optional extra govlint[pdf]")
    report = build_report("v2021", seed=3)
    files = {
        ".txt": render(report, "spaces").encode("utf-8"), ".md": render(report, "pipes").encode("utf-8"),
        ".docx": render_docx(report), ".html": render_html(report).encode("utf-8"), ".pdf": render_pdf(report),
    }
    tables = {}
    for suffix, data in files.items():
        path = tmp_path / f"report{suffix}"
        path.write_bytes(data)
        rows = extracted([path], "jsonl", tmp_path, capsys)
        tables[suffix] = [{k: v for k, v in r.items() if k not in ("file", *POSITION_COLUMNS)} for r in rows]
    assert len(tables[".txt"]) > 100
    for suffix in files:
        assert tables[suffix] == tables[".txt"], suffix
    written = {(r["table"], r["row_key"], r["column_key"]): r["value"] for r in tables[".txt"]}
    assert all(written[key] == str(value) for key, value in report.cells())  # and they are the numbers written


def test_an_unreadable_file_is_reported_and_the_others_extracted(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    code, out, err = run(["extract", str(broken), str(SAMPLE), "--format", "jsonl"], capsys)
    assert code == 2
    assert "broken.docx" in err and "Traceback" not in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and {r["file"] for r in rows} == {str(SAMPLE)}


def test_xlsx_without_openpyxl_is_a_clear_error(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now raises ImportError
    code, out, err = run(["extract", str(SAMPLE), "--format", "xlsx", "--output", str(tmp_path / "x.xlsx")], capsys)
    assert code == 2 and "govlint[xlsx]" in err and out == ""
    assert not (tmp_path / "x.xlsx").exists()


def test_a_run_with_only_missing_files_writes_the_header_and_exits_2(tmp_path: Path, capsys) -> None:
    target = tmp_path / "rows.csv"
    code, _, err = run(["extract", str(tmp_path / "missing.txt"), "--output", str(target)], capsys)
    assert code == 2 and "missing.txt" in err
    assert target.read_bytes().startswith("\ufeff".encode("utf-8"))  # Excel reads the Chinese columns right
    assert target.read_text(encoding="utf-8-sig").splitlines() == [",".join(COLUMNS)]


def test_a_counter_runs_on_a_terminal_for_many_files(tmp_path: Path, capsys, monkeypatch) -> None:
    for n in range(cli.PROGRESS_MIN_FILES):
        (tmp_path / f"r{n:02}.md").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run(["extract", str(tmp_path), "--format", "jsonl"], capsys)
    assert code == 0
    assert f"已导出 / extracted {cli.PROGRESS_MIN_FILES}/{cli.PROGRESS_MIN_FILES}" in err
    assert len({json.loads(line)["file"] for line in out.splitlines()}) == cli.PROGRESS_MIN_FILES
    code, _, err = run(["extract", str(tmp_path), "--format", "jsonl", "--no-progress"], capsys)
    assert code == 0 and err == ""


def test_a_file_name_with_control_characters_still_makes_a_sheet(tmp_path: Path, capsys) -> None:
    pytest.importorskip("openpyxl", reason="xlsx is the optional extra govlint[xlsx]")
    odd = tmp_path / "report\x01.md"
    odd.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    rows = extracted([odd], "xlsx", tmp_path, capsys)
    assert rows and {r["file"] for r in rows} == {str(odd).replace("\x01", "\ufffd")}


def test_text_that_looks_like_a_formula_stays_text_in_the_sheet(tmp_path: Path, capsys) -> None:
    pytest.importorskip("openpyxl", reason="xlsx is the optional extra govlint[xlsx]")
    from openpyxl import load_workbook

    hostile = '=HYPERLINK("http://example.invalid","x")'
    text = SAMPLE.read_text(encoding="utf-8").replace("| 2.其他法律法规禁止公开 |", f"| {hostile} |", 1)
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    target = tmp_path / "rows.xlsx"
    assert run(["extract", str(path), "--format", "xlsx", "--output", str(target)], capsys)[0] == 0
    cells = [c for row in load_workbook(target).active.iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" for c in cells)
