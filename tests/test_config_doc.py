"""docs/configuration.md: the generated reference matches the configuration schema, and its examples are valid."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "configuration.md"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_config_doc", ROOT / "scripts" / "gen_config_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()


def _generated_part(text: str) -> str:
    start, end = text.index(GEN.BEGIN), text.index(GEN.END)
    return text[start : end + len(GEN.END)]


def test_config_reference_is_up_to_date():
    current = DOC.read_text(encoding="utf-8")
    assert _generated_part(current) == GEN.render_reference(), (
        "the reference in docs/configuration.md is stale: run python scripts/gen_config_doc.py"
    )


def test_every_schema_key_is_documented_once():
    schema = GEN.load_schema()
    part = _generated_part(DOC.read_text(encoding="utf-8"))
    for key in schema["properties"]:
        assert part.count(f"### `{key}`") == 1, key


def test_examples_validate_against_the_schema():
    check = Draft202012Validator(GEN.load_schema())
    for key, value in GEN.EXAMPLES.items():
        errors = [e.message for e in check.iter_errors({key: value})]
        assert not errors, (key, errors)


def test_every_yaml_and_toml_block_of_the_page_is_valid_configuration():
    """Hand-written and generated examples alike: what a user copies must load."""
    text = DOC.read_text(encoding="utf-8")
    check = Draft202012Validator(GEN.load_schema())
    blocks = re.findall(r"```(yaml|toml)\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 2 * len(GEN.EXAMPLES)
    for language, body in blocks:
        if language == "yaml":
            data = yaml.safe_load(body)
        else:
            data = tomllib.loads(body).get("tool", {}).get("govlint", {})
        errors = [e.message for e in check.iter_errors(data)]
        assert not errors, (body, errors)


def test_stale_document_is_detected(tmp_path):
    current = DOC.read_text(encoding="utf-8")
    stale = current.replace("### `fail_level`", "### `fail_level_old`")
    assert GEN.rewrite(stale, GEN.render_reference()) == current
    assert GEN.rewrite(current, GEN.render_reference()) == current
