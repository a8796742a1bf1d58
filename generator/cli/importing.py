"""`daya import`: a KoboToolbox or ODK Central export of a Daya form → aggregated rows in the
program's monitoring/results.csv (the rules are in generator/collect/importer.py)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from generator.cli.options import report_date
from generator.cli.terminal import say
from generator.collect.exports import ImportRefused, read_export
from generator.collect.importer import ImportResult, merged_results, plan_import
from generator.core.forms import form_view
from generator.core.messages import _m
from generator.core.monitoring.files import FOLDER
from generator.errors import UsageError, relative_name
from generator.paths import find_project_root, read_regular_text, replace_file
from generator.project import PROGRAM_FILE, check_file


def reason_words(reason: str) -> str:
    """Why submissions were left out, in the interface language."""
    return {
        "duplicate": _m("duplicate"),
        "rejected": _m("rejected (not approved)"),
        "no-consent": _m("no consent"),
        "outside-period": _m("outside the period"),
    }[reason]


def run_import(args: argparse.Namespace) -> int:
    program_file = args.program / PROGRAM_FILE if args.program.is_dir() else args.program
    checked = check_file(program_file, None)
    if checked.loaded is None or checked.errors:
        for problem in checked.errors:
            say(str(problem))
        raise ImportRefused(
            _m("{file} has errors; fix them before importing", file=relative_name(program_file))
        )
    program = checked.loaded.program
    forms = {f.id: f for f in program.forms}
    if args.form not in forms:
        raise UsageError(
            _m(
                "--form {form}: the program has no such form; its forms: {known}",
                form=args.form,
                known=", ".join(forms) or "—",
            )
        )
    if args.period_end < program.period.start:
        raise UsageError(_m("--period-end is before the program starts"))
    view = form_view(program, forms[args.form])
    table = read_export(args.export)
    monitoring = checked.monitoring.monitoring if checked.monitoring else None
    assert monitoring is not None
    result = plan_import(program, view, monitoring, table, args.period_end)
    target = program_file.parent / FOLDER / "results.csv"
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise ImportRefused(_m("{file} is not a regular file", file=relative_name(target)))
    existing = read_regular_text(target, 20_000_000) if target.exists() else None
    if result.rows:
        text = merged_results(existing, result.rows, args.replace)
        target.parent.mkdir(exist_ok=True)
        replace_file(target, text.encode("utf-8"))
    say_summary(args, result, target)
    warn_if_inside_repository(args.export, program_file)
    return 0


def say_summary(args: argparse.Namespace, result: ImportResult, target: Path) -> None:
    say(
        _m(
            "{file}: {read} submissions read, {used} used",
            file=relative_name(args.export),
            read=result.read,
            used=result.used,
        )
    )
    since = result.since.isoformat() if result.since else _m("the program's start")
    say(
        _m(
            "  counted: interview dates after {since} up to {end}",
            since=since,
            end=args.period_end.isoformat(),
        )
    )
    for reason, n in sorted(result.skipped.items()):
        say(_m("  skipped, {reason}: {n}", reason=reason_words(reason), n=n))
    if result.listed:
        say(
            _m(
                "  counted, but marked for review ({n}): {keys}",
                n=len(result.listed),
                keys=", ".join(result.listed),
            )
        )
    if result.rows:
        say(
            _m(
                "{n} rows written to {file}; check them with `daya check` and review the diff",
                n=len(result.rows),
                file=relative_name(target),
            )
        )
    else:
        say(
            _m(
                "no submission counts for this period: {file} is unchanged",
                file=relative_name(target),
            )
        )


def warn_if_inside_repository(export: Path, program_file: Path) -> None:
    """Raw submissions hold personal data: inside the repository they belong in exports/,
    which .gitignore keeps out of git."""
    root = find_project_root(program_file.parent)
    if root is None:
        return
    where = Path(os.path.abspath(export))
    try:
        inside = where.relative_to(root.resolve())
    except ValueError:
        return
    if inside.parts[:1] != ("exports",):
        say(
            _m(
                "note: {file} holds personal data; keep raw exports in exports/ (git ignores "
                "it), never in programs/ or elsewhere in the repository",
                file=relative_name(export),
            )
        )


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`daya import`: its options."""
    command = sub.add_parser(
        "import",
        help=_m("add the results of a KoboToolbox or ODK Central export to results.csv"),
        parents=[common],
    )
    command.add_argument(
        "export",
        type=Path,
        metavar="EXPORT",
        help=_m("the export: CSV (; or ,), XLSX, or ODK Central's ZIP"),
    )
    command.add_argument(
        "--program",
        type=Path,
        required=True,
        metavar="PATH",
        help=_m("the program folder or its program.yaml"),
    )
    command.add_argument("--form", required=True, metavar="ID", help=_m("the form's id"))
    command.add_argument(
        "--period-end",
        type=report_date,
        required=True,
        metavar="YYYY-MM-DD",
        help=_m("the last day of the period the submissions report on"),
    )
    command.add_argument(
        "--replace",
        action="store_true",
        help=_m("write over rows already in results.csv for the same indicator, date and category"),
    )
    command.set_defaults(run=run_import)
