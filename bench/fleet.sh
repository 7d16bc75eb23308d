#!/usr/bin/env bash
# A simulated fleet in one process, queried by routerctl in one command.
#
#   1. `sim fleet --count 1000` (the default mixed fleet): start-up time and
#      memory of the simulator process; `routerctl facts all -o jsonl`
#      against it: wall time and peak memory of the CLI, and the
#      simulator's memory once every router has been queried.
#   2. `sim fleet --count 10000`: start-up time and resident memory idle,
#      then the same facts run against all of it.
#
# Usage: bench/fleet.sh [SMALL] [LARGE]   (default 1000 10000)
# Needs /usr/bin/time (GNU time) and /proc. Prints one line per figure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
small="${1:-1000}"
large="${2:-10000}"
bin="${ROUTERCTL_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/routerctl}"
[ -n "${ROUTERCTL_BIN:-}" ] || cargo build --release --quiet -p routerctl
work="$(mktemp -d)"
sim=""
trap '[ -n "$sim" ] && kill -INT "$sim" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

kib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
status() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# start_fleet COUNT: start the simulator, wait for `listening`, report.
start_fleet() {
  local n="$1" t0 t1
  t0=$(date +%s.%N)
  "$bin" sim fleet --count "$n" --seed 1 --inventory-out "$work/fleet.toml" \
    >"$work/sim.out" 2>"$work/sim.err" &
  sim=$!
  until grep -q '^listening' "$work/sim.out" 2>/dev/null; do
    kill -0 "$sim" 2>/dev/null || { cat "$work/sim.err" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s.%N)
  echo "sim fleet --count $n: listening after $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }') (process start to last listener)"
  echo "  $(grep -o 'up in [0-9.]*s ([^;]*' "$work/sim.err" | head -1))"
  echo "  simulator resident, idle: $(kib "$(status "$sim" VmRSS)")"
  local c0 c1
  c0=$(cpu_ticks "$sim"); sleep 5; c1=$(cpu_ticks "$sim")
  echo "  simulator CPU while idle: $((c1 - c0)) ticks in 5 s (of $((5 * $(getconf CLK_TCK))) per core)"
}

# facts_run [FLAGS]: query every router, report the CLI's and the
# simulator's figures.
facts_run() {
  /usr/bin/time -v "$bin" --inventory "$work/fleet.toml" "$@" -o jsonl facts all \
    >"$work/facts.jsonl" 2>"$work/facts.err" || true
  local ok err wall rss
  ok=$(grep -c '"result"' "$work/facts.jsonl" || true)
  err=$(grep -c '"error"' "$work/facts.jsonl" || true)
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/facts.err")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/facts.err")
  echo "  routerctl ${*:+$* }facts all -o jsonl: $ok ok, $err failed; wall $wall; CLI peak $(kib "$rss")"
  echo "  simulator after the run: resident $(kib "$(status "$sim" VmRSS)"), peak $(kib "$(status "$sim" VmHWM)")"
}

stop_fleet() { kill -INT "$sim"; wait "$sim" || true; sim=""; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), open-file limit $(ulimit -Hn)"
start_fleet "$small"
facts_run
facts_run --concurrency 256
stop_fleet
start_fleet "$large"
facts_run --concurrency 256
stop_fleet
