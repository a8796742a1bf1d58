"""Hostile program text: what the outputs cannot show is refused by the check, with its limit.

Every case here was accepted (or crashed `daya check`) before the reliability work of issue 13;
each is written next to the exact message it must now produce. The property-based test at the
end feeds extreme numbers, dates and lengths through the check and every output.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.documents import RenderOptions, render_documents
from generator.errors import DayaError
from generator.export import export_files
from generator.handbook.cards import method_titles
from generator.project import check_file, known_method_ids
from generator.site.catalogue import render_program_page
from tests.conftest import MINIMAL, REPO, daya, write_tree

P = "programs/tiny/program.yaml"
MAX = "999,999,999,999,999"
MAX_MONEY = 999_999_999_999_999

# (case, text in MINIMAL, replacement, the exact message expected among the problems)
CASES = [
    (
        "infinite quantity",
        "quantity: 2,",
        "quantity: .inf,",
        f"{P}:60:81: error[D026] budget.lines[0].quantity must be a finite number, not 'inf'",
    ),
    (
        "quantity that is not a number",
        "quantity: 2,",
        "quantity: .nan,",
        f"{P}:60:81: error[D026] budget.lines[0].quantity must be a finite number, not 'nan'",
    ),
    (
        "unit cost beyond what a spreadsheet holds",
        "unit_cost: 5000000,",
        "unit_cost: 10000000000000000000000000000,",
        f"{P}:60:111: error[D026] budget.lines[0].unit_cost is '10000000000000000000000000000' "
        f"but must be at most {MAX}; change the value",
    ),
    (
        "funding beyond what a spreadsheet holds",
        "amount: 10000000}",
        "amount: 1000000000000000000000000000000}",
        f"{P}:56:51: error[D026] funding[0].amount is '1000000000000000000000000000000' but must "
        f"be at most {MAX}; change the value",
    ),
    (
        "budget line whose amount is beyond the limit",
        "quantity: 2, unit: angkatan, unit_cost: 5000000,",
        "quantity: 2, unit: angkatan, unit_cost: 999999999999999,",
        f"{P}:60:7: error[D116] budget line B1 comes to 1,999,999,999,999,998 IDR "
        f"(2 × 999,999,999,999,999), more than Daya can show (at most {MAX}); "
        "check quantity and unit_cost",
    ),
    (
        "indicator value beyond the limit",
        "baseline: {value: 100, date: 2025-12-31}",
        "baseline: {value: 1.0e+26, date: 2025-12-31}",
        f"{P}:22:27: error[D026] results.goal.indicators[0].baseline.value is '1e+26' but must be "
        "at most 1,000,000,000,000,000; change the value",
    ),
    (
        "infinite target",
        "targets: [{date: 2026-12-31, value: 5}]",
        "targets: [{date: 2026-12-31, value: -.inf}]",
        f"{P}:37:47: error[D026] results.outcomes[0].indicators[0].targets[0].value must be a "
        "finite number, not '-inf'",
    ),
    (
        "a period ending at the end of the calendar",
        "end: 2026-12-31}",
        "end: 9999-12-31}",
        f"{P}:8:34: error[D026] period.end is 9999-12-31 but must be on or before 2199-12-31; "
        "change the value",
    ),
    (
        "a date before any program",
        "baseline: {value: 100, date: 2025-12-31}",
        "baseline: {value: 100, date: 1066-10-14}",
        f"{P}:22:38: error[D026] results.goal.indicators[0].baseline.date is 1066-10-14 but must "
        "be on or after 1900-01-01; change the value",
    ),
    (
        "a period of a hundred and seventy years",
        "end: 2026-12-31}",
        "end: 2196-12-31}",
        f"{P}:8:34: error[D117] the program runs 171 years (2026-01-01 to 2196-12-31); a program "
        "may last at most 30 years: split it into phases or correct period.end",
    ),
    (
        "a title longer than Word keeps",
        "title: Program kecil",
        "title: " + "J" * 275,
        f"{P}:4:8: error[D024] title is too long: 275 characters, at most 200",
    ),
    (
        "a translated title longer than Word keeps",
        "title: Program kecil",
        "title: {id: Program kecil, en: " + "J" * 201 + "}",
        f"{P}:4:32: error[D024] title.en is too long: 201 characters, at most 200",
    ),
    (
        "an unknown YAML tag",
        "title: Program kecil",
        "title: !foo Program kecil",
        f"{P}:4:8: error[D017] the YAML tag '!foo' is not allowed in program files; "
        "remove it and write the value plainly",
    ),
    (
        "a Python tag",
        "title: Program kecil",
        "title: !!python/name:os.system Program kecil",
        f"{P}:4:8: error[D017] the YAML tag '!!python/name:os.system' is not allowed in program "
        "files; remove it and write the value plainly",
    ),
    (
        "binary data",
        "title: Program kecil",
        "title: !!binary aGVsbG8=",
        f"{P}:4:8: error[D017] the YAML tag '!!binary' is not allowed in program files; "
        "remove it and write the value plainly",
    ),
    (
        "a NUL character",
        "title: Program kecil",
        'title: "Program\\0kecil"',
        f"{P}:4:8: error[D018] title contains a control character (U+0000) that no document can "
        "show; delete it",
    ),
    (
        "a terminal escape",
        "statement: Warga lebih sejahtera.",
        'statement: "Warga \\e[31mlebih\\a sejahtera."',
        f"{P}:16:16: error[D018] results.goal.statement contains a control character (U+001B) "
        "that no document can show; delete it",
    ),
    (
        "a terminal escape in a key",
        "status: planned\n",
        'status: planned\n"\\e[2Jx": 1\n',
        f"{P}:6:1: error[D018] a key in the top level contains a control character (U+001B) that "
        "no document can show; delete it",
    ),
    (
        "an id unlike its folder",
        "id: tiny",
        "id: kecil",
        f"{P}:2:5: error[D110] the program id 'kecil' differs from its folder 'tiny'; rename the "
        "folder to programs/kecil/ or set id: tiny",
    ),
    (
        "an id Windows cannot name a folder with",
        "id: tiny",
        "id: con",
        f"{P}:2:5: error[D029] id: 'con' cannot name a folder on Windows (CON, PRN, AUX, NUL, "
        "COM1–COM9 and LPT1–LPT9 are reserved, with any extension); choose another id",
    ),
    (
        "a reserved name with an extension",
        "id: tiny",
        "id: nul.txt",
        f"{P}:2:5: error[D029] id: 'nul.txt' cannot name a folder on Windows (CON, PRN, AUX, NUL, "
        "COM1–COM9 and LPT1–LPT9 are reserved, with any extension); choose another id",
    ),
    (
        "an id ending in a dot",
        "id: tiny",
        "id: tiny.",
        f"{P}:2:5: error[D024] 'tiny.' is not a valid value for id: use lowercase letters, "
        "digits, '.' and '-' only, not ending in '.' (e.g. air-bersih-sukamaju)",
    ),
    (
        "a target dated before its baseline",
        "baseline: {value: 0, date: 2025-12-31}\n              targets: [{date: 2026-06-30",
        "baseline: {value: 0, date: 2026-07-31}\n              targets: [{date: 2026-06-30",
        f"{P}:49:32: error[D115] the target of OP1.1.1 is dated 2026-06-30, before its baseline "
        "(2026-07-31); a target comes after the baseline it is measured against",
    ),
    (
        "a baseline after the program",
        "baseline: {value: 100, date: 2025-12-31}",
        "baseline: {value: 100, date: 2027-03-01}",
        f"{P}:22:38: error[D115] the baseline of G1 is dated 2027-03-01, after the program ends "
        "(2026-12-31); a baseline is measured before or during the program",
    ),
    (
        "an unknown warning code to ignore",
        "status: planned\n",
        "status: planned\nchecks: {ignore: [D399]}\n",
        f"{P}:6:19: error[D112] 'D399' is not a Daya warning code; ignore one of: D301, D302, "
        "D303, D304, D305, D306, D307, D308, D309, D601, D602, D603, D604, D605, D606",
    ),
    (
        "a text target on a numeric indicator",
        "targets: [{date: 2026-12-31, value: 5}]",
        "targets: [{date: 2026-12-31, value: lima kelompok}]",
        f"{P}:37:47: error[D113] indicator OC1.1 measures a number, but the target of 2026-12-31 "
        "is text ('lima kelompok'); write a number, or set measure: text",
    ),
    (
        "a text baseline on a numeric indicator",
        "baseline: {value: 100, date: 2025-12-31}",
        "baseline: {value: seratus, date: 2025-12-31}",
        f"{P}:22:27: error[D113] indicator G1 measures a number, but the baseline is text "
        "('seratus'); write a number, or set measure: text",
    ),
    (
        "a percentage indicator within 0 to 100",
        "          direction: increase\n          baseline: {value: 0,",
        "          direction: increase\n          measure: percentage\n"
        "          baseline: {value: 0,",
        None,  # the clean variant: measure alone is fine
    ),
    (
        "a target of 150 per cent",
        "targets: [{date: 2026-12-31, value: 5}]",
        "targets: [{date: 2026-12-31, value: 150}]\n          measure: percentage",
        f"{P}:37:47: error[D114] indicator OC1.1 is a percentage, but the target of 2026-12-31 "
        "is 150; a percentage is a share from 0 to 100 (for growth beyond 100%, use measure: "
        "number with unit: '%')",
    ),
]


def problems_of(program_file, text: str) -> list[str]:
    path = program_file(text)
    checked = check_file(path, known_method_ids(REPO))
    return [str(p).replace(str(path.parent.parent.parent) + "/", "") for p in checked.problems]


@pytest.mark.parametrize(("case", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_value_gives_located_message(program_file, case, old, new, expected) -> None:
    assert old in MINIMAL, f"the case {case!r} no longer matches MINIMAL"
    problems = problems_of(program_file, MINIMAL.replace(old, new, 1))
    if expected is None:
        assert problems == []
    else:
        assert expected in problems, "\n".join(problems)


def test_text_in_one_language_is_enough(program_file) -> None:
    """`{id: ...}` alone is text in Indonesian; the English documents fall back to it."""
    path = program_file(MINIMAL.replace("title: Program kecil", "title: {id: Program kecil}"))
    checked = check_file(path, known_method_ids(REPO))
    assert checked.problems == []
    index = render_documents(checked.loaded.program, RenderOptions(lang="en"))["index.md"]
    assert index.startswith("# Program kecil")


def test_two_programs_with_one_id_are_refused(tmp_path: Path, monkeypatch) -> None:
    """Generating both would let one overwrite the other's folder and page."""

    write_tree(
        tmp_path,
        {
            "a/programs/tiny/program.yaml": MINIMAL,
            "b/programs/tiny/program.yaml": MINIMAL.replace("Program kecil", "Program lain"),
        },
    )
    result = daya("check", "a/programs", "b/programs", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "b/programs/tiny/program.yaml:2:5: error[D111] the program id 'tiny' is also used by "
        "a/programs/tiny/program.yaml; give each program its own id"
    ) in result.stdout, result.stdout


