"""Every monitoring problem of a program (contract §4): D5xx errors, D6xx warnings.

Reading and cell problems come from files.py and records.py; this module adds the checks
across rows (categories against their total) and the warnings of a report date (late
activities, overspent lines, a target due and not reported), worked out from the progress
views so the report and the check never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.core.checks import activity_paths, indicator_paths
from generator.core.load import LoadedProgram
from generator.core.messages import _m
from generator.core.model import Indicator, Program
from generator.core.monitoring.files import MonitoringFiles, read_monitoring
from generator.core.monitoring.progress import (
    Progress,
    is_incomplete,
    parts_sum,
    progress_view,
    report_date,
    rounded,
)
from generator.core.monitoring.records import (
    NO_RECORDS,
    Monitoring,
    ResultRecord,
    read_records,
)
from generator.errors import Problem, Severity

RULES: dict[str, str] = {
    "D501": "monitoring file that cannot be read",
    "D502": "missing column",
    "D503": "unknown or repeated column, or extra cells",
    "D504": "unknown indicator",
    "D505": "unknown budget line",
    "D506": "unknown activity",
    "D507": "date not written YYYY-MM-DD",
    "D508": "date outside the program period",
    "D509": "malformed disaggregation",
    "D510": "category or dimension the indicator does not have",
    "D511": "not a number",
    "D512": "percentage outside 0 to 100",
    "D513": "numerator and denominator wrong or inconsistent with the value",
    "D514": "duplicate row",
    "D515": "categories add up to more than the total",
    "D516": "category rows without a total row",
    "D517": "negative amount without a note",
    "D518": "unknown activity status",
    "D522": "empty required cell",
    "D524": "narrative file not named after a date",
    "D601": "dimension neither built in nor declared",
    "D602": "incomplete disaggregation",
    "D603": "result without a source",
    "D604": "budget line overspent",
    "D605": "late activity",
    "D606": "target due and not reported",
}
"""Monitoring rules (the program file's are in core/checks.RULES)."""


@dataclass(frozen=True)
class CheckedMonitoring:
    monitoring: Monitoring
    progress: Progress | None
    """None when there is nothing to report on (no monitoring records)."""
    problems: tuple[Problem, ...]


def check_monitoring(
    loaded: LoadedProgram, files: MonitoringFiles, as_of: dt.date | None = None
) -> CheckedMonitoring:
    """The monitoring records of a program, its progress as of the report date, every problem."""
    if files.empty:
        return CheckedMonitoring(NO_RECORDS, None, ())
    monitoring, problems = read_records(loaded.program, files)
    problems += check_categories(loaded.program, monitoring)
    problems += [
        Problem(r.at.file, r.at.line, 1, "warning", "D603", _m("give the source of this value"))
        for r in monitoring.results
        if not r.source
    ]
    date = report_date(monitoring, as_of)
    progress = None
    if date is not None and not monitoring.empty:
        progress = progress_view(loaded.program, monitoring, date)
        if not files.problems:  # a file left unread would make every date look late
            problems += list(dated_warnings(loaded, progress))
    ignored = set(loaded.program.checks.ignore)
    kept = sorted(p for p in problems if not (p.severity == "warning" and p.code in ignored))
    return CheckedMonitoring(monitoring, progress, tuple(kept))


def load_monitoring(
    loaded: LoadedProgram, program_file: Path, as_of: dt.date | None = None
) -> CheckedMonitoring:
    return check_monitoring(loaded, read_monitoring(program_file), as_of)


def check_categories(program: Program, monitoring: Monitoring) -> list[Problem]:
    """Per indicator, date and dimension: categories against their total row; every dimension
    the indicator declares should be there."""
    indicators = {i.id: i for i in program.results.indicators()}
    groups: dict[tuple[str, dt.date], list[ResultRecord]] = {}
    for record in monitoring.results:
        groups.setdefault((record.indicator, record.period_end), []).append(record)
    problems = []
    for (ident, date), rows in groups.items():
        if (ident, date.isoformat()) in monitoring.dropped:
            continue
        indicator = indicators[ident]
        additive = not (indicator.collect and indicator.collect.value == "mean")
        total = next((r for r in rows if r.dimension is None), None)
        by_dim: dict[str, list[ResultRecord]] = {}
        for r in rows:
            if r.dimension is not None:
                by_dim.setdefault(r.dimension, []).append(r)
        for dim, parts in by_dim.items():
            if total is None:
                problems.append(_no_total(parts[0], dim))
            elif additive:
                problems += _against_total(indicator, total, parts, dim)
        if total is not None and additive and indicator.measure != "text":
            problems += [
                _located(
                    total,
                    "warning",
                    "D602",
                    _m(
                        "{indicator} on {date} has no rows by {dimension}, which it declares; "
                        "add them (or remove the dimension from the indicator)",
                        indicator=ident,
                        date=date.isoformat(),
                        dimension=dim,
                    ),
                )
                for dim in indicator.disaggregation
                if dim not in by_dim
            ]
    return problems


def _located(record: ResultRecord, severity: Severity, code: str, message: str) -> Problem:
    return Problem(record.at.file, record.at.line, record.at.col, severity, code, message)


def _no_total(first: ResultRecord, dim: str) -> Problem:
    return _located(
        first,
        "error",
        "D516",
        _m(
            "{indicator} has rows by {dimension} on {date} but no total row; add a row with "
            "an empty disaggregation",
            indicator=first.indicator,
            dimension=dim,
            date=first.period_end.isoformat(),
        ),
    )


def _against_total(
    indicator: Indicator, total: ResultRecord, parts: list[ResultRecord], dim: str
) -> list[Problem]:
    added, denominators = parts_sum(indicator, parts)
    too_much = False
    if indicator.measure == "percentage":
        if denominators is not None and total.numerator is not None:
            too_much = added > total.numerator or denominators > (total.denominator or 0)
    elif total.value is not None:
        too_much = added > total.value
    words = {
        "dimension": dim,
        "indicator": total.indicator,
        "date": total.period_end.isoformat(),
        "line": str(total.at.line),
    }
    if too_much:
        message = _m(
            "the {dimension} rows of {indicator} on {date} add up to more than the total on "
            "line {line}; correct the categories or the total",
            **words,
        )
        return [_located(parts[-1], "error", "D515", message)]
    if is_incomplete(indicator, total, parts):
        message = _m(
            "the {dimension} rows of {indicator} on {date} add up to less than the total on "
            "line {line}: some categories are missing",
            **words,
        )
        return [_located(parts[-1], "warning", "D602", message)]
    return []


def dated_warnings(loaded: LoadedProgram, progress: Progress) -> list[Problem]:
    """What is wrong as of the report date: overspent lines, late activities, targets due and
    not reported."""
    problems = []
    currency = progress.budget.currency
    for line in progress.budget.overspent:
        message = _m(
            "budget line {line} has spent {realised} of {planned} {currency} planned as of "
            "{date}; revise the budget or correct the spending",
            line=line.key,
            realised=f"{rounded(line.realised):f}",
            planned=line.planned,
            currency=currency,
            date=progress.as_of.isoformat(),
        )
        spent = line.last_spending
        assert spent is not None  # an overspent line has spending
        problems.append(Problem(spent.at.file, spent.at.line, 1, "warning", "D604", message))
    paths = {a.id: path for path, a in activity_paths(loaded.program)}
    for activity in progress.late:
        message = _m(
            "{activity} was planned to end on {end} but is '{status}' as of {date}; record its "
            "status or move its end date",
            activity=activity.activity.id,
            end=activity.activity.end.isoformat(),
            status=activity.status,
            date=progress.as_of.isoformat(),
        )
        if activity.record:
            at = activity.record.at
            problems.append(Problem(at.file, at.line, 1, "warning", "D605", message))
        else:
            path = paths[activity.activity.id]
            problems.append(loaded.problem("warning", "D605", message, *path, "end"))
    indicator_at = {i.id: path for path, i in indicator_paths(loaded.program)}
    for shown in progress.indicators:
        if shown.status != "not-reported":
            continue
        indicator = shown.indicator
        index = next(n for n, t in enumerate(indicator.targets) if t.date == shown.target_date)
        message = _m(
            "the target of {indicator} for {date} is due but no value is reported for it; add "
            "a total row to results.csv",
            indicator=indicator.id,
            date=f"{shown.target_date}",
        )
        problems.append(
            loaded.problem(
                "warning", "D606", message, *indicator_at[indicator.id], "targets", index, "date"
            )
        )
    return problems
