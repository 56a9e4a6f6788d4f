"""A rule's examples are kept in their own entry of the rule pack's cache and read when first asked
for (``StoredExamples``): a damaged entry is read from the files again, and a file edited after its
rules were loaded is refused with a message, never examples of one version beside the check of another."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RULE = ROOT / "rules" / "arithmetic" / "GL101.yaml"


def _python(code: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)


def _examples_entries(cache: Path) -> list[Path]:
    """The cache files holding rule examples (a list of mappings with 「pass」)."""
    found = []
    for entry in cache.glob("pack-*.json"):
        value = json.loads(entry.read_text(encoding="utf-8")).get("value")
        if isinstance(value, list) and value and isinstance(value[0], dict) and "pass" in value[0]:
            found.append(entry)
    return found


def test_a_damaged_examples_entry_is_read_from_the_files_again(tmp_path):
    """Valid JSON of the wrong shape in the examples' entry (the second reader's case: an IndexError
    and a traceback): ``rules --test`` reads the files again and passes."""
    cache = tmp_path / "cache"
    test = f"import sys\nfrom govlint.command import run\nsys.argv = ['govlint', 'rules', '--test', {str(ROOT / 'rules')!r}]\nsys.exit(run())"
    assert _python(test, cache).returncode == 0
    entries = _examples_entries(cache)
    assert entries
    for entry in entries:
        entry.write_text('{"value": []}', encoding="utf-8")
    ran = _python(test, cache)
    assert "Traceback" not in ran.stderr, ran.stderr[-500:]
    assert ran.returncode == 0, ran.stdout[-500:] + ran.stderr[-500:]


def test_examples_of_a_file_edited_after_its_rules_were_loaded_are_refused_not_mixed(tmp_path):
    if not RULE.is_file():
        pytest.skip(f"{RULE} is not in this checkout")
    folder, cache = tmp_path / "rules", tmp_path / "cache"
    folder.mkdir()
    text = RULE.read_text(encoding="utf-8").replace("id: GL101", "id: XZ101", 1).replace("name: t3.balance", "name: xz.balance", 1)
    (folder / RULE.name).write_text(text, encoding="utf-8")
    load = (f"from pathlib import Path\nfrom govlint.api import Linter\n"
            f"rule = next(r for r in Linter(extra_rule_dirs=[Path({str(folder)!r})]).all_rules if r.id == 'XZ101')\n")
    assert _python(load + "print(len(rule.examples['pass']))", cache).returncode == 0  # the pack and its examples cached
    for entry in _examples_entries(cache):
        entry.unlink()  # as a trimmed cache folder loses the entry read least
    unchanged = _python(load + "print(len(rule.examples['pass']))", cache)
    assert unchanged.returncode == 0 and int(unchanged.stdout) >= 1, unchanged.stderr[-500:]  # the files' own, as loaded
    edit = f"Path({str(folder / RULE.name)!r}).write_text(Path({str(folder / RULE.name)!r}).read_text(encoding='utf-8') + '\\n# edited\\n', encoding='utf-8')\n"
    for entry in _examples_entries(cache):
        entry.unlink()
    code = load + edit + ("from govlint.errors import RuleFileError\ntry:\n    rule.examples['pass']\nexcept RuleFileError as error:\n"
                          "    print('refused', error)\nelse:\n    print('mixed')\n")
    ran = _python(code, cache)
    assert ran.stdout.startswith("refused"), ran.stdout + ran.stderr[-500:]
