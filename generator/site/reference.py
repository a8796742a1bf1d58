"""The program-format reference page, written from the pydantic models so it cannot drift."""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from types import NoneType, UnionType
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.core.escaping import escape_markdown
from generator.core.i18n import format_number, translations
from generator.core.labels import label_text
from generator.core.model import Program, TranslatedText
from generator.core.monitoring.files import COLUMNS, REQUIRED


@dataclass(frozen=True)
class FieldRow:
    path: str
    name: str
    type: str
    required: bool
    allowed: list[str]
    limits: list[str]
    description: str
    example: str


def _words(lang: str) -> typing.Callable[[str], str]:
    return translations(lang).gettext


def describe_type(annotation: Any, gettext: typing.Callable[[str], str]) -> tuple[str, list[str]]:
    """(a plain-language type name, allowed values) for an annotation."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return describe_type(args[0], gettext)
    if origin is Literal:
        return gettext("one of the values listed"), [str(a) for a in args]
    if origin in (typing.Union, UnionType):
        members = [a for a in args if a is not NoneType]
        names = [describe_type(m, gettext) for m in members]
        if any(n[0] == gettext("text") for n in names) and any(
            _is_model(m, TranslatedText) for m in _flatten(members)
        ):
            if any(n[0] == gettext("number") for n in names):
                return gettext("number or text"), []
            return gettext("text, or text per language {id: …, en: …}"), []
        return " / ".join(dict.fromkeys(n[0] for n in names)), sum((n[1] for n in names), [])
    if origin is list:
        inner, allowed = describe_type(args[0], gettext)
        return gettext("list of") + " " + inner, allowed
    if origin is dict:
        inner, allowed = describe_type(args[1], gettext)
        return gettext("map of ids to") + " " + inner, allowed
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return gettext("section") + f" ({annotation.__name__})", []
    simple = {str: "text", int: "whole number", float: "number", bool: "true or false"}
    import datetime as dt

    if annotation is dt.date:
        return gettext("date (YYYY-MM-DD)"), []
    return gettext(simple.get(annotation, getattr(annotation, "__name__", str(annotation)))), []


def _flatten(members: list[Any]) -> list[Any]:
    out = []
    for m in members:
        if typing.get_origin(m) is typing.Annotated:
            m = typing.get_args(m)[0]
        if typing.get_origin(m) in (typing.Union, UnionType):
            out += _flatten(list(typing.get_args(m)))
        else:
            out.append(m)
    return out


def _is_model(annotation: Any, model: type[BaseModel]) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, model)


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    found = []
    for member in _flatten([annotation]):
        if typing.get_origin(member) is list:
            found += _nested_models(typing.get_args(member)[0])
        elif typing.get_origin(member) is dict:
            found += _nested_models(typing.get_args(member)[1])
        elif (
            isinstance(member, type)
            and issubclass(member, BaseModel)
            and not issubclass(member, TranslatedText)
        ):
            found.append(member)
    return found


def field_rows(lang: str) -> list[tuple[str, type[BaseModel], list[FieldRow]]]:
    """(section path, model, rows) for Program and every section nested in it, in order."""
    gettext = _words(lang)
    sections: list[tuple[str, type[BaseModel], list[FieldRow]]] = []
    seen: set[tuple[str, type[BaseModel]]] = set()

    def visit(path: str, model: type[BaseModel]) -> None:
        if (path, model) in seen:
            return
        seen.add((path, model))
        rows = []
        children = []
        for name, info in model.model_fields.items():
            rows.append(_row(path, name, info, lang, gettext))
            for child in _nested_models(info.annotation):
                here = f"{path}.{name}" if path else name
                if typing.get_origin(info.annotation) is dict:
                    here += ".<id>"
                children.append((here, child))
        sections.append((path or "program", model, rows))
        for child_path, child in children:
            visit(child_path, child)

    visit("", Program)
    return sections


def field_limits(info: FieldInfo) -> dict[str, Any]:
    """The bounds a field's value must keep (`gt`, `ge`, `le`, `max_length`), wherever they
    are declared: on the field, or on an annotated type inside it (`Money`, `Title`...)."""
    found: dict[str, Any] = {}

    def take(metadata: Any) -> None:
        for item in metadata:
            if isinstance(item, FieldInfo):
                take(item.metadata)
            for name in ("gt", "ge", "le", "max_length"):
                value = getattr(item, name, None)
                if value is not None:
                    found.setdefault(name, value)

    def walk(annotation: Any) -> None:
        args = typing.get_args(annotation)
        if typing.get_origin(annotation) is typing.Annotated:
            take(args[1:])
            walk(args[0])
        elif typing.get_origin(annotation) in (typing.Union, UnionType):
            for arg in args:
                walk(arg)

    take(info.metadata)
    walk(info.annotation)
    return found


def describe_limits(
    limits: dict[str, Any], lang: str, gettext: typing.Callable[[str], str]
) -> list[str]:
    def shown(value: Any) -> str:
        return str(value) if isinstance(value, dt.date) else str(format_number(value, lang))

    words = []
    low = limits.get("ge", limits.get("gt"))
    high = limits.get("le")
    if low is not None and high is not None:
        key = "from {low} to {high}" if "ge" in limits else "more than {low}, at most {high}"
        words.append(gettext(key).format(low=shown(low), high=shown(high)))
    elif "gt" in limits:
        words.append(gettext("more than {low}").format(low=shown(limits["gt"])))
    if "max_length" in limits:
        words.append(gettext("at most {n} characters").format(n=shown(limits["max_length"])))
    return words


def _row(
    path: str, name: str, info: FieldInfo, lang: str, gettext: typing.Callable[[str], str]
) -> FieldRow:
    type_name, allowed = describe_type(info.annotation, gettext)
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    description = str(extra.get("x-description-id") if lang == "id" else info.description or "")
    example = ", ".join(str(e) for e in (info.examples or []))
    return FieldRow(
        path=f"{path}.{name}" if path else name,
        name=name,
        type=type_name,
        required=info.is_required(),
        allowed=allowed,
        limits=describe_limits(field_limits(info), lang, gettext),
        description=description,
        example=example,
    )


def format_reference_markdown(lang: str) -> str:
    """The whole reference page in `lang`."""
    gettext = _words(lang)
    lines = [
        "---",
        f"title: {gettext('Program format reference')}",
        "---",
        "",
        f"# {gettext('Program format reference')}",
        "",
        gettext(
            "This page is generated from Daya's models (generator/core/model.py): every field a "
            "program file may contain, its type, whether it is required, its allowed values "
            "and an example. Unknown keys are errors."
        ),
        "",
    ]
    for path, model, rows in field_rows(lang):
        title = gettext("Top level") if path == "program" else path
        lines += [f"## `{title}`", ""]
        if model.__doc__ and path == "program":
            lines += [escape_markdown(gettext("A program file is a mapping with these keys.")), ""]
        lines += [
            f"| {gettext('Field')} | {gettext('Type')} | {gettext('Required')} | "
            f"{gettext('Allowed values')} | {gettext('Description')} | {gettext('Example')} |",
            "|---|---|---|---|---|---|",
        ]
        for row in rows:
            if row.allowed:
                allowed = ", ".join(f"`{a}`" for a in row.allowed)
            else:  # the limits, in words
                allowed = "; ".join(escape_markdown(a) for a in row.limits) or "–"
            example = f"`{row.example}`" if row.example else "–"
            required = gettext("yes") if row.required else gettext("no")
            lines.append(
                f"| `{row.name}` | {escape_markdown(row.type)} | {required} | {allowed} | "
                f"{escape_markdown(row.description)} | {example} |"
            )
        lines.append("")
    return "\n".join(lines + monitoring_reference(lang))


def monitoring_reference(lang: str) -> list[str]:
    """The monitoring files' columns, from the core's column lists."""
    gettext = _words(lang)

    def words(key: str) -> str:
        return label_text("monitoring-column", key, gettext)

    lines = [f"## {words('title')}", "", words("intro"), ""]
    for kind, columns in COLUMNS.items():
        lines += [
            f"### `monitoring/{kind}.csv`",
            "",
            f"| {words('column')} | {gettext('Required')} | {gettext('Description')} |",
            "|---|---|---|",
        ]
        for column in columns:
            required = gettext("yes") if column in REQUIRED[kind] else gettext("no")
            lines.append(
                f"| `{column}` | {required} | {escape_markdown(words(f'{kind}.{column}'))} |"
            )
        lines.append("")
    return lines
