"""Files that are not files, output folders Daya did not write, links, and interrupted writes.

Daya reads only regular files, never follows a link out of the place it was asked to read or
write, and never deletes or overwrites a file it did not write. Each case here lost data, hung
or printed a traceback before the reliability work of issue 13.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.cli.output_folder import write_program_files
from generator.errors import DayaError
from tests.conftest import MINIMAL, REPO, daya, write_tree

P = "programs/tiny/program.yaml"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (links as their target), to compare before and after."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            found[rel] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            found[rel] = path.read_bytes()
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_tree(tmp_path, {P: MINIMAL, "programs/tiny/data/baseline.csv": "desa,nilai\nA,1\n"})
    return tmp_path


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr


# --- --out over folders Daya did not write -----------------------------------------------------


def test_generate_into_the_programs_folder_keeps_the_programs(project: Path) -> None:
    before = tree(project / "programs")
    result = daya("generate", "programs", "--out", "programs", cwd=project)
    assert result.returncode == 1
    no_traceback(result)
    assert (
        "programs/tiny: this folder holds the program itself (program.yaml); "
        "choose another --out, such as build/programs"
    ) in result.stdout + result.stderr
    assert tree(project / "programs") == before


def test_generate_over_a_folder_daya_did_not_write_leaves_it_alone(project: Path) -> None:
    write_tree(project, {"out/tiny/notes.txt": "my notes\n"})
    result = daya("generate", "--out", "out", "--format", "md", cwd=project)
    assert result.returncode == 1
    no_traceback(result)
    assert (
        "out/tiny: this folder was not written by Daya (it has no .daya-source), so Daya will "
        "not replace it; move it away or choose another --out"
    ) in result.stdout
    assert tree(project / "out") == {"tiny/notes.txt": b"my notes\n"}


def test_a_file_added_to_an_output_folder_is_not_deleted(project: Path) -> None:
    assert daya("generate", "--out", "out", "--format", "md", cwd=project).returncode == 0
    (project / "out" / "tiny" / "notes.txt").write_text("my notes\n")
    changed = project / P
    changed.write_text(MINIMAL.replace("Program kecil", "Program besar"))
    result = daya("generate", "--out", "out", "--format", "md", cwd=project)
    assert result.returncode == 1
    no_traceback(result)
    assert (
        "out/tiny: notes.txt was not written by Daya, so Daya will not replace the folder; "
        "move the file away or choose another --out"
    ) in result.stdout
    assert (project / "out" / "tiny" / "notes.txt").read_text() == "my notes\n"


def test_out_that_is_a_file_or_cannot_be_written(project: Path) -> None:
    (project / "out").write_text("a file\n")
    result = daya("generate", "--out", "out", cwd=project)
    assert result.returncode == 1
    no_traceback(result)
    assert "--out out: this is a file, not a folder; choose a folder" in result.stderr
    assert (project / "out").read_text() == "a file\n"

    result = daya("generate", "--out", "/sys/daya-out", cwd=project)
    assert result.returncode == 1
    no_traceback(result)
    assert "--out /sys/daya-out: the folder cannot be written" in result.stderr


def test_output_folders_follow_the_umask(project: Path) -> None:
    old = os.umask(0o022)
    try:
        assert daya("generate", "--out", "out", "--format", "md", cwd=project).returncode == 0
    finally:
        os.umask(old)
    mode = stat.S_IMODE((project / "out" / "tiny").stat().st_mode)
    assert mode == 0o755, oct(mode)
    assert stat.S_IMODE((project / "out" / "tiny" / "plan.md").stat().st_mode) == 0o644


def test_a_deleted_or_edited_output_is_written_again(project: Path) -> None:
    assert daya("generate", "--out", "out", "--format", "md", cwd=project).returncode == 0
    plan = project / "out" / "tiny" / "plan.md"
    original = plan.read_text()
    plan.unlink()
    result = daya("generate", "--out", "out", "--format", "md", cwd=project)
    assert result.returncode == 0 and "unchanged" not in result.stdout, result.stdout
    assert plan.read_text() == original
    plan.write_text("edited by hand\n")
    result = daya("generate", "--out", "out", "--format", "md", cwd=project)
    assert "unchanged" not in result.stdout and plan.read_text() == original
    result = daya("generate", "--out", "out", "--format", "md", cwd=project)
    assert "tiny: unchanged (id)" in result.stdout
    result = daya("generate", "--out", "out", "--format", "md", "--force", cwd=project)
    assert result.returncode == 0 and "9 documents" in result.stdout


def test_a_killed_run_leaves_nothing_for_good(project: Path) -> None:
    """A run killed mid-write leaves its staging folder; the next run clears it."""
    dead = subprocess.Popen(["true"])
    dead.wait()
    leftover = project / "out" / f".tiny.{dead.pid}.daya-new"
    write_tree(leftover, {"tiny-kak.docx": b"PK\x03\x04 truncated"})
    assert daya("generate", "--out", "out", "--format", "md", cwd=project).returncode == 0
    assert sorted(p.name for p in (project / "out").iterdir()) == ["tiny"]


def test_two_writers_of_one_program_do_not_collide(tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        for i in range(25):
            files = {"index.md": f"writer {n}, round {i}\n", "plan.md": "x\n" * 1000}
            try:
                write_program_files(tmp_path, "tiny", files, f"{n}-{i}", "id")
            except BaseException as exc:  # noqa: BLE001 - every failure is a finding here
                errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny"], "no staging folder is left"
    names = sorted(p.name for p in (tmp_path / "tiny").iterdir())
    assert names == [".daya-source", "index.md", "plan.md"]


def test_an_output_path_that_is_a_link_is_not_followed(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    write_tree(elsewhere, {"keep.txt": "keep\n"})
    (project / "out").mkdir()
    (project / "out" / "tiny").symlink_to(elsewhere, target_is_directory=True)
    result = daya("generate", "--out", "out", "--format", "md", cwd=project)
    assert result.returncode == 1
    no_traceback(result)
    assert "out/tiny: this is a link" in result.stdout
    assert tree(elsewhere) == {"keep.txt": b"keep\n"}


# --- Program files that are not regular files ------------------------------------------------


@pytest.mark.parametrize(
    ("case", "make", "expected"),
    [
        (
            "a link to /dev/zero",
            lambda path: path.symlink_to("/dev/zero"),
            "error[D007] program.yaml is a link; Daya reads only regular files, so copy the "
            "program here instead of linking to it",
        ),
        (
            "a FIFO",
            lambda path: os.mkfifo(path),
            "error[D007] program.yaml is a FIFO, not a regular file; a program is a plain text "
            "file",
        ),
        (
            "a link loop",
            lambda path: (
                (path.parent / "a").symlink_to("b"),
                (path.parent / "b").symlink_to("a"),
                path.symlink_to("a"),
            ),
            "error[D007] program.yaml is a link; Daya reads only regular files",
        ),
        (
            "a link to itself",
            lambda path: path.symlink_to("program.yaml"),
            "error[D007] program.yaml is a link; Daya reads only regular files",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and not v.startswith("error") else "",
)
def test_a_program_file_that_is_not_a_regular_file(tmp_path: Path, case, make, expected) -> None:
    path = tmp_path / P
    path.parent.mkdir(parents=True)
    make(path)
    for args in [("check",), ("check", P), ("generate", "--out", "out")]:
        result = daya(*args, cwd=tmp_path, timeout=30)
        no_traceback(result)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert f"{P}:1:1: {expected}" in result.stdout, (args, result.stdout)
    assert not (tmp_path / "out").exists()


def test_a_program_folder_that_is_a_link(tmp_path: Path) -> None:
    write_tree(tmp_path, {"elsewhere/program.yaml": MINIMAL})
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "tiny").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = daya("check", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 1
    assert (
        f"{P}:1:1: error[D007] the folder programs/tiny is a link; keep each program in a "
        "folder of its own inside programs/"
    ) in result.stdout


# --- daya stamp ------------------------------------------------------------------------------


def test_stamp_does_not_write_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: x\n---\n\nSomeone else's file.\n")
    write_tree(tmp_path / "repo", {"mkdocs.yml": "site_name: t\n", "docs/page.md": "# Halaman\n"})
    (tmp_path / "repo" / "docs" / "page.en.md").symlink_to(outside)
    before = outside.read_bytes()
    result = daya("stamp", "docs/page.en.md", cwd=tmp_path / "repo")
    no_traceback(result)
    assert result.returncode == 1
    assert (
        "docs/page.en.md is a link; Daya does not write through links, so replace it with the "
        "page itself"
    ) in result.stderr
    assert outside.read_bytes() == before


# --- Templates given with --templates ----------------------------------------------------------


def test_a_template_that_links_out_of_its_folder_is_refused(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "plan.md.j2").symlink_to("/etc/passwd")
    result = daya("generate", "--out", "out", "--templates", "templates", cwd=project)
    no_traceback(result)
    assert result.returncode == 1
    assert (
        "templates/plan.md.j2 is a link; templates must be regular files inside the "
        "templates folder"
    ) in result.stdout
    assert not (project / "out").exists()


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            "# Plan\n\n{{ 1 // 0 }}\n",
            "plan.md.j2:3: the template failed: integer division or modulo by zero",
        ),
        (
            "{% macro f(n) %}{{ f(n) }}{% endmacro %}\n{{ f(1) }}\n",
            "plan.md.j2:1: the template calls itself without end (recursion); check its macros",
        ),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
            "plan.md.j2:1: the template does too much work (more than 10,000,000 steps); "
            "check its loops",
        ),
        (
            "{{ 'x' * 100000000000 }}\n",
            "plan.md.j2:1: the template tried something the sandbox forbids (a value of more "
            "than 10,000,000 characters or digits)",
        ),
        (
            "{{ 10 ** 100000000 }}\n",
            "plan.md.j2:1: the template tried something the sandbox forbids (a value of more "
            "than 10,000,000 characters or digits)",
        ),
    ],
    ids=["division by zero", "recursion", "huge loop", "huge string", "huge power"],
)
def test_a_template_that_fails_at_run_time_is_a_located_error(
    project: Path, template: str, expected: str
) -> None:
    write_tree(project, {"templates/plan.md.j2": template})
    result = daya("generate", "--out", "out", "--templates", "templates", cwd=project, timeout=90)
    no_traceback(result)
    assert result.returncode == 1
    assert expected in result.stdout, result.stdout
    assert not (project / "out").exists()


# --- The cache folder --------------------------------------------------------------------------


def test_prune_deletes_only_entries_the_cache_wrote(tmp_path: Path) -> None:
    from generator.cache import ContentCache

    outside = tmp_path / "precious"
    write_tree(outside, {"a.txt": "keep\n", "ab/b.txt": "keep\n"})
    folder = tmp_path / ".daya-cache"
    cache = ContentCache(folder)
    cache.put("ab" + "0" * 62, {"x": 1})
    (folder / "cd").symlink_to(outside, target_is_directory=True)
    (folder / "ab" / ("ab" + "1" * 62)).symlink_to(outside / "a.txt")
    (folder / "ab" / "notes.txt").write_text("mine\n")
    ContentCache(folder).prune()
    assert tree(outside) == {"a.txt": b"keep\n", "ab/b.txt": b"keep\n"}
    assert (folder / "ab" / "notes.txt").read_text() == "mine\n"
    assert not (folder / "ab" / ("ab" + "0" * 62)).exists(), "its own old entry goes"


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    from generator.cache import ContentCache

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (tmp_path / ".daya-cache").symlink_to(outside, target_is_directory=True)
    cache = ContentCache(tmp_path / ".daya-cache")
    cache.put("ab" + "0" * 62, "value")
    assert list(outside.iterdir()) == []
    assert cache.get("ab" + "0" * 62) == "value", "kept in memory"


def test_cache_entries_of_the_wrong_shape_or_tampered_are_not_served(tmp_path: Path) -> None:
    from generator.site.catalogue import SiteCatalogue
    from tests.test_cache import make_repo

    root = make_repo(tmp_path, 1)
    folder = root / ".daya-cache"
    first = SiteCatalogue(root, root / "programs", None, folder, downloads=False)
    first.refresh()
    page = first.page("p0", "id")
    entries = sorted(p for p in folder.glob("??/*"))
    assert len(entries) == 2  # the check and the page
    for entry in entries:  # a planted page and a check result of another shape
        text = entry.read_text(encoding="utf-8")
        entry.write_text(text.replace("Program kecil", "<script>alert(1)</script>"))
    second = SiteCatalogue(root, root / "programs", None, folder, downloads=False)
    second.refresh()
    assert second.page("p0", "id") == page
    assert second.rendered == 1, "the tampered page was rendered again, not served"
    # Entries of another shape, even signed by this machine (an older Daya, a bug): a miss.
    third = SiteCatalogue(root, root / "programs", None, folder, downloads=False)
    for entry in sorted(p for p in folder.glob("??/*")):
        third.cache.put(entry.name, {"problems": [{"nonsense": True}], "summary": 3})
    third.cache.memory.clear()
    third.refresh()  # must not crash
    assert third.page("p0", "id") == page
    assert third.rendered == 1


# --- Anything unexpected: one line, and --debug for the details --------------------------------


def test_an_unexpected_failure_is_one_line_naming_the_file(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug in Daya (simulated: the budget check raises) reaches the user as one line."""
    from generator import cli
    from generator.core import checks

    def broken(loaded):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(checks, "check_budget_balances", broken)
    monkeypatch.chdir(project)
    assert cli.main(["check"]) == 3
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        f"daya: internal error while working on {P} (ZeroDivisionError: division by zero). This is "
        "a bug in Daya: please report it with the command you ran and this file. "
        "Run again with --debug to see the details."
    ]
    assert cli.main(["--debug", "check"]) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "ZeroDivisionError" in err


