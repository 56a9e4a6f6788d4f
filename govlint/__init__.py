"""govlint: a linter for 政府信息公开工作年度报告 (government information disclosure annual reports).

The library API never prints and never exits::

    import govlint
    result = govlint.lint_file("2024年报.docx")
    for d in result.diagnostics:
        print(d.path, d.line, d.column, d.rule, d.message)

See docs/api.md.
"""

from __future__ import annotations

from importlib import import_module

# typing is imported for the type checker only: the govlint command turns the garbage collector off before it
# imports typing, re, enum and the rest (govlint.command), and this package is imported before it can.
TYPE_CHECKING = False

__version__ = "0.1.0"  # the package version (pyproject.toml reads it from here)

# Loaded on first use, so `govlint check` starts without importing what it does not need.
_EXPORTS = {
    "Cell": ".model",
    "Config": ".config",
    "ConfigError": ".errors",
    "Diagnostic": ".diagnostics",
    "Evidence": ".diagnostics",
    "FileResult": ".api_types",
    "GovlintError": ".errors",
    "InputError": ".errors",
    "Linter": ".api",
    "Location": ".diagnostics",
    "NotAReportError": ".errors",
    "Options": ".runner",
    "PluginError": ".errors",
    "Report": ".model",
    "Row": ".model",
    "RuleFileError": ".errors",
    "Section": ".model",
    "Severity": ".diagnostics",
    "Span": ".model",
    "Table": ".model",
    "iter_lint_paths": ".runner",
    "lint_file": ".api",
    "lint_paths": ".runner",
    "lint_text": ".api",
    "load_config": ".config",
    "parse_source": ".parse",
    "parse_text": ".parse",
}

if TYPE_CHECKING:
    from typing import Any

    from .api import Linter, lint_file, lint_text
    from .api_types import FileResult
    from .config import Config, load_config
    from .diagnostics import Diagnostic, Evidence, Location, Severity
    from .errors import (
        ConfigError,
        GovlintError,
        InputError,
        NotAReportError,
        PluginError,
        RuleFileError,
    )
    from .model import Cell, Report, Row, Section, Span, Table
    from .parse import parse_source, parse_text
    from .runner import Options, iter_lint_paths, lint_paths

__all__ = [
    "Cell",
    "Config",
    "ConfigError",
    "Diagnostic",
    "Evidence",
    "FileResult",
    "GovlintError",
    "InputError",
    "Linter",
    "Location",
    "NotAReportError",
    "Options",
    "PluginError",
    "Report",
    "Row",
    "RuleFileError",
    "Section",
    "Severity",
    "Span",
    "Table",
    "iter_lint_paths",
    "lint_file",
    "lint_paths",
    "lint_text",
    "load_config",
    "parse_source",
    "parse_text",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
