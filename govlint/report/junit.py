"""The ``junit`` format: JUnit XML for CI test-report viewers (GitLab, Jenkins, Azure…).

One ``<testsuite name="govlint">``.  For each file, a failing ``<testcase classname=PATH>``
per finding at or above *warning*, or one passing testcase when there is none; an
unreadable file is a testcase with an ``<error>``, a skipped one has ``<skipped>``.
Informational findings are listed in the suite's ``<system-out>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterator
from xml.sax.saxutils import escape

from ..api_types import FileResult
from ..diagnostics import Diagnostic, Severity
from .base import FormatContext, Spool, StreamedFormat, Totals

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _line(d: Diagnostic) -> str:
    return f"{d.path}:{d.line}:{d.column}: {d.severity.label} [{d.rule}] {d.message}"


def _case(classname: str, name: str = "govlint", **attributes: str) -> ET.Element:
    return ET.Element("testcase", {"classname": classname, "name": name, **attributes})


class JunitWriter:
    """Test cases as each file finishes, held in a spool: the suite's counts come first in the XML."""

    def __init__(self, context: FormatContext) -> None:
        self.cases, self.infos = Spool(), Spool()
        self.tests = self.failures = self.errors = self.skipped = 0

    def begin(self) -> str:
        return ""

    def file(self, result: FileResult) -> str:
        path = _clean(result.path)
        cases: list[ET.Element] = []
        if result.error:
            case = _case(path)
            ET.SubElement(case, "error", type="InputError", message=_clean(result.error)).text = _clean(result.error)
            cases.append(case)
            self.errors += 1
        elif result.skipped:
            case = _case(path)
            ET.SubElement(case, "skipped", message=_clean(result.skipped))
            cases.append(case)
            self.skipped += 1
        else:
            ordered = sorted(result.diagnostics, key=Diagnostic.sort_key)
            self.infos.write("".join(_clean(_line(d)) + "\n" for d in ordered if d.severity < Severity.WARNING))
            for d in ordered:
                if d.severity < Severity.WARNING:
                    continue
                case = _case(path, _clean(f"{d.rule} {d.name} ({d.line}:{d.column})"), file=path, line=str(d.line))
                body = "\n".join([_line(d), *([f"提示：{d.hint}"] if d.hint else []), *([f"位置：{d.place}"] if d.place else [])])
                ET.SubElement(case, "failure", type=d.rule, message=_clean(d.message)).text = _clean(body)
                cases.append(case)
            self.failures += len(cases)
            cases = cases or [_case(path)]
        self.tests += len(cases)
        for case in cases:
            ET.indent(case, space="  ", level=2)
            self.cases.write("    " + ET.tostring(case, encoding="unicode") + "\n")
        return ""

    def end(self, totals: Totals) -> Iterator[str]:
        counts = f'tests="{self.tests}" failures="{self.failures}" errors="{self.errors}"'
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="govlint" {counts}>\n'
        yield f'  <testsuite name="govlint" {counts} skipped="{self.skipped}">\n'
        yield from self.cases.read()
        if not self.infos.empty:
            yield "    <system-out>"
            for chunk in self.infos.read():
                yield escape(chunk)
            yield "</system-out>\n"
        yield "  </testsuite>\n</testsuites>\n"


class JunitFormat(StreamedFormat):
    name = "junit"

    def writer(self, context: FormatContext) -> JunitWriter:
        return JunitWriter(context)
