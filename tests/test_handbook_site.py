"""The handbook's method cards on the built site: every card listed under each of its stages,
the methods index filtered in the browser, and new cards found by search and in print."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from generator.site.method_list import card_rows
from tests.conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]

DOCS = REPO / "docs"


def links_to_cards(html: str) -> list[str]:
    """The card ids a built page links to inside its article (relative links to a card)."""
    article = html[html.index("<article") : html.index("</article>")]
    return re.findall(r'href="(?:\.\./methods/)?([a-z0-9-]+)\.html"', article)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_card_is_listed_in_the_index_and_under_each_of_its_stages(
    site: Path, lang: str
) -> None:
    root = site if lang == "id" else site / "en"
    rows = card_rows(DOCS, lang)
    index = (root / "methods" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(
        r'<a class="daya-filter-item" data-difficulty="\w+" data-stage="[a-z ]+"'
        r' href="([a-z0-9-]+)\.html"',
        index,
    )
    assert sorted(listed) == sorted(row.id for row in rows)
    for stage in ("assess", "plan", "implement", "monitor", "evaluate", "learn"):
        html = (root / "cycle" / f"{stage}.html").read_text(encoding="utf-8")
        wanted = {row.id for row in rows if stage in row.stages}
        assert wanted, stage
        assert wanted <= set(links_to_cards(html)), (stage, wanted - set(links_to_cards(html)))
        for row in rows:
            if stage in row.stages:
                assert f">{row.title}</a>" in html.replace("&amp;", "&"), (stage, row.id)


def test_the_methods_index_filters_its_cards(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/methods/index.html")
    form = page.locator("form.daya-filter")
    form.wait_for(state="visible")
    items = page.locator(".daya-filter-item")
    total = items.count()
    assert (
        page.locator(".daya-filter-count").inner_text() == f"{total} dari {total} kartu ditampilkan"
    )

    page.select_option("form.daya-filter select[name=stage]", "evaluate")
    visible = page.locator("tr:not([hidden]) .daya-filter-item")
    stages = visible.evaluate_all("els => els.map(e => e.dataset.stage)")
    assert stages and all("evaluate" in s.split() for s in stages)
    expected = sum("evaluate" in row.stages for row in card_rows(DOCS, "id"))
    assert len(stages) == expected
    assert page.locator(".daya-filter-count").inner_text() == (
        f"{expected} dari {total} kartu ditampilkan"
    )

    page.select_option("form.daya-filter select[name=difficulty]", "hard")
    page.fill("form.daya-filter input[name=words]", "Kontribusi")
    visible_text = page.locator("tr:not([hidden]) .daya-filter-item").all_inner_texts()
    assert visible_text and all(t for t in visible_text)
    assert page.locator("tr:not([hidden])").filter(has_text="ontribusi").count() >= 1

    page.fill("form.daya-filter input[name=words]", "tidak-ada-kata-ini")
    assert page.locator(".daya-filter-count").inner_text() == (
        "Tidak ada kartu yang cocok dengan saringan ini."
    )
    # Emptied tables go with their headings; nothing scrolls sideways on a phone.
    assert page.locator("article h3:not([hidden])").filter(has_text="Terutama").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not errors
    page.close()


def test_the_printed_book_has_the_filters_hidden_and_every_card(site: Path) -> None:
    html = (site / "print_page.html").read_text(encoding="utf-8")
    for row in card_rows(DOCS, "id"):
        assert row.title in html.replace("&amp;", "&"), row.id


NEW_CARDS = [
    ("id", "pengaduan", "methods/grievance-mechanism.html", "Mekanisme Pengaduan Masyarakat"),
    ("en", "grievance", "en/methods/grievance-mechanism.html", "Community Grievance Mechanism"),
    ("id", "kartu skor", "methods/community-scorecard.html", "Kartu Skor Komunitas"),
    ("en", "scorecard", "en/methods/community-scorecard.html", "Community Scorecard"),
]


@pytest.mark.parametrize(("lang", "query", "target", "title"), NEW_CARDS)
def test_search_and_the_printed_book_find_new_cards(
    browser,  # type: ignore[no-untyped-def]
    server: str,
    site: Path,
    lang: str,
    query: str,
    target: str,
    title: str,
) -> None:
    from tests.test_site import search

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/{'' if lang == 'id' else 'en/'}index.html")
    hrefs = search(page, query)
    found = [h for h in hrefs if urlparse(h).path.endswith("/" + target)]
    assert found, f"{query}: {target} not among {hrefs[:8]}"
    # Only pages of the language searched in.
    assert all(urlparse(h).path.startswith("/en/") == (lang == "en") for h in hrefs), hrefs
    page.goto(f"{server}/{target}")
    assert title in page.locator("h1").inner_text()
    page.close()
    book = site / ("print_page.html" if lang == "id" else "en/print_page.html")
    html = book.read_text(encoding="utf-8")
    assert f">{title}" in html


def test_a_cards_diagram_is_drawn_readable_and_opens_full_size(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """A card's flowchart keeps its natural size (its labels are not shrunk to the column) and
    has the program pages' "Open full size" button."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/en/methods/ripple-effects-mapping.html")
    page.wait_for_function(
        "[...document.querySelectorAll('.daya-diagram--card .mermaid')]"
        ".some(e => e.shadowRoot && e.shadowRoot.querySelector('svg'))",
        timeout=30000,
    )
    label_height = page.evaluate(
        "Math.min(...[...document.querySelector('.daya-diagram--card .mermaid').shadowRoot"
        ".querySelectorAll('.nodeLabel')].map(e => e.getBoundingClientRect().height))"
    )
    assert label_height >= 12, label_height  # shrunk to 390 px, the labels were about 5 px
    button = page.locator(".daya-diagram--card .daya-diagram-open").first
    assert button.inner_text() == "Open full size"
    button.click()
    assert page.locator(".daya-diagram--open").count() == 1
    page.keyboard.press("Escape")
    assert page.locator(".daya-diagram--open").count() == 0
