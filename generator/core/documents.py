"""Program → {relative path: Markdown} for every planning document, in one language.

Everything a template shows is computed here (totals, rows, matrices, chart points), so the
templates only lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.core.escaping import escape_markdown, escape_markdown_block
from generator.core.i18n import Catalogue
from generator.core.labels import label_text
from generator.core.model import DAC_CRITERIA, Activity, Indicator, Program, TranslatedText
from generator.core.render import render_template, shared_environment

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


# --- Text helpers ---------------------------------------------------------------------------


def _untranslated_marker(lang: str, original: str) -> Markup:
    note = "belum diterjemahkan" if lang == "id" else "not yet translated"
    return Markup(f' <small class="daya-untranslated" title="{note}">({original})</small>')


def make_text(program: Program, lang: str) -> Callable[[Any], Markup]:
    """A function that shows a Text field in `lang`, escaped, marked when it fell back."""

    def text(value: Any) -> Markup:
        if value is None:
            return Markup("")
        if isinstance(value, float | int) and not isinstance(value, bool):
            from generator.core.i18n import format_number

            return format_number(value, lang)
        shown, fell_back = program.text(value, lang)
        out = escape_markdown(shown)
        if fell_back and shown:
            source = (
                program.language
                if isinstance(value, str)
                else ("id" if isinstance(value, TranslatedText) and value.id else "en")
            )
            out += _untranslated_marker(lang, source.upper())
        return out

    return text


def plain_text(program: Program, lang: str, value: Any) -> str:
    """The text in `lang` without escaping (for Mermaid labels and file exports)."""
    return program.text(value, lang)[0]


# --- Computed views --------------------------------------------------------------------------


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], dt.date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = dt.date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return months


def active_in_month(activity: Activity, month: dt.date) -> bool:
    next_month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return activity.start < next_month and activity.end >= month


def risk_level(score: int) -> str:
    """Score bands of a 5×5 matrix."""
    if score >= 15:
        return "very-high"
    if score >= 10:
        return "high"
    if score >= 5:
        return "medium"
    return "low"


LEVEL_POSITION = {"low": 0.15, "medium": 0.38, "high": 0.8}
"""Where a level sits on the 0–1 axes of the quadrant chart. Medium stays in the lower half
(a stakeholder is "high" only when marked so) and clear of the quadrant titles."""
LEVEL_MARKS = {"low": "🟩", "medium": "🟨", "high": "🟧", "very-high": "🟥"}


def quadrant_points(program: Program) -> list[dict[str, Any]]:
    """Stakeholders as (interest, influence) points in 0–1, spread when they share a cell."""
    seen: dict[tuple[str, str], int] = {}
    points = []
    for stakeholder in program.stakeholders:
        cell = (stakeholder.interest, stakeholder.influence)
        n = seen.get(cell, 0)
        seen[cell] = n + 1
        spread = (0.0, 0.07, -0.07)
        dx, dy = spread[n % 3], spread[(n // 3) % 3]
        points.append(
            {
                "id": stakeholder.id,
                "label": program.text(stakeholder.name, program.language)[0],
                "x": round(LEVEL_POSITION[stakeholder.interest] + dx, 2),
                "y": round(LEVEL_POSITION[stakeholder.influence] + dy, 2),
            }
        )
    return points


def budget_view(program: Program) -> dict[str, Any]:
    """RAB rows grouped by activity, subtotals by activity, category and funder, and the gap."""
    if program.budget is None:
        return {
            "groups": [],
            "by_category": [],
            "by_funder": [],
            "total": 0,
            "funding": 0,
            "gap": 0,
            "currency": "IDR",
        }
    activities = {a.id: a for a in program.results.activities()}
    order = [a.id for a in program.results.activities()]
    groups: dict[str | None, list[Any]] = {}
    for line in program.budget.lines:
        groups.setdefault(line.activity, []).append(line)
    ordered_keys = [k for k in order if k in groups] + ([None] if None in groups else [])
    number = 0
    group_views = []
    for key in ordered_keys:
        rows = []
        for line in groups[key]:
            number += 1
            rows.append({"no": number, "line": line})
        group_views.append(
            {
                "activity": activities.get(key) if key else None,
                "rows": rows,
                "subtotal": sum(line.amount for line in groups[key]),
            }
        )
    by_category: dict[str, int] = {}
    for line in program.budget.lines:
        by_category[line.category] = by_category.get(line.category, 0) + line.amount
    funders = {f.id: f for f in program.funding}
    by_funder = [
        {
            "funder": funders.get(fid),
            "id": fid,
            "budget": amount,
            "committed": funders[fid].amount if fid in funders else 0,
            "difference": (funders[fid].amount if fid in funders else 0) - amount,
        }
        for fid, amount in program.budget_by_funder().items()
    ]
    total = program.budget.total
    return {
        "groups": group_views,
        "by_category": sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_funder": by_funder,
        "total": total,
        "funding": program.funding_total,
        "gap": program.funding_total - total,
        "currency": program.budget.currency,
    }


def logframe_rows(program: Program) -> list[dict[str, Any]]:
    rows = [{"level": "goal", "id": "", "result": program.results.goal, "assumptions": []}]
    for outcome in program.results.outcomes:
        rows.append(
            {
                "level": "outcome",
                "id": outcome.id,
                "result": outcome,
                "assumptions": outcome.assumptions,
            }
        )
        for output in outcome.outputs:
            rows.append(
                {
                    "level": "output",
                    "id": output.id,
                    "result": output,
                    "assumptions": output.assumptions,
                }
            )
            for activity in output.activities:
                rows.append(
                    {"level": "activity", "id": activity.id, "result": activity, "assumptions": []}
                )
    return rows


def indicator_rows(program: Program) -> list[dict[str, Any]]:
    rows = []
    levels = [("goal", program.results.goal)]
    for outcome in program.results.outcomes:
        levels.append(("outcome", outcome))
        levels += [("output", output) for output in outcome.outputs]
    for level, result in levels:
        for indicator in result.indicators:
            rows.append(
                {"level": level, "result_id": getattr(result, "id", ""), "indicator": indicator}
            )
    return rows


def toc_view(program: Program) -> dict[str, Any]:
    """Nodes and edges of the theory of change, with numbered assumptions."""
    assumptions = []
    for result in [*program.results.outcomes, *program.results.outputs()]:
        for text in result.assumptions:
            assumptions.append({"no": len(assumptions) + 1, "result": result.id, "text": text})
    by_result: dict[str, list[int]] = {}
    for a in assumptions:
        by_result.setdefault(a["result"], []).append(a["no"])
    return {"assumptions": assumptions, "by_result": by_result}


def team_view(program: Program) -> list[dict[str, Any]]:
    activities = list(program.results.activities())
    return [
        {
            "member": member,
            "activities": [a.id for a in activities if a.responsible == member.id],
            "indicators": [
                i.id for i in program.results.indicators() if i.responsible == member.id
            ],
            "risks": [r.id for r in program.risks if r.owner == member.id],
        }
        for member in program.team
    ]


def build_context(program: Program, options: RenderOptions) -> dict[str, Any]:
    """Everything the templates show, computed once per program and language."""
    lang = options.lang
    text = make_text(program, lang)
    team = {m.id: m for m in program.team}
    stakeholders = {s.id: s for s in program.stakeholders}
    funders = {f.id: f for f in program.funding}

    def name(value: Any) -> Markup:
        """A proper name: shown as written, never marked as untranslated."""
        return escape_markdown(program.text(value, lang)[0])

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

    def audience(audience_id: str) -> Markup:
        entity = stakeholders.get(audience_id) or funders.get(audience_id)
        return name(entity.name) if entity else escape_markdown(audience_id)

    catalogue = Catalogue(lang)

    def label(kind: str, value: str) -> str:
        return label_text(kind, value, catalogue.gettext)

    def text_block(value: Any) -> Markup:
        shown, fell_back = program.text(value, lang)
        out = escape_markdown_block(shown)
        if fell_back and shown:
            out += _untranslated_marker(lang, program.language.upper())
        return out

    nodes: dict[str, Markup] = {}

    def node(result_id: str) -> Markup:
        """A Mermaid-safe node id for a result id (ids may contain dots)."""
        return nodes.setdefault(result_id, Markup(f"n{len(nodes) + 1}"))

    loc = program.location
    location = ", ".join(
        part for part in [loc.village, loc.district, loc.regency, loc.province, loc.country] if part
    )
    months = month_starts(program.period.start, program.period.end)
    use_quarters = len(months) > 36
    columns = months[::3] if use_quarters else months
    activities = list(program.results.activities())
    workplan_rows = []
    for activity in activities:
        cells = []
        for i, col in enumerate(columns):
            span = months[i * 3 : i * 3 + 3] if use_quarters else [col]
            cells.append(any(active_in_month(activity, m) for m in span))
        workplan_rows.append({"activity": activity, "cells": cells})

    risks = sorted(program.risks, key=lambda r: (-r.score, r.id))
    matrix = [
        {
            "impact": impact,
            "cells": [
                {
                    "likelihood": likelihood,
                    "level": risk_level(likelihood * impact),
                    "risks": [
                        r.id
                        for r in program.risks
                        if r.likelihood == likelihood and r.impact == impact
                    ],
                }
                for likelihood in range(1, 6)
            ],
        }
        for impact in range(5, 0, -1)
    ]
    return {
        "program": program,
        "lang": lang,
        "standalone": options.standalone,
        "text": text,
        "method": method,
        "who": who,
        "label": label,
        "name": name,
        "text_block": text_block,
        "plain": lambda value: plain_text(program, lang, value),
        "node": node,
        "location": location,
        "document_title": lambda doc_id: label("document", doc_id),
        "level_mark": lambda level: LEVEL_MARKS[level],
        "audience": audience,
        "duration_months": len(months),
        "logframe": logframe_rows(program),
        "indicator_rows": indicator_rows(program),
        "toc": toc_view(program),
        "team_view": team_view(program),
        "budget": budget_view(program),
        "workplan": {"columns": columns, "rows": workplan_rows, "quarters": use_quarters},
        "risks_sorted": risks,
        "risk_level": risk_level,
        "risk_matrix": matrix,
        "quadrant": quadrant_points(program),
        "dac_criteria": DAC_CRITERIA,
        "activities": activities,
        "outputs": list(program.results.outputs()),
        "stakeholders_sorted": sorted(
            program.stakeholders,
            key=lambda s: (-LEVEL_POSITION[s.influence], -LEVEL_POSITION[s.interest], s.id),
        ),
        "indicator_value": lambda ind, value: indicator_value(ind, value, text),
    }


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
    documents = {
        f"{doc_id}.md": render_template(env, template, options.lang, context)
        for doc_id, template in DOCUMENTS
    }
    documents["index.md"] = render_template(
        env, "index.md.j2", options.lang, {**context, "documents": [d for d, _ in DOCUMENTS]}
    )
    return documents


def combine_for_site(documents: dict[str, str], after_overview: str = "") -> str:
    """One page: the overview, then every document as a section (headings one level down).

    Only the overview goes into the site's search index: the documents' tables would make
    the index grow by megabytes per hundred programs without helping anyone find a program.
    """
    parts = [documents["index.md"].rstrip("\n"), after_overview.rstrip("\n")]
    parts += [
        demote_headings(documents[f"{doc_id}.md"], SEARCH_EXCLUDE).rstrip("\n")
        for doc_id, _ in DOCUMENTS
    ]
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
