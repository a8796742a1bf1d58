"""Jinja helpers for Daya's program templates: date arithmetic and YAML-safe text.

Cookiecutter loads this module through `_extensions` in each template's cookiecutter.json
(`generator.scaffolds.extensions.DayaTemplateExtension`), so the four templates share it.

Cookiecutter renders the derived answers (the end date) before the pre_gen hook checks the
answers, so every filter here accepts bad input quietly and returns "". The hook then stops the
bake with a message saying what to enter.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from typing import Any

import yaml
from jinja2 import Environment
from jinja2.ext import Extension

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: Any) -> dt.date | None:
    """The date in an ISO `YYYY-MM-DD` text, or None."""
    text = str(value).strip()
    if not ISO_DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _same_day_later(value: Any, months: Any) -> tuple[dt.date, dt.date] | None:
    """(the date, the same day `months` later or the last day of that month), or None."""
    day, count = parse_date(value), parse_int(months)
    if day is None or count is None:
        return None
    index = day.year * 12 + (day.month - 1) + count
    year, month = index // 12, index % 12 + 1
    try:
        last = calendar.monthrange(year, month)[1]
        return day, dt.date(year, month, min(day.day, last))
    except (ValueError, OverflowError):
        return None


def add_months(value: Any, months: Any) -> str:
    """The date `months` later; the 31st becomes the last day of a shorter month."""
    found = _same_day_later(value, months)
    return found[1].isoformat() if found else ""


def add_days(value: Any, days: Any) -> str:
    day, count = parse_date(value), parse_int(days)
    if day is None or count is None:
        return ""
    try:
        return (day + dt.timedelta(days=count)).isoformat()
    except OverflowError:
        return ""


def period_end(value: Any, months: Any) -> str:
    """The last day of a period of `months` months from `value`.

    2026-01-01 + 24 months ends 2027-12-31; 2026-01-15 + 12 months ends 2027-01-14; a start on
    the 31st for one month ends on the last day of the next month when it has no 31st.
    """
    found = _same_day_later(value, months)
    if found is None:
        return ""
    start, later = found
    if later.day < start.day:  # the month is too short: the period ends on its last day
        return later.isoformat()
    try:
        return (later - dt.timedelta(days=1)).isoformat()
    except OverflowError:
        return ""


def amount_digits(value: Any) -> str:
    """`500.000.000`, `500,000,000` or `500 000 000` as `500000000`; "" when not a whole amount."""
    text = str(value).strip()
    if not re.fullmatch(r"\d{1,3}([.,_ ]?\d{3})*", text):
        return ""
    return re.sub(r"[.,_ ]", "", text)


def yaml_text(value: Any) -> str:
    """A text as one YAML scalar: plain when that is safe, quoted when it is not."""
    text = str(value)
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10**9)
    dumped = dumped.removesuffix("\n...\n").rstrip("\n")
    if "\n" in dumped:
        return json.dumps(text, ensure_ascii=False)
    return dumped


class DayaTemplateExtension(Extension):
    """Filters `add_months`, `add_days`, `period_end`, `amount_digits` and `yaml_text`."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(
            add_months=add_months,
            add_days=add_days,
            period_end=period_end,
            amount_digits=amount_digits,
            yaml_text=yaml_text,
        )
