"""The progress report (Laporan kemajuan) as a Word file, in the look of the Word plan.

It lays out the views of generator.core.monitoring.progress as of the report date: a cover, a
summary, the indicator table with each status in words on its colour, a chart per indicator,
the disaggregation tables, the budget's realisation with a chart of absorption against the
time elapsed, the activities, the team's narrative and the data-quality list. Every figure
comes from the core and is formatted by generator.core.i18n; program text is only ever run
text (the narrative keeps its headings and bullets, nothing else of Markdown).
"""

from __future__ import annotations

import io
from decimal import Decimal

from docx.shared import Pt

from generator.core.documents import progress_amount, value_to_date, warning_name
from generator.core.escaping import narrative_blocks
from generator.core.i18n import format_money, format_share, whole
from generator.core.model import Activity, Program
from generator.core.monitoring.checks import CheckedMonitoring
from generator.core.monitoring.progress import IndicatorProgress, Progress
from generator.core.views import location_text
from generator.export.common import (
    LATE_FILL,
    STATUS_FILLS,
    fixed_timestamp,
    normalise_zip,
    one_line,
    xml_safe,
)
from generator.export.docx import (
    CellContent,
    Line,
    PlanWriter,
    Row,
    Run,
    TableRow,
)
from generator.export.progress_charts import (
    AbsorptionChartWords,
    IndicatorChartWords,
    absorption_chart,
    indicator_chart,
)


def progress_docx(
    program: Program, lang: str, monitoring: CheckedMonitoring, method_titles: dict[str, str]
) -> bytes:
    """The progress report of `program` in `lang` as .docx bytes (identical for equal input)."""
    assert monitoring.progress is not None
    writer = ProgressWriter(program, lang, method_titles, monitoring)
    writer.write()
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return normalise_zip(buffer.getvalue(), fixed_timestamp(program))


