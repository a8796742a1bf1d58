"""An MkDocs hook for the tests: every program page renders the navigation itself, as the
theme does without the plugin's shared navigation (site/shared_nav.py). A site built with it
must equal one built without it, byte for byte (tests/test_dirty_rebuilds.py)."""

from __future__ import annotations

from generator.site.shared_nav import SharedNav


def _keep_nothing(self: SharedNav, html: str) -> str:
    return html


SharedNav.keep = _keep_nothing  # type: ignore[method-assign]
