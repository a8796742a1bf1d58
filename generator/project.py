"""A Daya project on disk: its program files, checked against the methods of its handbook.

Where the core (load + logic checks) meets the handbook (the method ids programs may cite);
the command line and the site both check programs through here, and share what they learn:
`check_programs` checks many programs on every core and keeps each result in the
content-hash cache, so `daya check`, `daya generate` and the site's build never check an
unchanged program twice.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from typing_extensions import TypedDict

from generator.cache import CACHE_FOLDER, ContentCache, folder_digest, make_key, shape
from generator.core.checks import check_program
from generator.core.load import MAX_PROGRAM_BYTES, LoadedProgram, load_program
from generator.core.messages import _m, ui_language
from generator.core.model import Program
from generator.core.monitoring.checks import CheckedMonitoring, load_monitoring
from generator.core.portfolio import program_standing, standing_to_json
from generator.core.views import location_text, shown, untranslated
from generator.errors import DayaError, Problem, relative_name, working_on
from generator.handbook.cards import method_ids
from generator.paths import find_project_root, read_regular_file

PROGRAM_FILE = "program.yaml"


@dataclass
class CheckedProgram:
    """The outcome of checking one file: the program if it loaded, and every problem found."""

    path: Path
    loaded: LoadedProgram | None
    problems: list[Problem] = field(default_factory=list)
    monitoring: CheckedMonitoring | None = None
    """The program's monitoring records and progress (None when the program did not load)."""
    program_id: str | None = None
    language: str | None = None
    """The program's id and language: from `loaded`, or from the cache when the program was
    checked in another process or an earlier run (then `loaded` is None)."""
    summary: dict[str, Any] | None = None
    """What the site shows of a program without errors (summarize); set by check_programs."""
    file_name: str = ""
    """The checked file as messages name it (its problems may lie in its monitoring files)."""
    from_cache: bool = False
    """Whether the check was read from the content-hash cache."""

    def __post_init__(self) -> None:
        if self.loaded is not None:
            self.program_id = self.loaded.program.id
            self.language = self.loaded.program.language
            self.file_name = self.loaded.file
        elif not self.file_name:
            self.file_name = str(self.problems[0].file if self.problems else self.path)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def discover_programs(programs_dir: Path) -> list[Path]:
    """Every programs/<id>/program.yaml, sorted by id.

    Links are listed too (a glob would skip a broken one silently): reading one is refused
    with a located error.
    """
    if not programs_dir.is_dir():
        return []
    return sorted(
        entry / PROGRAM_FILE
        for entry in programs_dir.iterdir()
        if os.path.lexists(entry / PROGRAM_FILE)
    )


def project_cache(program: Path | None) -> ContentCache:
    """The content-hash cache of the project a program belongs to: its `.daya-cache/`, which
    the site's build uses too. Outside a project, or with no program, it is kept in memory."""
    if program is None:
        return ContentCache()
    folder = program.absolute().parent.resolve()  # the file itself may be a broken link
    root = find_project_root(folder)
    if root is None or (root != folder and root not in folder.parents):
        return ContentCache()
    return ContentCache(root / CACHE_FOLDER)


def known_method_ids(start: Path | None = None) -> set[str] | None:
    """Method ids of the handbook around `start`, or None when no handbook is found."""
    root = find_project_root(start)
    return method_ids(root / "docs") if root else None


def check_file(
    path: Path, known_methods: set[str] | None, as_of: dt.date | None = None
) -> CheckedProgram:
    """Load and check one program file with its monitoring files (as of `as_of`, else the
    latest date in them); never raises for a bad file."""
    try:
        with working_on(path):
            loaded = load_program(path)
    except DayaError as exc:
        return CheckedProgram(path, None, exc.problems)
    with working_on(path):
        problems = check_program(loaded, known_methods)
    folder = path.absolute().parent.name
    if path.name == PROGRAM_FILE and loaded.program.id != folder:
        # The id names the output folder and the page: a second program could take them.
        ident = loaded.program.id
        problems.append(
            loaded.problem(
                "error",
                "D110",
                _m(
                    "the program id '{id}' differs from its folder '{folder}'; rename the folder "
                    "to programs/{id}/ or set id: {folder}",
                    id=ident,
                    folder=folder,
                ),
                "id",
            )
        )
    with working_on(path.parent / "monitoring"):
        monitoring = load_monitoring(loaded, path, as_of)
    problems += monitoring.problems
    return CheckedProgram(path, loaded, sorted(problems), monitoring)


