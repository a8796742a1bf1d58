"""Rebuilds under `mkdocs serve --dirty` that write what a full build would write, and no more.

MkDocs' own dirty build skips a page whose source file is older than its HTML. On Daya's site
that is both too much and too little:

- the plugin's pages have no source file, so MkDocs rebuilds every program page every time
  (a thousand programs: a minute and a half per saved file);
- handbook pages show program data (a card lists the programs that use it), the navigation
  shows every page's title, and the print page, the search index and the catalogue's tag lists
  are made from every page, so a page skipped by MkDocs leaves them wrong.

`DirtyRebuilds` lives as long as the serve session (MkDocs keeps plugins that have `on_startup`
between rebuilds) and remembers what each page showed the last time. A rebuild then goes:

1. **Read** (MkDocs' "populate"): a program page is read only when its Markdown changed (its
   cache key says so without reading it); a handbook page only when what it is made of
   changed: its file, the cards' titles and lists, the programs its card lists, the site's
   files (`Rebuild.inputs`). A page read again whose final Markdown did not change gets its
   HTML back from memory. A skipped page gets back its title and meta data, for the
   navigation and the tag lists.
2. **Decide** (`on_env`): when the navigation (every title and address), the configuration or
   the set of handbook pages changed, every page is rebuilt, the skipped program pages read
   first; otherwise only the pages whose content, title, table of contents or meta data
   changed, and the new ones. When one of those is in the navigation, the print page is made
   again, from every page of the navigation: a skipped handbook page gives it the HTML it
   took of that page last time.
3. **Write**: MkDocs builds those pages; the search index is put together from every page's
   entries, fresh or remembered, in the order a full build writes them; the HTML of a program
   that is gone is deleted.

Nothing is remembered until a rebuild ends: a failed rebuild leaves the last good state.
"""

from __future__ import annotations

import copy
import functools
import gc
import hashlib
import json
import sysconfig
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs_print_site_plugin import renderer as print_renderer
from mkdocs_static_i18n import suffix as i18n_suffix

from generator.site.kept_pages import toc_tokens


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def nav_outline(items: list[Any]) -> list[Any]:
    """Every title and address of the navigation, as every page draws it."""
    outline: list[Any] = []
    for item in items:
        if isinstance(item, Section):
            outline.append(["section", item.title, nav_outline(item.children)])
        elif isinstance(item, Link):
            outline.append(["link", item.title, item.url])
        else:
            outline.append(["page", item.title, item.url])
    return outline


def folder_state(folder: Path | None) -> list[Any]:
    """The files of a folder (theme overrides) by name, size and time of change."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(
        [path.relative_to(folder).as_posix(), path.stat().st_size, path.stat().st_mtime_ns]
        for path in folder.rglob("*")
        if path.is_file()
    )


def shown_digest(page: Page) -> str:
    """What a page's template is given of the page itself."""
    return _digest(
        [page.url, page.title, page.content, toc_tokens(page.toc), page.meta, page.is_homepage]
    )


@dataclass
class Shown:
    """What a page showed when it was last written."""

    lang: str
    dest: str
    digest: str
    source: str  # a program page's cache key ("" for the others)
    title: str | None
    meta: dict[str, Any]
    entries: list[dict[str, Any]] = field(default_factory=list)
    html: str | None = None  # what the print page took of it (print-site's `page.html`)


@dataclass
class Kept:
    """A handbook page's HTML, kept in memory for the session, by its final Markdown."""

    key: str
    render: dict[str, Any]
    title: str | None


@dataclass
class Rebuild:
    """One language's rebuild in progress."""

    lang: str
    sources: dict[str, str] = field(default_factory=dict)  # program page -> its cache key
    inputs: dict[str, str] = field(default_factory=dict)  # handbook page -> what it reads
    skipped: set[str] = field(default_factory=set)
    rebuilt: set[str] = field(default_factory=set)
    reading: bool = True
    everything: bool = False
    digests: dict[str, str] = field(default_factory=dict)
    snapshots: dict[str, tuple[str | None, dict[str, Any]]] = field(default_factory=dict)
    entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    frame: str = ""


class MemoryBytecodeCache(BytecodeCache):
    """Compiled theme templates, kept for the session (Jinja checks each against its source)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def keep_compiled_templates(theme: Any, compiled: BytecodeCache) -> None:
    """Every Jinja environment the theme makes in this rebuild (MkDocs' own, print-site's for
    the print page) takes the theme's compiled templates from the session's cache: compiling
    Material's templates anew costs a fraction of a second each time."""
    make = theme.get_env
    if getattr(make, "keeps_compiled", False):
        return

    def get_env() -> Any:
        env = make()
        env.bytecode_cache = compiled
        return env

    get_env.keeps_compiled = True  # type: ignore[attr-defined]
    theme.get_env = get_env


class KeptI18nFiles:
    """mkdocs-static-i18n's `create_i18n_file`, remembered for the serve session.

    On every rebuild i18n makes each file of the site anew for each language (3,400 files per
    language at 1,000 programs: about a second per save). The same file, language and
    configuration give the same result, so the first one made is kept and copied; each copy
    gets its own `alternates`, the one attribute i18n adds to afterwards."""

    def __init__(self, create: Any) -> None:
        self.create = create
        self.made: dict[tuple[Any, ...], File] = {}

    def __call__(
        self,
        file: File,
        current_language: str,
        default_language: str,
        all_languages: list[str],
        config: Any,
    ) -> File:
        key = (
            file.src_path,
            file.dest_path,
            file.dest_uri,
            file.inclusion,
            current_language,
            default_language,
            tuple(all_languages),
            config.docs_dir,
            config.site_dir,
            config.use_directory_urls,
        )
        kept = self.made.get(key)
        if kept is None:
            made = self.create(file, current_language, default_language, all_languages, config)
            self.made[key] = copy.copy(made)  # as made, before anyone changes it
            return made
        fresh = copy.copy(kept)
        fresh.alternates = {current_language: fresh}  # type: ignore[attr-defined]
        return fresh


_add_theme_files = Files.add_files_from_theme
_theme_files_found: dict[tuple[Any, ...], list[tuple[str, str | None]]] = {}


def kept_theme_files(files: Files, env: Any, config: Any) -> None:
    """MkDocs' `Files.add_files_from_theme`, its list of the theme's files remembered for the
    serve session: each rebuild, MkDocs lists Material's 14,500 files and matches each against
    its patterns (about a quarter of a second per save at 1,000 programs). The theme folders
    installed with Python do not change during a session; a folder of the project's own
    (`custom_dir`, overrides/) is listed again each time, and is part of the key."""
    installed = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    own = [d for d in config.theme.dirs if not any(Path(d).is_relative_to(p) for p in installed)]
    key = (
        tuple(config.theme.dirs),
        tuple(config.theme.static_templates),
        json.dumps([folder_state(Path(d)) for d in own]),
    )
    found = _theme_files_found.get(key)
    if found is None:
        listed = Files([])
        _add_theme_files(listed, env, config)
        found = _theme_files_found[key] = [(f.src_path, f.src_dir) for f in listed]
    for path, src_dir in found:
        if files.get_file_from_path(path) is None:  # the docs' own file wins, as in MkDocs
            files.append(File(path, src_dir, config.site_dir, config.use_directory_urls))


PRINT_PAGES_KEPT = 2000
"""Pages of the print books whose fixed links a serve session keeps (a few hundred a book)."""


def keep_library_work() -> None:
    """For a serve session, MkDocs and two plugins remember work they redo on every rebuild
    (all pinned, `mkdocs<1.7`, `mkdocs-static-i18n<1.4` and `mkdocs-print-site-plugin<3`, and
    checked byte for byte by tests/test_dirty_rebuilds.py):

    - MkDocs lists the theme's files again (kept_theme_files);
    - i18n makes every file of the site anew for each language (KeptI18nFiles);
    - print-site fixes the links of every page again for each print page: 3 s at 1,000
      programs, most of it the catalogue's. `fix_internal_links` is a pure function of the
      page's HTML, address and number, so its results are kept."""
    if not isinstance(i18n_suffix.create_i18n_file, KeptI18nFiles):
        i18n_suffix.create_i18n_file = KeptI18nFiles(i18n_suffix.create_i18n_file)
    Files.add_files_from_theme = kept_theme_files  # type: ignore[method-assign, assignment]
    if not hasattr(print_renderer.fix_internal_links, "cache_info"):
        kept = functools.lru_cache(maxsize=PRINT_PAGES_KEPT)
        print_renderer.fix_internal_links = kept(print_renderer.fix_internal_links)


def forget_library_work() -> None:
    """The plugins as they were, at the end of the serve session."""
    if isinstance(i18n_suffix.create_i18n_file, KeptI18nFiles):
        i18n_suffix.create_i18n_file = i18n_suffix.create_i18n_file.create
    Files.add_files_from_theme = _add_theme_files  # type: ignore[method-assign]
    _theme_files_found.clear()
    if hasattr(print_renderer.fix_internal_links, "cache_info"):
        print_renderer.fix_internal_links = print_renderer.fix_internal_links.__wrapped__


