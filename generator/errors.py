"""The exception hierarchy and the located problem record.

Every user-facing failure is a DayaError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One located finding about a file: `file:line:col: severity[code] message`."""

    file: str
    line: int
    col: int
    severity: Severity = field(compare=False)
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}[{self.code}] {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


class DayaError(Exception):
    """A failure a user can act on. Carries located problems when it is about a file."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = sorted(problems or [])

    def __str__(self) -> str:
        if self.problems:
            return "\n".join(str(p) for p in self.problems)
        return self.message


class ProgramInvalid(DayaError):
    """A program file could not be read or does not follow the format."""


class ProgramHasErrors(DayaError):
    """A program loaded but its logic checks found errors, so nothing is generated from it."""


class TemplateProblem(DayaError):
    """A Jinja template is broken, refers to something that does not exist, or broke the sandbox."""


class UnsafeOutputPath(DayaError):
    """An output path would land outside the output folder."""


class UsageError(DayaError):
    """The command line was used wrongly."""

    exit_code = 2


def relative_name(path: Path) -> str:
    """The path as the user wrote it if it is under the current folder, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class ProgramExists(DayaError):
    """`daya new` would write over a program that is already in programs/."""


class ScaffoldFailed(DayaError):
    """A program template could not be baked: a rejected answer or a broken template."""
