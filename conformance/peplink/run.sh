#!/usr/bin/env bash
# Run a third-party Peplink client (aiopeplink from PyPI) against the
# Peplink simulator over HTTP and HTTPS.
# Usage: conformance/peplink/run.sh [path/to/routerctl]
# The simulator is `routerctl sim peplink`; PEPLINK_SIM may name another
# command that takes the same flags and prints the same lines.
# aiopeplink needs Python >= 3.12: PEPLINK_PYTHON, else pyenv's 3.12,
# else python3 (when it is new enough).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/target/debug/routerctl}"
venv="${PEPLINK_VENV:-$root/target/peplink-venv}"

pick_python() {
  local c
  for c in "${PEPLINK_PYTHON:-}" \
           "$(command -v pyenv >/dev/null 2>&1 && echo "$(pyenv root)/versions/3.12.1/bin/python")" \
           python3.13 python3.12 python3; do
    [ -n "$c" ] || continue
    if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  echo "conformance/peplink: no Python >= 3.12 found (set PEPLINK_PYTHON)" >&2
  return 1
}

if [ ! -x "$venv/bin/python" ]; then
  "$(pick_python)" -m venv "$venv"
fi
"$venv/bin/python" -c "import aiopeplink" 2>/dev/null \
  || "$venv/bin/pip" install --quiet --disable-pip-version-check "aiopeplink==0.0.2"

work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

export PEP_PASSWORD="conformance-$$"
export PEP_USER=admin
if [ -n "${PEPLINK_SIM:-}" ]; then
  sim=($PEPLINK_SIM)
else
  sim=("$bin" sim peplink)
fi
"${sim[@]}" --http 127.0.0.1:0 --https 127.0.0.1:0 --user admin --password-env PEP_PASSWORD \
  >"$work/sim.out" 2>"$work/sim.err" &
pid=$!

. "$here/../lib.sh"
http_line=$(wait_line "$work/sim.out" http)
https_line=$(wait_line "$work/sim.out" https)
export PEP_HTTP=$(echo "$http_line" | awk '{print $2}')
export PEP_HTTPS=$(echo "$https_line" | awk '{print $2}')

"$venv/bin/python" "$here/aiopeplink_scenario.py"
