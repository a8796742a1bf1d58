"""The progress report in Word, Excel and Markdown: the figures of contract §3 read back from the
real files as the contract writes them, the workbook as LibreOffice recalculates it, hostile
monitoring text kept literal, and the files `daya generate` writes."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from generator.core.documents import RenderOptions, render_documents
from generator.core.i18n import translations
from generator.core.labels import label_text
from generator.core.monitoring.progress import rounded
from generator.core.views import shown
from generator.export import export_files
from generator.project import CheckedProgram, check_file, known_method_ids
from tests.conftest import EXAMPLE, REPO, daya
from tests.test_export import needs_libreoffice, recalculated

AS_OF = dt.date(2026, 12, 31)
LANGS = ["id", "en"]
PERCENT = {"OC1.1", "OP1.2.1", "OC2.1"}

# Contract §3, as of 2026-12-31: value to date (with its counts), due target and its date,
# achievement and status. Numbers are written the English way; `localised` writes them the
# way the contract says each language shows them.
INDICATORS = {
    "G1": ("52", None, "50", dt.date(2026, 12, 31), "85.7", "on-track"),
    "OC1.1": ("58.5", "117/200", "60", dt.date(2026, 12, 31), "94.0", "on-track"),
    "OP1.1.1": ("187", None, "200", dt.date(2026, 12, 31), "93.5", "on-track"),
    "OP2.1.1": ("17", None, "16", dt.date(2026, 6, 30), "106.3", "achieved"),
    "OP1.2.1": ("62", "93/150", "80", dt.date(2027, 12, 31), "77.5", "not-due"),
    "OC2.1": ("52", "104/200", "75", dt.date(2027, 12, 31), "32.4", "not-due"),
}
STATUS_WORDS = {
    "id": {"achieved": "Tercapai", "on-track": "Sesuai rencana", "not-due": "Belum jatuh tempo"},
    "en": {"achieved": "Achieved", "on-track": "On track", "not-due": "Not due yet"},
}
DATES = {
    "id": {
        dt.date(2026, 12, 31): "31 Desember 2026",
        dt.date(2026, 6, 30): "30 Juni 2026",
        dt.date(2027, 12, 31): "31 Desember 2027",
    },
    "en": {
        dt.date(2026, 12, 31): "31 December 2026",
        dt.date(2026, 6, 30): "30 June 2026",
        dt.date(2027, 12, 31): "31 December 2027",
    },
}
STATUS_COUNTS = {
    "id": "1 Tercapai · 3 Sesuai rencana · 2 Belum jatuh tempo",
    "en": "1 Achieved · 3 On track · 2 Not due yet",
}
ACTIVITY_COUNTS = {"id": "2 selesai · 3 sedang berjalan", "en": "2 done · 3 in progress"}
NONE_LATE = {"id": "tidak ada", "en": "none"}
ACTIVITY_STATUS = {"id": {"Selesai": 2, "Sedang berjalan": 3}, "en": {"Done": 2, "In progress": 3}}
TOTAL = (776_700_000, 1_000_000_000, "77.7")
ELAPSED = "50.0"
FUNDERS = {"csr": (639_700_000, "75.3"), "dana-desa": (137_000_000, "91.3")}
CATEGORIES = {
    "services": "96.9",
    "materials": "91.3",
    "works": "99.2",
    "personnel": "50.0",
    "training": "68.8",
    "monitoring": "50.0",
    "overhead": "50.0",
}
ACTIVITIES = {
    "A1.1.1": "96.9",
    "A1.1.2": "92.8",
    "A1.2.1": "50.0",
    "A2.1.1": "100.0",
    "A2.1.2": "31.8",
    "": "50.0",  # the lines without an activity
}


def localised(number: str, lang: str) -> str:
    """`58.5` as the contract writes it: `58,5` in Indonesian."""
    return number.replace(".", ",") if lang == "id" else number


def share(number: str, lang: str) -> str:
    return f"{localised(number, lang)} %"


def money(amount: int, lang: str) -> str:
    """`Rp776.700.000` / `IDR 776,700,000`."""
    return f"Rp{amount:,}".replace(",", ".") if lang == "id" else f"IDR {amount:,}"


def shown_value(code: str, lang: str) -> str:
    value, counts, *_ = INDICATORS[code]
    text = localised(value, lang) + (" %" if code in PERCENT else "")
    return f"{text} ({counts})" if counts else text


def shown_target(code: str, lang: str) -> str:
    _, _, target, date, *_ = INDICATORS[code]
    return f"{target}{' %' if code in PERCENT else ''} ({DATES[lang][date]})"


def plain(text: str) -> str:
    """Text as a reader sees it: no-break spaces as spaces, lines joined, no HTML tags."""
    text = re.sub(r"<[^>]+>", "", text.replace("\u00a0", " "))
    return " ".join(text.split())


@cache
def example() -> CheckedProgram:
    checked = check_file(EXAMPLE, known_method_ids(REPO), as_of=AS_OF)
    assert checked.loaded is not None and checked.monitoring is not None
    return checked


@cache
def progress_files(lang: str) -> dict[str, bytes]:
    checked = example()
    assert checked.loaded is not None
    files = export_files(checked.loaded.program, lang, monitoring=checked.monitoring)
    suffix = {"id": ("laporan-kemajuan", "kemajuan"), "en": ("progress-report", "progress")}
    word, excel = suffix[lang]
    return {
        "docx": files[f"air-bersih-sukamaju-{word}.docx"],
        "xlsx": files[f"air-bersih-sukamaju-{excel}.xlsx"],
    }


def names(lang: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The names the report gives funders, categories and activities (keys of contract §3)."""
    checked = example()
    assert checked.loaded is not None
    program = checked.loaded.program
    gettext = translations(lang).gettext
    funders = {f.id: shown(program, f.name, lang).text for f in program.funding}
    categories = {c: label_text("category", c, gettext) for c in CATEGORIES}
    activities = {
        a.id: f"{a.id} {shown(program, a.title, lang).text}" for a in program.results.activities()
    }
    activities[""] = gettext("Shared costs")
    return funders, categories, activities


