"""Word and Excel files: content against the program, LibreOffice's own totals and PDF, hostile
text kept literal (no formula injection), and identical bytes on every run."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from generator.core.i18n import format_money, translations
from generator.core.labels import label_text
from generator.core.load import load_program
from generator.core.model import Program
from generator.core.views import budget_view, logframe_rows, risk_level, shown
from generator.export import export_files
from generator.export.docx import program_docx
from generator.export.xlsx import program_xlsx
from generator.handbook.cards import method_titles
from tests.conftest import EXAMPLE, MINIMAL, REPO, daya, write_tree
from tests.test_documents import HOSTILE_TEXTS, hostile_program

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it"
)
LANGS = ["id", "en"]


@cache
def example() -> Program:
    return load_program(EXAMPLE).program


@cache
def example_files(lang: str) -> tuple[bytes, bytes]:
    """(docx, xlsx) of the example program in `lang`, built once per test run."""
    methods = method_titles(lang, REPO)
    return program_docx(example(), lang, methods), program_xlsx(example(), lang, methods)


def labels(lang: str):  # type: ignore[no-untyped-def]
    catalogue = translations(lang)
    return catalogue.gettext, lambda kind, value: label_text(kind, value, catalogue.gettext)


def docx_lines(data: bytes) -> list[str]:
    """The text of every paragraph (body, tables, footer), one string per paragraph."""
    document = Document(io.BytesIO(data))
    roots = [document.element.body]
    roots += [section.footer._element for section in document.sections]
    return [
        "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
        for root in roots
        for paragraph in root.iter(qn("w:p"))
    ]


def docx_headings(data: bytes) -> list[tuple[int, str]]:
    document = Document(io.BytesIO(data))
    return [
        (int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]


def xlsx_strings(data: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [
        c.value
        for ws in workbook
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]


def expected_level1_headings(lang: str) -> list[str]:
    """The chapters, numbered (I., II., … in Indonesian; 1., 2., … in English), then the
    annexes."""
    _, label = labels(lang)
    gettext = translations(lang).gettext
    plan = [
        gettext(m)
        for m in [
            "Background",
            "Purpose and objectives",
            "Target groups",
            "Outputs and indicators",
        ]
    ]
    plan += [
        label("document", "theory-of-change"),
        label("document", "stakeholders"),
        label("export", "method-and-stages"),
        gettext("Team and responsibilities"),
        label("export", "schedule"),
        gettext("Budget"),
        gettext("Reporting"),
    ]
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]
    numbers = roman if lang == "id" else [str(n) for n in range(1, len(plan) + 1)]
    annexes = ["logframe", "me-plan", "workplan", "budget", "risks", "stakeholders"]
    return [f"{number}. {title}" for number, title in zip(numbers, plan, strict=True)] + [
        label("export", "annex").format(number=n, title=label("document", doc_id))
        for n, doc_id in enumerate(annexes, start=1)
    ]


# --- 1. Content against the program ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_docx_headings_are_real_heading_styles_in_order(lang: str) -> None:
    headings = docx_headings(example_files(lang)[0])
    assert [text for level, text in headings if level == 1] == expected_level1_headings(lang)
    gettext = translations(lang).gettext
    number = "A." if lang == "id" else "7.1"
    assert (2, f"{number} {gettext('Approach and methods')}") in headings
    assert (2, gettext("Evaluation questions")) in headings
    if lang == "id":
        assert headings[0] == (1, "I. Latar belakang")
        assert (1, "Lampiran 4: Rencana Anggaran Biaya (RAB)") in headings


@pytest.mark.parametrize("lang", LANGS)
def test_docx_holds_every_indicator_activity_and_budget_line(lang: str) -> None:
    program = example()
    text = "\n".join(docx_lines(example_files(lang)[0]))
    for indicator in program.results.indicators():
        assert f"{indicator.id}: {shown(program, indicator.name, lang).text}" in text
    for activity in program.results.activities():
        assert f"{activity.id} {shown(program, activity.title, lang).text}" in text
    assert program.budget is not None
    for line in program.budget.lines:
        assert shown(program, line.item, lang).text in text
        assert str(format_money(line.amount, "IDR", lang)) in text
    total = "Rp1.000.000.000" if lang == "id" else "IDR 1,000,000,000"
    assert total in text


def test_one_notice_says_which_text_is_in_the_other_language() -> None:
    """The English files of an Indonesian-only program say so once, at the top of the Word file
    and under each sheet's title, instead of an "(ID)" after each of 95 texts."""
    notice = "96 of this program's 100 texts are not yet written in English; they are shown in"
    lines = docx_lines(example_files("en")[0])
    assert "Pemetaan sosial pada Oktober 2025" in "\n".join(lines)  # shown in Indonesian...
    said = [n for n, line in enumerate(lines) if notice in line]
    chapter_one = len(lines) - 1 - lines[::-1].index("1. Background")  # after the contents
    assert len(said) == 1 and said[0] < chapter_one  # ...said once, before the first chapter
    assert not [line for line in lines if line.endswith(("(ID)", "(EN)"))]
    workbook = openpyxl.load_workbook(io.BytesIO(example_files("en")[1]))
    for sheet in workbook:
        assert notice in sheet["A2"].value, sheet.title
    cells = xlsx_strings(example_files("en")[1])
    assert not [c for c in cells if c.endswith(("(ID)", "(EN)"))]
    assert sum(notice in c for c in cells) == len(workbook.worksheets)
    assert not [x for x in docx_lines(example_files("id")[0]) if "belum tersedia dalam" in x]
    assert not [c for c in xlsx_strings(example_files("id")[1]) if "belum tersedia dalam" in c]