class ProgressWriter(PlanWriter):
    """The plan's writer (its styles, tables, headings, figures and footer) laying out the
    progress report instead of the plan."""

    def __init__(
        self,
        program: Program,
        lang: str,
        method_titles: dict[str, str],
        monitoring: CheckedMonitoring,
    ) -> None:
        super().__init__(program, lang, method_titles)
        assert monitoring.progress is not None
        self.progress: Progress = monitoring.progress
        self.warnings = [p for p in monitoring.problems if p.severity == "warning"]
        self.currency = self.progress.budget.currency

    # --- Words ------------------------------------------------------------------------------

    def share(self, ratio: Decimal | None) -> str:
        return str(format_share(ratio, self.lang)) if ratio is not None else "–"

    def realised(self, amount: Decimal) -> str:
        return str(format_money(whole(amount), self.currency, self.lang))

    def planned(self, amount: int) -> str:
        return str(format_money(amount, self.currency, self.lang))

    def status(self, status: str | None) -> str:
        return self.label("progress", status) if status else "–"

    def amount(self, row: IndicatorProgress, value: Decimal | None) -> str:
        return str(progress_amount(row, value, self.lang))

    # --- The document -----------------------------------------------------------------------

    def write(self) -> None:
        self.set_up_document()
        self.doc.core_properties.subject = self.label("document", "progress")
        self.cover()
        contents = self.paragraph(self.export_label("contents"), "TOC Heading")
        contents.paragraph_format.page_break_before = True
        self.untranslated_note()
        self.summary()
        self.indicators()
        self.charts()
        self.disaggregations()
        self.qualitative()
        self.budget_realisation()
        self.activities()
        self.narrative()
        self.data_quality()
        self.contents(contents)

    def cover(self) -> None:
        """Organisation, kind of document, title, `per <date>`, place and period."""
        program = self.program
        self.paragraph(self.name(program.organisation.name), "Cover Organisation")
        self.paragraph(self.export_label("progress-kind"), "Cover Kind")
        self.paragraph(self.text(program.title), "Title")
        as_of = self.export_label("as-of-date", date=self.date(self.progress.as_of))
        self.paragraph([Run(as_of, bold=True)], "Subtitle")
        details = [
            (self._("Location"), self.location()),
            (self._("Program period"), self.period_with_months()),
        ]
        for n, (name, value) in enumerate(details):
            line = self.paragraph([Run(f"{name}: ", bold=True), Run(value)], "Cover Detail")
            if n == 0:
                line.paragraph_format.space_before = Pt(120)

    def location(self) -> str:
        return xml_safe(location_text(self.program, self.lang))

    def summary(self) -> None:
        progress, budget = self.progress, self.progress.budget
        self.chapter(self._("Summary"))
        counts = [f"{n} {self.status(status)}" for status, n in progress.status_counts()]
        activities = [
            f"{n} {self.label('activity-status', status).lower()}"
            for status, n in progress.activity_counts()
        ]
        late = [self.activity_name(a.activity) for a in progress.late]
        total = budget.total
        rows: list[TableRow] = [
            [self._("Indicators"), " · ".join(counts) or "–"],
            [
                self._("Budget absorbed"),
                f"{self.share(total.share)} ({self.realised(total.realised)} {self._('of')} "
                f"{self.planned(total.planned)})",
            ],
            [self._("Time elapsed"), self.share(budget.time_elapsed)],
            [self._("Activities"), " · ".join(activities) or "–"],
            [self._("Late activities"), late or self._("none")],
        ]
        if progress.not_started:
            rows.append(
                [
                    self._("Not started although due"),
                    [self.activity_name(a.activity) for a in progress.not_started],
                ]
            )
        if budget.overspent:
            rows.append(
                [self._("Overspent budget lines"), ", ".join(r.key for r in budget.overspent)]
            )
        as_of = f"{self._('As of')} {self.date(progress.as_of)}"
        self.table([self._("Item"), as_of], rows, [5, 11])

    def indicators(self) -> None:
        self.chapter(self._("Indicators"))
        self.paragraph(
            self._(
                "Achievement is (value to date − baseline) ÷ (target − baseline). The status "
                "compares it with the target due on the report date; a target not due yet shows "
                "the progress toward it."
            ),
            keep_with_next=True,
        )
        rows: list[Row | TableRow] = []
        for row in self.progress.indicators:
            status = row.status
            rows.append(
                Row(
                    [
                        [[Run(row.indicator.id, bold=True)]],
                        self.text(row.indicator.name),
                        self.baseline(row),
                        self.target(row),
                        self.value(row),
                        self.share(row.achievement),
                        [[Run(self.status(status), bold=bool(status))]],
                    ],
                    fills={6: STATUS_FILLS[status]} if status else {},
                )
            )
        self.table(
            [
                self.export_label("code"),
                self._("Indicator"),
                self._("Baseline"),
                self._("Target"),
                self._("Value to date"),
                self._("Achievement"),
                self._("Status"),
            ],
            rows,
            [1.5, 4.0, 2.2, 2.5, 2.2, 1.6, 2.1],
            right=[2, 4, 5],
        )

    def baseline(self, row: IndicatorProgress) -> CellContent:
        if row.is_text:
            baseline = row.indicator.baseline
            return self.text(baseline.value) if baseline else "–"
        return self.amount(row, row.baseline)

    def target(self, row: IndicatorProgress) -> CellContent:
        if row.target_date is None:
            return "–"
        value = self.text(row.target_text) if row.is_text else [Run(self.amount(row, row.target))]
        return [value, [Run(f"({self.date(row.target_date)})")]]

    def value(self, row: IndicatorProgress) -> CellContent:
        if row.is_text:
            return self._("see below") if row.text else "–"
        return str(value_to_date(row, self.lang))

    def charts(self) -> None:
        shown = [row for row in self.progress.indicators if row.periods and not row.is_text]
        if not shown:
            return
        self.chapter(self._("Indicators over time"))
        self.paragraph(
            self._(
                "In each chart the hatched bars are the targets and the line with dots is the "
                "value to date, starting from the baseline; each carries its number."
            )
        )
        for row in shown:
            self.heading(f"{row.indicator.id} {self.indicator_name(row)}", 2)
            words = IndicatorChartWords(
                target=self._("Target"),
                value=self._("Value to date"),
                baseline=self._("baseline"),
                date=self._("Date"),
                axis=self.axis(row),
            )
            self.figure(
                indicator_chart(row, words, self.lang),
                f"{row.indicator.id} {self.indicator_name(row)}",
                "indicator-chart-alt",
            )

    def activity_name(self, activity: Activity) -> Line:
        return [Run(f"{activity.id} ", bold=True), *self.text(activity.title)]

    def indicator_name(self, row: IndicatorProgress) -> str:
        return "".join(run.text for run in self.text(row.indicator.name))

    def axis(self, row: IndicatorProgress) -> str:
        indicator = row.indicator
        if indicator.measure == "percentage":
            return self._("Percentage (%)")
        if indicator.unit:
            return "".join(run.text for run in self.text(indicator.unit))
        return self._("Number")

    def disaggregations(self) -> None:
        shown = [row for row in self.progress.indicators if row.disaggregations]
        if not shown:
            return
        self.chapter(self._("Disaggregation"))
        for row in shown:
            for table in row.disaggregations:
                name = self.name(table.name)
                adding = row.indicator.aggregation == "sum"
                when = self._("added up to") if adding else self._("as of")
                lead: Line = [
                    Run(f"{row.indicator.id} · {name}", bold=True),
                    Run(f" ({when} {self.date(table.date)})"),
                ]
                if table.incomplete:
                    incomplete = self._("incomplete: the categories add up to less than the total")
                    lead.append(Run(f" — {incomplete}"))
                self.paragraph(lead, keep_with_next=True)
                rows: list[Row | TableRow] = []
                for part in table.rows:
                    value = self.amount(row, part.value)
                    if part.denominator:
                        value += f" ({part.numerator}/{part.denominator})"
                    rows.append([self.name(part.name), value])
                rows.append(Row([self._("Total"), self.amount(row, table.total)], "total"))
                self.table([name, self._("Value")], rows, [10, 6], right=[1])

    def qualitative(self) -> None:
        shown = [row for row in self.progress.indicators if row.is_text and row.text]
        if not shown:
            return
        self.chapter(self._("Qualitative indicators"))
        for row in shown:
            date = f" ({self.date(row.value_date)})" if row.value_date else ""
            self.paragraph(
                [
                    Run(f"{row.indicator.id} ", bold=True),
                    *self.text(row.indicator.name, bold=True),
                    Run(f"{date}: "),
                    *self.text(row.text),
                ]
            )

    def budget_realisation(self) -> None:
        budget = self.progress.budget
        self.chapter(self._("Budget realisation"))
        self.paragraph(
            f"{self._('All amounts in')} {budget.currency}. "
            f"{self._('Absorption is the amount realised divided by the amount planned.')} "
            f"{self._('Time elapsed')}: {self.share(budget.time_elapsed)}."
        )
        funders = [self.name(f.name) for f in budget.by_funder]
        categories = [self.label("category", c.key) for c in budget.by_category]
        words = AbsorptionChartWords(
            by_funder=self._("By funder"),
            by_category=self._("By category"),
            absorption=self._("Absorption (%)"),
            elapsed=f"{self._('Time elapsed')} {self.share(budget.time_elapsed)}",
        )
        self.figure(
            absorption_chart(budget, funders, categories, words, self.lang),
            self._("Budget absorption against the time elapsed"),
            "absorption-chart-alt",
        )
        headers = [self._("Planned"), self._("Realised"), self._("Absorption")]
        self.heading(self._("By funder"), 2)
        rows: list[Row | TableRow] = [
            [name, self.planned(f.planned), self.realised(f.realised), self.share(f.share)]
            for name, f in zip(funders, budget.by_funder, strict=True)
        ]
        total = budget.total
        rows.append(
            Row(
                [
                    self._("Total"),
                    self.planned(total.planned),
                    self.realised(total.realised),
                    self.share(total.share),
                ],
                "total",
            )
        )
        self.table([self._("Funder"), *headers], rows, [7, 3.4, 3.4, 2.2], right=[1, 2, 3])
        self.heading(self._("By activity"), 2)
        rows = [
            [
                self.activity_name(a.activity) if a.activity else self._("Shared costs"),
                self.planned(a.planned),
                self.realised(a.realised),
                self.share(a.share),
            ]
            for a in budget.by_activity
        ]
        self.table([self._("Activity"), *headers], rows, [7, 3.4, 3.4, 2.2], right=[1, 2, 3])
        self.heading(self._("By category"), 2)
        rows = [
            [name, self.planned(c.planned), self.realised(c.realised), self.share(c.share)]
            for name, c in zip(categories, budget.by_category, strict=True)
        ]
        self.table([self._("Category"), *headers], rows, [7, 3.4, 3.4, 2.2], right=[1, 2, 3])
        self.heading(self._("By budget line"), 2)
        rows = []
        for line in budget.lines:
            item: Line = self.text(line.line.item)
            if line.overspent:
                item = [*item, Run(f" — {self._('overspent')}", bold=True)]
            rows.append(
                Row(
                    [
                        line.key,
                        item,
                        self.planned(line.planned),
                        self.realised(line.realised),
                        self.share(line.share),
                    ],
                    fills={4: STATUS_FILLS["off-track"]} if line.overspent else {},
                )
            )
        self.table(
            [self._("No."), self._("Item"), *headers],
            rows,
            [1.4, 5.6, 3.4, 3.4, 2.2],
            right=[2, 3, 4],
        )

    def activities(self) -> None:
        self.chapter(self._("Activities"))
        rows: list[Row | TableRow] = []
        for entry in self.progress.activities:
            activity = entry.activity
            status: Line = [Run(self.label("activity-status", entry.status))]
            fills = {}
            if entry.late:
                status.append(Run(f" — {self._('late')}", bold=True))
                fills[2] = LATE_FILL
            elif entry.not_started:
                status.append(Run(f" — {self._('not started')}", bold=True))
                fills[2] = LATE_FILL
            record = entry.record
            rows.append(
                Row(
                    [
                        self.activity_name(activity),
                        self.period(activity.start, activity.end),
                        status,
                        self.date(record.date) if record else "–",
                        self.text(record.note) if record and record.note else "",
                    ],
                    fills=fills,
                )
            )
        self.table(
            [
                self._("Activity"),
                self._("Planned"),
                self._("Status"),
                self._("Since"),
                self._("Note"),
            ],
            rows,
            [4.6, 3.2, 2.6, 2.2, 3.4],
        )

    def narrative(self) -> None:
        self.chapter(self._("Narrative"))
        narrative, elsewhere = self.progress.narrative(self.lang)
        if narrative is None:
            self.paragraph(self._("No narrative has been written for this report date."))
            return
        if elsewhere:
            language = self.label("language", narrative.lang or self.program.language)
            notice = self._("The team's narrative is written in {language} only.")
            self.paragraph(
                [
                    Run(f"{self._('Not yet translated')}: ", bold=True),
                    Run(notice.format(language=language)),
                ],
                "Note",
            )
        for kind, level, text in narrative_blocks(narrative.text):
            text = self.plain(text)
            if kind == "heading":
                self.heading(text, min(4, max(2, level)))
            elif kind == "bullet":
                self.bullet(text)
            else:
                self.paragraph(text)

    def plain(self, text: str) -> str:
        """Text from a monitoring file as one line, with nothing XML refuses."""
        return xml_safe(one_line(text))

    def data_quality(self) -> None:
        self.chapter(self._("Data quality"))
        if not self.warnings:
            self.paragraph(self._("The checks found nothing to correct in the monitoring files."))
            return
        self.paragraph(
            self._(
                "The checks found these points in the monitoring files; they do not stop the "
                "report."
            ),
            keep_with_next=True,
        )
        rows: list[Row | TableRow] = [
            [problem.code, self.plain(warning_name(problem, self.lang))]
            for problem in self.warnings
        ]
        self.table([self.export_label("code"), self._("Point to check")], rows, [2, 14])
