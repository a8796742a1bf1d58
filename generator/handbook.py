"""The handbook on disk: finding it, reading its method cards, and checking its pages.

The method cards in docs/methods/ are the one list of method ids that programs may cite.
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from generator.errors import DayaError, Problem, Severity, relative_name
from generator.load import Position, YamlPath, parse_yaml
from generator.paths import NotARegularFile, read_regular_file, read_regular_text, replace_file

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def find_project_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` (default: cwd) holding mkdocs.yml and docs/.

    Falls back to the repository this package was installed from (editable installs), so
    `daya check` on a program outside the repository still knows the handbook's methods.
    """
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        if (folder / "mkdocs.yml").is_file() and (folder / "docs").is_dir():
            return folder
    if (PACKAGE_ROOT / "mkdocs.yml").is_file() and (PACKAGE_ROOT / "docs").is_dir():
        return PACKAGE_ROOT
    return None


def project_root_here() -> Path | None:
    """The project around the current folder, without find_project_root's package fallback.

    Commands that act on "the whole handbook" by default must not reach into the repository
    Daya was installed from when they run somewhere else.
    """
    root = find_project_root()
    here = Path.cwd().resolve()
    return root if root is not None and (root == here or root in here.parents) else None


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """(front-matter, body, line number where the body starts) of a Markdown page."""
    if not text.startswith("---\n"):
        return {}, text, 1
    end = text.find("\n---\n", 4)
    if end == -1:
        return {}, text, 1
    meta = yaml.safe_load(text[4:end]) or {}
    body = text[end + 5 :]
    return (meta if isinstance(meta, dict) else {}), body, text[: end + 5].count("\n") + 1


def method_card_paths(docs_dir: Path) -> list[Path]:
    """The Indonesian method cards (the English ones share their ids)."""
    folder = docs_dir / "methods"
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.glob("*.md") if not p.name.endswith(".en.md") and p.name != "index.md"
    )


@cache
def _method_ids_cached(docs_dir: Path, stamp: tuple[tuple[str, float], ...]) -> frozenset[str]:
    ids = set()
    for path in method_card_paths(docs_dir):
        try:
            meta, _, _ = split_front_matter(read_regular_text(path, MAX_PAGE_BYTES))
        except (OSError, ValueError, yaml.YAMLError):
            continue
        if isinstance(meta.get("id"), str):
            ids.add(meta["id"])
    return frozenset(ids)


def method_ids(docs_dir: Path) -> set[str]:
    """Ids declared in the front-matter of the method cards under docs_dir/methods."""
    paths = method_card_paths(docs_dir)
    stamp = tuple((p.name, p.stat().st_mtime) for p in paths)
    return set(_method_ids_cached(docs_dir, stamp))


# --- Checking the handbook (`daya check`) -----------------------------------------------------
#
# D4xx rules are about the pages under docs/. Every page is `x.md` (Indonesian, the source) with
# its translation `x.en.md`; a method card is a page in docs/methods/ other than its index.

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

Language = Literal["id", "en"]
Stage = Literal["assess", "plan", "implement", "monitor", "evaluate", "learn"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

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
MAX_PAGE_BYTES = 1_000_000

PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|FIXME|lorem\s+ipsum)\b", re.IGNORECASE)
ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
HTML_TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
HASH_LENGTH = 12


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
class Heading:
    level: int
    title: str
    line: int


@dataclass(frozen=True)
class Page:
    """One Markdown page of the handbook, read and split."""

    path: Path
    name: str  # as shown in messages (relative to the cwd)
    rel: str  # relative to docs/, with '/'
    meta: dict[str, Any]
    positions: dict[YamlPath, Position]  # absolute line:col of each front-matter value
    key_positions: dict[YamlPath, Position]
    lines: list[str]  # the whole file, line endings normalised
    body_line: int  # 1-based line where the body starts

    @property
    def language(self) -> Language:
        return "en" if self.path.name.endswith(".en.md") else "id"

    @property
    def is_method_card(self) -> bool:
        folder, _, name = self.rel.partition("/")
        return folder == "methods" and "/" not in name and name not in {"index.md", "index.en.md"}

    def at(self, line: int, col: int, severity: Severity, code: str, message: str) -> Problem:
        return Problem(self.name, line, col, severity, code, message)

    def at_key(self, key: str, severity: Severity, code: str, message: str) -> Problem:
        pos = self.key_positions.get((key,), Position(1, 1))
        return self.at(pos.line, pos.col, severity, code, message)


