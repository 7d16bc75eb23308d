//! The ubus objects the simulated router registers, and their methods.
//!
//! Each object is a table of methods with their argument signatures (what
//! `list` reports) and a handler that reads or changes [`SimState`]. The
//! JSON-RPC layer (`super::rpc`) has already checked that the object
//! exists and that the session's ACL allows the method; a method the object
//! does not have is answered with status 3, as ubus does.

mod ixon_ui;
mod openwrt;
mod session;

use std::time::Instant;

use serde_json::{Map, Value, json};

use super::{Flavor, SimState};
use crate::jsonrpc::UbusStatus;

/// A handler's answer: the ubus status and the data object, if any.
pub type Reply = (UbusStatus, Option<Value>);

/// Who is calling, as rpcd sees it.
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    /// The ubus session id of the call (`0000...` for the null session).
    pub session: &'a str,
    /// The simulated clock's now, for timeouts and uptimes.
    pub now: Instant,
}

/// One method's name and argument types (`string`, `number`, `boolean`,
/// `object`, `array`: the names uhttpd's `list` prints).
#[derive(Debug, Clone, Copy)]
pub struct MethodSig {
    /// Method name, e.g. `get`.
    pub name: &'static str,
    /// `(argument, type)` pairs, in the order `list` prints them.
    pub args: &'static [(&'static str, &'static str)],
}

const fn m(name: &'static str, args: &'static [(&'static str, &'static str)]) -> MethodSig {
    MethodSig { name, args }
}

const SESSION: &[MethodSig] = &[
    m(
        "login",
        &[
            ("username", "string"),
            ("password", "string"),
            ("timeout", "number"),
        ],
    ),
    m(
        "access",
        &[
            ("scope", "string"),
            ("object", "string"),
            ("function", "string"),
        ],
    ),
    m("destroy", &[]),
];
const IXON_OVERVIEW: &[MethodSig] = &[m("get", &[])];
const IXON_CONFIGURATION: &[MethodSig] = &[m("get", &[]), m("set", &[("configuration", "object")])];
const IXON_ACCOUNT: &[MethodSig] = &[m("password_set", &[("password", "string")])];
const IXON_HARDWARE: &[MethodSig] = &[m("get", &[])];
const SYSTEM: &[MethodSig] = &[m("board", &[]), m("info", &[]), m("reboot", &[])];
const NETWORK_DEVICE: &[MethodSig] = &[m("status", &[("name", "string")])];
const NETWORK_INTERFACE: &[MethodSig] = &[m("dump", &[]), m("status", &[("interface", "string")])];
const LUCI: &[MethodSig] = &[m("getFeatures", &[])];
const LUCI_RPC: &[MethodSig] = &[m("getDHCPLeases", &[("family", "number")])];
const IWINFO: &[MethodSig] = &[
    m("devices", &[]),
    m("info", &[("device", "string")]),
    m("assoclist", &[("device", "string"), ("mac", "string")]),
];
const HOSTAPD: &[MethodSig] = &[m("get_clients", &[])];
const UCI: &[MethodSig] = &[
    m("configs", &[]),
    m(
        "get",
        &[
            ("config", "string"),
            ("section", "string"),
            ("option", "string"),
            ("type", "string"),
        ],
    ),
];

/// The objects registered on a device of this flavor, with their methods.
pub fn objects(state: &SimState) -> Vec<(String, &'static [MethodSig])> {
    let mut list: Vec<(String, &'static [MethodSig])> = vec![("session".into(), SESSION)];
    match state.flavor {
        Flavor::Ixon => {
            list.push(("ixon.ui.account".into(), IXON_ACCOUNT));
            list.push(("ixon.ui.configuration".into(), IXON_CONFIGURATION));
            list.push(("ixon.ui.hardware".into(), IXON_HARDWARE));
            list.push(("ixon.ui.overview".into(), IXON_OVERVIEW));
        }
        Flavor::OpenWrt => {
            for radio in &state.device.radios {
                list.push((format!("hostapd.{}", radio.device), HOSTAPD));
            }
            list.push(("iwinfo".into(), IWINFO));
            list.push(("luci".into(), LUCI));
            list.push(("luci-rpc".into(), LUCI_RPC));
            list.push(("network.device".into(), NETWORK_DEVICE));
            list.push(("network.interface".into(), NETWORK_INTERFACE));
            list.push(("system".into(), SYSTEM));
            list.push(("uci".into(), UCI));
        }
    }
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list
}

/// Whether `object` is registered (uhttpd checks this before the ACL).
pub fn exists(state: &SimState, object: &str) -> bool {
    objects(state).iter().any(|(name, _)| name == object)
}

/// `list`'s description of one object: `{method: {arg: type}}`.
pub fn describe(methods: &[MethodSig]) -> Value {
    let map: Map<String, Value> = methods
        .iter()
        .map(|m| {
            let args: Map<String, Value> = m
                .args
                .iter()
                .map(|(a, t)| (a.to_string(), json!(t)))
                .collect();
            (m.name.to_string(), Value::Object(args))
        })
        .collect();
    Value::Object(map)
}

/// Run `object.method` for `caller`.
pub fn invoke(
    state: &mut SimState,
    caller: Caller<'_>,
    object: &str,
    method: &str,
    args: &Map<String, Value>,
) -> Reply {
    match object {
        "session" => session::invoke(state, caller, method, args),
        "ixon.ui.overview" | "ixon.ui.configuration" | "ixon.ui.account" | "ixon.ui.hardware" => {
            ixon_ui::invoke(state, caller, object, method, args)
        }
        _ => openwrt::invoke(state, caller, object, method, args),
    }
}

/// A string argument, or `None` when absent or of another type (rpcd's
/// blobmsg policies ignore mistyped attributes).
fn arg_str<'a>(args: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    args.get(key).and_then(Value::as_str)
}
