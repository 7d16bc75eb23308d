#!/usr/bin/env bash
# A Python >= 3.12 venv with the third-party JNAP clients (pinned) the
# Linksys conformance run uses; prints its python path. Idempotent.
# Python: $LINKSYS_PYTHON_BASE, else pyenv's newest 3.12+, else python3.12/3.13.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${LINKSYS_CONFORMANCE_VENV:-$root/target/conformance-venv-linksys}"
find_base() {
  if [ -n "${LINKSYS_PYTHON_BASE:-}" ]; then echo "$LINKSYS_PYTHON_BASE"; return; fi
  if command -v pyenv >/dev/null 2>&1; then
    for v in $(ls "$(pyenv root)/versions" 2>/dev/null | sort -rV); do
      case "$v" in 3.1[2-9]*) echo "$(pyenv root)/versions/$v/bin/python"; return;; esac
    done
  fi
  for p in python3.13 python3.12; do
    if command -v "$p" >/dev/null 2>&1; then command -v "$p"; return; fi
  done
  echo "no Python 3.12 or newer found (set LINKSYS_PYTHON_BASE)" >&2
  return 1
}
if [ ! -x "$venv/bin/python" ]; then
  "$(find_base)" -m venv "$venv" >&2
fi
if ! "$venv/bin/python" -c "import jnap, linksys.router" 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "jnap==0.2.0" "linksys-smart-wifi-api==0.1.0" >&2
fi
echo "$venv/bin/python"
