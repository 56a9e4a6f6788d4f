"""Write docs/rules.md from the rule files (run after changing any rule; a test checks it is current)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govlint.api import Linter  # noqa: E402


def render() -> str:
    rules = Linter().rules
    out = [
        "# 规则参考 / Rules reference",
        "",
        "由 `scripts/gen_rules_doc.py` 根据 `rules/` 下的规则文件生成，请勿手工编辑。",
        "Generated from the rule files by `scripts/gen_rules_doc.py`; do not edit by hand.",
        "",
        "| id | name | severity | templates | title |",
        "| --- | --- | --- | --- | --- |",
    ]
    out += [
        f"| [{r.id}](#{r.id.lower()}) | `{r.name}` | {r.severity.label} | {', '.join(r.templates) or 'all'} | {r.title} |"
        for r in rules
    ]
    for r in rules:
        out += [
            "",
            f"## {r.id}",
            "",
            f"**{r.title}** — `{r.name}`, {r.severity.label}"
            + "".join(f"; {s.label} for years {a or ''}–{b or ''}" for a, b, s in r.severity_by_year),
            "",
            r.rationale.strip(),
            "",
            f"- message: 「{r.message}」",
            *([f"- cannot judge: {' '.join(r.limits.split())}"] if r.limits else []),
            f"- applies to: templates {', '.join(r.templates) or 'all'}"
            + (f"; years {r.year_from or ''}–{r.year_to or ''}" if r.year_from or r.year_to else "")
            + (f"; agencies matching `{r.agency_pattern}`" if r.agency_pattern else ""),
            f"- check: `{json.dumps(dict(r.check), ensure_ascii=False)}`",
            f"- examples: {len(r.examples['pass'])} passing, {len(r.examples['fail'])} failing",
        ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    (ROOT / "docs" / "rules.md").write_text(render(), encoding="utf-8")
