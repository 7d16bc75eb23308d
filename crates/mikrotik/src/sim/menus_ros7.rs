//! Menus of RouterOS 7 that NAPALM's driver, terraform-routeros and
//! Ansible's `community.routeros.api_info` read and manage (issue 14):
//! IPv6 neighbours and addresses, VRFs, the RouterOS 7 BGP menus,
//! `/file`, DNS static entries, NTP servers, the scheduler and scripts.
//!
//! Kept apart from [`super::menus`] (which lists them in
//! [`MENUS`](super::menus::MENUS)) so the two files stay small. Property
//! names and defaults follow the RouterOS 7 manual; where the manual shows
//! no printout the property set is inferred from the console help and
//! marked so.

use super::schema::{ExportStyle as E, Kind, Menu, Prop, cmd};

const TEXT: Kind = Kind::Text;
const BOOL: Kind = Kind::Bool;
const fn int(min: i64, max: i64) -> Kind {
    Kind::Int { min, max }
}
const fn p(name: &'static str, kind: Kind) -> Prop {
    Prop::new(name, kind)
}
const fn ro(name: &'static str) -> Prop {
    Prop::new(name, TEXT).ro()
}
const fn refer(menu: &'static str) -> Kind {
    Kind::Ref {
        menu,
        negate: false,
        list: false,
        extra: &[],
    }
}
const IFACE: Kind = refer("/interface");
const COMMENT: Prop = p("comment", TEXT);
const DISABLED: Prop = p("disabled", BOOL).def("false");
const DYNAMIC: Prop = p("dynamic", BOOL).ro().def("false");
const INVALID: Prop = p("invalid", BOOL).ro().def("false");
/// An AS number (32 bit).
const ASN: Kind = int(0, 4_294_967_295);
/// `local.role` of a BGP connection.
const BGP_ROLE: Kind = Kind::Enum(&[
    "ebgp",
    "ebgp-customer",
    "ebgp-peer",
    "ebgp-provider",
    "ebgp-rs",
    "ebgp-rs-client",
    "ibgp",
    "ibgp-rr",
    "ibgp-rr-client",
]);
/// The address families BGP can carry (`address-families`).
const AFI: Kind = Kind::EnumList {
    words: &["ip", "ipv6", "l2vpn", "l2vpn-cisco", "vpnv4", "vpnv6"],
    negate: false,
};
/// Scheduler and script policies (the user policies without the
/// service ones a script cannot use; inferred from the console help).
const SCRIPT_POLICY: Kind = Kind::EnumList {
    words: &[
        "ftp",
        "reboot",
        "read",
        "write",
        "policy",
        "test",
        "password",
        "sniff",
        "sensitive",
        "romon",
    ],
    negate: false,
};
/// The policy a new script or scheduler entry gets.
pub const SCRIPT_POLICY_DEFAULT: &str =
    "ftp,reboot,read,write,policy,test,password,sniff,sensitive,romon";

/// IPv6 addresses (napalm `get_interfaces_ip`). Link-local addresses are
/// dynamic rows flagged `link-local`.
pub const IPV6_ADDRESS: Menu = Menu::list(
    "/ipv6/address",
    &[
        p("address", TEXT).req(),
        p("from-pool", TEXT),
        p("interface", IFACE).req(),
        ro("actual-interface"),
        p("eui-64", BOOL).def("false"),
        p("advertise", BOOL).def("true"),
        p("no-dad", BOOL).def("false"),
        p("link-local", BOOL).state_flag(),
        INVALID,
        DYNAMIC,
        DISABLED,
        COMMENT,
    ],
)
.export("/ipv6 address", E::Add);

/// The IPv6 neighbour cache (napalm `get_ipv6_neighbors_table`); learned,
/// so read-only here.
pub const IPV6_NEIGHBOR: Menu = Menu::list(
    "/ipv6/neighbor",
    &[
        ro("address"),
        ro("interface"),
        ro("mac-address"),
        ro("status"),
        p("router", BOOL).ro().def("false"),
        p("dynamic", BOOL).ro().def("true"),
        COMMENT,
    ],
)
.cmds(0);

/// Virtual routing and forwarding tables (napalm
/// `get_network_instances`). The built-in `main` row has `builtin=true`
/// and `interfaces=all`.
pub const IP_VRF: Menu = Menu::list(
    "/ip/vrf",
    &[
        p("name", TEXT).req(),
        p("interfaces", TEXT).req(),
        p("builtin", BOOL).ro().def("false"),
        p("running", BOOL).ro().def("true"),
        DISABLED,
        COMMENT,
    ],
)
.named("name")
.unique(&[&["name"]])
.export("/ip vrf", E::Add);

