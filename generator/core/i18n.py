"""Words and numbers in the documents' language: gettext labels, and Babel's formats for
numbers, money, dates and months (`Rp1.000.000`, `31 Desember 2027`)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import Translations
from markupsafe import Markup

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "daya"

BABEL_LOCALE = {"id": Locale.parse("id_ID"), "en": Locale.parse("en_GB")}
"""Parsed once: Babel's formatting functions re-parse a locale string on every call."""


@lru_cache(maxsize=8192)
def format_money(amount: float, currency: str, lang: str) -> Markup:
    pattern = "¤#,##0" if lang == "id" else "¤\u00a0#,##0"
    text = format_currency(
        round(amount), currency, format=pattern, locale=BABEL_LOCALE[lang], currency_digits=False
    )
    return Markup(text.replace("\u00a0", " "))


@lru_cache(maxsize=8192)
def format_number(value: float, lang: str) -> Markup:
    return Markup(format_decimal(value, locale=BABEL_LOCALE[lang], format="#,##0.##"))


@lru_cache(maxsize=4096)
def format_long_date(value: dt.date, lang: str) -> Markup:
    return Markup(format_date(value, "d MMMM y", locale=BABEL_LOCALE[lang]))


@lru_cache(maxsize=1024)
def format_month(value: dt.date, lang: str) -> Markup:
    return Markup(format_date(value, "MMM y", locale=BABEL_LOCALE[lang]))


@lru_cache(maxsize=4096)
def format_share(ratio: Decimal, lang: str) -> Markup:
    """A share or an achievement (0.777 → `77,7 %` / `77.7 %`): one decimal, rounded half
    away from zero."""
    value = (ratio * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Markup(format_decimal(value, locale=BABEL_LOCALE[lang], format="#,##0.0") + "\u00a0%")


def whole(amount: Decimal | float) -> int:
    """An amount in whole units of money, rounded half away from zero."""
    return int(Decimal(str(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@lru_cache(maxsize=4096)
def format_percent(value: float, lang: str) -> Markup:
    return Markup(format_decimal(value, locale=BABEL_LOCALE[lang], format="#,##0.#") + "%")


# --- Labels: Babel's translations of the committed .po files ------------------------------


@cache
def translations(lang: str) -> Translations:
    """The labels of `lang` (msgids are English): the committed .po file, read with Babel and
    compiled in memory. A label without a translation shows its English msgid."""
    return load_catalogue(lang, DOMAIN)


def load_catalogue(lang: str, domain: str) -> Translations:
    """The committed `locale/<lang>/LC_MESSAGES/<domain>.po`, read with Babel and compiled in
    memory (no .mo file is kept); an empty catalogue when there is none."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return Translations(domain=domain)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=domain)


@lru_cache(maxsize=4096)
def format_short_date(value: dt.date, lang: str) -> Markup:
    """A date in few characters, for a chart's axis: `31 Des 2026` / `31 Dec 2026`."""
    return Markup(format_date(value, "d MMM y", locale=BABEL_LOCALE[lang]))
