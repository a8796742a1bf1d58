"""The hooks of Daya's program templates, shared by the four of them.

Each template's `hooks/pre_gen_project.py` and `hooks/post_gen_project.py` is a stub that hands
Cookiecutter's answers (rendered into it as JSON) to `before_bake` or `after_bake` here.
`before_bake` checks the answers before anything is written: exiting with 1 makes Cookiecutter
stop and remove the folder it has just made, so a rejected answer leaves nothing behind.
Messages are in Indonesian and English because the language answer itself may be what the user
is still deciding. `after_bake` checks the new program with Daya and never fails the bake:
warnings are the program manager's to-do list.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from babel import Locale
from babel.numbers import get_territory_currencies

from generator.core.model import MAX_MONEY, MAX_TITLE, WINDOWS_RESERVED

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9.-]*[a-z0-9-])?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_ID_LENGTH = 64
MAX_MONTHS = 120
MAX_AMOUNT = MAX_MONEY
MESSAGE_FILE_ENV = "DAYA_SCAFFOLD_MESSAGE_FILE"
"""`daya new` asks for the message in this file, so it can show it once, as its own error."""


def answers_of(context_json: str) -> dict[str, Any]:
    """The answers the hooks look at, from Cookiecutter's context rendered as JSON."""
    context = json.loads(context_json)
    return {
        "id": context.get("id", ""),
        "title": context.get("title", ""),
        "language": context.get("language", "id"),
        "start": context.get("__start", ""),
        "end": context.get("__end", ""),
        "duration_months": context.get("__months", ""),
        "currency": context.get("__currency", ""),
        "funding_amount": context.get("funding_amount", ""),
        "amount": context.get("__amount", ""),
    }


def currencies_in_use() -> set[str]:
    """ISO 4217 codes that are legal tender somewhere today (no XXX, no historical codes)."""
    today = dt.date.today()
    codes: set[str] = set()
    for territory in map(str, Locale("en").territories):
        if len(territory) == 2 and territory.isalpha():
            codes.update(get_territory_currencies(territory, today, tender=True))
    return codes


def is_date(text: str) -> bool:
    if not ISO_DATE.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


Message = tuple[str, str]
"""(Indonesian, English)."""


def id_problem(answers: dict[str, Any]) -> Message | None:
    ident = str(answers["id"])
    reserved = ident.split(".")[0] in WINDOWS_RESERVED
    if SLUG.match(ident) and len(ident) <= MAX_ID_LENGTH and not reserved:
        return None
    return (
        f"Id program {ident!r} tidak bisa dipakai. Isi huruf kecil, angka, titik atau tanda "
        "minus saja, diawali huruf atau angka dan tidak diakhiri titik, tanpa spasi dan garis "
        f"miring, paling panjang {MAX_ID_LENGTH} karakter, dan bukan nama yang dicadangkan "
        "Windows (con, nul, com1...); contoh: air-bersih-sukamaju.",
        f"The program id {ident!r} cannot be used. Enter lowercase letters, digits, dots or "
        "hyphens only, starting with a letter or digit and not ending with a dot, with no spaces "
        f"or slashes, at most {MAX_ID_LENGTH} characters, and not a name Windows reserves (con, "
        "nul, com1...); for example: air-bersih-sukamaju.",
    )


def title_problem(answers: dict[str, Any]) -> Message | None:
    title = str(answers["title"]).strip()
    if not title:
        return (
            "Judul program masih kosong. Isi judul, misalnya: Air Bersih Desa Sukamaju.",
            "The program title is empty. Enter a title, for example: Clean Water for Sukamaju.",
        )
    if len(title) > MAX_TITLE:
        return (
            f"Judul program terlalu panjang ({len(title)} karakter). Tulis paling banyak "
            f"{MAX_TITLE} karakter; uraian panjang masuk ke ringkasan program.",
            f"The program title is too long ({len(title)} characters). Write at most "
            f"{MAX_TITLE} characters; a longer description belongs in the summary.",
        )
    return None


def start_problem(answers: dict[str, Any]) -> Message | None:
    start = str(answers["start"])
    if is_date(start):
        return None
    return (
        f"Tanggal mulai {start!r} bukan tanggal. Tulis dengan format TTTT-BB-HH, "
        "misalnya 2026-01-01.",
        f"The start date {start!r} is not a date. Write it as YYYY-MM-DD, for example 2026-01-01.",
    )


def duration_problem(answers: dict[str, Any]) -> Message | None:
    start, months = str(answers["start"]), str(answers["duration_months"])
    if not (months.isdigit() and 1 <= int(months) <= MAX_MONTHS):
        return (
            f"Lama program {months!r} tidak bisa dipakai. Isi jumlah bulan sebagai bilangan "
            f"bulat dari 1 sampai {MAX_MONTHS}, misalnya 24.",
            f"The duration {months!r} cannot be used. Enter the number of months as a whole "
            f"number from 1 to {MAX_MONTHS}, for example 24.",
        )
    if is_date(start) and not answers["end"]:
        return (
            f"Program yang mulai {start} selama {months} bulan berakhir di luar kalender. "
            "Periksa tanggal mulai.",
            f"A program starting {start} for {months} months ends beyond the calendar. "
            "Check the start date.",
        )
    return None


