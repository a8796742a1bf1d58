"""Writing a program's documents to disk: inside the output folder only, atomically."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from generator.errors import UnsafeOutputPath


def program_output_dir(out_dir: Path, program_id: str) -> Path:
    """out_dir/<id>, refusing any id that would land elsewhere (ids are validated slugs too)."""
    root = out_dir.resolve()
    target = (root / program_id).resolve()
    if target.parent != root or program_id in {"", ".", ".."}:
        raise UnsafeOutputPath(f"the program id {program_id!r} would write outside {out_dir}")
    return target


def write_program_files(out_dir: Path, program_id: str, files: dict[str, str | bytes]) -> Path:
    """Replace out_dir/<id>/ with exactly `files`; on any failure the old folder stays as it was."""
    target = program_output_dir(out_dir, program_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{program_id}.", dir=out_dir))
    try:
        for rel, content in sorted(files.items()):
            path = (staging / rel).resolve()
            if staging.resolve() not in path.parents:
                raise UnsafeOutputPath(f"{rel!r} would write outside the program's folder")
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="\n")
        old = None
        if target.exists():
            old = target.with_name(f".{program_id}.old")
            if old.exists():
                shutil.rmtree(old)
            target.rename(old)
        staging.rename(target)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
