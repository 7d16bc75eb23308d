//! The menus of the simulated RouterOS 7 device, as data.
//!
//! Property names, defaults and value words follow RouterOS 7.20 (hAP ax^2
//! captures in the shared reference, the RouterOS default configuration).
//! The order of [`MENUS`] is the section order of `/export`.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::menus_ipv6 as v6;
use super::menus_ros7 as ros7;
use super::menus_tunnels as tun;
use super::schema::{ExportStyle as E, IfaceRole, Kind, Menu, Prop, cmd};

const TEXT: Kind = Kind::Text;
const BOOL: Kind = Kind::Bool;
const fn int(min: i64, max: i64) -> Kind {
    Kind::Int { min, max }
}
const fn p(name: &'static str, kind: Kind) -> Prop {
    Prop::new(name, kind)
}
/// A read-only text property.
const fn ro(name: &'static str) -> Prop {
    Prop::new(name, TEXT).ro()
}
const fn iface_ref(negate: bool) -> Kind {
    Kind::Ref {
        menu: "/interface",
        negate,
        list: false,
        extra: &[],
    }
}
const fn refer(menu: &'static str) -> Kind {
    Kind::Ref {
        menu,
        negate: false,
        list: false,
        extra: &[],
    }
}
const COMMENT: Prop = p("comment", TEXT);
const DISABLED: Prop = p("disabled", BOOL).def("false");
const DYNAMIC: Prop = p("dynamic", BOOL).ro().def("false");
const INVALID: Prop = p("invalid", BOOL).ro().def("false");

const ARP: Kind = Kind::Enum(&[
    "disabled",
    "enabled",
    "local-proxy-arp",
    "proxy-arp",
    "reply-only",
]);
const ETHER_ADVERTISE: &[&str] = &[
    "10M-baseT-half",
    "10M-baseT-full",
    "100M-baseT-half",
    "100M-baseT-full",
    "1G-baseT-half",
    "1G-baseT-full",
    "2.5G-baseT",
    "5G-baseT",
    "10G-baseT",
];
/// The advertise list of a 1G port (from the 7.20.5 ethernet monitor capture).
pub const ETHER_ADVERTISE_1G: &str =
    "10M-baseT-half,10M-baseT-full,100M-baseT-half,100M-baseT-full,1G-baseT-half,1G-baseT-full";

/// RouterOS user policies.
pub const POLICIES: &[&str] = &[
    "local",
    "telnet",
    "ssh",
    "ftp",
    "reboot",
    "read",
    "write",
    "policy",
    "test",
    "winbox",
    "password",
    "web",
    "sniff",
    "sensitive",
    "api",
    "romon",
    "rest-api",
];

const IFACE_COUNTERS: [Prop; 8] = [
    ro("rx-byte"),
    ro("tx-byte"),
    ro("rx-packet"),
    ro("tx-packet"),
    ro("rx-drop"),
    ro("tx-drop"),
    ro("rx-error"),
    ro("tx-error"),
];

const INTERFACE: Menu = Menu::list(
    "/interface",
    &[
        p("name", TEXT).req(),
        ro("default-name"),
        ro("type"),
        p(
            "mtu",
            Kind::IntOr {
                min: 0,
                max: 65535,
                words: &["auto"],
            },
        ),
        ro("actual-mtu"),
        ro("l2mtu"),
        ro("max-l2mtu"),
        ro("mac-address"),
        ro("last-link-up-time"),
        ro("link-downs"),
        IFACE_COUNTERS[0],
        IFACE_COUNTERS[1],
        IFACE_COUNTERS[2],
        IFACE_COUNTERS[3],
        IFACE_COUNTERS[4],
        IFACE_COUNTERS[5],
        ro("tx-queue-drop"),
        IFACE_COUNTERS[6],
        IFACE_COUNTERS[7],
        p("running", BOOL).ro(),
        p("slave", BOOL).state_flag(),
        DYNAMIC,
        DISABLED,
        COMMENT,
    ],
)
.named("name")
.cmds(cmd::EDIT)
.iface(IfaceRole::Master)
.extra(&["monitor-traffic", "reset-counters"]);

const ETHERNET: Menu = Menu::list(
    "/interface/ethernet",
    &[
        p("name", TEXT).master(),
        ro("default-name").master(),
        p("mtu", int(0, 65535)).master().def("1500"),
        ro("l2mtu").master(),
        p("mac-address", Kind::Mac).master(),
        ro("orig-mac-address"),
        p("arp", ARP).def("enabled"),
        p("arp-timeout", TEXT).def("auto"),
        p("loop-protect", Kind::Enum(&["default", "on", "off"])).def("default"),
        ro("loop-protect-status").def("off"),
        p("loop-protect-send-interval", Kind::Duration).def("5s"),
        p("loop-protect-disable-time", Kind::Duration).def("5m"),
        p("auto-negotiation", BOOL).def("true"),
        p(
            "advertise",
            Kind::EnumList {
                words: ETHER_ADVERTISE,
                negate: false,
            },
        )
        .def(ETHER_ADVERTISE_1G),
        p("tx-flow-control", Kind::Enum(&["auto", "off", "on"])).def("off"),
        p("rx-flow-control", Kind::Enum(&["auto", "off", "on"])).def("off"),
        p("poe-out", Kind::Enum(&["auto-on", "forced-on", "off"])),
        p("poe-priority", int(0, 99)),
        p("running", BOOL).ro().master(),
        p("slave", BOOL).state_flag().master(),
        p("disabled", BOOL).master().def("false"),
        p("comment", TEXT).master(),
    ],
)
.named("name")
.cmds(cmd::EDIT)
.iface(IfaceRole::Sub { type_name: "ether" })
.extra(&["monitor", "reset-counters"])
.export("/interface ethernet", E::SetByDefaultName);

const BRIDGE: Menu = Menu::list(
    "/interface/bridge",
    &[
        p("name", TEXT).master().req(),
        p(
            "mtu",
            Kind::IntOr {
                min: 0,
                max: 65535,
                words: &["auto"],
            },
        )
        .master()
        .def("auto"),
        ro("actual-mtu").master(),
        ro("l2mtu").master(),
        p("arp", ARP).def("enabled"),
        p("arp-timeout", TEXT).def("auto"),
        ro("mac-address").master(),
        p(
            "protocol-mode",
            Kind::Enum(&["none", "stp", "rstp", "mstp"]),
        )
        .def("rstp"),
        p("fast-forward", BOOL).def("true"),
        p("igmp-snooping", BOOL).def("false"),
        p("auto-mac", BOOL).def("true"),
        p("admin-mac", Kind::Mac),
        p("ageing-time", Kind::Duration).def("5m"),
        p("priority", TEXT).def("0x8000"),
        p("max-message-age", Kind::Duration).def("20s"),
        p("forward-delay", Kind::Duration).def("15s"),
        p("transmit-hold-count", int(1, 10)).def("6"),
        p("vlan-filtering", BOOL).def("false"),
        p("dhcp-snooping", BOOL).def("false"),
        p("port-cost-mode", Kind::Enum(&["long", "short"])).def("long"),
        p("mvrp", BOOL).def("false"),
        p("max-learned-entries", TEXT).def("auto"),
        p("running", BOOL).ro().master(),
        p("disabled", BOOL).master().def("false"),
        p("comment", TEXT).master(),
    ],
)
.named("name")
.iface(IfaceRole::Sub {
    type_name: "bridge",
})
.export("/interface bridge", E::Add);

