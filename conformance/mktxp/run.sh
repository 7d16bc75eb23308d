#!/usr/bin/env bash
# Run mktxp (the Prometheus exporter RouterOS users run, PyPI, pinned) with
# its DEFAULT collector set against `routerctl sim mikrotik`, once over the
# plain API and once over api-ssl, and scrape its /metrics.
#
# Fails when mktxp logs any error or traceback, or when a metric family a
# default collector should produce is missing. Writes the sorted metric
# family names with their label names to conformance/mktxp/metrics.txt
# (committed: the `routerctl exporter` name check compares against it).
#
# Usage: conformance/mktxp/run.sh [path/to/routerctl]
# Env:   MKTXP_CONFORMANCE_VENV  venv to use (default target/conformance-venv-mktxp)
#        MKTXP_PYTHON_BASE       Python >= 3.10 to build the venv with
#        MKTXP_KEEP=1            keep the work dir (config, logs, scrapes)
#        MKTXP_ALL_COLLECTORS=1  survey: every optional collector on; prints
#                                what mktxp could not read, checks nothing
#        ROUTERCTL_EXPORTER_BIN  routerctl binary for the exporter side of the
#                                name check (default: the one given)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/target/debug/routerctl}"
python="$("$here/setup-venv.sh")"
venv="$(dirname "$(dirname "$python")")"

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "${MKTXP_KEEP:-}" ]; then echo "work dir kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

export ROS_PASSWORD="conformance-$$"

. "$here/../lib.sh"

# fetch URL FILE: GET with a 60 s timeout (no curl needed); fails on non-200.
fetch() {
  "$python" - "$1" "$2" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=60) as r, open(sys.argv[2], "wb") as f:
    f.write(r.read())
PY
}

free_port() {
  "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

"$bin" sim mikrotik --api 127.0.0.1:0 --api-tls 127.0.0.1:0 --user admin \
  --password-env ROS_PASSWORD >"$work/sim.out" 2>"$work/sim.err" &
pids+=($!)
api_line=$(wait_line "$work/sim.out" api)
ssl_line=$(wait_line "$work/sim.out" api-ssl)
api_port="${api_line##*:}"
ssl_addr=$(echo "$ssl_line" | awk '{print $2}')
ssl_port="${ssl_addr##*:}"

# Configuration a typical mktxp user has: queues, raw/mangle rules, a
# VLAN, a powered PoE port (the default configuration has none of them).
ROS_USER=admin "$python" "$here/provision.py" 127.0.0.1 "$api_port"
# The new rules count their first bytes, the new probes run their first test.
sleep 1.5

# The config dir: mktxp's shipped files with only the router entries
# and the listen address changed (every collector keeps its default).
shipped="$("$python" -c 'import mktxp,os;print(os.path.join(os.path.dirname(mktxp.__file__),"cli","config"))')"
cfg="$work/cfg"
mkdir -p "$cfg"
listen_port=$(free_port)
sed -e "s/^\( *listen *=\).*/\1 '127.0.0.1:$listen_port'/" "$shipped/_mktxp.conf" >"$cfg/_mktxp.conf"
# Keep the [default] section (all default collector switches) and
# replace the sample router with two entries: plain API and api-ssl.
awk '/^\[default\]/{keep=1} keep' "$shipped/mktxp.conf" >"$work/default-section"
if [ -n "${MKTXP_ALL_COLLECTORS:-}" ]; then
  # Survey mode: every optional collector on too (address lists by name).
  sed -i -E \
    -e '/^ *(module_only|use_ssl|no_ssl_certificate|ssl_certificate_verify|plaintext_login|check_for_updates|interface_with_default_name) *=/!s/^( *[a-z0-9_]+ *= *)False/\1True/' \
    -e 's/^( *(ipv6_)?address_list *= *)None/\1bad_ipv6,blocked/' \
    "$work/default-section"
fi
{
  cat <<CONF
[sim-api]
    hostname = 127.0.0.1
    port = $api_port
    username = admin
    password = $ROS_PASSWORD

[sim-api-ssl]
    hostname = 127.0.0.1
    port = $ssl_port
    username = admin
    password = $ROS_PASSWORD
    use_ssl = True
    ssl_certificate_verify = False
    ssl_check_hostname = False

CONF
  cat "$work/default-section"
} >"$cfg/mktxp.conf"
grep -q '^\[default\]' "$cfg/mktxp.conf" || { echo "mktxp.conf has no [default] section" >&2; exit 1; }

PYTHONUNBUFFERED=1 "$venv/bin/mktxp" --cfg-dir "$cfg" export >"$work/mktxp.log" 2>&1 &
pids+=($!)

url="http://127.0.0.1:$listen_port/metrics"
ok=""
for _ in $(seq 1 150); do
  if fetch "$url" "$work/scrape1.txt" 2>/dev/null; then ok=1; break; fi
  sleep 0.2
done
[ -n "$ok" ] || { echo "mktxp did not serve $url in 30 s:" >&2; cat "$work/mktxp.log" >&2; exit 1; }
# A second scrape exercises the persistent connection pool and the
# counters' second reading.
fetch "$url" "$work/scrape2.txt"

if [ -n "${MKTXP_ALL_COLLECTORS:-}" ]; then
  echo "mktxp survey (every collector on): what mktxp could not read:"
  grep -iE 'error|exception|traceback' "$work/mktxp.log" | sed -E -e 's/ from router [^:]*:/:/' -e 's/ \.tag=[0-9]+//' | sort -u || true
  exit 0
fi
"$python" "$here/check.py" "$work/mktxp.log" "$work/scrape2.txt" "$here/expected.txt" "$here/metrics.txt"

# Name check: `routerctl exporter` in front of the same router must use
# mktxp's metric and label names (differences only as allowlisted).
exbin="${ROUTERCTL_EXPORTER_BIN:-$bin}"
if ! "$exbin" exporter --help >/dev/null 2>&1; then
  echo "namecheck: skipped ($exbin has no exporter command)"
  exit 0
fi
printf '%s' "$ROS_PASSWORD" >"$work/inv.password"
chmod 600 "$work/inv.password"
cat >"$work/inv.toml" <<INV
[defaults]
username = "admin"
password_file = "inv.password"
timeout = "10s"

[routers.sim-api]
vendor = "mikrotik"
protocol = "api"
host = "127.0.0.1"
port = $api_port
INV
"$exbin" exporter -i "$work/inv.toml" --listen 127.0.0.1:0 >"$work/exporter.out" 2>"$work/exporter.err" &
pids+=($!)
ex_addr=""
for _ in $(seq 1 100); do
  ex_addr=$(grep -o -m1 '127\.0\.0\.1:[0-9][0-9]*' "$work/exporter.out" 2>/dev/null || true)
  [ -n "$ex_addr" ] && break
  sleep 0.1
done
[ -n "$ex_addr" ] || { echo "routerctl exporter printed no address in 10 s:" >&2; cat "$work/exporter.out" "$work/exporter.err" >&2; exit 1; }
fetch "http://$ex_addr/metrics" "$work/exporter1.txt"
fetch "http://$ex_addr/metrics" "$work/exporter2.txt"
"$python" "$here/namecheck.py" "$work/scrape2.txt" "$work/exporter2.txt" "$here/expected.txt" "$here/namecheck-allow.txt"
