"""report.json of a simulated or live session: a stable, documented format.

schema_version 2 (2 adds feedback; everything in 1 is unchanged):
  candidate turns answering a known question gain feedback {...} (core/feedback: words, wpm, fillers,
  long_pauses, rubric, star, flags, went_well, work_on, ...), and the report gains a top-level
  feedback {feedback_version, headline, rows, questions, practise_next}. See the README.

schema_version 1:
  session_id (the stored session), plan, questions (ids chosen for the session), models {stt, tts, llm, and
  stt_live when turn-taking runs on a faster speech model}, realtime,
  started_at (ISO 8601 UTC),
  turns: [ {index, speaker, kind, text, question_id, started_ms, ended_ms,
            interviewer: persona, role, first_audio_ms, latency_ms (to this turn's own
                         first audio), ack_text, ack_audio_ms, latency_any_ms (to the
                         first interviewer audio of any kind, the acknowledgement
                         included), follow_up_ready_ms,
                         follow_up_source (model, fallback, curated, redirect, cut_in, interjection),
                         model_output, fallback_reason
            candidate:   speech_start_ms, speech_end_ms, end_reason,
                         transcribe_ms (left to do after the endpoint), words [{text, start, end}],
                         live_text (what the fast model heard, when the kept text differs),
                         refine_ms (the accurate model's pass),
                         signals {words, coverage, on_topic, short, evasive, off_topic, injection} } ],
  events: [ {type, at_ms, ...}: "endpoint" (turn, reason, speech_s) at every
             answer's end (reason silence, user, cut_in, time_budget, no_speech,
             device_lost, typed, repeat, nudged); "cut_in" (reason time_budget, word_budget
             or probe_claim (a panelist's interjection in a presentation), persona, turn,
             answer_seconds); "barge_in" (turn, stop_ms, heard); "typing" (turn);
             "repeat" (turn); "nudge" (turn, silent_s); "no_follow_up" (turn, left_s: the
             plan's follow-up left out, too close to its end); "error" (message) ],
  summary: {turns, follow_ups, follow_ups_from_model,
            latency_ms {p50, p95, max} (candidate end of speech -> the next question's
            or follow-up's own first audio), any_audio_latency_ms (-> any interviewer audio),
            follow_up_latency_ms {p50, p95, max} (the same, follow-up turns only)}
All times are ms since the session started, on the session's timeline: wall
time, plus (without --realtime) the duration of audio the file devices read or
play instantly. So latencies mean the same with and without --realtime: they
include the endpointer's silence wait and all processing.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from interview_voice.core.feedback import AnswerFeedback, SessionFeedback
from interview_voice.records import TurnKind, TurnRecord

SCHEMA_VERSION = 2


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (k - low), 1)


def _stats(values: list[float]) -> dict:
    return {
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": round(max(values), 1) if values else None,
        "count": len(values),
    }


def build_report(
    turns: list[TurnRecord],
    *,
    plan: str,
    models: dict[str, str],
    realtime: bool,
    started_at: datetime | None = None,
    questions: list[str] | None = None,
    events: list[dict] | None = None,
    session_id: str | None = "",
    feedback: tuple[dict[int, AnswerFeedback], SessionFeedback] | None = None,
) -> dict:
    """feedback: from runtime.feedback.feedback_for_turns; without it the report has no feedback."""
    answers, session = feedback if feedback is not None else ({}, None)
    turn_dicts = []
    for t in turns:
        data = t.to_dict()
        if t.index in answers:
            data["feedback"] = answers[t.index].to_dict()
        turn_dicts.append(data)
    latencies = [t.latency_ms for t in turns if t.latency_ms is not None]
    follow_ups = [t for t in turns if t.kind == TurnKind.FOLLOW_UP]
    return {
        "schema_version": SCHEMA_VERSION,
        "session_id": session_id,
        "plan": plan,
        "questions": questions or [],
        "models": models,
        "realtime": realtime,
        "started_at": (started_at or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "turns": turn_dicts,
        "events": events or [],
        "summary": {
            "turns": len(turns),
            "follow_ups": len(follow_ups),
            "follow_ups_from_model": sum(1 for t in follow_ups if t.follow_up_source == "model"),
            "latency_ms": _stats(latencies),
            "any_audio_latency_ms": _stats([t.latency_any_ms for t in turns if t.latency_any_ms is not None]),
            "follow_up_latency_ms": _stats([t.latency_ms for t in follow_ups if t.latency_ms is not None]),
        },
        **({"feedback": session.to_dict()} if session is not None else {}),
    }


def write_report(report: dict, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
