#!/usr/bin/env bash
# Drive the ubus simulator (IXON and OpenWrt flavors) with a third-party
# client from PyPI, aio-openwrt. The simulator runs inside the
# routerctl-ixon conformance test; this script only provides the client.
# Usage: conformance/ixon/run-extra.sh [path/to/routerctl] (binary unused)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${CONFORMANCE_VENV:-$root/target/conformance-venv}"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c "import aio_openwrt" 2>/dev/null || "$venv/bin/pip" install --quiet "aio-openwrt==0.3.0"

cd "$root"
ROUTERCTL_PYTHON="$venv/bin/python" ROUTERCTL_REQUIRE_CONFORMANCE=1 \
  cargo test --locked -p routerctl-ixon --test conformance
