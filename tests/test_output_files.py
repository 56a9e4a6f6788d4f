"""Output files and baselines are written whole or not at all, in valid UTF-8 (issue 13)."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from govlint import cli, output
from govlint.api import lint_text
from govlint.report.base import FormatContext
from govlint.report.formats import BUILTIN_FORMATTERS

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds" / "002_47bfe0989b245c66.txt"


def report_with_placeholder(extra: str = "") -> str:
    """Seed 002 with a 「（文字描述）」 left under 「一、总体情况」: one GL206 error."""
    if not SEED.is_file():
        pytest.skip(f"shared seed {SEED} is absent (the ../shared checkout is not available)")
    return SEED.read_text(encoding="utf-8").replace("一、总体情况", f"一、总体情况\n（文字描述）{extra}", 1)


@pytest.fixture
def bad_name(tmp_path: Path) -> str:
    """A report whose file name is not UTF-8 (byte 0xFF), as Python sees it: a lone surrogate."""
    name = os.fsdecode(b"r\xff.txt")
    try:
        (tmp_path / name).write_text(report_with_placeholder(), encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take file names that are not UTF-8")
    return str(tmp_path / name)


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exit:
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("spec", ["json", "json=", "=out.json"])
def test_output_file_without_a_format_or_file_is_a_usage_error(spec: str, tmp_path: Path, capsys) -> None:
    code, _, err = run(["check", "--output-file", spec, str(tmp_path)], capsys)
    assert code == 2 and "FORMAT=FILE" in err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_config_of_a_missing_path_is_an_error(capsys) -> None:
    code, out, err = run(["config", "/nonexistent/folder"], capsys)
    assert code == 2 and not out and "/nonexistent/folder" in err


@pytest.mark.parametrize("fmt", sorted(F.name for F in BUILTIN_FORMATTERS))
def test_every_format_writes_a_non_utf8_file_name_the_same_way(fmt: str, bad_name: str, tmp_path: Path, capsys) -> None:
    target = tmp_path / f"out.{fmt}"
    code, out, _ = run(["check", "--no-progress", "--format", fmt, "--output-file", f"{fmt}={target}", bad_name], capsys)
    assert code == 1
    written = target.read_text(encoding="utf-8")  # valid UTF-8
    assert written == out
    shown = "r\ufffd.txt"
    assert (shown if fmt != "sarif" else "r%EF%BF%BD.txt") in written
    if fmt in ("json", "sarif"):
        json.loads(written)


def test_baseline_of_a_non_utf8_file_name_round_trips(bad_name: str, tmp_path: Path, capsys) -> None:
    baseline = tmp_path / "base.json"
    assert run(["check", "--no-progress", "--write-baseline", str(baseline), bad_name], capsys)[0] == 0
    assert "r\ufffd.txt|GL206" in baseline.read_text(encoding="utf-8")
    code, out, _ = run(["check", "--no-progress", "--baseline", str(baseline), bad_name], capsys)
    assert code == 0 and "1 baselined" in out


def test_a_lone_surrogate_in_the_text_never_breaks_a_format() -> None:
    result = lint_text(report_with_placeholder("\ud800"), "r\udcff.txt")
    assert result.diagnostics
    for formatter in BUILTIN_FORMATTERS:
        text = formatter().format([result], FormatContext())
        assert output.without_surrogates(text).encode("utf-8")


@pytest.mark.parametrize("text", ["report.txt", "报告\ud800「\udcff」", "\udfff", "第3行：１２３", ""])
def test_utf8_is_the_text_without_surrogates_encoded(text: str) -> None:
    expected = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    assert output.without_surrogates(text) == expected
    assert output.utf8(text) == expected.encode("utf-8")


def test_a_failed_write_leaves_output_and_baseline_intact(tmp_path: Path, capsys, monkeypatch) -> None:
    report = tmp_path / "report.txt"
    report.write_text(report_with_placeholder(), encoding="utf-8")
    old_json, old_baseline = tmp_path / "old.json", tmp_path / "base.json"
    old_json.write_text("[]\n", encoding="utf-8")
    old_baseline.write_text('{"version": 1, "tool": "govlint", "findings": []}\n', encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", disk_full)
    code, _, err = run(["check", "--no-progress", "--output-file", f"json={old_json}", str(report)], capsys)
    assert code == 2 and "No space left" in err and str(old_json) in err
    code, _, err = run(["check", "--no-progress", "--write-baseline", str(old_baseline), str(report)], capsys)
    assert code == 2 and "No space left" in err
    assert old_json.read_text(encoding="utf-8") == "[]\n"
    assert json.loads(old_baseline.read_text(encoding="utf-8"))["findings"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.json", "old.json", "report.txt"]  # no temporary left


def test_an_encoding_failure_never_truncates(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(output, "without_surrogates", lambda text: text)  # let the encoder meet a surrogate
    with pytest.raises(UnicodeEncodeError):
        output.write_atomically(target, "new \udcff")
    assert target.read_text(encoding="utf-8") == "old"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and links")
def test_atomic_write_keeps_permissions_and_links(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    output.write_atomically(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.json"
    output.write_atomically(fresh, "x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask  # as open() makes it, not mkstemp's 0600


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github", "gitlab"])
def test_each_file_is_written_as_it_finishes(fmt: str, tmp_path: Path, capsys, monkeypatch) -> None:
    """A batch is printed file by file: the first file's findings are out before the second is linted,
    and the output file (written whole at the end) equals what stdout got."""
    from govlint import runner

    paths = []
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(report_with_placeholder(), encoding="utf-8")
        paths.append(str(tmp_path / name))
    seen_before_second: list[str] = []
    real = runner.iter_lint_items

    def watched(items, **kwargs):
        for index, result in enumerate(real(items, **kwargs)):
            if index == 1:
                seen_before_second.append(capsys.readouterr().out)
            yield result

    monkeypatch.setattr(runner, "iter_lint_items", watched)
    target = tmp_path / f"out.{fmt}"
    code = cli.main(["check", "--no-progress", "-j1", "--format", fmt, "--output-file", f"{fmt}={target}", *paths])
    rest = capsys.readouterr().out
    assert code == 1
    (first,) = seen_before_second
    assert "a.txt" in first and "GL206" in first and "b.txt" not in first
    assert first + rest == target.read_text(encoding="utf-8")
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(first + rest)


def test_a_failed_write_at_the_end_of_a_streamed_output_keeps_the_old_file(tmp_path: Path, capsys, monkeypatch) -> None:
    """The JUnit file's end (its counts) fails to write: the old file stays, the run says so (exit 2)."""
    from govlint.report import junit

    report = tmp_path / "report.txt"
    report.write_text(report_with_placeholder(), encoding="utf-8")
    old = tmp_path / "old.xml"
    old.write_text("old", encoding="utf-8")

    def broken(self, totals):
        raise OSError(28, "No space left on device")
        yield

    monkeypatch.setattr(junit.JunitWriter, "end", broken)
    code, _, err = run(["check", "--no-progress", "--output-file", f"junit={old}", str(report)], capsys)
    assert code == 2 and "No space left" in err
    assert old.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.xml", "report.txt"]
