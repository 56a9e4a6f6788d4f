"""``govlint rules --test``: every example of every rule of a folder or an installed pack, run
without pytest, each with its outcome and, when it fails, the reason."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..api import Linter
from ..check.rules import Rule
from ..errors import RuleFileError
from .examples import Example, check_example, iter_examples


@dataclass(frozen=True)
class Outcome:
    example: Example
    problem: str | None  # None: the example behaves as declared


def pack_rule_dirs(name: str) -> list[Path] | None:
    """The rule folders of an installed pack, named by its entry point (``example_agency``) or its
    distribution (``govlint-example-agency``); None when no installed pack has that name."""
    wanted = name.replace("-", "_").lower()
    for entry in entry_points(group="govlint"):
        dist = entry.dist.name if entry.dist is not None else ""
        if wanted in (entry.name.replace("-", "_").lower(), dist.replace("-", "_").lower()):
            try:
                hook = getattr(entry.load(), "govlint_rule_paths", None)
            except Exception as error:  # a broken pack is reported, not a traceback
                raise RuleFileError(f"规则包 {name} 加载失败 / pack {name} failed to load: {error}") from None
            return [Path(p) for p in hook()] if callable(hook) else []
    return None


def linter_for_target(target: str) -> tuple[Linter, list[Path]]:
    """A linter that loads the folder or the pack ``target``, and the folders its rules come from."""
    if Path(target).is_dir():
        return Linter(extra_rule_dirs=[Path(target)]), [Path(target)]
    folders = pack_rule_dirs(target)
    if folders is None:
        raise RuleFileError(f"没有名为 {target} 的规则目录或已安装的规则包 / no rule folder or installed pack named {target!r}")
    return Linter(), folders


def rules_under(rules: Iterable[Rule], folders: Sequence[Path]) -> list[Rule]:
    roots = [folder.resolve() for folder in folders]
    return [rule for rule in rules if any(Path(rule.path).resolve().is_relative_to(root) for root in roots)]


def run_rule_tests(linter: Linter, rules: Iterable[Rule]) -> Iterator[Outcome]:
    for example in iter_examples(rules):
        yield Outcome(example, check_example(example, linter))
