"""Interview Voice: offline voice mock interviews."""

from interview_voice.privacy import disable_telemetry as _disable_telemetry

__version__ = "0.1.0"
# Before any engine module can load onnxruntime (Piper, the voice activity model).
_disable_telemetry()
