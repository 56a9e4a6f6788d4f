"""Rewrite the configuration reference in docs/configuration.md from govlint/schemas/config.schema.json.

Only the part between the markers below is rewritten; the hand-written guide around it is kept.
Run it after changing the schema (``python scripts/gen_config_doc.py``); ``--check`` exits with 1
when the document is stale, and tests/test_config_doc.py fails in that case too.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "govlint" / "schemas" / "config.schema.json"
DOC = ROOT / "docs" / "configuration.md"
BEGIN = "<!-- BEGIN GENERATED: config reference -->"
END = "<!-- END GENERATED -->"

# One example per key, shown in YAML and TOML.  The generator refuses a schema key without an
# example, and the test validates every example against the schema, so neither can drift.
EXAMPLES: dict[str, Any] = {
    "extends": "../.govlint.yaml",
    "select": ["GL0", "arithmetic", "narrative"],
    "ignore": ["GL014", "text.section1_length"],
    "severity": {"narrative": "info", "GL103": "warning"},
    "per_file_ignores": {"drafts/*.md": ["GL206", "GL207"], "汇总/*.docx": ["narrative"]},
    "template": "v2021",
    "year": 2024,
    "rules": ["agency-rules"],
    "plugins": ["govlint-example-agency"],
    "fail_level": "warning",
    "exclude": ["node_modules/", "归档/", "*.govlint.docx"],
    "extend_exclude": ["草稿/", "*模板*.docx"],
    "respect_gitignore": False,
    "cache": False,
    "agency": "青岚市生态环境局",
    "agencies": {"青岚市生态环境局": ["青岚市环境保护局"]},
    "level": "部门",
    "levels": {"云溪县人民政府": "县级", "青岚市人民政府": "地市级"},
    "published": "2025-01-20",
    "deadlines": {"部门": "01-28", "乡镇": "01-26"},
    "recycled_threshold": 0.9,
}


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def describe_type(schema: dict[str, Any]) -> str:
    """A short human name of a JSON Schema type (only the shapes the configuration uses)."""
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        return f"list of {_plural(describe_type(schema.get('items', {})))}"
    if kind == "object":
        values = schema.get("additionalProperties")
        if isinstance(values, dict):
            return f"mapping: string → {describe_type(values)}"
        return "mapping"
    if kind == "integer" and ("minimum" in schema or "maximum" in schema):
        return f"integer, {schema.get('minimum', '')}–{schema.get('maximum', '')}"
    return str(kind or "any")


def _plural(name: str) -> str:
    return name + "s" if name in ("string", "integer", "number") else name


def _yaml(key: str, value: Any) -> str:
    if isinstance(value, dict):
        lines = [f"{key}:"]
        for k, v in value.items():
            lines.append(f"  {_yaml_scalar(k)}: {_yaml_scalar(v)}")
        return "\n".join(lines)
    return f"{key}: {_yaml_scalar(value)}"


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_scalar(v) for v in value) + "]"
    if isinstance(value, str):
        special = any(c in value for c in "*:#{}[],&!|>'\"%@`") or yaml.safe_load(value) != value  # 「2025-01-20」 is a date
        return json.dumps(value, ensure_ascii=False) if special else value
    return json.dumps(value, ensure_ascii=False)


def _toml(key: str, value: Any) -> str:
    if isinstance(value, dict):
        lines = [f"[tool.govlint.{key}]"]
        for k, v in value.items():
            lines.append(f"{_toml_key(k)} = {json.dumps(v, ensure_ascii=False)}")
        return "\n".join(lines)
    return f"[tool.govlint]\n{key} = {json.dumps(value, ensure_ascii=False)}"


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def render_reference(schema: dict[str, Any] | None = None) -> str:
    """The generated block, markers included."""
    schema = schema or load_schema()
    properties: dict[str, Any] = schema["properties"]
    missing = sorted(set(properties) - set(EXAMPLES))
    if missing:
        raise SystemExit(f"gen_config_doc.py: add an example for {', '.join(missing)} to EXAMPLES")
    out = [
        BEGIN,
        "<!-- 由 scripts/gen_config_doc.py 根据 govlint/schemas/config.schema.json 生成，请勿手工编辑。 -->",
        "<!-- Generated from govlint/schemas/config.schema.json by scripts/gen_config_doc.py; do not edit by hand. -->",
        "",
        "## 配置项参考 / Reference",
        "",
        f"Schema: `govlint/schemas/config.schema.json` ({schema.get('title', '')}). "
        + ("Unknown keys are an error." if schema.get("additionalProperties") is False else ""),
        "",
        "| key | type | meaning |",
        "| --- | --- | --- |",
    ]
    for key, spec in properties.items():
        description = spec.get("description", "").replace("|", "\\|")
        out.append(f"| [`{key}`](#{key}) | {describe_type(spec)} | {description} |")
    for key, spec in properties.items():
        out += [
            "",
            f"### `{key}`",
            "",
            f"*{describe_type(spec)}*. {spec.get('description', '')}",
            "",
            "```yaml",
            "# .govlint.yaml",
            _yaml(key, EXAMPLES[key]),
            "```",
            "",
            "```toml",
            "# pyproject.toml",
            _toml(key, EXAMPLES[key]),
            "```",
        ]
    out += ["", END]
    return "\n".join(out)


def rewrite(document: str, reference: str) -> str:
    """``document`` with the text between the markers (markers included) replaced by ``reference``."""
    start, end = document.find(BEGIN), document.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"gen_config_doc.py: {DOC} lacks the markers {BEGIN!r} … {END!r}")
    return document[:start] + reference + document[end + len(END) :]


def main(argv: list[str]) -> int:
    current = DOC.read_text(encoding="utf-8")
    wanted = rewrite(current, render_reference())
    if "--check" in argv:
        if current != wanted:
            print("docs/configuration.md is stale: run python scripts/gen_config_doc.py", file=sys.stderr)
            return 1
        return 0
    if current != wanted:
        DOC.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
