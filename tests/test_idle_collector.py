"""serve --dirty's idle collector (site/dirty.py): no full garbage collection during a rebuild,
one a moment after it, and Python's own thresholds back when the session ends."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator

import pytest

from generator.site.dirty import IdleCollector


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[IdleCollector]:
    monkeypatch.setattr(IdleCollector, "AFTER", 0.05)
    before = gc.get_threshold()
    made = IdleCollector()
    yield made
    made.release(collect=False)
    gc.set_threshold(*before)


def wait_for(condition, seconds: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_rebuild_holds_the_full_collection_until_a_moment_after_it(
    collector: IdleCollector,
) -> None:
    young, middle, full = gc.get_threshold()
    collections = gc.get_stats()[2]["collections"]
    collector.hold()
    assert gc.get_threshold() == (young, middle, IdleCollector.HELD)
    collector.hold()  # the other language's build: still held, Python's thresholds kept
    collector.release_later()
    assert wait_for(lambda: gc.get_threshold() == (young, middle, full))
    assert gc.get_stats()[2]["collections"] > collections  # collected fully, once released


def test_a_rebuild_that_starts_meanwhile_keeps_it_held(collector: IdleCollector) -> None:
    young, middle, full = gc.get_threshold()
    collector.hold()
    collector.release_later()
    collector.hold()  # the next save, before the moment came
    time.sleep(0.2)
    assert gc.get_threshold() == (young, middle, IdleCollector.HELD)
    collector.release(collect=False)  # the session ends
    assert gc.get_threshold() == (young, middle, full)
