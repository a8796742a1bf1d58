"""The theory of change and the stakeholder map as PNG pictures, for the Word plan.

Drawn with matplotlib's Agg renderer: no browser, no display, and imported only when a picture
is drawn (so `daya check` never loads it). Each picture is laid out at the size it is printed,
in points, so a font size here is the size on paper.

Program text is drawn as text: mathtext is off (`$x$` stays `$x$`), TeX is never used, line
breaks and tabs become spaces, and every text is wrapped to its box by its measured width
(a word too long for a line is cut). The same input gives the same bytes: the font is the
DejaVu Sans that ships inside matplotlib (never a system font) and the PNG holds no text chunks
(no software version, no date).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core.i18n import translations
from generator.core.labels import label_text
from generator.core.model import Program
from generator.core.views import ProgramViews, program_views
from generator.export.common import export_shown, one_line, xml_safe

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DPI = 150  # sharp enough on paper for 8.5 pt text, quick to draw and compress
PAGE_WIDTH = 453.5  # points: the 16 cm between the margins of the plan's portrait pages
MAX_HEIGHT = 595.0  # points (21 cm): what a page holds under a heading, with its caption
TEXT_SIZE = 8.5  # points on paper
HEADING_SIZE = 9.0
LINE = 1.22  # line height, in font sizes
PAD = 4.0  # points of space inside a box
INK = "#262626"
EDGE = "#595959"
LEVEL_STYLE = {  # (fill, edge) per level of the theory of change
    "goal": ("#D9E2F3", "#2F5496"),
    "outcome": ("#E2EFDA", "#548235"),
    "output": ("#FFF2CC", "#BF8F00"),
    "activity": ("#FFFFFF", "#7F7F7F"),
}
QUADRANT_FILLS = ("#FBE0CC", "#FFF2CC", "#EDEDED", "#DEEBF7")  # manage, satisfy, monitor, inform


# --- Text: fonts, measuring, wrapping ----------------------------------------------------------


@cache
def _font(weight: str = "", size: float = TEXT_SIZE) -> Any:
    """matplotlib's own DejaVu Sans (regular, Bold or Oblique) at `size` points."""
    import matplotlib
    from matplotlib.font_manager import FontProperties

    name = f"DejaVuSans{'-' + weight if weight else ''}.ttf"
    return FontProperties(
        fname=Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name, size=size
    )


HINTING = 1.03
"""How much wider than its glyphs' advances a line is drawn (Agg hints glyphs to the pixel
grid; measured at most 1.5 % for DejaVu Sans at 150–200 dpi)."""


@cache
def _face(path: str) -> Any:
    from matplotlib.ft2font import FT2Font

    face = FT2Font(path)
    face.set_size(100, 72)  # 100 pt: advances are read per point of size below
    return face


