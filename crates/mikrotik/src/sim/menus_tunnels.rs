//! Menus a hAP ax^2 has but its default configuration leaves empty:
//! WireGuard, GRE/EoIP/IPIP tunnels, LTE, certificates, IPsec active
//! peers, kid-control devices, BFD sessions. mktxp's optional collectors (and
//! operators) read them; an empty table is what a real router answers.
//!
//! Property names follow the RouterOS 7 manual; the menus carry the
//! commonly used properties, not every one. Inferred shapes (no capture).

use super::schema::{ExportStyle as E, IfaceRole, Kind, Menu, Prop, cmd};

const TEXT: Kind = Kind::Text;
const BOOL: Kind = Kind::Bool;
const fn p(name: &'static str, kind: Kind) -> Prop {
    Prop::new(name, kind)
}
const fn ro(name: &'static str) -> Prop {
    Prop::new(name, TEXT).ro()
}
const fn port() -> Kind {
    Kind::Int { min: 1, max: 65535 }
}
const MTU_AUTO: Kind = Kind::IntOr {
    min: 0,
    max: 65535,
    words: &["auto"],
};
const COMMENT: Prop = p("comment", TEXT);

/// `/interface/wireguard`.
pub const WIREGUARD: Menu = Menu::list(
    "/interface/wireguard",
    &[
        p("name", TEXT).master().req(),
        p("mtu", Kind::Int { min: 0, max: 65535 })
            .master()
            .def("1420"),
        p("listen-port", port()),
        p("private-key", TEXT).sensitive(),
        ro("public-key"),
        p("running", BOOL).ro().master(),
        p("disabled", BOOL).master().def("false"),
        p("comment", TEXT).master(),
    ],
)
.named("name")
.iface(IfaceRole::Sub { type_name: "wg" })
.export("/interface wireguard", E::Add);

/// `/interface/wireguard/peers`.
pub const WIREGUARD_PEERS: Menu = Menu::list(
    "/interface/wireguard/peers",
    &[
        p("name", TEXT),
        p(
            "interface",
            Kind::Ref {
                menu: "/interface/wireguard",
                negate: false,
                list: false,
                extra: &[],
            },
        )
        .req(),
        p("public-key", TEXT).req(),
        p("preshared-key", TEXT).sensitive(),
        p("endpoint-address", TEXT).def(""),
        p("endpoint-port", Kind::Int { min: 0, max: 65535 }).def("0"),
        p("allowed-address", TEXT).def(""),
        p("persistent-keepalive", Kind::Duration),
        ro("current-endpoint-address"),
        ro("current-endpoint-port"),
        ro("last-handshake"),
        ro("rx"),
        ro("tx"),
        p("disabled", BOOL).def("false"),
        COMMENT,
    ],
)
.export("/interface wireguard peers", E::Add);

/// A point-to-point IP tunnel interface (GRE, EoIP, IPIP).
macro_rules! tunnel {
    ($path:literal, $type_name:literal, $section:literal, [$($extra:expr),* $(,)?]) => {
        Menu::list(
            $path,
            &[
                p("name", TEXT).master().req(),
                p("mtu", MTU_AUTO).master().def("auto"),
                ro("actual-mtu").master(),
                p("local-address", TEXT).def("0.0.0.0"),
                p("remote-address", TEXT).req(),
                p("keepalive", TEXT).def("10s,10"),
                p("dscp", TEXT).def("inherit"),
                p("clamp-tcp-mss", BOOL).def("true"),
                p("dont-fragment", Kind::Enum(&["inherit", "no"])).def("no"),
                p("allow-fast-path", BOOL).def("true"),
                p("ipsec-secret", TEXT).sensitive(),
                $($extra,)*
                p("running", BOOL).ro().master(),
                p("disabled", BOOL).master().def("false"),
                p("comment", TEXT).master(),
            ],
        )
        .named("name")
        .iface(IfaceRole::Sub { type_name: $type_name })
        .export($section, E::Add)
    };
}

/// `/interface/gre`.
pub const GRE: Menu = tunnel!("/interface/gre", "gre-tunnel", "/interface gre", []);

