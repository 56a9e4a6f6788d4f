"""Load a YAML data file within bounds and validate it against a JSON Schema, with located errors.

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
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .cache import DataCache, cache_limit, digest, file_stamp
from .data_files import line_of, load_yaml, read_text
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


def load_validated(path: Path, schema_name: str, error: Callable[..., GovlintError]) -> Any:
    """Read the file within bounds, ``yaml.safe_load`` it and check it; raise ``error`` with file, line and key path."""
    try:
        key = digest(file_stamp(path), schema_text(schema_name))
        size = path.stat().st_size
    except OSError as exc:
        raise error(f"无法读取：{exc.strerror or exc} / cannot read", path=str(path)) from None
    return _VALIDATED.get_or_compute(key, lambda: _load(path, schema_name, error), max_bytes=cache_limit(size))


def _load(path: Path, schema_name: str, error: Callable[..., GovlintError]) -> Any:
    text = read_text(path, error)
    data = load_yaml(text, path, error)
    problems = sorted(validator(schema_name).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if problems:
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        raise located(error, path, problem_keys(problems[0]), f"{problems[0].message}{more}", text)
    return data


def problem_keys(problem: Any) -> list[Any]:
    """The key path of a JSON Schema error; for an unexpected key, the key itself, not its parent."""
    keys = list(problem.absolute_path)
    unexpected = _UNEXPECTED.search(problem.message) if problem.validator == "additionalProperties" else None
    return [*keys, unexpected.group(1)] if unexpected else keys


def located(error: Callable[..., GovlintError], path: Path, keys: Sequence[Any], message: str, text: str | None = None) -> GovlintError:
    """``error`` for the node at ``keys`` of the file: 「第12行 check.assert: …」, with the line."""
    line = line_of(read_text(path, error) if text is None else text, list(keys))
    dotted = ".".join(str(k) for k in keys) or "(top level)"
    return error(f"第{line}行 {dotted}: {message} / line {line}, key {dotted}", path=str(path))
