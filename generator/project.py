"""A Daya project on disk: its program files, checked against the methods of its handbook.

Where the core (load + logic checks) meets the handbook (the method ids programs may cite);
the command line and the site both check programs through here.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.checks import check_program
from generator.core.load import LoadedProgram, load_program
from generator.core.messages import _m
from generator.core.monitoring.checks import CheckedMonitoring, load_monitoring
from generator.errors import DayaError, Problem, working_on
from generator.handbook.cards import method_ids
from generator.paths import find_project_root

PROGRAM_FILE = "program.yaml"


@dataclass
class CheckedProgram:
    """The outcome of checking one file: the program if it loaded, and every problem found."""

    path: Path
    loaded: LoadedProgram | None
    problems: list[Problem] = field(default_factory=list)
    monitoring: CheckedMonitoring | None = None
    """The program's monitoring records and progress (None when the program did not load)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def discover_programs(programs_dir: Path) -> list[Path]:
    """Every programs/<id>/program.yaml, sorted by id.

    Links are listed too (a glob would skip a broken one silently): reading one is refused
    with a located error.
    """
    if not programs_dir.is_dir():
        return []
    return sorted(
        entry / PROGRAM_FILE
        for entry in programs_dir.iterdir()
        if os.path.lexists(entry / PROGRAM_FILE)
    )


def known_method_ids(start: Path | None = None) -> set[str] | None:
    """Method ids of the handbook around `start`, or None when no handbook is found."""
    root = find_project_root(start)
    return method_ids(root / "docs") if root else None


def check_file(
    path: Path, known_methods: set[str] | None, as_of: dt.date | None = None
) -> CheckedProgram:
    """Load and check one program file with its monitoring files (as of `as_of`, else the
    latest date in them); never raises for a bad file."""
    try:
        with working_on(path):
            loaded = load_program(path)
    except DayaError as exc:
        return CheckedProgram(path, None, exc.problems)
    with working_on(path):
        problems = check_program(loaded, known_methods)
    folder = path.absolute().parent.name
    if path.name == PROGRAM_FILE and loaded.program.id != folder:
        # The id names the output folder and the page: a second program could take them.
        ident = loaded.program.id
        problems.append(
            loaded.problem(
                "error",
                "D110",
                _m(
                    "the program id '{id}' differs from its folder '{folder}'; rename the folder "
                    "to programs/{id}/ or set id: {folder}",
                    id=ident,
                    folder=folder,
                ),
                "id",
            )
        )
    with working_on(path.parent / "monitoring"):
        monitoring = load_monitoring(loaded, path, as_of)
    problems += monitoring.problems
    return CheckedProgram(path, loaded, sorted(problems), monitoring)


def check_unique_ids(results: list[CheckedProgram]) -> None:
    """Two files with one program id would write one folder and one page: the later is an error."""
    first: dict[str, CheckedProgram] = {}
    for checked in results:
        if checked.loaded is None:
            continue
        ident = checked.loaded.program.id
        if ident not in first:
            first[ident] = checked
            continue
        other = first[ident].loaded
        assert other is not None
        checked.problems = sorted(
            [
                *checked.problems,
                checked.loaded.problem(
                    "error",
                    "D111",
                    _m(
                        "the program id '{id}' is also used by {file}; give each program its "
                        "own id",
                        id=ident,
                        file=other.file,
                    ),
                    "id",
                ),
            ]
        )
