"""Command line: arguments → API → output formats → exit code.  The only module that prints or exits."""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import sys
import threading
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence, cast

if TYPE_CHECKING:
    from .api import Linter
    from .check.rules import Rule
    from .api_types import FileResult
    from .autofix import Fixed
    from .options import Options

from . import __version__, cycle_cli, method_cache, regex_cache

EXIT_OK = 0  # nothing at or above the fail level
EXIT_FINDINGS = 1  # findings at or above the fail level
EXIT_ERROR = 2  # usage, input or configuration error
PROGRESS_MIN_FILES = 20
STDIN_NAME = "<stdin>"  # how standard input is named in output without --stdin-filename


def _list(text: str) -> list[str]:
    return [part for part in text.replace("，", ",").split(",") if part]


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("必须是 0 或正整数 / must be 0 or a positive whole number")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govlint", description="政府信息公开工作年度报告检查工具 / linter for government information disclosure annual reports", formatter_class=_HelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"govlint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=cast("type[argparse.ArgumentParser]", _Command))
    for name, (help_text, add_arguments) in _COMMANDS.items():
        sub.add_parser(name, help=help_text, add_arguments=add_arguments)
    return parser


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own help layout, as wide as it makes it (:func:`_terminal_columns`), without importing :mod:`shutil`:
    argparse makes a formatter for every option it adds (to try its metavar) and asks shutil for the terminal's width
    each time, and importing shutil (with bz2 and lzma) was a fortieth of a run answered from the result cache."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _terminal_columns() - 2 if width is None else width)


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: ``COLUMNS`` when it is a positive number, else the width of the terminal
    standard output is, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Command:
    """A command's parser as argparse keeps it, built when argparse hands it its part of the line
    (parsing it is all argparse asks of a command's parser): building the eight, with their options
    and help, cost a run answered from the result cache more than answering it."""

    def __init__(self, add_arguments: Callable[[argparse.ArgumentParser], None], **options: Any) -> None:
        self.add_arguments, self.options = add_arguments, options  # options: what argparse would build it with

    def parser(self) -> argparse.ArgumentParser:
        parser = argparse.ArgumentParser(formatter_class=_HelpFormatter, **self.options)
        self.add_arguments(parser)
        return parser

    def parse_known_args(self, args: Sequence[str] | None, namespace: argparse.Namespace | None) -> tuple[argparse.Namespace, list[str]]:
        return self.parser().parse_known_args(args, namespace)


def _parse_arguments(parse: argparse.ArgumentParser) -> None:
    parse.add_argument("file")
    parse.add_argument("--format", choices=("text", "json"), default="text")
    parse.add_argument("--template", help="强制使用模板 / force a template id (v2019, v2021)")


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, globs; - reads one report from standard input")
    check.add_argument("--stdin-filename", metavar="NAME", help="with -: the name standard input is checked as (configuration, per_file_ignores, output)")
    check.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false", default=None, help="also walk files .gitignore ignores")
    check.add_argument("--force-exclude", action="store_true", help="leave out excluded files even when named on the command line (pre-commit)")
    check.add_argument("--format", "--output-format", dest="format", default="text", help="stdout format: text | concise | json | sarif | github | gitlab | junit | html, or one a plugin adds (default text)")
    check.add_argument("--output-file", action="append", default=[], type=_output, metavar="FORMAT=FILE", help="also write FORMAT to FILE (repeatable)")
    check.add_argument("--config", help="use this configuration file for every input")
    check.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    check.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra folder of rule YAML files")
    check.add_argument("--template", help="force a template id")
    check.add_argument("--select", type=_list, default=[], help="only these rules (ids, prefixes, names, groups; comma-separated)")
    check.add_argument("--extend-select", type=_list, default=[], help="add these rules to the selection (configured or --select)")
    check.add_argument("--ignore", type=_list, default=[], help="switch these rules off")
    check.add_argument("--fail-level", choices=("error", "warning", "info", "none"), help="lowest severity that fails (default error; none: findings never fail)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings (input and configuration errors still exit 2)")
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline")
    check.add_argument("--write-baseline", metavar="FILE", help="record the current findings as the baseline")
    check.add_argument("--jobs", "-j", type=_count, default=0, help="worker processes (default 0: all cores)")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text output (auto: only on a terminal, and never with NO_COLOR)")
    check.add_argument("--no-progress", action="store_true", help="no progress counter on stderr")
    check.add_argument("--annotate", action="store_true", help="write each Word file's findings as review comments into a copy, draft.docx → draft.govlint.docx")
    check.add_argument("--annotate-to", metavar="FILE", help="like --annotate, into FILE (one .docx input)")
    check.add_argument("--fix", action="store_true", help="make each certain one-cell correction in .txt/.md/.docx files, print the diff on stderr, then report what is left")
    check.add_argument("--diff", action="store_true", help="print the diff --fix would make and change nothing (exit 1 when there is one)")
    check.add_argument("--skip-non-reports", action="store_true", help="skip named files that are not reports (README.md …) with a note, as folder walks do; for pre-commit")
    check.add_argument("--no-cache", action="store_true", help="lint every file again: neither read nor write the result cache (GOVLINT_NO_CACHE=1: no cache at all; govlint clean empties them)")
    cycle_cli.add_check_options(check)


