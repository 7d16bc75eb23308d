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

# Wait for a simulator to print the line starting with $2; echo that line.
wait_line() {
  local file="$1" prefix="$2"
  for _ in $(seq 1 100); do
    if line=$(grep -m1 "^$prefix " "$file" 2>/dev/null); then echo "$line"; return 0; fi
    sleep 0.1
  done
  echo "simulator did not print '$prefix' in 10 s:" >&2; cat "$file" >&2; return 1
}

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
