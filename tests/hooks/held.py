"""An MkDocs hook for the tests: after each language's pages are written, it records what the
build still holds of every program page, in `held.json` beside mkdocs.yml. A program page's
Markdown (about 140 KB) and its table of contents must not stay in memory to the build's end;
at thousands of programs they were most of a build's memory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

_files: Files | None = None


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    global _files
    _files = files
    return env


def on_post_build(config: MkDocsConfig) -> None:
    assert _files is not None
    pages = [
        file.page
        for file in _files.documentation_pages()
        if file.page is not None
        and file.src_uri.startswith("programs/")
        and file.src_uri.count("/") == 2  # programs/<id>/index(.en).md
    ]
    record = {
        "pages": len(pages),
        "holding_markdown": sum(1 for page in pages if page.file.content_string),
        "holding_toc": sum(1 for page in pages if len(page.toc.items)),
        "holding_links": sum(1 for page in pages if page.links_to_anchors),
        "with_anchors": sum(1 for page in pages if page.present_anchor_ids),
        "titled": sum(1 for page in pages if page.title),
    }
    report = Path(config.config_file_path).parent / "held.json"
    held = json.loads(report.read_text(encoding="utf-8")) if report.exists() else []
    report.write_text(json.dumps([*held, record]), encoding="utf-8")
