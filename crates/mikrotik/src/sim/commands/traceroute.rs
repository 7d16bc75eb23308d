//! `/tool/traceroute`: the hops to an address, one round per second;
//! `=count=` rounds make it finite.
//!
//! Each round is a section (`=.section=N`) with one row per hop and that
//! hop's running statistics: `address`, `loss` (percent), `sent`, `last`
//! (`0.4ms`), `avg`, `best`, `worst`, `std-dev` (milliseconds, one decimal)
//! and `status`. Attribute names follow the console columns; the unit
//! spelling is inferred from the console (`LAST` carries `ms`, the others
//! do not).
//!
//! The path: the router's own and LAN addresses answer as the only hop;
//! anything else goes through the WAN gateway (the DHCP client's) and
//! then answers if a ping would; a silent target shows as a hop without
//! address and `status=timeout`.

use std::net::Ipv4Addr;

use bytes::Bytes;

use super::args::{check_args, interval, parse_proplist, round_count, target_address};
use super::ping::ping_target;
use crate::record::Attributes;
use crate::sim::clock::mix;
use crate::sim::device::Device;
use crate::sim::outcome::{Outcome, refused};
use crate::sim::state::State;
use crate::sim::stream::SimStream;
use crate::sim::view::{project, row_attrs};

/// One hop: its address (`None`: nobody answers) and mean round trip in
/// microseconds.
type Hop = (Option<Ipv4Addr>, u64);

/// The hops to `ip` as the device state has it now.
fn path(st: &State, ip: Ipv4Addr) -> Vec<Hop> {
    let target = ping_target(st, ip);
    // Local answers (own, loopback, LAN hosts) come back with TTL 64 and
    // under 2 ms: one hop.
    if let Some((mean, 64)) = target {
        if mean < 1800 {
            return vec![(Some(ip), mean)];
        }
    }
    let gateway = st.rows("/ip/dhcp-client").iter().find_map(|r| {
        std::str::from_utf8(r.props.get("gateway")?)
            .ok()?
            .parse::<Ipv4Addr>()
            .ok()
    });
    let mut hops = Vec::new();
    // A silent private address is on the LAN side: no gateway hop.
    let local = target.is_none() && (ip.is_private() || ip.is_loopback());
    if let Some(g) = gateway.filter(|g| *g != ip && !local) {
        hops.push((Some(g), 1800));
    }
    match target {
        Some((mean, _)) => hops.push((Some(ip), mean)),
        None => hops.push((None, 0)),
    }
    hops
}

#[derive(Default, Clone)]
struct HopStats {
    sent: u64,
    received: u64,
    last: u64,
    best: u64,
    worst: u64,
    sum: u64,
    sum_sq: u128,
}

fn ms(us: u64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

impl HopStats {
    fn probe(&mut self, rtt: Option<u64>) {
        self.sent += 1;
        if let Some(rtt) = rtt {
            self.received += 1;
            self.last = rtt;
            self.best = if self.received == 1 {
                rtt
            } else {
                self.best.min(rtt)
            };
            self.worst = self.worst.max(rtt);
            self.sum += rtt;
            self.sum_sq += u128::from(rtt) * u128::from(rtt);
        }
    }

    fn row(&self, address: Option<Ipv4Addr>) -> Vec<(&'static str, Bytes)> {
        let loss = (self.sent - self.received) * 100 / self.sent.max(1);
        let mut row = vec![
            (
                "address",
                address.map(|a| a.to_string()).unwrap_or_default(),
            ),
            ("loss", loss.to_string()),
            ("sent", self.sent.to_string()),
        ];
        match self.sum.checked_div(self.received) {
            Some(avg) => {
                let n = self.received as f64;
                let mean = self.sum as f64 / n;
                let var = (self.sum_sq as f64 / n - mean * mean).max(0.0);
                row.push(("last", format!("{}ms", ms(self.last))));
                row.push(("avg", ms(avg)));
                row.push(("best", ms(self.best)));
                row.push(("worst", ms(self.worst)));
                row.push(("std-dev", ms(var.sqrt() as u64)));
                row.push(("status", String::new()));
            }
            None => row.push(("status", "timeout".to_string())),
        }
        row_attrs(row)
    }
}

pub(super) fn traceroute(dev: &Device, args: &Attributes) -> Outcome {
    let parsed = (|| {
        check_args(
            args,
            &[
                "address",
                "count",
                "interval",
                "timeout",
                "max-hops",
                "size",
                "src-address",
                "interface",
                "protocol",
                "port",
                "use-dns",
                "routing-table",
                "vrf",
                "dscp",
                "duration",
                ".proplist",
            ],
        )?;
        let ip = target_address(args)?;
        let count = round_count(args)?;
        let every = interval(args, 1000, 10, 5000)?;
        Ok((ip, count, every))
    })();
    let (ip, count, every) = match parsed {
        Ok(v) => v,
        Err(r) => return refused(r),
    };
    let proplist = parse_proplist(args);
    let seed = dev.lock().seed;
    let dev2 = dev.clone();
    let mut stats: Vec<HopStats> = Vec::new();
    let sample = Box::new(move |round: u64| {
        let hops = path(&dev2.lock(), ip);
        stats.resize(hops.len(), HopStats::default());
        hops.iter()
            .zip(stats.iter_mut())
            .enumerate()
            .map(|(n, ((addr, mean), s))| {
                let rtt = addr.map(|_| {
                    let jitter = mix(seed, round * 31 + n as u64) % (mean / 2 + 1);
                    mean * 3 / 4 + jitter
                });
                s.probe(rtt);
                project(&s.row(*addr), proplist.as_deref())
            })
            .collect()
    });
    Outcome::Stream(SimStream::periodic(
        every,
        count,
        true,
        dev.config().has_empty_reply(),
        sample,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hop_statistics() {
        let mut s = HopStats::default();
        s.probe(Some(1000));
        s.probe(Some(3000));
        let row = s.row(Some(Ipv4Addr::new(192, 0, 2, 1)));
        let get = |k: &str| {
            row.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        };
        assert_eq!(get("address").unwrap(), "192.0.2.1");
        assert_eq!(get("sent").unwrap(), "2");
        assert_eq!(get("loss").unwrap(), "0");
        assert_eq!(get("last").unwrap(), "3.0ms");
        assert_eq!(get("avg").unwrap(), "2.0");
        assert_eq!(get("best").unwrap(), "1.0");
        assert_eq!(get("worst").unwrap(), "3.0");
        assert_eq!(get("std-dev").unwrap(), "1.0");
        let mut t = HopStats::default();
        t.probe(None);
        let row = t.row(None);
        assert!(row.iter().any(|(n, v)| *n == "status" && v == "timeout"));
        assert!(row.iter().any(|(n, v)| *n == "loss" && v == "100"));
    }
}
