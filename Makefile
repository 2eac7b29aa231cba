# Two entry points: `make run` (serve / print the knowledge graph) and `make test`.
# `make install` is the set-up both share; it is idempotent and needs only PyPI and Debian.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

WEB_ASSETS := node_modules/.package-lock.json

.PHONY: install run test check-java jena chromium virtuoso clean

install: $(STAMP) check-java jena $(WEB_ASSETS) chromium virtuoso

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# HermiT (the DL reasoner in the quality gate) runs on Java. Install it from Debian when missing.
check-java:
	@if ! command -v java >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "java not found: installing Debian's default-jre-headless"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "java not found: install a Java runtime >= 11 (Debian/Ubuntu: sudo apt-get install default-jre-headless)" >&2; exit 1; \
	  fi; \
	fi
	@java -version 2>&1 | head -n 1

# Apache Jena SHACL (the fast engine): Debian's jars + a small runner compiled into build/java (gitignored).
# Installs libapache-jena-java and a JDK from Debian when missing and running as root; see scripts/build-jena.sh.
jena: check-java
	@if [ ! -f /usr/share/java/jena-shacl.jar ] || ! command -v javac >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's libapache-jena-java and default-jdk-headless"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libapache-jena-java default-jdk-headless >/dev/null; \
	  fi; \
	fi
	@sh scripts/build-jena.sh

# The web pages' browser assets (YASGUI, Swagger UI, ReDoc, axe-core) from npm, served by scra itself:
# no page loads anything from a CDN. Needs node + npm (Debian's nodejs/npm, installed when missing as root).
$(WEB_ASSETS): package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "npm not found: installing Debian's nodejs and npm"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else \
	    echo "npm not found: install Node.js and npm (Debian/Ubuntu: sudo apt-get install nodejs npm)" >&2; exit 1; \
	  fi; \
	fi
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $(WEB_ASSETS)

# Headless Chromium for the browser tests (tests/web/test_browser.py, marker `live`): Debian's chromium,
# driven by Playwright with executable_path (Playwright's own browser download is never used).
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "chromium not found: installing Debian's chromium and Japanese fonts"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else \
	    echo "chromium not found: install it for the browser tests (Debian/Ubuntu: sudo apt-get install chromium fonts-noto-cjk)" >&2; \
	  fi; \
	fi

# Virtuoso Open Source 7 (Debian's virtuoso-opensource): one of the real SPARQL servers the remote-store tests start
# (tests/storekit.py; Oxigraph server comes from PyPI). Only the server binary: no system service is set up.
virtuoso:
	@if [ ! -x /usr/bin/virtuoso-t ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's virtuoso-opensource-7-bin"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin >/dev/null; \
	  else \
	    echo "virtuoso-t not found: the Virtuoso tests will fail (Debian/Ubuntu: sudo apt-get install virtuoso-opensource-7-bin)" >&2; \
	  fi; \
	fi


run: install
	$(BIN)/scra serve

# The whole suite, live tests included, on every core (pyproject: addopts = -n auto --dist loadgroup).
# Lint, format and type checks first (seconds), so CI fails on a regression in any of them.
test: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src
	$(BIN)/mypy
	$(BIN)/pytest

clean:
	rm -rf $(VENV) data/store .pytest_cache build node_modules
