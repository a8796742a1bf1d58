"""The lists of method cards the methods index and the cycle pages get from the cards."""

from __future__ import annotations

from pathlib import Path

from generator.site.method_list import card_rows, fill_method_lists
from tests.conftest import write_tree

CARD = """---
id: {id}
title: "{title}"
stage: [{stages}]
purpose: "{purpose}"
time_required: 2 jam
group_size: 6 orang
materials: [plano]
difficulty: {difficulty}
related: []
sources: ["Someone (2020). A book."]
---

# {title}
"""


def cards(root: Path) -> Path:
    docs = root / "docs"
    write_tree(
        docs / "methods",
        {
            "zeta.md": CARD.format(
                id="zeta",
                title="Zeta",
                stages="monitor, evaluate",
                purpose="Memantau.",
                difficulty="easy",
            ),
            "alpha.md": CARD.format(
                id="alpha",
                title="Alpha <script>alert(1)</script> | x",
                stages="assess",
                purpose="**tebal** {{ jinja }}",
                difficulty="hard",
            ),
            "alpha.en.md": CARD.format(
                id="alpha",
                title="Alpha in English",
                stages="assess",
                purpose="To assess.",
                difficulty="hard",
            ),
            "index.md": "# Metode\n\n<!-- daya:methods -->\n",
        },
    )
    return docs


def identity(text: str) -> str:
    return text


def test_a_cycle_page_lists_every_card_that_names_its_stage(tmp_path: Path) -> None:
    rows = card_rows(cards(tmp_path), "id")
    page = "# Pantau\n\n<!-- daya:methods stage=monitor -->\n\nAfter.\n"
    filled = fill_method_lists(page, rows, identity, "../methods/")
    assert "[Zeta](../methods/zeta.md)" in filled
    assert "alpha" not in filled
    assert "1 method cards list this stage." in filled
    assert filled.endswith("After.\n")
    evaluate = fill_method_lists("<!-- daya:methods stage=evaluate -->", rows, identity, "")
    assert "[Zeta](zeta.md)" in evaluate


def test_the_index_groups_cards_by_main_stage_and_shows_their_text_as_text(
    tmp_path: Path,
) -> None:
    docs = cards(tmp_path)
    filled = fill_method_lists("<!-- daya:methods -->", card_rows(docs, "id"), identity, "")
    assessing = filled.index("### Mainly for assessing")
    monitoring = filled.index("### Mainly for monitoring")
    assert assessing < filled.index("(alpha.md)") < monitoring < filled.index("(zeta.md)")
    assert "Mainly for evaluating" not in filled  # no card has evaluate as its main stage
    assert 'data-stage="monitor evaluate"' in filled
    assert 'data-total="2"' in filled
    # The card's own text cannot open a tag, a cell, emphasis or a template.
    assert "<script>" not in filled
    assert "&lt;script&gt;" in filled
    assert "\\|" in filled or "&#124;" in filled
    assert "**tebal**" not in filled
    english = fill_method_lists("<!-- daya:methods -->", card_rows(docs, "en"), identity, "")
    assert "[Alpha in English](alpha.md)" in english
    assert "[Zeta](zeta.md)" in english  # no translation yet: the Indonesian card's title


def test_a_page_without_a_marker_is_left_as_it_is(tmp_path: Path) -> None:
    rows = card_rows(cards(tmp_path), "id")
    page = "# Title\n\nText with `<!-- daya:methods -->` inside a sentence.\n"
    assert fill_method_lists(page, rows, identity, "") == page


def test_handbook_diagrams_get_the_diagram_box_at_natural_size() -> None:
    from generator.site.diagrams import frame_diagrams

    page = "# T\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n```python\nx = 1\n```\n"
    framed = frame_diagrams(page, identity)
    assert framed.count('<div class="daya-diagram daya-diagram--card"') == 1
    assert 'data-open="Open full size"' in framed
    assert "useMaxWidth: false\n---\nflowchart LR" in framed
    assert "```python\nx = 1\n```" in framed
    own = "```mermaid\n---\nconfig:\n  theme: base\n---\nflowchart TD\n  A\n```\n"
    assert "useMaxWidth" not in frame_diagrams(own, identity)
    assert frame_diagrams("# No diagram\n", identity) == "# No diagram\n"
