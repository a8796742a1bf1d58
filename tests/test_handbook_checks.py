"""Broken handbook pages, each written next to the exact message `daya check` must give."""

from __future__ import annotations

import codecs
import hashlib
import json
import textwrap
from pathlib import Path

import pytest

from generator.cli import main
from generator.handbook.lint import RULES, check_handbook
from generator.handbook.pages import source_hash
from tests.conftest import REPO, write_tree

# One sentence of nine words; pages repeat it to reach the minimum length without noise.
SENTENCE = "Warga desa menyusun rencana bersama pendamping dan perangkat desa."
CARD_TEXT = " ".join([SENTENCE] * 10)  # 90 words a section, 7 sections: enough for a card
PAGE_TEXT = " ".join([SENTENCE] * 52)  # 468 words: enough for a page

# A clean handbook: a home page, a method card and a section page, each in both languages.
# `translated_from: STAMP` becomes the hash of the Indonesian page as written (a translation
# made from it); OLDSTAMP the hash of the Indonesian page in BASE (made before a case's edit).
BASE_TREE: dict[str, str] = {
    "mkdocs.yml": "site_name: Test\n",
    "docs/index.md": """\
        # Daya

        Buku panduan untuk pengelola program.
        """,
    "docs/index.en.md": """\
        ---
        translated_from: STAMP
        ---

        # Daya

        A handbook for program managers.
        """,
    "docs/methods/fgd.md": f"""\
        ---
        id: fgd
        title: Diskusi Kelompok Terarah
        stage: [assess, evaluate]
        purpose: Menggali pandangan sebuah kelompok tentang satu topik.
        time_required: 2 jam
        group_size: 6–10 orang
        materials: [kertas plano, spidol]
        difficulty: easy
        related: []
        sources:
          - "Krueger, R. A. (2015). Focus Groups."
        ---

        # Diskusi Kelompok Terarah

        ## Apa itu

        {CARD_TEXT}

        ## Kapan digunakan

        {CARD_TEXT}

        ## Langkah-langkah

        {CARD_TEXT}

        ## Tips dan jebakan

        {CARD_TEXT}

        ## Di Indonesia

        {CARD_TEXT}

        ## Contoh

        {CARD_TEXT}

        ## Contoh hasil

        {CARD_TEXT}

        | Dusun | Peserta |
        |---|---:|
        | Cikoneng | 12 |

        ## Lembar kerja

        {CARD_TEXT}

        | Pertanyaan | Catatan |
        |---|---|
        | … | … |

        ## Sumber

        - Krueger, R. A. (2015). Focus Groups.
        """,
    "docs/methods/fgd.en.md": f"""\
        ---
        id: fgd
        title: Focus Group Discussion
        stage: [assess, evaluate]
        purpose: To explore a group's views on one topic.
        time_required: 2 hours
        group_size: 6–10 people
        materials: [flipchart paper, markers]
        difficulty: easy
        related: []
        sources:
          - "Krueger, R. A. (2015). Focus Groups."
        translated_from: STAMP
        ---

        # Focus Group Discussion

        ## What it is

        {CARD_TEXT}

        ## When to use it

        {CARD_TEXT}

        ## Steps

        {CARD_TEXT}

        ## Tips and pitfalls

        {CARD_TEXT}

        ## In Indonesia

        {CARD_TEXT}

        ## Example

        {CARD_TEXT}

        ## Sample output

        {CARD_TEXT}

        ```mermaid
        flowchart LR
          A["Question"] --> B["Answer"]
        ```

        ## Worksheet

        {CARD_TEXT}

        | Question | Notes |
        |---|---|
        | … | … |

        ## Sources

        - Krueger, R. A. (2015). Focus Groups.
        """,
    "docs/roles/index.md": f"""\
        ---
        title: Peran
        ---

        # Peran

        {PAGE_TEXT}

        ```yaml
        # not a heading: code blocks are skipped
        ```

        ## Sumber

        - Adi, I. R. (2013). Intervensi Komunitas.
        """,
    "docs/roles/index.en.md": f"""\
        ---
        title: Roles
        translated_from: STAMP
        ---

        # Roles

        {PAGE_TEXT}

        ```yaml
        # not a heading: code blocks are skipped
        ```

        ## Sources

        - Adi, I. R. (2013). Intervensi Komunitas.
        """,
    "docs/javascripts/mermaid.min.js": "// assets are not pages\n",
}

