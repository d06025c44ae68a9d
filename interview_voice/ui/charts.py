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

from PySide6.QtCore import QPointF, QRectF, Qt
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
    values: list[float | None]     # None: no value (a gap)
    unit: str = ""
    kind: str = "line"             # line | bars
    band: tuple[float, float] | None = None   # the good range, shaded
    percent: bool = False          # values are 0..1 shares
    top: float | None = None       # the axis maximum (default: from the values)


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


def paint_chart(painter: QPainter, rect: QRectF, spec: ChartSpec) -> None:
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing)
    painter.fillRect(rect, QColor("white"))
    font = QFont(painter.font())
    font.setPointSizeF(max(7.0, min(10.0, rect.height() / 22)))
    painter.setFont(font)
    metrics = painter.fontMetrics()
    line_h = metrics.height()
    painter.setPen(TEXT)
    title = spec.title + (f" ({spec.unit})" if spec.unit else "")
    painter.drawText(QRectF(rect.left() + 6, rect.top() + 2, rect.width() - 12, line_h), Qt.AlignLeft, title)
    values = [v for v in spec.values if v is not None]
    top = spec.top or nice_top(max(values + [spec.band[1] if spec.band else 0.0]) * 1.05)
    left_w = max(metrics.horizontalAdvance(_fmt(top * step / 4, spec)) for step in range(5)) + 10
    plot = QRectF(rect.left() + left_w, rect.top() + line_h + 8, rect.width() - left_w - 10,
                  rect.height() - 2 * line_h - 16)
    if plot.width() < 20 or plot.height() < 20:
        painter.restore()
        return

    def y(value: float) -> float:
        return plot.bottom() - plot.height() * min(value, top) / top

    if spec.band:
        painter.fillRect(QRectF(plot.left(), y(spec.band[1]), plot.width(), y(spec.band[0]) - y(spec.band[1])), BAND)
    for step in range(5):
        value = top * step / 4
        painter.setPen(GRID)
        painter.drawLine(QPointF(plot.left(), y(value)), QPointF(plot.right(), y(value)))
        painter.setPen(TEXT)
        painter.drawText(QRectF(rect.left(), y(value) - line_h / 2, left_w - 4, line_h),
                         Qt.AlignRight | Qt.AlignVCenter, _fmt(value, spec))
    n = max(len(spec.values), 1)
    slot = plot.width() / n
    xs = [plot.left() + slot * (i + 0.5) for i in range(n)]
    if not values:
        painter.drawText(plot, Qt.AlignCenter, "No data yet")
    elif spec.kind == "bars":
        for x, value in zip(xs, spec.values):
            if value is not None:
                painter.fillRect(QRectF(x - slot * 0.35, y(value), slot * 0.7, plot.bottom() - y(value)), LINE)
    else:
        painter.setPen(QPen(LINE, 2))
        points = [QPointF(x, y(v)) for x, v in zip(xs, spec.values) if v is not None]
        for a, b in zip(points, points[1:]):
            painter.drawLine(a, b)
        painter.setBrush(LINE)
        for p in points:
            painter.drawEllipse(p, 3, 3)
    # x labels: as many as fit without overlapping
    painter.setPen(TEXT)
    widest = min(max((metrics.horizontalAdvance(label) for label in spec.labels), default=1) + 6, 140)
    every = max(1, int(widest // max(slot, 1)) + 1)
    room = slot * every - 4
    for i, (x, label) in enumerate(zip(xs, spec.labels)):
        if i % every == 0:
            text = metrics.elidedText(label, Qt.ElideRight, int(room))
            painter.drawText(QRectF(x - room / 2, plot.bottom() + 3, room, line_h), Qt.AlignHCenter, text)
    painter.restore()


def chart_image(spec: ChartSpec, width: int = 640, height: int = 240, scale: float = 1.0) -> QImage:
    """The chart as an image of width x height logical pixels (scale 2: twice the pixels, for print)."""
    image = QImage(int(width * scale), int(height * scale), QImage.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_chart(painter, QRectF(0, 0, width, height), spec)
    painter.end()
    return image


class ChartWidget(QWidget):
    def __init__(self, spec: ChartSpec | None = None) -> None:
        super().__init__()
        self.spec = spec
        self.setMinimumSize(220, 150)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def set_spec(self, spec: ChartSpec) -> None:
        self.spec = spec
        self.setAccessibleName(spec.title)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.spec is None:
            return
        painter = QPainter(self)
        paint_chart(painter, QRectF(self.rect()), self.spec)
        painter.end()
