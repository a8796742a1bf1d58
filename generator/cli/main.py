"""The `daya` command line: check, generate, new, schema, stamp."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from generator.cli.check import run_check
from generator.cli.generate import output_formats, run_generate
from generator.cli.new import run_new
from generator.cli.stamp import run_stamp
from generator.errors import (
    INTERNAL_ERROR_EXIT,
    DayaError,
    internal_error_message,
    printable,
    relative_name,
)

SCHEMA_PATH = Path(__file__).parent.parent / "schema" / "program.schema.json"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except DayaError as exc:
        print(printable(str(exc)), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`daya check | head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # the machine said no: a full disk, a read-only file, a missing folder
        if args.debug:
            traceback.print_exc()
        where = f"{relative_name(Path(exc.filename))}: " if exc.filename else ""
        print(printable(f"daya: {where}{exc.strerror or exc}"), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the one place an unexpected failure is reported
        if args.debug:
            traceback.print_exc()
        print(
            internal_error_message(exc, "daya", "Run again with --debug to see the details."),
            file=sys.stderr,
        )
        return INTERNAL_ERROR_EXIT


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="daya",
        description=(
            "Daya: check community development programs and write their planning documents."
        ),
    )
    debug_help = "on an unexpected error (a bug in Daya), show the full traceback"
    parser.add_argument("--debug", action="store_true", help=debug_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # `--debug` also works after the command; SUPPRESS keeps the subcommand from resetting it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug_help)

    check = sub.add_parser(
        "check", help="validate program files and report every problem", parents=[common]
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="program files or folders (default: every programs/*/program.yaml)",
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as failures")
    check.add_argument(
        "--changed",
        nargs="?",
        const="",
        default=None,
        metavar="BASE",
        help="check only programs and pages that differ from the git revision BASE "
        "(default: origin/main if it exists, else main), including uncommitted changes",
    )
    check.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="text (default), json, or github workflow annotations",
    )
    check.set_defaults(run=run_check)

    generate = sub.add_parser(
        "generate", help="write the planning documents of programs", parents=[common]
    )
    generate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PROGRAM",
        help="program files or folders (default: every programs/*/program.yaml)",
    )
    generate.add_argument(
        "--out",
        type=Path,
        default=Path("build/programs"),
        help="output folder; each program gets <out>/<id>/ (default: build/programs)",
    )
    generate.add_argument(
        "--lang",
        choices=["id", "en"],
        default=None,
        help="language of the documents (default: each program's own language)",
    )
    generate.add_argument(
        "--templates",
        type=Path,
        default=None,
        metavar="FOLDER",
        help="folder whose templates replace the built-in ones of the same name",
    )
    generate.add_argument(
        "--format",
        dest="formats",
        type=output_formats,
        default="md,docx,xlsx",
        metavar="md,docx,xlsx",
        help="what to write, comma-separated: md (pages), docx (Word plan with annexes), "
        "xlsx (Excel workbook with live formulas); default: all three",
    )
    generate.add_argument(
        "--force",
        action="store_true",
        help="write every program again, even those whose output is up to date",
    )
    generate.set_defaults(run=run_generate)

    schema = sub.add_parser(
        "schema", help="write the JSON Schema of the program format", parents=[common]
    )
    schema.add_argument("--out", type=Path, default=SCHEMA_PATH, help="where to write it")
    schema.set_defaults(run=run_schema)

    new = sub.add_parser(
        "new",
        parents=[common],
        help="start a new program from a template in program_templates/",
        usage="daya new [TEMPLATE] [--no-input] [key=value ...]",
        description=(
            "Start programs/<id>/ from a program template: basic, livelihood, ppm-mining or "
            "village-plan. Questions not answered with key=value are asked, unless --no-input."
        ),
    )
    new.add_argument(
        "--no-input",
        action="store_true",
        help="ask nothing: use the key=value answers and the template's defaults",
    )
    new.add_argument(
        "arguments",
        nargs=argparse.REMAINDER,
        metavar="TEMPLATE key=value",
        help="the template (asked when left out) and answers, e.g. id=air-bersih-sukamaju",
    )
    new.set_defaults(run=run_new)

    stamp = sub.add_parser(
        "stamp",
        help="record in English pages which version of the Indonesian page they translate",
        parents=[common],
    )
    stamp.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="English pages (x.en.md; x.md means its translation) or folders (default: docs/)",
    )
    stamp.set_defaults(run=run_stamp)
    return parser


# --- daya schema -----------------------------------------------------------------------------


def program_schema_text() -> str:
    from generator.core.model import Program

    schema = Program.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def run_schema(args: argparse.Namespace) -> int:
    text = program_schema_text()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0
