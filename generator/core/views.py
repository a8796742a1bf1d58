"""Every view a planning document shows, computed once from the program as typed frozen objects.

The Markdown templates, the Word plan and the Excel workbook all read these: a writer lays a
view out (its columns, fonts, glyphs), it never sorts, totals or groups on its own. Text is
shown through `shown()`, which also says which language a text fell back to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, get_args

from pydantic import BaseModel

from generator.core.i18n import BABEL_LOCALE, translations
from generator.core.labels import LABELS, label_text
from generator.core.model import (
    Activity,
    BudgetLine,
    EvaluationEvent,
    Funding,
    Indicator,
    Level,
    Organisation,
    Outcome,
    Output,
    Program,
    Risk,
    Stakeholder,
    Target,
    TeamMember,
    Text,
    TranslatedText,
)

# --- Text in one language ---------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A text field as a document in one language shows it."""

    text: str
    fallback: str = ""
    """The language the text is written in when it is not the document's ("id" or "en")."""

    @property
    def marker(self) -> str:
        """ "ID" or "EN" after a text that fell back, "" otherwise."""
        return self.fallback.upper()


def shown(program: Program, value: Text | str | None, lang: str) -> Shown:
    """The text of `value` in `lang`; when it has none there, the text it falls back to (the
    program's language first) and that language."""
    if value is None:
        return Shown("")
    if isinstance(value, str):
        return Shown(value, program.language if value and lang != program.language else "")
    wanted = getattr(value, lang)
    if wanted:
        return Shown(wanted)
    for source in (program.language, "id", "en"):
        text = getattr(value, source) if isinstance(value, TranslatedText) else None
        if text:
            return Shown(text, source)
    return Shown("")


@dataclass(frozen=True)
class Untranslated:
    """How much of a program's text a document in one language shows in another."""

    count: int
    """Texts without a version in the document's language."""
    total: int
    """Texts the program has (proper names not counted)."""
    shown_in: tuple[str, ...]
    """The languages those texts are shown in instead ("id", "en")."""
    lang: str
    """The document's language."""

    def words(self, key: str) -> str:
        """The notice in the document's language: `title`, `notice` or `short` (a catalogue
        row's "partly in Indonesian")."""
        gettext = translations(self.lang).gettext
        return gettext(LABELS["untranslated"][key]).format(
            count=self.count,
            total=self.total,
            language=label_text("language", self.lang, gettext),
            shown_in=" / ".join(label_text("language", x, gettext) for x in self.shown_in),
        )


PROPER_NAMES: frozenset[tuple[type[BaseModel], str]] = frozenset(
    {(Organisation, "name"), (Stakeholder, "name"), (Funding, "name")}
)
"""Text fields that are names, shown as written in every language: never "untranslated"."""


def untranslated(program: Program, lang: str) -> Untranslated:
    """Count the texts a document in `lang` shows in another language, for the one notice a
    page or file carries instead of a mark on every field."""
    found = [shown(program, value, lang) for value in program_texts(program)]
    fell_back = [f.fallback for f in found if f.fallback]
    return Untranslated(len(fell_back), len(found), tuple(sorted(set(fell_back))), lang)


def program_texts(model: BaseModel) -> Iterator[str | TranslatedText]:
    """Every free-text value in a program, depth first, proper names left out."""
    cls = type(model)
    for name in cls.model_fields:
        value = getattr(model, name)
        values = value if isinstance(value, list) else [value]
        if (cls, name) in PROPER_NAMES:
            continue
        if is_text_field(cls, name):
            yield from (v for v in values if isinstance(v, str | TranslatedText) and v)
        else:
            for item in values:
                if isinstance(item, BaseModel):
                    yield from program_texts(item)


@cache
def is_text_field(cls: type[BaseModel], name: str) -> bool:
    """Whether a field's type is (or holds) `Text`, i.e. may be written per language."""
    return _mentions_text(cls.model_fields[name].annotation)


def _mentions_text(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, TranslatedText):
        return True
    return any(_mentions_text(arg) for arg in get_args(annotation))