def page_stem(path: Path) -> str:
    """`fgd` for both fgd.md and fgd.en.md."""
    return path.name.removesuffix(".md").removesuffix(".en")


def translation_path(path: Path) -> Path:
    """x.md ⇄ x.en.md."""
    if path.name.endswith(".en.md"):
        return path.with_name(path.name.removesuffix(".en.md") + ".md")
    return path.with_name(path.name.removesuffix(".md") + ".en.md")


def handbook_pages(folder: Path) -> list[Path]:
    """Every Markdown page at or under `folder` (assets such as docs/javascripts are not pages)."""
    if folder.is_file():
        return [folder] if folder.suffix == ".md" else []
    return sorted(p for p in folder.rglob("*.md") if p.is_file())


def handbook_docs_dir(path: Path) -> Path | None:
    """The handbook folder (a project's docs/) that holds `path`, or None."""
    resolved = path.resolve()
    root = find_project_root(resolved if resolved.is_dir() else resolved.parent)
    if root is None:
        return None
    docs = root / "docs"
    return docs if resolved == docs or docs in resolved.parents else None


def _front_matter_end(lines: Sequence[str]) -> int | None:
    """Index of the line closing the front-matter, or None when the page has none."""
    if not lines or lines[0].rstrip("\r\n") != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") == "---":
            return i
    return None


def page_body(text: str) -> str:
    """The text after the front-matter, line endings normalised to \\n."""
    lines = text.replace("\r\n", "\n").split("\n")
    end = _front_matter_end(lines)
    return "\n".join(lines if end is None else lines[end + 1 :])


