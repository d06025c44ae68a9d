"""Filler words ("um", "uh") in an answer, from its words and its audio.

Whisper drops most fillers even when asked to keep them. A filler it dropped
leaves a trace: a steady voiced sound in a gap between two words, or a word
whose timestamps stretch far past what its letters take to say (the "uh" got
glued to it). A wrong filler count is worse than a missed one, so a sound
counts only when it is voiced (periodic, like a held vowel), steady in pitch and
long enough; breaths, clicks and silence never are. Such a run must then sound like a filler
(runtime/filler_sound.py): flat in pitch and timbre, at the speaker's own level and pitch, not a
breath, a held word ending, a laugh or a hum. Measured on real speech with hand-marked fillers
in benchmarks/filler_bench.py, and for false fillers in benchmarks/filler_precision.py.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from interview_voice.records import Word
from interview_voice.runtime import filled_pauses
from interview_voice.runtime.filler_sound import measure
from interview_voice.runtime.periodicity import normalised_autocorrelation, shortest_strong_lag

log = logging.getLogger(__name__)

RATE = 16_000
FRAME, HOP = 480, 160  # 30 ms frames every 10 ms
MIN_FILLER_S = 0.2  # a held "uh" lasts this long or more; a vowel inside a word rarely does
# (0.25 s missed most real spontaneous "uh"s, with no fewer false ones)
MIN_GLUED_S = 0.6  # ... inside a word's timestamps, where a slow word's own vowel may be long
# (0.35 s found no real filler there, and flagged drawn-out words)
OWN_SOUND_PER_LETTER = 0.1  # inside a word, leave this much a letter for the word's own sound ("on" said
# slowly held its own vowel 0.2 s into its timestamps)
QUIET_TAIL_DB = 8.0  # a word whose last part is this far under the voice ends in a pause
MERGE_S = 0.35  # two fillers closer than this are one
MAX_HELD_S = 1.5  # ... and so is one sound this long that runs into a filler Whisper wrote
EDGE_S = 0.06  # word timestamps are this loose: look only inside the gap
TOUCHING_S = 0.1  # at an answer's edge, a run this close to the first or last word is that word's own
# sound held on ("... go on foreveeer" ran 0.5 s past the last word's timestamp), not a filler
MIN_PERIODICITY = 0.6  # normalised autocorrelation at the pitch period
MAX_PITCH_JUMP = 0.12  # the pitch period of a held vowel moves less than this between frames
QUIET_DB = 25.0  # frames this far under the answer's loud frames are not sound
SECONDS_PER_LETTER, SLACK_S = 0.07, 0.35  # how long a word may take to say, generously (a
# phrase-final "foreveeer" is held up to ~1 s)
_SPOKEN_FILLER = {
    "um": "um",
    "umm": "um",
    "uhm": "um",
    "hmm": "hmm",
    "hm": "hmm",
    "mm": "hmm",
    "uh": "uh",
    "uhh": "uh",
    "er": "uh",
    "erm": "um",
    "ah": "uh",
}


@dataclass(frozen=True)
class FillerRules:
    """What a sound in the audio must be to count as a filler.

    The defaults hear low and creaky voices: an "uh" is often said at the bottom of the
    speaker's range, 55-70 Hz for a low male voice, where a 30 ms frame holds under two
    pitch periods and a plain autocorrelation falls short of MIN_PERIODICITY.
    """

    min_filler_s: float = MIN_FILLER_S
    min_glued_s: float = MIN_GLUED_S
    frame: int = 640  # 40 ms: more than two periods of a 60 Hz voice
    pitch_floor_hz: float = 60.0
    normalised: bool = True  # correlation normalised by the energy of both overlapping parts
    bridge_frames: int = 2  # a held vowel may lose its voicing for this many frames (creak)
    edges: bool = True  # look before the first word and after the last too ("Uh, so ...", "... and, um"),
    # where a run touching the word is that word's own sound (TOUCHING_S)
    held_into_written: bool = True  # a held sound that runs on into a filler Whisper wrote is that filler
    judge_sound: bool = True  # a run must also sound like a filler (runtime/filler_sound.py), not a
    # breath, a held word ending or a hum
    in_words: bool = False  # look inside short words whose timestamps are longer than their letters need:
    # off, as on the held-out split it added a false "uh" in a slow read line
    # ("go on forever") and found no more real ones (benchmarks/filler_precision.py)
    min_in_word_s: float = 0.15
    every_run: bool = True  # judge every steady run in a place, not only the first
    scan: bool = False  # also find held vowels in the audio itself, inside words' timestamps too
    # (runtime/filled_pauses.py), where Whisper stretches a word over the "uh" it leaves out: off, as on
    # the held-out split it found 3 more marked fillers of 22 (recall 0.05 to 0.18) and a false one in
    # fluent news speech (0 to 1.1 per 5 min); benchmarks/filler_precision.py --variant scan=scan:true


def _frames(audio: np.ndarray, frame: int = FRAME) -> np.ndarray:
    n = 1 + max(0, audio.size - frame) // HOP
    idx = np.arange(frame)[None, :] + HOP * np.arange(n)[:, None]
    return audio[np.minimum(idx, audio.size - 1)] if audio.size else np.zeros((0, frame), np.float32)


def voiced_frames(
    audio: np.ndarray, rules: FillerRules = FillerRules(), wanted: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per 10 ms frame: is it voiced sound, and its pitch period in samples (0 when not).

    wanted: the frame indexes to look at (the rest are reported unvoiced); the loudness
    reference is still the whole audio's.
    """
    voiced, lags, _ = _voice(audio, rules, wanted)
    return voiced, lags


