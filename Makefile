# `make site` and `make test` do all set-up on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve clean install bench publish bench-perf

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# Bytecode now: where PYTHONDONTWRITEBYTECODE is set, each build would compile digest again.
	$(BIN)/python -m compileall -q digest
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/digest build

test: $(STAMP)
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/digest serve

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/segmentation.py
	$(BIN)/python benchmarks/summaries.py

# Scale benchmark (issue 7): anchors go to benchmarks/perf/.tools/, e.g. BENCH_ARGS="--sizes 1000 --repeat 1".
PERF_TOOLS := benchmarks/perf/.tools
bench-perf: $(STAMP)
	test -x $(PERF_TOOLS)/venv/bin/python || $(PYTHON) -m venv $(PERF_TOOLS)/venv
	$(PERF_TOOLS)/venv/bin/python -m pip install --quiet -r benchmarks/perf/requirements.txt
	mkdir -p $(PERF_TOOLS)/node && cp benchmarks/perf/package.json $(PERF_TOOLS)/node/package.json
	npm install --silent --no-audit --no-fund --prefix $(PERF_TOOLS)/node
	$(BIN)/python benchmarks/perf/run.py $(BENCH_ARGS)

# Copy the built site to a folder or an rsync target: make publish DEST=/var/www/digest (or user@host:path).
# --delete makes DEST an exact copy; .git, CNAME and .nojekyll in DEST are kept (a gh-pages worktree).
publish: site
	@case "$(DEST)" in ""|/|.|./|..|~) echo "usage: make publish DEST=/path/to/folder or DEST=user@host:path"; exit 2;; esac
	@if command -v rsync >/dev/null; then \
	  rsync -a --delete --exclude=.git --exclude=CNAME --exclude=.nojekyll site/ "$(DEST)/"; \
	else \
	  mkdir -p "$(DEST)" && cp -R site/. "$(DEST)/"; \
	fi
	@echo "published site/ to $(DEST)"

clean:
	rm -rf site .site.* .pytest_cache
	find . -name __pycache__ -prune -not -path './$(VENV)/*' -exec rm -rf {} +
