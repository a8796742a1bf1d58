"""One navigation for all the program pages of a language build.

Material writes the whole navigation (every handbook page, as the menu on a phone) into each
page. A program page is not in the navigation, and every program page sits at the same depth
(`programs/<id>/`) and is drawn under the catalogue (`place_in_catalogue`), so within a build
its navigation's HTML is the same for each of them: the same links, relative to the same
depth, and the same active item. Rendering it was two thirds of the theme's time for a program
page: at 1,000 programs, 2,000 renders of a navigation of a hundred pages in a cold build.

So the theme's `partials/nav.html` is fronted by `FRONT`: for a program page it gives the HTML
that the first program page of the build got, and any other page gets the navigation made as
before. The theme's own `partials/nav.html` (Material's, or a project's override of it) still
makes the HTML: `FRONT` includes it by another name.
"""

from __future__ import annotations

from jinja2 import BaseLoader, ChoiceLoader, DictLoader, Environment, PrefixLoader

NAV = "partials/nav.html"
THEME = "daya-theme"
"""The prefix under which `FRONT` includes the theme's own templates."""
FRONT = (
    "{%- if daya_nav is defined and daya_nav.html is not none -%}{{ daya_nav.html }}"
    f'{{%- else -%}}{{% set html %}}{{% include "{THEME}/{NAV}" %}}{{% endset %}}'
    "{{ daya_nav.keep(html) if daya_nav is defined else html }}{%- endif -%}"
)
"""Nothing around its tags: its output is exactly the theme's navigation."""


class SharedNav:
    """The navigation's HTML as the first program page of a build got it."""

    def __init__(self) -> None:
        self.html: str | None = None

    def keep(self, html: str) -> str:
        self.html = html
        return html


def front_the_navigation(env: Environment) -> None:
    """Put `FRONT` in front of the theme's navigation template (once per environment)."""
    loader = env.loader
    if isinstance(loader, ChoiceLoader) and getattr(loader, "daya_front", False):
        return
    assert isinstance(loader, BaseLoader)
    front = ChoiceLoader([DictLoader({NAV: FRONT}), PrefixLoader({THEME: loader}), loader])
    front.daya_front = True  # type: ignore[attr-defined]
    env.loader = front
