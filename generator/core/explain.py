"""Pydantic's validation errors in plain language, by table.

A table maps an error kind (`missing`, `extra_forbidden`, `literal_error`...) to a rule code and
a function that words the message. Program files use PROGRAM_MESSAGES; the handbook's method
cards use a table of their own made with the same parts.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.core.messages import _m
from generator.core.model import SCHEMA_VERSION

YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Invalid:
    """One validation error, with what a message may say about it."""

    kind: str
    path: YamlPath
    value: Any
    context: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""
    """Pydantic's own message, for kinds no table words."""
    allowed_keys: Sequence[str] = ()
    """The keys the mapping holding an unknown key accepts."""

    @property
    def where(self) -> str:
        return describe_path(self.path)

    @property
    def field(self) -> str:
        last = self.path[-1] if self.path else None
        return last if isinstance(last, str) else self.where

    @property
    def parent(self) -> str:
        return describe_path(self.path[:-1])


Wording = Callable[[Invalid], str]
Messages = Mapping[str, tuple[str, Wording]]
"""{error kind: (rule code, wording)}."""


def describe_path(path: YamlPath) -> str:
    """`results.outcomes[0].indicators[1]` (as written in the file, in every language), or
    "the top level" for the file itself."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or _m("the top level")


def show(value: Any) -> str:
    """A value as a message quotes it."""
    if isinstance(value, dict):
        return _m("a mapping")
    if isinstance(value, list):
        return _m("a list")
    if isinstance(value, bool):
        return _m("yes/no (true/false)")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def number(value: Any) -> str:
    """A bound as people write it: `999,999,999,999,999`, `0.5`, `2199-12-31`."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def closest(word: str, options: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The option a typo most likely meant, if one is close enough."""
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=cutoff)
    return found[0] if found else None


def literal_options(invalid: Invalid) -> list[str]:
    """The values a Literal allows, from pydantic's `expected` ("'a', 'b' or 'c'")."""
    expected = str(invalid.context.get("expected", ""))
    return [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]


def explain(invalid: Invalid, table: Messages, fallback_code: str) -> tuple[str, str]:
    """(rule code, message) for one error, from `table` or pydantic's own words."""
    if invalid.kind in table:
        code, wording = table[invalid.kind]
        return code, wording(invalid)
    return fallback_code, f"{invalid.where}: {invalid.text}"  # pydantic's own words


def each(kinds: Sequence[str], code: str, wording: Wording) -> dict[str, tuple[str, Wording]]:
    """One row for several kinds worded alike (`int_type`, `int_parsing`...)."""
    return {kind: (code, wording) for kind in kinds}


# --- Program files ----------------------------------------------------------------------------


def pattern_rules() -> tuple[tuple[str, str], ...]:
    """What to write instead, by a piece of the pattern that was not matched (first match
    wins)."""
    return (
        (
            "A-Z]{2}-",
            _m(
                "an IATI organisation identifier: the agency prefix from org-id.guide, '-', then "
                "the registered number in letters, digits, '.', '_' or '-' without spaces, e.g. "
                "ID-KHH-AHU-0012345.AH.01.04.2020 or ID-DJP-012345678901000"
            ),
        ),
        ("\\d{5}", _m('a DAC 5-digit purpose code in quotes, for example "14030"')),
        ("A-Z]{2}", _m("a two-letter country code in capitals, for example ID")),
        ("A-Z]{3}", _m("a three-letter currency code in capitals, for example IDR")),
        ("\\d{1,2}", _m('an SDG target number in quotes, for example "6.1"')),
        (
            "^[a-z][a-z0-9_]",
            _m(
                "a form field name: a lowercase letter, then lowercase letters, digits or _ "
                "(at most 32), e.g. air_layak"
            ),
        ),
        ("D[36]", _m("a warning code such as D301 (only warnings can be ignored)")),
        (
            "A-Z",
            _m(
                "letters, digits, '.' and '-' only, starting with a letter or digit, not ending "
                "in '.' (e.g. A1.2)"
            ),
        ),
        (
            "",
            _m(
                "lowercase letters, digits, '.' and '-' only, not ending in '.' "
                "(e.g. air-bersih-sukamaju)"
            ),
        ),
    )


def _unknown_key(e: Invalid) -> str:
    guess = closest(e.field, e.allowed_keys)
    if guess:
        return _m(
            "unknown key '{key}' in {where}; did you mean '{suggestion}'?",
            key=e.field,
            where=e.parent,
            suggestion=guess,
        )
    if e.allowed_keys:
        return _m(
            "unknown key '{key}' in {where}; allowed here: {allowed}",
            key=e.field,
            where=e.parent,
            allowed=", ".join(e.allowed_keys),
        )
    return _m("unknown key '{key}' in {where}; remove it", key=e.field, where=e.parent)


