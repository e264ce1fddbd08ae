# Decision Desk: `make run` opens the app, `make test` runs the whole suite. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two locked sets, both pinned with hashes (make lock): what the app runs on, and that plus tests, checks and
# the installer build. One .venv: `make run` installs the runtime set, the other targets add the dev set.
RUNTIME_LOCK := requirements/runtime.txt
DEV_LOCK     := requirements/dev.txt
RUNTIME      := $(VENV)/.installed-runtime
DEV          := $(VENV)/.installed-dev
PIP_INSTALL  := $(BIN)/python -m pip install --quiet --disable-pip-version-check --compile

.PHONY: run test lint fuzz bench installer lock schema sysdeps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The project itself goes in editable and without dependencies: the lock file has them all.
$(RUNTIME): $(RUNTIME_LOCK) pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) --require-hashes -r $(RUNTIME_LOCK)
	$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	@touch $@

# dev.txt holds every runtime pin too (compiled against runtime.txt), so it also stands for the runtime stamp.
$(DEV): $(DEV_LOCK) $(RUNTIME_LOCK) pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) --require-hashes -r $(DEV_LOCK)
	$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	@touch $@ $(RUNTIME)

sysdeps:
	@PYTHON=$(PYTHON) bash scripts/qt-sysdeps.sh $(EXTRA_DEBS)

run: sysdeps $(RUNTIME)
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ] && [ -z "$$QT_QPA_PLATFORM" ]; then \
	  echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): the window opens on Qt's offscreen platform."; \
	  echo "Run 'make run' from a desktop session, or under xvfb-run, to see it. Ctrl+C quits."; \
	  QT_QPA_PLATFORM=offscreen $(BIN)/decision-desk $(ARGS); \
	else $(BIN)/decision-desk $(ARGS); fi

# The checks alone: ruff, the import contracts and mypy (strict on core and report), all in pyproject.toml;
# `make test` runs them first.
lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: EXTRA_DEBS = binutils
test: sysdeps $(DEV) lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fuzzers (hypothesis) with 10,000 inputs per target, random each run, and the kill tests with 100 SIGKILLs
# per command (DECISION_DESK_KILLS; the window's save too once tests/test_kill_window.py exists); prints the
# inputs run per target. The window's state machine runs 100 sequences of 50 steps per start file.
# FUZZ_ARGS goes to pytest, e.g. FUZZ_ARGS=--hypothesis-seed=1 to repeat a run.
fuzz: sysdeps $(DEV)
	DECISION_DESK_KILLS=$${DECISION_DESK_KILLS:-100} $(BIN)/python -m pytest -p no:cacheprovider --timeout=0 \
	  --hypothesis-profile=fuzz $(wildcard tests/test_fuzz_*.py tests/test_kill_*.py) tests/test_gui_stateful.py \
	  $(FUZZ_ARGS)

bench: sysdeps $(DEV)
	$(BIN)/python benchmarks/engine.py
	$(BIN)/python benchmarks/gui.py
	$(BIN)/python benchmarks/brief.py

installer: EXTRA_DEBS = binutils
installer: sysdeps $(DEV)
	$(BIN)/pyinstaller --noconfirm --clean build_installer.spec

schema: $(RUNTIME)
	$(BIN)/decision-app schema -o resources/decision-model.schema.json

# Re-resolve both sets from pyproject.toml (dependencies; the test and build extras) with pip-tools in a
# throwaway venv. Pins already in the files are kept; `make lock LOCK_ARGS=--upgrade` moves to the newest
# allowed, `LOCK_ARGS='--upgrade-package NAME'` moves one. dev.txt is constrained by runtime.txt, so the two
# never disagree on a version. setuptools is in both: it installs the project (--no-build-isolation).
LOCKTOOL    := /tmp/decision-desk-lock
PIP_COMPILE := CUSTOM_COMPILE_COMMAND='make lock' $(LOCKTOOL)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
               --strip-extras --build-deps-for editable --no-emit-index-url --no-emit-find-links
lock:
	@test -x $(LOCKTOOL)/bin/pip-compile || { $(PYTHON) -m venv $(LOCKTOOL) && $(LOCKTOOL)/bin/pip install --quiet pip-tools==7.6.2; }
	$(PIP_COMPILE) $(LOCK_ARGS) -o $(RUNTIME_LOCK) pyproject.toml
	$(PIP_COMPILE) $(LOCK_ARGS) --extra test --extra build -c $(RUNTIME_LOCK) -o $(DEV_LOCK) pyproject.toml

clean:
	rm -rf $(VENV) build dist .pytest_cache
