"""The Word plan and the workbook as documents to hand over and print: a cover, a table of
contents Word refreshes, numbered chapters, a signature block, the theory of change and the
stakeholder map as pictures, nothing under 9 pt, and workbook sheets that print one page wide."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from generator.core.load import load_program
from generator.export.docx import FONT, program_docx
from generator.export.xlsx import program_xlsx
from tests.conftest import MINIMAL
from tests.test_export import (
    LANGS,
    PDFTOTEXT,
    docx_headings,
    example,
    example_files,
    labels,
    libreoffice_convert,
    needs_libreoffice,
)

TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def word(lang: str):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(example_files(lang)[0]))


def paragraph_texts(document) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in document.paragraphs]


def chapters(lang: str) -> list[str]:
    """The numbered level-1 headings: every one before the first annex."""
    annex = labels(lang)[1]("export", "annex").split("{")[0]
    level1 = [text for level, text in docx_headings(example_files(lang)[0]) if level == 1]
    return [text for text in level1 if not text.startswith(annex)]


# --- Cover, contents, numbering, signature --------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "kind", "title", "period"),
    [
        ("id", "KERANGKA ACUAN KERJA", "Air Bersih dan Sanitasi Desa Sukamaju", "1 Januari 2026"),
        (
            "en",
            "TERMS OF REFERENCE",
            "Clean Water and Sanitation for Sukamaju Village",
            "1 January 2026",
        ),
    ],
)
def test_the_cover_names_the_document_program_organisation_place_and_period(
    lang: str, kind: str, title: str, period: str
) -> None:
    document = word(lang)
    texts = paragraph_texts(document)
    # The cover is everything before the first page break.
    end = next(
        i
        for i, p in enumerate(document.paragraphs)
        if p._p.find(f".//{qn('w:br')}[@{qn('w:type')}='page']") is not None
        or p.paragraph_format.page_break_before
    )
    cover = "\n".join(texts[: end + 1])
    assert kind in cover
    assert title in cover
    assert "Yayasan Tirta Lestari" in cover
    assert "Desa Sukamaju" in cover and "Kabupaten Garut" in cover
    assert period in cover
    # No page number on the cover: its section has a first-page footer of its own.
    assert document.sections[0].different_first_page_header_footer
    assert "".join(p.text for p in document.sections[0].first_page_footer.paragraphs) == ""


@pytest.mark.parametrize("lang", LANGS)
def test_the_contents_are_a_toc_field_word_refreshes_with_entries_filled_in(lang: str) -> None:
    data = example_files(lang)[0]
    document = Document(io.BytesIO(data))
    body = document.element.body
    instructions = [" ".join((n.text or "").split()) for n in body.iter(qn("w:instrText"))]
    assert TOC_INSTRUCTION in instructions
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        settings = archive.read("word/settings.xml").decode()
    assert re.search(r'<w:updateFields w:val="(true|1)"/>', settings)
    # Entries are already there, for viewers that do not refresh fields: one per heading of
    # levels 1 to 3, in order, each a link to its heading.
    entries = [
        (int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if re.fullmatch(r"(toc|TOC) \d", p.style.name)
    ]
    headings = [(level, text) for level, text in docx_headings(data) if level <= 3]
    assert entries == headings
    anchors = {
        link.get(qn("w:anchor"))
        for p in document.paragraphs
        if re.fullmatch(r"(toc|TOC) \d", p.style.name)
        for link in p._p.iter(qn("w:hyperlink"))
    }
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert len(anchors) == len(headings) and anchors <= bookmarks


def test_indonesian_chapters_are_numbered_in_roman_and_sections_by_letter() -> None:
    found = chapters("id")
    assert len(found) >= 9
    for n, text in enumerate(found):
        assert text.startswith(f"{ROMAN[n]}. "), text
    assert found[0] == "I. Latar belakang"
    headings = docx_headings(example_files("id")[0])
    assert (2, "A. Pendekatan dan metode") in headings
    assert (2, "B. Tahapan pelaksanaan") in headings


def test_english_chapters_are_numbered_1_2_3_and_sections_1_1() -> None:
    found = chapters("en")
    for n, text in enumerate(found, start=1):
        assert text.startswith(f"{n}. "), text
    assert found[0] == "1. Background"
    method = next(text for text in found if text.endswith("Method and stages"))
    number = method.split(".")[0]
    headings = docx_headings(example_files("en")[0])
    assert (2, f"{number}.1 Approach and methods") in headings
    assert (2, f"{number}.2 Stages of implementation") in headings


@pytest.mark.parametrize("lang", LANGS)
def test_the_theory_of_change_and_stakeholder_map_are_chapters(lang: str) -> None:
    gettext = labels(lang)[0]
    titles = [text.split(" ", 1)[1] for text in chapters(lang)]
    assert gettext("Theory of change") in titles
    assert gettext("Stakeholder map") in titles


@pytest.mark.parametrize("lang", LANGS)
def test_a_signature_block_closes_the_plan_before_the_annexes(lang: str) -> None:
    paragraphs = word(lang).paragraphs
    texts = [p.text for p in paragraphs]
    annex = labels(lang)[1]("export", "annex").split("{")[0]
    first_annex = next(
        i
        for i, p in enumerate(paragraphs)
        if p.style.name == "Heading 1" and p.text.startswith(annex)
    )
    place = next(i for i, t in enumerate(texts) if t.startswith("Garut, "))
    assert place < first_annex
    block = texts[place:first_annex]
    assert "Yayasan Tirta Lestari" in block
    role = "Pengelola program"  # the contact's role in the team (written in Indonesian only)
    assert any(t.startswith(role) for t in block)
    assert "Rina Kusumawati" in block
    assert re.fullmatch(r"Garut, \.{10,}", texts[place]), texts[place]
    # The block stays on one page.
    assert all(
        p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next
        for p in paragraphs[place : place + 3]
    )


def test_a_small_program_signs_on_a_line_and_has_one_picture(program_file) -> None:
    """No team member with a name and no contact: a dotted line to write the name on. No
    stakeholders: no map (the chapter says so), only the theory of change."""
    text = MINIMAL.replace(
        "  - {id: pemdes, name: Pemerintah desa, influence: high, interest: high, engagement: Rapat bulanan}\n",
        "",
    ).replace("stakeholders:\n", "stakeholders: []\n")
    program = load_program(program_file(text)).program
    assert program.stakeholders == []
    document = Document(io.BytesIO(program_docx(program, "id")))
    assert len(document.inline_shapes) == 1
    texts = [p.text for p in document.paragraphs]
    place = next(i for i, t in enumerate(texts) if t.startswith("Contoh, ...."))
    assert texts[place + 1 : place + 4] == [
        "Yayasan Contoh",
        "Pengelola program,",
        "(" + "." * 30 + ")",
    ]
    assert "Belum ada pemangku kepentingan yang dicatat." in texts


def test_checking_never_loads_matplotlib() -> None:
    """matplotlib is imported when a picture is drawn, not by `daya check` nor by importing the
    writers."""
    code = (
        "import sys, generator.cli.main, generator.export.docx, generator.export.diagrams\n"
        "assert not [m for m in sys.modules if m.startswith('matplotlib')]"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- Pictures -----------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def png_chunks(data: bytes) -> list[bytes]:
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks.append(data[at + 4 : at + 8])
        at += 12 + length
    return chunks


@pytest.mark.parametrize("lang", LANGS)
def test_exactly_two_pictures_valid_pngs_sized_for_the_page(lang: str) -> None:
    document = word(lang)
    shapes = document.inline_shapes
    assert len(shapes) == 2
    for shape in shapes:
        assert Cm(12) <= shape.width <= Cm(16.01)
        assert Cm(6) <= shape.height <= Cm(23)
        blob = document.part.related_parts[
            shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        ].blob
        width, height = png_size(blob)
        dpi = width / (shape.width / 914400)  # EMU per inch
        assert 145 <= dpi <= 300, dpi  # sharp on paper, not megabytes
        assert abs(width / height - shape.width / shape.height) < 0.02
        # Nothing that changes from run to run or machine to machine: no text chunks.
        assert not {b"tEXt", b"iTXt", b"zTXt", b"tIME"} & set(png_chunks(blob))
        assert shape._inline.docPr.get("descr"), "alternative text for screen readers"


# --- Nothing too small to read ------------------------------------------------------------


def style_size(style) -> float | None:  # type: ignore[no-untyped-def]
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return None


def run_sizes(document) -> list[tuple[float, str]]:  # type: ignore[no-untyped-def]
    """(size in points, text) of every run with text: body, tables, headers and footers."""
    styles = {s.style_id: s for s in document.styles if s.type == 1}  # paragraph styles
    default = document.styles["Normal"]
    roots = [document.element.body]
    for section in document.sections:
        for part in (section.footer, section.header, section.first_page_footer):
            roots.append(part._element)
    found = []
    for root in roots:
        for p in root.iter(qn("w:p")):
            style_id = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            style = styles.get(style_id.get(qn("w:val"))) if style_id is not None else default
            paragraph_size = style_size(style) or style_size(default) or 10
            for r in p.iter(qn("w:r")):
                text = "".join(t.text or "" for t in r.iter(qn("w:t")))
                if not text.strip():
                    continue
                sz = r.find(f"{qn('w:rPr')}/{qn('w:sz')}")
                size = int(sz.get(qn("w:val"))) / 2 if sz is not None else paragraph_size
                found.append((size, text))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_no_text_is_smaller_than_9_pt(lang: str) -> None:
    document = word(lang)
    sizes = run_sizes(document)
    assert len(sizes) > 500
    small = [(size, text) for size, text in sizes if size < 9]
    assert small == []
    used = {p.style.name for p in document.paragraphs}
    used |= {p.style.name for t in document.tables for c in t._cells for p in c.paragraphs}
    for name in used:
        size = style_size(document.styles[name])
        assert size is None or size >= 9, name


# --- The workbook prints ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_sheet_prints_one_page_wide_on_a4_with_titles(lang: str) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(example_files(lang)[1]))
    for ws in workbook:
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        assert setup.paperSize == int(ws.PAPERSIZE_A4)
        assert setup.orientation in ("landscape", "portrait")
        assert ws.print_title_rows == "$3:$3"
        assert ws.print_area, ws.title
        *_, last_row = re.findall(r"\$[A-Z]+\$(\d+)", ws.print_area)
        assert int(last_row) >= ws.max_row - 1, ws.title
        assert ws.page_margins.left <= 0.6 and ws.page_margins.right <= 0.6
        assert "Air Bersih" in ws.oddHeader.left.text or "Clean Water" in ws.oddHeader.left.text
        assert "&P" in ws.oddFooter.center.text or "&P" in ws.oddFooter.right.text


@pytest.mark.parametrize("lang", LANGS)
def test_the_workbook_uses_the_word_files_font(lang: str) -> None:
    data = example_files(lang)[1]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("xl/styles.xml").decode()
    names = set(re.findall(r'<name val="([^"]+)"', styles))
    assert names == {FONT}, names
    document = word(lang)
    fonts = document.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:rFonts')}")
    normal = document.styles["Normal"].font.name
    assert FONT in {normal, fonts.get(qn("w:ascii")) if fonts is not None else None}


def test_a_title_with_ampersands_prints_as_written_in_the_sheet_headers(program_file) -> None:
    """In a printed header "&P" is the page number and "&B" bold: the title's "&" is doubled."""
    path = program_file(MINIMAL.replace("title: Program kecil", 'title: "Air & Sanitasi &P &B"'))
    workbook = openpyxl.load_workbook(io.BytesIO(program_xlsx(load_program(path).program, "id")))
    for ws in workbook:
        assert ws.oddHeader.left.text == "Air && Sanitasi &&P &&B"


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_libreoffice_prints_the_rab_summary_on_one_page_and_sheets_one_page_wide(
    tmp_path: Path,
) -> None:
    """The RAB's totals by category and funder and its balance stay together on one page (they
    once left three rows on a page of their own), and the indicator sheet is one page wide."""
    source = tmp_path / "rencana.xlsx"
    source.write_bytes(example_files("id")[1])
    pdf = libreoffice_convert(source, "pdf", tmp_path / "out", tmp_path / "profile")
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    gettext, label = labels("id")

    def page_of(words: str) -> int:
        return next(n for n, page in enumerate(pages) if words in page)

    first, last = page_of(gettext("Subtotals by category")), page_of(label("export", "funding-gap"))
    assert first == last
    # One page wide: every page with the indicator sheet's first columns has its last ones too
    # (printed two pages wide, "Frequency" was on a page of its own).
    indicator_pages = [page for page in pages if label("export", "definition") in page]
    assert indicator_pages
    assert all(gettext("Frequency") in page for page in indicator_pages)