def test_messages_cannot_drive_the_terminal(tmp_path: Path) -> None:
    """A folder name with an escape sequence is printed as text, not obeyed."""
    folder = tmp_path / "programs" / "evil\x1b[2J"
    write_tree(folder, {"program.yaml": MINIMAL.replace("id: tiny", "id: evil")})
    result = daya("check", cwd=tmp_path)
    assert "\x1b" not in result.stdout + result.stderr
    assert "evil\\x1b[2J" in result.stdout


def test_broken_pipe_is_quiet(project: Path) -> None:
    """`daya check | head` stops reading early: no traceback about the closed pipe."""
    many = "".join(
        f"            - {{id: A{n}, title: Kegiatan, start: 2026-02-01, end: 2026-05-31}}\n"
        for n in range(400)
    )
    (project / P).write_text(
        MINIMAL.replace("          activities:\n", "          activities:\n" + many)
    )
    result = subprocess.run(
        f"{sys.executable} -m generator.cli check --format json | head -c 1",
        shell=True,
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_write_program_files_refuses_an_unsafe_name(tmp_path: Path) -> None:
    with pytest.raises(DayaError):
        write_program_files(tmp_path, "tiny", {"../escape.md": "x"}, "k", "id")
    assert not (tmp_path / "escape.md").exists()
    assert REPO.exists()


def test_an_unexpected_failure_in_the_site_plugin_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs prints a PluginError as one line; anything else would be a traceback."""
    from mkdocs.exceptions import PluginError

    from generator import project
    from generator.site.plugin import DayaPlugin

    write_tree(tmp_path, {P: MINIMAL, "mkdocs.yml": "site_name: t\n"})

    def broken(loaded, known):  # type: ignore[no-untyped-def]
        raise KeyError("summary")

    monkeypatch.setattr(project, "check_program", broken)
    monkeypatch.chdir(tmp_path)
    plugin = DayaPlugin()
    errors, _ = plugin.load_config({"programs_dir": "programs", "cache_dir": ""})
    assert errors == []
    plugin.root = tmp_path
    with pytest.raises(PluginError) as caught:
        plugin.load_programs()
    assert str(caught.value).splitlines() == [
        f"daya (site plugin): internal error while working on {P} (KeyError: 'summary'). "
        "This is a bug in Daya: please report it with the command you ran and this file. "
        "Run mkdocs with --verbose to see the details."
    ]


def test_a_file_the_machine_refuses_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    result = daya("schema", "--out", "taken", cwd=tmp_path)
    assert result.returncode == 1
    no_traceback(result)
    assert result.stderr.strip() == "daya: taken: Is a directory"


def test_long_commands_show_progress_on_a_terminal_and_nothing_in_a_log(tmp_path: Path) -> None:
    """Twelve programs: `daya check` draws rich's bar on a terminal (a pseudo-terminal here)
    and prints no bar into a pipe; the report is the same."""
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import MINIMAL, daya, write_tree

    files = {
        f"programs/tiny{n}/program.yaml": MINIMAL.replace("id: tiny", f"id: tiny{n}", 1)
        for n in range(12)
    }
    write_tree(tmp_path, files)
    piped = daya("check", "programs", cwd=tmp_path, env={**os.environ, "DAYA_LANG": "en"})
    assert "12 programs checked" in piped.stdout
    assert "Checking" not in piped.stderr and "━" not in piped.stderr

    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(DAYA_LANG="en", COLUMNS="100", TERM="xterm")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "check", "programs"],
        cwd=tmp_path,
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    stdout, _ = process.communicate(timeout=120)
    os.close(leader)
    assert process.returncode == 0
    assert b"12 programs checked" in stdout
    assert b"Checking" in drawn, drawn[-500:]
