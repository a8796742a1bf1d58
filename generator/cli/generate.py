"""`daya generate`: checked programs → their documents on disk, one folder per program."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from generator.cache import folder_digest, make_key
from generator.cli.check import resolve_program_paths
from generator.cli.output_folder import (
    output_is_current,
    prepare_out_dir,
    program_output_dir,
    write_program_files,
)
from generator.cli.terminal import say
from generator.core.documents import RenderOptions, render_documents
from generator.core.render import shared_environment
from generator.errors import DayaError, UsageError, relative_name, working_on
from generator.export import EXPORT_FORMATS, export_files
from generator.handbook.cards import method_titles
from generator.project import CheckedProgram, check_file, check_unique_ids, known_method_ids

OUTPUT_FORMATS: tuple[str, ...] = ("md", *EXPORT_FORMATS)
"""What `daya generate --format` can write: Markdown pages, the Word plan, the Excel workbook."""


def render_options(
    checked: CheckedProgram, lang: str | None, templates: Path | None
) -> RenderOptions:
    assert checked.loaded is not None
    return RenderOptions(
        lang=lang or checked.loaded.program.language,
        method_titles=method_titles(lang or checked.loaded.program.language, checked.path.parent),
        templates_override=templates,
    )


def source_key(checked: CheckedProgram, options: RenderOptions, formats: tuple[str, ...]) -> str:
    """Everything the output depends on: the file, language, formats, templates, method titles."""
    titles = json.dumps(dict(sorted(options.method_titles.items())), ensure_ascii=False)
    return make_key(
        "generate",
        checked.path.read_bytes(),
        options.lang,
        ",".join(formats),
        folder_digest(options.templates_override),
        titles,
    )


def render_program_files(
    checked: CheckedProgram,
    lang: str | None,
    templates: Path | None,
    formats: tuple[str, ...] = OUTPUT_FORMATS,
) -> tuple[str, dict[str, str | bytes]]:
    """(language, {file name: content}) for one program that has no errors."""
    assert checked.loaded is not None
    program = checked.loaded.program
    options = render_options(checked, lang, templates)
    language = options.lang
    files: dict[str, str | bytes] = {}
    if "md" in formats:
        files.update(render_documents(program, options, shared_environment(templates)))
    exported = tuple(f for f in formats if f in EXPORT_FORMATS)
    if exported:
        files.update(export_files(program, language, options.method_titles, exported))
    return language, files


def generate_programs(
    results: list[CheckedProgram],
    *,
    out_dir: Path,
    lang: str | None,
    templates: Path | None,
    echo: Callable[[str], None],
    formats: tuple[str, ...] = OUTPUT_FORMATS,
    force: bool = False,
) -> int:
    """Write every program without errors; report the others. Exit code: 1 if any was refused.

    A program whose output folder is current (same source, every file as Daya wrote it) is
    skipped unless `force`.
    """
    refused = 0
    prepared = False
    show_progress = sys.stderr.isatty() and len(results) > 1
    for n, checked in enumerate(results, start=1):
        if show_progress:
            filled = round(30 * n / len(results))
            print(
                f"\r[{'#' * filled}{'.' * (30 - filled)}] {n}/{len(results)}",
                end="",
                file=sys.stderr,
                flush=True,
            )
        name = checked.problems[0].file if checked.problems else str(checked.path)
        if checked.loaded is None or checked.errors:
            refused += 1
            for problem in checked.errors:
                echo(str(problem))
            echo(f"{name}: not generated — fix the {len(checked.errors)} error(s) above")
            continue
        program_id = checked.loaded.program.id
        options = render_options(checked, lang, templates)
        key = source_key(checked, options, formats)
        target = program_output_dir(out_dir, program_id)
        if not force and output_is_current(out_dir, program_id, key):
            echo(f"{program_id}: unchanged ({options.lang}) → {relative_name(target)}")
            continue
        try:
            with working_on(checked.path):
                language, files = render_program_files(checked, lang, templates, formats)
        except DayaError as exc:
            refused += 1
            echo(f"{name}: not generated — {exc}")
            continue
        if not prepared:  # a folder that cannot be used stops the whole run
            prepare_out_dir(out_dir)
            prepared = True
        try:
            target = write_program_files(out_dir, program_id, files, source_key=key)
        except DayaError as exc:
            refused += 1
            echo(f"{name}: not generated — {exc}")
            continue
        warnings = len(checked.warnings)
        note = f", {warnings} warning(s)" if warnings else ""
        pages = sum(name.endswith(".md") for name in files)
        others = ", ".join(sorted(name for name in files if not name.endswith(".md")))
        written = f"{pages} documents ({language})" if pages else f"{others} ({language})"
        if pages and others:
            written += f" + {others}"
        echo(f"{checked.loaded.program.id}: {written} → {relative_name(target)}{note}")
    if show_progress:
        print(file=sys.stderr)
    return 1 if refused else 0


def output_formats(value: str) -> tuple[str, ...]:
    """`--format md,docx` → ("md", "docx"): each name once, in the order given."""
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in OUTPUT_FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"{value!r}: choose from {', '.join(OUTPUT_FORMATS)}, separated by commas"
        )
    return tuple(dict.fromkeys(names))


def run_generate(args: argparse.Namespace) -> int:
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
