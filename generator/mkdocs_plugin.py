"""MkDocs adapter: the program catalogue as virtual pages, Indonesian search stems, print pages.

Event order matters with mkdocs-static-i18n (see shared notes on site integration):
`on_files` adds placeholders before i18n (priority 0) and fills them after it (-200);
stems are added before Material's search writes its index (on_post_build, priority 50);
the print page is moved per language after print-site's own on_config (-200).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.catalogue import CheckedProgram, check_file, discover_programs, method_infos
from generator.documents import RenderOptions, combine_for_site, render_documents
from generator.errors import DayaError
from generator.handbook import method_ids
from generator.labels import label_text
from generator.reference import format_reference_markdown
from generator.render import Catalogue, make_environment, render_template

log = get_plugin_logger(__name__)

CATALOGUE_DIR = "programs"
REFERENCE_URI = "guide/format-reference"


class DayaPluginConfig(base.Config):
    programs_dir = c.Type(str, default="programs")
    """Folder of program definitions (programs/<id>/program.yaml), relative to mkdocs.yml."""
    templates_dir = c.Optional(c.Type(str))
    """Folder whose templates replace the built-in ones of the same name."""


@dataclass
class SiteProgram:
    checked: CheckedProgram

    @property
    def program(self):  # type: ignore[no-untyped-def]
        assert self.checked.loaded is not None
        return self.checked.loaded.program


def page_language(src_uri: str, default: str) -> str:
    """`x.en.md` is English, `x.md` the default language (the suffix layout)."""
    match = re.search(r"\.([a-z]{2})\.md$", src_uri)
    return match.group(1) if match else default


class DayaPlugin(BasePlugin[DayaPluginConfig]):
    def __init__(self) -> None:
        self.programs: list[SiteProgram] = []
        self.languages: list[str] = ["id"]
        self.default_language = "id"
        self.virtual: dict[str, tuple[str, str]] = {}  # src_uri -> (kind, program id or "")
        self.root = Path.cwd()
        self._loaded_stamp: tuple[Any, ...] | None = None

    # --- configuration ------------------------------------------------------------------------

    def configure(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).parent
        self.default_language = config.theme.get("language", "id")
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            self.languages = [lang.locale for lang in i18n.config.languages]
            self.default_language = i18n.default_language
        else:
            self.languages = [self.default_language]
        self.load_programs()
        return config

    def current_language(self, config: MkDocsConfig) -> str:
        i18n = config.plugins.get("i18n")
        return getattr(i18n, "current_language", None) or self.default_language

    @event_priority(-200)
    def fix_print_page(self, config: MkDocsConfig) -> MkDocsConfig:
        """One print page per language: /print_page.html and /en/print_page.html."""
        config.extra_javascript[:] = list(dict.fromkeys(config.extra_javascript))
        config.extra_css[:] = list(dict.fromkeys(config.extra_css))
        printer = config.plugins.get("print-site")
        if printer is None or not hasattr(printer, "print_file"):
            return config
        lang = self.current_language(config)
        catalogue = Catalogue(lang)
        printer.print_page.title = catalogue.gettext("The whole handbook (print)")
        if lang != self.default_language:
            print_file = printer.print_file
            for cached in ("url", "abs_dest_path", "dest_uri"):
                print_file.__dict__.pop(cached, None)
            print_file.dest_uri = f"{lang}/{printer.config['print_page_basename']}.html"
        return config

    on_config = CombinedEvent(configure, fix_print_page)  # type: ignore[assignment]

    # --- programs ---------------------------------------------------------------------------

    def load_programs(self) -> None:
        """Load and check every program; fail the build with located messages on errors."""
        programs_dir = self.root / self.config.programs_dir
        paths = discover_programs(programs_dir)
        stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
        if stamp == self._loaded_stamp:
            return
        known = method_ids(self.root / "docs")
        results = [check_file(path, known) for path in paths]
        errors = [p for r in results for p in r.errors]
        if errors:
            self._loaded_stamp = None
            listing = "\n".join(str(p) for p in sorted(errors))
            raise PluginError(
                f"{len(errors)} error(s) in the program catalogue; fix them and build again:\n{listing}"
            )
        for result in results:
            for warning in result.warnings:
                log.info(str(warning))
        self.programs = [SiteProgram(r) for r in results]
        self._loaded_stamp = stamp

    def program_uris(self) -> dict[str, tuple[str, str]]:
        uris: dict[str, tuple[str, str]] = {}
        for lang in self.languages:
            suffix = "" if lang == self.default_language else f".{lang}"
            uris[f"{CATALOGUE_DIR}/index{suffix}.md"] = ("catalogue", "")
            uris[f"{REFERENCE_URI}{suffix}.md"] = ("reference", "")
            for site_program in self.programs:
                pid = site_program.program.id
                uris[f"{CATALOGUE_DIR}/{pid}/index{suffix}.md"] = ("program", pid)
        return uris

    def add_placeholders(self, files: Files, config: MkDocsConfig) -> Files:
        self.load_programs()
        self.virtual = self.program_uris()
        for uri in self.virtual:
            if files.get_file_from_path(uri) is None:
                files.append(File(uri, config.docs_dir, config.site_dir, config.use_directory_urls))
        return files

    @event_priority(-200)
    def fill_virtual_pages(self, files: Files, config: MkDocsConfig) -> Files:
        env = make_environment(self.templates_path())
        for file in files:
            kind_id = self.virtual.get(file.src_uri)
            if kind_id is None:
                continue
            lang = page_language(file.src_uri, self.default_language)
            kind, pid = kind_id
            if kind == "catalogue":
                file.content_string = self.render_catalogue(env, lang)
            elif kind == "reference":
                file.content_string = format_reference_markdown(lang)
            else:
                file.content_string = self.render_program_page(env, pid, lang)
        return files

    on_files = CombinedEvent(add_placeholders, fill_virtual_pages)

    def templates_path(self) -> Path | None:
        return self.root / self.config.templates_dir if self.config.templates_dir else None

    def render_program_page(self, env, pid: str, lang: str) -> str:  # type: ignore[no-untyped-def]
        site_program = next(p for p in self.programs if p.program.id == pid)
        program = site_program.program
        options = RenderOptions(
            lang=lang,
            methods=method_infos(lang, self.root),
            method_url=lambda method_id: f"../../methods/{method_id}.md",
            standalone=False,
        )
        try:
            documents = render_documents(program, options, env)
            header = render_template(env, "program_page.md.j2", lang, self.page_context(program, lang))
        except DayaError as exc:
            raise PluginError(f"{program.id}: {exc}") from None
        return header + combine_for_site(documents)

    def page_context(self, program, lang: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        gettext = Catalogue(lang).gettext
        tags = [label_text("sector", s, gettext) for s in program.sectors]
        tags.append(label_text("status", program.status, gettext))
        meta = {"title": program.text(program.title, lang)[0], "tags": tags}
        front_matter = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
        return {"program": program, "front_matter": Markup(front_matter)}

    def render_catalogue(self, env, lang: str) -> str:  # type: ignore[no-untyped-def]
        gettext = Catalogue(lang).gettext
        rows = []
        for site_program in self.programs:
            program = site_program.program
            loc = program.location
            rows.append(
                {
                    "program": program,
                    "title": program.text(program.title, lang)[0],
                    "status": label_text("status", program.status, gettext),
                    "sectors": [label_text("sector", s, gettext) for s in program.sectors],
                    "location": ", ".join(p for p in [loc.village, loc.regency, loc.province] if p),
                    "budget": program.budget_total(),
                    "currency": program.budget.currency if program.budget else "IDR",
                }
            )
        rows.sort(key=lambda r: r["title"].casefold())
        return render_template(env, "catalogue.md.j2", lang, {"rows": rows})

    # --- method cards list the programs that use them ------------------------------------------

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        if not src.startswith("methods/") or src.startswith("methods/index"):
            return markdown
        method_id = page.meta.get("id")
        if not isinstance(method_id, str):
            return markdown
        lang = page_language(src, self.default_language)
        gettext = Catalogue(lang).gettext
        users = [p.program for p in self.programs if method_id in methods_cited(p.program)]
        heading = gettext("Programs that use this method")
        if users:
            lines = [
                f"- [{escape_link_text(p.text(p.title, lang)[0])}](../{CATALOGUE_DIR}/{p.id}/index.md)"
                for p in sorted(users, key=lambda p: p.id)
            ]
        else:
            lines = [gettext("No program in the catalogue uses this method yet.")]
        section = f"## {heading}\n\n" + "\n".join(lines) + "\n\n"
        sources = "## Sumber" if lang == "id" else "## Sources"
        index = markdown.rfind(f"\n{sources}")
        if index == -1:
            return markdown.rstrip("\n") + "\n\n" + section
        return markdown[: index + 1] + section + markdown[index + 1 :]

    # --- search: Indonesian root words --------------------------------------------------------

    @event_priority(50)
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.current_language(config) != "id":
            return
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(search, "search_index", None)
        if index is None:
            return
        from generator.search import add_stems

        add_stems(index.entries, skip_prefixes=tuple(f"{lang}/" for lang in self.languages if lang != "id"))

    def on_serve(self, server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        server.watch(str(self.root / self.config.programs_dir))
        return server


def methods_cited(program) -> set[str]:  # type: ignore[no-untyped-def]
    cited = set(program.methods)
    for activity in program.results.activities():
        cited.update(activity.methods)
    cited.update(i.method for i in program.results.indicators() if i.method)
    cited.update(e.method for e in program.evaluation.events if e.method)
    return cited


def escape_link_text(text: str) -> str:
    from generator.render import escape_markdown

    return str(escape_markdown(text))
