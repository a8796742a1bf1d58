"""Monitoring files: every error and warning of the contract (§4) with its exact located
message, the figures of §3 from the core's views, and hostile text kept inert."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.core.documents import RenderOptions, render_documents
from generator.core.monitoring.progress import rounded
from generator.project import check_file
from tests.conftest import EXAMPLE, daya

R = "programs/air-bersih-sukamaju/monitoring/results.csv"
S = "programs/air-bersih-sukamaju/monitoring/spending.csv"
A = "programs/air-bersih-sukamaju/monitoring/activities.csv"
Y = "programs/air-bersih-sukamaju/program.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example program with its monitoring files; the current folder is its root."""
    folder = tmp_path / "programs" / "air-bersih-sukamaju"
    shutil.copytree(EXAMPLE.parent, folder)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(project: Path, as_of: dt.date | None = None) -> list[str]:
    checked = check_file(Path(Y), None, as_of)
    return [str(p) for p in checked.problems]


def test_the_example_is_clean(project: Path) -> None:
    assert problems(project) == []


# (case, file, old text, new text, the one expected problem)
CASES = [
    (
        "unknown indicator",
        R,
        "OP1.1.1,2026-03-31,,0,",
        "OP9.9,2026-03-31,,0,",
        f"{R}:5:1: error[D504] no indicator 'OP9.9' in the program; use one of G1, OC1.1, "
        "OP1.1.1, OP1.2.1, OC2.1, OC2.2, OP2.1.1",
    ),
    (
        "unknown budget line",
        S,
        "B1,2026-03-31",
        "B99,2026-03-31",
        f"{S}:2:1: error[D505] no budget line 'B99' in the program; use one of B1, B10, B2, B3, "
        "B4, B5, B6, B7, B8, B9",
    ),
    (
        "unknown activity",
        A,
        "A2.1.1,2026-02-01",
        "A9,2026-02-01",
        f"{A}:3:1: error[D506] no activity 'A9' in the program; use one of A1.1.1, A1.1.2, "
        "A1.2.1, A2.1.1, A2.1.2",
    ),
    (
        "missing column",
        S,
        "budget_line,date,amount,source,note",
        "budget_line,date,source,note",
        f"{S}:1:1: error[D502] the column 'amount' is missing; the first row must name the "
        "columns budget_line, date, amount, source, note",
    ),
    (
        "unknown column",
        A,
        "activity,date,status,note",
        "activity,date,status,catatan",
        f"{A}:1:22: error[D503] unknown column 'catatan'; the columns of activities.csv are "
        "activity, date, status, note",
    ),
    (
        "date not YYYY-MM-DD",
        S,
        "B1,2026-03-31",
        "B1,31/03/2026",
        f"{S}:2:4: error[D507] '31/03/2026' is not a date Daya reads; write it as YYYY-MM-DD: "
        "2026-03-31",
    ),
    (
        "spending outside the program period",
        S,
        "B1,2026-03-31",
        "B1,2028-01-31",
        f"{S}:2:4: error[D508] 2028-01-31 lies outside the program (2026-01-01 to 2027-12-31); "
        "correct the date",
    ),
    (
        "result more than six months after the program",
        R,
        "OP1.1.1,2026-03-31,,0,",
        "OP1.1.1,2028-07-01,,0,",
        f"{R}:5:9: error[D508] 2028-07-01 lies outside the program (2026-01-01 to 2027-12-31, "
        "or up to six months after it for results); correct the date",
    ),
    (
        "malformed disaggregation",
        R,
        "OP2.1.1,2026-03-31,sex=female,5",
        "OP2.1.1,2026-03-31,sex:female,5",
        f"{R}:3:20: error[D509] 'sex:female' is not a disaggregation; write one "
        "dimension=category, e.g. sex=female (or leave the cell empty for the total)",
    ),
    (
        "category not declared for the dimension",
        R,
        "OP2.1.1,2026-03-31,sex=female,5",
        "OP2.1.1,2026-03-31,sex=perempuan,5",
        f"{R}:3:20: error[D510] 'perempuan' is not a category of 'sex'; use one of: female, male",
    ),
    (
        "dimension the indicator does not declare",
        R,
        "OP2.1.1,2026-03-31,sex=female,5",
        "OP2.1.1,2026-03-31,hamlet=babakan,5",
        f"{R}:3:20: error[D510] OP2.1.1 is not disaggregated by 'hamlet'; add it to the "
        "indicator's disaggregation list or use one of: sex",
    ),
    (
        "a value that is not a number (decimal comma)",
        R,
        "OP1.1.1,2026-06-30,,48,",
        'OP1.1.1,2026-06-30,,"48,5",',
        f"{R}:9:21: error[D511] '48,5' uses a comma for decimals; write a point: 48.5",
    ),
    (
        "an amount with thousands separators",
        S,
        "B1,2026-03-31,47500000,",
        "B1,2026-03-31,47.500.000,",
        f"{S}:2:15: error[D511] '47.500.000' has a thousands separator; write the number "
        "without one: 47500000",
    ),
    (
        "a percentage outside 0 to 100",
        R,
        "OP1.2.1,2026-09-30,,40,14,35",
        "OP1.2.1,2026-09-30,,140,14,35",
        f"{R}:12:21: error[D512] 140 is not a percentage; write a value from 0 to 100",
    ),
    (
        "numerator without denominator",
        R,
        "OP1.2.1,2026-09-30,,40,14,35",
        "OP1.2.1,2026-09-30,,40,14,",
        f"{R}:12:27: error[D513] give both numerator and denominator, or neither",
    ),
    (
        "a numerator that is not whole",
        R,
        "OP1.2.1,2026-09-30,,40,14,35",
        "OP1.2.1,2026-09-30,,40,14.5,35",
        f"{R}:12:24: error[D513] the numerator counts people or things: write a whole number, "
        "not 14.5",
    ),
    (
        "zero denominator",
        R,
        "OP1.2.1,2026-09-30,,40,14,35",
        "OP1.2.1,2026-09-30,,40,0,0",
        f"{R}:12:26: error[D513] the denominator is 0; it must be at least 1",
    ),
    (
        "numerator above denominator",
        R,
        "OP1.2.1,2026-09-30,,40,14,35",
        "OP1.2.1,2026-09-30,,40,36,35",
        f"{R}:12:24: error[D513] the numerator 36 is above the denominator 35; a share cannot "
        "be more than all",
    ),
    (
        "value inconsistent with the counts",
        R,
        "OP1.2.1,2026-09-30,,40,14,35",
        "OP1.2.1,2026-09-30,,41,14,35",
        f"{R}:12:21: error[D513] 41 does not match 14/35 = 40.00; correct the value or the counts",
    ),
    (
        "duplicate result row",
        R,
        "OP1.1.1,2026-06-30,,48,",
        "OP1.1.1,2026-03-31,,48,",
        f"{R}:9:1: error[D514] line 5 already gives OP1.1.1 on 2026-03-31 for the total; keep "
        "one row",
    ),
    (
        "duplicate activity status",
        A,
        "A1.2.1,2026-09-01,in-progress,",
        "A1.1.2,2026-04-01,done,",
        f"{A}:8:8: error[D514] A1.1.2 already has a status on 2026-04-01 (line 5); keep one row",
    ),
    (
        "categories exceeding the total",
        R,
        "OP2.1.1,2026-03-31,sex=male,4",
        "OP2.1.1,2026-03-31,sex=male,7",
        f"{R}:4:1: error[D515] the sex rows of OP2.1.1 on 2026-03-31 add up to more than the "
        "total on line 2; correct the categories or the total",
    ),
    (
        "category rows without a total row",
        R,
        "OP2.1.1,2026-03-31,,9,,,Daftar hadir pelatihan kader angkatan 1,2026-04-02,\n",
        "",
        f"{R}:2:1: error[D516] OP2.1.1 has rows by sex on 2026-03-31 but no total row; add a row "
        "with an empty disaggregation",
    ),
    (
        "a negative amount without a note",
        S,
        "B4,2026-06-30,18000000,SPJ 2026-033,",
        "B4,2026-06-30,-18000000,SPJ 2026-033,",
        f"{S}:5:15: error[D517] a negative amount (a refund or a correction) needs a note "
        "saying why",
    ),
    (
        "an unknown status",
        A,
        "A1.2.1,2026-09-01,in-progress",
        "A1.2.1,2026-09-01,berjalan",
        f"{A}:8:19: error[D518] 'berjalan' is not a status; use one of not-started, "
        "in-progress, done, delayed, cancelled",
    ),
    (
        "thresholds out of order",
        Y,
        "reporting:",
        "monitoring: {thresholds: {on_track: 0.6, at_risk: 0.8}}\nreporting:",
        f"{Y}:359:51: error[D519] at_risk (0.8) must be below on_track (0.6); e.g. at_risk: "
        "0.60, on_track: 0.85",
    ),
    (
        "sum on a percentage indicator",
        Y,
        "          measure: percentage\n",
        "          measure: percentage\n          aggregation: sum\n",
        f"{Y}:152:24: error[D520] indicator OC1.1 is a percentage: its values cannot be added "
        "up over periods; use aggregation: last",
    ),
    (
        "a target equal to its baseline",
        Y,
        "- {date: 2026-12-31, value: 50}",
        "- {date: 2026-12-31, value: 64}",
        f"{Y}:135:39: error[D521] the target of 2026-12-31 equals the baseline (64), so "
        "progress toward it cannot be measured; set another target or use direction: maintain",
    ),
    (
        "an empty required cell",
        A,
        "A1.2.1,2026-09-01,in-progress",
        "A1.2.1,2026-09-01,",
        f"{A}:8:19: error[D522] the 'status' cell is empty; fill it in",
    ),
    (
        "a dimension neither built in nor declared",
        Y,
        "        disaggregation: [sex]\n        means_of_verification: Rekap",
        "        disaggregation: [sex, age]\n        means_of_verification: Rekap",
        None,  # filled below: needs a row too
    ),
    (
        "incomplete disaggregation",
        R,
        "OP2.1.1,2026-03-31,sex=male,4",
        "OP2.1.1,2026-03-31,sex=male,3",
        f"{R}:4:1: warning[D602] the sex rows of OP2.1.1 on 2026-03-31 add up to less than the "
        "total on line 2: some categories are missing",
    ),
    (
        "a declared dimension with no rows",
        R,
        "G1,2026-12-31,sex=female,24,,,Rekap kasus diare Puskesmas Cisurupan 2026,2027-01-15,\n"
        "G1,2026-12-31,sex=male,28,,,Rekap kasus diare Puskesmas Cisurupan 2026,2027-01-15,\n",
        "",
        f"{R}:15:1: warning[D602] G1 on 2026-12-31 has no rows by sex, which it declares; add "
        "them (or remove the dimension from the indicator)",
    ),
    (
        "an empty source",
        R,
        "OP1.1.1,2026-06-30,,48,,,Berita acara uji fungsi triwulan II,",
        "OP1.1.1,2026-06-30,,48,,,,",
        f"{R}:9:1: warning[D603] give the source of this value",
    ),
    (
        "an overspent line",
        S,
        "B8,2026-12-31,8000000",
        "B8,2026-12-31,28000000",
        f"{S}:19:1: warning[D604] budget line B8 has spent 28000000 of 20000000 IDR planned as "
        "of 2026-12-31; revise the budget or correct the spending",
    ),
    (
        "a late activity",
        A,
        "A1.1.1,2026-03-31,done,Desain disepakati dalam musyawarah dusun",
        "A1.1.1,2026-03-31,delayed,Desain belum disepakati",
        f"{A}:4:1: warning[D605] A1.1.1 was planned to end on 2026-03-31 but is 'delayed' as of "
        "2026-12-31; record its status or move its end date",
    ),
    (
        "a target due and not reported",
        R,
        "OP1.1.1,2026-12-31,,187,,,Berita acara uji fungsi triwulan IV,2027-01-04,\n",
        "",
        f"{Y}:182:26: warning[D606] the target of OP1.1.1 for 2026-12-31 is due but no value is "
        "reported for it; add a total row to results.csv",
    ),
]


