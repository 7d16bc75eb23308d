"""The comparison side of bench/fleet.sh: Nornir 3 + napalm-ros `get_facts`
against the RouterOS-API routers of a `routerctl sim fleet` inventory.

    nornir_facts.py FLEET.TOML WORKDIR [WORKERS]

Reads the fleet inventory (and the password file beside it), writes a
Nornir SimpleInventory for its `protocol = "api"` MikroTik routers into
WORKDIR, runs `napalm_get(getters=["facts"])` on all of them with the
threaded runner (WORKERS threads, default 100) and prints one line:
`nornir: N ok, M failed, wall S s`. Peak memory is measured from outside
(`/usr/bin/time -v`).
"""

import os
import sys
import time
import tomllib


def routeros_api_hosts(inventory_path):
    """(name, host, port) of every RouterOS-API router, and the login."""
    with open(inventory_path, "rb") as f:
        inventory = tomllib.load(f)
    defaults = inventory.get("defaults", {})
    user = defaults.get("username", "admin")
    password_file = defaults.get("password_file")
    if password_file is None:
        sys.exit("the fleet inventory names no password_file")
    password_path = os.path.join(os.path.dirname(inventory_path), password_file)
    with open(password_path) as f:
        password = f.read().strip()
    hosts = [
        (name, r["host"], int(r["port"]))
        for name, r in inventory.get("routers", {}).items()
        if r.get("vendor") == "mikrotik" and r.get("protocol") == "api"
    ]
    return hosts, user, password


def write_simple_inventory(workdir, hosts, user, password):
    """hosts.yaml, groups.yaml and defaults.yaml for SimpleInventory
    (JSON is valid YAML, so no YAML writer is needed)."""
    import json

    os.makedirs(workdir, exist_ok=True)
    host_map = {
        name: {
            "hostname": host,
            "platform": "ros",
            "connection_options": {"napalm": {"extras": {"optional_args": {"port": port}}}},
        }
        for name, host, port in hosts
    }
    files = {
        "hosts.yaml": host_map,
        "groups.yaml": {},
        "defaults.yaml": {
            "username": user,
            "password": password,
            "connection_options": {"napalm": {"extras": {"timeout": 10}}},
        },
    }
    for file, content in files.items():
        with open(os.path.join(workdir, file), "w") as f:
            json.dump(content, f)
    return {k: os.path.join(workdir, k) for k in files}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    inventory_path, workdir = sys.argv[1], sys.argv[2]
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    hosts, user, password = routeros_api_hosts(inventory_path)
    files = write_simple_inventory(workdir, hosts, user, password)

    from nornir import InitNornir
    from nornir_napalm.plugins.tasks import napalm_get

    started = time.monotonic()
    nr = InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": workers}},
        inventory={
            "plugin": "SimpleInventory",
            "options": {
                "host_file": files["hosts.yaml"],
                "group_file": files["groups.yaml"],
                "defaults_file": files["defaults.yaml"],
            },
        },
        logging={"enabled": False},
    )
    result = nr.run(task=napalm_get, getters=["facts"])
    wall = time.monotonic() - started
    failed = sorted(result.failed_hosts)
    ok = len(result) - len(failed)
    print(f"nornir: {ok} ok, {len(failed)} failed, wall {wall:.2f} s, hosts {len(hosts)}")
    for name in failed[:5]:
        print(f"  failed {name}: {result[name].exception!r}", file=sys.stderr)


if __name__ == "__main__":
    main()
