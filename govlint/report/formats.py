"""Output formats: each writes every file's results as the file finishes (``writer``), or a
list of results as one string (``format``).

Plugins add more through the ``govlint_formatters`` hook; these are govlint's own.
Shapes and stability promises: docs/output-formats.md.
"""

from __future__ import annotations

from .concise import ConciseFormat
from .github import GithubFormat
from .gitlab import GitlabFormat
from .html_page import HtmlFormat
from .json_format import JSON_FORMAT_VERSION, JsonFormat
from .junit import JunitFormat
from .sarif import SarifFormat
from .text import TextFormat

__all__ = ["BUILTIN_FORMATTERS", "JSON_FORMAT_VERSION", "ConciseFormat", "GithubFormat", "GitlabFormat", "HtmlFormat", "JsonFormat", "JunitFormat", "SarifFormat", "TextFormat"]

BUILTIN_FORMATTERS: tuple[type, ...] = (TextFormat, ConciseFormat, JsonFormat, SarifFormat, GithubFormat, GitlabFormat, JunitFormat, HtmlFormat)
