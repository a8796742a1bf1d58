"""The exception hierarchy and the located problem record.

Every user-facing failure is a DayaError.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
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


class TemplateProblem(DayaError):
    """A Jinja template is broken, refers to something that does not exist, or broke the sandbox."""


class UnsafeOutputPath(DayaError):
    """An output path would land outside the output folder."""


class UsageError(DayaError):
    """The command line was used wrongly."""

    exit_code = 2


def relative_name(path: Path) -> str:
    """The path relative to the current folder when it is inside it, else as given.

    Links are not resolved: a message names the link the user sees, not where it points.
    """
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


class ProgramExists(DayaError):
    """`daya new` would write over a program that is already in programs/."""


class ScaffoldFailed(DayaError):
    """A program template could not be baked: a rejected answer or a broken template."""


# --- Failures nobody expected -------------------------------------------------------------------

INTERNAL_ERROR_EXIT = 3
"""Exit code of `daya` when Daya itself failed (a bug), as opposed to a problem in the input."""


@contextmanager
def working_on(path: Path | str) -> Iterator[None]:
    """Remember which file was being worked on when something unexpected fails, so the one-line
    report (core/messages.internal_error_message) can name it (a DayaError already names its
    file)."""
    try:
        yield
    except DayaError:
        raise
    except Exception as exc:
        if not hasattr(exc, "daya_file"):
            exc.daya_file = relative_name(Path(path))  # type: ignore[attr-defined]
        raise


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text safe for a terminal: control characters (an escape sequence in a file name, say)
    are shown as `\\x1b` instead of being obeyed. Newlines and tabs stay."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
