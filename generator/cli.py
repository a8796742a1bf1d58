"""The `daya` command line: check, generate, new, schema, stamp."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from generator.catalogue import (
    CheckedProgram,
    check_file,
    check_unique_ids,
    discover_programs,
    known_method_ids,
)
from generator.errors import (
    INTERNAL_ERROR_EXIT,
    DayaError,
    Problem,
    UsageError,
    internal_error_message,
    printable,
    relative_name,
)
from generator.handbook import (
    check_handbook,
    handbook_docs_dir,
    handbook_pages,
    project_root_here,
    stamp_translation,
    translation_path,
)

SCHEMA_PATH = Path(__file__).parent / "schema" / "program.schema.json"
JSON_FORMAT_VERSION = 1


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


def say(text: str) -> None:
    """Print a line for the user, with any control character shown, not obeyed."""
    print(printable(text))


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


# --- daya check ------------------------------------------------------------------------------


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
        if path.is_dir() and os.path.lexists(path / "program.yaml"):
            files.append(path / "program.yaml")
        elif path.is_dir():
            inside = discover_programs(path)
            if not inside:
                raise UsageError(f"{path}: no */program.yaml inside this folder")
            files += inside
        else:
            files.append(path)
    return files


def check_paths(paths: Sequence[Path]) -> list[CheckedProgram]:
    """Check programs and handbook pages (a .md file or a folder under docs/).

    With no paths: every program and the whole handbook of the project. A page's entry has
    no loaded program (`"program": null` in JSON).
    """
    page_args = [p for p in paths if p.suffix == ".md" or (p.is_dir() and handbook_docs_dir(p))]
    program_args = [p for p in paths if p not in page_args]
    if not paths:
        root = project_root_here()
        page_args = [root / "docs"] if root and (root / "docs").is_dir() else []
    files = resolve_program_paths(program_args) if program_args or not paths else []
    if not files and not page_args:
        raise UsageError(
            "no programs found (and no handbook): run inside a Daya repository or name the files"
        )
    methods = known_method_ids(files[0].parent if files else None)
    results = [check_file(path, methods) for path in files]
    check_unique_ids(results)

    selected: dict[Path, dict[Path, None]] = {}  # docs folder -> its pages, in order, once
    for path in page_args:
        if not path.exists():
            raise UsageError(f"{path}: no such page or folder")
        docs_dir = handbook_docs_dir(path)
        if docs_dir is None:
            raise UsageError(
                f"{path}: not a handbook page; pages live in the docs/ folder of a Daya project"
            )
        pages = handbook_pages(path)
        if not pages:
            raise UsageError(f"{path}: no pages (*.md) inside this folder")
        selected.setdefault(docs_dir, {}).update(dict.fromkeys(pages))
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
            raise UsageError("give either PATHs or --changed, not both")
        paths = changed_paths(args.changed)
        if not paths:
            print("no program or handbook page differs from the base: nothing to check")
            return 0
    results = check_paths(paths)
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
    from generator.changes import changed_files

    return [
        path
        for path in changed_files(base)
        if (path.name == "program.yaml" and path.parts[0] == "programs")
        or (
            path.suffix == ".md" and path.parts[0] == "docs" and path.parts[1:2] != ("javascripts",)
        )
    ]


def _colour(text: str, code: str) -> str:
    if sys.stdout.isatty() and "NO_COLOR" not in os.environ:
        return f"\033[{code}m{text}\033[0m"
    return text


def format_text(results: list[CheckedProgram], problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        label = _colour(f"{p.severity}[{p.code}]", "31;1" if p.severity == "error" else "33;1")
        lines.append(f"{p.file}:{p.line}:{p.col}: {label} {p.message}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    pages = sum(str(r.path).endswith(".md") for r in results)
    programs = len(results) - pages
    checked = [
        f"{n} {word}{'s' if n != 1 else ''}"
        for n, word in [(programs, "program"), (pages, "handbook page")]
        if n or (word == "program" and not pages)
    ]
    summary = (
        f"{' and '.join(checked)} checked: {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
    lines.append(_colour(summary, "32" if not problems else ("31" if errors else "33")))
    return "\n".join(lines)


def format_json(results: list[CheckedProgram], problems: list[Problem]) -> str:
    """The documented JSON structure (see README, "daya check --format json")."""
    errors = sum(p.severity == "error" for p in problems)
    document = {
        "version": JSON_FORMAT_VERSION,
        "files": [
            {
                "file": str(r.problems[0].file if r.problems else r.path),
                "program": r.loaded.program.id if r.loaded else None,
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


# --- daya generate ---------------------------------------------------------------------------


def output_formats(value: str) -> tuple[str, ...]:
    """`--format md,docx` → ("md", "docx"): each name once, in the order given."""
    from generator.generate import OUTPUT_FORMATS

    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in OUTPUT_FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"{value!r}: choose from {', '.join(OUTPUT_FORMATS)}, separated by commas"
        )
    return tuple(dict.fromkeys(names))


def run_generate(args: argparse.Namespace) -> int:
    from generator.generate import generate_programs

    files = resolve_program_paths(args.paths)
    if not files:
        raise UsageError("no programs found: run inside a Daya repository or name the files")
    methods = known_method_ids(files[0].parent)
    results = [check_file(path, methods) for path in files]
    check_unique_ids(results)
    if args.templates is not None and not args.templates.is_dir():
        raise UsageError(f"--templates {args.templates}: no such folder")
    return generate_programs(
        results,
        out_dir=args.out,
        lang=args.lang,
        templates=args.templates,
        echo=say,
        formats=args.formats,
        force=args.force,
    )


# --- daya schema -----------------------------------------------------------------------------


def program_schema_text() -> str:
    from generator.model import Program

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


# --- daya stamp ------------------------------------------------------------------------------


def run_stamp(args: argparse.Namespace) -> int:
    """After translating, record the Indonesian text's hash so `daya check` can spot drift."""
    targets = list(args.paths)
    if not targets:
        root = project_root_here()
        if root is None or not (root / "docs").is_dir():
            raise UsageError("no handbook found: run inside a Daya repository or name the pages")
        targets = [root / "docs"]
    pages: list[Path] = []
    for target in targets:
        if target.is_dir():
            for page in handbook_pages(target):
                if not page.name.endswith(".en.md"):
                    continue
                if translation_path(page).is_file():
                    pages.append(page)
                else:
                    skipped = f"skipped {relative_name(page)}: no Indonesian page"
                    print(printable(skipped), file=sys.stderr)
        elif target.suffix == ".md" and target.is_file():
            pages.append(target if target.name.endswith(".en.md") else translation_path(target))
        else:
            raise UsageError(f"{target}: not a page (*.md) or a folder of pages")
    pages = list(dict.fromkeys(pages))
    changed = [page for page in pages if stamp_translation(page)]
    for page in changed:
        say(f"stamped {relative_name(page)}")
    print(f"{len(changed)} of {len(pages)} English page{'s' if len(pages) != 1 else ''} stamped")
    return 0


# --- daya new --------------------------------------------------------------------------------


def run_new(args: argparse.Namespace) -> int:
    from generator.scaffold import PROGRAMS_DIR, create_program, next_steps, parse_new_arguments

    # Options may follow the template (`daya new basic --no-input id=x`), which argparse
    # cannot mix with positionals, so the scaffold module reads the arguments itself.
    template, answers, no_input = parse_new_arguments(args.arguments)
    program_dir = create_program(
        template,
        no_input=no_input or args.no_input,
        extra_context=answers,
        programs_dir=PROGRAMS_DIR,
    )
    say(next_steps(program_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
