"""Daya at 1,000–10,000 programs: checking, the commands, the catalogue page, the search index
and a build's memory, measured in one run.

    .venv/bin/python bench/scale.py [--sizes 1000,3000,10000] [--builds-up-to 3000]
        [--one-core-up-to 3000] [--sample 100] [--site SITE]

For each size N, a synthetic catalogue of N programs plus the three shipped ones
(bench/make_catalogue.py) is checked the way the site checks it (SiteCatalogue.refresh):
cold, with an empty content-hash cache, then warm, by a new catalogue object on the same
cache, as a second `mkdocs build` or a CI run with the cache restored would. Printed per size:

- check ms/program, cold, in one process; and one program's check (the shipped example,
  median of five) before and after the whole catalogue is checked there: equal when the cost
  of a check does not grow with the number checked before it;
- programs/s: cold in one process, cold on every core (the build checks in worker processes
  when many programs changed), and warm;
- `daya check programs` and `daya generate --format md` as a user runs them (one process
  each, wall time): cold (no `.daya-cache/`) and warm (run again), in programs/s; and
  `daya generate` with the Word and Excel files for the first 100 programs, cold and warm;
- catalogue page: the Markdown the plugin writes for each language's catalogue, in MB;
- search index per language, in MB: the handbook's entries (from a built site, `--site`, else
  the repository's handbook built here once) plus one entry per program, each made by the
  plugin's SearchCard through Material's own SearchIndex, as the build makes them.

- for sizes up to `--builds-up-to`: a cold `mkdocs build` (downloads off, as bench/run.py
  builds): its time and peak memory (the build's process or its largest worker, from
  `os.wait4`), and the peak projected to 10,000 programs along the line through the two
  largest sizes built.

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


def timed_command(args: list[str], cwd: Path) -> float:
    """Seconds `daya ARGS` takes in `cwd`, as a user runs it; its output is not kept."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "CI": "1"},  # no progress bars
    )
    return time.perf_counter() - started


def commands_per_s(project: Path, count: int) -> dict[str, float]:
    """programs/s of `daya check` and `daya generate --format md`, cold then warm."""
    shutil.rmtree(project / ".daya-cache", ignore_errors=True)
    result = {}
    for name, args in (
        ("check", ["check", "programs"]),
        ("generate", ["generate", "programs", "--format", "md", "--out", "out-md"]),
    ):
        result[f"{name}_cold"] = count / timed_command(args, project)
        result[f"{name}_warm"] = count / timed_command(args, project)
    shutil.rmtree(project / "out-md", ignore_errors=True)
    return result


def full_generate_per_s(project: Path, sample: int = 100) -> dict[str, float]:
    """programs/s of `daya generate` with Word and Excel files, on the first `sample`."""
    files = sorted(str(p.relative_to(project)) for p in (project / "programs").glob("*/*.yaml"))
    args = ["generate", *files[:sample], "--out", "out-all"]
    result = {"sample": float(min(sample, len(files)))}
    result["cold"] = result["sample"] / timed_command(args, project)
    result["warm"] = result["sample"] / timed_command(args, project)
    shutil.rmtree(project / "out-all", ignore_errors=True)
    return result


def cold_build(project: Path, work: Path) -> dict[str, float]:
    """A cold `mkdocs build` of the catalogue (downloads off): seconds and peak MB."""
    from run import mkdocs_build, without_downloads, without_strict

    without_strict(project / "mkdocs.yml")
    without_downloads(project / "mkdocs.yml")
    shutil.rmtree(project / ".daya-cache", ignore_errors=True)
    site = work / "site"
    build = mkdocs_build(project, site, work / "build.log")
    built = {
        f"built_search_{lang}_mb": (folder / "search" / "search_index.json").stat().st_size / 1e6
        for lang, folder in (("id", site), ("en", site / "en"))
    }
    shutil.rmtree(site, ignore_errors=True)
    return {"build_s": build.seconds, "peak_mb": build.peak_mb, **built}