@cache
def _advance(path: str, char: str) -> float:
    """The advance of a character, in points per point of font size (a character the font
    lacks is drawn as its empty box)."""
    face = _face(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Glyph … missing from font"
            glyph = face.load_char(ord(char))
    except RuntimeError:
        glyph = face.load_glyph(0)
    return float(glyph.linearHoriAdvance) / 65536 / 100


def text_width(text: str, font: Any) -> float:
    """The width of one line of text in points, as Agg draws it (at most)."""
    path = font.get_file()
    return sum(_advance(path, c) for c in text) * font.get_size_in_points() * HINTING


def plain(text: str) -> str:
    """Program text as one line of literal characters (no control characters)."""
    return one_line(xml_safe(text)).replace("\x7f", "\ufffd")


def wrap(text: str, width: float, font: Any, max_lines: int = 0) -> list[str]:
    """`text` in lines no wider than `width` points; a word longer than a line is cut.

    With `max_lines`, the last line kept ends with "…" when text was left out."""
    fits: Callable[[str], bool] = lambda s: text_width(s, font) <= width  # noqa: E731
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if fits(candidate):
            line = candidate
            continue
        if line:
            lines.append(line)
        while not fits(word) and len(word) > 1:
            cut = _longest_prefix(word, fits)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and not fits(last + "…"):
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines or [""]


def _longest_prefix(word: str, fits: Callable[[str], bool]) -> int:
    """The length of the longest start of `word` that fits (at least one character)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(word[:middle]):
            low = middle
        else:
            high = middle - 1
    return low


def line_height(size: float = TEXT_SIZE) -> float:
    return size * LINE


def new_figure(width: float, height: float) -> Figure:
    """An empty figure of `width` × `height` points."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width / 72, height / 72), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)  # draws with Agg, and measures text as Agg draws it
    return figure


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes: no metadata, so the same figure gives the same bytes."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a glyph the font lacks is drawn as a box, not a warning
        figure.savefig(
            buffer,
            format="png",
            dpi=DPI,
            metadata={"Software": None},
            pil_kwargs={"compress_level": 3},
        )
    return buffer.getvalue()


def draw_text(ax: Axes, x: float, y: float, text: str, font: Any, **options: Any) -> Any:
    """Literal text: never mathtext, never TeX."""
    return ax.text(
        x, y, text, fontproperties=font, parse_math=False, usetex=False, color=INK, **options
    )


def boxes_and_texts(ax: Axes) -> list[tuple[Any, Any]]:
    """(box, line of text) pairs of the theory of change, matched by their gid (for tests)."""
    boxes = {patch.get_gid(): patch for patch in ax.patches if patch.get_gid()}
    return [(boxes[text.get_gid()], text) for text in ax.texts if text.get_gid() in boxes]


# --- The theory of change ----------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """A result in the chain: its text, a note (its assumptions) and what leads to it."""

    level: str
    text: str
    note: str = ""
    children: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Detail:
    """How much of the chain's text a picture shows (less when the full text is too tall)."""

    activity_lines: int = 0  # 0: all
    result_lines: int = 0
    activity_ids_only: bool = False


DETAILS = (
    Detail(),
    Detail(activity_lines=2),
    Detail(activity_ids_only=True),
    Detail(activity_ids_only=True, result_lines=5),
    Detail(activity_ids_only=True, result_lines=3),
)

COLUMNS = ("activity", "output", "outcome", "goal")
COLUMN_WIDTH = {"activity": 132.0, "output": 108.0, "outcome": 100.0, "goal": 74.5}
GAP = 12.0  # points between columns, where the arrows run
TOP = 20.0  # the column headings
V_GAP = 5.0  # points between boxes of a column


def column_x(level: str) -> float:
    x = 1.0  # the first box's edge stays inside the picture
    for name in COLUMNS:
        if name == level:
            return x
        x += COLUMN_WIDTH[name] + GAP
    raise KeyError(level)


@dataclass
class Placed:
    node: Node
    lines: list[str]
    note: list[str]
    height: float
    block: float  # the height of the node and everything leading to it
    children: list[Placed]
    y: float = 0.0  # top of the box

    @property
    def centre(self) -> float:
        return self.y + self.height / 2


def measure_chain(node: Node, detail: Detail) -> Placed:
    """Every box's lines and height, and each block's height, for one level of detail."""
    children = [measure_chain(child, detail) for child in node.children]
    width = COLUMN_WIDTH[node.level] - 2 * PAD
    limit = detail.activity_lines if node.level == "activity" else detail.result_lines
    lines = wrap(node.text, width, _font(), limit)
    note = wrap(node.note, width, _font("Oblique")) if node.note else []
    height = (len(lines) + len(note)) * line_height() + 2 * PAD
    stacked = sum(child.block for child in children) + V_GAP * max(0, len(children) - 1)
    return Placed(node, lines, note, height, max(height, stacked), children)


def place_chain(placed: Placed, top: float) -> None:
    """Boxes centred on what leads to them; children stacked in their block."""
    placed.y = top + (placed.block - placed.height) / 2
    stacked = sum(child.block for child in placed.children)
    stacked += V_GAP * max(0, len(placed.children) - 1)
    y = top + (placed.block - stacked) / 2
    for child in placed.children:
        place_chain(child, y)
        y += child.block + V_GAP


def chain_for_detail(goal: Node, detail: Detail) -> Node:
    """The chain with each output's activities as one box of their ids, when asked."""
    if not detail.activity_ids_only:
        return goal

    def collapse(node: Node) -> Node:
        if node.level == "output" and node.children:
            ids = ", ".join(child.text.split(" ", 1)[0] for child in node.children)
            return Node(node.level, node.text, node.note, (Node("activity", ids),))
        return Node(node.level, node.text, node.note, tuple(collapse(c) for c in node.children))

    return collapse(goal)


def theory_of_change_figure(goal: Node, headings: Sequence[str]) -> Figure:
    """Activities → outputs → outcomes → goal, left to right, each box wrapped to its column."""
    for detail in DETAILS:
        placed = measure_chain(chain_for_detail(goal, detail), detail)
        if TOP + placed.block <= MAX_HEIGHT:
            break
    height = TOP + placed.block + 2
    figure = new_figure(PAGE_WIDTH, height)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, PAGE_WIDTH)
    ax.set_ylim(height, 0)
    ax.axis("off")
    for level, heading in zip(COLUMNS, headings, strict=True):
        x = column_x(level) + COLUMN_WIDTH[level] / 2
        draw_text(ax, x, 2, plain(heading), _font("Bold", HEADING_SIZE), ha="center", va="top")
    place_chain(placed, TOP)
    counter = [0]
    draw_node(ax, placed, counter)
    return figure


