"""The handbook on disk: finding it, and reading its method cards' front-matter.

The method cards in docs/methods/ are the one list of method ids that programs may cite.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

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
            meta, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(meta.get("id"), str):
            ids.add(meta["id"])
    return frozenset(ids)


def method_ids(docs_dir: Path) -> set[str]:
    """Ids declared in the front-matter of the method cards under docs_dir/methods."""
    paths = method_card_paths(docs_dir)
    stamp = tuple((p.name, p.stat().st_mtime) for p in paths)
    return set(_method_ids_cached(docs_dir, stamp))
