"""A program as an IATI activity (standard 2.03): the crosswalks and the figures, as views.

Everything `daya export iati` shows that is computed rather than copied lives here: the
crosswalk from Daya's words to IATI codes (one table each), the budget spread over calendar
years, the result periods with their targets and values to date, the sector percentages. The
writer (generator/export/iati.py) only lays these views out as XML and checks the result.
The IATI codelists are read from the copy shipped in `iati_standard/` (CC BY 4.0, IATI).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from generator.core.explain import YamlPath
from generator.core.model import Indicator, Program, TranslatedText
from generator.core.monitoring.progress import IndicatorProgress, indicator_progress
from generator.core.monitoring.records import Monitoring, Where

STANDARD_DIR = Path(__file__).parent / "iati_standard"
"""The IATI 2.03 schema, codelists and rulesets, as published by IATI (see its README)."""

IATI_VERSION = "2.03"

# --- Crosswalks: Daya's words → IATI codes (one table each; tests/test_iati.py checks that
# every Daya value has a row and every code is in its codelist) -----------------------------

SECTOR_TO_DAC: dict[str, str] = {
    "agriculture": "31120",  # Agricultural development
    "culture": "16061",  # Culture and recreation
    "disaster-risk": "43060",  # Disaster Risk Reduction
    "education": "11110",  # Education policy and administrative management (incl. unspecified)
    "energy": "23210",  # Energy generation, renewable sources - multiple technologies
    "environment": "41010",  # Environmental policy and administrative management
    "fisheries": "31320",  # Fishery development
    "gender": "15170",  # Women's rights organisations and movements, and government institutions
    "governance": "15150",  # Democratic participation and civil society
    "health": "12220",  # Basic health care
    "infrastructure": "43040",  # Rural development
    "livelihood": "16020",  # Employment creation (incl. income generation programmes)
    "nutrition": "12240",  # Basic nutrition
    "social-protection": "16010",  # Social Protection
    "water-sanitation": "14030",  # Basic drinking water supply and basic sanitation
}
"""Daya sector → DAC 5-digit purpose code (codelist Sector). `iati.sectors` overrides it."""

ORGANISATION_TYPE: dict[str, str] = {
    "ngo": "24",  # Partner Country based NGO: an Indonesian NGO working in Indonesia
    "government": "10",  # Government
    "company": "70",  # Private Sector
    "community": "24",  # a community organisation is a local civil-society organisation
    "academic": "80",  # Academic, Training and Research
    "donor": "60",  # Foundation
    "other": "90",  # Other
}
"""`organisation.type` → OrganisationType."""

FINANCE_TYPE: dict[str, str] = {
    "grant": "110",  # Standard grant
    "cofinancing": "110",  # a contribution that is not repaid: a grant
    "in-kind": "110",  # goods or services given, not repaid: a grant in kind
    "loan": "421",  # Standard loan
    "other": "110",  # the codelist has no "other"; Daya's other sources are not repaid
}
"""`funding[].type` → FinanceType (on each funder's incoming commitment)."""

ACTIVITY_STATUS: dict[str, str] = {
    "planned": "1",  # Pipeline/identification
    "active": "2",  # Implementation
    "completed": "3",  # Finalisation: done, still reporting (4 Closed means no more reports)
    "cancelled": "5",  # Cancelled
    "suspended": "6",  # Suspended
}
"""`status` → ActivityStatus."""

INDICATOR_MEASURE: dict[str, str] = {
    "number": "1",  # Unit
    "percentage": "2",  # Percentage
    "text": "5",  # Qualitative
}
"""indicator `measure` → IndicatorMeasure."""

RESULT_TYPE: dict[str, str] = {"goal": "3", "outcome": "2", "output": "1"}
"""Level in the results chain → ResultType (Impact, Outcome, Output)."""

CROSSWALKS: dict[str, tuple[dict[str, str], str]] = {
    "sectors": (SECTOR_TO_DAC, "Sector"),
    "organisation.type": (ORGANISATION_TYPE, "OrganisationType"),
    "funding.type": (FINANCE_TYPE, "FinanceType"),
    "status": (ACTIVITY_STATUS, "ActivityStatus"),
    "measure": (INDICATOR_MEASURE, "IndicatorMeasure"),
    "result level": (RESULT_TYPE, "ResultType"),
}
"""Each crosswalk with the codelist its codes come from."""

CONVENTION: dict[str, dict[str, str]] = {
    "last": {
        "id": "Setiap nilai adalah keadaan pada tanggalnya; nilai capaian adalah nilai terakhir "
        "yang dilaporkan sampai akhir periode.",
        "en": "Each value is the state at its date; the actual is the latest value reported "
        "by the end of the period.",
    },
    "sum": {
        "id": "Target dan capaian bersifat kumulatif: nilai awal ditambah semua yang dihitung "
        "sejak tanggal nilai awal.",
        "en": "Targets and actuals are cumulative: the baseline plus everything counted since "
        "the baseline date.",
    },
}
"""IATI has no cumulative flag: each indicator's description states how its values add up."""

Source = tuple[str | int, ...] | Where
"""Where a figure comes from: a path in the program file, or a row of a monitoring file."""


# --- Codelists -------------------------------------------------------------------------------


@cache
def codelist(name: str) -> dict[str, str]:
    """{code: status} of an IATI codelist shipped with Daya ("active" or "withdrawn")."""
    for folder in ("embedded", "non-embedded"):
        path = STANDARD_DIR / "codelists" / folder / f"{name}.xml"
        if path.is_file():
            root = ElementTree.parse(path).getroot()  # noqa: S314 - a file shipped with Daya
            return {
                (item.findtext("code") or "").strip(): item.get("status", "active")
                for item in root.iter("codelist-item")
            }
    raise KeyError(name)


def in_codelist(name: str, code: str) -> bool:
    """`code` is an active code of the codelist `name`."""
    return codelist(name).get(code) == "active"


def registration_agencies() -> dict[str, str]:
    """{prefix: status} of the organisation registration agencies Daya knows (the Indonesian
    ones, XI-IATI and XM-DAC)."""
    return codelist("OrganisationRegistrationAgency.ID-subset")


# --- Text --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Narratives:
    """A text in each language it is given in, the program's language first."""

    texts: tuple[tuple[str, str], ...]

    def __bool__(self) -> bool:
        return any(text.strip() for _, text in self.texts)


def narratives(program: Program, value: object) -> Narratives:
    if isinstance(value, TranslatedText):
        order = [program.language, *(lang for lang in ("id", "en") if lang != program.language)]
        return Narratives(
            tuple((lang, getattr(value, lang)) for lang in order if getattr(value, lang))
        )
    if isinstance(value, str) and value:
        return Narratives(((program.language, value),))
    return Narratives(())


# --- Sectors ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectorShare:
    code: str
    percentage: int | None
    """None when the activity has one sector (the standard then omits it)."""
    at: Source


def dac_sectors(program: Program) -> tuple[SectorShare, ...]:
    """The DAC codes of the program (`iati.sectors`, else the crosswalk from `sectors`), each
    code once; several share 100 % equally in whole percents, the remainder to the first."""
    given: list[tuple[str, Source]]
    if program.iati.sectors:
        given = [(code, ("iati", "sectors", i)) for i, code in enumerate(program.iati.sectors)]
    else:
        given = [(SECTOR_TO_DAC[s], ("sectors", i)) for i, s in enumerate(program.sectors)]
    codes: dict[str, Source] = {}
    for code, at in given:
        codes.setdefault(code, at)
    if len(codes) == 1:
        return tuple(SectorShare(code, None, at) for code, at in codes.items())
    each = 100 // len(codes) if codes else 0
    first = 100 - each * (len(codes) - 1)
    return tuple(
        SectorShare(code, first if i == 0 else each, at)
        for i, (code, at) in enumerate(codes.items())
    )


# --- Budget by calendar year -----------------------------------------------------------------


def months_touched(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(year, month) of every calendar month from the one holding `start` to `end`'s."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class LineYear:
    """The part of one budget line that falls in one calendar year."""

    line: str
    year: int
    months: int
    amount: int


def split_budget_lines(program: Program) -> tuple[LineYear, ...]:
    """Each budget line spread over the calendar months its activity touches (a line without
    an activity: the program's months), per year: whole units rounded down, the remainder to
    the last year."""
    activities = {a.id: a for a in program.results.activities()}
    parts: list[LineYear] = []
    for line in program.budget.lines if program.budget else []:
        activity = activities.get(line.activity or "")
        start, end = (
            (activity.start, activity.end)
            if activity
            else (program.period.start, program.period.end)
        )
        months = months_touched(start, end)
        per_year: dict[int, int] = {}
        for year, _ in months:
            per_year[year] = per_year.get(year, 0) + 1
        years = sorted(per_year)
        given = 0
        for year in years:
            if year == years[-1]:
                amount = line.amount - given
            else:
                amount = line.amount * per_year[year] // len(months)
                given += amount
            parts.append(LineYear(line.id, year, per_year[year], amount))
    return tuple(parts)


@dataclass(frozen=True)
class YearBudget:
    start: dt.date
    end: dt.date
    value: int
    lines: tuple[LineYear, ...]
    at: Source


def yearly_budgets(program: Program) -> tuple[YearBudget, ...]:
    """One budget per calendar year, its period clipped to the program's; `value-date` is
    the period start."""
    parts = split_budget_lines(program)
    budgets = []
    for year in sorted({p.year for p in parts}):
        in_year = tuple(p for p in parts if p.year == year)
        start = max(dt.date(year, 1, 1), program.period.start)
        end = min(dt.date(year, 12, 31), program.period.end)
        budgets.append(YearBudget(start, end, sum(p.amount for p in in_year), in_year, ("budget",)))
    return tuple(budgets)


# --- Transactions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    ref: str | None
    type: str | None
    name: Narratives
    at: Source


@dataclass(frozen=True)
class Transaction:
    type: str
    """TransactionType: 11 incoming commitment (a funder's amount), 4 expenditure."""
    date: dt.date
    value: Decimal
    description: str
    provider: Organisation | None
    finance_type: str | None
    at: Source


def transactions(
    program: Program, monitoring: Monitoring, report: dt.date | None
) -> tuple[Transaction, ...]:
    """Each funder's commitment (dated the program start, once it has begun by the report
    date), then the expenditure recorded in spending.csv up to the report date."""
    if report is None:
        return ()
    found: list[Transaction] = []
    if program.period.start <= report:
        for i, funder in enumerate(program.funding):
            found.append(
                Transaction(
                    "11",
                    program.period.start,
                    Decimal(funder.amount),
                    "",
                    Organisation(
                        funder.identifier, None, narratives(program, funder.name), ("funding", i)
                    ),
                    FINANCE_TYPE[funder.type],
                    ("funding", i, "amount"),
                )
            )
    items = {line.id: line for line in program.budget.lines} if program.budget else {}
    for record in sorted(monitoring.spending, key=lambda r: r.date):
        if record.date > report:
            continue
        line = items.get(record.budget_line)
        item = narratives(program, line.item).texts if line else ()
        words = [record.budget_line + (f" {item[0][1]}" if item else "")]
        words += [w for w in (record.source, record.note) if w]
        found.append(
            Transaction("4", record.date, record.amount, " — ".join(words), None, None, record.at)
        )
    return tuple(found)


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultPeriod:
    """One target's period: from the later of the program start and the day after the
    previous target, to the target date."""

    start: dt.date
    end: dt.date
    target: Decimal | None
    target_text: str | None
    actual_on: dt.date | None
    """The date of the actual: the earlier of the period end and the report date (None: the
    period has not begun by the report date)."""
    actual: Decimal | None
    actual_text: str | None
    at: Source


@dataclass(frozen=True)
class ResultBaseline:
    date: dt.date
    value: Decimal | None
    text: str | None
    source: Narratives
    at: Source


@dataclass(frozen=True)
class ResultIndicator:
    id: str
    measure: str
    ascending: bool | None
    title: Narratives
    description: Narratives
    baseline: ResultBaseline | None
    periods: tuple[ResultPeriod, ...]
    at: Source


@dataclass(frozen=True)
class Result:
    type: str
    title: Narratives
    indicators: tuple[ResultIndicator, ...]
    at: Source


def _value(value: object) -> Decimal | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    return None


def _text(program: Program, value: object) -> str | None:
    texts = narratives(program, value).texts
    return texts[0][1] if texts else None


class _ValuesToDate:
    """Indicator progress at any date, computed by the monitoring core (one computation)."""

    def __init__(self, program: Program, monitoring: Monitoring) -> None:
        self.program, self.monitoring = program, monitoring
        self.seen: dict[dt.date, dict[str, IndicatorProgress]] = {}

    def at(self, indicator: str, on: dt.date) -> IndicatorProgress:
        if on not in self.seen:
            views = indicator_progress(self.program, self.monitoring, on)
            self.seen[on] = {v.indicator.id: v for v in views}
        return self.seen[on][indicator]


def result_periods(
    program: Program,
    indicator: Indicator,
    path: YamlPath,
    report: dt.date | None,
    values: _ValuesToDate,
) -> tuple[ResultPeriod, ...]:
    periods = []
    previous: dt.date | None = None
    order = sorted(enumerate(indicator.targets), key=lambda it: it[1].date)
    for k, target in order:
        start = program.period.start
        if previous is not None:
            start = max(start, previous + dt.timedelta(days=1))
        previous = target.date
        actual_on = min(target.date, report) if report and start <= report else None
        actual: Decimal | None = None
        actual_text: str | None = None
        if actual_on is not None:
            progress = values.at(indicator.id, actual_on)
            actual, actual_text = progress.value, progress.text
        text = indicator.measure == "text"
        periods.append(
            ResultPeriod(
                start,
                target.date,
                None if text else _value(target.value),
                _text(program, target.value) if text else None,
                actual_on,
                None if text else actual,
                actual_text if text else None,
                (*path, "targets", k),
            )
        )
    return tuple(periods)


def _indicator(
    program: Program,
    indicator: Indicator,
    path: YamlPath,
    report: dt.date | None,
    values: _ValuesToDate,
) -> ResultIndicator:
    baseline = None
    if indicator.baseline is not None:
        text = indicator.measure == "text"
        baseline = ResultBaseline(
            indicator.baseline.date,
            None if text else _value(indicator.baseline.value),
            _text(program, indicator.baseline.value) if text else None,
            narratives(program, indicator.baseline.source),
            (*path, "baseline"),
        )
    ascending = {"increase": True, "decrease": False}.get(indicator.direction or "")
    convention = CONVENTION[indicator.aggregation]
    order = [program.language, *(lang for lang in ("id", "en") if lang != program.language)]
    description = Narratives(tuple((lang, convention[lang]) for lang in order))
    return ResultIndicator(
        indicator.id,
        INDICATOR_MEASURE[indicator.measure],
        ascending,
        narratives(program, indicator.name),
        description,
        baseline,
        result_periods(program, indicator, path, report, values),
        path,
    )


def results(program: Program, monitoring: Monitoring, report: dt.date | None) -> tuple[Result, ...]:
    """Goal (impact), outcomes and outputs that have indicators, in the logframe's order."""
    values = _ValuesToDate(program, monitoring)
    found = []
    for level, statement, path, indicators in _chain(program):
        if not indicators:
            continue  # IATI needs an indicator in every result
        shown = tuple(
            _indicator(program, ind, (*path, "indicators", k), report, values)
            for k, ind in enumerate(indicators)
        )
        found.append(Result(RESULT_TYPE[level], narratives(program, statement), shown, path))
    return tuple(found)


def _chain(program: Program) -> Iterator[tuple[str, object, YamlPath, list[Indicator]]]:
    goal = program.results.goal
    yield "goal", goal.statement, ("results", "goal"), goal.indicators
    for i, outcome in enumerate(program.results.outcomes):
        at: YamlPath = ("results", "outcomes", i)
        yield "outcome", outcome.statement, at, outcome.indicators
        for j, output in enumerate(outcome.outputs):
            yield "output", output.statement, (*at, "outputs", j), output.indicators


# --- The activity ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityDate:
    type: str
    """ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end."""
    date: dt.date
    at: Source


@dataclass(frozen=True)
class Place:
    ref: str
    name: str
    point: tuple[float, float] | None
    at: Source


@dataclass(frozen=True)
class Activity:
    """One program as an IATI activity, as of a report date."""

    identifier: str
    language: str
    currency: str
    reporting_org: Organisation
    title: Narratives
    descriptions: tuple[tuple[str, Narratives, Source], ...]
    participating: tuple[tuple[str, Organisation], ...]
    """(OrganisationRole, organisation): funders (1), then the program's organisation as
    accountable (2) and implementing (4)."""
    status: str
    dates: tuple[ActivityDate, ...]
    country: str
    place: Place | None
    sectors: tuple[SectorShare, ...]
    sdg_targets: tuple[tuple[str, Source], ...]
    budgets: tuple[YearBudget, ...]
    transactions: tuple[Transaction, ...]
    results: tuple[Result, ...]
    report_date: dt.date | None
    """What "future" means in the standard's date rules (None: nothing has happened yet)."""
    period: tuple[dt.date, dt.date]


def activity_identifier(program: Program) -> str | None:
    """`<organisation.identifier>-<program id>`, or None without an organisation identifier."""
    org = program.organisation.identifier
    return f"{org}-{program.id}" if org else None


def iati_activity(program: Program, monitoring: Monitoring, report: dt.date | None) -> Activity:
    """The IATI activity of a program that has `organisation.identifier` (callers refuse one
    without it first)."""
    identifier = activity_identifier(program)
    if identifier is None:
        raise ValueError("the program has no organisation.identifier")
    org = Organisation(
        program.organisation.identifier,
        ORGANISATION_TYPE[program.organisation.type],
        narratives(program, program.organisation.name),
        ("organisation",),
    )
    descriptions: list[tuple[str, Narratives, Source]] = []
    summary = ("summary",) if program.summary else ("background",)
    if narratives(program, getattr(program, summary[0])):
        descriptions.append(("1", narratives(program, getattr(program, summary[0])), summary))
    goal = narratives(program, program.results.goal.statement)
    descriptions.append(("2", goal, ("results", "goal", "statement")))
    participating = [
        ("1", Organisation(f.identifier, None, narratives(program, f.name), ("funding", i)))
        for i, f in enumerate(program.funding)
    ]
    participating += [("2", org), ("4", org)]
    start, end = program.period.start, program.period.end
    dates = [ActivityDate("1", start, ("period", "start"))]
    if report and start <= report and program.status in ("active", "completed", "suspended"):
        dates.append(ActivityDate("2", start, ("period", "start")))
    dates.append(ActivityDate("3", end, ("period", "end")))
    if report and end <= report and program.status == "completed":
        dates.append(ActivityDate("4", end, ("period", "end")))
    loc = program.location
    words = [w for w in (loc.village, loc.district, loc.regency, loc.province) if w]
    place = None
    if words or loc.coordinates:
        point = (loc.coordinates.lat, loc.coordinates.lon) if loc.coordinates else None
        place = Place(f"{identifier}-1", ", ".join(words), point, ("location",))
    return Activity(
        identifier,
        program.language,
        program.budget.currency if program.budget else "IDR",
        org,
        narratives(program, program.title),
        tuple(descriptions),
        tuple(participating),
        ACTIVITY_STATUS[program.status],
        tuple(dates),
        loc.country,
        place,
        dac_sectors(program),
        tuple((code, ("sdg_targets", i)) for i, code in enumerate(program.sdg_targets)),
        yearly_budgets(program),
        transactions(program, monitoring, report),
        results(program, monitoring, report),
        report,
        (start, end),
    )
