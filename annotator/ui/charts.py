"""Small charts for the workbench's reports: lines over time and grouped bars, with pyqtgraph.

pyqtgraph is pure Python over the Qt the project already pins, so there is no second
Qt binary to pin (QtCharts would need PySide6-Addons). Importing it costs about 0.75 s,
so it is imported only when a chart is first made (``pyqtgraph()``), never at start-up.
Charts are drawn dark on white (they go into reports and README pictures as they look
on screen). pyqtgraph shows titles, axis labels and legend entries as HTML: every name
that comes from data (an analyst, a label) is escaped on its way in; tick labels and
text items are drawn as plain text.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyqtgraph as pg

#: Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
)  # fmt: skip
INK = "#222222"
GRID = 0.15


def pyqtgraph() -> Any:
    """The pyqtgraph module, imported on first use."""
    import pyqtgraph as pg

    return pg


def colour(n: int) -> str:
    """The n-th series' colour."""
    return PALETTE[n % len(PALETTE)]


def escaped(text: str) -> str:
    """Text for a place pyqtgraph renders as HTML (titles, axis labels, legends)."""
    return html.escape(text, quote=False)


def chart_area(parent: Any = None) -> pg.GraphicsLayoutWidget:
    """A white canvas to lay charts out on (``add_chart`` places one)."""
    pg = pyqtgraph()
    area = pg.GraphicsLayoutWidget(parent)
    area.setBackground("w")
    return area


def add_chart(
    area: pg.GraphicsLayoutWidget,
    title: str,
    x_label: str,
    y_label: str,
    *,
    row: int,
    col: int,
    colspan: int = 1,
) -> pg.PlotItem:
    """One chart with a title, axis labels and a legend (one row of entries, top left)."""
    pg = pyqtgraph()
    plot = area.addPlot(row=row, col=col, colspan=colspan)
    plot.setTitle(escaped(title), color=INK, size="12pt")
    plot.setLabel("bottom", escaped(x_label), color=INK)
    plot.setLabel("left", escaped(y_label), color=INK)
    for side in ("bottom", "left"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen(INK))
        axis.setTextPen(pg.mkPen(INK))
        axis.enableAutoSIPrefix(False)  # never "(x1e+09)" after a label
    plot.showGrid(x=False, y=True, alpha=GRID)
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    legend = plot.addLegend(
        offset=(8, 4), labelTextColor=INK, brush=pg.mkBrush(255, 255, 255, 230), colCount=8
    )
    legend.setZValue(10)
    return plot


#: Room above the highest value for the legend row and the values written on bars.
HEADROOM = 1.3


def _y_axis(plot: pg.PlotItem, low: float, high: float, *, integers: bool) -> None:
    """The y range from ``low`` to ``high`` with headroom; whole-number ticks for counts."""
    top = high * HEADROOM if high > 0 else 1.0
    plot.setYRange(low - 0.02 * (top - low), top, padding=0)  # a margin: the 0 tick shows
    axis = plot.getAxis("left")
    if integers and top <= 12:
        axis.setTickSpacing(1, 1)
    else:
        axis.setTickSpacing()


def clear(plot: pg.PlotItem) -> None:
    """Remove the chart's series (and their legend entries) to draw new ones."""
    plot.clear()
    if plot.legend is not None:
        plot.legend.clear()
    for side in ("bottom", "left"):
        plot.getAxis(side).setTicks(None)
        plot.getAxis(side).setStyle(showValues=True)


def day_seconds(day: str) -> float:
    """An ISO date (UTC) as seconds since the epoch: x values of a chart over days."""
    return datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()


