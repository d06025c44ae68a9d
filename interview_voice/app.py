"""Composition root: builds engines, plans and settings. No globals."""

from __future__ import annotations

import atexit
import gc
import logging
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from interview_voice.core.audio import resample
from interview_voice.core.bank import QuestionBank, load_bank
from interview_voice.core.follow_up_prompt import PromptTemplates, load_prompts
from interview_voice.core.interview import Interview
from interview_voice.core.plan import Plan, PlanError, load_plan
from interview_voice.core.resume import load_technologies, resume_questions
from interview_voice.core.selection import select_questions
from interview_voice.core.types import SAMPLE_RATE_STT, ChatMessage
from interview_voice.documents import read_document
from interview_voice.engines.base import (
    EngineError,
    LanguageModel,
    ModelLoadError,
    SpeechToText,
    TextToSpeech,
    VoiceActivity,
)
from interview_voice.modelstore.catalog import ModelChoice, catalog, find
from interview_voice.paths import AppPaths, resource_dir
from interview_voice.runtime.engines import LoadedModels
from interview_voice.settings import Settings

log = logging.getLogger(__name__)
Progress = Callable[[str, float], None]  # message, fraction done 0..1


def _fix_hint(choice: ModelChoice | None, role: str, model_id: str) -> str:
    if choice is None:
        return (
            f"the {role} model {model_id!r} is not installed. Run `interview-voice models install` "
            f"or choose an installed model (`interview-voice models`)."
        )
    if choice.user_added:
        return f"the {role} model {choice.path} cannot be used: {choice.detail}"
    return (
        f"the {role} model {choice.name} is {choice.status.value} ({choice.detail}). "
        f"Run `interview-voice models install --model {choice.id} --force` to reinstall it."
    )


def resolve(paths: AppPaths, role: str, model_id: str) -> ModelChoice:
    choice = find(catalog(paths), role, model_id)
    if choice is None or not choice.usable:
        raise ModelLoadError(_fix_hint(choice, role, model_id))
    return choice


def load_stt(paths: AppPaths, model_id: str) -> SpeechToText:
    from interview_voice.engines.stt_whisper import WhisperSpeechToText

    return WhisperSpeechToText(resolve(paths, "stt", model_id).path)


def load_live_stt(paths: AppPaths, settings: Settings) -> SpeechToText | None:
    """The fast model the conversation runs on, or None to use the main one. A missing fast
    model only costs speed, so it is a warning, not an error."""
    if not settings.live_stt_model or settings.live_stt_model == settings.stt_model:
        return None
    try:
        return load_stt(paths, settings.live_stt_model)
    except ModelLoadError as exc:
        log.warning("live transcription uses %s: %s", settings.stt_model, exc)
        return None


def load_tts(paths: AppPaths, voice_id: str, rate: float = 1.0) -> TextToSpeech:
    from interview_voice.engines.tts_piper import PiperTextToSpeech

    chosen = resolve(paths, "tts", voice_id)
    voices = {c.id: c.path for c in catalog(paths) if c.role == "tts" and c.usable}
    return PiperTextToSpeech(voices, chosen.id, rate=rate)


def load_llm(paths: AppPaths, settings: Settings) -> LanguageModel:
    if settings.llm_model == "endpoint":
        from interview_voice.engines.llm_http import HttpLanguageModel

        if not settings.llm_endpoint_url:
            raise ModelLoadError("the interviewer is set to a model endpoint, but no endpoint URL is configured")
        return HttpLanguageModel(
            settings.llm_endpoint_url,
            settings.llm_endpoint_model or "default",
            api_key=settings.llm_endpoint_api_key,
            use_proxy=settings.llm_endpoint_proxy,
        )
    from interview_voice.engines.llm_llama import LlamaLanguageModel

    choice = resolve(paths, "llm", settings.llm_model)
    return LlamaLanguageModel(choice.path, own_file=choice.user_added)


def prove_llm_library(paths: AppPaths, settings: Settings) -> None:
    """The check LlamaLanguageModel makes before loading (a child process on the first start, then a
    kept result), made ahead so the window can say what the wait is for. Its failure is reported
    when the model loads."""
    from interview_voice.native.runtime import LibraryUnusable, check_library

    try:
        check_library(resolve(paths, "llm", settings.llm_model).path)
    except (LibraryUnusable, EngineError) as exc:
        log.info("the interviewer library check: %s", exc)


def load_vad() -> VoiceActivity:
    from interview_voice.engines.vad_silero import SileroVoiceActivity

    return SileroVoiceActivity()


