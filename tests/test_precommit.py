"""The real pre-commit runs the hook from this checkout: a wrong total fails the commit, the fix passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or os.environ.get("GOVLINT_SKIP_VENV_TESTS") == "1",
    reason="needs git and network access to PyPI for pre-commit's hook environment",
)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_pre_commit_try_repo(tmp_path):
    repo = tmp_path / "reports"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "drafter@example.invalid")
    git(repo, "config", "user.name", "drafter")
    text = SAMPLE.read_text(encoding="utf-8")
    fixed = (
        text.replace("| 10 | 2 | 0 | 0 | 0 | 0 | 12 |", "| 9 | 2 | 0 | 0 | 0 | 0 | 11 |")
        .replace("| 2 | 1 | 0 | 0 | 4 |", "| 2 | 1 | 0 | 0 | 3 |")
    )
    draft = repo / "2024年报.md"
    draft.write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PYTHONPATH": ""}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "govlint", "--all-files"]
    failing = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "GL103" in failing.stdout and "GL104" in failing.stdout

    draft.write_text(fixed, encoding="utf-8")
    git(repo, "add", ".")
    passing = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    assert passing.returncode == 0, passing.stdout + passing.stderr
