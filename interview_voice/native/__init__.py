"""The interviewer's native library (llama-cpp-python): which build fits this CPU,
and a proof in a child process that it runs here before anything relies on it."""
