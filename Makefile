# Partnership Watch. `make site` and `make test` work on a fresh clone: the
# first target that needs Python creates .venv and installs requirements.lock,
# what builds the site; the targets that check the code add requirements-dev.lock.
# Both are pinned with every file's hash and installed with --require-hashes.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
export NO_MKDOCS_2_WARNING := 1

.PHONY: install install-dev site offline validate new schema generate serve lint check test golden screenshots bench profile lock clean zensical zensical-test lock-zensical

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.lock
	touch $(STAMP)

# The tests', browser's, linters' and benchmarks' tools: never needed to build or publish the site.
$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(PIP_INSTALL) -r requirements-dev.lock
	touch $(DEV_STAMP)

# Zensical has a venv of its own, from a lock with hashes: it is not a dependency of the generator.
ZVENV := .venv-zensical
ZSTAMP := $(ZVENV)/.installed

$(ZSTAMP): requirements-zensical.lock
	$(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-zensical.lock
	touch $(ZSTAMP)

## install: create .venv with what builds the site, from requirements.lock (the other targets do it when needed)
install: $(STAMP)

## install-dev: add the tools that check the code, from requirements-dev.lock (make check and make test do it when needed)
install-dev: $(DEV_STAMP)

## site: validate, generate and build the site into site/ with `mkdocs build --strict`
site: $(STAMP)
	$(PY) -m generator site

## offline: the published site for reading from disk, zipped into dist/<site-name>-offline.zip
offline: $(STAMP)
	$(PY) -m generator offline

## validate: check every content file, reporting all problems
validate: $(STAMP)
	$(PY) -m generator validate

## new: start an analysis: make new PARTNERS=contoso,fabrikam TITLE="Contoso and Fabrikam …" (write a $ as $$)
new: $(STAMP)
	$(PY) -m generator new --partners "$$PARTNERS" "$$TITLE"

## schema: rewrite the JSON Schemas under schema/ after a change to the content model (generator/schema.py)
schema: $(STAMP)
	$(PY) -m generator schema

## generate: write the whole web edition into docs/: pages, feeds, open data, schemas (no site build)
generate: $(STAMP)
	$(PY) -m generator generate

## serve: live preview on http://127.0.0.1:8000, regenerated when content changes (drafts shown); an edit re-renders only the pages it changes
serve: $(STAMP)
	$(PY) -m generator serve

## lint: ruff (lint and format check) and mypy --strict on generator/
lint: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

## check: lint, types and the fast tests, in under a minute (make test runs everything)
check: lint
	$(PY) -m pytest -q -m "not slow"

## test: lint, types and the whole test suite, the Zensical build included
test: lint $(ZSTAMP)
	ZENSICAL=$(CURDIR)/$(ZVENV)/bin/zensical $(PY) -m pytest

## golden: re-record the golden Markdown in tests/golden/ after an intended change (review the diff)
golden: $(DEV_STAMP)
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py

## screenshots: build both editions, then a full-page screenshot of every kind of page at 1280 and 390 px into dist/screenshots/ (for review, not compared)
screenshots: site offline $(DEV_STAMP)
	$(PY) -m tools.screenshots

## bench: time and size everything on a synthetic corpus of N analyses in a temporary folder (default N=1000), and make site beside BASELINE's (default 6f872cb)
N ?= 1000
bench: $(DEV_STAMP)
	$(PY) -m bench.run --analyses $(N) $(if $(BASELINE),--baseline $(BASELINE))

## profile: where validate and generate spend their time, on N synthetic analyses (HTML reports in dist/profile/)
profile: $(DEV_STAMP)
	$(PY) -m bench.profile --analyses $(N)

## lock: re-pin requirements.lock and requirements-dev.lock, with hashes, from the ranges in pyproject.toml (pip-tools in a throwaway venv)
lock:
	$(PYTHON) tools/lock.py

## zensical: create .venv-zensical with Zensical from requirements-zensical.lock (pinned, with hashes)
zensical: $(ZSTAMP)

## zensical-test: build the fixture's docs/ with Zensical and check the publication it makes (tests/test_zensical.py)
zensical-test: $(DEV_STAMP) $(ZSTAMP)
	ZENSICAL=$(CURDIR)/$(ZVENV)/bin/zensical $(PY) -m pytest -q -rs tests/test_zensical.py

## lock-zensical: re-pin requirements-zensical.lock with hashes from requirements-zensical.in (pip-tools in a throwaway venv)
lock-zensical:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file=requirements-zensical.lock requirements-zensical.in
	rm -rf .venv-lock

## clean: remove what builds make (site/, dist/, docs/, a killed build's leftovers); make generate or make site writes docs/ again
clean:
	rm -rf site .site-staging-* .site-previous-* dist docs .docs-undo .pytest_cache
