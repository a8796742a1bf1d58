"""Content-hash cache: unchanged programs are neither checked nor rendered again.

A key covers everything the result depends on: the program file's bytes, the handbook's
method ids and titles, the language, and Daya's own code, templates and labels (so a new
Daya version never serves a stale page). Entries live in memory and, when a folder is
given, on disk (`.daya-cache/`), so a fresh `mkdocs build` also skips unchanged programs.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).parent


@cache
def code_digest() -> str:
    """Digest of Daya's code, templates and catalogues: part of every key."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".j2", ".po"}:
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def make_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(code_digest().encode())
    for part in parts:
        digest.update(b"\0")
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
    return digest.hexdigest()


class ContentCache:
    """A key → JSON value store in memory, backed by files in `folder` when one is given.

    JSON, not pickle: the folder sits in the repository, and reading it must never run code.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.memory: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0
        self.used: set[str] = set()
        """Keys read or written since this object was made: what `prune` keeps."""

    def get(self, key: str, remember: bool = True) -> Any | None:
        """The value kept under `key`, or None; `remember=False` leaves large values on disk."""
        self.used.add(key)
        if key in self.memory:
            self.hits += 1
            return self.memory[key]
        if self.folder is not None:
            path = self.folder / key[:2] / key
            try:
                value = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                value = None
            if value is not None:
                if remember:
                    self.memory[key] = value
                self.hits += 1
                return value
        self.misses += 1
        return None

    def put(self, key: str, value: Any, remember: bool = True) -> None:
        self.used.add(key)
        if remember or self.folder is None:
            self.memory[key] = value
        if self.folder is None:
            return
        path = self.folder / key[:2] / key
        try:
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True, exist_ok=True)
                ignore = self.folder / ".gitignore"
                if not ignore.exists():  # never committed: its pages are served as they are
                    ignore.write_text("# Daya's build cache (generator/cache.py)\n*\n")
            handle, temp = tempfile.mkstemp(dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(value, out, ensure_ascii=False, default=str)
            os.replace(temp, path)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def prune(self) -> int:
        """Delete the entries on disk no one used since this object was made (old versions of
        programs and pages, results of an older Daya); returns how many were deleted.

        Call it only after a complete build, which has used every entry still current.
        """
        if self.folder is None or not self.folder.is_dir():
            return 0
        deleted = 0
        for path in self.folder.glob("??/*"):
            if path.name not in self.used:
                try:
                    path.unlink()
                    deleted += 1
                except OSError:
                    pass
        return deleted
