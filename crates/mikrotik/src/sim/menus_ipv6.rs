//! The IPv6 firewall, routes and pools of the simulated RouterOS 7 device.
//!
//! Property names and value words follow the RouterOS 7 manual and the
//! IPv4 counterparts in [`super::menus`]; the IPv6 matchers take IPv6
//! prefixes, `hop-limit` and `icmpv6`. Shapes not captured from a router
//! are marked "inferred".

use super::schema::{ExportStyle as E, Kind, Menu, Prop};

const TEXT: Kind = Kind::Text;
const BOOL: Kind = Kind::Bool;
const fn p(name: &'static str, kind: Kind) -> Prop {
    Prop::new(name, kind)
}
const fn ro(name: &'static str) -> Prop {
    Prop::new(name, TEXT).ro()
}
const fn list_ref(negate: bool) -> Kind {
    Kind::Ref {
        menu: "/interface/list",
        negate,
        list: false,
        extra: &[],
    }
}
const fn iface_ref() -> Kind {
    Kind::Ref {
        menu: "/interface",
        negate: true,
        list: false,
        extra: &[],
    }
}
const COMMENT: Prop = p("comment", TEXT);
const DYNAMIC: Prop = p("dynamic", BOOL).ro().def("false");
const INVALID: Prop = p("invalid", BOOL).ro().def("false");

/// The rule properties every IPv6 firewall table shares, after `chain`
/// and `action`.
macro_rules! v6_rule {
    ($path:literal, $section:literal, [$($action:literal),* $(,)?], [$($extra:expr),* $(,)?]) => {
        Menu::list(
            $path,
            &[
                p("chain", TEXT).req(),
                p("action", Kind::Enum(&[$($action),*])).def("accept"),
                p(
                    "connection-state",
                    Kind::EnumList {
                        words: &["established", "invalid", "new", "related", "untracked"],
                        negate: true,
                    },
                ),
                p("protocol", TEXT),
                p("src-address", TEXT),
                p("dst-address", TEXT),
                p("src-port", TEXT),
                p("dst-port", TEXT),
                p("in-interface", iface_ref()),
                p("out-interface", iface_ref()),
                p("in-interface-list", list_ref(true)),
                p("out-interface-list", list_ref(true)),
                p("src-address-list", TEXT),
                p("dst-address-list", TEXT),
                p("ipsec-policy", TEXT),
                p("hop-limit", TEXT),
                $($extra,)*
                p("jump-target", TEXT),
                p("log", BOOL),
                p("log-prefix", TEXT),
                ro("bytes"),
                ro("packets"),
                INVALID,
                DYNAMIC,
                p("disabled", BOOL),
                COMMENT,
            ],
        )
        .ordered()
        .extra(&["reset-counters"])
        .export($section, E::Add)
    };
}

/// `/ipv6/firewall/filter` (defconf rules seeded).
pub const FILTER: Menu = v6_rule!(
    "/ipv6/firewall/filter",
    "/ipv6 firewall filter",
    [
        "accept",
        "add-dst-to-address-list",
        "add-src-to-address-list",
        "drop",
        "jump",
        "log",
        "passthrough",
        "reject",
        "return",
    ],
    [p("reject-with", TEXT)]
);

/// `/ipv6/firewall/nat` (empty by default).
pub const NAT: Menu = v6_rule!(
    "/ipv6/firewall/nat",
    "/ipv6 firewall nat",
    [
        "accept",
        "dst-nat",
        "jump",
        "log",
        "masquerade",
        "netmap",
        "passthrough",
        "redirect",
        "return",
        "src-nat",
    ],
    [p("to-address", TEXT), p("to-ports", TEXT)]
);

/// `/ipv6/firewall/raw` (empty by default).
pub const RAW: Menu = v6_rule!(
    "/ipv6/firewall/raw",
    "/ipv6 firewall raw",
    [
        "accept",
        "add-dst-to-address-list",
        "add-src-to-address-list",
        "drop",
        "jump",
        "log",
        "notrack",
        "passthrough",
        "return",
    ],
    []
);

/// `/ipv6/firewall/mangle` (empty by default).
pub const MANGLE: Menu = v6_rule!(
    "/ipv6/firewall/mangle",
    "/ipv6 firewall mangle",
    [
        "accept",
        "add-dst-to-address-list",
        "add-src-to-address-list",
        "change-dscp",
        "change-hop-limit",
        "change-mss",
        "drop",
        "jump",
        "log",
        "mark-connection",
        "mark-packet",
        "mark-routing",
        "passthrough",
        "return",
        "set-priority",
        "sniff-pc",
        "sniff-tzsp",
    ],
    [
        p("new-connection-mark", TEXT),
        p("new-packet-mark", TEXT),
        p("new-routing-mark", TEXT),
        p("connection-mark", TEXT),
        p("packet-mark", TEXT),
        p("passthrough", BOOL),
    ]
);

/// `/ipv6/firewall/address-list` (defconf `bad_ipv6` seeded).
pub const ADDRESS_LIST: Menu = Menu::list(
    "/ipv6/firewall/address-list",
    &[
        p("list", TEXT).req(),
        p("address", TEXT).req(),
        p("timeout", Kind::Duration),
        ro("creation-time"),
        DYNAMIC,
        p("disabled", BOOL).def("false"),
        COMMENT,
    ],
)
.unique(&[&["list", "address"]])
.export("/ipv6 firewall address-list", E::Add);

/// `/ipv6/route`: static routes only (no IPv6 address is configured by
/// default, so no connected route either). Inferred from `/ip/route`.
pub const ROUTE: Menu = Menu::list(
    "/ipv6/route",
    &[
        p("dst-address", TEXT).def("::/0"),
        p("gateway", TEXT),
        ro("immediate-gw"),
        p("distance", Kind::Int { min: 1, max: 255 }).def("1"),
        p("scope", Kind::Int { min: 0, max: 255 }).def("30"),
        p("target-scope", Kind::Int { min: 0, max: 255 }).def("10"),
        p("routing-table", TEXT).def("main"),
        p("dynamic", BOOL).ro().def("false"),
        p("active", BOOL).state_flag(),
        p("static", BOOL).state_flag(),
        p("connect", BOOL).state_flag(),
        p("inactive", BOOL).ro().def("false"),
        p("disabled", BOOL),
        COMMENT,
    ],
)
.first_id(0x8000_0000)
.export("/ipv6 route", E::Add);

/// `/ipv6/pool` (empty by default; a DHCPv6 prefix delegation adds one).
pub const POOL: Menu = Menu::list(
    "/ipv6/pool",
    &[
        p("name", TEXT).req(),
        p("prefix", TEXT).req(),
        p("prefix-length", Kind::Int { min: 1, max: 128 }).req(),
        ro("expires-after"),
        DYNAMIC,
        COMMENT,
    ],
)
.named("name")
.unique(&[&["name"]])
.export("/ipv6 pool", E::Add);
