"""`daya export iati`: the example's figures in a schema-valid IATI 2.03 file, every shipped
program valid, each rule with its exact located message, the budget split by hand, the
crosswalks against the codelists, the same bytes twice, and nothing written on failure."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from generator.core.iati import CROSSWALKS, STANDARD_DIR, codelist, in_codelist
from generator.core.model import Program
from generator.export.iati import check_rules
from tests.conftest import EXAMPLE, MINIMAL, REPO, daya

SCHEMA = etree.XMLSchema(etree.parse(str(STANDARD_DIR / "iati-activities-schema.xsd")))
Y = "programs/tiny/program.yaml"


def export(project: Path, *args: str) -> tuple[int, str, Path]:
    out = project / "out" / "iati.xml"
    result = daya("export", "iati", *args, "--out", str(out), cwd=project)
    return result.returncode, result.stdout + result.stderr, out


def valid(path: Path) -> etree._ElementTree:
    document = etree.parse(str(path))
    assert SCHEMA.validate(document), SCHEMA.error_log
    return document


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE.parent, tmp_path / "programs" / "air-bersih-sukamaju")
    return tmp_path


def tiny(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The minimal program with an identifier, then `edits` (old, new) applied."""
    text = MINIMAL.replace(
        "organisation: {name: Yayasan Contoh, type: ngo}",
        "organisation: {name: Yayasan Contoh, type: ngo, identifier: ID-KHH-AHU-0000001.AH.01.04.2024}",
    ).replace("methods: [fgd]", "methods: [fgd]\nsectors: [livelihood]")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / Y
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_example_exports_its_own_figures(example: Path) -> None:
    code, output, out = export(example, "--as-of", "2026-12-31")
    assert code == 0, output
    activity = valid(out).getroot()[0]
    assert activity.findtext("iati-identifier") == (
        "ID-KHH-AHU-0012345.AH.01.04.2020-air-bersih-sukamaju"
    )

    budgets = activity.findall("budget")
    assert sum(int(b.findtext("value")) for b in budgets) == 1_000_000_000
    for budget in budgets:
        start = dt.date.fromisoformat(budget.find("period-start").get("iso-date"))
        end = dt.date.fromisoformat(budget.find("period-end").get("iso-date"))
        assert end <= start.replace(year=start.year + 1)
        assert budget.find("value").get("value-date") == start.isoformat()
    assert [int(b.findtext("value")) for b in budgets] == [834_571_428, 165_428_572]

    spent = activity.xpath("transaction[transaction-type/@code='4']/value/text()")
    assert sum(Decimal(v) for v in spent) == 776_700_000
    assert len(spent) == 20

    expected = {  # indicator: [(period start, end, target, actual)], as of 2026-12-31
        "G1": [("2026-01-01", "2026-12-31", "50", "52"), ("2027-01-01", "2027-12-31", "30", None)],
        "OC1.1": [
            ("2026-01-01", "2026-12-31", "60", "58.5"),
            ("2027-01-01", "2027-12-31", "85", None),
        ],
        "OP1.1.1": [
            ("2026-01-01", "2026-12-31", "200", "187"),
            ("2027-01-01", "2027-06-30", "312", None),
        ],
        "OP1.2.1": [("2026-01-01", "2027-12-31", "80", "62")],
        "OC2.1": [("2026-01-01", "2027-12-31", "75", "52")],
        "OC2.2": [("2026-01-01", "2027-12-31", None, None)],
        "OP2.1.1": [("2026-01-01", "2026-06-30", "16", "17")],
    }
    seen = {}
    for indicator in activity.iter("indicator"):
        ident = indicator.find("reference").get("code")
        assert indicator.find("baseline") is not None, ident
        seen[ident] = [
            (
                p.find("period-start").get("iso-date"),
                p.find("period-end").get("iso-date"),
                p.find("target").get("value"),
                p.find("actual").get("value") if p.find("actual") is not None else None,
            )
            for p in indicator.findall("period")
        ]
    assert seen == expected
    story = activity.xpath("//indicator[reference/@code='OC2.2']")[0]
    assert story.get("measure") == "5"
    assert story.find("baseline").get("value") is None
    assert story.xpath("period/actual/comment/narrative/text()")[0].startswith("Bu Nining")
    assert activity.xpath("tag[@vocabulary='3']/@code") == ["6.1", "6.2", "3.9"]
    assert activity.findtext("location/point/pos") == "-7.3181 107.795"
    assert activity.find("recipient-country").get("code") == "ID"
    assert [(s.get("code"), s.get("percentage")) for s in activity.findall("sector")] == [
        ("14030", "50"),
        ("12220", "50"),
    ]


