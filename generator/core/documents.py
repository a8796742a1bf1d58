"""Program → {relative path: Markdown} for every planning document, in one language.

The templates show the views of generator.core.views and the text functions made here; they
compute nothing themselves. Every value they print is escaped (see generator.core.escaping).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.core.escaping import escape_markdown, escape_markdown_block, escape_narrative
from generator.core.i18n import format_long_date, format_number, format_share, translations, whole
from generator.core.labels import label_text
from generator.core.model import DAC_CRITERIA, Indicator, Program
from generator.core.monitoring.checks import CheckedMonitoring
from generator.core.monitoring.progress import IndicatorProgress
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
from generator.errors import Problem

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

PROGRESS_DOCUMENT = ("progress", "progress.md.j2")
"""The progress report: written after the plan's documents when a program has monitoring."""

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
    context: dict[str, Any] = {
        "lang": options.lang,
        "standalone": options.standalone,
        "progress": None,
    }
    context |= text_functions(program, options)
    context |= view_context(program_views(program), options.lang)
    names = context["name"]
    audiences = context.pop("audience_names")
    context["audience"] = lambda ident: (
        names(audiences[ident]) if ident in audiences else escape_markdown(ident)
    )
    return context


def progress_context(
    monitoring: CheckedMonitoring, lang: str, context: dict[str, Any]
) -> dict[str, Any]:
    """What the progress report and the status block show, in `lang`."""
    progress = monitoring.progress
    assert progress is not None
    labels = translations(lang)
    text = context["text"]
    narrative, elsewhere = progress.narrative(lang)

    def amount_of(row: IndicatorProgress, value: Any) -> Markup:
        return progress_amount(row, value, lang)

    def shown_value(row: IndicatorProgress) -> Markup:
        if row.is_text:
            return Markup(_short(row.text)) if row.text else Markup("–")
        return value_to_date(row, lang)

    def shown_target(row: IndicatorProgress) -> Markup:
        if row.target_date is None:
            return Markup("–")
        value = escape_markdown(row.target_text) if row.is_text else amount_of(row, row.target)
        return value + Markup(f" ({format_long_date(row.target_date, lang)})")

    def problem_place(problem: Problem) -> Markup:
        return escape_markdown(warning_name(problem, lang))

    return {
        "progress": progress,
        "budget_progress": progress.budget,
        "share": lambda ratio: format_share(ratio, lang) if ratio is not None else Markup("–"),
        "whole": whole,
        "status_word": lambda status: status_word(status, lang),
        "amount_of": amount_of,
        "shown_value": shown_value,
        "shown_target": shown_target,
        "shown_baseline": lambda row: (
            amount_of(row, row.baseline)
            if not row.is_text
            else text(row.indicator.baseline.value if row.indicator.baseline else None)
        ),
        "chart": progress_chart,
        "plain_md": escape_markdown,
        "plain_block": escape_narrative,
        "narrative": narrative,
        "narrative_elsewhere": elsewhere,
        "narrative_language": label_text(
            "language",
            (narrative.lang or progress.program.language) if narrative else "",
            labels.gettext,
        ),
        "data_quality": [p for p in monitoring.problems if p.severity == "warning"],
        "problem_place": problem_place,
    }


def progress_amount(row: IndicatorProgress, value: Any, lang: str) -> Markup:
    """A number or percentage of an indicator's progress: `52`, `58,5 %`; `–` for none."""
    if value is None:
        return Markup("–")
    shown = format_number(value, lang)
    if row.indicator.measure == "percentage":
        return shown + Markup("\u00a0%")
    return shown


def value_to_date(row: IndicatorProgress, lang: str) -> Markup:
    """The value to date with its counts when a percentage has them: `58,5 % (117/200)`."""
    value = progress_amount(row, row.value, lang)
    if row.denominator:
        value += Markup(f" ({row.numerator}/{row.denominator})")
    return value


def warning_name(problem: Problem, lang: str) -> str:
    """A data-quality warning in the document's language: the rule's name and where it is,
    `Incomplete disaggregation (monitoring/results.csv, line 12)` (the check's own message is
    worded in the interface language, so documents name the rule instead)."""
    gettext = translations(lang).gettext
    file = problem.file.replace("\\", "/")
    short = file[file.index("monitoring/") :] if "monitoring/" in file else file.rsplit("/")[-1]
    where = label_text("progress", "place", gettext).format(file=short, line=problem.line)
    return f"{label_text('rule', problem.code, gettext)} ({where})"


def status_word(status: str | None, lang: str, count: int | None = None) -> Markup:
    """A status in words, marked for its colour (`1 tercapai` with a count); `–` for none."""
    if status is None:
        return Markup("–")
    word = label_text("progress", status, translations(lang).gettext)
    if count is not None:
        word = f"{format_number(count, lang)} {word.lower()}"
    return Markup('<span class="daya-status" data-status="{}">{}</span>').format(
        status, escape_markdown(word)
    )


