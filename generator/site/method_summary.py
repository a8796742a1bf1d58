"""The summary box under a method card's title: its front-matter in the page's language.

Every value comes from the card's front-matter and is shown as text (escaped for Markdown and
HTML); only the labels, the stage and difficulty words and the links are Daya's own. The box
is Markdown inside an HTML block (md_in_html), so MkDocs and the i18n plugin resolve its links
like any other link on the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from generator.core.escaping import escape_markdown
from generator.core.labels import LABELS, label_text

FIELDS = ["purpose", "stage", "time_required", "group_size", "materials", "difficulty", "related"]
"""What the summary shows, in order (the front-matter keys of a method card)."""
_ID = re.compile(r"[a-z0-9][a-z0-9.-]*")
_LABEL_KEYS = {
    "purpose": "purpose",
    "stage": "stage",
    "time_required": "time",
    "group_size": "group-size",
    "materials": "materials",
    "difficulty": "difficulty",
    "related": "related",
}


def _items(value: Any) -> list[Any]:
    """A front-matter value as a list: a list stays one, anything else is one item."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def method_summary(
    meta: Mapping[str, Any],
    gettext: Callable[[str], str],
    titles: Mapping[str, str],
    exists: Callable[[str], bool],
) -> str:
    """The summary box of a card as Markdown in an HTML block ("" when nothing is filled in).

    `titles` maps method ids to titles in the page's language; `exists(uri)` says whether a
    page of the site exists, so only pages that exist are linked (cycle/<stage>.md and
    methods/<id>.md, relative to the card).
    """
    rows = []
    for key in FIELDS:
        values = [v for v in _items(meta.get(key)) if str(v).strip()]
        if not values:
            continue
        if key == "stage":
            shown = [_stage(v, gettext, exists) for v in values]
        elif key == "difficulty":
            shown = [escape_markdown(label_text("difficulty", str(v), gettext)) for v in values]
        elif key == "related":
            shown = [_related(v, titles, exists) for v in values]
        else:
            shown = [escape_markdown(v) for v in values]
        label = escape_markdown(gettext(LABELS["card"][_LABEL_KEYS[key]]))
        rows.append(f"{label}\n:   " + ", ".join(shown))
    if not rows:
        return ""
    name = escape(gettext(LABELS["card"]["summary"]))
    body = "\n\n".join(rows)
    return (
        f'<div class="daya-card-summary" role="group" aria-label="{name}" markdown>\n\n'
        f"{body}\n\n</div>\n"
    )


def _stage(value: Any, gettext: Callable[[str], str], exists: Callable[[str], bool]) -> str:
    stage = str(value)
    word = escape_markdown(label_text("stage", stage, gettext))
    if stage in LABELS["stage"] and exists(f"cycle/{stage}.md"):
        return f"[{word}](../cycle/{stage}.md)"
    return word


def _related(value: Any, titles: Mapping[str, str], exists: Callable[[str], bool]) -> str:
    ident = str(value)
    title = escape_markdown(titles.get(ident, ident))
    if ident in titles and _ID.fullmatch(ident) and exists(f"methods/{ident}.md"):
        return f"[{title}]({ident}.md)"
    return title


def insert_after_title(markdown: str, block: str) -> str:
    """`block` right under the page's first `# ` heading (at the top if it has none)."""
    if not block:
        return markdown
    lines = markdown.split("\n")
    fenced = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and line.startswith("# "):
            return "\n".join([*lines[: index + 1], "", block, *lines[index + 1 :]])
    return block + "\n" + markdown
