"""Daya at catalogue scale: checking, rendering, site builds and sizes, measured in one run.

    .venv/bin/python bench/run.py [--quick] [--sizes 10,100,1000] [--keep] [--json PATH]

For each size N the catalogue is the three shipped programs plus N synthetic ones
(bench/make_catalogue.py) in a throwaway repository copy under /tmp. Measured:
(a) load + check and render of each program's Markdown documents, in this process, one core;
(b) a build with the plugin, cold cache, vs. the same pages pre-rendered as plain Markdown with
    the plugin removed, built after it (both as subprocesses, Word/Excel downloads off);
(c) the rebuild `mkdocs serve` does after one program file changes, with the cache warm (the
    same child process as the plugin's build; it is also (b)'s warm build);
(d) search index and site size; (e) peak memory. See bench/README.md for each column.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from make_catalogue import DEFAULT_SEED, make_catalogue  # noqa: E402

TARGET_MS_PER_PROGRAM = 5.0
TARGET_PROGRAMS_PER_S = 200.0
TARGET_BUILD_RATIO = 1.15
TARGET_REBUILD_S = 1.0
REGENERATE_EVENTS = ("config", "files")
"""The plugin checks changed programs and renders their pages here; its page events only
serve kept HTML and index program overviews, work MkDocs and search would do otherwise."""
SERVE_URL = "http://127.0.0.1:8000/"
PLUGIN_NAME = "daya"
CACHE_DIRS = (".daya-cache",)
"""The plugin's on-disk cache, removed before the cold build so (b) measures a fresh clone."""

BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SHIPPED = {"air-bersih-sukamaju", "ketahanan-pangan-sumba", "women-savings-lombok"}
EXPECTED_ONLY_WITH_PLUGIN = {"en/print_page.html"}
"""The plugin gives each language its own print page; without it print-site writes one."""
EXPORT_SAMPLE = 2
"""Programs whose Word and Excel files (a) times."""
MIN_SAMPLE = 20
"""(a) always measures at least this many programs, however long they take."""


# --- Results -----------------------------------------------------------------------------------


@dataclass
class InProcess:
    programs: int
    measured: int
    check_ms: float
    render_ms: float
    render_shared_env_ms: float
    total_ms: float
    total_cpu_ms: float
    programs_per_s: float
    problems: int
    exports_ms: float = 0.0
    """Word + Excel files of one program in its language (what a cold site build adds)."""
    plan_check_ms: float = 0.0
    """Reading, validating and checking program.yaml alone."""
    monitoring_ms: float = 0.0
    """Reading and checking monitoring/ and computing the progress as of its report date."""
    plan_render_ms: float = 0.0
    """The plan's Markdown documents, with one environment."""
    progress_render_ms: float = 0.0
    """What the progress report and the status block add to that render."""
    monitoring_rows: float = 0.0
    """Mean rows of monitoring data per program measured."""


@dataclass
class Build:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    site_bytes: int
    search_bytes: int
    html_pages: int
    copied_out_s: float = 0.0
    """The plugin's build only: copying its pages out for the plain build (`captured/`), a
    part of the bench, not of a build. Left out of `seconds` and `cpu_seconds`."""


@dataclass
class Rebuild:
    first_build_s: float
    rebuild_s: float
    plugin_s: float
    plugin_events: dict[str, float]
    plugin_kept: bool
    pages_rendered: int | None


@dataclass
class SizeResult:
    n: int
    programs: int
    in_process: InProcess
    plugin_build: Build | None
    plain_build: Build | None
    rebuild: Rebuild | None
    self_peak_mb: float
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SizeResult:
        def maybe(kind: type, value: dict[str, Any] | None) -> Any:
            return None if value is None else kind(**value)

        return cls(
            n=data["n"],
            programs=data["programs"],
            in_process=InProcess(**data["in_process"]),
            plugin_build=maybe(Build, data["plugin_build"]),
            plain_build=maybe(Build, data["plain_build"]),
            rebuild=maybe(Rebuild, data["rebuild"]),
            self_peak_mb=data["self_peak_mb"],
            notes=data["notes"],
        )


