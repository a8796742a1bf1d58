"""The content-hash cache: unchanged programs are not checked or rendered again (not timed)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.cli.generate
import generator.project
import generator.site.catalogue
from generator.cache import ContentCache
from generator.core.load import load_program
from generator.core.messages import ui_language
from generator.handbook.cards import method_ids
from generator.project import CheckedProgram, check_programs
from generator.site.catalogue import SiteCatalogue, load_with_monitoring
from tests.conftest import MINIMAL, REPO, daya


def make_repo(tmp_path: Path, count: int) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "docs" / "methods", root / "docs" / "methods")
    (root / "mkdocs.yml").write_text("site_name: t\n")
    for n in range(count):
        path = root / "programs" / f"p{n}" / "program.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(MINIMAL.replace("id: tiny", f"id: p{n}"), encoding="utf-8")
    return root


def test_site_pages_are_rendered_once_per_content(tmp_path: Path) -> None:
    root = make_repo(tmp_path, 3)
    catalogue = SiteCatalogue(root, root / "programs", None, root / ".daya-cache", downloads=False)
    catalogue.refresh()
    first = {pid: catalogue.page(pid, "id") for pid in ["p0", "p1", "p2"]}
    assert catalogue.rendered == 3
    catalogue.refresh()
    assert {pid: catalogue.page(pid, "id") for pid in ["p0", "p1", "p2"]} == first
    assert catalogue.rendered == 3, "an unchanged program was rendered again"

    changed = root / "programs" / "p1" / "program.yaml"
    changed.write_text(changed.read_text().replace("Program kecil", "Program besar"))
    catalogue.refresh()
    pages = {pid: catalogue.page(pid, "id") for pid in ["p0", "p1", "p2"]}
    assert catalogue.rendered == 4, "exactly the changed program is rendered again"
    assert "Program besar" in pages["p1"] and pages["p0"] == first["p0"]


def test_a_fresh_process_reuses_the_disk_cache(tmp_path: Path) -> None:
    root = make_repo(tmp_path, 2)
    first = SiteCatalogue(root, root / "programs", None, root / ".daya-cache")
    first.refresh()
    text = first.page("p0", "en")
    second = SiteCatalogue(root, root / "programs", None, root / ".daya-cache")
    second.refresh()
    assert second.page("p0", "en") == text
    assert second.rendered == 0
    assert all(entry.program is None for entry in second.entries.values()), "checked again"


def test_many_missing_pages_render_in_worker_processes(tmp_path: Path) -> None:
    root = make_repo(tmp_path, 20)
    catalogue = SiteCatalogue(root, root / "programs", None, None, downloads=False)
    catalogue.refresh()
    ids = [f"p{n}" for n in range(20)]
    catalogue.prefetch(["id"], ids)
    assert catalogue.rendered == 20
    serial = SiteCatalogue(root, root / "programs", None, None, downloads=False)
    serial.refresh()
    assert all(catalogue.page(pid, "id") == serial.page(pid, "id") for pid in ids)
    assert catalogue.rendered == 20


def test_worker_processes_load_a_program_once_for_its_files_and_pages_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path, 2)
    ids, langs = ["p0", "p1"], ["id", "en"]
    loads = tmp_path / "loads"
    real_load = generator.site.catalogue.load_with_monitoring

    def counted(path: Path) -> Any:
        with loads.open("a") as out:  # the workers are forked: they write what they load
            out.write(f"{path.parent.name}\n")
        return real_load(path)

    monkeypatch.setattr(generator.site.catalogue, "load_with_monitoring", counted)
    monkeypatch.setattr(generator.site.catalogue, "PARALLEL_FROM", 2)
    catalogue = SiteCatalogue(root, root / "programs", None, root / "cache-a")
    catalogue.refresh()
    catalogue.prefetch(langs, ids)
    assert sorted(loads.read_text().split()) == ids, "a program loaded more than once"
    assert catalogue.rendered == 2 * 2 * 2, "files and page, in two languages, of two programs"
    assert catalogue.fresh == {(pid, lang) for pid in ids for lang in langs}

    serial = SiteCatalogue(root, root / "programs", None, root / "cache-b")
    serial.refresh()
    for pid in ids:
        for lang in langs:
            assert catalogue.page(pid, lang) == serial.page(pid, lang)
            assert catalogue.offered(catalogue.by_id[pid], lang), "the page offers its files"
            assert catalogue.file_names(pid, lang) == serial.file_names(pid, lang)
    assert catalogue.rendered == 8, "the pages and files were in the cache"


@pytest.mark.parametrize("downloads", [False, True])
def test_a_cold_build_renders_each_program_in_the_worker_that_checks_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, downloads: bool
) -> None:
    root = make_repo(tmp_path, 3)
    ids, langs = ["p0", "p1", "p2"], ["id", "en"]
    loads = tmp_path / "loads"

    def counted(load: Callable[[Path], Any]) -> Callable[[Path], Any]:
        def loading(path: Path) -> Any:
            with loads.open("a") as out:  # the workers are forked: they write what they load
                out.write(f"{path.parent.name}\n")
            return load(path)

        return loading

    monkeypatch.setattr(generator.project, "load_program", counted(load_program))
    monkeypatch.setattr(
        generator.site.catalogue, "load_with_monitoring", counted(load_with_monitoring)
    )
    monkeypatch.setattr(generator.project, "PARALLEL_FROM", 2)
    monkeypatch.setattr(generator.site.catalogue, "PARALLEL_FROM", 2)
    catalogue = SiteCatalogue(root, root / "programs", None, root / "cache-a", downloads=downloads)
    catalogue.refresh(render_for=langs)
    catalogue.prefetch(langs, ids)
    assert sorted(loads.read_text().split()) == ids, "a program loaded more than once"
    loads.unlink()
    assert catalogue.rendered == len(ids) * len(langs) * (2 if downloads else 1)
    assert catalogue.fresh == {(pid, lang) for pid in ids for lang in langs}

    serial = SiteCatalogue(root, root / "programs", None, root / "cache-b", downloads=downloads)
    serial.refresh()
    rendered = catalogue.rendered
    for pid in ids:
        for lang in langs:
            assert catalogue.page(pid, lang) == serial.page(pid, lang)
    assert catalogue.rendered == rendered, "the pages were in the cache"

    # Checked again with the pages in the cache (a language of messages the checks were not
    # cached in): nothing is rendered.
    monkeypatch.setenv("DAYA_LANG", "en" if ui_language() == "id" else "id")
    again = SiteCatalogue(root, root / "programs", None, root / "cache-a", downloads=downloads)
    again.refresh(render_for=langs)
    assert again.checks["checked"] == len(ids) and again.rendered == 0


def test_generate_skips_unchanged_programs_and_redoes_exactly_the_changed_one(
    tmp_path: Path,
) -> None:

    root = make_repo(tmp_path, 3)

    def generate() -> list[str]:
        result = daya("generate", "--out", "out", "--format", "md", cwd=root)
        assert result.returncode == 0, result.stderr
        return sorted(result.stdout.splitlines())

    first = generate()
    assert all("9 documents" in line for line in first) and len(first) == 3
    plan = root / "out" / "p1" / "plan.md"
    before = plan.stat().st_mtime_ns
    assert all(": unchanged (id)" in line for line in generate()), (
        "an unchanged program was rendered"
    )
    assert plan.stat().st_mtime_ns == before

    changed = root / "programs" / "p1" / "program.yaml"
    changed.write_text(changed.read_text().replace("Program kecil", "Program besar"))
    third = generate()
    assert [line.split(":")[0] for line in third if "9 documents" in line] == ["p1"]
    assert sum(": unchanged" in line for line in third) == 2
    assert "Program besar" in (root / "out" / "p1" / "index.md").read_text()


def test_download_files_are_cached_as_bytes(tmp_path: Path) -> None:
    root = make_repo(tmp_path, 1)
    catalogue = SiteCatalogue(root, root / "programs", None, root / ".daya-cache")
    catalogue.refresh()
    files = catalogue.files("p0", "en")
    assert sorted(files) == ["p0-plan.xlsx", "p0-tor.docx"]
    assert all(data.startswith(b"PK") for data in files.values())
    again = SiteCatalogue(root, root / "programs", None, root / ".daya-cache")
    again.refresh()
    assert again.files("p0", "en") == files and again.rendered == 0
    page = again.page("p0", "en")
    assert "(p0-tor.docx)" in page and "(p0-plan.xlsx)" in page


def test_a_complete_build_leaves_only_what_it_used(tmp_path: Path) -> None:
    root = make_repo(tmp_path, 2)
    folder = root / ".daya-cache"
    first = SiteCatalogue(root, root / "programs", None, folder, downloads=False)
    first.refresh()
    first.page("p0", "id")
    first.page("p1", "id")
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*", "never committed"

    changed = root / "programs" / "p1" / "program.yaml"
    changed.write_text(changed.read_text().replace("Program kecil", "Program besar"))
    second = SiteCatalogue(root, root / "programs", None, folder, downloads=False)
    second.refresh()
    second.page("p0", "id")
    second.page("p1", "id")
    entries = sorted(p.name for p in folder.glob("??/*"))
    assert second.cache.prune() == 2, "p1's old check and old page go"
    assert sorted(p.name for p in folder.glob("??/*")) == sorted(set(entries) & second.cache.used)
    third = SiteCatalogue(root, root / "programs", None, folder, downloads=False)
    third.refresh()
    assert third.page("p1", "id") == second.page("p1", "id")
    assert third.rendered == 0, "what the last build used is still there"


def test_an_edited_monitoring_file_shows_on_the_next_build(tmp_path: Path) -> None:
    """`mkdocs serve` keeps one catalogue and rebuilds on any change under programs/: an edited
    results.csv is seen by the modification-time check and renders the page again, and a
    catalogue made afresh over the same disk cache does not serve the old page."""
    root = make_repo(tmp_path, 1)
    shutil.copytree(REPO / "programs" / "air-bersih-sukamaju", root / "programs" / "air")
    (root / "programs" / "air" / "program.yaml").write_text(
        (REPO / "programs" / "air-bersih-sukamaju" / "program.yaml")
        .read_text(encoding="utf-8")
        .replace("id: air-bersih-sukamaju", "id: air"),
        encoding="utf-8",
    )
    serving = SiteCatalogue(root, root / "programs", None, root / ".daya-cache", downloads=False)
    serving.refresh()
    achieved = '<span class="daya-status" data-status="achieved">Tercapai</span>'
    assert f"1 {achieved}" in serving.page("air", "id")
    assert "1 tercapai · 3 sesuai rencana" in serving.catalogue_page("id")
    rendered = serving.rendered

    results = root / "programs" / "air" / "monitoring" / "results.csv"
    results.write_text(
        results.read_text(encoding="utf-8").replace(",,187,", ",,200,"), encoding="utf-8"
    )
    serving.refresh()
    assert f"2 {achieved}" in serving.page("air", "id"), "OP1.1.1 reached its target"
    assert serving.rendered == rendered + 1, "exactly the edited program is rendered again"
    assert "2 tercapai · 2 sesuai rencana" in serving.catalogue_page("id")
    assert "2 tercapai · 2 sesuai rencana" in serving.portfolio_page("id")

    fresh = SiteCatalogue(root, root / "programs", None, root / ".daya-cache", downloads=False)
    fresh.refresh()
    assert f"2 {achieved}" in fresh.page("air", "id") and fresh.rendered == 0


def spoil(root: Path) -> None:
    """Errors of the kinds a check meets: p1 does not parse (D010); p2 takes p3's id, so its id
    differs from its folder (D110) and p3's id is used twice (D111)."""
    (root / "programs/p1/program.yaml").write_text("id: p1\ntitle: [\n", encoding="utf-8")
    two = root / "programs/p2/program.yaml"
    two.write_text(two.read_text().replace("id: p2", "id: p3"), encoding="utf-8")


