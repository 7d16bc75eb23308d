//! [`Flavor`]: which router the simulator pretends to be. A leaf: the ACL,
//! the device state and the objects all branch on it.

use std::fmt;
use std::str::FromStr;

/// Which router the simulator pretends to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// An IXON IXrouter3 on firmware 3.19: `ixon.ui.*` objects, IXON's ACL.
    Ixon,
    /// Stock OpenWrt 24.10: `system`, `network.*`, `luci-rpc`, `iwinfo`,
    /// `hostapd.*`, `uci`.
    OpenWrt,
}

impl Flavor {
    /// The vendor name the driver uses for this flavor.
    pub const fn vendor(self) -> &'static str {
        match self {
            Flavor::Ixon => crate::VENDOR_IXON,
            Flavor::OpenWrt => crate::VENDOR_OPENWRT,
        }
    }
}

impl fmt::Display for Flavor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.vendor())
    }
}

impl FromStr for Flavor {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ixon" => Ok(Flavor::Ixon),
            "openwrt" => Ok(Flavor::OpenWrt),
            other => Err(format!(
                "unknown flavor {other:?} (expected ixon or openwrt)"
            )),
        }
    }
}
