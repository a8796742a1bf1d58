"""The program catalogue as site pages: checked once, rendered once, cached by content hash.

Knows nothing of MkDocs: the plugin asks this module for page Markdown by program and
language. With a warm cache an unchanged program costs a file read and a hash.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from markupsafe import Markup, escape
from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypedDict

from generator.cache import ContentCache, folder_digest, make_key
from generator.core.documents import (
    DOCUMENTS,
    RenderOptions,
    combine_for_site,
    render_documents,
)
from generator.core.i18n import translations
from generator.core.labels import label_text
from generator.core.load import load_program
from generator.core.messages import ui_language
from generator.core.model import Program
from generator.core.render import render_template, shared_environment
from generator.core.views import location_text, shown, untranslated
from generator.errors import Problem, relative_name, working_on
from generator.export import EXPORT_FORMATS, export_file_name, export_files
from generator.export.common import one_line
from generator.handbook.cards import method_ids, method_titles
from generator.project import check_file, discover_programs

PARALLEL_FROM = 16
"""Render in worker processes when at least this many pages are missing from the cache."""


# --- The shapes of cache entries: anything else is a miss, not a crash ----------------------


class ProblemEntry(TypedDict):
    file: str
    line: int
    col: int
    severity: Literal["error", "warning"]
    code: str
    message: str


class SummaryEntry(TypedDict):
    id: str
    title: dict[str, str]
    status: str
    sectors: list[str]
    location: str
    start: str
    end: str
    budget: int
    currency: str
    methods: list[str]


class CheckEntry(TypedDict):
    problems: list[ProblemEntry]
    summary: SummaryEntry | None


def shape(kind: Any) -> Any:
    """A predicate: does a value read from the cache have the shape `kind`?"""
    adapter = TypeAdapter(kind)

    def valid(value: Any) -> bool:
        try:
            adapter.validate_python(value, strict=True)
        except ValidationError:
            return False
        return True

    return valid


IS_CHECK = shape(CheckEntry)
IS_PAGE = shape(str)
IS_FILES = shape(dict[str, str])


@dataclass
class CatalogueEntry:
    """One program file: its digest, problems, and what the catalogue page shows of it."""

    path: Path
    digest: str
    problems: list[Problem]
    summary: dict[str, Any] | None
    program: Program | None = field(default=None, repr=False)
    stamp: tuple[int, int] = (0, 0)
    """The file's modification time (ns) and size when it was read."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def summarize(program: Program) -> dict[str, Any]:
    """The JSON-able facts the catalogue page and the method cards need."""
    return {
        "id": program.id,
        "title": {lang: shown(program, program.title, lang).text for lang in ("id", "en")},
        "status": program.status,
        "sectors": list(program.sectors),
        "location": location_text(program, "id", short=True),
        "partly": {lang: partly_in(program, lang) for lang in ("id", "en")},
        "start": program.period.start.isoformat(),
        "end": program.period.end.isoformat(),
        "budget": program.budget_total(),
        "currency": program.budget.currency if program.budget else "IDR",
        "methods": sorted(program.cited_methods()),
    }


def partly_in(program: Program, lang: str) -> str:
    """ "partly in Indonesian" when some of the program's text is not written in `lang`."""
    found = untranslated(program, lang)
    return found.words("short") if found.count else ""


@cache
def _method_titles(lang: str, root: str) -> tuple[dict[str, str], str]:
    titles = method_titles(lang, Path(root))
    digest = hashlib.sha256(
        json.dumps(dict(sorted(titles.items())), ensure_ascii=False).encode()
    ).hexdigest()
    return titles, digest


def download_names(program_id: str, lang: str) -> list[tuple[str, str]]:
    """(format, file name) of the files a program page in `lang` offers for download."""
    return [(kind, export_file_name(program_id, kind, lang)) for kind in EXPORT_FORMATS]


def render_program_page(
    program: Program, lang: str, root: Path, templates: Path | None, downloads: bool = True
) -> str:
    """The Markdown of a program's page: front-matter, overview, then every document."""
    env = shared_environment(templates)
    titles, _ = _method_titles(lang, str(root))
    options = RenderOptions(
        lang=lang,
        method_titles=titles,
        method_url=lambda method_id: f"../../methods/{method_id}.md",
        standalone=False,
    )
    documents = render_documents(program, options, env)
    gettext = translations(lang).gettext
    tags = [label_text("sector", s, gettext) for s in program.sectors]
    tags.append(label_text("status", program.status, gettext))
    meta = page_meta(program, lang, tags)
    front_matter = Markup(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000))
    header = render_template(env, "program_page.md.j2", lang, {"front_matter": front_matter})
    files = download_names(program.id, lang) if downloads else []
    offer = render_template(env, "downloads.md.j2", lang, {"files": files}) if files else ""
    links = render_template(
        env,
        "document_links.md.j2",
        lang,
        {
            "documents": [d for d, _ in DOCUMENTS],
            "document_title": lambda doc_id: label_text("document", doc_id, gettext),
        },
    )
    return header + combine_for_site(documents, f"{offer}\n{links}")


