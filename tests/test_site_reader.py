"""The site as a reader sees it, in Debian's chromium: search that stays in its language,
diagrams readable on a phone and in dark mode, levels in words, names, pages that fit a phone,
program pages that belong to the site, and axe-core's WCAG 2 A/AA rules.

Each test measures what a person would notice (a pixel size, a contrast ratio, a link's place
on the screen), on the real build."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.test_site import DIAGRAMS_DRAWN, OPEN_SHADOW_ROOTS, search

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("site")]

PROGRAM = "programs/air-bersih-sukamaju/index.html"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGS = {"id": "", "en": "en/"}
"""Each language's folder in the site."""


def new_page(browser, viewport: dict[str, int] = DESKTOP, scheme: str = "light"):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    context.add_init_script(OPEN_SHADOW_ROOTS)
    return context.new_page()


@pytest.fixture
def open_page(browser) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """open_page(url, viewport, scheme): a page in a fresh browser context, closed after."""
    pages: list[Any] = []

    def open_(url: str, viewport: dict[str, int] = DESKTOP, scheme: str = "light") -> Any:
        page = new_page(browser, viewport, scheme)
        pages.append(page)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return page

    yield open_
    for page in pages:
        page.context.close()


# --- Search stays in the page's language ------------------------------------------------------


@pytest.mark.parametrize(("lang", "query"), [("id", "musrenbang"), ("en", "musrenbang")])
def test_search_lists_only_pages_in_the_sites_language(
    open_page, server: str, lang: str, query: str
) -> None:
    page = open_page(f"{server}/{LANGS[lang]}index.html")
    hrefs = search(page, query)
    assert hrefs, f"no result for {query}"
    urls = [page.evaluate("h => new URL(h, location.href).pathname", h) for h in hrefs]
    other = [u for u in urls if u.startswith("/en/") != (lang == "en")]
    assert not other, f"the {lang} site lists pages of the other language: {other[:5]}"
    count = page.inner_text(".md-search-result__meta")
    shown = int(re.search(r"\d+", count).group()) if re.search(r"\d+", count) else 0
    assert shown == len({u.split("#")[0] for u in urls}) or shown >= len(hrefs) // 10


def test_a_word_found_by_its_root_is_highlighted(open_page, server: str) -> None:
    """*latih* finds pages that only say *pelatihan*; the result shows *pelatihan* marked."""
    page = open_page(f"{server}/index.html")
    search(page, "latih")
    marked = page.eval_on_selector_all(
        ".md-search-result__item mark", "marks => marks.map(m => m.textContent.toLowerCase())"
    )
    # A word that *starts* with the query (latihan) is marked by Material already.
    derived = [m for m in marked if "latih" in m and not m.startswith("latih")]
    assert derived, f"no derived word of 'latih' is highlighted: {sorted(set(marked))[:10]}"


# --- Diagrams ---------------------------------------------------------------------------------