def _extract_arguments(extract: argparse.ArgumentParser) -> None:
    extract.add_argument("paths", nargs="+", metavar="PATH")
    extract.add_argument("--format", choices=("csv", "jsonl", "xlsx"), default="csv", help="csv (default), jsonl, or xlsx (needs govlint[xlsx] and --output)")
    extract.add_argument("--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    extract.add_argument("--template", help="force a template id")
    extract.add_argument("--no-progress", action="store_true", help="no progress counter on stderr")


def _rules_arguments(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("rule", nargs="?")
    rules.add_argument("--rules", action="append", default=[], metavar="DIR")
    rules.add_argument("--test", metavar="DIR|PACK", help="run every example of the rules in a folder or an installed pack (exit 1 on a failure)")
    rules.add_argument("--example", nargs=2, metavar=("ID", "NAME"), help="print the report that example NAME of rule ID builds")


def _config_arguments(config: argparse.ArgumentParser) -> None:
    config.add_argument("path", nargs="?", default=".")
    config.add_argument("--config")
    config.add_argument("--isolated", action="store_true")


def _no_arguments(command: argparse.ArgumentParser) -> None:
    pass


# Each command, in the order help lists them: (its help, what adds its arguments).
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "parse": ("解析报告并输出模型 / print the parsed model", _parse_arguments),
    "check": ("检查报告 / lint reports (files, folders, globs)", _check_arguments),
    "extract": ("把每份报告的每个数字导出为表格数据 / every number of every report as rows (csv, jsonl, xlsx)", _extract_arguments),
    "rules": ("列出、解释或测试规则 / list rules, explain one, or test a rule pack", _rules_arguments),
    "pairs": (cycle_cli.PAIRS_HELP, cycle_cli.add_pairs_arguments),
    "clean": ("删除缓存的检查结果和规则数据 / remove the cached results and rule data (the folder GOVLINT_CACHE_DIR names)", _no_arguments),
    "server": ("语言服务器（LSP，经标准输入输出），编辑器中边写边查 / Language Server over stdio for editors", _no_arguments),
    "config": ("显示生效的配置及其来源 / show the effective configuration and its sources", _config_arguments),
}


def main(argv: Sequence[str] | None = None) -> int:
    from .errors import GovlintError

    collecting = gc.isenabled()
    _loading()  # until check has loaded its rules; other commands, once their arguments are read
    patterns = _StoredPatterns()
    stopping = _stop_cleanly_on_sigterm()
    shown = _note_warnings()
    methods = threading.current_thread() is threading.main_thread() and method_cache.install()  # dataclasses is the process's; put back in finally
    args: argparse.Namespace | None = None
    try:
        args = _parser().parse_args(argv)
        if args.command != "check":
            _loaded()
        if args.command not in ("check", "clean"):  # check: once it needs the linter; clean removes the file
            patterns.load()
        _warn_about_plugins()
        if args.command == "check":
            return _check(args, patterns)
        commands = {"parse": _parse, "extract": _extract, "rules": _rules, "config": _config, "server": _server, "clean": _clean}
        return {**commands, "pairs": _pairs}[args.command](args)
    except GovlintError as error:
        print(f"govlint: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    except BrokenPipeError:  # `govlint rules | head`: the reader has gone, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:  # the collector, warnings and SIGTERM as they were (main may run in a caller's process: tests, tools)
        if shown is not None:
            warnings.showwarning = shown
        gc.unfreeze()
        gc.enable() if collecting else gc.disable()
        if stopping is not None:
            signal.signal(signal.SIGTERM, stopping)
        cleaned = args is not None and args.command == "clean"  # clean leaves the folder empty
        if cleaned:
            method_cache.discard()  # whoever installed it (main, or the govlint command before main)
        if methods:
            method_cache.uninstall()
        if not cleaned:  # last: all is put back whatever it meets
            patterns.save()


class _StoredPatterns:
    """The compiled patterns kept between runs (:mod:`govlint.regex_cache`), in two files: the dozen
    every run compiles before it needs the linter, read at once, and the linter's 140, read only
    when it is needed (:meth:`load`): a run answered from the result cache needs none of those.
    The dataclass methods kept (:mod:`govlint.method_cache`) are read the same way."""

    def __init__(self) -> None:
        self.start = regex_cache.preload(regex_cache.START)
        self.before: frozenset[Any] | None = None  # re's cache when the linter's were read

    def load(self) -> None:
        if self.before is None:
            self.before = regex_cache.preload()
            method_cache.load()

    def save(self) -> None:
        """Store what was compiled since each file was read, in that file."""
        regex_cache.save(self.start, regex_cache.START, until=self.before)
        if self.before is not None:
            regex_cache.save(self.before)


def _stop_cleanly_on_sigterm() -> Any:
    """SIGTERM (a CI job cancelled, ``timeout``) ends the run as Ctrl-C does, exit 2: outputs not
    yet complete are not put in place and the batch's temporary folder is removed, where the
    default action would leave both.  Only in the main thread (elsewhere Python refuses it)."""
    _TERMINATED.clear()
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _interrupt)


_WARNED = threading.Event()  # Python showed a warning in this run (a rule's odd regex): a cached answer would not


def _note_warnings() -> Any:
    """Note every warning shown from here on (nothing of such a run is kept in the result cache);
    returns what showed them before, to be put back.  Only in the main thread: the hook is the
    process's, and a run in another thread uses no result cache."""
    if threading.current_thread() is not threading.main_thread():
        return None
    shown = warnings.showwarning

    def showing(*args: Any, **kwargs: Any) -> None:
        _WARNED.set()
        shown(*args, **kwargs)

    _WARNED.clear()
    warnings.showwarning = showing
    return shown


_TERMINATED = threading.Event()  # SIGTERM came: kept, since an exception raised in os.fork's callbacks is swallowed


def _interrupt(signum: int, frame: object) -> None:
    _TERMINATED.set()
    raise KeyboardInterrupt


def _stop_if_terminated() -> None:
    """End the run when a SIGTERM's KeyboardInterrupt was lost (it came while the pool forked a
    worker), before any output is put in place."""
    if _TERMINATED.is_set():
        raise KeyboardInterrupt


def _loading() -> None:
    """Loading makes long-lived objects only (modules, classes, compiled patterns, rules, parsers):
    the cyclic garbage collector would walk them some 60 times for nothing, about 7% of a cold
    ``govlint check``.  It waits until they are loaded, and then no longer sees them (:func:`_loaded`)."""
    gc.disable()


def _loaded() -> None:
    gc.freeze()
    gc.enable()


def _warn_about_plugins() -> None:
    from .plugin.manager import plugins

    for failure in plugins().failures:
        print(f"govlint: 警告 / warning: {failure}", file=sys.stderr)


def _parse(args: argparse.Namespace) -> int:
    from .api import Linter
    from .model_json import report_to_dict
    from .model_text import report_to_text

    linter = Linter(template=args.template)
    source = linter.read(args.file)
    report = linter.parse(source)
    if args.format == "json":
        print(json.dumps(report_to_dict(report, source), ensure_ascii=False, indent=2))
    else:
        print(report_to_text(report, source), end="")
    return EXIT_OK


def _check(args: argparse.Namespace, patterns: _StoredPatterns) -> int:
    from .discover import Discovery, expand_paths
    from .options import Options, default_jobs
    from .api_types import FileResult
    from .diagnostics import Severity
    from .plugin.manager import plugins
    from .report.base import FormatContext, RuleDescription
    from .report.outputs import STDOUT, OutputError, Outputs

    formatters = plugins().formatters()
    outputs = [("-", args.format), *args.output_file]
    for _, name in outputs:
        if name not in formatters:
            print(f"govlint: 未知的输出格式 / unknown format {name!r} (choose: {', '.join(sorted(formatters))})", file=sys.stderr)
            return EXIT_ERROR
    options = Options(
        config_file=args.config, isolated=args.isolated, rule_dirs=tuple(args.rules), template=args.template,
        select=tuple(args.select), extend_select=tuple(args.extend_select), ignore=tuple(args.ignore), skip_non_reports=args.skip_non_reports,
        baseline=None if args.write_baseline else args.baseline, published=args.published, roster=args.roster,
        keep_model=any(getattr(formatters[name], "needs_model", False) for _, name in outputs),
    )
    discovery = Discovery(args.config, args.isolated, args.respect_gitignore, args.force_exclude)
    stdin = "-" in args.paths
    if stdin and len(args.paths) > 1:
        print("govlint: 「-」（标准输入）不能与其他路径同时使用 / - (standard input) cannot be combined with other paths", file=sys.stderr)
        return EXIT_ERROR
    if stdin and (args.previous or args.roster):
        print("govlint: --previous、--roster 不能与「-」（标准输入）一起使用 / --previous and --roster need files, not standard input", file=sys.stderr)
        return EXIT_ERROR
    if args.stdin_filename and not stdin:
        print("govlint: --stdin-filename 只能与「-」（标准输入）一起使用 / --stdin-filename needs - as the path", file=sys.stderr)
        return EXIT_ERROR
    if stdin and args.fix and not args.diff:
        print("govlint: --fix 不能修改标准输入，请用 --diff 查看修改 / --fix cannot change standard input: use --diff", file=sys.stderr)
        return EXIT_ERROR
    if stdin:
        items = [(args.stdin_filename or STDIN_NAME, True)]
        if args.stdin_filename and args.force_exclude and not expand_paths([args.stdin_filename], discovery):
            return EXIT_OK  # an excluded file given on standard input (an editor or pre-commit): nothing to check
    else:
        items = expand_paths(args.paths, discovery)
    if not items:
        if args.force_exclude and any(os.path.isfile(p) for p in args.paths):
            print("govlint: 提示 / note: 所列文件均已排除 / every named file is excluded", file=sys.stderr)
            return EXIT_OK
        print("govlint: 没有找到要检查的文件 / no files to check", file=sys.stderr)
        return EXIT_ERROR
    annotated = _annotation_targets(args, items)
    if isinstance(annotated, str):
        print(f"govlint: {annotated}", file=sys.stderr)
        return EXIT_ERROR
    cache = None
    if not args.no_cache and threading.current_thread() is threading.main_thread():  # --no-cache: not even imported
        from .result_cache import run_cache

        cache = run_cache(args, options, formatters, plugins(), warned=_WARNED.is_set)
    # Before the linter loads anything: a key is made of the inputs as they were before they were read.
    answered = cache.answers(items) if cache is not None else None  # every file's result kept: nothing to load
    notes: Sequence[str]
    rules: Mapping[str, RuleDescription]
    if answered is None:
        patterns.load()  # before the linter's modules compile theirs
        from .runner import iter_lint_items, linter_for, lint_stdin

        first = linter_for(items[0][0], options)
        cross_year = first.checker.cross_year  # load and validate rules and configuration before reading any file
        notes, rules, configured_level = first.notes, {r.id: r for r in first.all_rules}, first.config.fail_level
    else:
        notes, rules, configured_level, cross_year = answered.notes, answered.rules, answered.fail_level, answered.cross_year
    _loaded()
    _print_notes(notes)
    jobs = args.jobs or default_jobs()
    if jobs > default_jobs():
        print(f"govlint: 提示 / note: --jobs {jobs} 超过可用的 {default_jobs()} 个处理器，改用 {default_jobs()} 个 / more jobs than processors: using {default_jobs()}", file=sys.stderr)
        jobs = default_jobs()
    if cache is not None:
        cache.jobs = jobs
    cycle = cycle_cli.prepare(args, items, options, jobs, cross_year)
    progress = not args.no_progress and sys.stderr.isatty() and len(items) >= PROGRESS_MIN_FILES
    cr = "\r" if progress else ""  # a message starts at the line's beginning, over the counter
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    fail_level = args.fail_level or configured_level
    level = None if args.exit_zero or fail_level == "none" else Severity.parse(fail_level)
    recorded: list[FileResult] = []  # only for --write-baseline: the baseline holds every finding
    statuses: list[FileResult] = []  # only for cross-year rules or a roster: each file's path and status
    failed = unreadable = not_annotated = False
    piped = _read_stdin() if stdin else None
    found: Iterable[FileResult]
    if answered is not None:
        found = answered.results
    elif piped is not None:
        found = [lint_stdin(piped, items[0][0], options)]
    else:
        def lint(chosen: Sequence[tuple[Any, ...]]) -> Iterator[FileResult]:
            return iter_lint_items(chosen, options=options, jobs=jobs, spool=cycle.spool)

        paired = bool(cycle.identities)  # the batch was paired by year: each result depends on it, not kept
        found = lint(cycle.items) if cache is None or paired else cache.through(cycle.items, lint, lambda path: linter_for(path, options))
    if args.diff:
        return _diff(found, piped, options)
    explicit = dict(items)
    unfixed = False  # a file --fix could not fix or write (exit 2 once the rest is done)
    try:
        with Outputs([(target, formatters[name]) for target, name in outputs], lambda target: FormatContext(
            rules=rules, color=color and target == STDOUT, statistics=args.statistics), sys.stdout) as written:
            for done, result in enumerate(found, 1):
                _stop_if_terminated()  # before --fix rewrites a file
                if args.fix:  # the file fixed and linted again: its outputs are of the file as it now is
                    result, fixed = _fix(result, explicit.get(result.path, True), options)
                    unfixed = unfixed or not fixed
                written.add(result)  # each output gets the file now; nothing of it is kept
                failed = failed or (level is not None and any(d.severity >= level for d in result.diagnostics))
                if result.error:
                    unreadable = True
                    print(f"{cr}govlint: {result.path}: {result.error}", file=sys.stderr)
                if args.write_baseline:
                    recorded.append(FileResult(result.path, result.diagnostics))
                if cross_year or args.roster:
                    statuses.append(FileResult(result.path, error=result.error, skipped=result.skipped))
                if annotated:
                    not_annotated = not _annotate([result], annotated, options) or not_annotated
                if progress:
                    print(f"\r已检查 / checked {done}/{len(items)}", end="", file=sys.stderr, flush=True)
            _stop_if_terminated()
    except OutputError as error:
        print(f"{cr}govlint: 无法写入 / cannot write {error.target}: {error.error.strerror or error.error}", file=sys.stderr)
        return EXIT_ERROR
    if progress:
        print(file=sys.stderr)
    if cache is not None:
        cache.close()
    if args.write_baseline:
        from .baseline import write_baseline

        try:
            count = write_baseline(recorded, Path(args.write_baseline))
        except OSError as error:
            print(f"govlint: 无法写入基线 / cannot write baseline {args.write_baseline}: {error.strerror or error}", file=sys.stderr)
            return EXIT_ERROR
        print(f"govlint: 已将 {count} 条问题写入基线 / wrote {count} findings to {args.write_baseline}", file=sys.stderr)
    cycle.close()  # the batch is done: what the pairing kept for it goes (early returns: when collected)
    said = cycle_cli.finish(args, cycle, cross_year, statuses)
    sys.stderr.write(said.note)
    (sys.stdout if args.format == "text" else sys.stderr).write(said.table)
    if not_annotated or unreadable or unfixed:
        return EXIT_ERROR
    if args.write_baseline or level is None:
        return EXIT_OK
    return EXIT_FINDINGS if failed or not said.roster_clean else EXIT_OK


def _read_stdin() -> bytes:
    """Standard input as bytes, at most one byte more than a file may have (the reader refuses it then)."""
    from .read import MAX_INPUT_BYTES

    return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)