def markdown_cells(markdown: str) -> list[str]:
    return [
        cell.strip()
        for line in markdown.splitlines()
        if line.startswith("|")
        for cell in line.strip().strip("|").split("|")
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_readers_see_names_where_the_program_gives_them(lang: str) -> None:
    """Funders, stakeholders and the country by name in the Markdown, Word and Excel files;
    what a role is responsible for by code and title."""
    from generator.core.documents import RenderOptions, render_documents

    program = example()
    ids = {f.id for f in program.funding} | {s.id for s in program.stakeholders}
    assert ids == {"csr", "dana-desa", "pemdes", "pt-sumber", "bumdes", "puskesmas"}
    markdown = render_documents(program, RenderOptions(lang=lang))
    word, excel = example_files(lang)
    md_cells = [c for text in markdown.values() for c in markdown_cells(text)]
    shown_texts = md_cells + docx_lines(word) + xlsx_strings(excel)
    leaked = [t for t in shown_texts if t.strip("* ") in ids or t.startswith(("**pemdes**",))]
    leaked += [t for t in shown_texts if any(t.startswith(f"{i} ") for i in ids)]
    assert not leaked
    rab_md = markdown["budget.md"]
    assert rab_md.count("| Dana Desa Sukamaju |") == 3  # two RAB lines it pays for, its total
    assert "Dana Desa Sukamaju" in [c.value for c in xlsx_sheet(excel, "budget")["G"]]
    country = "Jawa Barat, Indonesia"
    assert country in markdown["index.md"] and country in markdown["plan.md"]
    assert [line for line in docx_lines(word)[:30] if line.endswith(country)]  # cover, summary
    assert not [t for t in shown_texts if t.endswith(", ID")]
    team = markdown["plan.md"].split("## ")[-1] if lang else ""
    plan = markdown["plan.md"]
    assert "A1.1.1 Survei teknis dan desain jaringan perpipaan bersama warga<br>" in plan, team
    assert any(line.startswith("A1.1.1 Survei teknis") for line in docx_lines(word)), (
        "Word's team table names the activity"
    )


def xlsx_sheet(data: bytes, key: str):  # type: ignore[no-untyped-def]
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return workbook.worksheets[["logframe", "indicators", "workplan", "budget", "risks"].index(key)]


@pytest.mark.parametrize("lang", LANGS)
def test_docx_tables_repeat_their_header_row_and_annexes_are_landscape(lang: str) -> None:
    document = Document(io.BytesIO(example_files(lang)[0]))
    assert len(document.tables) >= 15
    for table in document.tables:
        first_row = table.rows[0]._tr
        assert first_row.trPr is not None and first_row.trPr.find(qn("w:tblHeader")) is not None
    sections = document.sections
    assert sections[0].orientation == WD_ORIENT.PORTRAIT
    assert sections[0].page_width < sections[0].page_height
    landscape = [s for s in sections[1:] if s.orientation == WD_ORIENT.LANDSCAPE]
    assert len(landscape) == 6 == len(sections) - 1
    assert all(s.page_width > s.page_height for s in landscape)
    footer = sections[0].footer._element
    fields = [node.text.strip() for node in footer.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]


def test_docx_properties_are_fixed() -> None:
    props = Document(io.BytesIO(example_files("id")[0])).core_properties
    assert props.author == props.last_modified_by == "Daya"
    assert props.created == props.modified == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert props.last_printed is None
    assert props.title == "Air Bersih dan Sanitasi Desa Sukamaju"


@pytest.mark.parametrize("lang", LANGS)
def test_xlsx_sheets_hold_every_indicator_activity_and_budget_line(lang: str) -> None:
    program = example()
    gettext, label = labels(lang)
    workbook = openpyxl.load_workbook(io.BytesIO(example_files(lang)[1]))
    names = [
        label("sheet", key) for key in ("logframe", "indicators", "workplan", "budget", "risks")
    ]
    assert workbook.sheetnames == names
    logframe, indicators, workplan, rab, risks = (workbook[n] for n in names)
    for ws in workbook:
        assert ws.freeze_panes is not None and ws.freeze_panes[1:] == "4"
        assert ws.print_title_rows == "$3:$3"
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage

    # Logframe: every result and activity, with its indicators.
    assert [row[1] for row in logframe.iter_rows(min_row=4, values_only=True)] == [
        row.id or None for row in logframe_rows(program)
    ]

    # Indicators: one row per indicator, one column per disaggregation used anywhere.
    header = [c.value for c in indicators[3]]
    assert [row[0] for row in indicators.iter_rows(min_row=4, values_only=True)] == [
        i.id for i in program.results.indicators()
    ]
    for indicator in program.results.indicators():
        row = next(r for r in indicators.iter_rows(min_row=4) if r[0].value == indicator.id)
        assert row[3].value.startswith(shown(program, indicator.name, lang).text)
    used = ["sex", "sex-of-household-head", "hamlet"]
    columns = [
        label("export", "disaggregation-column").format(name=label("disaggregation", d))
        for d in used
    ]
    assert header[-3:] == columns
    oc11 = next(r for r in indicators.iter_rows(min_row=4, values_only=True) if r[0] == "OC1.1")
    assert oc11[-3:] == (None, "✓", "✓")

    # Workplan: months as columns, activity bars as filled cells.
    assert workplan.cell(3, 6).value.endswith("2026") and workplan.max_column == 5 + 24
    for activity in program.results.activities():
        row = next(r for r in workplan.iter_rows(min_row=4) if r[0].value == activity.id)
        filled = [c.column - 6 for c in row[5:] if c.fill.fgColor.rgb.endswith("4472C4")]
        start = (activity.start.year - 2026) * 12 + activity.start.month - 1
        end = (activity.end.year - 2026) * 12 + activity.end.month - 1
        assert filled == list(range(start, end + 1)), activity.id

    # RAB: every line with a live amount formula, SUM subtotals, SUMIF by category and
    # SUMPRODUCT by funder name.
    assert program.budget is not None
    lines = {row[8].value: row for row in rab.iter_rows(min_row=4) if row[8].value}
    for line in program.budget.lines:
        row = lines[line.id]
        r = row[0].row
        assert row[1].value.startswith(shown(program, line.item, lang).text)
        assert (row[2].value, row[4].value) == (line.quantity, line.unit_cost)
        assert row[5].value == f"=C{r}*E{r}"
        funder = next(f for f in program.funding if f.id == line.funder)
        assert row[6].value == shown(program, funder.name, lang).text
    subtotals = [row[5] for row in rab.iter_rows(min_row=4) if row[1].value == gettext("Subtotal")]
    assert len(subtotals) == len(budget_view(program).groups)
    assert all(c.value.startswith("=SUM(F") for c in subtotals)
    total = next(row[5] for row in rab.iter_rows(min_row=4) if row[1].value == gettext("Total"))
    assert total.value == "=SUM(" + ",".join(c.coordinate for c in subtotals) + ")"
    formulas = [c.value for row in rab.iter_rows() for c in row if c.data_type == "f"]
    assert sum(f.startswith("=SUMIF($H$") for f in formulas) == 7  # one per category used
    assert sum(f.startswith("=SUMPRODUCT(($G$") for f in formulas) == 2  # one per funder
    money = '"Rp"#,##0' if lang == "id" else '"IDR "#,##0'
    assert lines["B1"][5].number_format == money
    assert set(workbook.defined_names) == {"BudgetTotal", "FundingCommitted", "FundingGap"}

    # Risks: score as a formula, coloured by band through conditional formatting.
    for row in risks.iter_rows(min_row=4):
        assert row[5].value == f"=D{row[0].row}*E{row[0].row}"
    assert len(risks.conditional_formatting) >= 1


# --- 2. A real spreadsheet engine and word processor agree -----------------------------------


def libreoffice_convert(source: Path, target_format: str, out_dir: Path, profile: Path) -> Path:
    """Convert with a private LibreOffice profile (parallel runs would fight over one)."""
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    converted = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    return converted


def recalculated(data: bytes, tmp_path: Path) -> openpyxl.Workbook:
    """The workbook as LibreOffice Calc computes it (openpyxl stores no computed values)."""
    source = tmp_path / "in" / "workbook.xlsx"
    source.parent.mkdir()
    source.write_bytes(data)
    converted = libreoffice_convert(source, "xlsx", tmp_path / "out", tmp_path / "profile")
    return openpyxl.load_workbook(converted, data_only=True)


def named_value(workbook: openpyxl.Workbook, name: str):  # type: ignore[no-untyped-def]
    ((sheet, reference),) = workbook.defined_names[name].destinations
    return workbook[sheet][reference.replace("$", "")].value


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_recalculates_the_budget_to_dayas_totals(tmp_path: Path) -> None:
    program = example()
    view = budget_view(program)
    workbook = recalculated(example_files("id")[1], tmp_path)
    assert named_value(workbook, "BudgetTotal") == view.total == 1_000_000_000
    assert named_value(workbook, "FundingCommitted") == view.funding
    assert named_value(workbook, "FundingGap") == 0
    rab = workbook["RAB"]
    funders = {shown(program, f.name, "id").text: f.id for f in program.funding}
    per_funder = {  # the "totals by funder" rows: the funder's name in B, its total in F
        funders[row[1]]: row[5]
        for row in rab.iter_rows(min_row=4, values_only=True)
        if row[1] in funders
    }
    assert (
        per_funder == program.budget_by_funder() == {"csr": 850_000_000, "dana-desa": 150_000_000}
    )
    _, label = labels("id")
    per_category = {
        row[1]: row[5]
        for row in rab.iter_rows(min_row=4, values_only=True)
        if row[6] is not None and isinstance(row[6], float)  # the share column
    }
    assert per_category == {label("category", c): a for c, a in view.by_category}
    risks = workbook[label("sheet", "risks")]
    scores = {row[0]: (row[5], row[6]) for row in risks.iter_rows(min_row=4, values_only=True)}
    assert scores == {
        r.id: (r.score, label("risk_level", risk_level(r.score))) for r in program.risks
    }


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("lang", LANGS)
def test_libreoffice_prints_the_docx_with_every_heading(tmp_path: Path, lang: str) -> None:
    source = tmp_path / f"plan-{lang}.docx"
    source.write_bytes(example_files(lang)[0])
    pdf = libreoffice_convert(source, "pdf", tmp_path / "out", tmp_path / "profile")
    text = subprocess.run(
        [PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for _, heading in docx_headings(example_files(lang)[0]):
        assert " ".join(heading.split()) in flat, heading
    pages = flat.count("Halaman " if lang == "id" else "Page ")
    assert pages >= 8  # the footer's page numbers were laid out on every page


# --- 3. Hostile text stays text --------------------------------------------------------------

INJECTIONS = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "=1+1", "#N/A"]


def injection_program(tmp_path: Path) -> Program:
    text = (
        MINIMAL.replace("title: Program kecil", 'title: \'=HYPERLINK("http://x","y")\'')
        .replace("statement: Warga lebih sejahtera.", "statement: '+1'")
        .replace("statement: Anggota terlatih.", "statement: '-1'")
        .replace("item: Pelatihan,", "item: '@SUM(A1)',")
        .replace("title: Pelatihan,", "title: '=1+1',")
        .replace("assumptions: [Harga stabil.]", "assumptions: ['#N/A']")
        .replace("description: Harga turun,", 'description: \'=HYPERLINK("http://x","y")\',')
        .replace("mitigation: Diversifikasi,", "mitigation: '@SUM(A1)',")
        .replace("name: Jumlah kelompok aktif", "name: '-1'")
    )
    write_tree(tmp_path, {"programs/tiny/program.yaml": text})
    return load_program(tmp_path / "programs" / "tiny" / "program.yaml").program


def test_hostile_text_appears_literally_in_both_files(tmp_path: Path) -> None:
    program = hostile_program(tmp_path)
    for lang in LANGS:
        docx_text = "\n".join(docx_lines(program_docx(program, lang)))
        xlsx_text = "\n".join(xlsx_strings(program_xlsx(program, lang)))
        for hostile in HOSTILE_TEXTS:
            assert hostile in docx_text, (lang, hostile)
            assert hostile in xlsx_text, (lang, hostile)


def test_no_cell_becomes_a_formula_from_program_text(tmp_path: Path) -> None:
    program = injection_program(tmp_path)
    workbook = openpyxl.load_workbook(io.BytesIO(program_xlsx(program, "id")))
    found = []
    for ws in workbook:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert "HYPERLINK" not in cell.value and "@" not in cell.value, cell.value
                elif isinstance(cell.value, str) and cell.value.startswith(tuple(INJECTIONS)):
                    found.append(cell.value)
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    if cell.value[0] in "=+-@":
                        assert cell.quotePrefix, (ws.title, cell.coordinate)
    assert set(found) >= set(INJECTIONS)
    assert not [v for v in found if v.startswith("#N/A") and v != "#N/A"]


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_shows_injected_text_literally(tmp_path: Path) -> None:
    program = injection_program(tmp_path / "program")
    data = program_xlsx(program, "id")
    before = openpyxl.load_workbook(io.BytesIO(data))
    cells = {
        (ws.title, cell.coordinate): cell.value
        for ws in before
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(tuple(INJECTIONS))
    }
    after = recalculated(data, tmp_path)
    shown = {(sheet, ref): after[sheet][ref].value for sheet, ref in cells}
    assert shown == cells
    assert named_value(after, "BudgetTotal") == 10_000_000  # Daya's own formulas still work


# --- 4. Identical bytes ----------------------------------------------------------------------


def test_two_runs_give_byte_identical_files() -> None:
    program = load_program(EXAMPLE).program
    again = load_program(EXAMPLE).program
    for lang in LANGS:
        assert program_docx(program, lang) == program_docx(again, lang)
        assert program_xlsx(program, lang) == program_xlsx(again, lang)
    for data in example_files("id"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
            assert "docProps/thumbnail.jpeg" not in archive.namelist()


def test_generate_writes_identical_files_in_separate_processes(tmp_path: Path) -> None:
    def run(out: Path, seed: str) -> dict[str, bytes]:
        command = ["generate", str(EXAMPLE), "--out", str(out), "--format", "docx,xlsx"]
        result = daya(*command, cwd=REPO, env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        return {p.name: p.read_bytes() for p in (out / "air-bersih-sukamaju").iterdir()}

    first = run(tmp_path / "a", "1")
    assert sorted(first) == [
        ".daya-source",  # the content hash that lets the next run skip an unchanged program
        "air-bersih-sukamaju-kak.docx",
        "air-bersih-sukamaju-kemajuan.xlsx",  # the progress workbook and report: it has
        "air-bersih-sukamaju-laporan-kemajuan.docx",  # monitoring records
        "air-bersih-sukamaju-rencana.xlsx",
    ]
    assert first == run(tmp_path / "b", "2")


# --- The command line and the shared entry point ---------------------------------------------


def test_export_files_names_the_files_in_each_language() -> None:
    assert sorted(export_files(example(), "id")) == [
        "air-bersih-sukamaju-kak.docx",
        "air-bersih-sukamaju-rencana.xlsx",
    ]
    assert sorted(export_files(example(), "en", formats=("docx",))) == [
        "air-bersih-sukamaju-tor.docx",
    ]


def test_generate_format_chooses_the_files(tmp_path: Path) -> None:
    command = ["generate", str(EXAMPLE), "--out", str(tmp_path)]
    result = daya(*command, "--format", "md,xlsx", "--lang", "en", cwd=REPO)
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in (tmp_path / "air-bersih-sukamaju").iterdir())
    assert "plan.en.md" in files and "air-bersih-sukamaju-plan.xlsx" in files
    assert not [f for f in files if f.endswith(".docx")]
    assert "10 documents (en) + air-bersih-sukamaju-plan.xlsx" in result.stdout

    wrong = daya(*command, "--format", "md,pdf", cwd=REPO)
    assert wrong.returncode == 2
    assert "choose from md, docx, xlsx" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_rows_of_long_text_stay_within_excels_tallest_row(program_file) -> None:
    """A 20,000-character statement once asked for a row of 28,455 pt; Excel allows 409."""
    long = "Warga desa mengelola air bersih bersama. " * 480
    path = program_file(MINIMAL.replace("statement: Warga lebih sejahtera.", f"statement: {long}"))
    program = load_program(path).program
    workbook = openpyxl.load_workbook(io.BytesIO(program_xlsx(program, "id", {})))
    heights = [
        dimension.height
        for sheet in workbook.worksheets
        for dimension in sheet.row_dimensions.values()
        if dimension.height
    ]
    assert max(heights) == 409
    cells = [c.value for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    assert long.strip() in cells, "the whole text is in its cell"


def test_markdown_word_and_excel_show_the_same_text_and_language(program_file) -> None:
    """One view of the shown text: an English-only background in an Indonesian program is
    noticed as English everywhere (Markdown once said "(ID)"), and a report to an id that is both a
    stakeholder and a funder names the stakeholder everywhere (Word once named the funder)."""
    from generator.core.documents import RenderOptions, render_documents

    text = MINIMAL.replace(
        "status: planned\n", "status: planned\nbackground: {en: Only written in English.}\n"
    )
    text = text.replace(
        "funding:\n  - {id: hibah, name: Hibah,",
        "reporting:\n  - {audience: pemdes, frequency: annual, format: Laporan}\n"
        "funding:\n  - {id: pemdes, name: Dana desa,",
    ).replace("funder: hibah}", "funder: pemdes}")
    program = load_program(program_file(text)).program
    notice = "teks tersebut ditampilkan dalam bahasa Inggris, sesuai aslinya."
    markdown = render_documents(program, RenderOptions(lang="id"))["plan.md"]
    assert "Only written in English." in markdown and notice in markdown
    assert "| Pemerintah desa | Tahunan |" in markdown
    word = "\n".join(docx_lines(program_docx(program, "id")))
    assert "Only written in English." in word and notice in word
    assert "Pemerintah desa" in word.split("Pelaporan")[-1]
    assert "Dana desa" not in word.split("Pelaporan")[-1].split("Lampiran")[0]
    excel = xlsx_strings(program_xlsx(program, "id"))
    assert [c for c in excel if notice in c]  # the workbook has no background, but says so
    statement = MINIMAL.replace("statement: Anggota terlatih.", "statement: {en: Members trained.}")
    program = load_program(program_file(statement)).program
    excel = xlsx_strings(program_xlsx(program, "id"))
    assert "Members trained." in excel and [c for c in excel if notice in c]
