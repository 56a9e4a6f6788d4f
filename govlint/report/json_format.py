"""The ``json`` format: a versioned envelope with every file's status and findings, and a summary.

Written file by file as each finishes (shape: docs/output-formats.md)::

    {
      "version": 2,
      "files": [
        {"path": …, "status": "checked", "reason": null, …, "findings": [
          {…one finding…},
          …
        ]},
        …
      ],
      "summary": {…}
    }

Each file and each finding is one line, encoded by the C encoder (``indent`` would make
``json`` fall back to its pure-Python encoder, several times slower).  Within one ``version``
keys are only ever added, never removed or renamed.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from ..api_types import FileResult
from ..diagnostics import Severity
from .base import FormatContext, StreamedFormat, Totals

JSON_FORMAT_VERSION = 2


# What json.dumps makes anew at every call with these options; a result is plain dicts and lists
# made fresh for this output, which never refer to themselves: no markers kept to catch a cycle.
_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def summary_object(totals: Totals, context: FormatContext) -> dict[str, Any]:
    return {
        "files": totals.files,
        **totals.statuses,
        "findings": {s.label: totals.severities[s] for s in sorted(Severity, reverse=True)},
        "suppressed": totals.suppressed,
        "baselined": totals.baselined,
        "baseline_fixed": totals.baseline_fixed + context.baseline_fixed,
    }


class JsonWriter:
    def __init__(self, context: FormatContext) -> None:
        self.context = context
        self.first = True

    def begin(self) -> str:
        return f'{{\n  "version": {JSON_FORMAT_VERSION},\n  "files": ['

    def file(self, result: FileResult) -> str:
        document = result.to_dict()
        findings = document.pop("findings")
        head = _dumps(document)[:-1] + ', "findings": ['
        body = ",".join(f"\n      {_dumps(f)}" for f in findings)
        separator = "\n    " if self.first else ",\n    "
        self.first = False
        return f"{separator}{head}{body}\n    ]}}" if findings else f"{separator}{head}]}}"

    def end(self, totals: Totals) -> Iterable[str]:
        close = "" if self.first else "\n  "
        return [f'{close}],\n  "summary": {_dumps(summary_object(totals, self.context))}\n}}\n']


class JsonFormat(StreamedFormat):
    """Every file with its status and findings, then a summary, as one JSON document."""

    name = "json"

    def writer(self, context: FormatContext) -> JsonWriter:
        return JsonWriter(context)