def outcome(checked: CheckedProgram) -> tuple[object, ...]:
    """What `daya check` reports of a check, and what the site builds from it."""
    problems = [str(p) for p in checked.problems]
    return (checked.file_name, checked.program_id, checked.language, problems, checked.summary)


def test_checks_in_worker_processes_in_this_process_and_from_the_cache_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = generator.project.PARALLEL_FROM + 2
    root = make_repo(tmp_path, count)
    spoil(root)
    monkeypatch.chdir(root)
    paths = sorted(Path("programs").glob("*/program.yaml"))
    known = method_ids(root / "docs")

    cache = ContentCache(root / ".daya-cache")
    parallel = check_programs(paths, known, None, cache)  # enough to go to worker processes
    assert all(c.loaded is None and not c.from_cache for c in parallel), "not checked in workers"
    again = check_programs(paths, known, None, ContentCache(root / ".daya-cache"))
    assert all(c.from_cache for c in again)
    monkeypatch.setattr(generator.project, "PARALLEL_FROM", 10_000)
    here = check_programs(paths, known, None, ContentCache())
    assert all(c.loaded is not None or c.errors for c in here)

    assert [outcome(c) for c in parallel] == [outcome(c) for c in here]
    assert [outcome(c) for c in again] == [outcome(c) for c in here]
    by_name = {c.file_name: c for c in here}
    assert [p.code for p in by_name["programs/p1/program.yaml"].errors] == ["D010"]
    assert by_name["programs/p0/program.yaml"].summary["id"] == "p0"  # type: ignore[index]


