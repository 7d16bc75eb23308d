//! Values that change with time, computed when read.
//!
//! Traffic follows a smooth deterministic rate per interface,
//! `r * (1 + 0.5 sin(t/w + phase))`, whose integral gives the byte
//! counters. The rate never drops below half its mean, so counters always
//! advance; the seed picks `r`, `w` and the phase, so two devices differ
//! and a test can predict nothing but monotonic growth. Nothing runs in the
//! background: every value is a function of the device clock.

use bytes::Bytes;

use super::clock::{Clock, CounterState, mix, unit};
use super::netwatch;
use super::schema::Menu;
use super::state::{Row, State};
use super::value::{format_datetime, format_duration, format_duration_ms, parse_duration};

/// Mean rates in bytes per second (rx, tx) of an interface.
fn mean_rates(state: &State, row: &Row) -> (f64, f64) {
    let name = row
        .props
        .get("default-name")
        .or_else(|| row.props.get("type"));
    let (rx, tx): (f64, f64) = match name.map(|b| b.as_ref()) {
        Some(b"ether1") => (250_000.0, 40_000.0),
        Some(b"ether2") => (30_000.0, 200_000.0),
        Some(b"wifi1") => (20_000.0, 150_000.0),
        Some(b"wifi2") => (5_000.0, 20_000.0),
        Some(b"loopback") => (300.0, 300.0),
        Some(b"bridge") if row.id == first_bridge(state) => (55_000.0, 370_000.0),
        _ => (0.0, 0.0),
    };
    let f = 0.6 + 0.8 * unit(state.seed, u64::from(row.id));
    (rx * f, tx * f)
}

fn first_bridge(state: &State) -> u32 {
    state
        .rows("/interface/bridge")
        .first()
        .map(|r| r.id)
        .unwrap_or(u32::MAX)
}

/// Period and phase of the rate wobble for one id and direction.
fn wobble(seed: u64, id: u32, dir: u64) -> (f64, f64) {
    let w = 20.0 + 100.0 * unit(seed, u64::from(id) * 4 + dir);
    let phase = std::f64::consts::TAU * unit(seed, u64::from(id) * 4 + dir + 2);
    (w, phase)
}

/// Instantaneous rate at `t`.
fn rate_at(mean: f64, (w, phase): (f64, f64), t: f64) -> f64 {
    mean * (1.0 + 0.5 * (t / w + phase).sin())
}

/// Bytes moved between `a` and `b` at the wobbling rate.
fn integral(mean: f64, (w, phase): (f64, f64), a: f64, b: f64) -> f64 {
    if b <= a {
        return 0.0;
    }
    mean * ((b - a) - 0.5 * w * ((b / w + phase).cos() - (a / w + phase).cos()))
}

const RX_PACKET: f64 = 820.0;
const TX_PACKET: f64 = 410.0;

/// The eight counters of an interface row at `now`, in the order of
/// rx-byte, tx-byte, rx-packet, tx-packet, rx-drop, tx-drop, rx-error,
/// tx-error.
pub fn interface_counters(state: &State, row: &Row, now: f64) -> [u64; 8] {
    let cs = state
        .counters
        .get(&("/interface", row.id))
        .copied()
        .unwrap_or(CounterState {
            base: [0; 8],
            since: state.boot_at,
            active: row.is_true("running"),
        });
    if !cs.active {
        return cs.base;
    }
    let (rx, tx) = mean_rates(state, row);
    let rxb = integral(rx, wobble(state.seed, row.id, 0), cs.since, now);
    let txb = integral(tx, wobble(state.seed, row.id, 1), cs.since, now);
    let (rxp, txp) = (rxb / RX_PACKET, txb / TX_PACKET);
    let wan = row.props.get("default-name").map(|b| b.as_ref()) == Some(b"ether1");
    let added = [
        rxb,
        txb,
        rxp,
        txp,
        rxp / 40_000.0,
        txp / 90_000.0,
        if wan { rxp / 2_000_000.0 } else { 0.0 },
        0.0,
    ];
    let mut out = cs.base;
    for (o, a) in out.iter_mut().zip(added) {
        *o = o.saturating_add(a as u64);
    }
    out
}

/// Freeze or restart an interface's counters at `now` (on disable,
/// enable and reset-counters), keeping them monotonic.
pub fn rebase_counters(state: &mut State, id: u32, now: f64, active: bool, reset: bool) {
    let base = match state.row("/interface", id) {
        Some(row) if !reset => interface_counters(state, row, now),
        _ => [0; 8],
    };
    state.counters.insert(
        ("/interface", id),
        CounterState {
            base,
            since: now,
            active,
        },
    );
}

