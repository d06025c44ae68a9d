"""The panel on screen in the Presentation plan: names and roles, who speaks, who is next, the phase
and the presentation's time left, from the events a real session emits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from interview_voice.records import FloorChanged, TurnRecord
from interview_voice.ui.panel_view import PanelView, role_widths
from tests.gui.windows import ready_window

PANEL = [
    ("Dana", "hiring manager"),
    ("Ravi", "senior machine learning engineer"),
    ("Lena", "product manager"),
    ("Tom", "privacy and compliance lead"),
]


def said(persona: str, kind: str) -> TurnRecord:
    return TurnRecord(0, "interviewer", kind, "…", persona=persona)


def test_the_panel_follows_the_turns_through_presentation_and_questions(qtbot):
    view = PanelView()
    qtbot.addWidget(view)
    view.start(PANEL)
    assert view.has_panel and view.phase == "Introductions"
    assert "senior machine learning engineer" in view.chips["Ravi"].toolTip()
    view.on_turn_started(said("Dana", "question"))
    assert view.speaking == "Dana" and view.next_up == "You" and "speaking" in view.chips["Dana"].text()
    view.on_floor(FloorChanged("Ravi", True, 600))
    assert view.phase == "Presentation" and view.speaking == "You" and view.next_up == "Ravi"
    assert "○ next" in view.chips["Ravi"].text() and "speaking" not in view.chips["Dana"].text()
    assert "Your talk: 10:00 left" in view.phase_label.text() or "Your talk: 9:59 left" in view.phase_label.text()
    view.on_turn_started(said("Lena", "interjection"))  # a panelist jumps in: still the presentation
    assert view.phase == "Presentation" and view.speaking == "Lena"
    view.on_floor(FloorChanged("Ravi", True, 600))
    assert 595 < view.presentation_left_s() <= 600
    view.on_turn_started(said("Ravi", "follow_up"))  # the presentation is over: questions
    assert view.phase == "Q&A" and view.presentation_left_s() is None
    view.on_floor(FloorChanged("Tom", False, 150))
    assert view.phase == "Q&A" and view.next_up == "Tom" and "You have the floor" in view.phase_label.text()
    view.on_turn_started(said("Dana", "closing"))
    assert view.phase == "Closing" and view.next_up is None


def test_a_single_interviewer_shows_no_panel(qtbot):
    view = PanelView()
    qtbot.addWidget(view)
    view.start([("Alex", "ML lead")])
    assert not view.has_panel and view.isHidden()


def test_a_presentation_session_in_the_window_shows_the_panel_and_its_phases(qtbot, context):
    window = ready_window(qtbot, context)
    window.resize(800, 600)
    window.page.plan_box.setCurrentIndex(window.page.plan_box.findData("presentation-panel"))
    seen: list[tuple[str, str | None, str | None]] = []  # the panel after each event (it is connected first)

    def note(*_):
        seen.append((window.page.panel_view.phase, window.page.panel_view.speaking, window.page.panel_view.next_up))

    floors: list[FloorChanged] = []
    window.bridge.floor.connect(floors.append)
    window.bridge.turn_started.connect(note)
    window.bridge.floor.connect(note)
    with qtbot.waitSignal(window.bridge.finished, timeout=30000) as finished:
        qtbot.mouseClick(window.page.start_button, Qt.LeftButton)
    panel = window.page.panel_view
    assert panel.isVisible() and not window.page.speaker_label.isVisible()
    assert list(panel.chips) == ["Dana", "Ravi", "Lena", "Tom"]
    assert floors[0].presenting and floors[0].budget_s == 600
    assert {f.next_persona for f in floors} <= set(panel.chips) | {None}
    assert any(f.next_persona for f in floors)
    phases = [phase for phase, _, _ in seen]
    assert "Presentation" in phases and "Q&A" in phases and phases.index("Presentation") < phases.index("Q&A")
    speakers = {t.persona for t in finished.args[0] if t.speaker == "interviewer"}
    assert speakers <= set(panel.chips)
    assert panel.phase == "Closing"


def shown_panel(qtbot, width: int) -> tuple[QWidget, PanelView]:
    """A panel in a window this wide (the window is returned too: the panel lives as long as it)."""
    host = QWidget()
    qtbot.addWidget(host)
    view = PanelView()
    column = QVBoxLayout(host)
    column.addWidget(view)
    view.start(PANEL)
    host.resize(width, 200)
    host.show()
    qtbot.waitExposed(host)
    qtbot.wait(50)  # the layout takes the chips' new texts
    return host, view


def test_roles_use_the_room_there_is_and_are_shortened_only_when_the_row_is_full(qtbot):
    _roomy_window, roomy = shown_panel(qtbot, 1000)
    assert not any("…" in chip.text() for chip in roomy.chips.values())  # every role whole
    _narrow_window, narrow = shown_panel(qtbot, 780)
    assert "senior machine learning" in narrow.chips["Ravi"].text()  # not "senior machine lea…"
    elided = [chip for chip in narrow.chips.values() if "…" in chip.text()]
    assert elided and all(chip.toolTip() for chip in elided)
    used = sum(chip.width() for chip in narrow.chips.values()) + narrow.phase_label.width()
    gaps = narrow.layout().spacing() * (len(narrow.chips) + 1) + 16  # the row's margins, 8 each side
    assert narrow.contentsRect().width() - used - gaps < 30  # no room left unused while elided


def test_role_widths_keep_short_roles_whole_and_share_the_rest():
    assert role_widths([90, 200, 100, 170], 600) == [90, 200, 100, 170]  # all fit
    assert role_widths([90, 200, 100, 170], 500) == [90, 155, 100, 155]  # the long two share 310
    assert role_widths([200, 200], 100, least=90) == [90, 90]  # never below the least
