//! The neutral vocabulary: one spelling for each value that vendors spell
//! their own way, so a fleet's output can be filtered and compared across
//! vendors without a per-vendor table.
//!
//! | what | type or function | JSON spellings |
//! |---|---|---|
//! | Wi-Fi band | [`Band`] | `2.4GHz`, `5GHz`, `6GHz`, `60GHz` |
//! | Wi-Fi security | [`Security`] | `open`, `wep`, `wpa-personal`, `wpa2-personal`, `wpa3-personal`, `wpa/wpa2-personal`, `wpa2/wpa3-personal`, `wpa-enterprise`, `wpa2-enterprise`, `wpa3-enterprise`, `wpa2/wpa3-enterprise`, `owe`, `other` |
//! | interface kind | [`InterfaceKind`] | `ethernet`, `bridge`, `vlan`, `wifi`, `cellular`, `pppoe`, `tunnel`, `loopback`, `bond`, `other` |
//! | MAC address | [`mac_address`], [`is_canonical_mac`] | upper-case colon form, `AA:BB:CC:DD:EE:FF` |
//! | link state | [`link_is_up`] | `is_up`: `true` / `false` |
//!
//! Each type's `as_str()`, `Display`, serde form and `FromStr` agree, and
//! `FromStr` accepts only the neutral spelling: it is how a user's filter
//! word is read back. Vendor spellings go through the lenient `from_vendor`
//! helpers instead, so one driver cannot quietly invent a second spelling.
//!
//! ```
//! use routerctl_core::vocab::{Band, Security, mac_address};
//! assert_eq!(Band::from_vendor("5ghz-ax"), Some(Band::Ghz5));
//! assert_eq!(Band::Ghz2_4.to_string(), "2.4GHz");
//! assert_eq!(Security::from_vendor("wpa2-psk,wpa3-psk"), Security::Wpa2Wpa3Personal);
//! assert_eq!(mac_address("aabb.ccdd.eeff").as_deref(), Some("AA:BB:CC:DD:EE:FF"));
//! ```

mod band;
mod interface;
mod link;
mod mac;
mod security;
mod word;

pub use band::Band;
pub use interface::InterfaceKind;
pub use link::link_is_up;
pub use mac::{is_canonical_mac, mac_address};
pub use security::Security;
pub use word::UnknownWord;
