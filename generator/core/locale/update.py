"""Refresh the label catalogues after templates or labels change.

    python -m generator.core.locale.update

Extracts the English msgids (every module of the package and every template, see babel.cfg)
into daya.pot, merges them into id/LC_MESSAGES/daya.po with Babel's catalogue merge (existing
translations stay; new labels arrive empty for a translator to fill) and writes
en/LC_MESSAGES/daya.po (English msgids translate to themselves).
Exits 1 and lists the labels that still lack an Indonesian translation.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).parent
ROOT = LOCALE.parent.parent.parent
POT = LOCALE / "daya.pot"


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


def catalogue_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "daya.po"


def merge(lang: str, template: Catalog) -> list[str]:
    """Bring the catalogue of `lang` up to the template with Babel's own merge (new labels
    arrive empty, labels no longer used go); return the msgids still untranslated."""
    path = catalogue_path(lang)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain="daya")
    else:
        catalog = Catalog(locale=lang, domain="daya", project="Daya", fuzzy=False)
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
    return [str(m.id) for m in catalog if m.id and not m.string]


def main() -> int:
    template = extract()
    merge("en", template)
    missing = merge("id", template)
    for msgid in missing:
        print(f"no Indonesian translation yet: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
