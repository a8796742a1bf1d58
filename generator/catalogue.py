"""The program catalogue: finding program files and checking them (load + logic checks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.checks import check_program
from generator.documents import MethodInfo
from generator.errors import DayaError, Problem
from generator.handbook import find_project_root, method_card_paths, method_ids, split_front_matter
from generator.load import LoadedProgram, load_program

PROGRAM_FILE = "program.yaml"


@dataclass
class CheckedProgram:
    """The outcome of checking one file: the program if it loaded, and every problem found."""

    path: Path
    loaded: LoadedProgram | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def discover_programs(programs_dir: Path) -> list[Path]:
    """Every programs/<id>/program.yaml, sorted by id."""
    return sorted(programs_dir.glob(f"*/{PROGRAM_FILE}"))


def known_method_ids(start: Path | None = None) -> set[str] | None:
    """Method ids of the handbook around `start`, or None when no handbook is found."""
    root = find_project_root(start)
    return method_ids(root / "docs") if root else None


def check_file(path: Path, known_methods: set[str] | None) -> CheckedProgram:
    """Load and check one program file; never raises for a bad file."""
    try:
        loaded = load_program(path)
    except DayaError as exc:
        return CheckedProgram(path, None, exc.problems)
    return CheckedProgram(path, loaded, check_program(loaded, known_methods))


def method_infos(lang: str, start: Path | None = None) -> dict[str, MethodInfo]:
    """Titles of the handbook's method cards in `lang`, by id (empty without a handbook)."""
    root = find_project_root(start)
    if root is None:
        return {}
    infos = {}
    for path in method_card_paths(root / "docs"):
        localized = path.with_name(f"{path.stem}.en.md") if lang == "en" else path
        source = localized if localized.exists() else path
        try:
            meta, _, _ = split_front_matter(source.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
            continue
        if isinstance(meta.get("id"), str):
            infos[meta["id"]] = MethodInfo(meta["id"], str(meta.get("title") or meta["id"]))
    return infos
