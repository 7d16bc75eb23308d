"""Judge one mktxp run against the simulator.

Usage: check.py MKTXP_LOG SCRAPE EXPECTED METRICS_OUT

Fails (exit 1) when the mktxp log mentions an error, exception or
traceback, when a family listed in EXPECTED is missing from SCRAPE, or
when the router entries (plain API, api-ssl) produced different families.
Writes METRICS_OUT: one line per sample name, `name type label,label,...`
(mktxp's own families only; the Python client's process_/python_ ones
are left out), sorted.
"""
import re
import sys
from collections import defaultdict

from prometheus_client.parser import text_string_to_metric_families

BAD_LOG = re.compile(r"error|exception|traceback|fail|timed? ?out|refused|unable", re.I)


def main() -> int:
    log_path, scrape_path, expected_path, out_path = sys.argv[1:5]
    problems = []

    log = open(log_path, encoding="utf-8", errors="replace").read()
    bad = [line for line in log.splitlines() if BAD_LOG.search(line)]
    if bad:
        problems.append("mktxp logged errors:\n  " + "\n  ".join(bad[:40]))

    text = open(scrape_path, encoding="utf-8").read()
    labels = defaultdict(set)
    types = {}
    per_router = defaultdict(set)
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            if not s.name.startswith("mktxp_"):
                continue
            labels[s.name].update(s.labels)
            types[s.name] = fam.type
            per_router[s.labels.get("routerboard_name", "")].add(s.name)

    routers = sorted(per_router)
    for r in routers[1:]:
        first = per_router[routers[0]]
        if per_router[r] != first:
            problems.append(
                f"router entries {routers[0]} and {r} differ: "
                f"only {routers[0]}: {sorted(first - per_router[r])}, "
                f"only {r}: {sorted(per_router[r] - first)}")

    expected = []
    for line in open(expected_path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("["):
            expected.append(line)
    missing = [e for e in expected if e not in labels]
    if missing:
        problems.append("expected metric families missing: " + ", ".join(missing))
    unexpected = sorted(set(labels) - set(expected))

    lines = [
        "# mktxp 2.1.0, default collectors, against `routerctl sim mikrotik`",
        "# provisioned by conformance/mktxp/provision.py; written by conformance/mktxp/run.sh.",
        "# sample-name type label-names",
    ]
    for name in sorted(labels):
        lines.append(f"{name} {types[name]} {','.join(sorted(labels[name]))}")
    new = "\n".join(lines) + "\n"
    try:
        old = open(out_path, encoding="utf-8").read()
    except FileNotFoundError:
        old = ""
    if old != new:
        with open(out_path, "w", encoding="utf-8") as f:
            f.write(new)
        print(f"mktxp: {out_path} updated (commit it)")

    print(f"mktxp: {len(labels)} metric names from routers {', '.join(routers)}; "
          f"{len(expected)} expected, {len(missing)} missing"
          + (f"; also produced (not in expected.txt): {', '.join(unexpected)}" if unexpected else ""))
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
