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
Each case runs the real Endpointer on Silero VAD probabilities; the words up to the pause
are what whisper-tiny.en (the live model) hears in the answer so far.
Prints false endpoints per 100 pauses, late endpoints (waited 1.5 s or more) per 100 true
ends and the median wait at true ends, for the old rule, the new text rules, Smart Turn
alone and both.
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

from interview_voice import app  # noqa: E402
from interview_voice.core.endpointing import Endpointer, EndpointSettings  # noqa: E402
from interview_voice.core.text import sounds_finished  # noqa: E402
from interview_voice.core.turn_end import Completion, judge_pause  # noqa: E402
from interview_voice.core.types import Transcript  # noqa: E402
from interview_voice.engines.audio_file import read_wav_mono  # noqa: E402
from interview_voice.paths import default_paths  # noqa: E402

RATE, FRAME = 16_000, 512
FRAME_MS = 1000 * FRAME / RATE
PAUSE_S = 2.2           # a thinking pause spliced into an answer
LATE_MS = 1500          # a wait this long after a true end counts as late
ASK_AT_MS = 300         # Smart Turn is asked this far into a silence
SOURCES = {
    "silero-vad==6.2.3": ["silero_vad-6.2.3/tests/data/test.wav"],
    "pocketsphinx==5.1.1": [f"pocketsphinx-5.1.1/test/data/librivox/sense_and_sensibility_01_austen_64kb-{n}.{ext}"
                            for n in ("0870", "0880", "0890", "0920", "0930") for ext in ("wav", "json")]
    + [f"pocketsphinx-5.1.1/test/data/cards/00{n}.wav" for n in range(1, 6)]
    + ["pocketsphinx-5.1.1/test/data/forever/input_2_16k.wav"],
}
SMART_TURN = ("pipecat-ai==1.14.0", "pipecat/audio/turn/smart_turn/data/smart-turn-v3.2-cpu.onnx")
ESPEAK_MORE = ["The main trade off was latency against accuracy. Let me think about how to explain it.",
               "There are three reasons.", "First, the training data was a month old.",
               "We compared the serving features with the training features, and um",
               "So the first one is", "Good question. Let me see."]
ESPEAK_ENDS = ["The main trade off was latency against accuracy.",
               "We chose the smaller model, which lost two points of accuracy but met the budget.",
               "I would start with a logistic regression baseline.",
               "There were two options, a bigger model or a cache, and we chose the cache.",
               "First I checked the logs, then I compared the features."]


@dataclass
class Case:
    group: str
    audio: np.ndarray          # the answer up to the end of speech before the pause
    pause: np.ndarray          # what follows: the real pause, or silence
    continues: bool            # the speaker had more to say
    text: str = ""
    probability: float | None = None
    waits: dict[str, float] = field(default_factory=dict)


