"""The live loop that drives core with engines; no Qt, shared by CLI and GUI."""
