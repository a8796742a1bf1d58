"""`daya check`: every problem of the named programs and handbook pages, in one pass, as text,
JSON or GitHub annotations."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from generator.cli.options import add_as_of, add_no_cache
from generator.cli.terminal import colour, tracker
from generator.core.messages import _m, _mn
from generator.errors import Problem, UsageError, printable, relative_name
from generator.handbook.lint import check_handbook
from generator.handbook.pages import handbook_docs_dir, handbook_pages
from generator.paths import project_root_here
from generator.project import (
    CheckedProgram,
    check_programs,
    check_unique_ids,
    discover_programs,
    known_method_ids,
    project_cache,
)

JSON_FORMAT_VERSION = 1


def resolve_program_paths(paths: Sequence[Path]) -> list[Path]:
    """Program files named on the command line; folders expand to the programs inside them.

    With no paths: every programs/*/program.yaml of the project around the current folder
    (none is not an error here; check_paths decides, since the handbook may still be checked).
    """
    if not paths:
        root = project_root_here()
        folder = Path(os.path.relpath(root / "programs")) if root else Path("programs")
        return discover_programs(folder)
    files: list[Path] = []
    for path in paths:
        if "monitoring" in path.parts[:-1] and not path.is_dir():
            # A monitoring file (results.csv, a narrative): check the program it belongs to.
            at = path.parts.index("monitoring", max(0, len(path.parts) - 3))
            files.append(Path(*path.parts[:at], "program.yaml"))
        elif path.is_dir() and os.path.lexists(path / "program.yaml"):
            files.append(path / "program.yaml")
        elif path.is_dir():
            inside = discover_programs(path)
            if not inside:
                raise UsageError(_m("{path}: no */program.yaml inside this folder", path=path))
            files += inside
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def check_paths(
    paths: Sequence[Path], as_of: dt.date | None = None, use_cache: bool = True
) -> list[CheckedProgram]:
    """Check programs and handbook pages (a .md file or a folder under docs/).

    With no paths: every program and the whole handbook of the project. A page's entry has
    no loaded program (`"program": null` in JSON). Programs come from the project's
    content-hash cache when unchanged (unless `use_cache` is False), and are checked on every
    core when many are not.
    """
    page_args = [
        p
        for p in paths
        if (p.suffix == ".md" and "monitoring" not in p.parts)  # a narrative is a program's
        or (p.is_dir() and handbook_docs_dir(p))
    ]
    program_args = [p for p in paths if p not in page_args]
    if not paths:
        root = project_root_here()
        page_args = [root / "docs"] if root and (root / "docs").is_dir() else []
    files = resolve_program_paths(program_args) if program_args or not paths else []
    if not files and not page_args:
        raise UsageError(
            _m(
                "no programs found (and no handbook): run inside a Daya repository or name the "
                "files"
            )
        )
    methods = known_method_ids(files[0].parent if files else None)
    cache = project_cache(files[0] if files and use_cache else None)
    results = check_programs(files, methods, as_of, cache, track=tracker(_m("Checking")))
    check_unique_ids(results)

    selected: dict[Path, dict[Path, None]] = {}  # docs folder -> its pages, in order, once
    for path in page_args:
        if not path.exists():
            raise UsageError(_m("{path}: no such page or folder", path=path))
        docs_dir = handbook_docs_dir(path)
        if docs_dir is None:
            raise UsageError(
                _m(
                    "{path}: not a handbook page; pages live in the docs/ folder of a Daya project",
                    path=path,
                )
            )
        found = handbook_pages(path)
        if not found:
            raise UsageError(_m("{path}: no pages (*.md) inside this folder", path=path))
        selected.setdefault(docs_dir, {}).update(dict.fromkeys(found))
    for docs_dir, pages in selected.items():
        by_file: dict[str, list[Problem]] = {}
        for problem in check_handbook(docs_dir, pages):
            by_file.setdefault(problem.file, []).append(problem)
        for page in pages:
            name = relative_name(page)
            results.append(CheckedProgram(Path(name), None, by_file.get(name, [])))
    return results


