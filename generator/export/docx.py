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
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
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
    shown,
    signatory,
    untranslated,
    workplan_grid,
)
from generator.export import diagrams
from generator.export.common import (
    AUTHOR,
    FONT,
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
COVER_COLOUR = RGBColor(0x1F, 0x38, 0x64)
TOC_LEVELS = 3
TOC_FIELD = 'TOC \\o "1-3" \\h \\z \\u'
"""Headings 1 to 3, as links, no page numbers on screen, with their outline levels."""
KEEP_TOGETHER = 12  # rows
MAX_FIGURE_HEIGHT = 21.0  # cm: a picture and its caption under a heading on a portrait page
DOTS = "." * 30
"""A line to write on by hand (the date of signing, a name)."""

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
        self.headings: list[tuple[int, str, str]] = []
        """(level, text, bookmark) of every heading the contents list."""
        self.numbers = [0, 0]
        """The current chapter and section."""
        self.figures = 0
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
        """A heading in a Heading style, with a bookmark the table of contents links to."""
        text = xml_safe(one_line(text))
        paragraph = self.paragraph(text, f"Heading {level}")
        if level <= TOC_LEVELS:
            number = len(self.headings) + 1
            name = f"_Toc{number:08d}"
            add_bookmark(paragraph, name, number)
            self.headings.append((level, text, name))
        return paragraph

    def chapter(self, title: str) -> Paragraph:
        """A numbered chapter of the plan: I., II., … in Indonesian; 1., 2., … in English."""
        self.numbers = [self.numbers[0] + 1, 0]
        return self.heading(f"{self.number()} {title}", 1)

    def section(self, title: str) -> Paragraph:
        """A numbered section of a chapter: A., B., … in Indonesian; 1.1, 1.2, … in English."""
        self.numbers[1] += 1
        return self.heading(f"{self.number()} {title}", 2)

    def number(self) -> str:
        chapter, section = self.numbers
        if self.lang == "id":
            return f"{letters(section)}." if section else f"{roman(chapter)}."
        return f"{chapter}.{section}" if section else f"{chapter}."

    def paragraph(
        self, content: str | Line = "", style: str | None = None, *, keep_with_next: bool = False
    ) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_id(style)
        add_runs(paragraph, [Run(content)] if isinstance(content, str) else content)
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
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
        A table of up to KEEP_TOGETHER rows is kept on one page (with what precedes it when
        that is kept with it), so no page ends with its first rows.
        """
        rows = list(rows)
        keep = len(rows) <= KEEP_TOGETHER
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
            fill_cell(cell, [[Run(text, bold=True)]], style, align.get(i), keep and bool(rows))
            shade(cell, HEADER_FILL)
        merges = []
        twips = [int(column) // 635 for column in columns]  # EMU → twentieths of a point
        jc = {i: JUSTIFICATION[a] for i, a in align.items()}
        for n, row in enumerate(rows, start=1):
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
            table._tbl.append(parse_xml(row_xml(cells, twips, style, jc, keep and n < len(rows))))
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
        self.cover()
        contents = self.paragraph(self.export_label("contents"), "TOC Heading")
        contents.paragraph_format.page_break_before = True
        self.at_a_glance()
        self.untranslated_note()
        self.background()
        self.purpose()
        self.target_groups()
        self.outputs()
        self.theory_of_change()
        self.stakeholder_map()
        self.method_and_stages()
        self.team()
        self.schedule()
        self.budget_summary()
        self.reporting()
        self.signature()
        for number, (doc_id, write_annex) in enumerate(self.annexes, start=1):
            self.start_landscape_section()
            title = self.label("document", doc_id)
            self.heading(self.export_label("annex", number=number, title=title), 1)
            write_annex()
        self.contents(contents)

    def set_up_document(self) -> None:
        doc, program = self.doc, self.program
        section = doc.sections[0]
        section.page_width, section.page_height = PORTRAIT
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, PORTRAIT_MARGIN)
        define_styles(doc, self.lang)
        self.footer(section)
        # The cover's page has no footer; the page numbers start counting from it.
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False
        update_fields_on_open(doc)
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
        section.different_first_page_header_footer = False  # only the cover has no number
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PORTRAIT[1], PORTRAIT[0]
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, LANDSCAPE_MARGIN)
        self.width = LANDSCAPE_WIDTH

    def cover(self) -> None:
        """The cover page: organisation, kind of document, title, place, period and status."""
        program = self.program
        self.paragraph(self.name(program.organisation.name), "Cover Organisation")
        self.paragraph(self.export_label("document-kind"), "Cover Kind")
        self.paragraph(self.text(program.title), "Title")
        other = "en" if self.lang == "id" else "id"
        translated = shown(program, program.title, other)
        if (
            not translated.fallback
            and translated.text != shown(program, program.title, self.lang).text
        ):
            self.paragraph(xml_safe(one_line(translated.text)), "Subtitle")
        details = [
            (self._("Location"), xml_safe(location_text(program, self.lang))),
            (self._("Period"), self.period_with_months()),
            (self._("Status"), self.label("status", program.status)),
        ]
        for n, (name, value) in enumerate(details):
            line = self.paragraph([Run(f"{name}: ", bold=True), Run(value)], "Cover Detail")
            if n == 0:
                line.paragraph_format.space_before = Pt(120)

    def period_with_months(self) -> str:
        period = self.program.period
        return f"{self.period(period.start, period.end)} ({self.views.months} {self._('months')})"

    def contents(self, title: Paragraph) -> None:
        """Word's TOC field after `title`, its entries written already (one per heading, each a
        link to it) for viewers that do not update fields; Word updates it when it opens the
        file (settings: updateFields), which adds the page numbers."""
        styles = {level: self.style_id(f"toc {level}") for level in range(1, TOC_LEVELS + 1)}
        for element in reversed(toc_paragraphs(self.headings, styles)):
            title._p.addnext(element)

    def at_a_glance(self) -> None:
        """The summary and the key facts, on the page after the contents."""
        program = self.program
        heading = self.paragraph(self.export_label("at-a-glance"), "Unlisted Heading")
        heading.paragraph_format.page_break_before = True
        if program.summary:
            self.paragraph(self.text(program.summary))
        location = xml_safe(location_text(program, self.lang))
        organisation = program.organisation
        rows: list[TableRow] = [
            [
                self._("Organisation"),
                f"{self.name(organisation.name)} ({self.label('organisation', organisation.type)})",
            ],
            [self._("Status"), self.label("status", program.status)],
            [self._("Location"), location],
            [self._("Period"), self.period_with_months()],
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
        self.chapter(self._("Background"))
        if not self.program.background:
            self.paragraph(self._("No background has been written yet."))
            return
        found = export_shown(self.program, self.program.background, self.lang)
        for text in re.split(r"\n\s*\n", found.text):
            if text.strip():
                self.paragraph([Run(one_line(text))])

    def purpose(self) -> None:
        results = self.program.results
        self.chapter(self._("Purpose and objectives"))
        self.paragraph([Run(f"{self._('Goal')}: ", bold=True), *self.text(results.goal.statement)])
        for indicator in results.goal.indicators:
            self.bullet([Run(f"{indicator.id}: "), *self.text(indicator.name)])
        self.paragraph([Run(f"{self._('Outcomes')}:", bold=True)])
        for outcome in results.outcomes:
            self.bullet([Run(f"{outcome.id} — ", bold=True), *self.text(outcome.statement)])
            for indicator in outcome.indicators:
                self.bullet([Run(f"{indicator.id}: "), *self.text(indicator.name)], level=2)

    def target_groups(self) -> None:
        self.chapter(self._("Target groups"))
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
        self.chapter(self._("Outputs and indicators"))
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

    def theory_of_change(self) -> None:
        self.chapter(self.label("document", "theory-of-change"))
        self.paragraph(self.export_label("toc-reading"), keep_with_next=True)
        figure = diagrams.theory_of_change(self.program, self.lang, self.views)
        self.figure(figure, self.label("document", "theory-of-change"), "toc-alt")
        assumptions = self.views.theory_of_change.assumptions
        if not assumptions:
            return
        self.paragraph([Run(f"{self._('Assumptions')}:", bold=True)], keep_with_next=True)
        for a in assumptions:
            line = [Run(f"{a.no}.\t", bold=True), Run(f"{a.result}: "), *self.text(a.text)]
            self.paragraph(line, "Numbered Item")

    def stakeholder_map(self) -> None:
        title = self.label("document", "stakeholders")
        self.chapter(title)
        figure = diagrams.stakeholder_map(self.program, self.lang, self.views)
        if figure is None:
            self.paragraph(self._("No stakeholders have been listed yet."))
            return
        number = 1 + [doc_id for doc_id, _ in self.annexes].index("stakeholders")
        self.paragraph(self.export_label("stakeholder-annex", number=number), keep_with_next=True)
        self.figure(figure, title, "stakeholders-alt")

    def figure(self, figure: Any, title: str, alt: str) -> None:
        """A picture as wide as its figure (at most the text's width and MAX_FIGURE_HEIGHT),
        with its alternative text and a numbered caption."""
        width, height = (size * 2.54 for size in figure.get_size_inches())
        scale = min(1.0, self.width / width, MAX_FIGURE_HEIGHT / height)
        paragraph = self.paragraph("", "Figure", keep_with_next=True)
        shape = paragraph.add_run().add_picture(
            io.BytesIO(diagrams.png(figure)), width=Cm(width * scale), height=Cm(height * scale)
        )
        shape._inline.docPr.set("descr", self.export_label(alt))
        self.figures += 1
        self.paragraph(self.export_label("figure", number=self.figures, title=title), "Caption")

    def method_and_stages(self) -> None:
        program = self.program
        self.chapter(self.export_label("method-and-stages"))
        self.section(self._("Approach and methods"))
        if program.methods:
            for method_id in program.methods:
                self.bullet(self.method_title(method_id))
        else:
            self.paragraph(self._("No methods have been chosen yet."))
        self.section(self.export_label("stages"))
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
        self.chapter(self._("Team and responsibilities"))
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
        self.chapter(self.export_label("schedule"))
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
        self.chapter(self._("Budget"))
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
        self.chapter(self._("Reporting"))
        rows: list[Row | TableRow] = [
            [
                self.name(entities[r.audience]) if r.audience in entities else r.audience,
                self.label("frequency", r.frequency),
                self.text(r.format),
            ]
            for r in self.program.reporting
        ]
        self.table([self._("Audience"), self._("Frequency"), self._("Format")], rows, [6, 3, 7])

    def signature(self) -> None:
        """Place and date (left to fill in), the organisation, the signer's role, room to sign,
        and the signer's name (a line to write it on when the program names nobody)."""
        keep_last_lines_with_next(self.doc)  # never a page with the signature alone
        signer = signatory(self.program)
        place = signer.place or DOTS[:12]
        first = self.paragraph(f"{xml_safe(place)}, {DOTS}", "Signature Block")
        first.paragraph_format.space_before = Pt(18)
        self.paragraph(self.name(self.program.organisation.name), "Signature Block")
        role = (
            self.text(signer.member.role) if signer.member else [Run(self.export_label("signer"))]
        )
        self.paragraph([*role, Run(",")], "Signature Block")
        name = [Run(xml_safe(signer.name), bold=True)] if signer.name else [Run(f"({DOTS})")]
        last = self.paragraph(name, "Signature Block")
        last.paragraph_format.space_before = Pt(48)  # room to sign
        last.paragraph_format.keep_with_next = False

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
        )
        self.heading(self._("Evaluation questions"), 2)
        for criterion in DAC_CRITERIA:
            self.paragraph(self.label("dac", criterion), "Lead-in")
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
        # Month columns just wide enough for "Jan 2026" in two lines; the activity gets the rest.
        first = min(10.0, max(5.0, LANDSCAPE_WIDTH - 0.9 * width))
        self.table(
            [self._("Activity"), *headers],
            rows,
            [first] + [(LANDSCAPE_WIDTH - first) / width] * width,
            centre=range(1, width + 1),
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
            self._("Rows: impact (5 = severe). Columns: likelihood (5 = almost certain)."),
            keep_with_next=True,
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


def fill_cell(cell: _Cell, lines: list[Line], style_id: str, align: Any, keep: bool) -> None:
    for n, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        paragraph._p.style = style_id
        if keep:
            paragraph.paragraph_format.keep_with_next = True
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
    keep: bool = False,
) -> str:
    """The `w:tr` of a body row: the same markup python-docx writes for width, shading,
    paragraph style, keeping with the next row, alignment and bold/italic runs."""
    out = [f"<w:tr {_W}>"]
    for i, (lines, fill) in enumerate(cells):
        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{twips[i]}" w:type="dxa"/>')
        if fill:
            out.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
        out.append("</w:tcPr>")
        for line in lines or [[]]:
            out.append(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>')
            if keep:
                out.append("<w:keepNext/>")
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
    """Body, table, cover, contents and signature styles, no text under 9 pt, one font, and
    the document's language for spelling."""
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    table_text = add_style(doc, "Table Text", size=9, before=1, after=1)
    table_text.paragraph_format.line_spacing = 1.0
    gap = add_style(doc, "Table Gap", after=6)  # the space between two tables
    gap.paragraph_format.line_spacing = Pt(4)
    gap.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    add_style(doc, "Note", size=9).font.italic = True
    add_style(doc, "Lead-in", before=6, after=2, keep=True).font.bold = True
    numbered = add_style(doc, "Numbered Item", after=3)
    numbered.paragraph_format.left_indent = Cm(0.75)
    numbered.paragraph_format.first_line_indent = Cm(-0.75)
    add_style(doc, "Figure", before=6, after=2, keep=True, centre=True)
    styles["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Footer"].font.size = Pt(9)
    cover_styles(doc)
    for level in range(1, TOC_LEVELS + 1):
        toc = add_style(doc, f"toc {level}", before=4 if level == 1 else 0, after=2)
        toc.paragraph_format.left_indent = Cm(0.75 * (level - 1))
        toc.font.bold = level == 1
    unlisted = add_style(doc, "Unlisted Heading", base="TOC Heading")  # not in the contents
    unlisted.paragraph_format.space_before = Pt(0)
    styles["TOC Heading"].paragraph_format.space_before = Pt(0)
    signature = add_style(doc, "Signature Block", after=0, keep=True)
    signature.paragraph_format.left_indent = Cm(9)
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


def cover_styles(doc: WordDocument) -> None:
    """The cover's lines, centred: organisation, kind of document, title, details."""
    add_style(doc, "Cover Organisation", size=14, before=24, centre=True).font.bold = True
    kind = add_style(doc, "Cover Kind", size=24, before=110, after=18, centre=True)
    kind.font.bold = True
    kind.font.color.rgb = COVER_COLOUR
    title = doc.styles["Title"]
    title.font.size = Pt(22)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.styles["Subtitle"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_style(doc, "Cover Detail", size=11, after=4, centre=True)


def add_style(
    doc: WordDocument,
    name: str,
    *,
    base: str = "Normal",
    size: float | None = None,
    before: float | None = None,
    after: float | None = None,
    keep: bool = False,
    centre: bool = False,
) -> Any:
    """A paragraph style based on `base`, with what differs from it."""
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    if size is not None:
        style.font.size = Pt(size)
    form = style.paragraph_format
    if before is not None:
        form.space_before = Pt(before)
    if after is not None:
        form.space_after = Pt(after)
    if keep:
        form.keep_with_next = True
    if centre:
        form.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return style


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


# --- Numbers, bookmarks, contents, settings -------------------------------------------------

ROMAN: tuple[tuple[int, str], ...] = (
    *((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")),
    *((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")),
)


def roman(number: int) -> str:
    """1 → I, 4 → IV, 12 → XII."""
    out = ""
    for value, numeral in ROMAN:
        while number >= value:
            out += numeral
            number -= value
    return out


def letters(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA (as spreadsheet columns count)."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def add_bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """A bookmark around the paragraph's text (what a contents entry links to)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    p = paragraph._p
    first_run = p.find(qn("w:r"))
    if first_run is not None:
        first_run.addprevious(start)
    else:
        p.append(start)
    p.append(end)


def toc_paragraphs(headings: Sequence[tuple[int, str, str]], styles: dict[int, str]) -> list[Any]:
    """The paragraphs of a TOC field whose result lists `headings` as links, no page numbers
    (a viewer that does not update fields cannot know them)."""
    field = f'<w:r><w:instrText xml:space="preserve"> {TOC_FIELD} </w:instrText></w:r>'
    begin = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' + field
    begin += '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    if not headings:
        return [
            parse_xml(f'<w:p {_W}><w:pPr><w:pStyle w:val="{styles[1]}"/></w:pPr>{begin}{end}</w:p>')
        ]
    out = []
    for n, (level, text, bookmark) in enumerate(headings):
        link = (
            f'<w:hyperlink w:anchor="{bookmark}" w:history="1"><w:r>'
            f'<w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r></w:hyperlink>'
        )
        out.append(
            parse_xml(
                f'<w:p {_W}><w:pPr><w:pStyle w:val="{styles[level]}"/></w:pPr>'
                f"{begin if n == 0 else ''}{link}{end if n == len(headings) - 1 else ''}</w:p>"
            )
        )
    return out


def keep_last_lines_with_next(doc: WordDocument) -> None:
    """Keep the document's last paragraph, and the last row of a table just before it, with
    what comes next."""
    body = doc.element.body
    blocks = [e for e in body if e.tag in (qn("w:p"), qn("w:tbl"))]
    last = blocks[-2:] if len(blocks) >= 2 and blocks[-1].tag == qn("w:p") else blocks[-1:]
    paragraphs: list[Any] = []
    for block in last:
        if block.tag == qn("w:tbl"):
            paragraphs += block.findall(qn("w:tr"))[-1].iter(qn("w:p"))
        else:
            paragraphs.append(block)
    for p in paragraphs:
        Paragraph(p, doc._body).paragraph_format.keep_with_next = True


def update_fields_on_open(doc: WordDocument) -> None:
    """Ask Word to update the document's fields (the contents' page numbers) when it opens it."""
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # The schema's order: updateFields comes before these.
    settings.insert_element_before(
        update,
        "w:hdrShapeDefaults",
        "w:footnotePr",
        "w:endnotePr",
        "w:compat",
        "w:docVars",
        "w:rsids",
        "w:attachedSchema",
        "w:themeFontLang",
        "w:clrSchemeMapping",
        "w:doNotIncludeSubdocsInStats",
        "w:doNotAutoCompressPictures",
        "w:forceUpgrade",
        "w:captions",
        "w:readModeInkLockDown",
        "w:smartTagType",
        "w:shapeDefaults",
        "w:doNotEmbedSmartTags",
        "w:decimalSymbol",
        "w:listSeparator",
    )
