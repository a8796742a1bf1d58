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
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

from generator.cache import ContentCache, folder_digest, make_key, shape
from generator.core.documents import (
    RenderOptions,
    combine_for_site,
    document_list,
    render_documents,
    standing_functions,
)
from generator.core.escaping import escape_markdown
from generator.core.forms import form_views
from generator.core.i18n import translations
from generator.core.labels import LABELS, label_text
from generator.core.load import LoadedProgram, load_program
from generator.core.model import Program
from generator.core.monitoring.checks import CheckedMonitoring, load_monitoring
from generator.core.portfolio import (
    Standing,
    portfolio_view,
    standing_from_json,
)
from generator.core.render import render_template, shared_environment
from generator.core.views import shown
from generator.errors import Problem, working_on
from generator.export import (
    EXPORT_FORMATS,
    export_file_name,
    export_files,
    progress_file_name,
)
from generator.export.common import one_line
from generator.export.xlsform import checked_form
from generator.handbook.cards import cards_stamp, method_ids, method_titles
from generator.project import (
    CheckedProgram,
    check_here,
    check_programs,
    discover_programs,
    program_digest,
)
from generator.site.filters import Choice, filter_form, token

PARALLEL_FROM = 16
"""Render in worker processes when at least this many programs miss a page or files."""


IS_PAGE = shape(str)
IS_FILES = shape(dict[str, str])


