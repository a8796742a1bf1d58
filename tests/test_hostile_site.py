"""A hostile program in the real site: built strictly, opened in Chromium, nothing runs.

Every text field of the program holds HTML, Markdown, Jinja and Mermaid that would act if it
reached a page raw: a script, an event handler, a javascript: link, an admonition, a rule.
Each payload element carries `data-hostile`, so the test fails if any program text becomes an
element anywhere (page, navigation, header, search results, diagrams), and each script records
itself in `window.__pwned`, so it fails if anything runs. It also checks that the text is shown.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import MINIMAL, daya, mkdocs_build, serving
from tests.test_site import OPEN_SHADOW_ROOTS, project_copy

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("site")]

PWN = "window.__pwned.push"
PAYLOADS = [
    f"<img src=x data-hostile onerror=\"{PWN}('img')\">",
    f"</title><script data-hostile>{PWN}('script')</script>",
    f'"><svg data-hostile onload="{PWN}(\'svg\')">',
    f"[klik](javascript:{PWN}('link'))",
    '???+ danger "x"',
    "!!! danger",
    "---",
    "# heading",
    "{{ 7*7 }}",
    "&lt;b data-hostile&gt;",
    "<!--",
]


def hostile(n: int, limit: int | None = None) -> str:
    """All payloads, starting with the n-th, so block markup leads some fields."""
    text = " ".join(PAYLOADS[n % len(PAYLOADS) :] + PAYLOADS[: n % len(PAYLOADS)])
    return text[:limit] if limit else text


def hostile_program() -> dict[str, Any]:
    program = yaml.safe_load(MINIMAL)
    counter = iter(range(1000))

    def text() -> str:
        return hostile(next(counter))

    program["id"] = "evil"
    program["title"] = {"id": hostile(1, 200), "en": hostile(0, 200)}
    program["summary"] = text()
    program["background"] = hostile(6) + "\n\n" + hostile(4)
    program["organisation"] = {
        "name": text(),
        "type": "ngo",
        "contact": {"name": text()[:200], "email": text()[:200], "phone": text()[:200]},
    }
    program["location"] = {
        "country": "ID",
        "village": text()[:200],
        "district": text()[:200],
        "regency": text()[:200],
        "province": text()[:200],
    }
    program["target_groups"] = [
        {"id": "g1", "name": text(), "description": text(), "size": 10, "unit": text()}
    ]
    program["team"] = [{"id": "pm", "role": text(), "name": text()[:200]}]
    program["stakeholders"] = [
        {
            "id": sid,
            "name": text(),
            "role": text(),
            "influence": level,
            "interest": level2,
            "engagement": text(),
        }
        for sid, level, level2 in [
            ("x-axis", "low", "low"),
            ("quadrant-1", "high", "high"),
            ("classdef", "medium", "medium"),
            ("acc-title", "high", "low"),
        ]
    ]
    results = program["results"]
    results["goal"]["statement"] = text()
    indicator = results["goal"]["indicators"][0]
    indicator.update(name=text(), definition=text(), unit=text(), means_of_verification=text())
    indicator["baseline"]["source"] = text()
    # A survey form: its title reaches the page's download button, its question the XLSForm.
    program["forms"] = [{"id": "survei", "title": text(), "unit": text()}]
    indicator["collect"] = {
        "form": "survei",
        "field": "jawaban",
        "question": text(),
        "type": "integer",
        "value": "sum",
    }
    outcome = results["outcomes"][0]
    outcome["statement"] = text()
    outcome["assumptions"] = [text()]
    output = outcome["outputs"][0]
    output["statement"] = text()
    output["assumptions"] = [text()]
    output["activities"] = [
        {
            "id": aid,
            "title": text(),
            "description": text(),
            "start": "2026-02-01",
            "end": "2026-05-31",
            "responsible": "pm",
            "methods": ["fgd"],
        }
        for aid in ["click", "call", "topAxis", "section", "dateFormat"]
    ]
    program["funding"][0]["name"] = text()
    program["budget"]["lines"] = [
        {
            "id": f"B{i}",
            "activity": aid,
            "category": "training",
            "item": text(),
            "quantity": 1,
            "unit": text(),
            "unit_cost": 2000000,
            "funder": "hibah",
        }
        for i, aid in enumerate(["click", "call", "topAxis", "section", "dateFormat"], start=1)
    ]
    program["risks"][0].update(description=text(), mitigation=text())
    program["risks"].append(
        {
            "id": "R2",
            "description": text(),
            "category": "social",
            "likelihood": 5,
            "impact": 5,
            "mitigation": text(),
            "owner": "pm",
            "assumption": "OP1.1",
        }
    )
    program["evaluation"]["questions"] = {
        criterion: [text()]
        for criterion in [
            "relevance",
            "coherence",
            "effectiveness",
            "efficiency",
            "impact",
            "sustainability",
        ]
    }
    program["reporting"] = [{"audience": "hibah", "frequency": "quarterly", "format": text()}]
    return program


def write_hostile_monitoring(folder: Path) -> None:
    """Monitoring records whose sources, notes and narrative are all hostile text."""
    tables = {
        "results.csv": [
            ["indicator", "period_end", "disaggregation", "value", "numerator", "denominator"]
            + ["source", "collected_on", "note"],
            ["G1", "2026-06-30", "", "110", "", "", hostile(2), "", hostile(3)],
        ],
        "spending.csv": [
            ["budget_line", "date", "amount", "source", "note"],
            ["B1", "2026-03-31", "1500000", hostile(4), hostile(5)],
        ],
        "activities.csv": [
            ["activity", "date", "status", "note"],
            ["click", "2026-03-31", "in-progress", hostile(6)],
        ],
    }
    (folder / "narrative").mkdir(parents=True)
    for name, rows in tables.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(rows)
    (folder / "narrative" / "2026-06-30.md").write_text(
        hostile(7) + "\n\n" + hostile(0), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("hostile")
    project = project_copy(tmp_path)
    shutil.rmtree(project / "programs")
    path = project / "programs" / "evil" / "program.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(hostile_program(), allow_unicode=True, width=1000))
    write_hostile_monitoring(path.parent / "monitoring")
    # The printed book keeps the pages program text reaches (the catalogue, the portfolio,
    # the card the program cites) and leaves the rest of the handbook out: paging all of it
    # takes minutes and shows no program text.
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(
        "  - print-site:\n",
        "  - print-site:\n      exclude: ['methods/[!f]*', evaluation/, context/, roles/, cycle/]\n",
        1,
    )
    assert "methods/[!f]*" in text
    config.write_text(text, encoding="utf-8")
    check = daya("check", "programs/evil", cwd=project)
    assert "error[" not in check.stdout, check.stdout
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-5000:]
    return site


@pytest.fixture(scope="module")
def hostile_server(hostile_site: Path) -> Iterator[str]:
    with serving(hostile_site) as address:
        yield address


WATCH = OPEN_SHADOW_ROOTS + (
    "window.__pwned = [];"
    "for (const name of ['alert', 'confirm', 'prompt']) {"
    "  window[name] = () => window.__pwned.push(name); }"
)

# Every element in the page and in every (opened) shadow root, such as Mermaid's diagrams.
INSPECT = """() => {
  const all = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const text = all.filter(el => el.shadowRoot).map(el => el.shadowRoot.textContent).join(' ');
  return {
    pwned: window.__pwned,
    hostile: all.filter(el => el.hasAttribute('data-hostile')).map(el => el.outerHTML),
    scriptLinks: all.filter(el => /^\\s*javascript:/i.test(el.getAttribute('href') || ''))
      .map(el => el.outerHTML),
    blocks: [...document.querySelectorAll(
      'article details, article hr, article .admonition.danger, article blockquote')]
      .map(el => el.outerHTML.slice(0, 200)),
    title: document.title,
    description: (document.querySelector('meta[name=description]') || {}).content,
    text: document.body.innerText + ' ' + text,
  };
}"""

PAGES = [
    "programs/evil/index.html",
    "en/programs/evil/index.html",
    "programs/index.html",
    "en/programs/index.html",
    "programs/portfolio.html",
    "en/programs/portfolio.html",
    "methods/fgd.html",
    "en/methods/fgd.html",
    "print_page.html",
    "en/print_page.html",
]


def visit(browser, url: str, wait_for_diagrams: bool = False) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # The print page is laid out in pages (docs/javascripts/daya-print.js): look once it is.
    page.wait_for_function(
        "document.documentElement.getAttribute('data-daya-print') !== 'paging'", timeout=300000
    )
    if wait_for_diagrams:
        page.wait_for_function(
            "[...document.querySelectorAll('.mermaid')]"
            ".filter(e => e.shadowRoot && e.shadowRoot.querySelector('svg')).length >= 3",
            timeout=30000,
        )
    found = page.evaluate(INSPECT)
    found["dialogs"] = dialogs
    found["svg"] = page.evaluate(
        """() => [...document.querySelectorAll('.mermaid')].map(e => {
          const svg = e.shadowRoot && e.shadowRoot.querySelector('svg');
          if (!svg) return null;
          return {kind: svg.getAttribute('aria-roledescription'),
                  error: /Syntax error/.test(e.shadowRoot.textContent),
                  tasks: svg.querySelectorAll('rect.task').length,
                  points: svg.querySelectorAll('.data-point circle').length};
        })"""
    )
    context.close()
    return found


@pytest.mark.parametrize("path", PAGES)
def test_no_program_text_runs_or_becomes_an_element(
    browser, hostile_server: str, path: str
) -> None:
    found = visit(browser, f"{hostile_server}/{path}", "evil/" in path)
    assert found["pwned"] == [] and found["dialogs"] == [], found["pwned"]
    assert found["hostile"] == [], found["hostile"][:3]
    assert found["scriptLinks"] == [], found["scriptLinks"][:3]
    assert found["blocks"] == [], found["blocks"][:3]
    # The text is there, shown as written.
    assert "</title><script data-hostile>" in found["text"]
    assert "data-hostile" in found["text"]


@pytest.mark.parametrize("path", ["programs/evil/index.html", "en/programs/evil/index.html"])
def test_the_program_page_shows_its_title_and_draws_every_diagram(
    browser, hostile_server: str, path: str
) -> None:
    found = visit(browser, f"{hostile_server}/{path}", wait_for_diagrams=True)
    expected_title = hostile(0, 200) if path.startswith("en/") else hostile(1, 200)
    assert found["title"] == f"{expected_title} - Daya"
    assert found["description"].startswith(hostile(0)[:120]), "the summary, as written"
    kinds = {d["kind"]: d for d in found["svg"] if d}
    assert set(kinds) == {"flowchart-v2", "gantt", "quadrantChart", "xychart"}, found["svg"]
    assert not any(d["error"] for d in kinds.values())
    assert kinds["gantt"]["tasks"] == 5, "every activity is a task: no keyword rewrote the chart"
    assert kinds["quadrantChart"]["points"] == 4, "every stakeholder is a point"


def test_search_results_show_program_text_as_text(browser, hostile_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(f"{hostile_server}/index.html")
    page.wait_for_load_state("networkidle")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").type("klik", delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(500)
    found = page.evaluate(INSPECT)
    results = page.locator(".md-search-result").inner_text()
    context.close()
    assert found["pwned"] == [] and found["hostile"] == [], found["hostile"][:3]
    assert "data-hostile" in results


def test_a_link_in_docs_stops_the_build(tmp_path: Path) -> None:
    """MkDocs follows links: docs/x.md -> /etc/passwd would publish the machine's file."""
    project = project_copy(tmp_path)
    (project / "docs" / "passwd.md").symlink_to("/etc/passwd")
    result = mkdocs_build(project, tmp_path / "s")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert (
        "docs/passwd.md is a link; a link could publish a file from outside the repository, "
        "so put the file itself in docs/"
    ) in result.stderr
    published = list((tmp_path / "s").rglob("passwd*")) if (tmp_path / "s").exists() else []
    assert published == []
