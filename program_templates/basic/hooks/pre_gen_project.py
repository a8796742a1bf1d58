"""Check the answers before Cookiecutter writes the program; on a bad answer, say what to enter.

Exiting with status 1 makes Cookiecutter stop and remove the folder it has just made, so a
rejected answer leaves nothing behind. Messages are in Indonesian and English because the
language answer itself may be what the user is still deciding.
"""

import datetime as dt
import os
import re
import sys

ANSWERS = {
    "id": {{ cookiecutter.id | tojson }},
    "title": {{ cookiecutter.title | tojson }},
    "start": {{ cookiecutter.__start | tojson }},
    "end": {{ cookiecutter.__end | tojson }},
    "duration_months": {{ cookiecutter.__months | tojson }},
    "currency": {{ cookiecutter.__currency | tojson }},
    "funding_amount": {{ cookiecutter.funding_amount | tojson }},
    "amount": {{ cookiecutter.__amount | tojson }},
}

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9.-]*[a-z0-9-])?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_ID_LENGTH = 64
MAX_MONTHS = 120
MAX_TITLE = 200
MAX_AMOUNT = 999_999_999_999_999  # what a spreadsheet holds exactly (generator/core/model.py)
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{device}{n}" for device in ("com", "lpt") for n in "123456789"
}

# Used only when Babel is not installed next to Cookiecutter.
COMMON_CURRENCIES = {
    "AUD", "CAD", "CHF", "CNY", "EUR", "GBP", "HKD", "IDR", "INR", "JPY", "KRW", "MYR",
    "NZD", "PHP", "SGD", "THB", "TWD", "USD", "VND",
}


def currencies_in_use():
    """ISO 4217 codes that are legal tender somewhere today (no XXX, no historical codes)."""
    try:
        from babel import Locale
        from babel.numbers import get_territory_currencies
    except ImportError:
        return COMMON_CURRENCIES
    today = dt.date.today()
    codes = set()
    for territory in Locale("en").territories:
        if len(territory) == 2 and territory.isalpha():
            codes.update(get_territory_currencies(territory, today, tender=True))
    return codes or COMMON_CURRENCIES


def is_date(text):
    if not ISO_DATE.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def problems(answers):
    """(Indonesian, English) messages, one pair per rejected answer."""
    found = []
    ident = str(answers["id"])
    reserved = ident.split(".")[0] in WINDOWS_RESERVED
    if not SLUG.match(ident) or len(ident) > MAX_ID_LENGTH or reserved:
        found.append((
            f"Id program {ident!r} tidak bisa dipakai. Isi huruf kecil, angka, titik atau tanda "
            f"minus saja, diawali huruf atau angka dan tidak diakhiri titik, tanpa spasi dan "
            f"garis miring, paling panjang {MAX_ID_LENGTH} karakter, dan bukan nama yang "
            "dicadangkan Windows (con, nul, com1...); contoh: air-bersih-sukamaju.",
            f"The program id {ident!r} cannot be used. Enter lowercase letters, digits, dots or "
            f"hyphens only, starting with a letter or digit and not ending with a dot, with no "
            f"spaces or slashes, at most {MAX_ID_LENGTH} characters, and not a name Windows "
            "reserves (con, nul, com1...); for example: air-bersih-sukamaju.",
        ))
    title = str(answers["title"]).strip()
    if not title:
        found.append((
            "Judul program masih kosong. Isi judul, misalnya: Air Bersih Desa Sukamaju.",
            "The program title is empty. Enter a title, for example: Clean Water for Sukamaju.",
        ))
    elif len(title) > MAX_TITLE:
        found.append((
            f"Judul program terlalu panjang ({len(title)} karakter). Tulis paling banyak "
            f"{MAX_TITLE} karakter; uraian panjang masuk ke ringkasan program.",
            f"The program title is too long ({len(title)} characters). Write at most "
            f"{MAX_TITLE} characters; a longer description belongs in the summary.",
        ))
    start = str(answers["start"])
    if not is_date(start):
        found.append((
            f"Tanggal mulai {start!r} bukan tanggal. Tulis dengan format TTTT-BB-HH, "
            "misalnya 2026-01-01.",
            f"The start date {start!r} is not a date. Write it as YYYY-MM-DD, for example "
            "2026-01-01.",
        ))
    months = str(answers["duration_months"])
    if not (months.isdigit() and 1 <= int(months) <= MAX_MONTHS):
        found.append((
            f"Lama program {months!r} tidak bisa dipakai. Isi jumlah bulan sebagai bilangan "
            f"bulat dari 1 sampai {MAX_MONTHS}, misalnya 24.",
            f"The duration {months!r} cannot be used. Enter the number of months as a whole "
            f"number from 1 to {MAX_MONTHS}, for example 24.",
        ))
    elif is_date(start) and not answers["end"]:
        found.append((
            f"Program yang mulai {start} selama {months} bulan berakhir di luar kalender. "
            "Periksa tanggal mulai.",
            f"A program starting {start} for {months} months ends beyond the calendar. "
            "Check the start date.",
        ))
    currency = str(answers["currency"])
    if currency not in currencies_in_use():
        found.append((
            f"Mata uang {currency!r} tidak dikenal. Isi kode mata uang ISO 4217 tiga huruf yang "
            "berlaku, misalnya IDR untuk rupiah atau USD.",
            f"The currency {currency!r} is not known. Enter a three-letter ISO 4217 code in use "
            "today, for example IDR for rupiah or USD.",
        ))
    amount = str(answers["amount"])
    if amount.isdigit() and int(amount) > MAX_AMOUNT:
        found.append((
            f"Jumlah dana {str(answers['funding_amount'])!r} terlalu besar. Isi paling banyak "
            "999.999.999.999.999 (lima belas angka), batas yang masih disimpan tepat oleh "
            "lembar kerja.",
            f"The funding amount {str(answers['funding_amount'])!r} is too large. Enter at most "
            "999,999,999,999,999 (fifteen digits), the most a spreadsheet keeps exactly.",
        ))
    elif not (amount.isdigit() and int(amount) > 0):
        found.append((
            f"Jumlah dana {str(answers['funding_amount'])!r} tidak bisa dipakai. Isi bilangan "
            "bulat lebih dari nol tanpa desimal, misalnya 500000000 atau 500.000.000.",
            f"The funding amount {str(answers['funding_amount'])!r} cannot be used. Enter a "
            "whole number above zero with no decimals, for example 500000000 or 500,000,000.",
        ))
    return found


def report(found):
    lines = ["Jawaban belum bisa dipakai; tidak ada berkas yang dibuat."]
    lines.append("Some answers cannot be used; nothing was written.")
    for indonesian, english in found:
        lines.append(f"- {indonesian}")
        lines.append(f"  {english}")
    lines.append("Jalankan lagi dengan jawaban yang diperbaiki.")
    lines.append("Run again with corrected answers.")
    return "\n".join(lines) + "\n"


def main():
    found = problems(ANSWERS)
    if not found:
        return 0
    message = report(found)
    # `daya new` asks for the message in a file so it can show it once, as its own error.
    message_file = os.environ.get("DAYA_SCAFFOLD_MESSAGE_FILE")
    if message_file:
        with open(message_file, "w", encoding="utf-8") as handle:
            handle.write(message)
    else:
        sys.stderr.write(message)
    return 1


if __name__ == "__main__":
    sys.exit(main())