@pytest.mark.parametrize(
    ("case", "file", "old", "new", "expected"),
    [c for c in CASES if c[4] is not None],
    ids=[c[0] for c in CASES if c[4] is not None],
)
def test_broken_monitoring_gives_located_message(
    project: Path, case: str, file: str, old: str, new: str, expected: str
) -> None:
    edit(project, file, old, new)
    assert problems(project) == [expected]


def test_a_dimension_neither_built_in_nor_declared_is_a_warning(project: Path) -> None:
    edit(
        project,
        Y,
        "        disaggregation: [sex]\n        means_of_verification: Rekap",
        "        disaggregation: [sex, age]\n        means_of_verification: Rekap",
    )
    row = "G1,2026-12-31,age=balita,52,,,Rekap kasus diare Puskesmas Cisurupan 2026,2027-01-15,\n"
    with (project / R).open("a", encoding="utf-8") as handle:
        handle.write(row)
    assert problems(project) == [
        f"{R}:30:15: warning[D601] 'age' is neither built in nor declared, so its categories "
        "cannot be checked; declare it under disaggregations: in program.yaml"
    ]


def test_a_file_that_is_not_utf8_or_not_a_file(project: Path) -> None:
    (project / S).write_bytes("budget_line,date,amount\nB1,2026-03-31,1\xe9\n".encode("latin-1"))
    (project / A).unlink()
    (project / A).symlink_to("/etc/passwd")
    assert problems(project) == [
        f"{A}:1:1: error[D501] activities.csv is a link; Daya reads only regular files, so keep "
        "the file itself here",
        f"{S}:2:16: error[D501] the file is not UTF-8 text (byte 0xe9); save it as CSV UTF-8",
    ]


