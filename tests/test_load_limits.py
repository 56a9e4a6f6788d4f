"""Hostile configuration and rule files (issue 13): alias bombs, deep nesting, huge files, FIFOs.

Each ends within a few seconds with exit 2 and one line, and leaves the cache small.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from govlint.api import Linter
from govlint.cli import EXIT_ERROR, main
from govlint.config import load_config
from govlint.data_files import MAX_BYTES, MAX_DEPTH
from govlint.errors import ConfigError, RuleFileError

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
REPORT = str(Path(__file__).resolve().parents[1] / "examples" / "sample-report.md")


def run(argv: list[str], capsys) -> str:
    """The CLI's stderr, after checking it exits 2 with one line, quickly."""
    started = time.monotonic()
    assert main(argv) == EXIT_ERROR
    err = capsys.readouterr().err
    assert time.monotonic() - started < 5, "took too long"
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_alias_bomb_in_a_configuration_file(tmp_path, capsys):
    config = tmp_path / ".govlint.yaml"
    shutil.copy(HOSTILE / "alias-bomb.govlint.yaml", config)
    err = run(["check", "--config", str(config), REPORT], capsys)
    assert "别名" in err and "aliases" in err and ".govlint.yaml" in err and "第" in err


def test_alias_bomb_in_a_rule_file_is_refused_and_not_cached(tmp_path, capsys):
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(HOSTILE / "alias-bomb-rule.yaml", rules / "AG666.yaml")
    folder = Path(os.environ["GOVLINT_CACHE_DIR"])
    before = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())  # the suite's other runs share it
    err = run(["rules", "--rules", str(rules)], capsys)
    assert "AG666.yaml" in err and "别名" in err
    err = run(["check", "--isolated", "--rules", str(rules), REPORT], capsys)  # the second run is as quick
    assert "AG666.yaml" in err
    assert sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) - before < 4 * 1024 * 1024


def test_a_recursive_alias_is_refused(tmp_path):
    config = tmp_path / ".govlint.yaml"
    config.write_text("select: &a [GL101, *a]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="第1行.*别名"):
        load_config(config)


def test_aliases_within_the_bounds_still_work(tmp_path):
    config = tmp_path / ".govlint.yaml"
    config.write_text("select: &picked [GL101, GL102]\nper_file_ignores:\n  '*草稿*.md': *picked\n", encoding="utf-8")
    assert load_config(config).values["per_file_ignores"] == {"*草稿*.md": ["GL101", "GL102"]}


@pytest.mark.parametrize("nesting", ["[" * 5000 + "]" * 5000, "{a: " * 3000 + "1" + "}" * 3000])
def test_deep_yaml_nesting_in_a_configuration_file(tmp_path, capsys, nesting):
    config = tmp_path / ".govlint.yaml"
    config.write_text(f"select: {nesting}\n", encoding="utf-8")
    err = run(["check", "--config", str(config), REPORT], capsys)
    assert f"嵌套超过 {MAX_DEPTH} 层" in err and "第1行" in err


def test_deep_yaml_nesting_in_a_rule_file(tmp_path):
    (tmp_path / "AG001.yaml").write_text("id: AG001\ncheck: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="第2行：嵌套超过"):
        _ = Linter(extra_rule_dirs=[tmp_path]).all_rules


@pytest.mark.parametrize("value", ["[" * 5000 + "]" * 5000, "[" * 100 + "]" * 100, "{a = " * 2000 + "1" + "}" * 2000])
def test_deep_toml_nesting_in_pyproject(tmp_path, capsys, value):
    (tmp_path / "pyproject.toml").write_text(f"[tool.govlint]\nselect = {value}\n", encoding="utf-8")
    err = run(["check", "--config", str(tmp_path / "pyproject.toml"), REPORT], capsys)
    assert "TOML 嵌套超过" in err and "pyproject.toml" in err


def test_deep_toml_elsewhere_in_a_pyproject_found_upwards(tmp_path, capsys):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    shutil.copy(REPORT, tmp_path / "report.md")
    assert "TOML 嵌套超过" in run(["check", str(tmp_path / "report.md")], capsys)


def test_oversized_configuration_and_rule_files(tmp_path, capsys):
    config = tmp_path / ".govlint.yaml"
    config.write_text("select:\n" + "  - GL101\n" * (MAX_BYTES // 10 + 1), encoding="utf-8")
    assert "文件过大" in run(["check", "--config", str(config), REPORT], capsys)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "AG001.yaml").write_text("# " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    assert "文件过大" in run(["rules", "--rules", str(rules)], capsys)


def test_a_fifo_in_a_rule_folder_is_refused_without_blocking(tmp_path, capsys):
    os.mkfifo(tmp_path / "AG001.yaml")
    assert "不是普通文件" in run(["rules", "--rules", str(tmp_path)], capsys)


def test_a_configuration_that_is_not_utf8(tmp_path, capsys):
    config = tmp_path / ".govlint.yaml"
    config.write_bytes("select: [GL101]  # 注释\n".encode("gbk"))
    assert "不是 UTF-8" in run(["check", "--config", str(config), REPORT], capsys)


def test_a_lone_surrogate_in_a_rule_file_is_refused_with_its_line(tmp_path, capsys):
    text = (Path(__file__).resolve().parents[1] / "rules" / "arithmetic" / "GL101.yaml").read_text(encoding="utf-8")
    (tmp_path / "AG101.yaml").write_text(text.replace("id: GL101", "id: AG101").replace("\ntitle: ", '\ntitle: "\\ud800"\nx: ', 1), encoding="utf-8")
    err = run(["rules", "--rules", str(tmp_path)], capsys)
    assert "第3行" in err and "代理字符 \\ud800" in err
