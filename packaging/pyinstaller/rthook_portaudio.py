# PyInstaller runtime hook: sounddevice finds PortAudio with ctypes.util.find_library, which
# only looks at the system's libraries. The package carries its own copy: use it, so the app
# also runs where libportaudio2 is not installed.
import ctypes.util
import os
import sys

_bundled = os.path.join(getattr(sys, "_MEIPASS", ""), "libportaudio.so.2")
if os.path.exists(_bundled):
    _system_find_library = ctypes.util.find_library

    def _find_library(name):
        return _bundled if name == "portaudio" else _system_find_library(name)

    ctypes.util.find_library = _find_library