def test_a_narrative_not_named_after_a_date(project: Path) -> None:
    (project / "programs/air-bersih-sukamaju/monitoring/narrative/laporan-q4.md").write_text("x")
    assert problems(project) == [
        "programs/air-bersih-sukamaju/monitoring/narrative/laporan-q4.md:1:1: error[D524] a "
        "narrative file is named after its report date: rename laporan-q4.md to YYYY-MM-DD.md "
        "(or YYYY-MM-DD.en.md, YYYY-MM-DD.id.md)"
    ]


def test_quoted_cells_and_a_bom_keep_their_columns(project: Path) -> None:
    """A spreadsheet's CSV: a BOM, CRLF line ends, quoted cells holding commas and quotes."""
    text = (project / A).read_text(encoding="utf-8").replace("\n", "\r\n")
    text = text.replace(
        "A1.2.1,2026-09-01,in-progress,",
        'A1.2.1,2026-09-01,"in-progress","Catatan, dengan ""kutip"""',
    )
    (project / A).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert problems(project) == []
    edit(project, A, '"in-progress","Catatan', '"selesai","Catatan')
    assert problems(project) == [
        f"{A}:8:19: error[D518] 'selesai' is not a status; use one of not-started, in-progress, "
        "done, delayed, cancelled"
    ]