# --- (a) load + check + render in this process ------------------------------------------------


def measure_in_process(root: Path, budget_s: float, seed: int) -> InProcess:
    """Mean ms per program for check_file and render_documents, one program after another.

    Programs are taken in a seeded random order until `budget_s` is spent (all of them when
    they are fast enough); the mean over that sample is the per-program cost.
    """
    import random

    from generator.core.documents import RenderOptions, render_documents
    from generator.core.render import make_environment
    from generator.handbook.cards import method_ids
    from generator.project import check_file, discover_programs

    paths = discover_programs(root / "programs")
    known = method_ids(root / "docs")
    shared_env = make_environment()
    # Warm up imports, pydantic and Babel on the shipped programs: a one-off, not per program.
    for path in paths:
        if path.parent.name in SHIPPED:
            program = check_file(path, known).loaded.program  # type: ignore[union-attr]
            render_documents(program, RenderOptions(lang=program.language))
            render_documents(program, RenderOptions(lang=program.language), shared_env)
    order = paths[:]
    random.Random(seed).shuffle(order)

    check_times, render_times, shared_times, problems = [], [], [], 0
    plan_times, monitoring_times, progress_times, rows = [], [], [], []
    cpu = 0.0
    spent_from = time.perf_counter()
    for n, path in enumerate(order):
        if n >= MIN_SAMPLE and time.perf_counter() - spent_from > budget_s:
            break
        start, cpu_start = time.perf_counter(), time.process_time()
        checked = check_file(path, known)
        checked_at = time.perf_counter()
        if checked.loaded is None or checked.errors:
            problems += 1
            continue
        program = checked.loaded.program
        render_documents(program, RenderOptions(lang=program.language))
        rendered_at, cpu_end = time.perf_counter(), time.process_time()
        render_documents(program, RenderOptions(lang=program.language), shared_env)
        shared_at = time.perf_counter()
        plan, monitoring, progress = monitoring_cost(path, known, shared_env)
        plan_times.append(plan)
        monitoring_times.append(monitoring)
        progress_times.append(progress - (shared_at - rendered_at))
        rows.append(monitoring_row_count(path))
        check_times.append(checked_at - start)
        render_times.append(rendered_at - checked_at)
        shared_times.append(shared_at - rendered_at)
        cpu += cpu_end - cpu_start
    exports_ms = 1000 * time_exports(order[:EXPORT_SAMPLE], known, root)
    check_ms = 1000 * statistics.fmean(check_times)
    render_ms = 1000 * statistics.fmean(render_times)
    return InProcess(
        programs=len(paths),
        measured=len(check_times),
        check_ms=check_ms,
        render_ms=render_ms,
        render_shared_env_ms=1000 * statistics.fmean(shared_times),
        total_ms=check_ms + render_ms,
        total_cpu_ms=1000 * cpu / len(check_times),
        programs_per_s=1000 / (check_ms + render_ms),
        problems=problems,
        exports_ms=exports_ms,
        plan_check_ms=1000 * statistics.fmean(plan_times),
        monitoring_ms=1000 * statistics.fmean(monitoring_times),
        plan_render_ms=1000 * statistics.fmean(shared_times),
        progress_render_ms=1000 * statistics.fmean(progress_times),
        monitoring_rows=statistics.fmean(rows),
    )


def monitoring_cost(path: Path, known: set[str], env: Any) -> tuple[float, float, float]:
    """Seconds for (the plan's load and check, the monitoring's read, check and progress, the
    documents rendered with the progress report) of one program."""
    from generator.core.checks import check_program
    from generator.core.documents import RenderOptions, render_documents
    from generator.core.load import load_program
    from generator.core.monitoring.checks import load_monitoring

    start = time.perf_counter()
    loaded = load_program(path)
    check_program(loaded, known)
    planned = time.perf_counter()
    monitoring = load_monitoring(loaded, path)
    monitored = time.perf_counter()
    options = RenderOptions(lang=loaded.program.language)
    render_documents(loaded.program, options, env, monitoring)
    rendered = time.perf_counter()
    return planned - start, monitored - planned, rendered - monitored


