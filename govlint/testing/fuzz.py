"""Fuzzing govlint: hostile inputs drawn by Hypothesis, each run under a deadline and a memory ceiling.

Inputs are generated reports, rendered in every text layout and encoding and as Word, HTML
and PDF, then mutated: bytes flipped, the file cut short, rows duplicated or removed,
numbers made extreme, NUL bytes, lone surrogates, mixed encodings, giant lines, many lines;
and, knowing the formats, table rows and cells changed inside a .docx, spans and nesting
inside HTML, objects and counts inside a PDF.  Configurations and rule folders are made
hostile too (lightly: their own limits are tested with them).

Every input must end with a result or a one-line input error, within :data:`DEADLINE_SECONDS`
of CPU and with the process under :data:`MEMORY_CEILING` while it runs, and never with an
exception or an 「内部错误」.  Memory is the process's peak resident size during that input alone:
on Linux the peak is reset before each input (``/proc/self/clear_refs``), elsewhere it only grows
and the first input that pushes it over is blamed.  The growth of each input over the resident
size it started from is reported too.  (``tracemalloc`` would attribute memory more finely but
slows linting fivefold.)  ``tests/fuzz`` runs a short profile with the test suite; the long one
is a command::

    python -m govlint.testing.fuzz --inputs 10000 [--save-failures DIR]
    python -m govlint.testing.fuzz --replay DIR/00042-pdf.bin …

which prints the inputs run, exceptions, the slowest input and the peak memory, and writes
each failing document's bytes to ``DIR`` (default ``fuzz-failures``) so it can be replayed alone.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import resource
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from ..api import Linter
from ..read import MAX_INPUT_BYTES
from .formats import render_docx, render_html, render_pdf
from .generate import sample_reports
from .render import ENCODINGS, LAYOUTS, render

# CPU seconds of this process, not wall time: on a shared machine an input's wall time says more
# about the other processes than about govlint.  The slowest real input (a PDF) takes about 2 s.
DEADLINE_SECONDS = 10.0
MEMORY_CEILING = 1024 * 1024 * 1024  # peak resident size of the whole process, libraries included
INTERNAL = "内部错误"
WEIGHTS = {"text": 12, "docx": 2, "html": 2}  # text layouts × encodings are most of the variety; a PDF takes 20 times as long
PROGRESS_EVERY = 500  # inputs between progress lines of the long profile

_NUMBER = re.compile(rb"\d+")


@dataclass
class Stats:
    """What a fuzz run saw: the figures the long profile prints."""

    inputs: int = 0
    failures: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")  # CPU seconds
    slowest_wall: tuple[float, str] = (0.0, "")
    peak: tuple[int, str] = (0, "")
    growth: tuple[int, str] = (0, "")  # the most one input added to the resident size it started from

    def summary(self) -> str:
        return (
            f"inputs run: {self.inputs}\nexceptions: {len(self.failures)}\n"
            f"slowest input: {self.slowest[0]:.2f} s CPU ({self.slowest[1]}); "
            f"longest wall time {self.slowest_wall[0]:.2f} s ({self.slowest_wall[1]})\n"
            f"peak memory: {self.peak[0] / 2**20:.1f} MB ({self.peak[1]}); "
            f"largest growth of one input {self.growth[0] / 2**20:.1f} MB ({self.growth[1]})\n"
            f"deadline {DEADLINE_SECONDS:.0f} s of CPU per input, memory ceiling {MEMORY_CEILING // 2**20} MB "
            f"(peak resident size {'of each input' if PEAK_PER_INPUT else 'of the whole run'})"
        )


class Base:
    """Documents to mutate, rendered once per process (rendering a PDF takes a second)."""

    _cache: dict[str, bytes] = {}

    @classmethod
    def get(cls, kind: str) -> bytes:
        if kind not in cls._cache:
            report = sample_reports(1, seed=7)[0]
            if kind == "docx":
                cls._cache[kind] = render_docx(report)
            elif kind == "html":
                cls._cache[kind] = render_html(report).encode("utf-8")
            elif kind == "pdf":
                cls._cache[kind] = render_pdf(report)
            else:
                layout, encoding = kind.split(":")
                cls._cache[kind] = render(report, layout).encode(encoding)
        return cls._cache[kind]


# --- byte-level mutations -------------------------------------------------------------------

def _flip(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 20)):
        out[rnd.randrange(len(out))] = rnd.randrange(256)
    return bytes(out)


def _truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(len(data))]


def _rows(data: bytes, rnd: random.Random, duplicate: bool) -> bytes:
    lines = data.split(b"\n")
    rows = [index for index, line in enumerate(lines) if b"\t" in line or line.startswith(b"|")]
    if not rows:
        return data
    row = rnd.choice(rows)
    copies = rnd.choice((2, 3, 50, 2000)) if duplicate else 0
    # Up to just past the input limit: a bigger input is refused unread, and building it here
    # (a 400 KB giant line 2,000 times is 800 MB) would count against the memory ceiling.
    copies = min(copies, max(2, 2 + (MAX_INPUT_BYTES - len(data)) // (len(lines[row]) + 1)))
    lines[row : row + 1] = [lines[row]] * copies
    return b"\n".join(lines)


def _extreme_number(data: bytes, rnd: random.Random) -> bytes:
    numbers = list(_NUMBER.finditer(data))
    if not numbers:
        return data
    number = rnd.choice(numbers)
    value = rnd.choice((b"9" * rnd.choice((16, 100, 4301, 20000)), b"-" + b"9" * 20, b"0." + b"1" * 5000,
                        b"1" * 15, b"99999999999999.99999", b"1e309", b"\xef\xbc\x99" * 30))
    return data[: number.start()] + value + data[number.end() :]


def _insert(data: bytes, rnd: random.Random, what: bytes) -> bytes:
    at = rnd.randrange(len(data) + 1)
    return data[:at] + what + data[at:]


def _nul(data: bytes, rnd: random.Random) -> bytes:
    return _insert(data, rnd, b"\x00" * rnd.choice((1, 10, 5000)))


def _surrogate(data: bytes, rnd: random.Random) -> bytes:
    return _insert(data, rnd, "\ud800\udfff\udc00".encode("utf-8", "surrogatepass"))


def _mixed_encoding(data: bytes, rnd: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    for index in rnd.sample(range(len(lines)), min(len(lines), rnd.randint(1, 10))):
        lines[index] = lines[index].encode(rnd.choice(("gb18030", "utf-16-le", "big5")), "replace").decode("latin-1")
    return "\n".join(lines).encode("latin-1", "replace")


def _giant_line(data: bytes, rnd: random.Random) -> bytes:
    what = rnd.choice(("1 ", "表", "|", "\t", "0\t", "（文字描述）", "XX "))  # placeholders: one finding, counted
    return _insert(data, rnd, what.encode() * rnd.choice((10_000, 200_000)))


def _many_lines(data: bytes, rnd: random.Random) -> bytes:
    return _insert(data, rnd, rnd.choice((b"\n", b"x\n", b"<!-- govlint-disable-next-line GL103 -->\n", b"| a | 1 |\n")) * 5_000)


BYTE_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "duplicate_rows": lambda d, r: _rows(d, r, True),
    "remove_rows": lambda d, r: _rows(d, r, False),
    "extreme_number": _extreme_number,
    "nul": _nul,
    "lone_surrogate": _surrogate,
    "mixed_encoding": _mixed_encoding,
    "giant_line": _giant_line,
    "many_lines": _many_lines,
}


# --- structure-aware mutations --------------------------------------------------------------

def _docx(data: bytes, rnd: random.Random) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"]
    choice = rnd.choice(("cell", "row", "span", "merge", "nest", "drop_part", "xml"))
    if choice == "cell":
        xml = _extreme_number(xml, rnd) if rnd.random() < 0.5 else xml.replace(b"<w:t>0</w:t>", b"<w:t>/</w:t>", rnd.randint(1, 20))
    elif choice == "row":
        xml = _element(xml, rnd, b"w:tr")
    elif choice == "span":
        xml = xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="%d"/>' % rnd.choice((0, 2, 999, 10**9)), rnd.randint(1, 5))
    elif choice == "merge":
        xml = xml.replace(b"<w:tcPr>", b'<w:tcPr><w:vMerge/>', rnd.randint(1, 30))
    elif choice == "nest":
        depth = rnd.choice((50, 3000))
        xml = xml.replace(b"<w:body>", b"<w:body>" + b"<w:sdt><w:sdtContent>" * depth + b"</w:sdtContent></w:sdt>" * depth, 1)
    elif choice == "drop_part":
        parts.pop(rnd.choice([n for n in parts if n != "word/document.xml"]))
    else:
        xml = _flip(xml, rnd)
    parts["word/document.xml"] = xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
    return out.getvalue()


def _element(xml: bytes, rnd: random.Random, tag: bytes) -> bytes:
    """Duplicate or remove one whole element (a table row, a <tr>)."""
    found = list(re.finditer(rb"<" + tag + rb"[ >].*?</" + tag + rb">", xml, re.DOTALL))
    if not found:
        return xml
    match = rnd.choice(found)
    middle = match.group() * rnd.choice((0, 2, 100))
    return xml[: match.start()] + middle + xml[match.end() :]


def _html(data: bytes, rnd: random.Random) -> bytes:
    choice = rnd.choice(("row", "span", "nest", "cell", "charset", "comment"))
    if choice == "row":
        return _element(data, rnd, b"tr")
    if choice == "span":
        attr = rnd.choice((b"colspan", b"rowspan"))
        return data.replace(b"<td", b'<td %s="%d"' % (attr, rnd.choice((0, -1, 7, 1000, 10**12))), rnd.randint(1, 10))
    if choice == "nest":
        depth = rnd.choice((100, 5000))
        return data.replace(b"<body>", b"<body>" + b"<div>" * depth, 1)
    if choice == "cell":
        return _extreme_number(data, rnd)
    if choice == "charset":
        return data.replace(b"<head>", b'<head><meta charset="%s">' % rnd.choice((b"gbk", b"utf-16", b"x-nonsense", b"latin-1")), 1)
    return _insert(data, rnd, b"<!--" + b"-" * rnd.choice((1, 100_000)))


def _pdf(data: bytes, rnd: random.Random) -> bytes:
    choice = rnd.choice(("object", "count", "xref", "length", "flip", "junk"))
    if choice == "object":
        objects = list(re.finditer(rb"\d+ 0 obj.*?endobj", data, re.DOTALL))
        match = rnd.choice(objects)
        return data[: match.start()] + match.group() * rnd.choice((0, 2)) + data[match.end() :]
    if choice == "count":
        return re.sub(rb"/Count \d+", b"/Count %d" % rnd.choice((0, 10**6, 10**30)), data, count=1)
    if choice == "xref":
        return _broken_xref(data)
    if choice == "length":
        return re.sub(rb"/Length \d+", b"/Length %d" % rnd.choice((0, 10**9)), data, count=rnd.randint(1, 5))
    if choice == "junk":
        return _pdf_junk(data, rnd)
    return _flip(data, rnd)


def _broken_xref(data: bytes) -> bytes:
    """pdfminer then scans the whole file line by line for objects."""
    return data.replace(b"xref", b"xrfe", 1)


def _pdf_junk(data: bytes, rnd: random.Random) -> bytes:
    """A giant line or tokens inside an object's dictionary, between objects or at the end,
    the cross-reference table often broken too (what pdfminer re-scans token by token)."""
    junk = rnd.choice((b"1 ", b"XX ", b"0\t", b"[ ", b"<< ", b"(", b"%", "（文字描述）".encode())) * rnd.choice((1_000, 50_000, 200_000))
    places = [m.end() for m in re.finditer(rb"\d+ 0 obj|endobj\r?\n", data)] + [len(data)]
    at = rnd.choice(places)
    data = data[:at] + junk + rnd.choice((b"", b"\n")) + data[at:]
    return _broken_xref(data) if rnd.random() < 0.5 else data


FORMAT_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {"docx": _docx, "html": _html, "pdf": _pdf}


# --- hostile configurations and rule folders ------------------------------------------------

HOSTILE_CONFIGS: tuple[str, ...] = (
    "[tool.govlint]\nselect = [\"GL999\"]\n",
    "[tool.govlint]\nselect = 5\n",
    "[tool.govlint\n",
    "[tool.govlint]\nseverity = {GL101 = \"fatal\"}\n",
    "[tool.govlint]\nyear = 99999999999999999999999\n",
    "[tool.govlint]\nrules = [\"/nonexistent\"]\n",
    "[tool.govlint]\nper_file_ignores = {\"[\" = [\"GL101\"]}\n",
    "[tool.govlint]\n" + "a = [" * 200 + "]" * 200 + "\n",
    "\x00\xff",
)
HOSTILE_RULES: tuple[str, ...] = (
    "id: GL777\nname: x\n",
    "id: [\n",
    "- a\n- b\n",
    "id: GL101\nname: cell.blank\ntitle: t\nseverity: error\nmessage: m\nrationale: r\ncheck: {kind: nonesuch}\n",
    "a: &a [1]\nb: *a\n",
    "\x00\x01",
    "id: GL778\nname: x.y\ntitle: t\nseverity: error\nmessage: '{left:>99}'\nrationale: r\ncheck: {kind: relation, expr: '" + "(" * 50 + "t3.r1.total" + ")" * 50 + " == 0'}\n",
)


# --- running one input ----------------------------------------------------------------------

def run_input(name: str, run: Callable[[], Any], stats: Stats) -> str | None:
    """Run one input; return what went wrong (an exception, an internal error, too slow, too big)."""
    before = stats.peak[0]
    start_size = start_peak()
    start, wall = time.process_time(), time.perf_counter()
    problem = None
    try:
        outcome = run()
        error = getattr(outcome, "error", None) or ""
        if INTERNAL in error:
            problem = f"{name}: {error}"
    except Exception as exc:  # noqa: BLE001 - what the fuzz exists to find
        problem = f"{name}: {type(exc).__name__}: {exc}"[:500]
    elapsed, waited = time.process_time() - start, time.perf_counter() - wall
    peak = peak_memory()
    stats.inputs += 1
    stats.slowest = max(stats.slowest, (elapsed, name))
    stats.slowest_wall = max(stats.slowest_wall, (waited, name))
    stats.growth = max(stats.growth, (peak - start_size, name))
    if peak > stats.peak[0]:
        stats.peak = (peak, name)
    if problem is None and elapsed > DEADLINE_SECONDS:
        problem = f"{name}: {elapsed:.1f} s of CPU, over the deadline"
    over = peak > MEMORY_CEILING and (PEAK_PER_INPUT or before <= MEMORY_CEILING)  # else: blamed on the first input over
    if problem is None and over:
        problem = f"{name}: {peak / 2**20:.0f} MB ({(peak - start_size) / 2**20:+.0f} MB), over the memory ceiling"
    if problem:
        stats.failures.append(problem)
    return problem


_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _can_reset_peak() -> bool:
    try:
        _CLEAR_REFS.write_text("5")  # Linux: "5" resets the peak resident size (VmHWM) to the current one
        return "VmHWM:" in _STATUS.read_text()
    except OSError:
        return False


PEAK_PER_INPUT = _can_reset_peak()


def start_peak() -> int:
    """Start measuring one input: the peak is reset where the system allows; the resident size now."""
    if PEAK_PER_INPUT:
        _CLEAR_REFS.write_text("5")
        return _status_bytes("VmRSS")
    return peak_memory()


def peak_memory() -> int:
    """The process's peak resident size in bytes: since the last reset (Linux), or of the whole run."""
    if PEAK_PER_INPUT:
        return _status_bytes("VmHWM")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS reports bytes, Linux kilobytes


