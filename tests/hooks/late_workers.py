"""An MkDocs hook for the tests: on a cold build, the worker processes that convert program
pages (generator/site/workers.py) hold each program page back until MkDocs, in the main
process, has come to the first program page. So MkDocs must read the handbook's pages while
the workers are still at work, and must wait for each program page's HTML. The hook records,
in `late_workers.json` beside mkdocs.yml, how many handbook pages MkDocs read before the first
program page, and for each program page it read whether a worker had converted it by then."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

_main = os.getpid()  # the hook is loaded with the configuration, before anything forks
_folder = Path()
_record: dict[str, dict[str, object]] = {"handbook_pages_first": {}, "converted_when_read": {}}
_handbook_pages_read = 0


def _is_program_page(page: Page) -> bool:
    return page.file.src_uri.startswith("programs/") and page.file.src_uri.count("/") == 2


def _language(page: Page) -> str:
    return "en" if page.file.src_uri.endswith(".en.md") else "id"


def _converting(config: MkDocsConfig) -> bool:
    """Whether worker processes are converting program pages for this language's build."""
    return getattr(config.plugins.get("daya"), "conversion", None) is not None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _folder
    _folder = Path(config.config_file_path).parent / "late_workers"
    _folder.mkdir(exist_ok=True)
    return config


@event_priority(100)  # before the daya plugin waits for the page's task
def on_page_read_source(page: Page, config: MkDocsConfig) -> None:
    global _handbook_pages_read
    if os.getpid() != _main or not _converting(config):
        return
    if not _is_program_page(page):
        _handbook_pages_read += 1
        return
    reached = _folder / f"reached-{_language(page)}"
    if not reached.exists():
        _record["handbook_pages_first"][_language(page)] = _handbook_pages_read
        _handbook_pages_read = 0
        reached.touch()


@event_priority(100)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _is_program_page(page):
        return markdown
    if os.getpid() != _main:  # a worker: hold the page back until MkDocs reaches the programs
        deadline = time.monotonic() + 120
        while not (_folder / f"reached-{_language(page)}").exists():
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
    elif _converting(config):
        converted = (_folder / page.file.src_uri.replace("/", "_")).exists()
        _record["converted_when_read"][page.file.src_uri] = converted
        record = Path(config.config_file_path).parent / "late_workers.json"
        record.write_text(json.dumps(_record, indent=1, sort_keys=True), encoding="utf-8")
    return markdown


@event_priority(-100)  # after the daya plugin put the page's HTML in the cache
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if os.getpid() != _main and _is_program_page(page):
        (_folder / page.file.src_uri.replace("/", "_")).touch()
    return html
