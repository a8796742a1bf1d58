"""The benchmark's synthetic catalogue: the right programs, reproducible, all valid (not timed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.catalogue import check_file
from generator.handbook import method_ids
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
