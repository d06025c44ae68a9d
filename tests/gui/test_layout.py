"""The window at 800x600: everything important fits and shows; on a wide screen the text stays a column."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from interview_voice.ui.appearance import apply_appearance, apply_font_scale, clamp_scale
from tests.gui.windows import listed, ready_window, run_interview, window_for


def fully_shown(widget, window) -> bool:
    """The widget is inside the window and no part of it is covered or cut off."""
    inside = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    return window.rect().contains(inside) and widget.visibleRegion().boundingRect() == widget.rect()


def test_the_window_fits_800_by_600_with_every_interview_control_shown(qtbot, context):
    window = ready_window(qtbot, context)
    hint = window.minimumSizeHint()
    assert hint.width() <= 800 and hint.height() <= 600, hint
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.width() == 800 and window.height() == 600, timeout=2000)
    page = window.page
    for widget in (
        page.plan_box,
        page.level_box,
        page.resume_button,
        page.start_button,
        page.stop_button,
        page.settings_button,
        page.question_label,
        page.done_button,
        page.repeat_button,
        page.typed_box.edit,
        page.typed_box.send_button,
    ):
        assert fully_shown(widget, window), widget
    assert window.page.transcript.height() >= 4 * window.page.transcript.fontMetrics().height()  # room to read
    for index in range(window.tabs.count()):
        page = window.tabs.widget(index).minimumSizeHint()
        assert page.width() <= window.tabs.width() and page.height() <= window.tabs.height(), window.tabs.tabText(index)


def test_history_shows_every_column_at_800_by_600(qtbot, paths):
    window = window_for(qtbot, paths)
    run_interview(qtbot, window)
    history = window.history
    listed(qtbot, history, 1)
    window.resize(800, 600)
    window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: window.width() == 800 and history.isVisible(), timeout=2000)
    qtbot.wait(50)  # the columns resize to their contents in a later layout pass
    table, header = history.table, history.table.horizontalHeader()
    assert not table.horizontalScrollBar().isVisible()
    for column in range(table.columnCount()):
        left = header.sectionViewportPosition(column)
        assert left >= 0 and left + header.sectionSize(column) <= table.viewport().width(), column
        assert header.sectionSize(column) >= min(table.sizeHintForColumn(column), 60), column
    for widget in (
        history.search,
        history.report_button,
        history.export_button,
        history.delete_button,
        history.replay.play_button,
        history.replay.speed_box,
    ):
        assert fully_shown(widget, window), widget


def test_on_a_wide_screen_the_interview_is_a_centred_column(qtbot, context):
    window = ready_window(qtbot, context)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.width() == 1920, timeout=2000)
    qtbot.wait(50)
    question = window.page.question_label
    left = question.mapTo(window, question.rect().topLeft()).x()
    right = window.width() - (left + question.width())
    assert question.width() < 1500 and abs(left - right) <= 40


def test_a_larger_text_setting_scales_every_heading_and_still_fits_800_by_600(qtbot, context):
    app = QApplication.instance()
    font, style = QFont(app.font()), app.style().name()
    normal = ready_window(qtbot, context).page.question_label.font().pointSizeF()
    context.settings.font_scale = 1.5
    try:
        apply_appearance(app, context.settings.font_scale)
        assert app.font().pointSizeF() == pytest.approx(font.pointSizeF() * 1.5)
        window = ready_window(qtbot, context)
        assert window.page.question_label.font().pointSizeF() == pytest.approx(normal * 1.5)
        assert window.history.replay.title.font().pointSizeF() > app.font().pointSizeF()
        hint = window.minimumSizeHint()
        assert hint.width() <= 800 and hint.height() <= 600, hint
    finally:
        app.setFont(font)
        app.setStyle(style)


def test_the_text_scale_setting_is_kept_in_a_sane_range():
    assert clamp_scale(2) == 2.0 and clamp_scale("1.5") == 1.5
    assert clamp_scale(10) == 2.0 and clamp_scale(0.1) == 1.0 and clamp_scale(None) == 1.0
    assert clamp_scale(float("nan")) == 1.0


def test_at_double_text_size_the_question_keeps_two_lines_and_the_transcript_two(qtbot, context):
    app = QApplication.instance()
    font, style = QFont(app.font()), app.style().name()
    try:
        window = ready_window(qtbot, context)
        window.page.question_label.setText(
            "How exactly would you define who counts as having cancelled, and over what window would you measure it?"
        )
        window.resize(1070, 630)  # sized at 100 %, then the text size is doubled in Settings
        qtbot.wait(50)
        apply_font_scale(app, 2.0)
        qtbot.waitUntil(lambda: window.page.question_label.font().pointSizeF() > 2 * font.pointSizeF(), timeout=2000)
        qtbot.wait(100)
        # the layout may squeeze a widget to its minimum height: at double size that must still be two lines
        question_lines = window.page.question_label.fontMetrics().lineSpacing()
        assert window.page.question_label.minimumHeight() >= 2 * question_lines + 28
        assert window.page.question_label.height() >= 2 * question_lines + 28
        assert window.page.transcript.minimumHeight() >= 2 * window.page.transcript.fontMetrics().lineSpacing()
    finally:
        apply_font_scale(app, 1.0)
        app.setFont(font)
        app.setStyle(style)


def _controls_cut_off(window) -> list[str]:
    """Every visible button, choice, field and slider of the shown tab that is cut off: outside the window,
    or, in a page that scrolls, out of its width (scrolling down to a control is fine; sideways is not)."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QAbstractSlider, QComboBox, QLineEdit

    cut = []
    for kind in (QAbstractButton, QComboBox, QLineEdit, QAbstractSlider):
        for widget in window.findChildren(kind):
            if not widget.isVisible() or widget.window() is not window:
                continue
            if (
                isinstance(widget, QAbstractSlider)
                and widget.objectName() == ""
                and widget.parent() is not None
                and widget.parent().objectName().startswith("qt_scrollarea")
            ):
                continue  # a scroll bar belongs to its area
            area = widget.parent()
            while area is not None and not (
                isinstance(area, QAbstractScrollArea) and area.viewport().isAncestorOf(widget)
            ):
                area = area.parent()
            if area is not None:
                left = widget.mapTo(area.viewport(), widget.rect().topLeft()).x()
                fits = (
                    left >= 0
                    and left + widget.width() <= area.viewport().width()
                    and QRect(area.mapTo(window, area.rect().topLeft()), area.size()).right() <= window.width()
                )
            else:
                inside = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
                fits = window.rect().contains(inside) and not widget.visibleRegion().isEmpty()
            if not fits:
                cut.append(f"{type(widget).__name__} {widget.accessibleName() or getattr(widget, 'text', str)()!r}")
    return cut


