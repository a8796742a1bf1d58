"""Forms from the indicators (`daya form`) and exports imported as results (`daya import`):
real pyxform conversions, real export shapes (KoboToolbox `;` CSV with group paths, ODK
Central `,` CSV and ZIP with `-` paths, XLSX), figures counted by hand."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from generator.core.forms import form_views
from generator.core.load import load_program
from generator.export.xlsform import validate_xlsform, xlsform_bytes
from generator.project import check_file
from tests.conftest import EXAMPLE, REPO, daya

PROGRAMS = sorted((REPO / "programs").glob("*/program.yaml"))
RESULTS = "programs/air-bersih-sukamaju/monitoring/results.csv"


# --- Forms -------------------------------------------------------------------------------------


def test_every_shipped_form_converts_with_pyxform() -> None:
    views = [v for path in PROGRAMS for v in form_views(load_program(path).program)]
    assert views, "no shipped program has a form"
    for view in views:
        assert validate_xlsform(xlsform_bytes(view), odk_validate=False) == [], view.form_id


def test_daya_form_writes_a_form_in_both_languages(tmp_path: Path) -> None:
    result = daya("form", str(EXAMPLE.parent), "--out", str(tmp_path), cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    path = tmp_path / "air-bersih-sukamaju" / "survei-rt.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey = [[c.value or "" for c in row] for row in book["survey"].iter_rows()]
    header = survey[0]
    assert header[:4] == ["type", "name", "label::Indonesian (id)", "label::English (en)"]
    rows = {row[1]: dict(zip(header, row, strict=True)) for row in survey[1:]}
    assert list(rows) == [
        "consent",
        "interview_date",
        "enumerator",
        "sex_of_household_head",
        "hamlet",
        "air_layak",
        "jamban_sehat",
    ]
    consent = rows["consent"]
    assert consent["type"] == "select_one yes_no"
    assert "bersedia diwawancarai" in consent["label::Indonesian (id)"]
    assert "agree to be interviewed" in consent["label::English (en)"]
    assert rows["air_layak"]["label::English (en)"].startswith("Is this household's main")
    assert rows["air_layak"]["hint::Indonesian (id)"].startswith("OC1.1: Persentase")
    assert rows["air_layak"]["instance::daya_indicator"] == "OC1.1"
    assert all(r["relevant"] == "${consent} = 'yes'" for n, r in rows.items() if n != "consent")
    choices = [[c.value for c in row] for row in book["choices"].iter_rows(min_row=2)]
    assert ["yes_no", "yes", "Ya", "Yes"] in choices
    assert ["hamlet", "babakan", "Dusun Babakan", "Dusun Babakan"] in choices
    assert ["sex_of_household_head", "female", "Perempuan", "Female"] in choices
    settings = [c.value for c in next(book["settings"].iter_rows(min_row=2))]
    assert settings[1] == "air-bersih-sukamaju-survei-rt"
    assert settings[3] == "Indonesian (id)"
    again = tmp_path / "again"
    daya("form", str(EXAMPLE.parent), "--out", str(again), cwd=REPO)
    assert (again / "air-bersih-sukamaju" / "survei-rt.xlsx").read_bytes() == path.read_bytes()


# --- Exports in the shapes KoboToolbox and ODK Central write -----------------------------------

HAMLETS = ["cikoneng", "sukamanah", "babakan", "pasirwangi"]


def submission_table(count: int = 200, start: str = "2027-0") -> list[dict[str, str]]:
    """`count` households: hamlet by turn; household head female every 5th; improved water
    for households whose number n (from 0) has n % 10 < 6 except in Babakan (n % 10 < 4);
    a latrine when n % 4 != 0. Dates spread over January to June 2027."""
    rows = []
    for n in range(count):
        hamlet = HAMLETS[n % 4]
        water = n % 10 < (4 if hamlet == "babakan" else 6)
        rows.append(
            {
                "consent": "yes",
                "interview_date": f"{start}{1 + n % 6}-{1 + n % 28:02d}",
                "enumerator": f"Enumerator {n % 3}",
                "sex_of_household_head": "female" if n % 5 == 0 else "male",
                "hamlet": hamlet,
                "air_layak": "yes" if water else "no",
                "jamban_sehat": "yes" if n % 4 else "no",
                "uuid": f"uuid-{n:04d}",
            }
        )
    return rows


def expected_rows(rows: list[dict[str, str]], source: str) -> list[list[str]]:
    """The rows of results.csv for these submissions, counted here by hand (loops, no Daya)."""
    out = []
    collected = max(r["interview_date"] for r in rows)
    for indicator, field, dims in [
        (
            "OC1.1",
            "air_layak",
            [("sex-of-household-head", ["female", "male"]), ("hamlet", HAMLETS)],
        ),
        ("OC2.1", "jamban_sehat", [("hamlet", HAMLETS)]),
    ]:
        groups = [("", rows)]
        for dim, cats in dims:
            key = dim.replace("-", "_")
            groups += [(f"{dim}={c}", [r for r in rows if r[key] == c]) for c in cats]
        for split, group in groups:
            if not group:
                continue
            yes = sum(r[field] == "yes" for r in group)
            share = round(1000 * yes / len(group))  # tenths of a percent; no .x5 ties here
            value = f"{share // 10}.{share % 10}".removesuffix(".0")
            out.append(
                [
                    indicator,
                    "2027-06-30",
                    split,
                    value,
                    str(yes),
                    str(len(group)),
                    source,
                    collected,
                    "",
                ]
            )
    return out


def kobo_csv(rows: list[dict[str, str]], extra: list[dict[str, str]] | None = None) -> bytes:
    """KoboToolbox: `;`, every value quoted, CRLF, group paths with `/`, metadata at the end,
    a select_multiple the form does not have split into 0/1 columns (to be ignored)."""
    header = [
        "start",
        "rt/consent",
        "rt/interview_date",
        "rt/enumerator",
        "rt/sex_of_household_head",
        "rt/hamlet",
        "rt/air_layak",
        "rt/jamban_sehat",
        "rt/sumber",
        "rt/sumber/pipa",
        "rt/sumber/sumur",
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_index",
    ]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for n, r in enumerate(rows + (extra or [])):
        writer.writerow(
            [
                "2027-01-01T08:00:00",
                r["consent"],
                r["interview_date"],
                r["enumerator"],
                r["sex_of_household_head"],
                r["hamlet"],
                r["air_layak"],
                r["jamban_sehat"],
                "pipa",
                "1",
                "0",
                str(n),
                r["uuid"],
                "2027-07-01T01:00:00",
                r.get("status", ""),
                str(n),
            ]
        )
    return out.getvalue().encode("utf-8")


def central_csv(rows: list[dict[str, str]], extra: list[dict[str, str]] | None = None) -> bytes:
    """ODK Central: `,`, group paths with `-`, SubmissionDate first, KEY and ReviewState."""
    header = [
        "SubmissionDate",
        "rt-consent",
        "rt-interview_date",
        "rt-enumerator",
        "rt-sex_of_household_head",
        "rt-hamlet",
        "rt-air_layak",
        "rt-jamban_sehat",
        "meta-instanceID",
        "KEY",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for r in rows + (extra or []):
        key = f"uuid:{r['uuid']}"
        writer.writerow(
            [
                "2027-07-01T01:00:00.000Z",
                r["consent"],
                r["interview_date"],
                r["enumerator"],
                r["sex_of_household_head"],
                r["hamlet"],
                r["air_layak"],
                r["jamban_sehat"],
                key,
                key,
                "5",
                "Rina",
                "0",
                "0",
                "",
                r.get("status", ""),
                "collect:abc",
                "0",
                "8b96de56dd6f",
            ]
        )
    return out.getvalue().encode("utf-8")


def xlsx_export(rows: list[dict[str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "consent",
            "interview_date",
            "enumerator",
            "sex_of_household_head",
            "hamlet",
            "air_layak",
            "jamban_sehat",
            "_uuid",
            "_validation_status",
        ]
    )
    import datetime as dt

    for r in rows:
        sheet.append(
            [
                r["consent"],
                dt.datetime.fromisoformat(r["interview_date"]),
                r["enumerator"],
                r["sex_of_household_head"],
                r["hamlet"],
                r["air_layak"],
                r["jamban_sehat"],
                r["uuid"],
                "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example with its monitoring (results up to 2026-12-31), and what the
    team recorded by hand up to mid-2027 (so the check at 2027-06-30 has nothing to say)."""
    folder = tmp_path / "programs" / "air-bersih-sukamaju"
    shutil.copytree(EXAMPLE.parent, folder)
    with (folder / "monitoring" / "activities.csv").open("a", encoding="utf-8") as handle:
        handle.write("A1.1.2,2027-01-31,done,\nA1.2.1,2027-03-31,done,\n")
    with (folder / "monitoring" / "results.csv").open("a", encoding="utf-8") as handle:
        handle.write("OP1.1.1,2027-06-30,,312,,,Berita acara uji fungsi triwulan II 2027,,\n")
    (tmp_path / "exports").mkdir()
    return tmp_path


