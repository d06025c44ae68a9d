"""Streaming voice activity detection with the Silero model that faster-whisper ships.

faster-whisper's own wrapper resets its recurrent state on every call; a live
endpointer needs the state carried from frame to frame, so this runs the same
ONNX file one 32 ms frame at a time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from interview_voice.engines.base import ModelLoadError

FRAME = 512  # samples per probability at 16 kHz (32 ms)
CONTEXT = 64  # samples of the previous frame the model sees


def silero_model_path() -> Path:
    from faster_whisper.utils import get_assets_path

    return Path(get_assets_path()) / "silero_vad_v6.onnx"


class SileroVoiceActivity:
    frame_samples = FRAME

    def __init__(self, model_path: Path | None = None) -> None:
        from interview_voice.privacy import import_onnxruntime

        onnxruntime = import_onnxruntime()
        path = model_path or silero_model_path()
        if not path.exists():
            raise ModelLoadError(f"the voice activity model {path} is missing: reinstall faster-whisper")
        opts = onnxruntime.SessionOptions()
        opts.inter_op_num_threads = 1
        opts.intra_op_num_threads = 1
        opts.log_severity_level = 4
        self._session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"], sess_options=opts)
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)

    def speech_probability(self, frame: np.ndarray) -> float:
        if frame.shape != (FRAME,):
            raise ValueError(f"a VAD frame has {FRAME} samples, got {frame.shape}")
        batch = np.concatenate([self._context, frame.astype(np.float32)])[None, :]
        out, self._h, self._c = self._session.run(None, {"input": batch, "h": self._h, "c": self._c})
        self._context = frame[-CONTEXT:].astype(np.float32)
        return float(out.reshape(-1)[0])
