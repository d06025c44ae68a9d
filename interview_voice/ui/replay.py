"""Replaying a session: both tracks together, a timeline, and a transcript synced word by word."""

from __future__ import annotations

import bisect
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from interview_voice.core.events import answer_numbers, cut_off_label, describe_event, is_notable
from interview_voice.engines.base import EngineError
from interview_voice.records import empty_answer_text, is_typed
from interview_voice.storage.export import clock
from interview_voice.storage.spoken import interviewer_words
from interview_voice.storage.views import SessionView, status_label
from interview_voice.ui.appearance import on_font_change, set_relative_font
from interview_voice.ui.link_browser import ActionLinkBrowser
from interview_voice.ui.readable import LineLength
from interview_voice.ui.replay_feedback import feedback_html
from interview_voice.ui.tasks import TaskRunner
from interview_voice.ui.timeline import CANDIDATE_COLOUR, EVENT_COLOUR, Block, TimelineView
from interview_voice.ui.widgets import Banner

log = logging.getLogger(__name__)
SPEEDS = (0.75, 1.0, 1.25, 1.5, 2.0)
PLAY_LABELS = ("Play", "Pause")  # the play button's own words; "Loading audio…" only while the audio loads


def turn_span(turn) -> tuple[float, float]:
    start = turn.timings.get("audio_start_s", turn.started_ms / 1000)
    end = (turn.ended_ms or turn.started_ms) / 1000
    return start, max(end, start)


