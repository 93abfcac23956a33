# Kakehashi — see README.md.  `make run` serves the demo, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi:app

.PHONY: run test bench loadtest translations extract-messages lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d lms/translations

# Run after changing any user-facing string, then translate the new entries in the .po files.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -k ngettext:1,2 -k pgettext:1c,2 -k npgettext:1c,2,3 -k lazy_pgettext:1c,2 -k _ln:1,2 -o lms/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i lms/translations/messages.pot -d lms/translations

# The demo's certificates name the council that runs the program, as a deployment's would (see
# README, Settings); the signer is fictional, and so are the signature and the seal.
DEMO_ISSUER := LMS_ISSUER_NAME="National Council of Social Welfare" \
	LMS_ISSUER_NAME_JA="全国社会福祉協議会" \
	LMS_CERTIFICATE_SIGNER_NAME="Sakamoto Michiko" LMS_CERTIFICATE_SIGNER_NAME_JA="坂本 美智子" \
	LMS_CERTIFICATE_SIGNER_TITLE="President" LMS_CERTIFICATE_SIGNER_TITLE_JA="会長" \
	LMS_CERTIFICATE_SIGNATURE=lms/demo/images/signature.png LMS_CERTIFICATE_SEAL=lms/demo/images/seal.png

run: $(VENV)/.installed translations
	LMS_ENV=development $(FLASK) lms db upgrade
	LMS_ENV=development $(FLASK) lms courses sync
	LMS_ENV=development $(FLASK) lms demo
	LMS_ENV=development $(DEMO_ISSUER) $(FLASK) run --host 127.0.0.1 --port 5000

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

# The npm packages of the independent credential checks (tests/interop); without npm those
# tests skip, except in CI.
tests/interop/node_modules/.installed: tests/interop/package.json tests/interop/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/interop && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else \
		echo "npm not found: the independent credential checks (tests/interop) will skip"; \
	fi

# Tests run on SQLite always, and on PostgreSQL too when LMS_TEST_DATABASE_URL is set. The two
# passes run side by side (one per core); the PostgreSQL pass's report follows the SQLite one's.
# Browser tests drive the same pages whatever the database, so they run in the SQLite pass only.
# Each pass ends with its slowest tests, to keep the suite's time in sight.
PYTEST_PASS = $(BIN)/pytest -q -p no:cacheprovider --durations=25
test: $(VENV)/.installed-dev translations lint tests/interop/node_modules/.installed
	@rm -rf .test-passes && mkdir -p .test-passes; \
	if [ -n "$$LMS_TEST_DATABASE_URL" ]; then \
		$(PYTEST_PASS) -m "not browser" --basetemp=.test-passes/postgresql-tmp \
			>.test-passes/postgresql.log 2>&1 & postgresql=$$!; \
	fi; \
	echo "== SQLite"; \
	env -u LMS_TEST_DATABASE_URL $(PYTEST_PASS) --basetemp=.test-passes/sqlite-tmp; sqlite_status=$$?; \
	postgresql_status=0; \
	if [ -n "$$LMS_TEST_DATABASE_URL" ]; then \
		wait $$postgresql; postgresql_status=$$?; \
		echo "== PostgreSQL ($$LMS_TEST_DATABASE_URL)"; cat .test-passes/postgresql.log; \
	fi; \
	test $$sqlite_status -eq 0 && test $$postgresql_status -eq 0

# `make bench COHORT_TRAINEES=10000` measures a larger cohort (make hands the variable to the
# command's environment); wrk loads the pages where it is installed. See README, bench/run.py.
bench: $(VENV)/.installed-dev translations
	$(BIN)/python -m bench

# Not part of `make test`: 40 trainees, mentors and staff writing for 60 s through gunicorn, then every write
# checked against the database (LOADTEST_SECONDS, LOADTEST_CLIENTS; PostgreSQL too when
# LMS_TEST_DATABASE_URL is set).
loadtest: $(VENV)/.installed-dev translations
	$(BIN)/python -m bench.loadtest

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
	find lms -name '*.mo' -delete
