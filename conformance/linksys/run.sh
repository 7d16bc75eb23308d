#!/usr/bin/env bash
# Run third-party JNAP clients from PyPI (jnap, linksys-smart-wifi-api)
# against `routerctl sim linksys`, one classic and one Velop simulator.
# Usage: conformance/linksys/run.sh [path/to/routerctl]
# Needs Python >= 3.12 (see setup-venv.sh beside this file).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/target/debug/routerctl}"
python="$("$here/setup-venv.sh")"

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

export LINKSYS_PASSWORD="conformance-$$"

. "$here/../lib.sh"

for generation in classic velop; do
  "$bin" sim linksys --generation "$generation" --http 127.0.0.1:0 \
    --password-env LINKSYS_PASSWORD >"$work/$generation.out" 2>"$work/$generation.err" &
  pids+=($!)
done
classic_line=$(wait_line "$work/classic.out" http)
velop_line=$(wait_line "$work/velop.out" http)
export LINKSYS_CLASSIC="${classic_line#http }"
export LINKSYS_VELOP="${velop_line#http }"

"$python" "$here/scenario.py"
