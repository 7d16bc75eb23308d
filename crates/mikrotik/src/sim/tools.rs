//! Periodic tools: `/ping`, `/interface/monitor-traffic`,
//! `/interface/ethernet/monitor`, `/interface/wifi/monitor`.
//!
//! Each is a sampler over the device state wrapped in a [`SimStream`];
//! `=once=` (monitors) and `=count=` (ping) make them finite.

use std::net::Ipv4Addr;
use std::time::Duration;

use bytes::Bytes;

use super::commands::{check_args, parse_proplist, project, refused};
use super::device::{Device, Outcome, trap};
use super::live::{self, mix};
use super::menus::ETHER_ADVERTISE_1G;
use super::schema::Menu;
use super::state::{Row, State};
use super::stream::SimStream;
use super::value::{Refused, network_of, parse_duration, parse_int, parse_prefix};
use crate::record::Attributes;

/// `=interval=` in `min..=max` milliseconds, or `default`.
fn interval(args: &Attributes, default: u64, min: u64, max: u64) -> Result<Duration, Refused> {
    match args.get("interval") {
        None => Ok(Duration::from_millis(default)),
        Some(v) => match parse_duration(v) {
            Some(ms) if (min..=max).contains(&ms) => Ok(Duration::from_millis(ms)),
            Some(_) => Err(Refused::new(
                format!(
                    "value of interval out of range ({}..{})",
                    super::value::format_duration_ms(min),
                    super::value::format_duration_ms(max)
                ),
                Some(1),
            )),
            None => Err(Refused::invalid("interval")),
        },
    }
}