def load_models(
    paths: AppPaths, settings: Settings, progress: Progress = lambda m, f: None, warm_up: bool = True
) -> LoadedModels:
    """Load every model (seconds to tens of seconds): call off the GUI thread."""
    timings: dict[str, float] = {}

    def timed(label: str, fraction: float, fn):
        progress(label, fraction)
        started = time.monotonic()
        result = fn()
        timings[label] = time.monotonic() - started
        return result

    tts = timed(
        "Loading the interviewer's voice", 0.05, lambda: load_tts(paths, settings.tts_voice, settings.speaking_rate)
    )
    stt = timed("Loading speech recognition", 0.2, lambda: load_stt(paths, settings.stt_model))
    fast_stt = timed("Loading live speech recognition", 0.3, lambda: load_live_stt(paths, settings))
    vad = timed("Loading voice activity detection", 0.35, load_vad)
    if settings.llm_model != "endpoint":  # its own step: the first start spends up to ~30 s on it
        timed(
            "Checking that the interviewer library runs on this computer (the first start only)",
            0.4,
            lambda: prove_llm_library(paths, settings),
        )
    llm = timed("Loading the interviewer model", 0.45, lambda: load_llm(paths, settings))
    if warm_up:
        timed("Warming up", 0.85, lambda: _warm_up([s for s in (stt, fast_stt) if s is not None], tts, llm))
    # The models leave ~50k long-lived objects; a full collection over them holds the GIL for
    # ~25 ms, a visible stall in the window. Frozen, later collections skip them.
    gc.collect()
    gc.freeze()
    progress("Ready", 1.0)
    return LoadedModels(stt, tts, llm, vad, timings, fast_stt)


def _warm_up(stts: list[SpeechToText], tts: TextToSpeech, llm: LanguageModel) -> None:
    """First calls are slow; pay that before the interview, not during it."""
    chunks = list(tts.synthesize("Okay, let's begin."))
    if chunks:
        speech = resample(chunks[0].samples, chunks[0].sample_rate, SAMPLE_RATE_STT)
        for stt in stts:
            list(stt.transcribe(speech))
    try:
        list(llm.stream_chat([ChatMessage("user", "Say OK.")], max_tokens=2))
    except EngineError as exc:  # an endpoint that is down: the interview still runs, on curated follow-ups
        problem = (
            f"The interviewer model is unreachable ({exc}). Follow-up questions come from the "
            "question bank until it answers."
        )
        llm.problem = problem  # type: ignore[attr-defined]  # the window reads it from any model that failed
        log.warning(problem)


@dataclass
class InterviewKit:
    bank: QuestionBank
    plan: Plan
    prompts: PromptTemplates

    def new_interview(
        self,
        level: str | None = None,
        recent: frozenset[str] = frozenset(),
        seed: int | None = None,
        resume: str = "",
        job: str = "",
    ) -> Interview:
        """A fresh interview: questions chosen for the level, avoiding recent ones.

        With a resume, a project deep dive asks about the candidate's own
        projects and technologies first, then the bank's questions.
        """
        rng = random.Random(seed)
        chosen = select_questions(self.plan, self.bank, level=level, recent=recent, rng=rng)
        if resume.strip() and self.plan.stage == "project_deep_dive":
            technologies = load_technologies(resource_dir("assets") / "technologies.txt")
            personal = resume_questions(resume, job, technologies, limit=self.plan.question_count)
            chosen = (personal + [q for q in chosen if q.id not in {p.id for p in personal}])[
                : max(self.plan.question_count, len(personal))
            ]
        return Interview(self.plan, chosen)


def read_text_document(path: Path) -> str:
    """A resume or job description from a text, Markdown, PDF or Word file, with clear errors."""
    document = read_document(path)
    for note in document.notes:
        log.warning("%s: %s", path.name, note)
    return document.text


def plan_folders(paths: AppPaths) -> list:
    """Where plans are read, the first holding a name winning: the user's own first, so a built-in plan
    copied there (as the README suggests) and changed is the one used, not silently ignored."""
    return [paths.data_dir / "plans", resource_dir("assets") / "plans"]


def load_kit(paths: AppPaths, plan_name: str) -> InterviewKit:
    bank = load_bank([resource_dir("assets") / "questions", paths.data_dir / "questions"])
    for folder in plan_folders(paths):
        candidate = folder / f"{plan_name}.toml"
        if candidate.exists():
            plan = load_plan(candidate, bank)
            break
    else:
        raise PlanError(f"no interview plan named {plan_name!r}")
    return InterviewKit(bank, plan, load_prompts(resource_dir("prompts") / "interviewer.toml"))


