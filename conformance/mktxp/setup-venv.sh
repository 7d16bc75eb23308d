#!/usr/bin/env bash
# A venv with mktxp and the two libraries that decide its behaviour
# (RouterOS-api, prometheus-client), pinned, for the mktxp conformance
# run; prints its python path. Idempotent. mktxp 2.1.0 needs Python >=
# 3.9: $MKTXP_PYTHON_BASE, else pyenv's newest 3.12+, else
# python3.13/python3.12/python3.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${MKTXP_CONFORMANCE_VENV:-$root/target/conformance-venv-mktxp}"
find_base() {
  if [ -n "${MKTXP_PYTHON_BASE:-}" ]; then echo "$MKTXP_PYTHON_BASE"; return; fi
  if command -v pyenv >/dev/null 2>&1; then
    for v in $(ls "$(pyenv root)/versions" 2>/dev/null | sort -rV); do
      case "$v" in 3.1[2-9]*) echo "$(pyenv root)/versions/$v/bin/python"; return;; esac
    done
  fi
  for p in python3.13 python3.12 python3; do
    if command -v "$p" >/dev/null 2>&1; then command -v "$p"; return; fi
  done
  echo "no python3 found (set MKTXP_PYTHON_BASE)" >&2
  return 1
}
if [ ! -x "$venv/bin/python" ]; then
  "$(find_base)" -m venv "$venv" >&2
fi
if ! "$venv/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("mktxp") != "2.1.0" or m.version("RouterOS-api") != "0.21.0")' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "mktxp==2.1.0" "RouterOS-api==0.21.0" "prometheus-client==0.26.0" >&2
fi
echo "$venv/bin/python"
