"""The charts' text follows the text size, and at 800x600 with large text no two labels touch."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication, QTabWidget

from interview_voice.core.progress import SessionPoint, progress
from interview_voice.ui.appearance import apply_font_scale
from interview_voice.ui.charts import ChartSpec, chart_image, paint_chart, tick_steps
from interview_voice.ui.progress_view import ProgressView

AREAS = ["machine_learning", "mlops", "evaluation", "system_design", "behavioural_leadership", "statistics"]
STAGES = ["technical", "behavioural", "system_design", "recruiter_screen"]


class RecordingPainter(QPainter):
    """Paints as usual and keeps where each piece of text went, in which font."""

    def __init__(self, device) -> None:
        super().__init__(device)
        self.texts: list[tuple[QRectF, str, float, bool]] = []

    def drawText(self, rect, flags, text):  # noqa: N802 (Qt's name)
        if text:
            inked = QFontMetricsF(self.font()).boundingRect(QRectF(rect), int(flags), text)
            self.texts.append((inked, text, self.font().pointSizeF(), self.font().bold()))
        super().drawText(rect, flags, text)


def feedback(n: int) -> dict:
    areas = {a: 0.2 + 0.05 * ((n + k) % 12) for k, a in enumerate(AREAS)}
    return {
        "headline": {
            "answers": 4,
            "wpm": 110 + 7 * n,
            "fillers_per_min": 6 - 0.3 * n,
            "long_pauses": 3 + n % 4,
            "coverage": sum(areas.values()) / len(areas),
        },
        "questions": [{"question_id": a, "area": a, "coverage": c} for a, c in areas.items()],
        "stage": STAGES[n % 4],
    }


def fourteen_sessions():
    days = [date(2026, 10, 1) + timedelta(days=2 * n) for n in range(14)]
    return progress([SessionPoint(d, f"{d:%m-%d}", feedback(n)) for n, d in enumerate(days)], today=days[-1])


@pytest.fixture
def text_at_150():
    app = QApplication.instance()
    apply_font_scale(app, 1.0)
    system = app.font().pointSizeF()
    apply_font_scale(app, 1.5)
    yield system
    apply_font_scale(app, 1.0)


def painted(chart) -> RecordingPainter:
    image = QImage(chart.size(), QImage.Format_ARGB32)
    painter = RecordingPainter(image)
    paint_chart(painter, QRectF(chart.rect()), chart.spec, chart.font())
    painter.end()
    return painter


def test_progress_charts_at_150_percent_in_800_by_600_have_large_labels_that_never_touch(qtbot, text_at_150):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    view = ProgressView()
    tabs.addTab(view, "Progress")
    tabs.resize(800, 600)
    tabs.show()
    view.show_progress(fourteen_sessions())
    qtbot.waitUntil(lambda: view.charts[0].font().pointSizeF() == pytest.approx(text_at_150 * 1.5), timeout=2000)
    for chart in view.charts:
        recorded = painted(chart)
        sizes = [size for _, _, size, _ in recorded.texts]
        assert sizes == [pytest.approx(text_at_150 * 1.5)] * len(sizes), chart.spec.title  # the window's, not 7-10 pt
        assert recorded.texts[0][3], "the title is bold"
        assert len(recorded.texts) >= 5, chart.spec.title  # a title, value labels and some names
        whole = QRectF(chart.rect())
        for inked, text, _, _ in recorded.texts:
            assert whole.contains(inked), (chart.spec.title, text)
        for (a, ta, _, _), (b, tb, _, _) in combinations(recorded.texts, 2):
            assert not a.intersects(b), (chart.spec.title, ta, tb)


def test_a_bar_chart_names_every_bar_while_there_is_room_for_a_few_letters(qtbot, text_at_150):
    view = ProgressView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    view.show_progress(fourteen_sessions())
    stages = view.charts[5]
    qtbot.waitUntil(lambda: stages.width() > 300, timeout=2000)
    names = [text for _, text, _, bold in painted(stages).texts if not bold and not text.endswith("%")]
    assert len(names) == 4 and names[0].startswith("beh"), names


def test_the_value_axis_shows_fewer_steps_rather_than_labels_on_top_of_each_other():
    assert tick_steps(200, 20) == 4
    assert tick_steps(80, 20) == 2
    assert tick_steps(30, 20) == 1


def test_a_chart_grows_with_the_text_and_printed_charts_keep_their_size(qtbot):
    from interview_voice.ui.charts import ChartWidget

    app = QApplication.instance()
    spec = ChartSpec("Pace per answer", ["#1", "#2", "#3"], [120, 150, 170], "words/min")
    chart = ChartWidget(spec)
    qtbot.addWidget(chart)
    apply_font_scale(app, 1.0)
    small, printed = chart.minimumSizeHint(), chart_image(spec)
    try:
        apply_font_scale(app, 2.0)
        qtbot.waitUntil(lambda: chart.minimumSizeHint().height() > small.height() * 1.5, timeout=2000)
        assert chart.minimumSizeHint().width() > small.width() * 1.5
        assert chart_image(spec) == printed  # a PDF page is the same whatever the screen's text size
    finally:
        apply_font_scale(app, 1.0)


def test_sessions_on_the_same_day_are_told_apart_under_the_charts():
    from datetime import datetime, timezone

    from interview_voice.ui.progress_view import session_label

    times = [
        datetime(2026, 11, 25, 18, 0, tzinfo=timezone.utc),
        datetime(2026, 11, 26, 9, 5, tzinfo=timezone.utc),
        datetime(2026, 11, 26, 20, 36, tzinfo=timezone.utc),
    ]
    assert [session_label(times, i) for i in range(3)] == ["11-25", "11-26", "20:36"]
