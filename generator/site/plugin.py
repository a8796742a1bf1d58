"""MkDocs adapter: the program catalogue as virtual pages, Indonesian search stems, print pages.

Event order matters with mkdocs-static-i18n (see shared notes on site integration):
`on_files` adds placeholders before i18n (priority 0) and fills them after it (-200);
stems are added before Material's search writes its index (on_post_build, priority 50);
the print page is moved per language, and given its labels, after print-site's own on_config
(-200).
Program pages' kept HTML (generator/page_cache.py) is looked up after every other plugin's
on_page_markdown (-100) and put back before anyone else's on_page_content (100); their
overview goes to Material's search before it reads the page (on_page_context, 10).
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import posixpath
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import astuple
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.commands.build import _populate_page as populate_page
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.cache import CACHE_FOLDER, make_key, shape
from generator.core.escaping import escape_markdown
from generator.core.i18n import translations
from generator.core.labels import LABELS
from generator.core.messages import _m, internal_error_message
from generator.core.render import compile_templates, shared_environment
from generator.errors import DayaError, printable
from generator.handbook.cards import card_front_matter, method_titles_in
from generator.handbook.pages import MAX_PAGE_BYTES
from generator.paths import link_between, read_regular_text
from generator.site.catalogue import SiteCatalogue, download_names
from generator.site.diagrams import frame_diagrams
from generator.site.dirty import (
    DirtyRebuilds,
    Kept,
    folder_state,
    forget_library_work,
    keep_compiled_templates,
    keep_library_work,
)
from generator.site.kept_pages import (
    KeptRender,
    SearchCard,
    conversion_digest,
    kept_render,
    linked_pages,
    restore_render,
    still_valid,
)
from generator.site.method_list import MARKER, CardRow, card_rows, fill_method_lists
from generator.site.method_summary import insert_after_title, method_summary
from generator.site.reference import format_reference_markdown
from generator.site.search_languages import (
    search_from_language_folder,
    search_index_bytes,
    split_search_index,
    write_derived_forms,
)
from generator.site.shared_nav import SharedNav, front_the_navigation
from generator.site.watching import watch_natively
from generator.site.workers import CONVERT_FROM, Conversion, can_fork, worker_count

log = get_plugin_logger(__name__)


def streamed_placeholder(key: str, titled: bool) -> str:
    """What a program page holds in place of its HTML until it is written. The theme adds the
    page's title as an <h1> when the content has none, so a titled page's placeholder shows one
    (replaced with the rest)."""
    return f'<div data-daya-streamed="{key}">{"<h1></h1>" if titled else ""}</div>'


CATALOGUE_DIR = "programs"
IS_KEPT_RENDER = shape(KeptRender)
REFERENCE_URI = "guide/format-reference"
REPOSITORY_PAGES = {"guide/contributing": "CONTRIBUTING", "guide/security": "SECURITY"}
TAGS_LISTING = b"material/tags"
"""The marker of a tags plugin's listing (a page that lists every tagged page)."""
"""Guides kept at the top of the repository (`CONTRIBUTING.md` English, `CONTRIBUTING.id.md`
Indonesian), shown on the site under Using Daya."""
_OTHER_LANGUAGE_LINE = re.compile(
    r"^\((?:Indonesian|English): \[[^\]]*\]\([A-Z]+(?:\.[a-z]{2})?\.md\)\.\)\n", re.M
)


class DayaPluginConfig(base.Config):
    programs_dir = c.Type(str, default="programs")
    """Folder of program definitions (programs/<id>/program.yaml), relative to mkdocs.yml."""
    templates_dir = c.Optional(c.Type(str))
    """Folder whose templates replace the built-in ones of the same name."""
    downloads = c.Type(bool, default=True)
    """Offer each program's Word and Excel files on its page, in both languages."""
    cache_dir = c.Type(str, default=CACHE_FOLDER)
    """Where rendered pages are kept between builds (empty: in memory only)."""
    watch_natively = c.Type(bool, default=True)
    """`mkdocs serve` notices saves from the system's file events (site/watching.py); false
    keeps MkDocs' polling, for folders shared from another system (WSL, Docker, network)."""


def reported(event: Callable[..., Any]) -> Callable[..., Any]:
    """An event whose failures reach the user as one line, not a traceback.

    A DayaError (a problem in the input) is shown as it is; anything else is a bug in Daya,
    reported as such, with the traceback at `mkdocs build --verbose`.
    """

    @functools.wraps(event)
    def run(self: DayaPlugin, *args: Any, **kwargs: Any) -> Any:
        try:
            return event(self, *args, **kwargs)
        except PluginError:
            raise
        except DayaError as exc:
            raise PluginError(printable(str(exc))) from None
        except Exception as exc:  # noqa: BLE001 - the plugin's one place for the unexpected
            page = next((a for a in [*args, *kwargs.values()] if isinstance(a, Page)), None)
            if page is not None and not hasattr(exc, "daya_file"):
                exc.daya_file = f"{self.docs_dir_name}/{page.file.src_uri}"  # type: ignore[attr-defined]
            log.debug("the Daya plugin failed", exc_info=True)
            raise PluginError(
                internal_error_message(
                    exc, "daya (site plugin)", _m("Run mkdocs with --verbose to see the details.")
                )
            ) from None

    return run


def not_the_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build leaves navigation and links wrong. Daya's dirty rebuilds
    write what a full build writes (site/dirty.py), and under `strict: true` the warning would
    stop every rebuild, so it is left out."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def remove_with_empty_folders(path: Path, top: Path) -> None:
    """Delete a file, and the folders under `top` it leaves empty."""
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == top or top not in folder.parents:
            break
        try:
            folder.rmdir()
        except OSError:  # not empty
            break