# --- Extreme numbers, dates and lengths through every output -----------------------------------

NUMBERS = st.sampled_from(
    [0.0, 1e-300, 0.5, 1.0, 123456789.123456789, 1e15, -1e15, 1e15 + 1, 1e26, 1e308]
    + [float("inf"), float("-inf"), float("nan")]
)
MONEY = st.sampled_from([1, 999, 999_999_999_999_999, 10**15, 10**28, 10**300])
QUANTITIES = st.sampled_from([1e-9, 0.5, 1.0, 3.0, 1e9, 1e9 + 1, 1e300, float("inf")])
DATES = st.sampled_from(
    [
        dt.date(1, 1, 1),
        dt.date(1899, 12, 31),
        dt.date(1900, 1, 1),
        dt.date(2026, 1, 1),
        dt.date(2055, 12, 31),
        dt.date(2056, 1, 2),
        dt.date(2199, 12, 31),
        dt.date(2200, 1, 1),
        dt.date(9999, 12, 31),
    ]
)
LENGTHS = st.sampled_from([1, 199, 200, 201, 275, 20_000, 20_001])


def yaml_number(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    return f"{value:.17e}"  # YAML 1.1 reads a float only with a dot and a signed exponent


def extreme_program(
    value: float, target: float, unit_cost: int, amount: int, quantity: float, start, end, length
) -> str:
    """MINIMAL with extreme values; activity, baseline and target dates follow the period."""
    first, last = (start, end) if start <= end else (end, start)
    text = MINIMAL.replace("title: Program kecil", "title: " + "J" * length)
    text = text.replace("start: 2026-01-01, end: 2026-12-31", f"start: {start}, end: {end}")
    text = text.replace("start: 2026-02-01, end: 2026-05-31", f"start: {first}, end: {first}")
    text = text.replace(
        "{value: 100, date: 2025-12-31}", f"{{value: {yaml_number(value)}, date: {first}}}"
    )
    text = text.replace(
        "{date: 2026-12-31, value: 120}", f"{{date: {last}, value: {yaml_number(target)}}}"
    )
    text = re.sub(r"date: 2025-12-31", f"date: {first}", text)
    text = re.sub(r"date: 2026-(12-31|06-30)", f"date: {last}", text)
    text = text.replace("unit_cost: 5000000", f"unit_cost: {unit_cost}")
    text = text.replace("amount: 10000000", f"amount: {amount}")
    return text.replace("quantity: 2,", f"quantity: {yaml_number(quantity)},")


def render_everything(program) -> None:  # type: ignore[no-untyped-def]
    """Every output of a program in both languages: the documents, Word, Excel, the site page."""
    for lang in ("id", "en"):
        try:
            documents = render_documents(program, RenderOptions(lang=lang))
            files = export_files(program, lang, method_titles(lang, REPO))
            page = render_program_page(program, lang, REPO, None)
        except DayaError as exc:  # pragma: no cover - a clean program must always render
            pytest.fail(f"a program that checks clean was refused: {exc}")
        assert len(documents) == 9 and all(documents.values())
        assert all(data.startswith(b"PK") for data in files.values())
        assert page.startswith("---\n")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(NUMBERS, NUMBERS, MONEY, MONEY, QUANTITIES, DATES, DATES, LENGTHS)
def test_extreme_values_give_a_located_error_or_every_document(
    program_file, value, target, unit_cost, amount, quantity, start, end, length
) -> None:
    text = extreme_program(value, target, unit_cost, amount, quantity, start, end, length)
    path = program_file(text)
    checked = check_file(path, known_method_ids(REPO))  # must not raise
    if checked.errors:
        for problem in checked.errors:
            assert problem.line >= 1 and problem.col >= 1 and problem.message, problem
            assert re.fullmatch(r"D\d{3}", problem.code), problem
        return
    render_everything(checked.loaded.program)


# Values at the very edge of what the check accepts: each must still give every document.
EDGE_NUMBERS = st.sampled_from([0.0, 5e-324, 0.5, 123456789.123456789, 1e15, -1e15])
EDGE_COSTS = st.sampled_from(
    [(1e-9, 1), (0.5, 3), (2.0, 499_999_999_999_999), (1e9, 999_999), (1.0, MAX_MONEY)]
)
EDGE_PERIODS = st.sampled_from(
    [
        (dt.date(1900, 1, 1), dt.date(1900, 1, 1)),
        (dt.date(1900, 1, 1), dt.date(1929, 12, 31)),
        (dt.date(2170, 1, 1), dt.date(2199, 12, 31)),
        (dt.date(2024, 2, 29), dt.date(2054, 2, 28)),
    ]
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(EDGE_NUMBERS, EDGE_NUMBERS, EDGE_COSTS, EDGE_PERIODS, st.sampled_from([1, 200]))
def test_values_at_the_limits_give_every_document(
    program_file, value, target, cost, period, length
) -> None:
    quantity, unit_cost = cost
    amount = max(1, round(quantity * unit_cost))
    text = extreme_program(value, target, unit_cost, amount, quantity, *period, length)
    long_text = "Latar belakang yang panjang. " * 689  # 19,981 characters
    text = text.replace("status: planned", f"status: planned\nbackground: {long_text.strip()}")
    checked = check_file(program_file(text), known_method_ids(REPO))
    if value == target:  # progress toward a target equal to the baseline cannot be measured
        assert [p.code for p in checked.errors] == ["D521"], checked.errors
        return
    assert checked.errors == [], checked.errors
    render_everything(checked.loaded.program)
