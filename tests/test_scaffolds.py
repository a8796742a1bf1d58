"""The program templates: real Cookiecutter bakes checked, generated and built, and `daya new`."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli.new import check_request, parse_new_arguments, template_names, template_questions
from generator.errors import UsageError
from generator.project import check_file, known_method_ids
from tests.conftest import REPO, daya

TEMPLATES_ROOT = REPO / "program_templates"
TEMPLATES = ["basic", "livelihood", "ppm-mining", "village-plan"]
LANGUAGES = ["id", "en"]
MODELINE = "# yaml-language-server: $schema=../../generator/schema/program.schema.json"
TODO_WARNINGS = {"D302", "D305", "D306"}  # baselines/targets, budget lines, budget vs funding
HOOKS = ["hooks/pre_gen_project.py", "hooks/post_gen_project.py"]


def load_extensions() -> Any:
    from generator.scaffolds import extensions

    return extensions


@pytest.fixture(scope="session")
def baked(cookies_session: Any) -> Any:
    """Bake (once per session) a template in a language, with the program starting 2026-01-01."""
    results: dict[tuple[str, str], Any] = {}

    def bake(template: str, language: str) -> Any:
        if (template, language) not in results:
            results[template, language] = cookies_session.bake(
                template=str(TEMPLATES_ROOT / template),
                extra_context={"language": language, "start": "2026-01-01"},
            )
        return results[template, language]

    return bake


def read_program(folder: Path) -> dict[str, Any]:
    return yaml.safe_load((folder / "program.yaml").read_text(encoding="utf-8"))


def activities(program: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        activity
        for outcome in program["results"]["outcomes"]
        for output in outcome.get("outputs", [])
        for activity in output.get("activities", [])
    ]


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def user_config(tmp_path: Path) -> str:
    """A Cookiecutter config that keeps replay files out of the real home folder."""
    config = tmp_path / "cookiecutter-config.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "cookiecutters_dir": str(tmp_path / "cookiecutters"),
                "replay_dir": str(tmp_path / "replay"),
            }
        ),
        encoding="utf-8",
    )
    return str(config)


# --- The templates on disk -------------------------------------------------------------------


def test_the_templates_key_lists_the_four_templates() -> None:
    assert template_names(TEMPLATES_ROOT) == TEMPLATES
    listing = json.loads((TEMPLATES_ROOT / "cookiecutter.json").read_text(encoding="utf-8"))
    for name, entry in listing["templates"].items():
        assert (TEMPLATES_ROOT / entry["path"]).resolve() == TEMPLATES_ROOT / name


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_template_has_its_files_and_bilingual_prompts(template: str) -> None:
    folder = TEMPLATES_ROOT / template
    for rel in [
        "cookiecutter.json",
        *HOOKS,
        "{{cookiecutter.id}}/program.yaml",
        "{{cookiecutter.id}}/README.md",
        "{{cookiecutter.id}}/data/README.md",
    ]:
        assert (folder / rel).is_file(), rel
    program = (folder / "{{cookiecutter.id}}" / "program.yaml").read_text(encoding="utf-8")
    assert program.splitlines()[0] == MODELINE
    context = json.loads((folder / "cookiecutter.json").read_text(encoding="utf-8"))
    assert context["language"] == ["id", "en"]
    prompts = context["__prompts__"]
    for question in template_questions(TEMPLATES_ROOT, template):
        prompt = prompts[question]
        text = prompt["__prompt__"] if isinstance(prompt, dict) else prompt
        assert " / " in text, f"{question}: Indonesian / English on one line"


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_templates_share_their_hooks_and_filters_from_the_package(template: str) -> None:
    """One source: each hook is a stub handing the answers to generator/scaffolds/hooks.py,
    and the Jinja filters come from generator/scaffolds/extensions.py."""
    folder = TEMPLATES_ROOT / template
    for rel, function in zip(HOOKS, ["before_bake", "after_bake"], strict=True):
        code = [line for line in (folder / rel).read_text().splitlines() if line.strip()]
        assert len(code) == 3, f"{template}/{rel} should only hand over to the package"
        assert code[1] == f"from generator.scaffolds.hooks import {function}"
    context = json.loads((folder / "cookiecutter.json").read_text(encoding="utf-8"))
    assert context["_extensions"] == ["generator.scaffolds.extensions.DayaTemplateExtension"]
    assert not (folder / "local_extensions.py").exists()


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ("2026-01-01", 24, "2027-12-31"),
        ("2026-01-15", 12, "2027-01-14"),
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-02-29", 120, "2034-02-28"),
        ("2026-12-31", 2, "2027-02-28"),
    ],
)
def test_the_end_date_is_the_last_day_of_the_period(start: str, months: int, end: str) -> None:
    assert load_extensions().period_end(start, months) == end


def test_date_filters_accept_bad_answers_quietly() -> None:
    # Cookiecutter renders the end date before the pre_gen hook can reject the answers.
    ext = load_extensions()
    assert ext.period_end("besok", 12) == ""
    assert ext.period_end("2026-01-01", "dua") == ""
    assert ext.add_months("9999-12-01", 2) == ""
    assert ext.amount_digits("1.500.000") == "1500000"
    assert ext.amount_digits("1,5") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Air Bersih Desa Sukamaju", "Air Bersih Desa Sukamaju"),
        ("Tahap 1: survei", "'Tahap 1: survei'"),
    ],
)
def test_answers_become_safe_yaml(text: str, expected: str) -> None:
    assert load_extensions().yaml_text(text) == expected
    assert yaml.safe_load(f"title: {load_extensions().yaml_text('# yes: no')}") == {
        "title": "# yes: no"
    }


# --- Baking every template in every language --------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("template", "language"), list(itertools.product(TEMPLATES, LANGUAGES)))
def test_every_template_bakes_a_program_with_no_errors(
    baked: Any, template: str, language: str
) -> None:
    result = baked(template, language)
    assert result.exit_code == 0, result.exception
    assert result.exception is None
    folder = result.project_path
    assert folder.name == result.context["id"]
    text = (folder / "program.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    assert (folder / "data").is_dir() and any((folder / "data").iterdir())
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert ("What to fill in next" if language == "en" else "Yang perlu diisi berikutnya") in readme

    checked = check_file(folder / "program.yaml", known_method_ids(REPO))
    assert checked.errors == []
    assert checked.loaded is not None and checked.loaded.program.language == language
    # The warnings are the user's to-do list: numbers the template does not make up.
    assert {p.code for p in checked.warnings} <= TODO_WARNINGS


# The monitoring contract's columns, in its order (/spec/monitoring.md §2), written out here
# rather than imported, so a change to the scaffold's copy shows up as a failing test.
MONITORING_HEADERS = {
    "results.csv": b"indicator,period_end,disaggregation,value,numerator,denominator,source,"
    b"collected_on,note\n",
    "spending.csv": b"budget_line,date,amount,source,note\n",
    "activities.csv": b"activity,date,status,note\n",
}
MONITORING_README_HEADING = {"id": "# Data pemantauan", "en": "# Monitoring data"}


def assert_empty_monitoring_folder(program_dir: Path, language: str) -> None:
    """monitoring/ holds the three header-only CSV files (UTF-8, no BOM, \\n) and a README in
    the program's language naming every file, the status words and the guide page."""
    folder = program_dir / "monitoring"
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.md",
        "activities.csv",
        "results.csv",
        "spending.csv",
    ]
    for name, header in MONITORING_HEADERS.items():
        assert (folder / name).read_bytes() == header, name
    readme = (folder / "README.md").read_bytes()
    assert not readme.startswith(b"\xef\xbb\xbf") and b"\r" not in readme
    text = readme.decode("utf-8")
    assert text.startswith(MONITORING_README_HEADING[language] + "\n")
    other = "en" if language == "id" else "id"
    assert MONITORING_README_HEADING[other] not in text
    for word in [
        "results.csv", "spending.csv", "activities.csv", "narrative/",
        "not-started", "in-progress", "done", "delayed", "cancelled",
        "docs/guide/monitoring" + (".en.md" if language == "en" else ".md"),
    ]:  # fmt: skip
        assert word in text, word
    # One example row under each header, with as many cells as the header has columns.
    for header in MONITORING_HEADERS.values():
        columns = header.decode().strip()
        lines = text.splitlines()
        row = lines[[line.strip() for line in lines].index(columns) + 1].strip()
        assert len(next(csv.reader([row]))) == columns.count(",") + 1, row


