"""A year of quarterly monitoring data for a synthetic program (used by make_catalogue.py).

From the program's first day, four quarters: a total row per number or percentage indicator at
every quarter end and at every target date in that year (each target is then reported), with
rows for every category of the dimensions it declares that add up exactly to the total;
spending on every budget line each quarter (a fifth of its amount); and the status of every
activity that has started. The files check with zero errors and zero warnings.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from typing import Any

from generator.core.monitoring.files import COLUMNS

BUILT_IN = {
    "sex": ["female", "male"],
    "sex-of-household-head": ["female", "male"],
    "disability": ["with", "without"],
}
DENOMINATOR = 200
"""Households counted by each synthetic survey (percentages are numerator / 200)."""


def month_end(day: dt.date, months: int) -> dt.date:
    """The last day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def indicators(program: dict[str, Any]) -> list[dict[str, Any]]:
    results = program["results"]
    found = list(results["goal"].get("indicators", []))
    for outcome in results["outcomes"]:
        found += outcome.get("indicators", [])
        for output in outcome.get("outputs", []):
            found += output.get("indicators", [])
    return found


def activities(program: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        activity
        for outcome in program["results"]["outcomes"]
        for output in outcome.get("outputs", [])
        for activity in output.get("activities", [])
    ]


def categories(program: dict[str, Any], dimension: str) -> list[str]:
    declared = program.get("disaggregations", {}).get(dimension)
    if declared:
        return [c["id"] for c in declared["categories"]]
    return BUILT_IN.get(dimension, [])


def declare_dimensions(program: dict[str, Any]) -> None:
    """Give every dimension an indicator uses categories (three groups), so rows by it can be
    written and checked."""
    declared = program.setdefault("disaggregations", {})
    for indicator in indicators(program):
        for dimension in indicator.get("disaggregation", []):
            if dimension not in BUILT_IN and dimension not in declared:
                declared[dimension] = {
                    "name": dimension,
                    "categories": [{"id": f"g{n}", "name": f"Group {n}"} for n in (1, 2, 3)],
                }
    if not declared:
        del program["disaggregations"]


def split(total: int, parts: int) -> list[int]:
    """`total` in `parts` whole shares that add up to it exactly."""
    share, rest = divmod(total, parts)
    return [share + (1 if n < rest else 0) for n in range(parts)]


def result_rows(program: dict[str, Any], dates: list[dt.date], end: dt.date) -> list[list[str]]:
    rows: list[list[str]] = []
    for indicator in indicators(program):
        measure = indicator.get("measure", "number")
        baseline = indicator.get("baseline", {}).get("value")
        targets = [
            t for t in indicator.get("targets", []) if isinstance(t.get("value"), int | float)
        ]
        if measure == "text" or not isinstance(baseline, int | float) or not targets:
            continue
        target = targets[0]["value"]
        start = program["period"]["start"]
        since = indicator["baseline"]["date"]
        due = [t["date"] for t in targets if start <= t["date"] <= end]
        when = sorted({d for d in dates if d > since} | {d for d in due if d > since})
        adding = indicator.get("aggregation") == "sum"
        for step, date in enumerate(when, 1):
            progress = 0.9 * step / len(when)
            if adding:
                value = max(0, round((target - baseline) * 0.9 / len(when)))
            else:
                value = baseline + (target - baseline) * progress
            source = f"Monitoring {date.isoformat()}"
            if measure == "percentage":
                numerator = max(0, min(DENOMINATOR, round(value * DENOMINATOR / 100)))
                shown = f"{100 * numerator / DENOMINATOR:g}"
                rows.append(
                    [
                        indicator["id"],
                        date.isoformat(),
                        "",
                        shown,
                        str(numerator),
                        str(DENOMINATOR),
                        source,
                        "",
                        "",
                    ]
                )
                for dimension in indicator.get("disaggregation", []):
                    names = categories(program, dimension)
                    if not names:
                        continue
                    counts = split(DENOMINATOR, len(names))
                    parts = split(numerator, len(names))
                    for name, part, count in zip(names, parts, counts, strict=True):
                        share = f"{100 * part / count:.2f}"
                        rows.append(
                            [
                                indicator["id"],
                                date.isoformat(),
                                f"{dimension}={name}",
                                share,
                                str(part),
                                str(count),
                                source,
                                "",
                                "",
                            ]
                        )
            else:
                whole = max(0, round(value))
                rows.append(
                    [indicator["id"], date.isoformat(), "", str(whole), "", "", source, "", ""]
                )
                for dimension in indicator.get("disaggregation", []):
                    names = categories(program, dimension)
                    for name, part in zip(names, split(whole, len(names) or 1), strict=False):
                        rows.append(
                            [
                                indicator["id"],
                                date.isoformat(),
                                f"{dimension}={name}",
                                str(part),
                                "",
                                "",
                                source,
                                "",
                                "",
                            ]
                        )
    return rows


def spending_rows(program: dict[str, Any], dates: list[dt.date]) -> list[list[str]]:
    rows = []
    for date in dates:
        for line in program.get("budget", {}).get("lines", []):
            amount = int(line["quantity"] * line["unit_cost"]) // 5
            if amount:
                rows.append([line["id"], date.isoformat(), str(amount), f"SPJ {date:%Y-%m}", ""])
    return rows


def status_rows(program: dict[str, Any], end: dt.date) -> list[list[str]]:
    rows = []
    for activity in activities(program):
        if activity["start"] <= end:
            rows.append([activity["id"], activity["start"].isoformat(), "in-progress", ""])
        if activity["end"] < end:
            rows.append([activity["id"], activity["end"].isoformat(), "done", ""])
    return rows


def csv_text(header: tuple[str, ...], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def monitoring_files(program: dict[str, Any]) -> dict[str, str]:
    """{file name: text} of `monitoring/` for a program: its first year, quarter by quarter."""
    start, last = program["period"]["start"], program["period"]["end"]
    dates = [d for d in (month_end(start, 3 * q - 1) for q in range(1, 5)) if d <= last]
    if not dates:
        return {}
    end = dates[-1]
    return {
        "results.csv": csv_text(COLUMNS["results"], result_rows(program, dates, end)),
        "spending.csv": csv_text(COLUMNS["spending"], spending_rows(program, dates)),
        "activities.csv": csv_text(COLUMNS["activities"], status_rows(program, end)),
    }
