"""``statement``: a sentence that says something is zero, while the table says otherwise.

    check:
      kind: statement
      pattern: '(?:所有|全部)[^。；;]{0,10}?申请[^。；;]{0,6}?(?:均|都|全部)?已(?:按时)?办结'
      zero: t3[r4_carry_next][total]          # what the sentence claims is 0
      skip_if: 行政执法|行政处罚                # not judged when the sentence says this
      sections: [s1, s3, s4, s5, s6]          # default: every section's prose

「所有申请均已办结」 while 四、结转下年度继续办理 is above 0, 「未发生行政复议」 with table 四 above 0:
the report contradicts itself, and one of the two is wrong.  Not judged when the cells are
missing or not numbers, or when the sentence names a year other than the report's.  The
finding is at the statement.  Placeholders: ``text``, ``found`` (the table's value), ``cell``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, NamedTuple

from ...diagnostics import Location
from ..base import CheckContext, Finding
from ..expr import Term
from ..needles import could_match
from ._text import (
    SECTIONS_SCHEMA,
    cells_evidence,
    compile_patterns,
    compile_term,
    default_sections,
    evaluate,
    evaluator,
    flows_text,
    names_other_year,
    section_flows,
)



# Named tuples, not dataclasses: made at every start, where a dataclass compiles its methods (about 0.5 ms a class).
class Prepared(NamedTuple):
    pattern: re.Pattern[str]
    zero: Term
    zero_text: str
    skip_if: re.Pattern[str] | None
    sections: tuple[str, ...]


class StatementKind:
    name = "statement"
    needs_template = True  # reads tables through the template: says so (GL903) when there is none
    placeholders = ("text", "found", "cell")
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "pattern", "zero"],
        "properties": {
            "kind": {"const": "statement"},
            "pattern": {"type": "string", "minLength": 1},
            "zero": {"type": "string", "minLength": 1},
            "skip_if": {"type": "string", "minLength": 1},
            "sections": SECTIONS_SCHEMA,
        },
    }

    def prepare(self, params: Mapping[str, Any]) -> Prepared:
        return Prepared(
            compile_patterns(params["pattern"])[0],
            compile_term(params["zero"]),
            params["zero"],
            compile_patterns(params["skip_if"])[0] if "skip_if" in params else None,
            tuple(params.get("sections", ())),  # none: every section of the template
        )

    def run(self, context: CheckContext, prepared: Prepared) -> Iterable[Finding]:
        ev = evaluator(context)
        if ev is None:
            return
        value, used = evaluate(ev, prepared.zero)
        if not value:  # zero as the text says, or not judged (a cell missing or not a number)
            return
        year = context.report.year.value
        keys = prepared.sections or default_sections(context)
        if not could_match(prepared.pattern, flows_text(context, keys)):
            return
        for text_flow in section_flows(context, keys):
            if not could_match(prepared.pattern, text_flow.text):
                continue
            for match in prepared.pattern.finditer(text_flow.text):
                start = text_flow.sentence_start(match.start())
                end = min((i for i in (text_flow.text.find(c, match.end()) for c in "。；;\n") if i >= 0), default=len(text_flow.text))
                sentence = text_flow.text[start:end]
                if prepared.skip_if and prepared.skip_if.search(sentence):
                    continue
                if names_other_year(sentence, year):
                    continue
                phrase = re.sub(r"\s+", "", match.group(0))
                yield Finding(
                    span=text_flow.span(match.start(), match.end()),
                    values={"text": phrase, "found": value, "cell": prepared.zero_text},
                    location=Location(section=text_flow.section, heading=phrase),
                    expected=0,
                    actual=value,
                    evidence=cells_evidence(used),
                )
