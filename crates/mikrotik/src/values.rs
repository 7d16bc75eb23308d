//! Typed readings of RouterOS values: TODO(client helper).
