//! The interface monitors: `/interface/monitor-traffic`,
//! `/interface/ethernet/monitor`, `/interface/wifi/monitor`,
//! `/interface/ethernet/poe/monitor`.
//!
//! Each is a sampler over the device state wrapped in a [`SimStream`];
//! `=once=` makes it finite.

use bytes::Bytes;

use super::args::{check_args, interval, parse_proplist};
use crate::record::Attributes;
use crate::sim::device::Device;
use crate::sim::live;
use crate::sim::menus::{self, ETHER_ADVERTISE_1G};
use crate::sim::outcome::{Outcome, refused};
use crate::sim::replies::trap;
use crate::sim::schema::Menu;
use crate::sim::state::{Row, State};
use crate::sim::stream::SimStream;
use crate::sim::value::Refused;
use crate::sim::view::{project, row_attrs};

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
                let menu = menus::menu(path).ok_or_else(|| Refused::no_match("numbers"))?;
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
        "/interface/ethernet/poe" => monitor(dev, args, Targets::Items(menu.path), poe_sample),
        _ => Outcome::Done(trap("no such command", None)),
    }
}

/// PoE-out state of a port. Nothing draws power from ether1 (its peer is
/// the ISP's CPE), so an `auto-on` port waits for a load, as the seeded
/// log says; voltage, current and power are printed only when powered.
fn poe_sample(st: &State, _: f64, row: &Row) -> Option<Vec<(&'static str, String)>> {
    let poe = st.row("/interface/ethernet/poe", row.id)?;
    let mode = poe.props.get("poe-out").map(|v| v.as_ref());
    let status = match mode {
        Some(b"off") => "disabled",
        Some(b"forced-on") => "powered-on",
        _ => "waiting-for-load",
    };
    let mut pairs = vec![(
        "poe-out",
        String::from_utf8_lossy(mode.unwrap_or(b"off")).into_owned(),
    )];
    pairs.push(("poe-out-status", status.to_string()));
    if status == "powered-on" {
        pairs.push(("poe-out-voltage", "23.9".to_string()));
        pairs.push(("poe-out-current", "0".to_string()));
        pairs.push(("poe-out-power", "0.0".to_string()));
    }
    Some(pairs)
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