def measure(
    n: int, work: Path, handbook: dict[str, int], build: bool, one_core: bool
) -> dict[str, float]:
    import generator.project
    from generator.site.catalogue import SiteCatalogue

    project = work / f"n{n}"
    make_catalogue(n, project, DEFAULT_SEED)
    cache = project / ".daya-cache"
    programs = project / "programs"

    result: dict[str, float] = {}
    if one_core:
        probe = programs / "air-bersih-sukamaju" / "program.yaml"
        result["probe_before"] = probe_ms(probe)
        parallel_from = generator.project.PARALLEL_FROM
        generator.project.PARALLEL_FROM = 10**9  # every program in this process
        alone = SiteCatalogue(project, programs, None, None, downloads=False)
        started = time.perf_counter()
        checked = len(alone.refresh())
        result["mean_ms"] = 1000 * (time.perf_counter() - started) / checked
        result["one_core_per_s"] = 1000 / result["mean_ms"]
        result["probe_after"] = probe_ms(probe)
        generator.project.PARALLEL_FROM = parallel_from
        del alone

    cold = SiteCatalogue(project, programs, None, cache, downloads=False)
    started = time.perf_counter()
    entries = cold.refresh()
    cold_s = time.perf_counter() - started
    assert not any(e.errors for e in entries), "the synthetic catalogue checks clean"
    assert cold.checks["checked"] == len(entries), cold.checks

    warm = SiteCatalogue(project, programs, None, cache, downloads=False)
    started = time.perf_counter()
    warm.refresh()
    warm_s = time.perf_counter() - started
    assert warm.checks["cached"] == len(entries), warm.checks

    result.update(
        programs=len(entries), cold_per_s=len(entries) / cold_s, warm_per_s=len(entries) / warm_s
    )
    for lang in ("id", "en"):
        page = warm.catalogue_page(lang)
        result[f"catalogue_{lang}_mb"] = len(page.encode("utf-8")) / 1e6
        result[f"search_{lang}_mb"] = (handbook[lang] + program_entries_bytes(warm, lang)) / 1e6
    del cold, warm
    result.update(commands_per_s(project, len(entries)))
    if build:
        result.update(cold_build(project, work))
    shutil.rmtree(project, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument(
        "--builds-up-to", type=int, default=3000, help="cold site builds up to this size"
    )
    parser.add_argument(
        "--one-core-up-to",
        type=int,
        default=3000,
        help="check in one process too (and probe one program's check) up to this size",
    )
    parser.add_argument(
        "--sample", type=int, default=100, help="programs for daya generate with Word and Excel"
    )
    parser.add_argument("--site", type=Path, help="a built site whose handbook index to use")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="daya-scale-") as tmp:
        work = Path(tmp)
        site = args.site or build_handbook(work)
        handbook = handbook_index_bytes(site)
        print(
            f"# {os.cpu_count()} CPU, Python {platform.python_version()}; handbook index "
            f"id {handbook['id'] / 1e6:.2f} MB, en {handbook['en'] / 1e6:.2f} MB; load "
            f"{os.getloadavg()[0]:.1f}",
            flush=True,
        )
        sample = work / "sample"
        make_catalogue(args.sample, sample, DEFAULT_SEED)
        full = full_generate_per_s(sample, args.sample)
        shutil.rmtree(sample)
        results = []
        for n in sizes:
            results.append(
                measure(
                    n,
                    work,
                    handbook,
                    build=n <= args.builds_up_to,
                    one_core=n <= args.one_core_up_to,
                )
            )
            print(f"# measured {n} programs", file=sys.stderr, flush=True)
        print(report(results, full))
    return 0


def report(results: list[dict[str, float]], full: dict[str, float]) -> str:
    """The three tables, as Markdown."""
    lines = [
        "**Checking, catalogue page, search index**",
        "",
        "| programs | check ms/program, one core | one program's check ms, before / after "
        "all | ratio | programs/s cold, one core | cold, every core | warm "
        "| catalogue MB id / en | search MB id / en (target ≤ 5) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if "mean_ms" in r:
            one_core = (
                f"{r['mean_ms']:.1f} | {r['probe_before']:.1f} / {r['probe_after']:.1f} "
                f"| {r['probe_after'] / r['probe_before']:.2f}× | {r['one_core_per_s']:.0f}"
            )
        else:
            one_core = "– | – | – | –"
        lines.append(
            f"| {r['programs']:,.0f} | {one_core} "
            f"| {r['cold_per_s']:.0f} | {r['warm_per_s']:.0f} "
            f"| {r['catalogue_id_mb']:.1f} / {r['catalogue_en_mb']:.1f} "
            f"| {r['search_id_mb']:.2f} / {r['search_en_mb']:.2f} |"
        )
    lines += [
        "",
        "**The commands, programs/s** (cold: no `.daya-cache/`; warm: run again)",
        "",
        "| programs | `daya check` cold | warm | `daya generate --format md` cold | warm |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['programs']:,.0f} | {r['check_cold']:.0f} | {r['check_warm']:.0f} "
            f"| {r['generate_cold']:.0f} | {r['generate_warm']:.0f} |"
        )
    lines += [
        "",
        f"`daya generate` with the Word and Excel files, first {full['sample']:.0f} programs: "
        f"{full['cold']:.1f} programs/s cold, {full['warm']:.0f} warm.",
    ]
    built = [r for r in results if "peak_mb" in r]
    if built:
        lines += [
            "",
            "**A cold `mkdocs build`** (downloads off)",
            "",
            "| programs | seconds | peak MB | MB per 1,000 programs "
            "| search MB id / en, as built (the estimate above, checked) |",
            "|---:|---:|---:|---:|---:|",
        ]
        for r in built:
            per_1000 = 1000 * r["peak_mb"] / r["programs"]
            lines.append(
                f"| {r['programs']:,.0f} | {r['build_s']:.0f} | {r['peak_mb']:.0f} "
                f"| {per_1000:.0f} | {r['built_search_id_mb']:.2f} / "
                f"{r['built_search_en_mb']:.2f} |"
            )
    if len(built) >= 2:
        small, large = built[-2], built[-1]
        slope = (large["peak_mb"] - small["peak_mb"]) / (large["programs"] - small["programs"])
        projected = large["peak_mb"] + slope * (10_000 - large["programs"])
        lines += [
            "",
            f"Projected peak at 10,000 programs: {projected:,.0f} MB "
            f"({1000 * slope:.0f} MB per 1,000 more programs; target ≤ 2,048).",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