@pytest.mark.slow
@pytest.mark.parametrize(("template", "language"), list(itertools.product(TEMPLATES, LANGUAGES)))
def test_every_template_bakes_an_empty_monitoring_folder(
    baked: Any, template: str, language: str
) -> None:
    result = baked(template, language)
    assert result.exit_code == 0, result.exception
    assert_empty_monitoring_folder(result.project_path, language)


def test_the_monitoring_folder_keeps_files_already_there(tmp_path: Path) -> None:
    from generator.scaffolds.monitoring import write_monitoring_folder

    (tmp_path / "monitoring").mkdir()
    (tmp_path / "monitoring" / "results.csv").write_text("kept\n", encoding="utf-8")
    write_monitoring_folder(tmp_path, "en")
    assert (tmp_path / "monitoring" / "results.csv").read_text(encoding="utf-8") == "kept\n"
    assert (tmp_path / "monitoring" / "spending.csv").read_bytes() == MONITORING_HEADERS[
        "spending.csv"
    ]


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_baked_programs_generate_every_document_and_build_into_the_site(
    baked: Any, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(REPO / "overrides", project / "overrides")
    for name in [
        "mkdocs.yml",
        "CONTRIBUTING.md",
        "CONTRIBUTING.id.md",
        "SECURITY.md",
        "SECURITY.id.md",
    ]:
        shutil.copy2(REPO / name, project / name)
    (project / "generator").symlink_to(REPO / "generator")  # mkdocs.yml watches its templates
    ids = []
    for template, language in itertools.product(TEMPLATES, LANGUAGES):
        result = baked(template, language)
        baked_id = result.context["id"]
        text = (result.project_path / "program.yaml").read_text(encoding="utf-8")
        new_id = f"{template}-{language}"
        target = project / "programs" / new_id / "program.yaml"
        target.parent.mkdir(parents=True)
        target.write_text(text.replace(f"id: {baked_id}\n", f"id: {new_id}\n", 1), "utf-8")
        ids.append(new_id)

    generate = daya("generate", "--out", "out", cwd=project, timeout=600)
    assert generate.returncode == 0, generate.stdout + generate.stderr
    documents = [
        "index.md",
        "plan.md",
        "logframe.md",
        "theory-of-change.md",
        "me-plan.md",
        "workplan.md",
        "budget.md",
        "stakeholders.md",
        "risks.md",
    ]
    for new_id in ids:
        written = {p.name for p in (project / "out" / new_id).iterdir()}
        suffix = ".md" if new_id.endswith("-id") else ".en.md"  # English pages: plan.en.md
        expected = {name.removesuffix(".md") + suffix for name in documents}
        assert expected <= written, (new_id, written)
        assert any(name.endswith(".docx") for name in written)
        assert any(name.endswith(".xlsx") for name in written)

    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    for new_id in ids:
        assert (tmp_path / "site" / "programs" / new_id / "index.html").exists()
        assert (tmp_path / "site" / "en" / "programs" / new_id / "index.html").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("template", "start", "months"),
    [
        (template, start, months)
        for template in TEMPLATES
        for start, months in [("2026-01-31", "1"), ("2024-02-29", "120")]
    ],
)
def test_dates_stay_inside_the_period_for_any_duration(
    cookies: Any, template: str, start: str, months: str
) -> None:
    result = cookies.bake(
        template=str(TEMPLATES_ROOT / template),
        extra_context={"start": start, "duration_months": months},
    )
    assert result.exit_code == 0, result.exception
    checked = check_file(result.project_path / "program.yaml", known_method_ids(REPO))
    assert checked.errors == []
    program = read_program(result.project_path)
    assert str(program["period"]["start"]) == start