def _voice(
    audio: np.ndarray, rules: FillerRules, wanted: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """voiced_frames, and each frame's level in dB."""
    size = rules.frame
    audio = np.asarray(audio, np.float32)
    n = 1 + max(0, audio.size - size) // HOP if audio.size else 0
    if not n:
        return np.zeros(0, bool), np.zeros(0), np.zeros(0)
    if audio.size >= size:  # each frame's loudness from running sums: no need to cut every frame
        sums = np.concatenate([[0.0], np.cumsum(audio, dtype=np.float64)])
        squares = np.concatenate([[0.0], np.cumsum(np.square(audio, dtype=np.float64))])
        starts = HOP * np.arange(n)
        mean = (sums[starts + size] - sums[starts]) / size
        power = np.maximum((squares[starts + size] - squares[starts]) / size - mean**2, 0.0)
    else:
        frame = _frames(audio, size)[0].astype(np.float64)
        power = np.array([np.mean((frame - frame.mean()) ** 2)])
    db = 20 * np.log10(np.sqrt(power) + 1e-9)
    loud = np.percentile(db, 95)
    voiced = np.zeros(n, bool)
    lags = np.zeros(n, np.int64)
    idx = np.arange(n) if wanted is None else np.unique(np.clip(np.asarray(wanted, np.int64), 0, n - 1))
    idx = idx[db[idx] > loud - QUIET_DB] if idx.size else idx  # quiet frames are never voiced
    if not idx.size:
        return voiced, lags, db
    frames = audio[np.minimum(idx[:, None] * HOP + np.arange(size)[None, :], audio.size - 1)]
    frames = frames - frames.mean(axis=1, keepdims=True)
    lo, hi = RATE // 400, int(RATE / rules.pitch_floor_hz)  # pitch from the floor to 400 Hz
    if rules.normalised:
        acf = normalised_autocorrelation(frames, hi)
        lag = shortest_strong_lag(acf, lo, hi)
    else:
        spectrum = np.fft.rfft(frames, 2 * size, axis=1)
        acf = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)[:, : hi + 1]
        acf = acf / np.maximum(acf[:, :1], 1e-12)
        lag = lo + np.argmax(acf[:, lo : hi + 1], axis=1)
    periodic = acf[np.arange(len(acf)), lag] >= MIN_PERIODICITY
    voiced[idx] = periodic
    lags[idx] = np.where(periodic, lag, 0)
    return voiced, lags, db


