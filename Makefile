# The README's commands. Each target sets up what it needs the first time.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
ASSETS := docs/javascripts/mermaid.min.js docs/javascripts/iframe-worker-shim.js docs/javascripts/paged.min.js

.PHONY: site serve test test-fast check generate lint clean

site: $(VENV)/.installed $(ASSETS)  ## set up if needed, then build the handbook with every program
	$(BIN)/mkdocs build --strict

serve: $(VENV)/.installed $(ASSETS)  ## live site on http://127.0.0.1:8000; a save rewrites only what changed
	$(BIN)/mkdocs serve --dirty -a 127.0.0.1:8000

# --dist loadfile keeps each test file on one worker; xdist_group marks do not group tests
# under pytest 9 with xdist 3.8, and the print tests ran on both workers.
test: $(VENV)/.installed node_modules/.installed $(ASSETS)  ## the whole test suite
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=15

test-fast: $(VENV)/.installed node_modules/.installed  ## no site builds, no browser, no bakes (under 90 s)
	$(BIN)/python -m pytest -n 2 -m "not slow and not browser"

check: $(VENV)/.installed  ## check every program
	$(BIN)/daya check

generate: $(VENV)/.installed  ## write every program's documents to build/programs
	$(BIN)/daya generate --out build/programs

lint: $(VENV)/.installed  ## style, the import contracts of ARCHITECTURE.md, types
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy generator

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

# Mermaid, the iframe-worker shim and paged.js (the print page only) are served from the site
# itself (offline use); they come from the npm registry at setup and are not committed.
docs/javascripts/mermaid.min.js: node_modules/.installed
	mkdir -p docs/javascripts
	cp node_modules/mermaid/dist/mermaid.min.js $@

docs/javascripts/iframe-worker-shim.js: node_modules/.installed
	mkdir -p docs/javascripts
	cp node_modules/iframe-worker/shim/index.js $@

docs/javascripts/paged.min.js: node_modules/.installed
	mkdir -p docs/javascripts
	cp node_modules/pagedjs/dist/paged.min.js $@

clean:
	rm -rf site build .daya-cache