def run_import(project: Path, name: str, data: bytes, *more: str):  # type: ignore[no-untyped-def]
    (project / "exports" / name).write_bytes(data)
    return daya(
        "import",
        f"exports/{name}",
        "--program",
        "programs/air-bersih-sukamaju",
        "--form",
        "survei-rt",
        "--period-end",
        "2027-06-30",
        *more,
        cwd=project,
    )


def new_rows(project: Path) -> list[list[str]]:
    """The rows an import wrote (the survey's indicators on 2027-06-30)."""
    with (project / RESULTS).open(encoding="utf-8", newline="") as handle:
        return [
            row
            for row in csv.reader(handle)
            if row and row[1] == "2027-06-30" and row[0] in ("OC1.1", "OC2.1")
        ]


def odd_submissions() -> list[dict[str, str]]:
    """A duplicate upload, a rejected one, one without consent, one dated before the period,
    and one on hold (counted)."""
    base = submission_table(5)
    return [
        {**base[1]},  # the same uuid again: counted once
        {**base[2], "uuid": "uuid-r", "status": "validation_status_not_approved"},
        {**base[3], "uuid": "uuid-c", "consent": "no"},
        {**base[4], "uuid": "uuid-o", "interview_date": "2026-12-31"},
    ]


def test_kobo_csv_import_counts_by_hand(project: Path) -> None:
    rows = submission_table()
    before = (project / RESULTS).read_bytes()
    result = run_import(project, "kobo.csv", kobo_csv(rows, odd_submissions()))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "204 submissions read, 200 used" in result.stdout
    for reason in (
        "duplicate: 1",
        "rejected (not approved): 1",
        "no consent: 1",
        "outside the period: 1",
    ):
        assert f"skipped, {reason}" in result.stdout
    assert new_rows(project) == expected_rows(rows, "kobo.csv (n=200)")
    assert (project / RESULTS).read_bytes().startswith(before)  # earlier rows untouched
    check = daya("check", "--strict", "programs", cwd=project)
    assert check.returncode == 0, check.stdout


