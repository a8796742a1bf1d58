"""The monitoring files as text: every CSV cell with the line and column it was written at.

Read with the standard library's `csv` module (quoted fields, commas and line breaks inside
quotes all work as a spreadsheet writes them); this module only works out where each cell
starts, so a message can point at it. Files are read as the program is: regular files only,
never through a link, UTF-8 with or without a BOM, at most MAX_FILE_BYTES.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator.core.messages import _m
from generator.errors import Problem, relative_name
from generator.paths import NotARegularFile, read_regular_file

FOLDER = "monitoring"
MAX_FILE_BYTES = 20_000_000
"""A results file of a large survey program stays far below this; a bigger file is a mistake."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "results": (
        "indicator",
        "period_end",
        "disaggregation",
        "value",
        "numerator",
        "denominator",
        "source",
        "collected_on",
        "note",
    ),
    "spending": ("budget_line", "date", "amount", "source", "note"),
    "activities": ("activity", "date", "status", "note"),
}
"""Each file's columns, in the order the scaffolds write them (any order is read)."""

REQUIRED: dict[str, tuple[str, ...]] = {
    "results": ("indicator", "period_end", "value"),
    "spending": ("budget_line", "date", "amount"),
    "activities": ("activity", "date", "status"),
}
"""The columns a file must have: the ones whose every cell must be filled."""

NARRATIVE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.(id|en))?\.md$")


class Cell(NamedTuple):
    """A value and where it starts (a tuple: a monitoring folder has thousands)."""

    text: str
    line: int
    col: int


@dataclass(frozen=True)
class CsvRow:
    line: int
    cells: dict[str, Cell] = field(hash=False)

    def text(self, column: str) -> str:
        cell = self.cells.get(column)
        return cell.text.strip() if cell else ""


@dataclass(frozen=True)
class CsvTable:
    file: str
    """The file's name as messages show it."""
    columns: tuple[str, ...]
    rows: tuple[CsvRow, ...]


@dataclass(frozen=True)
class Narrative:
    file: str
    date: dt.date
    lang: str | None
    """None: written in the program's language (`2026-12-31.md`)."""
    text: str


@dataclass(frozen=True)
class MonitoringFiles:
    """What `monitoring/` holds, as read; `problems` are the reading errors (D501–D503)."""

    tables: dict[str, CsvTable] = field(hash=False)
    narratives: tuple[Narrative, ...]
    problems: tuple[Problem, ...]
    digest: str
    """A hash of every file read: changes when any of them changes (caches key on it)."""

    @property
    def empty(self) -> bool:
        return not self.tables and not self.narratives and not self.problems


NO_MONITORING = MonitoringFiles({}, (), (), "")


def read_monitoring(program_file: Path) -> MonitoringFiles:
    """The monitoring files beside a program file; NO_MONITORING when there is no folder."""
    folder = program_file.parent / FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return NO_MONITORING
    tables: dict[str, CsvTable] = {}
    problems: list[Problem] = []
    digest = hashlib.sha256()
    for kind in COLUMNS:
        path = folder / f"{kind}.csv"
        if not path.exists() and not path.is_symlink():
            continue
        text = _read(path, problems)
        if text is None:
            continue
        digest.update(f"{kind}\0{text}\0".encode())
        table = parse_csv(text, relative_name(path), kind, problems)
        if table is not None:
            tables[kind] = table
    narratives = []
    notes = folder / "narrative"
    if notes.is_dir() and not notes.is_symlink():
        for path in sorted(notes.iterdir()):
            narrative = _read_narrative(path, problems)
            if narrative is not None:
                digest.update(f"{path.name}\0{narrative.text}\0".encode())
                narratives.append(narrative)
    return MonitoringFiles(tables, tuple(narratives), tuple(problems), digest.hexdigest())


def _read_narrative(path: Path, problems: list[Problem]) -> Narrative | None:
    match = NARRATIVE_NAME.match(path.name)
    if not match:
        if path.suffix == ".md":
            problems.append(
                _problem(
                    relative_name(path),
                    "D524",
                    _m(
                        "a narrative file is named after its report date: rename {name} to "
                        "YYYY-MM-DD.md (or YYYY-MM-DD.en.md, YYYY-MM-DD.id.md)",
                        name=path.name,
                    ),
                )
            )
        return None
    try:
        date = dt.date.fromisoformat(match.group(1))
    except ValueError:
        problems.append(
            _problem(
                relative_name(path),
                "D524",
                _m("{name} is not named after a real date", name=path.name),
            )
        )
        return None
    text = _read(path, problems)
    if text is None:
        return None
    return Narrative(relative_name(path), date, match.group(2), text)


def _problem(file: str, code: str, message: str, line: int = 1, col: int = 1) -> Problem:
    return Problem(file, line, col, "error", code, message)


