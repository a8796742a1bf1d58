"""`daya stamp`: the command; the stamping itself is generator.handbook.stamp."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.cli.terminal import say
from generator.core.messages import _m, _mn
from generator.errors import UsageError, printable, relative_name
from generator.handbook.pages import handbook_pages, translation_path
from generator.handbook.stamp import stamp_translation
from generator.paths import project_root_here


def run_stamp(args: argparse.Namespace) -> int:
    """After translating, record the Indonesian text's hash so `daya check` can spot drift."""
    targets = list(args.paths)
    if not targets:
        root = project_root_here()
        if root is None or not (root / "docs").is_dir():
            raise UsageError(
                _m("no handbook found: run inside a Daya repository or name the pages")
            )
        targets = [root / "docs"]
    pages: list[Path] = []
    for target in targets:
        if target.is_dir():
            for page in handbook_pages(target):
                if not page.name.endswith(".en.md"):
                    continue
                if translation_path(page).is_file():
                    pages.append(page)
                else:
                    skipped = _m("skipped {page}: no Indonesian page", page=relative_name(page))
                    print(printable(skipped), file=sys.stderr)
        elif target.suffix == ".md" and target.is_file():
            pages.append(target if target.name.endswith(".en.md") else translation_path(target))
        else:
            raise UsageError(_m("{path}: not a page (*.md) or a folder of pages", path=target))
    pages = list(dict.fromkeys(pages))
    changed = [page for page in pages if stamp_translation(page)]
    for page in changed:
        say(_m("stamped {page}", page=relative_name(page)))
    print(
        _mn(
            "{changed} of {n} English page stamped",
            "{changed} of {n} English pages stamped",
            len(pages),
            changed=len(changed),
        )
    )
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`daya stamp`: its options."""
    stamp = sub.add_parser(
        "stamp",
        help=_m("record in English pages which version of the Indonesian page they translate"),
        parents=[common],
    )
    stamp.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=_m("English pages (x.en.md; x.md means its translation) or folders (default: docs/)"),
    )
    stamp.set_defaults(run=run_stamp)