def _not_allowed(e: Invalid) -> str:
    if e.path == ("schema_version",):
        return _m("schema_version must be {version}", version=SCHEMA_VERSION)
    options = ", ".join(literal_options(e))
    guess = closest(str(e.value), literal_options(e), cutoff=0.5)
    if guess:
        return _m(
            "{value} is not allowed for {where}; did you mean '{suggestion}'? "
            "use one of: {options}",
            value=show(e.value),
            where=e.where,
            suggestion=guess,
            options=options,
        )
    return _m(
        "{value} is not allowed for {where}; use one of: {options}",
        value=show(e.value),
        where=e.where,
        options=options,
    )


def _pattern(e: Invalid) -> str:
    pattern = str(e.context.get("pattern", ""))
    rule = next(rule for piece, rule in pattern_rules() if piece in pattern)
    return _m(
        "{value} is not a valid value for {where}: use {rule}",
        value=show(e.value),
        where=e.where,
        rule=rule,
    )


def _too_long(e: Invalid) -> str:
    length = len(e.value) if isinstance(e.value, str) else 0
    return _m(
        "{where} is too long: {length} characters, at most {limit}",
        where=e.where,
        length=f"{length:,}",
        limit=number(e.context.get("max_length")),
    )


def _bound(e: Invalid) -> str:
    limit = next(e.context[k] for k in ("gt", "ge", "lt", "le") if k in e.context)
    v = {"where": e.where, "value": show(e.value), "limit": number(limit)}
    if isinstance(e.value, dt.date) and e.kind.startswith("greater"):
        return _m("{where} is {value} but must be on or after {limit}; change the value", **v)
    if isinstance(e.value, dt.date):
        return _m("{where} is {value} but must be on or before {limit}; change the value", **v)
    return {
        "greater_than": lambda: _m(
            "{where} is {value} but must be more than {limit}; change the value", **v
        ),
        "greater_than_equal": lambda: _m(
            "{where} is {value} but must be at least {limit}; change the value", **v
        ),
        "less_than": lambda: _m(
            "{where} is {value} but must be less than {limit}; change the value", **v
        ),
        "less_than_equal": lambda: _m(
            "{where} is {value} but must be at most {limit}; change the value", **v
        ),
    }[e.kind]()


def _not_text(e: Invalid) -> str:
    if isinstance(e.value, dict | list):
        return _m("{where} should be text, not {value}", where=e.where, value=show(e.value))
    return _m(
        "{where} should be text, not {value} (put it in quotes to make it text)",
        where=e.where,
        value=show(e.value),
    )


PROGRAM_MESSAGES: Messages = {
    "missing": (
        "D020",
        lambda e: _m(
            "missing required field '{field}' in {where}; add it", field=e.field, where=e.parent
        ),
    ),
    "too_short": (
        "D020",
        lambda e: _m(
            "{where} needs at least {n} item(s); add one",
            where=e.where,
            n=e.context.get("min_length"),
        ),
    ),
    "extra_forbidden": ("D021", _unknown_key),
    "literal_error": ("D023", _not_allowed),
    "string_pattern_mismatch": ("D024", _pattern),
    "string_too_long": ("D024", _too_long),
    "finite_number": (
        "D026",
        lambda e: _m(
            "{where} must be a finite number, not {value}", where=e.where, value=show(e.value)
        ),
    ),
    "value_error": ("D029", lambda e: f"{e.where}: {e.context.get('error', e.text)}"),
    **each(
        ["date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"],
        "D025",
        lambda e: _m(
            "{value} is not a date for {where}; write it as YYYY-MM-DD (e.g. 2027-12-31)",
            value=show(e.value),
            where=e.where,
        ),
    ),
    **each(["greater_than", "greater_than_equal", "less_than", "less_than_equal"], "D026", _bound),
    **each(["string_type", "str_type"], "D022", _not_text),
    **each(
        ["int_type", "int_parsing", "int_from_float"],
        "D022",
        lambda e: _m(
            "{where} should be a whole number, not {value}", where=e.where, value=show(e.value)
        ),
    ),
    **each(
        ["float_type", "float_parsing"],
        "D022",
        lambda e: _m("{where} should be a number, not {value}", where=e.where, value=show(e.value)),
    ),
    **each(
        ["bool_type", "bool_parsing"],
        "D022",
        lambda e: _m(
            "{where} should be true or false, not {value}", where=e.where, value=show(e.value)
        ),
    ),
    "list_type": (
        "D022",
        lambda e: _m(
            "{where} should be a list (one '- ' item per line), not {value}",
            where=e.where,
            value=show(e.value),
        ),
    ),
    **each(
        ["model_type", "model_attributes_type", "dict_type"],
        "D022",
        lambda e: _m(
            "{where} should be a mapping of keys and values, not {value}",
            where=e.where,
            value=show(e.value),
        ),
    ),
    **each(
        ["union_tag_invalid", "union_tag_not_found"],
        "D022",
        lambda e: _m(
            "{where} should be text or a number, not {value}", where=e.where, value=show(e.value)
        ),
    ),
}
"""Pydantic error kinds → (rule code, message) for program files."""
