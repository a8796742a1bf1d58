"""Refresh the label catalogues after templates or labels change.

    python -m generator.locale.update

Extracts the English msgids (templates and generator/core/labels.py) into daya.pot, merges them
into id/LC_MESSAGES/daya.po (keeping existing translations; new labels arrive empty for a
translator to fill) and writes en/LC_MESSAGES/daya.po (English msgids translate to themselves).
Exits 1 and lists the labels that still lack an Indonesian translation.
"""

from __future__ import annotations

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
    """Write the catalogue of `lang` for every msgid of the template; return untranslated ids."""
    path = catalogue_path(lang)
    old: dict[str, str] = {}
    if path.exists():
        with path.open("rb") as handle:
            old = {str(m.id): str(m.string) for m in read_po(handle) if m.id}
    catalog = Catalog(locale=lang, domain="daya", project="Daya", fuzzy=False)
    missing = []
    for message in template:
        if not message.id:
            continue
        msgid = str(message.id)
        text = msgid if lang == "en" else old.get(msgid, "")
        if not text:
            missing.append(msgid)
        catalog.add(msgid, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, omit_header=True, sort_output=True, width=0)
    return missing


def main() -> int:
    template = extract()
    merge("en", template)
    missing = merge("id", template)
    for msgid in missing:
        print(f"no Indonesian translation yet: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
