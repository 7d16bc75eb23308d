//! The probe results netwatch prints beside each host (RouterOS >= 7.4).
//!
//! Inferred shape (the manual lists the read-only names without a
//! capture; mktxp reads them): an `icmp` probe prints `sent-count`,
//! `response-count`, `loss-count`, `loss-percent` and the round-trip
//! figures `rtt-avg`, `rtt-min`, `rtt-max`, `rtt-jitter`, `rtt-stdev` of
//! its last test (10 echoes by default), in the ping duration format
//! (`12ms345us`); a `tcp-conn` probe prints `tcp-connect-time`;
//! `http-get`/`https-get` print `tcp-connect-time`, `http-status-code`
//! and `http-resp-time`. A `simple` (pre-7.4) probe prints none of them.
//! Every host answers; the figures move with the test number, from the
//! seed, like the other live values.

use super::clock::mix;
use super::value::format_rtt;

/// Echoes per ICMP test (`packet-count` default).
const PACKETS: u64 = 10;

/// The last test's results of a probe of `kind` to `host`, `tests` tests
/// after it started; `salt` tells rows apart.
pub fn probe_results(
    seed: u64,
    salt: u64,
    host: &[u8],
    kind: &[u8],
    tests: u64,
) -> Vec<(&'static str, String)> {
    // A stable base round trip per host: 8-40 ms.
    let base = 8_000 + host.iter().fold(salt, |h, b| mix(h, u64::from(*b))) % 32_000;
    let jiggle =
        |k: u64, span: u64| mix(seed, tests.wrapping_mul(16).wrapping_add(k)) % span.max(1);
    match kind {
        b"icmp" => {
            let min = base + jiggle(1, 400);
            let max = min + 300 + jiggle(2, 4_000);
            let avg = min + (max - min) / 3;
            vec![
                ("sent-count", PACKETS.to_string()),
                ("response-count", PACKETS.to_string()),
                ("loss-count", "0".into()),
                ("loss-percent", "0".into()),
                ("rtt-avg", format_rtt(avg)),
                ("rtt-min", format_rtt(min)),
                ("rtt-max", format_rtt(max)),
                ("rtt-jitter", format_rtt(max - min)),
                ("rtt-stdev", format_rtt((max - min) / 4)),
            ]
        }
        b"tcp-conn" => vec![("tcp-connect-time", format_rtt(base + jiggle(3, 900)))],
        b"http-get" | b"https-get" => {
            let connect = base + jiggle(3, 900);
            vec![
                ("tcp-connect-time", format_rtt(connect)),
                ("http-status-code", "200".into()),
                (
                    "http-resp-time",
                    format_rtt(connect * 2 + jiggle(4, 20_000)),
                ),
            ]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(v: &[(&'static str, String)], k: &str) -> Option<String> {
        v.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn icmp_prints_the_round_trip_figures_in_order() {
        let v = probe_results(1, 1, b"1.1.1.1", b"icmp", 5);
        assert_eq!(get(&v, "sent-count").as_deref(), Some("10"));
        assert_eq!(get(&v, "loss-percent").as_deref(), Some("0"));
        let us = |k: &str| {
            let s = get(&v, k).unwrap_or_default();
            let (ms, rest) = s.split_once("ms").unwrap_or(("0", &s));
            let rest = rest.trim_end_matches("us");
            ms.parse::<u64>().unwrap_or(0) * 1000 + rest.parse::<u64>().unwrap_or(0)
        };
        assert!(us("rtt-min") >= 8_000, "{v:?}");
        assert!(
            us("rtt-min") <= us("rtt-avg") && us("rtt-avg") <= us("rtt-max"),
            "{v:?}"
        );
        assert_eq!(us("rtt-jitter"), us("rtt-max") - us("rtt-min"));
    }

    #[test]
    fn each_probe_type_prints_its_own_results() {
        let http = probe_results(1, 2, b"10.0.0.1", b"http-get", 1);
        assert_eq!(get(&http, "http-status-code").as_deref(), Some("200"));
        assert!(get(&http, "http-resp-time").is_some());
        let tcp = probe_results(1, 3, b"10.0.0.1", b"tcp-conn", 1);
        assert!(get(&tcp, "tcp-connect-time").is_some());
        assert!(get(&tcp, "rtt-avg").is_none());
        assert!(probe_results(1, 4, b"10.0.0.1", b"simple", 1).is_empty());
    }
}
