"""The program plan (KAK/TOR) as a Word file, with the other planning documents as annexes.

Built with python-docx from the model and the computed views of generator.documents: real
heading styles (Word's navigation pane shows the outline), real tables whose header row repeats
on every page, a page-number footer, and the wide annexes in landscape sections. Program text
is only ever written as run text, so nothing in it can act as markup.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from generator.core.i18n import (
    format_long_date,
    format_money,
    format_month,
    format_number,
    format_percent,
    translations,
)
from generator.core.labels import label_text
from generator.core.model import DAC_CRITERIA, Indicator, Program
from generator.core.views import (
    audiences,
    final_target,
    location_text,
    months_per_column,
    program_views,
    risk_level,
    untranslated,
    workplan_grid,
)
from generator.export.common import (
    AUTHOR,
    export_shown,
    fixed_timestamp,
    normalise_zip,
    one_line,
    xml_safe,
)

PORTRAIT = (Cm(21.0), Cm(29.7))  # A4, the paper of Indonesian offices
PORTRAIT_MARGIN = Cm(2.5)
LANDSCAPE_MARGIN = Cm(2.0)
PORTRAIT_WIDTH = 16.0  # cm of text between the margins
LANDSCAPE_WIDTH = 25.7

HEADER_FILL = "D9E2F3"
GROUP_FILL = "EDF2F9"
BAR_FILL = "4472C4"
LEVEL_FILLS = {"low": "C6EFCE", "medium": "FFEB9C", "high": "F8CBAD", "very-high": "FF9B9B"}
WORD_LANGUAGE = {"id": "id-ID", "en": "en-GB"}
FONT = "Arial"  # on every office computer; LibreOffice uses the metric-compatible Liberation Sans

# Children of w:tcPr that must come after w:shd (the schema fixes their order).
_AFTER_SHADING = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)


@dataclass(frozen=True)
class Run:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


Line = list[Run]
CellContent = str | Line | list[Line]
"""What a table cell holds: plain text, one line of runs, or several lines."""
TableRow = Sequence[CellContent]


@dataclass
class Row:
    """A table row: `group` rows are shaded headings, `subtotal` italic, `total` bold."""

    cells: TableRow
    kind: str = "body"
    merge_from: int | None = None
    """Merge the cells from this column to the last into one (a group heading)."""
    fills: dict[int, str] = field(default_factory=dict)
    """Background colours of single cells, by column."""


def program_docx(program: Program, lang: str, method_titles: dict[str, str] | None = None) -> bytes:
    """The plan of `program` in `lang` as the bytes of a .docx file (identical for equal input)."""
    writer = PlanWriter(program, lang, method_titles or {})
    writer.write()
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return normalise_zip(buffer.getvalue(), fixed_timestamp(program))


class PlanWriter:
    """Writes one program's plan into a python-docx Document, section by section."""

    def __init__(self, program: Program, lang: str, method_titles: dict[str, str]) -> None:
        self.program = program
        self.lang = lang
        self.method_titles = method_titles
        self.translations = translations(lang)
        self.doc: WordDocument = Document()
        self.width = PORTRAIT_WIDTH
        self.style_ids: dict[str, str] = {}
        self.views = program_views(program)
        self.budget = self.views.budget
        self.annexes = [
            ("logframe", self.annex_logframe),
            ("me-plan", self.annex_me_plan),
            ("workplan", self.annex_workplan),
            ("budget", self.annex_budget),
            ("risks", self.annex_risks),
            ("stakeholders", self.annex_stakeholders),
        ]

    # --- Words ------------------------------------------------------------------------------

    def _(self, message: str) -> str:
        return self.translations.gettext(message)

    def label(self, kind: str, value: str) -> str:
        return label_text(kind, value, self.translations.gettext)

    def export_label(self, key: str, **fields: Any) -> str:
        return self.label("export", key).format(**fields)

    def text(self, value: Any, **emphasis: bool) -> Line:
        """A Text field in the document's language (or the one it falls back to)."""
        found = export_shown(self.program, value, self.lang)
        return [Run(one_line(found.text), **emphasis)] if found.text else []

    def name(self, value: Any) -> str:
        """A proper name, shown as written."""
        return one_line(export_shown(self.program, value, self.lang).text)

    def money(self, amount: float) -> str:
        return str(format_money(amount, self.budget.currency, self.lang))

    def date(self, value: dt.date) -> str:
        return str(format_long_date(value, self.lang))

    def period(self, start: dt.date, end: dt.date) -> str:
        return f"{self.date(start)} – {self.date(end)}"

    def who(self, member_id: str | None) -> Line:
        team = {m.id: m for m in self.program.team}
        if not member_id:
            return [Run("–")]
        return self.text(team[member_id].role) if member_id in team else [Run(member_id)]

    def method_title(self, method_id: str) -> str:
        return self.method_titles.get(method_id, method_id)

    def indicator_value(self, indicator: Indicator, value: Any) -> Line:
        """`35%`, `200 sambungan`, or the text of a qualitative value."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            shown = str(format_number(value, self.lang))
            if indicator.measure == "percentage":
                return [Run(shown + "%")]
            unit = self.text(indicator.unit) if indicator.unit else []
            return [Run(shown + (" " if unit else "")), *unit]
        return self.text(value)

    # --- Building blocks --------------------------------------------------------------------

    def style_id(self, name: str) -> str:
        """The id of a style by its name, looked up once (python-docx searches every time)."""
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        return self.style_ids[name]

    def heading(self, text: str, level: int) -> Paragraph:
        return self.paragraph(one_line(text), f"Heading {level}")

    def paragraph(self, content: str | Line = "", style: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_id(style)
        add_runs(paragraph, [Run(content)] if isinstance(content, str) else content)
        return paragraph

    def bullet(self, content: str | Line, level: int = 1) -> Paragraph:
        return self.paragraph(content, "List Bullet" if level == 1 else "List Bullet 2")

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Row | TableRow],
        widths: Sequence[float],
        *,
        right: Iterable[int] = (),
        centre: Iterable[int] = (),
        style: str = "Table Text",
        width: float | None = None,
        compact: bool = False,
    ) -> None:
        """A grid table as wide as the text (or `width` cm); its header row repeats on each page.

        `compact` narrows the cell padding, for the many narrow month columns of the workplan.
        """
        scale = (width or self.width) / sum(widths)
        columns = [Cm(w * scale) for w in widths]
        align = {i: WD_ALIGN_PARAGRAPH.RIGHT for i in right}
        align |= {i: WD_ALIGN_PARAGRAPH.CENTER for i in centre}
        table = self.doc.add_table(rows=1, cols=len(headers))
        table._tbl.tblPr.style = self.style_id("Table Grid")
        style = self.style_id(style)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        if compact:
            narrow_cell_margins(table._tbl)
        for i, column_width in enumerate(columns):
            table.columns[i].width = column_width
        header = table.rows[0]
        repeat_as_header(header._tr)
        for i, (cell, text) in enumerate(zip(header.cells, headers, strict=True)):
            cell.width = columns[i]
            fill_cell(cell, [[Run(text, bold=True)]], style, align.get(i))
            shade(cell, HEADER_FILL)
        merges = []
        twips = [int(column) // 635 for column in columns]  # EMU → twentieths of a point
        jc = {i: JUSTIFICATION[a] for i, a in align.items()}
        for row in rows:
            row = row if isinstance(row, Row) else Row(row)
            emphasis = {
                "group": {"bold": True},
                "subtotal": {"italic": True},
                "total": {"bold": True},
            }.get(row.kind, {})
            cells = [
                (
                    as_lines(content, **emphasis),
                    row.fills.get(i, GROUP_FILL if row.kind == "group" else None),
                )
                for i, content in enumerate(row.cells)
            ]
            # Built as XML in one piece: python-docx's cell-by-cell API is ten times slower.
            table._tbl.append(parse_xml(row_xml(cells, twips, style, jc)))
            if row.merge_from is not None:
                merges.append((len(table.rows) - 1, row.merge_from))
        # Merge last: a merged cell takes the sum of its columns' widths.
        for row_index, first in merges:
            cells = table.rows[row_index].cells
            cells[first].merge(cells[len(headers) - 1])
        self.paragraph("", "Table Gap")

    # --- The document -----------------------------------------------------------------------

    def write(self) -> None:
        self.set_up_document()
        self.title_block()
        self.untranslated_note()
        self.background()
        self.purpose()
        self.target_groups()
        self.outputs()
        self.method_and_stages()
        self.team()
        self.schedule()
        self.budget_summary()
        self.reporting()
        for number, (doc_id, write_annex) in enumerate(self.annexes, start=1):
            self.start_landscape_section()
            title = self.label("document", doc_id)
            self.heading(self.export_label("annex", number=number, title=title), 1)
            write_annex()

    def set_up_document(self) -> None:
        doc, program = self.doc, self.program
        section = doc.sections[0]
        section.page_width, section.page_height = PORTRAIT
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, PORTRAIT_MARGIN)
        define_styles(doc, self.lang)
        self.footer(section)
        title = one_line(self.name(program.title))
        props = doc.core_properties
        when = fixed_timestamp(program)
        props.author = AUTHOR
        props.last_modified_by = AUTHOR
        props.created = when
        props.modified = when
        props.revision = 1
        props.title = title
        props.subject = self.label("document", "plan")
        props.comments = ""
        props.keywords = program.id
        props.language = WORD_LANGUAGE[self.lang]
        # The template's preview image shows an empty page: leave it out.
        package_rels = doc.part.package.rels
        for rel_id, rel in list(package_rels.items()):
            if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
                package_rels.pop(rel_id)

    def footer(self, section: Any) -> None:
        paragraph = section.footer.paragraphs[0]
        paragraph.style = self.doc.styles["Footer"]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title = self.name(self.program.title)
        add_runs(paragraph, [Run(f"{title} · ")])
        template = self.export_label("page", page="{page}", pages="{pages}")
        for part in re.split(r"(\{page\}|\{pages\})", template):
            if part == "{page}":
                add_field(paragraph, "PAGE")
            elif part == "{pages}":
                add_field(paragraph, "NUMPAGES")
            elif part:
                paragraph.add_run(part)

    def start_landscape_section(self) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PORTRAIT[1], PORTRAIT[0]
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, LANDSCAPE_MARGIN)
        self.width = LANDSCAPE_WIDTH

    def title_block(self) -> None:
        program = self.program
        self.paragraph(self.text(program.title), "Title")
        self.paragraph(self.label("document", "plan"), "Subtitle")
        if program.summary:
            self.paragraph(self.text(program.summary))
        location = xml_safe(location_text(program, self.lang))
        months = self.views.months
        organisation = program.organisation
        rows: list[TableRow] = [
            [
                self._("Organisation"),
                f"{self.name(organisation.name)} ({self.label('organisation', organisation.type)})",
            ],
            [self._("Status"), self.label("status", program.status)],
            [self._("Location"), location],
            [
                self._("Period"),
                f"{self.period(program.period.start, program.period.end)} "
                f"({months} {self._('months')})",
            ],
        ]
        if program.sectors:
            rows.append(
                [self._("Sectors"), ", ".join(self.label("sector", s) for s in program.sectors)]
            )
        if program.sdg_targets:
            rows.append([self._("SDG targets"), ", ".join(program.sdg_targets)])
        rows.append([self._("Budget"), self.money(self.budget.total)])
        rows.append([self._("Funding"), self.money(self.budget.funding)])
        contact = organisation.contact
        if contact:
            email = f" ({contact.email})" if contact.email else ""
            rows.append([self._("Contact"), xml_safe(f"{contact.name}{email}")])
        self.table([self._("Item"), self._("Details")], rows, [4, 12])

    def untranslated_note(self) -> None:
        """One note, under the title, when some text is shown in the other language."""
        found = untranslated(self.program, self.lang)
        if found.count:
            title = Run(f"{found.words('title')}: ", bold=True)
            self.paragraph([title, Run(found.words("notice"))], "Note")

    def background(self) -> None:
        self.heading(self._("Background"), 1)
        if not self.program.background:
            self.paragraph(self._("No background has been written yet."))
            return
        found = export_shown(self.program, self.program.background, self.lang)
        for text in re.split(r"\n\s*\n", found.text):
            if text.strip():
                self.paragraph([Run(one_line(text))])

    def purpose(self) -> None:
        results = self.program.results
        self.heading(self._("Purpose and objectives"), 1)
        self.paragraph([Run(f"{self._('Goal')}: ", bold=True), *self.text(results.goal.statement)])
        for indicator in results.goal.indicators:
            self.bullet([Run(f"{indicator.id}: "), *self.text(indicator.name)])
        self.paragraph([Run(f"{self._('Outcomes')}:", bold=True)])
        for outcome in results.outcomes:
            self.bullet([Run(f"{outcome.id} — ", bold=True), *self.text(outcome.statement)])
            for indicator in outcome.indicators:
                self.bullet([Run(f"{indicator.id}: "), *self.text(indicator.name)], level=2)

    def target_groups(self) -> None:
        self.heading(self._("Target groups"), 1)
        groups = self.program.target_groups
        if not groups:
            self.paragraph(self._("No target groups have been defined yet."))
            return
        rows: list[Row | TableRow] = []
        for group in groups:
            size: Line = []
            if group.size:
                size = [
                    Run(str(format_number(group.size, self.lang)) + " "),
                    *self.text(group.unit),
                ]
            rows.append([self.text(group.name), self.text(group.description), size])
        self.table(
            [self._("Group"), self._("Description"), self._("Size")], rows, [5, 7.5, 3.5], right=[2]
        )

    def outputs(self) -> None:
        self.heading(self._("Outputs and indicators"), 1)
        rows: list[Row | TableRow] = []
        for output in self.program.results.outputs():
            indicators = [[Run(f"{i.id}: "), *self.text(i.name)] for i in output.indicators]
            targets = [self.final_target(i) for i in output.indicators]
            rows.append([output.id, self.text(output.statement), indicators or "–", targets or "–"])
        self.table(
            [
                self.export_label("code"),
                self._("Output"),
                self._("Indicators"),
                self.export_label("final-target"),
            ],
            rows,
            [1.8, 5.2, 5.6, 3.4],
        )

    def final_target(self, indicator: Indicator) -> Line:
        last = final_target(indicator)
        if last is None:
            return [Run("–")]
        return [*self.indicator_value(indicator, last.value), Run(f" ({self.date(last.date)})")]

    def method_and_stages(self) -> None:
        program = self.program
        self.heading(self.export_label("method-and-stages"), 1)
        self.heading(self._("Approach and methods"), 2)
        if program.methods:
            for method_id in program.methods:
                self.bullet(self.method_title(method_id))
        else:
            self.paragraph(self._("No methods have been chosen yet."))
        self.heading(self.export_label("stages"), 2)
        for output in program.results.outputs():
            self.paragraph(
                [Run(f"{output.id} ", bold=True), *self.text(output.statement, bold=True)]
            )
            for activity in output.activities:
                line = [
                    Run(f"{activity.id} ", bold=True),
                    *self.text(activity.title),
                    Run(f" ({self.period(activity.start, activity.end)})"),
                ]
                if activity.milestone:
                    line.append(Run(" ◆"))
                if activity.methods:
                    titles = ", ".join(self.method_title(m) for m in activity.methods)
                    line.append(Run(f" — {self._('Method')}: {titles}"))
                self.bullet(line)
                if activity.description:
                    self.paragraph(self.text(activity.description), "List Continue")

    def team(self) -> None:
        organisation = self.program.organisation
        self.heading(self._("Team and responsibilities"), 1)
        self.paragraph(
            [
                Run(f"{self.export_label('implementing-organisation')}: ", bold=True),
                Run(
                    f"{self.name(organisation.name)} "
                    f"({self.label('organisation', organisation.type)})"
                ),
            ]
        )
        if not self.views.team:
            self.paragraph(self._("No team roles have been defined yet."))
            return
        rows: list[Row | TableRow] = [
            [
                self.text(row.member.role),
                xml_safe(row.member.name or "–"),
                [[Run(f"{duty.id} "), *self.text(duty.name)] for duty in row.duties] or "–",
            ]
            for row in self.views.team
        ]
        self.table([self._("Role"), self._("Name"), self._("Responsible for")], rows, [5, 4, 7])

    def schedule(self) -> None:
        self.heading(self.export_label("schedule"), 1)
        rows: list[Row | TableRow] = []
        for activity in self.program.results.activities():
            title = [Run(f"{activity.id} "), *self.text(activity.title)]
            if activity.milestone:
                title.append(Run(" ◆"))
            rows.append(
                [
                    title,
                    self.who(activity.responsible),
                    self.date(activity.start),
                    self.date(activity.end),
                ]
            )
        self.table(
            [self._("Activity"), self._("Responsible"), self._("Start"), self._("End")],
            rows,
            [6.4, 3.4, 3.1, 3.1],
        )

    def budget_summary(self) -> None:
        self.heading(self._("Budget"), 1)
        self.funder_table()
        self.category_table()
        self.funding_gap()
        number = 1 + [doc_id for doc_id, _ in self.annexes].index("budget")
        self.paragraph(self.export_label("budget-annex", number=number))

    def funder_table(self) -> None:
        budget = self.budget
        rows: list[Row | TableRow] = [
            [
                self.name(row.funder.name) if row.funder else row.id,
                self.label("funding", row.funder.type) if row.funder else "–",
                self.money(row.budget),
                self.money(row.committed),
                self.money(row.difference),
            ]
            for row in budget.by_funder
        ]
        rows.append(
            Row(
                [
                    self._("Total"),
                    "",
                    self.money(budget.total),
                    self.money(budget.funding),
                    self.money(budget.gap),
                ],
                "total",
            )
        )
        self.table(
            [
                self._("Funding source"),
                self._("Type"),
                self._("Budgeted"),
                self._("Committed"),
                self._("Difference"),
            ],
            rows,
            [3.3, 2.5, 3.45, 3.45, 3.3],
            right=[2, 3, 4],
            width=PORTRAIT_WIDTH,
        )

    def category_table(self) -> None:
        budget = self.budget
        rows: list[Row | TableRow] = [
            [
                self.label("category", category),
                self.money(amount),
                str(format_percent(100 * amount / budget.total, self.lang))
                if budget.total
                else "–",
            ]
            for category, amount in budget.by_category
        ]
        self.table(
            [self._("Category"), self._("Amount"), self._("Share")],
            rows,
            [8, 5, 3],
            right=[1, 2],
            width=PORTRAIT_WIDTH,
        )

    def funding_gap(self) -> None:
        gap = self.budget.gap
        if gap < 0:
            self.paragraph(
                [
                    Run(f"{self._('Funding gap')}: ", bold=True),
                    Run(
                        f"{self._('The budget exceeds the committed funding by')} "
                        f"{self.money(-gap)}."
                    ),
                ]
            )
        elif gap > 0:
            self.paragraph(
                [
                    Run(f"{self._('Unallocated funding')}: ", bold=True),
                    Run(
                        f"{self._('The committed funding exceeds the budget by')} "
                        f"{self.money(gap)}."
                    ),
                ]
            )
        else:
            self.paragraph(
                [
                    Run(f"{self._('Funding gap')}: ", bold=True),
                    Run(f"{self.money(0)} — {self._('the budget is fully funded.')}"),
                ]
            )

    def reporting(self) -> None:
        if not self.program.reporting:
            return
        entities = audiences(self.program)
        self.heading(self._("Reporting"), 1)
        rows: list[Row | TableRow] = [
            [
                self.name(entities[r.audience]) if r.audience in entities else r.audience,
                self.label("frequency", r.frequency),
                self.text(r.format),
            ]
            for r in self.program.reporting
        ]
        self.table([self._("Audience"), self._("Frequency"), self._("Format")], rows, [6, 3, 7])

    # --- Annexes ----------------------------------------------------------------------------

    def annex_logframe(self) -> None:
        rows: list[Row | TableRow] = []
        for row in self.views.logframe:
            result, level = row.result, row.level
            heading = [Run(self.label("result_level", level), bold=True)]
            if row.id:
                heading.append(Run(f" {row.id}"))
            if level == "activity":
                summary = self.text(result.title)
                indicators: CellContent = self.period(result.start, result.end)
                verification: CellContent = ""
            else:
                summary = self.text(result.statement)
                indicators = [[Run(f"{i.id}: "), *self.text(i.name)] for i in result.indicators]
                verification = [self.text(i.means_of_verification) for i in result.indicators]
            assumptions = [self.text(a) for a in row.assumptions]
            fill = {i: GROUP_FILL for i in range(5)} if level in ("goal", "outcome") else {}
            rows.append(
                Row([[heading], summary, indicators, verification, assumptions], fills=fill)
            )
        self.table(
            [
                self._("Level"),
                self._("Narrative summary"),
                self._("Indicators"),
                self._("Means of verification"),
                self._("Assumptions"),
            ],
            rows,
            [3.4, 6.8, 6.5, 4.5, 4.5],
        )

    def annex_me_plan(self) -> None:
        self.heading(self._("Indicators"), 2)
        self.table(
            [
                self._("Indicator"),
                self._("Unit"),
                self._("Baseline"),
                self._("Targets"),
                self._("Disaggregation"),
                self._("Source and method"),
                self._("Frequency"),
                self._("Responsible"),
            ],
            [self.indicator_row(entry.indicator) for entry in self.views.indicators],
            [4.8, 2.7, 2.7, 3.4, 2.4, 4.6, 2.4, 2.7],
            style="Table Text Small",
        )
        self.heading(self._("Evaluation questions"), 2)
        for criterion in DAC_CRITERIA:
            self.heading(self.label("dac", criterion), 3)
            questions = getattr(self.program.evaluation.questions, criterion)
            for question in questions:
                self.bullet(self.text(question))
            if not questions:
                self.bullet(self._("No question yet."))
        self.heading(self._("Evaluation events"), 2)
        if not self.views.events:
            self.paragraph(self._("No evaluation events have been planned yet."))
            return
        rows: list[Row | TableRow] = [
            [
                self.label("event", e.type),
                self.date(e.date),
                self.method_title(e.method) if e.method else "–",
                self.label("by", e.by),
            ]
            for e in self.views.events
        ]
        self.table(
            [self._("Event"), self._("Date"), self._("Method"), self._("Carried out by")],
            rows,
            [6, 5, 8, 6.7],
        )

    def indicator_row(self, i: Indicator) -> list[CellContent]:
        """One indicator of the M&E plan: name, unit, baseline, targets, source, who."""
        name: list[Line] = [[Run(f"{i.id} ", bold=True), *self.text(i.name)]]
        if i.definition:
            name.append(self.text(i.definition, italic=True))
        unit = [Run(self.label("measure", i.measure))]
        if i.unit:
            unit += [Run(" ("), *self.text(i.unit), Run(")")]
        if i.direction:
            unit.append(Run(f", {self.label('direction', i.direction)}"))
        baseline: CellContent = "–"
        if i.baseline:
            baseline = [
                *self.indicator_value(i, i.baseline.value),
                Run(f" ({self.date(i.baseline.date)})"),
            ]
        targets = [
            [Run(f"{self.date(t.date)}: "), *self.indicator_value(i, t.value)] for t in i.targets
        ] or "–"
        source: list[Line] = [self.text(i.means_of_verification)]
        if i.baseline and i.baseline.source:
            source.append([Run(f"{self._('Baseline source')}: "), *self.text(i.baseline.source)])
        if i.method:
            source.append([Run(self.method_title(i.method))])
        return [
            name,
            unit,
            baseline,
            targets,
            ", ".join(self.label("disaggregation", d) for d in i.disaggregation) or "–",
            source,
            self.label("frequency", i.frequency) if i.frequency else "–",
            self.who(i.responsible),
        ]

    def annex_workplan(self) -> None:
        program = self.program
        # One column per month while they stay readable, else per quarter, else per year.
        grid = workplan_grid(program, months_per_column(self.views.months, 24, 96))
        if grid.step == 12:
            headers = [str(month.year) for month in grid.columns]
        else:
            headers = [str(format_month(m, self.lang)).replace(" ", "\n") for m in grid.columns]
        width = len(grid.spans)
        rows: list[Row | TableRow] = []
        for output in program.results.outputs():
            rows.append(
                Row(
                    [[Run(f"{output.id} "), *self.text(output.statement)], *[""] * width],
                    "group",
                    merge_from=0,
                )
            )
            for entry in (r for r in grid.rows if r.output is output):
                activity = entry.activity
                cells: list[CellContent] = [[Run(f"{activity.id} "), *self.text(activity.title)]]
                fills = {}
                for n, active in enumerate(entry.cells, start=1):
                    cells.append("◆" if active and activity.milestone else "")
                    if active and not activity.milestone:
                        fills[n] = BAR_FILL
                rows.append(Row(cells, fills=fills))
        first = 6.5
        self.table(
            [self._("Activity"), *headers],
            rows,
            [first] + [(LANDSCAPE_WIDTH - first) / width] * width,
            centre=range(1, width + 1),
            style="Table Text Tiny",
            compact=True,
        )
        self.paragraph(self.export_label("workplan-legend"), "Note")

    def annex_budget(self) -> None:
        budget = self.budget
        self.paragraph(f"{self._('All amounts in')} {budget.currency}.")
        rows: list[Row | TableRow] = []
        for group in budget.groups:
            activity = group.activity
            title: Line = (
                [Run(f"{activity.id} "), *self.text(activity.title)]
                if activity
                else [Run(self._("Shared costs"))]
            )
            rows.append(Row(["", title, "", "", "", "", ""], "group", merge_from=1))
            for entry in group.rows:
                line = entry.line
                item = [*self.text(line.item), Run(f" ({self.label('category', line.category)})")]
                rows.append(
                    [
                        str(entry.no),
                        item,
                        str(format_number(line.quantity, self.lang)),
                        self.text(line.unit),
                        self.money(line.unit_cost),
                        self.money(line.amount),
                        self.name(entry.funder.name) if entry.funder else line.funder,
                    ]
                )
            rows.append(
                Row(
                    ["", self._("Subtotal"), "", "", "", self.money(group.subtotal), ""],
                    "subtotal",
                )
            )
        rows.append(Row(["", self._("Total"), "", "", "", self.money(budget.total), ""], "total"))
        self.table(
            [
                self._("No."),
                self._("Item"),
                self._("Volume"),
                self._("Unit"),
                self._("Unit cost"),
                self._("Amount"),
                self._("Funder"),
            ],
            rows,
            [1.2, 9.5, 2.0, 2.6, 3.4, 3.8, 3.2],
            right=[0, 2, 4, 5],
        )
        self.heading(self._("Subtotals by category"), 2)
        self.category_table()
        self.heading(self._("Totals by funder"), 2)
        self.funder_table()
        self.funding_gap()

    def annex_risks(self) -> None:
        program = self.program
        if not program.risks:
            self.paragraph(self._("No risks have been listed yet."))
            return
        rows: list[Row | TableRow] = []
        for risk in self.views.risks.ranked:
            level = risk_level(risk.score)
            rows.append(
                Row(
                    [
                        [Run(f"{risk.id} ", bold=True), *self.text(risk.description)],
                        self.label("risk", risk.category),
                        str(risk.likelihood),
                        str(risk.impact),
                        f"{risk.score} {self.label('risk_level', level)}",
                        self.text(risk.mitigation),
                        self.who(risk.owner),
                        risk.assumption or "–",
                    ],
                    fills={4: LEVEL_FILLS[level]},
                )
            )
        self.table(
            [
                self._("Risk"),
                self._("Category"),
                self._("Likelihood"),
                self._("Impact"),
                self._("Score"),
                self._("Mitigation"),
                self._("Owner"),
                self._("Watches"),
            ],
            rows,
            [5.2, 2.4, 3.0, 2.0, 2.2, 5.5, 2.9, 2.5],
            centre=[2, 3, 4],
        )
        self.heading(self._("Risk matrix"), 2)
        self.paragraph(
            self._("Rows: impact (5 = severe). Columns: likelihood (5 = almost certain).")
        )
        matrix = []
        for matrix_row in self.views.risks.matrix:
            cells: list[CellContent] = [[Run(str(matrix_row.impact), bold=True)]]
            fills = {}
            for cell in matrix_row.cells:
                named: Line = [Run(self.label("risk_level", cell.level))]
                ids: Line = [Run(", ".join(cell.risks), bold=True)]
                cells.append([named, ids] if cell.risks else named)
                fills[cell.likelihood] = LEVEL_FILLS[cell.level]
            matrix.append(Row(cells, fills=fills))
        # The matrix reads best as a square, not stretched across the page.
        self.table(
            [f"{self._('Impact')} ↓ / {self._('Likelihood')} →", "1", "2", "3", "4", "5"],
            matrix,
            [4.5] + [2.3] * 5,
            centre=range(6),
            width=PORTRAIT_WIDTH,
        )

    def annex_stakeholders(self) -> None:
        program = self.program
        if not program.stakeholders:
            self.paragraph(self._("No stakeholders have been listed yet."))
            return
        rows: list[Row | TableRow] = [
            [
                [[Run(self.name(s.name), bold=True)]],
                self.text(s.role),
                self.label("level", s.influence),
                self.label("level", s.interest),
                self.label("stance", s.stance),
                self.text(s.engagement) if s.engagement else "–",
            ]
            for s in self.views.stakeholders.ordered
        ]
        self.table(
            [
                self._("Stakeholder"),
                self._("Role"),
                self._("Influence"),
                self._("Interest"),
                self._("Stance"),
                self._("Engagement"),
            ],
            rows,
            [4.8, 6.0, 2.4, 2.6, 2.4, 7.5],
        )


# --- python-docx helpers ---------------------------------------------------------------------


def as_lines(content: CellContent, **emphasis: bool) -> list[Line]:
    """Cell content as paragraphs of runs; `emphasis` applies to plain strings."""
    if isinstance(content, str):
        return [[Run(content, **emphasis)]] if content else [[]]
    if not content or isinstance(content[0], Run):
        line: Line = content  # type: ignore[assignment]
        if emphasis:
            line = [
                Run(
                    r.text,
                    r.bold or emphasis.get("bold", False),
                    r.italic or emphasis.get("italic", False),
                )
                for r in line
            ]
        return [line]
    return [as_lines(part, **emphasis)[0] for part in content]


def add_runs(paragraph: Paragraph, line: Line) -> None:
    for piece in line:
        if not piece.text:
            continue
        run = paragraph.add_run(xml_safe(piece.text))
        run.bold = piece.bold or None
        run.italic = piece.italic or None


def fill_cell(cell: _Cell, lines: list[Line], style_id: str, align: Any) -> None:
    for n, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        paragraph._p.style = style_id
        if align is not None:
            paragraph.alignment = align
        add_runs(paragraph, line)


JUSTIFICATION = {WD_ALIGN_PARAGRAPH.RIGHT: "right", WD_ALIGN_PARAGRAPH.CENTER: "center"}
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def row_xml(
    cells: list[tuple[list[Line], str | None]],
    twips: list[int],
    style_id: str,
    jc: dict[int, str],
) -> str:
    """The `w:tr` of a body row: the same markup python-docx writes for width, shading,
    paragraph style, alignment and bold/italic runs."""
    out = [f"<w:tr {_W}>"]
    for i, (lines, fill) in enumerate(cells):
        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{twips[i]}" w:type="dxa"/>')
        if fill:
            out.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
        out.append("</w:tcPr>")
        for line in lines or [[]]:
            out.append(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>')
            if i in jc:
                out.append(f'<w:jc w:val="{jc[i]}"/>')
            out.append("</w:pPr>")
            for piece in line:
                if not piece.text:
                    continue
                props = ("<w:b/>" if piece.bold else "") + ("<w:i/>" if piece.italic else "")
                text = xml_escape(xml_safe(piece.text))
                rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
                out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>')
            out.append("</w:p>")
        out.append("</w:tc>")
    out.append("</w:tr>")
    return "".join(out)


def shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.insert_element_before(shading, *_AFTER_SHADING)


def repeat_as_header(tr: Any) -> None:
    """Mark a row as the table's header row: Word and LibreOffice repeat it on each page."""
    tr_pr = tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    tr_pr.append(flag)


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in when it lays out pages."""

    def fld_char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    fld_char("separate")
    paragraph.add_run("1")
    fld_char("end")


def define_styles(doc: WordDocument, lang: str) -> None:
    """Body text, table text and note styles, and the document's language for spelling."""
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Table Text", 9), ("Table Text Small", 8), ("Table Text Tiny", 7)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(1)
        style.paragraph_format.space_after = Pt(1)
        style.paragraph_format.line_spacing = 1.0
    gap = styles.add_style("Table Gap", WD_STYLE_TYPE.PARAGRAPH)
    gap.base_style = normal
    gap.font.size = Pt(4)
    gap.paragraph_format.space_after = Pt(6)
    note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(9)
    note.font.italic = True
    styles["Footer"].font.size = Pt(8)
    use_font(styles.element, FONT)
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if rpr is not None:
        language = rpr.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            rpr.append(language)
        language.set(qn("w:val"), WORD_LANGUAGE[lang])


def use_font(styles_element: Any, font: str) -> None:
    """Replace the template's theme fonts (Calibri, Cambria) by one named font everywhere."""
    for fonts in styles_element.iter(qn("w:rFonts")):
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), font)


def narrow_cell_margins(tbl: Any) -> None:
    """Left and right cell padding of 0.05 cm (28 twips) instead of Word's 0.19 cm."""
    tbl_pr = tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "28")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )
