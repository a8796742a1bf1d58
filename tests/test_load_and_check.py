"""Broken programs, each written next to the exact message it must produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.project import check_file, known_method_ids
from tests.conftest import EXAMPLE, MINIMAL

P = "programs/tiny/program.yaml"

# (case, text in MINIMAL, replacement, the exact message expected among the problems)
CASES = [
    (
        "yaml syntax error",
        "title: Program kecil",
        "title: Program kecil: tahap 1",
        f"{P}:4:21: error[D010] YAML syntax error: a ':' is in an unexpected place; put text "
        "containing ': ' in quotes or fix the indentation of this line",
    ),
    (
        "tab indentation",
        "  goal:\n",
        "\tgoal:\n",
        f"{P}:15:1: error[D011] a tab is used for indentation; YAML needs spaces (replace each tab)",
    ),
    (
        "duplicate key",
        "status: planned\n",
        "status: planned\nstatus: active\n",
        f"{P}:6:1: error[D012] duplicate key 'status' (first written on line 5); "
        "keep one and delete or merge the other",
    ),
    (
        "unknown key with a near miss",
        "title: Program kecil",
        "titel: Program kecil",
        f"{P}:4:1: error[D021] unknown key 'titel' in the top level; did you mean 'title'?",
    ),
    (
        "unknown key with no near miss",
        "status: planned\n",
        "status: planned\nfavourite_colour: blue\n",
        f"{P}:6:1: error[D021] unknown key 'favourite_colour' in the top level; allowed here: "
        "background, budget, checks, disaggregations, evaluation, forms, funding, iati, id, "
        "language, location, methods, monitoring, organisation, period, reporting, results, "
        "risks, schema_version, sdg_targets, sectors, stakeholders, status, summary, "
        "target_groups, team, title",
    ),
    (
        "wrong type",
        "likelihood: 2,",
        "likelihood: tinggi,",
        f"{P}:62:73: error[D022] risks[0].likelihood should be a whole number, not 'tinggi'",
    ),
    (
        "missing required field",
        "status: planned\n",
        "",
        f"{P}:1:1: error[D020] missing required field 'status' in the top level; add it",
    ),
    (
        "bad date",
        "period: {start: 2026-01-01",
        "period: {start: 2026-02-30",
        f"{P}:8:17: error[D014] '2026-02-30' looks like a date but is not a real one; "
        "write it as YYYY-MM-DD (for example 2027-12-31)",
    ),
    (
        "date that is not a date",
        "period: {start: 2026-01-01",
        "period: {start: besok",
        f"{P}:8:17: error[D025] 'besok' is not a date for period.start; "
        "write it as YYYY-MM-DD (e.g. 2027-12-31)",
    ),
    (
        "end before start",
        "end: 2026-12-31}",
        "end: 2025-12-31}",
        f"{P}:8:34: error[D103] the program ends before it starts (2025-12-31 < 2026-01-01); "
        "swap or correct the dates",
    ),
    (
        "activity outside the period",
        "end: 2026-05-31, responsible: pm}",
        "end: 2027-01-31, responsible: pm}",
        f"{P}:54:70: error[D104] activity A1.1.1 ends after the program (2027-01-31 > 2026-12-31); "
        "move it into the program period or change period.end",
    ),
    (
        "activity ends before it starts",
        "start: 2026-02-01, end: 2026-05-31",
        "start: 2026-05-01, end: 2026-02-28",
        f"{P}:54:70: error[D103] activity A1.1.1 ends before it starts (2026-02-28 < 2026-05-01); "
        "correct its dates",
    ),
    (
        "target outside the period",
        "targets: [{date: 2026-06-30, value: 40}]",
        "targets: [{date: 2027-06-30, value: 40}]",
        f"{P}:49:32: error[D105] target of OP1.1.1 is dated 2027-06-30, outside the program "
        "period (2026-01-01 to 2026-12-31); move the target date into the period",
    ),
    (
        "duplicate id",
        "- id: OC1.1",
        "- id: G1",
        f"{P}:33:15: error[D101] duplicate indicator id 'G1' (also used on line 18); "
        "give each a unique id",
    ),
    (
        "unresolved responsible",
        "end: 2026-05-31, responsible: pm}",
        "end: 2026-05-31, responsible: bendahara}",
        f"{P}:54:95: error[D102] 'bendahara' is not a known team role id; use one of: pm",
    ),
    (
        "unresolved budget activity",
        "{id: B1, activity: A1.1.1,",
        "{id: B1, activity: A9.9,",
        f"{P}:60:26: error[D102] 'A9.9' is not a known activity id; use one of: A1.1.1",
    ),
    (
        "budget line for an unknown funder",
        "unit_cost: 5000000, funder: hibah}",
        "unit_cost: 5000000, funder: donor}",
        f"{P}:60:128: error[D106] budget line B1 is paid by 'donor', which is not in funding; "
        "add it to funding or use one of: hibah",
    ),
    (
        "unresolved risk owner",
        "owner: pm, assumption: OC1}",
        "owner: ketua, assumption: OC1}",
        f"{P}:62:121: error[D102] 'ketua' is not a known team role id; use one of: pm",
    ),
    (
        "unresolved risk assumption",
        "owner: pm, assumption: OC1}",
        "owner: pm, assumption: OC7}",
        f"{P}:62:137: error[D102] 'OC7' is not a known outcome or output id; use one of: OC1, OP1.1",
    ),
    (
        "unknown method id with a suggestion",
        "methods: [fgd]",
        "methods: [fdg]",
        f"{P}:9:11: error[D107] 'fdg' is not a method card in the handbook; did you mean 'fgd'?",
    ),
    (
        "negative quantity",
        "quantity: 2,",
        "quantity: -2,",
        f"{P}:60:81: error[D026] budget.lines[0].quantity is '-2' but must be more than 0; "
        "change the value",
    ),
    (
        "value not in the allowed list",
        "status: planned",
        "status: planed",
        f"{P}:5:9: error[D023] 'planed' is not allowed for status; did you mean 'planned'? "
        "use one of: planned, active, completed, suspended, cancelled",
    ),
    (
        "id that escapes the output folder",
        "id: tiny",
        "id: ../../etc",
        f"{P}:2:5: error[D024] '../../etc' is not a valid value for id: use lowercase letters, "
        "digits, '.' and '-' only, not ending in '.' (e.g. air-bersih-sukamaju)",
    ),
    (
        "target against the direction",
        "targets: [{date: 2026-12-31, value: 5}]",
        "targets: [{date: 2026-12-31, value: -5}]",
        f"{P}:37:47: warning[D303] indicator OC1.1 should increase, but the target of 2026-12-31 "
        "(-5) is below the baseline (0); check the values or the direction",
    ),
    (
        "budget differs from funding",
        "amount: 10000000}",
        "amount: 12500000}",
        f"{P}:58:3: warning[D306] the budget (10,000,000 IDR) differs from the funding "
        "(12,500,000) by -2,500,000 — per funder: hibah: budget 10,000,000 vs funding "
        "12,500,000 (-2,500,000)",
    ),
    (
        "assumption without a risk",
        "mitigation: Diversifikasi, owner: pm, assumption: OC1}",
        "mitigation: Diversifikasi, owner: pm}",
        f"{P}:31:20: warning[D304] the assumption of OC1 is watched by no risk; add a risk with "
        "assumption: OC1",
    ),
    (
        "indicator missing M&E fields",
        "      frequency: annual\n        responsible: pm\n",
        "\n",
        f"{P}:18:9: warning[D302] indicator G1 has no frequency, responsible; "
        "the M&E plan needs them",
    ),
    (
        "result with no indicator",
        "funding:\n",
        "    - id: OC2\n      statement: Desa mendukung.\nfunding:\n",
        f"{P}:55:7: warning[D301] OC2 has no indicator; add at least one so progress can be measured",
    ),
    (
        "activity with no budget line",
        "{id: B1, activity: A1.1.1,",
        "{id: B1,",
        f"{P}:54:15: warning[D305] activity A1.1.1 has no budget line; add one with activity: A1.1.1",
    ),
    (
        "high-influence stakeholder with no engagement",
        ", engagement: Rapat bulanan}",
        "}",
        f"{P}:13:5: warning[D307] stakeholder pemdes has high influence but no engagement; "
        "say how the program will involve them",
    ),
    (
        "DAC criterion with no question",
        '    coherence: ["Apakah selaras?"]\n',
        "",
        f"{P}:65:5: warning[D308] no evaluation question for the OECD-DAC criterion 'coherence'; "
        "add one under evaluation.questions.coherence",
    ),
    (
        "unknown currency",
        "currency: IDR",
        "currency: XYZ",
        f"{P}:58:13: error[D109] 'XYZ' is not a known ISO 4217 currency code; use e.g. IDR or USD",
    ),
    (
        "list instead of a mapping",
        MINIMAL,
        "- just\n- a list\n",
        f"{P}:1:1: error[D005] the file holds a list, but a program is a mapping of keys "
        "(schema_version:, id:, title: ...); start from a template with `daya new`",
    ),
    (
        "newer schema version",
        "schema_version: 1",
        "schema_version: 3",
        f"{P}:1:17: error[D027] schema_version 3 is newer than this Daya understands (1); "
        "upgrade Daya (pip install -U daya)",
    ),
]


def problems_of(program_file, text: str | bytes) -> list[str]:
    path = program_file(text)
    checked = check_file(path, known_method_ids(Path(__file__).parent))
    return [str(p).replace(str(path.parent.parent.parent) + "/", "") for p in checked.problems]


def test_minimal_program_is_clean(program_file) -> None:
    assert problems_of(program_file, MINIMAL) == []


@pytest.mark.parametrize(("case", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_broken_program_gives_located_message(program_file, case, old, new, expected) -> None:
    assert old in MINIMAL, f"the case {case!r} no longer matches MINIMAL"
    problems = problems_of(program_file, MINIMAL.replace(old, new, 1))
    assert expected in problems, "\n".join(problems)


def test_all_errors_reported_in_one_pass(program_file) -> None:
    text = MINIMAL.replace("titel", "x").replace("title: Program kecil", "titel: Program kecil")
    text = text.replace("status: planned", "status: planed").replace("country: ID", "country: id")
    problems = problems_of(program_file, text)
    codes = [p.split(" ")[1].split("[")[1].rstrip("]") for p in problems]
    assert codes == ["D020", "D021", "D023", "D024"], problems  # by line, all of them


def test_example_is_clean_without_warnings() -> None:
    checked = check_file(EXAMPLE, known_method_ids(EXAMPLE.parent))
    assert checked.problems == []
    program = checked.loaded.program
    assert program.budget.total == 1_000_000_000
    assert program.budget_by_funder() == {"csr": 850_000_000, "dana-desa": 150_000_000}


def test_ignored_warning_is_not_reported(program_file) -> None:
    text = (
        MINIMAL.replace('    coherence: ["Apakah selaras?"]\n', "") + "checks: {ignore: [D308]}\n"
    )
    assert problems_of(program_file, text) == []


def test_errors_cannot_be_ignored(program_file) -> None:
    problems = problems_of(program_file, MINIMAL + "checks: {ignore: [D104]}\n")
    assert any("error[D024]" in p and "only warnings can be ignored" in p for p in problems)


def test_checking_keeps_nothing_of_a_program_alive() -> None:
    """Checking a catalogue program after program holds no YAML nodes of those before it, so the
    cost of a check does not grow with the number of programs checked before it."""
    import gc

    from yaml.nodes import Node

    known = known_method_ids(EXAMPLE)
    for _ in range(3):
        assert not check_file(EXAMPLE, known).errors
    gc.collect()
    assert [o for o in gc.get_objects() if isinstance(o, Node)] == []
