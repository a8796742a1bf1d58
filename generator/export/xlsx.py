"""The planning workbook of a program: logframe, indicators, workplan, RAB and risks in Excel.

Built with openpyxl from the model and the computed views of generator.documents. The RAB and
the risk register keep live formulas (amounts, subtotals, totals per category and funder, the
funding gap, risk scores), so a program manager can keep editing the numbers. Program text is
always stored as text: no cell becomes a formula, an error code or a link because of what a
program says (formula/CSV injection).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from generator.core.i18n import format_long_date, format_month, format_number, translations
from generator.core.labels import label_text
from generator.core.model import Indicator, Program
from generator.core.views import (
    RISK_BANDS,
    IndicatorRow,
    final_target,
    program_views,
    untranslated,
    workplan_grid,
)
from generator.export.common import (
    AUTHOR,
    FONT,
    export_shown,
    fixed_timestamp,
    money_prefix,
    one_line,
    workbook_bytes,
    xml_safe,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
"""First characters that make a spreadsheet (or a CSV import) read text as a formula."""

TITLE_ROW, SUBTITLE_ROW, HEADER_ROW = 1, 2, 3
FIRST_ROW = HEADER_ROW + 1

HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
GROUP_FILL = PatternFill("solid", fgColor="EDF2F9")
BAR_FILL = PatternFill("solid", fgColor="4472C4")
LEVEL_COLOURS = {"low": "C6EFCE", "medium": "FFEB9C", "high": "F8CBAD", "very-high": "FF9B9B"}
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "dd/mm/yyyy"
FONT_SIZE = 10  # points: the Word plan's table text is 9, its body 10.5
LINE_HEIGHT = 12.75  # points per line of 10 pt text (the default row height)
MAX_ROW_HEIGHT = 409.0  # points: the tallest row Excel allows
MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25, footer=0.25)
"""Inches. Printed one page wide, a narrow margin leaves the text larger."""
A4_LANDSCAPE = (11.69, 8.27)  # inches
PERCENT_FORMAT = "0.0%"


def program_xlsx(program: Program, lang: str, method_titles: dict[str, str] | None = None) -> bytes:
    """The workbook of `program` in `lang` as .xlsx bytes (identical for equal input)."""
    workbook = WorkbookWriter(program, lang, method_titles or {}).write()
    return workbook_bytes(workbook, fixed_timestamp(program))


def put_text(cell: Cell, text: str) -> Cell:
    """Store program text as text, whatever it starts with (formula/CSV injection)."""
    text = xml_safe(text)
    cell.value = text
    cell.data_type = "s"  # never a formula ("=…") nor an error code ("#N/A")
    if text.startswith(FORMULA_START):
        # Excel and LibreOffice keep it text when someone edits the cell later.
        cell.quotePrefix = True
    return cell


def font(*, bold: bool = False, italic: bool = False, size: float = FONT_SIZE) -> Font:
    """The Word plan's font, so the plan and the workbook print alike."""
    return Font(name=FONT, size=size, bold=bold, italic=italic)


def use_font(workbook: Workbook) -> None:
    """Make FONT the workbook's default (openpyxl starts from Calibri 11, and every cell without
    a font of its own uses the first font of the stylesheet)."""
    body = font()
    workbook._fonts = IndexedList([body])
    workbook._named_styles["Normal"].font = body


@dataclass(frozen=True)
class RabRanges:
    """Where the RAB's lines are, for the formulas of the totals below them."""

    lines: str
    funders: str
    categories: str
    total_row: int


