"""Conformance check: NAPALM's RouterOS driver (napalm-ros, PyPI) runs every
getter it implements, and a candidate `compare_config`, against
`routerctl sim mikrotik`. (Committing a candidate needs `/import` and
`/system/backup`, which the simulator does not have.)

scripts/test-all runs it (conformance/routeros/napalm.sh sets up the pinned
venv). By hand:

  python3 -m venv target/napalm-venv
  target/napalm-venv/bin/pip install napalm==5.2.0 napalm-ros==1.6.1
  target/napalm-venv/bin/python conformance/routeros/napalm_check.py [target/debug/routerctl]

It starts its own simulator on a free port and prints `ok <getter>` or
`FAIL <getter>: <why>` per getter and a summary line; the exit status is
the number of failures (capped at 100). A getter passes when it returns
what the seeded state holds (each check below names it), not merely when
it does not raise.

Two getters cannot pass against a faithful RouterOS 7 and are checked for
the failure a real hAP ax^2 gives instead (CLIENT_LIMITS): napalm-ros
1.6.1 has no `traceroute`, and its `get_mac_address_table` catches a
single trap only while RouterOS answers an unknown menu
(`/interface/ethernet/switch/unicast-fdb`, CRS1xx/2xx only) with two.
"""

import os
import subprocess
import sys
import time

from napalm import get_network_driver

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "debug", "routerctl")
PASSWORD = f"napalm-{os.getpid()}"



def has(key):
    return lambda r: key in r


def nonempty(r):
    return bool(r)


# (getter, kwargs, check of the result, what the check means)
GETTERS = [
    ("get_facts", {}, lambda r: r["hostname"] and r["model"] == "hAP ax^2" and "ether1" in r["interface_list"], "identity, model, interfaces"),
    ("get_interfaces", {}, lambda r: r["ether1"]["is_up"] and r["bridge"]["mac_address"], "ether1 up, bridge MAC"),
    ("get_interfaces_counters", {}, lambda r: r["ether1"]["rx_octets"] > 0, "ether1 has traffic"),
    ("get_interfaces_ip", {}, lambda r: "ipv4" in r["bridge"] and "ipv6" in r["bridge"], "bridge IPv4 + link-local IPv6"),
    ("get_arp_table", {}, nonempty, "ARP entries"),
    ("get_environment", {}, lambda r: r["cpu"] and r["memory"]["available_ram"] > 0 and r["temperature"], "cpu, memory, temperature"),
    ("get_snmp_information", {}, lambda r: "public" in r["community"] and r["chassis_id"], "public community"),
    ("get_vlans", {}, lambda r: "10" in r and "ether4" in r["10"]["interfaces"], "VLANs 10/20 tagged on ether4"),
    ("get_lldp_neighbors", {}, lambda r: r["ether1"][0]["hostname"] == "isp-cpe", "isp-cpe on ether1"),
    ("get_lldp_neighbors_detail", {}, lambda r: r["ether1"][0]["remote_chassis_id"], "neighbour MAC"),
    # napalm-ros reads RouterOS 6's primary-ntp/secondary-ntp/server-dns-names;
    # RouterOS 7 has none of them, so the answer is empty by design.
    ("get_ntp_servers", {}, lambda r: r == {}, "empty (napalm-ros reads 6.x fields)"),
    ("get_users", {}, lambda r: r["admin"]["level"] == 15, "admin is full"),
    ("get_ipv6_neighbors_table", {}, lambda r: any(n["interface"] == "ether1" for n in r), "ISP router on ether1"),
    ("get_network_instances", {}, lambda r: "mgmt" in r and "ether5" in r["mgmt"]["interfaces"]["interface"], "mgmt VRF"),
    ("get_bgp_neighbors", {}, lambda r: r["global"]["peers"]["198.51.100.1"]["is_up"] and r["global"]["peers"]["198.51.100.1"]["uptime"] > 0, "ISP session up"),
    ("get_bgp_neighbors_detail", {}, lambda r: r["global"][64500][0]["up"] and r["global"][64500][0]["local_as"] == 65530, "ISP session detail"),
    ("get_config", {}, lambda r: "/ip address add address=192.168.88.1/24" in r["running"] and "/routing bgp connection add" in r["running"], "terse export via /file"),
    ("is_alive", {}, lambda r: r["is_alive"], "alive"),
    ("ping", {"destination": "192.168.88.1", "count": 2}, lambda r: r["success"]["probes_sent"] == 2 and r["success"]["packet_loss"] == 0, "2 replies"),
    ("cli", {"commands": [':put "hello from napalm"']}, lambda r: r[':put "hello from napalm"'] == "hello from napalm", "/execute as-string"),
]

def compare_config(dev):
    """napalm's candidate diff: load a merge candidate, diff it against the
    running export (read back through /export =file= and /file/read)."""
    dev.load_merge_candidate(config="/system identity set name=napalm-lab\n")
    try:
        return dev.compare_config()
    finally:
        dev.discard_config()


# Getters a faithful simulator cannot make pass: the exception expected
# and a word its text must contain.
CLIENT_LIMITS = [
    ("get_mac_address_table", {}, "MultiTrapError", "no such command", "two traps for the CRS1xx-only unicast-fdb menu"),
    ("traceroute", {"destination": "192.168.88.1"}, "NotImplementedError", "", "napalm-ros has no traceroute"),
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
        for name, kwargs, check, meaning in GETTERS:
            try:
                result = getattr(dev, name)(**kwargs)
                good = check(result)
            except Exception as exc:  # one line per failure, keep going
                failed += 1
                print(f"FAIL {name}: {type(exc).__name__}: {str(exc)[:200]}", flush=True)
                continue
            if good:
                print(f"ok {name}: {meaning}", flush=True)
            else:
                failed += 1
                print(f"FAIL {name}: expected {meaning}, got {str(result)[:300]}", flush=True)
        try:
            diff = compare_config(dev)
            good = "+/system identity set name=napalm-lab" in diff and "-/ip address add" in diff
        except Exception as exc:
            failed += 1
            print(f"FAIL compare_config: {type(exc).__name__}: {str(exc)[:200]}", flush=True)
        else:
            if good:
                print("ok compare_config: candidate diffed against the running export", flush=True)
            else:
                failed += 1
                print(f"FAIL compare_config: unexpected diff {diff[:300]}", flush=True)
        for name, kwargs, exc_name, word, why in CLIENT_LIMITS:
            try:
                result = getattr(dev, name)(**kwargs)
            except Exception as exc:
                if type(exc).__name__ == exc_name and word in str(exc):
                    print(f"ok {name}: fails as on a real router ({why})", flush=True)
                else:
                    failed += 1
                    print(f"FAIL {name}: {type(exc).__name__}: {str(exc)[:200]} (expected {exc_name})", flush=True)
            else:
                failed += 1
                print(f"FAIL {name}: returned {str(result)[:200]}; expected {exc_name} ({why})", flush=True)
        dev.close()
    finally:
        proc.kill()
        proc.wait()
    total = len(GETTERS) + 1 + len(CLIENT_LIMITS)
    print(f"napalm-ros: {total - failed} of {total} checks pass", flush=True)
    return min(failed, 100)


if __name__ == "__main__":
    sys.exit(main())