def page_meta(program: Program, lang: str, tags: list[str]) -> dict[str, Any]:
    """The page's front matter, escaped for HTML: the theme prints these values as they are
    (the page title, the header, the tag listing, the meta description), so program text must
    arrive there already escaped."""
    meta: dict[str, Any] = {
        "title": str(escape(one_line(shown(program, program.title, lang).text))),
        "tags": [str(escape(tag)) for tag in tags],
        # The left navigation would hold only the catalogue, which the breadcrumb links; the
        # documents' wide tables and diagrams get the room instead.
        "hide": ["navigation"],
    }
    if program.summary is not None:
        summary = one_line(shown(program, program.summary, lang).text)
        if len(summary) > 300:
            summary = summary[:299].rstrip() + "…"
        meta["description"] = str(escape(summary))
    return meta


def export_program_files(program: Program, lang: str, root: Path) -> dict[str, str]:
    """The Word and Excel files of a program in `lang`, base64-encoded (JSON-safe for the cache)."""
    titles, _ = _method_titles(lang, str(root))
    return {
        name: base64.b64encode(data).decode("ascii")
        for name, data in export_files(program, lang, titles).items()
    }


def _render_job(job: tuple[str, str, str, str, str | None, bool]) -> Any:
    """Worker-process entry point: load one program and render its page or its files."""
    kind, path, lang, root, templates, downloads = job
    program = load_program(Path(path)).program
    if kind == "files":
        return export_program_files(program, lang, Path(root))
    return render_program_page(
        program, lang, Path(root), Path(templates) if templates else None, downloads
    )


