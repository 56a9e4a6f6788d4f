"""What an output format receives besides the results: rule metadata and display options."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Protocol, Sequence

from ..api_types import FileResult

if TYPE_CHECKING:
    from ..check.rules import Rule


@dataclass(frozen=True)
class FormatContext:
    rules: Mapping[str, Rule] = field(default_factory=dict)  # by id: titles, help, severities
    color: bool = False  # only ever true on a terminal
    statistics: bool = False  # text: counts per rule after the summary
    baseline_fixed: int = 0  # baselined findings that are gone now


class Formatter(Protocol):
    """An output format. Plugins return instances from the ``govlint_formatters`` hook."""

    name: str

    def format(self, results: Sequence[FileResult], context: FormatContext) -> str: ...