const WIFI: Menu = Menu::list(
    "/interface/wifi",
    &[
        p("name", TEXT).master(),
        ro("default-name").master(),
        p("mtu", int(32, 2290)).master().def("1500"),
        ro("l2mtu").master(),
        ro("mac-address").master(),
        ro("radio-mac"),
        p("arp", ARP).def("enabled"),
        p("arp-timeout", TEXT).def("auto"),
        p(
            "configuration.mode",
            Kind::Enum(&["ap", "station", "station-bridge"]),
        ),
        p("configuration.ssid", TEXT),
        p("configuration.country", TEXT),
        p("configuration.hide-ssid", BOOL),
        p(
            "channel.band",
            Kind::Enum(&[
                "2ghz-g", "2ghz-n", "2ghz-ax", "5ghz-a", "5ghz-n", "5ghz-ac", "5ghz-ax",
            ]),
        ),
        p(
            "channel.width",
            Kind::Enum(&[
                "20mhz",
                "20/40mhz",
                "20/40mhz-Ce",
                "20/40mhz-eC",
                "20/40/80mhz",
                "20/40/80/160mhz",
            ]),
        ),
        p("channel.frequency", TEXT),
        p(
            "channel.skip-dfs-channels",
            Kind::Enum(&["disabled", "10min-cac", "all"]),
        ),
        p(
            "security.authentication-types",
            Kind::EnumList {
                words: &[
                    "wpa-psk", "wpa2-psk", "wpa3-psk", "owe", "wpa-eap", "wpa2-eap", "wpa3-eap",
                ],
                negate: false,
            },
        ),
        p("security.passphrase", TEXT).sensitive(),
        p("security.ft", BOOL),
        p("security.ft-over-ds", BOOL),
        p("master", BOOL).state_flag(),
        p("inactive", BOOL).ro().def("false"),
        p("running", BOOL).ro().master(),
        p("disabled", BOOL).master().def("false"),
        p("comment", TEXT).master(),
    ],
)
.named("name")
.cmds(cmd::EDIT)
.iface(IfaceRole::Sub { type_name: "wifi" })
.extra(&["monitor"])
.export("/interface wifi", E::SetByDefaultName);

const WIFI_REGISTRATIONS: Menu = Menu::list(
    "/interface/wifi/registration-table",
    &[
        ro("interface"),
        ro("ssid"),
        ro("mac-address"),
        ro("uptime"),
        ro("last-activity"),
        ro("signal"),
        ro("auth-type"),
        ro("band"),
        ro("tx-rate"),
        ro("rx-rate"),
        ro("packets"),
        ro("bytes"),
        ro("tx-bits-per-second"),
        ro("rx-bits-per-second"),
        ro("authorized"),
    ],
)
.cmds(cmd::REMOVE);

const INTERFACE_LIST: Menu = Menu::list(
    "/interface/list",
    &[
        p("name", TEXT).req(),
        p("include", TEXT),
        p("exclude", TEXT),
        p("builtin", BOOL).ro().def("false"),
        DYNAMIC,
        COMMENT,
    ],
)
.named("name")
.cmds(cmd::ADD | cmd::SET | cmd::REMOVE | cmd::UNSET)
.unique(&[&["name"]])
.export("/interface list", E::Add);

const BRIDGE_PORT: Menu = Menu::list(
    "/interface/bridge/port",
    &[
        p("interface", iface_ref(false)).req(),
        p("bridge", refer("/interface/bridge")).req(),
        p(
            "edge",
            Kind::Enum(&["auto", "no", "no-discover", "yes", "yes-discover"]),
        )
        .def("auto"),
        p("horizon", TEXT).def("none"),
        p(
            "frame-types",
            Kind::Enum(&[
                "admit-all",
                "admit-only-untagged-and-priority-tagged",
                "admit-only-vlan-tagged",
            ]),
        )
        .def("admit-all"),
        p("ingress-filtering", BOOL).def("true"),
        p("learn", Kind::Enum(&["auto", "no", "yes"])).def("auto"),
        p("pvid", int(1, 4094)).def("1"),
        p("priority", TEXT).def("0x80"),
        p("trusted", BOOL).def("false"),
        p("hw", BOOL).def("true"),
        p("bpdu-guard", BOOL).def("false"),
        p("broadcast-flood", BOOL).def("true"),
        p("unknown-multicast-flood", BOOL).def("true"),
        p("unknown-unicast-flood", BOOL).def("true"),
        p("multicast-router", TEXT).def("temporary-query"),
        p("point-to-point", TEXT).def("auto"),
        p("restricted-role", BOOL).def("false"),
        p("restricted-tcn", BOOL).def("false"),
        p("tag-stacking", BOOL).def("false"),
        p("auto-isolate", BOOL).def("false"),
        p("fast-leave", BOOL).def("false"),
        // 7.20.5 capture (bridge_port.json): present on every port.
        p(
            "mvrp-applicant-state",
            Kind::Enum(&["non-participant", "normal-participant"]),
        )
        .def("normal-participant"),
        p("mvrp-registrar-state", Kind::Enum(&["fixed", "normal"])).def("normal"),
        ro("status"),
        p("inactive", BOOL).ro(),
        DYNAMIC,
        DISABLED,
        COMMENT,
    ],
)
.ordered()
.first_id(0)
.unique(&[&["interface"]])
.export("/interface bridge port", E::Add);

const INTERFACE_LIST_MEMBER: Menu = Menu::list(
    "/interface/list/member",
    &[
        p("list", refer("/interface/list")).req(),
        p("interface", iface_ref(false)).req(),
        DYNAMIC,
        DISABLED,
        COMMENT,
    ],
)
.unique(&[&["list", "interface"]])
.export("/interface list member", E::Add);

