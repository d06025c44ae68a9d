"""Keep third-party libraries from phoning home.

onnxruntime (used by Piper and the Silero voice activity model) ships Microsoft's
1DS telemetry on Linux too: unless told otherwise it queues events with a device
id in ~/.cache/Microsoft/DeveloperTools/.onnxruntime and resolves
mobile.events.data.microsoft.com to send them. Only the environment variable
read when onnxruntime starts stops both; `disable_telemetry_events()` called
after the import still leaves the queue on disk. So the variable is set when
this package is imported, before any engine module can import onnxruntime.
"""

from __future__ import annotations

import os
import sys

# Read by onnxruntime's native library when its environment is created.
_ENVIRONMENT = {
    "ORT_DISABLE_TELEMETRY": "1",
    # Hugging Face libraries pulled in by faster-whisper: never look anything up.
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
}


def disable_telemetry() -> None:
    """Set the opt-outs; safe to call more than once."""
    for name, value in _ENVIRONMENT.items():
        os.environ[name] = value
    onnxruntime = sys.modules.get("onnxruntime")
    if onnxruntime is not None and hasattr(onnxruntime, "disable_telemetry_events"):
        # Already loaded: the variable may have come too late for its start-up,
        # so at least stop further events.
        onnxruntime.disable_telemetry_events()


def import_onnxruntime():
    """The onnxruntime module, with telemetry off; engines import it through here."""
    disable_telemetry()
    import onnxruntime

    onnxruntime.disable_telemetry_events()
    return onnxruntime


def import_piper():
    """The piper module (which loads onnxruntime), with telemetry off."""
    import_onnxruntime()
    import piper

    return piper