@dataclass
class AppContext:
    """What the GUI needs, built once in main(): real engines here, fakes in tests."""

    paths: AppPaths
    settings: Settings
    load_models: Callable[[Progress], LoadedModels]
    open_audio: Callable[[], tuple]  # -> (AudioInput, AudioOutput); raises AudioDeviceError
    load_kit: Callable[[str], InterviewKit]
    open_store: Callable[[], tuple] | None = None  # -> (SessionStore, recovered); raises RecordingError
    player_factory: Callable | None = None  # replay player for a session's tracks
    open_device: Callable[[str], object] | None = None  # "input" or "output" alone (the audio check)
    settings_problems: list[str] = field(default_factory=list)  # values in the settings file that were not used


def open_sound_device(settings: Settings, kind: str):
    """The chosen microphone ("input") or speakers ("output"), or a clear AudioDeviceError."""
    from interview_voice.engines.audio_sd import (
        AudioDeviceError,
        SoundDeviceInput,
        SoundDeviceOutput,
        no_device_message,
    )
    from interview_voice.engines.portaudio import default_device
    from interview_voice.engines.sound_names import missing_server_device

    chosen = settings.input_device if kind == "input" else settings.output_device
    if not chosen and default_device(kind) is None:
        raise AudioDeviceError(no_device_message(kind))
    missing = missing_server_device(chosen, kind)
    if missing:
        raise AudioDeviceError(missing)
    return SoundDeviceInput(chosen or None) if kind == "input" else SoundDeviceOutput(chosen or None)


def prove_sound_devices(audio_in, audio_out) -> None:
    """Open the speakers and the microphone once before an interview (devices that can fail: the
    sound card's, not files), so a missing or vanished device is said before anything is recorded.
    Raises AudioDeviceError."""
    for device in (audio_out, audio_in):
        prove = getattr(device, "prove", None)
        if prove is not None:
            prove()


def open_sound_devices(settings: Settings) -> tuple:
    return open_sound_device(settings, "input"), open_sound_device(settings, "output")


def default_context(paths: AppPaths) -> AppContext:
    settings, problems = Settings.read(paths.settings_file)
    for problem in problems:
        log.warning("%s", problem)
    return AppContext(
        paths=paths,
        settings=settings,
        settings_problems=problems,
        load_models=lambda progress: load_models(paths, settings, progress),
        open_audio=lambda: open_sound_devices(settings),
        load_kit=lambda plan: load_kit(paths, plan),
        open_store=lambda: open_store(paths),
        open_device=lambda kind: open_sound_device(settings, kind),
    )


def private_folder(folder: Path) -> None:
    """Make an existing data folder readable by its owner only (0700): one made by an older version, or
    by hand, may be 0755, and it holds every recording and transcript. One it cannot change is logged."""
    try:
        if folder.is_dir() and folder.stat().st_mode & 0o077:
            os.chmod(folder, 0o700)
            log.info("made %s private to its owner (0700)", folder)
    except OSError as exc:
        log.warning("could not make %s private to its owner: %s", folder, exc.strerror or exc)


def open_store(paths: AppPaths):
    """The session store, after recovering sessions a crash cut off. Returns (store, recovered)."""
    from interview_voice.storage.repository import SessionStore

    private_folder(paths.data_dir)
    store = SessionStore(paths.data_dir)
    atexit.register(store.close)  # the log folded into sessions.db at exit: a copy of it alone is whole
    return store, store.recover_interrupted()


def start_recording(
    store,
    kit: "InterviewKit",
    interview: Interview,
    level: str,
    models: dict,
    settings: Settings,
    redo_of: tuple[str, int] | None = None,
):
    """A new stored session and its recorder; redo_of = (session id, turn index) when answering again."""
    from dataclasses import asdict

    from interview_voice.storage.recorder import SessionRecorder

    plan = kit.plan
    session_id = store.start(
        plan=plan.id,
        title=plan.title,
        level=level or "",
        personas=[asdict(p) for p in plan.personas],
        models=models,
        settings={"end_silence_ms": settings.end_silence_ms, "long_pauses": settings.long_pauses},
        questions=[q.id for q in interview.questions],
        redo_of=redo_of,
    )
    return SessionRecorder(store, session_id)


def sound_devices() -> tuple[list, list, str]:
    """The microphones and speakers (SoundDevice: id for the settings, label to show), and a note ("" if none)."""
    from interview_voice.engines.sound_names import sound_devices as listed

    inputs, problem = listed("input")
    outputs, output_problem = listed("output")
    if problem.startswith("The system lists no") and output_problem.startswith("The system lists no"):
        return (
            inputs,
            outputs,
            "The system lists no microphone and no speakers (no sound card or sound server was found).",
        )
    return inputs, outputs, " ".join(p for p in dict.fromkeys((problem, output_problem)) if p)