@pytest.mark.parametrize("scale", [1.25, 1.5])
def test_at_800_by_600_with_larger_text_every_tab_keeps_its_controls_inside_the_window(qtbot, paths, scale):
    """Choosing a session in History at 125 % once widened the window to 866 px: End, Settings…, Send and the
    speed box were cut off on every tab."""
    app = QApplication.instance()
    font, style = QFont(app.font()), app.style().name()
    try:
        apply_appearance(app, scale)
        window = window_for(qtbot, paths)
        run_interview(qtbot, window)
        window.resize(800, 600)
        qtbot.waitUntil(lambda: window.width() == 800 and window.height() == 600, timeout=2000)
        history = window.history
        window.tabs.setCurrentWidget(history)
        listed(qtbot, history, 1)
        with qtbot.waitSignal(history.opened, timeout=5000):
            history.table.selectRow(0)
        qtbot.waitUntil(lambda: history.replay.player is not None, timeout=5000)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            qtbot.wait(50)  # layouts settle in a later pass
            assert (window.width(), window.height()) == (800, 600), window.tabs.tabText(index)
            assert _controls_cut_off(window) == [], window.tabs.tabText(index)
        window.grab().save(str(paths.data_dir / f"history-{scale}.png"))
        assert history.replay.slider.width() >= 10 * history.replay.slider.fontMetrics().averageCharWidth()
    finally:
        apply_font_scale(app, 1.0)
        app.setFont(font)
        app.setStyle(style)
