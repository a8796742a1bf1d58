"""Daya at 1,000–10,000 programs without building the site: checking, the catalogue page and
the search index, measured with the plugin's own code in one run.

    .venv/bin/python bench/scale.py [--sizes 1000,3000,10000] [--site SITE]

For each size N, a synthetic catalogue of N programs plus the three shipped ones
(bench/make_catalogue.py) is checked the way the site checks it (SiteCatalogue.refresh):
cold, with an empty content-hash cache, then warm, by a new catalogue object on the same
cache, as a second `mkdocs build` or a CI run with the cache restored would. Printed per size:

- check ms/program, cold; and one program's check (the shipped example, median of five)
  before and after the whole catalogue is checked: equal when the cost of a check does not
  grow with the number checked before it;
- programs/s cold and warm (one process: the site checks in the build's process);
- catalogue page: the Markdown the plugin writes for each language's catalogue, in MB;
- search index per language, in MB: the handbook's entries (from a built site, `--site`, else
  the repository's handbook built here once) plus one entry per program, each made by the
  plugin's SearchCard through Material's own SearchIndex, as the build makes them.

The per-size numbers come from one run; ratios, not thresholds (timings depend on the machine).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))
from make_catalogue import DEFAULT_SEED, make_catalogue  # noqa: E402

TARGET_SEARCH_MB = 5.0


def handbook_index_bytes(site: Path) -> dict[str, int]:
    """Bytes of each language's search index without program pages (their entries are what
    this bench adds back, N times)."""
    sizes = {}
    for lang, folder in (("id", site), ("en", site / "en")):
        data = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
        docs = [d for d in data["docs"] if not is_program_entry(d["location"])]
        sizes[lang] = len(json.dumps({**data, "docs": docs}, ensure_ascii=False))
    return sizes


def is_program_entry(location: str) -> bool:
    parts = location.split("/")
    return len(parts) >= 3 and parts[0] == "programs"


def build_handbook(work: Path) -> Path:
    """The repository's site, built once with its three programs (downloads off)."""
    project = work / "handbook"
    make_catalogue(0, project, DEFAULT_SEED)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  - daya:\n", "  - daya:\n      downloads: false\n", 1
    )
    config.write_text(text, encoding="utf-8")
    site = project / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=project,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return site


def program_entries_bytes(catalogue: object, lang: str) -> int:
    """Bytes the program pages add to `lang`'s search index: one SearchCard each."""
    from material.plugins.search.plugin import SearchIndex

    from generator.site.kept_pages import SearchCard

    index = SearchIndex()
    prefix = "" if lang == "id" else "en/"
    for summary in catalogue.summaries():  # type: ignore[attr-defined]
        # The page's title as the theme gets it: the program's title, escaped (page_meta).
        page = SimpleNamespace(
            url=f"{prefix}programs/{summary['id']}/",
            title=escape(summary["title"][lang]),
            meta={},
        )
        card = SearchCard(page, summary["location"], summary["summary"][lang])  # type: ignore[arg-type]
        index.add_entry_from_context(card)
    return sum(len(json.dumps(e, ensure_ascii=False)) + 1 for e in index.entries)


def probe_ms(path: Path) -> float:
    """Median ms of checking one program (the shipped example) five times."""
    from generator.handbook.cards import method_ids
    from generator.project import check_file

    known = method_ids(REPO / "docs")
    times = []
    for _ in range(5):
        started = time.perf_counter()
        check_file(path, known)
        times.append(1000 * (time.perf_counter() - started))
    return sorted(times)[2]


def measure(n: int, work: Path, handbook: dict[str, int]) -> dict[str, float]:
    from generator.site.catalogue import SiteCatalogue

    project = work / f"n{n}"
    make_catalogue(n, project, DEFAULT_SEED)
    cache = project / ".daya-cache"
    programs = project / "programs"

    probe = programs / "air-bersih-sukamaju" / "program.yaml"
    before = probe_ms(probe)
    cold = SiteCatalogue(project, programs, None, cache, downloads=False)
    started = time.perf_counter()
    entries = cold.refresh()
    cold_s = time.perf_counter() - started
    after = probe_ms(probe)
    assert not any(e.errors for e in entries), "the synthetic catalogue checks clean"

    warm = SiteCatalogue(project, programs, None, cache, downloads=False)
    started = time.perf_counter()
    warm.refresh()
    warm_s = time.perf_counter() - started
    assert warm.checks["cached"] == len(entries), warm.checks

    result = {
        "programs": len(entries),
        "mean_ms": 1000 * cold_s / len(entries),
        "probe_before": before,
        "probe_after": after,
        "cold_per_s": len(entries) / cold_s,
        "warm_per_s": len(entries) / warm_s,
    }
    for lang in ("id", "en"):
        page = warm.catalogue_page(lang)
        result[f"catalogue_{lang}_mb"] = len(page.encode("utf-8")) / 1e6
        result[f"search_{lang}_mb"] = (handbook[lang] + program_entries_bytes(warm, lang)) / 1e6
    shutil.rmtree(project, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--site", type=Path, help="a built site whose handbook index to use")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="daya-scale-") as tmp:
        work = Path(tmp)
        site = args.site or build_handbook(work)
        handbook = handbook_index_bytes(site)
        print(
            f"# {os.cpu_count()} CPU, Python {platform.python_version()}; handbook index "
            f"id {handbook['id'] / 1e6:.2f} MB, en {handbook['en'] / 1e6:.2f} MB",
            flush=True,
        )
        print(
            "| programs | check ms/program | one program's check ms, before / after all "
            "| ratio | programs/s cold | warm | catalogue MB id / en | search MB id / en "
            "(target ≤ 5) |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n in sizes:
            r = measure(n, work, handbook)
            print(
                f"| {r['programs']:,.0f} | {r['mean_ms']:.1f} | {r['probe_before']:.1f} / "
                f"{r['probe_after']:.1f} | {r['probe_after'] / r['probe_before']:.2f}× "
                f"| {r['cold_per_s']:.0f} "
                f"| {r['warm_per_s']:.0f} | {r['catalogue_id_mb']:.1f} / "
                f"{r['catalogue_en_mb']:.1f} | {r['search_id_mb']:.2f} / "
                f"{r['search_en_mb']:.2f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
