"""The filter form a page's tables get in the browser (docs/javascripts/daya.js runs it).

The form is hidden until the script shows it, so a page read without scripts, printed or
opened from a file shows no dead controls. Each <select> keeps the table rows whose
`.daya-filter-item` lists the chosen value in its attribute `data-<select name>`
(space-separated tokens); the words box keeps the rows that hold every word typed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Choice:
    """One <select> of the form: its name (the data attribute it filters on), its label, the
    label of "any", and its options as (token, label)."""

    name: str
    label: str
    any_label: str
    options: Sequence[tuple[str, str]]


def token(value: str) -> str:
    """A value as a token safe in an attribute and a space-separated list (any text in)."""
    return "t" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:10]


def filter_form(
    name: str, choices: Sequence[Choice], words: str, shown: str, none: str, total: int
) -> str:
    """The form as an HTML block; `shown` holds {shown} and {total}, `none` says no row
    matches. Every label and option is escaped here."""
    parts = [
        f'<form class="daya-filter" hidden data-search-exclude role="search" '
        f'aria-label="{escape(name)}" '
        f'data-count="{escape(shown)}" data-total="{total}" data-none="{escape(none)}">'
    ]
    for choice in choices:
        options = "".join(
            f'<option value="{escape(value)}">{escape(label)}</option>'
            for value, label in choice.options
        )
        parts.append(
            f'<label>{escape(choice.label)} <select name="{escape(choice.name)}">'
            f'<option value="">{escape(choice.any_label)}</option>{options}</select></label>'
        )
    parts.append(
        f'<label>{escape(words)} <input type="search" name="words" autocomplete="off"></label>'
    )
    parts.append('<output class="daya-filter-count" aria-live="polite"></output>')
    parts.append("</form>")
    return "\n".join(parts) + "\n"
