"""The generated stand-alone report parser: current with grammars/report.lark, and parsing as Lark itself does."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from collections import deque
from pathlib import Path
from typing import Any, Iterator

import lark
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.parse import report_lalr
from govlint.parse.grammar import line_tokens, parse_lines
from govlint.parse.lines import Line
from govlint.parse.tree import Shape, resolve

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("gen_report_parser", ROOT / "scripts" / "gen_report_parser.py")
assert _spec is not None and _spec.loader is not None
generator = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generator)

STALE = "govlint/parse/report_lalr.py is out of date: run python scripts/gen_report_parser.py"
_TABLES = re.compile(r"^(DATA|MEMO) = \(\n(.*?)\n\)$", re.M | re.S)


# Lark before 1.3 (pyproject allows 1.2) writes a rule's name as its Token, 「Token('RULE', 'start')」: a string.
_TOKEN = re.compile(r"Token\('\w+', ('[^'\\]*')\)")


def tables(text: str) -> dict[str, Any]:
    return {name: ast.literal_eval(_TOKEN.sub(r"\1", value)) for name, value in _TABLES.findall(text)}


def test_tables_read_as_any_lark_since_1_2_writes_them():
    text = "DATA = (\n{'rules': [{'@': 0}]}\n)\nMEMO = (\n{0: {'origin': {'name': Token('RULE', 'start')}}}\n)\n"
    assert tables(text) == {"DATA": {"rules": [{"@": 0}]}, "MEMO": {0: {"origin": {"name": "start"}}}}


# What of Lark's options shapes a parse (a later lark may add others: they do not make the table stale).
RULE_OPTIONS = ("keep_all_tokens", "expand1", "priority", "template_source", "empty_indices")
PARSER_OPTIONS = ("parser", "start", "keep_all_tokens", "maybe_placeholders", "priority", "ambiguity")


def canonical(text: str) -> tuple[Any, ...]:
    """The parse table as the grammar determines it: Lark numbers tokens and states in an order that follows string
    hashing (so the Python version and the hash seed) and object identity (so each run), so states are renumbered in
    the order a walk from the start state meets them, tokens and rules named by what they are."""
    found = tables(text)
    memo, data = found["MEMO"], found["DATA"]

    def rule(ref: dict[str, int]) -> tuple[Any, ...]:
        r = memo[ref["@"]]
        options = tuple(r["options"].get(name) for name in RULE_OPTIONS)
        return r["origin"]["name"], tuple(s["name"] for s in r["expansion"]), r["order"], r["alias"], options

    table = data["parser"]["parser"]
    names, states = table["tokens"], table["states"]
    start = table["start_states"]["start"]
    number, queue, rows = {start: 0}, deque([start]), []
    while queue:
        state = queue.popleft()
        row = []
        for token, (action, arg) in sorted(states[state].items(), key=lambda item: names[item[0]]):
            if action == 0:  # shift (or goto)
                if arg not in number:
                    number[arg] = len(number)
                    queue.append(arg)
                row.append((names[token], "shift", number[arg]))
            else:
                row.append((names[token], "reduce", rule(arg)))
        rows.append(tuple(row))
    assert len(number) == len(states)  # every state is reachable: none is left out of the comparison
    options = [data["options"].get(name) for name in PARSER_OPTIONS]
    return tuple(rows), number[table["end_states"]["start"]], sorted(map(rule, data["rules"])), options


def test_the_parse_table_is_the_grammars():
    """Compared as tables, not as text: the grammar's table does not depend on the Python version, the hash seed or
    the run, nor on a lark upgrade that leaves the table alone."""
    committed = (ROOT / "govlint" / "parse" / "report_lalr.py").read_text(encoding="utf-8")
    assert canonical(committed) == canonical(generator.render()), STALE


def test_the_rest_is_what_the_generator_writes_for_its_version():
    """The rest of the text (the header and lark's version) is exactly what the generator writes with the installed
    lark when it is the version that wrote the file (another version may write the table otherwise, and the table
    test above still holds the grammar)."""
    committed = (ROOT / "govlint" / "parse" / "report_lalr.py").read_text(encoding="utf-8")
    assert committed.startswith(generator.HEADER)
    if report_lalr.__version__ == lark.__version__:
        assert _TABLES.sub("", committed) == _TABLES.sub("", generator.render()), STALE


def test_loading_the_parser_leaves_lark_s_own_logger_alone(tmp_path):
    """The stand-alone module logs under its own name: an application that turned on Lark's log keeps it (and one
    handler) when govlint loads its parser, as when govlint imported lark itself."""
    code = (
        "import logging, lark; lark.logger.setLevel(logging.DEBUG); handlers = list(lark.logger.handlers)\n"
        "import govlint.parse.grammar\n"
        "assert (lark.logger.level, lark.logger.handlers) == (logging.DEBUG, handlers), (lark.logger.level, lark.logger.handlers)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True, timeout=60)


class _LineLexer(lark.lexer.Lexer):
    """The full Lark's way in: the same tokens, as Lark's own Token."""

    def __init__(self, lexer_conf: object) -> None:
        pass

    def lex(self, lines: list[Line]) -> Iterator[lark.Token]:  # type: ignore[override]
        for token in line_tokens(lines):
            yield lark.Token(token.type, str(token), line=token.line, column=token.column)


def full_lark() -> lark.Lark:
    grammar = (ROOT / "grammars" / "report.lark").read_text(encoding="utf-8")
    return lark.Lark(grammar, parser="lalr", lexer=_LineLexer, maybe_placeholders=False, transformer=Shape())


FULL = full_lark()
KINDS = ["TITLE", "SECTION", "SUBHEAD", "TEXT", "CAPTION", "HEADER", "ROW", "ROWLABEL"]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from([None, "s1", "s2"])), max_size=60))
def test_the_stand_alone_parser_shapes_every_line_sequence_as_lark_does(kinds):
    lines = [Line(kind, n + 1, f"第{n}行", 1 + n % 3, section=section) for n, (kind, section) in enumerate(kinds)]
    shape = parse_lines(lines)
    assert shape == FULL.parse(lines)  # type: ignore[arg-type]
    assert resolve(shape, lines) == resolve(FULL.parse(lines), lines)  # type: ignore[arg-type]


def test_the_driver_refuses_what_of_lark_it_does_not_do():
    """A rule the driver would build otherwise than Lark (a ?rule, an alias, a rule without a method) fails loading."""
    from govlint.parse.lalr import Parser

    memo = dict(report_lalr.MEMO)
    with pytest.raises(ValueError, match="no method"):
        Parser(report_lalr.DATA, memo, object())
    rule = memo[0] = {**memo[0], "options": {**memo[0]["options"], "expand1": True}}
    assert rule["origin"]["name"] == "start"
    with pytest.raises(ValueError, match=r"\?rules"):
        Parser(report_lalr.DATA, memo, Shape())


def test_a_token_the_grammar_does_not_allow_is_a_parse_error():
    from govlint.parse.lalr import ParseError, Parser, Token

    parser = Parser(report_lalr.DATA, report_lalr.MEMO, Shape())
    with pytest.raises(ParseError, match="NUMBER"):
        parser.parse([Token("NUMBER", "0")])
    assert parser.parse([]) == ([], [])  # no line: an empty front, no section (as Lark)