/// Instantaneous traffic of an interface: (rx, tx) bytes per second.
pub fn interface_rates(state: &State, row: &Row, now: f64) -> (f64, f64) {
    if !row.is_true("running") {
        return (0.0, 0.0);
    }
    let (rx, tx) = mean_rates(state, row);
    (
        rate_at(rx, wobble(state.seed, row.id, 0), now),
        rate_at(tx, wobble(state.seed, row.id, 1), now),
    )
}

/// Bytes and packets a firewall rule has counted.
fn rule_counters(state: &State, menu: &Menu, row: &Row, now: f64) -> (u64, u64) {
    let salt = u64::from(row.id)
        + match menu.path {
            "/ip/firewall/nat" => 1000,
            "/ip/firewall/raw" => 2000,
            "/ip/firewall/mangle" => 3000,
            "/ipv6/firewall/filter" => 4000,
            "/ipv6/firewall/nat" => 5000,
            "/ipv6/firewall/raw" => 6000,
            "/ipv6/firewall/mangle" => 7000,
            _ => 0,
        };
    let u = unit(state.seed, salt);
    // A few rules see most of the traffic, as on a real router.
    let mut mean = if u > 0.7 { 40_000.0 * u } else { 300.0 * u };
    if menu.path.starts_with("/ipv6/") {
        // No IPv6 address is configured by default: little IPv6 traffic
        // (link-local, neighbor discovery).
        mean /= 50.0;
    }
    let since = row.since.max(state.boot_at);
    let bytes = integral(mean, wobble(state.seed, row.id + 7, 0), since, now);
    // Whole packets: a rule that counted bytes counted at least one.
    (bytes as u64, (bytes / 600.0).ceil() as u64)
}

fn s(v: impl ToString) -> Bytes {
    Bytes::from(v.to_string())
}

