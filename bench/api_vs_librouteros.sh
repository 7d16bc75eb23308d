#!/usr/bin/env bash
# routerctl's RouterOS API client vs librouteros (PyPI), same simulator
# process, same commands; prints each side and the ratio.
# Usage: bench/api_vs_librouteros.sh [COMMANDS]   (default 5000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n="${1:-5000}"
venv="${CONFORMANCE_VENV:-$root/target/conformance-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import librouteros" 2>/dev/null || "$venv/bin/pip" install --quiet "librouteros==4.2.2"

# The simulator and our load generator are examples of the mikrotik crate,
# built with the bench profile (the same artifacts as its benches).
cargo build --profile bench --quiet -p routerctl-mikrotik --example api_sim --example api_load
bin="${CARGO_TARGET_DIR:-$root/target}/release/examples"
export ROS_PASSWORD="bench-$$"
out="$(mktemp)"
"$bin/api_sim" 127.0.0.1:0 >"$out" 2>/dev/null &
sim=$!
trap 'kill $sim 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 1 100); do grep -q '^api ' "$out" && break; sleep 0.1; done
addr=$(awk '/^api /{print $2}' "$out")

run() { # label command
  local cmd="$2"
  local ours1 ours64 peer
  ours1=$("$bin/api_load" "$addr" "$n" 1 "$cmd")
  ours64=$("$bin/api_load" "$addr" "$n" 64 "$cmd")
  peer=$("$venv/bin/python" bench/peers/librouteros_load.py "$addr" "$n" "$cmd")
  echo "$1 ($cmd, $n commands, one connection, load $(cut -d' ' -f1 /proc/loadavg))"
  echo "  $ours1"
  echo "  $ours64"
  echo "  $peer"
  python3 - "$ours1" "$ours64" "$peer" <<'PY'
import json, sys
a, b, p = (json.loads(x)["commands_per_second"] for x in sys.argv[1:])
print(f"  ratio routerctl/librouteros: {a/p:.2f}x with 1 in flight, {b/p:.2f}x with 64 in flight")
PY
}
run "small reply" /system/identity/print
run "DHCP lease table" /ip/dhcp-server/lease/print
