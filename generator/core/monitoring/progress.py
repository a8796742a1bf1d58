"""What the monitoring records say as of a report date (contract §3), as frozen views.

Markdown, Word, Excel and the site all read these; none of them computes a figure of its own.
Every figure is a Decimal and compared unrounded; `rounded()` rounds half away from zero
when a writer shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.core.model import (
    Activity,
    BudgetLine,
    Funding,
    Indicator,
    Program,
    Target,
    Text,
)
from generator.core.monitoring.files import Narrative
from generator.core.monitoring.records import (
    Dimension,
    Monitoring,
    ResultRecord,
    SpendingRecord,
    StatusRecord,
    add_months,
    decimal,
    dimensions,
)

STATUSES = ("achieved", "on-track", "at-risk", "off-track", "not-reported", "not-due")
"""Indicator statuses, best first (the order summaries count them in)."""
ACTIVITY_STATUSES = ("done", "in-progress", "delayed", "not-started", "scheduled", "cancelled")
"""Activity statuses as reports count them; `scheduled`: no status recorded and not yet due to
start."""
WINDOW_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
"""How far back a row may lie and still report a target due at a date (per frequency)."""
MAINTAIN_WITHIN = Decimal("0.10")
ONE = Decimal(1)


def rounded(value: Decimal, places: int = 0) -> Decimal:
    """Half away from zero, as people round (Python's round() rounds half to even)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part / whole, or None when the whole is 0."""
    return Decimal(part) / Decimal(whole) if whole else None


# --- Indicators ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodValue:
    """One column of the indicator tracking table: a date where something was reported or due."""

    date: dt.date
    reported: Decimal | None
    """The total row dated here (a `sum` indicator: what happened in the period)."""
    to_date: Decimal | None
    """The value to date at this date (`last`: the reported value; `sum`: baseline + sums)."""
    target: Decimal | None
    """A target dated here."""


@dataclass(frozen=True)
class CategoryValue:
    category: str
    name: Text | str
    value: Decimal | None
    numerator: int | None
    denominator: int | None


@dataclass(frozen=True)
class DisaggregationTable:
    dimension: str
    name: Text | str
    date: dt.date
    total: Decimal | None
    rows: tuple[CategoryValue, ...]
    incomplete: bool
    """The categories add up to less than the total, or none is reported."""


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: Indicator
    level: str
    """goal | outcome | output"""
    baseline: Decimal | None
    value: Decimal | None
    """Value to date (None: nothing reported yet, or a text indicator)."""
    value_date: dt.date | None
    numerator: int | None
    denominator: int | None
    """Of the latest total row, for a percentage reported with its counts (`last`)."""
    text: str | None
    """A text indicator's latest value."""
    target_date: dt.date | None
    target: Decimal | None
    target_text: str | None
    due: bool
    """The target shown is due (dated on or before the report date); else it is the next one."""
    achievement: Decimal | None
    """r = (value − baseline) / (target − baseline), unrounded."""
    status: str | None
    """One of STATUSES; None for a text indicator or one without targets."""
    periods: tuple[PeriodValue, ...]
    disaggregations: tuple[DisaggregationTable, ...]

    @property
    def is_text(self) -> bool:
        return self.indicator.measure == "text"


def _levels(program: Program) -> Iterable[tuple[str, Indicator]]:
    for indicator in program.results.goal.indicators:
        yield "goal", indicator
    for outcome in program.results.outcomes:
        for indicator in outcome.indicators:
            yield "outcome", indicator
        for output in outcome.outputs:
            for indicator in output.indicators:
                yield "output", indicator


def _to_date(
    indicator: Indicator, baseline: Decimal | None, totals: list[ResultRecord], on: dt.date
) -> tuple[Decimal | None, ResultRecord | None]:
    """Value to date at `on` and the latest row it rests on (None when nothing is reported)."""
    upto = [r for r in totals if r.period_end <= on]
    if not upto:
        return None, None
    latest = upto[-1]
    if indicator.aggregation == "last":
        return latest.value, latest
    since = baseline_date(indicator)
    counted = [r.value for r in upto if since is None or r.period_end > since]
    return (baseline or Decimal(0)) + sum((v for v in counted if v is not None), Decimal(0)), latest


def baseline_date(indicator: Indicator) -> dt.date | None:
    return indicator.baseline.date if indicator.baseline else None


def _number(value: object) -> Decimal | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return decimal(value)
    return None


def reported_in_window(indicator: Indicator, totals: list[ResultRecord], due: dt.date) -> bool:
    """A total row reports a target due at `due`: one dated within the indicator's frequency
    window ending then, (due − N months, due]; for baseline-endline, once or no frequency, any
    row after the baseline."""
    months = WINDOW_MONTHS.get(indicator.frequency or "")
    if months is None:
        since = baseline_date(indicator)
        return any(since is None or r.period_end > since for r in totals if r.period_end <= due)
    start = add_months(due, -months)
    return any(start < r.period_end <= due for r in totals)


def _status(
    indicator: Indicator,
    value: Decimal | None,
    target: Decimal | None,
    baseline: Decimal | None,
    due: bool,
    reported: bool,
    thresholds: tuple[Decimal, Decimal],
) -> tuple[Decimal | None, str | None]:
    """(achievement, status) of a number or percentage indicator."""
    if target is None:
        return None, None
    start = baseline if baseline is not None else Decimal(0)
    achievement = None
    if value is not None and indicator.direction != "maintain" and target != start:
        achievement = (value - start) / (target - start)
    if not due:
        return achievement, "not-due"
    if not reported or value is None:
        return achievement, "not-reported"
    if indicator.direction == "maintain":
        close = abs(value - target) <= MAINTAIN_WITHIN * abs(target)
        return None, "on-track" if close else "off-track"
    if achievement is None:
        return None, None
    on_track, at_risk = thresholds
    if achievement >= ONE:
        return achievement, "achieved"
    if achievement >= on_track:
        return achievement, "on-track"
    if achievement >= at_risk:
        return achievement, "at-risk"
    return achievement, "off-track"


def indicator_progress(
    program: Program, monitoring: Monitoring, as_of: dt.date
) -> tuple[IndicatorProgress, ...]:
    settings = program.monitoring.thresholds
    thresholds = (decimal(settings.on_track), decimal(settings.at_risk))
    dims = dimensions(program)
    rows_by_indicator: dict[str, list[ResultRecord]] = {}
    for record in sorted(monitoring.results, key=lambda r: r.period_end):
        rows_by_indicator.setdefault(record.indicator, []).append(record)
    shown = []
    for level, indicator in _levels(program):
        rows = [r for r in rows_by_indicator.get(indicator.id, []) if r.period_end <= as_of]
        totals = [r for r in rows if r.dimension is None]
        baseline = _number(indicator.baseline.value) if indicator.baseline else None
        targets = sorted(indicator.targets, key=lambda t: t.date)
        due_targets = [t for t in targets if t.date <= as_of]
        target = due_targets[-1] if due_targets else next(iter(targets), None)
        due = bool(due_targets)
        if indicator.measure == "text":
            latest_text = totals[-1].text if totals else None
            shown.append(
                IndicatorProgress(
                    indicator,
                    level,
                    None,
                    None,
                    totals[-1].period_end if totals else None,
                    None,
                    None,
                    latest_text,
                    target.date if target else None,
                    None,
                    _text(target.value) if target else None,
                    due,
                    None,
                    None,
                    (),
                    (),
                )
            )
            continue
        value, latest = _to_date(indicator, baseline, totals, as_of)
        target_value = _number(target.value) if target else None
        reported = bool(target and due and reported_in_window(indicator, totals, target.date))
        achievement, status = _status(
            indicator, value, target_value, baseline, due, reported, thresholds
        )
        counts = (
            (latest.numerator, latest.denominator)
            if latest and indicator.aggregation == "last"
            else (None, None)
        )
        shown.append(
            IndicatorProgress(
                indicator,
                level,
                baseline,
                value,
                latest.period_end if latest else None,
                counts[0],
                counts[1],
                None,
                target.date if target else None,
                target_value,
                None,
                due,
                achievement,
                status,
                _periods(indicator, baseline, totals, targets, as_of),
                _disaggregations(indicator, rows, dims),
            )
        )
    return tuple(shown)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _periods(
    indicator: Indicator,
    baseline: Decimal | None,
    totals: list[ResultRecord],
    targets: list[Target],
    as_of: dt.date,
) -> tuple[PeriodValue, ...]:
    reported = {r.period_end: r.value for r in totals}
    target_at = {t.date: _number(t.value) for t in targets}
    dates = sorted(set(reported) | set(target_at))
    periods = []
    for date in dates:
        to_date = _to_date(indicator, baseline, totals, date)[0] if date <= as_of else None
        if date not in reported:
            to_date = None
        periods.append(PeriodValue(date, reported.get(date), to_date, target_at.get(date)))
    return tuple(periods)


def _disaggregations(
    indicator: Indicator, rows: list[ResultRecord], dims: dict[str, Dimension]
) -> tuple[DisaggregationTable, ...]:
    """Per declared dimension, its categories: at the latest date any of them was reported
    (`last`), or added up over the periods after the baseline (`sum`)."""
    tables = []
    adding = indicator.aggregation == "sum"
    since = baseline_date(indicator)
    if adding:
        rows = [r for r in rows if since is None or r.period_end > since]
    for dim in indicator.disaggregation:
        parts = [r for r in rows if r.dimension == dim]
        if not parts:
            continue
        date = max(r.period_end for r in parts)
        chosen = parts if adding else [r for r in parts if r.period_end == date]
        totals = [r for r in rows if r.dimension is None and (adding or r.period_end == date)]
        dimension = dims.get(dim)
        order = (
            [c for c, _ in dimension.categories]
            if dimension
            else sorted({r.category or "" for r in chosen})
        )
        names: dict[str, Text | str] = dict(dimension.categories) if dimension else {}
        shown = []
        for category in order:
            mine = [r for r in chosen if r.category == category]
            if not mine:
                continue
            value, numerator, denominator = (
                (sum((r.value or Decimal(0) for r in mine), Decimal(0)), None, None)
                if adding
                else (mine[0].value, mine[0].numerator, mine[0].denominator)
            )
            shown.append(
                CategoryValue(
                    category, names.get(category, category), value, numerator, denominator
                )
            )
        total = (
            sum((r.value or Decimal(0) for r in totals), Decimal(0))
            if totals and adding
            else (totals[0].value if totals else None)
        )
        incomplete = bool(totals) and (
            sum((c.value or Decimal(0) for c in shown), Decimal(0)) < (total or 0)
            if adding
            else is_incomplete(indicator, totals[0], chosen)
        )
        tables.append(
            DisaggregationTable(
                dim, dimension.name if dimension else dim, date, total, tuple(shown), incomplete
            )
        )
    return tuple(tables)


def parts_sum(indicator: Indicator, parts: list[ResultRecord]) -> tuple[Decimal, Decimal | None]:
    """(sum of the categories' values or numerators, sum of denominators when all have one)."""
    if indicator.measure == "percentage" and all(p.numerator is not None for p in parts):
        numerators = sum((Decimal(p.numerator or 0) for p in parts), Decimal(0))
        denominators = sum((Decimal(p.denominator or 0) for p in parts), Decimal(0))
        return numerators, denominators
    return sum((p.value or Decimal(0) for p in parts), Decimal(0)), None


def is_incomplete(indicator: Indicator, total: ResultRecord, parts: list[ResultRecord]) -> bool:
    """The categories account for less than the total (percentages: by their counts)."""
    added, denominators = parts_sum(indicator, parts)
    if denominators is not None and total.numerator is not None:
        return added < total.numerator or denominators < (total.denominator or 0)
    if indicator.measure == "percentage":
        return False  # shares without counts do not add up
    return total.value is not None and added < total.value


# --- Budget ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Absorption:
    """Planned and realised amounts of a line, an activity, a category, a funder or the total."""

    key: str
    planned: int
    realised: Decimal

    @property
    def share(self) -> Decimal | None:
        return share(self.realised, self.planned)

    @property
    def overspent(self) -> bool:
        return self.realised > self.planned


@dataclass(frozen=True)
class LineAbsorption(Absorption):
    line: BudgetLine
    last_spending: SpendingRecord | None


@dataclass(frozen=True)
class ActivityAbsorption(Absorption):
    activity: Activity | None
    """None: the lines without an activity (shared costs)."""


@dataclass(frozen=True)
class FunderAbsorption(Absorption):
    funder: Funding | None
    name: Text | str


@dataclass(frozen=True)
class BudgetProgress:
    currency: str
    lines: tuple[LineAbsorption, ...]
    by_activity: tuple[ActivityAbsorption, ...]
    by_category: tuple[Absorption, ...]
    by_funder: tuple[FunderAbsorption, ...]
    total: Absorption
    time_elapsed: Decimal
    """(report date − start + 1) / (end − start + 1) days, between 0 and 1."""

    @property
    def overspent(self) -> tuple[LineAbsorption, ...]:
        return tuple(line for line in self.lines if line.overspent)


def time_elapsed(program: Program, as_of: dt.date) -> Decimal:
    start, end = program.period.start, program.period.end
    days = Decimal((as_of - start).days + 1) / Decimal((end - start).days + 1)
    return min(max(days, Decimal(0)), ONE)


def budget_progress(program: Program, monitoring: Monitoring, as_of: dt.date) -> BudgetProgress:
    lines = program.budget.lines if program.budget else []
    spent: dict[str, list[SpendingRecord]] = {}
    for record in sorted(monitoring.spending, key=lambda s: s.date):
        if record.date <= as_of:
            spent.setdefault(record.budget_line, []).append(record)
    by_line = tuple(
        LineAbsorption(
            line.id,
            line.amount,
            sum((s.amount for s in spent.get(line.id, [])), Decimal(0)),
            line,
            spent[line.id][-1] if line.id in spent else None,
        )
        for line in lines
    )

    def add(items: Iterable[LineAbsorption]) -> tuple[int, Decimal]:
        chosen = list(items)
        return sum(i.planned for i in chosen), sum((i.realised for i in chosen), Decimal(0))

    activities = list(program.results.activities())
    by_activity = []
    for activity in [*activities, None]:
        key = activity.id if activity else None
        mine = [i for i in by_line if i.line.activity == key]
        if mine:
            by_activity.append(ActivityAbsorption(key or "", *add(mine), activity))
    categories = list(dict.fromkeys(line.category for line in lines))
    by_category = tuple(
        Absorption(c, *add(i for i in by_line if i.line.category == c)) for c in categories
    )
    funders = {f.id: f for f in program.funding}
    funder_ids = list(dict.fromkeys([*funders, *(line.funder for line in lines)]))
    by_funder = tuple(
        FunderAbsorption(
            fid,
            *add(i for i in by_line if i.line.funder == fid),
            funders.get(fid),
            funders[fid].name if fid in funders else fid,
        )
        for fid in funder_ids
        if any(line.funder == fid for line in lines)
    )
    currency = program.budget.currency if program.budget else "IDR"
    return BudgetProgress(
        currency,
        by_line,
        tuple(by_activity),
        by_category,
        by_funder,
        Absorption("total", *add(by_line)),
        time_elapsed(program, as_of),
    )


# --- Activities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityProgress:
    activity: Activity
    status: str
    """The latest status on or before the report date; when none is recorded, `not-started`
    if it was due to start, else `scheduled`."""
    record: StatusRecord | None
    late: bool
    """Planned to end before the report date, and neither done nor cancelled."""
    not_started: bool
    """Planned to start before the report date, and not started (or no status recorded)."""


def activity_progress(
    program: Program, monitoring: Monitoring, as_of: dt.date
) -> tuple[ActivityProgress, ...]:
    latest: dict[str, StatusRecord] = {}
    for record in sorted(monitoring.statuses, key=lambda s: s.date):
        if record.date <= as_of:
            latest[record.activity] = record
    shown = []
    for activity in program.results.activities():
        found = latest.get(activity.id)
        unrecorded = "not-started" if activity.start < as_of else "scheduled"
        status = found.status if found else unrecorded
        shown.append(
            ActivityProgress(
                activity,
                status,
                found,
                activity.end < as_of and status not in ("done", "cancelled"),
                activity.start < as_of and status == "not-started",
            )
        )
    return tuple(shown)


# --- The whole report ------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Everything the progress report shows, as of one date."""

    program: Program
    as_of: dt.date
    indicators: tuple[IndicatorProgress, ...]
    budget: BudgetProgress
    activities: tuple[ActivityProgress, ...]
    narratives: tuple[Narrative, ...]
    """Narratives dated the report date (one per language written)."""
    digest: str

    def status_counts(self) -> tuple[tuple[str, int], ...]:
        """(status, how many indicators), best first, only the statuses that occur."""
        found = [i.status for i in self.indicators if i.status]
        return tuple((s, found.count(s)) for s in STATUSES if s in found)

    def activity_counts(self) -> tuple[tuple[str, int], ...]:
        found = [a.status for a in self.activities]
        return tuple((s, found.count(s)) for s in ACTIVITY_STATUSES if s in found)

    @property
    def late(self) -> tuple[ActivityProgress, ...]:
        return tuple(a for a in self.activities if a.late)

    @property
    def not_started(self) -> tuple[ActivityProgress, ...]:
        return tuple(a for a in self.activities if a.not_started)

    def narrative(self, lang: str) -> tuple[Narrative | None, bool]:
        """The narrative to show in `lang`, and whether it is in the other language."""
        own = self.program.language
        by_lang = {(n.lang or own): n for n in self.narratives}
        if lang in by_lang:
            return by_lang[lang], False
        other = next(iter(by_lang.values()), None)
        return other, other is not None


def report_date(monitoring: Monitoring, as_of: dt.date | None) -> dt.date | None:
    """`--as-of`, or the latest date in the monitoring files; None when there is nothing."""
    return as_of or monitoring.latest_date()


def progress_view(program: Program, monitoring: Monitoring, as_of: dt.date) -> Progress:
    return Progress(
        program,
        as_of,
        indicator_progress(program, monitoring, as_of),
        budget_progress(program, monitoring, as_of),
        activity_progress(program, monitoring, as_of),
        tuple(n for n in monitoring.narratives if n.date == as_of),
        monitoring.digest,
    )
