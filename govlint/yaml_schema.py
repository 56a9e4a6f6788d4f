"""Load a YAML data file safely and validate it against a JSON Schema, with located errors.

Every error names the file, the line and the path of the offending key, because the
people who write agency rules and templates should never see a traceback.  Validated
data is cached (:mod:`govlint.cache`), so PyYAML and jsonschema are imported only when a
file is new or changed.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .cache import DataCache, digest, file_stamp
from .errors import GovlintError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

_UNEXPECTED = re.compile(r"\('([^']+)'")


_VALIDATED = DataCache("validated")


@cache
def schema_text(schema_name: str) -> str:
    return (Path(__file__).parent / "schemas" / schema_name).read_text(encoding="utf-8")


@cache
def validator(schema_name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_text(schema_name))
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
            key = digest(file_stamp(path), schema_text(schema_name))
        except OSError as exc:
            raise error(f"无法读取：{exc} / cannot read", path=str(path)) from None
        return _VALIDATED.get_or_compute(key, lambda: _load(path, schema_name, error, None))
    return _load(path, schema_name, error, text)


def _load(path: Path, schema_name: str, error: Callable[..., GovlintError], text: str | None) -> Any:
    import yaml

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
    import yaml

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
