"""Interview Voice: offline voice mock interviews."""

__version__ = "0.1.0"
