import wave

import numpy as np

from interview_voice.storage.tracks import TrackWriter, repair_wav


def read(path):
    with wave.open(str(path)) as w:
        return w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), "<i2")


def test_samples_land_on_the_session_timeline_with_silence_between(tmp_path):
    track = TrackWriter(tmp_path / "t.wav", 16_000)
    track.write_at(1.0, np.full(16_000, 0.5, np.float32))
    track.write_at(0.5, np.full(8_000, 0.25, np.float32))  # earlier than the end: appended after it
    track.close()
    rate, pcm = read(tmp_path / "t.wav")
    assert rate == 16_000 and pcm.size == 16_000 * 2 + 8_000
    assert not pcm[:16_000].any() and (pcm[16_000:32_000] == 16383).all() and (pcm[32_000:] == 8191).all()


def test_other_rates_are_resampled_to_the_track_rate(tmp_path):
    track = TrackWriter(tmp_path / "t.wav", 16_000)
    track.write_at(0.0, np.zeros(22_050, np.float32), sample_rate=22_050)
    track.close()
    assert abs(read(tmp_path / "t.wav")[1].size - 16_000) <= 1


def test_a_track_cut_off_by_a_crash_is_repaired_with_everything_written(tmp_path):
    path = tmp_path / "t.wav"
    track = TrackWriter(path, 16_000)
    track.write_at(0.0, np.full(16_000 * 3, 0.1, np.float32))
    track._file.write(b"\x01")        # half a sample, as a crash mid-write could leave
    track._file.flush()               # ... and no close(): the header still says 0 bytes
    seconds = repair_wav(path)
    assert abs(seconds - 3.0) < 1e-6
    assert read(path)[1].size == 16_000 * 3