class WorkbookWriter:
    """Fills one openpyxl Workbook with the sheets of one program in one language."""

    def __init__(self, program: Program, lang: str, method_titles: dict[str, str]) -> None:
        self.program = program
        self.lang = lang
        self.method_titles = method_titles
        self.translations = translations(lang)
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        use_font(self.workbook)
        self.views = program_views(program)
        self.budget = self.views.budget
        prefix = money_prefix(self.budget.currency, lang).replace('"', "")
        self.money_format = f'"{prefix}"#,##0'
        self.team = {m.id: m for m in program.team}
        self.widths: dict[str, list[float]] = {}
        found = untranslated(program, lang)
        self.notice = f" — {found.words('title')}: {found.words('notice')}" if found.count else ""
        """Said once per sheet, after its subtitle, when some text is in the other language."""

    # --- Words ------------------------------------------------------------------------------

    def _(self, message: str) -> str:
        return self.translations.gettext(message)

    def label(self, kind: str, value: str) -> str:
        return label_text(kind, value, self.translations.gettext)

    def text(self, value: Any) -> str:
        """A Text field in the workbook's language (or the one it falls back to)."""
        return one_line(export_shown(self.program, value, self.lang).text)

    def name(self, value: Any) -> str:
        return one_line(export_shown(self.program, value, self.lang).text)

    def who(self, member_id: str | None) -> str:
        if not member_id:
            return ""
        member = self.team.get(member_id)
        return self.text(member.role) if member else member_id

    def method_title(self, method_id: str | None) -> str:
        if not method_id:
            return ""
        return self.method_titles.get(method_id, method_id)

    def date(self, value: dt.date) -> str:
        return str(format_long_date(value, self.lang))

    def indicator_value(self, indicator: Indicator, value: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            shown = str(format_number(value, self.lang))
            if indicator.measure == "percentage":
                return shown + "%"
            unit = self.text(indicator.unit) if indicator.unit else ""
            return f"{shown} {unit}".strip()
        return self.text(value)

    # --- Cells ------------------------------------------------------------------------------

    def sheet(
        self, key: str, subtitle: str, headers: Sequence[str], widths: Sequence[float]
    ) -> Worksheet:
        """A sheet with the program title, a subtitle, and a styled, frozen header row."""
        ws = self.workbook.create_sheet(self.label("sheet", key))
        self.widths[ws.title] = list(widths)
        title = put_text(ws.cell(TITLE_ROW, 1), self.text(self.program.title))
        title.font = font(bold=True, size=14)
        put_text(ws.cell(SUBTITLE_ROW, 1), subtitle + self.notice).font = font(italic=True, size=11)
        for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
            cell = put_text(ws.cell(HEADER_ROW, column), header)
            cell.font = font(bold=True)
            cell.fill = HEADER_FILL
            cell.border = GRID
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[get_column_letter(column)].width = width
        self.fit_height(ws, HEADER_ROW, headers)
        ws.freeze_panes = ws.cell(FIRST_ROW, 1)
        self.page_setup(ws)
        return ws

    def page_setup(self, ws: Worksheet) -> None:
        """Landscape A4, one page wide (as many pages down as it takes), the header row on
        every page, the program's title and the sheet in the header, the page in the footer."""
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        setup = ws.page_setup
        setup.orientation = "landscape"
        setup.paperSize = ws.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        ws.print_options.horizontalCentered = True
        ws.page_margins = MARGINS
        title = self.name(self.program.title)
        if len(title) > 90:  # a header holds 255 characters in all
            title = title[:89] + "…"
        parts = [
            (ws.oddHeader.left, header_text(title)),
            (ws.oddHeader.right, "&A"),
            (
                ws.oddFooter.center,
                header_text(self.label("export", "page"))
                .replace("{page}", "&P")
                .replace("{pages}", "&N"),
            ),
        ]
        for part, text in parts:
            part.text = text
            part.font = f"{FONT},Regular"
            part.size = 9

    def row(
        self,
        ws: Worksheet,
        row: int,
        values: Sequence[Any],
        *,
        bold: bool = False,
        italic: bool = False,
        fill: PatternFill | None = None,
        formats: dict[int, str] | None = None,
    ) -> None:
        """One row from column A: a str is text, a `Formula` a formula, anything else a value."""
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row, column)
            if isinstance(value, Formula):
                cell.value = value.text
            elif isinstance(value, str):
                put_text(cell, value)
            elif value is not None:
                cell.value = value
            cell.border = GRID
            cell.alignment = WRAP
            if bold or italic:
                cell.font = font(bold=bold, italic=italic)
            if fill is not None:
                cell.fill = fill
            if formats and column in formats:
                cell.number_format = formats[column]
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
        self.fit_height(ws, row, values)

    def fit_height(self, ws: Worksheet, row: int, values: Sequence[Any]) -> None:
        """Give a row the height its wrapped text needs.

        Spreadsheets do not all grow rows to fit wrapped text when they open a file
        (LibreOffice keeps the default height), so the height is estimated here.
        """
        widths = self.widths[ws.title]
        lines = 1
        for column, value in enumerate(values):
            if not isinstance(value, str) or column >= len(widths):
                continue
            per_line = max(1.0, widths[column] * 1.1 - 1)
            needed = sum(
                math.ceil(max(1, len(part)) * 1.1 / per_line) for part in value.split("\n")
            )
            lines = max(lines, needed)
        if lines > 1:
            ws.row_dimensions[row].height = min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)

    # --- The workbook -----------------------------------------------------------------------

    def write(self) -> Workbook:
        self.logframe_sheet()
        self.indicators_sheet()
        self.workplan_sheet()
        self.budget_sheet()
        self.risks_sheet()
        self.finish(self.label("document", "plan"))
        return self.workbook

    def finish(self, subject: str) -> None:
        """The document's properties (fixed, so equal input gives equal bytes) and each
        sheet's print area; the first sheet active."""
        when = fixed_timestamp(self.program)
        self.workbook.properties = DocumentProperties(
            creator=AUTHOR,
            lastModifiedBy=AUTHOR,
            created=when,
            modified=when,
            title=self.name(self.program.title),
            subject=subject,
            language={"id": "id-ID", "en": "en-GB"}[self.lang],
        )
        for ws in self.workbook:
            ws.print_area = ws.dimensions
        self.workbook.active = 0

    def logframe_sheet(self) -> None:
        ws = self.sheet(
            "logframe",
            self._("Logical framework"),
            [
                self._("Level"),
                self.label("export", "code"),
                self._("Narrative summary"),
                self._("Indicators"),
                self._("Means of verification"),
                self._("Assumptions"),
            ],
            [18, 10, 50, 50, 36, 36],
        )
        row = FIRST_ROW
        for entry in self.views.logframe:
            result, level = entry.result, entry.level
            if level == "activity":
                summary = self.text(result.title)
                indicators = f"{self.date(result.start)} – {self.date(result.end)}"
                verification = ""
            else:
                summary = self.text(result.statement)
                indicators = "\n".join(f"{i.id}: {self.text(i.name)}" for i in result.indicators)
                verification = "\n".join(
                    self.text(i.means_of_verification) for i in result.indicators
                )
            assumptions = "\n".join(self.text(a) for a in entry.assumptions)
            self.row(
                ws,
                row,
                [
                    self.label("result_level", level),
                    entry.id,
                    summary,
                    indicators,
                    verification,
                    assumptions,
                ],
                fill=GROUP_FILL if level in ("goal", "outcome") else None,
            )
            ws.cell(row, 1).font = font(bold=True)
            row += 1

    def indicators_sheet(self) -> None:
        used = self.views.disaggregations
        export = lambda key, **kw: self.label("export", key).format(**kw)  # noqa: E731
        headers = [
            export("code"),
            self._("Level"),
            self._("Result"),
            self._("Indicator"),
            export("definition"),
            export("measure"),
            self._("Unit"),
            export("direction"),
            self._("Baseline"),
            export("baseline-date"),
            self._("Baseline source"),
            self._("Targets"),
            export("final-target"),
            export("final-target-date"),
            self._("Means of verification"),
            self._("Method"),
            self._("Frequency"),
            self._("Responsible"),
            *[export("disaggregation-column", name=self.label("disaggregation", d)) for d in used],
        ]
        # Narrow, wrapped columns: the sheet prints one page wide, and the narrower it is, the
        # larger its text on paper.
        widths = [8, 10, 8, 30, 24, 11, 11, 13, 11, 11, 18, 22, 11, 11, 22, 18, 11, 15]
        ws = self.sheet(
            "indicators",
            self._("Monitoring and evaluation plan"),
            headers,
            widths + [10] * len(used),
        )
        ws.freeze_panes = ws.cell(FIRST_ROW, 2)
        ws.print_title_cols = "A:A"
        for row, entry in enumerate(self.views.indicators, start=FIRST_ROW):
            self.row(ws, row, self.indicator_cells(entry))
            ws.cell(row, 1).font = font(bold=True)
            for column in range(len(widths) + 1, len(headers) + 1):
                ws.cell(row, column).alignment = Alignment(horizontal="center", vertical="top")

    def indicator_cells(self, entry: IndicatorRow) -> list[Any]:
        """One indicator of the M&E plan, a column per field and per disaggregation."""
        i = entry.indicator
        baseline = i.baseline
        last = final_target(i)
        return [
            i.id,
            self.label("result_level", entry.level),
            entry.result_id,
            self.text(i.name),
            self.text(i.definition),
            self.label("measure", i.measure),
            self.text(i.unit),
            self.label("direction", i.direction) if i.direction else "",
            self.value(baseline.value) if baseline else None,
            baseline.date if baseline else None,
            self.text(baseline.source) if baseline else "",
            "\n".join(
                f"{self.date(t.date)}: {self.indicator_value(i, t.value)}" for t in i.targets
            ),
            self.value(last.value) if last else None,
            last.date if last else None,
            self.text(i.means_of_verification),
            self.method_title(i.method),
            self.label("frequency", i.frequency) if i.frequency else "",
            self.who(i.responsible),
            *["✓" if d in i.disaggregation else "" for d in self.views.disaggregations],
        ]

    def value(self, value: Any) -> Any:
        """A measured value: numbers stay numbers, text is text in the workbook's language."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        return self.text(value)

    def workplan_sheet(self) -> None:
        program = self.program
        grid = workplan_grid(program, 1)  # a spreadsheet scrolls: a column per month
        months = grid.columns
        headers = [
            self.label("export", "code"),
            self._("Activity"),
            self._("Responsible"),
            self._("Start"),
            self._("End"),
            *[str(format_month(m, self.lang)) for m in months],
        ]
        ws = self.sheet(
            "workplan", self._("Workplan"), headers, [10, 48, 22, 12, 12] + [4.2] * len(months)
        )
        ws.freeze_panes = ws.cell(FIRST_ROW, 6)
        ws.print_title_cols = "A:B"
        ws.row_dimensions[HEADER_ROW].height = 60  # the month names, turned upright
        for column in range(6, 6 + len(months)):
            ws.cell(HEADER_ROW, column).alignment = Alignment(
                text_rotation=90, horizontal="center", vertical="bottom"
            )
        row = FIRST_ROW
        blank = [None] * len(months)
        for output in program.results.outputs():
            self.row(
                ws,
                row,
                [output.id, self.text(output.statement), None, None, None, *blank],
                bold=True,
                fill=GROUP_FILL,
            )
            row += 1
            for entry in (r for r in grid.rows if r.output is output):
                activity = entry.activity
                marks = ["◆" if on and activity.milestone else None for on in entry.cells]
                self.row(
                    ws,
                    row,
                    [
                        activity.id,
                        self.text(activity.title),
                        self.who(activity.responsible),
                        activity.start,
                        activity.end,
                        *marks,
                    ],
                )
                for n, on in enumerate(entry.cells, start=6):
                    cell = ws.cell(row, n)
                    cell.alignment = Alignment(horizontal="center", vertical="center")
                    if on and not activity.milestone:
                        cell.fill = BAR_FILL
                row += 1
        put_text(ws.cell(row + 1, 2), self.label("export", "workplan-legend")).font = font(
            italic=True
        )

    def budget_sheet(self) -> None:
        """The RAB with live formulas: lines by activity, then totals by category and funder,
        then the funding gap. Each part starts below the last and says where it ended."""
        budget = self.budget
        ws = self.sheet(
            "budget",
            f"{self.label('document', 'budget')} — {self._('All amounts in')} {budget.currency}",
            [
                self._("No."),
                self.label("export", "item-description"),
                self._("Volume"),
                self._("Unit"),
                self._("Unit cost"),
                self._("Amount"),
                self._("Funder"),
                self._("Category"),
                self.label("export", "code"),
            ],
            [6, 50, 10, 12, 16, 18, 14, 26, 16],
        )
        rab = self.budget_lines(ws)
        row = self.budget_categories(ws, rab)
        row, funder_total_row = self.budget_funders(ws, rab, row)
        self.budget_balance(ws, rab, row, funder_total_row)
        self.keep_together(ws, rab.total_row + 2)

    def keep_together(self, ws: Worksheet, first: int) -> None:
        """Start the rows from `first` to the end on a new page when the print (as estimated
        here) would split them, and they fit on one page."""
        heights = [row_height(ws, row) for row in range(1, ws.max_row + 1)]
        capacity = page_height(self.widths[ws.title])
        header = heights[HEADER_ROW - 1]
        if sum(heights[first - 1 :]) > capacity - header:
            return  # longer than a page: it has to flow
        pages = page_of_rows(heights, capacity, header)
        if pages[first - 1] != pages[-1]:
            ws.row_breaks.append(Break(id=first - 1))

    def budget_lines(self, ws: Worksheet) -> RabRanges:
        """The lines grouped by activity, each group with its subtotal, then the total."""
        money = self.money_format
        row = FIRST_ROW
        subtotals = []
        for group in self.budget.groups:
            activity = group.activity
            title = (
                f"{activity.id} {self.text(activity.title)}" if activity else self._("Shared costs")
            )
            self.row(ws, row, [None, title, *[None] * 7], bold=True, fill=GROUP_FILL)
            row += 1
            first = row
            for entry in group.rows:
                line = entry.line
                quantity_format = "#,##0" if float(line.quantity).is_integer() else "#,##0.0#"
                self.row(
                    ws,
                    row,
                    [
                        entry.no,
                        self.text(line.item),
                        line.quantity,
                        self.text(line.unit),
                        line.unit_cost,
                        Formula(f"=C{row}*E{row}"),
                        self.name(entry.funder.name) if entry.funder else line.funder,
                        self.label("category", line.category),
                        line.id,
                    ],
                    formats={3: quantity_format, 5: money, 6: money},
                )
                row += 1
            subtotal = Formula(f"=SUM(F{first}:F{row - 1})")
            self.row(
                ws,
                row,
                [None, self._("Subtotal"), *[None] * 3, subtotal, None, None, None],
                italic=True,
                formats={6: money},
            )
            subtotals.append(f"F{row}")
            row += 1
        total = Formula(sum_formula(subtotals))
        cells = [None, self._("Total"), *[None] * 3, total, None, None, None]
        self.row(ws, row, cells, bold=True, formats={6: money})
        self.name_cell(ws, "BudgetTotal", "F", row)
        return RabRanges(
            lines=f"$F${FIRST_ROW}:$F${row - 1}",
            funders=f"$G${FIRST_ROW}:$G${row - 1}",
            categories=f"$H${FIRST_ROW}:$H${row - 1}",
            total_row=row,
        )

    def budget_categories(self, ws: Worksheet, rab: RabRanges) -> int:
        """Subtotals by category (SUMIF over the lines) with their share; the next free row."""
        money = self.money_format
        row = rab.total_row + 2
        put_text(ws.cell(row, 2), self._("Subtotals by category")).font = font(bold=True)
        row += 1
        self.header_row(ws, row, {2: self._("Category"), 6: self._("Amount"), 7: self._("Share")})
        row += 1
        for category, _amount in self.budget.by_category:
            total = rab.total_row
            self.row(
                ws,
                row,
                [
                    None,
                    self.label("category", category),
                    *[None] * 3,
                    Formula(f"=SUMIF({rab.categories},B{row},{rab.lines})"),
                    Formula(f"=IF($F${total}=0,0,F{row}/$F${total})"),
                ],
                formats={6: money, 7: PERCENT_FORMAT},
            )
            row += 1
        return row + 1

    def budget_funders(self, ws: Worksheet, rab: RabRanges, row: int) -> tuple[int, int]:
        """Totals by funder against what each committed; (the next free row, the total's row)."""
        money = self.money_format
        put_text(ws.cell(row, 2), self._("Totals by funder")).font = font(bold=True)
        row += 1
        headers = {
            2: self._("Funder"),
            4: self._("Type"),
            6: self._("Budgeted"),
            8: self._("Committed"),
            9: self._("Difference"),
        }
        self.header_row(ws, row, headers)
        row += 1
        first_funder = row
        for entry in self.budget.by_funder:
            funder = entry.funder
            self.row(
                ws,
                row,
                [
                    None,
                    self.name(funder.name) if funder else entry.id,
                    None,
                    self.label("funding", funder.type) if funder else "",
                    None,
                    # Exact match on the name as the RAB shows it (SUMIF would read `*`, `?`
                    # and a leading `<` in a name as a pattern).
                    Formula(f"=SUMPRODUCT(({rab.funders}=B{row})*{rab.lines})"),
                    None,
                    entry.committed,
                    Formula(f"=H{row}-F{row}"),
                ],
                formats={6: money, 8: money, 9: money},
            )
            row += 1
        total = [
            None,
            self._("Total"),
            *[None] * 3,
            Formula(f"=SUM(F{first_funder}:F{row - 1})"),
            None,
            Formula(f"=SUM(H{first_funder}:H{row - 1})"),
            Formula(f"=H{row}-F{row}"),
        ]
        self.row(ws, row, total, bold=True, formats={6: money, 8: money, 9: money})
        return row + 2, row

    def budget_balance(self, ws: Worksheet, rab: RabRanges, row: int, funder_total: int) -> None:
        """Total budget, funding committed and the gap between them, as named cells."""
        money = self.money_format
        lines = [
            ("total-budget", f"=F{rab.total_row}", None),
            ("funding-committed", f"=H{funder_total}", "FundingCommitted"),
            ("funding-gap", f"=F{row}-F{row + 1}", "FundingGap"),
        ]
        for n, (key, formula, name) in enumerate(lines):
            label = self.label("export", key)
            self.row(
                ws,
                row + n,
                [None, label, *[None] * 3, Formula(formula)],
                bold=True,
                formats={6: money},
            )
            if name:
                self.name_cell(ws, name, "F", row + n)
        note = put_text(ws.cell(row + len(lines) + 1, 2), self.label("export", "budget-formulas"))
        note.font = font(italic=True)

    def header_row(self, ws: Worksheet, row: int, headers: dict[int, str]) -> None:
        for column in range(1, 10):
            cell = ws.cell(row, column)
            if column in headers:
                put_text(cell, headers[column])
            cell.font = font(bold=True)
            cell.fill = HEADER_FILL
            cell.border = GRID

    def name_cell(self, ws: Worksheet, name: str, column: str, row: int) -> None:
        """A workbook-wide name for a key cell (BudgetTotal, FundingGap) to cite in formulas."""
        reference = f"{quote_sheetname(ws.title)}!${column}${row}"
        self.workbook.defined_names[name] = DefinedName(name, attr_text=reference)

    def risks_sheet(self) -> None:
        ws = self.sheet(
            "risks",
            self._("Risk register"),
            [
                self.label("export", "code"),
                self._("Risk"),
                self._("Category"),
                self._("Likelihood"),
                self._("Impact"),
                self._("Score"),
                self.label("export", "risk-level"),
                self._("Mitigation"),
                self._("Owner"),
                self._("Watches"),
            ],
            [8, 44, 16, 13, 10, 9, 16, 44, 22, 14],
        )
        risks = self.views.risks.ranked
        bands = RISK_BANDS
        level_formula = '"{}"'.format(self.label("risk_level", bands[-1][1]).replace('"', '""'))
        for lowest, level in reversed(bands[:-1]):
            name = self.label("risk_level", level).replace('"', '""')
            level_formula = f'IF(F{{row}}>={lowest},"{name}",{level_formula})'
        for row, risk in enumerate(risks, start=FIRST_ROW):
            self.row(
                ws,
                row,
                [
                    risk.id,
                    self.text(risk.description),
                    self.label("risk", risk.category),
                    risk.likelihood,
                    risk.impact,
                    Formula(f"=D{row}*E{row}"),
                    Formula("=" + level_formula.format(row=row)),
                    self.text(risk.mitigation),
                    self.who(risk.owner),
                    risk.assumption or "",
                ],
            )
            ws.cell(row, 1).font = font(bold=True)
            for column in (4, 5, 6):
                ws.cell(row, column).alignment = Alignment(horizontal="center", vertical="top")
        if risks:
            last = FIRST_ROW + len(risks) - 1
            cells = f"F{FIRST_ROW}:G{last}"
            for lowest, level in bands:
                ws.conditional_formatting.add(
                    cells,
                    FormulaRule(
                        formula=[f"$F{FIRST_ROW}>={lowest}"],
                        stopIfTrue=True,
                        fill=PatternFill(
                            "solid", bgColor=LEVEL_COLOURS[level], fgColor=LEVEL_COLOURS[level]
                        ),
                    ),
                )


def row_height(ws: Worksheet, row: int) -> float:
    """A row's height in points: the one set, else the default (the title's is taller)."""
    height = ws.row_dimensions[row].height
    return float(height) if height else 18.0 if row == TITLE_ROW else LINE_HEIGHT


def page_height(widths: Sequence[float]) -> float:
    """How many points of rows one printed page holds, the sheet scaled to one page wide
    (a little less than the estimate, which cannot know the printer's fonts)."""
    width = sum(w * 7 + 5 for w in widths) * 0.75  # points: 7 px per unit of Arial 10, + padding
    paper_width, paper_height = A4_LANDSCAPE
    printable = (paper_width - MARGINS.left - MARGINS.right) * 72
    scale = min(1.0, printable / width)
    return (paper_height - MARGINS.top - MARGINS.bottom) * 72 / scale * 0.95


def page_of_rows(heights: Sequence[float], capacity: float, header: float) -> list[int]:
    """The page each row prints on, the header row repeated at the top of every page."""
    pages, page, used = [], 0, 0.0
    for height in heights:
        if used + height > capacity and used > header:
            page, used = page + 1, header
        used += height
        pages.append(page)
    return pages


def header_text(text: str) -> str:
    """Text for a printed header or footer, where "&" starts a code (&P is the page)."""
    return text.replace("&", "&&")


class Formula:
    """A formula Daya writes itself — the only way a cell becomes a formula."""

    def __init__(self, text: str) -> None:
        assert text.startswith("=")
        self.text = text


def sum_formula(cells: list[str]) -> str:
    """=SUM(F7,F12,…) in chunks, since a spreadsheet function takes at most 255 arguments."""
    if not cells:
        return "=0"
    chunks = [cells[i : i + 200] for i in range(0, len(cells), 200)]
    return "=" + "+".join(f"SUM({','.join(chunk)})" for chunk in chunks)