# --- Reading the figures back from each file ---------------------------------------------------


def word_tables(data: bytes) -> list[list[list[str]]]:
    document = Document(io.BytesIO(data))
    return [
        [
            [plain("\n".join(p.text for p in cell.paragraphs)) for cell in row.cells]
            for row in t.rows
        ]
        for t in document.tables
    ]


def markdown_tables(text: str) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [plain(c.replace("**", "")) for c in line.strip("|").split(" | ")]
            if not previous.startswith("|"):
                tables.append([])
            if not set(line) <= set("|-: "):
                tables[-1].append(cells)
        previous = line
    return tables


def table_with(tables: list[list[list[str]]], *headers: str) -> list[list[str]]:
    """The first table whose header row starts with `headers`."""
    return next(t for t in tables if tuple(t[0][: len(headers)]) == headers)


def check_report_tables(tables: list[list[list[str]]], lang: str) -> None:
    """Every figure of contract §3 in the tables of the Word or Markdown report."""
    _ = translations(lang).gettext
    summary = {row[0]: row[1] for row in table_with(tables, _("Item"))[1:]}
    assert summary[_("Indicators")] == STATUS_COUNTS[lang]
    realised, planned, absorbed = TOTAL
    assert summary[_("Budget absorbed")] == (
        f"{share(absorbed, lang)} ({money(realised, lang)} {_('of')} {money(planned, lang)})"
    )
    assert summary[_("Time elapsed")] == share(ELAPSED, lang)
    assert summary[_("Activities")] == ACTIVITY_COUNTS[lang]
    assert summary[_("Late activities")] == NONE_LATE[lang]

    indicators = table_with(tables, _("Code"), _("Indicator"))
    header = indicators[0]
    found = {
        row[0]: {name: row[header.index(_(name))] for name in ("Value to date", "Target")}
        | {"achievement": row[header.index(_("Achievement"))], "status": row[-1]}
        for row in indicators[1:]
    }
    for code, (*_ignored, achievement, status) in INDICATORS.items():
        assert found[code] == {
            "Value to date": shown_value(code, lang),
            "Target": shown_target(code, lang),
            "achievement": share(achievement, lang),
            "status": STATUS_WORDS[lang][status],
        }, code

    funders, categories, activities = names(lang)
    by_funder = {r[0]: r[1:] for r in table_with(tables, _("Funder"), _("Planned"))[1:]}
    for funder, (amount, absorption) in FUNDERS.items():
        assert by_funder[funders[funder]][1:] == [money(amount, lang), share(absorption, lang)]
    assert by_funder[_("Total")] == [
        money(planned, lang),
        money(realised, lang),
        share(absorbed, lang),
    ]
    by_category = {r[0]: r[-1] for r in table_with(tables, _("Category"), _("Planned"))[1:]}
    assert by_category == {categories[c]: share(s, lang) for c, s in CATEGORIES.items()}
    by_activity = {
        r[0]: r[-1] for r in table_with(tables, _("Activity"), _("Planned"), _("Realised"))[1:]
    }
    assert by_activity == {activities[a]: share(s, lang) for a, s in ACTIVITIES.items()}
    statuses = table_with(tables, _("Activity"), _("Planned"), _("Status"))
    assert Counter(row[2] for row in statuses[1:]) == ACTIVITY_STATUS[lang]  # none late


