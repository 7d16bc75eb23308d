#!/usr/bin/env bash
# One Python venv with the third-party clients the conformance runs use,
# pinned. Prints the venv's python path. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${CONFORMANCE_VENV:-$root/target/conformance-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
if ! "$venv/bin/python" -c "import librouteros, aio_openwrt" 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "librouteros==4.2.2" "aio-openwrt==0.3.0" >&2
fi
echo "$venv/bin/python"