# --- Hostile text in the pictures ----------------------------------------------------------

HOSTILE = [
    "$\\frac{a}{b}$ costs $5 and $x^2$",
    "line\\nbreak and a real\nbreak",
    "<b>bold</b> <script>alert(1)</script> &amp;",
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 6,
    "{{ 7*7 }} % # _ ^ \\textbf{x} 中文 🙂",
]


def hostile_diagram_program(tmp_path: Path):  # type: ignore[no-untyped-def]
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    text = (
        MINIMAL.replace("statement: Warga lebih sejahtera.", f"statement: {quoted(HOSTILE[0])}")
        .replace("statement: Kelompok usaha berjalan.", f"statement: {quoted(HOSTILE[1])}")
        .replace("statement: Anggota terlatih.", f"statement: {quoted(HOSTILE[2])}")
        .replace("title: Pelatihan,", f"title: {quoted(HOSTILE[3])},")
        .replace("name: Pemerintah desa,", f"name: {quoted(HOSTILE[4])},")
        .replace("assumptions: [Harga stabil.]", f"assumptions: [{quoted(HOSTILE[0])}]")
    )
    path = tmp_path / "programs" / "tiny" / "program.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    loaded = load_program(path)
    assert loaded.program is not None, loaded.problem
    return loaded.program


