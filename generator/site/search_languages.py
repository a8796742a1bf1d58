"""One search index per language: the Indonesian site finds Indonesian pages, the English site
English ones.

Material's search, under mkdocs-static-i18n, writes one `search/search_index.json` holding
every language, and every page's search looks there (the `base` of its `__config`). After the
build, the index is split: `search/` keeps the default language, `en/search/` gets the English
entries (their locations made relative to `en/`), each with the `search_index.js` copy that
search from `file://` reads; and each English page's `base` points to `en/`, so it loads its
own index and links its results from there. Material keeps preferences (light/dark) under its
own storage scope, which is not the `base`, so they still carry across languages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"
INLINE = Path("search") / "search_index.js"
FORMS = Path("search") / "stems.js"
"""The default language's root words and their derived forms, for highlighting (a script, so
that it loads from `file://` too)."""
_CONFIG_BASE = re.compile(
    r'(<script id="__config" type="application/json">[^<]*?"base": ")([^"]*)(")'
)


def split_search_index(site_dir: Path, languages: list[str], default: str) -> dict[str, int]:
    """Write each language's index; {language: entries}. Does nothing until the index holds
    the other languages (the i18n plugin merges them in its last build)."""
    path = site_dir / INDEX
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    docs: list[dict[str, Any]] = data["docs"]
    prefixes = {lang: f"{lang}/" for lang in languages if lang != default}
    if not any(d["location"].startswith(tuple(prefixes.values())) for d in docs):
        return {}
    counts = {}
    for lang in languages:
        if lang == default:
            own = [d for d in docs if not d["location"].startswith(tuple(prefixes.values()))]
            folder = site_dir
        else:
            prefix = prefixes[lang]
            own = [
                {**d, "location": d["location"].removeprefix(prefix)}
                for d in docs
                if d["location"].startswith(prefix)
            ]
            folder = site_dir / lang
        write_index(folder, {**data, "docs": own})
        counts[lang] = len(own)
    return counts


def write_derived_forms(site_dir: Path) -> int:
    """Write `search/stems.js` from the default language's index; the number of roots."""
    from generator.site.search_stems import derived_forms

    docs = json.loads((site_dir / INDEX).read_text(encoding="utf-8"))["docs"]
    forms = derived_forms(docs)
    text = json.dumps(forms, ensure_ascii=False, separators=(",", ":"))
    (site_dir / FORMS).write_text(f"var __daya_stems = {text}", encoding="utf-8")
    return len(forms)


def write_index(folder: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (folder / INDEX).parent.mkdir(parents=True, exist_ok=True)
    (folder / INDEX).write_text(text, encoding="utf-8")
    (folder / INLINE).write_text(f"var __index = {text}", encoding="utf-8")


def search_from_language_folder(html: str, lang: str) -> str:
    """The page's `__config` base moved into the language's folder (`../..` → `../../en/`)."""
    page, found = _CONFIG_BASE.subn(
        # The trailing slash matters: the browser resolves `search/...` against the base.
        lambda m: f"{m.group(1)}{m.group(2).rstrip('/')}/{lang}/{m.group(3)}",
        html,
        count=1,
    )
    if not found:
        raise ValueError(
            "the page has no Material __config with a relative base; "
            "the search index per language needs Material's base.html"
        )
    return page


def search_index_bytes(site_dir: Path, lang: str, default: str) -> int:
    """The size of a language's search index on disk (what a browser downloads)."""
    path = (site_dir if lang == default else site_dir / lang) / INDEX
    return path.stat().st_size if path.is_file() else 0
