"""Planning documents: golden files, valid Mermaid, right numbers, inert hostile text, template errors."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.core.documents import DOCUMENTS, RenderOptions, render_documents
from generator.core.i18n import translations
from generator.core.load import load_program
from generator.core.render import make_environment
from generator.errors import TemplateProblem
from generator.handbook.cards import method_titles
from generator.project import check_file, known_method_ids
from tests.conftest import EXAMPLE, MINIMAL, REPO, daya, write_tree

GOLDEN = REPO / "tests" / "golden" / "air-bersih-sukamaju"


PLAN_ONLY = REPO / "tests" / "golden" / "plan-only"
"""The example as it was before monitoring existed (no monitoring/ folder beside it), with the
documents Daya wrote for it then: they must not change."""


def example_documents(lang: str, path: Path = EXAMPLE) -> dict[str, str]:
    """The documents of a program file with its monitoring (as `daya generate` writes them)."""
    checked = check_file(path, None)
    assert checked.loaded is not None
    return render_documents(
        checked.loaded.program,
        RenderOptions(lang=lang, method_titles=method_titles(lang, REPO)),
        monitoring=checked.monitoring,
    )


@pytest.mark.parametrize("lang", ["id", "en"])
def test_example_matches_golden_files(lang: str) -> None:
    documents = example_documents(lang)
    assert "progress.md" in documents
    compare_with_golden(documents, GOLDEN / lang)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_program_without_monitoring_gives_the_documents_it_gave_before(lang: str) -> None:
    documents = example_documents(lang, PLAN_ONLY / "program.yaml")
    assert "progress.md" not in documents
    compare_with_golden(documents, PLAN_ONLY / lang)


def compare_with_golden(documents: dict[str, str], folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(documents)
    for name, content in documents.items():
        assert (folder / name).read_text(encoding="utf-8") == content, (
            f"{folder / name} differs; if the change is intended, run "
            "`python -m tests.update_golden` and review the diff"
        )


def test_two_runs_give_identical_bytes(tmp_path: Path) -> None:
    def run(out: Path) -> dict[str, bytes]:
        assert daya("generate", str(EXAMPLE), "--out", str(out), cwd=REPO).returncode == 0
        return {p.name: p.read_bytes() for p in (out / "air-bersih-sukamaju").iterdir()}

    assert run(tmp_path / "a") == run(tmp_path / "b")


# --- Mermaid: the real parser -----------------------------------------------------------------

MERMAID_BLOCK = re.compile(r"```mermaid\n(.*?)```", re.S)
NODE = shutil.which("node")
PARSER = REPO / "tests" / "mermaid_parse.mjs"


def mermaid_shapes(diagrams: list[str]) -> list[dict]:
    """Per diagram: its parse error (None when valid) and the tasks, sections, points and
    nodes the real parser understood."""
    result = subprocess.run(
        [NODE, str(PARSER)],
        input=json.dumps(diagrams),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def parse_mermaid(diagrams: list[str]) -> list[str | None]:
    return [shape["error"] for shape in mermaid_shapes(diagrams)]


def all_program_diagrams() -> list[tuple[str, str]]:
    found = []
    for path in sorted((REPO / "programs").glob("*/program.yaml")):
        checked = check_file(path, None)  # with its monitoring: the progress charts too
        program = checked.loaded.program
        for lang in ("id", "en"):
            options = RenderOptions(lang=lang)
            documents = render_documents(program, options, monitoring=checked.monitoring)
            for name, content in documents.items():
                for block in MERMAID_BLOCK.findall(content):
                    found.append((f"{program.id}/{lang}/{name}", block))
    return found


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed; CI installs it")
@pytest.mark.skipif(
    not (REPO / "node_modules" / "mermaid").exists(),
    reason="npm packages not installed: run `make test`",
)
def test_every_generated_mermaid_block_parses(tmp_path: Path) -> None:
    diagrams = all_program_diagrams()
    kinds = {block.split("---\n")[-1].split()[0] for _, block in diagrams}  # after the config
    assert kinds == {"flowchart", "gantt", "quadrantChart", "xychart-beta"}
    hostile = render_documents(hostile_program(tmp_path), RenderOptions(lang="id"))
    diagrams += [("hostile/" + n, b) for n, c in hostile.items() for b in MERMAID_BLOCK.findall(c)]
    errors = parse_mermaid([block for _, block in diagrams])
    failures = [
        f"{where}: {error}" for (where, _), error in zip(diagrams, errors, strict=True) if error
    ]
    assert failures == []


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed; CI installs it")
@pytest.mark.skipif(
    not (REPO / "node_modules" / "mermaid").exists(),
    reason="npm packages not installed: run `make test`",
)
def test_mermaid_parser_rejects_broken_text() -> None:
    """The parser check can fail: a broken diagram is reported."""
    assert parse_mermaid(['flowchart BT\n    a["x"] -->'])[0] is not None


MERMAID_KEYWORDS_PROGRAM = {
    # Stakeholder ids that are quadrant keywords, and activity ids that are Gantt keywords.
    "stakeholders:\n  - {id: pemdes, name: Pemerintah desa,": (
        "stakeholders:\n"
        "  - {id: x-axis, name: Sumbu, influence: low, interest: low}\n"
        "  - {id: quadrant-1, name: Kuadran, influence: low, interest: high}\n"
        "  - {id: classdef, name: 'Kelas \"A\"', influence: high, interest: low, engagement: x}\n"
        "  - {id: acc-title, name: Judul, influence: medium, interest: medium}\n"
        "  - {id: pemdes, name: Pemerintah desa,"
    ),
    "            - {id: A1.1.1, title: Pelatihan,": "".join(
        f"            - {{id: {ident}, title: '{title}', start: 2026-02-01, end: 2026-03-31}}\n"
        for ident, title in [
            ("click", "call alert(1)"),
            ("call", "click x href"),
            ("topAxis", "dateFormat YYYY"),
            ("section", "section baru"),
            ("dateFormat", "%% komentar"),
            ("'2026-01-01'", "title Judul"),
        ]
    )
    + "            - {id: A1.1.1, title: Pelatihan,",
}


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed; CI installs it")
@pytest.mark.skipif(
    not (REPO / "node_modules" / "mermaid").exists(),
    reason="npm packages not installed: run `make test`",
)
def test_mermaid_keywords_as_ids_and_titles_change_no_diagram(program_file) -> None:
    text = MINIMAL
    for old, new in MERMAID_KEYWORDS_PROGRAM.items():
        assert old in text
        text = text.replace(old, new)
    path = program_file(text)
    checked = check_file(path, known_method_ids(REPO))
    assert checked.errors == [], checked.errors
    program = checked.loaded.program
    for lang in ("id", "en"):
        documents = render_documents(program, RenderOptions(lang=lang))
        blocks = {
            name: MERMAID_BLOCK.findall(content)[0]
            for name, content in documents.items()
            if "```mermaid" in content
        }
        shapes = dict(zip(blocks, mermaid_shapes(list(blocks.values())), strict=True))
        assert all(shape["error"] is None for shape in shapes.values()), shapes
        activities = list(program.results.activities())
        gantt = shapes["workplan.md"]
        assert len(gantt["tasks"]) == len(gantt["sections"]) == len(activities) == 7, gantt
        for task, section, activity in zip(
            gantt["tasks"], gantt["sections"], activities, strict=True
        ):  # a row per activity: its code and title on the left, its code on the bar
            assert activity.id in task and section.startswith(f"\u200b{activity.id} "), section
        quadrant = shapes["stakeholders.md"]
        assert len(quadrant["points"]) == len(program.stakeholders) == 5, quadrant
        assert any("Kelas" in point for point in quadrant["points"]), quadrant
        flowchart = shapes["theory-of-change.md"]
        assert len(flowchart["nodes"]) == 1 + 1 + 1 + 7, flowchart


BLOCK_MARKUP = ['???+ danger "x"', "??? note", "---", "***", "___", "> quote", "+ item", "=== x"]


def test_block_markup_at_the_start_of_text_stays_text(program_file) -> None:
    """Each text starts with block markup: no collapsible block, rule, quote or list appears."""
    text = MINIMAL
    fields = [
        ("title: Program kecil", "title"),
        ("statement: Warga lebih sejahtera.", "statement"),
        ("statement: Kelompok usaha berjalan.", "statement"),
        ("statement: Anggota terlatih.", "statement"),
        ("name: Jumlah kelompok aktif", "name"),
        ("role: Pengelola program}", "role"),
        ("mitigation: Diversifikasi,", "mitigation"),
        ("name: Pendapatan rata-rata", "name"),
    ]
    for (old, key), markup in zip(fields, BLOCK_MARKUP, strict=True):
        quoted = markup.replace('"', '\\"')
        end = "}" if old.endswith("}") else ("," if old.endswith(",") else "")
        text = text.replace(old, f'{key}: "{quoted}"{end}', 1)
    background = "\n\n".join(BLOCK_MARKUP).replace('"', '\\"').replace("\n", "\\n")
    text = text.replace("status: planned", f'status: planned\nbackground: "{background}"')
    path = program_file(text)
    checked = check_file(path, known_method_ids(REPO))
    assert checked.errors == [], checked.errors
    documents = render_documents(checked.loaded.program, RenderOptions(lang="id"))
    for name, markdown in documents.items():
        page = build_site_page(None, markdown)
        for element in ["<details", "<hr", "<blockquote", '<div class="admonition']:
            assert element not in page, (name, element)
        assert "<li>item" not in page, name
        template_headings = [ln for ln in markdown.splitlines() if re.match(r"#{1,6} ", ln)]
        assert len(re.findall(r"<h\d", page)) == len(template_headings), name
    plan = html.unescape(build_site_page(None, documents["plan.md"]))
    for markup in BLOCK_MARKUP:
        assert markup in plan, markup  # shown as written


# --- Numbers ----------------------------------------------------------------------------------


def test_budget_totals_per_funder_and_category() -> None:
    budget = example_documents("id")["budget.md"]
    assert "| **Total** | | **Rp1.000.000.000** | **Rp1.000.000.000** | **Rp0** |" in budget
    assert (
        "| PT Sumber Energi Nusantara (program tanggung jawab sosial) | Hibah | Rp850.000.000 |"
        in budget
    )
    assert "| Dana Desa Sukamaju | Dana pendamping | Rp150.000.000 |" in budget
    # Category subtotals are the sums of their lines: materials = 403.000.000 + 20.000.000.
    assert "| Bahan | Rp423.000.000 | 42,3% |" in budget
    assert "| Pelatihan | Rp80.000.000 | 8% |" in budget
    assert "*Rp605.000.000*" in budget  # the subtotal of A1.1.2: 403 + 130 + 72 million
    assert "anggaran terdanai penuh" in budget


def test_budget_totals_in_english() -> None:
    budget = example_documents("en")["budget.md"]
    assert "**IDR 1,000,000,000**" in budget
    assert "| Materials | IDR 423,000,000 | 42.3% |" in budget


def test_target_row_shows_baseline_and_each_target() -> None:
    me_plan = example_documents("id")["me-plan.md"]
    row = next(line for line in me_plan.splitlines() if line.startswith("| **OC1.1**"))
    assert "35% (31 Oktober 2025)" in row
    assert "31 Desember 2026: 60%<br>31 Desember 2027: 85%" in row
    english = example_documents("en")["me-plan.md"]
    assert "35% (31 October 2025)" in english and "31 December 2027: 85%" in english


def test_funding_gap_is_reported(program_file) -> None:
    path = program_file(MINIMAL.replace("amount: 10000000}", "amount: 8000000}"))
    program = load_program(path).program
    budget = render_documents(program, RenderOptions(lang="id"))["budget.md"]
    assert '!!! warning "Kekurangan dana"' in budget
    assert "sebesar Rp2.000.000." in budget


def test_untranslated_text_falls_back_with_one_notice_per_document() -> None:
    documents = example_documents("en")
    plan = documents["plan.md"]
    assert "Pemetaan sosial pada Oktober 2025" in plan  # the Indonesian background, shown as is
    notice = (
        '!!! note "Not yet translated"\n\n    96 of this program\'s 100 texts are not yet written'
        " in English; they are shown in Indonesian, as written.\n"
    )
    for name, text in documents.items():
        assert text.count(notice) == 1, name
        lines = text.splitlines()
        title = next(n for n, line in enumerate(lines) if line.startswith("# "))
        assert lines[title + 2] == '!!! note "Not yet translated"', f"{name}: under the title"
        assert "(ID)" not in text and "daya-untranslated" not in text
    assert not [t for t in example_documents("id").values() if "Belum diterjemahkan" in t]
    site_page = render_documents(
        load_program(EXAMPLE).program, RenderOptions(lang="en", standalone=False)
    )
    assert sum(t.count("Not yet translated") for t in site_page.values()) == 1  # on the overview
    index = example_documents("en")["index.md"]
    assert index.startswith("# Clean Water and Sanitation for Sukamaju Village\n")


# --- Security ---------------------------------------------------------------------------------

HOSTILE_TEXTS = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "# heading",
    "!!! danger",
    "| a | b |",
    "{{ 7*7 }}",
    "{% raw %}",
]


def hostile_program(tmp_path: Path):
    text = MINIMAL
    evil = " ".join(HOSTILE_TEXTS).replace('"', '\\"')
    text = text.replace("title: Program kecil", f'title: "{evil}"')
    text = text.replace("statement: Warga lebih sejahtera.", f'statement: "{evil}"')
    text = text.replace("statement: Anggota terlatih.", f'statement: "{evil}"')
    text = text.replace("item: Pelatihan,", f'item: "{evil}",')
    text = text.replace("title: Pelatihan,", f'title: "{evil}",')
    text = text.replace("name: Pemerintah desa,", 'name: "!!! danger\\n# heading | a | b |",')
    path = tmp_path / "programs" / "tiny" / "program.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    checked = check_file(path, known_method_ids(REPO))
    assert checked.errors == [], checked.errors
    return checked.loaded.program


def build_site_page(tmp_path: Path, markdown: str) -> str:
    """Render Markdown with the site's own extensions, as MkDocs would."""
    import markdown as md

    extensions = [
        "abbr",
        "tables",
        "admonition",
        "attr_list",
        "md_in_html",
        "def_list",
        "footnotes",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.tabbed",
    ]
    return md.markdown(markdown, extensions=extensions)


