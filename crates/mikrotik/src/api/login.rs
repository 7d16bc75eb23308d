//! Login: TODO(client helper).