def draw_node(ax: Axes, placed: Placed, counter: list[int]) -> None:
    from matplotlib.patches import FancyBboxPatch

    level = placed.node.level
    x, width = column_x(level), COLUMN_WIDTH[level]
    fill, edge = LEVEL_STYLE[level]
    counter[0] += 1
    gid = f"box-{counter[0]}"
    box = FancyBboxPatch(
        (x, placed.y),
        width,
        placed.height,
        boxstyle="round,pad=0,rounding_size=3",
        facecolor=fill,
        edgecolor=edge,
        linewidth=0.8,
        gid=gid,
    )
    ax.add_patch(box)
    y = placed.y + PAD
    for line in placed.lines:
        draw_text(ax, x + PAD, y, line, _font(), va="top", gid=gid)
        y += line_height()
    for line in placed.note:
        draw_text(ax, x + PAD, y, line, _font("Oblique"), va="top", gid=gid)
        y += line_height()
    if placed.children:
        connect(ax, placed)
    for child in placed.children:
        draw_node(ax, child, counter)


def connect(ax: Axes, parent: Placed) -> None:
    """Lines from each child to a bus, and one arrow from the bus into the parent."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    child_level = parent.children[0].node.level
    right = column_x(child_level) + COLUMN_WIDTH[child_level]
    left = column_x(parent.node.level)
    bus = (right + left) / 2 - 2
    ys = [child.centre for child in parent.children] + [parent.centre]
    for child in parent.children:
        ax.add_line(Line2D([right, bus], [child.centre] * 2, color=EDGE, linewidth=0.8))
    ax.add_line(Line2D([bus, bus], [min(ys), max(ys)], color=EDGE, linewidth=0.8))
    ax.add_patch(
        FancyArrowPatch(
            (bus, parent.centre),
            (left, parent.centre),
            arrowstyle="-|>,head_length=4,head_width=2.2",
            mutation_scale=1,
            color=EDGE,
            linewidth=0.8,
            shrinkA=0,
            shrinkB=0,
        )
    )


# --- The stakeholder map -----------------------------------------------------------------------


@dataclass(frozen=True)
class MapPoint:
    label: str
    x: float
    """Interest, 0–1."""
    y: float
    """Influence, 0–1."""


@dataclass(frozen=True)
class MapLabels:
    quadrants: tuple[str, str, str, str]
    """Top right, top left, bottom left, bottom right."""
    interest: tuple[str, str]
    """Low, high."""
    influence: tuple[str, str]


MAP_HEIGHT = 330.0  # points (11.6 cm)
MAP_AXES = (34.0, 26.0, PAGE_WIDTH - 40.0, MAP_HEIGHT - 32.0)  # left, bottom, width, height
LABEL_WIDTH = 104.0
OFFSETS = (  # (across, up, where a label above or below starts: 0 centred, 1 at the point)
    (1, 0, 0),
    (-1, 0, 0),
    (0, 1, 0),
    (0, -1, 0),
    (0, 1, 1),
    (0, -1, 1),
    (0, 1, -1),
    (0, -1, -1),
    (1, 1, 0),
    (1, -1, 0),
    (-1, 1, 0),
    (-1, -1, 0),
)


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points from the bottom left


def overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, width) * max(0.0, height)


def label_box(
    px: float, py: float, offset: tuple[int, int, int], distance: float, size: tuple[float, float]
) -> Box:
    """Where a label of `size` sits `distance` points from its point, towards `offset`."""
    dx, dy, align = offset
    width, height = size
    if dx:
        x0 = px + distance if dx > 0 else px - distance - width
    else:
        x0 = px - width / 2 if align == 0 else px - 4 if align > 0 else px + 4 - width
    y0 = py + distance if dy > 0 else py - distance - height if dy < 0 else py - height / 2
    return (x0, y0, x0 + width, y0 + height)


def distance_to(x: float, y: float, box: Box) -> float:
    nx, ny = nearest(x, y, box)
    return float(((nx - x) ** 2 + (ny - y) ** 2) ** 0.5)


@dataclass(frozen=True)
class Surroundings:
    """What a label must keep clear of: the chart's edge, what is drawn, and other points."""

    frame: Box
    home: Box
    """The quadrant of the label's point, where the label preferably stays."""
    taken: list[Box]
    others: list[tuple[float, float]]


