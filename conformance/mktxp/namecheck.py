"""Compare the metric names and label names of mktxp and `routerctl exporter`.

Usage: namecheck.py MKTXP_SCRAPE EXPORTER_SCRAPE EXPECTED ALLOWLIST

Both scrapes come from the same simulated router. A collector (a `[name]`
section of EXPECTED) counts as enabled by the exporter when the exporter
produces at least one of its names; for every collector both enable, each
sample name and each sample's label names must agree. An exporter
`mktxp_*` name that no collector of mktxp produced is a difference too.
`routerctl_*` names are the exporter's own and are not compared.

Every difference must be listed in ALLOWLIST, one per line, with a reason
after ` # `:

    missing-name NAME                   # reason   (mktxp has it, exporter not)
    extra-name NAME                     # reason   (exporter has it, mktxp not)
    missing-label NAME LABEL            # reason
    extra-label NAME LABEL              # reason
    type NAME                           # reason   (counter vs gauge ...)

NAME may be `*` in a label entry (every name). An entry without a reason
fails the check; an entry that no longer matches a difference is
reported (so the list and the README can be trimmed).
"""
import sys
from collections import defaultdict

from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_text

# What Prometheus stores each sample as: an OpenMetrics `info` family is
# its `_info` gauge series, like mktxp's gauges named `*_info`.
SAME_AS = {"info": "gauge", "stateset": "gauge", "untyped": "unknown"}


def read_scrape(path):
    """Sample name -> label names, and sample name -> family type, from a
    scrape in the Prometheus text format or OpenMetrics (ends in `# EOF`)."""
    labels, types = defaultdict(set), {}
    with open(path, encoding="utf-8") as f:
        text = f.read()
    parse = parse_openmetrics if text.rstrip().endswith("# EOF") else parse_text
    for fam in parse(text):
        for s in fam.samples:
            if s.name.startswith("mktxp_"):
                labels[s.name].update(s.labels)
                types[s.name] = SAME_AS.get(fam.type, fam.type)
    return labels, types


def read_groups(path):
    groups, current = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line.startswith("[") and line.endswith("]"):
                current = line[1:-1]
                groups[current] = []
            elif line and current:
                groups[current].append(line)
    return groups


def read_allowlist(path):
    entries, problems = {}, []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            body, _, reason = line.partition(" # ")
            key = tuple(body.split())
            if not reason.strip():
                problems.append(f"{path}:{n}: entry without a reason: {line}")
            elif key[0] not in ("missing-name", "extra-name", "missing-label", "extra-label", "type") \
                    or len(key) != (3 if key[0].endswith("label") else 2):
                problems.append(f"{path}:{n}: malformed entry: {line}")
            else:
                entries[key] = reason.strip()
    return entries, problems


def main() -> int:
    mk_path, ex_path, expected_path, allow_path = sys.argv[1:5]
    mk_labels, mk_types = read_scrape(mk_path)
    ex_labels, ex_types = read_scrape(ex_path)
    groups = read_groups(expected_path)
    allow, problems = read_allowlist(allow_path)

    # mktxp's names per collector: the expected ones plus the sample
    # suffixes it actually produced under them.
    owner = {}
    for g, names in groups.items():
        for name in names:
            owner[name] = g
    both = sorted({owner[n] for n in ex_labels if n in owner})
    only_mktxp = sorted(g for g in groups if g not in both)

    diffs = []
    for g in both:
        for name in groups[g]:
            if name not in mk_labels:
                continue  # check.py reports mktxp's own gaps
            if name not in ex_labels:
                diffs.append(("missing-name", name))
                continue
            if mk_types.get(name) != ex_types.get(name):
                diffs.append(("type", name))
            for lab in sorted(mk_labels[name] - ex_labels[name]):
                diffs.append(("missing-label", name, lab))
            for lab in sorted(ex_labels[name] - mk_labels[name]):
                diffs.append(("extra-label", name, lab))
    for name in sorted(ex_labels):
        if name not in owner:
            diffs.append(("extra-name", name))

    used = set()
    unexplained = []
    for d in diffs:
        wild = (d[0], "*", d[2]) if len(d) == 3 else None
        if d in allow:
            used.add(d)
        elif wild in allow:
            used.add(wild)
        else:
            unexplained.append(d)

    print(f"namecheck: collectors both enable: {', '.join(both) or 'none'}")
    print(f"namecheck: mktxp collectors the exporter does not enable: {', '.join(only_mktxp) or 'none'}")
    print(f"namecheck: {len(diffs)} differences, {len(diffs) - len(unexplained)} allowed")
    for key in sorted(set(allow) - used):
        print(f"namecheck: allowlist entry matches no difference (remove it and its README line): {' '.join(key)}")
    for d in unexplained:
        problems.append("difference not in the allowlist: " + " ".join(d))
    if not both:
        problems.append("the exporter produced no mktxp_* name of any mktxp collector")
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
