"""Handbook diagrams drawn at a readable size, like the program pages' diagrams.

Mermaid shrinks a flowchart to the column's width, which leaves a wide diagram's text too
small to read. Each ```mermaid block a handbook page writes at the start of a line is drawn at
its natural size instead (`useMaxWidth: false`, unless the block sets its own config), inside
the box the program pages use: it scrolls sideways in its box, and "Open full size" shows it
over the whole screen (docs/javascripts/daya.js). The printed book fits it to the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

FENCE = re.compile(r"^```mermaid[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
NATURAL_SIZE = "---\nconfig:\n  flowchart:\n    useMaxWidth: false\n---\n"


def frame_diagrams(markdown: str, gettext: Callable[[str], str]) -> str:
    """Every top-level Mermaid block of a page in a diagram box with its open button's labels."""
    if "```mermaid" not in markdown or 'class="daya-diagram' in markdown:
        return markdown
    labels = (
        f'data-open="{escape(gettext("Open full size"))}" data-close="{escape(gettext("Close"))}"'
    )
    opening = f'<div class="daya-diagram daya-diagram--card" {labels} markdown>\n\n'

    def frame(match: re.Match[str]) -> str:
        source = match.group(1)
        if not source.lstrip().startswith("---"):
            source = NATURAL_SIZE + source
        return f"{opening}```mermaid\n{source}```\n\n</div>"

    return FENCE.sub(frame, markdown)
