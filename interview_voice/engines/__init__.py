"""Speech, language and audio engines behind small streaming Protocols."""
