"""What Daya says to the person running it comes in Indonesian or English: the choice of
language (--ui-lang, DAYA_LANG, the locale), the messages catalogue, and the commands in both."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, REPO, daya, write_tree

SUMARY = MINIMAL.replace("title: Program kecil\n", "title: Program kecil\nsumary: Ringkas.\n")
INDONESIAN = "kunci 'sumary' tidak dikenal di tingkat teratas; mungkin maksudnya 'summary'?"
ENGLISH = "unknown key 'sumary' in the top level; did you mean 'summary'?"
LOCALE_VARIABLES = ("DAYA_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def environment(**values: str) -> dict[str, str]:
    """The test's environment with no language setting but `values`."""
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    return {**env, "NO_COLOR": "1", **values}


@pytest.fixture
def sumary(tmp_path: Path) -> Path:
    """A project folder holding one program with a misspelt top-level key."""
    write_tree(tmp_path, {"programs/tiny/program.yaml": SUMARY})
    return tmp_path


# --- The catalogue -------------------------------------------------------------------------------


def placeholders(text: str) -> list[str]:
    """`{key}` and `%(prog)s`/`%s` placeholders, in order of first use."""
    found = re.findall(r"\{(\w*)[^{}]*\}|%\((\w+)\)[sdr]|%[sdr]", text.replace("{{", ""))
    return sorted({"".join(f) if isinstance(f, tuple) else f for f in found})


SAME_IN_INDONESIAN = {("{n} program", "{n} programs")}
"""Messages whose words are the same in Indonesian."""


def test_every_message_has_an_indonesian_translation_and_no_entry_is_stale() -> None:
    """Extraction (every `_m()`/`_mn()` of the package, and argparse's own strings) finds
    exactly the msgids of both catalogues; each Indonesian one is translated and keeps the
    placeholders of its msgid."""
    from babel.messages.pofile import read_po

    from generator.core.locale.update import extract_messages, messages_path

    extracted = {m.id for m in extract_messages() if m.id}
    assert len(extracted) > 200
    for lang in ("id", "en"):
        with messages_path(lang).open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain="messages")
        entries = {m.id: m.string for m in catalog if m.id}
        missing = sorted(map(str, extracted - entries.keys()))
        stale = sorted(map(str, entries.keys() - extracted))
        assert missing == [], f"{lang}: run `python -m generator.core.locale.update`"
        assert stale == [], f"{lang}: run `python -m generator.core.locale.update`"
        for msgid, string in entries.items():
            ids = msgid if isinstance(msgid, tuple) else (msgid,)
            strings = string if isinstance(string, tuple) else (string,)
            assert all(s.strip() for s in strings), f"{lang}: no translation for {msgid!r}"
            for text in strings:
                assert placeholders(text) == placeholders(ids[-1]), (lang, msgid, text)
            words = re.sub(r"\{\w*\}|[^A-Za-z]", "", ids[0])
            if lang == "id" and words and msgid not in SAME_IN_INDONESIAN:
                assert strings[0] not in ids, f"id: {msgid!r} is still English"


def test_a_message_is_translated_then_filled_in() -> None:
    from generator.core.messages import _m

    assert _m("the top level", lang="id") == "tingkat teratas"
    message = "unknown key '{key}' in {where}; did you mean '{suggestion}'?"
    assert _m(message, lang="id", key="sumary", where="x", suggestion="{y}") == (
        "kunci 'sumary' tidak dikenal di x; mungkin maksudnya '{y}'?"
    )
    assert _m(message, lang="en", key="k", where="w", suggestion="s") == (
        "unknown key 'k' in w; did you mean 's'?"
    )