/// `/interface/eoip`.
pub const EOIP: Menu = tunnel!(
    "/interface/eoip",
    "eoip-tunnel",
    "/interface eoip",
    [
        p("tunnel-id", Kind::Int { min: 0, max: 65535 }).req(),
        ro("mac-address").master(),
        ro("l2mtu").master(),
    ]
);

/// `/interface/ipip`.
pub const IPIP: Menu = tunnel!("/interface/ipip", "ipip-tunnel", "/interface ipip", []);

/// `/interface/lte`: no modem on a hAP ax^2, so no rows.
pub const LTE: Menu = Menu::list(
    "/interface/lte",
    &[
        ro("name"),
        p("apn-profiles", TEXT),
        p("allow-roaming", BOOL),
        p("band", TEXT),
        p("sms-read", BOOL),
        p("running", BOOL).ro(),
        p("disabled", BOOL),
        COMMENT,
    ],
)
.named("name")
.cmds(cmd::EDIT)
.extra(&["monitor", "at-chat", "info"]);

/// `/certificate` (none by default; `add` makes a template to sign).
pub const CERTIFICATE: Menu = Menu::list(
    "/certificate",
    &[
        p("name", TEXT).req(),
        p("common-name", TEXT).req(),
        p("subject-alt-name", TEXT).def(""),
        p("key-size", TEXT).def("2048"),
        p("days-valid", Kind::Int { min: 1, max: 36500 }).def("365"),
        p("key-usage", TEXT),
        p("trusted", BOOL).def("false"),
        ro("fingerprint"),
        ro("serial-number"),
        ro("invalid-before"),
        ro("invalid-after"),
        ro("expires-after"),
        COMMENT,
    ],
)
.named("name")
.unique(&[&["name"]])
.cmds(cmd::ADD | cmd::SET | cmd::REMOVE | cmd::UNSET)
.extra(&["sign", "import", "export-certificate"]);

/// `/ip/ipsec/active-peers` (no IPsec peer by default).
pub const IPSEC_ACTIVE_PEERS: Menu = Menu::list(
    "/ip/ipsec/active-peers",
    &[
        ro("id"),
        ro("state"),
        ro("side"),
        ro("local-address"),
        ro("remote-address"),
        ro("dynamic-address"),
        ro("uptime"),
        ro("last-seen"),
        ro("rx-bytes"),
        ro("tx-bytes"),
        ro("rx-packets"),
        ro("tx-packets"),
        ro("ph2-total"),
        p("responder", BOOL).ro(),
        p("natt-peer", BOOL).ro(),
    ],
)
.cmds(cmd::REMOVE)
.extra(&["kill-connections"]);

/// `/ip/kid-control/device` (kid control is not set up by default).
pub const KID_CONTROL_DEVICE: Menu = Menu::list(
    "/ip/kid-control/device",
    &[
        p("name", TEXT),
        p("mac-address", Kind::Mac),
        p("user", TEXT),
        ro("ip-address"),
        ro("bytes-down"),
        ro("bytes-up"),
        ro("rate-down"),
        ro("rate-up"),
        ro("idle-time"),
        ro("activity"),
        p("blocked", BOOL).ro(),
        p("limited", BOOL).ro(),
        p("disabled", BOOL).def("false"),
        COMMENT,
    ],
)
.cmds(cmd::ALL)
.extra(&["reset-counters"]);

/// `/routing/bfd/session` (no BFD configured by default).
pub const BFD_SESSION: Menu = Menu::list(
    "/routing/bfd/session",
    &[
        ro("local-address"),
        ro("remote-address"),
        ro("interface"),
        ro("vrf"),
        ro("state"),
        ro("state-changes"),
        ro("uptime"),
        ro("desired-tx-interval"),
        ro("actual-tx-interval"),
        ro("required-min-rx"),
        ro("remote-min-rx"),
        ro("multiplier"),
        ro("hold-time"),
        ro("packets-rx"),
        ro("packets-tx"),
        p("multihop", BOOL).ro(),
    ],
)
.cmds(0);
