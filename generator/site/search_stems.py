"""Indonesian root words for the search index: *latih* finds *pelatihan*.

Lunr has no Indonesian stemmer, so each Indonesian entry gets a `stems` field holding the
Sastrawi stems of its words that differ from the word itself.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

WORD = re.compile(r"[a-zA-Z]{4,}")
TAG = re.compile(r"<[^>]+>")


@cache
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@cache
def stem(word: str) -> str:
    return _stemmer().stem(word)


@lru_cache(maxsize=50_000)
def stems_of(text: str) -> tuple[str, ...]:
    """Sorted root words of `text` that differ from the words as written.

    Cached by text: `mkdocs serve` rebuilds the whole index after every change, and most
    entries are the same as last time."""
    words = {w.lower() for w in WORD.findall(TAG.sub(" ", text))}
    roots = set()
    for word in words:
        root = stem(word)
        if root and root != word and len(root) >= 3:
            roots.add(root)
    return tuple(sorted(roots))


def add_stems(entries: list[dict[str, Any]], skip_prefixes: tuple[str, ...] = ()) -> None:
    """Add a `stems` field to every entry whose location is not under a skipped prefix."""
    for entry in entries:
        if entry.get("location", "").startswith(skip_prefixes):
            continue
        roots = stems_of(f"{entry.get('title', '')} {entry.get('text', '')}")
        if roots:
            entry["stems"] = " ".join(roots)


def derived_forms(entries: list[dict[str, Any]]) -> dict[str, list[str]]:
    """{root: the words of the index that hide it behind a prefix} (latih: dilatih, pelatihan).

    The site's script marks these in search results and on the page a result opens: Material
    marks only words that begin with what was typed."""
    forms: dict[str, set[str]] = {}
    for entry in entries:
        for root, word in hidden_roots(f"{entry.get('title', '')} {entry.get('text', '')}"):
            forms.setdefault(root, set()).add(word)
    return {root: sorted(words) for root, words in sorted(forms.items())}


@lru_cache(maxsize=50_000)
def hidden_roots(text: str) -> tuple[tuple[str, str], ...]:
    """(root, word) for each word of `text` whose root hides behind a prefix (cached by text,
    like stems_of)."""
    words = {w.lower() for w in WORD.findall(TAG.sub(" ", text))}
    pairs = []
    for word in sorted(words):
        root = stem(word)
        if root and len(root) >= 3 and root in word and not word.startswith(root):
            pairs.append((root, word))
    return tuple(pairs)
