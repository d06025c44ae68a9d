"""Chart approaches for the report and Progress tab: redraw time of a 30-point line chart, offscreen, and size.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/chart_bench.py [--extra-path DIR ...]

Our QPainter chart (ui/charts.py) always; pyqtgraph and QtCharts when importable (pass folders holding
them, e.g. a pip --target folder and a PySide6 folder with PySide6-Addons, with --extra-path; they are
not project dependencies). Each chart is drawn into a 640x240 image 200 times; the median and p95
of one redraw are printed (widgets through QWidget.grab()) side by side, with the size each approach
adds to an install. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def timed(draw, repeats: int = 200) -> tuple[float, float]:
    for _ in range(10):
        draw()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        draw()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times)) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--extra-path", action="append", default=[])
    args = parser.parse_args()
    sys.path[:0] = args.extra_path + [str(ROOT)]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    app = QApplication([])  # noqa: F841
    from interview_voice.ui.charts import ChartSpec, ChartWidget, paint_chart

    labels = [f"11-{d:02d}" for d in range(1, 31)]
    values = [120 + (d * 7) % 40 for d in range(30)]
    image = QImage(640, 240, QImage.Format_ARGB32)
    rows = []

    def render(widget) -> None:
        widget.grab()  # the widget repaints itself into a pixmap, as on screen

    spec = ChartSpec("Pace", labels, values, "words/min", band=(120, 160))

    def ours() -> None:
        image.fill(QColor("white"))
        painter = QPainter(image)
        paint_chart(painter, QRectF(0, 0, 640, 240), spec)
        painter.end()

    widget = ChartWidget(spec)
    widget.resize(640, 240)
    rows.append(("QPainter (ui/charts.py)", *timed(ours), 0.0, "none"))
    rows.append(("ChartWidget.grab()", *timed(lambda: render(widget)), 0.0, "none"))
    try:
        import pyqtgraph as pg

        plot = pg.PlotWidget(background="w")
        plot.resize(640, 240)
        plot.plot(list(range(30)), values, pen=pg.mkPen("#2f5d9e", width=2), symbol="o")
        plot.getAxis("bottom").setTicks([[(i, s) for i, s in enumerate(labels)][::5]])
        rows.append(
            (
                f"pyqtgraph {pg.__version__}",
                *timed(lambda: render(plot)),
                _size_mb(Path(pg.__file__).parent),
                "pyqtgraph (pure Python)",
            )
        )
    except ImportError as exc:
        print(f"pyqtgraph not measured: {exc}")
    try:
        from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries  # noqa: F401

        series = QLineSeries()
        for i, v in enumerate(values):
            series.append(i, v)
        chart = QChart()
        chart.addSeries(series)
        chart.createDefaultAxes()
        chart.legend().hide()
        view = QChartView(chart)
        view.resize(640, 240)
        import PySide6

        addons = [p for p in Path(PySide6.__file__).parent.rglob("*") if "Charts" in p.name and p.is_file()]
        records = [
            Path(p) / r
            for p in sys.path
            if Path(p).is_dir()
            for r in os.listdir(p)
            if r.lower().startswith("pyside6_addons") and r.endswith(".dist-info")
        ]
        size = (
            sum(
                int(row.split(",")[2] or 0)
                for row in (records[0] / "RECORD").read_text().splitlines()
                if row.count(",") >= 2
            )
            / 1e6
            if records
            else None
        )
        rows.append(("QtCharts (PySide6-Addons)", *timed(lambda: render(view)), size, "PySide6-Addons wheel"))
        print(
            f"QtCharts files alone: {sum(p.stat().st_size for p in addons) / 1e6:.1f} MB "
            "(the whole PySide6-Addons wheel must be installed)"
        )
    except ImportError as exc:
        print(f"QtCharts not measured: {exc}")
    print(f"{'approach':28} {'median ms':>10} {'p95 ms':>8} {'adds MB installed':>18}  dependency")
    for name, median, p95, size, dep in rows:
        size_text = "see wheel" if size is None else f"{size:.1f}"
        print(f"{name:28} {median:10.3f} {p95:8.3f} {size_text:>18}  {dep}")


if __name__ == "__main__":
    main()
