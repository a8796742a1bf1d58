"""Program → {relative path: Markdown} for every planning document, in one language.

The templates show the views of generator.core.views and the text functions made here; they
compute nothing themselves. Every value they print is escaped (see generator.core.escaping).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.core.escaping import escape_markdown, escape_markdown_block
from generator.core.i18n import format_number, translations
from generator.core.labels import label_text
from generator.core.model import DAC_CRITERIA, Indicator, Program
from generator.core.render import render_template, shared_environment
from generator.core.views import (
    ProgramViews,
    Untranslated,
    audiences,
    location_text,
    months_per_column,
    program_views,
    risk_level,
    shown,
    untranslated,
    workplan_grid,
)

DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("plan", "plan.md.j2"),
    ("logframe", "logframe.md.j2"),
    ("theory-of-change", "theory_of_change.md.j2"),
    ("me-plan", "me_plan.md.j2"),
    ("workplan", "workplan.md.j2"),
    ("budget", "budget.md.j2"),
    ("stakeholders", "stakeholders.md.j2"),
    ("risks", "risks.md.j2"),
)
"""(document id, template) in the order a program's page presents them."""

MONTHLY_UP_TO = 36
"""The Markdown workplan has a column per month up to three years, then per quarter."""


@dataclass
class RenderOptions:
    """How documents are rendered: language, method titles, and links to the handbook."""

    lang: str
    method_titles: dict[str, str] = field(default_factory=dict)
    """{method id: title in `lang`}, from the handbook's cards; an unknown id shows as itself."""
    method_url: Callable[[str], str] | None = None
    """Maps a method id to a link target (the site); None prints titles without links."""
    templates_override: Path | None = None
    standalone: bool = True
    """True for `daya generate` (one file per document); False for the site's single page."""


# --- Text in Markdown -------------------------------------------------------------------------


def make_text(program: Program, lang: str) -> Callable[[Any], Markup]:
    """A function that shows a Text field in `lang` (or the language it falls back to),
    escaped. A page says once, at its top, how much of it is untranslated."""

    def text(value: Any) -> Markup:
        if value is None:
            return Markup("")
        if isinstance(value, float | int) and not isinstance(value, bool):
            return format_number(value, lang)
        return escape_markdown(shown(program, value, lang).text)

    return text


def untranslated_notice(found: Untranslated) -> str:
    """The one note a page carries when some of its text is shown in the other language."""
    if not found.count:
        return ""
    return f'!!! note "{found.words("title")}"\n\n    {found.words("notice")}\n'


def with_notice(markdown: str, notice: str) -> str:
    """`notice` (any Markdown) placed right under the page's first `# ` heading."""
    if not notice:
        return markdown
    lines = markdown.split("\n")
    at = next((n for n, line in enumerate(lines) if line.startswith("# ")), -1) + 1
    return "\n".join([*lines[:at], "", notice.rstrip("\n"), *lines[at:]])


def text_functions(program: Program, options: RenderOptions) -> dict[str, Any]:
    """The functions the templates show text with: in `lang`, escaped, names never marked."""
    lang = options.lang
    text = make_text(program, lang)
    team = {m.id: m for m in program.team}
    labels = translations(lang)

    def name(value: Any) -> Markup:
        """A proper name, shown as written."""
        return escape_markdown(shown(program, value, lang).text)

    def text_block(value: Any) -> Markup:
        """Text of several paragraphs (a background)."""
        return escape_markdown_block(shown(program, value, lang).text)

    def method(method_id: str | None) -> Markup:
        if not method_id:
            return Markup("")
        title = escape_markdown(options.method_titles.get(method_id, method_id))
        if options.method_url is None:
            return title
        return Markup(f"[{title}]({options.method_url(method_id)})")

    def who(member_id: str | None) -> Markup:
        if not member_id:
            return Markup("")
        member = team.get(member_id)
        return text(member.role) if member else escape_markdown(member_id)

    def label(kind: str, value: str) -> str:
        return label_text(kind, value, labels.gettext)

    return {
        "text": text,
        "name": name,
        "text_block": text_block,
        "plain": lambda value: shown(program, value, lang).text,
        "method": method,
        "who": who,
        "label": label,
        "document_title": lambda doc_id: label("document", doc_id),
        "page_file": lambda doc_id: page_file(f"{doc_id}.md", lang),
        "indicator_value": lambda ind, value: indicator_value(ind, value, text),
    }


