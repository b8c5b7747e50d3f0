# JamWithMe: `make run` starts the app, `make test` runs lint and the whole test suite.
# Both set everything up first (virtual environment, packages, model, ffmpeg) and
# reuse what is already there, so a second run starts in seconds.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501
# The app listens on this machine only; `make run HOST=0.0.0.0` shares it on your network.
HOST ?= 127.0.0.1
API_PORT ?= 8000
# Spleeter 2.4.2 / TensorFlow 2.12 need Python < 3.12, RQ 3 and redis-py 8 need 3.10 or later; prefer 3.11.
PYTHON ?= $(shell for p in python3.11 python3.10 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: setup run test lint bench api worker model clean frontend

$(STAMP): requirements.txt pyproject.toml
	@if [ ! -x $(PY) ] && [ -z "$(PYTHON)" ]; then \
		echo "error: no Python 3.10-3.11 interpreter found (Spleeter 2.4.2 and TensorFlow 2.12 need < 3.12, RQ 3 needs 3.10+)." >&2; \
		echo "       Install python3.11 (e.g. 'apt-get install python3.11 python3.11-venv' or pyenv) and run make again." >&2; \
		exit 1; fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -c "import imageio_ffmpeg; print('ffmpeg:', imageio_ffmpeg.get_ffmpeg_exe())"
	@# Compile librosa's numba kernels once here (about 10 s) instead of in the first beat analysis.
	$(PY) -c "import librosa.beat"
	@touch $@

setup: $(STAMP) model

model: $(STAMP)
	@$(PY) -m jamwithme.models

run: setup
	$(VENV)/bin/streamlit run app.py --server.address $(HOST) --server.port $(PORT)

# The API is made by its factory when uvicorn starts (nothing is built at import); on this machine only,
# like the app: `make api HOST=0.0.0.0` serves it to the network. `jamwithme serve` does the same.
api: setup
	$(VENV)/bin/uvicorn --factory jamwithme.web.app:create_app --host $(HOST) --port $(API_PORT)

# A job worker for a scaled-out deployment: needs JAMWITHME_REDIS_URL (and JAMWITHME_S3_URL
# across machines); loads the model once and runs queued jobs until stopped (README: Deployment).
worker: setup
	$(VENV)/bin/jamwithme worker

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: setup lint
	$(VENV)/bin/pytest

# Every benchmark runs; the target fails at the end if any missed its target or failed.
bench: setup
	@status=0; for b in bench/*.py; do echo "== $$b"; $(PY) $$b || status=1; done; exit $$status

# Rebuild the practice player's bundles (ui/player_frontend/) and the Melody page's lane (ui/melody_frontend/melody.js) from frontend/; needs Node 20 and npm.
# The bundle is committed, so `make run` needs no Node.
frontend:
	cd frontend && npm ci && npm run build

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
