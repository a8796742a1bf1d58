"""The benchmark's synthetic catalogue: the right programs, reproducible, all valid (not timed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.catalogue import check_file
from generator.handbook import method_ids
from tests.conftest import REPO

MAKE_CATALOGUE = REPO / "bench" / "make_catalogue.py"
SHIPPED = sorted(p.parent.name for p in (REPO / "programs").glob("*/program.yaml"))


def make_catalogue(out: Path, count: int = 5) -> list[Path]:
    result = subprocess.run(
        [sys.executable, str(MAKE_CATALOGUE), str(count), str(out)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return sorted((out / "programs").glob("*/program.yaml"))


def test_catalogue_holds_the_shipped_programs_and_n_synthetic_ones(tmp_path: Path) -> None:
    programs = make_catalogue(tmp_path / "out")
    ids = [p.parent.name for p in programs]
    assert len(ids) == 5 + 3
    assert set(SHIPPED) <= set(ids)
    assert (tmp_path / "out" / "mkdocs.yml").is_file()
    assert (tmp_path / "out" / "docs" / "javascripts" / "mermaid.min.js").is_file()
    for path in programs:
        if path.parent.name not in SHIPPED:
            assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    first = make_catalogue(tmp_path / "one")
    second = make_catalogue(tmp_path / "two")
    assert [p.relative_to(tmp_path / "one") for p in first] == [
        p.relative_to(tmp_path / "two") for p in second
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.parent.name


def test_every_program_checks_with_zero_errors(tmp_path: Path) -> None:
    out = tmp_path / "out"
    programs = make_catalogue(out, count=12)
    known = method_ids(out / "docs")
    for path in programs:
        checked = check_file(path, known)
        assert checked.loaded is not None, [str(p) for p in checked.problems]
        assert checked.errors == [], [str(p) for p in checked.errors]
