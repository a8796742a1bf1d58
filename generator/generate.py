"""`daya generate`: checked programs → their documents on disk, one folder per program."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from generator.catalogue import CheckedProgram, method_infos
from generator.documents import RenderOptions, render_documents
from generator.errors import DayaError, relative_name
from generator.export import EXPORT_FORMATS, export_files
from generator.output import write_program_files
from generator.render import make_environment

OUTPUT_FORMATS: tuple[str, ...] = ("md", *EXPORT_FORMATS)
"""What `daya generate --format` can write: Markdown pages, the Word plan, the Excel workbook."""


def render_program_files(
    checked: CheckedProgram,
    lang: str | None,
    templates: Path | None,
    formats: tuple[str, ...] = OUTPUT_FORMATS,
) -> tuple[str, dict[str, str | bytes]]:
    """(language, {file name: content}) for one program that has no errors."""
    assert checked.loaded is not None
    program = checked.loaded.program
    language = lang or program.language
    options = RenderOptions(
        lang=language,
        methods=method_infos(language, checked.path.parent),
        templates_override=templates,
    )
    files: dict[str, str | bytes] = {}
    if "md" in formats:
        files.update(render_documents(program, options, make_environment(templates)))
    exported = tuple(f for f in formats if f in EXPORT_FORMATS)
    if exported:
        files.update(export_files(program, language, options.methods, exported))
    return language, files


def generate_programs(
    results: list[CheckedProgram],
    *,
    out_dir: Path,
    lang: str | None,
    templates: Path | None,
    echo: Callable[[str], None],
    formats: tuple[str, ...] = OUTPUT_FORMATS,
) -> int:
    """Write every program without errors; report the others. Exit code: 1 if any was refused."""
    refused = 0
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
        try:
            language, files = render_program_files(checked, lang, templates, formats)
            target = write_program_files(out_dir, checked.loaded.program.id, files)
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