DIAGRAM_TEXT = """
() => [...document.querySelectorAll('.mermaid')].map(host => {
  const root = host.shadowRoot, svg = root.querySelector('svg');
  const box = svg.getBoundingClientRect();
  const view = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width;
  const scale = view ? box.width / view : 1;
  const texts = [...root.querySelectorAll('text, foreignObject span, foreignObject p')]
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0
                 && !t.querySelector('span, p'));
  return {
    kind: svg.getAttribute('aria-roledescription'),
    sizes: texts.map(t => ({
      text: t.textContent.trim().slice(0, 40),
      px: parseFloat(getComputedStyle(t).fontSize) * scale,
    })),
  };
})
"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_diagram_text_is_at_least_11_px(open_page, server: str, viewport: dict[str, int]) -> None:
    """The theory of change was scaled to ~4 px text on a phone and ~7 px on a desktop."""
    page = open_page(f"{server}/{PROGRAM}", viewport)
    page.wait_for_function(DIAGRAMS_DRAWN, timeout=30000)
    diagrams = page.evaluate(DIAGRAM_TEXT)
    assert {d["kind"] for d in diagrams} >= {"flowchart-v2", "gantt", "quadrantChart"}
    small = [
        (d["kind"], s["text"], round(s["px"], 1))
        for d in diagrams
        for s in d["sizes"]
        if s["px"] < 11
    ]
    assert not small, f"text under 11 px: {small[:8]}"


CONTRAST = """
() => {
  const parse = c => { const m = c.match(/[\\d.]+/g); return m ? m.map(Number) : null; };
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const blend = (top, alpha, under) => top.map((v, i) => v * alpha + under[i] * (1 - alpha));
  const opaque = c => { const v = parse(c); return v && (v.length < 4 || v[3] > 0) ? v : null; };
  const backdrop = el => { for (; el; el = el.parentElement) {
    const colour = opaque(getComputedStyle(el).backgroundColor); if (colour) return colour; }
    return [255, 255, 255]; };
  const out = [];
  for (const host of document.querySelectorAll('.mermaid')) {
    const root = host.shadowRoot;
    const page = backdrop(host);  // what the diagram is drawn on
    const kind = root.querySelector('svg').getAttribute('aria-roledescription');
    const texts = [...root.querySelectorAll('text, foreignObject span, foreignObject p')]
      .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0
                   && !t.querySelector('span, p'));
    for (const t of texts) {
      const style = getComputedStyle(t);
      const ink = parse(t.namespaceURI.endsWith('svg') ? style.fill : style.color);
      const r = t.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
      // What is painted under the text: an HTML label's own background, else the last filled
      // shape before it in the drawing that covers its centre, else the diagram's backdrop.
      let ground = null;
      for (let el = t; el && el !== root && !ground; el = el.parentElement) {
        if (!el.namespaceURI.endsWith('svg')) ground = opaque(getComputedStyle(el).backgroundColor);
      }
      if (ground) ground = ground.length === 4 ? blend(ground.slice(0, 3), ground[3], page) : ground;
      const shapes = [...root.querySelectorAll('rect, path, polygon, circle, ellipse')].filter(sh => {
        if (!(sh.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)) return false;
        const b = sh.getBoundingClientRect();
        return b.width > 0 && x >= b.left && x <= b.right && y >= b.top && y <= b.bottom;
      });
      for (const sh of shapes.reverse()) {
        if (ground) break;
        const st = getComputedStyle(sh), colour = parse(st.fill);
        if (!colour || st.fill === 'none' || st.visibility === 'hidden') continue;
        const alpha = (colour[3] ?? 1) * parseFloat(st.fillOpacity || 1) * parseFloat(st.opacity || 1);
        if (alpha > 0) ground = blend(colour.slice(0, 3), alpha, page);
      }
      ground = ground || page;
      if (ink) out.push({kind, text: t.textContent.trim().slice(0, 30), ratio: ratio(ink.slice(0, 3), ground)});
    }
  }
  return out;
}
"""


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_diagram_text_contrast_is_at_least_4_5(open_page, server: str, scheme: str) -> None:
    """In dark mode Gantt labels were black on dark and the quadrant pale on pale."""
    page = open_page(f"{server}/en/{PROGRAM}", DESKTOP, scheme)
    page.wait_for_function(DIAGRAMS_DRAWN, timeout=30000)
    measured = page.evaluate(CONTRAST)
    assert len({m["kind"] for m in measured}) >= 3
    low = [(m["kind"], m["text"], round(m["ratio"], 2)) for m in measured if m["ratio"] < 4.5]
    assert not low, f"text below 4.5:1 in {scheme} mode: {low[:8]}"


def test_every_diagram_opens_full_size(open_page, server: str) -> None:
    page = open_page(f"{server}/{PROGRAM}", PHONE)
    page.wait_for_function(DIAGRAMS_DRAWN, timeout=30000)
    buttons = page.locator("button.daya-diagram-open")
    assert buttons.count() == page.locator(".mermaid").count() >= 3
    assert buttons.first.inner_text() == "Buka ukuran penuh"
    buttons.first.click()
    box = page.locator(".daya-diagram--open")
    assert box.count() == 1
    covered = box.bounding_box()
    assert covered is not None and covered["width"] >= PHONE["width"] - 1
    assert covered["height"] >= PHONE["height"] - 1, "the diagram fills the screen"
    assert buttons.first.inner_text() == "Tutup"
    page.keyboard.press("Escape")
    assert page.locator(".daya-diagram--open").count() == 0


# --- Levels, names ----------------------------------------------------------------------------

EMOJI = re.compile("[\U0001f300-\U0001faff\u2b1b\u2b1c\u25a0-\u25ff\u2600-\u27bf]")


@pytest.mark.parametrize(("lang", "words"), [("id", "Tinggi"), ("en", "High")])
def test_risk_matrix_shows_levels_in_words_and_colour(
    open_page, server: str, lang: str, words: str
) -> None:
    page = open_page(f"{server}/{LANGS[lang]}{PROGRAM}")
    table = page.locator("table:has(.daya-level)")
    assert table.count() == 1, "one risk matrix with level cells"
    cells = table.locator("td:has(.daya-level)")
    assert cells.count() == 25
    texts = cells.all_inner_texts()
    assert not [t for t in texts if EMOJI.search(t)], "no emoji squares"
    assert all(t.strip() for t in texts), "every cell names its level"
    assert any(words.lower() in t.lower() for t in texts)
    colours = {c.evaluate("e => getComputedStyle(e).backgroundColor") for c in cells.all()}
    assert len(colours) == 4, f"four levels, four colours: {colours}"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_program_page_shows_names_not_ids(open_page, server: str, lang: str) -> None:
    page = open_page(f"{server}/{LANGS[lang]}{PROGRAM}")
    page.wait_for_function(DIAGRAMS_DRAWN, timeout=30000)
    text = page.inner_text("article")
    quadrant = page.evaluate(
        "[...document.querySelectorAll('.mermaid')].map(e => e.shadowRoot.textContent).join(' ')"
    )
    for ident in ("pt-sumber", "pemdes", "csr", "dana-desa", ", ID\n"):
        assert ident not in text and ident not in quadrant, ident
    assert "Dana Desa Sukamaju" in text and "Jawa Barat, Indonesia" in text


# --- Pages fit a phone; program pages belong to the site --------------------------------------

PAGES = [
    "index.html",
    "methods/transect-walk.html",
    PROGRAM,
    "programs/index.html",
    "programs/portfolio.html",
]


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_wider_than_a_phone(open_page, server: str, lang: str, path: str) -> None:
    page = open_page(f"{server}/{LANGS[lang]}{path}", PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => {
             const r = e.getBoundingClientRect();
             return r.right > innerWidth + 1 && getComputedStyle(e).position !== 'fixed'
               && !e.closest('.md-typeset__scrollwrap, .daya-scroll, .md-sidebar, .md-search');
           }).slice(0, 5).map(e => e.tagName + '.' + e.className)"""
    )
    assert width <= PHONE["width"], f"{width} px wide: {wide}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_program_page_has_breadcrumb_tab_and_downloads_in_view(
    open_page, server: str, lang: str, viewport: dict[str, int]
) -> None:
    page = open_page(f"{server}/{LANGS[lang]}{PROGRAM}", viewport)
    catalogue = {"id": "Katalog program", "en": "Program catalogue"}[lang]
    crumbs = page.locator("nav.md-path")
    assert crumbs.count() == 1 and catalogue in crumbs.inner_text()
    href = crumbs.locator("a", has_text=catalogue).get_attribute("href")
    assert href and href.rstrip("/").endswith("index.html")
    if viewport is DESKTOP:
        active = page.locator(".md-tabs__item--active")
        assert active.count() == 1 and active.inner_text().strip() == catalogue
    downloads = page.locator("article a[href$='.docx'], article a[href$='.xlsx']")
    assert downloads.count() >= 2
    # The page opens with the program's status (test_site_progress); on a desktop the
    # downloads follow on the first screen, on a phone right below it.
    screens = 1 if viewport is DESKTOP else 2
    for n in range(2):
        box = downloads.nth(n).bounding_box()
        assert box is not None and box["y"] + box["height"] <= screens * viewport["height"], (
            "the Word and Excel downloads are near the top"
        )
    jumps = page.locator("nav.daya-documents a")
    assert jumps.count() == 9, "eight planning documents and the progress report"
    for n in range(9):
        target = jumps.nth(n).get_attribute("href") or ""
        assert target.startswith("#") and page.locator(target).count() == 1