def place_cost(px: float, py: float, box: Box, far: bool, around: Surroundings) -> float:
    """0 for a free place; more the more it covers, leaves the chart or its quadrant, crosses
    with its leader line, or sits nearer another point than its own."""
    area = (box[2] - box[0]) * (box[3] - box[1])
    outside = max(0.0, area - overlap(box, around.frame) - 0.01)  # 0.01: rounding
    away = max(0.0, area - overlap(box, around.home) - 0.01)
    covered = [overlap(box, other) for other in around.taken]
    cost = sum(500 + 20 * a for a in covered if a > 0) + 1000 * outside + 0.1 * away
    if far:
        cost += 400 * crossings((px, py), nearest(px, py, box), around.taken)
    own = distance_to(px, py, box)
    if any(distance_to(x, y, box) < own + 6 for x, y in around.others):
        cost += 300  # it would read as another point's name
    return cost


def choose_place(
    px: float, py: float, size: tuple[float, float], around: Surroundings
) -> tuple[Box, bool]:
    """The first free place next to the point, then farther away (with a leader line), else
    the place that costs least; and whether it is far."""
    best: tuple[float, Box, bool] | None = None
    for distance, far in ((5.0, False), (14.0, True), (26.0, True), (40.0, True), (60.0, True)):
        for offset in OFFSETS:
            box = label_box(px, py, offset, distance, size)
            cost = place_cost(px, py, box, far, around)
            if cost < 1e-6:
                return box, far
            if best is None or cost < best[0]:
                best = (cost, box, far)
    assert best is not None
    return best[1], best[2]


def nearest(px: float, py: float, box: Box) -> tuple[float, float]:
    """The point of `box` nearest to (px, py): where a leader line meets its label."""
    return (min(max(px, box[0]), box[2]), min(max(py, box[1]), box[3]))


def along(start: tuple[float, float], end: tuple[float, float]) -> list[tuple[float, float]]:
    """Points every 2 pt along a leader line, leaving out its first 5 pt (its own point)."""
    length = ((end[0] - start[0]) ** 2 + (end[1] - start[1]) ** 2) ** 0.5
    steps = max(1, int(length / 2))
    return [
        (start[0] + (end[0] - start[0]) * n / steps, start[1] + (end[1] - start[1]) * n / steps)
        for n in range(steps + 1)
        if n * length / steps > 5
    ]


def crossings(start: tuple[float, float], end: tuple[float, float], taken: list[Box]) -> int:
    """How many points along a leader line fall on something already drawn."""
    return sum(
        1 for x, y in along(start, end) for b in taken if b[0] <= x <= b[2] and b[1] <= y <= b[3]
    )


def leader(ax: Axes, start: tuple[float, float], end: tuple[float, float]) -> None:
    """A thin line from a point to its label (a patch: the chart's only lines are its points)."""
    from matplotlib.patches import FancyArrowPatch

    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-", color=EDGE, linewidth=0.5, zorder=2))


