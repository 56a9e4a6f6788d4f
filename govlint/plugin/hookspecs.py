"""Every govlint hook, by pipeline stage: the plugin author's reference.

Each hook returns a list; govlint concatenates the lists
of all plugins.  Implement a hook with ``@govlint.plugin.hookimpl``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from ..read import Reader

hookspec = pluggy.HookspecMarker("govlint")

# ---------------------------------------------------------------- read


@hookspec
def govlint_readers() -> list[Reader]:
    """Input formats.

    :return: objects with ``name``, ``priority`` (lower is asked first; plain text is 1000),
        ``sniff(path, head: bytes) -> bool`` and ``read(path, data: bytes) -> Source``, and
        optionally ``suffixes`` (file endings such as ``(".csv",)`` that folder walks collect).
        The first reader whose ``sniff`` accepts the file's bytes (all of them) reads it.

    .. versionadded:: 0.1
    """
    raise NotImplementedError  # a specification: plugins implement it


# ---------------------------------------------------------------- parse


@hookspec
def govlint_template_paths() -> list[Path]:
    """YAML files describing report templates (see ``rules/templates/*.yaml`` and their schema ``govlint/schemas/template.schema.json``).

    .. versionadded:: 0.1
    """
    raise NotImplementedError  # a specification: plugins implement it


# ---------------------------------------------------------------- check


@hookspec
def govlint_check_kinds() -> list[Any]:
    """Check kinds: objects with ``name`` (the ``check.kind`` value in rule YAML),
    ``schema`` (JSON Schema of the check's parameters) and
    ``prepare(params) -> prepared`` (compile the rule's ``check`` mapping once; raise ``ValueError``
    with a Chinese message when it is wrong) and ``run(context, prepared) -> Iterable[Finding]``
    (see :mod:`govlint.check.base` and the built-in kinds in :mod:`govlint.check.kinds`).

    .. versionadded:: 0.1
    """
    raise NotImplementedError  # a specification: plugins implement it


@hookspec
def govlint_rule_paths() -> list[Path]:
    """Folders of rule YAML files (searched recursively for ``*.yaml``): a rule pack.

    .. versionadded:: 0.1
    """
    raise NotImplementedError  # a specification: plugins implement it


# ---------------------------------------------------------------- report


@hookspec
def govlint_formatters() -> list[Any]:
    """Output formats: objects with ``name`` and ``format(results, context) -> str``
    (see :class:`govlint.report.base.FormatContext`), and optionally ``writer(context)`` to be
    written file by file (:class:`govlint.report.base.FormatWriter`).  A format that draws the reports sets
    ``needs_model = True`` and finds each parsed report in ``FileResult.parsed``.

    .. versionadded:: 0.1
    """
    raise NotImplementedError  # a specification: plugins implement it
