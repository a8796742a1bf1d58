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
from generator.core.messages import _m
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
    "D408": "house style: money, spelling or a calque (docs/guide/style.md)",
    "D409": "method card without a sample output or a worksheet (a table or a diagram)",
}


CARD_SECTIONS: dict[Language, tuple[str, ...]] = {
    "id": (
        "Apa itu",
        "Kapan digunakan",
        "Langkah-langkah",
        "Tips dan jebakan",
        "Di Indonesia",
        "Contoh",
        "Contoh hasil",
        "Lembar kerja",
        "Sumber",
    ),
    "en": (
        "What it is",
        "When to use it",
        "Steps",
        "Tips and pitfalls",
        "In Indonesia",
        "Example",
        "Sample output",
        "Worksheet",
        "Sources",
    ),
}
SHOWN_SECTIONS: dict[Language, tuple[str, str]] = {
    "id": ("Contoh hasil", "Lembar kerja"),
    "en": ("Sample output", "Worksheet"),
}
"""The sections that must show something a reader can see or print: a table or a diagram."""
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
MIN_WORDS_CARD = 550
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
            _m(
                "the card has no front-matter; start it with the fields of every card between "
                "'---' lines ({fields})",
                fields=", ".join(MethodCard.model_fields),
            ),
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
            _m(
                "id '{id}' must equal the file name '{stem}'; set id: {stem} (or rename the "
                "file, and every program citing the old id)",
                id=card.id,
                stem=stem,
            ),
        )
    for i, ref in enumerate(card.related):
        if ref not in card_ids:
            guess = difflib.get_close_matches(ref, sorted(card_ids), n=1, cutoff=0.6)
            if guess:
                message = _m(
                    "related: '{ref}' is not a method card in docs/methods/; "
                    "did you mean '{suggestion}'?",
                    ref=ref,
                    suggestion=guess[0],
                )
            else:
                message = _m(
                    "related: '{ref}' is not a method card in docs/methods/; remove it or write "
                    "that card first",
                    ref=ref,
                )
            pos = page.positions.get(("related", i), Position(1, 1))
            yield page.at(pos.line, pos.col, "error", "D401", message)


def _unknown_field(e: Invalid) -> str:
    guess = closest(e.field, e.allowed_keys)
    if guess:
        return _m(
            "unknown field '{field}'; did you mean '{suggestion}'?", field=e.field, suggestion=guess
        )
    return _m(
        "unknown field '{field}'; allowed: {allowed}",
        field=e.field,
        allowed=", ".join(e.allowed_keys),
    )


def _card_not_allowed(e: Invalid) -> str:
    options = literal_options(e)
    guess = closest(str(e.value), options, cutoff=0.5)
    values = {"where": e.where, "value": e.value, "options": ", ".join(options)}
    if guess:
        return _m(
            "{where}: '{value}' is not allowed; did you mean '{suggestion}'? use one of: {options}",
            suggestion=guess,
            **values,
        )
    return _m("{where}: '{value}' is not allowed; use one of: {options}", **values)


def _empty_list(e: Invalid) -> str:
    if e.field == "stage":
        return _m(
            "stage is empty; list at least one of: {stages}", stages=", ".join(get_args(Stage))
        )
    return _m("{where} is empty; list at least one", where=e.where)


def _card_not_text(e: Invalid) -> str:
    if isinstance(e.value, list | dict):
        return _m("{where} should be one piece of text, not a list or mapping", where=e.where)
    return _m(
        "{where} should be text, not {value}; put it in quotes", where=e.where, value=repr(e.value)
    )


