"""Submissions of a Daya form → the rows of `results.csv` (contract §5, Import).

Which submissions count: consent `yes`; an interview date after the latest `period_end`
already recorded for the form's indicators (or from the program's start when there is none)
and on or before `--period-end`; a duplicate (`_uuid`, `KEY`, `meta-instanceID`) once; not
approved in Kobo (`_validation_status`) or `rejected` in Central (`ReviewState`) never; on hold
and `hasIssues` counted and listed. Per indicator, the total and then every category of every
dimension it declares, in declared order (a category without submissions gets no row).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from generator.collect.exports import ExportTable, ImportRefused
from generator.core.forms import CONSENT, INTERVIEW_DATE, FormView, dimension_field
from generator.core.messages import _m
from generator.core.model import Indicator, Program
from generator.core.monitoring.files import COLUMNS
from generator.core.monitoring.records import Monitoring, dimensions, parse_date

KEY_COLUMNS = ("_uuid", "KEY", "meta-instanceID", "instanceID")
"""Where an export keeps a submission's identity (Kobo, Central, either with a meta group)."""
KOBO_STATUS, CENTRAL_STATUS = "_validation_status", "ReviewState"
SKIPPED_STATUSES = {"validation_status_not_approved", "not approved", "rejected"}
LISTED_STATUSES = {"validation_status_on_hold", "on hold", "hasissues"}


@dataclass
class Submission:
    row: int
    """Its line in the export (the header is line 1)."""
    key: str
    status: str
    values: dict[str, str]


@dataclass
class ImportResult:
    rows: list[list[str]]
    """New results.csv rows, in COLUMNS["results"] order."""
    read: int = 0
    used: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    """reason → submissions: duplicate, rejected, no-consent, outside-period."""
    listed: list[str] = field(default_factory=list)
    """On hold / has issues: counted, and named here so someone looks at them."""
    since: dt.date | None = None
    """Submissions dated after this day count (None: from the program's first day)."""


# --- Headers -----------------------------------------------------------------------------------


def column_of(header: Sequence[str], name: str) -> int | None:
    """The column of a field: its name alone, or at the end of a group path (`rt/x`, `rt-x`)."""
    for n, title in enumerate(header):
        if title == name or title.endswith((f"/{name}", f"-{name}")):
            return n
    return None


def field_columns(view: FormView, table: ExportTable) -> dict[str, int]:
    """{field: column} for every question of the form; ImportRefused naming what is wrong."""
    fields = [q.name for q in view.questions]
    found = {name: column_of(table.header, name) for name in fields}
    missing = [name for name, column in found.items() if column is None]
    if not missing:
        return {name: column for name, column in found.items() if column is not None}
    labels = {q.label.id.strip() for q in view.questions} | {
        q.label.en.strip() for q in view.questions
    }
    if any(title.split("/")[-1].strip() in labels for title in table.header):
        raise ImportRefused(
            _m(
                "{file} has the questions' labels as column headers; download the export again "
                'with "XML values and headers" (KoboToolbox) — ODK Central always uses field '
                "names",
                file=table.name,
            )
        )
    if len(missing) == len(fields):
        raise ImportRefused(
            _m(
                "{file} is not an export of the form {form}: none of its questions ({fields}) is "
                "a column; check the --form option and the file",
                file=table.name,
                form=view.form.id,
                fields=", ".join(fields),
            )
        )
    raise ImportRefused(
        _m(
            "{file} has no column for {fields}; export every question of the form {form} (a "
            "form edited after collection started needs its newest version)",
            file=table.name,
            fields=", ".join(missing),
            form=view.form.id,
        )
    )


def submissions(view: FormView, table: ExportTable) -> list[Submission]:
    columns = field_columns(view, table)
    keys = [n for n, title in enumerate(table.header) if title in KEY_COLUMNS]
    statuses = [n for n, title in enumerate(table.header) if title in (KOBO_STATUS, CENTRAL_STATUS)]
    found = []
    for line, row in enumerate(table.rows, start=2):

        def cell(n: int, row: tuple[str, ...] = row) -> str:
            return row[n].strip() if n < len(row) else ""

        key = next((cell(n) for n in keys if cell(n)), f"row {line}")
        status = next((cell(n) for n in statuses if cell(n)), "")
        found.append(Submission(line, key, status, {f: cell(n) for f, n in columns.items()}))
    return found


