"""Program pages' kept HTML and their overview-only search entries (generator/page_cache.py).

The whole-site proof (a warm build writes the same site as a cold one) is in test_site.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import markdown
import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from generator.site.catalogue import load_with_monitoring, render_program_page
from generator.site.kept_pages import SearchCard, conversion_digest, linked_pages, still_valid

REPO = Path(__file__).resolve().parent.parent
PROGRAM_IDS = sorted(p.parent.name for p in (REPO / "programs").glob("*/program.yaml"))


class ConvertedPage:
    """What Material's search reads from a page after MkDocs converted it."""

    def __init__(self, content: str, toc: Any, url: str, meta: dict[str, Any]) -> None:
        self.content, self.toc, self.url, self.meta = content, toc, url, meta
        self.title = meta["title"]


@pytest.fixture(scope="module")
def config() -> Any:
    return load_config(str(REPO / "mkdocs.yml"))


def converted(config: Any, program_id: str, lang: str) -> ConvertedPage:
    loaded, monitoring = load_with_monitoring(REPO / "programs" / program_id / "program.yaml")
    page = render_program_page(loaded.program, lang, REPO, None, monitoring=monitoring)
    body, meta = get_data(page)
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    html = md.convert(body)
    return ConvertedPage(html, get_toc(md.toc_tokens), f"programs/{program_id}/", meta)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("program_id", PROGRAM_IDS)
def test_a_program_page_is_one_small_search_entry(config: Any, program_id: str, lang: str) -> None:
    page = converted(config, program_id, lang)
    card = SearchIndex()
    summary = "Program <b>dua</b> tahun " + "untuk warga desa " * 30
    card.add_entry_from_context(SearchCard(page, "Desa Sukamaju, Garut, Jawa Barat", summary))
    [entry] = card.entries
    assert entry["location"] == page.url and entry["title"] == page.title
    assert entry["text"].startswith("Desa Sukamaju, Garut, Jawa Barat — Program &lt;b&gt;dua")
    assert entry["text"].endswith(" …") and len(entry["text"]) < 250
    assert "tags" not in entry or not entry["tags"]
    assert len(json.dumps(card.entries, ensure_ascii=False)) < 400


def test_the_conversion_digest_follows_the_markdown_options(config: Any) -> None:
    again = load_config(str(REPO / "mkdocs.yml"))
    assert conversion_digest(again) == conversion_digest(config)  # no memory addresses in it
    again.mdx_configs["toc"] = {**again.mdx_configs["toc"], "permalink": False}
    assert conversion_digest(again) != conversion_digest(config)
    again = load_config(str(REPO / "mkdocs.yml"))
    again.use_directory_urls = not again.use_directory_urls
    assert conversion_digest(again) != conversion_digest(config)


def exists_in(files: Files) -> Any:
    return lambda uri: files.get_file_from_path(uri) is not None


def test_a_kept_page_linking_to_a_removed_page_is_converted_again(tmp_path: Path) -> None:
    kept = {"html": "", "toc": [], "anchors": [], "links": {"methods/fgd.md": {"a": "#a"}}}
    card = File("methods/fgd.md", str(tmp_path), str(tmp_path / "site"), True)
    assert still_valid(kept, exists_in(Files([card])))
    assert not still_valid(kept, exists_in(Files([])))


def test_a_kept_page_whose_links_lost_their_target_is_converted_again(tmp_path: Path) -> None:
    markdown = "[FGD](../../methods/fgd.md), [web](https://x.org/a.md), [own](#top)"
    linked = linked_pages(markdown, "programs/p/index.md")
    assert linked == {"methods/fgd.md"}
    kept = {"html": "", "toc": [], "anchors": [], "links": {}}
    card = File("methods/fgd.md", str(tmp_path), str(tmp_path / "site"), True)
    assert still_valid(kept, exists_in(Files([card])), linked)
    assert not still_valid(kept, exists_in(Files([])), linked)
