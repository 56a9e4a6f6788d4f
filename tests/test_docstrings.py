"""Docstrings say what their source says: an escape such as ``\\n`` written in a docstring that is
not raw becomes a real line break, and the text then reads 「its ``(line break)``-separated parts」."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import govlint

_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\[abfnrtv0]")  # a backslash escape, not an escaped backslash


def _docstrings(path: Path) -> list[tuple[str, str]]:
    """(name, docstring as written in the source) of the module and of each class and function."""
    source = path.read_text(encoding="utf-8")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.append((getattr(node, "name", path.stem), ast.get_source_segment(source, first.value) or ""))
    return found


def test_no_docstring_turns_an_escape_into_a_control_character() -> None:
    package = Path(govlint.__file__).parent
    wrong = [
        f"{path.relative_to(package)}:{name}"
        for path in sorted(package.rglob("*.py"))
        for name, written in _docstrings(path)
        if written.lstrip("bBuU")[:1] not in "rR" and _ESCAPE.search(written)
    ]
    assert wrong == []
