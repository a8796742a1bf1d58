"""What changed in the git work tree since a base revision (for `daya check --changed`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.core.messages import _m
from generator.errors import UsageError


def _git(*args: str) -> str:
    try:
        result = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UsageError(_m("--changed needs git, which is not installed")) from None
    if result.returncode != 0:
        raise UsageError(f"git {' '.join(args)}: {result.stderr.strip() or _m('failed')}")
    return result.stdout


def default_base() -> str:
    for ref in ("origin/main", "main"):
        probe = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", ref], capture_output=True
        )
        if probe.returncode == 0:
            return ref
    raise UsageError(
        _m("--changed: no origin/main or main here; name the base, e.g. --changed HEAD~1")
    )


def changed_files(base: str) -> list[Path]:
    """Existing files that differ from `base` (merge base with HEAD), plus untracked ones."""
    base = base or default_base()
    top = Path(_git("rev-parse", "--show-toplevel").strip())
    merge_base = _git("merge-base", base, "HEAD").strip()
    names = _git("diff", "--name-only", "--diff-filter=ACMR", merge_base).splitlines()
    names += _git("ls-files", "--others", "--exclude-standard", "--full-name").splitlines()
    here = Path.cwd().resolve()
    files = []
    for name in sorted(set(names)):
        path = top / name
        if path.is_file():
            try:
                files.append(path.resolve().relative_to(here))
            except ValueError:
                files.append(path)
    return files
