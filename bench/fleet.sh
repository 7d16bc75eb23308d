#!/usr/bin/env bash
# A simulated fleet in one process, queried by routerctl in one command,
# and the same job done by Nornir + napalm-ros.
#
#   1. `sim fleet --count 1000` (the default mixed fleet): start-up time and
#      memory of the simulator process; `routerctl facts all -o jsonl`
#      against it: wall time, CPU time and peak memory of the CLI, and the
#      simulator's memory and CPU once every router has been queried.
#   2. The RouterOS-API part of that fleet (`protocol=api`): routerctl, then
#      Nornir 3.6 + napalm-ros (`napalm_get` facts, threaded runner, 100
#      workers) from a Nornir inventory generated from the fleet inventory
#      (bench/peers/nornir_facts.py), with the ratios per router.
#   3. `sim fleet --count 10000`: start-up time and resident memory idle,
#      then the same facts run against all of it.
#
# Usage: bench/fleet.sh [SMALL] [LARGE]   (default 1000 10000)
# Needs /usr/bin/time (GNU time), /proc and python3 (3.11+, for the Nornir
# side; its venv is made under the target dir on first use, from PyPI).
# Set NORNIR=0 to skip Nornir. Prints one line per figure.
#
# CPU seconds (user + system) are printed beside wall times: on a machine
# shared with other work they move much less than wall times do.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
small="${1:-1000}"
large="${2:-10000}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
bin="${ROUTERCTL_BIN:-$target_dir/release/routerctl}"
[ -n "${ROUTERCTL_BIN:-}" ] || cargo build --release --quiet -p routerctl
venv="${NORNIR_VENV:-$target_dir/nornir-venv}"
work="$(mktemp -d)"
sim=""
trap '[ -n "$sim" ] && kill -INT "$sim" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

kib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
status() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_s() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'; }
# time_field FILE NAME: a field of `/usr/bin/time -v` output.
time_field() { awk -F': ' -v f="$2" 'index($0, f) { print $2 }' "$1" | head -1; }
# seconds H:MM:SS.ss or M:SS.ss -> seconds.
seconds() { awk -v t="$1" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }'; }
cpu_of() { awk -v u="$(time_field "$1" 'User time')" -v s="$(time_field "$1" 'System time')" 'BEGIN { printf "%.2f", u + s }'; }

# start_fleet COUNT: start the simulator, wait for `listening`, report.
start_fleet() {
  local n="$1" t0 t1
  # A previous fleet's `listening` line must not be taken for this one's.
  rm -f "$work/sim.out" "$work/sim.err"
  t0=$(date +%s.%N)
  "$bin" sim fleet --count "$n" --seed 1 --inventory-out "$work/fleet.toml" \
    >"$work/sim.out" 2>"$work/sim.err" &
  sim=$!
  until grep -q '^listening' "$work/sim.out" 2>/dev/null; do
    kill -0 "$sim" 2>/dev/null || { cat "$work/sim.err" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s.%N)
  echo "sim fleet --count $n: listening after $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }') (process start to last listener), CPU $(ticks_s "$(cpu_ticks "$sim")") s"
  echo "  $(grep -o 'up in [0-9.]*s ([^;]*' "$work/sim.err" | head -1)"
  echo "  simulator resident, idle: $(kib "$(status "$sim" VmRSS)")"
  local c0 c1
  c0=$(cpu_ticks "$sim"); sleep 5; c1=$(cpu_ticks "$sim")
  echo "  simulator CPU while idle: $((c1 - c0)) ticks in 5 s (of $((5 * $(getconf CLK_TCK))) per core)"
}