@pytest.mark.parametrize("lang", LANGS)
def test_the_word_report_shows_the_contract_figures(lang: str) -> None:
    check_report_tables(word_tables(progress_files(lang)["docx"]), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_markdown_report_shows_the_contract_figures(lang: str) -> None:
    checked = example()
    assert checked.loaded is not None
    documents = render_documents(
        checked.loaded.program, RenderOptions(lang=lang), monitoring=checked.monitoring
    )
    check_report_tables(markdown_tables(documents["progress.md"]), lang)


def percent_of(value: float | int) -> str:
    """A ratio a cell holds as the report shows it, one decimal (0.7767 → `77.7`)."""
    return str(rounded(Decimal(str(value)) * 100, 1))


def check_iptt(workbook: openpyxl.Workbook, lang: str) -> None:
    gettext = translations(lang).gettext
    ws = workbook[label_text("sheet", "iptt", gettext)]
    header = [c.value for c in ws[3]]
    rows = {row[0]: row for row in ws.iter_rows(min_row=4, values_only=True)}

    def column(name: str, row: tuple[object, ...]) -> object:
        return row[header.index(name)]

    statuses = []
    for code, (value, counts, target, date, achievement, status) in INDICATORS.items():
        row = rows[code]
        assert column(gettext("Value to date"), row) == Decimal(value), code
        assert column(gettext("Counts"), row) == counts, code
        assert column(gettext("Due target"), row) == Decimal(target), code
        assert column(gettext("Target date"), row) == dt.datetime.combine(date, dt.time()), code
        assert percent_of(column(gettext("Achievement"), row)) == achievement, code  # type: ignore[arg-type]
        assert column(gettext("Status"), row) == STATUS_WORDS[lang][status], code
        statuses.append(column(gettext("Status"), row))
    words = STATUS_WORDS[lang]
    assert Counter(statuses) == {words["achieved"]: 1, words["on-track"]: 3, words["not-due"]: 2}
    # A period column pair per date where any indicator reports or has a target.
    periods = [h for h in header if h and str(h).endswith("\n" + gettext("Target"))]
    assert len(periods) == 6


def check_realisation(workbook: openpyxl.Workbook, lang: str) -> None:
    """The figures the realisation sheet's formulas give (after a spreadsheet computed them)."""
    gettext = translations(lang).gettext
    ws = workbook[label_text("sheet", "realisation", gettext)]
    titles = {gettext("By funder"): "funder", gettext("By category"): "category"}
    titles[gettext("By activity")] = "activity"
    groups: dict[str, list[tuple[object, ...]]] = {}
    for row in ws.iter_rows(min_row=4, values_only=True):
        if row[1] in titles:
            current = groups.setdefault(titles[str(row[1])], [])
        elif groups and row[1] not in (None, gettext("Name")):
            current.append(row)
    funders, categories, _activities = names(lang)
    by_funder = {r[1]: r for r in groups["funder"]}
    for funder, (amount, absorption) in FUNDERS.items():
        row = by_funder[funders[funder]]
        assert (row[6], percent_of(row[7])) == (amount, absorption)  # type: ignore[arg-type]
    total = by_funder[gettext("Total")]
    assert (total[6], total[5], percent_of(total[7])) == TOTAL  # type: ignore[arg-type]
    by_category = {r[1]: percent_of(r[7]) for r in groups["category"]}  # type: ignore[arg-type]
    assert by_category == {categories[c]: s for c, s in CATEGORIES.items()} | {
        gettext("Total"): TOTAL[2]
    }
    for group in ("category", "activity"):  # each group's lines add up to the whole budget
        (total,) = [r for r in groups[group] if r[1] == gettext("Total")]
        assert (total[6], total[5]) == TOTAL[:2], group
    shared = gettext("Shared costs")
    by_activity = {
        "" if r[0] == shared else r[0]: percent_of(r[7])  # type: ignore[arg-type]
        for r in groups["activity"]
        if r[0] is not None
    }
    assert by_activity == ACTIVITIES
    ((sheet, cell),) = workbook.defined_names["TimeElapsed"].destinations
    assert percent_of(workbook[sheet][cell.replace("$", "")].value) == ELAPSED


def check_activities(workbook: openpyxl.Workbook, lang: str) -> None:
    gettext = translations(lang).gettext
    ws = workbook[label_text("sheet", "activity-status", gettext)]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert Counter(row[4] for row in rows) == ACTIVITY_STATUS[lang]
    assert [row[5] for row in rows] == [None] * 5  # none late, none not started


@pytest.mark.parametrize("lang", LANGS)
def test_the_workbook_holds_the_contract_figures(lang: str) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(progress_files(lang)["xlsx"]))
    check_iptt(workbook, lang)
    check_activities(workbook, lang)
    ws = workbook[label_text("sheet", "realisation", translations(lang).gettext)]
    formulas = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(f.startswith("=SUMIF(") for f in formulas)
    assert any(f.startswith("=SUMPRODUCT(") for f in formulas)  # funders, by name
    assert ws._charts, "a native chart of absorption"
    charts = workbook[label_text("sheet", "indicator-charts", translations(lang).gettext)]
    assert len(charts._charts) == 6  # one per number or percentage indicator


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.parametrize("lang", LANGS)
def test_libreoffice_recalculates_the_realisation_to_the_contract_figures(
    tmp_path: Path, lang: str
) -> None:
    workbook = recalculated(progress_files(lang)["xlsx"], tmp_path)
    check_realisation(workbook, lang)
    check_iptt(workbook, lang)