BASE = {name: textwrap.dedent(text) for name, text in BASE_TREE.items()}

ID_CARD = "docs/methods/fgd.md"
EN_CARD = "docs/methods/fgd.en.md"
ID_PAGE = "docs/roles/index.md"
EN_PAGE = "docs/roles/index.en.md"


def write_handbook(root: Path, changes: dict[str, list[tuple[str, str]] | str | None]) -> Path:
    """Write BASE into root with `changes`: (old, new) edits, a whole new text, or None to delete.

    Then replace OLDSTAMP and STAMP by the hash of the English page's Indonesian page as in
    BASE and as written, so only the cases about drift see any.
    """
    files = dict(BASE)
    for name, change in changes.items():
        if change is None:
            del files[name]
        elif isinstance(change, str):
            files[name] = textwrap.dedent(change)
        else:
            for old, new in change:
                assert old in files[name], f"{old!r} is not in {name}"
                files[name] = files[name].replace(old, new, 1)
    for name, text in files.items():
        source = name.replace(".en.md", ".md")
        if name.endswith(".en.md") and source in files:
            text = text.replace("OLDSTAMP", source_hash(BASE.get(source, "")))
            files[name] = text.replace("STAMP", source_hash(files[source]))
    write_tree(root, files)
    return root / "docs"


T = CARD_TEXT
ADI = "- Adi, I. R. (2013). Intervensi Komunitas.\n"
ALL_CARD_SECTIONS_EN = (
    "What it is, When to use it, Steps, Tips and pitfalls, In Indonesia, Example, Sample output, "
    "Worksheet, Sources"
)