# --- Which language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "id_ID.UTF-8"}, "id"),
        ({"LANG": "in_ID"}, "id"),
        ({"LANG": "id"}, "id"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "id_ID.UTF-8"}, "id"),
        ({"LANG": "id_ID.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LC_MESSAGES": "id_ID.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "id:en"}, "id"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "fr:id_ID"}, "id"),
        ({"LANG": "C", "LANGUAGE": "id"}, "en"),  # GNU gettext ignores LANGUAGE under C
        ({"LANG": "C.UTF-8", "LANGUAGE": "id"}, "en"),
        ({"LANGUAGE": "id"}, "en"),
        ({"DAYA_LANG": "id", "LANG": "en_US.UTF-8"}, "id"),
        ({"DAYA_LANG": "en", "LC_ALL": "id_ID.UTF-8", "LANGUAGE": "id"}, "en"),
        ({"DAYA_LANG": "id_ID", "LANG": "C"}, "id"),
        ({"DAYA_LANG": "fr", "LANG": "id_ID.UTF-8"}, "id"),  # not a language of Daya: ignored
        ({"DAYA_LANG": "", "LANG": "id_ID.UTF-8"}, "id"),
    ],
)
def test_the_language_comes_from_daya_lang_then_the_locale_then_english(
    env: dict[str, str], expected: str
) -> None:
    from generator.core.messages import language_from_environment

    assert language_from_environment(env) == expected


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check"], None),
        (["--ui-lang", "id", "check"], "id"),
        (["check", "--ui-lang", "en", "x"], "en"),
        (["--ui-lang=id", "check"], "id"),
        (["--ui-lang", "xx", "check"], None),  # argparse refuses it
        (["check", "--", "--ui-lang", "id"], None),  # a file named --ui-lang
    ],
)
def test_the_option_is_found_before_or_after_the_command(
    argv: list[str], expected: str | None
) -> None:
    from generator.cli.main import requested_language

    assert requested_language(argv) == expected


