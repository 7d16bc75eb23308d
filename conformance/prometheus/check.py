"""Read the fleet back through Prometheus' HTTP API.

Usage: check.py API_BASE PROMETHEUS_LOG < "NAME VENDOR" lines

Waits (up to 60 s) until every scrape target is up, then checks that
routerctl_up is 1 for each router and that each RouterOS router has the
mktxp families listed in ROUTEROS_FAMILIES.
"""
import json
import sys
import time
import urllib.parse
import urllib.request

ROUTEROS_FAMILIES = ["mktxp_interface_rx_byte_total", "mktxp_system_uptime"]


def query(api, q):
    url = f"{api}/query?query={urllib.parse.quote(q)}"
    with urllib.request.urlopen(url, timeout=5) as resp:
        body = json.load(resp)
    if body.get("status") != "success":
        raise RuntimeError(f"{q}: {body}")
    return body["data"]["result"]


def main() -> int:
    api, log = sys.argv[1], sys.argv[2]
    routers = [line.split() for line in sys.stdin if line.strip()]
    names = {r[0] for r in routers}
    want_targets = len(routers) + 1

    deadline = time.monotonic() + 60
    ups, err = [], None
    while time.monotonic() < deadline:
        try:
            ups = query(api, "up")
            if len(ups) == want_targets and all(u["value"][1] == "1" for u in ups):
                break
        except OSError as e:  # not listening yet
            err = e
        time.sleep(0.5)
    else:
        print(f"FAIL: scrape targets not all up after 60 s: "
              f"{[(u['metric'].get('job'), u['metric'].get('instance'), u['value'][1]) for u in ups]} {err or ''}",
              file=sys.stderr)
        print(open(log, encoding="utf-8", errors="replace").read()[-3000:], file=sys.stderr)
        return 1
    print(f"prometheus: up == 1 for {len(ups)} targets "
          f"({', '.join(sorted(u['metric']['job'] + '/' + u['metric']['instance'] for u in ups))})")

    problems = []
    got = {s["metric"].get("router"): s["value"][1] for s in query(api, 'routerctl_up{job="exporter"}')}
    for name in sorted(names):
        if got.get(name) != "1":
            problems.append(f"routerctl_up for {name} is {got.get(name)!r}, want '1'")
    probe = {s["metric"].get("instance") for s in query(api, 'routerctl_up{job="routers"} == 1')}
    if probe != names:
        problems.append(f"/probe: routerctl_up == 1 for {sorted(probe)}, want {sorted(names)}")
    for fam in ROUTEROS_FAMILIES:
        series = query(api, f'{fam}{{job="exporter"}}')
        seen = {s["metric"].get("routerboard_name") for s in series}
        for name, vendor in routers:
            if vendor == "mikrotik" and name not in seen:
                problems.append(f"{fam}: no series for RouterOS router {name}")
        print(f"prometheus: {fam}: {len(series)} series from {len(seen)} routers")
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    if not problems:
        print(f"prometheus: all {len(names)} routers present through Prometheus' HTTP API")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