def _steady_run(
    voiced: np.ndarray, lag: np.ndarray, start: int, end: int, seconds: float, bridge: int = 0
) -> int | None:
    """The first frame of a steady voiced run this long within frames [start, end); up to
    `bridge` unvoiced frames in a row may sit inside the run (they do not count to its length)."""
    need = int(seconds * RATE / HOP)
    run_start, run, last, missing = start, 0, -1, 0
    for i in range(max(start, 0), min(end, len(voiced))):
        if not voiced[i]:
            missing += 1
            if missing > bridge:
                run = 0
            continue
        if run and missing <= bridge and abs(lag[i] - lag[last]) <= MAX_PITCH_JUMP * lag[last]:
            run += 1
        else:
            run_start, run = i, 1
        last, missing = i, 0
        if run >= need:
            return run_start
    return None


def _run_end(voiced: np.ndarray, lag: np.ndarray, start: int, end: int, bridge: int) -> int:
    """The frame after the steady voiced run that starts at `start`, within [start, end)."""
    last, missing = start, 0
    for i in range(start + 1, min(end, len(voiced))):
        if not voiced[i]:
            missing += 1
            if missing > bridge:
                break
            continue
        if abs(lag[i] - lag[last]) > MAX_PITCH_JUMP * lag[last]:
            break
        last, missing = i, 0
    return last + 1


def _the_word_itself(
    audio: np.ndarray,
    voiced: np.ndarray,
    lag: np.ndarray,
    db: np.ndarray,
    at: int,
    word_end: float,
    rules: FillerRules,
    reference: tuple[float, float],
) -> str | None:
    """A steady run at the head of a word that goes on, the same sound, to the word's end is the word
    said slowly ("sooo"), not a filler before it: why, or None when the word's own sound differs."""
    end = _frame(word_end)
    full = _run_end(voiced, lag, at, end + 1, rules.bridge_frames)
    if full < end - 2:
        return None
    whole = measure(audio, voiced, lag, db, at, full, HOP, rules.frame, reference)
    return None if whole.why_not(in_word=True) else "the whole word is one steady sound: the word said slowly"


def _voice_reference(voiced: np.ndarray, lag: np.ndarray, db: np.ndarray) -> tuple[float, float]:
    """(median level in dB, median pitch period) of the voiced frames looked at: the speaker's own voice."""
    if not voiced.any():
        return float(np.percentile(db, 95)) if db.size else 0.0, 0.0
    return float(np.median(db[voiced])), float(np.median(lag[voiced]))


def _frame(seconds: float) -> int:
    return int(round(seconds * RATE / HOP))


def _letters(text: str) -> int:
    """About how many letters the word has when spoken ("4" is "four")."""
    return len(re.sub(r"[^a-z]", "", text.lower())) + 4 * len(re.sub(r"[^0-9]", "", text))


def _same_sound(voiced: np.ndarray, at: float, filler: Word, held: bool = True) -> bool:
    """Is a sound heard at `at` the filler Whisper wrote? Within its timestamps, or one held
    sound running on into it (Whisper often starts a long "uhhh" late)."""
    if filler.start - MERGE_S <= at <= filler.end + MERGE_S:
        return True
    between = voiced[_frame(at) : _frame(filler.start)]
    return held and 0 < filler.start - at <= MAX_HELD_S and between.size > 0 and between.mean() >= 0.6


