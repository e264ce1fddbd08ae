# Decision Desk: `make run` opens the app, `make test` runs the whole suite. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench installer lock schema sysdeps clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --compile -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --compile --no-deps --no-build-isolation -e .
	@touch $(STAMP)

sysdeps:
	@PYTHON=$(PYTHON) bash scripts/qt-sysdeps.sh $(EXTRA_DEBS)

run: sysdeps $(STAMP)
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ] && [ -z "$$QT_QPA_PLATFORM" ]; then \
	  echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): the window opens on Qt's offscreen platform."; \
	  echo "Run 'make run' from a desktop session, or under xvfb-run, to see it. Ctrl+C quits."; \
	  QT_QPA_PLATFORM=offscreen $(BIN)/decision-desk $(ARGS); \
	else $(BIN)/decision-desk $(ARGS); fi

# The checks alone: ruff, then the import contracts in pyproject.toml; the tests run them first.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: EXTRA_DEBS = binutils
test: sysdeps $(STAMP) lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: sysdeps $(STAMP)
	$(BIN)/python benchmarks/engine.py
	$(BIN)/python benchmarks/gui.py
	$(BIN)/python benchmarks/brief.py

installer: EXTRA_DEBS = binutils
installer: sysdeps $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean build_installer.spec

schema: $(STAMP)
	$(BIN)/decision-app schema -o resources/decision-model.schema.json

lock:
	rm -rf /tmp/decision-desk-lock && $(PYTHON) -m venv /tmp/decision-desk-lock
	/tmp/decision-desk-lock/bin/pip install --quiet -e '.[test,build]' setuptools wheel
	/tmp/decision-desk-lock/bin/pip freeze --exclude-editable | sed '1i # Locked versions: every install of the app, its tests and its installer build uses exactly these.\n# Regenerate with: make lock' > requirements.lock

clean:
	rm -rf $(VENV) build dist .pytest_cache
