"""The progress workbook: the indicator performance tracking table (IPTT) with charts, the
budget's realisation with live formulas, and the activities' status.

Built like the planning workbook (xlsx.py, whose writer it extends): Arial, a frozen header
row, A4 landscape one page wide, program text always stored as text. The figures come from
generator.core.monitoring.progress; the realisation sheet recomputes its absorptions, totals
and the time elapsed with formulas from the planned and realised amounts of each line, so a
spreadsheet shows the same figures as the report and follows when someone edits an amount.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import PatternFill
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.core.i18n import format_short_date
from generator.core.model import Program
from generator.core.monitoring.checks import CheckedMonitoring
from generator.core.monitoring.progress import IndicatorProgress, Progress
from generator.export.common import (
    LATE_FILL,
    STATUS_FILLS,
    fixed_timestamp,
    normalise_zip,
)
from generator.export.xlsx import (
    FIRST_ROW,
    GROUP_FILL,
    HEADER_FILL,
    PERCENT_FORMAT,
    Formula,
    WorkbookWriter,
    font,
    put_text,
)

PERCENTAGE_VALUE = '0.0##" %"'
"""An indicator's percentage (58.5 → `58.5 %`): a number, so charts and formulas can use it."""
NUMBER_VALUE = "#,##0.###"
CHART_ROWS = 18  # rows between two indicator charts