def page_file(name: str, lang: str) -> str:
    """The file name of a Markdown document in `lang`: `plan.md` in Indonesian (the default
    language), `plan.en.md` in English, as the handbook names its pages, so both languages
    can share one folder."""
    return name if lang == "id" else name.removesuffix(".md") + f".{lang}.md"


def view_context(views: ProgramViews, lang: str) -> dict[str, Any]:
    """The views as the templates name them."""
    program = views.program
    nodes: dict[str, Markup] = {}

    def node(result_id: str) -> Markup:
        """A Mermaid-safe node id for a result id (ids may contain dots)."""
        return nodes.setdefault(result_id, Markup(f"n{len(nodes) + 1}"))

    step = months_per_column(views.months, MONTHLY_UP_TO)
    return {
        "program": program,
        "node": node,
        "audience_names": audiences(program),
        "location": location_text(program, lang),
        "duration_months": views.months,
        "logframe": views.logframe,
        "indicator_rows": views.indicators,
        "toc": views.theory_of_change,
        "team_view": views.team,
        "evaluation_events": views.events,
        "budget": views.budget,
        "workplan": workplan_grid(program, step),
        "risks_sorted": views.risks.ranked,
        "risk_level": risk_level,
        "risk_matrix": views.risks.matrix,
        "quadrant": views.stakeholders.points,
        "stakeholders_sorted": views.stakeholders.ordered,
        "dac_criteria": DAC_CRITERIA,
        "activities": list(program.results.activities()),
        "outputs": list(program.results.outputs()),
    }


def build_context(program: Program, options: RenderOptions) -> dict[str, Any]:
    """Everything the templates show, for one program in one language."""
    context: dict[str, Any] = {"lang": options.lang, "standalone": options.standalone}
    context |= text_functions(program, options)
    context |= view_context(program_views(program), options.lang)
    names = context["name"]
    audiences = context.pop("audience_names")
    context["audience"] = lambda ident: (
        names(audiences[ident]) if ident in audiences else escape_markdown(ident)
    )
    return context


def indicator_value(indicator: Indicator, value: Any, text: Callable[[Any], Markup]) -> Markup:
    """A baseline or target value with its unit: `35%`, `200 sambungan`."""
    shown = text(value)
    if indicator.measure == "percentage" and isinstance(value, int | float):
        return shown + Markup("%")
    unit = text(indicator.unit) if indicator.unit and isinstance(value, int | float) else Markup("")
    return shown + (Markup(" ") + unit if unit else Markup(""))


# --- Rendering -------------------------------------------------------------------------------


def render_documents(
    program: Program, options: RenderOptions, env: jinja2.Environment | None = None
) -> dict[str, str]:
    """{"plan.md": ..., "logframe.md": ..., ..., "index.md": ...} for one program."""
    env = env or shared_environment(options.templates_override)
    context = build_context(program, options)
    notice = untranslated_notice(untranslated(program, options.lang))
    documents = {
        f"{doc_id}.md": render_template(env, template, options.lang, context)
        for doc_id, template in DOCUMENTS
    }
    if options.standalone:  # on the site, the page's overview carries it once
        documents = {name: with_notice(text, notice) for name, text in documents.items()}
    overview = render_template(
        env, "index.md.j2", options.lang, {**context, "documents": [d for d, _ in DOCUMENTS]}
    )
    documents["index.md"] = with_notice(overview, notice)
    return documents


def combine_for_site(documents: dict[str, str], under_title: str = "") -> str:
    """One page: the overview (with `under_title` right below its title), then every
    document as a section whose heading is anchored `#doc-<id>` (headings one level down).

    Only the overview goes into the site's search index: the documents' tables would make
    the index grow by megabytes per hundred programs without helping anyone find a program.
    """
    parts = [with_notice(documents["index.md"], under_title).rstrip("\n")]
    for doc_id, _ in DOCUMENTS:
        section = demote_headings(documents[f"{doc_id}.md"], SEARCH_EXCLUDE)
        anchored = section.replace(SEARCH_EXCLUDE, f" {{ #doc-{doc_id} data-search-exclude }}", 1)
        parts.append(anchored.rstrip("\n"))
    return "\n\n".join(p for p in parts if p) + "\n"


SEARCH_EXCLUDE = " { data-search-exclude }"
"""Material's attribute that keeps a section out of the search index (needs attr_list)."""


def demote_headings(markdown: str, suffix: str = "") -> str:
    """Shift ATX headings down one level (adding `suffix`), leaving fenced blocks alone."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            line = "#" + line + suffix
        out.append(line)
    return "\n".join(out) + "\n"
