"""Exporting a session: a folder or zip with a Markdown transcript (timestamps) and the audio."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

from interview_voice.core.events import answer_numbers, cut_off_label, describe_event
from interview_voice.records import empty_answer_text, is_typed
from interview_voice.storage.views import SessionView, status_label


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return (
        f"{seconds // 3600:d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        if seconds >= 3600
        else f"{seconds // 60:d}:{seconds % 60:02d}"
    )


def transcript_markdown(session: SessionView) -> str:
    lines = [
        f"# {session.title}",
        "",
        f"- Date: {session.started_at:%Y-%m-%d %H:%M} UTC",
        f"- Plan: {session.plan}" + (f", level {session.level}" if session.level else ""),
        f"- Duration: {clock(session.duration_s)}",
        f"- Status: {status_label(session.status)}",
    ]
    if session.notice:
        lines.append(f"- Note: {session.notice}")
    lines += ["", "## Transcript", ""]
    for turn in session.turns:
        who = "You" if turn.speaker == "candidate" else (turn.persona or "Interviewer")
        at = turn.timings.get("audio_start_s", turn.started_ms / 1000)
        text = turn.text or (f"*{empty_answer_text(turn.end_reason)}*" if turn.speaker == "candidate" else "")
        if turn.follow_up.get("ack_text") and text:  # said while the follow-up was worded
            text = f"{turn.follow_up['ack_text']} {text}"
        label = cut_off_label(turn.speaker, turn.end_reason, turn.signals) or (
            "interrupted" if turn.interrupted else ""
        )
        mark = f" *({label})*" if label else " *(typed)*" if is_typed(turn.end_reason) else ""
        lines.append(f"**[{clock(at)}] {who}:** {text}{mark}")
        lines.append("")
    if session.events:
        answers = answer_numbers([(t.index, t.speaker) for t in session.turns])
        lines += ["## Events", ""]
        lines += [f"- [{clock(e.at_ms / 1000)}] {describe_event(e.type, e.data, answers)}" for e in session.events]
    return "\n".join(lines).rstrip() + "\n"


def export_session(session: SessionView, sessions_root: Path, dest: Path, as_zip: bool) -> Path:
    """Write the export; returns the folder or zip file created. Never overwrites.

    It is written under a temporary name beside the target and renamed when complete,
    so an export cut off half way never sits at the final name.
    """
    name = f"interview-{session.started_at:%Y%m%d-%H%M}-{session.plan}"
    target = dest / (name + (".zip" if as_zip else ""))
    if target.exists():
        raise FileExistsError(f"{target} already exists")
    files = {"transcript.md": transcript_markdown(session).encode("utf-8")}
    audio = {f"{t.kind}.wav": sessions_root / t.path for t in session.tracks if (sessions_root / t.path).exists()}
    partial = dest / f".{target.name}.partial-{os.getpid()}"
    remove_dead_partials(dest, target.name)
    try:
        _write_export(partial, name, files, audio, as_zip)
        os.rename(partial, target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True) if partial.is_dir() else partial.unlink(missing_ok=True)
        raise
    return target


def remove_dead_partials(dest: Path, name: str) -> None:
    """Remove what an export of this name killed half way (SIGKILL, a power cut) left under its
    temporary name: the process that wrote it is gone. One being written by a live process stays."""
    for leftover in dest.glob(f".{name}.partial-*"):
        pid = leftover.name.rsplit("-", 1)[1]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _write_export(target: Path, name: str, files: dict[str, bytes], audio: dict[str, Path], as_zip: bool) -> None:
    if as_zip:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for arcname, data in files.items():
                zf.writestr(f"{name}/{arcname}", data)
            for arcname, path in audio.items():
                zf.write(path, f"{name}/{arcname}")
    else:
        target.mkdir(parents=True)
        for arcname, data in files.items():
            (target / arcname).write_bytes(data)
        for arcname, path in audio.items():
            shutil.copy2(path, target / arcname)
