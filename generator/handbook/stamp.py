"""`daya stamp`: record in an English page which version of the Indonesian page it translates,
so the lint can tell when the source changed since (translation drift, D405)."""

from __future__ import annotations

import codecs
from pathlib import Path

from generator.core.messages import _m
from generator.errors import DayaError, relative_name
from generator.handbook.frontmatter import front_matter_end
from generator.handbook.pages import MAX_PAGE_BYTES, source_hash, translation_path
from generator.paths import read_regular_file, replace_file


def stamp_translation(english: Path) -> bool:
    """Write the Indonesian page's current hash into `translated_from`. True if the file changed.

    Only that one line of the front-matter is inserted or replaced; every other byte stays.
    """
    source = translation_path(english)
    if not english.name.endswith(".en.md"):
        raise DayaError(
            _m("{page}: only English pages (*.en.md) are stamped", page=relative_name(english))
        )
    for page in (english, source):
        if page.is_symlink():
            raise DayaError(
                _m(
                    "{page} is a link; Daya does not write through links, so replace it with "
                    "the page itself",
                    page=relative_name(page),
                )
            )
    if not source.is_file():
        raise DayaError(
            _m(
                "{page}: there is no {source} to stamp it from",
                page=relative_name(english),
                source=relative_name(source),
            )
        )
    digest = source_hash(_read_utf8(source)[1])
    bom, raw = _read_utf8(english)
    lines = raw.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    value = f'"{digest}"' if digest.isdigit() else digest  # all digits would load as a number
    entry = f"translated_from: {value}"
    end = front_matter_end(lines)
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
        raise DayaError(
            _m("{page} cannot be read ({reason})", page=relative_name(path), reason=exc.strerror)
        ) from None
    if len(raw) > MAX_PAGE_BYTES:
        raise DayaError(
            _m("{page} is over 1 MB; it is not a handbook page", page=relative_name(path))
        )
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    try:
        return bom, raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise DayaError(
            _m(
                "{page}: not UTF-8 text; save it with UTF-8 encoding, then stamp",
                page=relative_name(path),
            )
        ) from None
