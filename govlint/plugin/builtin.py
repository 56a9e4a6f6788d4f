"""govlint's own contributions, registered through the same hooks as any plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._data import data_dir
from . import hookimpl


@hookimpl
def govlint_readers() -> list[Any]:
    from ..read.docx import DocxReader
    from ..read.html import HtmlReader
    from ..read.pdf import PdfReader
    from ..read.text import TextReader

    return [DocxReader(), PdfReader(), HtmlReader(), TextReader()]


@hookimpl
def govlint_template_paths() -> list[Path]:
    return sorted((data_dir("rules") / "templates").glob("*.yaml"))


@hookimpl
def govlint_rule_paths() -> list[Path]:
    return [data_dir("rules")]


@hookimpl
def govlint_check_kinds() -> list[Any]:
    from ..check.kinds import BUILTIN_KINDS

    return [kind() for kind in BUILTIN_KINDS]


@hookimpl
def govlint_formatters() -> list[Any]:
    from ..report.formats import BUILTIN_FORMATTERS

    return [formatter() for formatter in BUILTIN_FORMATTERS]