/// BGP instances, explicit from RouterOS 7.20 (earlier 7.x has no such
/// menu). Inferred property set.
pub const BGP_INSTANCE: Menu = Menu::list(
    "/routing/bgp/instance",
    &[
        p("name", TEXT).req(),
        p("as", ASN).req(),
        p("router-id", TEXT),
        p("cluster-id", TEXT),
        p("vrf", refer("/ip/vrf")).def("main"),
        DISABLED,
        COMMENT,
    ],
)
.named("name")
.unique(&[&["name"]])
.export("/routing bgp instance", E::Add);

/// Shared BGP settings a connection names in `templates`; `default` is
/// built in.
pub const BGP_TEMPLATE: Menu = Menu::list(
    "/routing/bgp/template",
    &[
        p("name", TEXT).req(),
        p("as", ASN),
        p("router-id", TEXT),
        p("address-families", AFI).def("ip"),
        p("hold-time", Kind::Duration).def("3m"),
        p("keepalive-time", Kind::Duration),
        p("multihop", BOOL).def("false"),
        p("routing-table", TEXT).def("main"),
        p("input.filter", TEXT),
        p("output.filter-chain", TEXT),
        p("output.network", TEXT),
        p("output.redistribute", TEXT),
        p("templates", TEXT),
        p("builtin", BOOL).ro().def("false"),
        DISABLED,
        COMMENT,
    ],
)
.named("name")
.unique(&[&["name"]])
.export("/routing bgp template", E::Add);

/// BGP peers as configured (RouterOS 7 replaced `/routing/bgp/peer`).
pub const BGP_CONNECTION: Menu = Menu::list(
    "/routing/bgp/connection",
    &[
        p("name", TEXT).req(),
        p("instance", refer("/routing/bgp/instance")),
        p("as", ASN),
        p("router-id", TEXT),
        p("local.role", BGP_ROLE).req(),
        p("local.address", TEXT),
        p("remote.address", TEXT).req(),
        p("remote.as", ASN),
        p("remote.port", int(0, 65535)),
        p("templates", TEXT).def("default"),
        p("address-families", AFI),
        p("routing-table", TEXT),
        p("hold-time", Kind::Duration),
        p("keepalive-time", Kind::Duration),
        p("multihop", BOOL),
        p("connect", BOOL).def("true"),
        p("listen", BOOL).def("true"),
        p("input.filter", TEXT),
        p("output.filter-chain", TEXT),
        p("output.network", TEXT),
        p("output.redistribute", TEXT),
        p("inactive", BOOL).state_flag(),
        DISABLED,
        COMMENT,
    ],
)
.named("name")
.unique(&[&["name"]])
.export("/routing bgp connection", E::Add);

/// Running BGP sessions: state of the connections, read-only. `uptime`
/// moves with the clock ([`super::live`]).
pub const BGP_SESSION: Menu = Menu::list(
    "/routing/bgp/session",
    &[
        ro("name"),
        ro("instance"),
        ro("remote.address"),
        ro("remote.as"),
        ro("remote.id"),
        ro("remote.afi"),
        ro("remote.capabilities"),
        ro("remote.messages"),
        ro("remote.bytes"),
        ro("remote.eor"),
        ro("local.role"),
        ro("local.address"),
        ro("local.as"),
        ro("local.id"),
        ro("local.afi"),
        ro("local.capabilities"),
        ro("local.messages"),
        ro("local.bytes"),
        ro("local.eor"),
        ro("hold-time"),
        ro("keepalive-time"),
        ro("uptime"),
        ro("prefix-count"),
        p("established", BOOL).state_flag(),
        p("inactive", BOOL).state_flag(),
    ],
)
.cmds(0)
.extra(&["refresh", "resend", "reset"]);

/// Files on the router's storage. `/export =file=` writes here; `contents`
/// prints only for small files (see [`FILE_INLINE_LIMIT`]), bigger ones
/// are read with `/file/read`.
pub const FILE: Menu = Menu::list(
    "/file",
    &[
        p("name", TEXT).req(),
        ro("type").def("file"),
        ro("size"),
        ro("creation-time"),
        ro("last-modified"),
        p("contents", TEXT),
    ],
)
.named("name")
.cmds(cmd::ADD | cmd::SET | cmd::REMOVE)
.unique(&[&["name"]])
.extra(&["read"]);

/// Largest file whose `contents` the API prints inline (inferred: clients
/// disagree, napalm-ros says about 4 KB, librouteros "a few tens of KB").
pub const FILE_INLINE_LIMIT: usize = 4095;

