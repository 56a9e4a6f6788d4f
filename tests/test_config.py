"""Configuration: discovery, validation with located errors, extends, selection, severities, per-file ignores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govlint.runner import Options, lint_paths
from govlint.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, main
from govlint.config import find_config, load_config
from govlint.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "reports" / "drafts").mkdir(parents=True)
    shutil.copy(SAMPLE, tmp_path / "reports" / "2024.md")
    shutil.copy(SAMPLE, tmp_path / "reports" / "drafts" / "draft.md")
    return tmp_path


def rules_of(results) -> dict[str, set[str]]:
    return {Path(r.path).name: {d.rule for d in r.diagnostics} for r in results}


def test_found_upwards_and_applied(project):
    (project / ".govlint.yaml").write_text("ignore: [GL014]\nseverity: {GL104: warning}\n", encoding="utf-8")
    assert find_config(project / "reports" / "drafts" / "draft.md") == project / ".govlint.yaml"
    results = lint_paths([project / "reports"])
    by_file = {Path(r.path).name: r for r in results}
    assert "GL014" not in rules_of(results)["2024.md"]
    gl104 = next(d for d in by_file["2024.md"].diagnostics if d.rule == "GL104")
    assert gl104.severity.label == "warning"


def test_pyproject_table_and_stop_at_repository_root(tmp_path):
    (tmp_path / ".govlint.yaml").write_text("ignore: [GL103]\n", encoding="utf-8")  # outside the repository
    project = tmp_path / "repository"
    (project / ".git").mkdir(parents=True)
    (project / "reports").mkdir()
    shutil.copy(SAMPLE, project / "reports" / "2024.md")
    assert find_config(project / "reports" / "2024.md") is None
    (project / "pyproject.toml").write_text('[tool.govlint]\nselect = ["arithmetic"]\n', encoding="utf-8")
    results = lint_paths([project / "reports" / "2024.md"])
    assert rules_of(results)["2024.md"] == {"GL103", "GL104"}


def test_select_by_prefix_group_and_name(project):
    for select, expected in ((["GL10"], {"GL103", "GL104"}), (["t4"], {"GL104"}), (["t3.disposal_sum"], {"GL103"})):
        results = lint_paths([project / "reports" / "2024.md"], options=Options(isolated=True, select=tuple(select)))
        assert rules_of(results)["2024.md"] == expected, select


def test_per_file_ignores_and_extends(project):
    (project / "base.yaml").write_text("per_file_ignores: {'reports/drafts/*': [GL103, GL104]}\n", encoding="utf-8")
    (project / ".govlint.yaml").write_text("extends: base.yaml\nfail_level: warning\n", encoding="utf-8")
    config = load_config(project / ".govlint.yaml")
    assert config.sources["per_file_ignores"].endswith("base.yaml") and config.fail_level == "warning"
    found = rules_of(lint_paths([project / "reports"]))
    assert {"GL103", "GL104"} <= found["2024.md"] and not {"GL103", "GL104"} & found["draft.md"]


@pytest.mark.parametrize(
    "text, words",
    [
        ("ignor: [GL101]\n", "第1行 ignor"),
        ("select: [GL101]\nseverity: {GL101: fatal}\n", "第2行 severity.GL101"),
        ("year: twenty\n", "year"),
        ("extends: missing.yaml\n", "不存在"),
    ],
)
def test_invalid_configuration_names_file_line_and_key(project, text, words):
    (project / ".govlint.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(project / ".govlint.yaml")
    assert words in str(info.value) and ".govlint.yaml" in str(info.value)


def test_invalid_pyproject_table(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.govlint]\nfail_level = "fatal"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="第5行 tool.govlint.fail_level"):
        load_config(project / "pyproject.toml")


def test_cli_config_isolated_and_show(project, capsys):
    (project / ".govlint.yaml").write_text("ignore: [GL103, GL104]\n", encoding="utf-8")
    target = str(project / "reports" / "2024.md")
    assert main(["check", target]) == EXIT_OK
    assert main(["check", "--isolated", target]) == EXIT_FINDINGS
    other = project / "other.yaml"
    other.write_text("select: [GL104]\n", encoding="utf-8")
    assert main(["check", "--config", str(other), target]) == EXIT_FINDINGS
    capsys.readouterr()
    assert main(["config", target]) == EXIT_OK
    shown = capsys.readouterr().out
    assert '"GL103"' in shown and ".govlint.yaml" in shown and "默认值 / default" in shown
    (project / ".govlint.yaml").write_text("ignore: GL103\n", encoding="utf-8")
    assert main(["check", target]) == EXIT_ERROR


def test_a_selector_that_names_no_rule_is_an_error(project, capsys):
    (project / ".govlint.yaml").write_text("ignore: [GL9999]\n", encoding="utf-8")
    assert main(["check", str(project / "reports" / "2024.md")]) == EXIT_ERROR
    assert "GL9999" in capsys.readouterr().err
    assert main(["check", "--isolated", "--select", "GX1", str(project / "reports" / "2024.md")]) == EXIT_ERROR


def test_command_line_ignore_adds_to_the_configured_list(project):
    (project / ".govlint.yaml").write_text("ignore: [GL014]\n", encoding="utf-8")
    found = rules_of(lint_paths([project / "reports" / "2024.md"], options=Options(ignore=("GL104",))))["2024.md"]
    assert not {"GL014", "GL104"} & found and "GL103" in found


def test_extended_per_file_globs_stay_relative_to_their_own_file(project):
    shared = project / "shared"
    shared.mkdir()
    (shared / "base.yaml").write_text("per_file_ignores: {'../reports/drafts/*': [GL103]}\n", encoding="utf-8")
    (project / "reports" / ".govlint.yaml").write_text("extends: ../shared/base.yaml\n", encoding="utf-8")
    found = rules_of(lint_paths([project / "reports"]))
    assert "GL103" in found["2024.md"] and "GL103" not in found["draft.md"]


def test_rule_files_ending_in_yml_load(tmp_path):
    from govlint.api import Linter

    source = (ROOT / "tests" / "test_rule_files.py").read_text(encoding="utf-8")
    good = source.split('GOOD = """\\\n', 1)[1].split('"""', 1)[0]
    (tmp_path / "rule.yml").write_text(good, encoding="utf-8")
    assert "AG001" in {r.id for r in Linter(extra_rule_dirs=[tmp_path]).rules}


def test_markdown_opening_with_a_directive_is_not_taken_for_html(tmp_path):
    text = "<!-- govlint-disable-file GL104：示例 -->\n" + SAMPLE.read_text(encoding="utf-8").replace("\n\n", "\n\n<table></table>\n\n", 1)
    path = tmp_path / "draft.md"
    path.write_text(text, encoding="utf-8")
    [result] = lint_paths([path])
    assert "GL104" not in {d.rule for d in result.diagnostics} and "GL103" in {d.rule for d in result.diagnostics}


def test_a_batch_looks_for_the_configuration_once_per_folder_and_again_in_the_next_batch(project, monkeypatch):
    from govlint import runner

    for n in range(3):
        shutil.copy(SAMPLE, project / "reports" / f"copy{n}.md")
    calls: list[Path] = []
    real = runner.config_file_for
    monkeypatch.setattr(runner, "config_file_for", lambda path, *rest: calls.append(path) or real(path, *rest))  # the runner's lookups
    first = lint_paths([project / "reports"])
    assert len(first) == 5 and len(calls) == 2  # reports/ and reports/drafts/
    (project / "reports" / "drafts" / ".govlint.yaml").write_text("ignore: [GL1]\n", encoding="utf-8")
    second = lint_paths([project / "reports"])
    assert rules_of(first) != rules_of(second)  # a configuration file added between two batches is found
    assert not any(r.startswith("GL1") for r in rules_of(second)["draft.md"]) and any(r.startswith("GL1") for r in rules_of(second)["2024.md"])


def test_a_configuration_edited_without_changing_size_or_time_is_read_again(tmp_path):
    """A long-running process (the language server) keeps loaded configurations; an edit that keeps
    the file's size and time (a script within one clock tick, ``touch -d``) is still seen."""
    import os

    path = tmp_path / ".govlint.yaml"
    path.write_text("ignore: [GL021]\n", encoding="utf-8")
    assert load_config(path).values["ignore"] == ["GL021"]
    info = path.stat()
    path.write_text("ignore: [GL022]\n", encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert load_config(path).values["ignore"] == ["GL022"]
