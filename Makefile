# Interview Voice. `make run` sets everything up and opens the app; `make test` checks the code (ruff, mypy)
# and runs the tests.
.PHONY: run setup test lint setup-test bench doctor clean-venv

run: setup
	.venv/bin/interview-voice

setup:
	packaging/setup.sh run

test: setup-test
	.venv/bin/ruff check .
	.venv/bin/mypy
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q

lint: setup-test
	.venv/bin/ruff check .
	.venv/bin/mypy

setup-test:
	packaging/setup.sh test

bench: setup
	.venv/bin/python benchmarks/bench.py

doctor: setup
	.venv/bin/interview-voice doctor

clean-venv:
	rm -rf .venv