const IP_POOL: Menu = Menu::list(
    "/ip/pool",
    &[
        p("name", TEXT).req(),
        p("ranges", Kind::IpRanges).req(),
        p("next-pool", refer("/ip/pool")),
        COMMENT,
    ],
)
.named("name")
.cmds(cmd::ADD | cmd::SET | cmd::REMOVE | cmd::UNSET)
.unique(&[&["name"]])
.export("/ip pool", E::Add);

const DHCP_SERVER: Menu = Menu::list(
    "/ip/dhcp-server",
    &[
        p("name", TEXT).req(),
        p("interface", iface_ref(false)).req(),
        p(
            "address-pool",
            Kind::Ref {
                menu: "/ip/pool",
                negate: false,
                list: false,
                extra: &["static-only"],
            },
        )
        .def("static-only"),
        p("lease-time", Kind::Duration).def("30m"),
        p(
            "authoritative",
            Kind::Enum(&["after-10sec-delay", "after-2sec-delay", "yes", "no"]),
        )
        .def("yes"),
        p("use-radius", Kind::Enum(&["no", "yes", "accounting"])).def("no"),
        p("lease-script", TEXT).def(""),
        p("add-arp", BOOL).def("false"),
        p("always-broadcast", BOOL).def("false"),
        p("conflict-detection", BOOL).def("true"),
        p("bootp-support", Kind::Enum(&["none", "static", "dynamic"])).def("static"),
        DYNAMIC,
        INVALID,
        DISABLED,
        COMMENT,
    ],
)
.named("name")
.unique(&[&["name"]])
.export("/ip dhcp-server", E::Add);

const DHCP_NETWORK: Menu = Menu::list(
    "/ip/dhcp-server/network",
    &[
        p("address", Kind::Prefix).req(),
        p("gateway", Kind::IpList),
        p("netmask", int(0, 32)),
        p("dns-server", Kind::IpList),
        p("domain", TEXT),
        p("ntp-server", Kind::IpList),
        DYNAMIC,
        COMMENT,
    ],
)
.cmds(cmd::ADD | cmd::SET | cmd::REMOVE | cmd::UNSET)
.unique(&[&["address"]])
.export("/ip dhcp-server network", E::Add);

const DHCP_LEASE: Menu = Menu::list(
    "/ip/dhcp-server/lease",
    &[
        p("address", Kind::Ip).req(),
        p("mac-address", Kind::Mac).req(),
        p("client-id", TEXT),
        p("address-lists", TEXT).def(""),
        p(
            "server",
            Kind::Ref {
                menu: "/ip/dhcp-server",
                negate: false,
                list: false,
                extra: &["all"],
            },
        )
        .def("all"),
        p("dhcp-option", TEXT).def(""),
        p("lease-time", Kind::Duration),
        p("block-access", BOOL),
        ro("status"),
        ro("expires-after"),
        ro("last-seen"),
        ro("active-address"),
        ro("active-mac-address"),
        ro("active-client-id"),
        ro("active-server"),
        ro("host-name"),
        ro("class-id"),
        ro("active-agent-circuit-id"),
        ro("active-agent-remote-id"),
        p("radius", BOOL).ro().def("false"),
        DYNAMIC,
        p("blocked", BOOL).ro().def("false"),
        DISABLED,
        COMMENT,
    ],
)
.extra(&["make-static"])
.export("/ip dhcp-server lease", E::Add);

const DHCP_CLIENT: Menu = Menu::list(
    "/ip/dhcp-client",
    &[
        p("interface", iface_ref(false)).req(),
        p(
            "add-default-route",
            Kind::Enum(&["yes", "no", "special-classless"]),
        )
        .def("yes"),
        p("default-route-distance", int(0, 255)).def("1"),
        p("use-peer-dns", BOOL).def("true"),
        p("use-peer-ntp", BOOL).def("true"),
        p("dhcp-options", TEXT).def("hostname,clientid"),
        ro("status"),
        ro("address"),
        ro("gateway"),
        ro("dhcp-server"),
        ro("primary-dns"),
        ro("secondary-dns"),
        ro("expires-after"),
        DYNAMIC,
        INVALID,
        DISABLED,
        COMMENT,
    ],
)
.unique(&[&["interface"]])
.extra(&["renew", "release"])
.export("/ip dhcp-client", E::Add);

const IP_ADDRESS: Menu = Menu::list(
    "/ip/address",
    &[
        p("address", Kind::Prefix).req(),
        p("network", Kind::Ip),
        p("interface", iface_ref(false)).req(),
        ro("actual-interface"),
        INVALID,
        DYNAMIC,
        DISABLED,
        COMMENT,
    ],
)
.export("/ip address", E::Add);

const IP_ROUTE: Menu = Menu::list(
    "/ip/route",
    &[
        p("dst-address", Kind::Prefix).def("0.0.0.0/0"),
        p("gateway", TEXT),
        ro("immediate-gw"),
        p("distance", int(1, 255)).def("1"),
        p("scope", int(0, 255)).def("30"),
        p("target-scope", int(0, 255)).def("10"),
        p("routing-table", TEXT).def("main"),
        p("suppress-hw-offload", BOOL).def("false"),
        p("dynamic", BOOL).ro().def("false"),
        p("active", BOOL).state_flag(),
        p("static", BOOL).state_flag(),
        p("dhcp", BOOL).state_flag(),
        p("connect", BOOL).state_flag(),
        p("inactive", BOOL).ro().def("false"),
        p("disabled", BOOL),
        COMMENT,
    ],
)
.first_id(0x8000_0000)
.export("/ip route", E::Add);

const IP_DNS: Menu = Menu::singleton(
    "/ip/dns",
    &[
        p("servers", Kind::IpList).def(""),
        ro("dynamic-servers"),
        p("use-doh-server", TEXT).def(""),
        p("verify-doh-cert", BOOL).def("false"),
        p("allow-remote-requests", BOOL).def("false"),
        p("max-udp-packet-size", int(50, 65507)).def("4096"),
        p("query-server-timeout", Kind::Duration).def("2s"),
        p("query-total-timeout", Kind::Duration).def("10s"),
        p("max-concurrent-queries", int(1, 10_000)).def("100"),
        p("max-concurrent-tcp-sessions", int(1, 1000)).def("20"),
        p("doh-max-server-connections", int(1, 100)).def("5"),
        p("doh-max-concurrent-queries", int(1, 1000)).def("50"),
        p("doh-timeout", Kind::Duration).def("5s"),
        p("cache-size", int(64, 4_294_967)).def("2048"),
        p("cache-max-ttl", Kind::Duration).def("1w"),
        p("address-list-extra-time", Kind::Duration).def("0s"),
        p("vrf", TEXT).def("main"),
        ro("cache-used"),
    ],
)
.cmds(cmd::SET | cmd::UNSET)
.export("/ip dns", E::Singleton);