# --- Accessibility: axe-core ------------------------------------------------------------------

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_PAGES = {
    "home": "index.html",
    "method-card": "methods/transect-walk.html",
    "program": PROGRAM,
    "catalogue": "programs/index.html",
    "portfolio": "programs/portfolio.html",
    "search": "index.html#search",
}


def axe_violations(page) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {
             runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
             resultTypes: ['violations'],
           })"""
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"]][:4],
            "count": len(v["nodes"]),
        }
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_wcag_a_or_aa_violation(
    open_page, server: str, name: str, lang: str, scheme: str
) -> None:
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `make test` (npm install)")
    path = AXE_PAGES[name].split("#")[0]
    page = open_page(f"{server}/{LANGS[lang]}{path}", DESKTOP, scheme)
    if name == "program":
        page.wait_for_function(DIAGRAMS_DRAWN, timeout=30000)
    if name == "search":
        search(page, "air")
    violations = axe_violations(page)
    assert not violations, "\n".join(str(v) for v in violations)


def test_axe_is_really_running(open_page, server: str, tmp_path: Path) -> None:
    """The check can fail: a page with white text on the teal header colour and an image
    without alt text gives two violations."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<html lang="en"><title>x</title><body><main><p style="color:#fff;background:#009485">'
        'low contrast</p><img src="x.png"></main></body></html>',
        encoding="utf-8",
    )
    page = open_page(bad.as_uri())
    rules = {v["rule"] for v in axe_violations(page)}
    assert {"color-contrast", "image-alt"} <= rules