def run_check(args: argparse.Namespace) -> int:
    paths = args.paths
    if args.changed is not None:
        if paths:
            raise UsageError(_m("give either PATHs or --changed, not both"))
        paths = changed_paths(args.changed)
        if not paths:
            print(_m("no program or handbook page differs from the base: nothing to check"))
            return 0
    results = check_paths(paths, args.as_of, use_cache=not args.no_cache)
    problems = sorted(p for r in results for p in r.problems)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    output = {
        "text": format_text,
        "json": format_json,
        "github": format_github,
    }[args.format](results, problems)
    if output:
        print(output if args.format == "json" else printable(output))
    failed = errors > 0 or (args.strict and warnings > 0)
    return 1 if failed else 0


def changed_paths(base: str) -> list[Path]:
    """Program files and handbook pages that differ from `base` (committed or not)."""
    from generator.cli.changes import changed_files

    found: dict[Path, None] = {}
    for path in changed_files(base):
        if path.parts[:1] == ("programs",) and "monitoring" in path.parts[2:3]:
            program = Path(*path.parts[:2], "program.yaml")  # a monitoring file: its program
            if program.exists():
                found[program] = None
        elif (path.name == "program.yaml" and path.parts[0] == "programs") or (
            path.suffix == ".md" and path.parts[0] == "docs" and path.parts[1:2] != ("javascripts",)
        ):
            found[path] = None
    return list(found)


def format_text(results: list[CheckedProgram], problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        label = colour(f"{p.severity}[{p.code}]", "31;1" if p.severity == "error" else "33;1")
        lines.append(f"{p.file}:{p.line}:{p.col}: {label} {p.message}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    pages = sum(str(r.path).endswith(".md") for r in results)
    programs = len(results) - pages
    counted = {
        "programs": _mn("{n} program", "{n} programs", programs),
        "pages": _mn("{n} handbook page", "{n} handbook pages", pages),
    }
    if programs and pages:
        checked = _m("{programs} and {pages}", **counted)
    else:
        checked = counted["pages"] if pages else counted["programs"]
    summary = _m(
        "{checked} checked: {errors}, {warnings}",
        checked=checked,
        errors=_mn("{n} error", "{n} errors", errors),
        warnings=_mn("{n} warning", "{n} warnings", warnings),
    )
    lines.append(colour(summary, "32" if not problems else ("31" if errors else "33")))
    return "\n".join(lines)


def format_json(results: list[CheckedProgram], problems: list[Problem]) -> str:
    """The documented JSON structure (see README, "daya check --format json")."""
    errors = sum(p.severity == "error" for p in problems)
    document = {
        "version": JSON_FORMAT_VERSION,
        "files": [
            {
                "file": r.file_name,
                "program": r.program_id,
                "errors": len(r.errors),
                "warnings": len(r.warnings),
            }
            for r in results
        ],
        "problems": [p.as_dict() for p in problems],
        "summary": {"files": len(results), "errors": errors, "warnings": len(problems) - errors},
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    # JSON escapes C0 controls itself; C1 ones (U+0080–U+009F) some terminals obey too.
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def _escape_github(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(results: list[CheckedProgram], problems: list[Problem]) -> str:
    """Workflow commands: GitHub shows each one on the pull request's line."""
    return "\n".join(
        f"::{p.severity} file={_escape_github(p.file, prop=True)},line={p.line},col={p.col},"
        f"title={_escape_github(p.code, prop=True)}::{_escape_github(p.message)}"
        for p in problems
    )


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`daya check`: its options."""
    check = sub.add_parser(
        "check", help=_m("validate program files and report every problem"), parents=[common]
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=_m("program files or folders (default: every programs/*/program.yaml)"),
    )
    check.add_argument("--strict", action="store_true", help=_m("treat warnings as failures"))
    add_as_of(check)
    add_no_cache(check)
    check.add_argument(
        "--changed",
        nargs="?",
        const="",
        default=None,
        metavar="BASE",
        help=_m(
            "check only programs and pages that differ from the git revision BASE "
            "(default: origin/main if it exists, else main), including uncommitted changes"
        ),
    )
    check.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help=_m("text (default), json, or github workflow annotations"),
    )
    check.set_defaults(run=run_check)
