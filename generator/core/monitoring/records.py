"""The monitoring files' cells → typed records, checked against the program (D5xx errors).

A row with an error is reported and left out; the rows that remain are what the progress
report computes with. Numbers are Decimal, so a share or a sum is exact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from generator.core.messages import _m
from generator.core.model import Indicator, Program, Text, TranslatedText
from generator.core.monitoring.files import CsvRow, CsvTable, MonitoringFiles, Narrative
from generator.errors import Problem, Severity

STATUSES = ("not-started", "in-progress", "done", "delayed", "cancelled")
RESULTS_AFTER_END_MONTHS = 6
"""Results may be dated up to six months after the program ends (an endline survey)."""
CONSISTENT_WITHIN = Decimal("0.05")
"""A percentage may differ from 100 × numerator / denominator by at most this."""


@dataclass(frozen=True)
class Dimension:
    name: Text
    categories: tuple[tuple[str, Text], ...]
    """(id, name) in the order reports show them."""
    built_in: bool


def _both(id: str, en: str) -> TranslatedText:
    return TranslatedText(id=id, en=en)


_SEXES = (("female", _both("Perempuan", "Female")), ("male", _both("Laki-laki", "Male")))
BUILT_IN: dict[str, Dimension] = {
    "sex": Dimension(_both("Jenis kelamin", "Sex"), _SEXES, True),
    "sex-of-household-head": Dimension(
        _both("Jenis kelamin kepala rumah tangga", "Sex of household head"), _SEXES, True
    ),
    "disability": Dimension(
        _both("Disabilitas", "Disability"),
        (
            ("with", _both("Penyandang disabilitas", "With disability")),
            ("without", _both("Bukan penyandang disabilitas", "Without disability")),
        ),
        True,
    ),
}
"""The disaggregations every program may use without declaring them (contract §1)."""


def dimensions(program: Program) -> dict[str, Dimension]:
    """Built-in and declared disaggregations; a program's own declaration wins."""
    found = dict(BUILT_IN)
    for key, declared in program.disaggregations.items():
        found[key] = Dimension(
            declared.name, tuple((c.id, c.name) for c in declared.categories), False
        )
    return found


@dataclass(frozen=True)
class Where:
    file: str
    line: int
    col: int


@dataclass(frozen=True)
class ResultRecord:
    indicator: str
    period_end: dt.date
    dimension: str | None
    category: str | None
    value: Decimal | None
    """None for a text indicator (its text is in `text`)."""
    text: str
    numerator: int | None
    denominator: int | None
    source: str
    collected_on: dt.date | None
    note: str
    at: Where


@dataclass(frozen=True)
class SpendingRecord:
    budget_line: str
    date: dt.date
    amount: Decimal
    source: str
    note: str
    at: Where


@dataclass(frozen=True)
class StatusRecord:
    activity: str
    date: dt.date
    status: str
    note: str
    at: Where


@dataclass(frozen=True)
class Monitoring:
    """The usable records of a program's monitoring files."""

    results: tuple[ResultRecord, ...]
    spending: tuple[SpendingRecord, ...]
    statuses: tuple[StatusRecord, ...]
    narratives: tuple[Narrative, ...]
    digest: str
    dropped: frozenset[tuple[str, str]] = frozenset()
    """(indicator, period_end as written) of result rows left out for an error: their
    categories are not compared with their total, which would only repeat the error."""

    @property
    def empty(self) -> bool:
        return not (self.results or self.spending or self.statuses or self.narratives)

    def latest_date(self) -> dt.date | None:
        """The default report date: the latest `period_end` or `date` in the files."""
        dates = [r.period_end for r in self.results]
        dates += [s.date for s in self.spending] + [s.date for s in self.statuses]
        return max(dates, default=None)


NO_RECORDS = Monitoring((), (), (), (), "")

NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
WHOLE = re.compile(r"^\d+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Reader:
    """Turns rows into records, collecting a problem for every cell that is wrong."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.problems: list[Problem] = []
        self.indicators = {i.id: i for i in program.results.indicators()}
        self.activities = {a.id for a in program.results.activities()}
        self.lines = {line.id for line in program.budget.lines} if program.budget else set()
        self.dimensions = dimensions(program)
        self.warned_dimensions: set[tuple[str, str]] = set()
        self.dropped: set[tuple[str, str]] = set()

    def problem(
        self,
        table: CsvTable,
        row: CsvRow,
        column: str,
        code: str,
        message: str,
        severity: Severity = "error",
    ) -> None:
        cell = row.cells.get(column)
        line, col = (cell.line, cell.col) if cell else (row.line, 1)
        self.problems.append(Problem(table.file, line, col, severity, code, message))

    def unknown(
        self, table: CsvTable, row: CsvRow, column: str, code: str, ident: str, known: list[str]
    ) -> None:
        """An id the program does not have (an indicator, a budget line, an activity)."""
        listed = ", ".join(known) or "—"
        if column == "indicator":
            words = _m(
                "no indicator '{id}' in the program; use one of {known}", id=ident, known=listed
            )
        elif column == "budget_line":
            words = _m(
                "no budget line '{id}' in the program; use one of {known}", id=ident, known=listed
            )
        else:
            words = _m(
                "no activity '{id}' in the program; use one of {known}", id=ident, known=listed
            )
        self.problem(table, row, column, code, words)

    def where(self, table: CsvTable, row: CsvRow) -> Where:
        return Where(table.file, row.line, 1)

    # --- cells ---------------------------------------------------------------------------

    def required(self, table: CsvTable, row: CsvRow, column: str) -> str | None:
        text = row.text(column)
        if not text:
            self.problem(
                table,
                row,
                column,
                "D522",
                _m("the '{column}' cell is empty; fill it in", column=column),
            )
            return None
        return text

    def date(
        self, table: CsvTable, row: CsvRow, column: str, latest: dt.date | None = None
    ) -> dt.date | None:
        text = row.text(column)
        parsed = parse_date(text)
        if parsed is None:
            self.problem(table, row, column, "D507", date_message(text))
            return None
        if latest is None:
            return parsed
        start, end = self.program.period.start, self.program.period.end
        if not start <= parsed <= latest:
            after = _m(", or up to six months after it for results") if latest > end else ""
            self.problem(
                table,
                row,
                column,
                "D508",
                _m(
                    "{date} lies outside the program ({start} to {end}{after}); correct the date",
                    date=text,
                    start=start.isoformat(),
                    end=end.isoformat(),
                    after=after,
                ),
            )
            return None
        return parsed

    def number(self, table: CsvTable, row: CsvRow, column: str) -> Decimal | None:
        text = row.text(column)
        if not NUMBER.match(text):
            self.problem(table, row, column, "D511", number_message(text))
            return None
        return Decimal(text)

    # --- files ---------------------------------------------------------------------------

    def results(self, table: CsvTable) -> Iterator[ResultRecord]:
        latest = add_months(self.program.period.end, RESULTS_AFTER_END_MONTHS)
        seen: dict[tuple[str, dt.date, str | None, str | None], int] = {}
        for row in table.rows:
            ident = self.required(table, row, "indicator")
            if ident is None:
                continue
            indicator = self.indicators.get(ident)
            if indicator is None:
                self.unknown(table, row, "indicator", "D504", ident, list(self.indicators))
                continue
            when = self.required(table, row, "period_end") and self.date(
                table, row, "period_end", latest
            )
            split = self.disaggregation(table, row, indicator)
            value = self.value(table, row, indicator)
            fraction = self.fraction(table, row, indicator, value)
            collected = row.text("collected_on")
            collected_on = self.date(table, row, "collected_on") if collected else None
            wrong = split is False or value is False or fraction is False
            if not when or wrong or (collected and collected_on is None):
                self.dropped.add((ident, row.text("period_end")))
                continue
            dimension, category = split if isinstance(split, tuple) else (None, None)
            numerator, denominator = fraction if isinstance(fraction, tuple) else (None, None)
            key = (ident, when, dimension, category)
            if key in seen:
                self.dropped.add((ident, row.text("period_end")))
                self.problem(
                    table,
                    row,
                    "indicator",
                    "D514",
                    _m(
                        "line {line} already gives {indicator} on {date} for {part}; keep one row",
                        line=seen[key],
                        indicator=ident,
                        date=when.isoformat(),
                        part=f"{dimension}={category}" if dimension else _m("the total"),
                    ),
                )
                continue
            seen[key] = row.line
            yield ResultRecord(
                ident,
                when,
                dimension,
                category,
                value if isinstance(value, Decimal) else None,
                row.text("value"),
                numerator,
                denominator,
                row.text("source"),
                collected_on,
                row.text("note"),
                self.where(table, row),
            )

    def disaggregation(
        self, table: CsvTable, row: CsvRow, indicator: Indicator
    ) -> tuple[str, str] | None | bool:
        """(dimension, category), None for a total row, False when the cell is wrong."""
        text = row.text("disaggregation")
        if not text:
            return None
        match = re.fullmatch(r"([a-z0-9-]+)=([a-z0-9-]+)", text)
        if not match:
            self.problem(
                table,
                row,
                "disaggregation",
                "D509",
                _m(
                    "'{text}' is not a disaggregation; write one dimension=category, e.g. "
                    "sex=female (or leave the cell empty for the total)",
                    text=text,
                ),
            )
            return False
        dim, category = match.groups()
        if dim not in indicator.disaggregation:
            self.problem(
                table,
                row,
                "disaggregation",
                "D510",
                _m(
                    "{indicator} is not disaggregated by '{dimension}'; add it to the "
                    "indicator's disaggregation list or use one of: {known}",
                    indicator=indicator.id,
                    dimension=dim,
                    known=", ".join(indicator.disaggregation) or "—",
                ),
            )
            return False
        dimension = self.dimensions.get(dim)
        if dimension is None:
            if (indicator.id, dim) not in self.warned_dimensions:
                self.warned_dimensions.add((indicator.id, dim))
                self.problem(
                    table,
                    row,
                    "disaggregation",
                    "D601",
                    _m(
                        "'{dimension}' is neither built in nor declared, so its categories "
                        "cannot be checked; declare it under disaggregations: in program.yaml",
                        dimension=dim,
                    ),
                    "warning",
                )
            return dim, category
        known = [c for c, _ in dimension.categories]
        if category not in known:
            self.problem(
                table,
                row,
                "disaggregation",
                "D510",
                _m(
                    "'{category}' is not a category of '{dimension}'; use one of: {known}",
                    category=category,
                    dimension=dim,
                    known=", ".join(known),
                ),
            )
            return False
        return dim, category

    def value(self, table: CsvTable, row: CsvRow, indicator: Indicator) -> Decimal | str | bool:
        """The value (Decimal), its text for a text indicator, or False when it is wrong."""
        text = self.required(table, row, "value")
        if text is None:
            return False
        if indicator.measure == "text":
            return text
        value = self.number(table, row, "value")
        if value is None:
            return False
        if indicator.measure == "percentage" and not 0 <= value <= 100:
            self.problem(
                table,
                row,
                "value",
                "D512",
                _m("{value} is not a percentage; write a value from 0 to 100", value=text),
            )
            return False
        return value

    def fraction(
        self, table: CsvTable, row: CsvRow, indicator: Indicator, value: Decimal | str | bool
    ) -> tuple[int, int] | None | bool:
        top, bottom = row.text("numerator"), row.text("denominator")
        if not top and not bottom:
            return None
        if indicator.measure != "percentage":
            column = "numerator" if top else "denominator"
            self.problem(
                table,
                row,
                column,
                "D513",
                _m(
                    "{indicator} is not a percentage indicator; leave numerator and denominator "
                    "empty",
                    indicator=indicator.id,
                ),
            )
            return False
        if not top or not bottom:
            self.problem(
                table,
                row,
                "denominator" if top else "numerator",
                "D513",
                _m("give both numerator and denominator, or neither"),
            )
            return False
        for column, text in (("numerator", top), ("denominator", bottom)):
            if not WHOLE.match(text):
                self.problem(
                    table,
                    row,
                    column,
                    "D513",
                    _m(
                        "the {column} counts people or things: write a whole number, not {text}",
                        column=column,
                        text=text,
                    ),
                )
                return False
        numerator, denominator = int(top), int(bottom)
        if denominator == 0:
            self.problem(
                table, row, "denominator", "D513", _m("the denominator is 0; it must be at least 1")
            )
            return False
        if numerator > denominator:
            self.problem(
                table,
                row,
                "numerator",
                "D513",
                _m(
                    "the numerator {numerator} is above the denominator {denominator}; "
                    "a share cannot be more than all",
                    numerator=numerator,
                    denominator=denominator,
                ),
            )
            return False
        if isinstance(value, Decimal):
            share = Decimal(100) * numerator / denominator
            if abs(share - value) > CONSISTENT_WITHIN:
                self.problem(
                    table,
                    row,
                    "value",
                    "D513",
                    _m(
                        "{value} does not match {numerator}/{denominator} = {share}; correct "
                        "the value or the counts",
                        value=row.text("value"),
                        numerator=numerator,
                        denominator=denominator,
                        share=f"{share.quantize(Decimal('0.01'))}",
                    ),
                )
                return False
        return numerator, denominator

    def spending(self, table: CsvTable) -> Iterator[SpendingRecord]:
        for row in table.rows:
            ident = self.required(table, row, "budget_line")
            if ident is None:
                continue
            if ident not in self.lines:
                self.unknown(table, row, "budget_line", "D505", ident, sorted(self.lines))
                continue
            when = self.required(table, row, "date") and self.date(
                table, row, "date", self.program.period.end
            )
            amount = self.required(table, row, "amount") and self.number(table, row, "amount")
            if not when or amount is None or amount is False or amount == "":
                continue
            assert isinstance(amount, Decimal)
            if amount < 0 and not row.text("note"):
                self.problem(
                    table,
                    row,
                    "amount",
                    "D517",
                    _m("a negative amount (a refund or a correction) needs a note saying why"),
                )
                continue
            yield SpendingRecord(
                ident, when, amount, row.text("source"), row.text("note"), self.where(table, row)
            )

    def statuses(self, table: CsvTable) -> Iterator[StatusRecord]:
        seen: dict[tuple[str, dt.date], int] = {}
        for row in table.rows:
            ident = self.required(table, row, "activity")
            if ident is None:
                continue
            if ident not in self.activities:
                self.unknown(table, row, "activity", "D506", ident, sorted(self.activities))
                continue
            when = self.required(table, row, "date") and self.date(
                table, row, "date", self.program.period.end
            )
            status = self.required(table, row, "status")
            if status is not None and status not in STATUSES:
                self.problem(
                    table,
                    row,
                    "status",
                    "D518",
                    _m(
                        "'{status}' is not a status; use one of {known}",
                        status=status,
                        known=", ".join(STATUSES),
                    ),
                )
                continue
            if not when or status is None:
                continue
            if (ident, when) in seen:
                self.problem(
                    table,
                    row,
                    "date",
                    "D514",
                    _m(
                        "{activity} already has a status on {date} (line {line}); keep one row",
                        activity=ident,
                        date=when.isoformat(),
                        line=seen[(ident, when)],
                    ),
                )
                continue
            seen[(ident, when)] = row.line
            yield StatusRecord(ident, when, status, row.text("note"), self.where(table, row))


def read_records(program: Program, files: MonitoringFiles) -> tuple[Monitoring, list[Problem]]:
    """Typed records of the files and every problem found in them (reading problems too)."""
    reader = _Reader(program)
    tables = files.tables
    results = tuple(reader.results(tables["results"])) if "results" in tables else ()
    spending = tuple(reader.spending(tables["spending"])) if "spending" in tables else ()
    statuses = tuple(reader.statuses(tables["activities"])) if "activities" in tables else ()
    monitoring = Monitoring(
        results, spending, statuses, files.narratives, files.digest, frozenset(reader.dropped)
    )
    return monitoring, [*files.problems, *reader.problems]


# --- Cells -------------------------------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    if not DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def date_message(text: str) -> str:
    """What to write instead of a date Daya cannot read, with the accepted form."""
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        day, month, year = match.groups()
        return _m(
            "'{text}' is not a date Daya reads; write it as YYYY-MM-DD: {example}",
            text=text,
            example=f"{year}-{int(month):02d}-{int(day):02d}",
        )
    if not text:
        return _m("the date is empty; write it as YYYY-MM-DD, e.g. 2026-12-31")
    return _m(
        "'{text}' is not a date Daya reads; write it as YYYY-MM-DD, e.g. 2026-12-31", text=text
    )


def number_message(text: str) -> str:
    """What to write instead of a number Daya cannot read."""
    if re.fullmatch(r"-?\d{1,3}(?:\.\d{3})+", text) or re.fullmatch(r"-?\d{1,3}(?:,\d{3})+", text):
        plain = re.sub(r"[.,]", "", text)
        return _m(
            "'{text}' has a thousands separator; write the number without one: {example}",
            text=text,
            example=plain,
        )
    if re.fullmatch(r"-?\d+,\d+", text):
        return _m(
            "'{text}' uses a comma for decimals; write a point: {example}",
            text=text,
            example=text.replace(",", "."),
        )
    return _m("'{text}' is not a number; write digits with . for decimals, e.g. 58.5", text=text)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), on the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in range(day.day, 27, -1):
        try:
            return dt.date(year, month + 1, candidate)
        except ValueError:
            continue
    return dt.date(year, month + 1, min(day.day, 28))


def decimal(value: float | int | str) -> Decimal:
    """A program value as Decimal, exactly as written (a float through its shortest repr)."""
    try:
        return Decimal(str(value))
    except InvalidOperation:  # pragma: no cover - the model refuses non-numbers
        return Decimal(0)