def test_warnings_are_judged_at_the_report_date(project: Path) -> None:
    """As of 2026-09-30, A1.1.2 (planned to end 2026-12-31) is not late yet; as of 2027-01-15
    it is, and the line it pays for is still within its budget."""
    assert problems(project, dt.date(2026, 9, 30)) == []
    late = problems(project, dt.date(2027, 1, 15))
    assert late == [
        f"{A}:9:1: warning[D605] A1.1.2 was planned to end on 2026-12-31 but is 'in-progress' "
        "as of 2027-01-15; record its status or move its end date"
    ]


def test_ignored_warning_codes_are_not_reported(project: Path) -> None:
    edit(project, A, "A1.1.1,2026-03-31,done", "A1.1.1,2026-03-31,delayed")
    assert [p.split("[")[1][:4] for p in problems(project)] == ["D605"]
    edit(project, Y, "reporting:", "checks: {ignore: [D605]}\nreporting:")
    assert problems(project) == []


def test_every_output_format_locates_monitoring_problems(project: Path) -> None:
    edit(project, A, "A1.2.1,2026-09-01,in-progress", "A1.2.1,2026-09-01,berjalan")
    text = daya("check", "programs/air-bersih-sukamaju", cwd=project)
    assert text.returncode == 1
    assert f"{A}:8:19: error[D518] 'berjalan' is not a status" in text.stdout
    data = json.loads(daya("check", "--format", "json", "programs", cwd=project).stdout)
    found = data["problems"]
    assert {"file": A, "line": 8, "col": 19, "severity": "error", "code": "D518"}.items() <= (
        found[0].items()
    )
    github = daya("check", "--format", "github", "programs", cwd=project).stdout
    assert f"::error file={A},line=8,col=19,title=D518" in github


