#!/usr/bin/env bash
# Run third-party RouterOS API clients against `routerctl sim mikrotik`.
# Usage: conformance/routeros/run.sh [path/to/routerctl]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/target/debug/routerctl}"
venv="${CONFORMANCE_VENV:-$root/target/conformance-venv}"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c "import librouteros" 2>/dev/null || "$venv/bin/pip" install --quiet "librouteros==4.2.2"

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

export ROS_PASSWORD="conformance-$$"
export ROS_USER=admin

. "$here/../lib.sh"

"$bin" sim mikrotik --api 127.0.0.1:0 --api-tls 127.0.0.1:0 --user admin --password-env ROS_PASSWORD >"$work/modern.out" 2>"$work/modern.err" &
pids+=($!)
"$bin" sim mikrotik --api 127.0.0.1:0 --legacy-login --user admin --password-env ROS_PASSWORD >"$work/legacy.out" 2>"$work/legacy.err" &
pids+=($!)

api_line=$(wait_line "$work/modern.out" api)
ssl_line=$(wait_line "$work/modern.out" api-ssl)
legacy_line=$(wait_line "$work/legacy.out" api)

export ROS_HOST=127.0.0.1
export ROS_API_PORT="${api_line##*:}"
ssl_addr=$(echo "$ssl_line" | awk '{print $2}')
export ROS_API_SSL_PORT="${ssl_addr##*:}"
export ROS_FINGERPRINT=$(echo "$ssl_line" | sed -n 's/.*sha256=\([0-9A-Fa-f:]*\).*/\1/p')
export ROS_LEGACY_PORT="${legacy_line##*:}"

"$venv/bin/python" "$here/librouteros_scenario.py"
