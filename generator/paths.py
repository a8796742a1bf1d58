"""Reading and writing files safely: regular files only, never through a link.

A program, a handbook page or a template comes from a pull request, so a link in it could
point anywhere (`/etc/passwd`, `/dev/zero`, a FIFO that never ends). Daya reads only regular
files, refuses links and special files, and writes by replacing a file, never through a link.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from functools import cache
from pathlib import Path

from generator.errors import DayaError, relative_name

_KINDS = {
    stat.S_IFLNK: "a link",
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


class NotARegularFile(DayaError):
    """A path that should be a plain file is a link, a folder, a FIFO, a device or a socket."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind
        super().__init__(f"{relative_name(path)} is {kind}, not a regular file")


def file_kind(mode: int) -> str:
    """'a link', 'a FIFO', ... for a stat mode; 'a regular file' for one."""
    return _KINDS.get(stat.S_IFMT(mode), "a regular file")


def read_regular_file(path: Path, limit: int) -> bytes:
    """The file's bytes, at most `limit` + 1 of them (so a caller can tell it is too big).

    Raises NotARegularFile for a link (even one to a regular file), a folder or a special
    file; FileNotFoundError and PermissionError as `open` does. A FIFO is never opened for
    reading, so it cannot block; a device is never read, so it cannot fill the memory.
    """
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFile(path, file_kind(info.st_mode))
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since lstat
            raise NotARegularFile(path, "a link") from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):  # replaced since lstat
            raise NotARegularFile(path, file_kind(mode))
        return handle.read(limit + 1)


def read_regular_text(path: Path, limit: int) -> str:
    """A regular file's UTF-8 text; ValueError when it is over `limit` bytes or not UTF-8."""
    data = read_regular_file(path, limit)
    if len(data) > limit:
        raise ValueError(f"{relative_name(path)} is over {limit:,} bytes")
    return data.decode("utf-8-sig")


def link_between(path: Path, root: Path) -> Path | None:
    """The first link among `path` and its parents up to (not including) `root`, or None."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return path if path.is_symlink() else None
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def replace_file(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` as `path` atomically: a temporary file in the same folder, then a rename.

    A link at `path` is replaced by the file, never written through; callers that must keep
    a link refuse it before calling.
    """
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, mode if mode is not None else 0o666 & ~current_umask())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@cache
def current_umask() -> int:
    """The process's umask, read once (reading it means setting it; it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --- The project around a path: the folder holding mkdocs.yml and docs/ -------------------

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
"""The repository Daya was installed from, for editable installs."""


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


def project_root_here() -> Path | None:
    """The project around the current folder, without find_project_root's package fallback.

    Commands that act on "the whole handbook" by default must not reach into the repository
    Daya was installed from when they run somewhere else.
    """
    root = find_project_root()
    here = Path.cwd().resolve()
    return root if root is not None and (root == here or root in here.parents) else None
