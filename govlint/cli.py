"""Command line: arguments → API → output format → exit code.  The only module that prints or exits."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

EXIT_OK = 0  # no finding at or above the fail level
EXIT_FINDINGS = 1  # findings at or above the fail level
EXIT_ERROR = 2  # usage, input or configuration error


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govlint", description="政府信息公开工作年度报告检查工具 / linter for government information disclosure annual reports")
    sub = parser.add_subparsers(dest="command", required=True)

    parse = sub.add_parser("parse", help="解析报告并输出模型 / print the parsed model")
    parse.add_argument("file")
    parse.add_argument("--format", choices=("text", "json"), default="text")
    parse.add_argument("--template", help="强制使用模板 / force a template id (v2019, v2021)")

    check = sub.add_parser("check", help="检查报告 / lint reports")
    check.add_argument("paths", nargs="+", metavar="FILE")
    check.add_argument("--format", default="text", help="text | json")
    check.add_argument("--rules", action="append", default=[], metavar="DIR", help="额外的规则目录 / extra rule folder")
    check.add_argument("--template", help="强制使用模板 / force a template id")

    rules = sub.add_parser("rules", help="列出或解释规则 / list rules, or explain one")
    rules.add_argument("rule", nargs="?")
    rules.add_argument("--rules", action="append", default=[], metavar="DIR")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from .errors import GovlintError

    args = _parser().parse_args(argv)
    try:
        if args.command == "parse":
            return _parse(args)
        if args.command == "check":
            return _check(args)
        return _rules(args)
    except GovlintError as error:
        print(f"govlint: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR


def _parse(args: argparse.Namespace) -> int:
    from .api import Linter
    from .report.model_json import report_to_dict
    from .report.model_text import report_to_text

    linter = Linter(template=args.template)
    report = linter.parse(linter.read(args.file))
    if args.format == "json":
        print(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2))
    else:
        print(report_to_text(report), end="")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .api import Linter, expand_paths
    from .diagnostics import Severity
    from .plugin.manager import plugins

    formatters = plugins().formatters()
    if args.format not in formatters:
        print(f"govlint: 未知的输出格式 / unknown format {args.format!r} (choose: {', '.join(sorted(formatters))})", file=sys.stderr)
        return EXIT_ERROR
    linter = Linter(extra_rule_dirs=[Path(p) for p in args.rules], template=args.template)
    linter.checker  # load and validate rules before reading any file
    files = expand_paths(args.paths)
    results = [linter.lint_file(p) for p in files]
    sys.stdout.write(formatters[args.format].format(results))
    for result in results:
        if result.error:
            print(f"govlint: {result.path}: {result.error}", file=sys.stderr)
    if any(r.error for r in results):
        return EXIT_ERROR
    failed = any(d.severity >= Severity.ERROR for r in results for d in r.diagnostics)
    return EXIT_FINDINGS if failed else EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from .api import Linter

    rules = Linter(extra_rule_dirs=[Path(p) for p in args.rules]).rules
    if args.rule is None:
        for rule in rules:
            templates = ",".join(rule.templates) or "all"
            print(f"{rule.id}  {rule.severity.label:<7} {rule.name:<32} {rule.title}  [{templates}]")
        return EXIT_OK
    match = [r for r in rules if args.rule in (r.id, r.name, *r.aliases)]
    if not match:
        print(f"govlint: 没有规则 / no rule {args.rule!r}", file=sys.stderr)
        return EXIT_ERROR
    rule = match[0]
    print(f"{rule.id} {rule.name}: {rule.title}\n")
    print(f"严重程度 / severity: {rule.severity.label}")
    print(f"适用模板 / templates: {', '.join(rule.templates) or '全部 / all'}")
    print(f"检查 / check: {json.dumps(dict(rule.check), ensure_ascii=False)}\n")
    print(f"依据 / rationale:\n{rule.rationale.strip()}\n")
    print(f"消息 / message: {rule.message}")
    print(f"文件 / file: {rule.path}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
