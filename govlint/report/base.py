"""What an output format receives besides the results, and how it is written file by file.

A batch of 10^5 reports must not be held in memory to be printed: each format opens a
:class:`FormatWriter` that turns every file's result into text as that file finishes, and is
given only the batch's :class:`Totals` (counts) at the end.  ``format(results, context)`` is the
same writer run over a list, for the library and for tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, Protocol, Sequence

from ..api_types import FileResult
from ..diagnostics import Severity



class RuleDescription(Protocol):
    """What a format reads of a rule: a loaded :class:`~govlint.check.rules.Rule`, or its description
    kept with a cached result (:class:`govlint.result_data.RuleInfo`), which needs no rule loaded."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def rationale(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def groups(self) -> tuple[str, ...]: ...
    @property
    def path(self) -> str: ...
    @property
    def url(self) -> str: ...


@dataclass(frozen=True)
class FormatContext:
    """What a format is told besides the results: the rules' descriptions and the options of the run."""

    rules: Mapping[str, RuleDescription] = field(default_factory=dict)  # by id: titles, help, severities
    color: bool = False  # only ever true on a terminal
    statistics: bool = False  # text: counts per rule after the summary
    baseline_fixed: int = 0  # baselined findings that are gone now (added to the results' own counts)


@dataclass
class RuleCount:
    """``--statistics``: one rule's findings in the batch."""

    count: int
    severity: Severity  # the worst seen
    name: str


@dataclass
class Totals:
    """What the end of an output needs of the whole batch: counts, never the results themselves.

    Its size is bounded by the number of rules, whatever the number of files.
    """

    files: int = 0
    statuses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("checked", "clean", "skipped", "unreadable"), 0))
    severities: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))
    suppressed: int = 0
    baselined: int = 0
    baseline_fixed: int = 0
    rules: dict[str, RuleCount] = field(default_factory=dict)  # statistics per rule

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.statuses[result.status] += 1
        self.suppressed += result.suppressed
        self.baselined += result.baselined
        self.baseline_fixed += result.baseline_fixed
        for d in result.diagnostics:
            self.severities[d.severity] += 1
            seen = self.rules.get(d.rule)
            if seen is None:
                self.rules[d.rule] = RuleCount(1, d.severity, d.name)
            else:
                seen.count += 1
                seen.severity = max(seen.severity, d.severity)

    @property
    def checked(self) -> int:
        """Files that were read and checked, with findings or without."""
        return self.statuses["checked"] + self.statuses["clean"]


class FormatWriter(Protocol):
    """One output being written: ``begin()``, ``file(result)`` for each file in order, ``end(totals)``."""

    def begin(self) -> str: ...

    def file(self, result: FileResult) -> str: ...

    def end(self, totals: Totals) -> Iterable[str]: ...


class Formatter(Protocol):
    """An output format. Plugins return instances from the ``govlint_formatters`` hook.

    A plugin's format may offer only ``format``; then the CLI keeps the batch's results for it.
    """

    name: str

    def format(self, results: Sequence[FileResult], context: FormatContext) -> str: ...


class StreamedFormat:
    """Base of the formats that write each file as it finishes: subclasses define ``writer``."""

    name: str

    def writer(self, context: FormatContext) -> FormatWriter:
        raise NotImplementedError

    def format(self, results: Sequence[FileResult], context: FormatContext) -> str:
        return "".join(write_all(self.writer(context), results))


def write_all(writer: FormatWriter, results: Iterable[FileResult]) -> Iterator[str]:
    """The whole output of ``writer`` over ``results``, piece by piece."""
    totals = Totals()
    yield writer.begin()
    for result in results:
        totals.add(result)
        yield writer.file(result)
    yield from writer.end(totals)


class CollectingWriter:
    """A writer for a format that offers only ``format(results, context)``: it keeps every result."""

    def __init__(self, formatter: Formatter, context: FormatContext) -> None:
        self.formatter, self.context = formatter, context
        self.results: list[FileResult] = []

    def begin(self) -> str:
        return ""

    def file(self, result: FileResult) -> str:
        self.results.append(result)
        return ""

    def end(self, totals: Totals) -> Iterable[str]:
        return [self.formatter.format(self.results, self.context)]


def writer_for(formatter: Formatter, context: FormatContext) -> FormatWriter:
    """The streamed writer of a format, or one that collects for a format that cannot stream."""
    open_writer = getattr(formatter, "writer", None)
    return open_writer(context) if open_writer is not None else CollectingWriter(formatter, context)


class Spool:
    """Text an output must hold back until the end (JUnit's counts come first): in memory up to
    1 MiB, then in a temporary file, so memory stays flat however long the batch is."""

    CHUNK = 1 << 16

    def __init__(self) -> None:
        import tempfile  # when an output holds text back: not on every start

        self._file = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8", errors="surrogatepass")
        self.empty = True

    def write(self, text: str) -> None:
        if text:
            self._file.write(text)
            self.empty = False

    def read(self) -> Iterator[str]:
        """Everything written, in chunks; then the spool is closed."""
        self._file.seek(0)
        while chunk := self._file.read(self.CHUNK):
            yield chunk
        self._file.close()
