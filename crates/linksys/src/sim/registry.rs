//! Every action the simulator answers: its name with version, the service
//! version it needs, and its handler. A router answers an action only when
//! its generation's `services` list covers that service version, so the two
//! generations differ exactly as their `core/GetDeviceInfo` says.

use serde_json::Value;

use super::actions::{admin, devices, network, settings, wireless};
use super::context::Ctx;
use super::input::Outcome;
use crate::versions::Services;

/// A handler.
pub type Handler = fn(&mut Ctx<'_>, &Value) -> Outcome;

/// One action the simulator answers.
#[derive(Debug, Clone, Copy)]
pub struct ActionDef {
    /// `service/Action` with version suffix.
    pub name: &'static str,
    /// The service it belongs to (`router/Router`).
    pub service: &'static str,
    /// The lowest service version that has it.
    pub service_version: u32,
    /// Checks the password itself (`CheckAdminPassword3`'s lock-out).
    pub own_auth: bool,
    /// The handler.
    pub handler: Handler,
}

const fn def(
    name: &'static str,
    service: &'static str,
    service_version: u32,
    handler: Handler,
) -> ActionDef {
    ActionDef {
        name,
        service,
        service_version,
        own_auth: false,
        handler,
    }
}

/// Every action, in documentation order.
pub static ACTIONS: &[ActionDef] = &[
    def("core/GetDeviceInfo", "core/Core", 1, admin::get_device_info),
    def(
        "core/CheckAdminPassword",
        "core/Core",
        1,
        admin::check_admin_password,
    ),
    def(
        "core/CheckAdminPassword2",
        "core/Core",
        2,
        admin::check_admin_password,
    ),
    ActionDef {
        own_auth: true,
        ..def(
            "core/CheckAdminPassword3",
            "core/Core",
            7,
            admin::check_admin_password3,
        )
    },
    def(
        "core/GetAdminPasswordAuthStatus",
        "core/Core",
        7,
        admin::get_admin_password_auth_status,
    ),
    def(
        "core/IsAdminPasswordDefault",
        "core/Core",
        1,
        admin::is_admin_password_default,
    ),
    def(
        "core/GetAdminPasswordHint",
        "core/Core",
        1,
        admin::get_admin_password_hint,
    ),
    def(
        "core/GetAdminPasswordRestrictions",
        "core/Core",
        1,
        admin::get_admin_password_restrictions,
    ),
    def(
        "core/SetAdminPassword",
        "core/Core",
        1,
        admin::set_admin_password,
    ),
    def(
        "core/SetAdminPassword2",
        "core/Core",
        3,
        admin::set_admin_password,
    ),
    def(
        "core/SetAdminPassword3",
        "core/Core",
        7,
        admin::set_admin_password,
    ),
    def("core/Reboot", "core/Core", 1, admin::reboot),
    def(
        "devicelist/GetDevices",
        "devicelist/DeviceList",
        1,
        devices::get_devices,
    ),
    def(
        "devicelist/GetDevices3",
        "devicelist/DeviceList",
        4,
        devices::get_devices,
    ),
    def(
        "devicelist/SetDeviceProperties",
        "devicelist/DeviceList",
        1,
        devices::set_device_properties,
    ),
    def(
        "devicelist/DeleteDevice",
        "devicelist/DeviceList",
        1,
        devices::delete_device,
    ),
    def(
        "networkconnections/GetNetworkConnections",
        "networkconnections/NetworkConnections",
        1,
        devices::get_network_connections,
    ),
    def(
        "networkconnections/GetNetworkConnections2",
        "networkconnections/NetworkConnections",
        2,
        devices::get_network_connections,
    ),
    def(
        "router/GetWANStatus",
        "router/Router",
        1,
        network::get_wan_status,
    ),
    def(
        "router/GetWANStatus2",
        "router/Router",
        3,
        network::get_wan_status,
    ),
    def(
        "router/GetWANStatus3",
        "router/Router",
        5,
        network::get_wan_status,
    ),
    def(
        "router/GetLANSettings",
        "router/Router",
        1,
        network::get_lan_settings,
    ),
    def(
        "router/GetDHCPClientLeases",
        "router/Router",
        1,
        network::get_dhcp_client_leases,
    ),
    def(
        "wirelessap/GetRadioInfo",
        "wirelessap/WirelessAP",
        1,
        wireless::get_radio_info,
    ),
    def(
        "wirelessap/GetRadioInfo2",
        "wirelessap/WirelessAP",
        3,
        wireless::get_radio_info,
    ),
    def(
        "wirelessap/GetRadioInfo3",
        "wirelessap/WirelessAP",
        4,
        wireless::get_radio_info,
    ),
    def(
        "wirelessap/SetRadioSettings",
        "wirelessap/WirelessAP",
        1,
        wireless::set_radio_settings,
    ),
    def(
        "wirelessap/SetRadioSettings2",
        "wirelessap/WirelessAP",
        3,
        wireless::set_radio_settings,
    ),
    def(
        "wirelessap/SetRadioSettings3",
        "wirelessap/WirelessAP",
        4,
        wireless::set_radio_settings,
    ),
    def(
        "guestnetwork/GetGuestNetworkSettings",
        "guestnetwork/GuestNetwork",
        1,
        wireless::get_guest_network_settings,
    ),
    def(
        "guestnetwork/SetGuestNetworkSettings",
        "guestnetwork/GuestNetwork",
        1,
        wireless::set_guest_network_settings,
    ),
    def(
        "guestnetwork/GetGuestRadioSettings",
        "guestnetwork/GuestNetwork",
        1,
        wireless::get_guest_radio_settings,
    ),
    def(
        "guestnetwork/GetGuestRadioSettings2",
        "guestnetwork/GuestNetwork",
        4,
        wireless::get_guest_radio_settings,
    ),
    def(
        "guestnetwork/SetGuestRadioSettings",
        "guestnetwork/GuestNetwork",
        1,
        wireless::set_guest_radio_settings,
    ),
    def(
        "guestnetwork/SetGuestRadioSettings2",
        "guestnetwork/GuestNetwork",
        4,
        wireless::set_guest_radio_settings,
    ),
    def(
        "parentalcontrol/GetParentalControlSettings",
        "parentalcontrol/ParentalControl",
        1,
        settings::get_parental_control_settings,
    ),
    def(
        "parentalcontrol/SetParentalControlSettings",
        "parentalcontrol/ParentalControl",
        1,
        settings::set_parental_control_settings,
    ),
    def(
        "locale/GetTimeSettings",
        "locale/Locale",
        1,
        settings::get_time_settings,
    ),
    def(
        "locale/SetTimeSettings",
        "locale/Locale",
        1,
        settings::set_time_settings,
    ),
    def(
        "firmwareupdate/GetFirmwareUpdateSettings",
        "firmwareupdate/FirmwareUpdate",
        1,
        settings::get_firmware_update_settings,
    ),
    def(
        "firmwareupdate/SetFirmwareUpdateSettings",
        "firmwareupdate/FirmwareUpdate",
        1,
        settings::set_firmware_update_settings,
    ),
    def(
        "firmwareupdate/GetFirmwareUpdateStatus",
        "firmwareupdate/FirmwareUpdate",
        1,
        settings::get_firmware_update_status,
    ),
    def(
        "firmwareupdate/UpdateFirmwareNow",
        "firmwareupdate/FirmwareUpdate",
        1,
        settings::update_firmware_now,
    ),
    def(
        "routerlog/GetLogSettings",
        "routerlog/RouterLog",
        1,
        settings::get_log_settings,
    ),
    def(
        "routerlog/SetLogSettings",
        "routerlog/RouterLog",
        1,
        settings::set_log_settings,
    ),
    def(
        "routerlog/GetIncomingLogEntries",
        "routerlog/RouterLog",
        1,
        settings::get_incoming_log_entries,
    ),
    def(
        "routerlog/GetOutgoingLogEntries",
        "routerlog/RouterLog",
        1,
        settings::get_outgoing_log_entries,
    ),
    def(
        "routerlog/GetSecurityLogEntries",
        "routerlog/RouterLog",
        1,
        settings::get_security_log_entries,
    ),
    def(
        "routerlog/GetDHCPLogEntries",
        "routerlog/RouterLog",
        1,
        settings::get_dhcp_log_entries,
    ),
    def(
        "routerlog/DeleteLogEntries",
        "routerlog/RouterLog",
        1,
        settings::delete_log_entries,
    ),
    def(
        "routerleds/GetRouterLEDSettings",
        "routerleds/RouterLEDs",
        1,
        settings::get_router_led_settings,
    ),
    def(
        "routerleds/SetRouterLEDSettings",
        "routerleds/RouterLEDs",
        1,
        settings::set_router_led_settings,
    ),
];

/// The action `short` (`router/GetWANStatus3`) if a router with `services`
/// answers it.
pub fn find(services: &Services, short: &str) -> Option<&'static ActionDef> {
    ACTIONS
        .iter()
        .find(|a| a.name == short)
        .filter(|a| services.has(a.service, a.service_version))
}