/// The live values of one row of `menu`; they override stored ones.
pub fn values(state: &State, menu: &Menu, row: &Row, clock: &Clock) -> Vec<(&'static str, Bytes)> {
    let now = clock.now;
    let mut out = Vec::new();
    match menu.path {
        "/interface" => {
            let c = interface_counters(state, row, now);
            let names = [
                "rx-byte",
                "tx-byte",
                "rx-packet",
                "tx-packet",
                "rx-drop",
                "tx-drop",
                "rx-error",
                "tx-error",
            ];
            for (n, v) in names.into_iter().zip(c) {
                out.push((n, s(v)));
            }
            out.push(("tx-queue-drop", s(0)));
            if row.is_true("running") {
                out.push((
                    "last-link-up-time",
                    s(format_datetime(clock.unix_at(row.since.max(state.boot_at)))),
                ));
            }
        }
        "/interface/wifi/registration-table" => {
            let up = (now - row.since).max(0.0);
            out.push(("uptime", s(format_duration(up as u64))));
            let tick = (now * 10.0) as u64;
            out.push((
                "last-activity",
                s(format_duration_ms(mix(state.seed, tick) % 900 + 10)),
            ));
            let mean = 2_000.0 + 60_000.0 * unit(state.seed, u64::from(row.id) + 99);
            let rx = integral(
                mean / 4.0,
                wobble(state.seed, row.id + 50, 0),
                row.since,
                now,
            );
            let tx = integral(mean, wobble(state.seed, row.id + 50, 1), row.since, now);
            out.push(("bytes", s(format!("{},{}", rx as u64, tx as u64))));
            out.push((
                "packets",
                s(format!("{},{}", (rx / 300.0) as u64, (tx / 900.0) as u64)),
            ));
            let rxr = rate_at(mean / 4.0, wobble(state.seed, row.id + 50, 0), now) * 8.0;
            let txr = rate_at(mean, wobble(state.seed, row.id + 50, 1), now) * 8.0;
            out.push(("rx-bits-per-second", s(rxr as u64)));
            out.push(("tx-bits-per-second", s(txr as u64)));
        }
        "/ip/dhcp-server/lease"
            if row.props.get("status").map(|v| v.as_ref()) == Some(b"bound") =>
        {
            let lease_ms = row
                .props
                .get("lease-time")
                .and_then(|v| parse_duration(v))
                .unwrap_or(1_800_000)
                .max(2000);
            let half = lease_ms as f64 / 2000.0;
            let since_renew = (now - row.since).max(0.0) % half;
            out.push((
                "expires-after",
                s(format_duration(
                    (lease_ms as f64 / 1000.0 - since_renew) as u64,
                )),
            ));
            out.push(("last-seen", s(format_duration(since_renew as u64))));
        }
        "/ip/dhcp-client" if row.props.get("status").map(|v| v.as_ref()) == Some(b"bound") => {
            let lease = 86_400.0;
            let since_renew = (now - row.since).max(0.0) % (lease / 2.0);
            out.push((
                "expires-after",
                s(format_duration((lease - since_renew) as u64)),
            ));
        }
        "/ip/firewall/filter"
        | "/ip/firewall/nat"
        | "/ip/firewall/raw"
        | "/ip/firewall/mangle"
        | "/ipv6/firewall/filter"
        | "/ipv6/firewall/nat"
        | "/ipv6/firewall/raw"
        | "/ipv6/firewall/mangle" => {
            let base = state.counters.get(&(menu.path, row.id)).copied();
            let (b, p) = rule_counters(state, menu, row, now);
            let (b0, p0) = match base {
                Some(cs) => {
                    let (rb, rp) = rule_counters(state, menu, row, cs.since);
                    (rb, rp)
                }
                None => (0, 0),
            };
            out.push(("bytes", s(b.saturating_sub(b0))));
            out.push(("packets", s(p.saturating_sub(p0))));
        }
        "/ip/firewall/address-list" => {
            if let Some(t) = row.props.get("timeout").and_then(|v| parse_duration(v)) {
                let left = (t as f64 / 1000.0 - (now - row.since)).max(0.0);
                out.push(("timeout", s(format_duration(left as u64))));
            }
        }
        "/ip/neighbor" => {
            out.push(("age", s(format_duration((now as u64) % 60))));
            let base = row
                .props
                .get("uptime")
                .and_then(|v| parse_duration(v))
                .unwrap_or(0)
                / 1000;
            let up = base + (now - row.since).max(0.0) as u64;
            out.push(("uptime", s(format_duration(up))));
        }
        "/system/resource" => {
            let up = (now - state.boot_at).max(0.0);
            out.push(("uptime", s(format_duration(up as u64))));
            let tick = (now / 5.0) as u64;
            out.push(("cpu-load", s(2 + mix(state.seed, tick) % 12)));
            let total: u64 = row
                .props
                .get("total-memory")
                .and_then(|v| std::str::from_utf8(v).ok()?.parse().ok())
                .unwrap_or(1 << 30);
            let used = total / 3 + mix(state.seed, tick + 1) % (total / 64).max(1);
            out.push(("free-memory", s(total - used)));
            out.push(("write-sect-since-reboot", s(23 + (up / 600.0) as u64)));
        }
        "/interface/bridge/host" if !row.is_true("local") => {
            // Learned entries are refreshed by traffic: age stays below 5m.
            let age = (now - row.since).max(0.0) as u64 % 300;
            out.push(("age", s(format_duration(age))));
        }
        "/system/health" => {
            // Temperature drifts a few degrees around the stored value.
            let base: f64 = row
                .props
                .get("value")
                .and_then(|v| std::str::from_utf8(v).ok()?.parse().ok())
                .unwrap_or(45.0);
            let wob = wobble(state.seed, row.id + 300, 0);
            out.push((
                "value",
                s((base + 3.0 * (now / wob.0 + wob.1).sin()).round()),
            ));
        }
        "/system/resource/cpu" => {
            let tick = (now / 5.0) as u64;
            out.push((
                "load",
                s(1 + mix(state.seed, tick * 8 + u64::from(row.id)) % 14),
            ));
        }
        "/ip/firewall/connection" => {
            let mean = 500.0 + 20_000.0 * unit(state.seed, u64::from(row.id) + 400);
            let wo = wobble(state.seed, row.id + 400, 0);
            let wr = wobble(state.seed, row.id + 400, 1);
            let orig = integral(mean / 5.0, wo, row.since, now);
            let repl = integral(mean, wr, row.since, now);
            out.push(("orig-bytes", s(orig as u64)));
            out.push(("repl-bytes", s(repl as u64)));
            out.push(("orig-packets", s((orig / 120.0) as u64)));
            out.push(("repl-packets", s((repl / 1100.0) as u64)));
            out.push(("orig-rate", s((rate_at(mean / 5.0, wo, now) * 8.0) as u64)));
            out.push(("repl-rate", s((rate_at(mean, wr, now) * 8.0) as u64)));
            let tcp = row.props.get("protocol").map(|v| v.as_ref()) == Some(b"tcp");
            let idle = (now * 3.0) as u64 % 7;
            let timeout = if tcp { 86_400 - idle } else { 180 - idle };
            out.push(("timeout", s(format_duration(timeout))));
        }
        "/tool/netwatch" if !row.is_true("disabled") => {
            let every = row
                .props
                .get("interval")
                .and_then(|v| parse_duration(v))
                .unwrap_or(10_000)
                .max(1000) as f64
                / 1000.0;
            let done = ((now - row.since).max(0.0) / every) as u64;
            out.push(("done-tests", s(done)));
            out.push(("failed-tests", s(0)));
            if !row.props.contains_key("status") {
                // An added probe: unknown until its first test, then up
                // (every simulated host answers).
                let up = done > 0;
                out.push(("status", s(if up { "up" } else { "unknown" })));
                if up {
                    let first = row.since + every;
                    out.push(("since", s(format_datetime(clock.unix_at(first)))));
                }
            }
            let host = row.props.get("host").map(|v| v.as_ref()).unwrap_or(b"");
            let kind = row
                .props
                .get("type")
                .map(|v| v.as_ref())
                .unwrap_or(b"simple");
            if done > 0 {
                for (n, v) in
                    netwatch::probe_results(state.seed, u64::from(row.id), host, kind, done)
                {
                    out.push((n, s(v)));
                }
            }
        }
        "/queue/simple" | "/queue/tree" => {
            // A queue passes part of the LAN's traffic: a seeded mean rate
            // per direction (simple queues print `upload/download` pairs,
            // upload first), about one packet in a thousand dropped, and
            // nothing waiting. A disabled queue counts nothing.
            let pair = menu.path == "/queue/simple";
            let off = row.is_true("disabled");
            let salt = u32::from(pair) * 50_000 + row.id;
            let dir = |d: u64| {
                let mean = if off {
                    0.0
                } else {
                    2_000.0 + 60_000.0 * unit(state.seed, u64::from(salt) * 2 + d + 500)
                };
                let wob = wobble(state.seed, salt + 600, d);
                let bytes = integral(mean, wob, row.since, now);
                let rate = rate_at(mean, wob, now) * 8.0;
                (bytes as u64, (bytes / 700.0) as u64, rate as u64)
            };
            let (up, down) = (dir(0), dir(1));
            let show = |f: fn(&(u64, u64, u64)) -> u64| {
                if pair {
                    s(format!("{}/{}", f(&up), f(&down)))
                } else {
                    s(f(&down))
                }
            };
            out.push(("rate", show(|d| d.2)));
            out.push(("packet-rate", show(|d| d.2 / 8 / 700)));
            out.push(("bytes", show(|d| d.0)));
            out.push(("packets", show(|d| d.1)));
            out.push(("dropped", show(|d| d.1 / 1000)));
            let zero = if pair { "0/0" } else { "0" };
            out.push(("queued-packets", s(zero)));
            out.push(("queued-bytes", s(zero)));
        }
        "/system/clock" => {
            let dt = format_datetime(clock.unix);
            let (date, time) = dt.split_once(' ').unwrap_or((&dt, ""));
            out.push(("time", s(time)));
            out.push(("date", s(date)));
            out.push(("gmt-offset", s("+00:00")));
            out.push(("dst-active", s("false")));
        }
        "/system/ntp/client" => {
            let on = row.is_true("enabled");
            out.push(("status", s(if on { "synchronized" } else { "stopped" })));
        }
        "/routing/bgp/session" if row.is_true("established") => {
            out.push((
                "uptime",
                s(format_duration((now - row.since).max(0.0) as u64)),
            ));
        }
        "/file" => {
            let size = row.props.get("contents").map_or(0, |c| c.len());
            out.push(("size", s(size)));
        }
        "/user/active" => {
            out.push(("when", s(format_datetime(clock.unix_at(row.since)))));
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_is_monotonic_and_near_mean() {
        let wob = (37.0, 1.3);
        let mut last = 0.0;
        for step in 0..2000 {
            let t = f64::from(step) * 0.7;
            let v = integral(1000.0, wob, 0.0, t);
            assert!(v >= last, "at {t}");
            last = v;
        }
        let per_sec = last / (1999.0 * 0.7);
        assert!((500.0..1500.0).contains(&per_sec), "{per_sec}");
    }
}