def test_daya_check_and_the_site_share_their_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = generator.project.PARALLEL_FROM + 2
    root = make_repo(tmp_path, count)
    spoil(root)
    cold = daya("check", "--format", "json", cwd=root)
    warm = daya("check", "--format", "json", cwd=root)
    fresh = daya("check", "--format", "json", "--no-cache", cwd=root)
    assert cold.returncode == warm.returncode == fresh.returncode == 1
    assert cold.stdout == warm.stdout == fresh.stdout
    report = json.loads(cold.stdout)
    assert report["summary"]["errors"] == 3  # the id also differs from its folder (D110)
    assert {p["code"] for p in report["problems"]} == {"D010", "D110", "D111"}

    monkeypatch.chdir(root)  # as mkdocs runs: files are named from the project's folder
    site = SiteCatalogue(root, root / "programs", None, root / ".daya-cache", downloads=False)
    site.refresh()
    assert site.checks == {"unchanged": 0, "cached": count, "checked": 0}

    edited = root / "programs/p0/program.yaml"
    edited.write_text(edited.read_text().replace("Program kecil", "Program lain"))
    site.refresh()
    assert site.checks == {"unchanged": count - 1, "cached": 0, "checked": 1}


def test_a_program_replaced_by_a_link_is_checked_not_taken_from_the_cache(tmp_path: Path) -> None:
    root = make_repo(tmp_path, 2)
    assert daya("check", cwd=root).returncode == 0
    program = root / "programs/p0/program.yaml"
    copy = tmp_path / "elsewhere.yaml"
    shutil.copyfile(program, copy)
    program.unlink()
    program.symlink_to(copy)  # the same bytes: the same digest, were links followed
    result = daya("check", cwd=root)
    assert result.returncode == 1
    assert "error[D007] program.yaml is a link" in result.stdout


def test_generate_in_worker_processes_writes_what_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = generator.cli.generate.PARALLEL_FROM + 1
    root = make_repo(tmp_path, count)
    spoil(root)
    monkeypatch.chdir(root)

    def generate(out: str, parallel_from: int) -> list[str]:
        monkeypatch.setattr(generator.cli.generate, "PARALLEL_FROM", parallel_from)
        lines: list[str] = []
        results = check_programs(sorted(Path("programs").glob("*/program.yaml")), None)
        generator.project.check_unique_ids(results)
        code = generator.cli.generate.generate_programs(
            results, out_dir=Path(out), lang=None, templates=None, echo=lines.append
        )
        assert code == 1  # three programs refused
        return [line.replace(out, "OUT") for line in lines]

    parallel = generate("first-out", 1)
    serial = generate("second-out", 10_000)
    assert parallel == serial
    assert sum("not generated" in line for line in parallel) == 3  # p1, p2 and p3, see spoil
    first, second = root / "first-out", root / "second-out"
    written = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert any(p.suffix == ".docx" for p in written)
    for name in written:
        if name.name != ".daya-source":  # it names the folder it was written to
            assert (first / name).read_bytes() == (second / name).read_bytes(), name
