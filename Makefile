# Two commands on a fresh machine:
#   make run    set up and serve the marketplace on the embedded default (http://127.0.0.1:8000)
#   make test   set up and run the whole test suite
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: install run test lint lock bench messages clean

$(STAMP): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py serve --port $(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Re-resolve the pinned set after changing pyproject.toml.
lock: install
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements.lock

# Extract our strings, then compile ours + Oscar/Django overrides into one django.mo (see locale/).
messages: install
	$(PY) manage.py makemessages -l vi --ignore=.venv --ignore=bench --ignore=tests
	$(PY) manage.py check_translations --compile

bench: install
	$(PY) bench/storefront.py

clean:
	rm -rf $(VENV) var media staticfiles
