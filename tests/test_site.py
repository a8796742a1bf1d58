"""The handbook site: a real `mkdocs build --strict`, then Debian's chromium through Playwright."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import escape
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import MINIMAL, OPEN_SHADOW_ROOTS, REPO, mkdocs_build

SCREENSHOTS = REPO / "build" / "screenshots"
PROGRAM_IDS = sorted(p.parent.name for p in (REPO / "programs").glob("*/program.yaml"))

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]


def test_site_has_both_languages_every_program_and_print_pages(site: Path) -> None:
    assert (site / "index.html").exists()
    assert (site / "en" / "index.html").exists()
    assert '<html lang="id"' in (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (site / "en" / "index.html").read_text(encoding="utf-8")
    for pid in PROGRAM_IDS:
        assert (site / "programs" / pid / "index.html").exists(), pid
        assert (site / "en" / "programs" / pid / "index.html").exists(), pid
    assert "Seluruh buku panduan" in (site / "print_page.html").read_text(encoding="utf-8")
    assert "The whole handbook" in (site / "en" / "print_page.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_catalogue_lists_every_program_in_its_language(site: Path, lang: str) -> None:
    """Each language's catalogue links every program by its title in that language."""
    from generator.core.views import shown
    from generator.project import check_file

    folder = site / "programs" if lang == "id" else site / "en" / "programs"
    html = (folder / "index.html").read_text(encoding="utf-8")
    for pid in PROGRAM_IDS:
        program = check_file(REPO / "programs" / pid / "program.yaml", None).loaded.program
        title = shown(program, program.title, lang).text
        # The link carries the row's filter values before its address (daya-filter-item).
        link = re.compile(
            rf'<a class="daya-filter-item"[^>]* href="{re.escape(pid)}/index.html">'
            + re.escape(escape(title, quote=False))
            + "</a>"
        )
        assert link.search(html), (lang, pid, title)


def test_program_pages_offer_word_and_excel_in_each_language(site: Path) -> None:
    import zipfile

    from lxml import etree

    for lang, folder, names, form in [
        (
            "id",
            site / "programs" / "air-bersih-sukamaju",
            ["kak.docx", "rencana.xlsx", "laporan-kemajuan.docx", "kemajuan.xlsx"],
            "Formulir survei “Survei rumah tangga” (XLSForm untuk KoboToolbox atau ODK)",
        ),
        (
            "en",
            site / "en" / "programs" / "air-bersih-sukamaju",
            ["tor.docx", "plan.xlsx", "progress-report.docx", "progress.xlsx"],
            "Survey form “Household survey” (XLSForm for KoboToolbox or ODK)",
        ),
    ]:
        html = (folder / "index.html").read_text(encoding="utf-8")
        for suffix in [*names, "form-survei-rt.xlsx"]:
            name = f"air-bersih-sukamaju-{suffix}"
            assert f'href="{name}"' in html, (lang, name)
            with zipfile.ZipFile(folder / name) as archive:
                assert archive.testzip() is None
        assert form in html and "{title}" not in html
        iati = etree.parse(str(folder / "air-bersih-sukamaju-iati.xml"))
        assert iati.getroot().get("version") == "2.03"
        assert 'href="air-bersih-sukamaju-iati.xml"' in html


