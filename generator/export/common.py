"""What the Word and Excel writers share: text as the export shows it, and deterministic zips."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from generator.core.i18n import format_money
from generator.core.model import Program
from generator.core.views import Shown, shown

AUTHOR = "Daya"
FONT = "Arial"
"""The one font of the Word plan and the workbook: on every office computer, and LibreOffice
lays it out with the metric-compatible Liberation Sans."""

STATUS_FILLS = {
    "achieved": "A9D08E",
    "on-track": "C6EFCE",
    "at-risk": "FFEB9C",
    "off-track": "F8CBAD",
    "not-reported": "D9D9D9",
    "not-due": "DDEBF7",
}
"""The background of an indicator's status in the progress report; the cell always holds the
status in words too (colour is never the only cue)."""
LATE_FILL = "F8CBAD"
"""The background of a late activity's status, beside the word."""

# Characters XML 1.0 cannot hold (Word and Excel files are XML inside a zip).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- Text ------------------------------------------------------------------------------------


def xml_safe(text: str) -> str:
    """The text without the control characters XML cannot store (shown as U+FFFD)."""
    return _NOT_XML.sub("\ufffd", text)


def export_shown(program: Program, value: Any, lang: str) -> Shown:
    """The text of a field in `lang` as Word and Excel store it (no characters XML refuses),
    with the language it fell back to."""
    found = shown(program, value, lang)
    return Shown(xml_safe(found.text), found.fallback)


def one_line(text: str) -> str:
    """Whitespace (line breaks, tabs) collapsed to single spaces, as the Markdown shows it."""
    return " ".join(text.split())


def money_prefix(currency: str, lang: str) -> str:
    """The currency sign as the documents write it before a number: `Rp`, `IDR `."""
    return str(format_money(0, currency, lang))[:-1]


def fixed_timestamp(program: Program) -> dt.datetime:
    """The creation time written into every file: the program's start, within the years a zip
    can record (1980 to 2107)."""
    start = min(max(program.period.start, dt.date(1980, 1, 1)), dt.date(2107, 12, 31))
    return dt.datetime(start.year, start.month, start.day)


# --- Deterministic zips ----------------------------------------------------------------------


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every entry dated `when` and no platform-dependent attributes.

    Entries keep their order and compression, so Word and Excel read the file as before;
    regenerating an unchanged program gives identical bytes.
    """
    date_time = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time)
            fixed.compress_type = entry.compress_type
            fixed.create_system = 0
            fixed.external_attr = 0
            target.writestr(fixed, source.read(entry), compresslevel=6)
    return out.getvalue()


def workbook_bytes(workbook: Workbook, when: dt.datetime) -> bytes:
    """A workbook as .xlsx bytes, identical for equal content: ExcelWriter rather than
    Workbook.save, which stamps the current time as "modified", and every entry dated `when`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return normalise_zip(buffer.getvalue(), when)
