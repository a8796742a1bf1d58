"""The `daya` command line: check, generate, form, import, export, schema, new, stamp."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from generator.cli import check, export, form, generate, importing, new, stamp
from generator.core import messages
from generator.core.messages import (
    LANGUAGES,
    _m,
    internal_error_message,
    language_from_environment,
    set_language,
)
from generator.errors import INTERNAL_ERROR_EXIT, DayaError, printable, relative_name

SCHEMA_PATH = Path(__file__).parent.parent / "schema" / "program.schema.json"
UI_LANG = "--ui-lang"

# argparse words its own text ("usage:", "show this help message and exit", its errors) through
# gettext; its msgids are in the messages catalogue too (see core/locale/update.py).
setattr(argparse, "_", messages.gettext)  # noqa: B010 - argparse's own name for gettext
setattr(argparse, "ngettext", messages.ngettext)  # noqa: B010


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The help must be worded before argparse reads --ui-lang, so it is looked for first.
    set_language(requested_language(argv) or language_from_environment(os.environ))
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
            internal_error_message(exc, "daya", _m("Run again with --debug to see the details.")),
            file=sys.stderr,
        )
        return INTERNAL_ERROR_EXIT


def requested_language(argv: Sequence[str]) -> str | None:
    """The language `--ui-lang` asks for, before or after the command (None when it is not
    given, or names no language of Daya: argparse then says so)."""
    for i, argument in enumerate(argv):
        if argument == "--":
            break
        value = argv[i + 1] if argument == UI_LANG and i + 1 < len(argv) else None
        if argument.startswith(f"{UI_LANG}="):
            value = argument.split("=", 1)[1]
        if value is not None:
            return value if value in LANGUAGES else None
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="daya",
        description=_m(
            "Daya: check community development programs and write their planning documents."
        ),
    )
    debug_help = _m("on an unexpected error (a bug in Daya), show the full traceback")
    ui_help = _m(
        "language of Daya's messages, help and questions: id (Indonesian) or en (English); "
        "default: DAYA_LANG, else the locale (LANG...), else en. The documents' language is "
        "`generate --lang`"
    )
    parser.add_argument("--debug", action="store_true", help=debug_help)
    parser.add_argument(UI_LANG, choices=LANGUAGES, help=ui_help)
    sub = parser.add_subparsers(dest="command", metavar=_m("COMMAND"))
    # The global options also work after the command; SUPPRESS keeps the subcommand from
    # resetting them.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug_help)
    common.add_argument(UI_LANG, choices=LANGUAGES, default=argparse.SUPPRESS, help=ui_help)
    for register in (
        check.register,
        generate.register,
        form.register,
        importing.register,
        export.register,
        register_schema,
        new.register,
        stamp.register,
    ):
        register(sub, common)
    return parser


def register_schema(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`daya schema`: write the JSON Schema of the program format."""
    schema = sub.add_parser(
        "schema", help=_m("write the JSON Schema of the program format"), parents=[common]
    )
    schema.add_argument("--out", type=Path, default=SCHEMA_PATH, help=_m("where to write it"))
    schema.set_defaults(run=run_schema)


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
    print(_m("wrote {path}", path=args.out))
    return 0
