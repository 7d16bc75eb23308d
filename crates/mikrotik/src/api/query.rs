//! Query words for `print`: TODO(client helper).
/// A `print` filter and property list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {}
