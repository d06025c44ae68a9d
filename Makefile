# Interview Voice. `make run` sets everything up and opens the app; `make test` runs the tests.
.PHONY: run setup test setup-test bench doctor package clean-venv

run: setup
	.venv/bin/interview-voice

setup:
	packaging/setup.sh run

test: setup-test
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q

setup-test:
	packaging/setup.sh test

bench: setup
	.venv/bin/python benchmarks/bench.py

# a one-folder build of the app and a tar.gz with install.sh for candidates (see README: Install the app)
package:
	packaging/package.sh

doctor: setup
	.venv/bin/interview-voice doctor

clean-venv:
	rm -rf .venv
