"""Refresh the catalogues after templates, labels or messages change.

    python -m generator.core.locale.update

Two domains, two keywords, so they never mix:

- `daya`: the labels documents print (`_()`, `gettext()`, `N_()` in every module and
  template, see babel.cfg), extracted into daya.pot and merged into <lang>/LC_MESSAGES/daya.po;
- `messages`: what the commands say (`_m()`, `_mn()` in every module, see core/messages.py),
  plus argparse's own strings ("usage: ", "show this help message and exit"...) from the
  argparse of the Python that runs this, merged into <lang>/LC_MESSAGES/messages.po.

Merging is Babel's (existing translations stay; new msgids arrive empty for a translator to
fill, msgids no longer used go); in en/ English msgids translate to themselves.
Exits 1 and lists the msgids that still lack an Indonesian translation.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).parent
ROOT = LOCALE.parent.parent.parent
POT = LOCALE / "daya.pot"
MESSAGE_KEYWORDS = {"_m": None, "_mn": (1, 2)}
ARGPARSE_KEYWORDS = {"_": None, "ngettext": (1, 2)}


def extract(output: Path = POT) -> Catalog:
    """Extract every label's msgid into `output` (the committed daya.pot by default)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(output),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with output.open("rb") as handle:
        return read_po(handle)


def extract_messages() -> Catalog:
    """Every message's msgid: `_m()`/`_mn()` in the files babel.cfg names, and argparse's."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(domain="messages", project="Daya", fuzzy=False)
    # Babel notes every f-string it skips, and message values are often f-strings: quiet.
    with contextlib.redirect_stderr(io.StringIO()):
        found = [
            message
            for _, _, message, _, _ in extract_from_dir(
                ROOT, method_map, options_map, keywords=MESSAGE_KEYWORDS
            )
        ]
    found += [
        message
        for _, message, _, _ in extract_from_file(
            "python", argparse.__file__, keywords=ARGPARSE_KEYWORDS
        )
    ]
    for message in found:
        catalog.add(message)
    return catalog


def catalogue_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "daya.po"


def messages_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "messages.po"


def merge(
    lang: str, template: Catalog, path: Path | None = None, domain: str = "daya"
) -> list[str]:
    """Bring the catalogue of `lang` up to the template with Babel's own merge (new msgids
    arrive empty, msgids no longer used go); return the msgids still untranslated."""
    path = path or catalogue_path(lang)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=domain)
    else:
        catalog = Catalog(locale=lang, domain=domain, project="Daya", fuzzy=False)
    # A copy: Babel's update puts the template's own message objects into the catalogue, so
    # filling the English one would otherwise fill every later language with English too.
    catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_header_comment=False)
    if lang == "en":
        for message in catalog:
            if message.id:
                message.string = message.id  # English msgids translate to themselves
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, omit_header=True, sort_output=True, width=0, ignore_obsolete=True)
    return [str(m.id) for m in catalog if m.id and not _translated(m.string)]


def _translated(string: str | Sequence[str] | None) -> bool:
    strings = [string] if isinstance(string, str) else list(string or [""])
    return all(s.strip() for s in strings)


def main() -> int:
    missing = []
    for template, path, domain in [
        (extract(), catalogue_path, "daya"),
        (extract_messages(), messages_path, "messages"),
    ]:
        merge("en", template, path("en"), domain)
        missing += merge("id", template, path("id"), domain)
    for msgid in missing:
        print(f"no Indonesian translation yet: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