def _read(path: Path, problems: list[Problem]) -> str | None:
    """A file's text, or None with a located problem."""
    name = relative_name(path)
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except NotARegularFile as exc:
        problems.append(
            _problem(
                name,
                "D501",
                _m(
                    "{name} is {kind}; Daya reads only regular files, so keep the file itself here",
                    name=path.name,
                    kind=exc.kind,
                ),
            )
        )
        return None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problems.append(
            _problem(name, "D501", _m("the file cannot be read ({reason})", reason=reason))
        )
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.append(
            _problem(
                name,
                "D501",
                _m(
                    "the file is larger than {limit} MB; a monitoring file holds aggregated "
                    "values, never raw survey data",
                    limit=MAX_FILE_BYTES // 1_000_000,
                ),
            )
        )
        return None
    if b"\x00" in raw:
        problems.append(
            _problem(name, "D501", _m("this is a binary file; save it as CSV (UTF-8) text"))
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            _problem(
                name,
                "D501",
                _m(
                    "the file is not UTF-8 text (byte {byte}); save it as CSV UTF-8",
                    byte=f"0x{raw[exc.start]:02x}",
                ),
                line,
                col,
            )
        )
        return None


def parse_csv(text: str, name: str, kind: str, problems: list[Problem]) -> CsvTable | None:
    """Rows of one CSV file with the position of every cell; None when its header is unusable."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[Cell] | None = None
    rows: list[CsvRow] = []
    start = 1
    try:
        for record in reader:
            end = reader.line_num
            raw = "".join(lines[start - 1 : end])
            first = start
            start = end + 1
            if not any(value.strip() for value in record):
                continue  # a blank row
            cells = _cells(record, raw, first)
            if header is None:
                header = cells
                if not _header_ok(header, name, kind, problems):
                    return None
                continue
            rows.append(_row(header, cells, first, name, problems))
    except csv.Error as exc:
        problems.append(
            _problem(
                name,
                "D501",
                _m(
                    "the file is not valid CSV ({reason}); open it in a spreadsheet and save it "
                    "again as CSV UTF-8",
                    reason=str(exc),
                ),
                start,
            )
        )
        return None
    if header is None:
        return CsvTable(name, (), ())
    return CsvTable(name, tuple(c.text.strip() for c in header), tuple(rows))


def _cells(record: list[str], raw: str, first_line: int) -> list[Cell]:
    """Where each value of a record starts: a quoted field is `"` + its text with `"` doubled +
    `"`, an unquoted one is its text, and one comma lies between fields."""
    cells, offset = [], 0
    one_line = raw.find("\n") in (-1, len(raw) - 1)  # most records: no line break inside
    for value in record:
        if one_line:
            line, col = first_line, offset + 1
        else:
            line = first_line + raw.count("\n", 0, offset)
            col = offset - (raw.rfind("\n", 0, offset) + 1) + 1
        cells.append(Cell(value, line, col))
        if raw.startswith('"', offset):
            offset += len(value) + value.count('"') + 2
        else:
            offset += len(value)
        offset += 1  # the comma
    return cells


def _header_ok(header: list[Cell], name: str, kind: str, problems: list[Problem]) -> bool:
    known = COLUMNS[kind]
    seen: set[str] = set()
    ok = True
    for cell in header:
        column = cell.text.strip()
        if column not in known:
            problems.append(
                _problem(
                    name,
                    "D503",
                    _m(
                        "unknown column '{column}'; the columns of {file} are {columns}",
                        column=column,
                        file=f"{kind}.csv",
                        columns=", ".join(known),
                    ),
                    cell.line,
                    cell.col,
                )
            )
            ok = False
        elif column in seen:
            problems.append(
                _problem(
                    name,
                    "D503",
                    _m("the column '{column}' appears twice; keep one", column=column),
                    cell.line,
                    cell.col,
                )
            )
            ok = False
        seen.add(column)
    for column in REQUIRED[kind]:
        if column not in seen:
            problems.append(
                _problem(
                    name,
                    "D502",
                    _m(
                        "the column '{column}' is missing; the first row must name the columns "
                        "{columns}",
                        column=column,
                        columns=", ".join(known),
                    ),
                    header[0].line,
                    1,
                )
            )
            ok = False
    return ok


def _row(
    header: list[Cell], cells: list[Cell], line: int, name: str, problems: list[Problem]
) -> CsvRow:
    if len(cells) > len(header):
        extra = cells[len(header)]
        problems.append(
            _problem(
                name,
                "D503",
                _m(
                    "this row has {count} cells but the header names {columns} columns; remove "
                    "the extra cells (or quote a value that holds a comma)",
                    count=len(cells),
                    columns=len(header),
                ),
                extra.line,
                extra.col,
            )
        )
    by_name = {h.text.strip(): c for h, c in zip(header, cells, strict=False)}
    return CsvRow(line, by_name)