def test_search_index_carries_indonesian_stems(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "stems" in index["config"]["fields"]
    stems = {d["location"]: d.get("stems", "") for d in index["docs"]}
    assert any("latih" in s.split() for loc, s in stems.items() if not loc.startswith("en/"))
    assert not any(s for loc, s in stems.items() if loc.startswith("en/"))
    assert '"stems"' in (site / "search" / "search_index.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_program_has_one_search_entry_in_each_language(site: Path, lang: str) -> None:
    """Even a program whose texts are the same in both languages (Lombok's are English only):
    its English entry is not dropped as a copy of the Indonesian one."""
    folder = site if lang == "id" else site / "en"
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"] if d["location"].startswith("programs/")]
    programs = sorted(p.name for p in (REPO / "programs").iterdir() if p.is_dir())
    expected = [f"programs/{pid}/index.html" for pid in programs]
    assert sorted(loc for loc in locations if loc.count("/") == 2) == expected


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_cards_list_of_programs_stays_out_of_the_search_index(site: Path, lang: str) -> None:
    """The list grows by a line per program (84 KB per card at 1,000 programs): each program is
    found by its own entry instead. The list still shows on the card."""
    folder = site if lang == "id" else site / "en"
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    card = [d for d in index["docs"] if d["location"].startswith("methods/fgd.html")]
    assert card, "the card itself is indexed"
    heading = {"id": "Program yang menggunakan metode ini", "en": "Programs that use this method"}
    assert not [d for d in card if heading[lang] in d["title"]]
    assert "Sukamaju" not in " ".join(d["text"] for d in card)
    html = (folder / "methods" / "fgd.html").read_text(encoding="utf-8")
    assert heading[lang] in html and "programs/air-bersih-sukamaju/" in html
    assert "Sukamaju" in html


def test_no_page_references_another_host(site: Path) -> None:
    import re

    offenders = []
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # Resources the browser fetches by itself; links a reader may click are fine.
        loads = re.findall(
            r'<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc="(https?://[^"]+)"', html
        )
        loads += [
            url
            for tag, url in re.findall(r'(<link\b[^>]*\bhref="(https?://[^"]+)"[^>]*>)', html)
            if 'rel="canonical"' not in tag and 'rel="alternate"' not in tag
        ]
        loads += re.findall(r"@import\s+url\(['\"]?(https?://[^'\")]+)", html)
        offenders += [f"{page.relative_to(site)}: {url}" for url in loads]
    assert offenders == []


def project_copy(tmp_path: Path) -> Path:
    """The site's sources in tmp_path (own programs, docs and cache; the setup linked)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ["docs", "programs", "overrides"]:
        shutil.copytree(REPO / name, project / name)
    for name in [
        "mkdocs.yml",
        "Makefile",
        "pyproject.toml",
        "package.json",
        "CONTRIBUTING.md",
        "CONTRIBUTING.id.md",
        "SECURITY.md",
        "SECURITY.id.md",
    ]:
        shutil.copy2(REPO / name, project / name)  # keeps mtimes: make sees the setup as done
    for name in [".venv", "node_modules", "generator"]:
        (project / name).symlink_to(REPO / name)
    return project


def test_a_second_build_takes_program_pages_from_the_cache_and_writes_the_same_site(
    tmp_path: Path,
) -> None:
    project = project_copy(tmp_path)
    # A hook holds the worker processes back until MkDocs reaches the program pages.
    shutil.copy(REPO / "tests" / "hooks" / "late_workers.py", project / "late_workers.py")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - late_workers.py\n")
    logs, sites = [], []
    for name in ["cold", "warm"]:
        sites.append(tmp_path / name)
        result = mkdocs_build(project, sites[-1])
        assert result.returncode == 0, result.stderr[-3000:]
        logs.append(result.stderr)
    count = len(PROGRAM_IDS)
    # The worker processes convert the program pages while MkDocs reads the handbook's pages,
    # and each program page waits for its task: its HTML is in the cache when MkDocs reads it.
    late = json.loads((project / "late_workers.json").read_text(encoding="utf-8"))
    assert late["handbook_pages_first"]["id"] > 100 and late["handbook_pages_first"]["en"] > 100
    assert late["converted_when_read"] == {
        f"programs/{ident}/index{suffix}.md": True
        for ident in PROGRAM_IDS
        for suffix in ("", ".en")
    }
    for lang in ["id", "en"]:
        assert (
            f"program pages ({lang}): 0 taken from the cache, {count} converted "
            f"({count} of them in worker processes)" in logs[0]
        )
        assert f"program pages ({lang}): {count} taken from the cache, 0 converted" in logs[1]
    # One line per phase, with counts.
    assert f"programs: {count} ({count} checked, 0 from the cache, 0 unchanged)" in logs[0]
    assert f"programs: {count} (0 checked, {count} from the cache, 0 unchanged)" in logs[1]
    assert "program pages and files: 0 rendered," in logs[1]
    # The first language's build renders both languages' pages and files (in the cache; the
    # other language's build takes them from there): two languages, a page and a set of files.
    units = 2 * count * 2
    assert f"program pages and files: {units} rendered, 0 from the cache" in logs[0]
    assert f"program pages and files: 0 rendered, {units} from the cache" in logs[0]
    assert "search index per language: id " in logs[1] and " MB, en " in logs[1]
    cold = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    warm = sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    assert cold == warm
    differing = [f for f in cold if (sites[0] / f).read_bytes() != (sites[1] / f).read_bytes()]
    assert differing == []

    # One program changes: exactly its page is converted again, and shows the change.
    changed = project / "programs" / "women-savings-lombok" / "program.yaml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("\ntitle: ", "\ntitle: Judul baru <b>tebal</b> — ", 1))
    result = mkdocs_build(project, tmp_path / "changed")
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"program pages (id): {count - 1} taken from the cache, 1 converted" in result.stderr
    assert (
        f"programs: {count} (1 checked, {count - 1} from the cache, 0 unchanged)" in result.stderr
    )
    assert "outdated entries from .daya-cache/" in result.stderr, "the old version is pruned"
    page = (tmp_path / "changed" / "programs" / "women-savings-lombok" / "index.html").read_text()
    assert "Judul baru &lt;b&gt;tebal&lt;/b&gt;" in page


def test_a_program_with_an_error_fails_make_site(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    broken = project / "programs" / "tiny" / "program.yaml"
    broken.parent.mkdir()
    broken.write_text(
        MINIMAL.replace("end: 2026-05-31, responsible: pm}", "end: 2027-05-31, responsible: pm}")
    )
    # -o: take the (symlinked) setup as done, so make goes straight to the build.
    result = subprocess.run(
        ["make", "-o", ".venv/.installed", "-o", "node_modules/.installed", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        "programs/tiny/program.yaml:54:70: error[D104] activity A1.1.1 ends after the program"
        in output
    )
    assert "Traceback" not in output
    assert not (project / "site" / "programs" / "tiny").exists()


# --- In the browser ---------------------------------------------------------------------------


DIAGRAMS_DRAWN = (
    "[...document.querySelectorAll('.mermaid')]"
    ".filter(e => e.shadowRoot && e.shadowRoot.querySelector('svg')).length >= 3"
)


def search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("networkidle")
    search_input = page.locator("input.md-search__input")
    if not search_input.is_visible():  # on a phone the search opens from a header button
        page.click("label.md-header__button[for='__search']")
    search_input.click()
    search_input.type(query, delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(500)
    return page.eval_on_selector_all(
        ".md-search-result__item a.md-search-result__link",
        "links => links.map(a => a.getAttribute('href'))",
    )


@pytest.mark.parametrize(
    ("query", "word"),
    [("latih", "pelatihan"), ("pantau", "pemantauan"), ("daya", "pemberdayaan")],
)
def test_search_finds_words_by_their_root(
    page, server: str, site: Path, query: str, word: str
) -> None:
    page.goto(f"{server}/index.html")
    hrefs = search(page, query)
    assert hrefs, f"no result for {query}"
    # The results include pages whose text has the derived word but not the root alone.
    found = False
    for href in hrefs[:20]:
        target = site / urlparse(href).path.lstrip("/").split("#")[0]
        if target.is_file():
            text = target.read_text(encoding="utf-8").lower()
            if word in text:
                found = True
                break
    assert found, f"{query}: no result page contains {word}: {hrefs[:5]}"


def test_language_switch_stays_on_the_method_card(page, server: str) -> None:
    page.goto(f"{server}/methods/transect-walk.html")
    assert page.locator("html").get_attribute("lang") == "id"
    page.hover(".md-header__option .md-select")
    page.click("a.md-select__link[hreflang='en']")
    page.wait_for_load_state()
    assert page.url.endswith("/en/methods/transect-walk.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Transect" in page.locator("h1").inner_text()


def test_program_page_draws_its_diagrams(page, server: str) -> None:
    page.goto(f"{server}/programs/air-bersih-sukamaju/index.html")
    page.wait_for_function(DIAGRAMS_DRAWN, timeout=30000)
    # Material draws each diagram inside the element's shadow root.
    kinds = page.evaluate(
        "[...document.querySelectorAll('.mermaid')].map("
        "e => e.shadowRoot.querySelector('svg').getAttribute('aria-roledescription'))"
    )
    assert {"flowchart-v2", "gantt", "quadrantChart"} <= set(kinds), kinds
    errors = page.evaluate(
        "[...document.querySelectorAll('.mermaid')]"
        ".filter(e => /Syntax error/.test(e.shadowRoot.textContent)).length"
    )
    assert errors == 0


def test_visiting_five_pages_requests_nothing_from_another_host(page, server: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in [
        "index.html",
        "methods/pra.html",
        "programs/air-bersih-sukamaju/index.html",
        "en/evaluation/dac-criteria.html",
        "programs/index.html",
    ]:
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
    hosts = {urlparse(url).netloc for url in requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlparse(server).netloc}, hosts


def test_site_works_from_file_urls(page, site: Path) -> None:
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto((site / "index.html").as_uri())
    hrefs = search(page, "latih")
    assert hrefs
    assert not [url for url in failed if not url.startswith("file://")], failed


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("home", "index.html"),
        ("method-card", "methods/transect-walk.html"),
        ("program", "programs/air-bersih-sukamaju/index.html"),
    ],
)
@pytest.mark.parametrize(
    ("device", "width", "height"), [("desktop", 1280, 900), ("phone", 390, 844)]
)
def test_screenshots(
    browser, server: str, name: str, path: str, device: str, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    """Each page as a reader sees it first: its title in view, nothing wider than the screen
    (tables scroll inside their own box), and the picture saved for a person to look at."""
    import struct

    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    page.goto(f"{server}/{path}")
    page.wait_for_load_state("networkidle")
    if name == "program":
        page.wait_for_function(DIAGRAMS_DRAWN, timeout=30000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / f"{name}-{device}.png"
    page.screenshot(path=str(out), full_page=False)
    title = page.locator("article h1").first.bounding_box()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert title is not None and 0 <= title["y"] < height, "the page's title is in view"
    assert title["x"] >= 0 and title["x"] + title["width"] <= width + 1
    assert page_width <= width, f"the page is {page_width} px wide on a {width} px screen"
    png = out.read_bytes()
    assert png.startswith(b"\x89PNG") and struct.unpack(">II", png[16:24]) == (width, height)
