//! Argument checks and parsing the verbs share.

use std::net::Ipv4Addr;
use std::time::Duration;

use bytes::Bytes;

use crate::record::Attributes;
use crate::sim::schema::{Menu, Prop, flag};
use crate::sim::state::State;
use crate::sim::value::{Refused, format_duration_ms, normalise, parse_duration, parse_int};

pub(super) fn unknown_parameter(name: &[u8]) -> Refused {
    Refused::new(
        format!("unknown parameter {}", String::from_utf8_lossy(name)),
        None,
    )
}

/// Refuse arguments outside `allowed`.
pub(super) fn check_args(args: &Attributes, allowed: &[&str]) -> Result<(), Refused> {
    for (name, _) in args.iter() {
        if !allowed.iter().any(|a| a.as_bytes() == name.as_ref()) {
            return Err(unknown_parameter(name));
        }
    }
    Ok(())
}

pub(super) fn parse_proplist(args: &Attributes) -> Option<Vec<Bytes>> {
    args.get(".proplist").map(|v| {
        v.split(|&b| b == b',')
            .filter(|p| !p.is_empty())
            .map(Bytes::copy_from_slice)
            .collect()
    })
}

/// The ids named by `.id` (or `numbers`); singletons need none.
pub(super) fn target_ids(
    st: &State,
    menu: &Menu,
    args: &Attributes,
    singleton_ok: bool,
) -> Result<Vec<u32>, Refused> {
    if menu.singleton && singleton_ok {
        return Ok(st.rows(menu.path).iter().map(|r| r.id).take(1).collect());
    }
    let spec = args
        .get(".id")
        .or_else(|| args.get("numbers"))
        .ok_or_else(|| Refused::new("missing =numbers=", None))?;
    st.resolve_ids(menu, spec)
}

pub(super) fn writable_prop(menu: &Menu, name: &[u8]) -> Result<&'static Prop, Refused> {
    std::str::from_utf8(name)
        .ok()
        .and_then(|n| menu.prop(n))
        .filter(|p| p.writable())
        .ok_or_else(|| unknown_parameter(name))
}

pub(super) type Changes = Vec<(&'static Prop, Option<Bytes>)>;

/// Read `=name=value` and `=!name=` arguments into checked changes.
pub(super) fn parse_changes(
    st: &State,
    menu: &Menu,
    args: &Attributes,
    skip: &[&str],
) -> Result<Changes, Refused> {
    let exists = |m: &str, name: &[u8]| st.name_exists(m, name);
    let mut out: Changes = Vec::new();
    for (name, value) in args.iter() {
        if skip.iter().any(|s| s.as_bytes() == name.as_ref()) {
            continue;
        }
        if let Some(unset) = name.strip_prefix(b"!") {
            let prop = writable_prop(menu, unset)?;
            if prop.has(flag::REQUIRED) && prop.default.is_none() {
                return Err(unknown_parameter(name));
            }
            out.push((prop, None));
            continue;
        }
        let prop = writable_prop(menu, name)?;
        let v = normalise(prop.name, prop.kind, value, &exists)?;
        out.push((prop, Some(v)));
    }
    Ok(out)
}

/// `=interval=` in `min..=max` milliseconds, or `default`.
pub(super) fn interval(
    args: &Attributes,
    default: u64,
    min: u64,
    max: u64,
) -> Result<Duration, Refused> {
    match args.get("interval") {
        None => Ok(Duration::from_millis(default)),
        Some(v) => match parse_duration(v) {
            Some(ms) if (min..=max).contains(&ms) => Ok(Duration::from_millis(ms)),
            Some(_) => Err(Refused::new(
                format!(
                    "value of interval out of range ({}..{})",
                    format_duration_ms(min),
                    format_duration_ms(max)
                ),
                Some(1),
            )),
            None => Err(Refused::invalid("interval")),
        },
    }
}

/// `=address=` of `/ping` and `/tool/traceroute`: required, an IPv4
/// address (the simulated device has no IPv6 path).
pub(super) fn target_address(args: &Attributes) -> Result<Ipv4Addr, Refused> {
    let address = args
        .get("address")
        .ok_or_else(|| Refused::new("missing =address=", None))?;
    std::str::from_utf8(address)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| Refused::invalid("address"))
}

/// `=count=` of `/ping` and `/tool/traceroute`: rounds before the command
/// ends by itself (`None`: until cancelled), RouterOS's 32-bit range.
pub(super) fn round_count(args: &Attributes) -> Result<Option<u64>, Refused> {
    match args.get("count") {
        None => Ok(None),
        Some(c) => match parse_int(c) {
            Some(n) if (1..=4_294_967_295).contains(&n) => Ok(Some(n as u64)),
            Some(_) => Err(Refused::new(
                "value of count out of range (1..4294967295)",
                Some(1),
            )),
            None => Err(Refused::invalid("count")),
        },
    }
}