@dataclass(frozen=True)
class Chart:
    """Where the quadrant sits in the picture, in points from the bottom left."""

    left: float
    bottom: float
    width: float
    height: float

    def points(self, x: float, y: float) -> tuple[float, float]:
        """Chart coordinates (0–1) to points."""
        return (self.left + x * self.width, self.bottom + y * self.height)

    def axes(self, x: float, y: float) -> tuple[float, float]:
        """Points to chart coordinates."""
        return ((x - self.left) / self.width, (y - self.bottom) / self.height)

    def quadrant(self, x: float, y: float) -> Box:
        """The quadrant a point of the chart is in, in points (both, for a point on the line
        between two)."""

        def side(v: float) -> tuple[float, float]:
            return (0, 1) if abs(v - 0.5) < 0.02 else (0.5, 1) if v > 0.5 else (0, 0.5)

        (x0, x1), (y0, y1) = side(x), side(y)
        return (*self.points(x0, y0), *self.points(x1, y1))


CHART = Chart(*MAP_AXES)
CORNERS = ((0.5, 0.5), (0, 0.5), (0, 0), (0.5, 0))  # of the quadrants, in MapLabels' order


def stakeholder_map_figure(points: Sequence[MapPoint], labels: MapLabels) -> Figure:
    """Influence (up) × interest (across) in four quadrants, each stakeholder by name."""
    figure = new_figure(PAGE_WIDTH, MAP_HEIGHT)
    c = CHART
    ax = figure.add_axes(
        (c.left / PAGE_WIDTH, c.bottom / MAP_HEIGHT, c.width / PAGE_WIDTH, c.height / MAP_HEIGHT)
    )
    taken = draw_quadrants(ax, labels)
    ax.plot(
        [p.x for p in points], [p.y for p in points], "o", color="#1F3864", markersize=5, zorder=3
    )
    for p in points:
        px, py = c.points(p.x, p.y)
        taken.append((px - 3, py - 3, px + 3, py + 3))
    for p in crowded_first(points, taken):
        others = [CHART.points(o.x, o.y) for o in points if o is not p]
        place_label(ax, p, taken, others)
    return figure


def draw_quadrants(ax: Axes, labels: MapLabels) -> list[Box]:
    """The four quadrants with their titles and the axes' words; the titles' boxes."""
    from matplotlib.patches import Rectangle

    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color(EDGE)
        spine.set_linewidth(0.8)
    c, font, title_font = CHART, _font(), _font("Bold", HEADING_SIZE)
    titles: list[Box] = []
    for (x, y), fill, title in zip(CORNERS, QUADRANT_FILLS, labels.quadrants, strict=True):
        ax.add_patch(Rectangle((x, y), 0.5, 0.5, facecolor=fill, edgecolor="white", linewidth=1.5))
        # Titles at the chart's top and bottom edges, clear of the middle where points crowd.
        text, top = plain(title), y > 0
        cx, cy = c.points(x + 0.25, 1 - 4 / c.height if top else 4 / c.height)
        half, tall = text_width(text, title_font) / 2, line_height(HEADING_SIZE)
        titles.append((cx - half, cy - tall if top else cy, cx + half, cy if top else cy + tall))
        x, y = c.axes(cx, cy)
        draw_text(ax, x, y, text, title_font, ha="center", va="top" if top else "bottom")
    low, high = (plain(t) for t in labels.interest)
    draw_text(ax, 0, -6 / c.height, low, font, ha="left", va="top", clip_on=False)
    draw_text(ax, 1, -6 / c.height, high + " →", font, ha="right", va="top", clip_on=False)
    low, high = (plain(t) for t in labels.influence)
    upright = {"rotation": 90, "va": "bottom", "clip_on": False, "rotation_mode": "anchor"}
    draw_text(ax, -8 / c.width, 0, low, font, ha="left", **upright)
    draw_text(ax, -8 / c.width, 1, high + " →", font, ha="right", **upright)
    return titles


