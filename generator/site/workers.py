"""Program pages converted to HTML in worker processes, on a cold build.

MkDocs reads and converts the pages one after another in its own process: on a cold build of
a thousand programs, Python-Markdown on the program pages is most of the time. So before
MkDocs reads any page, the plugin forks worker processes that read the program pages whose
Markdown was just rendered, exactly as MkDocs would (every plugin's page events, in the same
order). The plugin's own `on_page_content` keeps each page's HTML in the content-hash cache
on disk; MkDocs then finds it there, as on a warm build, and converts nothing. Everything else
a worker learns (search entries, tags, the print page's copy) is thrown away with it: MkDocs
still reads every page in its own process, so the site is the one a single process writes.

MkDocs does not wait for the workers before it reads the handbook's pages: program pages come
last in its order, and each waits only for the task that converts it (`Conversion.wait_for`).
The main process converts the handbook while the workers convert the program pages.

Forking copies the build's state (the configuration, the plugins, the files) without pickling
any of it. It is done only while the process has a single thread: `mkdocs build`, and the
first build of `mkdocs serve`, before its file watcher and web server start. Forking a process
with other threads can leave one of their locks held in the child.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading

from mkdocs.commands.build import _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

CONVERT_FROM = 2
"""Fork from this many pages on: a program page takes longer to convert than the workers to
start."""
CHUNK = 8
"""Pages per task: few enough to share the work out evenly."""

_shared: tuple[MkDocsConfig, Files] | None = None
"""The build's configuration and files, inherited by the forked workers."""


def _quiet() -> None:
    """A worker says nothing: MkDocs reports each page's warnings when it reads it itself."""
    logging.disable(logging.CRITICAL)


def _convert(uris: list[str]) -> int:
    """Read and convert pages in a worker; how many were converted."""
    assert _shared is not None
    config, files = _shared
    done = 0
    for uri in uris:
        file = files.get_file_from_path(uri)
        if file is None or file.page is None:
            continue
        try:
            _populate_page(file.page, config, files)
        except Exception:  # MkDocs reads the page again, and reports what is wrong with it
            continue
        done += 1
    return done


def can_fork() -> bool:
    """Whether worker processes may be forked: on a system that forks, from one thread."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def worker_count() -> int:
    return min(os.cpu_count() or 1, 8)


class Conversion:
    """Program pages being converted in forked worker processes (their HTML lands in the
    cache). Start it after the navigation is made, before MkDocs reads pages; ask `wait_for`
    before a program page is read, and `finish` (or `stop`) before anything forks again."""

    def __init__(self, config: MkDocsConfig, files: Files, uris: list[str]) -> None:
        global _shared
        _shared = (config, files)
        size = max(1, min(CHUNK, len(uris) // worker_count()))
        chunks = [uris[at : at + size] for at in range(0, len(uris), size)]
        self.pool = multiprocessing.get_context("fork").Pool(worker_count(), initializer=_quiet)
        self.tasks = [self.pool.apply_async(_convert, (chunk,)) for chunk in chunks]
        self.waiting = {
            uri: task for chunk, task in zip(chunks, self.tasks, strict=True) for uri in chunk
        }

    def wait_for(self, uri: str) -> None:
        """Until the task that converts page `uri` is done; no wait for any other page."""
        task = self.waiting.pop(uri, None)
        if task is not None:
            task.wait()

    def finish(self) -> int:
        """Waits for every task and ends the workers; how many pages they converted."""
        try:
            self.pool.close()
            self.pool.join()
            return sum(task.get() for task in self.tasks)
        finally:
            self.end()

    def stop(self) -> None:
        """Ends the workers at once (the build failed)."""
        try:
            self.pool.terminate()
            self.pool.join()
        finally:
            self.end()

    def end(self) -> None:
        global _shared
        _shared = None
        self.waiting.clear()
