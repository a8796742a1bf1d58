"""Builds a project the way `mkdocs serve` does, in one process, for tests and the bench.

    python tests/serve_session.py PROJECT SITE [--dirty] [--then CHANGES.json ...] [--keep DIR]

Builds PROJECT into SITE as `mkdocs serve [--dirty]` would (the same plugins kept between
rebuilds, Word and Excel files left out); each --then applies CHANGES (a list of
{"write": path, "text": ...} and {"remove": path}, paths relative to PROJECT) and rebuilds, as
the server does when a file is saved. --keep copies the site after each build to DIR/0, DIR/1...
Prints the seconds each build took, one line each.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path

SERVE_URL = "http://127.0.0.1:8000/"


def apply(project: Path, changes: list[dict[str, str]]) -> None:
    for change in changes:
        if "write" in change:
            path = project / change["write"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(change["text"], encoding="utf-8")
        else:
            path = project / change["remove"]
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("site", type=Path)
    parser.add_argument("--dirty", action="store_true")
    parser.add_argument("--then", type=Path, action="append", default=[])
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    if args.dirty:
        sys.argv.append("--dirty")  # mkdocs-static-i18n reads it from the command line
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    if os.environ.get("DAYA_SESSION_DEBUG"):
        logging.getLogger("mkdocs.plugins.generator").setLevel(logging.DEBUG)
    project, site = args.project.resolve(), args.site.resolve()
    keep = args.keep.resolve() if args.keep is not None else None
    steps = [None, *(path.resolve() for path in args.then)]
    os.chdir(project)

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def config():  # type: ignore[no-untyped-def]
        loaded = load_config("mkdocs.yml", site_dir=str(site))
        loaded.site_url = SERVE_URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=args.dirty)
    for step, changes in enumerate(steps):
        if changes is not None:
            apply(project, json.loads(changes.read_text(encoding="utf-8")))
        started = time.perf_counter()
        profile = os.environ.get("DAYA_SESSION_PROFILE")
        if profile and step:
            import cProfile

            cProfile.runctx(
                "build(config(), serve_url=SERVE_URL, dirty=args.dirty)",
                globals(),
                locals(),
                profile,
            )
        else:
            build(first if step == 0 else config(), serve_url=SERVE_URL, dirty=args.dirty)
        print(f"{'rebuild' if step else 'build'} {time.perf_counter() - started:.3f}", flush=True)
        if keep is not None:
            shutil.copytree(site, keep / str(step))
    first.plugins.on_shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
