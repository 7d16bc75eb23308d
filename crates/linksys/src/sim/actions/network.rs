//! `router/*`: WAN status, LAN settings and DHCP leases.

use std::time::Duration;

use serde_json::Value;

use super::super::clock::iso8601;
use super::super::context::Ctx;
use super::super::input::{Outcome, no_input, to_json};
use crate::models::{DhcpClientLease, DhcpClientLeases};

/// `router/GetWANStatus[2,3]`. Version 1 has neither IPv6 types nor
/// combinations, version 2 adds `supportedIPv6WANTypes`, version 3
/// `supportedWANCombinations` (**inferred** split; the version 3 shape is
/// real).
pub fn get_wan_status(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    let mut wan = ctx.state.wan.clone();
    if ctx.version < 3 {
        wan.supported_wan_combinations.clear();
    }
    if ctx.version < 2 {
        wan.supported_ipv6_wan_types.clear();
        wan.wan_ipv6_status = None;
        wan.link_local_ipv6_address = None;
    }
    to_json(&wan)
}

/// `router/GetLANSettings`.
pub fn get_lan_settings(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    to_json(&ctx.state.lan)
}

/// `router/GetDHCPClientLeases`: a lease per online client on the main LAN
/// (guests are served by the guest network's own DHCP), expiring one lease
/// time after the last join.
pub fn get_dhcp_client_leases(ctx: &mut Ctx<'_>, input: &Value) -> Outcome {
    no_input(input)?;
    let state = &*ctx.state;
    let lease = Duration::from_secs(state.lan.dhcp_settings.lease_minutes.saturating_mul(60));
    let expiration = iso8601(state.now() + lease);
    let leases = state
        .devices
        .iter()
        .filter(|d| d.online && !d.device.is_authority)
        .filter(|d| d.link.as_ref().is_some_and(|l| !l.is_guest))
        .filter(|d| d.device.model.device_type != "Infrastructure")
        .map(|d| DhcpClientLease {
            mac_address: d.mac.clone(),
            ip_address: d.ip.clone(),
            expiration: expiration.clone(),
            host_name: d.dhcp_host.clone(),
            client_id: Some(format!("01:{}", d.mac.to_ascii_lowercase())),
        })
        .collect();
    to_json(&DhcpClientLeases { leases })
}
