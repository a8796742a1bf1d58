"""The progress report's charts, for the Word file: an indicator over time, and the budget's
absorption against the time elapsed.

Drawn like the plan's pictures (diagrams.py): matplotlib's Agg renderer, laid out in points at
the size they are printed, matplotlib's own DejaVu Sans, program text drawn literally (never
mathtext), and no metadata in the PNG. Every figure is computed in generator.core.monitoring;
a chart only places it. Colour is never the only cue: the series are named in a legend, the
targets are bars and the values a line with dots, and every bar and dot carries its number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from generator.core.i18n import format_number, format_share, format_short_date
from generator.core.monitoring.progress import Absorption, BudgetProgress, IndicatorProgress
from generator.export.diagrams import INK, PAGE_WIDTH, _font, new_figure, plain, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

CHART_SIZE = 9.0  # points on paper, as the Word file's smallest text
TARGET_FILL = "#BDD7EE"
TARGET_EDGE = "#2F5496"
VALUE_LINE = "#C55A11"
ELAPSED_LINE = "#404040"
ABSORPTION_FILL = "#8FAADC"
INDICATOR_HEIGHT = 210.0  # points
BAR_ROW = 24.0  # points per bar of the absorption chart
NAME_WIDTH = 150.0  # points for the names left of the absorption bars


@dataclass(frozen=True)
class IndicatorChartWords:
    """The words of an indicator chart in the document's language."""

    target: str
    value: str
    baseline: str
    date: str
    axis: str
    """The value axis: `Percentage (%)`, the indicator's unit, or `Number`."""


@dataclass(frozen=True)
class AbsorptionChartWords:
    by_funder: str
    by_category: str
    absorption: str
    elapsed: str
    """`Time elapsed 50,0 %`, said beside its line."""


def put(ax: Axes, x: float, y: float, text: str, font: Any, **options: Any) -> Any:
    """Literal text (never mathtext, never TeX), in INK unless a colour is given."""
    options.setdefault("color", INK)
    options.setdefault("fontproperties", font)
    return ax.text(x, y, text, parse_math=False, usetex=False, **options)


def _style(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=CHART_SIZE, colors=INK)
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(_font(size=CHART_SIZE))


def indicator_chart(row: IndicatorProgress, words: IndicatorChartWords, lang: str) -> Figure:
    """Targets as bars at their dates, the value to date as a line through the baseline and
    each report, every bar and dot labelled with its number."""
    font, bold = _font(size=CHART_SIZE), _font("Bold", size=CHART_SIZE)
    baseline_date = row.indicator.baseline.date if row.indicator.baseline else None
    dates = sorted({p.date for p in row.periods} | ({baseline_date} if baseline_date else set()))
    where = {date: n for n, date in enumerate(dates)}
    percent = row.indicator.measure == "percentage"

    def shown(value: Decimal) -> str:
        text = str(format_number(value, lang))
        return text + "\u00a0%" if percent else text

    targets = [(where[p.date], p.target) for p in row.periods if p.target is not None]
    values = [(where[p.date], p.to_date) for p in row.periods if p.to_date is not None]
    if row.baseline is not None and baseline_date is not None:
        values.insert(0, (where[baseline_date], row.baseline))
    top = max([float(v) for _, v in (*targets, *values)] + [1.0]) * 1.22

    figure = new_figure(PAGE_WIDTH, INDICATOR_HEIGHT)
    # Room on the left for the longest tick label (about 5.4 pt a digit at 9 pt) and the title.
    longest = max(len(str(format_number(Decimal(int(top)), lang))), 3)
    left = min(0.3, (longest * 5.4 + 28) / PAGE_WIDTH)
    ax = figure.add_axes((left, 0.2, 0.98 - left, 0.66))
    bars = ax.bar(
        [x for x, _ in targets],
        [float(v) for _, v in targets],
        width=0.6,
        color=TARGET_FILL,
        edgecolor=TARGET_EDGE,
        hatch="//",
        label=words.target,
    )
    # A target's number sits in the left half of its bar, a value's right of its dot, so the
    # two never cover each other where a value lies close to its target.
    for bar, (_, value) in zip(bars, targets, strict=True):
        inside = float(value) > top * 0.12
        put(
            ax, bar.get_x() + 0.02, float(value) - (top * 0.015 if inside else -top * 0.01),
            shown(value), font, ha="left", va="top" if inside else "bottom",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85},
        )  # fmt: skip
    if values:
        ax.plot(
            [x for x, _ in values],
            [float(v) for _, v in values],
            color=VALUE_LINE,
            marker="o",
            linewidth=2,
            label=words.value,
        )
        for x, value in values:
            put(
                ax, x + 0.1, float(value) + top * 0.02, shown(value), font,
                ha="left", va="bottom", color=VALUE_LINE, fontproperties=bold,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85},
            )  # fmt: skip
    ax.set_xlim(-0.6, len(dates) - 0.4)
    ax.set_ylim(0, top)
    ax.set_xticks(range(len(dates)))
    ax.set_xticklabels(
        [
            f"{format_short_date(d, lang)}\n({words.baseline})"
            if d == baseline_date
            else str(format_short_date(d, lang))
            for d in dates
        ]
    )
    ax.set_xlabel(words.date, fontproperties=font, color=INK)
    ax.set_ylabel(plain(words.axis), fontproperties=font, color=INK, parse_math=False)
    # Whole numbers in the document's format (2.450.000), never an offset such as "1e6".
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda y, _: str(format_number(Decimal(str(float(y))).normalize(), lang)))
    )
    ax.grid(axis="y", color="#D9D9D9", linewidth=0.5)
    ax.set_axisbelow(True)
    _style(ax)
    legend = ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncol=2, frameon=False, prop=font)
    for text in legend.get_texts():
        text.set_parse_math(False)
    return figure


