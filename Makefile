# servicesim: `make run` runs the main comparison, `make test` runs the whole test suite,
# `make docs` builds the documentation site into site/ (strict, offline).
# Each builds .venv from a Python >= 3.12 found by tools/find-python.sh when it is missing, and
# installs the package with its dev and docs extras at the versions in requirements.lock.

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export SOLARA_TELEMETRY_MIXPANEL_ENABLE := False
export SOLARA_TELEMETRY_SENTRY_ENABLE := False

.PHONY: all run test docs gallery bench dashboard validate lint lock clean clean-cache workshop-robustness

all: test

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || { PY=$$(sh tools/find-python.sh) && echo "creating $(VENV) with $$PY" && "$$PY" -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,docs]'
	@touch $(STAMP)

## the main job: rule-bound vs empowered in the default scenario, a table with a verdict,
## figures, how far the verdict holds over the model's assumptions, and a one-page report
run: $(STAMP)
	$(BIN)/servicesim compare rule_bound empowered --reps 3 --customers 250000 --days 730 --out results/main
	$(BIN)/servicesim plot results/main --kind timeseries,ledger,cohorts
	$(BIN)/servicesim robustness --spec experiments/robustness_main.toml --samples 16 --customers 70000 --out results/main_robustness --resume
	$(BIN)/servicesim report results/main --robustness results/main_robustness
	@echo "figures in results/main/figures/, the report in results/main/report.html"

## the whole test suite (the browser tests need /usr/bin/chromium; .ci/run installs it)
test: $(STAMP)
	$(BIN)/python -m pytest -q

## the documentation site: site/index.html opens from the file system, nothing is fetched online
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict
	@echo "site in site/ (open site/index.html; for search: $(BIN)/python -m http.server -d site)"

## redraw the gallery (docs/gallery/, docs/gallery.md) from small runs of every shipped experiment
gallery: $(STAMP)
	$(BIN)/python tools/gallery.py

## each workshop button's robustness for the dashboard: src/servicesim/dashboard/robustness.json
## (16 worlds x 2 replicates x 30,000 customers x 2 years per button, some 10-15 minutes on 2 cores)
workshop-robustness: $(STAMP)
	$(BIN)/python tools/workshop_robustness.py

bench: $(STAMP)
	$(BIN)/servicesim bench

dashboard: $(STAMP)
	$(BIN)/servicesim dashboard $(if $(PORT),--port $(PORT)) $(if $(HOST),--host $(HOST))

validate: $(STAMP)
	$(BIN)/servicesim validate

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/lint-imports

## refresh the lock file from the current environment (run after changing dependencies)
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^servicesim' > requirements.lock

clean-cache:
	rm -rf $${XDG_CACHE_HOME:-$$HOME/.cache}/servicesim

clean:
	rm -rf $(VENV) build dist site *.egg-info