class SiteCatalogue:
    """Every program of a repository, kept current across builds (`mkdocs serve`)."""

    def __init__(
        self,
        root: Path,
        programs_dir: Path,
        templates: Path | None,
        cache_dir: Path | None,
        downloads: bool = True,
    ) -> None:
        self.root = root
        self.programs_dir = programs_dir
        self.templates = templates
        self.cache = ContentCache(cache_dir)
        self.downloads = downloads
        self.entries: dict[Path, CatalogueEntry] = {}
        self.by_id: dict[str, CatalogueEntry] = {}
        self.templates_key = ""  # set by refresh(), which comes before any rendering
        self.methods_key = ""
        self.rendered = 0
        """Pages rendered (not served from the cache) since this object was made."""

    # --- checking ---------------------------------------------------------------------------

    def refresh(self) -> list[CatalogueEntry]:
        """Re-check the programs whose file changed; return every entry, sorted by path."""
        known = method_ids(self.root / "docs")
        methods_key = ",".join(sorted(known))
        if methods_key != self.methods_key:
            self.entries.clear()
            self.methods_key = methods_key
        current: dict[Path, CatalogueEntry] = {}
        for path in discover_programs(self.programs_dir):
            entry = self.entries.get(path)
            info = path.stat()
            stamp = (info.st_mtime_ns, info.st_size)
            if entry is None or entry.stamp != stamp:  # unchanged files are not read again
                raw = path.read_bytes()
                digest = hashlib.sha256(raw).hexdigest()
                if entry is None or entry.digest != digest:
                    entry = self._check(path, raw, digest, known)
                entry.stamp = stamp
            current[path] = entry
        self.entries = current
        self.by_id = {e.summary["id"]: e for e in current.values() if e.summary is not None}
        self.templates_key = folder_digest(self.templates)
        return list(current.values())

    def _check(self, path: Path, raw: bytes, digest: str, known: set[str]) -> CatalogueEntry:
        name = relative_name(path)
        # The problems are kept worded, so in the language of the messages.
        key = make_key("check", name, digest, self.methods_key, ui_language())
        hit = self.cache.get(key, valid=IS_CHECK)
        if hit is not None:
            problems = [Problem(**p) for p in hit["problems"]]
            return CatalogueEntry(path, digest, problems, hit["summary"])
        checked = check_file(path, known)
        program = checked.loaded.program if checked.loaded else None
        summary = summarize(program) if program is not None and not checked.errors else None
        self.cache.put(
            key, {"problems": [p.as_dict() for p in checked.problems], "summary": summary}
        )
        return CatalogueEntry(path, digest, checked.problems, summary, program)

    def summaries(self) -> list[dict[str, Any]]:
        return [e.summary for e in self.entries.values() if e.summary is not None]

    # --- rendering --------------------------------------------------------------------------

    def _page_key(self, entry: CatalogueEntry, lang: str) -> str:
        _, titles = _method_titles(lang, str(self.root))
        return make_key("page", entry.digest, lang, titles, self.templates_key, str(self.downloads))

    def _files_key(self, entry: CatalogueEntry, lang: str) -> str:
        _, titles = _method_titles(lang, str(self.root))
        return make_key("files", entry.digest, lang, titles)

    def _entry(self, program_id: str) -> CatalogueEntry:
        return self.by_id[program_id]

    def _jobs(self, lang: str, program_ids: list[str]) -> list[tuple[str, CatalogueEntry, str]]:
        """(kind, entry, cache key) of every page and file set of `lang` not in the cache."""
        wanted = [("page", self._page_key, IS_PAGE)]
        if self.downloads:
            wanted.append(("files", self._files_key, IS_FILES))
        missing = []
        for pid in program_ids:
            entry = self._entry(pid)
            for kind, key_of, valid in wanted:
                key = key_of(entry, lang)
                if self.cache.get(key, valid=valid) is None:
                    missing.append((kind, entry, key))
        return missing

    def prefetch(self, lang: str, program_ids: list[str]) -> None:
        """Render what `lang` misses from the cache, in worker processes when it is much."""
        missing = self._jobs(lang, program_ids)
        workers = min(os.cpu_count() or 1, 8)
        if len(missing) < PARALLEL_FROM or workers < 2:
            return  # page() and files() render them one by one
        templates = str(self.templates) if self.templates else None
        jobs = [
            (kind, str(e.path), lang, str(self.root), templates, self.downloads)
            for kind, e, _ in missing
        ]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(_render_job, jobs, chunksize=4)
            for (_kind, _entry, key), value in zip(missing, results, strict=True):
                self.cache.put(key, value)
                self.rendered += 1

    def release_programs(self) -> None:
        """Forget the loaded programs once their pages are made (a catalogue of 1,000 holds
        about 250 MB of them); a program that changes is loaded again when it is checked."""
        for entry in self.entries.values():
            entry.program = None

    def _program(self, entry: CatalogueEntry) -> Program:
        if entry.program is None:
            entry.program = load_program(entry.path).program
        return entry.program

    def page(self, program_id: str, lang: str) -> str:
        entry = self._entry(program_id)
        key = self._page_key(entry, lang)
        text = self.cache.get(key, valid=IS_PAGE)
        if text is None:
            with working_on(entry.path):
                program = self._program(entry)
                text = render_program_page(program, lang, self.root, self.templates, self.downloads)
            self.cache.put(key, text)
            self.rendered += 1
        return text

    def files(self, program_id: str, lang: str) -> dict[str, bytes]:
        """The program's Word and Excel files in `lang`, by file name."""
        entry = self._entry(program_id)
        key = self._files_key(entry, lang)
        encoded = self.cache.get(key, valid=IS_FILES)
        if encoded is None:
            with working_on(entry.path):
                encoded = export_program_files(self._program(entry), lang, self.root)
            self.cache.put(key, encoded)
            self.rendered += 1
        return {name: base64.b64decode(data) for name, data in encoded.items()}

    def catalogue_page(self, lang: str) -> str:
        gettext = translations(lang).gettext
        rows = []
        for summary in self.summaries():
            rows.append(
                {
                    "id": summary["id"],
                    "title": summary["title"][lang],
                    "partly": summary["partly"][lang],
                    "status": label_text("status", summary["status"], gettext),
                    "sectors": [label_text("sector", s, gettext) for s in summary["sectors"]],
                    "location": summary["location"],
                    "start": _date(summary["start"]),
                    "end": _date(summary["end"]),
                    "budget": summary["budget"],
                    "currency": summary["currency"],
                }
            )
        rows.sort(key=lambda r: r["title"].casefold())
        env = shared_environment(self.templates)
        return render_template(env, "catalogue.md.j2", lang, {"rows": rows})

    def users_of(self, method_id: str) -> list[dict[str, Any]]:
        return sorted(
            (s for s in self.summaries() if method_id in s["methods"]), key=lambda s: s["id"]
        )


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
