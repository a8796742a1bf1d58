"""The one front-matter parser of handbook pages: the YAML between the `---` lines at the top,
with the line and column of every value (through the program loader's YAML reader)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.core.messages import _m
from generator.core.yaml_reader import Position, YamlPath, parse_yaml
from generator.errors import DayaError, Problem


@dataclass(frozen=True)
class FrontMatter:
    """A page's front-matter: its values, where each was written, and where the body starts."""

    meta: dict[str, Any] = field(default_factory=dict)
    positions: dict[YamlPath, Position] = field(default_factory=dict)
    key_positions: dict[YamlPath, Position] = field(default_factory=dict)
    body_line: int = 1
    """1-based line where the body starts."""


class FrontMatterInvalid(DayaError):
    """The front-matter is not YAML keys and values; carries one located problem."""


def front_matter_end(lines: Sequence[str]) -> int | None:
    """Index of the line closing the front-matter, or None when the page has none."""
    if not lines or lines[0].rstrip("\r\n") != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") == "---":
            return i
    return None


def read_front_matter(lines: Sequence[str], name: str) -> FrontMatter:
    """The front-matter of a page given as its lines; FrontMatterInvalid names the bad line."""
    end = front_matter_end(lines)
    if end is None:
        return FrontMatter()
    if not any(line.strip() for line in lines[1:end]):
        return FrontMatter(body_line=end + 2)
    try:
        data, positions, key_positions = parse_yaml("\n".join(lines[1:end]) + "\n", name)
    except DayaError as exc:
        first = exc.problems[0] if exc.problems else None
        message = _m(
            "the front-matter is not valid YAML: {reason}",
            reason=first.message if first else exc.message,
        )
        line, col = ((first.line + 1), first.col) if first else (1, 1)
        problem = Problem(name, line, col, "error", "D400", message)
        raise FrontMatterInvalid(message, [problem]) from None
    if not isinstance(data, dict):
        message = _m("the front-matter must be keys and values (title: ...), not a list or text")
        raise FrontMatterInvalid(message, [Problem(name, 2, 1, "error", "D400", message)])
    return FrontMatter(
        data,
        {k: Position(v.line + 1, v.col) for k, v in positions.items()},
        {k: Position(v.line + 1, v.col) for k, v in key_positions.items()},
        end + 2,
    )


def page_body(text: str) -> str:
    """The text after the front-matter, line endings normalised to \\n."""
    lines = text.replace("\r\n", "\n").split("\n")
    end = front_matter_end(lines)
    return "\n".join(lines if end is None else lines[end + 1 :])
