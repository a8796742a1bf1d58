"""The catalogue's filters in the browser, on a generated catalogue of a couple of hundred
programs (bench/make_catalogue.py): a real build, Debian's chromium, over http and file://."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, mkdocs_build, serving
from tests.test_bench import make_catalogue

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("catalogue")]

PROGRAMS = 200


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("catalogue") / "project"
    make_catalogue(project, PROGRAMS)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # The Word and Excel files are not what this test looks at; leave them out.
    text, n = re.subn(r"(?m)^(\s*)- daya:\n", r"\g<0>\1    downloads: false\n", text)
    assert n == 1
    # A hook records what the build still holds of each program page (tests/hooks/held.py).
    shutil.copy(REPO / "tests" / "hooks" / "held.py", project / "held.py")
    config.write_text(text + "\nhooks:\n  - held.py\n", encoding="utf-8")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return site


def test_a_build_lets_go_of_each_program_pages_markdown_and_contents(big_site: Path) -> None:
    """Memory at thousands of programs: once written, a program page keeps its title, meta
    data and anchors (other pages may link to them), and not its Markdown, its table of
    contents or its links (checked when the page was written)."""
    held = json.loads((big_site.parent / "held.json").read_text(encoding="utf-8"))
    assert [record["pages"] for record in held] == [PROGRAMS + 3, PROGRAMS + 3], held
    for record in held:  # one per language
        assert record["holding_markdown"] == 0, held
        assert record["holding_toc"] == 0, held
        assert record["holding_links"] == 0, held
        assert record["with_anchors"] == record["titled"] == record["pages"], held


@pytest.fixture(scope="module")
def big_server(big_site: Path) -> Iterator[str]:
    with serving(big_site) as address:
        yield address


def visible(page) -> list[dict]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        "tr:not([hidden]) .daya-filter-item", "items => items.map(a => ({...a.dataset}))"
    )


def count_line(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator(".daya-filter-count").inner_text()


def test_the_catalogue_filters_by_province_status_sector_funder_and_words(
    browser,  # type: ignore[no-untyped-def]
    big_server: str,
    big_site: Path,
) -> None:
    # One test for both languages and the file:// check: the generated site is built once.
    for lang, width in [("id", 1280), ("en", 390)]:
        filter_in(
            browser, f"{big_server}/{'' if lang == 'id' else 'en/'}programs/index.html", lang, width
        )
    from_a_file(browser, big_site)


def filter_in(browser, url: str, lang: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.locator("form.daya-filter").wait_for(state="visible")
    total = page.locator(".daya-filter-item").count()
    assert total == PROGRAMS + 3
    shown = "{} dari {} program ditampilkan" if lang == "id" else "{} of {} programs shown"
    assert count_line(page) == shown.format(total, total)

    # Each filter alone keeps exactly the rows that carry its value.
    every = visible(page)
    for name in ("province", "status", "sector", "funder"):
        values = page.eval_on_selector_all(
            f"select[name={name}] option", "options => options.map(o => o.value)"
        )[1:]
        assert values, name
        value = values[len(values) // 2]
        page.select_option(f"select[name={name}]", value)
        rows = visible(page)
        expected = [row for row in every if value in row[name].split()]
        assert rows == expected and 0 < len(rows) < total, name
        assert count_line(page) == shown.format(len(rows), total)
        page.select_option(f"select[name={name}]", "")

    # Filters combine; the words box looks in the title and the place.
    page.select_option("select[name=status]", "active")
    active = visible(page)
    first_title = page.locator("tr:not([hidden]) .daya-filter-item").first.inner_text()
    word = max(first_title.split(), key=len)
    page.fill("input[name=words]", word.upper())
    with_word = visible(page)
    assert 0 < len(with_word) <= len(active)
    assert all(row["status"] == "active" for row in with_word)
    page.fill("input[name=words]", "tidak-ada-program-seperti-ini")
    assert visible(page) == []
    none = "Tidak ada program" if lang == "id" else "No program matches"
    assert count_line(page).startswith(none)
    page.fill("input[name=words]", "")
    page.select_option("select[name=status]", "")
    assert len(visible(page)) == total
    # The form fits a phone's screen; the table scrolls in its own box.
    assert page.evaluate(
        "document.querySelector('form.daya-filter').getBoundingClientRect().right"
        " <= document.documentElement.clientWidth"
    )
    assert not errors
    page.close()


def from_a_file(browser, big_site: Path) -> None:  # type: ignore[no-untyped-def]
    """The filters work on the site opened from the disk (file://), as offline readers do."""
    page = browser.new_page()
    page.goto((big_site / "programs" / "index.html").as_uri())
    page.locator("form.daya-filter").wait_for(state="visible")
    value = page.eval_on_selector_all(
        "select[name=province] option", "options => options.map(o => o.value)"
    )[1]
    page.select_option("select[name=province]", value)
    rows = visible(page)
    assert rows and all(value in row["province"].split() for row in rows)
    page.close()
