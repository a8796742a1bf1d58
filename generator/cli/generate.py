"""`daya generate`: checked programs → their documents on disk, one folder per program."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import folder_digest, make_key
from generator.cli.check import resolve_program_paths
from generator.cli.options import add_as_of, add_no_cache
from generator.cli.output_folder import (
    output_is_current,
    prepare_out_dir,
    program_output_dir,
    write_program_files,
)
from generator.cli.terminal import progress, say, tracker
from generator.core.documents import RenderOptions, page_file, render_documents
from generator.core.messages import _m, _mn
from generator.core.render import shared_environment
from generator.core.views import untranslated
from generator.errors import DayaError, UsageError, relative_name, working_on
from generator.export import EXPORT_FORMATS, export_files
from generator.handbook.cards import method_titles
from generator.paths import find_project_root
from generator.project import (
    CheckedProgram,
    check_file,
    check_programs,
    check_unique_ids,
    known_method_ids,
    program_digest,
    project_cache,
)

OUTPUT_FORMATS: tuple[str, ...] = ("md", *EXPORT_FORMATS)
"""What `daya generate --format` can write: Markdown pages, the Word plan, the Excel workbook."""


PARALLEL_FROM = 4
"""Render in worker processes from this many programs on (one takes a second or so)."""

Rendered = tuple[str, dict[str, str | bytes], tuple[int, int, list[str]]] | str
"""One program's documents: (language, {file name: content}, its untranslated texts as
(count, total, languages shown instead)); or why they could not be made."""


@dataclass(frozen=True)
class RenderJob:
    """What a worker process needs to write one program's documents."""

    path: Path
    known: set[str] | None
    as_of: dt.date | None
    lang: str
    titles: dict[str, str]
    templates: Path | None
    formats: tuple[str, ...]


def render_program(job: RenderJob, checked: CheckedProgram | None = None) -> Rendered:
    """Load the program (unless `checked` has it loaded) and render its documents."""
    try:
        with working_on(job.path):
            if checked is None or checked.loaded is None:
                checked = check_file(job.path, job.known, job.as_of)
            if checked.loaded is None or checked.errors:  # changed since it was checked
                return _m("{n} error(s); run daya check on it", n=len(checked.errors))
            program = checked.loaded.program
            options = RenderOptions(
                lang=job.lang, method_titles=job.titles, templates_override=job.templates
            )
            files: dict[str, str | bytes] = {}
            if "md" in job.formats:
                environment = shared_environment(job.templates)
                documents = render_documents(program, options, environment, checked.monitoring)
                files.update({page_file(name, job.lang): text for name, text in documents.items()})
            exported = tuple(f for f in job.formats if f in EXPORT_FORMATS)
            if exported:
                files.update(
                    export_files(program, job.lang, job.titles, exported, checked.monitoring)
                )
    except DayaError as exc:
        return str(exc)
    found = untranslated(program, job.lang)
    return job.lang, files, (found.count, found.total, list(found.shown_in))


def _render_in_worker(job: RenderJob) -> Rendered:
    return render_program(job)


