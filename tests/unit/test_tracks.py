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
    track._file.write(b"\x01")  # half a sample, as a crash mid-write could leave
    track._file.flush()  # ... and no close(): the header still says 0 bytes
    seconds = repair_wav(path)
    assert abs(seconds - 3.0) < 1e-6
    assert read(path)[1].size == 16_000 * 3


def test_each_write_says_where_it_landed_and_reads_back_before_the_track_is_synced(tmp_path):
    track = TrackWriter(tmp_path / "t.wav", 16_000)
    assert track.write_at(1.0, np.full(800, 0.5, np.float32)) == 16_000
    assert track.write_at(0.2, np.full(400, 0.25, np.float32)) == 16_800  # after what is written
    # read back at once, while the last samples may still be in the file's buffer
    back = track.read(16_000, 1_200)
    assert back.size == 1_200 and np.allclose(back[:800], 0.5, atol=1e-4) and np.allclose(back[800:], 0.25, atol=1e-4)
    assert track.read(17_000, 500).size == 200  # no further than the track goes
    track.close()
    assert np.allclose(track.read(16_800, 400), 0.25, atol=1e-4)  # and after it is closed


def test_a_track_whose_last_buffer_cannot_be_written_is_still_read_back_from_the_file(tmp_path):
    """A full disk: the buffered tail is lost, what reached the file is read, and nothing raises."""
    import numpy as np

    from interview_voice.storage.tracks import TrackWriter

    track = TrackWriter(tmp_path / "candidate.wav", 16_000)
    track.write_at(0.0, np.full(16_000, 0.25, np.float32))
    track.flush()

    class FullDisk:
        def __init__(self, file):
            self._file = file

        def flush(self):
            raise OSError(28, "No space left on device")

        def __getattr__(self, name):
            return getattr(self._file, name)

    track._file = FullDisk(track._file)
    audio = track.read(0, 16_000)
    assert audio.size == 16_000 and abs(float(audio.mean()) - 0.25) < 0.01
