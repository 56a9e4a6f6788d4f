"""govlint's own contributions, registered through the same hooks as any plugin.

Readers, check kinds and formatters are registered by name and imported on first use
(:mod:`govlint.plugin.lazy`), so a run imports only what it uses.  The hooks are this module's
``govlint_`` functions, not marked with ``@hookimpl``: a run with no plugin installed calls them
directly, without importing pluggy (:mod:`govlint.plugin.manager`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._data import data_dir
from .lazy import Lazy, LazyReader

# name → (where the formatter is, whether it draws each parsed report: ``needs_model``)
FORMATTERS = {
    "text": ("govlint.report.text:TextFormat", False),
    "concise": ("govlint.report.concise:ConciseFormat", False),
    "json": ("govlint.report.json_format:JsonFormat", False),
    "sarif": ("govlint.report.sarif:SarifFormat", False),
    "github": ("govlint.report.github:GithubFormat", False),
    "gitlab": ("govlint.report.gitlab:GitlabFormat", False),
    "junit": ("govlint.report.junit:JunitFormat", False),
    "html": ("govlint.report.html_page:HtmlFormat", True),
}


def govlint_readers() -> list[Any]:
    # Each ``might`` is a necessary condition of that reader's own sniff, so a text file imports no other reader.
    return [
        LazyReader("govlint.read.docx:DocxReader", lambda head: head[:4] == b"PK\x03\x04", name="docx", priority=100, suffixes=(".docx",)),
        LazyReader("govlint.read.pdf:PdfReader", lambda head: b"%PDF-" in head, name="pdf", priority=100, suffixes=(".pdf",)),
        LazyReader("govlint.read.html:HtmlReader", lambda head: b"<" in head, name="html", priority=500, suffixes=(".html", ".htm")),
        Lazy("govlint.read.text:TextReader", name="text", priority=1000, suffixes=(".txt", ".md", ".markdown")),
    ]


def govlint_template_paths() -> list[Path]:
    return sorted((data_dir("rules") / "templates").glob("*.yaml"))


def govlint_rule_paths() -> list[Path]:
    return [data_dir("rules")]


def govlint_check_kinds() -> list[Any]:
    from ..check.kinds import BUILTIN_KINDS

    return [Lazy(target, name=name) for name, target in BUILTIN_KINDS.items()]


def govlint_formatters() -> list[Any]:
    return [Lazy(target, name=name, needs_model=needs_model) for name, (target, needs_model) in FORMATTERS.items()]
