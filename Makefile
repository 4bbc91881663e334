# The two commands a user needs: `make demo` and `make test`. Both build a local virtual
# environment first, so nothing has to be installed by hand.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test soak install lint bench browser

$(STAMP): pyproject.toml
	python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/touchline demo

test: $(STAMP) browser
	$(PY) -m pytest

# The scale-out fault test ten runs in a row: beside a loaded machine it is how its rare
# faults were found (docs/NOTES.md, scale out)
soak: $(STAMP)
	for run in 1 2 3 4 5 6 7 8 9 10; do $(PY) -m pytest -m soak -q || exit 1; done

# The browser tests drive Debian's Chromium (Playwright's own download cannot work here):
# installed when we are root, otherwise one line says what to install.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium: run 'sudo apt-get install chromium', then make test."; \
	    exit 1; \
	  fi; }

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	$(PY) bench/pipeline.py --events 10000
