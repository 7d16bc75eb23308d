//! Who this crate speaks for. A leaf module, so that every file can name
//! the vendor without importing the crate root (which imports them).

/// Vendor name used in errors and output.
pub const VENDOR: &str = "mikrotik";