def test_progress_files_are_identical_on_every_run() -> None:
    checked = example()
    assert checked.loaded is not None
    again = export_files(checked.loaded.program, "id", monitoring=checked.monitoring)
    assert set(progress_files("id").values()) <= set(again.values())


# --- Hostile monitoring text -----------------------------------------------------------------

HOSTILE_NARRATIVE = """\
## Judul <script>alert(1)</script>

Teks **tebal** dan {{ 7*7 }} dan <b>tag</b>.

- butir =HYPERLINK("http://contoh.invalid","klik")
"""
INJECTION = '=HYPERLINK("http://contoh.invalid","klik")'


def hostile_example(tmp_path: Path) -> CheckedProgram:
    """The example with a narrative and an activity note full of markup and a formula, and a
    value without a source (a data-quality warning)."""
    folder = tmp_path / "air-bersih-sukamaju"
    shutil.copytree(EXAMPLE.parent, folder)
    monitoring = folder / "monitoring"
    (monitoring / "narrative" / "2026-12-31.md").write_text(HOSTILE_NARRATIVE, encoding="utf-8")
    with (monitoring / "activities.csv").open("a", encoding="utf-8") as handle:
        handle.write(f'A1.2.1,2026-12-30,in-progress,"{INJECTION.replace(chr(34), chr(34) * 2)}"\n')
    results = (monitoring / "results.csv").read_text(encoding="utf-8").splitlines()
    first = results[1].split(",")
    first[6] = ""  # no source: D603
    results[1] = ",".join(first)
    (monitoring / "results.csv").write_text("\n".join(results) + "\n", encoding="utf-8")
    checked = check_file(folder / "program.yaml", known_method_ids(REPO), as_of=AS_OF)
    assert checked.loaded is not None and not checked.errors, checked.problems
    return checked


