"""Program pages' HTML kept between builds, and their one search entry each.

MkDocs converts every page's Markdown on every build; a program page holds eight documents
full of tables and takes about a quarter of a second. The plugin keeps the HTML MkDocs made
for a program page, keyed by the page's final Markdown, its URL and everything in the site's
configuration that shapes the conversion, and serves it again while none of these change.

Material's search reads a page's whole HTML to split it into sections. A program page is
indexed as one entry instead (SearchCard): its title, place and the start of its summary, so
the index stays small at thousands of programs and search parses none of the documents.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from functools import cache
from html import escape
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc
from typing_extensions import TypedDict

CONVERTERS = ("mkdocs", "markdown", "pymdown-extensions")
"""Packages whose version changes the HTML made from the same Markdown."""

MARKDOWN_LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)\s]*)?\)")
FIRST_EXCLUDED_HEADING = re.compile(r"<h[1-6]\b[^>]*\bdata-search-exclude\b")


def _described(value: Any) -> str:
    """A stable text for config values JSON cannot hold (functions named in mkdocs.yml)."""
    name = getattr(value, "__qualname__", None)
    if name is not None:
        return f"{getattr(value, '__module__', '')}.{name}"
    return type(value).__qualname__


@cache
def _converter_versions() -> dict[str, str]:
    versions = {}
    for package in CONVERTERS:
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = ""
    return versions


def conversion_digest(config: MkDocsConfig) -> str:
    """Digest of what shapes Markdown → HTML: extensions, their options, URL style, versions."""
    shape = {
        "extensions": [
            e if isinstance(e, str) else _described(e) for e in config.markdown_extensions
        ],
        "options": config.mdx_configs,
        "directory_urls": config.use_directory_urls,
        "validation": str(config.validation),
        "versions": _converter_versions(),
    }
    text = json.dumps(shape, sort_keys=True, default=_described)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def toc_tokens(toc: TableOfContents | list[Any]) -> list[dict[str, Any]]:
    """The table of contents as the tokens `get_toc` reads back (JSON-safe)."""
    return [
        {
            "level": item.level,
            "id": item.id,
            "name": item.title,
            "children": toc_tokens(item.children),
        }
        for item in toc
    ]


class TocToken(TypedDict):
    level: int
    id: str
    name: str
    children: list[TocToken]


class KeptRender(TypedDict):
    html: str
    toc: list[TocToken]
    anchors: list[str]
    links: dict[str, dict[str, str]]


def kept_render(page: Page) -> dict[str, Any]:
    """What a rendered page needs to be shown again without converting its Markdown."""
    return {
        "html": page.content,
        "toc": toc_tokens(page.toc),
        "anchors": sorted(a for a in page.present_anchor_ids or () if a is not None),
        # Links to anchors (the headings' own permalinks, at least): MkDocs checks them after
        # the build, so a kept page must report them as a converted one does.
        "links": {
            file.src_uri: dict(links) for file, links in (page.links_to_anchors or {}).items()
        },
    }


def linked_pages(markdown: str, src_uri: str) -> set[str]:
    """The pages a page's Markdown links to (`[text](../x.md)`), as paths in the docs folder."""
    base = posixpath.dirname(src_uri)
    return {
        posixpath.normpath(posixpath.join(base, target))
        for target in MARKDOWN_LINK.findall(markdown)
        if "://" not in target and not target.startswith("/")
    }


def still_valid(
    kept: dict[str, Any], exists: Callable[[str], bool], linked: AbstractSet[str] = frozenset()
) -> bool:
    """A kept render links only to pages that still `exist`; otherwise MkDocs converts the page
    again, and reports the broken link as it would on any page."""
    return all(exists(uri) for uri in set(kept["links"]) | set(linked))


def restore_render(page: Page, kept: dict[str, Any], files: Files) -> str:
    """Put a kept render back on `page`; returns its HTML."""
    page.toc = get_toc(kept["toc"])
    page.present_anchor_ids = set(kept["anchors"])
    linked = {uri: files.get_file_from_path(uri) for uri in kept["links"]}
    page.links_to_anchors = {
        file: kept["links"][uri] for uri, file in linked.items() if file is not None
    }
    return kept["html"]


class SearchCard:
    """A program page as Material's search sees it: one entry with the program's title, its
    place and the start of its summary, and nothing else. A catalogue of thousands of programs
    then adds a few hundred bytes per program to each language's index, while a program stays
    findable by what a person remembers of it."""

    SUMMARY_CHARS = 120

    def __init__(self, page: Page, place: str, summary: str) -> None:
        summary = " ".join(summary.split())
        if len(summary) > self.SUMMARY_CHARS:
            summary = summary[: self.SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
        text = " — ".join(part for part in (place, summary) if part)
        self.content = escape(text)
        self.meta = {key: value for key, value in page.meta.items() if key != "tags"}
        self.toc = get_toc([])
        self.url = page.url
        self.title = page.title