# --- Calendar ---------------------------------------------------------------------------------


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month from `start`'s month to `end`'s, both included."""
    months, current = [], dt.date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = dt.date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return months


def active_in_month(activity: Activity, month: dt.date) -> bool:
    next_month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return activity.start < next_month and activity.end >= month


def months_per_column(months: int, monthly_up_to: int, quarterly_up_to: int | None = None) -> int:
    """1, 3 or 12: a column per month while there are few, then per quarter, then per year."""
    if months <= monthly_up_to:
        return 1
    if quarterly_up_to is None or months <= quarterly_up_to:
        return 3
    return 12


@dataclass(frozen=True)
class WorkplanRow:
    output: Output
    activity: Activity
    cells: tuple[bool, ...]
    """Whether the activity runs in each column."""


@dataclass(frozen=True)
class WorkplanGrid:
    """The month-by-activity table: columns of 1, 3 or 12 months, and one row per activity."""

    step: int
    spans: tuple[tuple[dt.date, ...], ...]
    """The months of each column."""
    rows: tuple[WorkplanRow, ...]

    @property
    def columns(self) -> tuple[dt.date, ...]:
        """The first month of each column."""
        return tuple(span[0] for span in self.spans)

    @property
    def quarters(self) -> bool:
        return self.step == 3


def workplan_grid(program: Program, step: int) -> WorkplanGrid:
    """The workplan with `step` months per column (choose it with `months_per_column`)."""
    months = month_starts(program.period.start, program.period.end)
    spans = tuple(tuple(months[i : i + step]) for i in range(0, len(months), step))
    rows = tuple(
        WorkplanRow(
            output,
            activity,
            tuple(any(active_in_month(activity, month) for month in span) for span in spans),
        )
        for output in program.results.outputs()
        for activity in output.activities
    )
    return WorkplanGrid(step, spans, rows)


# --- Budget (RAB) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetRow:
    no: int
    """Its number in the RAB, counting down the whole budget."""
    line: BudgetLine
    funder: Funding | None
    """The funding source the line names; None when `funding` has no such id (the check
    reports it, and the id is shown)."""


@dataclass(frozen=True)
class BudgetGroup:
    """The lines paying for one activity (None: shared costs), with their subtotal."""

    activity: Activity | None
    rows: tuple[BudgetRow, ...]
    subtotal: int


@dataclass(frozen=True)
class FunderTotal:
    id: str
    funder: Funding | None
    """None when budget lines name a funder that is not in `funding` (the check reports it)."""
    budget: int
    committed: int

    @property
    def difference(self) -> int:
        return self.committed - self.budget


@dataclass(frozen=True)
class BudgetView:
    currency: str
    groups: tuple[BudgetGroup, ...]
    by_category: tuple[tuple[str, int], ...]
    """(category, amount), largest first."""
    by_funder: tuple[FunderTotal, ...]
    total: int
    funding: int

    @property
    def gap(self) -> int:
        """Funding minus budget: negative is a shortfall, positive is funding not yet planned."""
        return self.funding - self.total


def budget_view(program: Program) -> BudgetView:
    """RAB rows grouped by activity, subtotals by activity, category and funder, and the gap."""
    if program.budget is None:
        return BudgetView("IDR", (), (), (), 0, program.funding_total)
    lines = program.budget.lines
    order = [a.id for a in program.results.activities()]
    by_activity: dict[str | None, list[BudgetLine]] = {}
    for line in lines:
        by_activity.setdefault(line.activity, []).append(line)
    keys = [k for k in order if k in by_activity] + ([None] if None in by_activity else [])
    activities = {a.id: a for a in program.results.activities()}
    funders = {f.id: f for f in program.funding}
    groups, number = [], 0
    for key in keys:
        rows = []
        for line in by_activity[key]:
            number += 1
            rows.append(BudgetRow(number, line, funders.get(line.funder)))
        subtotal = sum(line.amount for line in by_activity[key])
        groups.append(BudgetGroup(activities.get(key) if key else None, tuple(rows), subtotal))
    by_category: dict[str, int] = {}
    for line in lines:
        by_category[line.category] = by_category.get(line.category, 0) + line.amount
    by_funder = tuple(
        FunderTotal(fid, funders.get(fid), amount, funders[fid].amount if fid in funders else 0)
        for fid, amount in program.budget_by_funder().items()
    )
    return BudgetView(
        program.budget.currency,
        tuple(groups),
        tuple(sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_funder,
        program.budget.total,
        program.funding_total,
    )


# --- Risks ------------------------------------------------------------------------------------

RISK_BANDS: tuple[tuple[int, str], ...] = (
    (15, "very-high"),
    (10, "high"),
    (5, "medium"),
    (1, "low"),
)
"""(lowest score, level) of each band of the 5×5 matrix, highest first."""


def risk_level(score: int) -> str:
    """The band of a likelihood × impact score."""
    return next(level for lowest, level in RISK_BANDS if score >= lowest)


@dataclass(frozen=True)
class MatrixCell:
    likelihood: int
    impact: int
    risks: tuple[str, ...]
    """Ids of the risks in this cell."""

    @property
    def level(self) -> str:
        return risk_level(self.likelihood * self.impact)


@dataclass(frozen=True)
class MatrixRow:
    impact: int
    cells: tuple[MatrixCell, ...]
    """Likelihood 1 to 5."""


@dataclass(frozen=True)
class RiskView:
    ranked: tuple[Risk, ...]
    """The register: highest score first, then by id."""
    matrix: tuple[MatrixRow, ...]
    """Impact 5 (severe) down to 1."""


def risk_view(program: Program) -> RiskView:
    ranked = tuple(sorted(program.risks, key=lambda r: (-r.score, r.id)))
    matrix = tuple(
        MatrixRow(
            impact,
            tuple(
                MatrixCell(
                    likelihood,
                    impact,
                    tuple(
                        r.id
                        for r in program.risks
                        if r.likelihood == likelihood and r.impact == impact
                    ),
                )
                for likelihood in range(1, 6)
            ),
        )
        for impact in range(5, 0, -1)
    )
    return RiskView(ranked, matrix)


# --- Stakeholders -----------------------------------------------------------------------------

LEVEL_POSITION: Mapping[Level, float] = {"low": 0.15, "medium": 0.5, "high": 0.85}
"""Where a level sits on the 0–1 axes of the quadrant chart: medium on the middle line, between
the quadrants (it belongs to neither side); high and low near the edges, clear of the quadrant
titles, which the site draws in the middle of each quadrant."""


@dataclass(frozen=True)
class QuadrantPoint:
    id: str
    label: str
    x: float
    """Interest, 0–1."""
    y: float
    """Influence, 0–1."""


@dataclass(frozen=True)
class StakeholderView:
    ordered: tuple[Stakeholder, ...]
    """Most influence first, then most interest, then by id."""
    points: tuple[QuadrantPoint, ...]


def stakeholder_view(program: Program) -> StakeholderView:
    """The engagement order, and the quadrant's points, spread when they share a cell."""
    seen: dict[tuple[str, str], int] = {}
    points = []
    spread = (0.0, 0.07, -0.07)
    for stakeholder in program.stakeholders:
        cell = (stakeholder.interest, stakeholder.influence)
        n = seen.get(cell, 0)
        seen[cell] = n + 1
        dx, dy = spread[n % 3], spread[(n // 3) % 3]
        points.append(
            QuadrantPoint(
                stakeholder.id,
                shown(program, stakeholder.name, program.language).text,
                round(LEVEL_POSITION[stakeholder.interest] + dx, 2),
                round(LEVEL_POSITION[stakeholder.influence] + dy, 2),
            )
        )
    ordered = sorted(
        program.stakeholders,
        key=lambda s: (-LEVEL_POSITION[s.influence], -LEVEL_POSITION[s.interest], s.id),
    )
    return StakeholderView(tuple(ordered), tuple(points))


# --- Results, indicators, team ----------------------------------------------------------------


@dataclass(frozen=True)
class LogframeRow:
    level: str
    """goal, outcome, output or activity."""
    id: str
    result: Any
    """The Goal, Outcome, Output or Activity."""
    assumptions: tuple[Text, ...]


def logframe_rows(program: Program) -> tuple[LogframeRow, ...]:
    rows = [LogframeRow("goal", "", program.results.goal, ())]
    for outcome in program.results.outcomes:
        rows.append(LogframeRow("outcome", outcome.id, outcome, tuple(outcome.assumptions)))
        for output in outcome.outputs:
            rows.append(LogframeRow("output", output.id, output, tuple(output.assumptions)))
            rows += [LogframeRow("activity", a.id, a, ()) for a in output.activities]
    return tuple(rows)


@dataclass(frozen=True)
class IndicatorRow:
    level: str
    result_id: str
    indicator: Indicator


def indicator_rows(program: Program) -> tuple[IndicatorRow, ...]:
    levels: list[tuple[str, str, list[Indicator]]] = [("goal", "", program.results.goal.indicators)]
    for outcome in program.results.outcomes:
        levels.append(("outcome", outcome.id, outcome.indicators))
        levels += [("output", output.id, output.indicators) for output in outcome.outputs]
    return tuple(
        IndicatorRow(level, result_id, indicator)
        for level, result_id, indicators in levels
        for indicator in indicators
    )


def final_target(indicator: Indicator) -> Target | None:
    """The latest target of an indicator."""
    return max(indicator.targets, key=lambda t: t.date) if indicator.targets else None


@dataclass(frozen=True)
class NumberedAssumption:
    no: int
    result: str
    """Id of the outcome or output it belongs to."""
    text: Text


@dataclass(frozen=True)
class TheoryOfChange:
    assumptions: tuple[NumberedAssumption, ...]

    @cached_property
    def by_result(self) -> dict[str, list[int]]:
        """{outcome or output id: the numbers of its assumptions}."""
        found: dict[str, list[int]] = {}
        for assumption in self.assumptions:
            found.setdefault(assumption.result, []).append(assumption.no)
        return found


def theory_of_change(program: Program) -> TheoryOfChange:
    """The assumptions on the links of the theory of change, numbered in order."""
    results: list[Outcome | Output] = [*program.results.outcomes, *program.results.outputs()]
    texts = [(result.id, text) for result in results for text in result.assumptions]
    return TheoryOfChange(
        tuple(NumberedAssumption(n, rid, text) for n, (rid, text) in enumerate(texts, start=1))
    )


@dataclass(frozen=True)
class Duty:
    """One thing a role is responsible for: its code and what it is called."""

    id: str
    name: Text


@dataclass(frozen=True)
class TeamRow:
    member: TeamMember
    duties: tuple[Duty, ...]
    """The activities, then the indicators, then the risks the role is responsible for."""


def team_rows(program: Program) -> tuple[TeamRow, ...]:
    activities = list(program.results.activities())
    indicators = list(program.results.indicators())
    return tuple(
        TeamRow(
            member,
            tuple(Duty(a.id, a.title) for a in activities if a.responsible == member.id)
            + tuple(Duty(i.id, i.name) for i in indicators if i.responsible == member.id)
            + tuple(Duty(r.id, r.description) for r in program.risks if r.owner == member.id),
        )
        for member in program.team
    )


def country_name(code: str, lang: str) -> str:
    """`ID` → "Indonesia", `TL` → "Timor Leste" (Babel's CLDR names); an unknown code as is."""
    return str(BABEL_LOCALE[lang].territories.get(code, code))


def location_text(program: Program, lang: str, short: bool = False) -> str:
    """Village to country, the parts the program gives, the country by name; `short`: village,
    regency, province (for a catalogue row)."""
    loc = program.location
    parts = (
        [loc.village, loc.regency, loc.province]
        if short
        else [loc.village, loc.district, loc.regency, loc.province, country_name(loc.country, lang)]
    )
    return ", ".join(p for p in parts if p)


PLACE_WORDS = ("kabupaten ", "kab. ", "kota ", "kecamatan ", "kec. ", "desa ", "kelurahan ")
PLACE_WORDS_AFTER = (" regency", " city", " district", " village")


@dataclass(frozen=True)
class Signatory:
    """Who signs the plan, and where."""

    place: str
    """The regency or city (else the district, village or province) without the word for its
    kind: "Kabupaten Garut" → "Garut". "" when the location names none."""
    member: TeamMember | None
    """The team member who is the organisation's contact, else the first team member with a
    name, else the first one; None without a team."""
    name: str
    """The signer's name: the member's, else the contact's; "" when unknown."""


def place_name(place: str) -> str:
    lowered = place.lower()
    for word in PLACE_WORDS:
        if lowered.startswith(word) and len(place) > len(word):
            return place[len(word) :]
    for word in PLACE_WORDS_AFTER:
        if lowered.endswith(word) and len(place) > len(word):
            return place[: -len(word)]
    return place


def signatory(program: Program) -> Signatory:
    loc = program.location
    place = next((p for p in (loc.regency, loc.district, loc.village, loc.province) if p), "")
    contact = program.organisation.contact
    team = program.team
    member = next((m for m in team if contact and m.name == contact.name), None)
    member = member or next((m for m in team if m.name), None) or (team[0] if team else None)
    name = (member.name if member else None) or (contact.name if contact and not team else "")
    return Signatory(place_name(place), member, name or "")


def audiences(program: Program) -> dict[str, Text]:
    """{stakeholder or funder id: its name}: who a report can go to (a stakeholder first)."""
    names: dict[str, Text] = {f.id: f.name for f in program.funding}
    return names | {s.id: s.name for s in program.stakeholders}


# --- Everything, once per program -------------------------------------------------------------


@dataclass(frozen=True)
class ProgramViews:
    """The language-independent views of one program, computed once for every writer."""

    program: Program
    budget: BudgetView
    risks: RiskView
    stakeholders: StakeholderView
    logframe: tuple[LogframeRow, ...]
    indicators: tuple[IndicatorRow, ...]
    theory_of_change: TheoryOfChange
    team: tuple[TeamRow, ...]
    events: tuple[EvaluationEvent, ...]
    """The evaluation events by date."""
    disaggregations: tuple[str, ...]
    """Every disaggregation some indicator uses, in the order they first appear."""
    months: int
    """How many calendar months the program period touches."""


def program_views(program: Program) -> ProgramViews:
    return ProgramViews(
        program=program,
        budget=budget_view(program),
        risks=risk_view(program),
        stakeholders=stakeholder_view(program),
        logframe=logframe_rows(program),
        indicators=indicator_rows(program),
        theory_of_change=theory_of_change(program),
        team=team_rows(program),
        events=tuple(sorted(program.evaluation.events, key=lambda e: e.date)),
        disaggregations=tuple(
            dict.fromkeys(d for i in program.results.indicators() for d in i.disaggregation)
        ),
        months=len(month_starts(program.period.start, program.period.end)),
    )
