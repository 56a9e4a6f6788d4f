"""Load a YAML data file safely and validate it against a JSON Schema, with located errors.

Every error names the file, the line and the path of the offending key, because the
people who write agency rules and templates should never see a traceback.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import yaml
from jsonschema import Draft202012Validator

from .errors import GovlintError

_UNEXPECTED = re.compile(r"\('([^']+)'")


@cache
def validator(schema_name: str) -> Draft202012Validator:
    text = resources.files("govlint.schemas").joinpath(schema_name).read_text(encoding="utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def load_validated(
    path: Path,
    schema_name: str,
    error: Callable[..., GovlintError],
    text: str | None = None,
) -> Any:
    """``yaml.safe_load`` the file and check it; raise ``error`` with file, line and key path."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise error(f"无法读取：{exc} / cannot read", path=str(path)) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise error(f"YAML 语法错误 / YAML syntax error{where}: {getattr(exc, 'problem', exc)}", path=str(path)) from None
    problems = sorted(validator(schema_name).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if problems:
        first = problems[0]
        keys = list(first.absolute_path)
        unexpected = _UNEXPECTED.search(first.message) if first.validator == "additionalProperties" else None
        if unexpected:
            keys.append(unexpected.group(1))  # point at the unknown key itself, not its parent
        line = _line_of(text, keys)
        dotted = ".".join(str(k) for k in keys) or "(top level)"
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        raise error(f"第{line}行 {dotted}: {first.message}{more} / line {line}, key {dotted}", path=str(path)) from None
    return data


def _line_of(text: str, keys: list[Any]) -> int:
    """Line (1-based) of the node at ``keys`` in the YAML text, found from the composed node tree."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(key)), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return node.start_mark.line + 1 if node is not None else 1
