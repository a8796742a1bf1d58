"""serve --dirty keeps the theme's file list for the session (site/dirty.py): the files it adds
are MkDocs' own, and a file added to the project's overrides folder is seen at once."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from generator.site.dirty import _add_theme_files, _theme_files_found, kept_theme_files


def listed(add, config) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    files = Files([File("assets/images/favicon.png", config.docs_dir, config.site_dir, True)])
    add(files, config.theme.get_env(), config)
    return [(f.src_path, f.src_dir) for f in files]


def test_the_kept_theme_files_are_mkdocs_own_and_follow_the_overrides(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "overrides").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme:\n  name: material\n  custom_dir: overrides\n", encoding="utf-8"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    _theme_files_found.clear()
    try:
        mkdocs_own = listed(_add_theme_files, config)
        assert len(mkdocs_own) > 20  # Material's scripts, styles and fonts
        # The docs' own favicon wins over the theme's, as in MkDocs.
        assert [d for p, d in mkdocs_own if p == "assets/images/favicon.png"] == [config.docs_dir]
        assert listed(kept_theme_files, config) == mkdocs_own
        assert listed(kept_theme_files, config) == mkdocs_own  # from the session's list

        extra = tmp_path / "overrides" / "assets" / "extra.css"
        extra.parent.mkdir()
        extra.write_text("p {}\n", encoding="utf-8")
        now = listed(_add_theme_files, config)
        assert ("assets/extra.css", str(tmp_path / "overrides")) in now
        assert listed(kept_theme_files, config) == now
    finally:
        _theme_files_found.clear()
