"""Writing a program's documents to disk: inside the output folder only, atomically, and never
over a folder or file Daya did not write.

Each output folder carries a marker, `.daya-source`, listing what each language's documents
were generated from and every file Daya wrote into it, with its language and hash. A folder
without the marker, or holding a file the marker does not list, belongs to someone else and is
left alone. A run replaces the files of its own language and keeps the other language's: the
Indonesian and English documents of a program can share one folder. A new version is written
into a staging folder beside the old one and swapped in with a rename, so a failed or killed run
leaves the previous output as it was; the next run clears the staging folders of runs that died.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from generator.core.messages import _m
from generator.errors import DayaError, UnsafeOutputPath, relative_name
from generator.paths import current_umask, replace_file

SOURCE_STAMP = ".daya-source"
"""In each output folder: what it was generated from, and the files Daya wrote."""
PROGRAM_FILE = "program.yaml"
MAX_SWAP_ATTEMPTS = 100


class OutputRefused(DayaError):
    """The output folder holds something Daya did not write, or cannot be written."""


def program_output_dir(out_dir: Path, program_id: str) -> Path:
    """out_dir/<id>, refusing any id that would land elsewhere (ids are validated slugs too)."""
    root = out_dir.resolve()
    target = root / program_id
    if target.parent != root or program_id in {"", ".", ".."} or "/" in program_id:
        raise UnsafeOutputPath(
            _m(
                "the program id {id} would write outside {folder}",
                id=repr(program_id),
                folder=out_dir,
            )
        )
    return target


def prepare_out_dir(out_dir: Path) -> None:
    """Make the output folder, or say in one line why it cannot be used."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputRefused(
            _m("--out {folder}: this is a file, not a folder; choose a folder", folder=out_dir)
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as exc:
        raise OutputRefused(
            _m(
                "--out {folder}: the folder cannot be written ({reason}); choose another folder",
                folder=out_dir,
                reason=exc.strerror or exc,
            )
        ) from None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _encoded(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def read_marker(folder: Path) -> dict | None:
    """The marker of a folder Daya wrote, or None: {"sources": {lang: key}, "files": {name:
    {"lang": ..., "sha256": ..., "size": ...}}} (deterministic, like every file Daya writes).

    A marker of Daya 0.x's first format ({"source": key, ...}, one language, files without a
    language) reads as sources {} and files of no language: the next run replaces them."""
    marker = folder / SOURCE_STAMP
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return None
    if not all(isinstance(f, dict) and isinstance(f.get("sha256"), str) for f in files.values()):
        return None
    sources = data.get("sources", {})
    if not isinstance(sources, dict) or not isinstance(data.get("source", ""), str):
        return None
    return {"sources": sources, "files": files}


def output_is_current(out_dir: Path, program_id: str, source_key: str, lang: str) -> bool:
    """True when the `lang` documents in out_dir/<id> were generated from `source_key` and
    every one of them is as written."""
    folder = program_output_dir(out_dir, program_id)
    marker = read_marker(folder) if folder.is_dir() and not folder.is_symlink() else None
    if marker is None or marker["sources"].get(lang) != source_key:
        return False
    marked = (folder / SOURCE_STAMP).stat().st_mtime_ns  # the marker is written last
    for name, written in marker["files"].items():
        if written.get("lang") != lang:
            continue
        path = folder / name
        try:
            info = path.lstat()
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_size != written.get("size"):
            return False
        if info.st_mtime_ns > marked and _digest(path.read_bytes()) != written["sha256"]:
            return False  # changed since Daya wrote it
    return True


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino


def check_owned(folder: Path) -> None:
    """Refuse to replace a folder unless Daya wrote it and everything in it.

    Another run may swap the folder while it is looked at; then it is looked at again.
    """
    for _ in range(MAX_SWAP_ATTEMPTS):
        identity = _identity(folder)
        if identity is None:
            return
        try:
            _refuse_unless_owned(folder)
            return
        except (OutputRefused, OSError):
            if _identity(folder) == identity:
                raise


def _refuse_unless_owned(folder: Path) -> None:
    name = relative_name(folder)
    if folder.is_symlink():
        raise OutputRefused(
            _m(
                "{name}: this is a link; Daya does not write through links, so remove it or "
                "choose another --out",
                name=name,
            )
        )
    if not folder.is_dir():
        raise OutputRefused(
            _m("{name}: this is a file, not a folder Daya wrote; move it away", name=name)
        )
    if (folder / PROGRAM_FILE).exists():
        raise OutputRefused(
            _m(
                "{name}: this folder holds the program itself ({file}); "
                "choose another --out, such as build/programs",
                name=name,
                file=PROGRAM_FILE,
            )
        )
    marker = read_marker(folder)
    if marker is None:
        raise OutputRefused(
            _m(
                "{name}: this folder was not written by Daya (it has no {stamp}), so Daya "
                "will not replace it; move it away or choose another --out",
                name=name,
                stamp=SOURCE_STAMP,
            )
        )
    listed = set(marker["files"]) | {SOURCE_STAMP}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel not in listed and not (path.is_dir() and not path.is_symlink()):
            raise OutputRefused(
                _m(
                    "{name}: {file} was not written by Daya, so Daya will not replace the "
                    "folder; move the file away or choose another --out",
                    name=name,
                    file=rel,
                )
            )


def _staging_name(program_id: str) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(program_id)}\.(\d+)\.(?:\w+\.)?daya-(?:new|old)$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clear_dead_staging(out_dir: Path, program_id: str) -> None:
    """Remove the staging folders a killed run left for this program (its process is gone)."""
    pattern = _staging_name(program_id)
    for entry in out_dir.iterdir():
        match = pattern.match(entry.name)
        if match is None or entry.is_symlink() or not entry.is_dir():
            continue
        pid = int(match.group(1))
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(entry, ignore_errors=True)


