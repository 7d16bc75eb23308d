//! `/ping` (and `/tool/ping`): one probe per `=interval=`, with the
//! running statistics RouterOS prints; `=count=` makes it finite.

use std::net::Ipv4Addr;

use bytes::Bytes;

use super::args::{check_args, interval, parse_proplist, round_count, target_address};
use crate::record::Attributes;
use crate::sim::clock::mix;
use crate::sim::device::Device;
use crate::sim::outcome::{Outcome, refused};
use crate::sim::state::State;
use crate::sim::stream::SimStream;
use crate::sim::value::{Refused, format_rtt, network_of, parse_int, parse_prefix};
use crate::sim::view::{project, row_attrs};

/// Who answers a ping, and how fast (mean round trip in microseconds,
/// remote TTL).
pub(super) fn ping_target(st: &State, ip: Ipv4Addr) -> Option<(u64, u8)> {
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
        let ip = target_address(args)?;
        let count = round_count(args)?;
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
