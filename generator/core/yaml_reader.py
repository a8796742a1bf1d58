"""YAML text → plain values, with the line:col of every value and key, read safely.

libyaml composes the node tree (fast, and it never expands an alias); the walk here turns nodes
into values and refuses what a program file must not hold: aliases, tags other than the plain
ones, control characters, duplicate keys, nesting deeper than 40. Every refusal is a located
problem; a walk reports all it finds in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.core.explain import YamlPath, describe_path
from generator.core.messages import _m
from generator.errors import Problem, ProgramInvalid

MAX_NESTING = 40

STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "timestamp")
)
"""The tags a program's plain values resolve to; any other (`!!binary`, `!foo`) is refused."""
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Characters no document can show (tab, newline and carriage return are text)."""


def alias_message() -> str:
    return _m(
        "YAML anchors and aliases (&name, *name) are not allowed in program files; "
        "write the value out in full"
    )


def too_deep() -> str:
    return _m("the file is nested too deeply to be a program")


def syntax_hints() -> dict[str, str]:
    """A plain-language message for libyaml's most common complaints."""
    return {
        "mapping values are not allowed": _m(
            "YAML syntax error: a ':' is in an unexpected place; put text containing ': ' in "
            "quotes or fix the indentation of this line"
        ),
        "could not find expected ':'": _m(
            "YAML syntax error: a key is missing its ':' or the indentation is off"
        ),
        "found undefined alias": _m(
            "YAML syntax error: YAML aliases (*name) are not allowed in program files"
        ),
        "while parsing a flow": _m(
            "YAML syntax error: text inside [ ] or {{ }} that contains ':', '?', ',', '#' or "
            "quotes must itself be in quotes"
        ),
    }


class Position(NamedTuple):
    """Where a value or key is written (a tuple: a file has one for each of thousands)."""

    line: int
    col: int


class Parsed(NamedTuple):
    data: Any
    positions: dict[YamlPath, Position]
    key_positions: dict[YamlPath, Position]


def locate(positions: dict[YamlPath, Position], path: YamlPath) -> Position:
    """The position of `path`, or of its nearest written ancestor."""
    path = tuple(path)
    while path and path not in positions:
        path = path[:-1]
    return positions.get(path, Position(1, 1))


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS: dict[str, str] = {}


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


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def refusal(name: str, code: str, message: str, line: int = 1, col: int = 1) -> ProgramInvalid:
    return ProgramInvalid(message, [Problem(name, line, col, "error", code, message)])


def parse_yaml(text: str, name: str) -> Parsed:
    """Parse YAML text into plain values plus the position of every value and key."""
    root = compose(text, name)
    if root is None:
        raise refusal(name, "D004", _m("the file is empty; start from a template with `daya new`"))
    walk = _Walk(name)
    data = walk.value(root, ())
    if walk.problems:
        raise ProgramInvalid(_m("the YAML has problems"), walk.problems)
    return Parsed(data, walk.positions, walk.key_positions)