fn row_attrs(pairs: Vec<(&'static str, String)>) -> Vec<(&'static str, Bytes)> {
    pairs
        .into_iter()
        .map(|(k, v)| (k, Bytes::from(v)))
        .collect()
}

/// How a monitor's arguments name the interfaces it watches.
#[derive(Clone, Copy)]
enum Targets {
    /// `=interface=` (or `numbers`): a comma list of interface names, as
    /// `monitor-traffic` takes them; an unknown name does not match.
    InterfaceNames,
    /// `=numbers=` (or `.id`): ids, names or positions of the items of the
    /// monitor's menu; an unknown one is `no such item (4)`.
    Items(&'static str),
}

impl Targets {
    fn allowed_args(self) -> &'static [&'static str] {
        match self {
            Self::InterfaceNames => &[
                "interface",
                "numbers",
                "interval",
                "once",
                "duration",
                ".proplist",
            ],
            Self::Items(_) => &["numbers", ".id", "interval", "once", ".proplist"],
        }
    }

    /// The interface ids named by `args` (ids, so renames keep working).
    fn resolve(self, st: &State, args: &Attributes) -> Result<Vec<u32>, Refused> {
        match self {
            Self::InterfaceNames => {
                let list = args
                    .get("interface")
                    .or_else(|| args.get("numbers"))
                    .ok_or_else(|| Refused::new("missing =interface=", None))?;
                list.split(|&b| b == b',')
                    .map(|name| {
                        st.find_by_name("/interface", name)
                            .ok_or_else(|| Refused::no_match("interface"))
                    })
                    .collect()
            }
            Self::Items(path) => {
                let list = args
                    .get("numbers")
                    .or_else(|| args.get(".id"))
                    .ok_or_else(|| Refused::new("missing =numbers=", None))?;
                let menu = super::menus::menu(path).ok_or_else(|| Refused::no_match("numbers"))?;
                st.resolve_ids(menu, list)
            }
        }
    }
}

/// One sample of one watched interface (its `/interface` row), after the
/// `name`; `None` leaves the interface out of this sample.
type SampleRow = fn(&State, f64, &Row) -> Option<Vec<(&'static str, String)>>;

/// The common shape of the interface monitors: resolve the targets once,
/// then every `=interval=` one row per interface that still exists, all in
/// one `.section`; `=once=` takes a single sample (no `.section`).
fn monitor(dev: &Device, args: &Attributes, targets: Targets, sample_row: SampleRow) -> Outcome {
    let parsed = (|| {
        check_args(args, targets.allowed_args())?;
        let ids = targets.resolve(&dev.lock(), args)?;
        let every = interval(args, 1000, 100, 3_600_000)?;
        Ok((ids, every))
    })();
    let (ids, every) = match parsed {
        Ok(v) => v,
        Err(r) => return refused(r),
    };
    let once = args.contains("once");
    let proplist = parse_proplist(args);
    let dev2 = dev.clone();
    let sample = Box::new(move |_section: u64| {
        let now = dev2.clock().now;
        let st = dev2.lock();
        ids.iter()
            .filter_map(|id| st.row("/interface", *id))
            .filter_map(|row| {
                let values = sample_row(&st, now, row)?;
                let name = row.props.get("name").cloned().unwrap_or_default();
                let mut r: Vec<(&'static str, Bytes)> = vec![("name", name)];
                r.extend(row_attrs(values));
                Some(project(&r, proplist.as_deref()))
            })
            .collect()
    });
    Outcome::Stream(SimStream::periodic(
        every,
        once.then_some(1),
        !once,
        dev.config().has_empty_reply(),
        sample,
    ))
}

/// `/interface/monitor-traffic`: rates from the live counters.
pub(super) fn monitor_traffic(dev: &Device, args: &Attributes) -> Outcome {
    monitor(dev, args, Targets::InterfaceNames, |st, now, row| {
        let (rx, tx) = live::interface_rates(st, row, now);
        let (rxp, txp) = (rx / 820.0, tx / 410.0);
        Some(vec![
            ("rx-packets-per-second", (rxp as u64).to_string()),
            ("rx-bits-per-second", ((rx * 8.0) as u64).to_string()),
            ("fp-rx-packets-per-second", ((rxp * 0.9) as u64).to_string()),
            ("fp-rx-bits-per-second", ((rx * 7.2) as u64).to_string()),
            ("rx-drops-per-second", "0".into()),
            ("rx-errors-per-second", "0".into()),
            ("tx-packets-per-second", (txp as u64).to_string()),
            ("tx-bits-per-second", ((tx * 8.0) as u64).to_string()),
            ("fp-tx-packets-per-second", ((txp * 0.9) as u64).to_string()),
            ("fp-tx-bits-per-second", ((tx * 7.2) as u64).to_string()),
            ("tx-drops-per-second", "0".into()),
            ("tx-queue-drops-per-second", "0".into()),
            ("tx-errors-per-second", "0".into()),
        ])
    })
}

/// `/interface/ethernet/monitor` and `/interface/wifi/monitor`.
pub(super) fn interface_monitor(dev: &Device, menu: &Menu, args: &Attributes) -> Outcome {
    match menu.path {
        "/interface/ethernet" => monitor(dev, args, Targets::Items(menu.path), ethernet_sample),
        "/interface/wifi" => monitor(dev, args, Targets::Items(menu.path), wifi_sample),
        _ => Outcome::Done(trap("no such command", None)),
    }
}

fn ethernet_sample(_: &State, _: f64, row: &Row) -> Option<Vec<(&'static str, String)>> {
    let up = row.is_true("running");
    let mut pairs = vec![
        ("status", if up { "link-ok" } else { "no-link" }.to_string()),
        ("auto-negotiation", "done".to_string()),
    ];
    if up {
        pairs.push(("rate", "1Gbps".into()));
        pairs.push(("full-duplex", "true".into()));
        pairs.push(("tx-flow-control", "false".into()));
        pairs.push(("rx-flow-control", "false".into()));
    }
    pairs.push(("supported", ETHER_ADVERTISE_1G.into()));
    pairs.push(("advertising", ETHER_ADVERTISE_1G.into()));
    let partner = if up { ETHER_ADVERTISE_1G } else { "" };
    pairs.push(("link-partner-advertising", partner.into()));
    Some(pairs)
}

fn wifi_sample(st: &State, _: f64, iface: &Row) -> Option<Vec<(&'static str, String)>> {
    let wifi = st.row("/interface/wifi", iface.id)?;
    let name = iface.props.get("name").cloned().unwrap_or_default();
    let running = iface.is_true("running");
    let band = wifi.props.get("channel.band").cloned().unwrap_or_default();
    let channel = if band.starts_with(b"5ghz") {
        "5180/ax/Ceee"
    } else {
        "2437/ax"
    };
    let peers = st
        .rows("/interface/wifi/registration-table")
        .iter()
        .filter(|r| r.props.get("interface") == Some(&name))
        .count();
    Some(vec![
        (
            "state",
            if running { "running-ap" } else { "disabled" }.to_string(),
        ),
        ("channel", channel.to_string()),
        ("registered-peers", peers.to_string()),
        ("authorized-peers", peers.to_string()),
    ])
}

/// Who answers a ping, and how fast (mean round trip in microseconds,
/// remote TTL).
fn ping_target(st: &State, ip: Ipv4Addr) -> Option<(u64, u8)> {
    let octets = ip.octets();
    if ip.is_loopback() {
        return Some((30, 64));
    }
    let own = st.rows("/ip/address").iter().any(|r| {
        r.props
            .get("address")
            .and_then(|a| parse_prefix(a))
            .is_some_and(|(a, _)| a == ip)
    });
    if own {
        return Some((40, 64));
    }
    let leased = st.rows("/ip/dhcp-server/lease").iter().any(|r| {
        r.props.get("active-address").map(|v| v.as_ref()) == Some(ip.to_string().as_bytes())
    });
    if leased {
        return Some((600, 64));
    }
    let on_link = st.rows("/ip/address").iter().any(|r| {
        r.props
            .get("address")
            .and_then(|a| parse_prefix(a))
            .is_some_and(|(a, len)| len < 32 && network_of(a, len) == network_of(ip, len))
    });
    let gateway = st
        .rows("/ip/dhcp-client")
        .iter()
        .any(|r| r.props.get("gateway").map(|v| v.as_ref()) == Some(ip.to_string().as_bytes()));
    if gateway {
        return Some((1800, 64));
    }
    if on_link
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_documentation()
        || octets[0] >= 240
    {
        return None;
    }
    Some((12_000 + u64::from(octets[3]) * 40, 57))
}

/// RouterOS round-trip format: `453us`, `12ms345us`, `3ms`.
fn format_rtt(us: u64) -> String {
    let (ms, rest) = (us / 1000, us % 1000);
    match (ms, rest) {
        (0, r) => format!("{r}us"),
        (m, 0) => format!("{m}ms"),
        (m, r) => format!("{m}ms{r}us"),
    }
}

pub(super) fn ping(dev: &Device, args: &Attributes) -> Outcome {
    let parsed = (|| {
        check_args(
            args,
            &[
                "address",
                "count",
                "interval",
                "size",
                "ttl",
                "src-address",
                "interface",
                "do-not-fragment",
                "routing-table",
                "vrf",
                "arp-ping",
                ".proplist",
            ],
        )?;
        let address = args
            .get("address")
            .ok_or_else(|| Refused::new("missing =address=", None))?;
        let ip: Ipv4Addr = std::str::from_utf8(address)
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| Refused::invalid("address"))?;
        let count = match args.get("count") {
            None => None,
            Some(c) => match parse_int(c) {
                Some(n) if (1..=4_294_967_295).contains(&n) => Some(n as u64),
                Some(_) => {
                    return Err(Refused::new(
                        "value of count out of range (1..4294967295)",
                        Some(1),
                    ));
                }
                None => return Err(Refused::invalid("count")),
            },
        };
        let size = match args.get("size") {
            None => 56,
            Some(s) => match parse_int(s) {
                Some(n) if (14..=65535).contains(&n) => n as u64,
                Some(_) => {
                    return Err(Refused::new(
                        "value of size out of range (14..65535)",
                        Some(1),
                    ));
                }
                None => return Err(Refused::invalid("size")),
            },
        };
        let every = interval(args, 1000, 10, 5000)?;
        Ok((ip, count, size, every))
    })();
    let (ip, count, size, every) = match parsed {
        Ok(v) => v,
        Err(r) => return refused(r),
    };
    let proplist = parse_proplist(args);
    let seed = dev.lock().seed;
    let dev2 = dev.clone();
    let mut stats = PingStats::default();
    let sample = Box::new(move |seq: u64| {
        let target = ping_target(&dev2.lock(), ip);
        let row = stats.probe(seed, seq, ip, size, target);
        vec![project(&row, proplist.as_deref())]
    });
    Outcome::Stream(SimStream::periodic(
        every,
        count,
        false,
        dev.config().has_empty_reply(),
        sample,
    ))
}

#[derive(Default)]
struct PingStats {
    sent: u64,
    received: u64,
    min: u64,
    max: u64,
    sum: u64,
}

impl PingStats {
    fn probe(
        &mut self,
        seed: u64,
        seq: u64,
        ip: Ipv4Addr,
        size: u64,
        target: Option<(u64, u8)>,
    ) -> Vec<(&'static str, Bytes)> {
        self.sent += 1;
        let mut row = vec![("seq", seq.to_string()), ("host", ip.to_string())];
        match target {
            Some((mean, ttl)) => {
                let jitter = mix(seed, seq ^ u64::from(u32::from(ip))) % (mean / 2 + 1);
                let rtt = mean * 3 / 4 + jitter;
                self.received += 1;
                self.min = if self.received == 1 {
                    rtt
                } else {
                    self.min.min(rtt)
                };
                self.max = self.max.max(rtt);
                self.sum += rtt;
                row.push(("size", size.to_string()));
                row.push(("ttl", ttl.to_string()));
                row.push(("time", format_rtt(rtt)));
            }
            None => {
                row.push(("status", "timeout".to_string()));
            }
        }
        let loss = (self.sent - self.received) * 100 / self.sent;
        row.push(("sent", self.sent.to_string()));
        row.push(("received", self.received.to_string()));
        row.push(("packet-loss", loss.to_string()));
        if let Some(avg) = self.sum.checked_div(self.received) {
            row.push(("min-rtt", format_rtt(self.min)));
            row.push(("avg-rtt", format_rtt(avg)));
            row.push(("max-rtt", format_rtt(self.max)));
        }
        row_attrs(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rtt_format() {
        assert_eq!(format_rtt(453), "453us");
        assert_eq!(format_rtt(12_345), "12ms345us");
        assert_eq!(format_rtt(3000), "3ms");
    }

    #[test]
    fn ping_stats_accumulate() {
        let mut s = PingStats::default();
        let ip: Ipv4Addr = "127.0.0.1".parse().unwrap();
        s.probe(1, 0, ip, 56, Some((30, 64)));
        let row = s.probe(1, 1, ip, 56, None);
        let get = |k: &str| row.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
        assert_eq!(get("sent").unwrap(), "2");
        assert_eq!(get("received").unwrap(), "1");
        assert_eq!(get("packet-loss").unwrap(), "50");
        assert_eq!(get("status").unwrap(), "timeout");
        assert!(get("min-rtt").is_some());
    }
}
