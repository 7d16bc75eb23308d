#!/usr/bin/env bash
# NAPALM's RouterOS driver (napalm-ros) against `routerctl sim mikrotik`:
# every getter it implements, checked against the seeded state
# (napalm_check.py). Exits non-zero when any check fails.
#
# Usage: conformance/routeros/napalm.sh [path/to/routerctl]
#
# napalm pulls in netmiko, paramiko, junos-eznc and friends (about 130 MB,
# ~30 s to install from a warm pip cache), so it gets its own venv rather
# than weighing down the shared conformance one. Pinned: napalm 5.2.0,
# napalm-ros 1.6.1, librouteros 4.2.2.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/target/debug/routerctl}"
venv="${NAPALM_VENV:-$root/target/napalm-venv}"

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
want="napalm==5.2.0 napalm-ros==1.6.1 librouteros==4.2.2"
have="$("$venv/bin/pip" freeze --disable-pip-version-check 2>/dev/null | grep -iE '^(napalm|napalm-ros|librouteros)==' | tr 'A-Z\n' 'a-z ' || true)"
if [ "$(echo "$have" | tr ' ' '\n' | sort | xargs)" != "$(echo "$want" | tr ' ' '\n' | sort | xargs)" ]; then
  # shellcheck disable=SC2086
  "$venv/bin/pip" install --quiet --disable-pip-version-check $want
fi
exec "$venv/bin/python" "$here/napalm_check.py" "$bin"