def compose(text: str, name: str) -> Node | None:
    """libyaml's node tree of the text; a ProgramInvalid naming the line when it cannot be."""
    try:
        loader = _Loader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:
        raise refusal(
            name,
            "D003",
            _m(
                "the file contains a control character ({character}) that YAML does not "
                "allow; delete it",
                character=f"#x{exc.character:04x}",
            ),
            *_line_col(text, exc.position),
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise refusal(name, *_explain_syntax_error(exc, text), line, col) from None
    except yaml.YAMLError as exc:
        raise refusal(name, "D010", _m("YAML syntax error: {error}", error=exc)) from None
    except RecursionError:
        raise refusal(name, "D015", too_deep()) from None


class _Walk:
    """Node tree → values, recording positions and every problem met."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.positions: dict[YamlPath, Position] = {}
        self.key_positions: dict[YamlPath, Position] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def problem(self, node: Node, code: str, message: str) -> None:
        self.problems.append(Problem(self.name, *_at(node), "error", code, message))

    def value(self, node: Node, path: YamlPath) -> Any:
        if not isinstance(node, ScalarNode):
            # A composed node met twice is an alias (*name): refuse before it can expand.
            if id(node) in self.seen:
                raise refusal(self.name, "D013", alias_message(), *_at(node))
            self.seen.add(id(node))
        self.positions[path] = Position(*_at(node))
        if len(path) > MAX_NESTING:
            raise refusal(self.name, "D015", too_deep(), *_at(node))
        if isinstance(node, MappingNode) and node.tag == MAP_TAG:
            return self.mapping(node, path)
        if isinstance(node, SequenceNode) and node.tag == SEQ_TAG:
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        self.problem(node, "D017", _tag_message(node.tag))
        return None

    def mapping(self, node: MappingNode, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, "D010", _m("a key must be plain text"))
                continue
            refused = _refused_scalar(
                key_node, lambda: _m("a key in {where}", where=describe_path(path))
            )
            if refused:
                self.problem(key_node, *refused)
                continue
            key = key_node.value
            if key in first_seen:
                first_line = first_seen[key].start_mark.line + 1
                self.problem(
                    key_node,
                    "D012",
                    _m(
                        "duplicate key '{key}' (first written on line {line}); "
                        "keep one and delete or merge the other",
                        key=key,
                        line=first_line,
                    ),
                )
                continue
            first_seen[key] = key_node
            self.key_positions[(*path, key)] = Position(*_at(key_node))
            result[key] = self.value(value_node, (*path, key))
        return result

    def scalar(self, node: ScalarNode, path: YamlPath) -> Any:
        if node.tag == STR_TAG and not CONTROL.search(node.value):
            return node.value  # most scalars: no constructor needed
        refused = _refused_scalar(node, lambda: describe_path(path))
        if refused:
            self.problem(node, *refused)
            return None
        try:
            return _CONSTRUCTOR.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError):
            self.problem(
                node,
                "D014",
                _m(
                    "'{value}' looks like a date but is not a real one; "
                    "write it as YYYY-MM-DD (for example 2027-12-31)",
                    value=node.value,
                ),
            )
            return node.value
        finally:
            # The constructor remembers every node it built: forget it, or a long run (a
            # catalogue of thousands of programs) keeps every program's nodes alive.
            _CONSTRUCTOR.constructed_objects.pop(node, None)
            _CONSTRUCTOR.recursive_objects.pop(node, None)  # left behind when it raised


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return _m(
        "the YAML tag '{tag}' is not allowed in program files; remove it and write the value "
        "plainly",
        tag=shown,
    )


def _refused_scalar(node: ScalarNode, what: Callable[[], str]) -> tuple[str, str] | None:
    """(code, message) when a scalar carries a foreign tag or a control character. `what`
    words the place only then: a file has thousands of keys, and wording each was a tenth of
    a program's load."""
    if node.tag not in SCALAR_TAGS:
        return "D017", _tag_message(node.tag)
    found = CONTROL.search(node.value)
    if found:
        return (
            "D018",
            _m(
                "{where} contains a control character ({character}) that no document can show; "
                "delete it",
                where=what(),
                character=f"U+{ord(found.group()):04X}",
            ),
        )
    return None


def _line_col(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _at(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _explain_syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str]:
    problem = exc.problem or "the YAML cannot be read"
    if isinstance(exc, yaml.composer.ComposerError):
        if "expected a single document" in str(exc):
            return "D016", _m(
                "the file holds more than one YAML document (a second '---'); "
                "keep one program per file"
            )
        if "undefined alias" in str(exc):
            return "D013", alias_message()
        return "D010", _m("YAML syntax error: {error}", error=exc.problem)
    if "maximum nesting depth" in problem:
        return "D015", too_deep()
    mark = exc.problem_mark
    lines = text.splitlines()
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "'\\t'" in problem or "\t" in problem or "\t" in line_text[: mark.column + 1 if mark else 0]:
        return "D011", _m("a tab is used for indentation; YAML needs spaces (replace each tab)")
    for needle, hint in syntax_hints().items():
        if needle in problem or needle in (exc.context or ""):
            return "D010", hint
    context = f" {exc.context}" if exc.context else ""
    return "D010", _m(
        "YAML syntax error: {error}; check the indentation and quotes", error=problem + context
    )