@dataclass
class GenerateRun:
    """One `daya generate`: where, in which language and formats, and how to say what it did."""

    out_dir: Path
    lang: str | None
    templates: Path | None
    echo: Callable[[str], None]
    formats: tuple[str, ...] = OUTPUT_FORMATS
    force: bool = False
    known: set[str] | None = None
    as_of: dt.date | None = None
    prepared: bool = False
    titles: dict[tuple[str, Path | None], dict[str, str]] = field(default_factory=dict)

    def job(self, checked: CheckedProgram) -> RenderJob:
        assert checked.language is not None
        lang = self.lang or checked.language
        root = find_project_root(checked.path.parent)
        if (lang, root) not in self.titles:  # the cards are read once per run, not per program
            self.titles[lang, root] = method_titles(lang, checked.path.parent)
        return RenderJob(
            checked.path,
            self.known,
            self.as_of,
            lang,
            self.titles[lang, root],
            self.templates,
            self.formats,
        )

    def source_key(self, job: RenderJob) -> str:
        """Everything the output depends on: the file and its monitoring records, the report
        date, language, formats, templates and method titles."""
        titles = json.dumps(dict(sorted(job.titles.items())), ensure_ascii=False)
        return make_key(
            "generate",
            program_digest(job.path) or "",
            job.as_of.isoformat() if job.as_of else "",
            job.lang,
            ",".join(job.formats),
            folder_digest(job.templates),
            titles,
        )

    def needs_writing(self, checked: CheckedProgram) -> tuple[RenderJob, str] | None:
        """The job and source key of a program to write; None (and a line saying why) for a
        program refused for its errors or whose output is up to date."""
        if checked.program_id is None or checked.errors:
            for problem in checked.errors:
                self.echo(str(problem))
            self.echo(
                _m(
                    "{name}: not generated — fix the {n} error(s) above",
                    name=checked.file_name,
                    n=len(checked.errors),
                )
            )
            return None
        job = self.job(checked)
        key = self.source_key(job)
        if self.force or not output_is_current(self.out_dir, checked.program_id, key, job.lang):
            return job, key
        target = program_output_dir(self.out_dir, checked.program_id)
        self.echo(
            _m(
                "{id}: unchanged ({language}) → {folder}",
                id=checked.program_id,
                language=job.lang,
                folder=relative_name(target),
            )
        )
        return None

    def write(self, checked: CheckedProgram, key: str, rendered: Rendered) -> bool:
        """Write one program's documents; False when they could not be made or written."""
        if isinstance(rendered, str):
            self.echo(
                _m("{name}: not generated — {reason}", name=checked.file_name, reason=rendered)
            )
            return False
        language, files, (count, total, shown_in) = rendered
        assert checked.program_id is not None
        if not self.prepared:  # a folder that cannot be used stops the whole run
            prepare_out_dir(self.out_dir)
            self.prepared = True
        try:
            target = write_program_files(self.out_dir, checked.program_id, files, key, language)
        except DayaError as exc:
            self.echo(_m("{name}: not generated — {reason}", name=checked.file_name, reason=exc))
            return False
        done = {
            "id": checked.program_id,
            "written": written(files, language),
            "folder": relative_name(target),
        }
        if checked.warnings:
            self.echo(
                _m("{id}: {written} → {folder}, {n} warning(s)", n=len(checked.warnings), **done)
            )
        else:
            self.echo(_m("{id}: {written} → {folder}", **done))
        if count:  # one line when the documents show some text in the other language
            names = {"id": _m("Indonesian"), "en": _m("English")}
            self.echo(
                _m(
                    "{id}: {count} of {total} texts are not yet written in {language}; the "
                    "documents show them in {shown_in} and say so once at the top",
                    id=checked.program_id,
                    count=count,
                    total=total,
                    language=names[language],
                    shown_in=" / ".join(names[lang] for lang in shown_in),
                )
            )
        return True


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
    known: set[str] | None = None,
    as_of: dt.date | None = None,
) -> int:
    """Write every program without errors; report the others. Exit code: 1 if any was refused.

    A program whose output folder is current (same source, every file as Daya wrote it) is
    skipped unless `force`. The others are rendered in worker processes when they are many;
    what each program's line says comes in the order of `results` either way.
    """
    run = GenerateRun(out_dir, lang, templates, echo, formats, force, known, as_of)
    planned = [(checked, run.needs_writing(checked)) for checked in results]
    refused = sum(checked.program_id is None or bool(checked.errors) for checked in results)
    chosen = [(checked, todo) for checked, todo in planned if todo is not None]
    rendered = progress(
        render_all([(checked, job) for checked, (job, _) in chosen]),
        _m("Writing documents"),
        total=len(chosen),
    )
    for (checked, (_, key)), result in zip(chosen, rendered, strict=True):
        refused += not run.write(checked, key, result)
    return 1 if refused else 0


def render_all(jobs: list[tuple[CheckedProgram, RenderJob]]) -> Iterator[Rendered]:
    """Each program's documents, in order: in worker processes when there are many."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        for checked, job in jobs:
            yield render_program(job, checked)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_render_in_worker, [job for _, job in jobs], chunksize=2)


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
    cache = project_cache(files[0] if not args.no_cache else None)
    results = check_programs(files, methods, args.as_of, cache, track=tracker(_m("Checking")))
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
        known=methods,
        as_of=args.as_of,
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
    add_no_cache(generate)
    generate.add_argument(
        "--force",
        action="store_true",
        help=_m("write every program again, even those whose output is up to date"),
    )
    generate.set_defaults(run=run_generate)
