"""The one complete example of docs/api.md runs as written, prints the sample's rule ids and nothing on stderr."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import govlint

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "api.md"
SAMPLE = ROOT / "examples" / "sample-report.md"


def python_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", DOC.read_text(encoding="utf-8"), flags=re.S | re.M)


def test_api_doc_has_exactly_one_complete_example():
    assert len(python_blocks()) == 1, "docs/api.md should hold one ```python example (other snippets: ```text)"


def test_api_doc_example_runs_and_prints_only_to_stdout(tmp_path):
    (code,) = python_blocks()
    script = tmp_path / "api_example.py"
    script.write_text(code, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stderr == "", run.stderr
    lines = run.stdout.splitlines()
    expected = [d.rule for d in govlint.lint_file(SAMPLE).diagnostics]
    assert {"GL103", "GL104"} <= set(expected)
    assert lines[0] == str(expected)
    for rule in expected:
        assert f"[{rule}]" in run.stdout


def test_api_doc_example_in_process_never_prints_to_stderr(capfd, monkeypatch):
    """The library itself writes nothing to stderr (the CLI is the only module that prints)."""
    (code,) = python_blocks()
    monkeypatch.chdir(ROOT)
    exec(compile(code, str(DOC), "exec"), {"__name__": "__main__"})
    out, err = capfd.readouterr()
    assert err == ""
    assert "GL103" in out
