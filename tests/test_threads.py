"""The library API shared between threads (docs/api.md#线程): one Linter, many threads, the same results."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from govlint.api import Linter, lint_text
from govlint.runner import Options, linter_for

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "examples" / "sample-report.md").read_text(encoding="utf-8")
T4_ROW = "| 2 | 1 | 0 | 0 | 4 |"


def reports(count: int) -> list[str]:
    """Reports that differ in one total each, so every one has its own findings."""
    return [TEXT.replace(T4_ROW, f"| 2 | 1 | 0 | 0 | {4 + index % 7} |") for index in range(count)]


def test_one_linter_in_many_threads_gives_the_sequential_results():
    texts = reports(48)
    sequential = [lint_text(text, f"r{i}.md", linter=Linter()) for i, text in enumerate(texts)]
    shared = Linter()  # first used by all threads at once: loading its rules must happen once
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda item: lint_text(item[1], f"r{item[0]}.md", linter=shared), enumerate(texts)))
    assert threaded == sequential
    assert len({tuple(d.message for d in r.diagnostics) for r in threaded}) == 7


def test_linter_for_builds_one_linter_per_configuration_across_threads(tmp_path):
    (tmp_path / ".govlint.yaml").write_text("ignore: [GL014]\n", encoding="utf-8")
    options = Options(select=("GL1", "GL0"))
    with ThreadPoolExecutor(max_workers=8) as pool:
        linters = list(pool.map(lambda i: linter_for(str(tmp_path / f"r{i}.md"), options), range(64)))
    assert len({id(linter) for linter in linters}) == 1


def test_word_and_web_inputs_in_threads():
    from .test_range_directives import _html_report, _word_report

    inputs = [(_word_report(None, "四"), "r.docx"), (_html_report(""), "r.html")] * 6
    sequential = [Linter().lint_bytes(data, name) for data, name in inputs]
    shared = Linter()
    with ThreadPoolExecutor(max_workers=6) as pool:
        threaded = list(pool.map(lambda item: shared.lint_bytes(*item), inputs))
    assert threaded == sequential and all(r.diagnostics for r in threaded)


def test_fuzzy_label_ratios_computed_in_threads_are_each_labels_own():
    """The template labels' matchers are shared: a thread that sets its label into one while
    another compares would give (and cache for the process) another label's ratio, so a row's
    fuzzy match changed with the timing of other threads (seen: 「3.要求提供公开出版物」 unmatched)."""
    import sys
    from difflib import SequenceMatcher

    from govlint.parse.bind import FUZZY_RATIO, _ratios, loose_key
    from govlint.templates import builtin_templates

    labels = tuple(loose_key(r.label) for t in builtin_templates() for table in t.tables for r in table.rows)
    rows = [f"{label[: len(label) // 2]}{n}{label[len(label) // 2 :]}" for n in range(40) for label in labels[:30]]

    def expected(loose: str) -> tuple[float, ...]:
        ratios = [SequenceMatcher(None, loose, label) for label in labels]
        return tuple(m.ratio() if m.real_quick_ratio() >= FUZZY_RATIO and m.quick_ratio() >= FUZZY_RATIO else 0.0 for m in ratios)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often: the race shows on every run
    try:
        with ThreadPoolExecutor(4) as pool:
            found = list(pool.map(lambda loose: _ratios(loose, labels), rows))
    finally:
        sys.setswitchinterval(interval)
    assert [r for r, loose in zip(found, rows) if r != expected(loose)] == []
