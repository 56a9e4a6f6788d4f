"""The ``html`` page in a real headless browser: Debian's ``chromium``, driven by Playwright.

From the DOM, the highlighted cells are exactly the table cells the findings of the same run
name in the JSON output (their own position and their evidence), each with the rule ids of those
findings; the page loads nothing from the network.  A screenshot of the page is kept as a test
artefact in ``tests/artifacts/`` (a folder git ignores; CI can upload it): ``html-report.png``, the
top of the page, and ``html-report-table.png``, the first table with a wrong number.

Skips, with the reason, when the ``playwright`` package or a ``chromium`` executable is missing
(``.ci/run`` installs chromium with apt-get; Playwright's own browser download is not used).
"""

from __future__ import annotations

import json
import os
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from govlint import cli
from govlint.testing import build_report, render_docx

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def chromium() -> str:
    pytest.importorskip("playwright.sync_api", reason="the browser test needs the playwright package (pip install -e '.[test]')")
    for name in (os.environ.get("GOVLINT_CHROMIUM", ""), "chromium", "chromium-browser"):
        found = shutil.which(name) if name else None
        if found:
            return found
    pytest.skip("no chromium executable: install Debian's chromium package (apt-get install chromium) or set GOVLINT_CHROMIUM")


def inputs(tmp_path: Path) -> list[Path]:
    """The sample, a Word report with a wrong total, and the seeds when the shared corpus is there.

    (Word and text only: there ``govlint parse`` positions are those of the findings.)"""
    report = build_report("v2021", seed=3)
    wrong = report.with_value("t3", "r3_7_total", "total", int(report.value("t3", "r3_7_total", "total")) + 1)
    word = tmp_path / "wrong-total.docx"
    word.write_bytes(render_docx(wrong))
    return [ROOT / "examples" / "sample-report.md", word, *(sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])]


def run(argv: list[str], capsys) -> str:
    cli.main(argv)
    return capsys.readouterr().out


def named_cells(files: list[Path], findings: list[dict], capsys) -> dict[tuple[str, int, int], set[str]]:
    """(path, line, column) of every table cell a finding names → the rules naming it.

    Text and Word files: the model's positions are the findings', so ``govlint parse`` says which are cells."""
    cells: set[tuple[str, int, int]] = set()
    for path in files:
        model = json.loads(run(["parse", str(path), "--format", "json"], capsys))
        cells |= {(str(path), c["line"], c["column"]) for t in model["tables"] for r in t["rows"] for c in r["cells"]}
    named: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for d in findings:
        for line, column in [(d["line"], d["column"]), *((e["line"], e["column"]) for e in d["evidence"])]:
            if (d["path"], line, column) in cells:
                named[(d["path"], line, column)].add(d["rule"])
    return named


def test_highlighted_cells_are_exactly_the_ones_the_findings_name(tmp_path: Path, capsys) -> None:
    executable = chromium()
    from playwright.sync_api import sync_playwright

    files = inputs(tmp_path)
    page_file, json_file = tmp_path / "report.html", tmp_path / "report.json"
    cli.main(["check", *map(str, files), "--output-file", f"html={page_file}", "--output-file", f"json={json_file}", "--format", "json"])
    capsys.readouterr()
    findings = [f for file in json.loads(json_file.read_text(encoding="utf-8"))["files"] for f in file["findings"]]
    expected = named_cells(files, findings, capsys)
    assert expected, "the inputs have findings on table cells"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_file.as_uri())
            shown = page.eval_on_selector_all(
                "td.hit",
                """cells => cells.map(c => [c.closest('section.file').querySelector('h2').textContent,
                    +c.dataset.line, +c.dataset.column, c.dataset.rules,
                    getComputedStyle(c).backgroundColor])""",
            )
            dangling = page.evaluate(
                """() => [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href').slice(1))
                    .filter(id => id && !document.getElementById(id))"""
            )
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "html-report.png"))  # the top: summary of every file
            page.locator(".table-block:has(td.hit.main)").first.screenshot(path=str(ARTIFACTS / "html-report-table.png"))
        finally:
            browser.close()

    highlighted = {(path, line, column): set(rules.split()) for path, line, column, rules, _ in shown}
    assert highlighted == dict(expected)
    assert all(background not in ("rgba(0, 0, 0, 0)", "transparent") for *_, background in shown)  # visibly highlighted
    assert dangling == []
    assert requests == [page_file.as_uri()]  # nothing but the page itself: no fonts, styles or scripts from elsewhere
