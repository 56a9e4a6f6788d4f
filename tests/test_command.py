"""The ``govlint`` command's process (:mod:`govlint.command`): main with modules deferred and the collector
left to the process."""

from __future__ import annotations

import os
import subprocess
import sys
from ast import literal_eval
from pathlib import Path

import pytest

from govlint.command import Deferred

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-report.md"


def test_a_deferred_module_is_imported_at_the_first_use_of_a_name(monkeypatch):
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    stand_in = Deferred("colorsys")
    monkeypatch.setitem(sys.modules, "colorsys", stand_in)
    import colorsys

    assert colorsys is stand_in and sys.modules["colorsys"] is stand_in  # importing it loads nothing
    assert colorsys.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
    real = sys.modules["colorsys"]
    assert real is not stand_in and not isinstance(real, Deferred) and real.rgb_to_hsv is colorsys.rgb_to_hsv
    with pytest.raises(AttributeError):
        colorsys.no_such_name


def test_the_collector_is_turned_off_before_the_standard_library_is_imported(tmp_path):
    """The command turns the garbage collector off before it imports what it needs: importing the package and the
    command imports none of typing, re or enum, whose imports the collector would otherwise walk (the console script
    imports re itself; ``python -m govlint`` does not).  The child starts without ``site`` (``-S``) and with this
    process's import path: an environment's ``.pth`` file may import all three at every start of the interpreter (one
    that imports certifi does)."""
    code = f"import sys; sys.path[:] = {sys.path!r}; import govlint.command; print(sorted({{'typing', 're', 'enum'}} & set(sys.modules)))"
    imported = subprocess.run([sys.executable, "-S", "-c", code], env={**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")},
                              capture_output=True, text=True, timeout=120)
    assert imported.stdout.strip() == "[]", imported.stderr[-400:]


def _command(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOVLINT_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("cache", ["--no-cache", "--jobs=1"])  # a miss, then (after the first run) a result-cache hit
def test_the_command_lints_as_main_does_without_importing_what_dataclasses_defers(tmp_path, cache):
    code = (
        "import gc, sys\n"
        "from govlint.command import run\n"
        f"sys.argv = ['govlint', 'check', {cache!r}, {str(SAMPLE)!r}]\n"
        "code = run()\n"
        "print(code, 'ast' in sys.modules, 'dis' in sys.modules, gc.get_freeze_count() > 0)\n"
    )
    for _ in range(2):
        ran = _command(code, tmp_path)
    lines = ran.stdout.splitlines()
    assert "GL103" in ran.stdout and lines[-1] == "1 False False True"  # findings; inspect's modules never loaded; left frozen
    main = _command(f"import sys\nfrom govlint.cli import main\nsys.exit(main(['check', {cache!r}, {str(SAMPLE)!r}]))", tmp_path)
    assert main.returncode == 1 and main.stdout.splitlines() == lines[:-1]



def test_the_command_line_s_own_classes_are_made_through_the_stored_methods(tmp_path):
    """The command installs the kept methods before it imports the command line (whose named tuples main could not
    reach), and stores them as main does."""
    from govlint import method_cache

    code = f"import sys\nfrom govlint.command import run\nsys.argv = ['govlint', 'check', '--no-cache', {str(SAMPLE)!r}]\nsys.exit(run())"
    assert _command(code, tmp_path).returncode == 1
    (start,) = (tmp_path / "cache").glob("methods-start-*.marshal")
    assert any("roster_clean" in text for text in method_cache._read(start))  # govlint.cycle_cli's Said


def test_a_warm_run_calls_no_compile(tmp_path):
    """The named tuples and dataclasses a run makes find their methods kept: the built-in ``compile`` is never called
    on a text of its own (a module's source may be, where no bytecode is kept), whose first call alone builds the
    interpreter's syntax-tree types (a typing.NamedTuple compiles its string annotations with it, even one made
    before the kept methods are in force)."""
    code = (
        "import builtins, sys\n"
        "calls = []\n"
        "compile = builtins.compile\n"
        "builtins.compile = lambda *args, **kwargs: (isinstance(args[0], str) and calls.append(args[0]), compile(*args, **kwargs))[1]\n"
        "from govlint.command import run\n"
        f"sys.argv = ['govlint', 'check', '--no-cache', {str(SAMPLE)!r}]\n"
        "code = run()\n"
        "print(code, calls)\n"
    )
    for _ in range(2):
        ran = _command(code, tmp_path)
    assert ran.stdout.splitlines()[-1] == "1 []"


def test_the_command_line_s_modules_find_their_patterns_kept(tmp_path):
    """The kept patterns are in re's cache before the command line's modules are imported (dataclasses, json and
    argparse's gettext compile theirs as they are imported): a warm run compiles no pattern but those the pattern
    store's own imports compile before it can put the kept ones in place."""
    record = (
        "import sys\nfrom re import _compiler\ncompiled = []\nreal = _compiler.compile\n"
        "_compiler.compile = lambda p, flags=0: (isinstance(p, str) and compiled.append(p), real(p, flags))[1]\n"
    )
    store = _command(f"{record}import govlint.regex_cache\nprint('json' in sys.modules)\nprint(compiled)", tmp_path)
    assert store.stdout.splitlines()[-2] == "False"  # json compiles its patterns where the command has put them
    command = f"{record}from govlint.command import run\nsys.argv = ['govlint', 'check', '--no-cache', {str(SAMPLE)!r}]\nrun()\nprint(compiled)"
    for _ in range(2):
        ran = _command(command, tmp_path)
    assert set(literal_eval(ran.stdout.splitlines()[-1])) <= set(literal_eval(store.stdout.splitlines()[-1]))


def test_importlib_finds_the_deferred_modules_in_the_command_s_process(tmp_path):
    """A plugin asking ``importlib.util.find_spec("ipaddress")`` when it is imported (an optional
    feature's check) failed to load under the command, its findings missing: the stand-in's own
    ``__spec__`` was None (the second reader's case).  The stand-in asks the module for it."""
    ran = _command("import importlib.util, sys\nfrom govlint.command import run\nsys.argv = ['govlint', 'rules', 'GL103']\nrun()\n"
                   "print([importlib.util.find_spec(name) is not None for name in ('inspect', 'copy', 'ipaddress', 'ntpath')])\n",
                   tmp_path)
    assert ran.returncode == 0, ran.stderr[-400:]
    assert ran.stdout.splitlines()[-1] == "[True, True, True, True]"


def test_a_deferred_module_used_first_by_many_threads_at_once_gives_every_one_its_names(monkeypatch):
    """Threads using a stand-in's name for the first time at once: each took it out of
    ``sys.modules``, and the second raised KeyError (the second reader's case, a race: it
    reproduced in a few hundred tries with a short switch interval).  Every thread gets the name
    of one module: none imports it a second time."""
    import concurrent.futures
    import threading

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    errors: list[BaseException] = []
    try:
        for _ in range(300):
            stand_in = Deferred("colorsys")
            monkeypatch.setitem(sys.modules, "colorsys", stand_in)
            barrier = threading.Barrier(8)
            found: list[object] = []

            def use() -> None:
                barrier.wait()
                try:
                    found.append(stand_in.rgb_to_hsv)
                except BaseException as error:  # noqa: BLE001 - every failure, as it happened
                    errors.append(error)

            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda _: use(), range(8)))
            assert len(found) == 8 and all(function is found[0] for function in found)
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
