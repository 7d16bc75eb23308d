//! Helpers the simulator's unit tests share.

use bytes::Bytes;

use crate::record::Attributes;

/// Command attributes from `(name, value)` text pairs, as a test writes
/// them (`attrs(&[("list", "blocked"), ("address", "192.0.2.1")])`).
pub(crate) fn attrs(pairs: &[(&str, &str)]) -> Attributes {
    pairs
        .iter()
        .map(|(k, v)| {
            (
                Bytes::copy_from_slice(k.as_bytes()),
                Bytes::copy_from_slice(v.as_bytes()),
            )
        })
        .collect()
}
