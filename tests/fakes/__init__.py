"""Fake engines for tests. Nothing in interview_voice imports this package."""
