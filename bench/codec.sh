#!/usr/bin/env bash
# routerctl's RouterOS API codec against its peers on one buffer (a
# 1000-row /ip/dhcp-server/lease/print reply): mikrotik-proto 0.10 in the
# same criterion run (bench/codec-peers, a crate outside the workspace),
# then librouteros 4.2.2 (CPython) on the same rows. Prints each workload
# and the ratios; ratios hold up under load, absolute figures do not, so
# the load average is printed before and after.
#
# Usage: bench/codec.sh [SECONDS-PER-WORKLOAD]   (default 3)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
crate="$root/bench/codec-peers"
seconds="${1:-3}"
# Its own target directory: a release build of this small tree only.
export CARGO_TARGET_DIR="${CODEC_PEERS_TARGET_DIR:-$crate/target}"
venv="${CONFORMANCE_VENV:-$root/target/conformance-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import librouteros" 2>/dev/null || "$venv/bin/pip" install --quiet "librouteros==4.2.2"

(cd "$crate" && cargo bench --quiet --bench codec_peers --no-run)
wire="$(mktemp)"
log="$(mktemp)"
trap 'rm -f "$wire" "$log"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The bench writes the reply's untagged form (librouteros sends no tags)
# for the Python side.
if ! (cd "$crate" && CODEC_PEERS_WIRE="$wire" cargo bench --quiet --bench codec_peers -- \
    --warm-up-time 1 --measurement-time "$seconds" --noplot >"$log" 2>&1); then
    cat "$log" >&2
    exit 1
fi
peer="$("$venv/bin/python" "$root/bench/peers/librouteros_parse.py" "$wire" 20)"
echo "buffer: $(wc -c <"$wire") bytes untagged, 1001 sentences"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$CARGO_TARGET_DIR/criterion/lease1000" "$peer" <<'PY'
import json, os, sys
base, peer = sys.argv[1], json.loads(sys.argv[2])
SENTENCES = 1001
def rate(name):
    with open(os.path.join(base, name, "new", "estimates.json")) as f:
        ns = json.load(f)["mean"]["point_estimate"]
    return SENTENCES / (ns * 1e-9)
names = ["frame_view", "frame_owned", "peer_frame", "view_words", "peer_words", "reply_view", "response_view",
         "response_owned", "peer_response", "leases_view", "leases_owned", "peer_leases",
         "leases_view_untagged"]
r = {n: rate(n) for n in names}
r["librouteros"] = peer["sentences_per_second"]
for n in names + ["librouteros"]:
    print(f"  {n:22} {r[n] / 1e3:10.1f} k sentences/s")
pairs = [
    ("framing: borrowed view / mikrotik-proto decode_sentence", "frame_view", "peer_frame"),
    ("framing: owned Decoder / mikrotik-proto decode_sentence", "frame_owned", "peer_frame"),
    ("typed words: view attributes / mikrotik-proto typed_words", "view_words", "peer_words"),
    ("typed reply: Decoder + Response::parse / CommandResponse::parse", "response_owned", "peer_response"),
    ("typed reply: view (in place) / CommandResponse::parse", "reply_view", "peer_response"),
    ("typed reply: view -> owned Response / CommandResponse::parse", "response_view", "peer_response"),
    ("rows -> DhcpLease: view / CommandResponse::parse alone", "leases_view", "peer_response"),
    ("rows -> DhcpLease: view / mikrotik-proto + same mapping", "leases_view", "peer_leases"),
    ("rows -> DhcpLease: owned / mikrotik-proto + same mapping", "leases_owned", "peer_leases"),
    ("rows -> DhcpLease (view, untagged) / librouteros readResponse", "leases_view_untagged", "librouteros"),
]
print("ratios (same run):")
for label, a, b in pairs:
    print(f"  {r[a] / r[b]:6.2f}x  {label}")
PY