def test_hostile_text_is_drawn_literally_wrapped_and_never_crashes(tmp_path: Path) -> None:
    from generator.export import diagrams

    program = hostile_diagram_program(tmp_path)
    for lang in LANGS:
        document = Document(io.BytesIO(program_docx(program, lang)))
        assert len(document.inline_shapes) == 2
    figures = diagrams.program_figures(program, "id")
    assert len(figures) == 2
    drawn = []
    for figure in figures:
        texts = [t for ax in figure.axes for t in ax.texts] + list(figure.texts)
        for t in texts:
            assert not t.get_usetex()
            assert not t.get_parse_math(), t.get_text()  # $…$ is text, not mathematics
        drawn.append(" ".join(t.get_text() for t in texts))
    # Every character is there as written (lines are cut at spaces, or inside a word too long
    # for its box, so compare without the spaces).
    everything = "".join("".join(d.split()) for d in drawn)
    for hostile in HOSTILE:
        assert "".join(hostile.split()) in everything, hostile
    # The very long word is cut to fit its box: no line is wider than its box.
    for figure in figures:
        renderer = figure.canvas.get_renderer()
        for ax in figure.axes:
            for patch, text in diagrams.boxes_and_texts(ax):
                box = patch.get_window_extent(renderer)
                extent = text.get_window_extent(renderer)
                assert extent.x0 >= box.x0 - 1 and extent.x1 <= box.x1 + 1, text.get_text()