@pytest.mark.slow
def test_the_id_comes_from_the_title_and_the_end_from_the_duration(cookies: Any) -> None:
    result = cookies.bake(
        template=str(TEMPLATES_ROOT / "basic"),
        extra_context={
            "title": "Air Bersih Desa Sukamaju",
            "start": "2026-01-01",
            "duration_months": "24",
        },
    )
    assert result.exit_code == 0, result.exception
    assert result.project_path.name == "air-bersih-desa-sukamaju"
    program = read_program(result.project_path)
    assert program["id"] == "air-bersih-desa-sukamaju"
    assert program["period"] == {"start": dt.date(2026, 1, 1), "end": dt.date(2027, 12, 31)}


# --- What each kind of program must contain ---------------------------------------------------

PPM_AREAS = [
    "pendidikan",
    "kesehatan",
    "tingkat pendapatan riil atau pekerjaan",
    "kemandirian ekonomi",
    "sosial dan budaya",
    "partisipasi masyarakat dalam pengelolaan lingkungan berkelanjutan",
    "kelembagaan komunitas",
    "infrastruktur penunjang ppm",
]
APBDES_AREAS = [
    "penyelenggaraan pemerintahan desa",
    "pelaksanaan pembangunan desa",
    "pembinaan kemasyarakatan desa",
    "pemberdayaan masyarakat desa",
    "penanggulangan bencana, keadaan darurat dan mendesak desa",
]


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_ppm_mining_has_the_eight_areas_social_mapping_first_and_a_consultation_milestone(
    baked: Any, language: str
) -> None:
    program = read_program(baked("ppm-mining", language).project_path)
    statements = [o["statement"].lower() for o in program["results"]["outcomes"]]
    assert len(statements) == 8
    for area, statement in zip(PPM_AREAS, statements, strict=True):
        assert area in statement
    first = min(activities(program), key=lambda a: a["start"])
    assert "social-mapping" in first["methods"]
    assert first["start"] == program["period"]["start"]
    consultation = [a for a in activities(program) if "public-consultation" in a.get("methods", [])]
    assert len(consultation) == 1 and consultation[0]["milestone"] is True
    assert program["organisation"]["type"] == "company"


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_village_plan_follows_the_five_apbdes_areas_and_is_funded_by_the_apbdes(
    baked: Any, language: str
) -> None:
    program = read_program(baked("village-plan", language).project_path)
    statements = [o["statement"].lower() for o in program["results"]["outcomes"]]
    assert len(statements) == 5
    for area, statement in zip(APBDES_AREAS, statements, strict=True):
        assert area in statement
    assert [(f["id"], f["type"]) for f in program["funding"]] == [("apbdes", "cofinancing")]
    assert program["organisation"]["type"] == "government"


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_livelihood_has_savings_groups_enterprises_and_income_indicators(
    baked: Any, language: str
) -> None:
    program = read_program(baked("livelihood", language).project_path)
    assert any("savings-groups" in a.get("methods", []) for a in activities(program))
    income = [program["results"]["goal"]["indicators"][0]]
    income += [
        i for o in program["results"]["outcomes"] for i in o["indicators"] if i["id"] == "OC2.1"
    ]
    per_month = "IDR per month" if language == "en" else "IDR per bulan"
    assert [(i["unit"], i["direction"]) for i in income] == [(per_month, "increase")] * 2


