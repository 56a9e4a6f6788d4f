"""The conventions users bring from ruff: stdin, exclusions and .gitignore, exit codes, concise
and GitLab outputs, --extend-select."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govlint.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, main
from govlint.discover import Discovery, expand_paths
from govlint.read import MAX_INPUT_BYTES
from govlint.report.gitlab import GitlabFormat
from govlint.runner import lint_paths

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"
TEXT = SAMPLE.read_text(encoding="utf-8")


def run(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govlint", *args], input=stdin, capture_output=True, cwd=cwd)


# --- standard input -------------------------------------------------------------------------


def test_stdin_is_checked_as_the_named_file_with_its_configuration(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".govlint.yaml").write_text('per_file_ignores:\n  "drafts/*.md": [GL103]\n', encoding="utf-8")
    named = run("check", "-", "--stdin-filename", "drafts/2024.md", "--format", "concise", stdin=TEXT.encode(), cwd=tmp_path)
    other = run("check", "-", "--stdin-filename", "final/2024.md", "--format", "concise", stdin=TEXT.encode(), cwd=tmp_path)
    assert named.returncode == EXIT_FINDINGS and other.returncode == EXIT_FINDINGS
    assert "GL103" not in named.stdout.decode() and "drafts/2024.md:74:19: GL104" in named.stdout.decode()
    assert "final/2024.md:65:15: GL103" in other.stdout.decode()


def test_stdin_bytes_are_decoded_as_a_file_s_and_named_stdin_without_a_name():
    result = run("check", "-", "--format", "json", stdin=TEXT.encode("gb18030"))
    findings = [f for file in json.loads(result.stdout)["files"] for f in file["findings"]]
    assert result.returncode == EXIT_FINDINGS and {f["path"] for f in findings} == {"<stdin>"}
    assert {f["rule"] for f in findings} == {"GL301", "GL310", "GL014", "GL103", "GL104"}


def test_stdin_is_bounded_like_a_file(tmp_path):
    result = run("check", "-", stdin=b"x" * (MAX_INPUT_BYTES + 10))
    assert result.returncode == EXIT_ERROR and "文件过大" in result.stderr.decode() and b"Traceback" not in result.stderr
    empty = run("check", "-", stdin=b"")
    assert empty.returncode == EXIT_ERROR and "文件为空" in empty.stderr.decode()


def test_stdin_cannot_be_mixed_with_paths(capsys):
    result = run("check", "-", str(SAMPLE), stdin=TEXT.encode())
    assert result.returncode == EXIT_ERROR and "标准输入" in result.stderr.decode()
    assert main(["check", "--stdin-filename", "a.md", str(SAMPLE)]) == EXIT_ERROR  # never silently ignored
    assert "--stdin-filename" in capsys.readouterr().err


# --- exclusions and .gitignore --------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A repository with reports in ordinary, default-excluded and gitignored places."""
    (tmp_path / ".git" / "info").mkdir(parents=True)
    for name in ("reports/2024.md", "reports/草稿/2024.md", "node_modules/pkg/2024.md", "dist/2024.md", "archive/old.md", "local/mine.md", "keep/a.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("archive/\nkeep/*.md\n", encoding="utf-8")
    (tmp_path / "keep" / ".gitignore").write_text("!a.md\n", encoding="utf-8")  # the deeper file re-includes it
    (tmp_path / ".git" / "info" / "exclude").write_text("local/\n", encoding="utf-8")
    return tmp_path


def found(paths, **discovery) -> list[str]:
    return [Path(p).relative_to(paths[0] if Path(paths[0]).is_dir() else Path(paths[0]).parent).as_posix() for p, _ in expand_paths(paths, Discovery(**discovery))]


def test_folder_walks_leave_out_default_excludes_and_what_git_ignores(tree):
    assert found([tree]) == ["keep/a.md", "reports/2024.md", "reports/草稿/2024.md"]
    assert found([tree / "dist"]) == ["2024.md"]  # a folder named on the command line is walked, as in ruff
    assert found([tree], respect_gitignore=False) == ["archive/old.md", "keep/a.md", "local/mine.md", "reports/2024.md", "reports/草稿/2024.md"]
    assert [Path(p).name for p, _ in expand_paths([f"{tree}/**/*.md"])] == ["a.md", "2024.md", "2024.md"]


def test_exclude_and_extend_exclude_in_configuration(tree):
    (tree / ".govlint.yaml").write_text("extend_exclude: [草稿/]\n", encoding="utf-8")
    assert found([tree]) == ["keep/a.md", "reports/2024.md"]
    (tree / ".govlint.yaml").write_text("exclude: [reports/]\nrespect_gitignore: false\n", encoding="utf-8")  # replaces the defaults
    assert found([tree]) == ["archive/old.md", "dist/2024.md", "keep/a.md", "local/mine.md", "node_modules/pkg/2024.md"]


def test_a_named_file_is_linted_unless_force_exclude(tree, capsys, monkeypatch):
    monkeypatch.chdir(tree)  # as pre-commit runs: in the repository, naming files
    named = "node_modules/pkg/2024.md"
    assert expand_paths([named]) == [(named, True)]
    assert expand_paths([named], Discovery(force_exclude=True)) == []
    assert main(["check", "--force-exclude", named]) == EXIT_OK
    assert "已排除" in capsys.readouterr().err
    assert main(["check", "--no-respect-gitignore", "--format", "concise", "archive"]) == EXIT_FINDINGS
    assert "old.md" in capsys.readouterr().out


def test_stdin_named_as_an_excluded_file_is_not_checked_with_force_exclude(tree):
    result = run("check", "-", "--stdin-filename", "dist/2024.md", "--force-exclude", stdin=TEXT.encode(), cwd=tree)
    assert result.returncode == EXIT_OK and result.stdout == b""


def test_bad_exclude_configuration_is_a_config_error(tmp_path):
    (tmp_path / ".govlint.yaml").write_text("exclude: 草稿\n", encoding="utf-8")
    (tmp_path / "r.md").write_text(TEXT, encoding="utf-8")
    result = run("check", str(tmp_path), cwd=tmp_path)
    assert result.returncode == EXIT_ERROR and b"Traceback" not in result.stderr and "exclude" in result.stderr.decode()


# --- exit codes, selection --------------------------------------------------------------------


def test_exit_zero_and_fail_level_none(tmp_path, capsys):
    assert main(["check", str(SAMPLE)]) == EXIT_FINDINGS
    assert main(["check", "--exit-zero", str(SAMPLE)]) == EXIT_OK
    assert main(["check", "--fail-level", "none", str(SAMPLE)]) == EXIT_OK
    assert "GL103" in capsys.readouterr().out  # the findings are still reported
    (tmp_path / ".govlint.yaml").write_text("fail_level: none\n", encoding="utf-8")
    (tmp_path / "r.md").write_text(TEXT, encoding="utf-8")
    assert main(["check", str(tmp_path / "r.md")]) == EXIT_OK
    (tmp_path / "bad.txt").write_bytes(b"\x00binary")
    assert main(["check", "--exit-zero", str(tmp_path / "bad.txt")]) == EXIT_ERROR  # bad input is never hidden


def test_extend_select_adds_to_the_configured_selection(tmp_path):
    (tmp_path / ".govlint.yaml").write_text("select: [GL104]\n", encoding="utf-8")
    (tmp_path / "r.md").write_text(TEXT, encoding="utf-8")
    rules = lambda *args: {line.split()[1] for line in run("check", "--format", "concise", *args, "r.md", cwd=tmp_path).stdout.decode().splitlines()[:-1]}  # noqa: E731
    assert rules() == {"GL104"}
    assert rules("--extend-select", "GL103,GL3") == {"GL103", "GL104", "GL301", "GL310"}
    assert rules("--select", "GL014", "--extend-select", "GL103") == {"GL014", "GL103"}
    unknown = run("check", "--extend-select", "GL999", "r.md", cwd=tmp_path)
    assert unknown.returncode == EXIT_ERROR and "GL999" in unknown.stderr.decode()


# --- concise and GitLab outputs -----------------------------------------------------------------


def test_concise_is_one_line_per_finding(capsys):
    assert main(["check", "--output-format", "concise", str(SAMPLE)]) == EXIT_FINDINGS
    lines = capsys.readouterr().out.splitlines()
    assert lines[3] == f"{SAMPLE}:65:15: GL103 「自然人」列：（七）总计 37 ≠ 各办理结果之和 38（相差 -1）"
    assert len(lines) == 7 and lines[-1].startswith("检查了 1 个文件")


def test_gitlab_code_quality_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "r.md"
    report.write_text(TEXT, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00binary")
    issues = json.loads(GitlabFormat().format(lint_paths([report, tmp_path / "bad.txt"]), _context()))
    assert {i["severity"] for i in issues} == {"major", "minor", "critical"}
    t4 = next(i for i in issues if i["check_name"] == "GL104")
    assert t4["location"] == {"path": "r.md", "lines": {"begin": 74}} and t4["description"].startswith("[GL104] 行政复议")
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    # Text added above the table moves every line, not the fingerprints.
    report.write_text("前言\n\n" + TEXT.replace("\n", "\n", 1), encoding="utf-8")
    moved = json.loads(GitlabFormat().format(lint_paths([report]), _context()))
    assert {i["fingerprint"] for i in moved} == {i["fingerprint"] for i in issues if i["check_name"] != "govlint/unreadable"}
    assert next(i for i in moved if i["check_name"] == "GL104")["location"]["lines"]["begin"] == 76


def _context():
    from govlint.report.base import FormatContext

    return FormatContext()
