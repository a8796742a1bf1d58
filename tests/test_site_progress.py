"""Monitoring on the site, in Debian's chromium: a program page opens with its status, its
progress report draws its charts, the catalogue shows each program's progress, and the
portfolio adds programs up by currency, funder, sector and province on a phone too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.test_site import DIAGRAMS_DRAWN
from tests.test_site_reader import DESKTOP, LANGS, PHONE, PROGRAM, new_page

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("site")]

PORTFOLIO = "programs/portfolio.html"
STATUS = {
    "id": ["Sesuai rencana", "77,7\u00a0%", "50,0\u00a0%"],
    "en": ["On track", "77.7\u00a0%", "50.0\u00a0%"],
}


@pytest.fixture
def open_page(browser) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """open_page(url, viewport): a page in a fresh browser context, closed after."""
    pages: list[Any] = []

    def open_(url: str, viewport: dict[str, int] = DESKTOP) -> Any:
        page = new_page(browser, viewport)
        pages.append(page)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return page

    yield open_
    for page in pages:
        page.context.close()


IN_VIEW = """(words) => words.map(word => {
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    if (!walker.currentNode.nodeValue.includes(word)) continue;
    const range = document.createRange();
    range.selectNodeContents(walker.currentNode);
    const box = range.getBoundingClientRect();
    return {word, top: box.top, bottom: box.bottom, visible: box.width > 0};
  }
  return {word, top: null};
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_program_page_opens_with_its_status(
    open_page, server: str, lang: str, viewport: dict[str, int]
) -> None:
    page = open_page(f"{server}/{LANGS[lang]}{PROGRAM}", viewport)
    found = page.evaluate(IN_VIEW, STATUS[lang])
    missing = [f for f in found if f["top"] is None or not f["visible"]]
    assert not missing, f"not on the page: {missing}"
    below = [f for f in found if f["bottom"] > viewport["height"]]
    assert not below, f"below the first screen: {below}"
    pill = page.locator("article .daya-status[data-status='on-track']").first
    assert pill.inner_text() == STATUS[lang][0]
    colours = pill.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert colours[0] != colours[1] and "rgba(0, 0, 0, 0)" not in colours


PROGRESS_HEADINGS = """() => {
  const start = document.getElementById('doc-progress');
  const out = [];
  for (let el = start.nextElementSibling; el && el.tagName !== 'H1'; el = el.nextElementSibling) {
    if (el.tagName === 'H2' && el.id.startsWith('doc-')) break;
    if (/^H[2-3]$/.test(el.tagName)) out.push(el.textContent.replace(/¶$/, '').trim());
  }
  return out;
}"""


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        ("id", ["Ringkasan", "Indikator", "Realisasi anggaran", "Kegiatan", "Narasi"]),
        ("en", ["Summary", "Indicators", "Budget realisation", "Activities", "Narrative"]),
    ],
)
def test_the_progress_report_has_its_tables_charts_and_narrative(
    open_page, server: str, lang: str, headings: list[str]
) -> None:
    page = open_page(f"{server}/{LANGS[lang]}{PROGRAM}")
    page.wait_for_function(DIAGRAMS_DRAWN, timeout=30000)
    page.wait_for_function(
        "document.querySelectorAll('.daya-diagram--xychart .mermaid').length > 0 && "
        "[...document.querySelectorAll('.daya-diagram--xychart .mermaid')]"
        ".every(e => e.shadowRoot && e.shadowRoot.querySelector('svg'))",
        timeout=30000,
    )
    shown = page.evaluate(PROGRESS_HEADINGS)
    assert [h for h in headings if h not in shown] == [], shown
    charts = page.evaluate(
        """() => [...document.querySelectorAll('.daya-diagram--xychart .mermaid')].map(e => ({
             kind: e.shadowRoot.querySelector('svg').getAttribute('aria-roledescription'),
             error: /Syntax error/.test(e.shadowRoot.textContent),
             bars: e.shadowRoot.querySelectorAll('.bar-plot-0 rect').length,
           }))"""
    )
    assert len(charts) == 6, "one chart per number indicator with values"
    assert all(c["kind"] == "xychart" and not c["error"] and c["bars"] >= 2 for c in charts)
    progress = page.locator("#doc-progress ~ div table")
    assert progress.count() >= 8, "indicators, periods, budget and activity tables"
    indicators = page.locator("#doc-progress ~ div table:has(.daya-status)", has_text="OP2.1.1")
    assert indicators.count() == 1, "the indicator table, statuses in words"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "id",
            [
                "Rp6.400.000.000",
                "Rp1.703.200.000",
                "Dana Desa Sukamaju",
                "Nusa Tenggara Barat",
                "Air bersih dan sanitasi",
                "31 Desember 2026",
            ],
        ),
        (
            "en",
            [
                "IDR 6,400,000,000",
                "IDR 1,703,200,000",
                "Dana Desa Sukamaju",
                "Nusa Tenggara Barat",
                "Water and sanitation",
                "31 December 2026",
            ],
        ),
    ],
)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_portfolio_adds_programs_up_per_currency(
    open_page, server: str, lang: str, expected: list[str], viewport: dict[str, int]
) -> None:
    page = open_page(f"{server}/{LANGS[lang]}{PORTFOLIO}", viewport)
    text = page.inner_text("article").replace("\u00a0", " ")
    assert [e for e in expected if e not in text] == []
    totals = page.locator("article table").first.inner_text().replace("\u00a0", " ")
    assert {"id": "48,7 %", "en": "48.7 %"}[lang] in totals, "1,703.2 of the 3,500 million"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize(
    ("lang", "reporting", "silent"),
    [
        ("id", "1 tercapai · 3 sesuai rencana · 2 belum jatuh tempo", "belum ada data pemantauan"),
        ("en", "1 achieved · 3 on track · 2 not due yet", "no monitoring data yet"),
    ],
)
def test_the_catalogue_shows_each_programs_progress(
    open_page, server: str, lang: str, reporting: str, silent: str
) -> None:
    page = open_page(f"{server}/{LANGS[lang]}programs/index.html")
    rows = {
        row.locator("td").first.inner_text().split("\n")[0]: row.inner_text()
        for row in page.locator("article table tbody tr").all()
    }
    water = next(text for title, text in rows.items() if "Sukamaju" in title)
    food = next(text for title, text in rows.items() if "Kawangu" in title)
    assert reporting in water and "77" in water
    assert silent in food