def day_ticks(days: Sequence[str], most: int = 12) -> list[tuple[float, str]]:
    """Tick marks for a chart over these days ("Nov 02"), at most ``most`` of them."""
    step = max(1, -(-len(days) // most))
    return [
        (day_seconds(day), datetime.fromisoformat(day).strftime("%b %d")) for day in days[::step]
    ]


def line_chart(
    plot: pg.PlotItem,
    series: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    *,
    x_ticks: Sequence[tuple[float, str]] | None = None,
    integers: bool = False,
    dodge: float = 0.0,
    min_span: float = 1.0,
) -> list[pg.PlotDataItem]:
    """One line with dots per series (name -> (xs, ys)), in palette order; ``x_ticks``
    names the x positions (dates, say), ``integers`` keeps y ticks whole.

    ``dodge``: the series are set side by side, each this far (in x units) from the
    next, centred on the true x: analysts with the same count on the same day were one
    dot, the last one drawn. ``min_span``: the least x range shown (one day, say).
    """
    pg = pyqtgraph()
    clear(plot)
    items = []
    middle = (len(series) - 1) / 2
    shifted = {
        name: ([x + (n - middle) * dodge for x in xs], ys)
        for n, (name, (xs, ys)) in enumerate(series.items())
    }
    for n, (name, (xs, ys)) in enumerate(shifted.items()):
        items.append(
            plot.plot(
                list(xs),
                list(ys),
                name=escaped(name),
                pen=pg.mkPen(colour(n), width=2.5),
                symbol="o",
                symbolSize=7,
                symbolBrush=colour(n),
                symbolPen=pg.mkPen("w"),
            )
        )
    plot.getAxis("bottom").setTicks([list(x_ticks)] if x_ticks is not None else None)
    xs_all = [x for xs, _ in shifted.values() for x in xs]
    if xs_all:
        lo, hi = min(xs_all), max(xs_all)
        if hi - lo < min_span:  # one day: the dots in the middle of a day's width
            lo, hi = (lo + hi - min_span) / 2, (lo + hi + min_span) / 2
        span = hi - lo
        plot.setXRange(lo - 0.03 * span, hi + 0.03 * span, padding=0)
    ys_all = [y for _, ys in series.values() for y in ys]
    _y_axis(plot, min([0.0, *ys_all]), max([0.0, *ys_all]), integers=integers)
    return items


def bar_chart(
    plot: pg.PlotItem,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    value_format: str | None = None,
    y_max: float | None = None,
    integers: bool = False,
) -> list[pg.BarGraphItem]:
    """Bars grouped by category, one bar per series in each group; a missing value
    (None) draws no bar and, with ``value_format``, says "n/a" where it would be.
    ``y_max``: the top of the scale (before headroom), else the highest bar."""
    pg = pyqtgraph()
    clear(plot)
    count = max(1, len(series))
    width = 0.8 / count
    items = []
    for n, (name, values) in enumerate(series.items()):
        xs = [i - 0.4 + width * (n + 0.5) for i in range(len(categories))]
        heights = [v if v is not None else 0.0 for v in values]
        bars = pg.BarGraphItem(
            x=xs, height=heights, width=width * 0.9, brush=colour(n), pen=None, name=escaped(name)
        )
        plot.addItem(bars)
        items.append(bars)
        if value_format is not None:
            for x, value in zip(xs, values, strict=True):
                shown = "n/a" if value is None else format(value, value_format)
                text = pg.TextItem(shown, color=INK, anchor=(0.5, 1.0))
                text.setPos(x, value if value is not None and value > 0 else 0.0)
                plot.addItem(text)
    axis = plot.getAxis("bottom")
    axis.setTicks([[(i, name) for i, name in enumerate(categories)]])
    plot.setXRange(-0.6, len(categories) - 0.4, padding=0)
    known = [v for values in series.values() for v in values if v is not None]
    low = min([0.0, *known])
    _y_axis(plot, low - 0.05 * (low < 0), y_max or max([0.0, *known]), integers=integers)
    if y_max is not None:  # no ticks above the top of the scale (the headroom is for text)
        step = y_max / 5
        first = math.floor(low / step)
        marks = [round(n * step, 10) for n in range(first, 6)]
        plot.getAxis("left").setTicks([[(v, f"{v:g}") for v in marks]])
    return items


def placeholder(plot: pg.PlotItem, text: str) -> None:
    """A sentence in the middle of an empty chart ("computing…", "nothing yet")."""
    pg = pyqtgraph()
    clear(plot)
    item = pg.TextItem(text, color=INK, anchor=(0.5, 0.5))
    plot.addItem(item)
    item.setPos(0.5, 0.5)
    plot.setXRange(0, 1, padding=0)
    plot.setYRange(0, 1, padding=0)
    for side in ("bottom", "left"):
        plot.getAxis(side).setStyle(showValues=False)