def other_language(target: Path, lang: str) -> tuple[dict[str, str], dict[str, tuple[bytes, str]]]:
    """What out_dir/<id> holds in languages other than `lang`: ({lang: source key}, {name:
    (bytes, lang)}), to be carried into the new folder."""
    marker = read_marker(target) if os.path.lexists(target) else None
    if marker is None:
        return {}, {}
    sources = {other: key for other, key in marker["sources"].items() if other != lang}
    files = {
        name: ((target / name).read_bytes(), entry["lang"])
        for name, entry in marker["files"].items()
        if entry.get("lang") in sources and _plain_file(target, name)
    }
    return sources, files


def _plain_file(folder: Path, name: str) -> bool:
    """A regular file inside `folder` (a marker is only read, never trusted)."""
    path = folder / name
    inside = not Path(name).is_absolute() and ".." not in Path(name).parts
    return inside and not path.is_symlink() and path.is_file()


def write_program_files(
    out_dir: Path, program_id: str, files: dict[str, str | bytes], source_key: str, lang: str
) -> Path:
    """Replace the `lang` documents in out_dir/<id>/ with exactly `files`, keeping the other
    language's; on any failure the old folder stays as it was."""
    target = program_output_dir(out_dir, program_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(target):
        check_owned(target)
    sources, kept = other_language(target, lang)
    clear_dead_staging(out_dir, program_id)
    prefix = f".{program_id}.{os.getpid()}."
    staging = Path(tempfile.mkdtemp(prefix=prefix, suffix=".daya-new", dir=out_dir))
    try:
        os.chmod(staging, 0o777 & ~current_umask())
        everything: dict[str, tuple[str | bytes, str]] = {
            rel: kept_file for rel, kept_file in kept.items() if rel not in files
        }
        everything |= {rel: (content, lang) for rel, content in files.items()}
        written = {
            Path(rel).as_posix(): _write_staged(staging, rel, content, file_lang)
            for rel, (content, file_lang) in sorted(everything.items())
        }
        marker = {"sources": {**sources, lang: source_key}, "files": written}
        (staging / SOURCE_STAMP).write_text(json.dumps(marker, indent=1, sort_keys=True) + "\n")
        _swap_in(staging, target, prefix)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _write_staged(staging: Path, rel: str, content: str | bytes, lang: str) -> dict:
    """Write one file into the staging folder; its entry in the marker."""
    path = (staging / rel).resolve()
    if staging.resolve() not in path.parents:
        raise UnsafeOutputPath(
            _m("{file} would write outside the program's folder", file=repr(rel))
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _encoded(content)
    path.write_bytes(data)
    return {"lang": lang, "sha256": _digest(data), "size": len(data)}


def _swap_in(staging: Path, target: Path, prefix: str) -> None:
    """Rename staging to target; a folder already there (Daya's own) is moved aside and removed.

    Another run may swap its own version in at the same moment: each attempt moves aside
    whatever is there, so the last writer wins and every reader sees a complete folder.
    """
    for _ in range(MAX_SWAP_ATTEMPTS):
        try:
            os.rename(staging, target)
            return
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.EISDIR, errno.ENOTDIR):
                raise
        check_owned(target)
        old = Path(tempfile.mkdtemp(prefix=prefix, suffix=".daya-old", dir=target.parent))
        with contextlib.suppress(FileNotFoundError):  # another run moved it first
            os.rename(target, old / "previous")
        shutil.rmtree(old, ignore_errors=True)
    raise OutputRefused(
        _m(
            "{name}: could not be replaced; another run keeps writing it",
            name=relative_name(target),
        )
    )


def write_file(target: Path, data: bytes) -> None:
    """Write one file (a form, an IATI file) atomically; never through a link, never over
    something that is not a file."""
    for part in (target.parent.parent, target.parent, target):
        if part.is_symlink():
            raise UnsafeOutputPath(
                _m("{path} is a link; Daya does not write through links", path=relative_name(part))
            )
    if target.exists() and not target.is_file():
        raise UnsafeOutputPath(_m("{path} exists and is not a file", path=relative_name(target)))
    target.parent.mkdir(parents=True, exist_ok=True)
    replace_file(target, data)