/// Static DNS entries.
pub const DNS_STATIC: Menu = Menu::list(
    "/ip/dns/static",
    &[
        p("name", TEXT),
        p("regexp", TEXT),
        p(
            "type",
            Kind::Enum(&[
                "A", "AAAA", "CNAME", "FWD", "MX", "NS", "NXDOMAIN", "SRV", "TXT",
            ]),
        )
        .def("A"),
        p("address", TEXT),
        p("cname", TEXT),
        p("forward-to", TEXT),
        p("text", TEXT),
        p("ttl", Kind::Duration).def("1d"),
        p("match-subdomain", BOOL).def("false"),
        p("address-list", TEXT),
        DYNAMIC,
        DISABLED,
        COMMENT,
    ],
)
.export("/ip dns static", E::Add);

/// Servers the NTP client uses (RouterOS 7.x: a list beside the
/// client's `servers` setting; inferred property set).
pub const NTP_CLIENT_SERVERS: Menu = Menu::list(
    "/system/ntp/client/servers",
    &[
        p("address", TEXT).req(),
        p("iburst", BOOL).def("true"),
        p("auth-key", TEXT).def("none"),
        p("min-poll", int(3, 17)).def("6"),
        p("max-poll", int(3, 17)).def("10"),
        ro("resolved-address"),
        DYNAMIC,
        DISABLED,
        COMMENT,
    ],
)
.unique(&[&["address"]])
.export("/system ntp client servers", E::Add);

/// The NTP server of the router itself.
pub const NTP_SERVER: Menu = Menu::singleton(
    "/system/ntp/server",
    &[
        p("enabled", BOOL).def("false"),
        p("broadcast", BOOL).def("false"),
        p("multicast", BOOL).def("false"),
        p("manycast", BOOL).def("false"),
        p("broadcast-addresses", TEXT).def(""),
        p("vrf", TEXT).def("main"),
        p("use-local-clock", BOOL).def("false"),
        p("local-clock-stratum", int(1, 15)).def("5"),
    ],
)
.cmds(cmd::SET | cmd::UNSET)
.export("/system ntp server", E::Singleton);

/// Scheduled scripts. The simulator keeps the rows and counts nothing:
/// `run-count` stays 0 (nothing runs in the background).
pub const SCHEDULER: Menu = Menu::list(
    "/system/scheduler",
    &[
        p("name", TEXT).req(),
        p("start-date", TEXT),
        p("start-time", TEXT).def("startup"),
        p("interval", Kind::Duration).def("0s"),
        p("on-event", TEXT).def(""),
        p("policy", SCRIPT_POLICY).def(SCRIPT_POLICY_DEFAULT),
        ro("owner"),
        ro("run-count").def("0"),
        ro("next-run"),
        DISABLED,
        COMMENT,
    ],
)
.named("name")
.unique(&[&["name"]])
.export("/system scheduler", E::Add);

/// Stored scripts; `run` executes the subset `/execute` knows.
pub const SCRIPT: Menu = Menu::list(
    "/system/script",
    &[
        p("name", TEXT).req(),
        p("source", TEXT).def(""),
        p("policy", SCRIPT_POLICY).def(SCRIPT_POLICY_DEFAULT),
        p("dont-require-permissions", BOOL).def("false"),
        ro("owner"),
        ro("last-started"),
        ro("run-count").def("0"),
        p("invalid", BOOL).state_flag(),
        COMMENT,
    ],
)
.named("name")
.cmds(cmd::ADD | cmd::SET | cmd::REMOVE | cmd::UNSET)
.unique(&[&["name"]])
.extra(&["run"])
.export("/system script", E::Add);

/// Running scripts. Scripts finish at once in the simulator, so the table
/// is normally empty (napalm-ros polls it after `/execute`).
pub const SCRIPT_JOB: Menu = Menu::list(
    "/system/script/job",
    &[
        ro("script"),
        ro("type"),
        ro("owner"),
        ro("policy"),
        ro("started"),
        ro("parent"),
    ],
)
.cmds(cmd::REMOVE);

/// Firewall matchers and action parameters terraform-routeros and Ansible
/// manage beyond the base set in [`super::menus`] (filter, nat, mangle,
/// raw); none has a default, so a rule prints only what it was given.
pub const FW_EXTRA: [Prop; 12] = [
    p("port", TEXT),
    p("icmp-options", TEXT),
    p(
        "tcp-flags",
        Kind::EnumList {
            words: &["ack", "cwr", "ece", "fin", "psh", "rst", "syn", "urg"],
            negate: true,
        },
    ),
    p("limit", TEXT),
    p("src-mac-address", Kind::Mac),
    p("src-address-type", TEXT),
    p("dst-address-type", TEXT),
    p("packet-size", TEXT),
    p("dscp", int(0, 63)),
    p("content", TEXT),
    p("address-list", TEXT),
    p("address-list-timeout", TEXT),
];

/// Connection, packet and routing marks as matchers (filter and nat; the
/// mangle menu has them already).
pub const FW_MARKS: [Prop; 3] = [
    p("connection-mark", TEXT),
    p("packet-mark", TEXT),
    p("routing-mark", TEXT),
];