def test_the_example_gives_the_contracts_figures() -> None:
    """§3 of the contract, as of 2026-12-31, from the views (the documents show the same; see
    tests/test_progress_exports.py)."""
    checked = check_file(EXAMPLE, None)
    progress = checked.monitoring.progress
    assert progress is not None and progress.as_of == dt.date(2026, 12, 31)
    shown = {
        i.indicator.id: (
            i.value,
            i.target,
            rounded(i.achievement * 100, 1) if i.achievement is not None else None,
            i.status,
        )
        for i in progress.indicators
    }
    D = Decimal
    assert shown == {
        "G1": (D(52), D(50), D("85.7"), "on-track"),
        "OC1.1": (D("58.5"), D(60), D("94.0"), "on-track"),
        "OP1.1.1": (D(187), D(200), D("93.5"), "on-track"),
        "OP2.1.1": (D(17), D(16), D("106.3"), "achieved"),
        "OP1.2.1": (D(62), D(80), D("77.5"), "not-due"),
        "OC2.1": (D(52), D(75), D("32.4"), "not-due"),
        "OC2.2": (None, None, None, None),
    }
    assert progress.status_counts() == (("achieved", 1), ("on-track", 3), ("not-due", 2))
    budget = progress.budget
    assert (budget.total.realised, budget.total.planned) == (776_700_000, 1_000_000_000)
    assert rounded(budget.time_elapsed * 100, 1) == D("50.0")

    def shares(rows) -> dict[str, Decimal]:  # type: ignore[no-untyped-def]
        return {r.key: rounded(r.share * 100, 1) for r in rows}

    assert shares(budget.by_funder) == {"csr": D("75.3"), "dana-desa": D("91.3")}
    assert shares(budget.by_category) == {
        "services": D("96.9"),
        "materials": D("91.3"),
        "works": D("99.2"),
        "personnel": D("50.0"),
        "training": D("68.8"),
        "monitoring": D("50.0"),
        "overhead": D("50.0"),
    }
    assert shares(budget.by_activity) == {
        "A1.1.1": D("96.9"),
        "A1.1.2": D("92.8"),
        "A1.2.1": D("50.0"),
        "A2.1.1": D("100.0"),
        "A2.1.2": D("31.8"),
        "": D("50.0"),
    }
    assert budget.overspent == ()
    assert progress.activity_counts() == (("done", 2), ("in-progress", 3))
    assert progress.late == () and progress.not_started == ()


HOSTILE = (
    "<img src=x onerror=alert(1)> **tebal** {{ 7*7 }} [tautan](javascript:alert(1)) ???+ danger"
)


def test_hostile_notes_and_narrative_stay_text(project: Path) -> None:
    edit(project, A, "17 kader lulus", HOSTILE)
    narrative = project / "programs/air-bersih-sukamaju/monitoring/narrative/2026-12-31.md"
    narrative.write_text(f"## {HOSTILE}\n\n{HOSTILE}\n\n- {HOSTILE}\n\n<script>alert(2)</script>\n")
    checked = check_file(Path(Y), None)
    assert checked.errors == []
    page = render_documents(
        checked.loaded.program, RenderOptions(lang="id"), monitoring=checked.monitoring
    )["progress.md"]
    assert "<img" not in page and "<script" not in page and "{{" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; \\*\\*tebal\\*\\* \\{\\{ 7\\*7 \\}\\}" in page
    assert "### &lt;img" in page  # the narrative's heading stays a heading, its words text
    assert "- &lt;img" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "\n???+" not in page  # no collapsible block; mid-line it is plain text anyway
