"""`daya check` for the handbook: the D4xx rules on the pages under docs/ (front-matter of the
method cards, their sections, translations, placeholders, drift, sources, substance).

Every page is `x.md` (Indonesian, the source) with its translation `x.en.md`; a method card is
a page in docs/methods/ other than its index.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from generator.core.explain import Invalid, Messages, closest, each, explain, literal_options
from generator.core.yaml_reader import Position
from generator.errors import Problem, relative_name
from generator.handbook.cards import EnglishMethodCard, MethodCard, Stage, method_ids
from generator.handbook.pages import (
    Heading,
    Language,
    Page,
    count_words,
    handbook_pages,
    page_headings,
    page_stem,
    read_page,
    section_lines,
    source_hash,
    translation_path,
)

RULES: dict[str, str] = {
    "D400": "page cannot be read (not UTF-8 text, or front-matter that is not valid YAML)",
    "D401": "method card front-matter invalid",
    "D402": "method card section missing, out of order or not allowed",
    "D403": "page without its translation",
    "D404": "placeholder text or empty section",
    "D405": "translation drift: the English page is not stamped or its source changed",
    "D406": "page does not end with a sources section",
    "D407": "too little substance (too few words)",
}


CARD_SECTIONS: dict[Language, tuple[str, ...]] = {
    "id": (
        "Apa itu",
        "Kapan digunakan",
        "Langkah-langkah",
        "Tips dan jebakan",
        "Di Indonesia",
        "Contoh",
        "Sumber",
    ),
    "en": (
        "What it is",
        "When to use it",
        "Steps",
        "Tips and pitfalls",
        "In Indonesia",
        "Example",
        "Sources",
    ),
}
GENERATED_CARD_SECTION: dict[Language, str] = {
    "id": "Program yang menggunakan metode ini",
    "en": "Programs that use this method",
}
SOURCES_HEADING: dict[Language, str] = {"id": "Sumber", "en": "Sources"}

# Exemptions are explicit lists of paths relative to docs/, so no page slips out by accident.
SOURCES_EXEMPT = frozenset({"index.md", "index.en.md"})  # the home page
SUBSTANCE_EXEMPT = frozenset(
    {
        "index.md",  # the home page
        "index.en.md",
        "guide/format-reference.md",  # generated from the program models
        "guide/format-reference.en.md",
    }
)
MIN_WORDS_CARD = 350
MIN_WORDS_PAGE = 450

PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|FIXME|lorem\s+ipsum)\b", re.IGNORECASE)
LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")


# --- The rules --------------------------------------------------------------------------------


def check_card_front_matter(page: Page, card_ids: set[str]) -> Iterator[Problem]:
    """D401: the card's front-matter follows MethodCard, its id is its file name, related exist."""
    model = EnglishMethodCard if page.language == "en" else MethodCard
    if not page.meta:
        yield page.at(
            1,
            1,
            "error",
            "D401",
            "the card has no front-matter; start it with the fields of every card between "
            f"'---' lines ({', '.join(MethodCard.model_fields)})",
        )
        return
    try:
        card = model.model_validate(page.meta)
    except ValidationError as exc:
        for err in exc.errors():
            yield _explain_card_error(page, model, err)
        return
    stem = page_stem(page.path)
    if card.id != stem:
        yield page.at_key(
            "id",
            "error",
            "D401",
            f"id '{card.id}' must equal the file name '{stem}'; set id: {stem} (or rename the "
            "file, and every program citing the old id)",
        )
    for i, ref in enumerate(card.related):
        if ref not in card_ids:
            guess = difflib.get_close_matches(ref, sorted(card_ids), n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else "remove it or write that card first"
            pos = page.positions.get(("related", i), Position(1, 1))
            yield page.at(
                pos.line,
                pos.col,
                "error",
                "D401",
                f"related: '{ref}' is not a method card in docs/methods/; {hint}",
            )


def _unknown_field(e: Invalid) -> str:
    guess = closest(e.field, e.allowed_keys)
    hint = f"did you mean '{guess}'?" if guess else f"allowed: {', '.join(e.allowed_keys)}"
    return f"unknown field '{e.field}'; {hint}"


def _card_not_allowed(e: Invalid) -> str:
    options = literal_options(e)
    guess = closest(str(e.value), options, cutoff=0.5)
    hint = f"did you mean '{guess}'? " if guess else ""
    return f"{e.where}: '{e.value}' is not allowed; {hint}use one of: {', '.join(options)}"


def _empty_list(e: Invalid) -> str:
    if e.field == "stage":
        return "stage is empty; list at least one of: " + ", ".join(get_args(Stage))
    return f"{e.where} is empty; list at least one"


def _card_not_text(e: Invalid) -> str:
    if isinstance(e.value, list | dict):
        return f"{e.where} should be one piece of text, not a list or mapping"
    return f"{e.where} should be text, not {e.value!r}; put it in quotes"


CARD_MESSAGES: Messages = {
    "missing": ("D401", lambda e: f"missing field '{e.field}'; add it to the front-matter"),
    "empty": ("D401", lambda e: f"{e.where} is empty; fill it in"),
    "extra_forbidden": ("D401", _unknown_field),
    "literal_error": ("D401", _card_not_allowed),
    "too_short": ("D401", _empty_list),
    "string_too_short": ("D401", lambda e: f"{e.where} is empty; fill it in"),
    "string_pattern_mismatch": (
        "D401",
        lambda e: (
            f"{e.where}: '{e.value}' is not a valid id; use lowercase letters, digits, "
            "'.' and '-' (e.g. transect-walk)"
        ),
    ),
    "list_type": (
        "D401",
        lambda e: f"{e.where} should be a list ([a, b] or one '- ' item per line), not '{e.value}'",
    ),
    **each(["string_type", "str_type"], "D401", _card_not_text),
}
"""Pydantic error kinds → (D401, message) for a method card's front-matter; "empty" stands for
any error about a value left empty."""


def _explain_card_error(page: Page, model: type[MethodCard], err: Any) -> Problem:
    loc = tuple(err["loc"])
    kind: str = err["type"]
    if err.get("input") is None and kind not in {"missing", "extra_forbidden"}:
        kind = "empty"
    invalid = Invalid(
        kind, loc, err.get("input"), err.get("ctx") or {}, err["msg"], list(model.model_fields)
    )
    _, message = explain(invalid, CARD_MESSAGES, "D401")
    pos = page.positions.get(loc) or page.key_positions.get(loc[:1]) or Position(1, 1)
    if kind == "extra_forbidden":
        pos = page.key_positions.get(loc[:1], pos)
    return page.at(pos.line, pos.col, "error", "D401", message)


def check_card_sections(page: Page, headings: list[Heading]) -> Iterator[Problem]:
    """D402: a card has exactly the required `##` sections, in order."""
    required = CARD_SECTIONS[page.language]
    seen: dict[str, Heading] = {}
    typos: set[str] = set()
    furthest = -1
    for heading in (h for h in headings if h.level == 2):
        message = _section_problem(page, heading, seen, typos)
        if message is None:
            seen[heading.title] = heading
            order = required.index(heading.title)
            if order < furthest:
                later = required[furthest]
                message = (
                    f"'## {heading.title}' comes after '## {later}' (line {seen[later].line}); "
                    f"a card's sections go in this order: {', '.join(required)}"
                )
            furthest = max(furthest, order)
        if message is not None:
            yield page.at(heading.line, 1, "error", "D402", message)
    yield from _missing_sections(page, seen, typos)


def _section_problem(
    page: Page, heading: Heading, seen: dict[str, Heading], typos: set[str]
) -> str | None:
    """What is wrong with one `##` heading of a card (a typo is remembered in `typos`)."""
    required = CARD_SECTIONS[page.language]
    title = heading.title
    if title == GENERATED_CARD_SECTION[page.language]:
        return f"'## {title}' is added by the site itself; remove this section"
    if title in seen:
        return f"'## {title}' appears twice (first on line {seen[title].line}); merge them"
    if title in required:
        return None
    guess = closest(title, [s for s in required if s not in seen])
    if guess:
        typos.add(guess)
        return f"'## {title}' is not a section of a method card; did you mean '## {guess}'?"
    return (
        f"'## {title}' is not a section of a method card; a card has only these sections: "
        f"{', '.join(required)}"
    )


def _missing_sections(page: Page, seen: dict[str, Heading], typos: set[str]) -> Iterator[Problem]:
    required = CARD_SECTIONS[page.language]
    for order, title in enumerate(required):
        if title in seen or title in typos:
            continue
        following = [seen[s].line for s in required[order + 1 :] if s in seen]
        line = min(following) if following else len(page.lines)
        place = f"after '## {required[order - 1]}'" if order else "as the first section"
        yield page.at(
            line, 1, "error", "D402", f"the card has no '## {title}' section; add it {place}"
        )


def check_translations(pages: Sequence[Path]) -> Iterator[Problem]:
    """D403: every page has its other language."""
    present = set(pages)
    for path in pages:
        other = translation_path(path)
        if other in present:
            continue
        if path.name.endswith(".en.md"):
            message = (
                f"this English page has no Indonesian original; add {relative_name(other)} "
                "(Indonesian comes first) or delete this page"
            )
        else:
            message = f"this page has no English translation; add {relative_name(other)}"
        yield Problem(relative_name(path), 1, 1, "error", "D403", message)


def check_placeholders(page: Page, headings: list[Heading]) -> Iterator[Problem]:
    """D404: no placeholder words and no heading without content under it."""
    for number, line in enumerate(page.lines, start=1):
        for match in PLACEHOLDER.finditer(line):
            yield page.at(
                number,
                match.start() + 1,
                "error",
                "D404",
                f"placeholder text '{match.group(0)}'; write the real content or remove it",
            )
    for i, heading in enumerate(headings):
        following = headings[i + 1] if i + 1 < len(headings) else None
        if following and following.level > heading.level:
            continue  # a subsection opens here
        stop = following.line if following else len(page.lines) + 1
        if not any(line.strip() for line in page.lines[heading.line : stop - 1]):
            yield page.at(
                heading.line,
                1,
                "error",
                "D404",
                f"the section '{'#' * heading.level} {heading.title}' is empty; write its "
                "content or remove the heading",
            )


def check_translation_drift(english: Page, source: Page) -> Iterator[Problem]:
    """D405: the English page records the hash of the Indonesian body it was translated from."""
    recorded = english.meta.get("translated_from")
    stamp = f"run `daya stamp {english.name}`"
    if recorded is None:
        yield english.at(
            1,
            1,
            "warning",
            "D405",
            f"not stamped: {english.name} does not record which version of "
            f"{source.name} it translates; once it matches, {stamp}",
        )
    elif str(recorded) != source_hash("\n".join(source.lines)):
        yield english.at_key(
            "translated_from",
            "warning",
            "D405",
            f"{source.name} changed since {english.name} was translated from it; "
            f"update the translation, then {stamp}",
        )


def check_sources_section(page: Page, headings: list[Heading]) -> Iterator[Problem]:
    """D406: the last `##` section is Sumber/Sources and lists at least one source."""
    wanted = SOURCES_HEADING[page.language]
    level2 = [(i, h) for i, h in enumerate(headings) if h.level == 2]
    if not level2 or level2[-1][1].title != wanted:
        earlier = next((h for _, h in level2 if h.title == wanted), None)
        if earlier:
            last = level2[-1][1]
            message = (
                f"'## {wanted}' must be the last section, but '## {last.title}' (line "
                f"{last.line}) comes after it; move the sources to the end"
            )
            yield page.at(earlier.line, 1, "error", "D406", message)
        else:
            yield page.at(
                len(page.lines),
                1,
                "error",
                "D406",
                f"the page does not end with a '## {wanted}' section; add one listing the "
                "sources of its facts",
            )
        return
    index, heading = level2[-1]
    if not any(LIST_ITEM.match(line) for line in section_lines(page, headings, index)):
        yield page.at(
            heading.line,
            1,
            "error",
            "D406",
            f"'## {wanted}' lists no source; add each as a list item ('- Author (year). Title.')",
        )


def check_substance(page: Page, headings: list[Heading]) -> Iterator[Problem]:
    """D407: enough words for the page to be worth opening."""
    if page.rel in SUBSTANCE_EXEMPT:
        return
    minimum, kind = (
        (MIN_WORDS_CARD, "a method card") if page.is_method_card else (MIN_WORDS_PAGE, "a page")
    )
    words = count_words(page)
    if words < minimum:
        line = headings[0].line if headings else page.body_line
        yield page.at(
            line,
            1,
            "error",
            "D407",
            f"only {words} words; {kind} needs at least {minimum}: add explanation, steps or "
            "an example from practice",
        )


def check_handbook(docs_dir: Path, pages: Iterable[Path] | None = None) -> list[Problem]:
    """Every D4xx problem of the handbook under docs_dir, sorted by file and line.

    With `pages`, only the problems located in those pages are returned (the whole handbook is
    still read, since translations and related cards are checked across pages).
    """
    paths = handbook_pages(docs_dir)
    card_ids = method_ids(docs_dir)
    read = {path: read_page(path, docs_dir) for path in paths}
    problems = list(check_translations(paths))
    for path, page in read.items():
        if isinstance(page, Problem):
            problems.append(page)
            continue
        headings = page_headings(page)
        problems += check_placeholders(page, headings)
        problems += check_substance(page, headings)
        sources = list(check_sources_section(page, headings))
        if page.is_method_card:
            problems += check_card_front_matter(page, card_ids)
            structure = list(check_card_sections(page, headings))
            problems += structure
            if structure:  # the section order already says where Sumber/Sources belongs
                sources = [p for p in sources if "lists no source" in p.message]
        if page.rel not in SOURCES_EXEMPT:
            problems += sources
        source = read.get(translation_path(path))
        if page.language == "en" and isinstance(source, Page):  # else D403 or D400 says why
            problems += check_translation_drift(page, source)
    if pages is not None:
        wanted = {relative_name(p) for p in pages}
        problems = [p for p in problems if p.file in wanted]
    return sorted(problems)