def test_hostile_text_is_shown_literally_and_runs_nothing(tmp_path: Path) -> None:
    program = hostile_program(tmp_path)
    documents = render_documents(program, RenderOptions(lang="id"))
    for name, markdown in documents.items():
        html = build_site_page(tmp_path, markdown)
        assert "<script>" not in html, name
        assert 'href="javascript' not in html, name
        assert '<div class="admonition danger">' not in html, name
        assert " 49 " not in html, name  # {{ 7*7 }} was not evaluated
        # Program text made no heading: the page has exactly the headings the template wrote.
        template_headings = [ln for ln in markdown.splitlines() if re.match(r"#{1,6} ", ln)]
        assert len(re.findall(r"<h\d", html)) == len(template_headings), name
        assert not re.search(r"<h\d[^>]*>heading</h\d>", html), name
    plan_html = build_site_page(tmp_path, documents["plan.md"])
    # Visible as literal text:
    for literal in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "[x](javascript:alert(1))",
        "# heading",
        "!!! danger",
        "| a | b |",
        "{{ 7*7 }}",
        "{% raw %}",
    ]:
        assert literal in plan_html.replace("&#124;", "|"), literal


def test_hostile_text_breaks_no_table(tmp_path: Path) -> None:
    program = hostile_program(tmp_path)
    documents = render_documents(program, RenderOptions(lang="id"))
    for name, markdown in documents.items():
        lines = markdown.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("|---") or line.startswith("|:") or line.startswith("|-"):
                columns = line.count("|")
                j = i + 1
                while j < len(lines) and lines[j].startswith("|"):
                    assert lines[j].count("|") == columns, (name, lines[j])
                    j += 1
                assert j > i + 1, f"{name}: a table without rows after line {i + 1}"


