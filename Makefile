# Trust Builder: `make serve` runs the skill endpoint, `make test` runs the whole suite. Both set up .venv first.
SHELL := /bin/bash
# durable-rules builds on Python 3.11 and 3.12 only (DESIGN §3): take the first interpreter that fits.
PYTHON ?= $(shell for p in python3.12 python3.11 python3; do $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))' 2>/dev/null && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
TRUST_DATABASE ?= sqlite:///var/trust-builder.sqlite3
export TRUST_DATABASE

.PHONY: serve chat test bench eval listener-model clean build-SkillFunction lambda-size

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or 3.12 is needed (durable-rules does not build on 3.13)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel

# The web service and the console need the web extra (flask, gunicorn, gevent); the Lambda package does not.
$(VENV)/.app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[web]'
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[web,test]'
	touch $@ $(VENV)/.app

serve: $(VENV)/.app
	$(BIN)/trust-builder serve

chat: $(VENV)/.app
	$(BIN)/trust-builder chat

test: $(VENV)/.test
	$(BIN)/python -m pytest -q -n 2

bench: $(VENV)/.test
	$(BIN)/python -m tests.benchmarks

# The listener on the corpus (tests/data/listener): per-class precision and recall, every confusion, JSON last.
eval: $(VENV)/.test
	$(BIN)/python -m tests.eval_delivered
	$(BIN)/python -m tests.eval

# Retrains the listener's model from skill/content/listening/ and the corpus's tuning part (scikit-learn, from the
# test extra, at build time only). It writes topic_model.json and .bin there: commit both; `make test` fails
# while they are stale. Thresholds: `$(BIN)/python -m skill.devtools.listener_tuning` prints the curves.
listener-model: $(VENV)/.test
	$(BIN)/python -m skill.devtools.listener_model

# Called by `sam build` (template.yaml: BuildMethod makefile), inside the Lambda build image with --use-container.
# The core dependencies only (no web extra); then boto3, botocore and their own s3transfer and jmespath are taken
# out again, because the Lambda runtime provides them (ask-sdk-dynamodb-persistence-adapter pulls them in).
LAMBDA_PROVIDED := boto3 botocore s3transfer jmespath
build-SkillFunction:
	python -m pip install --quiet --target "$(ARTIFACTS_DIR)" .
	cd "$(ARTIFACTS_DIR)" && for name in $(LAMBDA_PROVIDED); do rm -rf $$name $$name-*.dist-info; done
	cp -r rules "$(ARTIFACTS_DIR)/rules"
	mkdir -p "$(ARTIFACTS_DIR)/interaction_model" && cp interaction_model/skill.json "$(ARTIFACTS_DIR)/interaction_model/"

# The Lambda package's unzipped size, built as build-SkillFunction builds it, into a temporary folder.
lambda-size: | $(BIN)/python
	@scratch=$$(mktemp -d) && $(MAKE) --no-print-directory build-SkillFunction ARTIFACTS_DIR=$$scratch/package \
		PATH="$(CURDIR)/$(BIN):$$PATH" && du -sh $$scratch/package && rm -rf $$scratch

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