def set_alternates(config: MkDocsConfig, alternates: list[dict[str, Any]]) -> None:
    """The theme's language switch. i18n sets `config.extra.alternate` per page, an attribute
    the theme reads before the item of the same name, so both are set."""
    config.extra["alternate"] = alternates
    config.extra.alternate = alternates  # type: ignore[attr-defined]


def search_plugin(config: MkDocsConfig) -> BasePlugin | None:
    return config.plugins.get("material/search") or config.plugins.get("search")


def page_language(src_uri: str, default: str) -> str:
    """`x.en.md` is English, `x.md` the default language (the suffix layout)."""
    match = re.search(r"\.([a-z]{2})\.md$", src_uri)
    return match.group(1) if match else default


def is_method_card(src_uri: str) -> bool:
    return src_uri.startswith("methods/") and not src_uri.startswith("methods/index")


def refuse_links(files: Files, docs_dir: Path) -> None:
    """MkDocs follows links in docs/, so one could publish any file of the machine that builds
    the site (`docs/x.md -> /etc/passwd`): the build stops instead."""
    for file in files:
        if file.abs_src_path is None:
            continue
        link = link_between(Path(file.abs_src_path), docs_dir)
        if link is not None:
            raise PluginError(
                _m(
                    "{page} is a link; a link could publish a file from outside the repository, "
                    "so put the file itself in {docs}/",
                    page=f"{docs_dir.name}/{link.relative_to(docs_dir).as_posix()}",
                    docs=docs_dir.name,
                )
            )


def print_labels(config: MkDocsConfig, printer: Any, gettext: Callable[[str], str]) -> None:
    """The print page and the print links in the language being built: print-site's table of
    contents title, and `config.extra.daya` for the theme overrides (overrides/main.html)."""
    labels = LABELS["print"]
    printer.config["toc_title"] = gettext(labels["contents"])
    printer.print_page.meta = {"daya_print": True}
    config.extra["daya"] = {key.replace("-", "_"): gettext(text) for key, text in labels.items()}


