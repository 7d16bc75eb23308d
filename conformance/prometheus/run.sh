#!/usr/bin/env bash
# A real Prometheus scrapes `routerctl exporter` in front of a small
# simulated mixed fleet; the values are read back through Prometheus'
# HTTP API and every router must be there.
#
#   routerctl sim fleet --count 6 (RouterOS over API and REST, IXON,
#   Peplink, Linksys)  <-  routerctl exporter  <-  prometheus (1 s scrape)
#
# Two jobs: `exporter` scrapes /metrics (every router in one scrape),
# `routers` scrapes /probe?target=NAME per router (the multi-target
# pattern). Checks: `up` is 1 for all 7 scrape targets; `routerctl_up` is
# 1 for each of the 6 routers; every RouterOS router has
# mktxp_interface_rx_byte_total and mktxp_system_uptime series.
#
# Usage: conformance/prometheus/run.sh [path/to/routerctl]
# Needs the `prometheus` binary (Debian package `prometheus`); without it
# the run is skipped, unless ROUTERCTL_REQUIRE_CONFORMANCE is set (then it
# fails). PROMETHEUS=/path overrides the binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/target/debug/routerctl}"
prom="${PROMETHEUS:-$(command -v prometheus || true)}"

if [ -z "$prom" ] || [ ! -x "$prom" ]; then
  if [ -n "${ROUTERCTL_REQUIRE_CONFORMANCE:-}" ]; then
    echo "prometheus conformance: FAIL: no prometheus binary (apt-get install prometheus, or set PROMETHEUS)" >&2
    exit 1
  fi
  echo "prometheus conformance: SKIPPED: no prometheus binary (apt-get install prometheus; ROUTERCTL_REQUIRE_CONFORMANCE=1 makes this fail)"
  exit 0
fi
if ! "$bin" exporter --help >/dev/null 2>&1; then
  echo "prometheus conformance: SKIPPED: $bin has no exporter command"
  exit 0
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "${PROM_KEEP:-}" ]; then echo "work dir kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Wait until $1 has a line matching the extended regex $2; print it.
wait_for() {
  local file="$1" re="$2" what="$3"
  for _ in $(seq 1 300); do
    if line=$(grep -E -m1 "$re" "$file" 2>/dev/null); then echo "$line"; return 0; fi
    sleep 0.1
  done
  echo "prometheus conformance: $what did not start in 30 s:" >&2
  cat "$file" "$file.err" >&2 2>/dev/null || true
  return 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

"$bin" sim fleet --count 6 --seed 7 \
  --mix mikrotik-api=2,mikrotik-rest=1,ixon=1,peplink=1,linksys=1 \
  --inventory-out "$work/fleet.toml" >"$work/fleet.out" 2>"$work/fleet.out.err" &
pids+=($!)
wait_for "$work/fleet.out" '^listening ' "sim fleet" >/dev/null

"$bin" exporter -i "$work/fleet.toml" --listen 127.0.0.1:0 >"$work/exporter.out" 2>"$work/exporter.out.err" &
pids+=($!)
line=$(wait_for "$work/exporter.out" 'listening .*http://' "routerctl exporter")
ex_addr=$(echo "$line" | grep -o -m1 '127\.0\.0\.1:[0-9][0-9]*')

routers=$(python3 - "$work/fleet.toml" <<'PY'
import sys, tomllib
inv = tomllib.load(open(sys.argv[1], "rb"))
for name, r in sorted(inv["routers"].items()):
    print(name, r["vendor"])
PY
)
targets=$(echo "$routers" | awk '{printf "%s\"%s\"", (NR>1?", ":""), $1}')

prom_port=$(free_port)
cat >"$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: exporter
    static_configs:
      - targets: ["$ex_addr"]
  - job_name: routers
    metrics_path: /probe
    static_configs:
      - targets: [$targets]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: "$ex_addr"
YML
"$prom" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn \
  >"$work/prometheus.out" 2>&1 &
pids+=($!)

api="http://127.0.0.1:$prom_port/api/v1"
python3 "$here/check.py" "$api" "$work/prometheus.out" <<<"$routers"