def fetch_members(cache: Path, spec: str, members: list[str]) -> dict[str, Path]:
    """Members of one pinned package (its wheel for pipecat-ai, its sdist otherwise), downloaded and
    extracted once into cache."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = [m for m in members if not (cache / m).exists()]
    if missing:
        binary = ["--only-binary", ":all:"] if spec.startswith("pipecat") else ["--no-binary", ":all:"]
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", *binary, spec, "-d", tmp, "-q"],
                           check=True)
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
    return np.array([vad.speech_probability(audio[i:i + FRAME]) for i in range(0, audio.size - FRAME + 1, FRAME)])


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


def lecture_cases(path: Path, vad, stt) -> list[Case]:
    audio = read_wav_mono(path)
    cases = []
    for start, end in speech_pauses(vad_probabilities(vad, audio)):
        before, pause = audio[: start * FRAME], audio[start * FRAME: end * FRAME]
        answer = before[-30 * RATE:]  # an answer of up to 30 s: the words Whisper would have
        text = Transcript(list(stt.transcribe(answer))).text
        ends_sentence = text.rstrip().endswith((".", "?", "!"))
        group = "lecture pauses after a sentence" if ends_sentence else "lecture pauses mid-sentence"
        cases.append(Case(group, answer, pause, True, text))
        if ends_sentence:  # the same words followed by silence: a true end
            cases.append(Case("lecture cut at a sentence end", answer, np.zeros(5 * RATE, np.float32), False, text))
    return cases


def librivox_cases(files: dict[str, Path], stt) -> list[Case]:
    cases = []
    for name in sorted(n for n in files if n.endswith(".wav") and "austen" in n):
        audio = read_wav_mono(files[name])
        words = [w for w in json.loads(files[name.replace(".wav", ".json")].read_text())["w"] if w["t"] != "<sil>"]
        last_end = int((words[-1]["b"] + words[-1]["d"]) * RATE)
        whole = audio[:last_end + int(0.05 * RATE)]
        cases.append(Case("read sentence, whole", whole, np.zeros(5 * RATE, np.float32), False,
                          Transcript(list(stt.transcribe(whole))).text))
        for fraction in (0.4, 0.7):  # cut mid-sentence at a word boundary: a thinking pause
            w = words[int(len(words) * fraction)]
            cut = audio[: int((w["b"] + w["d"]) * RATE)]
            cases.append(Case("read sentence, 2.2 s pause mid-sentence", cut, np.zeros(int(PAUSE_S * RATE),
                              np.float32), True, Transcript(list(stt.transcribe(cut))).text))
    return cases


def short_cases(files: dict[str, Path], stt) -> list[Case]:
    """Short human answers ("seven of clubs", "feels like these days go on forever"): true ends."""
    cases = []
    for name in [f"00{n}.wav" for n in range(1, 6)] + ["input_2_16k.wav"]:
        audio = read_wav_mono(files[name])
        loud = np.nonzero(np.abs(audio) > 0.02)[0]
        audio = audio[: loud[-1] + 800] if loud.size else audio
        cases.append(Case("short human answer, whole", audio, np.zeros(5 * RATE, np.float32), False,
                          Transcript(list(stt.transcribe(audio))).text))
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
                cases.append(Case(group, audio, np.zeros(int((PAUSE_S if continues else 5) * RATE), np.float32),
                                  continues, Transcript(list(stt.transcribe(audio))).text))
    return cases


def old_rule(text: str) -> Completion:
    return Completion.FINISHED if sounds_finished(text) else Completion.HANGING


POLICIES = {
    "before": lambda c: old_rule(c.text),
    "text rules": lambda c: judge_pause(c.text),
    "Smart Turn": lambda c: Completion.FINISHED if c.probability >= 0.5 else Completion.MORE_COMING,
    # a finished sentence that does not sound finished waits longer: the mid-thought grace, or as
    # long as announced thinking
    "text + ST (1.5 s)": lambda c: (Completion.HANGING if judge_pause(c.text) is Completion.FINISHED
                                    and c.probability < 0.5 else judge_pause(c.text)),
    "text + ST (3.5 s)": lambda c: (Completion.MORE_COMING if judge_pause(c.text) is Completion.FINISHED
                                    and c.probability < 0.5 else judge_pause(c.text)),
}
OLD = EndpointSettings(more_coming_ms=1500)  # before: no "more coming" wait existed


def waited_ms(vad, case: Case, completion: Completion, settings: EndpointSettings) -> float:
    """Run the Endpointer over the last second of speech and what follows; ms of silence
    it waited after the last speech frame, or inf if it never ended the turn."""
    tail = case.audio[-RATE:]
    tail = tail[tail.size % FRAME:]
    ep = Endpointer(settings, FRAME_MS, finished_hint=lambda: completion)
    probs = vad_probabilities(vad, np.concatenate([tail, case.pause]))
    for p in probs:
        if ep.feed(p):
            return ep.elapsed_ms - (ep.speech_end_ms or 0)
    return float("inf")


def report(cases: list[Case]) -> None:
    print(f"\n{'cases':44} {'n':>3}  " + "  ".join(f"{p:>17}" for p in POLICIES))
    human = [c for c in cases if "espeak" not in c.group]
    groups = [(g, [c for c in cases if c.group == g]) for g in dict.fromkeys(c.group for c in cases)]
    groups += [("all human pauses the speaker went on after", [c for c in human if c.continues]),
               ("all human true ends", [c for c in human if not c.continues])]
    for group, members in groups:
        cells = []
        for policy in POLICIES:
            waits = [c.waits[policy] for c in members]
            if members[0].continues:  # ended inside a pause after which the speaker went on
                false = sum(w <= c.pause.size / RATE * 1000 for w, c in zip(waits, members))
                cells.append(f"{100 * false / len(members):6.0f} false/100")
            else:
                late = sum(w >= LATE_MS for w in waits)
                cells.append(f"{100 * late / len(members):3.0f} late, p50 {statistics.median(waits):4.0f}")
        print(f"{group:44} {len(members):3}  " + "  ".join(f"{c:>17}" for c in cells))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "interview-voice-bench")
    args = parser.parse_args()
    files = fetch(args.cache)
    paths = default_paths()
    stt, vad = app.load_stt(paths, "whisper-tiny.en"), app.load_vad()
    from smart_turn import SmartTurn

    turn_model = SmartTurn(files[Path(SMART_TURN[1]).name])
    cases = (lecture_cases(files["test.wav"], vad, stt) + librivox_cases(files, stt) + short_cases(files, stt)
             + espeak_cases(stt))
    seconds = []
    for case in cases:
        heard = np.concatenate([case.audio, case.pause[: int(ASK_AT_MS * RATE / 1000)]])
        started = time.perf_counter()
        case.probability = turn_model.probability(heard)
        seconds.append(time.perf_counter() - started)
        for name, policy in POLICIES.items():
            case.waits[name] = waited_ms(vad, case, policy(case), OLD if name == "before" else EndpointSettings())
    print("Smart Turn v3.2, probability that the turn is over, 300 ms into the silence; the text rules' judgement;")
    print("the pause the speaker took (went on) or the silence that followed (true end):")
    for case in cases:
        kind = "went on" if case.continues else "true end"
        print(f"  {case.probability:5.2f}  {kind:8} {case.pause.size / RATE:4.1f} s  {judge_pause(case.text).value:11}"
              f"  {case.group[:30]:30}  ...{case.text[-60:]!r}")
    for label, continues in (("true ends", False), ("speaker went on", True)):
        probs = [c.probability for c in cases if c.continues == continues and "espeak" not in c.group]
        print(f"  human {label}: n={len(probs)}, min {min(probs):.2f}, median {statistics.median(probs):.2f}, "
              f"max {max(probs):.2f}, above 0.5: {sum(p >= 0.5 for p in probs)}")
    print(f"  one call: median {statistics.median(seconds) * 1000:.0f} ms (features + model, 1 thread)")
    report(cases)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
