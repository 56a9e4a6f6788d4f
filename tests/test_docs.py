"""Generated documentation is current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_rules_reference_is_up_to_date():
    spec = importlib.util.spec_from_file_location("gen_rules_doc", ROOT / "scripts" / "gen_rules_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == module.render(), "docs/rules.md is stale: run python scripts/gen_rules_doc.py"