# facts_run TARGET [FLAGS]: query the routers TARGET selects, report the
# CLI's and the simulator's figures; sets last_wall, last_ok, last_cpu.
facts_run() {
  local target="$1"; shift
  local c0 c1
  c0=$(cpu_ticks "$sim")
  /usr/bin/time -v "$bin" --inventory "$work/fleet.toml" "$@" -o jsonl facts "$target" \
    >"$work/facts.jsonl" 2>"$work/facts.err" || true
  c1=$(cpu_ticks "$sim")
  local err rss
  last_ok=$(grep -c '"result"' "$work/facts.jsonl" || true)
  err=$(grep -c '"error"' "$work/facts.jsonl" || true)
  last_wall=$(seconds "$(time_field "$work/facts.err" 'Elapsed (wall clock)')")
  last_cpu=$(cpu_of "$work/facts.err")
  rss=$(time_field "$work/facts.err" 'Maximum resident set size')
  echo "  routerctl ${*:+$* }facts $target -o jsonl: $last_ok ok, $err failed; wall $last_wall s; CLI CPU $last_cpu s; CLI peak $(kib "$rss")"
  echo "  simulator during the run: CPU $(ticks_s $((c1 - c0))) s; after: resident $(kib "$(status "$sim" VmRSS)"), peak $(kib "$(status "$sim" VmHWM)")"
}

# nornir_run: Nornir + napalm-ros on the RouterOS-API routers; compares
# with the last facts_run (routerctl on the same routers).
nornir_run() {
  local ours_wall="$last_wall" ours_ok="$last_ok" ours_cpu="$last_cpu"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "nornir==3.6.*" nornir-napalm napalm-ros
  fi
  echo "  nornir $("$venv/bin/pip" show nornir 2>/dev/null | awk '/^Version/ { print $2 }'), napalm-ros $("$venv/bin/pip" show napalm-ros 2>/dev/null | awk '/^Version/ { print $2 }'), 100 threads:"
  local c0 c1
  c0=$(cpu_ticks "$sim")
  /usr/bin/time -v "$venv/bin/python" bench/peers/nornir_facts.py "$work/fleet.toml" "$work/nornir" 100 \
    >"$work/nornir.out" 2>"$work/nornir.err" || true
  c1=$(cpu_ticks "$sim")
  local line wall cpu rss inner hosts ok
  line=$(grep '^nornir:' "$work/nornir.out" || echo "nornir: failed to run")
  wall=$(seconds "$(time_field "$work/nornir.err" 'Elapsed (wall clock)')")
  cpu=$(cpu_of "$work/nornir.err")
  rss=$(time_field "$work/nornir.err" 'Maximum resident set size')
  inner=$(echo "$line" | sed -n 's/.*wall \([0-9.]*\) s.*/\1/p')
  ok=$(echo "$line" | sed -n 's/^nornir: \([0-9]*\) ok.*/\1/p')
  hosts=$(echo "$line" | sed -n 's/.*hosts \([0-9]*\).*/\1/p')
  echo "  $line (inventory to results; the whole process, Python start-up included: wall $wall s, CPU $cpu s, peak $(kib "$rss"))"
  echo "  simulator during the Nornir run: CPU $(ticks_s $((c1 - c0))) s"
  [ -n "$ok" ] && [ "$ok" -gt 0 ] && [ "$ours_ok" -gt 0 ] || { grep -v '^$' "$work/nornir.err" | head -5 >&2; return; }
  awk -v nw="$wall" -v ni="$inner" -v nc="$cpu" -v no="$ok" -v ow="$ours_wall" -v oc="$ours_cpu" -v oo="$ours_ok" 'BEGIN {
    printf "  per router: routerctl wall %.2f ms, CPU %.2f ms; nornir wall %.2f ms (%.2f ms inventory to results), CPU %.2f ms\n", 1000 * ow / oo, 1000 * oc / oo, 1000 * nw / no, 1000 * ni / no, 1000 * nc / no
    printf "  ratio nornir / routerctl per router: wall %.0fx (%.0fx without Python start-up), CPU %.0fx\n", (nw / no) / (ow / oo), (ni / no) / (ow / oo), (nc / no) / (oc / oo)
  }'
}

stop_fleet() { kill -INT "$sim"; wait "$sim" || true; sim=""; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), open-file limit $(ulimit -Hn)"
start_fleet "$small"
facts_run all
facts_run all
echo " RouterOS-API part of the fleet ($(grep -c '^protocol = "api"$' "$work/fleet.toml") routers):"
facts_run protocol=api
[ "${NORNIR:-1}" = 0 ] || nornir_run
stop_fleet
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
start_fleet "$large"
facts_run all
facts_run all
stop_fleet
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