@dataclass
class CatalogueEntry:
    """One program file: its digest, problems, and what the catalogue page shows of it."""

    path: Path
    digest: str
    problems: list[Problem]
    summary: dict[str, Any] | None
    program: LoadedProgram | None = field(default=None, repr=False)
    monitoring: CheckedMonitoring | None = field(default=None, repr=False)
    stamp: tuple[Any, ...] = ()
    """The modification time (ns) and size of the program file and of every monitoring file
    when they were read."""
    standing: Standing | None = field(default=None, repr=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def monitoring_stamp(program_file: Path) -> tuple[tuple[str, int, int], ...]:
    """(name, modification time in ns, size) of every file under programs/<id>/monitoring/:
    a program whose records change is checked and rendered again."""
    found: list[tuple[str, int, int]] = []

    def scan(folder: str, prefix: str) -> None:  # os.scandir: a serve rebuild asks every program
        try:
            entries = list(os.scandir(folder))
        except OSError:  # no monitoring folder
            return
        for entry in entries:
            info = entry.stat(follow_symlinks=False)
            found.append((prefix + entry.name, info.st_mtime_ns, info.st_size))
            if entry.is_dir(follow_symlinks=False):
                scan(entry.path, f"{prefix}{entry.name}/")

    scan(str(program_file.parent / "monitoring"), "")
    return tuple(sorted(found))


def _method_titles(lang: str, root: str, stamp: object = None) -> tuple[dict[str, str], str]:
    """The method cards' titles in `lang` and their digest, read again when a card changed
    (`stamp`: cards_stamp, when the caller has it already)."""
    if stamp is None:
        stamp = cards_stamp(Path(root) / "docs")
    return _method_titles_read(lang, root, stamp)


@cache
def _method_titles_read(lang: str, root: str, stamp: object) -> tuple[dict[str, str], str]:
    titles = method_titles(lang, Path(root))
    digest = hashlib.sha256(
        json.dumps(dict(sorted(titles.items())), ensure_ascii=False).encode()
    ).hexdigest()
    return titles, digest


def download_names(
    program_id: str, lang: str, progress: bool = False, forms: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """(kind, file name) of the files a program page in `lang` may offer for download; the page
    offers those export_program_files wrote (see SiteCatalogue.offered). A form's kind is
    `form:<form id>`."""
    names = [(kind, export_file_name(program_id, kind, lang)) for kind in EXPORT_FORMATS]
    if progress:
        names += [
            (f"progress-{kind}", progress_file_name(program_id, kind, lang))
            for kind in EXPORT_FORMATS
        ]
    names += [(f"form:{form_id}", form_file_name(program_id, form_id)) for form_id in forms]
    names.append(("iati", iati_file_name(program_id)))
    return names


def summary_download_names(summary: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """download_names of a checked program, from its summary."""
    return download_names(summary["id"], lang, summary["progress"] is not None, summary["forms"])


def iati_file_name(program_id: str) -> str:
    """`air-bersih-sukamaju-iati.xml`: the program's IATI activity, in both languages."""
    return f"{program_id}-iati.xml"


def program_iati_file(loaded: LoadedProgram, monitoring: CheckedMonitoring | None) -> bytes | None:
    """The program's IATI 2.03 file, or None when it cannot be published yet (no
    organisation.identifier, or a rule it breaks: `daya export iati` says which)."""
    from generator.export.iati import IatiProgram, IatiRefused, iati_activity_bytes

    if not loaded.program.organisation.identifier:
        return None
    try:
        return iati_activity_bytes(IatiProgram(loaded, monitoring))
    except IatiRefused:
        return None


def form_file_name(program_id: str, form_id: str) -> str:
    """`air-bersih-sukamaju-form-survei-rt.xlsx`: one file in both languages."""
    return f"{program_id}-form-{form_id}.xlsx"


def download_label(program: Program, kind: str, lang: str) -> Markup:
    """The words of a download button; a form's title is program text, so it is escaped."""
    gettext = translations(lang).gettext
    if kind.startswith("form:"):
        form = next(f for f in program.forms if f.id == kind.removeprefix("form:"))
        title = escape_markdown(one_line(shown(program, form.title, lang).text))
        words = escape_markdown(label_text("download", "form", gettext))
        return Markup(words.replace(escape_markdown("{title}"), title))
    return escape_markdown(label_text("download", kind, gettext))


def load_with_monitoring(path: Path) -> tuple[LoadedProgram, CheckedMonitoring]:
    """A program that checked clean, and its monitoring records (worker processes)."""
    loaded = load_program(path)
    return loaded, load_monitoring(loaded, path)


def render_program_page(
    program: Program,
    lang: str,
    root: Path,
    templates: Path | None,
    offered: list[tuple[str, str]] | None = None,
    monitoring: CheckedMonitoring | None = None,
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
    documents = render_documents(program, options, env, monitoring=monitoring)
    gettext = translations(lang).gettext
    tags = [label_text("sector", s, gettext) for s in program.sectors]
    tags.append(label_text("status", program.status, gettext))
    meta = page_meta(program, lang, tags)
    front_matter = Markup(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000))
    header = render_template(env, "program_page.md.j2", lang, {"front_matter": front_matter})
    files = [(download_label(program, kind, lang), name) for kind, name in offered or []]
    offer = render_template(env, "downloads.md.j2", lang, {"files": files}) if files else ""
    links = render_template(
        env,
        "document_links.md.j2",
        lang,
        {
            "documents": [d for d, _ in document_list(monitoring)],
            "document_title": lambda doc_id: label_text("document", doc_id, gettext),
        },
    )
    if monitoring is not None and monitoring.progress is not None:
        # The page opens with the program's status; the downloads and documents follow it.
        documents["index.md"] = after_status(documents["index.md"], f"{offer}\n{links}")
        return header + combine_for_site(documents)
    return header + combine_for_site(documents, f"{offer}\n{links}")


def after_status(overview: str, block: str) -> str:
    """`block` placed before the overview's second section (the first is its status)."""
    lines = overview.split("\n")
    sections = [n for n, line in enumerate(lines) if line.startswith("## ")]
    at = sections[1] if len(sections) > 1 else len(lines)
    return "\n".join([*lines[:at], block.strip("\n"), "", *lines[at:]])


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


def export_program_files(
    loaded: LoadedProgram, lang: str, root: Path, monitoring: CheckedMonitoring | None = None
) -> dict[str, str]:
    """The Word and Excel files of a program in `lang` (with its progress report's when it has
    monitoring records), base64-encoded (JSON-safe for the cache)."""
    program = loaded.program
    titles, _ = _method_titles(lang, str(root))
    files = export_files(program, lang, titles, monitoring=monitoring)
    iati = program_iati_file(loaded, monitoring)
    if iati is not None:
        files[iati_file_name(program.id)] = iati
    for view in form_views(program):
        data, _ = checked_form(view, odk_validate=False)  # ODK Validate's JVM: `daya form` only
        files[form_file_name(program.id, view.form.id)] = data
    return {name: base64.b64encode(data).decode("ascii") for name, data in files.items()}


def page_key(
    digest: str, progress: str, lang: str, titles: str, templates: str, offered: str
) -> str:
    """What a program page's Markdown is made from: the program and its monitoring records
    (`digest`, `progress`), the language, the method cards' titles, the templates, and the
    downloads it offers (as JSON)."""
    return make_key("page", digest, progress, lang, titles, templates, offered)


def files_key(digest: str, progress: str, lang: str, titles: str) -> str:
    """What a program's Word, Excel, IATI and form files are made from."""
    return make_key("files", digest, progress, lang, titles)


Want = tuple[str, bool, bool, list[tuple[str, str]]]
"""What one language of a program misses: (language, its files, its page, the downloads its
page offers; when the files are wanted too, those it may offer, kept if written)."""
RenderJob = tuple[str, str, str | None, list[Want]]
"""(program file, project root, templates folder, what each language misses)."""


Made = list[tuple[dict[str, str] | None, str | None]]
"""(files, page) for each language wanted; None for what was not wanted."""


def _render_job(job: RenderJob) -> Made:
    """Worker-process entry point: load one program once and render what each language of it
    misses."""
    path, root, templates, wants = job
    loaded, monitoring = load_with_monitoring(Path(path))
    return render_wants(loaded, monitoring, root, templates, wants)


def render_wants(
    loaded: LoadedProgram,
    monitoring: CheckedMonitoring,
    root: str,
    templates: str | None,
    wants: list[Want],
) -> Made:
    """Render what each language of a program misses, its files before the page that offers
    them."""
    done: Made = []
    for lang, files_wanted, page_wanted, offered in wants:
        files = None
        if files_wanted:
            files = export_program_files(loaded, lang, Path(root), monitoring)
            offered = [(kind, name) for kind, name in offered if name in files]
        page = None
        if page_wanted:
            page = render_program_page(
                loaded.program,
                lang,
                Path(root),
                Path(templates) if templates else None,
                offered,
                monitoring,
            )
        done.append((files, page))
    return done


@dataclass(frozen=True)
class RenderAfterCheck:
    """A cold build's pages (and files) of a program, rendered by the worker process that
    checked it, with the program it loaded for the check: loading is a third of the work of
    rendering a program, and the program would be loaded again in `prefetch`.

    Only what the cache misses is rendered: the worker makes the same keys the catalogue does.
    A language whose files are in the cache but not its page is left to `prefetch` (its page
    offers the files that the cache holds). Passed to check_programs as its `then`."""

    root: str
    templates: str | None
    templates_key: str
    cache_dir: str | None
    titles: tuple[tuple[str, str], ...]
    """(language, digest of the method cards' titles in it), for every language of the site."""
    downloads: bool

    def __call__(self, checked: CheckedProgram, digest: str) -> tuple[str, list[Want], Made] | None:
        assert checked.loaded is not None and checked.monitoring is not None
        summary = checked.summary
        assert summary is not None
        cache = ContentCache(Path(self.cache_dir)) if self.cache_dir else None
        progress = progress_key(summary)
        wants: list[Want] = []
        for lang, titles in self.titles:
            if self.downloads:
                if cache is None or not cache.has(files_key(digest, progress, lang, titles)):
                    wants.append((lang, True, True, summary_download_names(summary, lang)))
            elif cache is None or not cache.has(
                page_key(digest, progress, lang, titles, self.templates_key, "[]")
            ):
                wants.append((lang, False, True, []))
        if not wants:
            return None
        try:
            with working_on(checked.path):
                made = render_wants(
                    checked.loaded, checked.monitoring, self.root, self.templates, wants
                )
        except Exception:  # prefetch renders it again, and reports what went wrong
            return None
        return digest, wants, made


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
        self.cards_stamp: tuple[tuple[str, int, int], ...] = ()
        self.page_keys: dict[tuple[Path, str, str], str] = {}  # until the next refresh
        self.shown = ""  # what the listings show of every program, until the next refresh
        self.present: set[str] = set()
        """Keys found in the cache: a serve session asks for every one on every rebuild (a
        key that went missing since is rendered again when its page is made)."""
        self.users: dict[str, list[dict[str, Any]]] | None = None  # method id -> programs
        self.listings: dict[str, tuple[str, str]] = {}
        """Catalogue and portfolio pages by name and language: (what they show, Markdown)."""
        self.rendered = 0
        """Pages rendered (not served from the cache) since this object was made."""
        self.fresh: set[tuple[str, str]] = set()
        """(program id, language) of each page whose Markdown was rendered since the last
        refresh (this build): the pages whose HTML the cache cannot have yet."""
        self.names: dict[str, set[str]] = {}
        """The file names of each program's downloads, by cache key (the files stay on disk)."""
        self.last_files: tuple[str, dict[str, bytes]] = ("", {})
        self.checks = {"unchanged": 0, "cached": 0, "checked": 0}
        """How the last refresh() got each program's problems: its file had not changed since
        the last refresh, its check was in the cache, or it was checked."""

    # --- checking ---------------------------------------------------------------------------

    def refresh(self, render_for: Sequence[str] = ()) -> list[CatalogueEntry]:
        """Re-check the programs whose file changed; return every entry, sorted by path. The
        worker processes that check programs render their pages in the languages `render_for`
        too, when the cache misses them (RenderAfterCheck)."""
        known = method_ids(self.root / "docs")
        self.cards_stamp = cards_stamp(self.root / "docs")
        self.templates_key = folder_digest(self.templates)
        self.page_keys = {}
        methods_key = ",".join(sorted(known))
        if methods_key != self.methods_key:
            self.entries.clear()
            self.methods_key = methods_key
        current: dict[Path, CatalogueEntry | None] = {}
        changed: list[tuple[Path, str | None, tuple[Any, ...]]] = []  # path, digest, stamp
        self.checks = dict.fromkeys(self.checks, 0)
        self.fresh = set()  # a new build: only the pages it renders are fresh
        for path in discover_programs(self.programs_dir):
            entry = self.entries.get(path)
            info = path.stat()
            stamp = (info.st_mtime_ns, info.st_size, monitoring_stamp(path))
            digest = None
            if entry is not None and entry.stamp != stamp:  # unchanged files are not read again
                digest = program_digest(path)
                if digest is None or entry.digest != digest:
                    entry = None
            if entry is None:
                changed.append((path, digest or program_digest(path), stamp))
            else:
                self.checks["unchanged"] += 1
                entry.stamp = stamp
            current[path] = entry
        paths = [path for path, _, _ in changed]
        digests = [digest for _, digest, _ in changed]
        then = self.render_after_check(render_for) if render_for else None
        checks = check_programs(
            paths, known, None, self.cache, digests=digests, then=then, take=self._keep_made
        )
        for (path, digest, stamp), checked in zip(changed, checks, strict=True):
            entry = self._entry_of(checked, digest or "", known)
            entry.stamp = stamp
            current[path] = entry
        self.entries = {path: entry for path, entry in current.items() if entry is not None}
        self.users = None
        self.by_id = {e.summary["id"]: e for e in self.entries.values() if e.summary is not None}
        self.shown = ""
        return list(self.entries.values())

    def _keep_made(self, checked: CheckedProgram, made: tuple[str, list[Want], Made]) -> None:
        """What RenderAfterCheck made of a program, into the cache as it arrives."""
        digest, wants, done = made
        entry = CatalogueEntry(checked.path, digest, [], checked.summary)
        for (lang, _, _, _), (files, page) in zip(wants, done, strict=True):
            self._keep(entry, lang, files, page)

    def render_after_check(self, langs: Sequence[str]) -> RenderAfterCheck:
        titles = tuple(
            (lang, _method_titles(lang, str(self.root), self.cards_stamp)[1]) for lang in langs
        )
        return RenderAfterCheck(
            str(self.root),
            str(self.templates) if self.templates else None,
            self.templates_key,
            str(self.cache.folder) if self.cache.on_disk else None,
            titles,
            self.downloads,
        )

    def _entry_of(self, checked: CheckedProgram, digest: str, known: set[str]) -> CatalogueEntry:
        standing = _standing(checked.summary)
        if checked.summary is not None and standing is None:  # a malformed entry: check again
            checked = check_here(checked.path, known, None)
            standing = _standing(checked.summary)
        self.checks["cached" if checked.from_cache else "checked"] += 1
        return CatalogueEntry(
            checked.path,
            digest,
            checked.problems,
            checked.summary,
            checked.loaded,
            checked.monitoring,
            standing=standing,
        )

    def summaries(self) -> list[dict[str, Any]]:
        return [e.summary for e in self.entries.values() if e.summary is not None]

    # --- rendering --------------------------------------------------------------------------

    def _page_key(self, entry: CatalogueEntry, lang: str) -> str:
        offered = json.dumps(self.offered(entry, lang))
        known = self.page_keys.get((entry.path, lang, offered))
        if known is not None:  # each build asks for every key a few times
            return known
        _, titles = _method_titles(lang, str(self.root), self.cards_stamp)
        key = page_key(
            entry.digest, _progress_key(entry), lang, titles, self.templates_key, offered
        )
        self.page_keys[(entry.path, lang, offered)] = key
        return key

    def page_key(self, program_id: str, lang: str) -> str:
        """What a program page's Markdown is made from: the same key, the same Markdown."""
        return self._page_key(self._entry(program_id), lang)

    def _files_key(self, entry: CatalogueEntry, lang: str) -> str:
        _, titles = _method_titles(lang, str(self.root), self.cards_stamp)
        return files_key(entry.digest, _progress_key(entry), lang, titles)

    def offered(self, entry: CatalogueEntry, lang: str) -> list[tuple[str, str]]:
        """The downloads a program page offers: of the files it may offer, those export_files
        wrote (none while serving)."""
        if not self.downloads:
            return []
        assert entry.summary is not None
        names = summary_download_names(entry.summary, lang)
        key = self._files_key(entry, lang)
        if key not in self.names:  # known when the files were just rendered
            self._encoded_files(entry.summary["id"], lang)
        return [(kind, name) for kind, name in names if name in self.names[key]]

    def _entry(self, program_id: str) -> CatalogueEntry:
        return self.by_id[program_id]

    def _known(self, key: str) -> bool:
        """Whether the cache holds `key` (a key found once is not looked for again)."""
        if key in self.present:
            return True
        if self.cache.has(key):
            self.present.add(key)
            return True
        return False

    def _wants(self, entry: CatalogueEntry, langs: list[str]) -> list[Want]:
        """What each language of a program misses from the cache."""
        wants: list[Want] = []
        for lang in langs:
            if self.downloads and not self._known(self._files_key(entry, lang)):
                assert entry.summary is not None
                names = summary_download_names(entry.summary, lang)
                wants.append((lang, True, True, names))  # the page offers what gets written
            elif not self._known(self._page_key(entry, lang)):
                wants.append((lang, False, True, self.offered(entry, lang)))
        return wants

    def prefetch(self, langs: list[str], program_ids: list[str]) -> None:
        """Render what the languages `langs` miss from the cache: each program's files, then
        its page, which offers the files that were written. Many are rendered in worker
        processes, a program to a job: it is loaded once for all it misses."""
        missing = [(pid, self._wants(self._entry(pid), langs)) for pid in program_ids]
        missing = [(pid, wants) for pid, wants in missing if wants]
        workers = min(os.cpu_count() or 1, 8)
        if len(missing) < PARALLEL_FROM or workers < 2:
            if self.cache.on_disk:  # else page() and files() render them when asked
                for pid, wants in missing:  # rendered now, so counted and known fresh
                    for lang, _, _, _ in wants:
                        self.page(pid, lang)  # its files first, for the downloads it offers
            return
        templates = str(self.templates) if self.templates else None
        jobs = [
            (str(self._entry(pid).path), str(self.root), templates, wants) for pid, wants in missing
        ]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(_render_job, jobs, chunksize=4)
            for (pid, wants), done in zip(missing, results, strict=True):
                for (lang, _, _, _), (files, page) in zip(wants, done, strict=True):
                    self._keep(self._entry(pid), lang, files, page)

    def _keep(
        self, entry: CatalogueEntry, lang: str, files: dict[str, str] | None, page: str | None
    ) -> None:
        """Put what a worker rendered into the cache, files first: the page's key names the
        downloads it offers."""
        assert entry.summary is not None
        if files is not None:
            key = self._files_key(entry, lang)
            self.cache.put(key, files, remember=False)
            self.names[key] = set(files)
            self.rendered += 1
        if page is not None:
            self.cache.put(self._page_key(entry, lang), page, remember=False)
            self.rendered += 1
            self.fresh.add((entry.summary["id"], lang))

    def release_programs(self) -> None:
        """Forget the loaded programs once their pages are made (a catalogue of 1,000 holds
        about 250 MB of them); a program that changes is loaded again when it is checked."""
        for entry in self.entries.values():
            entry.program = None
            entry.monitoring = None

    def _program(self, entry: CatalogueEntry) -> tuple[LoadedProgram, CheckedMonitoring]:
        if entry.program is None or entry.monitoring is None:
            entry.program, entry.monitoring = load_with_monitoring(entry.path)
        return entry.program, entry.monitoring

    def page(self, program_id: str, lang: str) -> str:
        entry = self._entry(program_id)
        key = self._page_key(entry, lang)
        # Pages and files stay on disk, not in memory: a catalogue of thousands holds gigabytes.
        text = self.cache.get(key, remember=False, valid=IS_PAGE)
        if text is None:
            with working_on(entry.path):
                loaded, monitoring = self._program(entry)
                offered = self.offered(entry, lang)
                text = render_program_page(
                    loaded.program, lang, self.root, self.templates, offered, monitoring
                )
            self.cache.put(key, text, remember=False)
            self.rendered += 1
            self.fresh.add((program_id, lang))
        return text

    def _encoded_files(self, program_id: str, lang: str) -> dict[str, str]:
        entry = self._entry(program_id)
        key = self._files_key(entry, lang)
        encoded = self.cache.get(key, remember=False, valid=IS_FILES)
        if encoded is None:
            with working_on(entry.path):
                loaded, monitoring = self._program(entry)
                encoded = export_program_files(loaded, lang, self.root, monitoring)
            self.cache.put(key, encoded, remember=False)
            self.rendered += 1
        self.names[key] = set(encoded)
        return dict(encoded)

    def files(self, program_id: str, lang: str) -> dict[str, bytes]:
        """The program's Word and Excel files in `lang`, by file name (the last program's are
        remembered: its files are asked for one after another)."""
        key = self._files_key(self._entry(program_id), lang)
        if self.last_files[0] != key:
            encoded = self._encoded_files(program_id, lang)
            decoded = {name: base64.b64decode(data) for name, data in encoded.items()}
            self.last_files = (key, decoded)
        return self.last_files[1]

    def file_names(self, program_id: str, lang: str) -> set[str]:
        key = self._files_key(self._entry(program_id), lang)
        if key not in self.names:
            self._encoded_files(program_id, lang)
        return self.names[key]

    def listing(self, name: str, lang: str, make: Callable[[str], str]) -> str:
        """A page made from every program (the catalogue, the portfolio), made again only when
        what it shows of them, the templates or the day changed (not on every edit)."""
        if not self.shown:  # once per refresh
            shown = [[_listed(e.summary), repr(e.standing)] for e in self.entries.values()]
            self.shown = json.dumps(shown, sort_keys=True, default=str)
        shows = make_key(name, lang, self.templates_key, dt.date.today().isoformat(), self.shown)
        known = self.listings.get(f"{name}:{lang}")
        if known is None or known[0] != shows:
            known = (shows, make(lang))
            self.listings[f"{name}:{lang}"] = known
        return known[1]

    def catalogue_page(self, lang: str) -> str:
        return self.listing("catalogue", lang, self._catalogue_page)

    def _catalogue_page(self, lang: str) -> str:
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
                    "standing": self.by_id[summary["id"]].standing,
                    "filters": filter_tokens(summary, self.by_id[summary["id"]].standing),
                }
            )
        rows.sort(key=lambda r: r["title"].casefold())
        env = shared_environment(self.templates)
        form = Markup(catalogue_filter(rows, self.summaries(), gettext, lang))
        context = {"rows": rows, "filter_form": form, **standing_functions(lang)}
        return render_template(env, "catalogue.md.j2", lang, context)

    def portfolio_page(self, lang: str) -> str:
        """Every program's standing, and the sums by funder, sector and province."""
        return self.listing("portfolio", lang, self._portfolio_page)

    def _portfolio_page(self, lang: str) -> str:
        standings = [e.standing for e in self.entries.values() if e.standing is not None]
        env = shared_environment(self.templates)
        context = {"portfolio": portfolio_view(standings), **standing_functions(lang)}
        return render_template(env, "portfolio.md.j2", lang, context)

    def users_of(self, method_id: str) -> list[dict[str, Any]]:
        """The programs that cite a method, by id (every card asks: one pass per refresh)."""
        if self.users is None:
            self.users = {}
            for summary in sorted(self.summaries(), key=lambda s: s["id"]):
                for method in dict.fromkeys(summary["methods"]):
                    self.users.setdefault(method, []).append(summary)
        return self.users.get(method_id, [])


def filter_tokens(summary: dict[str, Any], standing: Standing | None) -> str:
    """The catalogue row's filter attributes (attr_list): its status, sectors, province and
    funders as tokens (codes are tokens already; names are hashed, so any text is safe)."""
    province = standing.province if standing else ""
    funders = [f.key for f in standing.funders] if standing else []
    values = {
        "status": [summary["status"]],
        "sector": list(summary["sectors"]),
        "province": [token(province)] if province else [],
        "funder": [token(key) for key in funders],
    }
    attributes = " ".join(f'data-{name}="{" ".join(v)}"' for name, v in values.items())
    return "{ .daya-filter-item " + attributes + " }"


def catalogue_filter(
    rows: Sequence[dict[str, Any]],
    summaries: Sequence[dict[str, Any]],
    gettext: Callable[[str], str],
    lang: str,
) -> str:
    """The catalogue's filters: the statuses, sectors, provinces and funders its programs have."""
    labels = LABELS["catalogue-filter"]
    statuses = sorted({s["status"] for s in summaries}, key=list(LABELS["status"]).index)
    sectors = sorted({code for s in summaries for code in s["sectors"]})
    standings = [row["standing"] for row in rows if row["standing"] is not None]
    provinces = sorted({s.province for s in standings if s.province}, key=str.casefold)
    funders: dict[str, str] = {}
    for standing in standings:
        for funder in standing.funders:
            name = funder.names.get(lang) or next(iter(funder.names.values()), funder.key)
            funders.setdefault(funder.key, name)

    def labelled(kind: str, codes: Sequence[str]) -> list[tuple[str, str]]:
        return sorted(((c, label_text(kind, c, gettext)) for c in codes), key=lambda o: o[1])

    choices = [
        Choice(
            "status",
            gettext(labels["status"]),
            gettext(labels["any-status"]),
            [(c, label_text("status", c, gettext)) for c in statuses],
        ),
        Choice(
            "sector",
            gettext(labels["sector"]),
            gettext(labels["any-sector"]),
            labelled("sector", sectors),
        ),
        Choice(
            "province",
            gettext(labels["province"]),
            gettext(labels["any-province"]),
            [(token(p), p) for p in provinces],
        ),
        Choice(
            "funder",
            gettext(labels["funder"]),
            gettext(labels["any-funder"]),
            sorted(((token(k), n) for k, n in funders.items()), key=lambda o: o[1].casefold()),
        ),
    ]
    return filter_form(
        gettext(labels["filter"]),
        choices,
        gettext(labels["words"]),
        gettext(labels["shown"]),
        gettext(labels["none"]),
        len(rows),
    )


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _listed(summary: dict[str, Any] | None) -> dict[str, Any] | None:
    """What the listings can show of a program's summary: all of it but the digest of its
    monitoring records, which a note on an activity changes and no listing shows."""
    if summary is None or summary["progress"] is None:
        return summary
    return {**summary, "progress": summary["progress"]["as_of"]}


def _progress_key(entry: CatalogueEntry) -> str:
    return progress_key(entry.summary)


def progress_key(summary: dict[str, Any] | None) -> str:
    """The monitoring digest and report date of a program (its pages and files depend on them)."""
    progress = summary["progress"] if summary else None
    return f"{progress['digest']}@{progress['as_of']}" if progress else "-"


def _standing(summary: dict[str, Any] | None) -> Standing | None:
    """A program's standing read back from its cached summary; None when it is malformed."""
    if summary is None or not isinstance(summary.get("standing"), dict):
        return None
    try:
        return standing_from_json(summary["standing"])
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return None