def source_hash(text: str) -> str:
    """What an English page's `translated_from` records: a fingerprint of the Indonesian body.

    The first 12 hex digits of the SHA-256 of the body, with line endings normalised to \\n and
    trailing whitespace stripped (at the end of each line and of the body), so an editor that
    trims spaces does not count as a change of the text.
    """
    body = "\n".join(line.rstrip() for line in page_body(text).split("\n")).rstrip()
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def read_page(path: Path, docs_dir: Path) -> Page | Problem:
    """Read and split one page; a Problem (D400) when it cannot be read."""
    name = relative_name(path)

    def unreadable(message: str, line: int = 1, col: int = 1) -> Problem:
        return Problem(name, line, col, "error", "D400", message)

    try:
        raw = read_regular_file(path, MAX_PAGE_BYTES)
    except NotARegularFile as exc:
        return unreadable(
            f"the page is {exc.kind}, not a regular file; a link could publish a file from "
            "outside the handbook, so put the page itself here"
        )
    except OSError as exc:
        return unreadable(f"the page cannot be read ({exc.strerror}); check the file")
    if len(raw) > MAX_PAGE_BYTES:
        return unreadable(
            f"the page is {len(raw) / 1_000_000:.1f} MB; a handbook page may be at most "
            f"{MAX_PAGE_BYTES // 1_000_000} MB. Split it into several pages"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return unreadable(
            f"the page is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
            "save it with UTF-8 encoding",
            line,
        )
    lines = text.replace("\r\n", "\n").split("\n")
    end = _front_matter_end(lines)
    meta: dict[str, Any] = {}
    positions: dict[YamlPath, Position] = {}
    key_positions: dict[YamlPath, Position] = {}
    if end is not None and any(line.strip() for line in lines[1:end]):
        try:
            data, positions, key_positions = parse_yaml("\n".join(lines[1:end]) + "\n", name)
        except DayaError as exc:
            first = exc.problems[0] if exc.problems else None
            message = first.message if first else exc.message
            return unreadable(
                f"the front-matter is not valid YAML: {message}",
                (first.line + 1) if first else 1,
                first.col if first else 1,
            )
        if not isinstance(data, dict):
            return unreadable(
                "the front-matter must be keys and values (title: ...), not a list or text", 2
            )
        meta = data
        positions = {k: Position(v.line + 1, v.col) for k, v in positions.items()}
        key_positions = {k: Position(v.line + 1, v.col) for k, v in key_positions.items()}
    rel = path.resolve().relative_to(docs_dir.resolve()).as_posix()
    body_line = 1 if end is None else end + 2
    return Page(path, name, rel, meta, positions, key_positions, lines, body_line)


def _prose_lines(page: Page) -> Iterator[tuple[int, str]]:
    """(line number, line) of the body outside fenced code blocks."""
    fence: str | None = None
    for number, line in enumerate(page.lines[page.body_line - 1 :], start=page.body_line):
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
        elif opening:
            fence = opening.group(1)
        else:
            yield number, line


def page_headings(page: Page) -> list[Heading]:
    """ATX headings of the body, outside fenced code blocks."""
    found: list[Heading] = []
    for number, line in _prose_lines(page):
        match = ATX_HEADING.match(line)
        if match:
            title = re.sub(r"[ \t]+#+$|^#+$", "", match.group(2) or "")
            title = re.sub(r"\s*\{[^}]*\}$", "", title).strip()  # attr_list: {#anchor}
            found.append(Heading(len(match.group(1)), title, number))
    return found


def count_words(page: Page) -> int:
    """Words of prose in the body: link targets, HTML tags and fenced code do not count."""
    prose = "\n".join(line for _, line in _prose_lines(page))
    return len(WORD.findall(HTML_TAG.sub(" ", LINK_TARGET.sub("]", prose))))


def _section_lines(page: Page, headings: list[Heading], index: int) -> list[str]:
    """The lines under headings[index] up to the next heading of the same or a higher level."""
    start = headings[index].line
    level = headings[index].level
    stop = next((h.line for h in headings[index + 1 :] if h.level <= level), len(page.lines) + 1)
    return page.lines[start : stop - 1]


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


def _explain_card_error(page: Page, model: type[MethodCard], err: Any) -> Problem:
    loc = tuple(err["loc"])
    field = str(loc[0]) if loc else "front-matter"
    where = field + "".join(f"[{part}]" for part in loc[1:])
    value = err.get("input")
    kind: str = err["type"]
    pos = page.positions.get(loc) or page.key_positions.get(loc[:1]) or Position(1, 1)
    if kind == "missing":
        message = f"missing field '{field}'; add it to the front-matter"
    elif value is None and kind != "extra_forbidden":
        message = f"{where} is empty; fill it in"
    elif kind == "extra_forbidden":
        allowed = list(model.model_fields)
        guess = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{guess[0]}'?" if guess else f"allowed: {', '.join(allowed)}"
        pos = page.key_positions.get(loc[:1], pos)
        message = f"unknown field '{field}'; {hint}"
    elif kind == "literal_error":
        expected = str((err.get("ctx") or {}).get("expected", ""))
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        guess = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = f"did you mean '{guess[0]}'? " if guess else ""
        message = f"{where}: '{value}' is not allowed; {hint}use one of: {', '.join(options)}"
    elif kind == "too_short" and field == "stage":
        message = "stage is empty; list at least one of: " + ", ".join(get_args(Stage))
    elif kind == "too_short":
        message = f"{where} is empty; list at least one"
    elif kind == "string_too_short":
        message = f"{where} is empty; fill it in"
    elif kind == "string_pattern_mismatch":
        message = (
            f"{where}: '{value}' is not a valid id; use lowercase letters, digits, '.' and '-' "
            "(e.g. transect-walk)"
        )
    elif kind == "list_type":
        message = f"{where} should be a list ([a, b] or one '- ' item per line), not '{value}'"
    elif kind in {"string_type", "str_type"} and isinstance(value, list | dict):
        message = f"{where} should be one piece of text, not a list or mapping"
    elif kind in {"string_type", "str_type"}:
        message = f"{where} should be text, not {value!r}; put it in quotes"
    else:
        message = f"{where}: {err['msg']}"
    return page.at(pos.line, pos.col, "error", "D401", message)


def check_card_sections(page: Page, headings: list[Heading]) -> Iterator[Problem]:
    """D402: a card has exactly the required `##` sections, in order."""
    required = CARD_SECTIONS[page.language]
    listing = ", ".join(required)
    seen: dict[str, Heading] = {}
    typos: set[str] = set()
    furthest = -1
    for heading in (h for h in headings if h.level == 2):
        title = heading.title
        if title == GENERATED_CARD_SECTION[page.language]:
            yield page.at(
                heading.line,
                1,
                "error",
                "D402",
                f"'## {title}' is added by the site itself; remove this section",
            )
        elif title not in required:
            missing = [s for s in required if s not in seen]
            guess = difflib.get_close_matches(title, missing, n=1, cutoff=0.6)
            if guess:
                typos.add(guess[0])
                hint = f"did you mean '## {guess[0]}'?"
            else:
                hint = f"a card has only these sections: {listing}"
            yield page.at(
                heading.line,
                1,
                "error",
                "D402",
                f"'## {title}' is not a section of a method card; {hint}",
            )
        elif title in seen:
            yield page.at(
                heading.line,
                1,
                "error",
                "D402",
                f"'## {title}' appears twice (first on line {seen[title].line}); merge them",
            )
        else:
            seen[title] = heading
            order = required.index(title)
            if order < furthest:
                later = required[furthest]
                yield page.at(
                    heading.line,
                    1,
                    "error",
                    "D402",
                    f"'## {title}' comes after '## {later}' (line {seen[later].line}); "
                    f"a card's sections go in this order: {listing}",
                )
            furthest = max(furthest, order)
    for order, title in enumerate(required):
        if title in seen or title in typos:
            continue
        following = [seen[s].line for s in required[order + 1 :] if s in seen]
        line = min(following) if following else len(page.lines)
        place = f"after '## {required[order - 1]}'" if order else "as the first section"
        yield page.at(
            line,
            1,
            "error",
            "D402",
            f"the card has no '## {title}' section; add it {place}",
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
    if not any(LIST_ITEM.match(line) for line in _section_lines(page, headings, index)):
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


# --- Stamping translations (`daya stamp`) -------------------------------------------------------


def stamp_translation(english: Path) -> bool:
    """Write the Indonesian page's current hash into `translated_from`. True if the file changed.

    Only that one line of the front-matter is inserted or replaced; every other byte stays.
    """
    source = translation_path(english)
    if not english.name.endswith(".en.md"):
        raise DayaError(f"{relative_name(english)}: only English pages (*.en.md) are stamped")
    for page in (english, source):
        if page.is_symlink():
            raise DayaError(
                f"{relative_name(page)} is a link; Daya does not write through links, so "
                "replace it with the page itself"
            )
    if not source.is_file():
        raise DayaError(
            f"{relative_name(english)}: there is no {relative_name(source)} to stamp it from"
        )
    digest = source_hash(_read_utf8(source)[1])
    bom, raw = _read_utf8(english)
    lines = raw.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    value = f'"{digest}"' if digest.isdigit() else digest  # all digits would load as a number
    entry = f"translated_from: {value}"
    end = _front_matter_end(lines)
    if end is None:
        lines[:0] = ["---" + newline, entry + newline, "---" + newline]
    else:
        at = next((i for i in range(1, end) if lines[i].startswith("translated_from:")), None)
        if at is None:
            lines.insert(end, entry + newline)
        else:
            ending = lines[at][len(lines[at].rstrip("\r\n")) :]
            lines[at] = entry + ending
    text = "".join(lines)
    if text == raw:
        return False
    replace_file(english, bom + text.encode("utf-8"), mode=english.stat().st_mode & 0o777)
    return True


def _read_utf8(path: Path) -> tuple[bytes, str]:
    """(the byte-order mark if any, the text) of a page; DayaError if it is not UTF-8."""
    try:
        raw = read_regular_file(path, MAX_PAGE_BYTES)
    except OSError as exc:
        raise DayaError(f"{relative_name(path)} cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_PAGE_BYTES:
        raise DayaError(f"{relative_name(path)} is over 1 MB; it is not a handbook page")
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    try:
        return bom, raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise DayaError(
            f"{relative_name(path)}: not UTF-8 text; save it with UTF-8 encoding, then stamp"
        ) from None
