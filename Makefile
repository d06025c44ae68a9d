# Interview Voice. `make run` sets everything up and opens the app; `make test` checks the code (ruff, ruff format, mypy)
# and runs the tests.
.PHONY: run setup test lint setup-test bench doctor package package-check clean-venv

run: setup
	.venv/bin/interview-voice

setup:
	packaging/setup.sh run

test: setup-test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q

lint: setup-test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

setup-test:
	packaging/setup.sh test

bench: setup
	.venv/bin/python benchmarks/bench.py

# a one-folder build of the app and a tar.gz with install.sh for candidates (see README: Install the app)
package:
	packaging/package.sh

# the package unpacked and used as a candidate would, in a fresh HOME, with a screenshot of the window
package-check: package
	packaging/check_package.sh

doctor: setup
	.venv/bin/interview-voice doctor

clean-venv:
	rm -rf .venv