CARD_MESSAGES: Messages = {
    "missing": (
        "D401",
        lambda e: _m("missing field '{field}'; add it to the front-matter", field=e.field),
    ),
    "empty": ("D401", lambda e: _m("{where} is empty; fill it in", where=e.where)),
    "extra_forbidden": ("D401", _unknown_field),
    "literal_error": ("D401", _card_not_allowed),
    "too_short": ("D401", _empty_list),
    "string_too_short": ("D401", lambda e: _m("{where} is empty; fill it in", where=e.where)),
    "string_pattern_mismatch": (
        "D401",
        lambda e: _m(
            "{where}: '{value}' is not a valid id; use lowercase letters, digits, "
            "'.' and '-' (e.g. transect-walk)",
            where=e.where,
            value=e.value,
        ),
    ),
    "list_type": (
        "D401",
        lambda e: _m(
            "{where} should be a list ([a, b] or one '- ' item per line), not '{value}'",
            where=e.where,
            value=e.value,
        ),
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
                message = _m(
                    "'## {title}' comes after '## {later}' (line {line}); "
                    "a card's sections go in this order: {order}",
                    title=heading.title,
                    later=later,
                    line=seen[later].line,
                    order=", ".join(required),
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
        return _m("'## {title}' is added by the site itself; remove this section", title=title)
    if title in seen:
        return _m(
            "'## {title}' appears twice (first on line {line}); merge them",
            title=title,
            line=seen[title].line,
        )
    if title in required:
        return None
    guess = closest(title, [s for s in required if s not in seen])
    if guess:
        typos.add(guess)
        return _m(
            "'## {title}' is not a section of a method card; did you mean '## {suggestion}'?",
            title=title,
            suggestion=guess,
        )
    return _m(
        "'## {title}' is not a section of a method card; a card has only these sections: "
        "{sections}",
        title=title,
        sections=", ".join(required),
    )


def _missing_sections(page: Page, seen: dict[str, Heading], typos: set[str]) -> Iterator[Problem]:
    required = CARD_SECTIONS[page.language]
    for order, title in enumerate(required):
        if title in seen or title in typos:
            continue
        following = [seen[s].line for s in required[order + 1 :] if s in seen]
        line = min(following) if following else len(page.lines)
        if order:
            message = _m(
                "the card has no '## {title}' section; add it after '## {previous}'",
                title=title,
                previous=required[order - 1],
            )
        else:
            message = _m(
                "the card has no '## {title}' section; add it as the first section", title=title
            )
        yield page.at(line, 1, "error", "D402", message)


def check_translations(pages: Sequence[Path]) -> Iterator[Problem]:
    """D403: every page has its other language."""
    present = set(pages)
    for path in pages:
        other = translation_path(path)
        if other in present:
            continue
        if path.name.endswith(".en.md"):
            message = _m(
                "this English page has no Indonesian original; add {page} "
                "(Indonesian comes first) or delete this page",
                page=relative_name(other),
            )
        else:
            message = _m(
                "this page has no English translation; add {page}", page=relative_name(other)
            )
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
                _m(
                    "placeholder text '{text}'; write the real content or remove it",
                    text=match.group(0),
                ),
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
                _m(
                    "the section '{heading}' is empty; write its content or remove the heading",
                    heading=f"{'#' * heading.level} {heading.title}",
                ),
            )


def check_translation_drift(english: Page, source: Page) -> Iterator[Problem]:
    """D405: the English page records the hash of the Indonesian body it was translated from."""
    recorded = english.meta.get("translated_from")
    if recorded is None:
        yield english.at(
            1,
            1,
            "warning",
            "D405",
            _m(
                "not stamped: {english} does not record which version of {source} it "
                "translates; once it matches, run `daya stamp {english}`",
                english=english.name,
                source=source.name,
            ),
        )
    elif str(recorded) != source_hash("\n".join(source.lines)):
        yield english.at_key(
            "translated_from",
            "warning",
            "D405",
            _m(
                "{source} changed since {english} was translated from it; update the "
                "translation, then run `daya stamp {english}`",
                english=english.name,
                source=source.name,
            ),
        )


def check_sources_section(
    page: Page, headings: list[Heading], *, placement: bool = True
) -> Iterator[Problem]:
    """D406: the last `##` section is Sumber/Sources (unless not `placement`: a card's section
    order says it already) and lists at least one source."""
    wanted = SOURCES_HEADING[page.language]
    level2 = [(i, h) for i, h in enumerate(headings) if h.level == 2]
    if not level2 or level2[-1][1].title != wanted:
        earlier = next((h for _, h in level2 if h.title == wanted), None)
        if not placement:
            return
        if earlier:
            last = level2[-1][1]
            message = _m(
                "'## {wanted}' must be the last section, but '## {last}' (line {line}) comes "
                "after it; move the sources to the end",
                wanted=wanted,
                last=last.title,
                line=last.line,
            )
            yield page.at(earlier.line, 1, "error", "D406", message)
        else:
            yield page.at(
                len(page.lines),
                1,
                "error",
                "D406",
                _m(
                    "the page does not end with a '## {wanted}' section; add one listing the "
                    "sources of its facts",
                    wanted=wanted,
                ),
            )
        return
    index, heading = level2[-1]
    if not any(LIST_ITEM.match(line) for line in section_lines(page, headings, index)):
        yield page.at(
            heading.line,
            1,
            "error",
            "D406",
            _m(
                "'## {wanted}' lists no source; add each as a list item "
                "('- Author (year). Title.')",
                wanted=wanted,
            ),
        )


def check_substance(page: Page, headings: list[Heading]) -> Iterator[Problem]:
    """D407: enough words for the page to be worth opening."""
    if page.rel in SUBSTANCE_EXEMPT:
        return
    words = count_words(page)
    minimum = MIN_WORDS_CARD if page.is_method_card else MIN_WORDS_PAGE
    if words >= minimum:
        return
    if page.is_method_card:
        message = _m(
            "only {words} words; a method card needs at least {minimum}: add explanation, "
            "steps or an example from practice",
            words=words,
            minimum=minimum,
        )
    else:
        message = _m(
            "only {words} words; a page needs at least {minimum}: add explanation, steps or "
            "an example from practice",
            words=words,
            minimum=minimum,
        )
    yield page.at(headings[0].line if headings else page.body_line, 1, "error", "D407", message)


# --- House style (docs/guide/style.md): what a machine can check ------------------------------

STYLE_RULES: tuple[tuple[str, re.Pattern[str], str, tuple[Language, ...]], ...] = (
    ("Rp", re.compile(r"\bRp\.? +\d"), "Rp1.500.000", ("id", "en")),
    ("Rp.", re.compile(r"\bRp\.\d"), "Rp1.500.000", ("id", "en")),
    ("kran", re.compile(r"\b[Kk]ran\b"), "keran", ("id",)),
    ("puskesmas", re.compile(r"(?<![/\w-])puskesmas\b"), "Puskesmas", ("id", "en")),
    ("PUSKESMAS", re.compile(r"\bPUSKESMAS\b"), "Puskesmas", ("id", "en")),
    (
        "Musrenbangdes",
        re.compile(r"\b[Mm]usrenbang[ -]?[Dd]es\b|\bmusrenbang desa\b|\bMusrenbang desa\b"),
        "Musrenbang Desa",
        ("id", "en"),
    ),
    (", di mana", re.compile(r",\s+di mana\b"), "tempat …, yang …, atau kalimat baru", ("id",)),
    ("Ilustratif", re.compile(r"\(Ilustratif\.?\)|\bIlustratif:"), "Ilustrasi:", ("id",)),
    ("Illustrative", re.compile(r"\(Illustrative\.?\)|\bIllustrative:"), "Illustration:", ("en",)),
)
"""(name, pattern, what to write instead, languages): money without a space, KBBI spellings,
one form for Puskesmas and Musrenbang Desa, and the relative-clause calques of English."""


def check_house_style(page: Page) -> Iterator[Problem]:
    """D408: the house style, outside code blocks and inline code."""
    fenced = False
    for number, line in enumerate(page.lines, start=1):
        if number < page.body_line:
            continue
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        text = re.sub(r"`[^`]*`|\]\([^)]*\)|https?://\S+", lambda m: " " * len(m.group()), line)
        for name, pattern, instead, languages in STYLE_RULES:
            if page.language not in languages:
                continue
            for match in pattern.finditer(text):
                if name == ", di mana" and _asks(text, match.start()):
                    continue  # "siapa, apa, di mana": a list of questions, not a calque
                yield page.at(
                    number,
                    match.start() + 1,
                    "warning",
                    "D408",
                    _m(
                        "'{found}' is not the house style; write {instead} (see the style page, "
                        "docs/guide/style.md)",
                        found=match.group(0).strip(),
                        instead=instead,
                    ),
                )


QUESTION_WORDS = re.compile(r"\b(?:[Ss]iapa|[Aa]pa|[Kk]apan|[Bb]agaimana|[Bb]erapa|[Mm]engapa)\b")


def _asks(text: str, at: int) -> bool:
    """Whether the sentence around `at` lists questions (its "di mana" means "where?")."""
    start = max(text.rfind(". ", 0, at), text.rfind("? ", 0, at)) + 1
    end = text.find(". ", at)
    sentence = text[start : end if end >= 0 else len(text)]
    return "?" in sentence or bool(QUESTION_WORDS.search(sentence))


def check_card_shows(page: Page, headings: list[Heading]) -> Iterator[Problem]:
    """D409: a card's sample output and worksheet each hold a table or a diagram."""
    for title in SHOWN_SECTIONS[page.language]:
        found = next((h for h in headings if h.level == 2 and h.title == title), None)
        if found is None:
            continue  # D402 says the section is missing
        after = [h.line for h in headings if h.line > found.line and h.level <= 2]
        body = page.lines[found.line : (after[0] - 1) if after else len(page.lines)]
        table = any(re.match(r"^\s*\|.*\|\s*$", line) for line in body) and any(
            re.match(r"^\s*\|?\s*:?-{3,}", line) for line in body
        )
        diagram = any(line.strip().startswith("```mermaid") for line in body)
        if not (table or diagram):
            yield page.at(
                found.line,
                1,
                "error",
                "D409",
                _m(
                    "'## {title}' shows nothing a reader can see or print; add a table (a filled "
                    "sample, or a form with empty cells) or a Mermaid diagram",
                    title=title,
                ),
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
        structure = list(check_card_sections(page, headings)) if page.is_method_card else []
        problems += check_house_style(page)
        if page.is_method_card:
            problems += check_card_front_matter(page, card_ids)
            problems += structure
            problems += check_card_shows(page, headings)
        if page.rel not in SOURCES_EXEMPT:
            # When a card's sections are wrong, their order already says where Sumber goes.
            problems += check_sources_section(page, headings, placement=not structure)
        source = read.get(translation_path(path))
        if page.language == "en" and isinstance(source, Page):  # else D403 or D400 says why
            problems += check_translation_drift(page, source)
    if pages is not None:
        wanted = {relative_name(p) for p in pages}
        problems = [p for p in problems if p.file in wanted]
    return sorted(problems)
