"""What the commands print: lines for the user, with any control character shown, not obeyed."""

from __future__ import annotations

import os
import sys

from generator.errors import printable


def say(text: str) -> None:
    """Print a line for the user (a file name with an escape sequence prints as text)."""
    print(printable(text))


def colour(text: str, code: str) -> str:
    """ANSI colour on a terminal that wants it (not with NO_COLOR, not into a pipe)."""
    if sys.stdout.isatty() and "NO_COLOR" not in os.environ:
        return f"\033[{code}m{text}\033[0m"
    return text
