//! The IPv6 part of RouterOS 7 defconf on a hAP ax^2: the `bad_ipv6`
//! address list and the input/forward filter rules (written from the
//! RouterOS 7 default configuration; counters come from `live`).

/// One row as `(property, value)` pairs.
pub type Row = &'static [(&'static str, &'static [u8])];

/// `/ipv6/firewall/address-list`, list `bad_ipv6`.
pub const BAD_IPV6: &[(&str, &str)] = &[
    ("::/128", "defconf: unspecified address"),
    ("::1/128", "defconf: lo"),
    ("fec0::/10", "defconf: site-local"),
    ("::ffff:0.0.0.0/96", "defconf: ipv4-mapped"),
    ("::/96", "defconf: ipv4 compat"),
    ("100::/64", "defconf: discard only "),
    ("2001:db8::/32", "defconf: documentation"),
    ("2001:10::/28", "defconf: ORCHID"),
    ("3ffe::/16", "defconf: 6bone"),
];

/// `/ipv6/firewall/filter`, in order.
pub const FILTER: &[Row] = &[
    &[
        ("chain", b"input"),
        ("action", b"accept"),
        ("connection-state", b"established,related,untracked"),
        ("comment", b"defconf: accept established,related,untracked"),
    ],
    &[
        ("chain", b"input"),
        ("action", b"drop"),
        ("connection-state", b"invalid"),
        ("comment", b"defconf: drop invalid"),
    ],
    &[
        ("chain", b"input"),
        ("action", b"accept"),
        ("protocol", b"icmpv6"),
        ("comment", b"defconf: accept ICMPv6"),
    ],
    &[
        ("chain", b"input"),
        ("action", b"accept"),
        ("protocol", b"udp"),
        ("dst-port", b"33434-33534"),
        ("comment", b"defconf: accept UDP traceroute"),
    ],
    &[
        ("chain", b"input"),
        ("action", b"accept"),
        ("protocol", b"udp"),
        ("dst-port", b"546"),
        ("src-address", b"fe80::/10"),
        (
            "comment",
            b"defconf: accept DHCPv6-Client prefix delegation.",
        ),
    ],
    &[
        ("chain", b"input"),
        ("action", b"accept"),
        ("protocol", b"udp"),
        ("dst-port", b"500,4500"),
        ("comment", b"defconf: accept IKE"),
    ],
    &[
        ("chain", b"input"),
        ("action", b"accept"),
        ("protocol", b"ipsec-ah"),
        ("comment", b"defconf: accept ipsec AH"),
    ],
    &[
        ("chain", b"input"),
        ("action", b"accept"),
        ("protocol", b"ipsec-esp"),
        ("comment", b"defconf: accept ipsec ESP"),
    ],
    &[
        ("chain", b"input"),
        ("action", b"accept"),
        ("ipsec-policy", b"in,ipsec"),
        ("comment", b"defconf: accept all that matches ipsec policy"),
    ],
    &[
        ("chain", b"input"),
        ("action", b"drop"),
        ("in-interface-list", b"!LAN"),
        (
            "comment",
            b"defconf: drop everything else not coming from LAN",
        ),
    ],
    &[
        ("chain", b"forward"),
        ("action", b"accept"),
        ("connection-state", b"established,related,untracked"),
        ("comment", b"defconf: accept established,related,untracked"),
    ],
    &[
        ("chain", b"forward"),
        ("action", b"drop"),
        ("connection-state", b"invalid"),
        ("comment", b"defconf: drop invalid"),
    ],
    &[
        ("chain", b"forward"),
        ("action", b"drop"),
        ("src-address-list", b"bad_ipv6"),
        ("comment", b"defconf: drop packets with bad src ipv6"),
    ],
    &[
        ("chain", b"forward"),
        ("action", b"drop"),
        ("dst-address-list", b"bad_ipv6"),
        ("comment", b"defconf: drop packets with bad dst ipv6"),
    ],
    &[
        ("chain", b"forward"),
        ("action", b"drop"),
        ("protocol", b"icmpv6"),
        ("hop-limit", b"equal:1"),
        ("comment", b"defconf: rfc4890 drop hop-limit=1"),
    ],
    &[
        ("chain", b"forward"),
        ("action", b"accept"),
        ("protocol", b"icmpv6"),
        ("comment", b"defconf: accept ICMPv6"),
    ],
    &[
        ("chain", b"forward"),
        ("action", b"accept"),
        ("protocol", b"139"),
        ("comment", b"defconf: accept HIP"),
    ],
    &[
        ("chain", b"forward"),
        ("action", b"accept"),
        ("protocol", b"udp"),
        ("dst-port", b"500,4500"),
        ("comment", b"defconf: accept IKE"),
    ],
    &[
        ("chain", b"forward"),
        ("action", b"accept"),
        ("protocol", b"ipsec-ah"),
        ("comment", b"defconf: accept ipsec AH"),
    ],
    &[
        ("chain", b"forward"),
        ("action", b"accept"),
        ("protocol", b"ipsec-esp"),
        ("comment", b"defconf: accept ipsec ESP"),
    ],
    &[
        ("chain", b"forward"),
        ("action", b"accept"),
        ("ipsec-policy", b"in,ipsec"),
        ("comment", b"defconf: accept all that matches ipsec policy"),
    ],
    &[
        ("chain", b"forward"),
        ("action", b"drop"),
        ("in-interface-list", b"!LAN"),
        (
            "comment",
            b"defconf: drop everything else not coming from LAN",
        ),
    ],
];
