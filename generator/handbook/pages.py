"""Handbook pages on disk: finding them, reading one into its front-matter and lines, and the
parts of a page the checks and the stamp need (headings, prose, the translation's path)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.core.messages import _m, file_kind_words
from generator.core.yaml_reader import Position, YamlPath
from generator.errors import Problem, Severity, relative_name
from generator.handbook.frontmatter import FrontMatterInvalid, page_body, read_front_matter
from generator.paths import NotARegularFile, find_project_root, read_regular_file

Language = Literal["id", "en"]

MAX_PAGE_BYTES = 1_000_000
ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
HTML_TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
HASH_LENGTH = 12


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
            _m(
                "the page is {kind}, not a regular file; a link could publish a file from "
                "outside the handbook, so put the page itself here",
                kind=file_kind_words(exc.kind),
            )
        )
    except OSError as exc:
        return unreadable(
            _m("the page cannot be read ({reason}); check the file", reason=exc.strerror)
        )
    if len(raw) > MAX_PAGE_BYTES:
        return unreadable(
            _m(
                "the page is {size} MB; a handbook page may be at most {limit} MB. "
                "Split it into several pages",
                size=f"{len(raw) / 1_000_000:.1f}",
                limit=MAX_PAGE_BYTES // 1_000_000,
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return unreadable(
            _m(
                "the page is not UTF-8 text (byte {byte}); save it with UTF-8 encoding",
                byte=f"0x{raw[exc.start]:02x}",
            ),
            line,
        )
    lines = text.replace("\r\n", "\n").split("\n")
    try:
        front = read_front_matter(lines, name)
    except FrontMatterInvalid as exc:
        return exc.problems[0]
    rel = path.resolve().relative_to(docs_dir.resolve()).as_posix()
    return Page(
        path, name, rel, front.meta, front.positions, front.key_positions, lines, front.body_line
    )


def prose_lines(page: Page) -> Iterator[tuple[int, str]]:
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
    for number, line in prose_lines(page):
        match = ATX_HEADING.match(line)
        if match:
            title = re.sub(r"[ \t]+#+$|^#+$", "", match.group(2) or "")
            title = re.sub(r"\s*\{[^}]*\}$", "", title).strip()  # attr_list: {#anchor}
            found.append(Heading(len(match.group(1)), title, number))
    return found


def count_words(page: Page) -> int:
    """Words of prose in the body: link targets, HTML tags and fenced code do not count."""
    prose = "\n".join(line for _, line in prose_lines(page))
    return len(WORD.findall(HTML_TAG.sub(" ", LINK_TARGET.sub("]", prose))))


def section_lines(page: Page, headings: list[Heading], index: int) -> list[str]:
    """The lines under headings[index] up to the next heading of the same or a higher level."""
    start = headings[index].line
    level = headings[index].level
    stop = next((h.line for h in headings[index + 1 :] if h.level <= level), len(page.lines) + 1)
    return page.lines[start : stop - 1]
