"""What the commands print: lines for the user, with any control character shown, not obeyed."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from generator.errors import printable

T = TypeVar("T")
PROGRESS_FROM = 10
"""A bar for this many items or more: fewer go by too quickly to need one."""


def say(text: str) -> None:
    """Print a line for the user (a file name with an escape sequence prints as text)."""
    print(printable(text))


def colour(text: str, code: str) -> str:
    """ANSI colour on a terminal that wants it (not with NO_COLOR, not into a pipe)."""
    if sys.stdout.isatty() and "NO_COLOR" not in os.environ:
        return f"\033[{code}m{text}\033[0m"
    return text


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """`items`, with a progress bar on stderr while a long command works through them.

    The bar (rich's) shows only on a terminal and for more than a handful of items; into a
    pipe or a CI log, nothing is drawn. Without rich installed (the pre-commit hook's small
    environment), the items come through without a bar. `total` is needed when `items` has no
    length (results arriving from worker processes).
    """
    count = total if total is not None else len(items)  # type: ignore[arg-type]
    if count < PROGRESS_FROM or not sys.stderr.isatty() or "CI" in os.environ:
        yield from items
        return
    try:
        from rich.console import Console
        from rich.progress import track
    except ImportError:
        yield from items
        return
    yield from track(
        items,
        description=description,
        total=count,
        console=Console(stderr=True),
        transient=True,
    )


def tracker(description: str) -> Callable[[Iterable[T], int], Iterator[T]]:
    """progress() with its description given first: for check_programs' `track`."""
    return lambda items, total: progress(items, description, total)