class IdleCollector:
    """Python's full garbage collection looks at every object the session holds: 0.4 to 0.7 s
    at 1,000 programs, and it came in about every other rebuild, between the save and the
    page. During a rebuild only the young generations are collected (each rebuild's short-
    lived garbage); the full collection waits until the rebuild is over and the browser has
    reloaded its page, and runs while the person reads it."""

    AFTER = 0.5
    """Seconds after a rebuild: the browser reloads within about a tenth of a second."""
    HELD = 1 << 30
    """A full-collection threshold no rebuild reaches."""

    def __init__(self) -> None:
        self.timer: threading.Timer | None = None
        self.thresholds: tuple[int, int, int] | None = None
        self.lock = threading.Lock()

    def hold(self) -> None:
        """A rebuild starts: no full collection until it is over."""
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
            if self.thresholds is None:
                self.thresholds = gc.get_threshold()
                gc.set_threshold(self.thresholds[0], self.thresholds[1], self.HELD)

    def release_later(self) -> None:
        """A rebuild is over: collect fully in a moment, then go back to Python's thresholds."""
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            self.timer = threading.Timer(self.AFTER, self.release)
            self.timer.daemon = True
            self.timer.start()

    def release(self, collect: bool = True) -> None:
        with self.lock:
            if self.timer is not threading.current_thread() and collect:
                return  # a rebuild started meanwhile: it holds the collection again
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
            if self.thresholds is None:
                return
            if collect:
                gc.collect()
            gc.set_threshold(*self.thresholds)
            self.thresholds = None