def test_pictures_are_the_same_bytes_every_time() -> None:
    from generator.export import diagrams

    first = [diagrams.png(f) for f in diagrams.program_figures(example(), "id")]
    second = [diagrams.png(f) for f in diagrams.program_figures(example(), "id")]
    assert first == second
    assert all(len(data) < 400_000 for data in first)


def test_fonts_are_at_least_8_pt_on_paper() -> None:
    from generator.export import diagrams

    for lang in LANGS:
        for figure in diagrams.program_figures(example(), lang):
            width_cm = figure.get_figwidth() * 2.54
            scale = min(1.0, 16.0 / width_cm)  # the Word file shows it at most 16 cm wide
            for ax in figure.axes:
                for t in ax.texts:
                    assert t.get_fontsize() * scale >= 8 - 1e-6, t.get_text()


def test_stakeholders_are_plotted_by_name_where_the_view_puts_them() -> None:
    from generator.core.views import program_views
    from generator.export import diagrams

    program = example()
    view = program_views(program).stakeholders
    figure = diagrams.program_figures(program, "id")[1]
    (ax,) = figure.axes
    texts = " ".join(" ".join(t.get_text().split()) for t in ax.texts)
    for s in program.stakeholders:
        assert " ".join(str(s.name).split()) in texts
    points = sorted(
        (round(x, 2), round(y, 2))
        for line in ax.lines
        for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True)
    )
    assert points == sorted((p.x, p.y) for p in view.points)
