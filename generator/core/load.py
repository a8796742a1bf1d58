"""YAML → Program model, keeping each value's line:col so every message can point at it."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.core.model import SCHEMA_VERSION, Program
from generator.errors import Problem, ProgramInvalid, relative_name
from generator.paths import NotARegularFile, read_regular_file

MAX_PROGRAM_BYTES = 1_000_000
"""Program files are hand-written: a megabyte is far beyond any real one."""

MAX_NESTING = 40

YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int
    col: int


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

    def problem(self, severity: str, code: str, message: str, *path: str | int) -> Problem:
        pos = self.where(*path)
        return Problem(self.file, pos.line, pos.col, severity, code, message)  # type: ignore[arg-type]


def locate(positions: dict[YamlPath, Position], path: YamlPath) -> Position:
    path = tuple(path)
    while path and path not in positions:
        path = path[:-1]
    return positions.get(path, Position(1, 1))


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS: dict[str, str] = {}
STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml when available (fast); composing never expands aliases, the walk below refuses
    them. The type of a plain scalar (`2026-01-01`, `yes`, `12`) depends on its text alone, so
    short ones are resolved once per process: keys and repeated values are most of a file."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not ScalarNode or not implicit[0] or len(value) > 40:
            return super().resolve(kind, value, implicit)
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_PLAIN_TAGS) < 100_000:
                _PLAIN_TAGS[value] = tag
        return tag


class _Refused(Exception):
    def __init__(self, code: str, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.code, self.message, self.line, self.col = code, message, line, col


def read_text(path: Path) -> str:
    """Read a program file as UTF-8 text, refusing what cannot be a program."""
    name = relative_name(path)

    def refuse(code: str, message: str, line: int = 1, col: int = 1) -> ProgramInvalid:
        return ProgramInvalid(message, [Problem(name, line, col, "error", code, message)])

    if path.parent.is_symlink():
        raise refuse(
            "D007",
            f"the folder {relative_name(path.parent)} is a link; keep each program in a folder "
            "of its own inside programs/",
        )
    try:
        raw = read_regular_file(path, MAX_PROGRAM_BYTES)
    except FileNotFoundError:
        raise refuse("D006", "file not found; check the path") from None
    except PermissionError:
        raise refuse("D006", "the file cannot be read (permission denied)") from None
    except NotARegularFile as exc:
        if exc.kind == "a folder":
            raise refuse("D006", "this is a folder, not a program file") from None
        if exc.kind == "a link":
            raise refuse(
                "D007",
                f"{path.name} is a link; Daya reads only regular files, so copy the program "
                "here instead of linking to it",
            ) from None
        raise refuse(
            "D007",
            f"{path.name} is {exc.kind}, not a regular file; a program is a plain text file",
        ) from None
    except OSError as exc:
        raise refuse("D006", f"the file cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_PROGRAM_BYTES:
        size = max(len(raw), path.lstat().st_size)
        raise refuse(
            "D001",
            f"the file is {size / 1_000_000:.1f} MB; a program file may be at most "
            f"{MAX_PROGRAM_BYTES // 1_000_000} MB. "
            "Keep large data in the program's data/ folder",
        )
    if b"\x00" in raw:
        raise refuse("D002", "this is a binary file, not a YAML program; save it as plain text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise refuse(
            "D003",
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
            "save it with UTF-8 encoding",
            line,
            col,
        ) from None
    return text


def parse_yaml(
    text: str, name: str
) -> tuple[Any, dict[YamlPath, Position], dict[YamlPath, Position]]:
    """Parse YAML text into plain values plus the position of every value and key."""

    def refuse(code: str, message: str, line: int = 1, col: int = 1) -> ProgramInvalid:
        return ProgramInvalid(message, [Problem(name, line, col, "error", code, message)])

    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        raise refuse(
            "D003",
            f"the file contains a control character (#x{exc.character:04x}) that YAML does not "
            "allow; delete it",
            line,
            col,
        ) from None
    except yaml.composer.ComposerError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "expected a single document" in str(exc):
            raise refuse(
                "D016",
                "the file holds more than one YAML document (a second '---'); "
                "keep one program per file",
                line,
                col,
            ) from None
        if "undefined alias" in str(exc):
            raise refuse("D013", ALIAS_MESSAGE, line, col) from None
        raise refuse("D010", f"YAML syntax error: {exc.problem}", line, col) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise refuse(*_explain_syntax_error(exc, text), line, col) from None
    except yaml.YAMLError as exc:
        raise refuse("D010", f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise refuse("D015", "the file is nested too deeply to be a program") from None

    if root is None:
        raise refuse("D004", "the file is empty; start from a template with `daya new`")

    positions: dict[YamlPath, Position] = {}
    key_positions: dict[YamlPath, Position] = {}
    problems: list[Problem] = []

    seen_nodes: set[int] = set()

    def build(node: Node, path: YamlPath) -> Any:
        if not isinstance(node, ScalarNode):
            # A composed node met twice is an alias (*name): refuse before it can expand.
            if id(node) in seen_nodes:
                raise refuse("D013", ALIAS_MESSAGE, *_at(node))
            seen_nodes.add(id(node))
        positions[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
        if len(path) > MAX_NESTING:
            raise refuse("D015", "the file is nested too deeply to be a program", *_at(node))
        if node.tag not in (MAP_TAG, SEQ_TAG) and not isinstance(node, ScalarNode):
            problems.append(Problem(name, *_at(node), "error", "D017", _tag_message(node.tag)))
            return None
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            first_seen: dict[str, Node] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    problems.append(
                        Problem(name, *_at(key_node), "error", "D010", "a key must be plain text")
                    )
                    continue
                key = key_node.value
                refused = _refused_scalar(key_node, path, key=True)
                if refused:
                    problems.append(Problem(name, *_at(key_node), "error", *refused))
                    continue
                if key in first_seen:
                    first_line = first_seen[key].start_mark.line + 1
                    problems.append(
                        Problem(
                            name,
                            *_at(key_node),
                            "error",
                            "D012",
                            f"duplicate key '{key}' (first written on line {first_line}); "
                            "keep one and delete or merge the other",
                        )
                    )
                    continue
                first_seen[key] = key_node
                key_positions[(*path, key)] = Position(*_at(key_node))
                result[key] = build(value_node, (*path, key))
            return result
        if isinstance(node, SequenceNode):
            return [build(item, (*path, i)) for i, item in enumerate(node.value)]
        refused = _refused_scalar(node, path)
        if refused:
            problems.append(Problem(name, *_at(node), "error", *refused))
            return None
        if node.tag == STR_TAG:
            return node.value  # most scalars: no constructor needed
        try:
            return _construct_scalar(node)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError):
            problems.append(
                Problem(
                    name,
                    *_at(node),
                    "error",
                    "D014",
                    f"'{node.value}' looks like a date but is not a real one; "
                    "write it as YYYY-MM-DD (for example 2027-12-31)",
                )
            )
            return node.value

    data = build(root, ())
    if problems:
        raise ProgramInvalid("the YAML has problems", problems)
    return data, positions, key_positions


SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "timestamp")
)
"""The tags a program's plain values resolve to; any other (`!!binary`, `!foo`) is refused."""
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Characters no document can show (tab, newline and carriage return are text)."""


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return (
        f"the YAML tag '{shown}' is not allowed in program files; "
        "remove it and write the value plainly"
    )


def _refused_scalar(node: ScalarNode, path: YamlPath, key: bool = False) -> tuple[str, str] | None:
    """(code, message) when a scalar (a value at `path`, or a key in it) carries a foreign tag
    or a control character."""
    if node.tag not in SCALAR_TAGS:
        return "D017", _tag_message(node.tag)
    found = CONTROL.search(node.value)
    if found:
        what = f"a key in {_describe_path(path)}" if key else _describe_path(path)
        return (
            "D018",
            f"{what} contains a control character (U+{ord(found.group()):04X}) that no "
            "document can show; delete it",
        )
    return None


ALIAS_MESSAGE = (
    "YAML anchors and aliases (&name, *name) are not allowed in program files; "
    "write the value out in full"
)

_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _construct_scalar(node: ScalarNode) -> Any:
    """A scalar's Python value (int, float, bool, date, str...) by YAML's safe rules."""
    return _CONSTRUCTOR.construct_object(node, deep=True)


def _line_col(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _at(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _explain_syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str]:
    problem = exc.problem or "the YAML cannot be read"
    if "maximum nesting depth" in problem:
        return "D015", "the file is nested too deeply to be a program"
    mark = exc.problem_mark
    line_text = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "'\\t'" in problem or "\t" in problem or "\t" in line_text[: mark.column + 1 if mark else 0]:
        return "D011", "a tab is used for indentation; YAML needs spaces (replace each tab)"
    hints = {
        "mapping values are not allowed": (
            "a ':' is in an unexpected place; put text containing ': ' in quotes "
            "or fix the indentation of this line"
        ),
        "could not find expected ':'": "a key is missing its ':' or the indentation is off",
        "found undefined alias": "YAML aliases (*name) are not allowed in program files",
        "while parsing a flow": (
            "text inside [ ] or { } that contains ':', '?', ',', '#' or quotes must itself "
            "be in quotes"
        ),
    }
    for needle, hint in hints.items():
        if needle in problem or needle in (exc.context or ""):
            return "D010", f"YAML syntax error: {hint}"
    context = f" {exc.context}" if exc.context else ""
    return "D010", f"YAML syntax error: {problem}{context}; check the indentation and quotes"


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
        kind = "a list" if isinstance(data, list) else "a single value"
        message = (
            f"the file holds {kind}, but a program is a mapping of keys "
            "(schema_version:, id:, title: ...); start from a template with `daya new`"
        )
        raise ProgramInvalid(message, [Problem(name, 1, 1, "error", "D005", message)])
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA_VERSION:
        pos = locate(positions, ("schema_version",))
        if version > SCHEMA_VERSION:
            message = (
                f"schema_version {version} is newer than this Daya understands "
                f"({SCHEMA_VERSION}); upgrade Daya (pip install -U daya)"
            )
        else:
            message = (
                f"schema_version {version} is no longer supported; "
                f"set schema_version: {SCHEMA_VERSION} and check the format reference"
            )
        raise ProgramInvalid(message, [Problem(name, pos.line, pos.col, "error", "D027", message)])
    try:
        program = Program.model_validate(data)
    except ValidationError as exc:
        problems = [
            _explain_validation_error(err, name, positions, key_positions) for err in exc.errors()
        ]
        raise ProgramInvalid("the program does not follow the format", problems) from None
    return LoadedProgram(name, program, positions, key_positions)


# --- Turning pydantic's errors into plain language ------------------------------------------


def _clean_loc(loc: tuple[str | int, ...]) -> YamlPath:
    """Drop the union tags pydantic puts in error locations."""
    return tuple(
        part for part in loc if not (isinstance(part, str) and part.startswith(("text:", "value:")))
    )


def _describe_path(path: YamlPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


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


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "yes/no (true/false)"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _number(value: Any) -> str:
    """A bound as people write it: `999,999,999,999,999`, `0.5`, `2199-12-31`."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _explain_validation_error(
    err: Any,
    name: str,
    positions: dict[YamlPath, Position],
    key_positions: dict[YamlPath, Position],
) -> Problem:
    path = _clean_loc(tuple(err["loc"]))
    kind: str = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    field = str(path[-1]) if path and isinstance(path[-1], str) else _describe_path(path)
    where = _describe_path(path)
    pos = locate(positions, path)
    code, message = "D029", f"{where}: {err['msg']}"

    if kind == "missing":
        parent = path[:-1]
        pos = (
            locate(key_positions, parent) if parent in key_positions else locate(positions, parent)
        )
        code = "D020"
        message = f"missing required field '{field}' in {_describe_path(parent)}; add it"
    elif kind == "extra_forbidden":
        pos = key_positions.get(path, pos)
        code = "D021"
        model = _model_at(path[:-1])
        allowed = sorted(model.model_fields) if model else []
        guess = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
        hint = (
            f"did you mean '{guess[0]}'?"
            if guess
            else (f"allowed here: {', '.join(allowed)}" if allowed else "remove it")
        )
        message = f"unknown key '{field}' in {_describe_path(path[:-1])}; {hint}"
    elif kind == "literal_error":
        code = "D023"
        expected = str(ctx.get("expected", ""))
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        guess = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = f"did you mean '{guess[0]}'? " if guess else ""
        if field == "schema_version":
            message = f"schema_version must be {SCHEMA_VERSION}"
        else:
            message = (
                f"{_show(value)} is not allowed for {where}; {hint}use one of: {', '.join(options)}"
            )
    elif kind == "string_pattern_mismatch":
        code = "D024"
        pattern = str(ctx.get("pattern", ""))
        if "A-Z]{2}" in pattern:
            rule = "a two-letter country code in capitals, for example ID"
        elif "A-Z]{3}" in pattern:
            rule = "a three-letter currency code in capitals, for example IDR"
        elif "\\d{1,2}" in pattern:
            rule = 'an SDG target number in quotes, for example "6.1"'
        elif "D3" in pattern:
            rule = "a warning code such as D301 (only warnings can be ignored)"
        elif "A-Z" in pattern:
            rule = (
                "letters, digits, '.' and '-' only, starting with a letter or digit, "
                "not ending in '.' (e.g. A1.2)"
            )
        else:
            rule = (
                "lowercase letters, digits, '.' and '-' only, not ending in '.' "
                "(e.g. air-bersih-sukamaju)"
            )
        message = f"{_show(value)} is not a valid value for {where}: use {rule}"
    elif kind == "string_too_long":
        code = "D024"
        length = len(value) if isinstance(value, str) else 0
        message = (
            f"{where} is too long: {length:,} characters, at most {_number(ctx.get('max_length'))}"
        )
    elif kind == "finite_number":
        code = "D026"
        message = f"{where} must be a finite number, not {_show(value)}"
    elif kind in {
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    }:
        code = "D025"
        message = (
            f"{_show(value)} is not a date for {where}; write it as YYYY-MM-DD (e.g. 2027-12-31)"
        )
    elif kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        code = "D026"
        limit = next(ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx)
        if isinstance(value, dt.date):
            bound = f"on or {'after' if kind.startswith('greater') else 'before'} {limit}"
        else:
            bound = {
                "greater_than": f"more than {_number(limit)}",
                "greater_than_equal": f"at least {_number(limit)}",
                "less_than": f"less than {_number(limit)}",
                "less_than_equal": f"at most {_number(limit)}",
            }[kind]
        message = f"{where} is {_show(value)} but must be {bound}; change the value"
    elif kind in {"string_type", "str_type"}:
        code = "D022"
        quote = " (put it in quotes to make it text)" if not isinstance(value, dict | list) else ""
        message = f"{where} should be text, not {_show(value)}{quote}"
    elif kind in {"int_type", "int_parsing", "int_from_float"}:
        code = "D022"
        message = f"{where} should be a whole number, not {_show(value)}"
    elif kind in {"float_type", "float_parsing"}:
        code = "D022"
        message = f"{where} should be a number, not {_show(value)}"
    elif kind in {"bool_type", "bool_parsing"}:
        code = "D022"
        message = f"{where} should be true or false, not {_show(value)}"
    elif kind == "list_type":
        code = "D022"
        message = f"{where} should be a list (one '- ' item per line), not {_show(value)}"
    elif kind in {"model_type", "model_attributes_type", "dict_type"}:
        code = "D022"
        message = f"{where} should be a mapping of keys and values, not {_show(value)}"
    elif kind == "too_short":
        code = "D020"
        message = f"{where} needs at least {ctx.get('min_length')} item(s); add one"
    elif kind == "value_error":
        code = "D029"
        message = f"{where}: {str(ctx.get('error', err['msg']))}"
    elif kind.startswith("union_tag"):
        code = "D022"
        message = f"{where} should be text or a number, not {_show(value)}"
    return Problem(name, pos.line, pos.col, "error", code, message)
