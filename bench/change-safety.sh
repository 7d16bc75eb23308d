#!/usr/bin/env bash
# Change safety at scale.
#
#   1. Desired state on one simulated RouterOS router: the address-list
#      example grown to 1,000 entries. plan (1,000 adds), apply (1,000
#      adds: backup, journal, one API command each), plan again (nothing
#      to do), then a changed set (500 kept, 500 new: 500 adds + 500
#      removes). Wall time and operations/s of each.
#   2. Backups of a simulated fleet (`sim fleet --count 200`): 10 identical
#      `backup all` runs into one state database; wall time of each and the
#      database size after the first and the tenth (dedup keeps it flat).
#
# Usage: bench/change-safety.sh [ENTRIES] [FLEET] [RUNS]   (default 1000 200 10)
# Set ROUTERCTL_BIN to use a built binary; else one release build of the
# routerctl crate is made. Prints one line per figure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
entries="${1:-1000}"
fleet="${2:-200}"
runs="${3:-10}"
bin="${ROUTERCTL_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/routerctl}"
[ -n "${ROUTERCTL_BIN:-}" ] || cargo build --release --quiet -p routerctl
work="$(mktemp -d)"
sim=""
trap '[ -n "$sim" ] && kill -INT "$sim" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }
size() { stat -c %s "$1" 2>/dev/null || echo 0; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- 1. one router, a 1,000-entry address list -------------------------
export BENCH_PW=bench-pw
"$bin" sim mikrotik --api 127.0.0.1:0 --password-env BENCH_PW >"$work/sim.out" 2>"$work/sim.err" &
sim=$!
until grep -q '^api ' "$work/sim.out" 2>/dev/null; do
  kill -0 "$sim" 2>/dev/null || { cat "$work/sim.err" >&2; exit 1; }
  sleep 0.05
done
addr=$(awk '$1 == "api" { print $2; exit }' "$work/sim.out")
cat >"$work/inv.toml" <<INV
[routers.r1]
vendor = "mikrotik"
host = "${addr%:*}"
port = ${addr##*:}
username = "admin"
password_env = "BENCH_PW"
timeout = "30s"
groups = ["edge"]
INV

# desired FILE FIRST: the example's stanza with ENTRIES addresses from FIRST.
desired() {
  {
    sed -n '1,/^entries = \[/p' examples/address-list.toml
    awk -v n="$entries" -v first="$2" 'BEGIN {
      for (i = first; i < first + n; i++)
        printf "  { address = \"198.18.%d.%d\" },\n", int(i / 250), i % 250 + 1 }'
    echo "]"
  } >"$1"
}
desired "$work/d1.toml" 0
desired "$work/d2.toml" $((entries / 2))
rc() { "$bin" --inventory "$work/inv.toml" -o json "$@" --state "$work/state.db" >"$work/out.json"; }
plan() { "$bin" --inventory "$work/inv.toml" -o json plan "$1" >"$work/plan.json"; }
count() { grep -cE '^ +"[-+~>] ' "$work/$1" || true; }

t0=$(now); plan "$work/d1.toml"; t1=$(now)
n=$(count plan.json)
echo "plan, $entries-entry address list, empty router: $n operations in $(secs "$t0" "$t1") s"
t0=$(now); rc apply "$work/d1.toml"; t1=$(now)
n=$(count out.json)
echo "apply: $n operations in $(secs "$t0" "$t1") s = $(rate "$n" "$t0" "$t1") operations/s (backup + journal + one command each)"
t0=$(now); plan "$work/d1.toml"; t1=$(now)
echo "plan again: $(count plan.json) operations in $(secs "$t0" "$t1") s ($(grep -o '"status": "[a-z ]*"' "$work/plan.json"))"
t0=$(now); rc apply "$work/d2.toml"; t1=$(now)
n=$(count out.json)
echo "apply of a changed set (half kept): $n operations in $(secs "$t0" "$t1") s = $(rate "$n" "$t0" "$t1") operations/s"
id=$(grep -o '"apply": [0-9]*' <("$bin" -o json log --state "$work/state.db") | head -1 | grep -o '[0-9]*')
t0=$(now); rc rollback "$id"; t1=$(now)
echo "rollback of that apply: $n operations in $(secs "$t0" "$t1") s = $(rate "$n" "$t0" "$t1") operations/s"
kill -INT "$sim"; wait "$sim" || true; sim=""

# --- 2. backups of a simulated fleet ------------------------------------
"$bin" sim fleet --count "$fleet" --seed 1 --inventory-out "$work/fleet.toml" \
  >"$work/fleet.out" 2>"$work/fleet.err" &
sim=$!
until grep -q '^listening' "$work/fleet.out" 2>/dev/null; do
  kill -0 "$sim" 2>/dev/null || { cat "$work/fleet.err" >&2; exit 1; }
  sleep 0.05
done
db="$work/fleet.db"
for i in $(seq 1 "$runs"); do
  t0=$(now)
  "$bin" --inventory "$work/fleet.toml" -o jsonl backup all --state "$db" >"$work/backup.jsonl" 2>"$work/backup.err" || true
  t1=$(now)
  ok=$(grep -c '"result"' "$work/backup.jsonl" || true)
  new=$(grep -c '"new":true' "$work/backup.jsonl" || true)
  echo "backup run $i: $ok/$fleet routers in $(secs "$t0" "$t1") s, $new new versions; database $(size "$db") B + WAL $(size "$db-wal") B"
done
