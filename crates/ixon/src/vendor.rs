//! Who this crate speaks for. A leaf module, so that every file can name
//! the vendors without importing the crate root (which imports them).

/// Vendor name for IXON IXrouters, used in errors and output.
pub const VENDOR_IXON: &str = "ixon";
/// Vendor name for stock OpenWrt routers served by the same client.
pub const VENDOR_OPENWRT: &str = "openwrt";

/// ubus over HTTPS (the default) or plain HTTP; no streaming commands.
pub(crate) const PROTOCOLS: &[routerctl_core::ProtocolSpec] = &[
    routerctl_core::ProtocolSpec::HTTPS,
    routerctl_core::ProtocolSpec::HTTP,
];
