"""`daya generate`: checked programs → their documents on disk, one folder per program."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.cache import folder_digest, make_key
from generator.cli.check import program_file_name, resolve_program_paths
from generator.cli.options import add_as_of
from generator.cli.output_folder import (
    output_is_current,
    prepare_out_dir,
    program_output_dir,
    write_program_files,
)
from generator.cli.terminal import progress, say
from generator.core.documents import RenderOptions, page_file, render_documents
from generator.core.messages import _m, _mn
from generator.core.model import Program
from generator.core.render import shared_environment
from generator.core.views import untranslated
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
    progress = checked.monitoring.progress if checked.monitoring else None
    monitoring = f"{progress.digest}@{progress.as_of}" if progress else ""
    return make_key(
        "generate",
        checked.path.read_bytes(),
        monitoring,
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
        documents = render_documents(
            program, options, shared_environment(templates), checked.monitoring
        )
        files.update({page_file(name, language): text for name, text in documents.items()})
    exported = tuple(f for f in formats if f in EXPORT_FORMATS)
    if exported:
        files.update(
            export_files(program, language, options.method_titles, exported, checked.monitoring)
        )
    return language, files


@dataclass
class GenerateRun:
    """One `daya generate`: where, in which language and formats, and how to say what it did."""

    out_dir: Path
    lang: str | None
    templates: Path | None
    echo: Callable[[str], None]
    formats: tuple[str, ...] = OUTPUT_FORMATS
    force: bool = False
    prepared: bool = False

    def program(self, checked: CheckedProgram) -> bool:
        """Write one program's documents (or skip it, unchanged); False when it was refused."""
        name = program_file_name(checked)
        if checked.loaded is None or checked.errors:
            for problem in checked.errors:
                self.echo(str(problem))
            self.echo(
                _m(
                    "{name}: not generated — fix the {n} error(s) above",
                    name=name,
                    n=len(checked.errors),
                )
            )
            return False
        program_id = checked.loaded.program.id
        options = render_options(checked, self.lang, self.templates)
        key = source_key(checked, options, self.formats)
        if not self.force and output_is_current(self.out_dir, program_id, key, options.lang):
            target = program_output_dir(self.out_dir, program_id)
            self.echo(
                _m(
                    "{id}: unchanged ({language}) → {folder}",
                    id=program_id,
                    language=options.lang,
                    folder=relative_name(target),
                )
            )
            return True
        try:
            with working_on(checked.path):
                language, files = render_program_files(
                    checked, self.lang, self.templates, self.formats
                )
        except DayaError as exc:
            self.echo(_m("{name}: not generated — {reason}", name=name, reason=exc))
            return False
        if not self.prepared:  # a folder that cannot be used stops the whole run
            prepare_out_dir(self.out_dir)
            self.prepared = True
        try:
            target = write_program_files(self.out_dir, program_id, files, key, language)
        except DayaError as exc:
            self.echo(_m("{name}: not generated — {reason}", name=name, reason=exc))
            return False
        done = {
            "id": program_id,
            "written": written(files, language),
            "folder": relative_name(target),
        }
        if checked.warnings:
            self.echo(
                _m("{id}: {written} → {folder}, {n} warning(s)", n=len(checked.warnings), **done)
            )
        else:
            self.echo(_m("{id}: {written} → {folder}", **done))
        self.say_untranslated(checked.loaded.program, language)
        return True

    def say_untranslated(self, program: Program, language: str) -> None:
        """One line when the documents show some text in the other language."""
        found = untranslated(program, language)
        if not found.count:
            return
        names = {"id": _m("Indonesian"), "en": _m("English")}
        self.echo(
            _m(
                "{id}: {count} of {total} texts are not yet written in {language}; the "
                "documents show them in {shown_in} and say so once at the top",
                id=program.id,
                count=found.count,
                total=found.total,
                language=names[language],
                shown_in=" / ".join(names[lang] for lang in found.shown_in),
            )
        )


def written(files: dict[str, str | bytes], language: str) -> str:
    """`9 documents (id) + x-kak.docx, x-rencana.xlsx`: what was written, in a few words."""
    pages = sum(name.endswith(".md") for name in files)
    others = ", ".join(sorted(name for name in files if not name.endswith(".md")))
    if not pages:
        return f"{others} ({language})"
    documents = _mn(
        "{n} document ({language})", "{n} documents ({language})", pages, language=language
    )
    return f"{documents} + {others}" if others else documents


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
    run = GenerateRun(out_dir, lang, templates, echo, formats, force)
    refused = 0
    for checked in progress(results, _m("Writing documents")):
        refused += not run.program(checked)
    return 1 if refused else 0


def output_formats(value: str) -> tuple[str, ...]:
    """`--format md,docx` → ("md", "docx"): each name once, in the order given."""
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in OUTPUT_FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            _m(
                "{value}: choose from {formats}, separated by commas",
                value=repr(value),
                formats=", ".join(OUTPUT_FORMATS),
            )
        )
    return tuple(dict.fromkeys(names))


def run_generate(args: argparse.Namespace) -> int:
    files = resolve_program_paths(args.paths)
    if not files:
        raise UsageError(_m("no programs found: run inside a Daya repository or name the files"))
    methods = known_method_ids(files[0].parent)
    results = [check_file(path, methods, args.as_of) for path in files]
    check_unique_ids(results)
    if args.templates is not None and not args.templates.is_dir():
        raise UsageError(_m("--templates {folder}: no such folder", folder=args.templates))
    return generate_programs(
        results,
        out_dir=args.out,
        lang=args.lang,
        templates=args.templates,
        echo=say,
        formats=args.formats,
        force=args.force,
    )


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`daya generate`: its options."""
    generate = sub.add_parser(
        "generate", help=_m("write the planning documents of programs"), parents=[common]
    )
    generate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PROGRAM",
        help=_m("program files or folders (default: every programs/*/program.yaml)"),
    )
    generate.add_argument(
        "--out",
        type=Path,
        default=Path("build/programs"),
        help=_m("output folder; each program gets <out>/<id>/ (default: build/programs)"),
    )
    generate.add_argument(
        "--lang",
        choices=["id", "en"],
        default=None,
        help=_m("language of the documents (default: each program's own language)"),
    )
    generate.add_argument(
        "--templates",
        type=Path,
        default=None,
        metavar="FOLDER",
        help=_m("folder whose templates replace the built-in ones of the same name"),
    )
    generate.add_argument(
        "--format",
        dest="formats",
        type=output_formats,
        default="md,docx,xlsx",
        metavar="md,docx,xlsx",
        help=_m(
            "what to write, comma-separated: md (pages), docx (Word plan with annexes), "
            "xlsx (Excel workbook with live formulas); default: all three"
        ),
    )
    add_as_of(generate)
    generate.add_argument(
        "--force",
        action="store_true",
        help=_m("write every program again, even those whose output is up to date"),
    )
    generate.set_defaults(run=run_generate)