def absorption_chart(
    budget: BudgetProgress,
    funders: Sequence[str],
    categories: Sequence[str],
    words: AbsorptionChartWords,
    lang: str,
) -> Figure:
    """Absorption by funder and by category as bars, each labelled with its share, and the
    time elapsed as a dashed line across both panels: a bar short of the line is spending
    slower than time passes."""
    panels: list[tuple[str, list[tuple[str, Absorption]]]] = [
        (words.by_funder, list(zip(funders, budget.by_funder, strict=True))),
        (words.by_category, list(zip(categories, budget.by_category, strict=True))),
    ]
    heading, axis = 22.0, 34.0  # points above each panel, and under the last one
    height = sum(heading + BAR_ROW * max(1, len(rows)) for _, rows in panels) + axis + 18
    figure = new_figure(PAGE_WIDTH, height)
    shares = [float(r.share or 0) * 100 for _, rows in panels for _, r in rows]
    right = max([100.0, *shares]) * 1.12
    elapsed = float(budget.time_elapsed) * 100
    font, bold = _font(size=CHART_SIZE), _font("Bold", size=CHART_SIZE)
    top = height - 18
    left = NAME_WIDTH / PAGE_WIDTH
    for n, (title, rows) in enumerate(panels):
        panel = BAR_ROW * max(1, len(rows))
        ax = figure.add_axes((left, (top - heading - panel) / height, 0.97 - left, panel / height))
        put(ax, -left / (0.97 - left), 1.0, title, bold, transform=ax.transAxes,
                  ha="left", va="bottom")  # fmt: skip
        ax.barh(
            range(len(rows)),
            [float(r.share or 0) * 100 for _, r in rows],
            height=0.6,
            color=ABSORPTION_FILL,
            edgecolor=TARGET_EDGE,
        )
        for y, (name, entry) in enumerate(rows):
            lines = wrap(plain(name), NAME_WIDTH - 8, font, max_lines=3)
            put(ax, -0.01, y, "\n".join(lines), font, transform=ax.get_yaxis_transform(),
                      ha="right", va="center")  # fmt: skip
            share = entry.share
            label = str(format_share(share, lang)) if share is not None else "–"
            put(ax, float(share or 0) * 100 + right * 0.01, y, label, font,
                      ha="left", va="center")  # fmt: skip
        ax.axvline(elapsed, color=ELAPSED_LINE, linestyle="--", linewidth=1.2)
        if n == 0:
            put(ax, elapsed, 1.0, f" {words.elapsed}", font,
                      transform=ax.get_xaxis_transform(), ha="left", va="bottom")  # fmt: skip
        ax.set_xlim(0, right)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_yticks([])
        if n < len(panels) - 1:
            ax.set_xticklabels([])
        else:
            ax.set_xlabel(words.absorption, fontproperties=font, color=INK)
        ax.grid(axis="x", color="#D9D9D9", linewidth=0.5)
        ax.set_axisbelow(True)
        _style(ax)
        top -= heading + panel
    return figure