def test_hostile_monitoring_text_is_shown_as_text_in_word(tmp_path: Path) -> None:
    checked = hostile_example(tmp_path)
    assert checked.loaded is not None
    files = export_files(
        checked.loaded.program, "id", formats=("docx",), monitoring=checked.monitoring
    )
    document = Document(io.BytesIO(files["air-bersih-sukamaju-laporan-kemajuan.docx"]))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 2", "Judul <script>alert(1)</script>") in paragraphs
    assert ("Normal", "Teks **tebal** dan {{ 7*7 }} dan <b>tag</b>.") in paragraphs
    assert ("List Bullet", f"butir {INJECTION}") in paragraphs
    assert not any("49" in text for _, text in paragraphs if "Teks" in text)
    tables = word_tables(files["air-bersih-sukamaju-laporan-kemajuan.docx"])
    statuses = table_with(tables, "Kegiatan", "Direncanakan", "Status")
    assert [row[-1] for row in statuses if row[0].startswith("A1.2.1")] == [INJECTION]
    quality = {row[0]: row[1] for row in table_with(tables, "Kode", "Hal yang perlu diperiksa")[1:]}
    assert quality == {"D603": "Nilai tanpa sumber (monitoring/results.csv, baris 2)"}


def test_hostile_monitoring_text_is_a_text_cell_in_excel(tmp_path: Path) -> None:
    checked = hostile_example(tmp_path)
    assert checked.loaded is not None
    files = export_files(
        checked.loaded.program, "id", formats=("xlsx",), monitoring=checked.monitoring
    )
    data = files["air-bersih-sukamaju-kemajuan.xlsx"]
    ws = openpyxl.load_workbook(io.BytesIO(data))["Status kegiatan"]
    (cell,) = [c for row in ws.iter_rows() for c in row if c.value == INJECTION]
    assert cell.data_type == "s" and cell.quotePrefix


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_keeps_the_injected_note_as_text(tmp_path: Path) -> None:
    checked = hostile_example(tmp_path / "program")
    assert checked.loaded is not None
    files = export_files(
        checked.loaded.program, "id", formats=("xlsx",), monitoring=checked.monitoring
    )
    workbook = recalculated(files["air-bersih-sukamaju-kemajuan.xlsx"], tmp_path)
    notes = [row[7] for row in workbook["Status kegiatan"].iter_rows(min_row=4, values_only=True)]
    assert INJECTION in notes


# --- What `daya generate` writes --------------------------------------------------------------


def test_generate_writes_no_progress_file_for_a_program_without_monitoring(
    tmp_path: Path,
) -> None:
    """The plan-only example writes what it wrote before monitoring existed (the example with
    its monitoring files writes both progress files: tests/test_export.py)."""
    plan_only = tmp_path / "air-bersih-sukamaju" / "program.yaml"
    plan_only.parent.mkdir()
    shutil.copy(REPO / "tests" / "golden" / "plan-only" / "program.yaml", plan_only)
    result = daya("generate", str(plan_only), "--out", str(tmp_path / "out"), cwd=REPO)
    assert result.returncode == 0, result.stderr
    written = {p.name for p in (tmp_path / "out" / "air-bersih-sukamaju").iterdir()}
    assert {n for n in written if not n.endswith(".md")} == {
        ".daya-source",
        "air-bersih-sukamaju-kak.docx",
        "air-bersih-sukamaju-rencana.xlsx",
    }
    assert "progress.md" not in written