def check_choices(view: FormView, table: ExportTable, found: list[Submission]) -> None:
    """Every answer to a choice question is one of its choices (a label is refused)."""
    allowed: dict[str, set[str]] = {}
    for choice in view.choices:
        allowed.setdefault(choice.list_name, set()).add(choice.name)
    for question in view.questions:
        if not question.type.startswith("select_one "):
            continue
        names = allowed[question.type.split()[1]]
        for submission in found:
            value = submission.values.get(question.name, "")
            if value and value not in names:
                raise ImportRefused(
                    _m(
                        "{file}, line {line}: '{value}' is not a choice of {field} ({choices}); "
                        'download the export with "XML values and headers", not labels, and '
                        "check it is an export of this form",
                        file=table.name,
                        line=submission.row,
                        value=value,
                        field=question.name,
                        choices=", ".join(sorted(names)),
                    )
                )


# --- Which submissions count -----------------------------------------------------------------


def recorded_dates(view: FormView, monitoring: Monitoring) -> list[dt.date]:
    """The period_end dates already recorded for the form's indicators."""
    ids = {q.indicator for q in view.questions if q.indicator}
    return sorted({r.period_end for r in monitoring.results if r.indicator in ids})


def counted(
    program: Program,
    view: FormView,
    found: list[Submission],
    since: dt.date | None,
    period_end: dt.date,
    result: ImportResult,
) -> list[Submission]:
    """The submissions that count; `result` gets the tally of the others."""
    seen: set[str] = set()
    used = []
    first = program.period.start
    for submission in found:
        result.read += 1
        reason = ""
        day = parse_date(submission.values.get(INTERVIEW_DATE, "")[:10])
        if submission.key in seen:
            reason = "duplicate"
        elif submission.status.lower() in SKIPPED_STATUSES:
            reason = "rejected"
        elif submission.values.get(CONSENT) != "yes":
            reason = "no-consent"
        elif day is None or day > period_end or (day <= since if since else day < first):
            reason = "outside-period"
        seen.add(submission.key)
        if reason:
            result.skipped[reason] = result.skipped.get(reason, 0) + 1
            continue
        if submission.status.lower() in LISTED_STATUSES:
            result.listed.append(f"{submission.key} ({submission.status})")
        used.append(submission)
    result.used = len(used)
    return used


# --- Values ----------------------------------------------------------------------------------


def number(text: str, where: Callable[[], str]) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ImportRefused(
            _m("{where}: '{text}' is not a number", where=where(), text=text)
        ) from None