const IP_ARP: Menu = Menu::list(
    "/ip/arp",
    &[
        p("address", Kind::Ip).req(),
        p("mac-address", Kind::Mac).req(),
        p("interface", iface_ref(false)).req(),
        p("published", BOOL).def("false"),
        INVALID,
        p("DHCP", BOOL).state_flag(),
        DYNAMIC,
        p("complete", BOOL).ro().def("true"),
        DISABLED,
        COMMENT,
    ],
)
.export("/ip arp", E::Add);

const IP_NEIGHBOR: Menu = Menu::list(
    "/ip/neighbor",
    &[
        ro("interface"),
        ro("address"),
        ro("address4"),
        ro("mac-address"),
        ro("identity"),
        ro("platform"),
        ro("version"),
        ro("board"),
        ro("software-id"),
        ro("interface-name"),
        ro("system-description"),
        ro("system-caps"),
        ro("system-caps-enabled"),
        ro("discovered-by"),
        ro("unpack"),
        ro("age"),
        ro("uptime"),
    ],
)
.cmds(0);

const FW_MATCHERS: [Prop; 15] = [
    p(
        "connection-state",
        Kind::EnumList {
            words: &["established", "invalid", "new", "related", "untracked"],
            negate: true,
        },
    ),
    p(
        "connection-nat-state",
        Kind::EnumList {
            words: &["dstnat", "srcnat"],
            negate: true,
        },
    ),
    p("protocol", TEXT),
    p("src-address", TEXT),
    p("dst-address", TEXT),
    p("src-port", TEXT),
    p("dst-port", TEXT),
    p("in-interface", iface_ref(true)),
    p("out-interface", iface_ref(true)),
    p(
        "in-interface-list",
        Kind::Ref {
            menu: "/interface/list",
            negate: true,
            list: false,
            extra: &[],
        },
    ),
    p(
        "out-interface-list",
        Kind::Ref {
            menu: "/interface/list",
            negate: true,
            list: false,
            extra: &[],
        },
    ),
    p("src-address-list", TEXT),
    p("dst-address-list", TEXT),
    p("ipsec-policy", TEXT),
    p("hw-offload", BOOL),
];