def check_unique_ids(results: list[CheckedProgram]) -> None:
    """Two files with one program id would write one folder and one page: the later is an error."""
    first: dict[str, CheckedProgram] = {}
    for checked in results:
        ident = checked.program_id
        if ident is None:
            continue
        if ident not in first:
            first[ident] = checked
            continue
        message = _m(
            "the program id '{id}' is also used by {file}; give each program its own id",
            id=ident,
            file=first[ident].file_name,
        )
        checked.problems = sorted([*checked.problems, _id_problem(checked, message)])
        checked.summary = None  # it has an error now: no page, no downloads


def _id_problem(checked: CheckedProgram, message: str) -> Problem:
    """The error at the program's `id:` line (a program checked elsewhere is read again)."""
    loaded = checked.loaded
    if loaded is None:
        try:
            loaded = load_program(checked.path)
        except DayaError:  # changed since it was checked
            return Problem(checked.file_name, 1, 1, "error", "D111", message)
    return loaded.problem("error", "D111", message, "id")


# --- Many programs: checked on every core, and not again while unchanged ---------------------


class ProblemEntry(TypedDict):
    file: str
    line: int
    col: int
    severity: Literal["error", "warning"]
    code: str
    message: str


class ProgressEntry(TypedDict):
    digest: str
    as_of: str


class SummaryEntry(TypedDict):
    id: str
    title: dict[str, str]
    summary: dict[str, str]
    status: str
    sectors: list[str]
    location: str
    start: str
    end: str
    budget: int
    currency: str
    methods: list[str]
    progress: ProgressEntry | None
    standing: dict[str, Any]
    forms: list[str]


class CheckEntry(TypedDict):
    problems: list[ProblemEntry]
    summary: SummaryEntry | None
    id: str | None
    language: str | None
    file: str


IS_CHECK = shape(CheckEntry)


def summarize(program: Program, monitoring: CheckedMonitoring | None) -> dict[str, Any]:
    """The JSON-able facts the catalogue, the portfolio and the method cards need."""
    progress = monitoring.progress if monitoring is not None else None
    return {
        "id": program.id,
        "title": {lang: shown(program, program.title, lang).text for lang in ("id", "en")},
        "summary": {
            lang: shown(program, program.summary, lang).text if program.summary else ""
            for lang in ("id", "en")
        },
        "status": program.status,
        "sectors": list(program.sectors),
        "location": location_text(program, "id", short=True),
        "partly": {lang: partly_in(program, lang) for lang in ("id", "en")},
        "start": program.period.start.isoformat(),
        "end": program.period.end.isoformat(),
        "budget": program.budget_total(),
        "currency": program.budget.currency if program.budget else "IDR",
        "methods": sorted(program.cited_methods()),
        # What the page and the downloads of a program depend on besides its file.
        "progress": (
            {"digest": progress.digest, "as_of": progress.as_of.isoformat()} if progress else None
        ),
        "standing": standing_to_json(program_standing(program, monitoring)),
        "forms": [form.id for form in program.forms],
    }


def partly_in(program: Program, lang: str) -> str:
    """ "partly in Indonesian" when some of the program's text is not written in `lang`."""
    found = untranslated(program, lang)
    return found.words("short") if found.count else ""


PARALLEL_FROM = 16
"""Check in worker processes when at least this many programs are not in the cache."""

Track = Callable[[Iterable[Any], int], Iterable[Any]]
"""Wraps the results as they come (a progress bar); given the number expected."""


def program_digest(path: Path) -> str | None:
    """The program file and its monitoring records, as one digest; None when the file or a
    folder on its way is a link or cannot be read (its check is never taken from the cache:
    the check refuses links, and a link's target may change without the link changing)."""
    monitoring = path.parent / "monitoring"
    if path.parent.is_symlink() or monitoring.is_symlink():
        return None
    try:
        raw = read_regular_file(path, MAX_PROGRAM_BYTES)
    except (OSError, DayaError):  # the check says what is wrong with it
        return None
    return make_key(raw, folder_digest(monitoring))


def check_key(name: str, digest: str, known: set[str] | None, as_of: dt.date | None) -> str:
    """The cache key of one check. Problems are kept worded, so the messages' language is
    part of it, and the file's name as messages give it (relative to the current folder)."""
    methods = ",".join(sorted(known)) if known is not None else "-"
    dated = [as_of.isoformat()] if as_of else []
    return make_key("check", name, digest, methods, ui_language(), *dated)


