"""The pipeline's shape, enforced: read → parse → check → report, and only the CLI prints or exits."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "govlint"
# Stage → what it must never import (a later stage, or the front ends).
FORBIDDEN = {
    "read": ("parse", "check", "report", "api", "runner", "discover", "cli"),
    "parse": ("check", "report", "api", "runner", "discover", "cli"),
    "check": ("report", "api", "runner", "discover", "cli", "read"),
    "report": ("api", "runner", "discover", "cli"),
}


def modules(stage: str) -> list[Path]:
    return sorted((PACKAGE / stage).rglob("*.py"))


def imported(path: Path) -> set[str]:
    """govlint sub-packages a module imports (relative or absolute)."""
    found: set[str] = set()
    depth = len(path.relative_to(PACKAGE).parts) - 1
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # from ..x import y: resolve against the module's own package
                parts = list(path.relative_to(PACKAGE).parts[:depth])[: depth - node.level + 1]
                target = [*parts, *(node.module.split(".") if node.module else [])]
            else:
                target = (node.module or "").split(".")[1:] if (node.module or "").startswith("govlint") else []
            if target:
                found.add(target[0])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("govlint."))
    return found


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_no_stage_reaches_into_a_later_one(stage):
    for path in modules(stage):
        bad = imported(path) & set(FORBIDDEN[stage])
        assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}"


def test_only_the_cli_prints_or_exits():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("cli.py", "__main__.py") or path == PACKAGE / "parse" / "report_lalr.py":
            continue  # Lark's generated parser prints only in its debug mode, which govlint never turns on
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                assert name not in ("print", "sys.exit", "exit", "quit"), f"{path.relative_to(PACKAGE)}:{node.lineno} calls {name}"
