"""The `interview-voice` command. Without a subcommand it opens the window."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from interview_voice import __version__


def _add_app_commands(sub: argparse._SubParsersAction) -> None:
    """The commands for the window, the check of the machine, and the models."""
    gui = sub.add_parser("gui", help="open the desktop app (the default)")
    gui.set_defaults(run="interview_voice.ui.main:run")

    doctor = sub.add_parser("doctor", help="check sound devices, models, disk and data dir")
    doctor.set_defaults(run="interview_voice.commands.doctor:run")

    models = sub.add_parser("models", help="list, install and verify models")
    models.add_argument("action", nargs="?", choices=["list", "install", "verify"], default="list")
    models.add_argument(
        "--set",
        dest="model_set",
        choices=["default", "test", "fast", "all"],
        default="default",
        help="which models to install or verify (default: the default set)",
    )
    models.add_argument("--model", action="append", default=[], help="one model id (repeatable)")
    models.add_argument("--force", action="store_true", help="reinstall even if already verified")
    models.set_defaults(run="interview_voice.commands.models:run")


def _add_speech_commands(sub: argparse._SubParsersAction) -> None:
    """The commands for speech in and out of files."""
    tr = sub.add_parser("transcribe", help="transcribe WAV files")
    tr.add_argument("files", nargs="+")
    tr.add_argument("--model", default=None, help="speech model id (default: your setting)")
    tr.add_argument("--json", action="store_true", help="print JSON with word timestamps")
    tr.set_defaults(run="interview_voice.commands.speech:transcribe")

    say = sub.add_parser("say", help="speak text into a WAV file")
    say.add_argument("text")
    say.add_argument("--out", required=True)
    say.add_argument("--voice", default=None)
    say.add_argument("--rate", type=float, default=1.0)
    say.add_argument("--pitch", type=float, default=1.0)
    say.add_argument("--volume", type=float, default=1.0)
    say.set_defaults(run="interview_voice.commands.speech:say")


def _add_settings_command(sub: argparse._SubParsersAction) -> None:
    """The commands for the settings."""
    from interview_voice.settings import LONG_PAUSES_MS

    cfg = sub.add_parser("settings", help="show or change the models and devices used")
    cfg.add_argument("--stt", help="speech model id (the transcript that is kept)")
    cfg.add_argument("--live-stt", help="faster speech model id for turn-taking; 'same' to use --stt for everything")
    cfg.add_argument("--voice", help="interviewer voice id")
    cfg.add_argument(
        "--speaking-rate",
        dest="speaking_rate",
        type=float,
        help="the interviewer's pace, 0.6-1.6 (1 = the voice's own; 1.2 = a fifth faster)",
    )
    cfg.add_argument("--llm", help="interviewer model id, a GGUF file name you added, or 'endpoint'")
    cfg.add_argument("--endpoint", help="OpenAI-compatible base URL, e.g. http://192.168.1.20:8080/v1")
    cfg.add_argument("--endpoint-model", dest="endpoint_model", help="model name at the endpoint")
    cfg.add_argument(
        "--endpoint-proxy",
        dest="endpoint_proxy",
        choices=["on", "off"],
        help="on: reach the endpoint through the proxy http_proxy/https_proxy name (off by default: "
        "the app connects to the endpoint directly)",
    )
    cfg.add_argument("--input-device", dest="input_device", help="microphone name or index ('' = default)")
    cfg.add_argument("--output-device", dest="output_device", help="speaker name or index ('' = default)")
    cfg.add_argument(
        "--end-silence-ms",
        dest="end_silence_ms",
        type=int,
        help="silence after a finished sentence that ends an answer (default 500; a sentence left "
        "hanging waits a second longer)",
    )
    cfg.add_argument(
        "--long-pauses",
        choices=["on", "off"],
        help=f"on: you pause long, even mid-sentence: the interviewer waits at least {LONG_PAUSES_MS / 1000:.1f} s",
    )
    cfg.add_argument(
        "--headset",
        choices=["on", "off"],
        help="on: you can interrupt the interviewer by speaking (use headphones, or it hears itself)",
    )
    cfg.set_defaults(run="interview_voice.commands.configure:run")


def _add_sessions_command(sub: argparse._SubParsersAction) -> None:
    """The commands for the stored sessions."""
    ses = sub.add_parser(
        "sessions",
        help="list, show, report, export or delete recorded sessions; rebuild the list from the session folders",
    )
    ses.add_argument(
        "action", nargs="?", choices=["list", "show", "report", "export", "delete", "rebuild"], default="list"
    )
    ses.add_argument("id", nargs="?", help="session id (the first characters are enough)")
    ses.add_argument("dest", nargs="?", help="export: the folder to export into")
    ses.add_argument("--zip", action="store_true", help="export: a zip file instead of a folder")
    ses.add_argument("--search", help="list: sessions whose title, plan or transcript contains this")
    ses.add_argument("--status", choices=["completed", "ended_early", "interrupted", "failed", "recording"])
    ses.add_argument("--json", action="store_true", help="list, report: machine-readable")
    ses.add_argument("--md", metavar="FILE", help="report: write it as Markdown (chart images beside it)")
    ses.add_argument("--pdf", metavar="FILE", help="report: write it as a PDF")
    ses.add_argument("--yes", action="store_true", help="delete: do not ask for confirmation")
    ses.add_argument(
        "--stt",
        metavar="MODEL",
        help="rebuild: the speech model that transcribes answers a crash cut off (default: the one in your settings)",
    )
    ses.set_defaults(run="interview_voice.commands.sessions:run")


def _add_interview_commands(sub: argparse._SubParsersAction) -> None:
    """The commands for interviews run without the window."""
    ev = sub.add_parser("eval-interviewer", help="check the interviewer's turns on scripted answers")
    ev.add_argument("--llm", default=None, help="interviewer model id (default: your setting)")
    ev.add_argument("--per-stage", dest="per_stage", type=int, default=2, help="questions per stage (default 2)")
    ev.add_argument("--kinds", default="", help="answer kinds, comma-separated (default: all)")
    ev.add_argument("--level", default="senior", help="candidate level for question selection")
    ev.add_argument("--seed", type=int, default=7)
    ev.add_argument("--json", default="", help="also write every turn and check to this file")
    ev.add_argument(
        "--min-pass",
        dest="min_pass",
        type=float,
        default=0.0,
        help="exit 1 when the overall pass rate is below this (0-1)",
    )
    ev.set_defaults(run="interview_voice.commands.eval_interviewer:run")

    sim = sub.add_parser("simulate", help="run a whole interview headlessly from spoken (WAV) and typed (text) answers")
    sim.add_argument("--plan", default="first-interview")
    sim.add_argument(
        "--answers",
        required=True,
        help="folder of answers, one file per candidate turn in name order: .wav spoken, .txt typed",
    )
    sim.add_argument("--out", required=True, help="folder for report.json and the audio")
    sim.add_argument("--realtime", action="store_true", help="pace audio like a sound card")
    sim.add_argument(
        "--barge-in",
        dest="barge_in",
        action="store_true",
        help="headset mode: answers that start during a question interrupt it (needs --realtime)",
    )
    sim.add_argument(
        "--level",
        default=None,
        choices=["junior", "mid", "senior", "lead", "architect", "research"],
        help="candidate level for choosing questions (default: your setting)",
    )
    sim.add_argument("--seed", type=int, default=None, help="fix the question choice, for repeatable runs")
    sim.add_argument("--resume", default=None, help="your resume: a PDF, Word (.docx) or text file (project deep dive)")
    sim.add_argument("--job", default=None, help="the job description: a PDF, Word (.docx) or text file")
    sim.add_argument("--stt", default=None, help="speech model id (default: your setting)")
    sim.add_argument("--live-stt", default=None, help="speech model for turn-taking, or 'same' (default: your setting)")
    sim.add_argument("--llm", default=None, help="interviewer model id or GGUF name (default: your setting)")
    sim.add_argument(
        "--word-feedback",
        dest="word_feedback",
        action="store_true",
        help="let the interviewer model reword the feedback notes (checked; slower)",
    )
    sim.set_defaults(run="interview_voice.commands.simulate:run")


def _add_desktop_command(sub: argparse._SubParsersAction) -> None:
    """The commands for the applications menu entry."""
    desk = sub.add_parser("desktop", help="add the app to (or remove it from) your desktop's applications menu")
    desk.add_argument("action", choices=["install", "uninstall"])
    desk.add_argument("--exec", default=None, help="the command the menu entry runs (default: this installation)")
    desk.set_defaults(run="interview_voice.commands.desktop:run")


def _add_feedback_command(sub: argparse._SubParsersAction) -> None:
    """The commands for feedback on a recording."""
    fb = sub.add_parser("feedback", help="feedback on one recorded answer to a bank question")
    fb.add_argument("wav", help="the answer, a WAV file")
    fb.add_argument("--question", required=True, help="the bank question id it answers")
    fb.add_argument("--json", action="store_true", help="print the feedback as JSON")
    fb.add_argument("--stt", default=None, help="speech model id (default: your kept-transcript setting)")
    fb.add_argument(
        "--word-feedback",
        dest="word_feedback",
        action="store_true",
        help="let the interviewer model reword the notes (checked by code; slower)",
    )
    fb.add_argument("--llm", default=None, help="interviewer model id for --word-feedback (default: your setting)")
    fb.set_defaults(run="interview_voice.commands.feedback:run")


def _add_commands(sub: argparse._SubParsersAction) -> None:
    for add in (
        _add_app_commands,
        _add_speech_commands,
        _add_settings_command,
        _add_sessions_command,
        _add_interview_commands,
        _add_desktop_command,
        _add_feedback_command,
    ):
        add(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="interview-voice", description="Offline voice mock interviews.")
    parser.add_argument("--version", action="version", version=f"interview-voice {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    _add_commands(parser.add_subparsers(dest="command"))
    return parser


def command_target(args: argparse.Namespace) -> str:
    """The "module:function" that runs the parsed command: the one its subparser names (the window without one)."""
    return getattr(args, "run", "interview_voice.ui.main:run")


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


def main(argv: list[str] | None = None) -> int:
    os.umask(0o077)  # everything the app writes (sessions, audio, settings) is private to the user
    from interview_voice.runtime.idle_threads import let_idle_threads_sleep
    from interview_voice.runtime.memory import fixed_mmap_threshold, limit_arenas

    limit_arenas()  # before the engines' threads start: a long interview's heap stays flat (runtime/memory)
    fixed_mmap_threshold()  # before the models load: their large buffers never settle in the heap
    let_idle_threads_sleep()  # before the model libraries load: their idle threads leave the cores alone
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    module_name, func_name = command_target(args).split(":")
    import importlib

    func = getattr(importlib.import_module(module_name), func_name)
    try:
        code = int(func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    return _exit_when_engines_are_idle(code)


def _exit_when_engines_are_idle(code: int) -> int:
    """The exit code, once no engine worker is inside native code (runtime/native_workers)."""
    from interview_voice.runtime import native_workers

    return native_workers.exit_code_when_idle(code)
