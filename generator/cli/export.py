"""`daya export iati`: one IATI 2.03 activity file for the named programs, written only when
every program passes the schema and the standard's rules."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from generator.cli.check import resolve_program_paths
from generator.cli.options import add_as_of
from generator.cli.output_folder import write_file
from generator.cli.terminal import say
from generator.core.messages import _m
from generator.errors import DayaError, UsageError, relative_name
from generator.project import check_file, check_unique_ids, known_method_ids


def run_export_iati(args: argparse.Namespace) -> int:
    from generator.export.iati import IatiProgram, iati_file_bytes  # lxml: this command only

    files = resolve_program_paths(args.paths)
    if not files:
        raise UsageError(_m("no programs found: run inside a Daya repository or name the files"))
    results = [check_file(path, known_method_ids(files[0].parent), args.as_of) for path in files]
    check_unique_ids(results)
    refused = [checked for checked in results if checked.loaded is None or checked.errors]
    for checked in refused:
        for problem in checked.errors:
            say(str(problem))
        say(
            _m(
                "{name}: not exported — fix the {n} error(s) above",
                name=checked.file_name,
                n=len(checked.errors),
            )
        )
    if refused:
        say(_m("{file} was not written", file=relative_name(args.out)))
        return 1
    programs = [
        IatiProgram(checked.loaded, checked.monitoring, args.as_of)
        for checked in results
        if checked.loaded is not None
    ]
    try:
        data = iati_file_bytes(programs, args.generated)
    except DayaError as exc:
        if not exc.problems:
            raise
        for problem in exc.problems:
            say(str(problem))
        say(_m("{file} was not written", file=relative_name(args.out)))
        return 1
    write_file(args.out, data)  # atomically, never through a link
    say(
        _m(
            "{n} program(s) → {file} (IATI {version})",
            n=len(programs),
            file=relative_name(args.out),
            version="2.03",
        )
    )
    return 0


def generated_time(value: str) -> dt.datetime:
    """`--generated 2027-01-15T08:00:00+07:00` → a datetime with its offset."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise argparse.ArgumentTypeError(
            _m(
                "{value}: write the time as YYYY-MM-DDTHH:MM:SS with its offset, e.g. "
                "2027-01-15T08:00:00+07:00",
                value=repr(value),
            )
        )
    return moment


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`daya export iati`: its options."""
    export = sub.add_parser(
        "export", help=_m("write programs in a standard exchange format"), parents=[common]
    )
    formats = export.add_subparsers(dest="format", metavar=_m("FORMAT"), required=True)
    iati = formats.add_parser(
        "iati",
        help=_m("one IATI 2.03 activity file for the programs, checked against the standard"),
        parents=[common],
    )
    iati.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PROGRAM",
        help=_m("program files or folders (default: every programs/*/program.yaml)"),
    )
    iati.add_argument(
        "--out",
        type=Path,
        default=Path("build/iati/iati-activities.xml"),
        help=_m("the file to write (default: build/iati/iati-activities.xml)"),
    )
    add_as_of(iati)
    iati.add_argument(
        "--generated",
        type=generated_time,
        default=None,
        metavar="TIMESTAMP",
        help=_m(
            "the file's generated-datetime, e.g. 2027-01-15T08:00:00+07:00 (default: none, so "
            "the same programs give the same bytes)"
        ),
    )
    iati.set_defaults(run=run_export_iati)