def progress_xlsx(program: Program, lang: str, monitoring: CheckedMonitoring) -> bytes:
    """The progress workbook of `program` in `lang` as .xlsx bytes (identical for equal input)."""
    assert monitoring.progress is not None
    workbook = ProgressWorkbookWriter(program, lang, monitoring.progress).write_progress()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return normalise_zip(buffer.getvalue(), fixed_timestamp(program))


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as the number a cell stores (whole numbers stay whole)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class ProgressWorkbookWriter(WorkbookWriter):
    """The planning workbook's writer (its sheets, rows, fonts and print setup) filling the
    progress workbook instead."""

    def __init__(self, program: Program, lang: str, progress: Progress) -> None:
        super().__init__(program, lang, {})
        self.progress = progress
        self.as_of = self.label("export", "as-of-date").format(date=self.date(progress.as_of))

    def write_progress(self) -> Workbook:
        self.iptt_sheet()
        self.charts_sheet()
        self.realisation_sheet()
        self.activities_sheet()
        self.finish(self.label("document", "progress"))
        return self.workbook

    # --- IPTT ------------------------------------------------------------------------------

    def periods(self) -> list[dt.date]:
        """Every date where an indicator reports or has a target, in order."""
        return sorted({p.date for row in self.progress.indicators for p in row.periods})

    def value_format(self, row: IndicatorProgress) -> str:
        return PERCENTAGE_VALUE if row.indicator.measure == "percentage" else NUMBER_VALUE

    def iptt_sheet(self) -> None:
        dates = self.periods()
        target, actual = self._("Target"), self._("Value to date")
        period_headers = []
        for date in dates:
            shown = format_short_date(date, self.lang)
            period_headers += [f"{shown}\n{target}", f"{shown}\n{actual}"]
        headers = [
            self.label("export", "code"),
            self._("Indicator"),
            self._("Unit"),
            self._("Baseline"),
            *period_headers,
            self._("Value to date"),
            self._("Counts"),
            self._("Due target"),
            self._("Target date"),
            self._("Achievement"),
            self._("Status"),
        ]
        widths = [9, 36, 12, 11, *[11] * len(period_headers), 12, 10, 12, 13, 11, 16]
        ws = self.sheet(
            "iptt",
            f"{self._('Indicator performance tracking table')} — {self.as_of}",
            headers,
            widths,
        )
        ws.freeze_panes = ws.cell(FIRST_ROW, 3)
        ws.print_title_cols = "A:B"
        first_after = 5 + len(period_headers)
        for n, row in enumerate(self.progress.indicators, start=FIRST_ROW):
            self.iptt_row(ws, n, row, dates, first_after)

    def iptt_row(
        self, ws: Worksheet, n: int, row: IndicatorProgress, dates: list[dt.date], first_after: int
    ) -> None:
        indicator = row.indicator
        by_date = {p.date: p for p in row.periods}
        periods: list[object] = []
        for date in dates:
            period = by_date.get(date)
            periods += [number(period.target), number(period.to_date)] if period else [None, None]
        counts = f"{row.numerator}/{row.denominator}" if row.denominator else ""
        baseline: object
        if row.is_text:
            baseline = self.text(indicator.baseline.value) if indicator.baseline else ""
            value: object = row.text or ""
            due: object = self.text(row.target_text) if row.target_text else ""
        else:
            baseline, value, due = number(row.baseline), number(row.value), number(row.target)
        unit = self.label("measure", indicator.measure)
        if indicator.unit:
            unit = self.text(indicator.unit)
        self.row(
            ws,
            n,
            [
                indicator.id,
                self.text(indicator.name),
                unit,
                baseline,
                *periods,
                value,
                counts,
                due,
                row.target_date,
                float(row.achievement) if row.achievement is not None else None,
                self.label("progress", row.status) if row.status else "",
            ],
        )
        ws.cell(n, 1).font = font(bold=True)
        shape = self.value_format(row)
        for column in [4, *range(5, first_after), first_after, first_after + 2]:
            ws.cell(n, column).number_format = shape
        ws.cell(n, first_after + 4).number_format = PERCENT_FORMAT
        if row.status:
            status = ws.cell(n, first_after + 5)
            status.fill = PatternFill("solid", fgColor=STATUS_FILLS[row.status])
            status.font = font(bold=True)

    # --- Indicator charts ------------------------------------------------------------------

    def charts_sheet(self) -> None:
        """Per number or percentage indicator: its dates, targets and values to date, and a
        native chart of them (targets as bars, values as a line)."""
        ws = self.sheet(
            "indicator-charts",
            f"{self._('Indicators over time')} — {self.as_of}",
            [self._("Date"), self._("Target"), self._("Value to date")],
            [14, 11, 13],
        )
        top = FIRST_ROW
        for row in self.progress.indicators:
            if row.is_text or not row.periods:
                continue
            name = f"{row.indicator.id} {self.text(row.indicator.name)}"
            title = put_text(ws.cell(top, 1), name)
            title.font = font(bold=True)
            points: list[tuple[str, object, object]] = []
            if row.baseline is not None and row.indicator.baseline is not None:
                shown = format_short_date(row.indicator.baseline.date, self.lang)
                points.append((f"{shown} ({self._('baseline')})", None, number(row.baseline)))
            for period in row.periods:
                shown = format_short_date(period.date, self.lang)
                points.append((str(shown), number(period.target), number(period.to_date)))
            first = top + 1
            for n, (date, target, value) in enumerate(points, start=first):
                self.row(ws, n, [date, target, value])
                for column in (2, 3):
                    ws.cell(n, column).number_format = self.value_format(row)
            last = first + len(points) - 1
            bars = BarChart()
            bars.title = name[:250]
            bars.y_axis.title = (
                self._("Percentage (%)")
                if row.indicator.measure == "percentage"
                else self._("Value")
            )
            bars.x_axis.title = self._("Date")
            bars.add_data(Reference(ws, min_col=2, min_row=first, max_row=last))
            line = LineChart()
            line.add_data(Reference(ws, min_col=3, min_row=first, max_row=last))
            categories = Reference(ws, min_col=1, min_row=first, max_row=last)
            bars.set_categories(categories)
            line.set_categories(categories)
            self.name_series(bars, self._("Target"))
            self.name_series(line, self._("Value to date"))
            line.series[0].marker.symbol = "circle"
            bars += line
            bars.legend.position = "b"
            bars.width, bars.height = 16, 7.5
            ws.add_chart(bars, f"E{top}")
            top += max(CHART_ROWS, len(points) + 3)

    def name_series(self, chart: BarChart | LineChart, name: str) -> None:
        chart.series[0].tx = SeriesLabel(v=name)

    # --- Budget realisation ----------------------------------------------------------------

    def realisation_sheet(self) -> None:
        budget = self.progress.budget
        money = self.money_format
        ws = self.sheet(
            "realisation",
            f"{self._('Budget realisation')} — {self.as_of} — "
            f"{self._('All amounts in')} {budget.currency}",
            [
                self._("No."),
                self._("Item"),
                self._("Activity"),
                self._("Category"),
                self._("Funder"),
                self._("Planned"),
                self._("Realised"),
                self._("Absorption"),
            ],
            [8, 40, 14, 24, 30, 17, 17, 12],
        )
        ws.column_dimensions["I"].width = 12  # the time elapsed, beside each group's absorption
        shared = self._("Shared costs")
        funder_names = {f.key: self.name(f.name) for f in budget.by_funder}
        row = FIRST_ROW
        for line in budget.lines:
            self.row(
                ws,
                row,
                [
                    line.key,
                    self.text(line.line.item),
                    line.line.activity or shared,
                    self.label("category", line.line.category),
                    funder_names.get(line.line.funder, line.line.funder),
                    line.planned,
                    number(line.realised),
                    Formula(f'=IF(F{row}=0,"",G{row}/F{row})'),
                ],
                formats={6: money, 7: money, 8: PERCENT_FORMAT},
            )
            row += 1
        last_line = row - 1
        self.row(
            ws,
            row,
            [
                None,
                self._("Total"),
                None,
                None,
                None,
                Formula(f"=SUM(F{FIRST_ROW}:F{last_line})"),
                Formula(f"=SUM(G{FIRST_ROW}:G{last_line})"),
                Formula(f'=IF(F{row}=0,"",G{row}/F{row})'),
            ],
            bold=True,
            formats={6: money, 7: money, 8: PERCENT_FORMAT},
        )
        self.name_cell(ws, "RealisedTotal", "G", row)
        self.name_cell(ws, "AbsorptionTotal", "H", row)
        row += 2
        elapsed = self.time_elapsed(ws, row)
        row += 5
        lines = (FIRST_ROW, last_line)
        activities = [
            (a.key or shared, self.text(a.activity.title) if a.activity else shared)
            for a in budget.by_activity
        ]
        funders = [(key, name) for key, name in funder_names.items()]
        categories = [(c.key, self.label("category", c.key)) for c in budget.by_category]
        # Funders and categories are matched by the name the lines show (column B of their
        # table), activities by their code (column A).
        row, funder_rows = self.group(
            ws, row, self._("By funder"), ("E", "B"), funders, lines, elapsed, exact=True
        )
        row, category_rows = self.group(
            ws, row, self._("By category"), ("D", "B"), categories, lines, elapsed
        )
        row, _ = self.group(ws, row, self._("By activity"), ("C", "A"), activities, lines, elapsed)
        note = put_text(ws.cell(row, 2), self._(
            "Absorption, totals and the time elapsed are formulas: change a planned or realised "
            "amount and they follow."
        ))  # fmt: skip
        note.font = font(italic=True)
        self.absorption_chart(ws, funder_rows, self._("By funder"), "K4")
        self.absorption_chart(ws, category_rows, self._("By category"), "K24")

    def time_elapsed(self, ws: Worksheet, row: int) -> str:
        """The program's start and end, the report date, and the share of time elapsed as a
        formula; the cell that holds it."""
        period = self.program.period
        for n, (label, value) in enumerate(
            [
                (self._("Program start"), period.start),
                (self._("Program end"), period.end),
                (self._("As of"), self.progress.as_of),
            ]
        ):
            self.row(ws, row + n, [None, label, None, None, None, value])
        start, end, as_of = (f"$F${row + n}" for n in range(3))
        formula = f"=MIN(1,MAX(0,({as_of}-{start}+1)/({end}-{start}+1)))"
        self.row(
            ws,
            row + 3,
            [None, self._("Time elapsed"), None, None, None, Formula(formula)],
            bold=True,
            formats={6: PERCENT_FORMAT},
        )
        self.name_cell(ws, "TimeElapsed", "F", row + 3)
        return f"$F${row + 3}"

    def group(
        self,
        ws: Worksheet,
        row: int,
        title: str,
        columns: tuple[str, str],
        keys: list[tuple[str, str]],
        lines: tuple[int, int],
        elapsed: str,
        *,
        exact: bool = False,
    ) -> tuple[int, tuple[int, int]]:
        """Planned and realised per (code, name) of `keys`: the lines whose column
        `columns[0]` (activity, category or funder) holds the group row's cell in column
        `columns[1]`; their absorption and the time elapsed beside it, then the total; (the
        next free row, the first and last rows of the keys)."""
        money = self.money_format
        put_text(ws.cell(row, 2), title).font = font(bold=True)
        row += 1
        header = [self._("Code"), self._("Name"), *[None] * 3]
        header += [self._("Planned"), self._("Realised"), self._("Absorption")]
        header.append(self._("Time elapsed"))
        self.row(ws, row, header, bold=True, fill=HEADER_FILL)
        row += 1
        first_key = row
        first, last = lines
        lines_column, key_column = columns
        match = f"${lines_column}${first}:${lines_column}${last}"
        for key, shown in keys:

            def total(of: str, key: str = f"{key_column}{row}") -> Formula:
                values = f"${of}${first}:${of}${last}"
                if exact:
                    # An exact match on a name as written (SUMIF would read `*`, `?` and a
                    # leading `<` in a funder's name as a pattern).
                    return Formula(f"=SUMPRODUCT(({match}={key})*{values})")
                return Formula(f"=SUMIF({match},{key},{values})")

            self.row(
                ws,
                row,
                [
                    key,
                    shown,
                    None,
                    None,
                    None,
                    total("F"),
                    total("G"),
                    Formula(f'=IF(F{row}=0,"",G{row}/F{row})'),
                    Formula(f"={elapsed}"),
                ],
                formats={6: money, 7: money, 8: PERCENT_FORMAT, 9: PERCENT_FORMAT},
            )
            row += 1
        self.row(
            ws,
            row,
            [
                None,
                self._("Total"),
                None,
                None,
                None,
                Formula(f"=SUM(F{first_key}:F{row - 1})"),
                Formula(f"=SUM(G{first_key}:G{row - 1})"),
                Formula(f'=IF(F{row}=0,"",G{row}/F{row})'),
            ],
            bold=True,
            fill=GROUP_FILL,
            formats={6: money, 7: money, 8: PERCENT_FORMAT},
        )
        return row + 2, (first_key, row - 1)

    def absorption_chart(
        self, ws: Worksheet, rows: tuple[int, int], title: str, anchor: str
    ) -> None:
        """Absorption beside the time elapsed, a pair of bars per funder or category."""
        first, last = rows
        chart = BarChart()
        chart.type = "bar"
        chart.title = f"{self._('Absorption')}: {title}"
        chart.add_data(
            Reference(ws, min_col=8, max_col=9, min_row=first, max_row=last),
            titles_from_data=False,
        )
        chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
        chart.series[0].tx = SeriesLabel(v=self._("Absorption"))
        chart.series[1].tx = SeriesLabel(v=self._("Time elapsed"))
        chart.y_axis.number_format = "0%"
        chart.y_axis.scaling.min = 0
        chart.x_axis.scaling.orientation = "maxMin"  # the first row at the top
        chart.legend.position = "b"
        chart.width, chart.height = 18, 9
        ws.add_chart(chart, anchor)

    # --- Activities -------------------------------------------------------------------------

    def activities_sheet(self) -> None:
        ws = self.sheet(
            "activity-status",
            f"{self._('Activities')} — {self.as_of}",
            [
                self.label("export", "code"),
                self._("Activity"),
                self._("Start"),
                self._("End"),
                self._("Status"),
                self._("Late"),
                self._("Since"),
                self._("Note"),
            ],
            [9, 44, 12, 12, 18, 16, 12, 40],
        )
        for n, entry in enumerate(self.progress.activities, start=FIRST_ROW):
            record = entry.record
            flag = ""
            if entry.late:
                flag = self._("late")
            elif entry.not_started:
                flag = self._("not started")
            self.row(
                ws,
                n,
                [
                    entry.activity.id,
                    self.text(entry.activity.title),
                    entry.activity.start,
                    entry.activity.end,
                    self.label("activity-status", entry.status),
                    flag,
                    record.date if record else None,
                    self.text(record.note) if record and record.note else "",
                ],
            )
            ws.cell(n, 1).font = font(bold=True)
            if flag:
                ws.cell(n, 6).fill = PatternFill("solid", fgColor=LATE_FILL)
                ws.cell(n, 6).font = font(bold=True)
