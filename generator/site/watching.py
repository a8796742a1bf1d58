"""`mkdocs serve` notices a save from the system's file events instead of polling.

MkDocs polls every watched folder twice a second (watchdog's PollingObserver). `programs/` is
one of them: at 1,000 programs a poll stats 6,000 files and takes about 80 ms, so serving keeps
a sixth of a core busy, a save waits a quarter of a second on average to be noticed, and the
polls compete with the rebuild for the interpreter. At 10,000 programs a poll would take most
of the half second. The system's own events (inotify, FSEvents, ReadDirectoryChangesW) tell at
once and cost nothing while nothing changes.

They are not the default in MkDocs because they miss saves on some shared folders: a Windows
folder seen from WSL, some Docker and network mounts. There, `watch_natively: false` in the
plugin's settings keeps MkDocs' polling. When the events cannot be set up (more folders than
the system allows to watch), polling is kept too, and the log says so.

This moves the watches MkDocs made onto another observer: `LiveReloadServer.observer` and
`_watched_paths` are MkDocs internals (pinned by `mkdocs<1.7`).
"""

from __future__ import annotations

from typing import Any

from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

CHANGES = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent]
"""The events that mean a file changed. The system also reports files opened and read (the
build reads every program): those would start a rebuild after every rebuild."""


class ChangesObserver(Observer):  # type: ignore[misc,valid-type]
    """The system's observer, told only of changes, and started once: here, to know it works
    (MkDocs' own start then does nothing)."""

    def schedule(self, handler: Any, path: str, *, recursive: bool = False, **_: Any) -> Any:
        return super().schedule(handler, path, recursive=recursive, event_filter=CHANGES)

    def start(self) -> None:
        if not self.is_alive():
            super().start()


def _move_watches(server: LiveReloadServer, observer: Any, watched: dict[str, int]) -> None:
    """Every watched path, as many times as it was watched, onto `observer`."""
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = observer
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)


def watch_natively(server: LiveReloadServer) -> str | None:
    """Move the server's watches to the system's file events; None when they work, else why
    polling was kept."""
    if Observer is PollingObserver:  # the system has no file events watchdog can use
        return "this system offers no file events"
    polling = server.observer
    watched = dict(server._watched_paths)
    native = ChangesObserver()
    _move_watches(server, native, watched)
    try:
        native.start()
    except OSError as exc:  # too many folders for the system's limit, say
        native.unschedule_all()  # a failed start leaves watches without their emitter
        server._watched_paths.clear()
        server._watch_refs.clear()
        server.observer = polling
        for path, count in watched.items():
            for _ in range(count):
                server.watch(path)
        return str(exc)
    return None