def render_with_template(tmp_path: Path, name: str, text: str) -> dict[str, str]:
    """The example's documents, with one built-in template replaced by `text`."""
    write_tree(tmp_path, {f"templates/{name}": text})
    program = load_program(EXAMPLE).program
    env = make_environment(tmp_path / "templates")
    return render_documents(program, RenderOptions(lang="id"), env)


def test_sandbox_blocks_attribute_escape(tmp_path: Path) -> None:
    with pytest.raises(TemplateProblem) as caught:
        render_with_template(tmp_path, "plan.md.j2", "# Plan\n\n{{ ''.__class__.__mro__ }}\n")
    message = str(caught.value)
    assert "plan.md.j2:3" in message
    assert "sandbox" in message


def test_template_typo_names_template_and_line(tmp_path: Path) -> None:
    with pytest.raises(TemplateProblem) as caught:
        render_with_template(
            tmp_path, "logframe.md.j2", "# Logframe\n\nTitle: {{ program.titel }}\n"
        )
    message = str(caught.value)
    assert "logframe.md.j2:3" in message
    assert "titel" in message


def test_override_folder_replaces_one_template(tmp_path: Path) -> None:
    documents = render_with_template(
        tmp_path, "risks.md.j2", "# {{ _('Risk register') }}\n\nOurs.\n"
    )
    assert documents["risks.md"] == "# Daftar risiko\n\nOurs.\n"
    assert documents["budget.md"] == example_documents_no_methods("id")["budget.md"]


