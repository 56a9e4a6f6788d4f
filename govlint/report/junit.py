"""The ``junit`` format: JUnit XML for CI test-report viewers (GitLab, Jenkins, Azure…).

One ``<testsuite name="govlint">``.  For each file, a failing ``<testcase classname=PATH>``
per finding at or above *warning*, or one passing testcase when there is none; an
unreadable file is a testcase with an ``<error>``, a skipped one has ``<skipped>``.
Informational findings are listed in the suite's ``<system-out>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Sequence

from ..api_types import FileResult
from ..diagnostics import Diagnostic, Severity
from .base import FormatContext

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _line(d: Diagnostic) -> str:
    return f"{d.path}:{d.line}:{d.column}: {d.severity.label} [{d.rule}] {d.message}"


class JunitFormat:
    name = "junit"

    def format(self, results: Sequence[FileResult], context: FormatContext) -> str:
        suite = ET.Element("testsuite", name="govlint")
        tests = failures = errors = skipped = 0
        infos: list[str] = []
        for result in results:
            path = _clean(result.path)
            if result.error:
                case = ET.SubElement(suite, "testcase", classname=path, name="govlint")
                ET.SubElement(case, "error", type="InputError", message=_clean(result.error)).text = _clean(result.error)
                tests, errors = tests + 1, errors + 1
                continue
            if result.skipped:
                case = ET.SubElement(suite, "testcase", classname=path, name="govlint")
                ET.SubElement(case, "skipped", message=_clean(result.skipped))
                tests, skipped = tests + 1, skipped + 1
                continue
            ordered = sorted(result.diagnostics, key=Diagnostic.sort_key)
            infos += [_clean(_line(d)) for d in ordered if d.severity < Severity.WARNING]
            failing = [d for d in ordered if d.severity >= Severity.WARNING]
            for d in failing:
                case = ET.SubElement(suite, "testcase", classname=path, name=_clean(f"{d.rule} {d.name} ({d.line}:{d.column})"))
                case.set("file", path)
                case.set("line", str(d.line))
                body = "\n".join([_line(d), *([f"提示：{d.hint}"] if d.hint else []), *([f"位置：{d.place}"] if d.place else [])])
                ET.SubElement(case, "failure", type=d.rule, message=_clean(d.message)).text = _clean(body)
            if not failing:
                ET.SubElement(suite, "testcase", classname=path, name="govlint")
            tests += max(len(failing), 1)
            failures += len(failing)
        for key, value in (("tests", tests), ("failures", failures), ("errors", errors), ("skipped", skipped)):
            suite.set(key, str(value))
        if infos:
            ET.SubElement(suite, "system-out").text = "\n".join(infos)
        root = ET.Element("testsuites", name="govlint", tests=str(tests), failures=str(failures), errors=str(errors))
        root.append(suite)
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