/// Every action a router with `services` answers.
pub fn answered(services: &Services) -> impl Iterator<Item = &'static ActionDef> + '_ {
    ACTIONS
        .iter()
        .filter(|a| services.has(a.service, a.service_version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::versions::VERSIONED;
    use crate::wire::ActionName;

    #[test]
    fn versioned_actions_agree_with_the_client_table() {
        for rule in VERSIONED {
            for (version, service_version) in rule.variants {
                let (service, base) = rule.family.rsplit_once('/').unwrap();
                let name = ActionName::versioned(service, base, *version);
                let def = ACTIONS
                    .iter()
                    .find(|a| a.name == name.short())
                    .unwrap_or_else(|| panic!("{name} not simulated"));
                assert_eq!(def.service, rule.service, "{name}");
                assert_eq!(def.service_version, *service_version, "{name}");
            }
        }
    }

    #[test]
    fn the_readme_lists_every_action() {
        let readme = include_str!("../../README.md");
        for a in ACTIONS {
            let family = ActionName::parse(a.name).unwrap().family();
            assert!(
                readme.contains(&format!("| `{family}` |")),
                "README.md has no row for {family}"
            );
        }
    }

    #[test]
    fn names_are_unique_and_parse() {
        for (i, a) in ACTIONS.iter().enumerate() {
            assert_eq!(ActionName::parse(a.name).unwrap().short(), a.name);
            assert!(
                ACTIONS.iter().skip(i + 1).all(|b| b.name != a.name),
                "{} twice",
                a.name
            );
        }
    }
}