# (case, changes to BASE, the exact message expected among the problems)
CASES = [
    # D408: house style
    (
        "money with a space",
        {ID_PAGE: [("# Peran\n", "# Peran\n\nBiayanya Rp 1.500.000 per angkatan.\n")]},
        f"{ID_PAGE}:7:10: warning[D408] 'Rp 1' is not the house style; write Rp1.500.000 (see "
        "the style page, docs/guide/style.md)",
    ),
    (
        "a spelling outside KBBI",
        {ID_PAGE: [("# Peran\n", "# Peran\n\nAir mengalir dari kran umum.\n")]},
        f"{ID_PAGE}:7:19: warning[D408] 'kran' is not the house style; write keran (see the "
        "style page, docs/guide/style.md)",
    ),
    (
        "a relative-clause calque",
        {ID_PAGE: [("# Peran\n", "# Peran\n\nIa datang ke balai desa, di mana rapat digelar.\n")]},
        f"{ID_PAGE}:7:24: warning[D408] ', di mana' is not the house style; write tempat …, "
        "yang …, atau kalimat baru (see the style page, docs/guide/style.md)",
    ),
    (
        "Musrenbangdes",
        {ID_PAGE: [("# Peran\n", "# Peran\n\nUsulan dibawa ke Musrenbangdes.\n")]},
        f"{ID_PAGE}:7:18: warning[D408] 'Musrenbangdes' is not the house style; write "
        "Musrenbang Desa (see the style page, docs/guide/style.md)",
    ),
    (
        "a second label for illustrations",
        {ID_PAGE: [("# Peran\n", "# Peran\n\n(Ilustratif.) Sebuah desa di Maluku.\n")]},
        f"{ID_PAGE}:7:1: warning[D408] '(Ilustratif.)' is not the house style; write Ilustrasi: "
        "(see the style page, docs/guide/style.md)",
    ),
    # D409: a card that shows nothing
    (
        "a worksheet without a table",
        {ID_CARD: [("| Pertanyaan | Catatan |\n|---|---|\n| … | … |\n", "")]},
        f"{ID_CARD}:49:1: error[D409] '## Lembar kerja' shows nothing a reader can see or "
        "print; add a table (a filled sample, or a form with empty cells) or a Mermaid diagram",
    ),
    (
        "a sample output without a table or a diagram",
        {EN_CARD: [('```mermaid\nflowchart LR\n  A["Question"] --> B["Answer"]\n```\n', "")]},
        f"{EN_CARD}:42:1: error[D409] '## Sample output' shows nothing a reader can see or "
        "print; add a table (a filled sample, or a form with empty cells) or a Mermaid diagram",
    ),
    # D400: unreadable page
    (
        "front-matter that is not YAML",
        {ID_PAGE: [("title: Peran", "title: Peran: tugas")]},
        f"{ID_PAGE}:2:13: error[D400] the front-matter is not valid YAML: YAML syntax error: "
        "a ':' is in an unexpected place; put text containing ': ' in quotes or fix the "
        "indentation of this line",
    ),
    # D401: method card front-matter
    (
        "front-matter: value not allowed",
        {ID_CARD: [("difficulty: easy", "difficulty: sedang")]},
        f"{ID_CARD}:9:13: error[D401] difficulty: 'sedang' is not allowed; "
        "use one of: easy, medium, hard",
    ),
    (
        "front-matter: stage not allowed",
        {EN_CARD: [("stage: [assess, evaluate]", "stage: [assess, evaluation]")]},
        f"{EN_CARD}:4:17: error[D401] stage[1]: 'evaluation' is not allowed; did you mean "
        "'evaluate'? use one of: assess, plan, implement, monitor, evaluate, learn",
    ),
    (
        "front-matter: unknown field",
        {ID_CARD: [("title:", "titel:")]},
        f"{ID_CARD}:3:1: error[D401] unknown field 'titel'; did you mean 'title'?",
    ),
    (
        "front-matter: missing field",
        {ID_CARD: [("purpose: Menggali pandangan sebuah kelompok tentang satu topik.\n", "")]},
        f"{ID_CARD}:1:1: error[D401] missing field 'purpose'; add it to the front-matter",
    ),
    (
        "front-matter: empty stage",
        {ID_CARD: [("stage: [assess, evaluate]", "stage: []")]},
        f"{ID_CARD}:4:8: error[D401] stage is empty; list at least one of: "
        "assess, plan, implement, monitor, evaluate, learn",
    ),
    (
        "front-matter: sources written but empty",
        {ID_CARD: [('  - "Krueger, R. A. (2015). Focus Groups."\n', "")]},
        f"{ID_CARD}:11:9: error[D401] sources is empty; fill it in",
    ),
    (
        "front-matter: a number where text belongs",
        {EN_CARD: [("time_required: 2 hours", "time_required: 2")]},
        f"{EN_CARD}:6:16: error[D401] time_required should be text, not 2; put it in quotes",
    ),
    (
        "front-matter: translated_from only on the English card",
        {ID_CARD: [("related: []", "related: []\ntranslated_from: abc123abc123")]},
        f"{ID_CARD}:11:1: error[D401] unknown field 'translated_from'; allowed: "
        "id, title, stage, purpose, time_required, group_size, materials, difficulty, "
        "related, sources",
    ),
    (
        "front-matter: id differs from the file name",
        {ID_CARD: [("id: fgd", "id: diskusi-kelompok")]},
        f"{ID_CARD}:2:1: error[D401] id 'diskusi-kelompok' must equal the file name 'fgd'; "
        "set id: fgd (or rename the file, and every program citing the old id)",
    ),
    (
        "front-matter: unknown related id",
        {EN_CARD: [("related: []", "related: [fdg]")]},
        f"{EN_CARD}:10:11: error[D401] related: 'fdg' is not a method card in docs/methods/; "
        "did you mean 'fgd'?",
    ),
    # D402: method card sections
    (
        "section missing",
        {ID_CARD: [(f"## Contoh\n\n{T}\n\n", "")]},
        f"{ID_CARD}:37:1: error[D402] the card has no '## Contoh' section; "
        "add it after '## Di Indonesia'",
    ),
    (
        "sections in the wrong order",
        {
            EN_CARD: [
                (f"## When to use it\n\n{T}\n\n## Steps", f"## Steps\n\n{T}\n\n## When to use it")
            ]
        },
        f"{EN_CARD}:26:1: error[D402] '## When to use it' comes after '## Steps' (line 22); "
        f"a card's sections go in this order: {ALL_CARD_SECTIONS_EN}",
    ),
    (
        "section heading with a typo",
        {ID_CARD: [("## Tips dan jebakan", "## Tips dan Jebakan")]},
        f"{ID_CARD}:29:1: error[D402] '## Tips dan Jebakan' is not a section of a method "
        "card; did you mean '## Tips dan jebakan'?",
    ),
    (
        "section not allowed on a card",
        {EN_CARD: [("## Sources", f"## History\n\n{T}\n\n## Sources")]},
        f"{EN_CARD}:59:1: error[D402] '## History' is not a section of a method card; "
        f"a card has only these sections: {ALL_CARD_SECTIONS_EN}",
    ),
    (
        "generated section written by hand",
        {ID_CARD: [("## Sumber", "## Program yang menggunakan metode ini\n\n- A\n\n## Sumber")]},
        f"{ID_CARD}:57:1: error[D402] '## Program yang menggunakan metode ini' is added by "
        "the site itself; remove this section",
    ),
    # D403: translations
    (
        "page without its English translation",
        {EN_CARD: None},
        f"{ID_CARD}:1:1: error[D403] this page has no English translation; add {EN_CARD}",
    ),
    (
        "English page without its Indonesian original",
        {ID_PAGE: None},
        f"{EN_PAGE}:1:1: error[D403] this English page has no Indonesian original; "
        f"add {ID_PAGE} (Indonesian comes first) or delete this page",
    ),
    # D404: placeholders and empty sections
    (
        "placeholder TODO",
        {ID_PAGE: [("## Sumber", "Jadwal pelatihan: TODO.\n\n## Sumber")]},
        f"{ID_PAGE}:13:19: error[D404] placeholder text 'TODO'; write the real content or "
        "remove it",
    ),
    (
        "placeholder lorem ipsum, any case",
        {EN_CARD: [("## Example\n\n", "## Example\n\nLorem Ipsum dolor sit amet. ")]},
        f"{EN_CARD}:40:1: error[D404] placeholder text 'Lorem Ipsum'; write the real content "
        "or remove it",
    ),
    (
        "placeholder in the front-matter",
        {EN_CARD: [("time_required: 2 hours", "time_required: tbd")]},
        f"{EN_CARD}:6:16: error[D404] placeholder text 'tbd'; write the real content or remove it",
    ),
    (
        "empty section followed by a heading",
        {ID_PAGE: [("## Sumber", "## Tantangan\n\n## Sumber")]},
        f"{ID_PAGE}:13:1: error[D404] the section '## Tantangan' is empty; write its content "
        "or remove the heading",
    ),
    (
        "empty section at the end of the file",
        {EN_PAGE: [(ADI, ADI + "\n### Further reading\n")]},
        f"{EN_PAGE}:18:1: error[D404] the section '### Further reading' is empty; write its "
        "content or remove the heading",
    ),
    # D405: translation drift
    (
        "Indonesian page changed after the translation",
        {ID_PAGE: [("# Peran\n", "# Peran dalam Program\n")], EN_PAGE: [("STAMP", "OLDSTAMP")]},
        f"{EN_PAGE}:3:1: warning[D405] {ID_PAGE} changed since {EN_PAGE} was translated from "
        f"it; update the translation, then run `daya stamp {EN_PAGE}`",
    ),
    (
        "English page not stamped",
        {EN_PAGE: [("translated_from: STAMP\n", "")]},
        f"{EN_PAGE}:1:1: warning[D405] not stamped: {EN_PAGE} does not record which version "
        f"of {ID_PAGE} it translates; once it matches, run `daya stamp {EN_PAGE}`",
    ),
    # D406: sources at the end
    (
        "page without sources",
        {ID_PAGE: [("## Sumber\n\n" + ADI, "")]},
        f"{ID_PAGE}:13:1: error[D406] the page does not end with a '## Sumber' section; add "
        "one listing the sources of its facts",
    ),
    (
        "sources not the last section",
        {EN_PAGE: [(ADI, ADI + "\n## Further reading\n\nSee the glossary.\n")]},
        f"{EN_PAGE}:14:1: error[D406] '## Sources' must be the last section, but "
        "'## Further reading' (line 18) comes after it; move the sources to the end",
    ),
    (
        "sources section without a list item",
        {ID_PAGE: [(ADI, "Adi (2013).\n")]},
        f"{ID_PAGE}:13:1: error[D406] '## Sumber' lists no source; add each as a list item "
        "('- Author (year). Title.')",
    ),
    # D407: substance
    (
        "method card too short",
        {
            ID_CARD: [
                (f"## Contoh\n\n{T}", "## Contoh\n\nContoh singkat."),
                (f"## Di Indonesia\n\n{T}", "## Di Indonesia\n\nDi desa."),
                (f"## Contoh hasil\n\n{T}", "## Contoh hasil\n\nHasilnya:"),
                (f"## Lembar kerja\n\n{T}", "## Lembar kerja\n\nIsilah:"),
            ]
        },
        f"{ID_CARD}:15:1: error[D407] only 397 words; a method card needs at least 550: add "
        "explanation, steps or an example from practice",
    ),
    (
        "page too short",
        {EN_PAGE: [(PAGE_TEXT, SENTENCE)]},
        f"{EN_PAGE}:6:1: error[D407] only 17 words; a page needs at least 450: add "
        "explanation, steps or an example from practice",
    ),
]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in tmp_path, so messages name pages as docs/..."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_base_handbook_is_clean(in_tmp: Path) -> None:
    # The home page is exempt from sources and length; code blocks hold no headings.
    assert check_handbook(write_handbook(in_tmp, {})) == []


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_page_gives_exact_message(in_tmp: Path, changes: dict, expected: str) -> None:
    problems = [str(p) for p in check_handbook(write_handbook(in_tmp, changes))]
    assert expected in problems, "\n".join(problems)


