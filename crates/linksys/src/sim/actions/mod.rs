//! Action handlers, one file per area. Each handler reads its whole input
//! before it changes anything, so a rejected call leaves the router as it
//! was.

pub mod admin;
pub mod devices;
pub mod network;
pub mod settings;
pub mod wireless;
