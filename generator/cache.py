"""Content-hash cache: unchanged programs are neither checked nor rendered again.

A key covers everything the result depends on: the program file's bytes, the handbook's
method ids and titles, the language, and Daya's own code, templates and labels (so a new
Daya version never serves a stale page). Entries live in memory and, when a folder is
given, on disk (`.daya-cache/`), so a fresh `mkdocs build` also skips unchanged programs.

The cache holds HTML that is published as it is, so nothing in it is trusted blindly: each
entry on disk is signed with a key kept outside the repository (in the user's cache folder),
an entry whose signature or shape is wrong is a miss, and the cache only ever deletes the
entry files it could have written. A cache folder that is a link is not used at all.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.paths import read_regular_file

PACKAGE = Path(__file__).parent
CACHE_FOLDER = ".daya-cache"
"""Where a project keeps the cache, beside mkdocs.yml (the site plugin's `cache_dir`)."""
HEADER = b"daya-cache 1 "
MAX_ENTRY_BYTES = 500_000_000
ENTRY_NAME = re.compile(r"^[0-9a-f]{64}$")
SHARD_NAME = re.compile(r"^[0-9a-f]{2}$")


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


def shape(kind: Any) -> Callable[[Any], bool]:
    """A predicate: does a value read from the cache have the shape `kind` (a TypedDict, say)?
    Anything else is a miss, not a crash."""
    adapter = TypeAdapter(kind)

    def valid(value: Any) -> bool:
        try:
            adapter.validate_python(value, strict=True)
        except ValidationError:
            return False
        return True

    return valid


def secret_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "daya" / "cache-signing-key"


@cache
def signing_key() -> bytes:
    """This machine's key for signing cache entries, made on first use.

    It lives outside every repository, so a cache folder that came with a clone (or a pull
    request) holds no entry this machine will accept. When it cannot be stored, each process
    uses a key of its own: entries on disk then only last for that process.
    """
    path = secret_path()
    stored = _read_signing_key(path)
    if stored is not None:
        return stored
    key = secrets.token_hex(32).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(key)
        os.link(temp, path)  # fails if another process stored its key first
        os.unlink(temp)
    except OSError:
        Path(f"{path.parent}/.{path.name}.{os.getpid()}").unlink(missing_ok=True)
        return _read_signing_key(path) or key
    return key


def _read_signing_key(path: Path) -> bytes | None:
    try:
        data = read_regular_file(path, 64)
    except OSError:
        return None
    return data if re.fullmatch(rb"[0-9a-f]{64}", data) else None


def _signature(key: str, body: bytes) -> bytes:
    mac = hmac.new(signing_key(), key.encode("ascii") + b"\0" + body, hashlib.sha256)
    return mac.hexdigest().encode("ascii")


def folder_digest(folder: Path | None) -> str:
    """Digest of a folder's files (a templates folder): part of the keys of what it shapes."""
    if folder is None or not folder.is_dir():
        return "-"
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder)).encode()
        if path.is_symlink():  # never followed: the template loader refuses it anyway
            digest.update(name + b" -> " + os.fsencode(os.readlink(path)))
        elif path.is_file():
            digest.update(name)
            digest.update(path.read_bytes())
    return digest.hexdigest()


class ContentCache:
    """A key → JSON value store in memory, backed by signed files in `folder` when one is given.

    JSON, not pickle: the folder sits in the repository, and reading it must never run code.
    """

    def __init__(self, folder: Path | None = None) -> None:
        # A folder that is a link would have the cache write (and prune) somewhere else.
        self.folder = folder if folder is not None and not _is_link(folder) else None
        self.memory: dict[str, Any] = {}
        self.used: set[str] = set()
        """Keys read or written since this object was made: what `prune` keeps."""

    def _path(self, key: str) -> Path | None:
        if self.folder is None or not ENTRY_NAME.match(key):
            return None
        return self.folder / key[:2] / key

    def get(
        self,
        key: str,
        remember: bool = True,
        valid: Callable[[Any], bool] | None = None,
    ) -> Any | None:
        """The value kept under `key`, or None; `remember=False` leaves large values on disk.

        An entry on disk counts only with this machine's signature, and, given `valid`, only
        when it has the shape the caller expects.
        """
        self.used.add(key)
        value = self.memory.get(key)
        if value is None:
            value = self._read(key)
            if value is not None and remember:
                self.memory[key] = value
        if value is not None and valid is not None and not valid(value):
            self.memory.pop(key, None)
            value = None
        return value

    def _read(self, key: str) -> Any | None:
        path = self._path(key)
        if path is None or _is_link(path.parent):
            return None
        try:
            data = read_regular_file(path, MAX_ENTRY_BYTES)
        except OSError:
            return None
        header, _, body = data.partition(b"\n")
        if not header.startswith(HEADER) or not hmac.compare_digest(
            header[len(HEADER) :], _signature(key, body)
        ):
            return None
        try:
            return json.loads(body)
        except ValueError:
            return None

    def has(self, key: str) -> bool:
        """Whether an entry is kept under `key` (read without checking it: `get` does)."""
        self.used.add(key)
        path = self._path(key)
        return key in self.memory or (path is not None and path.is_file())

    @property
    def on_disk(self) -> bool:
        """Whether entries are kept in a folder (else in memory only)."""
        return self.folder is not None

    def put(self, key: str, value: Any, remember: bool = True) -> bool:
        """Keep `value` under `key`; True when it was written to the folder."""
        self.used.add(key)
        path = self._path(key)
        if remember or path is None:
            self.memory[key] = value
        if path is None:
            return False
        try:
            if _is_link(path.parent):
                self.memory[key] = value
                return False
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True, exist_ok=True)
                ignore = self.folder / ".gitignore"  # type: ignore[operator]
                if not ignore.exists():  # never committed: its pages are served as they are
                    ignore.write_text("# Daya's build cache (generator/cache.py)\n*\n")
            body = json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(HEADER + _signature(key, body) + b"\n" + body)
            os.replace(temp, path)
        except OSError:
            # A cache that cannot be written only makes the next build slower; the value
            # stays in memory for this one.
            self.memory[key] = value
            return False
        return True

    def prune(self) -> int:
        """Delete the entries on disk no one used since this object was made (old versions of
        programs and pages, results of an older Daya); returns how many were deleted.

        Only files named like an entry, in a shard folder named like one, are ever deleted:
        never a link, never anything else someone put in the folder. Call it only after a
        complete build, which has used every entry still current.
        """
        if self.folder is None or not self.folder.is_dir():
            return 0
        deleted = 0
        for shard in self.folder.iterdir():
            if not SHARD_NAME.match(shard.name) or _is_link(shard) or not shard.is_dir():
                continue
            for path in shard.iterdir():
                if (
                    ENTRY_NAME.match(path.name)
                    and path.name.startswith(shard.name)
                    and path.name not in self.used
                    and not _is_link(path)
                    and path.is_file()
                ):
                    try:
                        path.unlink()
                        deleted += 1
                    except OSError:
                        pass
        return deleted


def _is_link(path: Path) -> bool:
    return os.path.islink(path)