def _status_bytes(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", _STATUS.read_text(), re.MULTILINE)
    return int(match.group(1)) * 1024 if match else 0


def _text_kinds() -> list[str]:
    return [f"{layout}:{encoding}" for layout in LAYOUTS for encoding in ENCODINGS]


@st.composite
def document_inputs(draw: Callable[[Any], Any], formats: tuple[str, ...] = ("text", "docx", "html", "pdf")) -> tuple[str, bytes]:
    """``(description, bytes)``: a rendered report of some kind, mutated one to three times."""
    fmt = draw(st.sampled_from([f for f in formats for _ in range(WEIGHTS.get(f, 1))]))
    kind = draw(st.sampled_from(_text_kinds())) if fmt == "text" else fmt
    rnd = random.Random(draw(st.integers(0, 2**32)))
    data = Base.get(kind)
    names = []
    if fmt in FORMAT_MUTATIONS and rnd.random() < 0.7:  # on the intact file: it must still parse
        data = FORMAT_MUTATIONS[fmt](data, rnd)
        names.append("structure")
    for _ in range(draw(st.integers(0 if names else 1, 2))):
        mutation = rnd.choice(sorted(BYTE_MUTATIONS))
        data = BYTE_MUTATIONS[mutation](data, rnd) if data else data
        names.append(mutation)
    return f"{kind} {'+'.join(names)}", data


_LINTER: list[Linter] = []


def lint_input(data: bytes, name: str = "<fuzz>") -> Any:
    """Lint bytes through the library API, with one linter for the whole run, and format the
    result in every output format (formatting is part of not crashing)."""
    from ..plugin.manager import plugins
    from ..report.base import FormatContext

    if not _LINTER:
        _LINTER.append(Linter())
    linter = _LINTER[0]
    result = linter.lint_bytes(data, name)
    rules = {r.id: r for r in linter.all_rules}
    for formatter in plugins().formatters().values():
        formatter.format([result], FormatContext(rules=rules, color=False, statistics=True, baseline_fixed=0))
    return result


def lint_cli(args: list[str]) -> int:
    """The CLI in-process: it must return an exit code (a traceback would be an exception here)."""
    from contextlib import redirect_stderr, redirect_stdout

    from ..cli import main

    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main(args)
    if code not in (0, 1, 2):
        raise AssertionError(f"exit code {code}")
    if code == 2 and err.getvalue().count("\n") != 1:
        raise AssertionError(f"exit 2 without one line: {err.getvalue()[:300]!r}")
    return code


def config_input(folder: Path, config: str, rules: str | None, report: bytes) -> Callable[[], int]:
    """A project folder with a hostile configuration (and rule folder), linted by the CLI."""

    def run() -> int:
        (folder / "pyproject.toml").write_text(config, encoding="utf-8", errors="surrogateescape")
        args = ["check", "--no-progress", str(folder / "report.md")]
        if rules is not None:
            (folder / "rules").mkdir(exist_ok=True)
            (folder / "rules" / "x.yaml").write_text(rules, encoding="utf-8", errors="surrogateescape")
            args[1:1] = ["--rules", str(folder / "rules")]
        (folder / "report.md").write_bytes(report)
        return lint_cli(args)

    return run


def fuzz(
    inputs: int, *, seed: int | None = None, formats: tuple[str, ...] = ("text", "docx", "html", "pdf"),
    configurations: bool = True, progress: bool = False, save: Path | None = None,
) -> Stats:
    """Run ``inputs`` documents, and every hostile configuration and rule file once; a failing
    document's bytes are written to ``save`` (a folder) when given."""
    stats = Stats()
    with tempfile.TemporaryDirectory() as temp:
        if not configurations:
            return _documents(inputs, seed, formats, stats, progress, save)
        report = Base.get("tabs:utf-8")
        for index, config in enumerate(HOSTILE_CONFIGS):
            folder = Path(temp, f"c{index}")
            folder.mkdir()
            run_input(f"config {index}", config_input(folder, config, None, report), stats)
        for index, rules in enumerate(HOSTILE_RULES):
            folder = Path(temp, f"r{index}")
            folder.mkdir()
            run_input(f"rules {index}", config_input(folder, "", rules, report), stats)
    return _documents(inputs, seed, formats, stats, progress, save)


def _documents(
    inputs: int, seed: int | None, formats: tuple[str, ...], stats: Stats, progress: bool = False, save: Path | None = None
) -> Stats:
    @settings(max_examples=inputs, deadline=None, database=None, suppress_health_check=list(HealthCheck), phases=(Phase.generate,))
    @given(document_inputs(formats))
    def one(case: tuple[str, bytes]) -> None:
        name, data = case
        problem = run_input(name, lambda: lint_input(data), stats)
        if problem and save is not None:
            problem = f"{problem} [{save_failure(save, stats.inputs, name, data)}]"
            stats.failures[-1] = problem
        if progress and problem:
            sys.stderr.write(f"FAIL {problem}\n")
        if progress and stats.inputs % PROGRESS_EVERY == 0:
            sys.stderr.write(f"… {stats.inputs} inputs, {len(stats.failures)} failures, slowest {stats.slowest[0]:.2f} s, "
                             f"peak {stats.peak[0] / 2**20:.0f} MB\n")

    (hypothesis_seed(seed)(one) if seed is not None else one)()
    return stats


def save_failure(folder: Path, number: int, name: str, data: bytes) -> Path:
    """Keep a failing document for :func:`replay`: ``00042-pdf-giant_line-duplicate_rows.bin``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{number:05}-{re.sub(r'[^A-Za-z0-9_]+', '-', name).strip('-')}.bin"
    path.write_bytes(data)
    return path


def replay(paths: list[Path]) -> Stats:
    """Run saved documents again, each under the same deadline and memory ceiling."""
    stats = Stats()
    for path in paths:
        data = path.read_bytes()
        run_input(path.name, lambda: lint_input(data), stats)
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govlint.testing.fuzz", description="Fuzz govlint with hostile inputs.")
    parser.add_argument("--inputs", type=int, default=10_000, help="documents to generate (default 10000)")
    parser.add_argument("--seed", type=int, help="Hypothesis seed, to repeat a run")
    parser.add_argument("--save-failures", type=Path, default=Path("fuzz-failures"), metavar="DIR",
                        help="where the bytes of each failing document are written (default: fuzz-failures)")
    parser.add_argument("--replay", type=Path, nargs="+", metavar="FILE", help="run saved documents instead of generating")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    stats = replay(args.replay) if args.replay else fuzz(args.inputs, seed=args.seed, progress=True, save=args.save_failures)
    # A command of its own (python -m govlint.testing.fuzz), so it writes its report itself.
    sys.stdout.write(f"{stats.summary()}\ntotal time: {time.perf_counter() - start:.0f} s\n")
    sys.stderr.writelines(f"FAIL {failure}\n" for failure in stats.failures[:50])
    return 1 if stats.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