def test_every_rule_is_covered_and_documented() -> None:
    used = {case[2].split("[", 1)[1].split("]", 1)[0] for case in CASES}
    assert used == set(RULES)


def test_unreadable_page(in_tmp: Path) -> None:
    docs = write_handbook(in_tmp, {})
    (in_tmp / ID_PAGE).write_bytes(b"---\ntitle: Peran\n---\n\n# Caf\xe9\n")  # Latin-1
    assert [str(p) for p in check_handbook(docs) if p.code == "D400"] == [
        f"{ID_PAGE}:5:1: error[D400] the page is not UTF-8 text (byte 0xe9); "
        "save it with UTF-8 encoding"
    ]


def test_source_hash_is_the_documented_fingerprint() -> None:
    # The body after the front-matter, \r\n as \n, trailing whitespace stripped.
    text = "---\ntitle: X\n---\n\n# Judul  \r\nIsi.\t\n\n\n"
    expected = hashlib.sha256(b"\n# Judul\nIsi.").hexdigest()[:12]
    assert source_hash(text) == expected
    assert source_hash(text.replace("title: X", "title: Y")) == expected  # front-matter aside


def test_the_real_handbook_has_no_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert [str(p) for p in check_handbook(REPO / "docs")] == []


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}


def test_stamp_is_idempotent_and_touches_one_line(in_tmp: Path) -> None:
    write_handbook(in_tmp, {EN_PAGE: [("translated_from: STAMP\n", "")]})
    en_page = in_tmp / EN_PAGE
    en_page.write_bytes(en_page.read_bytes().replace(b"\n", b"\r\n"))  # a Windows editor
    drifted = in_tmp / EN_CARD  # a stale stamp, saved with a byte-order mark
    text = drifted.read_text().replace("translated_from: ", "translated_from: 0")
    drifted.write_bytes(codecs.BOM_UTF8 + text.encode())
    before = snapshot(in_tmp)

    assert main(["stamp"]) == 0
    first = snapshot(in_tmp)
    assert main(["stamp"]) == 0
    assert snapshot(in_tmp) == first

    changed = sorted(str(p.relative_to(in_tmp)) for p in first if first[p] != before[p])
    assert changed == [EN_CARD, EN_PAGE]
    stamp = source_hash((in_tmp / ID_PAGE).read_text())
    assert first[en_page] == before[en_page].replace(
        b"title: Roles\r\n", f"title: Roles\r\ntranslated_from: {stamp}\r\n".encode()
    )
    assert first[drifted].startswith(codecs.BOM_UTF8 + b"---\nid: fgd\n")
    assert check_handbook(in_tmp / "docs") == []


def test_daya_check_covers_programs_and_the_handbook(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_handbook(in_tmp, {ID_PAGE: [("## Sumber", "TODO\n\n## Sumber")]})
    assert main(["check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    pages = {f["file"]: f for f in report["files"]}
    assert pages[ID_PAGE] == {"file": ID_PAGE, "program": None, "errors": 1, "warnings": 0}
    assert len(pages) == 6
    assert [p["code"] for p in report["problems"]] == ["D404"]

    assert main(["check", EN_PAGE, "docs/methods"]) == 0  # the broken page is not named
    assert (
        capsys.readouterr().out.splitlines()[-1] == "3 handbook pages checked: 0 errors, 0 warnings"
    )
    assert main(["check", "--format", "github", ID_PAGE]) == 1
    assert capsys.readouterr().out == (
        f"::error file={ID_PAGE},line=13,col=1,title=D404::placeholder text 'TODO'; "
        "write the real content or remove it\n"
    )
