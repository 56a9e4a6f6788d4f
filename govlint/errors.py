"""Tool failures, as opposed to findings about a report.

    GovlintError
    ├── InputError           the file cannot be read as a report (exit code 2)
    │   └── NotAReportError  it reads, but holds no title, section or table of a report
    ├── CheckError           a check kind failed on one file (a bug): that file is not checked
    ├── RuleFileError        a rule or template file is invalid
    ├── ConfigError          a configuration file is invalid
    └── PluginError          a plugin failed to load or misbehaved

Every message is bilingual (Chinese first) and fits on one line, because the CLI
prints it as is.
"""

from __future__ import annotations


class GovlintError(Exception):
    """Base class: carries a one-line bilingual message."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(GovlintError):
    """The input is empty, binary, too large, in an unknown encoding or not a report."""


class NotAReportError(InputError):
    """Readable text with nothing of a report in it: skipped in directory walks, an error when named."""


class CheckError(GovlintError):
    """A check kind raised while checking one file: reported for that file, the run goes on."""


class RuleFileError(GovlintError):
    """A rule or template file breaks the schema; the message names file, line and key."""


class ConfigError(GovlintError):
    """A configuration file breaks the schema."""


class PluginError(GovlintError):
    """A plugin could not be loaded or returned something unusable."""