def standing_functions(lang: str) -> dict[str, Any]:
    """How the catalogue and the portfolio write a program's standing: statuses with their
    counts, shares, whole amounts and the width of a bar (all figures come computed)."""

    def counted(counts: Any, plain: bool = False) -> Markup:
        if plain:
            words = [
                f"{format_number(n, lang)} {label_text('progress', s, gettext).lower()}"
                for s, n in counts
            ]
            return escape_markdown(" · ".join(words)) if words else Markup("–")
        pills = [status_word(s, lang, n) for s, n in counts]
        return Markup(" ").join(pills) if pills else Markup("–")

    def bar(ratio: Decimal | None) -> Markup:
        """A bar as long as `ratio` (at most full), for the eye only: its figure is beside it."""
        if ratio is None:
            return Markup("")
        width = min(max(ratio, Decimal(0)), Decimal(1)) * 100
        return Markup(
            '<span class="daya-bar" aria-hidden="true"><span style="width: {}%"></span></span>'
        ).format(f"{width:.1f}")

    gettext = translations(lang).gettext
    return {
        "share": lambda ratio: format_share(ratio, lang) if ratio is not None else Markup("–"),
        "whole": whole,
        "counted": counted,
        "bar": bar,
        "label": lambda kind, value: label_text(kind, value, gettext),
    }


def _short(text: str, limit: int = 120) -> str:
    """A text indicator's value in a table cell: its first words (the full text is below)."""
    text = " ".join(text.split())
    shown = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return escape_markdown(shown)


XYCHART_CONFIG = (
    "---\n"
    "config:\n"
    "  xyChart:\n"
    "    width: 640\n"
    "    height: 320\n"
    "  themeVariables:\n"
    "    xyChart:\n"
    '      plotColorPalette: "#00897b, #b45309"\n'
    '  themeCSS: "text { fill: #1a1a1a; }"\n'
    "---\n"
)
"""The charts' size and colours: targets teal, values amber, dark text on a light ground (the
site puts the chart on paper in dark mode too)."""


def progress_chart(row: IndicatorProgress) -> Markup:
    """A Mermaid chart of an indicator: targets as bars, the value to date as a line (carried
    forward from the baseline between reports)."""
    points = [p for p in row.periods]
    labels = [p.date.isoformat() for p in points]
    current = row.baseline
    line, bars = [], []
    for period in points:
        if period.to_date is not None:
            current = period.to_date
        line.append(current if current is not None else 0)
        bars.append(period.target if period.target is not None else 0)
    if row.baseline is not None and row.indicator.baseline is not None:
        labels.insert(0, row.indicator.baseline.date.isoformat())
        line.insert(0, row.baseline)
        bars.insert(0, 0)
    top = max((Decimal(v) for v in (*line, *bars)), default=Decimal(0)) or Decimal(1)
    axis = ", ".join(f'"{label}"' for label in labels)

    def plain(value: Any) -> str:
        """A number as Mermaid reads it: digits and a point, never an exponent."""
        return f"{Decimal(value).normalize():f}"

    def series(values: list[Any]) -> str:
        return ", ".join(plain(v) for v in values)

    return Markup(
        "```mermaid\n"
        f"{XYCHART_CONFIG}"
        "xychart-beta\n"
        f"    x-axis [{axis}]\n"
        f"    y-axis 0 --> {plain((top * Decimal('1.1')).quantize(Decimal(1)))}\n"
        f"    bar [{series(bars)}]\n"
        f"    line [{series(line)}]\n"
        "```"
    )


def indicator_value(indicator: Indicator, value: Any, text: Callable[[Any], Markup]) -> Markup:
    """A baseline or target value with its unit: `35%`, `200 sambungan`."""
    shown = text(value)
    if indicator.measure == "percentage" and isinstance(value, int | float):
        return shown + Markup("%")
    unit = text(indicator.unit) if indicator.unit and isinstance(value, int | float) else Markup("")
    return shown + (Markup(" ") + unit if unit else Markup(""))


# --- Rendering -------------------------------------------------------------------------------


def document_list(monitoring: CheckedMonitoring | None) -> tuple[tuple[str, str], ...]:
    """The documents of a program: the plan's, and the progress report when there is one."""
    if monitoring is not None and monitoring.progress is not None:
        return (*DOCUMENTS, PROGRESS_DOCUMENT)
    return DOCUMENTS


def render_documents(
    program: Program,
    options: RenderOptions,
    env: jinja2.Environment | None = None,
    monitoring: CheckedMonitoring | None = None,
) -> dict[str, str]:
    """{"plan.md": ..., "logframe.md": ..., ..., "index.md": ...} for one program (and
    "progress.md" when it has monitoring records)."""
    env = env or shared_environment(options.templates_override)
    context = build_context(program, options)
    listed = document_list(monitoring)
    if monitoring is not None and monitoring.progress is not None:
        context |= progress_context(monitoring, options.lang, context)
    notice = untranslated_notice(untranslated(program, options.lang))
    documents = {
        f"{doc_id}.md": render_template(env, template, options.lang, context)
        for doc_id, template in listed
    }
    if options.standalone:  # on the site, the page's overview carries it once
        documents = {name: with_notice(text, notice) for name, text in documents.items()}
    overview = render_template(
        env, "index.md.j2", options.lang, {**context, "documents": [d for d, _ in listed]}
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
    for doc_id, _ in (*DOCUMENTS, PROGRESS_DOCUMENT):
        if f"{doc_id}.md" not in documents:
            continue
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
