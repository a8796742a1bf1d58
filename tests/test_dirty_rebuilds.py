"""`mkdocs serve --dirty` writes the site a full build writes, after each kind of change.

One serve session (tests/serve_session.py, as `mkdocs serve --dirty` runs) builds the project,
then applies the changes below one after another and rebuilds after each, keeping a copy of the
site each time. The same states are then built in full, each by a fresh process, as
`mkdocs serve` without --dirty would. Every copy must match its full build byte for byte, and
an edit to one program must leave the other programs' pages unwritten. The full builds render
each program page's navigation itself (tests/hooks/own_nav.py), as the theme does without the
plugin, so the program pages' shared navigation is checked too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, REPO, once_per_run
from tests.serve_session import apply
from tests.test_site import project_copy

pytestmark = [pytest.mark.slow]

SESSION = REPO / "tests" / "serve_session.py"
EDITED = "programs/air-bersih-sukamaju"
REMOVED = "programs/women-savings-lombok"
RENAMED = "programs/ketahanan-pangan-sumba/program.yaml"


def replaced(project: Path, name: str, old: str, new: str) -> dict[str, str]:
    text = (project / name).read_text(encoding="utf-8")
    assert old in text, f"{name} no longer holds {old!r}: update this test"
    return {"write": name, "text": text.replace(old, new, 1)}


def steps(project: Path) -> list[tuple[str, list[dict[str, str]]]]:
    """(what changes, the changes), each applied on top of the ones before."""
    results = f"{EDITED}/monitoring/results.csv"
    return [
        (
            "an edited program",
            [
                replaced(
                    project,
                    f"{EDITED}/program.yaml",
                    "means_of_verification: Rekap kasus diare",
                    "means_of_verification: Rekap <i>baru</i> kasus diare",
                )
            ],
        ),
        (
            "an edited monitoring file",
            [replaced(project, results, "OP2.1.1,2026-03-31,,9,", "OP2.1.1,2026-03-31,,10,")],
        ),
        (
            "an added program, and another renamed, its title holding HTML",
            [
                {
                    "write": "programs/tambahan/program.yaml",
                    "text": MINIMAL.replace("tiny", "tambahan"),
                },
                replaced(project, RENAMED, "id: Pangan Lestari", "id: <b>Aa</b> Pangan Lestari"),
            ],
        ),
        ("a removed program", [{"remove": REMOVED}]),
        (
            "a method card's text (its page and the print page change)",
            [
                replaced(
                    project,
                    "docs/methods/fgd.md",
                    "\n## Sumber",
                    "\nParagraf baru tentang <b>FGD</b>.\n\n## Sumber",
                )
            ],
        ),
        (
            "a method card's new title (every page's navigation changes)",
            [
                replaced(
                    project,
                    "docs/methods/fgd.md",
                    "title: Diskusi Kelompok Terarah (FGD)",
                    "title: Diskusi Kelompok Terfokus (FGD)",
                )
            ],
        ),
    ]


def session(project: Path, site: Path, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(SESSION), str(project), str(site), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "DAYA_SESSION_DEBUG": "1"},
    )


def finished(process: subprocess.Popen[str]) -> str:
    """The session's log, once it ended well."""
    _, stderr = process.communicate(timeout=900)
    assert process.returncode == 0, stderr[-3000:]
    return stderr


def tree(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path], list[str]]:
    """The dirty session's copies and the full builds, state by state, and the changes' names
    (made once per test run)."""
    kept, full, names, _ = once_per_run(tmp_path_factory, "dirty", build_states)
    return [Path(p) for p in kept], [Path(p) for p in full], names


@pytest.fixture(scope="session")
def reading(tmp_path_factory: pytest.TempPathFactory) -> list[list[tuple[int, int, int]]]:
    """Per rebuild, per language: the pages read again, written, and in all (the plugin's
    log line)."""
    _, _, _, log = once_per_run(tmp_path_factory, "dirty", build_states)
    counts = [
        tuple(int(n) for n in match)
        for match in re.findall(r"(\d+) read again, (\d+) written, of (\d+)", log)
    ]
    return [counts[i : i + 2] for i in range(0, len(counts), 2)]


def build_states(root: Path) -> tuple[list[str], list[str], list[str], str]:
    (root / "dirty").mkdir()
    (root / "full").mkdir()
    dirty_project = project_copy(root / "dirty")
    full_project = project_copy(root / "full")
    # The full builds render each program page's navigation itself, so the session's pages
    # (which share one navigation, site/shared_nav.py) are checked against the theme's own.
    shutil.copy(REPO / "tests" / "hooks" / "own_nav.py", full_project / "own_nav.py")
    with (full_project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - own_nav.py\n")
    plan = steps(dirty_project)
    for number, (_, changes) in enumerate(plan, 1):
        (root / f"step{number}.json").write_text(json.dumps(changes), encoding="utf-8")
    thens = [
        arg for n in range(1, len(plan) + 1) for arg in ("--then", str(root / f"step{n}.json"))
    ]
    served = session(
        dirty_project, root / "served", "--dirty", *thens, "--keep", str(root / "kept")
    )
    full = []
    for number in range(len(plan) + 1):
        if number:
            apply(full_project, plan[number - 1][1])
        full.append(root / "full-sites" / str(number))
        finished(session(full_project, full[-1]))
    log = finished(served)
    kept = [str(root / "kept" / str(n)) for n in range(len(plan) + 1)]
    return kept, [str(f) for f in full], [name for name, _ in plan], log


@pytest.mark.parametrize("step", range(1, 7))
def test_a_dirty_rebuild_writes_what_a_full_build_writes(sites, step: int) -> None:  # type: ignore[no-untyped-def]
    kept, full, names = sites
    served, built = tree(kept[step]), tree(full[step])
    assert sorted(set(served) ^ set(built)) == [], names[step - 1]
    differing = [name for name in built if served[name] != built[name]]
    assert differing == [], f"{names[step - 1]}: {differing[:10]}"


def test_an_edit_to_one_program_writes_its_pages_and_no_other_program_page(sites) -> None:  # type: ignore[no-untyped-def]
    kept, _, _ = sites
    before, after = kept[0], kept[1]
    changed = sorted(
        path.relative_to(after).as_posix()
        for path in after.rglob("*.html")
        if (before / path.relative_to(after)).stat().st_mtime_ns != path.stat().st_mtime_ns
    )
    programs = [name for name in changed if name.removeprefix("en/").startswith("programs/")]
    assert programs == [f"en/{EDITED}/index.html", f"{EDITED}/index.html"], changed
    # The handbook's pages, and the print page, are not written again either.
    assert [name for name in changed if re.search(r"(^|/)(methods|roles|print_page)", name)] == []


def test_a_program_edit_reads_no_handbook_page_again(reading) -> None:  # type: ignore[no-untyped-def]
    assert len(reading) == 6, reading  # one line per language for each of the six rebuilds
    for read, written, pages in reading[0]:  # an edited program
        # Its page, and the pages made from every program (catalogue, portfolio...): a handbook
        # page shows nothing of this edit, so it is not read.
        assert read <= 8 and written <= read and pages > 100, reading[0]
    # An Indonesian card's text: its page is written, and so the Indonesian print page, made
    # of every page of the navigation (the others give it their HTML as it was); English is
    # left as it was.
    for read, written, _ in reading[4]:
        assert read <= 8 and written <= 8, reading[4]
