//! Interface kinds.

use super::word::{fold, vocabulary};

vocabulary! {
    /// What an interface is, whatever the vendor calls it. JSON spellings:
    /// `ethernet`, `bridge`, `vlan`, `wifi`, `cellular`, `pppoe`, `tunnel`,
    /// `loopback`, `bond`, `other`.
    ///
    /// ```
    /// use routerctl_core::vocab::InterfaceKind;
    /// assert_eq!(InterfaceKind::from_vendor("ether"), InterfaceKind::Ethernet);
    /// assert_eq!(serde_json::to_value(InterfaceKind::Wifi).unwrap(), "wifi");
    /// ```
    InterfaceKind, "interface kind" {
        /// A wired Ethernet port (or a switch port behind DSA).
        Ethernet => "ethernet",
        /// A software bridge joining other interfaces.
        Bridge => "bridge",
        /// An 802.1Q (or 802.1ad) VLAN on top of another interface.
        Vlan => "vlan",
        /// A Wi-Fi radio or virtual access point / station.
        Wifi => "wifi",
        /// An LTE/5G or other cellular modem.
        Cellular => "cellular",
        /// A PPPoE session (client or server side).
        Pppoe => "pppoe",
        /// A tunnel or VPN interface (WireGuard, GRE, EoIP, IPIP, L2TP,
        /// SSTP, OpenVPN, PPTP, VXLAN, tun/tap, ...).
        Tunnel => "tunnel",
        /// The loopback interface.
        Loopback => "loopback",
        /// A link aggregation (bonding) interface.
        Bond => "bond",
        /// Anything else (for example a container's veth or a VRRP address).
        Other => "other",
    }
}

impl InterfaceKind {
    /// Reads a vendor's interface type, leniently (case-insensitive;
    /// blanks and `_` count as `-`). Understood words, besides the neutral
    /// spellings:
    ///
    /// - ethernet: `ether`, `eth`, `dsa`
    /// - bridge: `br`
    /// - vlan: `8021q`, `8021ad`, `802.1q`
    /// - wifi: `wlan`, `wireless`, `wifiwave2`, `wifi-qcom`, `wds`, `station`
    /// - cellular: `lte`, `wwan`, `modem`, `mobile`, `3g`, `4g`, `5g`
    /// - pppoe: `pppoe-out`, `pppoe-in`, `pppoa`
    /// - tunnel: `wireguard`, `wg`, `gre`, `gre6`, `gretap`, `eoip`,
    ///   `eoipv6`, `ipip`, `ipipv6`, `6to4`, `l2tp*`, `sstp*`, `ovpn*`,
    ///   `openvpn`, `pptp*`, `vxlan`, `vpls`, `tun`, `tap`, `vpn`, `ipsec`,
    ///   `vti`, `zerotier`
    /// - loopback: `lo`
    /// - bond: `bonding`
    ///
    /// Any other word is [`InterfaceKind::Other`]; a driver with no word at
    /// all leaves the field absent instead.
    ///
    /// ```
    /// use routerctl_core::vocab::InterfaceKind;
    /// assert_eq!(InterfaceKind::from_vendor("pppoe-out"), InterfaceKind::Pppoe);
    /// assert_eq!(InterfaceKind::from_vendor("WireGuard"), InterfaceKind::Tunnel);
    /// assert_eq!(InterfaceKind::from_vendor("veth"), InterfaceKind::Other);
    /// ```
    pub fn from_vendor(raw: &str) -> InterfaceKind {
        let word = fold(raw);
        if let Ok(neutral) = word.parse::<InterfaceKind>() {
            return neutral;
        }
        let tunnel_prefixes = ["l2tp", "sstp", "ovpn", "pptp"];
        match word.as_str() {
            "ether" | "eth" | "dsa" => InterfaceKind::Ethernet,
            "br" => InterfaceKind::Bridge,
            "8021q" | "8021ad" | "802.1q" | "802.1ad" => InterfaceKind::Vlan,
            "wlan" | "wireless" | "wifiwave2" | "wifi-qcom" | "wifi-qcom-ac" | "wds"
            | "station" => InterfaceKind::Wifi,
            "lte" | "wwan" | "modem" | "mobile" | "3g" | "4g" | "5g" => InterfaceKind::Cellular,
            "pppoe-out" | "pppoe-in" | "pppoa" => InterfaceKind::Pppoe,
            "wireguard" | "wg" | "gre" | "gre6" | "gretap" | "eoip" | "eoipv6" | "ipip"
            | "ipipv6" | "6to4" | "openvpn" | "vxlan" | "vpls" | "tun" | "tap" | "vpn"
            | "ipsec" | "vti" | "zerotier" => InterfaceKind::Tunnel,
            w if tunnel_prefixes.iter().any(|p| w.starts_with(p)) => InterfaceKind::Tunnel,
            "lo" => InterfaceKind::Loopback,
            "bonding" => InterfaceKind::Bond,
            _ => InterfaceKind::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routeros_and_linux_words() {
        use InterfaceKind::*;
        let cases = [
            ("ether", Ethernet),
            ("Ethernet", Ethernet),
            ("bridge", Bridge),
            ("vlan", Vlan),
            ("8021q", Vlan),
            ("wifi", Wifi),
            ("wlan", Wifi),
            ("wifiwave2", Wifi),
            ("lte", Cellular),
            ("cellular", Cellular),
            ("pppoe-out", Pppoe),
            ("pppoe-in", Pppoe),
            ("wireguard", Tunnel),
            ("l2tp-out", Tunnel),
            ("ovpn-client", Tunnel),
            ("eoip", Tunnel),
            ("loopback", Loopback),
            ("lo", Loopback),
            ("bond", Bond),
            ("bonding", Bond),
            ("veth", Other),
            ("vrrp", Other),
            ("Network device", Other),
            ("", Other),
        ];
        for (raw, want) in cases {
            assert_eq!(InterfaceKind::from_vendor(raw), want, "{raw:?}");
        }
    }
}
