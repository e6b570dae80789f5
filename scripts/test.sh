#!/usr/bin/env bash
# Set up everything the test suite needs, from a fresh clone, then run it:
# a virtual environment in .venv with scarhelp and its test tools, headless
# Chromium for the HTML report test (Debian's package, when missing), then
# lint, format check, the type check (mypy, strict) and the whole pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 || ! command -v dot >/dev/null 2>&1 \
  || ! command -v zsh >/dev/null 2>&1 || ! command -v fish >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium, poppler-utils, graphviz, zsh and fish (Debian packages) for the HTML, DOT and completion tests"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils graphviz zsh fish >/dev/null
  else
    echo "note: chromium, graphviz, zsh or fish is missing and cannot be installed here; those tests will say so"
  fi
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m mypy
exec .venv/bin/python -m pytest -n 2 "$@"
