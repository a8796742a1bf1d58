"""Making program text inert where it is shown: Markdown and HTML, Mermaid labels.

Program text is untrusted: every value a template prints goes through `escape_markdown`
(the environment's `finalize`), so HTML and Markdown in it show as literal text. Only values
marked safe (`Markup`) — labels, formatted numbers, links built in Python — are printed as
they are.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "|": "&#124;",
        **{char: "\\" + char for char in "\\`*_{}[]#!~^"},
    }
)
_BLOCK_START = re.compile(r"^(\s*)([-+=:?]|\d+[.)](?=\s|$))")
"""What starts a block at the head of a line: a list, rule, setext underline, definition or
collapsible block (`- `, `---`, `===`, `: `, `???`, `1. `). The rest is escaped above."""


def escape_markdown(text: Any) -> Markup:
    """Make any text inert in Markdown *and* HTML, on one line (safe in a table cell)."""
    if isinstance(text, Markup):
        return text
    if text is None:
        return Markup("")
    text = str(text)
    if "\n" in text or "  " in text or "\t" in text or "\r" in text:
        text = " ".join(text.split())
    escaped = text.translate(_ESCAPES)
    # A list marker, setext underline or definition colon only acts at the start of a line.
    match = _BLOCK_START.match(escaped)
    if match:
        lead, marker = match.groups()
        escaped = lead + marker[:-1] + f"&#{ord(marker[-1])};" + escaped[match.end() :]
    return Markup(escaped)


def escape_markdown_block(text: Any) -> Markup:
    """Like escape_markdown, but keeps blank-line paragraph breaks."""
    if isinstance(text, Markup):
        return text
    paragraphs = re.split(r"\n\s*\n", str(text or "").strip())
    return Markup("\n\n").join(escape_markdown(p) for p in paragraphs if p.strip())


def mermaid_text(text: Any, limit: int = 90) -> Markup:
    """Text for inside a quoted Mermaid label: no quotes, brackets or markup survive."""
    text = " ".join(str(text or "").split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    replacements = {
        "#": "#35;",
        '"': "#quot;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        "`": "#96;",
        "[": "#91;",
        "]": "#93;",
        "{": "#123;",
        "}": "#125;",
        "|": "#124;",
        ";": "#59;",
        "(": "#40;",
        ")": "#41;",
        "*": "#42;",
        "_": "#95;",
    }
    return Markup("".join(replacements.get(char, char) for char in text))


ZERO_WIDTH_SPACE = "\u200b"


def gantt_text(text: Any, limit: int = 60) -> Markup:
    """Text for a Gantt task or section name, where ':' ';' and '#' have meaning.

    It starts with a zero-width space: at the head of a line Mermaid reads `click`, `section`,
    `dateFormat`, a date or `%` as instructions, and no task name may start one.
    """
    text = " ".join(str(text or "").split())
    for char, repl in {":": " -", ";": ",", "#": "No.", "<": "‹", ">": "›", "%": " pct"}.items():
        text = text.replace(char, repl)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return Markup(ZERO_WIDTH_SPACE + text)


def quadrant_text(text: Any, limit: int = 40) -> Markup:
    """Text for a quadrant point, written in double quotes: no quote, bracket or line break."""
    text = " ".join(str(text or "").split())
    for char, repl in {'"': "″", "<": "‹", ">": "›"}.items():
        text = text.replace(char, repl)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return Markup(text)


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.+)$")


def narrative_blocks(text: Any) -> list[tuple[str, int, str]]:
    """A team's narrative as (kind, heading level, text) blocks: `heading` (its level as
    written, 1 to 6), `bullet` and `paragraph` (its lines joined). Nothing else of Markdown
    is read: every writer shows the text of a block as it is."""
    blocks: list[tuple[str, int, str]] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("paragraph", 0, " ".join(paragraph)))
            paragraph.clear()

    for line in str(text or "").splitlines():
        heading, bullet = _HEADING.match(line), _BULLET.match(line)
        if heading:
            flush()
            blocks.append(("heading", len(heading.group(1)), heading.group(2)))
        elif bullet:
            flush()
            blocks.append(("bullet", 0, bullet.group(1)))
        elif line.strip():
            paragraph.append(line.strip())
        else:
            flush()
    flush()
    return blocks


def escape_narrative(text: Any, top_level: int = 3) -> Markup:
    """A team's narrative: its headings (at `top_level` or below) and bullet lists keep their
    shape; everything else, and every word inside them, is escaped like any program text."""
    out: list[str] = []
    for kind, level, content in narrative_blocks(text):
        if kind == "heading":
            out.append("#" * min(6, max(top_level, level + 1)) + " " + escape_markdown(content))
        elif kind == "bullet":
            out.append("- " + escape_markdown(content))
        else:
            out.append(escape_markdown(content))
    return Markup("\n\n".join(out))