def example_documents_no_methods(lang: str) -> dict[str, str]:
    return render_documents(load_program(EXAMPLE).program, RenderOptions(lang=lang))


def test_template_error_through_the_cli_is_clear(tmp_path: Path) -> None:
    override = tmp_path / "templates"
    override.mkdir()
    (override / "plan.md.j2").write_text("{{ program.titel }}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = daya(
        "generate", str(EXAMPLE), "--out", str(out), "--templates", str(override), cwd=REPO
    )
    assert result.returncode == 1
    assert "plan.md.j2:1" in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert not (out / "air-bersih-sukamaju").exists()


# --- daya generate ---------------------------------------------------------------------------


def test_generate_refuses_a_program_with_errors(tmp_path: Path) -> None:
    bad = tmp_path / "programs" / "tiny" / "program.yaml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        MINIMAL.replace("end: 2026-05-31, responsible: pm}", "end: 2027-05-31, responsible: pm}")
    )
    result = daya("generate", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert "error[D104]" in result.stdout and "not generated" in result.stdout
    assert not (tmp_path / "out" / "tiny").exists()


def test_generate_replaces_the_folder_atomically(tmp_path: Path) -> None:
    """A file Daya wrote and no longer writes goes; the folder is swapped in whole."""
    out = tmp_path / "out"

    def generate(formats: str) -> subprocess.CompletedProcess[str]:
        command = ["generate", str(EXAMPLE), "--out", str(out), "--lang", "en"]
        return daya(*command, "--format", formats, cwd=REPO)

    assert generate("md,docx").returncode == 0
    assert (out / "air-bersih-sukamaju" / "air-bersih-sukamaju-tor.docx").is_file()
    result = generate("md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "air-bersih-sukamaju: 10 documents (en)" in result.stdout
    files = sorted(p.name for p in (out / "air-bersih-sukamaju").iterdir())
    assert "air-bersih-sukamaju-tor.docx" not in files and "plan.en.md" in files
    assert [p.name for p in out.iterdir()] == ["air-bersih-sukamaju"]  # no staging left behind


def test_both_languages_share_one_output_folder(tmp_path: Path) -> None:
    """`--lang en` into the folder of the Indonesian documents once deleted the Indonesian Word
    and Excel files; each run now replaces only its own language's files."""
    out = tmp_path / "out"
    folder = out / "air-bersih-sukamaju"

    def generate(*options: str) -> subprocess.CompletedProcess[str]:
        result = daya("generate", str(EXAMPLE), "--out", str(out), *options, cwd=REPO)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    generate("--lang", "id")
    indonesian = {p.name: p.read_bytes() for p in folder.iterdir()}
    said = generate("--lang", "en").stdout
    assert (
        "air-bersih-sukamaju: 96 of 100 texts are not yet written in English; the documents "
        "show them in Indonesian and say so once at the top"
    ) in said
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert {n: after.get(n) for n in indonesian if n != ".daya-source"} == {
        n: data for n, data in indonesian.items() if n != ".daya-source"
    }
    english = sorted(set(after) - set(indonesian))
    assert english == sorted(
        [f"{d}.en.md" for d in (*[d for d, _ in DOCUMENTS], "progress", "index")]
        + ["air-bersih-sukamaju-plan.xlsx", "air-bersih-sukamaju-tor.docx"]
        + ["air-bersih-sukamaju-progress-report.docx", "air-bersih-sukamaju-progress.xlsx"]
    )
    index_en = (folder / "index.en.md").read_text(encoding="utf-8")
    assert "- [Budget (RAB)](budget.en.md)" in index_en
    assert "](budget.md)" in (folder / "index.md").read_text(encoding="utf-8")
    # Unchanged runs skip, per language; a new Indonesian run keeps the English files.
    assert "unchanged (en)" in generate("--lang", "en").stdout
    assert "unchanged (id)" in generate("--lang", "id").stdout
    generate("--lang", "id", "--format", "md", "--force")
    names = {p.name for p in folder.iterdir()}
    assert "air-bersih-sukamaju-kak.docx" not in names  # its own language: replaced
    assert set(english) <= names  # the other language: kept
    assert "unchanged (en)" in generate("--lang", "en").stdout


# --- Labels -----------------------------------------------------------------------------------


def test_every_label_has_a_translation(tmp_path: Path) -> None:
    """Extraction (every module and template) finds exactly the committed msgids, and the
    Indonesian catalogue translates each one; Babel's translations serve them."""
    from babel.messages.pofile import read_po

    from generator.core.locale.update import POT, catalogue_path, extract

    with POT.open("rb") as handle:
        msgids = {str(m.id) for m in read_po(handle) if m.id}
    current = {str(m.id) for m in extract(tmp_path / "check.pot") if m.id}
    assert current == msgids, "labels changed: run `python -m generator.core.locale.update`"
    for lang in ("id", "en"):
        with catalogue_path(lang).open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        translated = {str(m.id) for m in catalog if m.id and m.string}
        assert sorted(msgids - translated) == [], f"labels without a {lang} translation"
    assert translations("id").gettext("Budget") == "Anggaran"
    assert translations("id").gettext("no such label") == "no such label"


def test_label_keys_are_the_models_allowed_values() -> None:
    """Every fixed value of the format has a label, and no label is left for a value that went."""
    import typing

    from generator.core.labels import LABELS
    from generator.core.model import (
        BUDGET_CATEGORIES,
        DAC_CRITERIA,
        SECTORS,
        EvaluationEvent,
        Funding,
        Indicator,
        Organisation,
        Program,
        Risk,
        Stakeholder,
    )
    from generator.core.views import RISK_BANDS

    def allowed(model, field: str) -> set[str]:  # type: ignore[no-untyped-def]
        annotation = model.model_fields[field].annotation
        while typing.get_origin(annotation) is not typing.Literal:  # inside Optional[...]
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        return set(typing.get_args(annotation))

    expected = {
        "status": allowed(Program, "status"),
        "organisation": allowed(Organisation, "type"),
        "sector": set(SECTORS),
        "category": set(BUDGET_CATEGORIES),
        "dac": set(DAC_CRITERIA),
        "funding": allowed(Funding, "type"),
        "risk": allowed(Risk, "category"),
        "stance": allowed(Stakeholder, "stance"),
        "level": allowed(Stakeholder, "influence"),
        "measure": allowed(Indicator, "measure"),
        "direction": allowed(Indicator, "direction"),
        "frequency": allowed(Indicator, "frequency"),
        "event": allowed(EvaluationEvent, "type"),
        "by": allowed(EvaluationEvent, "by"),
        "risk_level": {level for _, level in RISK_BANDS},
    }
    for kind, values in expected.items():
        assert set(LABELS[kind]) == values, kind


def test_compile_templates_compiles_every_built_in_template() -> None:
    from generator.core.render import compile_templates, make_environment

    env = make_environment()
    compile_templates(env)
    assert len(env.cache) == len(env.list_templates(extensions=["j2"])) > 10