class DayaPlugin(BasePlugin[DayaPluginConfig]):
    def __init__(self) -> None:
        self.catalogue: SiteCatalogue | None = None
        self.serving = False
        self.program_ids: list[str] = []
        self.reporting: set[str] = set()
        self.forms: dict[str, list[str]] = {}
        """Programs with monitoring records (their pages offer the progress files too)."""
        self.languages: list[str] = ["id"]
        self.default_language = "id"
        self.virtual: dict[str, tuple[str, str]] = {}  # src_uri -> (kind, program id or "")
        self.root = Path.cwd()
        self.conversion_digest = ""
        self.pending_html: dict[str, tuple[str, dict | None]] = {}
        self.pending_handbook: dict[str, tuple[str, Kept | None]] = {}
        self.spool: Path | None = None  # this build's downloads, until MkDocs copies them
        self.streamed: dict[str, tuple[str, bool]] = {}
        """Program page -> the cache key of its HTML, and whether that holds an <h1>."""
        self.kept_pages: dict[str, list[int]] = {}  # lang -> [from the cache, converted]
        self.converted_in_workers: dict[str, int] = {}  # lang -> pages (their HTML was cached)
        self.conversion: Conversion | None = None  # program pages converting in worker processes
        self.rendered_mark = 0  # the catalogue's count of renders when the phase line last spoke
        self.built_languages: set[str] = set()
        self.lit_up: Page | None = None
        self.shared_nav = SharedNav()  # one per language build, made in on_env
        self.known_files: tuple[Files | None, dict[str, bool]] = (None, {})
        self.docs_dir_name = "docs"
        self.method_titles: dict[str, dict[str, str]] = {}  # lang -> {method id: title}
        self.method_rows: dict[str, list[CardRow]] = {}  # lang -> the cards, for their lists
        self.rebuilds: DirtyRebuilds | None = None
        """Under `mkdocs serve --dirty`: what each page showed, to rebuild only what changed."""
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.print_paused = False  # a dirty rebuild left the print page as it was
        self.user_sections: dict[tuple[str, str], tuple[list[tuple[str, str]], str]] = {}

    # --- configuration ------------------------------------------------------------------------

    @reported
    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` leaves the Word and Excel downloads out: they take a second or two
        # per program, and live editing should show a changed program at once.
        self.serving = command == "serve"
        if self.serving and dirty:
            self.rebuilds = DirtyRebuilds()
            logging.getLogger("mkdocs.commands.build").addFilter(not_the_dirty_warning)
            keep_library_work()

    @reported
    def on_shutdown(self) -> None:
        self.stop_conversion()
        self.remove_spool()
        if self.rebuilds is not None:
            forget_library_work()
            self.rebuilds.collector.release(collect=False)
        # After a complete `mkdocs build`, the cache keeps only what this build used. A serve
        # session keeps everything: it skips the downloads, which the next build needs.
        built = set(self.languages) <= self.built_languages
        if self.catalogue is not None and built and not self.serving:
            deleted = self.catalogue.cache.prune()
            if deleted:
                log.info(
                    _m(
                        "removed {n} outdated entries from {folder}/",
                        n=deleted,
                        folder=self.config.cache_dir,
                    )
                )

    @reported
    def configure(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).parent
        self.docs_dir_name = Path(config.docs_dir).name
        self.default_language = config.theme.get("language", "id")
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            self.languages = [lang.locale for lang in i18n.config.languages]
            self.default_language = i18n.default_language
        else:
            self.languages = [self.default_language]
        self.conversion_digest = conversion_digest(config)
        if self.rebuilds is not None:
            # MkDocs makes the theme's templates anew for every rebuild; compiled once is enough.
            keep_compiled_templates(config.theme, self.rebuilds.compiled_templates)
        self.method_titles = {}
        self.method_rows = {}
        printer = config.plugins.get("print-site")
        if printer is not None and self.print_paused:
            printer.config["enabled"] = True  # paused for the last language's rebuild only
            self.print_paused = False
        search = search_plugin(config)
        if self.rebuilds is not None and search is not None and hasattr(search, "is_dirty"):
            # Material's search keeps only the last page's entries of a dirty rebuild; Daya puts
            # the whole index together itself (add_search_stems).
            search.is_dirty = False
        first = self.catalogue is None
        if not first and self.rebuilds is not None:
            self.rebuilds.collector.hold()
        if first or self.current_language(config) == self.default_language:
            self.load_programs()  # once per build: the other languages' builds follow at once
        if first and self.serving:
            # The first build renders in worker processes; compile the templates here too, so
            # the first edit in `mkdocs serve` shows as quickly as the next ones.
            compile_templates(shared_environment(self.templates_path()))
        return config

    def current_language(self, config: MkDocsConfig) -> str:
        i18n = config.plugins.get("i18n")
        return getattr(i18n, "current_language", None) or self.default_language

    @event_priority(-200)
    @reported
    def fix_print_page(self, config: MkDocsConfig) -> MkDocsConfig:
        """One print page per language: /print_page.html and /en/print_page.html."""
        config.extra_javascript[:] = list(dict.fromkeys(config.extra_javascript))
        config.extra_css[:] = list(dict.fromkeys(config.extra_css))
        printer = config.plugins.get("print-site")
        if printer is None or not hasattr(printer, "print_file"):
            return config
        lang = self.current_language(config)
        catalogue = translations(lang)
        printer.print_page.title = catalogue.gettext("The whole handbook (print)")
        print_labels(config, printer, catalogue.gettext)
        if lang != self.default_language:
            print_file = printer.print_file
            for cached in ("url", "abs_dest_path", "dest_uri"):
                print_file.__dict__.pop(cached, None)
            print_file.dest_uri = f"{lang}/{printer.config['print_page_basename']}.html"
        return config

    on_config = CombinedEvent(configure, fix_print_page)

    # --- programs ---------------------------------------------------------------------------

    @reported
    def load_programs(self) -> None:
        """Check every changed program; fail the build with located messages on errors."""
        if self.catalogue is None:
            cache_dir = self.root / self.config.cache_dir if self.config.cache_dir else None
            self.catalogue = SiteCatalogue(
                self.root,
                self.root / self.config.programs_dir,
                self.templates_path(),
                cache_dir,
                downloads=self.downloads,
            )
        self.rendered_mark = self.catalogue.rendered
        # A cold build renders the pages in the worker processes that check the programs.
        entries = self.catalogue.refresh(render_for=self.languages)
        errors = sorted(p for e in entries for p in e.errors)
        if errors:
            listing = "\n".join(str(p) for p in errors)
            raise PluginError(
                _m(
                    "{n} error(s) in the program catalogue; fix them and build again:\n{listing}",
                    n=len(errors),
                    listing=listing,
                )
            )
        warnings = 0
        for entry in entries:
            for warning in entry.problems:
                log.info(str(warning))
                warnings += 1
        checks = self.catalogue.checks
        log.info(
            _m(
                "programs: {n} ({checked} checked, {cached} from the cache, {unchanged} "
                "unchanged), {warnings} warning(s)",
                n=len(entries),
                warnings=warnings,
                checked=checks["checked"],
                cached=checks["cached"],
                unchanged=checks["unchanged"],
            )
        )
        self.program_ids = [s["id"] for s in self.catalogue.summaries()]
        self.reporting = {s["id"] for s in self.catalogue.summaries() if s["progress"]}
        self.forms = {s["id"]: s["forms"] for s in self.catalogue.summaries()}

    def program_uris(self) -> dict[str, tuple[str, str]]:
        uris: dict[str, tuple[str, str]] = {}
        for lang in self.languages:
            suffix = "" if lang == self.default_language else f".{lang}"
            uris[f"{CATALOGUE_DIR}/index{suffix}.md"] = ("catalogue", "")
            uris[f"{CATALOGUE_DIR}/portfolio{suffix}.md"] = ("portfolio", "")
            uris[f"{REFERENCE_URI}{suffix}.md"] = ("reference", "")
            for uri, stem in REPOSITORY_PAGES.items():
                if self.repository_file(stem, lang).is_file():
                    uris[f"{uri}{suffix}.md"] = (f"repository:{stem}", "")
            for pid in self.program_ids:
                uris[f"{CATALOGUE_DIR}/{pid}/index{suffix}.md"] = ("program", pid)
        if self.downloads:
            # English files carry the .en suffix, so i18n serves them under /en/ (suffix layout).
            for lang in self.languages:
                for pid in self.program_ids:
                    reporting, forms = pid in self.reporting, self.forms.get(pid, [])
                    for _kind, name in download_names(pid, lang, reporting, forms):
                        stem, ext = name.rsplit(".", 1)
                        uri_name = name if lang == self.default_language else f"{stem}.{lang}.{ext}"
                        uris[f"{CATALOGUE_DIR}/{pid}/{uri_name}"] = (f"download:{lang}:{name}", pid)
        return uris

    @reported
    def add_placeholders(self, files: Files, config: MkDocsConfig) -> Files:
        refuse_links(files, Path(config.docs_dir))
        self.virtual = self.program_uris()
        for uri in self.virtual:
            if files.get_file_from_path(uri) is None:
                files.append(File(uri, config.docs_dir, config.site_dir, config.use_directory_urls))
        return files

    @event_priority(-200)
    @reported
    def fill_virtual_pages(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.catalogue is not None
        wanted = [file for file in files if file.src_uri in self.virtual]
        # Pages and files of every language: the other language's build needs them next.
        self.catalogue.prefetch(self.languages, self.program_ids)
        for file in [f for f in wanted if not self.written(f.src_uri)]:
            # A file a program page may offer that export_files did not write: not published.
            files.remove(file)
            wanted.remove(file)
        lang = self.current_language(config)
        if self.rebuilds is not None:
            self.rebuilds.start(lang)
        for file in wanted:
            if self.virtual[file.src_uri][0] == "program":
                # Reached from the catalogue, not the navigation: MkDocs need not list them as
                # left out of it (thousands of lines per build at thousands of programs).
                file.inclusion = InclusionLevel.NOT_IN_NAV
            if self.virtual[file.src_uri][0] == "program":
                # Its Markdown is read from the cache when MkDocs reads the page
                # (on_page_read_source), not held by the file from now to the end of the build.
                file.content_string = ""
                self.unchanged_program_page(file)  # under serve --dirty: then it is not read
                continue
            content = self.virtual_content(file.src_uri)
            if isinstance(content, bytes):
                # Word and Excel files wait on disk, not in memory, until MkDocs copies them.
                file.abs_src_path = str(self.spool_file(file.src_uri, content))
            else:
                file.content_string = content
        self.catalogue.release_programs()
        if self.rebuilds is not None:
            self.skip_quiet_handbook_pages(files, config)
            self.rebuilds.watch(files)
        self.files = files
        rendered = self.catalogue.rendered - self.rendered_mark
        self.rendered_mark = self.catalogue.rendered
        log.info(
            _m(
                "program pages and files: {rendered} rendered, {kept} from the cache",
                rendered=rendered,
                kept=max(self.render_units() - rendered, 0),
            )
        )
        return files

    def unchanged_program_page(self, file: File) -> bool:
        """Under `serve --dirty`: a program page whose Markdown is the one last written."""
        kind, pid = self.virtual[file.src_uri]
        if self.rebuilds is None or kind != "program" or self.catalogue is None:
            return False
        lang = page_language(file.src_uri, self.default_language)
        key = self.catalogue.page_key(pid, lang)
        return self.rebuilds.unchanged_program_page(file.src_uri, key, file.abs_dest_path)

    def skip_quiet_handbook_pages(self, files: Files, config: MkDocsConfig) -> None:
        """Under `serve --dirty`: the handbook pages, and the pages made from every program
        (catalogue, portfolio), that would be read from the inputs they were last written from
        are not read again (a program edit changes no handbook page)."""
        assert self.rebuilds is not None
        docs = Path(config.docs_dir)
        site_files = make_key("files", *sorted(f.src_uri for f in files))
        shared: dict[str, str] = {}  # language -> what every handbook page of it reads
        for file in files.documentation_pages():
            kind = self.virtual.get(file.src_uri, ("", ""))[0]
            if kind == "program":
                continue  # unchanged_program_page decided
            if kind:
                source = (file.content_string or "").encode("utf-8")
                read_from = make_key("inputs", site_files, file.src_uri, source)
            else:
                lang = page_language(file.src_uri, self.default_language)
                if lang not in shared:
                    cards = [astuple(row) for row in self.cards_in(docs, lang)]
                    titles = self.titles_in(docs, lang)
                    shared[lang] = make_key("handbook", site_files, json.dumps([cards, titles]))
                source, read_from = self.handbook_inputs(file, lang, shared[lang])
            # A tags listing shows every page's tags, and the tags plugin must read it to link
            # the tags of every other page to it: it is read every time.
            if read_from and TAGS_LISTING not in source:
                self.rebuilds.unchanged_handbook_page(file.src_uri, read_from, file.abs_dest_path)

    def handbook_inputs(self, file: File, lang: str, shared: str) -> tuple[bytes, str]:
        """A handbook page's file, and what the page is made of besides the configuration: its
        file, the site's files (for its links), the cards' titles and lists, and on a method
        card the programs that use it ("" when its file cannot be read)."""
        if file.abs_src_path is None:
            return b"", ""
        path = Path(file.abs_src_path)
        try:
            source = path.read_bytes()
        except OSError:
            return b"", ""
        users: list[list[str]] = []
        method_id = card_front_matter(path).get("id") if is_method_card(file.src_uri) else None
        if isinstance(method_id, str) and self.catalogue is not None:
            users = [[s["id"], s["title"][lang]] for s in self.catalogue.users_of(method_id)]
        return source, make_key("inputs", shared, file.src_uri, source, json.dumps(users))

    def render_units(self) -> int:
        """What the plugin renders per build: each program's page, and its set of files when
        the site offers downloads, in every language."""
        return len(self.languages) * len(self.program_ids) * (2 if self.downloads else 1)

    def spool_file(self, src_uri: str, content: bytes) -> Path:
        """A download written to this build's spool folder (removed after the build)."""
        if self.spool is None:
            self.spool = Path(tempfile.mkdtemp(prefix="daya-downloads-"))
        path = self.spool / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path

    def remove_spool(self) -> None:
        if self.spool is not None:
            shutil.rmtree(self.spool, ignore_errors=True)
            self.spool = None

    def written(self, src_uri: str) -> bool:
        """Whether a virtual file is made: a download only when export_files wrote it."""
        assert self.catalogue is not None
        kind, pid = self.virtual[src_uri]
        if not kind.startswith("download:"):
            return True
        _, file_lang, name = kind.split(":", 2)
        return name in self.catalogue.file_names(pid, file_lang)

    def virtual_content(self, src_uri: str) -> str | bytes:
        """The Markdown of a virtual page, or the bytes of a download, the plugin makes."""
        assert self.catalogue is not None
        kind, pid = self.virtual[src_uri]
        lang = page_language(src_uri, self.default_language)
        try:
            if kind.startswith("download:"):
                _, file_lang, name = kind.split(":", 2)
                return self.catalogue.files(pid, file_lang)[name]
            if kind == "catalogue":
                return self.catalogue.catalogue_page(lang)
            if kind == "portfolio":
                return self.catalogue.portfolio_page(lang)
            if kind == "reference":
                return format_reference_markdown(lang)
            if kind.startswith("repository:"):
                return self.repository_page(kind.split(":", 1)[1], lang)
            return self.catalogue.page(pid, lang)
        except DayaError as exc:
            raise PluginError(f"{pid or kind}: {exc}") from None

    on_files = CombinedEvent(add_placeholders, fill_virtual_pages)

    @reported
    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        """A program page's Markdown, from the cache, when MkDocs reads the page. Held by its
        file from on_files on, it stayed in memory to the end of the build, in both languages:
        about 140 KB a page, most of a build's memory at thousands of programs."""
        if self.virtual.get(page.file.src_uri, ("", ""))[0] != "program":
            return None
        if self.conversion is not None:  # its HTML may be on its way to the cache
            self.conversion.wait_for(page.file.src_uri)
        markdown = self.virtual_content(page.file.src_uri)
        assert isinstance(markdown, str)  # a program page, not a download
        return markdown

    @property
    def downloads(self) -> bool:
        return self.config.downloads and not self.serving

    def repository_file(self, stem: str, lang: str) -> Path:
        """A guide at the top of the repository: `SECURITY.md` (English), `SECURITY.id.md`."""
        return self.root / (f"{stem}.md" if lang == "en" else f"{stem}.{lang}.md")

    def repository_page(self, stem: str, lang: str) -> str:
        """A repository guide as a site page: its links to the other guides point at their
        pages, and the line pointing at the other language's file is left to the switcher."""
        text = read_regular_text(self.repository_file(stem, lang), MAX_PAGE_BYTES)
        text = _OTHER_LANGUAGE_LINE.sub("", text)
        for uri, other in REPOSITORY_PAGES.items():
            page = uri.rsplit("/", 1)[1] + ".md"
            text = re.sub(rf"\]\({other}(?:\.[a-z]{{2}})?\.md\)", f"]({page})", text)
        return text

    def templates_path(self) -> Path | None:
        return self.root / self.config.templates_dir if self.config.templates_dir else None

    # --- dirty rebuilds under `mkdocs serve --dirty` (site/dirty.py) ----------------------------

    @event_priority(-200)  # after i18n translated it
    @reported
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        self.convert_fresh_pages(config, files)
        return nav

    def convert_fresh_pages(self, config: MkDocsConfig, files: Files) -> None:
        """On a cold build (`mkdocs build`, or the first build of `mkdocs serve`), the program
        pages whose Markdown was just rendered are converted in worker processes
        (site/workers.py) while MkDocs reads the handbook's pages; it then takes their HTML
        from the cache. The workers are done by on_env, before another language forks its own."""
        if not can_fork() or self.catalogue is None or not self.catalogue.cache.on_disk:
            return
        fresh = self.catalogue.fresh
        uris = [
            file.src_uri
            for file in files.documentation_pages()
            if self.virtual.get(file.src_uri, ("", ""))[0] == "program"
            and (
                self.virtual[file.src_uri][1],
                page_language(file.src_uri, self.default_language),
            )
            in fresh
        ]
        if len(uris) < CONVERT_FROM or worker_count() < 2:
            return
        self.conversion = Conversion(config, files, uris)

    @event_priority(120)  # first: every page is read by now
    @reported
    def finish_conversion(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        if self.conversion is not None:
            lang = self.current_language(config)
            self.converted_in_workers[lang] = self.conversion.finish()
            self.conversion = None

    def stop_conversion(self) -> None:
        if self.conversion is not None:
            self.conversion.stop()
            self.conversion = None

    @event_priority(110)  # before the tags plugin lists the tagged pages (100)
    @reported
    def restore_skipped_pages(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        if self.rebuilds is None or self.rebuilds.current is None:
            return
        self.rebuilds.restore_skipped(files)
        tags = config.plugins.get("material/tags") or config.plugins.get("tags")
        mappings = getattr(tags, "mappings", None)
        if tags is not None and mappings is not None:
            # The tag lists name pages in the order a full build reads them.
            mappings.data = {}
            for file in files.documentation_pages():
                page = file.page
                if page is not None and page.markdown is not None and tags.filter(file):
                    mappings.add(page, page.markdown)

    @event_priority(-100)  # after the tags plugin filled its lists into the pages
    @reported
    def choose_pages_to_write(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        if self.rebuilds is None or self.rebuilds.current is None:
            return
        config_text = Path(config.config_file_path).read_text(encoding="utf-8")
        theme = [
            folder_state(Path(folder))
            for folder in config.theme.dirs
            if Path(folder).resolve().is_relative_to(self.root.resolve())
        ]
        index = getattr(search_plugin(config), "search_index", None)
        self.rebuilds.mark_entries(getattr(index, "entries", []))
        if not self.rebuilds.decide(files, self.nav, [config_text, theme]):
            self.read_for_the_print_page(config, files)
            return
        # The navigation or the configuration changed: every page is written, so the program
        # pages skipped so far are read now, as MkDocs reads any page.
        self.read_pages(self.rebuilds.read_skipped(), config, files)

    def read_pages(self, uris: set[str], config: MkDocsConfig, files: Files) -> None:
        """Pages skipped so far, read after all, in the order MkDocs reads them."""
        assert self.rebuilds is not None
        for file in files.documentation_pages():
            if file.src_uri not in uris:
                continue
            assert file.page is not None
            if file.src_uri in self.virtual:
                content = self.virtual_content(file.src_uri)
                assert isinstance(content, str)
                file.content_string = content
            populate_page(file.page, config, files)
            self.rebuilds.note(file)

    def read_for_the_print_page(self, config: MkDocsConfig, files: Files) -> None:
        """The print page is made again when a page of the navigation is written, from every
        page of the navigation: the skipped ones give it their HTML as it was last time."""
        assert self.rebuilds is not None
        printer = config.plugins.get("print-site")
        if printer is None or not printer.config.get("enabled") or self.nav is None:
            return
        book = {page.file.src_uri for page in self.nav.pages}
        if not self.rebuilds.navigation_pages_unchanged(book):
            self.read_pages(self.rebuilds.print_html(files, book), config, files)

    @reported
    def share_program_nav(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """The program pages of this build share one navigation (site/shared_nav.py)."""
        front_the_navigation(env)
        self.shared_nav = SharedNav()

    on_env = CombinedEvent(
        finish_conversion, restore_skipped_pages, choose_pages_to_write, share_program_nav
    )

    # --- method cards list the programs that use them ------------------------------------------

    @reported
    def list_method_users(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        src = page.file.src_uri
        if not is_method_card(src):
            return markdown
        method_id = page.meta.get("id")
        if not isinstance(method_id, str):
            return markdown
        lang = page_language(src, self.default_language)
        users = self.catalogue.users_of(method_id) if self.catalogue else []
        section = self.users_section(lang, method_id, users)
        sources = "## Sumber" if lang == "id" else "## Sources"
        index = markdown.rfind(f"\n{sources}")
        if index == -1:
            return markdown.rstrip("\n") + "\n\n" + section
        return markdown[: index + 1] + section + markdown[index + 1 :]

    def users_section(self, lang: str, method_id: str, users: list[dict[str, Any]]) -> str:
        """A card's list of the programs that use its method (a thousand lines for a method
        every program uses: made again only when the list changes)."""
        shown = [(s["id"], s["title"][lang]) for s in users]
        known = self.user_sections.get((lang, method_id))
        if known is not None and known[0] == shown:
            return known[1]
        gettext = translations(lang).gettext
        heading = gettext("Programs that use this method")
        if users:
            lines = [
                f"- [{escape_markdown(title)}](../{CATALOGUE_DIR}/{pid}/index.md)"
                for pid, title in shown
            ]
        else:
            lines = [gettext("No program in the catalogue uses this method yet.")]
        # Out of the search index: each program has its own entry, and the list of a method
        # that every program uses would add a line per program to every such card's entry.
        section = f"## {heading} {{ data-search-exclude }}\n\n" + "\n".join(lines) + "\n\n"
        self.user_sections[(lang, method_id)] = (shown, section)
        return section

    # --- program pages: HTML kept between builds, overview-only search -------------------------

    def is_program_page(self, page: Page) -> bool:
        return self.virtual.get(page.file.src_uri, ("",))[0] == "program"

    def page_exists(self, files: Files) -> Callable[[str], bool]:
        """`files.get_file_from_path(uri) is not None`, remembered for this build's files."""
        if self.known_files[0] is not files:
            self.known_files = (files, {})
        known = self.known_files[1]

        def exists(uri: str) -> bool:
            if uri not in known:
                known[uri] = files.get_file_from_path(uri) is not None
            return known[uri]

        return exists

    @event_priority(-100)  # last, so the key covers every other plugin's edits
    @reported
    def take_kept_html(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.catalogue is None:
            return markdown
        if not self.is_program_page(page):
            return self.take_kept_handbook_html(markdown, page, files)
        key = self.html_key(markdown, page)
        kept = self.catalogue.cache.get(key, remember=False, valid=IS_KEPT_RENDER)
        linked = linked_pages(markdown, page.file.src_uri) if kept is not None else set()
        if kept is not None and not still_valid(kept, self.page_exists(files), linked):
            kept = None
        self.pending_html[page.file.src_uri] = (key, kept)
        counts = self.kept_pages.setdefault(self.current_language(config), [0, 0])
        counts[kept is None] += 1
        # A kept page converts nothing: on_page_content puts its HTML back.
        return markdown if kept is None else ""

    def html_key(self, markdown: str, page: Page) -> str:
        """What a page's HTML is made from: its final Markdown, meta data, address, converter."""
        meta = json.dumps(page.meta, sort_keys=True, default=str)
        return make_key("html", markdown, meta, page.url, self.conversion_digest)

    def take_kept_handbook_html(self, markdown: str, page: Page, files: Files) -> str:
        """Under `serve --dirty` every handbook page is read again (the navigation and the print
        page need them all); one whose final Markdown did not change keeps its HTML."""
        if self.rebuilds is None:
            return markdown
        key = self.html_key(markdown, page)
        kept = self.rebuilds.kept.get(page.file.src_uri)
        if kept is not None and kept.key != key:
            kept = None
        if kept is not None:
            linked = linked_pages(markdown, page.file.src_uri)
            if not still_valid(kept.render, self.page_exists(files), linked):
                kept = None
        self.pending_handbook[page.file.src_uri] = (key, kept)
        return markdown if kept is None else ""

    @reported
    def summarise_method(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """A method card's front-matter as a summary box under its title."""
        src = page.file.src_uri
        if not is_method_card(src):
            return markdown
        lang = page_language(src, self.default_language)
        titles = self.titles_in(Path(config.docs_dir), lang)
        exists = self.page_exists(files)
        block = method_summary(page.meta, translations(lang).gettext, titles, exists)
        return insert_after_title(markdown, block)

    @reported
    def list_methods(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The lists of method cards a page asks for with `<!-- daya:methods … -->`."""
        if "<!-- daya:methods" not in markdown or not MARKER.search(markdown):
            return markdown
        src = page.file.src_uri
        lang = page_language(src, self.default_language)
        folder = posixpath.relpath("methods", posixpath.dirname(src) or ".")
        prefix = "" if folder == "." else f"{folder}/"
        rows = self.cards_in(Path(config.docs_dir), lang)
        return fill_method_lists(markdown, rows, translations(lang).gettext, prefix)

    def titles_in(self, docs: Path, lang: str) -> dict[str, str]:
        """The method cards' titles in `lang`, by id (read once per build)."""
        if lang not in self.method_titles:
            self.method_titles[lang] = method_titles_in(docs, lang)
        return self.method_titles[lang]

    def cards_in(self, docs: Path, lang: str) -> list[CardRow]:
        """The method cards as their lists show them (read once per build)."""
        if lang not in self.method_rows:
            self.method_rows[lang] = card_rows(docs, lang)
        return self.method_rows[lang]

    @reported
    def frame_handbook_diagrams(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """The handbook's own diagrams in the program pages' diagram box (site/diagrams.py)."""
        if page.file.src_uri in self.virtual:
            return markdown
        lang = page_language(page.file.src_uri, self.default_language)
        return frame_diagrams(markdown, translations(lang).gettext)

    on_page_markdown = CombinedEvent(
        list_method_users, summarise_method, list_methods, frame_handbook_diagrams, take_kept_html
    )

    @event_priority(100)  # first: the other plugins see a program page as its placeholder
    @reported
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.pending_handbook:
            return self.keep_handbook_html(html, page, files)
        key, kept = self.pending_html.pop(page.file.src_uri, ("", None))
        if not key or self.catalogue is None:
            return html
        if kept is not None:
            html = restore_render(page, kept, files)  # and its table of contents, anchors, links
        else:
            self.catalogue.cache.put(key, kept_render(page), remember=False)
        # Streamed: until MkDocs writes the page, it holds a placeholder, not the program's
        # HTML (hundreds of kilobytes a page); on_post_page reads the HTML back from the cache.
        # A build of thousands of programs then holds one program page at a time.
        titled = "<h1" in html
        self.streamed[page.file.src_uri] = (key, titled)
        page.markdown = ""
        return streamed_placeholder(key, titled)

    def keep_handbook_html(self, html: str, page: Page, files: Files) -> str:
        assert self.rebuilds is not None
        key, kept = self.pending_handbook.pop(page.file.src_uri)
        if kept is None:
            self.rebuilds.kept[page.file.src_uri] = Kept(key, kept_render(page), page.title)
            return html
        page._title_from_render = kept.title  # what MkDocs' render() sets from the <h1>
        return restore_render(page, kept.render, files)

    @event_priority(10)  # before Material's search (0) reads the page
    @reported
    def index_overview(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        search = search_plugin(config)
        index = getattr(search, "search_index", None)
        # Material's search honours data-search-exclude; another search plugin reads it all.
        material = type(search).__module__.startswith("material.")
        if not self.is_program_page(page) or not material or index is None:
            return context
        if (page.meta.get("search") or {}).get("exclude"):
            return context
        assert self.catalogue is not None
        summary = self.catalogue.by_id[self.virtual[page.file.src_uri][1]].summary or {}
        lang = page_language(page.file.src_uri, self.default_language)
        card = SearchCard(
            page, summary.get("location", ""), summary.get("summary", {}).get(lang, "")
        )
        index.add_entry_from_context(card)
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    @reported
    def place_in_catalogue(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        """A program page is not in the navigation; while the theme draws it, it sits under the
        catalogue: the breadcrumb leads back there and the catalogue's tab is the active one."""
        if not self.is_program_page(page) or page in nav.pages:
            return context
        context["daya_nav"] = self.shared_nav
        catalogue = next(
            (p for p in nav.pages if p.file.src_uri.startswith(f"{CATALOGUE_DIR}/index.")), None
        )
        if catalogue is not None:
            # The catalogue is the index of its section (with the portfolio): the section,
            # which links to it, is the page's parent; else the catalogue page itself.
            page.parent = catalogue.parent or catalogue  # type: ignore[assignment]
            catalogue.active = True
            self.lit_up = catalogue
        return context

    on_page_context = CombinedEvent(index_overview, place_in_catalogue)

    # --- search: Indonesian root words --------------------------------------------------------

    @event_priority(50)
    @reported
    def add_search_stems(self, config: MkDocsConfig) -> None:
        lang = self.current_language(config)
        self.built_languages.add(lang)
        kept, converted = self.kept_pages.pop(lang, [0, 0])
        in_workers = min(self.converted_in_workers.pop(lang, 0), kept)
        if in_workers:
            log.info(
                _m(
                    "program pages ({language}): {kept} taken from the cache, "
                    "{converted} converted ({in_workers} of them in worker processes)",
                    language=lang,
                    kept=kept - in_workers,
                    converted=converted + in_workers,
                    in_workers=in_workers,
                )
            )
        elif kept or converted:
            log.info(
                _m(
                    "program pages ({language}): {kept} taken from the cache, "
                    "{converted} converted",
                    language=lang,
                    kept=kept,
                    converted=converted,
                )
            )
        index = getattr(search_plugin(config), "search_index", None)
        if self.rebuilds is not None and self.files is not None and index is not None:
            # Every page's entries, the written pages' fresh, the others' as last written.
            index.entries[:] = self.rebuilds.search_entries(self.files)
        if lang != "id" or index is None:
            return
        from generator.site.search_stems import add_stems

        add_stems(
            index.entries,
            skip_prefixes=tuple(f"{lang}/" for lang in self.languages if lang != "id"),
        )

    # --- search: one index per language -------------------------------------------------------

    @event_priority(-150)  # after the i18n plugin merged the index and offline inlined it
    @reported
    def split_search(self, config: MkDocsConfig) -> None:
        counts = split_search_index(Path(config.site_dir), self.languages, self.default_language)
        if counts and all(counts.values()):  # the last language's build: the final index
            write_derived_forms(Path(config.site_dir))
            sizes = {
                lang: search_index_bytes(Path(config.site_dir), lang, self.default_language)
                for lang in counts
            }
            log.info(
                _m(
                    "search index per language: {sizes}",
                    sizes=", ".join(
                        f"{lang} {n} entries, {sizes[lang] / 1e6:.1f} MB"
                        for lang, n in counts.items()
                    ),
                )
            )

    @reported
    def clean_up(self, config: MkDocsConfig) -> None:
        self.remove_spool()
        i18n = config.plugins.get("i18n")
        if i18n is not None and self.current_language(config) == self.languages[-1]:
            # The last language is built: i18n now merges the indexes and drops each English
            # entry equal to an Indonesian one, comparing every pair (minutes at thousands of
            # programs). The index is split by language afterwards (split_search), so an
            # English page keeps its entry: a program written only in English stays findable.
            i18n.config["reconfigure_search"] = False
        if self.rebuilds is not None and self.rebuilds.current is not None:
            assert self.files is not None
            counts = self.rebuilds.counts(self.files)
            if counts is not None:
                if self.current_language(config) == self.languages[-1]:
                    self.rebuilds.collector.release_later()
                log.info(
                    _m(
                        "pages ({language}) after the change: {read} read again, "
                        "{written} written, of {pages}",
                        language=self.current_language(config),
                        read=counts[0],
                        written=counts[1],
                        pages=counts[2],
                    )
                )
            for dest in self.rebuilds.finish(self.files):
                # A program that is gone: its page goes too, as from a full build.
                remove_with_empty_folders(Path(dest), Path(config.site_dir))

    @reported
    def print_page_languages(self, config: MkDocsConfig) -> None:
        """The print page's language switch leads to the other language's print page (left
        alone, it would lead wherever the last page written pointed)."""
        printer = config.plugins.get("print-site")
        defaults = self.default_alternates(config)
        if printer is None or not hasattr(printer, "print_file") or not defaults:
            return
        if self.rebuilds is not None and self.rebuilds.current is not None and self.nav:
            # A dirty rebuild that wrote no page of the book leaves the print page as it is
            # (it takes seconds to make; a program page edit does not change it).
            book = {page.file.src_uri for page in self.nav.pages}
            if self.rebuilds.navigation_pages_unchanged(book):
                printer.config["enabled"] = False
                self.print_paused = True
        basename = printer.config["print_page_basename"]
        for alternate in defaults:
            lang = alternate.get("lang")
            prefix = "" if lang == self.default_language else f"{lang}/"
            alternate["link"] = f"{prefix}{basename}.html"
        set_alternates(config, defaults)

    def default_alternates(self, config: MkDocsConfig) -> list[dict[str, Any]]:
        """The language switch as i18n sets it before any page: each language's home."""
        i18n = config.plugins.get("i18n")
        return copy.deepcopy(getattr(i18n, "extra_alternate", None) or [])

    @reported
    def on_template_context(
        self, context: dict[str, Any], template_name: str, config: MkDocsConfig
    ) -> dict[str, Any]:
        """The 404 page's language switch leads to each language's home page."""
        defaults = self.default_alternates(config)
        if template_name == "404.html" and defaults:
            set_alternates(config, defaults)
        return context

    on_post_build = CombinedEvent(add_search_stems, print_page_languages, split_search, clean_up)

    @reported
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.lit_up is not None:  # the catalogue is active only while its program is drawn
            self.lit_up.active = False
            self.lit_up = None
        if self.rebuilds is not None:
            index = getattr(search_plugin(config), "search_index", None)
            self.rebuilds.took_entries(page.file.src_uri, getattr(index, "entries", []))
        key, titled = self.streamed.pop(page.file.src_uri, ("", False))
        if key and self.catalogue is not None:
            output = self.put_back(output, key, titled, page)
            self.let_go(page, config)
        lang = page.file.dest_uri.split("/", 1)[0]
        if lang not in self.languages or lang == self.default_language:
            return output
        try:
            return search_from_language_folder(output, lang)
        except ValueError as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from None

    def let_go(self, page: Page, config: MkDocsConfig) -> None:
        """A written program page keeps only what other pages may still ask of it: its title,
        meta data and anchors. Its links to anchors are checked now rather than after the
        build (the same check and message); its table of contents is dropped."""
        assert self.files is not None
        page.validate_anchor_links(files=self.files, log_level=config.validation.links.anchors)
        page.links_to_anchors = {}
        page.toc = get_toc([])

    def put_back(self, output: str, key: str, titled: bool, page: Page) -> str:
        """A streamed page's HTML in place of its placeholder, read back from the cache."""
        assert self.catalogue is not None
        kept = self.catalogue.cache.get(key, remember=False, valid=IS_KEPT_RENDER)
        placeholder = streamed_placeholder(key, titled)
        if kept is None or output.count(placeholder) != 1:
            raise PluginError(
                _m(
                    "{page}: its HTML was not found again in {folder}/; build again",
                    page=page.file.src_uri,
                    folder=self.config.cache_dir,
                )
            )
        return output.replace(placeholder, kept["html"], 1)

    def on_build_error(self, *, error: Exception) -> None:
        self.stop_conversion()
        if self.rebuilds is not None:  # the failed rebuild's garbage is collected in a moment
            self.rebuilds.collector.release_later()

    @reported
    def on_serve(
        self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        server.watch(str(self.root / self.config.programs_dir))
        if self.config.watch_natively:
            kept_polling = watch_natively(server)
            if kept_polling is not None:
                log.info(_m("watching for saves by polling ({reason})", reason=kept_polling))
        return server