class ReplayView(QWidget):
    redo_requested = Signal(str, int)  # session id, turn index: answer this question again
    compare_requested = Signal(str, int)  # session id, turn index: the attempts side by side

    def __init__(self, player_factory) -> None:
        """player_factory(paths) -> a player with play/pause/seek/position/speed (engines.playback)."""
        super().__init__()
        self.player_factory = player_factory
        self.player: Any = None  # what player_factory made (engines.playback.SessionPlayer, or a test's)
        self.session: SessionView | None = None
        self._word_times: list[float] = []
        self._word_ranges: list[tuple[int, int]] = []
        self._attempts: dict[int, int] = {}
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._tick)
        self.tasks = TaskRunner(self)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.title = QLabel("Choose a session to replay it.")
        set_relative_font(self.title, 1.25, bold=True)
        self.title.setWordWrap(True)  # a long title must not widen the window
        layout.addWidget(self.title)
        self.banner = Banner()
        layout.addWidget(self.banner)
        self.timeline = TimelineView()
        self.timeline.seek_requested.connect(self.seek)
        layout.addWidget(self.timeline)
        self.legend = QLabel("")
        self.legend.setStyleSheet("color: #5b6472;")
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)
        # The position slider has a row of its own: beside the buttons, in History's narrow pane,
        # it was squeezed to ~20 px.
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Position")
        self.slider.setRange(0, 0)
        self.slider.sliderMoved.connect(lambda ms: self.seek(ms / 1000))
        layout.addWidget(self.slider)
        controls = QHBoxLayout()
        self.play_button = QPushButton("Play")
        self.play_button.setEnabled(False)
        self.play_button.clicked.connect(self.toggle)
        # its width is what "Play" and "Pause" need: the longer "Loading audio…" must not widen the window
        self.play_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._fit_play_button()
        on_font_change(self.play_button, self._fit_play_button)
        controls.addWidget(self.play_button)
        self.time_label = QLabel("0:00 / 0:00")
        controls.addWidget(self.time_label)
        controls.addStretch(1)
        self.speed_box = QComboBox()
        self.speed_box.setAccessibleName("Playback speed")
        self.speed_box.setToolTip("Playback speed: faster or slower without changing the voices' pitch")
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.currentIndexChanged.connect(self._speed_changed)
        controls.addWidget(self.speed_box)
        layout.addLayout(controls)
        self.transcript = ActionLinkBrowser()  # Tab stops at "Answer again", not at every word
        self.transcript.setOpenLinks(False)
        self.transcript.anchorClicked.connect(self._anchor_clicked)
        self.transcript.setAccessibleName("Replay transcript")
        LineLength(self.transcript, 70)  # lines a reader can follow on a wide screen
        layout.addWidget(self.transcript, 1)

    def _fit_play_button(self) -> None:
        button, text = self.play_button, self.play_button.text()
        widths = []
        for label in PLAY_LABELS:
            button.setText(label)
            widths.append(button.sizeHint().width())
        button.setText(text)
        button.setMinimumWidth(max(widths))

    # loading ----------------------------------------------------------------------------
    def load(self, session: SessionView, sessions_root: Path, attempts: dict[int, int] | None = None) -> None:
        """attempts: {turn index: how many later attempts at that answer} (Answer again)."""
        self.stop()
        self._attempts = attempts or {}
        self.session = session
        self.banner.hide()
        started = session.started_at.astimezone()  # the local time History shows, not UTC
        self.title.setText(
            f"{session.title}  ·  {started:%Y-%m-%d %H:%M}  ·  {clock(session.duration_s)}"
            f"  ·  {status_label(session.status)}"
        )
        if session.notice:
            self.banner.show_message(session.notice, "info")
        paths = [sessions_root / t.path for t in session.tracks if (sessions_root / t.path).exists()]
        if self.player is not None and hasattr(self.player, "close"):
            self.player.close()  # its stretching thread too
        self.player = None
        self.play_button.setEnabled(False)
        self.play_button.setText("Loading audio…")
        # Mixing a long session's tracks takes seconds: never on the GUI thread.
        session_id, factory = session.id, self.player_factory
        self.tasks.run(
            lambda: factory(paths),
            lambda player: self._on_player_ready(session_id, player),
            lambda exc: self._on_player_failed(session_id, exc),
            slot="player",
        )
        duration = session.duration_s
        blocks = [
            Block(
                *turn_span(t),
                t.speaker,
                t.persona,
                t.interrupted,
                silent=t.speaker == "candidate" and not t.text.strip(),
            )
            for t in session.turns
        ]
        answers = answer_numbers([(t.index, t.speaker) for t in session.turns])
        # only what went differently gets a mark: not every answer's normal end
        events = [
            (e.at_ms / 1000, describe_event(e.type, e.data, answers))
            for e in session.events
            if is_notable(e.type, e.data)
        ]
        self.timeline.set_session(blocks, events, duration)
        keys = [(name, colour.name()) for name, colour in self.timeline.colours.items()]
        keys.append(("You", CANDIDATE_COLOUR))
        legend = "  ".join(f'<span style="color:{c}">■</span> {name}' for name, c in keys)
        if events:
            legend += f'  <span style="color:{EVENT_COLOUR}">▼</span> interruptions and events'
        self.legend.setText(legend)
        self.slider.setRange(0, int(duration * 1000))
        self._render_transcript(session)
        self._show_position(0.0)

    def clear(self) -> None:
        """No session shown: the view as before the first one was chosen."""
        self.stop()
        if self.player is not None and hasattr(self.player, "close"):
            self.player.close()
        self.player, self.session, self._attempts = None, None, {}
        self.banner.hide()
        self.title.setText("Choose a session to replay it.")
        self.timeline.set_session([], [], 0.0)
        self.legend.setText("")
        self.play_button.setEnabled(False)
        self.slider.setRange(0, 0)
        self.transcript.clear()
        self._word_times, self._word_ranges = [], []
        self._show_position(0.0)

    def _on_player_ready(self, session_id: str, player) -> None:
        if self.session is None or session_id != self.session.id:
            return  # another session was opened meanwhile
        self.player = player
        self.player.speed = self.speed_box.currentData()
        self.player.seek(self.timeline.position)
        self.play_button.setText("Play")
        self.play_button.setEnabled(True)
        if player.duration > self.timeline.duration:
            self.timeline.duration = player.duration
            self.slider.setRange(0, int(player.duration * 1000))

    def _on_player_failed(self, session_id: str, exc: BaseException) -> None:
        if not isinstance(exc, (OSError, EngineError)):
            log.error("reading the audio of %s failed", session_id, exc_info=exc)
        message = str(exc)
        if self.session is not None and session_id == self.session.id:
            self.play_button.setText("Play")
            self.banner.show_message(f"The audio of this session cannot be read: {message}")

    def _render_transcript(self, session: SessionView) -> None:
        self.transcript.clear()
        cursor = QTextCursor(self.transcript.document())
        self._word_times, self._word_ranges = [], []
        plain = QTextCharFormat()
        for turn in session.turns:
            start, _ = turn_span(turn)
            who = "You" if turn.speaker == "candidate" else (turn.persona or "Interviewer")
            head = QTextCharFormat()
            head.setFontWeight(700)
            head.setForeground(QColor("#1f6f43" if turn.speaker == "candidate" else "#1d3f72"))
            head.setAnchor(True)
            head.setAnchorHref(f"seek:{start:.3f}")
            cursor.insertText(f"[{clock(start)}] {who}: ", head)
            words = turn.words if turn.speaker == "candidate" else interviewer_words(turn)
            if words:
                for word in words:
                    fmt = QTextCharFormat()
                    fmt.setAnchor(True)
                    fmt.setAnchorHref(f"seek:{word.start:.3f}")
                    begin = cursor.position()
                    cursor.insertText(word.text, fmt)
                    self._word_times.append(word.start)
                    self._word_ranges.append((begin, cursor.position()))
                    cursor.insertText(" ", plain)
            else:
                cursor.insertText(turn.text or empty_answer_text(turn.end_reason), plain)
            if is_typed(turn.end_reason):
                cursor.insertText("  (typed)", plain)
            label = cut_off_label(turn.speaker, turn.end_reason, turn.signals) or (
                "interrupted" if turn.interrupted else ""
            )
            if label:
                note = QTextCharFormat()
                note.setForeground(QColor("#c0392b"))
                cursor.insertText(f"  ({label})", note)
            if turn.speaker == "candidate" and turn.feedback:
                cursor.insertBlock()
                cursor.insertHtml(feedback_html(turn, self._attempts.get(turn.index, 0)))
                cursor.setCharFormat(plain)
            cursor.insertBlock()
        self.transcript.moveCursor(QTextCursor.MoveOperation.Start)
        # in time order: the candidate may have spoken over the interviewer
        order = sorted(range(len(self._word_times)), key=self._word_times.__getitem__)
        self._word_times = [self._word_times[i] for i in order]
        self._word_ranges = [self._word_ranges[i] for i in order]

    # controls -----------------------------------------------------------------------------
    def toggle(self) -> None:
        if self.player is None:
            return
        if self.player.playing:
            self.player.pause()
            self.timer.stop()
            self.play_button.setText("Play")
            return
        try:
            self.player.play()
        except EngineError as exc:
            self.banner.show_message(str(exc))
            return
        self.play_button.setText("Pause")
        self.timer.start()

    def stop(self) -> None:
        if self.player is not None:
            self.player.pause()
        self.timer.stop()
        self.play_button.setText("Play")

    def seek(self, seconds: float) -> None:
        if self.player is not None:
            self.player.seek(seconds)
        self._show_position(seconds)

    def _speed_changed(self) -> None:
        if self.player is not None:
            self.player.speed = self.speed_box.currentData()

    def _anchor_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("seek:"):
            self.seek(float(text[5:]))
        elif text.startswith(("redo:", "compare:")) and self.session is not None:
            kind, index = text.split(":")
            (self.redo_requested if kind == "redo" else self.compare_requested).emit(self.session.id, int(index))

    def _tick(self) -> None:
        if self.player is None:
            return
        self._show_position(self.player.position)
        if not self.player.playing:
            self.stop()

    def _show_position(self, seconds: float) -> None:
        self.timeline.set_position(seconds)
        self.slider.blockSignals(True)
        self.slider.setValue(int(seconds * 1000))
        self.slider.blockSignals(False)
        total = self.slider.maximum() / 1000
        self.time_label.setText(f"{clock(seconds)} / {clock(total)}")
        self._highlight(seconds)

    def current_word_index(self, seconds: float) -> int | None:
        index = bisect.bisect_right(self._word_times, seconds) - 1
        return index if index >= 0 else None

    def _highlight(self, seconds: float) -> None:
        index = self.current_word_index(seconds)
        selections = []
        if index is not None:
            begin, end = self._word_ranges[index]
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor("#ffe58a"))
            cursor = QTextCursor(self.transcript.document())
            cursor.setPosition(begin)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
            if self.player is not None and self.player.playing:
                self.transcript.setTextCursor(cursor)
                self.transcript.ensureCursorVisible()
        self.transcript.setExtraSelections(selections)

    @property
    def highlighted_word(self) -> str | None:
        index = self.current_word_index(self.timeline.position)
        if index is None:
            return None
        begin, end = self._word_ranges[index]
        cursor = QTextCursor(self.transcript.document())
        cursor.setPosition(begin)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()