def aggregate(
    indicator: Indicator, answers: list[str], where: Callable[[], str]
) -> list[str] | None:
    """[value, numerator, denominator] for the answers of one group, or None when there is
    nothing to report (no answer)."""
    collect = indicator.collect
    assert collect is not None
    if collect.value == "share-yes":
        yes, no = answers.count("yes"), answers.count("no")
        if yes + no == 0:
            return None
        share = (Decimal(100) * yes / (yes + no)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return [plain(share), str(yes), str(yes + no)]
    if collect.value == "count":
        if collect.type == "yes-no":
            return [str(answers.count("yes")), "", ""]
        return [str(sum(1 for a in answers if a)), "", ""]
    values = [v for v in (number(a, where) for a in answers) if v is not None]
    if not values:
        return None
    if collect.value == "sum":
        return [plain(sum(values, Decimal(0))), "", ""]
    mean = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return [plain(mean), "", ""]


def plain(value: Decimal) -> str:
    """A number as results.csv writes it: no exponent, no trailing zeros after the point."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def result_rows(
    program: Program, view: FormView, used: list[Submission], period_end: dt.date, source: str
) -> list[list[str]]:
    dims = dimensions(program)
    dates = [d for d in (parse_date(s.values[INTERVIEW_DATE][:10]) for s in used) if d]
    collected = max(dates).isoformat() if dates else ""
    indicators = {i.id: i for i in program.results.indicators()}
    rows = []
    for question in view.questions:
        if not question.indicator:
            continue
        indicator = indicators[question.indicator]
        groups: list[tuple[str, list[Submission]]] = [("", used)]
        for dim in indicator.disaggregation:
            dimension = dims.get(dim)
            for category, _ in dimension.categories if dimension else ():
                mine = [s for s in used if s.values.get(dimension_field(dim)) == category]
                if mine:
                    groups.append((f"{dim}={category}", mine))
        for split, group in groups:

            def where(q: str = question.name) -> str:
                return _m("the answers to {field}", field=q)

            values = aggregate(indicator, [s.values.get(question.name, "") for s in group], where)
            if values is None:
                continue
            rows.append(
                [indicator.id, period_end.isoformat(), split, *values, source, collected, ""]
            )
    return rows


def plan_import(
    program: Program,
    view: FormView,
    monitoring: Monitoring,
    table: ExportTable,
    period_end: dt.date,
) -> ImportResult:
    """What importing `table` adds to results.csv, and the tally of the submissions."""
    found = submissions(view, table)
    check_choices(view, table, found)
    dates = recorded_dates(view, monitoring)
    if dates and dates[-1] > period_end:
        raise ImportRefused(
            _m(
                "results.csv already holds values of this form for {date}, after --period-end "
                "{period_end}; import periods in order",
                date=dates[-1].isoformat(),
                period_end=period_end.isoformat(),
            )
        )
    # Re-importing a period (--replace) counts from the period before it, as the first time.
    since = max((d for d in dates if d < period_end), default=None)
    result = ImportResult(rows=[], since=since)
    used = counted(program, view, found, since, period_end, result)
    if not used:
        return result
    result.rows = result_rows(program, view, used, period_end, f"{table.name} (n={len(used)})")
    return result


# --- results.csv -----------------------------------------------------------------------------


def merged_results(existing: str | None, rows: list[list[str]], replace: bool) -> str:
    """results.csv with `rows` added: appended after the existing text, which stays as it was
    byte for byte; with `replace`, rows for the same indicator, date and category are swapped
    for the new ones (and the file written again by the csv module)."""
    header = list(COLUMNS["results"])
    if not existing or not existing.strip():
        return _csv_text([header, *rows], "\n")
    newline = "\r\n" if "\r\n" in existing else "\n"
    records = list(csv.reader(io.StringIO(existing.removeprefix("\ufeff"), newline="")))
    head = [c.strip() for c in records[0]]
    index = {name: head.index(name) for name in header if name in head}

    def key(values: Sequence[str], columns: dict[str, int]) -> tuple[str, str, str]:
        def get(name: str) -> str:
            n = columns.get(name)
            return values[n].strip() if n is not None and n < len(values) else ""

        return get("indicator"), get("period_end"), get("disaggregation")

    new_keys = {key(row, {n: i for i, n in enumerate(header)}) for row in rows}
    clashes = [r for r in records[1:] if any(c.strip() for c in r) and key(r, index) in new_keys]
    if clashes and not replace:
        first = key(clashes[0], index)
        raise ImportRefused(
            _m(
                "results.csv already has {n} row(s) for these values (e.g. {indicator} on {date}"
                "{part}); nothing was written. Use --replace to write the new values over them",
                n=len(clashes),
                indicator=first[0],
                date=first[1],
                part=f", {first[2]}" if first[2] else "",
            )
        )

    def ordered(row: list[str]) -> list[str]:
        out = [""] * len(head)
        for name, value in zip(header, row, strict=True):
            if name in index:
                out[index[name]] = value
        return out

    if not clashes:
        text = existing if existing.endswith(("\n", "\r")) else existing + newline
        return text + _csv_text([ordered(r) for r in rows], newline)
    kept = [r for r in records[1:] if key(r, index) not in new_keys]
    return _csv_text([records[0], *kept, *(ordered(r) for r in rows)], newline)


def _csv_text(rows: list[list[str]], newline: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue()
