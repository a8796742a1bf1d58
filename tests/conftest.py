"""Shared fixtures: tiny real program files written into tmp_path (no mocks), the built site
and a browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Daya speaks the language of DAYA_LANG, else of the locale. Tests assert its English messages
# whatever the machine's locale is; tests of the Indonesian ones set the language themselves.
os.environ["DAYA_LANG"] = "en"

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "programs" / "air-bersih-sukamaju" / "program.yaml"
CHROMIUM = os.environ.get("DAYA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

# A small program that checks with zero errors and zero warnings. Tests change one thing in it.
MINIMAL = textwrap.dedent(
    """\
    schema_version: 1
    id: tiny
    language: id
    title: Program kecil
    status: planned
    organisation: {name: Yayasan Contoh, type: ngo}
    location: {country: ID, village: Desa Contoh}
    period: {start: 2026-01-01, end: 2026-12-31}
    methods: [fgd]
    team:
      - {id: pm, role: Pengelola program}
    stakeholders:
      - {id: pemdes, name: Pemerintah desa, influence: high, interest: high, engagement: Rapat bulanan}
    results:
      goal:
        statement: Warga lebih sejahtera.
        indicators:
          - id: G1
            name: Pendapatan rata-rata
            unit: rupiah
            direction: increase
            baseline: {value: 100, date: 2025-12-31}
            targets:
              - {date: 2026-12-31, value: 120}
            means_of_verification: Survei
            frequency: annual
            responsible: pm
      outcomes:
        - id: OC1
          statement: Kelompok usaha berjalan.
          assumptions: [Harga stabil.]
          indicators:
            - id: OC1.1
              name: Jumlah kelompok aktif
              direction: increase
              baseline: {value: 0, date: 2025-12-31}
              targets: [{date: 2026-12-31, value: 5}]
              means_of_verification: Catatan
              frequency: quarterly
              responsible: pm
          outputs:
            - id: OP1.1
              statement: Anggota terlatih.
              indicators:
                - id: OP1.1.1
                  name: Jumlah anggota terlatih
                  direction: increase
                  baseline: {value: 0, date: 2025-12-31}
                  targets: [{date: 2026-06-30, value: 40}]
                  means_of_verification: Daftar hadir
                  frequency: quarterly
                  responsible: pm
              activities:
                - {id: A1.1.1, title: Pelatihan, start: 2026-02-01, end: 2026-05-31, responsible: pm}
    funding:
      - {id: hibah, name: Hibah, type: grant, amount: 10000000}
    budget:
      currency: IDR
      lines:
        - {id: B1, activity: A1.1.1, category: training, item: Pelatihan, quantity: 2, unit: angkatan, unit_cost: 5000000, funder: hibah}
    risks:
      - {id: R1, description: Harga turun, category: financial, likelihood: 2, impact: 3, mitigation: Diversifikasi, owner: pm, assumption: OC1}
    evaluation:
      questions:
        relevance: ["Apakah relevan?"]
        coherence: ["Apakah selaras?"]
        effectiveness: ["Apakah efektif?"]
        efficiency: ["Apakah efisien?"]
        impact: ["Apa dampaknya?"]
        sustainability: ["Apakah berlanjut?"]
    """
)


@pytest.fixture(autouse=True)
def _language_from_the_environment() -> Iterator[None]:
    """`daya` run in the test's own process chooses a language for it: forget it afterwards."""
    from generator.core.messages import set_language

    yield
    set_language(None)


def daya(
    *args: str, cwd: Path, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`daya ARGS` in a process of its own, as a user runs it; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a dedented file tree under root (copier's build_file_tree habit)."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def program_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a program file (text or bytes) as programs/<name>/program.yaml and return its path.

    The working folder is the repository, so messages name the path relative to it only when
    the file is inside; here they carry the absolute tmp path, which tests strip.
    """

    def write(content: str | bytes, name: str = "tiny") -> Path:
        path = tmp_path / "programs" / name / "program.yaml"
        write_tree(tmp_path, {f"programs/{name}/program.yaml": content})
        return path

    monkeypatch.chdir(tmp_path)
    return write


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's chromium through Playwright, one for the test session (the site tests share it)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); CI installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


# --- The built site -------------------------------------------------------------------------


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handbook built once per test session (`mkdocs build --strict`).

    DAYA_TEST_SITE=folder uses a site built before instead, e.g. to run the browser tests
    against an older build and see them fail."""
    if os.environ.get("DAYA_TEST_SITE"):
        return Path(os.environ["DAYA_TEST_SITE"])

    def build(folder: Path) -> str:
        site_dir = folder / "site"
        result = mkdocs_build(REPO, site_dir)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
        return str(site_dir)

    return Path(once_per_run(tmp_path_factory, "site", build))


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Any]
) -> Any:
    """What `make` returns (JSON), made once for the whole test run: xdist's workers each have
    their own session, so the first to ask makes it in a shared folder, under a lock, and the
    others read it. A site build or the paged print book then costs its minutes once."""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    result = shared / f"{name}.json"
    with FileLock(str(shared / f"{name}.lock")):
        if not result.is_file():
            folder = shared / f"{name}-made"
            folder.mkdir(exist_ok=True)
            result.write_text(json.dumps(make(folder)), encoding="utf-8")
    return json.loads(result.read_text(encoding="utf-8"))


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """A built site on 127.0.0.1 while the block runs; yields its address."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    with serving(site) as address:
        yield address


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


# Material draws diagrams in a closed shadow root; open it so a test can look inside.
OPEN_SHADOW_ROOTS = (
    "const attach = Element.prototype.attachShadow;"
    "Element.prototype.attachShadow = function (init) {"
    "  return attach.call(this, Object.assign({}, init, {mode: 'open'})); };"
)


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    yield page
    context.close()
