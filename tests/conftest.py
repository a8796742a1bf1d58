"""Shared fixtures: tiny real program files written into tmp_path (no mocks)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

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
    """The repository's site, built once for the test session (the site tests share it)."""
    site_dir = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(REPO, site_dir)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return site_dir


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
