//! JNAP values onto the neutral model where the shared vocabulary
//! (`routerctl_core::vocab`) has no general rule: WAN types.

use routerctl_core::WanKind;

/// The carrier of a JNAP WAN type (`DHCP` and `Static` run on the Ethernet
/// WAN port; `Bridge`, `PPTP` and `L2TP` are other).
pub fn wan_kind(wan_type: &str) -> WanKind {
    match wan_type {
        "DHCP" | "Static" => WanKind::Ethernet,
        "PPPoE" => WanKind::Pppoe,
        _ => WanKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use routerctl_core::vocab::{Band, Security, mac_address};

    #[test]
    fn jnap_values_map_onto_the_shared_words() {
        assert_eq!(wan_kind("PPPoE"), WanKind::Pppoe);
        assert_eq!(wan_kind("DHCP"), WanKind::Ethernet);
        assert_eq!(wan_kind("Bridge"), WanKind::Other);
        // What the driver relies on from the shared vocabulary.
        assert_eq!(Band::from_vendor("2.4GHz"), Some(Band::Ghz2_4));
        assert_eq!(Band::from_vendor("5GHz"), Some(Band::Ghz5));
        assert_eq!(Security::from_vendor("None"), Security::Open);
        assert_eq!(
            Security::from_vendor("WPA2-Personal"),
            Security::Wpa2Personal
        );
        assert_eq!(
            Security::from_vendor("WPA-Mixed-Personal"),
            Security::WpaWpa2Personal
        );
        assert_eq!(
            Security::from_vendor("WPA3-Personal"),
            Security::Wpa3Personal
        );
        assert_eq!(
            mac_address("c6:01:f7:79:3b:89").as_deref(),
            Some("C6:01:F7:79:3B:89")
        );
    }
}
