# The incident API's developer commands. `make local` runs it, `make test` tests it.
SHELL := /bin/bash
PYTHON ?= python3.13
VENV := .venv
EMULATOR_VENV := .local/ministack-venv
SDK_TS := sdk/typescript
BIN := $(VENV)/bin
PY := $(BIN)/python
export PATH := $(CURDIR)/$(BIN):$(PATH)
export SAM_CLI_TELEMETRY := 0

ORG ?= demo
SUB ?= dev-user
SCOPES ?=
ROLES ?=
TTL ?= 3600

.PHONY: help setup local stop token test lint format typecheck validate unit integration security faults e2e bench eval-bedrock train-triage openapi sdk-models sdk-typescript build deploy reindex clean

help: ## list these commands
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z0-9-]+):.*## /  \1\t/' | expand -t 14

setup: $(VENV)/.installed $(EMULATOR_VENV)/.installed $(SDK_TS)/node_modules/.installed ## create .venv, the emulator's venv and the TypeScript SDK's node_modules

# Set-up output goes to stderr, so `make token` prints only the token on stdout.
$(VENV)/.installed: requirements-dev.txt layers/incident_core/requirements.txt sdk/python/pyproject.toml
	@echo "setting up $(VENV) (pinned dev requirements)" >&2
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) >&2
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt >&2
	@touch $@

$(EMULATOR_VENV)/.installed: requirements-emulator.txt
	@echo "setting up $(EMULATOR_VENV) (MiniStack, its own venv)" >&2
	@mkdir -p .local
	@test -x $(EMULATOR_VENV)/bin/python || $(PYTHON) -m venv $(EMULATOR_VENV) >&2
	@$(EMULATOR_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-emulator.txt >&2
	@touch $@

$(SDK_TS)/node_modules/.installed: $(SDK_TS)/package-lock.json
	@echo "setting up $(SDK_TS)/node_modules (npm ci)" >&2
	@cd $(SDK_TS) && npm ci --silent --no-audit --no-fund >&2
	@touch $@

local: setup ## start MiniStack on 127.0.0.1, build and deploy the stack, print the API URL
	$(PY) -m scripts.local_stack up

stop: ## stop what `make local` started
	@$(PY) -m scripts.local_stack down

token: $(VENV)/.installed ## print a signed dev token (ORG, SUB, SCOPES or ROLES, TTL)
	@$(PY) scripts/dev_token.py --org "$(ORG)" --sub "$(SUB)" --ttl "$(TTL)" \
		$(if $(SCOPES),--scopes "$(SCOPES)") $(if $(ROLES),--roles "$(ROLES)")

# Each suite prints its own summary line; security and faults run in seconds, before the slow e2e.
test: setup lint typecheck validate unit sdk-typescript integration security faults e2e ## everything CI runs

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(VENV)/.installed
	$(BIN)/mypy layers/incident_core/incident_core functions scripts tests sdk/python/src sdk/python/tools

# cfn-lint through SAM, with its informational rules too (.cfnlintrc).
validate: $(VENV)/.installed ## check template.yaml (SAM schema and cfn-lint)
	$(BIN)/sam validate --lint

unit: $(VENV)/.installed
	$(PY) -m pytest tests/unit -q

integration: $(VENV)/.installed
	$(PY) -m pytest tests/integration -q

security: $(VENV)/.installed ## the attacks of tests/security (OWASP API Top 10), in process against moto
	$(PY) -m pytest tests/security -q

faults: $(VENV)/.installed ## the injected faults of tests/faults (throttling, crashes, bad records)
	$(PY) -m pytest tests/faults -q

e2e: setup
	$(PY) -m pytest tests/e2e -q

bench: setup ## cold-start ratios and DynamoDB calls per request; writes .local/bench.json
	$(PY) -m scripts.bench

eval-bedrock: setup ## the Bedrock triage engine on the labelled corpus (needs AWS credentials; calls the model)
	$(PY) -m scripts.bench.eval_bedrock

# Then commit the weights; `--evaluate` prints the leave-one-split-out figures instead (docs/architecture.md).
train-triage: $(VENV)/.installed ## retrain the learned triage scorer on the corpus's training splits (writes its weights)
	PYTHONPATH=layers/incident_core $(PY) -m scripts.triage_train

openapi: $(VENV)/.installed ## the OpenAPI 3.1 document of every API route -> openapi.json (committed; and the copy in functions/api_docs/), and the SDKs' models from it
	$(PY) scripts/openapi.py
	@$(MAKE) --no-print-directory sdk-models

sdk-models: $(VENV)/.installed $(SDK_TS)/node_modules/.installed ## the SDKs' models from openapi.json (committed): Python's models.py, TypeScript's schema.ts
	$(PY) sdk/python/tools/generate_models.py
	cd $(SDK_TS) && npm run --silent generate

sdk-typescript: $(SDK_TS)/node_modules/.installed ## build the TypeScript SDK (tsc, strict) and run its unit tests (node --test)
	cd $(SDK_TS) && npm test --silent

build: $(VENV)/.installed
	$(BIN)/sam build

# ENV names an environment of samconfig.toml: default (add DEPLOY_ARGS=--guided the first time), staging, prod.
ENV ?= default
deploy: $(VENV)/.installed ## build and deploy to AWS (needs credentials) with samconfig.toml's ENV (default, staging, prod), then print the stack's outputs
	$(BIN)/sam build --config-env $(ENV)
	$(BIN)/sam deploy --config-env $(ENV) $(DEPLOY_ARGS)
	$(BIN)/sam list stack-outputs --config-env $(ENV) --output table

# TABLE is the stack's TableName output; credentials and region as for any AWS tool.
reindex: $(VENV)/.installed ## index the incidents stored before the search index existed (after an upgrade): TABLE=<name>
	PYTHONPATH=layers/incident_core $(PY) -m scripts.search_reindex --table "$(TABLE)"

clean:
	rm -rf .aws-sam .pytest_cache .mypy_cache .ruff_cache
