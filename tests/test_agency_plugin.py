"""The example agency plugin installed into a fresh virtual environment adds a rule and a check kind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(os.environ.get("GOVLINT_SKIP_VENV_TESTS") == "1", reason="GOVLINT_SKIP_VENV_TESTS=1")
def test_plugin_in_a_fresh_venv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "-q", "--no-deps"]
    subprocess.run([*pip, str(ROOT)], check=True)
    subprocess.run([*pip, str(ROOT / "examples" / "agency-rules")], check=True)
    report = (ROOT / "examples" / "sample-report.md").read_text(encoding="utf-8")
    draft = tmp_path / "draft.md"
    draft.write_text(report.replace("| 2 | 1 | 0 | 0 | 4 |", "| 20 | 1 | 0 | 0 | 21 |"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": ""}
    govlint = venv / "bin" / "govlint"
    listed = subprocess.run([str(govlint), "rules", "QH001"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert listed.returncode == 0 and "cell_maximum" in listed.stdout, listed.stderr
    checked = subprocess.run([str(govlint), "check", str(draft)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "QH001" in checked.stdout and "超过本市核查阈值 20 件" in checked.stdout, checked.stdout + checked.stderr
