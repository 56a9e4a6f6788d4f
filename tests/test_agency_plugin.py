"""The example agency plugin, installed beside govlint, adds a rule and a check kind.

It is installed with ``pip install --target`` into a folder that only this test's subprocesses
have on ``PYTHONPATH``: the test works inside a virtual environment or outside one, and leaves
the environment running the suite untouched.  These subprocesses are the only ones in the suite
that load installed plugins (tests/conftest.py switches autoloading off for all others).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import AUTOLOAD

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(os.environ.get("GOVLINT_SKIP_VENV_TESTS") == "1", reason="GOVLINT_SKIP_VENV_TESTS=1")
def test_installed_plugin_adds_its_rule_and_check_kind(tmp_path):
    target = tmp_path / "site-packages"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target)]
    subprocess.run([*pip, str(ROOT / "examples" / "govlint-example-agency")], check=True)
    report = (ROOT / "examples" / "sample-report.md").read_text(encoding="utf-8")
    draft = tmp_path / "draft.md"
    draft.write_text(report.replace("| 2 | 1 | 0 | 0 | 4 |", "| 20 | 1 | 0 | 0 | 21 |"), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != AUTOLOAD}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(target), os.environ.get("PYTHONPATH", "")) if p)
    govlint = [sys.executable, "-m", "govlint"]
    listed = subprocess.run([*govlint, "rules", "EX001"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert listed.returncode == 0 and "cell_maximum" in listed.stdout, listed.stderr
    checked = subprocess.run([*govlint, "check", str(draft)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "EX001" in checked.stdout and "超过本市核查阈值 20 件" in checked.stdout, checked.stdout + checked.stderr
    tested = subprocess.run([*govlint, "rules", "--test", "govlint-example-agency"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert tested.returncode == 0 and "ok   EX001_fail_many_cases" in tested.stdout, tested.stdout + tested.stderr
    # With autoloading off (as for the rest of the suite) the installed plugin is not loaded.
    builtin = subprocess.run([*govlint, "rules", "EX001"], capture_output=True, text=True, env={**env, AUTOLOAD: "1"}, cwd=tmp_path)
    assert builtin.returncode == 2 and "EX001" in builtin.stderr
