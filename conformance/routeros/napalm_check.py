"""Conformance check: NAPALM's RouterOS driver (napalm-ros, PyPI) runs its
getters against `routerctl sim mikrotik` and reports which pass.

Not part of scripts/test-all yet (issue 14 tracks the full run). Usage:

  python3 -m venv target/napalm-venv
  target/napalm-venv/bin/pip install napalm-ros
  target/napalm-venv/bin/python conformance/routeros/napalm_check.py [target/debug/routerctl]

It starts its own simulator on a free port, prints `ok <getter>` or
`FAIL <getter>: <error>` per getter and a summary line; the exit status is
the number of failing getters (capped at 100).
"""

import os
import subprocess
import sys
import time

from napalm import get_network_driver

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "debug", "routerctl")
PASSWORD = f"napalm-{os.getpid()}"

GETTERS = [
    ("get_facts", {}),
    ("get_interfaces", {}),
    ("get_interfaces_counters", {}),
    ("get_interfaces_ip", {}),
    ("get_arp_table", {}),
    ("get_mac_address_table", {}),
    ("get_environment", {}),
    ("get_snmp_information", {}),
    ("get_vlans", {}),
    ("get_lldp_neighbors", {}),
    ("get_lldp_neighbors_detail", {}),
    ("get_ntp_servers", {}),
    ("get_users", {}),
    ("get_ipv6_neighbors_table", {}),
    ("get_network_instances", {}),
    ("get_bgp_neighbors", {}),
    ("get_config", {}),
    ("is_alive", {}),
    ("ping", {"destination": "192.168.88.1", "count": 2}),
    ("traceroute", {"destination": "192.168.88.1"}),
]


def start_sim():
    env = dict(os.environ, ROS_PASSWORD=PASSWORD)
    proc = subprocess.Popen(
        [BIN, "sim", "mikrotik", "--api", "127.0.0.1:0", "--user", "admin", "--password-env", "ROS_PASSWORD"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("api "):
            port = int(line.split()[-1].rsplit(":", 1)[-1])
            return proc, port
    proc.kill()
    raise SystemExit("simulator did not print its api address")


def main():
    proc, port = start_sim()
    failed = 0
    try:
        driver = get_network_driver("ros")
        dev = driver("127.0.0.1", "admin", PASSWORD, timeout=10, optional_args={"port": port})
        dev.open()
        for name, kwargs in GETTERS:
            try:
                result = getattr(dev, name)(**kwargs)
            except Exception as exc:  # one line per failure, keep going
                failed += 1
                print(f"FAIL {name}: {type(exc).__name__}: {str(exc)[:200]}", flush=True)
            else:
                print(f"ok {name} ({len(result) if hasattr(result, '__len__') else '-'} items)", flush=True)
        dev.close()
    finally:
        proc.kill()
        proc.wait()
    print(f"napalm-ros: {len(GETTERS) - failed} of {len(GETTERS)} getters pass", flush=True)
    return min(failed, 100)


if __name__ == "__main__":
    sys.exit(main())
