"""`interview-voice sessions list | show ID | report ID | export ID DEST | delete ID | rebuild`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from interview_voice.app import open_store
from interview_voice.commands.startup_reports import printed_reports
from interview_voice.paths import AppPaths, default_paths
from interview_voice.records import RecordingError
from interview_voice.startup import Startup
from interview_voice.storage.export import clock, export_session, transcript_markdown
from interview_voice.storage.views import status_label


def find_session(store, session_id: str):
    """The session with this id (or id prefix), or None after saying so on stderr."""
    session = store.get(session_id)
    if session is None:
        print(
            f"error: no single session matches {session_id!r}; `interview-voice sessions list` shows the ids",
            file=sys.stderr,
        )
    return session


def sessions_startup(paths: AppPaths) -> Startup:
    """Start-up's steps for a `sessions` command (startup.py, as the window and `simulate` run them): the store
    opened with crash recovery, its notices and failures printed as `simulate` prints them; no model is loaded
    (`rebuild` loads the speech model alone, when an answer waits for it)."""
    return Startup(lambda: open_store(paths), None, printed_reports(opening=False))


def transcribe_cut_off(startup: Startup, store, paths: AppPaths, stt_model: str | None) -> int:
    """Transcribe the answers a crash cut off before their words were saved, through start-up's own step
    (as the window and `simulate` run it); the speech model is loaded only when there is such an answer,
    and no other model."""
    if not store.answers_to_transcribe():
        return 0
    from interview_voice.app import load_stt
    from interview_voice.settings import Settings

    changed = startup.transcribe_cut_off_loading(
        store, lambda: load_stt(paths, stt_model or Settings.load(paths.settings_file).stt_model)
    )
    if changed is None:  # the report said why
        return 1
    print(f"words found in the recording of {len(changed)} session(s) cut off mid-answer")
    return 0


def run(args) -> int:
    paths = default_paths()
    startup = sessions_startup(paths)
    store = startup.open_store()
    if store is None:  # the report said why
        return 2
    try:
        return _act(startup, store, paths, args)
    except RecordingError as exc:  # the database failed under a read or a delete: said, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _act(startup: Startup, store, paths: AppPaths, args) -> int:
    if args.action == "rebuild":
        try:
            added = store.rebuild_from_folders()
        except RecordingError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"listed {len(added)} session(s) again from their folders in {store.root}")
        return transcribe_cut_off(startup, store, paths, args.stt)
    if args.action == "list":
        sessions = store.list(search=args.search or "", status=args.status)
        if args.json:
            print(
                json.dumps(
                    [
                        {
                            "id": s.id,
                            "title": s.title,
                            "plan": s.plan,
                            "level": s.level,
                            "status": s.status,
                            "started_at": s.started_at.isoformat(),
                            "duration_s": round(s.duration_s, 1),
                            "answers": s.answers,
                        }
                        for s in sessions
                    ],
                    indent=1,
                )
            )
            return 0
        if not sessions:
            print("No sessions yet." if not (args.search or args.status) else "No session matches.")
            return 0
        print(f"{'id':8}  {'date':16}  {'duration':>8}  {'status':19}  {'answers':>7}  title")
        for s in sessions:
            print(
                f"{s.id[:8]}  {s.started_at:%Y-%m-%d %H:%M}  {clock(s.duration_s):>8}  {status_label(s.status):19}  "
                f"{s.answers:>7}  {s.title}"
            )
        return 0
    if not args.id:
        print(f"error: `sessions {args.action}` needs a session id", file=sys.stderr)
        return 2
    session = find_session(store, args.id)
    if session is None:
        return 1
    if args.action == "report":
        from interview_voice.commands.session_report import report  # the feedback service, loaded for reports only

        return report(store, paths, session, args)
    if args.action == "show":
        print(transcript_markdown(session))
        return 0
    if args.action == "export":
        if not args.dest:
            print("error: `sessions export ID DEST` needs a destination folder", file=sys.stderr)
            return 2
        try:
            target = export_session(session, store.root, Path(args.dest), as_zip=args.zip)
        except (OSError, FileExistsError) as exc:
            print(f"error: could not export: {exc}", file=sys.stderr)
            return 1
        print(f"exported to {target}")
        return 0
    if args.action == "delete":
        if not args.yes:
            if not sys.stdin.isatty():
                print("error: deleting needs confirmation: add --yes", file=sys.stderr)
                return 2
            reply = input(f"Delete '{session.title}' of {session.started_at:%Y-%m-%d %H:%M} and its audio? [y/N] ")
            if reply.strip().lower() not in ("y", "yes"):
                print("kept")
                return 0
        store.delete(session.id)
        print(f"deleted {session.id[:8]}")
        return 0
    return 2
