"""Configuration, rule and template files read within bounds: size, nesting and YAML alias expansion.

These files are written by anyone whose repository govlint runs in.  Read naively, 700 bytes of
nested YAML anchors (a "billion laughs") expand to gigabytes once the data is validated or
cached, and a few thousand nested brackets overflow the recursive YAML composer, the TOML parser
or the JSON Schema validator.  So every such file is read here, and only here:

- at most :data:`MAX_BYTES` are read, from a regular file only (never a FIFO or a device);
- a YAML text is first walked as a stream of parser events, which is linear and not recursive,
  counting nesting depth and the nodes the document holds once every alias is expanded; only a
  text within :data:`MAX_DEPTH` and :data:`MAX_NODES` is then built with ``yaml.safe_load``;
- a YAML string holding a lone surrogate (``"\\ud800"``), which no output can encode, is refused;
- TOML data deeper than :data:`MAX_DEPTH` is refused the same way.

Every refusal is the caller's error class with a bilingual message and, for YAML, the line.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Callable

from .errors import GovlintError
from .output import SURROGATE

MAX_BYTES = 2 * 1024 * 1024  # far above any real rule, template or configuration file
MAX_DEPTH = 32  # nested mappings and lists; rule files need about 6
MAX_NODES = 200_000  # scalars and collections after alias expansion

Error = Callable[..., GovlintError]


def read_text(path: Path, error: Error) -> str:
    """The file's UTF-8 text, refused when it is not a regular file or larger than :data:`MAX_BYTES`."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens without waiting for a writer
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise error("不是普通文件 / not a regular file", path=str(path))
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise error(f"无法读取：{exc.strerror or exc} / cannot read", path=str(path)) from None
    if len(data) > MAX_BYTES:
        raise error(f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB） / file larger than {MAX_BYTES} bytes", path=str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"不是 UTF-8 文本：{exc.reason}（第{exc.start}字节） / not UTF-8 text", path=str(path)) from None


def load_yaml(text: str, path: Path, error: Error) -> Any:
    """``yaml.safe_load`` of a text that was first checked for size, depth and alias expansion."""
    import yaml

    if len(text) > MAX_BYTES:
        raise error(f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB） / file larger than {MAX_BYTES} bytes", path=str(path))
    try:
        _check_events(text, path, error)
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise error(f"YAML 语法错误 / YAML syntax error{where}: {' '.join(str(getattr(exc, 'problem', None) or exc).split())}", path=str(path)) from None


def _check_events(text: str, path: Path, error: Error) -> None:
    """Depth and expanded size from the parser's events, before any node is built.

    An anchored collection's expanded size is known when it ends; an alias adds that size.  An
    alias to a collection still open would be a recursive structure: refused as well.
    """
    import yaml

    sizes: dict[str, int] = {}  # anchor → nodes it stands for
    frames: list[tuple[int, str | None]] = []  # open collections: (nodes counted before it started, anchor)
    total = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in (anchor for _, anchor in frames):
                raise error(f"第{line}行：别名 *{event.anchor} 引用了包含它自身的节点 / line {line}: recursive alias", path=str(path))
            total += sizes.get(event.anchor or "", 1)  # an undefined alias is reported by safe_load
        elif isinstance(event, yaml.ScalarEvent):
            total += 1
            surrogate = SURROGATE.search(event.value)  # "\ud800" in quotes: no output can carry it
            if surrogate:
                code = f"\\u{ord(surrogate[0]):x}"
                raise error(f"第{line}行：含有不成对的代理字符 {code} / line {line}: lone surrogate {code}", path=str(path))
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            frames.append((total, event.anchor))
            total += 1
            if len(frames) > MAX_DEPTH:
                raise error(f"第{line}行：嵌套超过 {MAX_DEPTH} 层 / line {line}: nested deeper than {MAX_DEPTH} levels", path=str(path))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            before, anchor = frames.pop()
            if anchor:
                sizes[anchor] = total - before
        if total > MAX_NODES:
            raise error(
                f"第{line}行：展开别名后超过 {MAX_NODES} 个节点（YAML 别名炸弹？） / line {line}: "
                f"more than {MAX_NODES} nodes once aliases are expanded",
                path=str(path),
            )


def load_toml(path: Path, error: Error) -> dict[str, Any]:
    """A TOML file within the size and depth bounds."""
    import tomllib  # only for a pyproject.toml: its import (and datetime's) is not on every start

    text = read_text(path, error)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"TOML 语法错误 / invalid TOML: {exc}", path=str(path)) from None
    except RecursionError:
        data = None
    if data is None or depth(data) > MAX_DEPTH:
        raise error(f"TOML 嵌套超过 {MAX_DEPTH} 层 / TOML nested deeper than {MAX_DEPTH} levels", path=str(path))
    return data


def depth(data: Any) -> int:
    """Nesting depth of lists and mappings, measured without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def line_of(text: str, keys: list[Any]) -> int:
    """Line (1-based) of the node at ``keys`` in a YAML text already loaded within bounds."""
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
