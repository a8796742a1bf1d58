"""Lists of method cards made from the cards' own front-matter, so no list can miss a card.

A handbook page asks for a list with a marker line of its own:

    <!-- daya:methods -->                every card, grouped by its main (first) stage, with
                                         filters the browser shows (the methods index)
    <!-- daya:methods stage=assess -->   every card that lists the stage (a cycle page)

Titles, purposes and times come from the cards and are shown as text; the headings, column
names, stage and difficulty words are Daya's labels in the page's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.core.escaping import escape_markdown
from generator.core.labels import LABELS, label_text
from generator.handbook.cards import card_front_matter, method_card_paths
from generator.site.filters import Choice, filter_form

MARKER = re.compile(r"^<!-- daya:methods(?: stage=([a-z]+))? -->[ \t]*$", re.MULTILINE)
STAGES = list(LABELS["stage"])
"""The program cycle's stages in their order."""


@dataclass(frozen=True)
class CardRow:
    """What a list shows of one method card, in one language."""

    id: str
    title: str
    purpose: str
    stages: tuple[str, ...]
    difficulty: str
    time: str


def card_rows(docs_dir: Path, lang: str) -> list[CardRow]:
    """The cards under docs_dir/methods in `lang` (the Indonesian card where no translation
    exists), sorted by title; a card whose front-matter cannot be read is left out (the
    handbook check reports it)."""
    rows = []
    for path in method_card_paths(docs_dir):
        english = path.with_name(f"{path.stem}.en.md")
        meta = card_front_matter(english if lang == "en" and english.exists() else path)
        ident, stages = meta.get("id"), meta.get("stage")
        if not isinstance(ident, str) or not isinstance(stages, list):
            continue
        rows.append(
            CardRow(
                id=ident,
                title=str(meta.get("title") or ident),
                purpose=str(meta.get("purpose") or ""),
                stages=tuple(str(s) for s in stages if str(s) in STAGES),
                difficulty=str(meta.get("difficulty") or ""),
                time=str(meta.get("time_required") or ""),
            )
        )
    return sorted(rows, key=lambda row: (row.title.casefold(), row.id))


def fill_method_lists(
    markdown: str, rows: Sequence[CardRow], gettext: Callable[[str], str], prefix: str
) -> str:
    """Each marker line of `markdown` replaced by its list; `prefix` leads from the page to the
    methods folder ("" on the methods index, "../methods/" on a cycle page)."""

    def replace(match: re.Match[str]) -> str:
        stage = match.group(1)
        if stage is None:
            return all_cards(rows, gettext, prefix)
        return stage_cards(rows, stage, gettext, prefix)

    return MARKER.sub(replace, markdown)


def stage_cards(
    rows: Sequence[CardRow], stage: str, gettext: Callable[[str], str], prefix: str
) -> str:
    """A table of every card that lists `stage`."""
    chosen = [row for row in rows if stage in row.stages]
    labels = LABELS["method-list"]
    head = [gettext(labels[key]) for key in ("method", "purpose", "difficulty", "time")]
    lines = [_row(head), _row(["---"] * len(head))]
    for row in chosen:
        lines.append(
            _row(
                [
                    f"[{escape_markdown(row.title)}]({prefix}{row.id}.md)",
                    escape_markdown(row.purpose),
                    escape_markdown(label_text("difficulty", row.difficulty, gettext)),
                    escape_markdown(row.time),
                ]
            )
        )
    count = gettext(labels["stage-count"]).format(n=len(chosen))
    return escape_markdown(count) + "\n\n" + "\n".join(lines) + "\n"


def all_cards(rows: Sequence[CardRow], gettext: Callable[[str], str], prefix: str) -> str:
    """Every card once, under its main stage, with the filter form the browser shows."""
    labels = LABELS["method-list"]
    head = [gettext(labels[key]) for key in ("method", "stage", "difficulty", "time")]
    parts = [method_filter(gettext, len(rows))]
    for stage in STAGES:
        chosen = [row for row in rows if row.stages and row.stages[0] == stage]
        if not chosen:
            continue
        lines = [_row(head), _row(["---"] * len(head))]
        for row in chosen:
            link = (
                f"[{escape_markdown(row.title)}]({prefix}{row.id}.md)"
                f'{{ .daya-filter-item data-stage="{" ".join(row.stages)}" '
                f'data-difficulty="{row.difficulty}" }}'
            )
            purpose = f'<br><span class="daya-method-purpose">{escape_markdown(row.purpose)}</span>'
            stages = ", ".join(label_text("stage", s, gettext) for s in row.stages)
            difficulty = label_text("difficulty", row.difficulty, gettext)
            lines.append(
                _row(
                    [
                        link + purpose,
                        escape_markdown(stages),
                        escape_markdown(difficulty),
                        escape_markdown(row.time),
                    ]
                )
            )
        heading = escape_markdown(gettext(labels[f"main-{stage}"]))
        parts.append(f"### {heading}\n\n" + "\n".join(lines) + "\n")
    return "\n".join(parts)


def method_filter(gettext: Callable[[str], str], total: int) -> str:
    """The methods index's filters: stage, difficulty and words."""
    labels = LABELS["method-list"]
    stages = [(s, label_text("stage", s, gettext)) for s in STAGES]
    levels = [(d, label_text("difficulty", d, gettext)) for d in LABELS["difficulty"]]
    return filter_form(
        gettext(labels["filter"]),
        [
            Choice("stage", gettext(labels["stage"]), gettext(labels["any-stage"]), stages),
            Choice(
                "difficulty",
                gettext(labels["difficulty"]),
                gettext(labels["any-difficulty"]),
                levels,
            ),
        ],
        gettext(labels["words"]),
        gettext(labels["shown"]),
        gettext(labels["none"]),
        total,
    )


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