def check_entry(checked: CheckedProgram) -> CheckEntry:
    """What the cache keeps of a check: enough to report it and to build the site from it."""
    return {
        "problems": [p.as_dict() for p in checked.problems],  # type: ignore[misc]
        "summary": checked.summary,  # type: ignore[typeddict-item]
        "id": checked.program_id,
        "language": checked.language,
        "file": checked.file_name,
    }


def check_here(path: Path, known: set[str] | None, as_of: dt.date | None) -> CheckedProgram:
    """check_file, and the summary of a program without errors."""
    checked = check_file(path, known, as_of)
    if checked.loaded is not None and not checked.errors:
        checked.summary = summarize(checked.loaded.program, checked.monitoring)
    return checked


def from_entry(path: Path, entry: CheckEntry, from_cache: bool = False) -> CheckedProgram:
    """A check read back from the cache or a worker process: no loaded program."""
    return CheckedProgram(
        path,
        None,
        [Problem(**p) for p in entry["problems"]],
        program_id=entry["id"],
        language=entry["language"],
        summary=dict(entry["summary"]) if entry["summary"] is not None else None,
        file_name=entry["file"],
        from_cache=from_cache,
    )


Then = Callable[[CheckedProgram, str], Any]
"""Work for the worker process that checked a program without errors, done with the program
it loaded (given the check and the program's digest); what it returns is given to `take`.
It must pickle (a module-level function or class), and it must not raise."""
Take = Callable[[CheckedProgram, Any], None]
"""What the calling process does with what `then` made, as each check arrives (so a catalogue
of thousands never holds all of it)."""
CheckJob = tuple[str, set[str] | None, dt.date | None, str | None, Then | None]


def _check_job(job: CheckJob) -> tuple[CheckEntry, Any]:
    """One program's check in a worker process, and what `then` made of it."""
    path, known, as_of, digest, then = job
    checked = check_here(Path(path), known, as_of)
    made = None
    if then is not None and digest is not None and checked.summary is not None:
        made = then(checked, digest)
    return check_entry(checked), made


def check_programs(
    paths: Sequence[Path],
    known: set[str] | None,
    as_of: dt.date | None = None,
    cache: ContentCache | None = None,
    *,
    digests: Sequence[str | None] | None = None,
    track: Track | None = None,
    then: Then | None = None,
    take: Take | None = None,
) -> list[CheckedProgram]:
    """Check every program, in the order given: from the cache when its file and monitoring
    records are unchanged, in worker processes when many are not.

    A program checked here (in this process) comes back with its loaded program; one from the
    cache or a worker with its problems, id, language and summary only. `digests` (of
    program_digest, one per path) spare reading the files again when the caller has them.
    `then` runs in the worker processes only (a program checked here keeps what it loaded),
    and `take` is given what it made.
    """
    cache = cache if cache is not None else ContentCache()
    if digests is None:
        digests = [program_digest(path) for path in paths]
    results: list[CheckedProgram | None] = [None] * len(paths)
    missing: list[tuple[int, str | None]] = []  # (position, cache key)
    for at, (path, digest) in enumerate(zip(paths, digests, strict=True)):
        key = check_key(relative_name(path), digest, known, as_of) if digest else None
        hit = cache.get(key, valid=IS_CHECK) if key else None
        if hit is not None:
            results[at] = from_entry(path, hit, from_cache=True)
        else:
            missing.append((at, key))
    checks = _check_missing(paths, digests, missing, known, as_of, track, then)
    for (at, key), (checked, made) in zip(missing, checks, strict=True):
        if made is not None and take is not None:
            take(checked, made)
        if key:
            cache.put(key, check_entry(checked))
        results[at] = checked
    return [checked for checked in results if checked is not None]


def _check_missing(
    paths: Sequence[Path],
    digests: Sequence[str | None],
    missing: list[tuple[int, str | None]],
    known: set[str] | None,
    as_of: dt.date | None,
    track: Track | None,
    then: Then | None,
) -> Iterator[tuple[CheckedProgram, Any]]:
    """The checks the cache did not have, in order, with what `then` made of each: in this
    process when they are few."""
    workers = min(os.cpu_count() or 1, 8)
    chosen = [paths[at] for at, _ in missing]
    if len(chosen) < PARALLEL_FROM or workers < 2:
        for path in track(chosen, len(chosen)) if track else chosen:
            yield check_here(path, known, as_of), None
        return
    jobs: list[CheckJob] = [(str(paths[at]), known, as_of, digests[at], then) for at, _ in missing]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        done = pool.map(_check_job, jobs, chunksize=8)
        for path, (entry, made) in zip(
            chosen, track(done, len(jobs)) if track else done, strict=True
        ):
            yield from_entry(path, entry), made
