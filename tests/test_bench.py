"""The benchmark's synthetic catalogue: the right programs, reproducible, all valid (not timed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.handbook.cards import method_ids
from generator.project import check_file
from tests.conftest import REPO

MAKE_CATALOGUE = REPO / "bench" / "make_catalogue.py"
SHIPPED = sorted(p.parent.name for p in (REPO / "programs").glob("*/program.yaml"))


def make_catalogue(out: Path, count: int = 5) -> list[Path]:
    result = subprocess.run(
        [sys.executable, str(MAKE_CATALOGUE), str(count), str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return sorted((out / "programs").glob("*/program.yaml"))


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "out"
    make_catalogue(out)
    return out


def test_catalogue_holds_the_shipped_programs_and_n_synthetic_ones(catalogue: Path) -> None:
    ids = [p.parent.name for p in sorted((catalogue / "programs").glob("*/program.yaml"))]
    assert len(ids) == 5 + 3
    assert set(SHIPPED) <= set(ids)
    assert (catalogue / "mkdocs.yml").is_file()
    assert (catalogue / "docs" / "javascripts" / "mermaid.min.js").is_file()
    for pid in set(ids) - set(SHIPPED):
        text = (catalogue / "programs" / pid / "program.yaml").read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=")


def test_the_same_seed_writes_the_same_files(catalogue: Path, tmp_path: Path) -> None:
    first = sorted((catalogue / "programs").glob("*/program.yaml"))
    second = make_catalogue(tmp_path / "again")
    assert [p.relative_to(catalogue) for p in first] == [
        p.relative_to(tmp_path / "again") for p in second
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.parent.name


def test_every_program_checks_with_zero_errors(catalogue: Path) -> None:
    known = method_ids(catalogue / "docs")
    for path in sorted((catalogue / "programs").glob("*/program.yaml")):
        checked = check_file(path, known)
        assert checked.loaded is not None, [str(p) for p in checked.problems]
        assert checked.errors == [], [str(p) for p in checked.errors]
        if path.parent.name not in SHIPPED:  # a year of quarterly monitoring data, all clean
            assert checked.monitoring is not None and checked.monitoring.progress is not None
            assert checked.warnings == [], [str(p) for p in checked.warnings]
            results = (path.parent / "monitoring" / "results.csv").read_text(encoding="utf-8")
            assert len(results.splitlines()) > 4, path


@pytest.mark.slow
def test_the_bench_runs_end_to_end_and_both_sites_match(tmp_path: Path) -> None:
    """One tiny size through every table: the plugin's build and the plain one must produce
    the same pages (else (b) compares unlike sites), and the rebuild must render exactly the
    edited program. Numbers are printed, never compared with a threshold."""
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "1", "--budget", "0"]
        + ["--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for title in ["(a) load", "(b) mkdocs build", "(c) mkdocs serve", "(d) size", "(e) peak"]:
        assert title in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    [size] = data["results"]
    assert size["programs"] == len(SHIPPED) + 1
    assert size["notes"] == [], "the two sites differ, or the edit could not be placed"
    assert size["rebuild"]["pages_rendered"] == 2, "the edited program, in two languages"
    assert size["plugin_build"]["html_pages"] == size["plain_build"]["html_pages"] + 1
    assert size["plugin_build"]["search_bytes"] > size["plain_build"]["search_bytes"] > 0
