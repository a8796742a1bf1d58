"""Method cards: the one reader of their front-matter. The cards in docs/methods/ are the one
list of method ids programs may cite, and give each method its title in both languages."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from generator.errors import DayaError
from generator.handbook.frontmatter import read_front_matter
from generator.handbook.pages import MAX_PAGE_BYTES
from generator.paths import find_project_root, read_regular_text

Stage = Literal["assess", "plan", "implement", "monitor", "evaluate", "learn"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class MethodCard(BaseModel):
    """The front-matter of a method card (shared/spec/method-card.md)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    title: Text
    stage: list[Stage] = Field(min_length=1)
    purpose: Text
    time_required: Text
    group_size: Text
    materials: list[Text]
    difficulty: Literal["easy", "medium", "hard"]
    related: list[str]
    sources: list[Text] = Field(min_length=1)


class EnglishMethodCard(MethodCard):
    """The English card also records which version of the Indonesian card it translates."""

    translated_from: str | None = None


@dataclass(frozen=True)
class MethodInfo:
    """What documents need of a method card: its id and its title in one language."""

    id: str
    title: str


def method_card_paths(docs_dir: Path) -> list[Path]:
    """The Indonesian method cards (the English ones share their ids)."""
    folder = docs_dir / "methods"
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.glob("*.md") if not p.name.endswith(".en.md") and p.name != "index.md"
    )


_read_cards: dict[Path, tuple[tuple[int, int], dict]] = {}
"""Front-matter already read, by card file and its (time of change, size)."""


def card_front_matter(path: Path) -> dict:
    """A card's front-matter values; {} when the card cannot be read (the lint says why).

    Remembered while the card file stays as it is: a serve session asks for every card's
    front-matter on every rebuild (titles, lists of cards)."""
    try:
        stat = path.lstat()  # a card replaced by a link is read again, and refused
    except OSError:
        return {}
    stamp = (stat.st_mtime_ns, stat.st_size)
    known = _read_cards.get(path)
    if known is None or known[0] != stamp:
        try:
            text = read_regular_text(path, MAX_PAGE_BYTES)
            meta = read_front_matter(text.replace("\r\n", "\n").split("\n"), str(path)).meta
        except (OSError, ValueError, DayaError):
            meta = {}
        known = _read_cards[path] = (stamp, meta)
    return copy.deepcopy(known[1])


@cache
def _method_ids_cached(docs_dir: Path, stamp: tuple[tuple[str, float], ...]) -> frozenset[str]:
    ids = (card_front_matter(path).get("id") for path in method_card_paths(docs_dir))
    return frozenset(ident for ident in ids if isinstance(ident, str))


def cards_stamp(docs_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Every card file, both languages, by name, time of change and size: changes when a card
    does (a title a program page prints, say)."""
    folder = docs_dir / "methods"
    if not folder.is_dir():
        return ()
    return tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.md"))
    )


def method_ids(docs_dir: Path) -> set[str]:
    """Ids declared in the front-matter of the method cards under docs_dir/methods."""
    paths = method_card_paths(docs_dir)
    stamp = tuple((p.name, p.stat().st_mtime) for p in paths)
    return set(_method_ids_cached(docs_dir, stamp))


def method_infos(lang: str, start: Path | None = None) -> dict[str, MethodInfo]:
    """Titles of the handbook's method cards in `lang`, by id (empty without a handbook)."""
    root = find_project_root(start)
    if root is None:
        return {}
    return method_infos_in(root / "docs", lang)


def method_infos_in(docs_dir: Path, lang: str) -> dict[str, MethodInfo]:
    """Titles of the method cards under docs_dir/methods in `lang`, by id."""
    infos = {}
    for path in method_card_paths(docs_dir):
        localized = path.with_name(f"{path.stem}.en.md") if lang == "en" else path
        meta = card_front_matter(localized if localized.exists() else path)
        if isinstance(meta.get("id"), str):
            infos[meta["id"]] = MethodInfo(meta["id"], str(meta.get("title") or meta["id"]))
    return infos


def method_titles(lang: str, start: Path | None = None) -> dict[str, str]:
    """{method id: title in `lang`}: what the documents print for a cited method."""
    return {ident: info.title for ident, info in method_infos(lang, start).items()}


def method_titles_in(docs_dir: Path, lang: str) -> dict[str, str]:
    """{method id: title in `lang`} of the cards under docs_dir/methods."""
    return {ident: info.title for ident, info in method_infos_in(docs_dir, lang).items()}