def test_central_csv_and_zip_import_the_same_rows(project: Path) -> None:
    rows = submission_table()
    before = (project / RESULTS).read_bytes()
    held = {**submission_table(7)[6], "uuid": "uuid-h", "status": "hasIssues"}
    result = run_import(project, "central.csv", central_csv(rows, [held, {**rows[0]}]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "202 submissions read, 201 used" in result.stdout  # the held one counts
    assert "marked for review (1): uuid:uuid-h (hasIssues)" in result.stdout
    assert new_rows(project) == expected_rows([*rows, held], "central.csv (n=201)")
    (project / RESULTS).write_bytes(before)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("air-bersih-sukamaju-survei-rt.csv", central_csv(rows))
        zipped.writestr("air-bersih-sukamaju-survei-rt-anggota.csv", "KEY,PARENT_KEY\n")
    result = run_import(project, "central.zip", archive.getvalue())
    assert result.returncode == 0, result.stdout + result.stderr
    assert new_rows(project) == expected_rows(rows, "central.zip (n=200)")


def test_xlsx_import(project: Path) -> None:
    rows = submission_table(40)
    result = run_import(project, "kobo.xlsx", xlsx_export(rows))
    assert result.returncode == 0, result.stdout + result.stderr
    assert new_rows(project) == expected_rows(rows, "kobo.xlsx (n=40)")


def test_rows_are_not_overwritten_without_replace(project: Path) -> None:
    rows = submission_table(20)
    assert run_import(project, "a.csv", kobo_csv(rows)).returncode == 0
    after_first = (project / RESULTS).read_bytes()
    again = run_import(project, "b.csv", kobo_csv(submission_table(40)))
    assert again.returncode == 1
    assert "Use --replace" in again.stdout + again.stderr
    assert (project / RESULTS).read_bytes() == after_first
    replaced = run_import(project, "b.csv", kobo_csv(submission_table(40)), "--replace")
    assert replaced.returncode == 0, replaced.stdout + replaced.stderr
    assert new_rows(project) == expected_rows(submission_table(40), "b.csv (n=40)")


def labelled_kobo() -> bytes:
    text = kobo_csv(submission_table(3)).decode()
    return text.replace(
        '"rt/air_layak"',
        '"Rumah tangga/Apakah sumber air minum utama rumah '
        'tangga ini layak (ledeng, sumur terlindung atau mata air terlindung)?"',
    ).encode()


BAD_EXPORTS = [
    (
        "label headers",
        "labels.csv",
        labelled_kobo(),
        "has the questions' labels as column headers; download the export again with \"XML "
        'values and headers"',
    ),
    (
        "another form",
        "other.csv",
        b'_uuid;nama;umur\n"a";"Budi";"40"\n',
        "is not an export of the form survei-rt",
    ),
    (
        "unknown choice",
        "choice.csv",
        kobo_csv(submission_table(3)).replace(b'"yes";"2027', b'"ya";"2027', 1),
        "line 2: 'ya' is not a choice of consent (no, yes)",
    ),
    ("empty file", "empty.csv", b"", "is empty"),
    (
        "broken encoding",
        "latin1.csv",
        "consent;catatan\nyes;caf\xe9\n".encode("latin-1"),
        "is not UTF-8 text",
    ),
    (
        "a missing field",
        "missing.csv",
        kobo_csv(submission_table(3)).replace(b'"rt/jamban_sehat"', b'"rt/jamban"'),
        "has no column for jamban_sehat",
    ),
]


@pytest.mark.parametrize(
    ("case", "name", "data", "message"), BAD_EXPORTS, ids=[c[0] for c in BAD_EXPORTS]
)
def test_a_bad_export_is_refused_and_results_stay_as_they_were(
    project: Path, case: str, name: str, data: bytes, message: str
) -> None:
    before = (project / RESULTS).read_bytes()
    result = run_import(project, name, data)
    assert result.returncode == 1
    said = (result.stdout + result.stderr).strip().splitlines()
    assert len(said) == 1 and message in said[0], said
    assert "Traceback" not in result.stderr
    assert (project / RESULTS).read_bytes() == before


def test_round_trip_form_export_import_report(project: Path) -> None:
    """The example's form → 200 synthetic submissions → import → a clean check → the progress
    report as of 2027-06-30 shows the imported values."""
    form = daya("form", "programs/air-bersih-sukamaju", "--out", "build/forms", cwd=project)
    assert form.returncode == 0, form.stdout
    book = load_workbook(project / "build/forms/air-bersih-sukamaju/survei-rt.xlsx")
    fields = [row[1].value for row in book["survey"].iter_rows(min_row=2)]
    rows = submission_table()
    assert set(fields) <= set(rows[0])  # the export answers every question of the form
    assert run_import(project, "kobo.csv", kobo_csv(rows)).returncode == 0
    assert daya("check", "--strict", "programs", cwd=project).returncode == 0
    generate = daya(
        "generate",
        "programs",
        "--out",
        "build/docs",
        "--format",
        "md",
        "--as-of",
        "2027-06-30",
        cwd=project,
    )
    assert generate.returncode == 0, generate.stdout + generate.stderr
    report = (project / "build/docs/air-bersih-sukamaju/progress.md").read_text()
    report = report.replace("\u00a0", " ")  # a no-break space keeps "80,0 %" on one line
    water = next(r for r in expected_rows(rows, "") if r[0] == "OC1.1" and not r[2])
    assert water[3:6] == ["55", "110", "200"]
    assert (
        "| OC1.1 | Persentase rumah tangga dengan akses air minum layak | 35 % | 60 % (31 "
        "Desember 2026) | 55 % (110/200) | 80,0 % |"
    ) in report
    check = check_file(project / "programs/air-bersih-sukamaju/program.yaml", None)
    assert check.monitoring is not None and check.monitoring.progress is not None
    assert check.monitoring.progress.as_of.isoformat() == "2027-06-30"


# --- Checks of forms and collect (D2xx) ---------------------------------------------------------

Y = "programs/air-bersih-sukamaju/program.yaml"
FORM_CASES = [
    (
        "unknown form",
        "            form: survei-rt\n            field: jamban_sehat",
        "            form: survei-kk\n            field: jamban_sehat",
        f"{Y}:242:19: error[D201] no form 'survei-kk' under forms:; add it there or use one "
        "of: survei-rt",
    ),
    (
        "duplicate field",
        "            field: jamban_sehat",
        "            field: air_layak",
        f"{Y}:243:20: error[D202] the form 'survei-rt' already asks 'air_layak' for OC1.1; "
        "give each question its own field name",
    ),
    (
        "a field named like the form's own questions",
        "            field: jamban_sehat",
        "            field: hamlet",
        f"{Y}:243:20: error[D203] 'hamlet' is the name of one of the form's own questions; "
        "choose another field name",
    ),
    (
        "a field name XLSForm refuses",
        "            field: jamban_sehat",
        "            field: Jamban-Sehat",
        f"{Y}:243:20: error[D024] 'Jamban-Sehat' is not a valid value for "
        "results.outcomes[1].indicators[0].collect.field: use a form field name: a lowercase "
        "letter, then lowercase letters, digits or _ (at most 32), e.g. air_layak",
    ),
    (
        "share-yes on a number indicator",
        '          measure: percentage\n          unit: "%"\n          direction: increase\n'
        "          baseline: {value: 41",
        '          measure: number\n          unit: "%"\n          direction: increase\n'
        "          baseline: {value: 41",
        f"{Y}:248:20: error[D205] share-yes makes a percentage, but OC2.1 is a number; use "
        "sum, mean or count",
    ),
    (
        "a percentage not collected as share-yes",
        "            type: yes-no\n            value: share-yes\n        - id: OC2.2",
        "            type: integer\n            value: mean\n        - id: OC2.2",
        f"{Y}:248:20: error[D205] OC2.1 is a percentage: collect it with value: share-yes (the "
        "share of yes answers)",
    ),
]


@pytest.mark.parametrize(
    ("case", "old", "new", "expected"), FORM_CASES, ids=[c[0] for c in FORM_CASES]
)
def test_broken_form_settings_give_located_messages(
    project: Path, monkeypatch: pytest.MonkeyPatch, case: str, old: str, new: str, expected: str
) -> None:
    monkeypatch.chdir(project)
    shutil.rmtree(project / "programs/air-bersih-sukamaju/monitoring")  # the form alone
    path = project / Y
    text = path.read_text(encoding="utf-8")
    assert old in text, case
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = [str(p) for p in check_file(Path(Y), None).problems]
    assert problems == [expected]


def test_a_form_no_indicator_collects_and_collect_on_text(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    path = project / Y
    text = path.read_text(encoding="utf-8").replace(
        "    unit: household              # what one submission describes",
        "    unit: household              # what one submission describes\n"
        "  - {id: kader, title: Survei kader, unit: orang}",
    )
    text = text.replace(
        "          measure: text\n",
        "          measure: text\n          collect: {form: survei-rt, field: kisah, question: Apa "
        "yang berubah?, type: integer, value: sum}\n",
    )
    path.write_text(text, encoding="utf-8")
    problems = [str(p) for p in check_file(Path(Y), None).problems]
    assert problems == [
        f"{Y}:70:10: error[D206] the form 'kader' collects no indicator; add collect: "
        "{form: kader, ...} to an indicator or remove the form",
        f"{Y}:253:20: error[D204] OC2.2 is a text indicator: a form cannot add its answers up; "
        "remove collect",
    ]


def test_a_form_question_by_a_dimension_without_categories(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    shutil.rmtree(project / "programs/air-bersih-sukamaju/monitoring")
    path = project / Y
    text = path.read_text(encoding="utf-8")
    old = "          disaggregation: [hamlet]\n"
    assert old in text
    path.write_text(text.replace(old, "          disaggregation: [hamlet, income]\n"))
    problems = [str(p) for p in check_file(Path(Y), None).problems]
    assert problems == [
        f"{Y}:236:36: error[D207] the form asks income for OC2.1, but it has no categories; "
        "declare them under disaggregations:"
    ]
