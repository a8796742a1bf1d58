"""`daya form`: one XLSForm per form of each program, checked with pyxform, written to
`<out>/<program id>/<form id>.xlsx`."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.cli.check import resolve_program_paths
from generator.cli.output_folder import write_file
from generator.cli.terminal import say
from generator.core.forms import form_views
from generator.core.messages import _m
from generator.errors import UsageError, relative_name
from generator.project import check_file, check_unique_ids, known_method_ids


def run_form(args: argparse.Namespace) -> int:
    # Imported here: openpyxl and pyxform are not needed by the other commands (the
    # pre-commit hook runs `daya check` with the core's packages only).
    from generator.export.xlsform import checked_form

    files = resolve_program_paths(args.paths)
    if not files:
        raise UsageError(_m("no programs found: run inside a Daya repository or name the files"))
    results = [check_file(path, known_method_ids(files[0].parent)) for path in files]
    check_unique_ids(results)
    refused = 0
    for checked in results:
        name = checked.file_name
        if checked.loaded is None or checked.errors:
            for problem in checked.errors:
                say(str(problem))
            say(
                _m(
                    "{name}: no form written — fix the {n} error(s) above",
                    name=name,
                    n=len(checked.errors),
                )
            )
            refused += 1
            continue
        program = checked.loaded.program
        views = form_views(program)
        if not views:
            say(_m("{id}: no forms (add forms: and collect: to the indicators)", id=program.id))
            continue
        folder = args.out / program.id
        for view in views:
            data, warnings = checked_form(view)
            target = folder / f"{view.form.id}.xlsx"
            write_file(target, data)
            say(
                _m(
                    "{id}: form {form} (version {version}) → {file}",
                    id=program.id,
                    form=view.form.id,
                    version=view.version,
                    file=relative_name(target),
                )
            )
            for warning in warnings:
                say(_m("  pyxform warns: {warning}", warning=warning))
    return 1 if refused else 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`daya form`: its options."""
    form = sub.add_parser(
        "form",
        help=_m("write the data-collection forms (XLSForm) of programs"),
        parents=[common],
    )
    form.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PROGRAM",
        help=_m("program files or folders (default: every programs/*/program.yaml)"),
    )
    form.add_argument(
        "--out",
        type=Path,
        default=Path("build/forms"),
        help=_m("output folder; each program gets <out>/<id>/<form>.xlsx (default: build/forms)"),
    )
    form.set_defaults(run=run_form)
