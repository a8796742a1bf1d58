"""An export file of KoboToolbox or ODK Central as a header and rows of text.

- CSV: UTF-8 (a BOM is fine), `;` (Kobo) or `,` (Central), read with the csv module.
- XLSX (Kobo's "XLS" download): the first sheet; dates become YYYY-MM-DD.
- ZIP (Central's CSV download): the main table `<form id>.csv` (repeat tables are
  `<form id>-<repeat>.csv` and are not needed: Daya's forms have no repeats).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.core.messages import _m
from generator.errors import DayaError, relative_name
from generator.paths import NotARegularFile, read_regular_file

MAX_EXPORT_BYTES = 200_000_000


class ImportRefused(DayaError):
    """`daya import` cannot use this export (or these options); results.csv is untouched."""


@dataclass(frozen=True)
class ExportTable:
    name: str
    """The export file's name (it goes into `source`)."""
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def read_export(path: Path) -> ExportTable:
    """The header and rows of an export file; ImportRefused when it cannot be read."""
    shown = relative_name(path)
    try:
        data = read_regular_file(path, MAX_EXPORT_BYTES)
    except FileNotFoundError:
        raise ImportRefused(_m("{file}: no such file", file=shown)) from None
    except NotARegularFile as exc:
        raise ImportRefused(
            _m("{file} is {kind}; give the export file itself", file=shown, kind=exc.kind)
        ) from None
    except OSError as exc:
        raise ImportRefused(
            _m("{file} cannot be read ({reason})", file=shown, reason=exc.strerror or exc)
        ) from None
    if len(data) > MAX_EXPORT_BYTES:
        raise ImportRefused(_m("{file} is larger than 200 MB", file=shown))
    if not data.strip():
        raise ImportRefused(
            _m(
                "{file} is empty; download the export again from KoboToolbox or ODK Central",
                file=shown,
            )
        )
    if data.startswith(b"PK"):
        return _from_zip(path.name, data, shown)
    return _from_csv(path.name, data, shown)


def _from_csv(name: str, data: bytes, shown: str) -> ExportTable:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            _m(
                "{file} is not UTF-8 text (byte {byte} at {offset}); download the export again "
                "as CSV (KoboToolbox and ODK Central both write UTF-8), without opening and "
                "saving it in a spreadsheet first",
                file=shown,
                byte=f"0x{data[exc.start]:02x}",
                offset=exc.start,
            )
        ) from None
    if "\x00" in text:
        raise ImportRefused(_m("{file} is not a CSV export", file=shown))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = [
            tuple(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise ImportRefused(
            _m("{file} is not valid CSV ({reason})", file=shown, reason=exc)
        ) from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportRefused(_m("{file} is empty", file=shown))
    return ExportTable(name, tuple(c.strip() for c in rows[0]), tuple(rows[1:]))


def _from_zip(name: str, data: bytes, shown: str) -> ExportTable:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportRefused(_m("{file} is not a valid ZIP or XLSX file", file=shown)) from None
    with archive:
        names = archive.namelist()
        if "[Content_Types].xml" in names:
            return _from_xlsx(name, data, shown)
        tables = sorted((n for n in names if n.endswith(".csv")), key=lambda n: (len(n), n))
        if not tables:
            raise ImportRefused(_m("{file} holds no CSV table", file=shown))
        main = tables[0]  # the submissions; repeats add "-<repeat>" to the form id
        return _from_csv(name, archive.read(main), f"{shown}/{main}")


def _from_xlsx(name: str, data: bytes, shown: str) -> ExportTable:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise ImportRefused(_m("{file} is not a readable XLSX file", file=shown)) from None
    sheet = workbook.worksheets[0]
    rows = [tuple(_cell_text(v) for v in row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise ImportRefused(_m("{file} is empty", file=shown))
    return ExportTable(name, tuple(c.strip() for c in rows[0]), tuple(rows[1:]))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