# --- Bad answers stop the bake and leave nothing behind ----------------------------------------

BAD_ANSWERS = [
    # (question, answer, the English message, the Indonesian one)
    (
        "id",
        "program air bersih",
        "The program id 'program air bersih' cannot be used",
        "Id program",
    ),
    ("id", "../x", "The program id '../x' cannot be used", "Id program"),
    ("id", "con", "not a name Windows reserves", "dicadangkan Windows"),
    ("id", "air.", "not ending with a dot", "tidak diakhiri titik"),
    ("title", "J" * 201, "The program title is too long (201 characters)", "terlalu panjang"),
    (
        "start",
        "besok",
        "The start date 'besok' is not a date. Write it as YYYY-MM-DD",
        "bukan tanggal",
    ),
    (
        "duration_months",
        "0",
        "Enter the number of months as a whole number from 1 to 120",
        "Isi jumlah bulan",
    ),
    (
        "duration_months",
        "500",
        "Enter the number of months as a whole number from 1 to 120",
        "Isi jumlah bulan",
    ),
    (
        "currency",
        "XXX",
        "The currency 'XXX' is not known. Enter a three-letter ISO 4217 code",
        "Isi kode mata uang ISO 4217",
    ),
    ("currency", "RUPIAH", "The currency 'RUPIAH' is not known", "Isi kode mata uang ISO 4217"),
    (
        "funding_amount",
        "1,5",
        "Enter a whole number above zero",
        "Isi bilangan bulat lebih dari nol",
    ),
    (
        "funding_amount",
        "1" + "0" * 29,
        "is too large. Enter at most 999,999,999,999,999",
        "Isi paling banyak 999.999.999.999.999",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("key", "value", "message", "indonesian"), BAD_ANSWERS)
def test_a_bad_answer_stops_with_a_message_and_leaves_no_folder(
    cookies: Any,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    key: str,
    value: str,
    message: str,
    indonesian: str,
) -> None:
    from cookiecutter.exceptions import FailedHookException

    monkeypatch.delenv("DAYA_LANG")  # plain Cookiecutter, no language named: both languages
    result = cookies.bake(template=str(TEMPLATES_ROOT / "basic"), extra_context={key: value})
    assert isinstance(result.exception, FailedHookException)
    err = capfd.readouterr().err
    assert message in err
    assert indonesian in err
    assert "nothing was written" in err
    assert files_under(tmp_path / "cookies") == []
    assert [p.name for p in (tmp_path / "cookies").iterdir()] == ["bake00"]


# --- Plain Cookiecutter, as the handbook shows it ---------------------------------------------


@pytest.mark.slow
def test_plain_cookiecutter_asks_which_template_and_directory_picks_one(tmp_path: Path) -> None:
    from cookiecutter.main import cookiecutter

    config = user_config(tmp_path)
    first = cookiecutter(
        str(TEMPLATES_ROOT), no_input=True, output_dir=str(tmp_path / "a"), config_file=config
    )
    assert read_program(Path(first))["organisation"]["type"] == "ngo"  # the first: basic
    command = [
        sys.executable, "-m", "cookiecutter", str(TEMPLATES_ROOT),
        "--directory", "village-plan", "--no-input", "--output-dir", str(tmp_path / "programs"),
        "--config-file", config, "id=desa-maju",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "programs" / "desa-maju" / "program.yaml").is_file()
    assert "0 errors" in done.stdout


# --- daya new --------------------------------------------------------------------------------


def daya_new(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(cwd / "home"), "NO_COLOR": "1"}
    env.pop("DAYA_SCAFFOLD_MESSAGE_FILE", None)
    return daya("new", *args, cwd=cwd, env=env)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder with a programs/ folder holding one program, `existing`."""
    shutil.copytree(REPO / "programs" / "air-bersih-sukamaju", tmp_path / "programs" / "existing")
    return tmp_path


@pytest.mark.slow
def test_daya_new_writes_a_program_and_says_what_to_do_next(workspace: Path) -> None:
    done = daya_new("livelihood", "--no-input", "id=tabungan-warga", "language=en", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert (workspace / "programs" / "tabungan-warga" / "program.yaml").is_file()
    assert "New program: programs/tabungan-warga/program.yaml" in done.stdout
    assert "daya check programs/tabungan-warga" in done.stdout
    assert "make serve" in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_daya_new_writes_an_empty_monitoring_folder_in_the_program_language(
    workspace: Path, language: str
) -> None:
    done = daya_new("basic", "--no-input", "id=pantau", f"language={language}", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert_empty_monitoring_folder(workspace / "programs" / "pantau", language)


@pytest.mark.slow
def test_daya_new_refuses_an_id_that_already_exists(workspace: Path) -> None:
    before = (workspace / "programs" / "existing" / "program.yaml").read_bytes()
    done = daya_new("basic", "--no-input", "id=existing", cwd=workspace)
    assert done.returncode == 1
    assert "programs/existing already exists" in done.stderr
    assert "Traceback" not in done.stderr
    assert (workspace / "programs" / "existing" / "program.yaml").read_bytes() == before
    assert sorted(p.name for p in (workspace / "programs").iterdir()) == ["existing"]


@pytest.mark.slow
def test_daya_new_refuses_an_existing_id_that_comes_from_the_title(workspace: Path) -> None:
    done = daya_new("--no-input", "title=Existing", cwd=workspace)
    assert done.returncode == 1
    assert "programs/existing already exists" in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (["start=besok"], "The start date 'besok' is not a date"),
        (["id=../x"], "The program id '../x' cannot be used"),
        (["id=a/b"], "The program id 'a/b' cannot be used"),
        (["funding_amount=" + "1" * 30], "is too large. Enter at most 999,999,999,999,999"),
    ],
)
def test_daya_new_shows_the_message_once_and_leaves_nothing(
    workspace: Path, answers: list[str], message: str
) -> None:
    done = daya_new("basic", "--no-input", *answers, cwd=workspace)
    assert done.returncode == 1
    assert done.stderr.count(message) == 1
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in (workspace / "programs").iterdir()) == ["existing"]
    assert not (workspace / "x").exists()


@pytest.mark.slow
def test_daya_new_refuses_an_unknown_template_or_question(workspace: Path) -> None:
    done = daya_new("ppm", "--no-input", cwd=workspace)
    assert done.returncode == 2
    assert "unknown template 'ppm'; choose one of: basic, livelihood, ppm-mining" in done.stderr
    done = daya_new("basic", "--no-input", "judul=Air", cwd=workspace)
    assert done.returncode == 2
    assert "unknown question judul; the template asks: language, village, title" in done.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["basic", "--no-input", "id=x", "title=A = B"],
        ["--no-input", "basic", "id=x", "title=A = B"],
        ["id=x", "basic", "title=A = B", "--no-input"],
    ],
)
def test_new_takes_its_arguments_in_any_order(arguments: list[str]) -> None:
    assert parse_new_arguments(arguments) == ("basic", {"id": "x", "title": "A = B"}, True)
    assert parse_new_arguments([*arguments, "--ui-lang", "id"])[:2] == (
        "basic",
        {"id": "x", "title": "A = B"},
    )
    with pytest.raises(UsageError, match="--ui-lang 'fr': choose id or en"):
        parse_new_arguments([*arguments, "--ui-lang=fr"])


def test_new_refuses_two_templates_and_unknown_options() -> None:
    with pytest.raises(UsageError, match="give one template"):
        parse_new_arguments(["basic", "livelihood"])
    with pytest.raises(UsageError, match="unknown option --force"):
        parse_new_arguments(["--force"])


def test_new_takes_answers_as_plain_text_not_templates() -> None:
    # Cookiecutter would render "{{ 7*7 }}" as 49 before anything could check it.
    with pytest.raises(UsageError, match=r"title='\{\{ 7\*7 \}\}' contains template syntax"):
        check_request(TEMPLATES_ROOT, "basic", {"title": "{{ 7*7 }}"})
    check_request(TEMPLATES_ROOT, "basic", {"title": "Air {bersih} 100%"})