def test_every_shipped_program_exports_valid_xml(tmp_path: Path) -> None:
    out = tmp_path / "all.xml"
    result = daya("export", "iati", "--out", str(out), cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    activities = valid(out).getroot()
    assert len(activities) == len(list((REPO / "programs").glob("*/program.yaml")))


def test_the_same_programs_give_the_same_bytes(example: Path) -> None:
    first = export(example)[2].read_bytes()
    second = export(example)[2].read_bytes()
    assert first == second
    assert b"generated-datetime" not in first
    export(example, "--generated", "2027-01-15T08:00:00+07:00")
    stamped = (example / "out" / "iati.xml").read_bytes()
    assert b'generated-datetime="2027-01-15T08:00:00+07:00"' in stamped


def test_a_line_over_two_calendar_years_is_split_by_its_months(tmp_path: Path) -> None:
    # B1's activity touches Oct, Nov, Dec 2026 and Jan, Feb 2027: 5 months, 3 of them in 2026.
    #   2026: floor(1,000,003 × 3 / 5) = floor(600,001.8) = 600,001; 2027: the rest, 400,002.
    # B2 has no activity: the program's 24 months, 12 in each year.
    #   2026: floor(10,000,001 × 12 / 24) = 5,000,000; 2027: 5,000,001.
    project = tiny(
        tmp_path,
        (
            "period: {start: 2026-01-01, end: 2026-12-31}",
            "period: {start: 2026-01-01, end: 2027-12-31}",
        ),
        ("start: 2026-02-01, end: 2026-05-31", "start: 2026-10-15, end: 2027-02-10"),
        (
            "quantity: 2, unit: angkatan, unit_cost: 5000000",
            "quantity: 1, unit: paket, unit_cost: 1000003",
        ),
        (
            "funder: hibah}\n",
            "funder: hibah}\n"
            "    - {id: B2, category: overhead, item: Kantor, quantity: 1, unit: paket, "
            "unit_cost: 10000001, funder: hibah}\n",
        ),
    )
    code, output, out = export(project)
    assert code == 0, output
    budgets = [
        (
            b.find("period-start").get("iso-date"),
            b.find("period-end").get("iso-date"),
            b.find("value").get("value-date"),
            b.findtext("value"),
        )
        for b in valid(out).getroot()[0].findall("budget")
    ]
    assert budgets == [
        ("2026-01-01", "2026-12-31", "2026-01-01", str(600_001 + 5_000_000)),
        ("2027-01-01", "2027-12-31", "2027-01-01", str(400_002 + 5_000_001)),
    ]


# (case, edits to the minimal program, the exact output of a refused export)
REFUSED = [
    (
        "no organisation identifier",
        [("type: ngo, identifier: ID-KHH-AHU-0000001.AH.01.04.2024}", "type: ngo}")],
        f"{Y}:6:15: error[D701] organisation.identifier is missing, and the IATI activity is "
        "named after it; add the organisation's IATI identifier under organisation (e.g. "
        "identifier: ID-KHH-AHU-0012345.AH.01.04.2020; prefixes in org-id.guide)",
    ),
    (
        "no sector",
        [("sectors: [livelihood]", "sectors: []")],
        f"{Y}:10:10: error[D702] sectors: the program has no sector and IATI needs one (rule "
        "6.2.2); add sectors, or iati.sectors with DAC codes",
    ),
    (
        "an SDG target that does not exist",
        [("sectors: [livelihood]", 'sectors: [livelihood]\nsdg_targets: ["6.9"]')],
        f"{Y}:11:15: error[D707] sdg_targets[0]: '6.9' is not in the IATI codelist "
        "UNSDG-Targets; use a code from that list",
    ),
    (
        "a country the codelist does not know",
        [("country: ID", "country: XX")],
        f"{Y}:7:21: error[D707] location.country: 'XX' is not in the IATI codelist Country; "
        "use a code from that list",
    ),
]


@pytest.mark.parametrize(("case", "edits", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_a_program_that_breaks_a_rule_is_refused_with_a_located_message(
    tmp_path: Path, case: str, edits: list[tuple[str, str]], message: str
) -> None:
    project = tiny(tmp_path, *edits)
    out = project / "out" / "iati.xml"
    out.parent.mkdir()
    out.write_bytes(b"the previous file")
    code, output, _ = export(project)
    assert code == 1
    assert output.splitlines()[0] == message
    assert output.splitlines()[-1] == "out/iati.xml was not written"
    assert out.read_bytes() == b"the previous file"


def test_a_program_with_errors_is_not_exported(tmp_path: Path) -> None:
    project = tiny(tmp_path, ("sectors: [livelihood]", "iati: {sectors: ['99999']}"))
    code, output, out = export(project)
    assert code == 1
    assert output.splitlines() == [
        f"{Y}:10:18: error[D118] '99999' is not a DAC 5-digit purpose code in the IATI Sector "
        "codelist; use a code from it, e.g. 14030 for basic drinking water and sanitation",
        f"{Y}: not exported — fix the 1 error(s) above",
        "out/iati.xml was not written",
    ]
    assert not out.exists()


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        (
            "ID-KDN-123",
            "warning[D309] the agency prefix ID-KDN was withdrawn from org-id.guide; register the "
            "identifier with an active agency: ID-COA, ID-DJP, ID-KHH, ID-KLN, ID-SMR, XI-IATI, "
            "XM-DAC",
        ),
        (
            "ID-ABC-123",
            "warning[D309] ID-ABC is not a registration agency of org-id.guide; start the "
            "identifier with one of: ID-COA, ID-DJP, ID-KHH, ID-KLN, ID-SMR, XI-IATI, XM-DAC",
        ),
        (
            "ID-KHH-AHU 0012345",
            "error[D024] 'ID-KHH-AHU 0012345' is not a valid value for organisation.identifier: "
            "use an IATI organisation identifier: the agency prefix from org-id.guide, '-', then "
            "the registered number in letters, digits, '.', '_' or '-' without spaces, e.g. "
            "ID-KHH-AHU-0012345.AH.01.04.2020 or ID-DJP-012345678901000",
        ),
    ],
)
def test_organisation_identifiers_are_checked(
    tmp_path: Path, identifier: str, expected: str
) -> None:
    project = tiny(
        tmp_path, ("identifier: ID-KHH-AHU-0000001.AH.01.04.2024", f"identifier: {identifier}")
    )
    result = daya("check", Y, cwd=project)
    assert result.stdout.splitlines()[0] == f"{Y}:6:61: {expected}"


def activity_xml(body: str) -> etree._Element:
    return etree.fromstring(
        "<iati-activity><activity-date type='1' iso-date='2026-01-01'/>"
        "<activity-date type='3' iso-date='2027-12-31'/>"
        f"<sector vocabulary='1' code='14030'/>{body}</iati-activity>"
    )


# Rules whose breach Daya's own views never write: the rule itself, on XML made by hand.
RULE_CASES = [
    (
        "a budget longer than a year (7.5.3)",
        "<budget><period-start iso-date='2026-01-01'/><period-end iso-date='2027-01-02'/></budget>",
        "D705 the budget period 2026-01-01 to 2027-01-02 is longer than one year (IATI rule 7.5.3)",
    ),
    (
        "overlapping budgets",
        "<budget><period-start iso-date='2026-01-01'/><period-end iso-date='2026-12-31'/></budget>"
        "<budget><period-start iso-date='2026-12-01'/><period-end iso-date='2027-11-30'/></budget>",
        "D705 the budget period 2026-12-01 to 2027-11-30 overlaps the one before it (IATI budget "
        "guidance: one budget per period, periods not overlapping)",
    ),
    (
        "sector percentages not adding up (2.1.2)",
        "<sector vocabulary='1' code='12220' percentage='40'/>",
        "D706 each of several sectors needs a percentage (IATI rule 2.1.1)",
    ),
    (
        "a qualitative target with a value (8.9.3)",
        "<result type='1'><indicator measure='5'><reference vocabulary='99' code='OC2.2'/>"
        "<period><period-start iso-date='2026-01-01'/><period-end iso-date='2026-12-31'/>"
        "<target value='3'/></period></indicator></result>",
        "D708 indicator OC2.2 is qualitative, so its target carries no value (IATI rule 8.9.3)",
    ),
    (
        "a result period after the activity (8.6.1)",
        "<result type='1'><indicator measure='1'><reference vocabulary='99' code='X1'/>"
        "<period><period-start iso-date='2028-01-01'/><period-end iso-date='2028-06-30'/>"
        "<target value='3'/></period></indicator></result>",
        "D709 the period 2028-01-01 to 2028-06-30 of this target of indicator X1 lies outside "
        "the activity dates 2026-01-01 to 2027-12-31; move the target date into the program "
        "period",
    ),
    (
        "an expenditure after the report date (11.2.1)",
        "<transaction><transaction-type code='4'/><transaction-date iso-date='2027-01-05'/>"
        "</transaction>",
        "D704 the date 2027-01-05 lies after the report date 2026-12-31 (IATI rule 11.2.1); give "
        "--as-of a later date, or correct the date",
    ),
]


@pytest.mark.parametrize(("case", "body", "expected"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_each_rule_on_xml_that_breaks_it(case: str, body: str, expected: str) -> None:
    broken = list(check_rules(activity_xml(body), dt.date(2026, 12, 31)))
    assert [f"{b.code} {b.message}" for b in broken] == [expected]


def test_the_rules_pass_a_clean_activity() -> None:
    assert list(check_rules(activity_xml(""), dt.date(2026, 12, 31))) == []


def test_every_daya_value_has_a_code_in_its_codelist() -> None:
    fields = Program.model_fields
    from generator.core.model import SECTORS, Funding, Indicator, Organisation

    literal = {
        "sectors": SECTORS,
        "organisation.type": Organisation.model_fields["type"].annotation.__args__,  # type: ignore[union-attr]
        "funding.type": Funding.model_fields["type"].annotation.__args__,  # type: ignore[union-attr]
        "status": fields["status"].annotation.__args__,  # type: ignore[union-attr]
        "measure": Indicator.model_fields["measure"].annotation.__args__,  # type: ignore[union-attr]
        "result level": ("goal", "outcome", "output"),
    }
    assert set(CROSSWALKS) == set(literal)
    for name, (table, codelist_name) in CROSSWALKS.items():
        assert set(table) == set(literal[name]), name
        for value, code in table.items():
            assert in_codelist(codelist_name, code), f"{name} {value} → {code}"
    assert len(codelist("Sector")) > 300  # the whole DAC list is shipped, not a sample
