#!/usr/bin/env bash
# `routerctl exporter` in front of a large simulated mixed fleet.
#
#   `sim fleet --count N` (default mix), `routerctl exporter` over its
#   inventory; time the first full /metrics scrape (sessions opened) and
#   the second (sessions kept), with the exporter's resident memory, peak
#   memory, open file descriptors and established TCP connections after
#   each; the number of routers reported up.
#
# Usage: bench/exporter.sh [N]   (default 1000)
# ROUTERCTL_BIN picks the binary (default: the release build, built here).
# Needs curl, ss (iproute2) and /proc. Prints one line per figure, with the
# load average (timings are only comparable at a similar load).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n="${1:-1000}"
bin="${ROUTERCTL_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/routerctl}"
[ -n "${ROUTERCTL_BIN:-}" ] || cargo build --release --quiet -p routerctl
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT

kib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
status() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
wait_line() { # FILE REGEX PID
  until grep -Eq "$2" "$1" 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || { cat "$1" "$1.err" >&2 2>/dev/null; exit 1; }
    sleep 0.05
  done
}

echo "machine: $(nproc) cores, load $(load), open-file limit $(ulimit -Hn)"
ulimit -n "$(ulimit -Hn)"
"$bin" sim fleet --count "$n" --seed 1 --inventory-out "$work/fleet.toml" \
  >"$work/sim.out" 2>"$work/sim.out.err" &
sim=$!
pids+=("$sim")
wait_line "$work/sim.out" '^listening' "$sim"

"$bin" exporter -i "$work/fleet.toml" --listen 127.0.0.1:0 \
  >"$work/ex.out" 2>"$work/ex.out.err" &
ex=$!
pids+=("$ex")
wait_line "$work/ex.out" 'listening .*http://' "$ex"
url="$(grep -Eo 'http://[0-9.:]+' "$work/ex.out" | head -1)/metrics"
echo "exporter idle: resident $(kib "$(status "$ex" VmRSS)")"

scrape() { # LABEL
  local t
  t=$(curl -sS -o "$work/scrape.txt" -w '%{time_total}' --max-time 600 "$url")
  local up down fds conns lines
  up=$(grep -c '^routerctl_up{.*} 1$' "$work/scrape.txt" || true)
  down=$(grep -c '^routerctl_up{.*} 0$' "$work/scrape.txt" || true)
  lines=$(grep -vc '^#' "$work/scrape.txt" || true)
  fds=$(find "/proc/$ex/fd" -mindepth 1 2>/dev/null | wc -l)
  conns=$(ss -Htnp state established 2>/dev/null | grep -c "pid=$ex," || true)
  echo "$1 /metrics scrape: ${t} s; $up routers up, $down down; $lines samples; load $(load)"
  echo "  exporter after it: resident $(kib "$(status "$ex" VmRSS)"), peak $(kib "$(status "$ex" VmHWM)"), $fds fds, $conns established TCP connections"
  ss -Htnp state established 2>/dev/null | grep "pid=$ex," | awk '{print $4}' >"$work/peers.txt"
  python3 - "$work/fleet.toml" "$work/peers.txt" <<'PY'
import collections, sys, tomllib
inv = tomllib.load(open(sys.argv[1], "rb"))
kind = {r["port"]: r.get("labels", {}).get("sim", r["vendor"]) for r in inv["routers"].values()}
routers = collections.Counter(kind.values())
conns = collections.Counter()
for line in open(sys.argv[2]):
    port = int(line.strip().rsplit(":", 1)[-1])
    conns[kind.get(port, "other")] += 1
print("  connections per router: " + ", ".join(
    f"{k} {conns[k] / n:.1f} ({conns[k]} to {n})" for k, n in sorted(routers.items())))
PY
}
scrape first
scrape second
