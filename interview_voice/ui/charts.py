"""Small charts drawn with QPainter: a line over sessions, or bars per answer or area.

Chosen by measurement (benchmarks/chart_bench.py, one run): a 30-point chart redraws offscreen in about
1 ms with this code, 0.7 ms with pyqtgraph 0.14 and 0.4 ms with QtCharts: all far below one 16 ms frame,
so speed decides nothing. Size does: this code adds nothing; pyqtgraph adds 7.9 MB installed (and
colorama); QtCharts needs PySide6-Addons 6.11.3 (a 175 MB wheel, 439 MB installed) and is deprecated since
Qt 6.10. The same painting also draws the PDF's and the Markdown export's chart images.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

LINE = QColor("#2f5d9e")
BAND = QColor(46, 157, 91, 40)
GRID = QColor("#e1e4e8")
TEXT = QColor("#3b4350")


@dataclass(frozen=True)
class ChartSpec:
    title: str
    labels: list[str]
    values: list[float | None]  # None: no value (a gap)
    unit: str = ""
    kind: str = "line"  # line | bars
    band: tuple[float, float] | None = None  # the good range, shaded
    percent: bool = False  # values are 0..1 shares
    top: float | None = None  # the axis maximum (default: from the values)


def _fmt(value: float, spec: ChartSpec) -> str:
    if spec.percent:
        return f"{value:.0%}"
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def nice_top(largest: float, steps: int = 4) -> float:
    """The axis maximum: a round step (1, 2, 2.5 or 5 times a power of ten) times `steps`, at least 1."""
    raw = max(largest, 1.0) / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return step * steps


def tick_steps(plot_height: float, line_h: float) -> int:
    """How many steps the value axis shows: 4, or 2 or 1 when 4 labels would touch (large text, short chart)."""
    steps = 4
    while steps > 1 and plot_height / steps < line_h * 1.2:
        steps //= 2
    return steps


def paint_chart(painter: QPainter, rect: QRectF, spec: ChartSpec, font: QFont | None = None) -> None:
    """Draw the chart in rect. Its text is in font: a widget's own (which follows the text size setting), or
    the painter's; the title is that font in bold, the axes that font."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(rect, QColor("white"))
    font = QFont(font if font is not None else painter.font())
    title_font = QFont(font)
    title_font.setBold(True)
    painter.setFont(title_font)
    line_h = painter.fontMetrics().height()
    painter.setPen(TEXT)
    title = spec.title + (f" ({spec.unit})" if spec.unit else "")
    title = painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, int(rect.width() - 12))
    painter.drawText(
        QRectF(rect.left() + 6, rect.top() + 2, rect.width() - 12, line_h), Qt.AlignmentFlag.AlignLeft, title
    )
    painter.setFont(font)
    metrics = painter.fontMetrics()
    values = [v for v in spec.values if v is not None]
    top = spec.top or nice_top(max(values + [spec.band[1] if spec.band else 0.0]) * 1.05)
    # a value label is centred on its line, so half a line of it stands above the top line and below the
    # bottom one: the plot leaves that room, and the title and the dates never touch a value
    plot_top = rect.top() + 2 + line_h + 4 + line_h / 2
    plot_h = rect.bottom() - 4 - line_h - 2 - line_h / 2 - plot_top
    steps = tick_steps(plot_h, line_h)
    ticks = [top * step / steps for step in range(steps + 1)]
    left_w = max(metrics.horizontalAdvance(_fmt(value, spec)) for value in ticks) + 10
    plot = QRectF(rect.left() + left_w, plot_top, rect.width() - left_w - 10, plot_h)
    if plot.width() < 20 or plot.height() < 20:
        painter.restore()
        return

    def y(value: float) -> float:
        return plot.bottom() - plot.height() * min(value, top) / top

    if spec.band:
        painter.fillRect(QRectF(plot.left(), y(spec.band[1]), plot.width(), y(spec.band[0]) - y(spec.band[1])), BAND)
    for value in ticks:
        painter.setPen(GRID)
        painter.drawLine(QPointF(plot.left(), y(value)), QPointF(plot.right(), y(value)))
        painter.setPen(TEXT)
        painter.drawText(
            QRectF(rect.left(), y(value) - line_h / 2, left_w - 4, line_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            _fmt(value, spec),
        )
    n = max(len(spec.values), 1)
    slot = plot.width() / n
    xs = [plot.left() + slot * (i + 0.5) for i in range(n)]
    if not values:
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No data yet")
    elif spec.kind == "bars":
        for x, bar in zip(xs, spec.values):
            if bar is not None:
                painter.fillRect(QRectF(x - slot * 0.35, y(bar), slot * 0.7, plot.bottom() - y(bar)), LINE)
    else:
        painter.setPen(QPen(LINE, 2))
        points = [QPointF(x, y(v)) for x, v in zip(xs, spec.values) if v is not None]
        for a, b in zip(points, points[1:]):
            painter.drawLine(a, b)
        painter.setBrush(LINE)
        for p in points:
            painter.drawEllipse(p, 3, 3)
    # x labels: as many as fit without overlapping. A bar chart names every bar (shortened) while each has
    # room for a few letters: a bar without its name says nothing, a date between two others can be guessed.
    painter.setPen(TEXT)
    widest = min(max((metrics.horizontalAdvance(label) for label in spec.labels), default=1) + 6, 8 * line_h)
    every = 1 if spec.kind == "bars" and slot >= 3 * line_h else max(1, int(widest // max(slot, 1)) + 1)
    room = slot * every - 4
    label_y = plot.bottom() + line_h / 2 + 2
    for i, (x, label) in enumerate(zip(xs, spec.labels)):
        if i % every == 0:
            # centred under its point, and narrower at the chart's edges rather than cut off by them
            width = min(room, 2 * (x - rect.left() - 2), 2 * (rect.right() - 2 - x))
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(width))
            painter.drawText(QRectF(x - width / 2, label_y, width, line_h), Qt.AlignmentFlag.AlignHCenter, text)
    painter.restore()


def chart_image(spec: ChartSpec, width: int = 640, height: int = 240, scale: float = 1.0) -> QImage:
    """The chart as an image of width x height logical pixels (scale 2: twice the pixels, for print)."""
    image = QImage(int(width * scale), int(height * scale), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont(painter.font())  # a page's size, whatever the screen's text size: the image is printed
    font.setPointSizeF(max(7.0, min(10.0, height / 22)))
    paint_chart(painter, QRectF(0, 0, width, height), spec, font)
    painter.end()
    return image


class ChartWidget(QWidget):
    """A chart whose text is the window's (it follows the text size) and whose size is counted in lines of it."""

    def __init__(self, spec: ChartSpec | None = None) -> None:
        super().__init__()
        self.spec = spec
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        # room for the title, four value labels apart, and the dates: ten lines of text high
        line = self.fontMetrics().height()
        return QSize(12 * line, 10 * line)

    def sizeHint(self) -> QSize:  # noqa: N802
        line = self.fontMetrics().height()
        return QSize(20 * line, 11 * line)

    def set_spec(self, spec: ChartSpec) -> None:
        self.spec = spec
        self.setAccessibleName(spec.title)
        self.update()

    def clear(self) -> None:
        self.spec = None
        self.setAccessibleName("")
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.spec is None:
            return
        painter = QPainter(self)
        paint_chart(painter, QRectF(self.rect()), self.spec, self.font())
        painter.end()
