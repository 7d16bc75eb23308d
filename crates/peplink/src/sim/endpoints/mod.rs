//! The handlers, one module per family of endpoints.

pub mod auth;
pub mod cellular;
pub mod cmd;
pub mod config;
pub mod info;
pub mod status;
pub mod wifi;