def currency_problem(answers: dict[str, Any]) -> Message | None:
    currency = str(answers["currency"])
    if currency in currencies_in_use():
        return None
    return (
        f"Mata uang {currency!r} tidak dikenal. Isi kode mata uang ISO 4217 tiga huruf yang "
        "berlaku, misalnya IDR untuk rupiah atau USD.",
        f"The currency {currency!r} is not known. Enter a three-letter ISO 4217 code in use "
        "today, for example IDR for rupiah or USD.",
    )


def amount_problem(answers: dict[str, Any]) -> Message | None:
    amount, given = str(answers["amount"]), str(answers["funding_amount"])
    if amount.isdigit() and int(amount) > MAX_AMOUNT:
        return (
            f"Jumlah dana {given!r} terlalu besar. Isi paling banyak 999.999.999.999.999 (lima "
            "belas angka), batas yang masih disimpan tepat oleh lembar kerja.",
            f"The funding amount {given!r} is too large. Enter at most 999,999,999,999,999 "
            "(fifteen digits), the most a spreadsheet keeps exactly.",
        )
    if not (amount.isdigit() and int(amount) > 0):
        return (
            f"Jumlah dana {given!r} tidak bisa dipakai. Isi bilangan bulat lebih dari nol tanpa "
            "desimal, misalnya 500000000 atau 500.000.000.",
            f"The funding amount {given!r} cannot be used. Enter a whole number above zero with "
            "no decimals, for example 500000000 or 500,000,000.",
        )
    return None


ANSWER_CHECKS = (
    id_problem,
    title_problem,
    start_problem,
    duration_problem,
    currency_problem,
    amount_problem,
)


def problems(answers: dict[str, Any]) -> list[Message]:
    """One (Indonesian, English) message per rejected answer."""
    return [found for check in ANSWER_CHECKS if (found := check(answers)) is not None]


def report(found: list[Message]) -> str:
    lines = ["Jawaban belum bisa dipakai; tidak ada berkas yang dibuat."]
    lines.append("Some answers cannot be used; nothing was written.")
    for indonesian, english in found:
        lines.append(f"- {indonesian}")
        lines.append(f"  {english}")
    lines.append("Jalankan lagi dengan jawaban yang diperbaiki.")
    lines.append("Run again with corrected answers.")
    return "\n".join(lines) + "\n"


def before_bake(context_json: str) -> int:
    """The pre_gen hook: 0 when the answers can be used, else 1 with a message saying why."""
    found = problems(answers_of(context_json))
    if not found:
        return 0
    message = report(found)
    message_file = os.environ.get(MESSAGE_FILE_ENV)
    if message_file:
        with open(message_file, "w", encoding="utf-8") as handle:
            handle.write(message)
    else:
        sys.stderr.write(message)
    return 1


def after_bake(context_json: str) -> int:
    """The post_gen hook: check the new program with Daya; always 0 (warnings are a to-do list)."""
    english = answers_of(context_json)["language"] == "en"

    def say(indonesian: str, english_text: str) -> None:
        print(english_text if english else indonesian)

    program_dir = Path.cwd()
    # Name the file as the user sees it from the repository root when it is in programs/.
    if program_dir.parent.name == "programs":
        base = program_dir.parent.parent
    else:
        base = program_dir.parent
    program_file = (program_dir / "program.yaml").relative_to(base)
    command = [sys.executable, "-m", "generator.cli"]  # this Python runs the hooks: Daya is here
    say("Memeriksa program baru dengan Daya:", "Checking the new program with Daya:")
    sys.stdout.flush()
    try:
        result = subprocess.run(
            [*command, "check", str(program_file)], cwd=base, timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        say(f"Pemeriksaan tidak bisa dijalankan ({exc}).", f"The check could not run ({exc}).")
        return 0
    if result.returncode == 0:
        say(
            "Tidak ada kesalahan. Peringatan di atas adalah daftar yang masih perlu Anda isi; "
            "lihat README.md di folder program.",
            "No errors. The warnings above are what you still need to fill in; see README.md "
            "in the program folder.",
        )
    else:
        say(
            "Daya menemukan kesalahan pada program baru ini. Perbaiki baris yang disebut di atas, "
            "atau laporkan sebagai masalah templat bila Anda belum mengubah apa pun.",
            "Daya found errors in the new program. Fix the lines named above, or report it as "
            "a template problem if you have not changed anything yet.",
        )
    return 0