const FIREWALL_FILTER: Menu = Menu::list(
    "/ip/firewall/filter",
    &[
        p("chain", TEXT).req(),
        p(
            "action",
            Kind::Enum(&[
                "accept",
                "add-dst-to-address-list",
                "add-src-to-address-list",
                "drop",
                "fasttrack-connection",
                "jump",
                "log",
                "passthrough",
                "reject",
                "return",
                "tarpit",
            ]),
        )
        .def("accept"),
        FW_MATCHERS[0],
        FW_MATCHERS[1],
        FW_MATCHERS[2],
        FW_MATCHERS[3],
        FW_MATCHERS[4],
        FW_MATCHERS[5],
        FW_MATCHERS[6],
        FW_MATCHERS[7],
        FW_MATCHERS[8],
        FW_MATCHERS[9],
        FW_MATCHERS[10],
        FW_MATCHERS[11],
        FW_MATCHERS[12],
        FW_MATCHERS[13],
        FW_MATCHERS[14],
        ros7::FW_EXTRA[0],
        ros7::FW_EXTRA[1],
        ros7::FW_EXTRA[2],
        ros7::FW_EXTRA[3],
        ros7::FW_EXTRA[4],
        ros7::FW_EXTRA[5],
        ros7::FW_EXTRA[6],
        ros7::FW_EXTRA[7],
        ros7::FW_EXTRA[8],
        ros7::FW_EXTRA[9],
        ros7::FW_EXTRA[10],
        ros7::FW_EXTRA[11],
        ros7::FW_MARKS[0],
        ros7::FW_MARKS[1],
        ros7::FW_MARKS[2],
        p("jump-target", TEXT),
        p("reject-with", TEXT),
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
.export("/ip firewall filter", E::Add);

const FIREWALL_NAT: Menu = Menu::list(
    "/ip/firewall/nat",
    &[
        p("chain", TEXT).req(),
        p(
            "action",
            Kind::Enum(&[
                "accept",
                "add-dst-to-address-list",
                "add-src-to-address-list",
                "dst-nat",
                "endpoint-independent-nat",
                "jump",
                "log",
                "masquerade",
                "netmap",
                "passthrough",
                "redirect",
                "return",
                "same",
                "src-nat",
            ]),
        )
        .def("accept"),
        FW_MATCHERS[0],
        FW_MATCHERS[1],
        FW_MATCHERS[2],
        FW_MATCHERS[3],
        FW_MATCHERS[4],
        FW_MATCHERS[5],
        FW_MATCHERS[6],
        FW_MATCHERS[7],
        FW_MATCHERS[8],
        FW_MATCHERS[9],
        FW_MATCHERS[10],
        FW_MATCHERS[11],
        FW_MATCHERS[12],
        FW_MATCHERS[13],
        ros7::FW_EXTRA[0],
        ros7::FW_EXTRA[1],
        ros7::FW_EXTRA[2],
        ros7::FW_EXTRA[3],
        ros7::FW_EXTRA[4],
        ros7::FW_EXTRA[5],
        ros7::FW_EXTRA[6],
        ros7::FW_EXTRA[7],
        ros7::FW_EXTRA[8],
        ros7::FW_EXTRA[9],
        ros7::FW_EXTRA[10],
        ros7::FW_EXTRA[11],
        ros7::FW_MARKS[0],
        ros7::FW_MARKS[1],
        ros7::FW_MARKS[2],
        p("to-addresses", TEXT),
        p("to-ports", TEXT),
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
.export("/ip firewall nat", E::Add);

const ADDRESS_LIST: Menu = Menu::list(
    "/ip/firewall/address-list",
    &[
        p("list", TEXT).req(),
        p("address", TEXT).req(),
        p("timeout", Kind::Duration),
        ro("creation-time"),
        DYNAMIC,
        DISABLED,
        COMMENT,
    ],
)
.unique(&[&["list", "address"]])
.export("/ip firewall address-list", E::Add);

const IP_SERVICE: Menu = Menu::list(
    "/ip/service",
    &[
        ro("name"),
        p("port", int(1, 65535)),
        p("address", TEXT).def(""),
        p("certificate", TEXT),
        p("tls-version", Kind::Enum(&["any", "only-1.2"])),
        p("max-sessions", int(1, 1000)).def("20"),
        p("vrf", TEXT).def("main"),
        INVALID,
        DYNAMIC,
        p("disabled", BOOL).def("false"),
    ],
)
.named("name")
.cmds(cmd::SET | cmd::ENABLE | cmd::UNSET)
.export("/ip service", E::SetByName);

const IDENTITY: Menu = Menu::singleton("/system/identity", &[p("name", TEXT).def("MikroTik")])
    .export("/system identity", E::Singleton);

const CLOCK: Menu = Menu::singleton(
    "/system/clock",
    &[
        ro("time"),
        ro("date"),
        p("time-zone-autodetect", BOOL).def("true"),
        p("time-zone-name", TEXT).def("manual"),
        ro("gmt-offset"),
        ro("dst-active"),
    ],
)
.cmds(cmd::SET | cmd::UNSET)
.export("/system clock", E::Singleton);

const NTP_CLIENT: Menu = Menu::singleton(
    "/system/ntp/client",
    &[
        p("enabled", BOOL).def("false"),
        p(
            "mode",
            Kind::Enum(&["unicast", "broadcast", "multicast", "manycast"]),
        )
        .def("unicast"),
        p("servers", TEXT).def(""),
        p("vrf", TEXT).def("main"),
        ro("status"),
    ],
)
.cmds(cmd::SET | cmd::UNSET)
.export("/system ntp client", E::Singleton);

const RESOURCE: Menu = Menu::singleton(
    "/system/resource",
    &[
        ro("uptime"),
        ro("version"),
        ro("build-time"),
        ro("factory-software"),
        ro("free-memory"),
        ro("total-memory"),
        ro("cpu"),
        ro("cpu-count"),
        ro("cpu-frequency"),
        ro("cpu-load"),
        ro("free-hdd-space"),
        ro("total-hdd-space"),
        ro("write-sect-since-reboot"),
        ro("write-sect-total"),
        ro("bad-blocks"),
        ro("architecture-name"),
        ro("board-name"),
        ro("platform"),
    ],
)
.cmds(0);

const ROUTERBOARD: Menu = Menu::singleton(
    "/system/routerboard",
    &[
        ro("routerboard"),
        ro("board-name"),
        ro("model"),
        ro("serial-number"),
        ro("firmware-type"),
        ro("factory-firmware"),
        ro("current-firmware"),
        ro("upgrade-firmware"),
    ],
)
.cmds(0);

const PACKAGE: Menu = Menu::list(
    "/system/package",
    &[
        ro("name"),
        ro("version"),
        ro("build-time"),
        ro("scheduled"),
        p("disabled", BOOL).ro().def("false"),
    ],
)
.named("name")
.cmds(0);

/// Package update status (mktxp's package collector; napalm reads
/// `installed-version`). Shown before any check-for-updates ran.
const PACKAGE_UPDATE: Menu = Menu::singleton(
    "/system/package/update",
    &[
        p(
            "channel",
            Kind::Enum(&["development", "long-term", "stable", "testing"]),
        )
        .def("stable"),
        ro("installed-version"),
        ro("latest-version"),
        ro("status"),
    ],
)
.cmds(cmd::SET | cmd::UNSET)
.extra(&["check-for-updates", "download", "install", "cancel"]);

const USER_GROUP: Menu = Menu::list(
    "/user/group",
    &[
        p("name", TEXT).req(),
        p(
            "policy",
            Kind::EnumList {
                words: POLICIES,
                negate: true,
            },
        )
        .req(),
        p("skin", TEXT).def("default"),
        COMMENT,
    ],
)
.named("name")
.cmds(cmd::ADD | cmd::SET | cmd::REMOVE | cmd::UNSET)
.unique(&[&["name"]])
.policy("policy");

const USER: Menu = Menu::list(
    "/user",
    &[
        p("name", TEXT).req(),
        p("group", refer("/user/group")).req(),
        p("password", TEXT).hidden(),
        p("address", TEXT).def(""),
        ro("last-logged-in"),
        p("inactivity-timeout", Kind::Duration).def("10m"),
        p(
            "inactivity-policy",
            Kind::Enum(&["none", "lockscreen", "logout"]),
        )
        .def("none"),
        p("expired", BOOL).ro().def("false"),
        DISABLED,
        COMMENT,
    ],
)
.named("name")
.unique(&[&["name"]])
.policy("policy");

const USER_ACTIVE: Menu = Menu::list(
    "/user/active",
    &[
        ro("when"),
        ro("name"),
        ro("address"),
        ro("via"),
        ro("group"),
        p("radius", BOOL).ro().def("false"),
    ],
)
.cmds(0);

const LOG: Menu = Menu::list("/log", &[ro("time"), ro("topics"), ro("message")])
    .cmds(0)
    .first_id(0)
    .extra(&["info", "warning", "error", "debug"]);

// ---- Menus the common monitoring tools read (issue 14, "Breadth"). ----
// Shapes follow the RouterOS 7 manual; where the manual gives no printout
// the property set is inferred from the console help and marked so.

/// Learned and local MACs of a bridge (napalm `get_mac_address_table`).
/// Rows are learned by the bridge; only static `add` is allowed on a real
/// router, which the simulator does not model (read-only).
const BRIDGE_HOST: Menu = Menu::list(
    "/interface/bridge/host",
    &[
        ro("mac-address"),
        ro("vid"),
        ro("on-interface"),
        ro("interface"),
        ro("bridge"),
        ro("age"),
        p("local", BOOL).ro().def("false"),
        p("external", BOOL).ro().def("false"),
        INVALID,
        p("dynamic", BOOL).ro().def("true"),
        p("disabled", BOOL).ro().def("false"),
    ],
)
.cmds(0);

/// VLAN membership of bridge ports (napalm `get_vlans`). `current-*`
/// show the ports a row applies to (inferred: the configured ones).
const BRIDGE_VLAN: Menu = Menu::list(
    "/interface/bridge/vlan",
    &[
        p("bridge", refer("/interface/bridge")).req(),
        p("vlan-ids", TEXT).req(),
        p("tagged", TEXT).def(""),
        p("untagged", TEXT).def(""),
        ro("current-tagged"),
        ro("current-untagged"),
        DYNAMIC,
        DISABLED,
        COMMENT,
    ],
)
.export("/interface bridge vlan", E::Add);

/// A typed interface: 802.1Q VLAN on a parent interface.
const VLAN: Menu = Menu::list(
    "/interface/vlan",
    &[
        p("name", TEXT).master().req(),
        p("mtu", int(0, 65535)).master().def("1500"),
        ro("l2mtu").master(),
        ro("mac-address").master(),
        p("arp", ARP).def("enabled"),
        p("arp-timeout", TEXT).def("auto"),
        p("vlan-id", int(1, 4095)).req(),
        p("interface", iface_ref(false)).req(),
        p("use-service-tag", BOOL).def("false"),
        p("loop-protect", Kind::Enum(&["default", "on", "off"])).def("default"),
        ro("loop-protect-status").def("off"),
        p("mvrp", BOOL).def("false"),
        p("running", BOOL).ro().master(),
        p("disabled", BOOL).master().def("false"),
        p("comment", TEXT).master(),
    ],
)
.named("name")
.iface(IfaceRole::Sub { type_name: "vlan" })
.unique(&[&["interface", "vlan-id"]])
.export("/interface vlan", E::Add);

/// PoE-out settings of the PoE ports (rows share the `.id` of the
/// ethernet interface, so `monitor` finds the port). Inferred shape.
const POE: Menu = Menu::list(
    "/interface/ethernet/poe",
    &[
        ro("name"),
        p("poe-out", Kind::Enum(&["auto-on", "forced-on", "off"])).def("auto-on"),
        p("poe-priority", int(0, 99)).def("10"),
        p("poe-voltage", Kind::Enum(&["auto", "high", "low"])).def("auto"),
        p("power-cycle-ping-enabled", BOOL).def("false"),
        p("power-cycle-interval", TEXT).def("none"),
        p("poe-lldp-enabled", BOOL).def("false"),
    ],
)
.named("name")
.cmds(cmd::SET | cmd::UNSET)
.extra(&["monitor"]);

/// CAPs managed by this router's CAPsMAN; a hAP that manages none prints
/// nothing. Inferred shape.
const REMOTE_CAP: Menu = Menu::list(
    "/interface/wifi/capsman/remote-cap",
    &[
        ro("identity"),
        ro("address"),
        ro("common-name"),
        ro("board-name"),
        ro("serial"),
        ro("version"),
        ro("state"),
        ro("radios"),
    ],
)
.cmds(0)
.extra(&["provision", "upgrade"]);

/// Addresses handed out from the pools.
const POOL_USED: Menu = Menu::list(
    "/ip/pool/used",
    &[ro("pool"), ro("address"), ro("owner"), ro("info")],
)
.cmds(0);

/// Connection tracking table (`print count-only` for the count).
const CONNECTION: Menu = Menu::list(
    "/ip/firewall/connection",
    &[
        ro("protocol"),
        ro("src-address"),
        ro("dst-address"),
        ro("reply-src-address"),
        ro("reply-dst-address"),
        ro("tcp-state"),
        ro("timeout"),
        ro("orig-packets"),
        ro("orig-bytes"),
        ro("repl-packets"),
        ro("repl-bytes"),
        ro("orig-rate"),
        ro("repl-rate"),
        p("assured", BOOL).state_flag(),
        p("seen-reply", BOOL).state_flag(),
        p("confirmed", BOOL).state_flag(),
        p("fasttrack", BOOL).state_flag(),
        p("srcnat", BOOL).state_flag(),
        p("dstnat", BOOL).state_flag(),
        p("expected", BOOL).ro().def("false"),
        p("dying", BOOL).ro().def("false"),
    ],
)
.cmds(cmd::REMOVE);

const FIREWALL_RAW: Menu = Menu::list(
    "/ip/firewall/raw",
    &[
        p("chain", TEXT).req(),
        p(
            "action",
            Kind::Enum(&[
                "accept",
                "add-dst-to-address-list",
                "add-src-to-address-list",
                "drop",
                "jump",
                "log",
                "notrack",
                "passthrough",
                "return",
            ]),
        )
        .def("accept"),
        FW_MATCHERS[2],
        FW_MATCHERS[3],
        FW_MATCHERS[4],
        FW_MATCHERS[5],
        FW_MATCHERS[6],
        FW_MATCHERS[7],
        FW_MATCHERS[8],
        FW_MATCHERS[9],
        FW_MATCHERS[10],
        FW_MATCHERS[11],
        FW_MATCHERS[12],
        ros7::FW_EXTRA[0],
        ros7::FW_EXTRA[1],
        ros7::FW_EXTRA[2],
        ros7::FW_EXTRA[3],
        ros7::FW_EXTRA[4],
        ros7::FW_EXTRA[5],
        ros7::FW_EXTRA[6],
        ros7::FW_EXTRA[7],
        ros7::FW_EXTRA[8],
        ros7::FW_EXTRA[9],
        ros7::FW_EXTRA[10],
        ros7::FW_EXTRA[11],
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
.export("/ip firewall raw", E::Add);

const FIREWALL_MANGLE: Menu = Menu::list(
    "/ip/firewall/mangle",
    &[
        p("chain", TEXT).req(),
        p(
            "action",
            Kind::Enum(&[
                "accept",
                "add-dst-to-address-list",
                "add-src-to-address-list",
                "change-dscp",
                "change-mss",
                "change-ttl",
                "clear-df",
                "drop",
                "fasttrack-connection",
                "jump",
                "log",
                "mark-connection",
                "mark-packet",
                "mark-routing",
                "passthrough",
                "return",
                "route",
                "set-priority",
                "sniff-pc",
                "sniff-tzsp",
                "strip-ipv4-options",
            ]),
        )
        .def("accept"),
        FW_MATCHERS[0],
        FW_MATCHERS[1],
        FW_MATCHERS[2],
        FW_MATCHERS[3],
        FW_MATCHERS[4],
        FW_MATCHERS[5],
        FW_MATCHERS[6],
        FW_MATCHERS[7],
        FW_MATCHERS[8],
        FW_MATCHERS[9],
        FW_MATCHERS[10],
        FW_MATCHERS[11],
        FW_MATCHERS[12],
        FW_MATCHERS[13],
        ros7::FW_EXTRA[0],
        ros7::FW_EXTRA[1],
        ros7::FW_EXTRA[2],
        ros7::FW_EXTRA[3],
        ros7::FW_EXTRA[4],
        ros7::FW_EXTRA[5],
        ros7::FW_EXTRA[6],
        ros7::FW_EXTRA[7],
        ros7::FW_EXTRA[8],
        ros7::FW_EXTRA[9],
        ros7::FW_EXTRA[10],
        ros7::FW_EXTRA[11],
        p("new-connection-mark", TEXT),
        p("new-packet-mark", TEXT),
        p("new-routing-mark", TEXT),
        p("connection-mark", TEXT),
        p("packet-mark", TEXT),
        p("passthrough", BOOL),
        p("new-mss", TEXT),
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
.export("/ip firewall mangle", E::Add);

/// The MikroTik cloud service (DDNS, detected public address).
const IP_CLOUD: Menu = Menu::singleton(
    "/ip/cloud",
    &[
        p("ddns-enabled", Kind::Enum(&["auto", "yes", "no"])).def("no"),
        p("ddns-update-interval", TEXT).def("none"),
        p("update-time", BOOL).def("true"),
        p(
            "back-to-home-vpn",
            Kind::Enum(&["enabled", "disabled", "revoked-and-disabled"]),
        )
        .def("revoked-and-disabled"),
        ro("public-address"),
        ro("dns-name"),
        ro("status"),
    ],
)
.cmds(cmd::SET | cmd::UNSET)
.extra(&["force-update"])
.export("/ip cloud", E::Singleton);

/// SNMP agent settings (napalm `get_snmp_information`).
const SNMP: Menu = Menu::singleton(
    "/snmp",
    &[
        p("enabled", BOOL).def("false"),
        p("contact", TEXT).def(""),
        p("location", TEXT).def(""),
        p("engine-id-suffix", TEXT).def(""),
        ro("engine-id"),
        p("src-address", TEXT).def("::"),
        p("trap-community", TEXT).def("public"),
        p("trap-version", int(1, 3)).def("1"),
        p("trap-generators", TEXT).def("temp-exception"),
        p("trap-target", TEXT).def(""),
        p("trap-interfaces", TEXT).def(""),
        p("vrf", TEXT).def("main"),
    ],
)
.cmds(cmd::SET | cmd::UNSET)
.export("/snmp", E::Singleton);

const SNMP_COMMUNITY: Menu = Menu::list(
    "/snmp/community",
    &[
        p("name", TEXT).req(),
        p("addresses", TEXT).def("::/0"),
        p("security", Kind::Enum(&["authorized", "none", "private"])).def("none"),
        p("read-access", BOOL).def("true"),
        p("write-access", BOOL).def("false"),
        p("authentication-protocol", Kind::Enum(&["MD5", "SHA1"])).def("MD5"),
        p("encryption-protocol", Kind::Enum(&["AES", "DES"])).def("DES"),
        p("authentication-password", TEXT).sensitive().def(""),
        p("encryption-password", TEXT).sensitive().def(""),
        p("default", BOOL).state_flag(),
        DISABLED,
        COMMENT,
    ],
)
.named("name")
.first_id(0)
.unique(&[&["name"]])
.export("/snmp community", E::Add);

/// Sensor readings, one row per sensor (RouterOS 7 layout).
const HEALTH: Menu = Menu::list("/system/health", &[ro("name"), ro("value"), ro("type")])
    .named("name")
    .cmds(0);

/// Load per CPU core (napalm `get_environment`).
const RESOURCE_CPU: Menu = Menu::list(
    "/system/resource/cpu",
    &[ro("cpu"), ro("load"), ro("irq"), ro("disk")],
)
.cmds(0);

/// Hosts watched by netwatch; `status`/`since` follow the probes.
const NETWATCH: Menu = Menu::list(
    "/tool/netwatch",
    &[
        p("name", TEXT),
        p("host", TEXT).req(),
        p(
            "type",
            Kind::Enum(&["simple", "icmp", "tcp-conn", "http-get", "https-get", "dns"]),
        )
        .def("simple"),
        // tcp-conn / http-get target port (80 when not given).
        p("port", int(1, 65535)),
        p("interval", Kind::Duration).def("10s"),
        p("timeout", Kind::Duration).def("1s"),
        p("up-script", TEXT).def(""),
        p("down-script", TEXT).def(""),
        p("test-script", TEXT).def(""),
        ro("status"),
        ro("since"),
        ro("done-tests"),
        ro("failed-tests"),
        // The last test's results, per probe type (see `sim::netwatch`).
        ro("sent-count"),
        ro("response-count"),
        ro("loss-count"),
        ro("loss-percent"),
        ro("rtt-avg"),
        ro("rtt-min"),
        ro("rtt-max"),
        ro("rtt-jitter"),
        ro("rtt-stdev"),
        ro("tcp-connect-time"),
        ro("http-status-code"),
        ro("http-resp-time"),
        // Omitted at its default, as captured over REST.
        p("disabled", BOOL),
        COMMENT,
    ],
)
.export("/tool netwatch", E::Add);

const QUEUE_COUNTERS: [Prop; 7] = [
    ro("rate"),
    ro("packet-rate"),
    ro("queued-packets"),
    ro("queued-bytes"),
    ro("bytes"),
    ro("packets"),
    ro("dropped"),
];

/// Simple queues; counters are `upload/download` pairs.
const QUEUE_SIMPLE: Menu = Menu::list(
    "/queue/simple",
    &[
        p("name", TEXT),
        p("target", TEXT).req(),
        p("dst", TEXT),
        p("parent", TEXT).def("none"),
        p("packet-marks", TEXT).def(""),
        p("priority", TEXT).def("8/8"),
        p("queue", TEXT).def("default-small/default-small"),
        p("limit-at", Kind::Rate { pair: true }).def("0/0"),
        p("max-limit", Kind::Rate { pair: true }).def("0/0"),
        p("burst-limit", Kind::Rate { pair: true }).def("0/0"),
        p("burst-threshold", Kind::Rate { pair: true }).def("0/0"),
        p("burst-time", TEXT).def("0s/0s"),
        p("bucket-size", TEXT).def("0.1/0.1"),
        QUEUE_COUNTERS[0],
        QUEUE_COUNTERS[1],
        QUEUE_COUNTERS[2],
        QUEUE_COUNTERS[3],
        QUEUE_COUNTERS[4],
        QUEUE_COUNTERS[5],
        QUEUE_COUNTERS[6],
        INVALID,
        DYNAMIC,
        DISABLED,
        COMMENT,
    ],
)
.named("name")
.ordered()
.unique(&[&["name"]])
.extra(&["reset-counters", "reset-counters-all"])
.export("/queue simple", E::Add);

/// Queue tree (HTB) entries.
const QUEUE_TREE: Menu = Menu::list(
    "/queue/tree",
    &[
        p("name", TEXT).req(),
        p("parent", TEXT).req(),
        p("packet-mark", TEXT).def(""),
        p("priority", int(1, 8)).def("8"),
        p("queue", TEXT).def("default-small"),
        p("limit-at", Kind::Rate { pair: false }).def("0"),
        p("max-limit", Kind::Rate { pair: false }).def("0"),
        p("burst-limit", Kind::Rate { pair: false }).def("0"),
        p("burst-threshold", Kind::Rate { pair: false }).def("0"),
        p("burst-time", Kind::Duration).def("0s"),
        p("bucket-size", TEXT).def("0.1"),
        QUEUE_COUNTERS[0],
        QUEUE_COUNTERS[1],
        QUEUE_COUNTERS[2],
        QUEUE_COUNTERS[3],
        QUEUE_COUNTERS[4],
        QUEUE_COUNTERS[5],
        QUEUE_COUNTERS[6],
        INVALID,
        DISABLED,
        COMMENT,
    ],
)
.named("name")
.unique(&[&["name"]])
.extra(&["reset-counters", "reset-counters-all"])
.export("/queue tree", E::Add);

/// Every menu, in `/export` section order.
pub static MENUS: &[Menu] = &[
    INTERFACE,
    BRIDGE,
    ETHERNET,
    POE,
    VLAN,
    tun::WIREGUARD,
    tun::WIREGUARD_PEERS,
    tun::GRE,
    tun::EOIP,
    tun::IPIP,
    tun::LTE,
    WIFI,
    WIFI_REGISTRATIONS,
    REMOTE_CAP,
    INTERFACE_LIST,
    IP_POOL,
    POOL_USED,
    DHCP_SERVER,
    BRIDGE_PORT,
    BRIDGE_HOST,
    BRIDGE_VLAN,
    INTERFACE_LIST_MEMBER,
    ros7::IP_VRF,
    IP_ADDRESS,
    IP_CLOUD,
    DHCP_CLIENT,
    DHCP_LEASE,
    DHCP_NETWORK,
    IP_DNS,
    ros7::DNS_STATIC,
    ADDRESS_LIST,
    FIREWALL_FILTER,
    FIREWALL_MANGLE,
    FIREWALL_NAT,
    FIREWALL_RAW,
    CONNECTION,
    IP_ROUTE,
    IP_SERVICE,
    IP_ARP,
    IP_NEIGHBOR,
    ros7::IPV6_ADDRESS,
    ros7::IPV6_NEIGHBOR,
    ros7::BGP_INSTANCE,
    ros7::BGP_TEMPLATE,
    ros7::BGP_CONNECTION,
    ros7::BGP_SESSION,
    tun::IPSEC_ACTIVE_PEERS,
    tun::BFD_SESSION,
    tun::KID_CONTROL_DEVICE,
    v6::ADDRESS_LIST,
    v6::FILTER,
    v6::MANGLE,
    v6::NAT,
    v6::RAW,
    v6::POOL,
    v6::ROUTE,
    QUEUE_SIMPLE,
    QUEUE_TREE,
    SNMP,
    SNMP_COMMUNITY,
    CLOCK,
    IDENTITY,
    NTP_CLIENT,
    ros7::NTP_CLIENT_SERVERS,
    ros7::NTP_SERVER,
    RESOURCE,
    RESOURCE_CPU,
    HEALTH,
    ROUTERBOARD,
    PACKAGE,
    PACKAGE_UPDATE,
    USER_GROUP,
    USER,
    USER_ACTIVE,
    ros7::SCHEDULER,
    ros7::SCRIPT,
    ros7::SCRIPT_JOB,
    tun::CERTIFICATE,
    NETWATCH,
    ros7::FILE,
    LOG,
];

/// Commands that live in a directory rather than a menu (`/ping`, `/export`).
pub static DIRECTORY_COMMANDS: &[(&str, &[&str])] = &[
    ("", &["ping", "export", "execute"]),
    ("/system", &["reboot"]),
    ("/tool", &["ping", "traceroute"]),
];

/// The menus by path, and every directory (a menu, any path above one,
/// a [`DIRECTORY_COMMANDS`] directory): every command looks its path up,
/// so these are hashed once rather than scanned each time.
struct Index {
    menus: HashMap<&'static str, &'static Menu>,
    directories: HashSet<&'static str>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut directories: HashSet<&'static str> = HashSet::new();
        directories.insert("");
        for m in MENUS {
            let mut at = m.path.len();
            loop {
                directories.insert(m.path.get(..at).unwrap_or_default());
                match m.path.get(..at).and_then(|p| p.rfind('/')) {
                    Some(i) if i > 0 => at = i,
                    _ => break,
                }
            }
        }
        directories.extend(DIRECTORY_COMMANDS.iter().map(|(d, _)| *d));
        Index {
            menus: MENUS.iter().map(|m| (m.path, m)).collect(),
            directories,
        }
    })
}

/// The menu at `path` (`/ip/address`).
pub fn menu(path: &str) -> Option<&'static Menu> {
    index().menus.get(path).copied()
}

/// True when `path` is a menu or a directory above one (`/ip`, `/system`).
pub fn is_directory(path: &str) -> bool {
    index().directories.contains(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_answers_as_a_scan_would() {
        let scan = |path: &str| {
            path.is_empty()
                || MENUS.iter().any(|m| {
                    m.path == path
                        || (m.path.starts_with(path)
                            && m.path.as_bytes().get(path.len()) == Some(&b'/'))
                })
                || DIRECTORY_COMMANDS.iter().any(|(d, _)| *d == path)
        };
        let mut probes: Vec<String> = vec!["/".into(), "/i".into(), "/ip/".into(), "/nope".into()];
        for m in MENUS {
            probes.push(m.path.to_string());
            probes.push(format!("{}x", m.path));
            for (i, _) in m.path.match_indices('/') {
                probes.push(m.path[..i].to_string());
                probes.push(m.path[..i + 1].to_string());
            }
        }
        for p in &probes {
            assert_eq!(is_directory(p), scan(p), "{p}");
            assert_eq!(
                menu(p).map(|m| m.path),
                MENUS.iter().find(|m| m.path == p).map(|m| m.path),
                "{p}"
            );
        }
    }

    #[test]
    fn paths_are_unique_and_props_unique_per_menu() {
        for (i, m) in MENUS.iter().enumerate() {
            assert!(
                MENUS[i + 1..].iter().all(|o| o.path != m.path),
                "{}",
                m.path
            );
            for (j, p) in m.props.iter().enumerate() {
                assert!(
                    m.props[j + 1..].iter().all(|o| o.name != p.name),
                    "{} {}",
                    m.path,
                    p.name
                );
            }
            if let Some(k) = m.name_key {
                assert!(m.prop(k).is_some(), "{} name key", m.path);
            }
        }
    }

    #[test]
    fn references_point_at_named_menus() {
        for m in MENUS {
            for p in m.props {
                if let Kind::Ref { menu: target, .. } = p.kind {
                    let t = menu(target).unwrap_or_else(|| panic!("{target}"));
                    assert!(t.name_key.is_some(), "{target} has no names");
                }
            }
        }
    }

    #[test]
    fn directories() {
        assert!(is_directory("/ip"));
        assert!(is_directory("/ip/firewall"));
        assert!(is_directory("/interface/wifi"));
        assert!(!is_directory("/ipx"));
        assert!(!is_directory("/i"));
    }
}