def _pairs(args: argparse.Namespace) -> int:
    text, code = cycle_cli.pairs(args)
    if code:
        print("govlint: 没有找到要配对的文件 / no files", file=sys.stderr)
    sys.stdout.write(text)
    return code


def _extract(args: argparse.Namespace) -> int:
    """Rows out as each file is parsed; a file that cannot be read is reported and the run goes on (exit 2 at the end)."""
    import contextlib

    from .discover import expand_paths
    from .runner import Options, linter_for
    from .errors import InputError, NotAReportError
    from .extract import extract_file, row_writer
    from .output import atomic_file

    if args.format == "xlsx":
        if not args.output:
            print("govlint: xlsx 格式须用 --output 指定文件 / xlsx needs --output FILE", file=sys.stderr)
            return EXIT_ERROR
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            print("govlint: 导出 xlsx 需要安装 openpyxl：pip install 'govlint[xlsx]' / xlsx output needs openpyxl: pip install 'govlint[xlsx]'", file=sys.stderr)
            return EXIT_ERROR
    items = expand_paths(args.paths)
    if not items:
        print("govlint: 没有找到要导出的文件 / no files to extract", file=sys.stderr)
        return EXIT_ERROR
    options = Options(template=args.template)
    progress = not args.no_progress and sys.stderr.isatty() and len(items) >= PROGRESS_MIN_FILES
    cr = "\r" if progress else ""  # a message starts at the line's beginning, over the counter
    failed = False
    try:
        with atomic_file(args.output) if args.output else contextlib.nullcontext(sys.stdout.buffer) as out:
            sys.stdout.flush()
            writer, text = row_writer(args.format, out, bom=bool(args.output) and args.format == "csv")
            try:
                for done, (path, explicit) in enumerate(items, 1):
                    try:
                        for row in extract_file(linter_for(path, options), path):
                            writer.write(row)
                    except NotAReportError as error:  # a folder walk's README is skipped; a named one is an error
                        failed = failed or explicit
                        note = "" if explicit else "已跳过 / skipped: "
                        print(f"{cr}govlint: {path}: {note}{error.message}", file=sys.stderr)
                    except InputError as error:
                        failed = True
                        print(f"{cr}govlint: {path}: {error.message}", file=sys.stderr)
                    if progress:
                        print(f"\r已导出 / extracted {done}/{len(items)}", end="", file=sys.stderr, flush=True)
                writer.close()
            finally:
                if text is not None:  # hand the stream back, never close it (stdout stays usable)
                    text.flush()
                    text.detach()
    except BrokenPipeError:
        raise  # `govlint extract … | head`: main() ends quietly
    except OSError as error:
        print(f"govlint: 无法写入 / cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    if progress:
        print(file=sys.stderr)
    return EXIT_ERROR if failed else EXIT_OK


def _made(result: FileResult, piped: bytes | None, options: Options) -> tuple[Fixed | None, bool]:
    """The fixes a result's findings carry, made in memory (``piped``: standard input's bytes);
    ``(None, True)`` when there are none, ``(None, False)`` when the file cannot be fixed (said on stderr)."""
    from .autofix import fix_bytes, fix_file, fixes_of
    from .errors import InputError
    from .runner import linter_for

    fixes = fixes_of(result.diagnostics)
    if not fixes:
        return None, True
    try:
        read = linter_for(result.path, options).read_bytes  # the readers of the plugins that linted it
        return (fix_file(result.path, fixes, read) if piped is None else fix_bytes(piped, result.path, fixes, read)), True
    except InputError as error:
        print(f"govlint: {error}", file=sys.stderr)
        return None, False


def _fix(result: FileResult, explicit: bool, options: Options) -> tuple[FileResult, bool]:
    """``--fix``: write the file with its fixes made (atomically), print the diff on stderr, and
    lint it again; the result as the file now is, and False when it could not be fixed."""
    from .output import without_surrogates
    from .runner import iter_lint_items

    done, fixed = _made(result, None, options)
    if done is None or not done.count:
        return result, fixed
    if not _write_bytes(result.path, done.data):
        return result, False
    sys.stderr.write(without_surrogates(done.diff))
    print(f"govlint: 已修正 {done.count} 处 / fixed {done.count}: {result.path}", file=sys.stderr)
    return next(iter_lint_items([(result.path, explicit)], options=options)), True


def _diff(found: Iterable[FileResult], piped: bytes | None, options: Options) -> int:
    """``--diff``: the diff of each file's fixes on stdout, nothing changed; exit 1 when there is one."""
    from .output import without_surrogates

    changed = failed = False
    for result in found:
        _stop_if_terminated()
        if result.error:
            print(f"govlint: {result.path}: {result.error}", file=sys.stderr)
        done, fixed = _made(result, piped, options)
        failed = failed or not fixed or result.error is not None
        if done is not None and done.count:
            sys.stdout.write(without_surrogates(done.diff))
            changed = True
    _stop_if_terminated()
    return EXIT_ERROR if failed else EXIT_FINDINGS if changed else EXIT_OK


def _annotation_targets(args: argparse.Namespace, items: list[tuple[str, bool]]) -> dict[str, str] | str:
    """Each Word input → the file its annotated copy goes to, or why the request is refused.

    Named files must be .docx; folder walks annotate only the .docx files they find, and not
    earlier annotated copies.  The original is never the target.
    """
    if not (args.annotate or args.annotate_to):
        return {}
    named = [path for path, explicit in items if explicit and not path.lower().endswith(".docx")]
    if named:
        return f"--annotate 只能用于 Word 文件（.docx），不能用于 {named[0]} / --annotate works on .docx files only"
    if args.annotate_to and len(items) != 1:
        return "--annotate-to 只能用于一个 .docx 文件 / --annotate-to takes exactly one .docx input"
    words = [path for path, explicit in items if path.lower().endswith(".docx") and (explicit or not path.lower().endswith(".govlint.docx"))]
    targets = {path: args.annotate_to or str(Path(path).with_suffix(".govlint.docx")) for path in words}
    for path, target in targets.items():
        if os.path.realpath(target) == os.path.realpath(path):
            return f"批注副本不能覆盖原文件 / the annotated copy must not replace the original: {path}"
    return targets


def _annotate(results: list[FileResult], targets: dict[str, str], options: Options) -> bool:
    """Write the annotated copy of each Word file that was checked; False after any failure."""
    from .api import annotate_docx_file
    from .errors import InputError
    from .runner import linter_for

    for result in results:
        target = targets.get(result.path)
        if target is None or result.error or result.skipped:
            continue
        try:
            data = annotate_docx_file(result.path, result.diagnostics, linter=linter_for(result.path, options))
        except InputError as error:
            print(f"govlint: {error}", file=sys.stderr)
            return False
        if not _write_bytes(target, data):
            return False
        count = len(result.diagnostics)
        print(f"govlint: 已写入 {count} 条批注 / wrote {count} review comments: {target}", file=sys.stderr)
    return True


def _write_bytes(target: str, data: bytes) -> bool:
    """Replace ``target`` with ``data`` atomically; False, with the reason on stderr, when it cannot be written."""
    from .output import atomic_file

    try:
        with atomic_file(target) as out:
            out.write(data)
    except OSError as error:
        print(f"govlint: 无法写入 / cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return False
    return True


def _output(spec: str) -> tuple[str, str]:
    """``FORMAT=FILE`` → ``(FILE, FORMAT)``; anything else is a usage error (exit 2)."""
    name, sep, path = spec.partition("=")
    if not sep or not path or not name:
        raise argparse.ArgumentTypeError(f"格式是 FORMAT=FILE，例如 json=report.json / expected FORMAT=FILE, got {spec!r}")
    return path, name


def _rules(args: argparse.Namespace) -> int:
    from .api import Linter

    if args.test:
        return _rule_tests(args.test)
    if args.example:
        return _print_example(Linter(extra_rule_dirs=[Path(p) for p in args.rules]).all_rules, *args.example)
    linter = Linter(extra_rule_dirs=[Path(p) for p in args.rules])
    rules = linter.all_rules
    _print_notes(linter.notes)
    if args.rule is None:
        for rule in rules:
            templates = ",".join(rule.templates) or "all"
            print(f"{rule.id}  {rule.severity.label:<7} {rule.name:<36} {rule.title}  [{templates}]")
        return EXIT_OK
    match = [r for r in rules if args.rule in (r.id, r.name, *r.aliases)]
    if not match:
        print(f"govlint: 没有规则 / no rule {args.rule!r}", file=sys.stderr)
        return EXIT_ERROR
    rule = match[0]
    print(f"{rule.id} {rule.name}: {rule.title}\n")
    print(f"严重程度 / severity: {rule.severity.label}")
    print(f"适用模板 / templates: {', '.join(rule.templates) or '全部 / all'}")
    print(f"分组 / groups: {', '.join(rule.groups) or '-'}")
    print(f"检查 / check: {json.dumps(dict(rule.check), ensure_ascii=False)}\n")
    print(f"依据 / rationale:\n{rule.rationale.strip()}\n")
    print(f"消息 / message: {rule.message}")
    if rule.url:
        print(f"文档 / documentation: {rule.url}")
    print(f"文件 / file: {rule.path}")
    return EXIT_OK


def _print_notes(notes: Iterable[str]) -> None:
    for note in notes:
        print(f"govlint: {note}", file=sys.stderr)


def _rule_tests(target: str) -> int:
    """Each example's outcome on its own line, then the count; exit 1 when one fails."""
    from .testing.rule_tests import linter_for_target, rules_under, run_rule_tests

    linter, folders = linter_for_target(target)
    rules = rules_under(linter.all_rules, folders)
    _print_notes(linter.notes)
    if not rules:
        print(f"govlint: {target} 中没有规则 / no rules in {target}", file=sys.stderr)
        return EXIT_ERROR
    failed = total = 0
    for outcome in run_rule_tests(linter, rules):
        total += 1
        failed += outcome.problem is not None
        print(f"ok   {outcome.example.id}" if outcome.problem is None else f"FAIL {outcome.problem}", flush=True)
    print(f"{total} 个示例：{total - failed} 个通过，{failed} 个失败 / {total} examples: {total - failed} passed, {failed} failed")
    return EXIT_FINDINGS if failed else EXIT_OK


def _print_example(rules: Sequence[Rule], rule_id: str, name: str) -> int:
    from .testing.examples import ExampleError, example_text, iter_examples

    found = [e for e in iter_examples(r for r in rules if rule_id in (r.id, r.name, *r.aliases)) if e.data["name"] == name]
    if not found:
        print(f"govlint: 规则 {rule_id} 没有名为 {name} 的示例 / rule {rule_id} has no example {name!r}", file=sys.stderr)
        return EXIT_ERROR
    try:
        sys.stdout.write(example_text(found[0]))
    except ExampleError as error:
        print(f"govlint: {error}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _clean(args: argparse.Namespace) -> int:
    """``govlint clean`` (as ``ruff clean``): the cache folder emptied of what govlint keeps there."""
    from .result_cache import clean

    folder, removed = clean()
    if folder is None:
        print("govlint: 没有缓存目录（缓存已关闭） / no cache folder (caching is off)", file=sys.stderr)
    else:
        print(f"govlint: 已删除 {removed} 个缓存文件 / removed {removed} cache files from {folder}", file=sys.stderr)
    return EXIT_OK


def _server(args: argparse.Namespace) -> int:
    try:
        from .lsp import serve
    except ImportError as error:
        if error.name not in ("pygls", "lsprotocol") and not (error.name or "").startswith(("pygls.", "lsprotocol.")):
            raise
        print("govlint: 语言服务器需要安装可选组件 govlint[lsp] / govlint server needs the extra: pip install 'govlint[lsp]'", file=sys.stderr)
        return EXIT_ERROR
    serve()
    return EXIT_OK


def _config(args: argparse.Namespace) -> int:
    from .check.cycle import DEFAULT_RECYCLED_THRESHOLD
    from .config import Config, config_file_for, load_config

    if not os.path.exists(args.path):
        print(f"govlint: 路径不存在 / no such file or folder: {args.path}", file=sys.stderr)
        return EXIT_ERROR
    path = config_file_for(args.path, args.config, args.isolated)
    config = load_config(path) if path else Config()
    print(f"# 配置文件 / configuration file: {path or '（无，使用默认值） / none: defaults'}")
    defaults = {"select": "（全部规则 / all rules）", "ignore": [], "severity": {}, "per_file_ignores": {}, "template": "（自动识别 / detected）", "year": "（从标题读取 / from the title）", "rules": [], "plugins": [], "fail_level": "error", "exclude": "（默认：.git、.venv、build、dist、node_modules 等 / defaults）", "extend_exclude": [], "respect_gitignore": True, "cache": True,
                "agency": "（从标题读取 / from the title）", "agencies": {}, "level": "（由机关名称推断 / inferred from the name）", "levels": {},
                "published": "（页面上的发布时间 / the page's own date）", "deadlines": "（全国规定 / national）", "recycled_threshold": DEFAULT_RECYCLED_THRESHOLD}
    for key, default in defaults.items():
        value = config.values.get(key, default)
        source = config.sources.get(key, "默认值 / default")
        print(f"{key}: {json.dumps(value, ensure_ascii=False)}    # {source}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