def monitoring_row_count(path: Path) -> int:
    """Data rows in a program's monitoring CSV files."""
    folder = path.parent / "monitoring"
    files = folder.glob("*.csv") if folder.is_dir() else []
    return sum(max(0, len(f.read_text(encoding="utf-8").splitlines()) - 1) for f in files)


def time_exports(paths: list[Path], known: set[str], root: Path) -> float:
    """Mean seconds to write one program's Word and Excel files, as the site plugin does."""
    from generator.project import check_file
    from generator.site.catalogue import export_program_files

    seconds = []
    for path in paths:
        checked = check_file(path, known)
        if checked.loaded is None or checked.errors:
            continue
        start = time.perf_counter()
        export_program_files(checked.loaded, checked.loaded.program.language, root)
        seconds.append(time.perf_counter() - start)
    return statistics.fmean(seconds) if seconds else 0.0


# --- (b) site builds as subprocesses -----------------------------------------------------------


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def search_bytes(site: Path) -> int:
    """Every language's search index together (the plugin writes one per language:
    search/ and en/search/; without it, one holds both)."""
    indexes = [site / "search" / "search_index.json", *site.glob("*/search/search_index.json")]
    return sum(index.stat().st_size for index in indexes if index.exists())


def mkdocs_build(project: Path, site_dir: Path, log_path: Path) -> Build:
    """`mkdocs build` in `project`; wall and CPU time and peak RSS of that one child (wait4)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)]
    with log_path.open("wb") as log:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=project, stdout=log, stderr=subprocess.STDOUT, env=BUILD_ENV
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        raise SystemExit(f"mkdocs build failed in {project}:\n" + "\n".join(tail))
    return Build(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
        site_bytes=tree_bytes(site_dir),
        search_bytes=search_bytes(site_dir),
        html_pages=sum(1 for _ in site_dir.rglob("*.html")),
    )


def without_strict(mkdocs_yml: Path) -> None:
    """Both variants build without strict mode: a handbook warning must not stop the bench."""
    text = mkdocs_yml.read_text(encoding="utf-8")
    mkdocs_yml.write_text(re.sub(r"(?m)^strict:.*$", "strict: false", text), encoding="utf-8")


def without_downloads(mkdocs_yml: Path, name: str = PLUGIN_NAME) -> None:
    """The plugin leaves the Word and Excel files out: (a) times them, per program.

    Otherwise the plugin's build would do work the plain build does not (like for unlike).
    """
    text = mkdocs_yml.read_text(encoding="utf-8")
    changed = re.sub(rf"(?m)^(\s*)- {re.escape(name)}:\n", r"\g<0>\1    downloads: false\n", text)
    if changed == text:
        raise SystemExit(f"plugin '{name}' with options not found in {mkdocs_yml}")
    mkdocs_yml.write_text(changed, encoding="utf-8")


def without_plugin(mkdocs_yml: Path, name: str = PLUGIN_NAME) -> None:
    """Drop `- name` (and its indented options) from the plugins list, leaving the rest as is."""
    lines = mkdocs_yml.read_text(encoding="utf-8").splitlines(keepends=True)
    out, skipping, indent = [], False, 0
    for line in lines:
        stripped = line.lstrip(" ")
        current = len(line) - len(stripped)
        if skipping and (current > indent or not stripped.strip()):
            continue
        skipping = False
        if re.match(rf"-\s+{re.escape(name)}\s*(:\s*)?$", stripped.rstrip("\n")):
            skipping, indent = True, current
            continue
        out.append(line)
    if len(out) == len(lines):
        raise SystemExit(f"plugin '{name}' not found in {mkdocs_yml}")
    mkdocs_yml.write_text("".join(out), encoding="utf-8")


# --- (b) and (c): the plugin's cold build, then the rebuild `mkdocs serve` does -----------------


def capture_plugin_pages(plugin: Any, config: Any, out: Path) -> None:
    """Every page the plugin makes or changes, in every language, through its own methods.

    Called once its pages are rendered (end of the first on_files), so it costs no rendering.
    Each page is written to `out/docs/<src_uri>` as it comes (holding them all in memory would
    inflate the build's peak memory); method-card additions go to `out/edits.json`.
    """
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    for src_uri in plugin.virtual:
        content = plugin.virtual_content(src_uri)
        if isinstance(content, str):
            target = out / "docs" / src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    edits = {}
    docs = Path(config.docs_dir)
    for path in sorted((docs / "methods").glob("*.md")):
        src_uri = path.relative_to(docs).as_posix()
        file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
        page = Page(None, file, config)
        page.read_source(config)
        before = page.markdown or ""
        after = plugin.list_method_users(before, page, config, None)
        if after != before:
            edits[src_uri] = (before, after)
    (out / "edits.json").write_text(json.dumps(edits), encoding="utf-8")


def instrument(config: Any, timings: dict[str, float]) -> Any:
    """Time every event handler of the Daya plugin, by event."""
    plugin = config.plugins.get(PLUGIN_NAME)
    events: dict[str, list[Callable[..., Any]]] = config.plugins.events

    def timed(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - start

        return run

    for name, methods in events.items():
        for i, method in enumerate(methods):
            if getattr(method, "__self__", None) is plugin:
                methods[i] = timed(name, method)
                config.plugins._event_origins[methods[i]] = PLUGIN_NAME
    return plugin


def edit_one_program(root: Path) -> Path:
    """Change the title of the catalogue's middle program, as a user editing it would."""
    paths = sorted((root / "programs").glob("*/program.yaml"))
    path = paths[len(paths) // 2]
    text = path.read_text(encoding="utf-8")
    modeline, body = text.split("\n", 1) if text.startswith("#") else ("", text)
    data = yaml.safe_load(body)
    title = data["title"]
    data["title"] = (
        {k: f"{v} (edited)" for k, v in title.items()}
        if isinstance(title, dict)
        else f"{title} (edited)"
    )
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text((modeline + "\n" if modeline else "") + dumped, encoding="utf-8")
    return path


def serve_session(root: Path, work: Path) -> None:
    """Child process (`run.py --session ROOT WORK`): the plugin's side of (b), then (c).

    1. A cold build, as `mkdocs build` runs it (load_config, on_startup, build), with the
       on-disk cache removed beforehand. As soon as the plugin has made its pages, they are
       written to `captured/`, from which the parent makes the plain build once this session
       has ended.
    2. One program changes; the rebuild `mkdocs serve` then runs: a fresh config, the plugin
       instance MkDocs keeps between builds, `build()` with the serve URL.
    Results go to `session.json`.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    log = logging.getLogger("mkdocs")
    log.addHandler(logging.FileHandler(work / "serve.log", encoding="utf-8"))
    log.setLevel(logging.INFO)
    log.propagate = False
    os.chdir(root)
    site = work / "site-plugin"
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    # "serve": MkDocs then keeps this plugin instance for the rebuild, as `mkdocs serve` does.
    config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins.get(PLUGIN_NAME)

    copied_out = [0.0, 0.0]  # wall and CPU seconds: the bench's work, taken off the build's

    def signal_pages_ready(files: Any, config: Any) -> Any:
        if not (work / "captured").exists():
            start, cpu_start = time.perf_counter(), time.process_time()
            capture_plugin_pages(plugin, config, work / "captured.part")
            (work / "captured.part").rename(work / "captured")
            copied_out[0] += time.perf_counter() - start
            copied_out[1] += time.process_time() - cpu_start
        return files

    config.plugins.events["files"].append(signal_pages_ready)  # last: after the plugin's pages
    start, cpu_start = time.perf_counter(), time.process_time()
    build(config)
    seconds = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = time.process_time() - cpu_start + children.ru_utime + children.ru_stime
    cold = Build(
        seconds=seconds - copied_out[0],
        cpu_seconds=cpu_seconds - copied_out[1],
        copied_out_s=copied_out[0],
        peak_mb=max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, children.ru_maxrss) / 1024,
        site_bytes=tree_bytes(site),
        search_bytes=search_bytes(site),
        html_pages=sum(1 for _ in site.rglob("*.html")),
    )
    rendered_before = plugin.catalogue.rendered

    edit_one_program(root)
    timings: dict[str, float] = {}
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(work / "serve-site"))
    config.site_url = SERVE_URL
    kept = instrument(config, timings)
    start = time.perf_counter()
    build(config, serve_url=SERVE_URL, dirty=False)
    rebuild_s = time.perf_counter() - start
    config.plugins.on_shutdown()
    rebuild = Rebuild(
        first_build_s=seconds,
        rebuild_s=rebuild_s,
        plugin_s=sum(timings.values()),
        plugin_events=dict(sorted(timings.items(), key=lambda kv: -kv[1])),
        plugin_kept=kept is plugin,
        pages_rendered=kept.catalogue.rendered - (rendered_before if kept is plugin else 0),
    )
    result = {"cold": asdict(cold), "rebuild": asdict(rebuild)}
    (work / "session.json").write_text(json.dumps(result), encoding="utf-8")


def session_failed(work: Path) -> SystemExit:
    tail = (work / "session.log").read_text(encoding="utf-8", errors="replace")
    return SystemExit("the plugin's build failed:\n" + "\n".join(tail.splitlines()[-30:]))


def start_session(root: Path, work: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, str(Path(__file__).resolve()), "--session", str(root), str(work)]
    log = (work / "session.log").open("wb")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=BUILD_ENV)


def wait_for_pages(session: subprocess.Popen[bytes], work: Path) -> Path:
    """The folder of the plugin's pages, once the session has written it (or its failure)."""
    ready = work / "captured"
    while not ready.exists():
        if session.poll() is not None:
            break
        time.sleep(0.2)
    if not ready.exists():
        raise session_failed(work)
    return ready


def finish_session(session: subprocess.Popen[bytes], work: Path) -> tuple[Build, Rebuild]:
    if session.wait() != 0 or not (work / "session.json").exists():
        raise session_failed(work)
    data = json.loads((work / "session.json").read_text(encoding="utf-8"))
    return Build(**data["cold"]), Rebuild(**data["rebuild"])


def write_plain_copy(root: Path, plain: Path, captured: Path) -> list[str]:
    """The same site with the plugin's pages as real Markdown files and the plugin removed."""
    notes = []
    shutil.copytree(root, plain, symlinks=True, ignore=shutil.ignore_patterns(*CACHE_DIRS))
    shutil.copytree(captured / "docs", plain / "docs", dirs_exist_ok=True)
    edits = json.loads((captured / "edits.json").read_text(encoding="utf-8"))
    for src_uri, (before, after) in edits.items():
        target = plain / "docs" / src_uri
        raw = target.read_text(encoding="utf-8")
        if before in raw:
            target.write_text(raw.replace(before, after, 1), encoding="utf-8")
        else:
            notes.append(f"{src_uri}: the plugin's edit could not be placed in the source")
    without_plugin(plain / "mkdocs.yml")
    return notes


# --- One size, then all of them ----------------------------------------------------------------


def html_difference(plugin_site: Path, plain_site: Path) -> list[str]:
    """Pages only one variant has, minus the one expected difference (see bench/README.md)."""
    pages = [
        {str(p.relative_to(site)) for p in site.rglob("*.html")}
        for site in (plugin_site, plain_site)
    ]
    only = sorted((pages[0] ^ pages[1]) - EXPECTED_ONLY_WITH_PLUGIN)
    return only


def code_digest() -> str:
    """Digest of generator/: a change during a run (someone editing) makes caches miss."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "generator").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".j2", ".po", ".json"}:
            digest.update(str(path).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def measure_size(
    n: int, work: Path, seed: int, budget_s: float, builds: bool, echo: Callable[[str], None]
) -> SizeResult:
    code_before = code_digest()
    root = work / "repo"
    written = make_catalogue(n, root, seed)
    without_strict(root / "mkdocs.yml")
    without_downloads(root / "mkdocs.yml")
    echo(f"N={n}: {len(written)} programs written; (a) load + check + render…")
    in_process = measure_in_process(root, budget_s, seed)
    if in_process.problems:
        echo(f"N={n}: {in_process.problems} program(s) did not check; see `daya check` in {root}")
    result = SizeResult(
        n=n,
        programs=len(written),
        in_process=in_process,
        plugin_build=None,
        plain_build=None,
        rebuild=None,
        self_peak_mb=0.0,
        notes=[],
    )
    if not builds:
        result.notes.append(f"N={n}: (a) only (--builds-up-to)")
    else:
        echo(f"N={n}: (b) plugin build, cold cache, then (c); then the plain build…")
        for name in CACHE_DIRS:
            shutil.rmtree(root / name, ignore_errors=True)
        session = start_session(root, work)
        captured = wait_for_pages(session, work)
        result.plugin_build, result.rebuild = finish_session(session, work)
        # Then the plain build, on a machine of its own too: the plugin's uses every core.
        plain = work / "repo-plain"
        result.notes += write_plain_copy(root, plain, captured)
        result.plain_build = mkdocs_build(plain, work / "site-plain", work / "build-plain.log")
        differing = html_difference(work / "site-plugin", work / "site-plain")
        if differing:
            result.notes.append(
                f"N={n}: {len(differing)} HTML page(s) in only one variant: "
                + ", ".join(differing[:5])
            )
    if code_digest() != code_before:
        result.notes.append(
            f"N={n}: generator/ changed while this size was measured, so its numbers mix "
            "versions and the cache of (c) may have missed"
        )
    result.self_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


# --- The report --------------------------------------------------------------------------------


def table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(  # noqa: E731
        c.ljust(w) if i == 0 else c.rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([title, line(header), rule, *(line(r) for r in rows)])


def ratio(part: float, whole: float) -> str:
    return f"{part / whole:.2f}×" if whole else "—"


def mb(value: float) -> str:
    return f"{value / 1_000_000:.2f}"


def per_100(built: list[SizeResult], attr: str, index: int) -> str:
    """Growth per 100 programs between this size and the previous one (MB)."""
    if index == 0:
        return "—"
    now, before = built[index], built[index - 1]
    grow = getattr(now.plugin_build, attr) - getattr(before.plugin_build, attr)
    return mb(100 * grow / (now.programs - before.programs))


def report(results: list[SizeResult]) -> str:
    built = [r for r in results if r.plugin_build and r.plain_build and r.rebuild]
    rows_a = [
        [
            str(r.programs),
            str(r.in_process.measured),
            f"{r.in_process.check_ms:.1f}",
            f"{r.in_process.render_ms:.1f}",
            f"{r.in_process.total_ms:.1f}",
            f"{r.in_process.total_cpu_ms:.1f}",
            f"{r.in_process.programs_per_s:.1f}",
            f"{r.in_process.total_ms / TARGET_MS_PER_PROGRAM:.1f}×",
            f"{r.in_process.render_shared_env_ms:.1f}",
            f"{r.in_process.exports_ms:.0f}",
        ]
        for r in results
    ]
    rows_b = []
    for r in built:
        cold = r.plugin_build.seconds / r.plain_build.seconds
        warm = r.rebuild.rebuild_s / r.plain_build.seconds
        rows_b.append(
            [
                str(r.programs),
                f"{r.plain_build.seconds:.1f}",
                f"{r.plugin_build.seconds:.1f}",
                f"{cold:.2f}",
                "yes" if cold <= TARGET_BUILD_RATIO else "no",
                f"{r.rebuild.rebuild_s:.1f}",
                f"{warm:.2f}",
                "yes" if warm <= TARGET_BUILD_RATIO else "no",
                f"{r.plugin_build.cpu_seconds / r.plain_build.cpu_seconds:.2f}",
                str(r.plugin_build.html_pages),
                f"{r.plugin_build.copied_out_s:.1f}",
            ]
        )
    rows_c = []
    for r in built:
        regenerate = sum(r.rebuild.plugin_events.get(e, 0.0) for e in REGENERATE_EVENTS)
        rows_c.append(
            [
                str(r.programs),
                f"{r.rebuild.rebuild_s:.1f}",
                f"{regenerate:.2f}",
                "yes" if regenerate <= TARGET_REBUILD_S else "no",
                f"{r.rebuild.plugin_s - regenerate:.2f}",
                "—" if r.rebuild.pages_rendered is None else str(r.rebuild.pages_rendered),
                "yes" if r.rebuild.plugin_kept else "no",
            ]
        )
    rows_d = [
        [
            str(r.programs),
            mb(r.plugin_build.site_bytes),
            per_100(built, "site_bytes", i),
            mb(r.plugin_build.search_bytes),
            per_100(built, "search_bytes", i),
            mb(r.plain_build.search_bytes),
        ]
        for i, r in enumerate(built)
    ]
    rows_e = [
        [
            str(r.programs),
            f"{r.plugin_build.peak_mb:.0f}",
            f"{r.plain_build.peak_mb:.0f}",
            f"{r.self_peak_mb:.0f}",
        ]
        for r in built
    ]
    rows_f = [
        [
            str(r.programs),
            f"{r.in_process.monitoring_rows:.0f}",
            f"{r.in_process.plan_check_ms:.1f}",
            f"{r.in_process.monitoring_ms:.1f}",
            ratio(r.in_process.monitoring_ms, r.in_process.plan_check_ms),
            f"{r.in_process.plan_render_ms:.1f}",
            f"{r.in_process.progress_render_ms:.1f}",
            ratio(r.in_process.progress_render_ms, r.in_process.plan_render_ms),
        ]
        for r in results
        if r.in_process.plan_check_ms
    ]
    events = [
        f"  {r.programs} programs: "
        + ", ".join(f"on_{name} {seconds:.2f}" for name, seconds in r.rebuild.plugin_events.items())
        for r in results
        if r.rebuild is not None
    ]
    parts = [
        table(
            f"(a) load + check + render of the Markdown documents, in process, one core "
            f"(target ≤ {TARGET_MS_PER_PROGRAM:g} ms, ≥ {TARGET_PROGRAMS_PER_S:g} programs/s)",
            [
                "programs",
                "measured",
                "check ms",
                "render ms",
                "total ms",
                "total cpu ms",
                "programs/s",
                "vs target",
                "render, one env ms",
                "word+excel ms",
            ],
            rows_a,
        ),
        table(
            f"(b) mkdocs build with the plugin vs. the same pages pre-rendered, plugin off "
            f"(target ratio ≤ {TARGET_BUILD_RATIO}); cold: no cache; warm: cache kept, one "
            "program changed",
            [
                "programs",
                "plain s",
                "cold s",
                "cold ratio",
                "met",
                "warm s",
                "warm ratio",
                "met",
                "cold cpu ratio",
                "html pages",
                "copy-out s",
            ],
            rows_b,
        ),
        table(
            f"(c) mkdocs serve: rebuild after one program changes, cache warm "
            f"(target: the plugin regenerates in ≤ {TARGET_REBUILD_S:g} s)",
            [
                "programs",
                "rebuild s",
                "regenerate s",
                "met",
                "kept pages s",
                "pages rendered",
                "plugin kept",
            ],
            rows_c,
        ),
        "    the plugin's time in that rebuild, by event (s):\n" + "\n".join(events),
        table(
            "(d) size of the plugin-built site, MB (/100: growth per 100 programs since the "
            "previous row)",
            ["programs", "site", "site /100", "search index", "search /100", "plain search"],
            rows_d,
        ),
        table(
            "(e) peak memory, MB (max RSS)",
            ["programs", "build, plugin", "build, plain", "bench process"],
            rows_e,
        ),
        table(
            "(f) monitoring beside the plan, per program with a year of quarterly data, in "
            "process: check (read + check; monitoring adds the progress views) and render "
            "(Markdown, one environment; progress: what the report and status block add)",
            [
                "programs",
                "rows",
                "plan check ms",
                "monitoring ms",
                "ratio",
                "plan render ms",
                "progress render ms",
                "ratio",
            ],
            rows_f,
        ),
    ]
    return "\n\n".join(parts)


def environment() -> dict[str, Any]:
    import mkdocs

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    return {
        "cpus": os.cpu_count(),
        "cpus_usable": usable,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "mkdocs": mkdocs.__version__,
    }


def header(env: dict[str, Any], seed: int, elapsed: float) -> str:
    return (
        f"Daya bench — {env['cpus']} CPUs ({env['cpus_usable']} usable), "
        f"{env['implementation']} {env['python']}, MkDocs {env['mkdocs']}, {env['platform']}; "
        f"seed {seed}; run took {elapsed:.0f} s; "
        f"load average {env['load_average_before']:.1f} before, "
        f"{env['load_average_after']:.1f} after\n"
        "Programs = N synthetic + the 3 shipped ones. Word/Excel downloads off in both builds of "
        "(b) (timed in (a)); the plain build runs after the plugin's session, each with the "
        "machine to itself."
    )


def print_report(env: dict[str, Any], seed: int, elapsed: float, results: list[SizeResult]) -> None:
    print(header(env, seed, elapsed) + "\n")
    if any(r.plugin_build for r in results):
        print(report(results))
    else:  # (a) and (f): the tables measured in process
        parts = report(results).split("\n\n")
        print(parts[0] + "\n\n" + parts[-1])
    notes = [note for r in results for note in r.notes]
    if notes:
        print("\nNotes:\n" + "\n".join(f"- {note}" for note in notes))


def write_json(path: Path, env: dict[str, Any], seed: int, elapsed: float, results: list) -> None:
    data = {
        "environment": env,
        "seed": seed,
        "seconds": elapsed,
        "results": [asdict(r) for r in results],
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 10, 100 only")
    parser.add_argument("--sizes", default=None, help="comma-separated N (default 10,100,1000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--json", type=Path, help="also write the raw results as JSON here")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--budget",
        type=float,
        default=None,
        help="seconds (a) may spend per size; default 3 with --quick, else 60",
    )
    parser.add_argument(
        "--builds-up-to",
        type=int,
        default=None,
        metavar="N",
        help="measure (b)–(e) only for sizes up to N; larger sizes get (a) only",
    )
    parser.add_argument(
        "--from-json", type=Path, metavar="PATH", help="print the tables of an earlier --json run"
    )
    parser.add_argument("--session", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.session:  # the child process of (b) and (c)
        serve_session(*args.session)
        return 0
    if args.from_json:
        data = json.loads(args.from_json.read_text(encoding="utf-8"))
        results = [SizeResult.from_dict(r) for r in data["results"]]
        print_report(data["environment"], data["seed"], data["seconds"], results)
        return 0
    budget = args.budget if args.budget is not None else (3.0 if args.quick else 60.0)
    sizes_text = args.sizes or ("10,100" if args.quick else "10,100,1000")
    sizes = sorted({int(s) for s in sizes_text.split(",") if s.strip()})

    def echo(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    env = environment()
    env["load_average_before"] = os.getloadavg()[0]
    started = time.perf_counter()
    base = Path(tempfile.mkdtemp(prefix="daya-bench-", dir="/tmp"))
    results: list[SizeResult] = []
    try:
        for n in sizes:
            work = base / f"n{n}"
            work.mkdir()
            builds = args.builds_up_to is None or n <= args.builds_up_to
            results.append(measure_size(n, work, args.seed, budget, builds, echo))
            echo(f"N={n}: done after {time.perf_counter() - started:.0f} s")
            if args.json:  # after every size, so a long run that is stopped keeps its numbers
                env["load_average_after"] = os.getloadavg()[0]
                write_json(args.json, env, args.seed, time.perf_counter() - started, results)
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if args.keep:
            echo(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    elapsed = time.perf_counter() - started
    env["load_average_after"] = os.getloadavg()[0]
    print_report(env, args.seed, elapsed, results)
    if args.json:
        write_json(args.json, env, args.seed, elapsed, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