def crowded_first(points: Sequence[MapPoint], taken: list[Box]) -> list[MapPoint]:
    """The points with the fewest free places right next to them first, so that a point in a
    crowd or in a corner is labelled before its neighbours' labels take its room."""
    frame = frame_box()

    def free(p: MapPoint) -> int:
        px, py = CHART.points(p.x, p.y)
        room = (60.0, 2 * line_height())
        area = room[0] * room[1]
        own = (px - 3, py - 3, px + 3, py + 3)
        return sum(
            1
            for offset in OFFSETS
            if overlap(box := label_box(px, py, offset, 5.0, room), frame) > area - 0.01
            and not any(overlap(box, other) for other in taken if other != own)
        )

    return sorted(points, key=free)


def frame_box() -> Box:
    c = CHART
    return (c.left, c.bottom, c.left + c.width, c.bottom + c.height)


def place_label(ax: Axes, p: MapPoint, taken: list[Box], others: list[tuple[float, float]]) -> None:
    """A stakeholder's name, wrapped, in the best free place around its point."""
    font = _font()
    lines = wrap(plain(p.label), LABEL_WIDTH, font)
    size = (
        max(text_width(line, font) for line in lines) + 2,
        len(lines) * line_height() + 1,
    )
    c = CHART
    px, py = c.points(p.x, p.y)
    around = Surroundings(frame_box(), c.quadrant(p.x, p.y), taken, others)
    box, far = choose_place(px, py, size, around)
    taken.append(box)
    x0, _, _, y1 = box
    for n, line in enumerate(lines):
        x, y = c.axes(x0 + 1, y1 - n * line_height())
        draw_text(ax, x, y, line, font, va="top", zorder=4)
    if far:
        end = nearest(px, py, box)
        leader(ax, c.axes(px, py), c.axes(*end))
        taken += [(x - 1.5, y - 1.5, x + 1.5, y + 1.5) for x, y in along((px, py), end)]


# --- From a program ------------------------------------------------------------------------------


def theory_of_change(program: Program, lang: str, views: ProgramViews | None = None) -> Figure:
    """The program's results chain in `lang`, with the numbers of the assumptions on its links."""
    views = views or program_views(program)
    gettext = translations(lang).gettext
    by_result = views.theory_of_change.by_result

    def text(value: Any) -> str:
        return plain(export_shown(program, value, lang).text)

    def note(result_id: str) -> str:
        numbers = by_result.get(result_id)
        return f"{gettext('Assumption')} {', '.join(map(str, numbers))}" if numbers else ""

    results = program.results
    outcomes = tuple(
        Node(
            "outcome",
            f"{outcome.id}: {text(outcome.statement)}",
            note(outcome.id),
            tuple(
                Node(
                    "output",
                    f"{output.id}: {text(output.statement)}",
                    note(output.id),
                    tuple(Node("activity", f"{a.id} {text(a.title)}") for a in output.activities),
                )
                for output in outcome.outputs
            ),
        )
        for outcome in results.outcomes
    )
    goal = Node("goal", text(results.goal.statement), "", outcomes)
    headings = [label_text("result_level", level, gettext) for level in COLUMNS]
    return theory_of_change_figure(goal, headings)


def stakeholder_map(
    program: Program, lang: str, views: ProgramViews | None = None
) -> Figure | None:
    """The quadrant of the program's stakeholders, named in `lang`; None without stakeholders."""
    if not program.stakeholders:
        return None
    views = views or program_views(program)
    gettext = translations(lang).gettext
    names = {s.id: export_shown(program, s.name, lang).text for s in program.stakeholders}
    points = [MapPoint(names[p.id], p.x, p.y) for p in views.stakeholders.points]
    labels = MapLabels(
        (
            gettext("Manage closely"),
            gettext("Keep satisfied"),
            gettext("Monitor"),
            gettext("Keep informed"),
        ),
        (gettext("Low interest"), gettext("High interest")),
        (gettext("Low influence"), gettext("High influence")),
    )
    return stakeholder_map_figure(points, labels)


def program_figures(program: Program, lang: str, views: ProgramViews | None = None) -> list[Figure]:
    """The theory of change, and the stakeholder map when there are stakeholders."""
    views = views or program_views(program)
    figures = [theory_of_change(program, lang, views)]
    stakeholders = stakeholder_map(program, lang, views)
    if stakeholders is not None:
        figures.append(stakeholders)
    return figures
