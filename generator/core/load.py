"""A program file → its validated model, keeping each value's line:col for every message.

Reading refuses what cannot be a program (links, special files, binary, non-UTF-8, over 1 MB);
the YAML is read by yaml_reader; pydantic validates; every error becomes a located Problem
worded by explain.py.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.core.explain import PROGRAM_MESSAGES, Invalid, YamlPath, explain
from generator.core.messages import _m, file_kind_words
from generator.core.model import SCHEMA_VERSION, Program
from generator.core.yaml_reader import Position, locate, parse_yaml
from generator.errors import Problem, ProgramInvalid, Severity, relative_name
from generator.paths import NotARegularFile, read_regular_file

MAX_PROGRAM_BYTES = 1_000_000
"""Program files are hand-written: a megabyte is far beyond any real one."""


@dataclass(frozen=True)
class LoadedProgram:
    """A validated program with where each of its values was written."""

    file: str
    program: Program
    positions: dict[YamlPath, Position]
    key_positions: dict[YamlPath, Position]

    def where(self, *path: str | int) -> Position:
        """Position of the value at `path`, or of its nearest written ancestor."""
        return locate(self.positions, path)

    def problem(self, severity: Severity, code: str, message: str, *path: str | int) -> Problem:
        pos = self.where(*path)
        return Problem(self.file, pos.line, pos.col, severity, code, message)


def read_text(path: Path) -> str:
    """Read a program file as UTF-8 text, refusing what cannot be a program."""
    name = relative_name(path)

    def refuse(code: str, message: str, line: int = 1, col: int = 1) -> ProgramInvalid:
        return ProgramInvalid(message, [Problem(name, line, col, "error", code, message)])

    if path.parent.is_symlink():
        raise refuse(
            "D007",
            _m(
                "the folder {folder} is a link; keep each program in a folder of its own "
                "inside programs/",
                folder=relative_name(path.parent),
            ),
        )
    try:
        raw = read_regular_file(path, MAX_PROGRAM_BYTES)
    except FileNotFoundError:
        raise refuse("D006", _m("file not found; check the path")) from None
    except PermissionError:
        raise refuse("D006", _m("the file cannot be read (permission denied)")) from None
    except NotARegularFile as exc:
        if exc.kind == "a folder":
            raise refuse("D006", _m("this is a folder, not a program file")) from None
        if exc.kind == "a link":
            raise refuse(
                "D007",
                _m(
                    "{name} is a link; Daya reads only regular files, so copy the program "
                    "here instead of linking to it",
                    name=path.name,
                ),
            ) from None
        raise refuse(
            "D007",
            _m(
                "{name} is {kind}, not a regular file; a program is a plain text file",
                name=path.name,
                kind=file_kind_words(exc.kind),
            ),
        ) from None
    except OSError as exc:
        raise refuse(
            "D006", _m("the file cannot be read ({reason})", reason=exc.strerror or exc)
        ) from None
    if len(raw) > MAX_PROGRAM_BYTES:
        size = max(len(raw), path.lstat().st_size)
        raise refuse(
            "D001",
            _m(
                "the file is {size} MB; a program file may be at most {limit} MB. "
                "Keep large data in the program's data/ folder",
                size=f"{size / 1_000_000:.1f}",
                limit=MAX_PROGRAM_BYTES // 1_000_000,
            ),
        )
    if b"\x00" in raw:
        raise refuse("D002", _m("this is a binary file, not a YAML program; save it as plain text"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise refuse(
            "D003",
            _m(
                "the file is not UTF-8 text (byte {byte}); save it with UTF-8 encoding",
                byte=f"0x{raw[exc.start]:02x}",
            ),
            line,
            col,
        ) from None
    return text


def load_program(path: Path) -> LoadedProgram:
    """Read, parse and validate one program file. Raises ProgramInvalid with every problem found."""
    name = relative_name(path)
    text = read_text(path)
    data, positions, key_positions = parse_yaml(text, name)
    return validate_program(data, name, positions, key_positions)


def validate_program(
    data: Any,
    name: str,
    positions: dict[YamlPath, Position],
    key_positions: dict[YamlPath, Position],
) -> LoadedProgram:
    if not isinstance(data, dict):
        if isinstance(data, list):
            message = _m(
                "the file holds a list, but a program is a mapping of keys "
                "(schema_version:, id:, title: ...); start from a template with `daya new`"
            )
        else:
            message = _m(
                "the file holds a single value, but a program is a mapping of keys "
                "(schema_version:, id:, title: ...); start from a template with `daya new`"
            )
        raise ProgramInvalid(message, [Problem(name, 1, 1, "error", "D005", message)])
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA_VERSION:
        pos = locate(positions, ("schema_version",))
        if version > SCHEMA_VERSION:
            message = _m(
                "schema_version {version} is newer than this Daya understands "
                "({supported}); upgrade Daya (pip install -U daya)",
                version=version,
                supported=SCHEMA_VERSION,
            )
        else:
            message = _m(
                "schema_version {version} is no longer supported; "
                "set schema_version: {supported} and check the format reference",
                version=version,
                supported=SCHEMA_VERSION,
            )
        raise ProgramInvalid(message, [Problem(name, pos.line, pos.col, "error", "D027", message)])
    try:
        program = Program.model_validate(data)
    except ValidationError as exc:
        problems = [_problem_of(err, name, positions, key_positions) for err in exc.errors()]
        raise ProgramInvalid(_m("the program does not follow the format"), problems) from None
    return LoadedProgram(name, program, positions, key_positions)


# --- Turning pydantic's errors into plain language ------------------------------------------


def _clean_loc(loc: tuple[str | int, ...]) -> YamlPath:
    """Drop the union tags pydantic puts in error locations."""
    return tuple(
        part for part in loc if not (isinstance(part, str) and part.startswith(("text:", "value:")))
    )


def _model_at(path: YamlPath) -> type[BaseModel] | None:
    """The model class that holds the mapping at `path`, following list items and optionals."""
    model: Any = Program
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _problem_of(
    err: Any,
    name: str,
    positions: dict[YamlPath, Position],
    key_positions: dict[YamlPath, Position],
) -> Problem:
    """One of pydantic's errors as a located Problem, worded by PROGRAM_MESSAGES."""
    path = _clean_loc(tuple(err["loc"]))
    allowed: list[str] = []
    if err["type"] == "extra_forbidden":
        model = _model_at(path[:-1])
        allowed = sorted(model.model_fields) if model else []
    invalid = Invalid(
        err["type"], path, err.get("input"), err.get("ctx") or {}, err["msg"], allowed
    )
    code, message = explain(invalid, PROGRAM_MESSAGES, "D029")
    if invalid.kind == "missing":  # at the mapping that lacks it
        parent = path[:-1]
        where = locate(key_positions if parent in key_positions else positions, parent)
    elif invalid.kind == "extra_forbidden":  # at the unknown key itself
        where = key_positions.get(path, locate(positions, path))
    else:
        where = locate(positions, path)
    return Problem(name, where.line, where.col, "error", code, message)
