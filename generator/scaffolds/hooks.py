"""The hooks of Daya's program templates, shared by the four of them.

Each template's `hooks/pre_gen_project.py` and `hooks/post_gen_project.py` is a stub that hands
Cookiecutter's answers (rendered into it as JSON) to `before_bake` or `after_bake` here.
`before_bake` checks the answers before anything is written: exiting with 1 makes Cookiecutter
stop and remove the folder it has just made, so a rejected answer leaves nothing behind.
Messages are in the language DAYA_LANG names (`daya new` sets it to its interface language);
under plain Cookiecutter without it, in Indonesian and English, because the language answer
itself may be what the user is still deciding. `after_bake` writes the empty monitoring/
folder (scaffolds/monitoring.py), then checks the new program with Daya and never fails the
bake: warnings are the program manager's to-do list.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel import Locale
from babel.numbers import get_territory_currencies

from generator.core.messages import _m, language_of
from generator.core.model import MAX_MONEY, MAX_TITLE, WINDOWS_RESERVED
from generator.scaffolds.monitoring import write_monitoring_folder

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


Wording = Callable[[str], str]
"""A message, worded in the language it is given (id or en)."""


def id_problem(answers: dict[str, Any]) -> Wording | None:
    ident = str(answers["id"])
    reserved = ident.split(".")[0] in WINDOWS_RESERVED
    if SLUG.match(ident) and len(ident) <= MAX_ID_LENGTH and not reserved:
        return None
    return lambda lang: _m(
        "The program id {id} cannot be used. Enter lowercase letters, digits, dots or hyphens "
        "only, starting with a letter or digit and not ending with a dot, with no spaces or "
        "slashes, at most {limit} characters, and not a name Windows reserves (con, nul, "
        "com1...); for example: air-bersih-sukamaju.",
        lang=lang,
        id=repr(ident),
        limit=MAX_ID_LENGTH,
    )


def title_problem(answers: dict[str, Any]) -> Wording | None:
    title = str(answers["title"]).strip()
    if not title:
        return lambda lang: _m(
            "The program title is empty. Enter a title, for example: Clean Water for Sukamaju.",
            lang=lang,
        )
    if len(title) > MAX_TITLE:
        return lambda lang: _m(
            "The program title is too long ({length} characters). Write at most {limit} "
            "characters; a longer description belongs in the summary.",
            lang=lang,
            length=len(title),
            limit=MAX_TITLE,
        )
    return None


def start_problem(answers: dict[str, Any]) -> Wording | None:
    start = str(answers["start"])
    if is_date(start):
        return None
    return lambda lang: _m(
        "The start date {start} is not a date. Write it as YYYY-MM-DD, for example 2026-01-01.",
        lang=lang,
        start=repr(start),
    )


def duration_problem(answers: dict[str, Any]) -> Wording | None:
    start, months = str(answers["start"]), str(answers["duration_months"])
    if not (months.isdigit() and 1 <= int(months) <= MAX_MONTHS):
        return lambda lang: _m(
            "The duration {months} cannot be used. Enter the number of months as a whole "
            "number from 1 to {limit}, for example 24.",
            lang=lang,
            months=repr(months),
            limit=MAX_MONTHS,
        )
    if is_date(start) and not answers["end"]:
        return lambda lang: _m(
            "A program starting {start} for {months} months ends beyond the calendar. "
            "Check the start date.",
            lang=lang,
            start=start,
            months=months,
        )
    return None


def currency_problem(answers: dict[str, Any]) -> Wording | None:
    currency = str(answers["currency"])
    if currency in currencies_in_use():
        return None
    return lambda lang: _m(
        "The currency {currency} is not known. Enter a three-letter ISO 4217 code in use "
        "today, for example IDR for rupiah or USD.",
        lang=lang,
        currency=repr(currency),
    )


def amount_problem(answers: dict[str, Any]) -> Wording | None:
    amount, given = str(answers["amount"]), str(answers["funding_amount"])
    if amount.isdigit() and int(amount) > MAX_AMOUNT:
        return lambda lang: _m(
            "The funding amount {amount} is too large. Enter at most 999,999,999,999,999 "
            "(fifteen digits), the most a spreadsheet keeps exactly.",
            lang=lang,
            amount=repr(given),
        )
    if not (amount.isdigit() and int(amount) > 0):
        return lambda lang: _m(
            "The funding amount {amount} cannot be used. Enter a whole number above zero with "
            "no decimals, for example 500000000 or 500,000,000.",
            lang=lang,
            amount=repr(given),
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


def problems(answers: dict[str, Any]) -> list[Wording]:
    """One message per rejected answer."""
    return [found for check in ANSWER_CHECKS if (found := check(answers)) is not None]


def hook_languages() -> tuple[str, ...]:
    """The language DAYA_LANG names (`daya new` always sets it); under plain Cookiecutter
    without it, both: the language answer itself may be what the user is still deciding."""
    chosen = language_of(os.environ.get("DAYA_LANG", ""))
    return (chosen,) if chosen else ("id", "en")


def report(found: list[Wording], languages: tuple[str, ...] = ("id", "en")) -> str:
    """The rejected answers, each in `languages` (Indonesian first)."""
    lines = [
        _m("Some answers cannot be used; nothing was written.", lang=lang) for lang in languages
    ]
    for wording in found:
        first, *others = [wording(lang) for lang in languages]
        lines.append(f"- {first}")
        lines += [f"  {text}" for text in others]
    lines += [_m("Run again with corrected answers.", lang=lang) for lang in languages]
    return "\n".join(lines) + "\n"


def before_bake(context_json: str) -> int:
    """The pre_gen hook: 0 when the answers can be used, else 1 with a message saying why."""
    found = problems(answers_of(context_json))
    if not found:
        return 0
    message = report(found, hook_languages())
    message_file = os.environ.get(MESSAGE_FILE_ENV)
    if message_file:
        with open(message_file, "w", encoding="utf-8") as handle:
            handle.write(message)
    else:
        sys.stderr.write(message)
    return 1


def after_bake(context_json: str) -> int:
    """The post_gen hook: write the empty monitoring/ folder, then check the new program with
    Daya; always 0 (warnings are a to-do list).

    It speaks the language DAYA_LANG names, else the language of the new program."""
    program_language = str(answers_of(context_json)["language"])
    lang = language_of(os.environ.get("DAYA_LANG", "")) or program_language
    program_dir = Path.cwd()
    write_monitoring_folder(program_dir, program_language)
    # Name the file as the user sees it from the repository root when it is in programs/.
    if program_dir.parent.name == "programs":
        base = program_dir.parent.parent
    else:
        base = program_dir.parent
    program_file = (program_dir / "program.yaml").relative_to(base)
    command = [sys.executable, "-m", "generator.cli"]  # this Python runs the hooks: Daya is here
    print(_m("Checking the new program with Daya:", lang=lang))
    sys.stdout.flush()
    try:
        result = subprocess.run(
            [*command, "check", str(program_file)], cwd=base, timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        print(_m("The check could not run ({reason}).", lang=lang, reason=exc))
        return 0
    if result.returncode == 0:
        print(
            _m(
                "No errors. The warnings above are what you still need to fill in; see README.md "
                "in the program folder.",
                lang=lang,
            )
        )
    else:
        print(
            _m(
                "Daya found errors in the new program. Fix the lines named above, or report it as "
                "a template problem if you have not changed anything yet.",
                lang=lang,
            )
        )
    return 0