def detect_fillers(
    audio: np.ndarray, words: Sequence[Word], rules: FillerRules = FillerRules(), trace: list[dict] | None = None
) -> list[dict]:
    """Fillers in an answer: [{"word": "um" | "uh" | "hmm", "at_s": seconds}], in time order.

    audio: the answer at 16 kHz; words: its transcript's words, timed from the start of audio.
    trace: when given, each held sound judged is appended to it ({"at_s", "end_s", "sound", "why"}:
    why is None for a filler), for the benchmarks and the tests of the judgement.
    """

    def filler_kind(word: Word) -> str | None:
        return _SPOKEN_FILLER.get(re.sub(r"[^a-z]", "", word.text.lower()))

    written = [w for w in words if filler_kind(w)]
    spoken = [w for w in words if not filler_kind(w)]
    # (start s, end s, shortest run s, the word's end when inside a word): where a left-out filler can be
    places: list[tuple[float, float, float, float | None]] = [
        (b.end + EDGE_S, a.start - EDGE_S, rules.min_filler_s, None) for b, a in zip(spoken, spoken[1:])
    ]  # gaps
    lead = trail = None  # the edge places
    if rules.edges and spoken:  # "Uh, so ..." before the first word, "... and, um" after the last
        lead = (0.0, spoken[0].start - EDGE_S, rules.min_filler_s, None)
        trail = (spoken[-1].end + EDGE_S, audio.size / RATE, rules.min_filler_s, None)
        places += [lead, trail]
    # words held far past what their letters take: a filler glued before or after them
    long_words = {
        i
        for i, w in enumerate(spoken)
        if w.end - w.start > SECONDS_PER_LETTER * _letters(w.text) + SLACK_S + rules.min_glued_s
    }
    places += [(spoken[i].start + EDGE_S, spoken[i].end - EDGE_S, rules.min_glued_s, None) for i in sorted(long_words)]
    # a short word whose timestamps also hold a filler ("uh and" written as one long "and"): Whisper's
    # usual way of leaving out a spontaneous "uh"; judged more strictly (see filler_sound.Sound.why_not)
    if rules.in_words:
        for i, w in enumerate(spoken):
            own = OWN_SOUND_PER_LETTER * _letters(w.text)  # the word's own sound, generously
            if i in long_words or w.end - w.start < own + rules.min_in_word_s:
                continue
            before = spoken[i - 1].end + EDGE_S if i else max(0.0, w.start - MAX_HELD_S)
            # the filler before the word's own sound, often begun in the pause before it ("uh and" written
            # as one long "and"); not after it, where a steady sound is more often the word's own ending
            # held ("by...", "and...": 4 of the 5 such finds in the tuned recordings were, 1 was an "uh")
            places.append((min(before, w.start), w.end - own, rules.min_in_word_s, w.end))
    # the voice is needed only there, under the fillers Whisper wrote, and just before them
    spans = [
        (_frame(start), _frame(end if word_end is None else word_end))
        for start, end, _, word_end in places
        if end > start
    ]
    spans += [(_frame(w.start - MAX_HELD_S), max(_frame(w.end), _frame(w.start) + 1)) for w in written]
    # ... and in the words, every third frame: the speaker's own level and pitch, to compare a sound with
    spans += [(_frame(w.start), _frame(w.end)) for w in spoken]
    wanted = (
        np.concatenate(
            [np.arange(max(a, 0), b, 1 if i < len(spans) - len(spoken) else 3) for i, (a, b) in enumerate(spans)]
        )
        if spans
        else np.zeros(0, np.int64)
    )
    voiced, lag, db = _voice(audio, rules, wanted)
    in_words = np.zeros(len(voiced), bool)
    for w in spoken:
        in_words[_frame(w.start) : _frame(w.end)] = True
    reference = _voice_reference(voiced & in_words, lag, db)
    found: list[dict] = []
    for word in written:  # the fillers Whisper wrote, if there is a voice under them (not a hallucination)
        span = voiced[_frame(word.start) : max(_frame(word.end), _frame(word.start) + 1)]
        if span.size and span.mean() >= 0.3:
            found.append({"word": filler_kind(word), "at_s": round(word.start, 2)})
    for start, end, seconds, word_end in places:
        in_word = word_end is not None
        if word_end is not None:
            tail = db[_frame(end) : _frame(word_end)]
            if not tail.size or np.median(tail) < reference[0] - QUIET_TAIL_DB:
                continue  # the word's end is quiet: Whisper stretched it over a pause after it, so its own
                # sound is at its head ("words." held 1 s up to the "um" after the pause)
        lo, hi = _frame(start), _frame(end)
        while lo < hi:  # each steady run in the place: a breath may come before the "uh" in one pause
            at = _steady_run(voiced, lag, lo, hi, seconds, rules.bridge_frames)
            if at is None:
                break
            run_end = _run_end(voiced, lag, at, hi, rules.bridge_frames)
            why = None
            touching = (
                trail is not None and (start, end) == trail[:2] and at - _frame(start) <= _frame(TOUCHING_S)
            ) or (lead is not None and (start, end) == lead[:2] and hi - run_end <= _frame(TOUCHING_S))
            if rules.judge_sound or in_word:
                sound = measure(audio, voiced, lag, db, at, run_end, HOP, rules.frame, reference)
                why = sound.why_not(in_word=in_word)
                if why is None and touching:
                    why = "at the answer's edge, touching the word: that word's own sound held on"
                if why is None and word_end is not None:
                    why = _the_word_itself(audio, voiced, lag, db, at, word_end, rules, reference)
                if trace is not None:
                    trace.append(
                        {
                            "at_s": at * HOP / RATE,
                            "end_s": run_end * HOP / RATE,
                            "sound": sound,
                            "why": why,
                            "in_word": in_word,
                        }
                    )
                log.debug(
                    "%s at %.2f s%s: %s",
                    "not a filler" if why else "a filler",
                    at * HOP / RATE,
                    f" ({why})" if why else "",
                    sound,
                )
            if why is None and not any(
                _same_sound(voiced, at * HOP / RATE, w, rules.held_into_written) for w in written
            ):
                found.append({"word": "uh", "at_s": round(at * HOP / RATE, 2)})
            if not rules.every_run:
                break
            lo = max(run_end, at + 1)
    if rules.scan:  # held vowels anywhere in the audio, inside words' timestamps too (runtime/filled_pauses.py)
        for run in filled_pauses.scan(audio, spoken):
            if trace is not None:
                trace.append({"at_s": run.at_s, "end_s": run.end_s, "sound": run, "why": run.why, "in_word": True})
            if run.why is None and not any(_same_sound(voiced, run.at_s, w, rules.held_into_written) for w in written):
                found.append({"word": "uh", "at_s": round(run.at_s, 2)})
    merged: list[dict] = []
    for filler in found:  # the same sound found twice (written by Whisper and heard in the gap): Whisper's word wins
        if all(abs(filler["at_s"] - kept["at_s"]) >= MERGE_S for kept in merged):
            merged.append(filler)
    merged.sort(key=lambda f: f["at_s"])
    if merged:
        log.debug("fillers: %s", merged)
    return merged


def fillers_by_turn(turns: Sequence, audio_of: Callable[[object], np.ndarray | None]) -> dict[int, list[dict]]:
    """Fillers found in each candidate answer's audio: {turn index: [{"word", "at_s"}]}.

    audio_of(turn) gives the answer's audio at 16 kHz, starting where its word times start
    (None when it is not at hand). A turn whose audio cannot be read is simply left out:
    the transcript's own fillers still count.
    """
    found: dict[int, list[dict]] = {}
    for turn in turns:
        if turn.speaker != "candidate" or not turn.words:
            continue
        try:
            audio = audio_of(turn)
        except (OSError, ValueError) as exc:
            log.warning("no audio fillers for answer %d: %s", turn.index, exc)
            continue
        if audio is not None and audio.size:
            words = [w for w in turn.words if w.start >= 0]  # words said over the interviewer come before it
            found[turn.index] = detect_fillers(audio, words)
    return found