class DirtyRebuilds:
    def __init__(self) -> None:
        self.shown: dict[str, Shown] = {}  # src_uri -> what it showed
        self.frames: dict[str, str] = {}  # language -> digest of what frames every page
        self.kept: dict[str, Kept] = {}  # src_uri -> a handbook page's kept HTML
        self.current: Rebuild | None = None
        self.entry_mark = 0
        self.compiled_templates = MemoryBytecodeCache()
        self.collector = IdleCollector()

    # --- 1. read --------------------------------------------------------------------------

    def start(self, lang: str) -> Rebuild:
        self.current = Rebuild(lang)
        return self.current

    def unchanged_program_page(self, src_uri: str, source_key: str, dest: str) -> bool:
        """Whether a program page's Markdown is the one last written (then it is not read)."""
        assert self.current is not None
        self.current.sources[src_uri] = source_key
        return self._skip_if_shown(src_uri, source_key, dest)

    def unchanged_handbook_page(self, src_uri: str, inputs: str, dest: str) -> bool:
        """Whether a handbook page would be read from the same inputs as when last written."""
        assert self.current is not None
        self.current.inputs[src_uri] = inputs
        return self._skip_if_shown(src_uri, inputs, dest)

    def _skip_if_shown(self, src_uri: str, source: str, dest: str) -> bool:
        """Skip the page when it was last written from `source` and its file is still there."""
        assert self.current is not None
        shown = self.shown.get(src_uri)
        unchanged = shown is not None and shown.source == source and Path(dest).is_file()
        if unchanged:
            self.current.skipped.add(src_uri)
        return unchanged

    def watch(self, files: Files) -> None:
        """MkDocs asks each page whether it is modified twice: read it? write it?"""
        for file in files.documentation_pages():
            file.is_modified = self._asker(file)  # type: ignore[method-assign]

    def _asker(self, file: File) -> Any:
        def is_modified() -> bool:
            current = self.current
            if current is None:
                return True
            if current.reading:
                return file.src_uri not in current.skipped
            return current.everything or file.src_uri in current.rebuilt

        return is_modified

    def restore_skipped(self, files: Files) -> None:
        """The skipped program pages, with their title and meta data as last shown."""
        assert self.current is not None
        for file in files.documentation_pages():
            page = file.page
            if file.src_uri not in self.current.skipped or page is None:
                continue
            shown = self.shown[file.src_uri]
            page.markdown = ""
            page.meta = copy.deepcopy(shown.meta)
            page._title_from_render = shown.title  # what MkDocs' render() sets

    # --- 2. decide ------------------------------------------------------------------------

    def decide(self, files: Files, nav: Navigation | None, frame: list[Any]) -> bool:
        """Which pages to write; True when every page must be (the skipped ones read first).

        `frame` is what else every page shows: the configuration, the theme's overrides."""
        current = self.current
        assert current is not None
        handbook = sorted(
            f.src_uri for f in files.documentation_pages() if f.src_uri not in current.sources
        )
        outline = nav_outline(nav.items) if nav is not None else []
        current.frame = _digest([outline, handbook, frame])
        current.everything = self.frames.get(current.lang) != current.frame
        for file in files.documentation_pages():
            if file.page is not None and file.src_uri not in current.skipped:
                self.note(file)
        current.reading = False
        return current.everything and bool(current.skipped)

    def note(self, file: File) -> None:
        """What a page read in this rebuild shows; written if that changed."""
        current, page = self.current, file.page
        assert current is not None and page is not None
        digest = shown_digest(page)
        current.digests[file.src_uri] = digest
        # Title and meta data as read: writing the page may add to them (search: exclude).
        current.snapshots[file.src_uri] = (page.title, copy.deepcopy(dict(page.meta)))
        shown = self.shown.get(file.src_uri)
        if shown is None or shown.digest != digest or not Path(file.abs_dest_path).is_file():
            current.rebuilt.add(file.src_uri)

    def navigation_pages_unchanged(self, nav_uris: set[str]) -> bool:
        """Whether this rebuild writes none of the pages the print page is made of (those in the
        navigation) and nothing that frames every page: the print page would come out as it is."""
        current = self.current
        assert current is not None
        return not current.everything and not (current.rebuilt & nav_uris)

    def print_html(self, files: Files, book: set[str]) -> set[str]:
        """The print page is made again, from every page of the navigation (`book`): each
        skipped handbook page gets back the HTML the print page took of it; those without one
        are returned, to be read after all."""
        current = self.current
        assert current is not None
        unread = set()
        for file in files.documentation_pages():
            uri = file.src_uri
            if uri not in current.skipped or uri in current.sources or uri not in book:
                continue
            html = self.shown[uri].html
            if html is None or file.page is None:
                unread.add(uri)
            else:
                file.page.html = html  # type: ignore[attr-defined]
        current.skipped -= unread
        return unread

    def read_skipped(self) -> set[str]:
        """Every page is written: the skipped program pages are read like the others."""
        assert self.current is not None
        skipped, self.current.skipped = self.current.skipped, set()
        return skipped

    # --- 3. write -------------------------------------------------------------------------

    def mark_entries(self, entries: list[dict[str, Any]]) -> None:
        self.entry_mark = len(entries)

    def took_entries(self, src_uri: str, entries: list[dict[str, Any]]) -> None:
        """The search entries the page just written added."""
        if self.current is not None:
            self.current.entries[src_uri] = [dict(e) for e in entries[self.entry_mark :]]
        self.entry_mark = len(entries)

    def search_entries(self, files: Files) -> list[dict[str, Any]]:
        """Every page's search entries, fresh or remembered, in the order of a full build."""
        assert self.current is not None
        entries: list[dict[str, Any]] = []
        for file in files.documentation_pages():
            fresh = self.current.entries.get(file.src_uri)
            if fresh is None and file.src_uri in self.shown:
                fresh = self.shown[file.src_uri].entries
            entries.extend(dict(e) for e in fresh or [])
        return entries

    def counts(self, files: Files) -> tuple[int, int, int] | None:
        """This language's pages: read again, written, in all (None on the session's first
        build of the language)."""
        current = self.current
        assert current is not None
        if current.lang not in self.frames:
            return None
        pages = len(files.documentation_pages())
        written = pages if current.everything else len(current.rebuilt)
        return len(current.digests), written, pages

    def finish(self, files: Files) -> list[str]:
        """Remember what this rebuild wrote; return the pages of this language now gone."""
        current = self.current
        assert current is not None
        present = set()
        for file in files.documentation_pages():
            present.add(file.src_uri)
            if file.src_uri in current.skipped or file.src_uri not in current.snapshots:
                continue
            title, meta = current.snapshots[file.src_uri]
            before = self.shown.get(file.src_uri)
            entries = current.entries.get(file.src_uri)
            if entries is None:
                entries = before.entries if before is not None else []
            self.shown[file.src_uri] = Shown(
                current.lang,
                file.abs_dest_path,
                current.digests.get(file.src_uri, ""),
                current.sources.get(file.src_uri) or current.inputs.get(file.src_uri, ""),
                title,
                meta,
                entries,
                getattr(file.page, "html", None),
            )
        gone = [u for u, s in self.shown.items() if s.lang == current.lang and u not in present]
        removed = []
        for uri in gone:
            removed.append(self.shown.pop(uri).dest)
            self.kept.pop(uri, None)
        self.frames[current.lang] = current.frame
        self.current = None
        return removed