# --- daya check -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--ui-lang", "id", "check"], {}, INDONESIAN),
        (["check", "--ui-lang", "id"], {"LANG": "en_US.UTF-8"}, INDONESIAN),
        (["check"], {"LANG": "id_ID.UTF-8"}, INDONESIAN),
        (["check"], {"DAYA_LANG": "id", "LANG": "C"}, INDONESIAN),
        (["check"], {"LANG": "en_US.UTF-8"}, ENGLISH),
        (["check"], {"LANG": "C"}, ENGLISH),
        (["check"], {}, ENGLISH),
        (["--ui-lang", "en", "check"], {"DAYA_LANG": "id", "LANG": "id_ID.UTF-8"}, ENGLISH),
    ],
)
def test_check_speaks_the_chosen_language(
    sumary: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    done = daya(*args, "programs/tiny", cwd=sumary, env=environment(**env))
    assert done.returncode == 1, done.stderr
    assert f"programs/tiny/program.yaml:5:1: error[D021] {message}" in done.stdout.splitlines()
    summary = done.stdout.splitlines()[-1]
    if message == INDONESIAN:
        assert summary == "1 program diperiksa: 1 kesalahan, 0 peringatan"
    else:
        assert summary == "1 program checked: 1 error, 0 warnings"


def test_check_words_logic_problems_json_and_annotations_in_indonesian(tmp_path: Path) -> None:
    late = MINIMAL.replace("end: 2026-05-31", "end: 2027-02-28")
    write_tree(tmp_path, {"programs/tiny/program.yaml": late})
    env = environment(DAYA_LANG="id")
    done = daya("check", "programs/tiny", cwd=tmp_path, env=env)
    assert (
        "error[D104] kegiatan A1.1.1 berakhir setelah program selesai (2027-02-28 > 2026-12-31); "
        "pindahkan ke dalam periode program atau ubah period.end"
    ) in done.stdout
    done = daya("check", "--format", "github", "programs/tiny", cwd=tmp_path, env=env)
    assert "title=D104::kegiatan A1.1.1 berakhir setelah program selesai" in done.stdout
    done = daya("check", "--format", "json", "programs/tiny", cwd=tmp_path, env=env)
    assert '"message": "kegiatan A1.1.1 berakhir setelah' in done.stdout


def test_usage_errors_and_refusals_are_indonesian(tmp_path: Path) -> None:
    env = environment(LANG="id_ID.UTF-8")
    done = daya("check", "--format", "xml", cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert "penggunaan: daya check" in done.stderr
    assert "argumen --format: pilihan tidak valid: 'xml'" in done.stderr
    done = daya("check", cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert done.stderr.startswith("tidak ada program (dan tidak ada buku panduan)")
    done = daya("generate", "--ui-lang", "id", "--format", "pdf", cwd=tmp_path, env=environment())
    assert done.returncode == 2
    assert "'pdf': pilih dari md, docx, xlsx, dipisahkan koma" in done.stderr


# --- daya --help ------------------------------------------------------------------------------------


def test_help_is_indonesian(tmp_path: Path) -> None:
    done = daya("--ui-lang", "id", "--help", cwd=tmp_path, env=environment())
    assert done.returncode == 0
    out = done.stdout
    assert out.startswith("penggunaan: daya [-h]")
    assert "Daya: periksa program pengembangan masyarakat" in out
    assert "tampilkan pesan bantuan ini lalu keluar" in out
    assert "show this help message" not in out and "usage:" not in out
    done = daya("check", "--help", cwd=tmp_path, env=environment(LANG="id_ID.UTF-8"))
    assert "anggap peringatan sebagai kegagalan" in done.stdout
    assert "treat warnings" not in done.stdout
    english = daya("--help", cwd=tmp_path, env=environment(LANG="C"))
    assert english.stdout.startswith("usage: daya [-h]")
    assert "--ui-lang {id,en}" in english.stdout


# --- daya generate ------------------------------------------------------------------------------


def test_generate_says_what_it_wrote_in_indonesian(tmp_path: Path) -> None:
    write_tree(tmp_path, {"programs/tiny/program.yaml": MINIMAL})
    env = environment(DAYA_LANG="id")
    done = daya("generate", "--format", "md", "--lang", "en", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert "tiny: 9 dokumen (en) → build/programs/tiny" in done.stdout
    done = daya("generate", "--format", "md", "--lang", "en", cwd=tmp_path, env=env)
    assert "tiny: tidak berubah (en) → build/programs/tiny" in done.stdout


# --- daya new ---------------------------------------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "programs" / "air-bersih-sukamaju", tmp_path / "programs" / "existing")
    return tmp_path


def daya_new_typed(workspace: Path, *args: str, env: dict[str, str]) -> str:
    """`daya new` answering every question with Enter (the defaults), input piped."""
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", *args, "new"],
        cwd=workspace,
        input="\n" * 12,
        capture_output=True,
        text=True,
        timeout=300,
        env={**env, "HOME": str(workspace / "home"), "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_new_asks_its_questions_in_indonesian(workspace: Path) -> None:
    out = daya_new_typed(workspace, "--ui-lang", "id", env=environment(LANG="en_US.UTF-8"))
    assert "Pilih templat program" in out
    assert "basic (program umum, satu tujuan dan dua hasil)" in out
    assert "Judul program" in out and "Tanggal mulai (TTTT-BB-HH)" in out
    assert "Program title" not in out and "Select a template" not in out
    assert "Memeriksa program baru dengan Daya" in out
    assert "1 program diperiksa: 0 kesalahan" in out
    assert "Langkah berikutnya:" in out


@pytest.mark.slow
def test_new_asks_its_questions_in_english(workspace: Path) -> None:
    out = daya_new_typed(workspace, env=environment(LANG="C"))
    assert "Choose a program template" in out
    assert "basic (generic program, one goal and two outcomes)" in out
    assert "Program title" in out and "Start date (YYYY-MM-DD)" in out
    assert "Judul program" not in out
    assert "Checking the new program with Daya" in out
    assert "Next:" in out
