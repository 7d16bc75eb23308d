//! Every metric family the exporter emits, in one place: names, kinds and
//! help texts (with units). RouterOS families carry mktxp 2.1.0's names,
//! so dashboards built for mktxp work unchanged; the other vendor families
//! reuse the same names for the same meaning. Families without an mktxp
//! counterpart (WAN links, the exporter's own health) are `routerctl_*`.
//!
//! The README's metric table lists these; keep both in step.

use crate::metrics::{Family, Kind};

macro_rules! family {
    ($(#[$doc:meta])* $id:ident, $name:literal, $kind:ident, $help:literal) => {
        $(#[$doc])*
        pub static $id: Family = Family { name: $name, help: $help, kind: Kind::$kind };
    };
}

// The exporter's own view of each router (labels router, vendor).
family!(
    /// 1 when the router answered this scrape, else 0.
    UP, "routerctl_up", Gauge, "1 when the router answered this scrape, 0 when it did not");
family!(
    /// Seconds this router's collection took.
    SCRAPE_DURATION, "routerctl_scrape_duration_seconds", Gauge, "Seconds the collection of this router took");
family!(
    /// Failed collections since the exporter started.
    SCRAPE_ERRORS, "routerctl_scrape_errors", Counter, "Collections of this router that failed since the exporter started");
family!(
    /// Sessions opened since the exporter started (1 while it stays up).
    CONNECTS, "routerctl_connects", Counter, "Sessions opened to this router since the exporter started (kept across scrapes)");

// Interfaces (label name).
family!(/// `interface_comment` info.
    IF_COMMENT, "mktxp_interface_comment", Info, "The interface comment");
family!(/// `interface_type` info.
    IF_TYPE, "mktxp_interface_type", Info, "Interface type like ether, vrrp, eoip, gre-tunnel, ...");
family!(/// `interface_mac_address` info.
    IF_MAC, "mktxp_interface_mac_address", Info, "The interface MAC address");
family!(/// Running (link up) 1/0.
    IF_RUNNING, "mktxp_interface_running", Gauge, "Current running status of the interface (1 running, 0 not)");
family!(/// Disabled 1/0.
    IF_DISABLED, "mktxp_interface_disabled", Gauge, "Current disabled status of the interface (1 disabled, 0 enabled)");
family!(/// Bytes received.
    IF_RX_BYTE, "mktxp_interface_rx_byte", Counter, "Number of received bytes");
family!(/// Bytes sent.
    IF_TX_BYTE, "mktxp_interface_tx_byte", Counter, "Number of transmitted bytes");
family!(/// Packets received.
    IF_RX_PACKET, "mktxp_interface_rx_packet", Counter, "Number of packets received");
family!(/// Packets sent.
    IF_TX_PACKET, "mktxp_interface_tx_packet", Counter, "Number of transmitted packets");
family!(/// Receive errors.
    IF_RX_ERROR, "mktxp_interface_rx_error", Counter, "Number of packets received with an error");
family!(/// Transmit errors.
    IF_TX_ERROR, "mktxp_interface_tx_error", Counter, "Number of packets transmitted with an error");
family!(/// Receive drops.
    IF_RX_DROP, "mktxp_interface_rx_drop", Counter, "Number of received packets being dropped");
family!(/// Transmit drops.
    IF_TX_DROP, "mktxp_interface_tx_drop", Counter, "Number of transmitted packets being dropped");
family!(/// Link downs (RouterOS).
    LINK_DOWNS, "mktxp_link_downs", Counter, "Number of times link went down");
family!(/// Actual MTU, bytes.
    IF_MTU, "mktxp_interface_actual_mtu", Gauge, "Current used MTU for this interface (bytes)");
family!(/// Link rate, Mbit/s.
    IF_RATE, "mktxp_interface_rate", Gauge, "Actual interface connection data rate (Mbit/s)");

// System.
family!(/// Seconds since boot.
    SYS_UPTIME, "mktxp_system_uptime", Gauge, "Time interval since boot-up (seconds)");
family!(/// Free RAM, bytes.
    SYS_FREE_MEMORY, "mktxp_system_free_memory", Gauge, "Unused amount of RAM (bytes)");
family!(/// RAM, bytes.
    SYS_TOTAL_MEMORY, "mktxp_system_total_memory", Gauge, "Amount of installed RAM (bytes)");
family!(/// Free storage, bytes.
    SYS_FREE_HDD, "mktxp_system_free_hdd_space", Gauge, "Free space on hard drive or NAND (bytes)");
family!(/// Storage, bytes.
    SYS_TOTAL_HDD, "mktxp_system_total_hdd_space", Gauge, "Size of the hard drive or NAND (bytes)");
family!(/// CPU load, percent.
    SYS_CPU_LOAD, "mktxp_system_cpu_load", Gauge, "Percentage of used CPU resources (percent)");
family!(/// CPU count.
    SYS_CPU_COUNT, "mktxp_system_cpu_count", Gauge, "Number of CPUs present on the system");
family!(/// CPU frequency, MHz.
    SYS_CPU_FREQUENCY, "mktxp_system_cpu_frequency", Gauge, "Current CPU frequency (MHz)");
family!(/// Identity.
    SYS_IDENTITY, "mktxp_system_identity", Info, "System identity");
family!(/// Installed packages (RouterOS).
    PACKAGES, "mktxp_installed_packages", Info, "Installed Packages");
family!(/// Active users (RouterOS), value: seconds since login.
    ACTIVE_USERS, "mktxp_active_users_info", Gauge, "Active Users");

// Health (RouterOS /system/health).
family!(/// Volts.
    HEALTH_VOLTAGE, "mktxp_system_routerboard_voltage", Gauge, "Supplied routerboard voltage (V)");
family!(/// Celsius.
    HEALTH_TEMPERATURE, "mktxp_system_routerboard_temperature", Gauge, "Routerboard current temperature (Celsius)");
family!(/// Celsius.
    HEALTH_PHY_TEMPERATURE, "mktxp_system_phy_temperature", Gauge, "Current PHY temperature (Celsius)");
family!(/// Celsius.
    HEALTH_CPU_TEMPERATURE, "mktxp_system_cpu_temperature", Gauge, "Current CPU temperature (Celsius)");
family!(/// Celsius.
    HEALTH_SWITCH_TEMPERATURE, "mktxp_system_switch_temperature", Gauge, "Current switch temperature (Celsius)");
family!(/// RPM.
    HEALTH_FAN1, "mktxp_system_fan_one_speed", Gauge, "System fan 1 current speed (RPM)");
family!(/// RPM.
    HEALTH_FAN2, "mktxp_system_fan_two_speed", Gauge, "System fan 2 current speed (RPM)");
family!(/// Watts.
    HEALTH_POWER, "mktxp_system_power_consumption", Gauge, "System Power Consumption (W)");
family!(/// Celsius.
    HEALTH_BOARD_TEMPERATURE1, "mktxp_system_board_temperature1", Gauge, "System board temperature 1 (Celsius)");
family!(/// Celsius.
    HEALTH_BOARD_TEMPERATURE2, "mktxp_system_board_temperature2", Gauge, "System board temperature 2 (Celsius)");
family!(/// 1 ok.
    HEALTH_PSU1_STATE, "mktxp_system_psu1_state", Gauge, "System PSU1 state (1 ok, 0 fail)");
family!(/// 1 ok.
    HEALTH_PSU2_STATE, "mktxp_system_psu2_state", Gauge, "System PSU2 state (1 ok, 0 fail)");
family!(/// Watts.
    HEALTH_POE_OUT, "mktxp_system_poe_out_consumption", Gauge, "System POE-out consumption (W)");

family!(/// Celsius, sensors without an mktxp name (label sensor).
    TEMPERATURE, "routerctl_temperature_celsius", Gauge, "Temperature of a sensor without an mktxp family (Celsius)");

// DHCP and pools.
family!(/// Leases per server.
    DHCP_ACTIVE, "mktxp_dhcp_lease_active_count", Gauge, "Number of active leases per DHCP server");
family!(/// Seconds until expiry.
    DHCP_LEASE, "mktxp_dhcp_lease_info", Gauge, "DHCP Active Leases (value: seconds until the lease expires)");
family!(/// Used addresses.
    POOL_USED, "mktxp_ip_pool_used", Gauge, "Number of used addresses per IP pool (IPV4)");
family!(/// Pool size.
    POOL_TOTAL, "mktxp_ip_pool_total", Gauge, "Total capacity of IP pool (IPV4)");

// Routes and firewall (RouterOS).
family!(/// Routes.
    ROUTES_TOTAL, "mktxp_routes_total_routes", Gauge, "Overall number of routes in RIB");
family!(/// Routes per protocol.
    ROUTES_PROTOCOL, "mktxp_routes_protocol_count", Gauge, "Number of routes per protocol in RIB");
family!(/// Bytes matched.
    FW_FILTER, "mktxp_firewall_filter", Counter, "Total amount of bytes matched by firewall rules");
family!(/// Bytes matched.
    FW_RAW, "mktxp_firewall_raw", Counter, "Total amount of bytes matched by raw firewall rules");
family!(/// Bytes matched.
    FW_NAT, "mktxp_firewall_nat", Counter, "Total amount of bytes matched by NAT rules");
family!(/// Bytes matched.
    FW_MANGLE, "mktxp_firewall_mangle", Counter, "Total amount of bytes matched by Mangle rules");

// Wireless clients (labels dhcp_name, mac_address).
family!(/// Clients per radio.
    WLAN_REGISTERED, "mktxp_wlan_registered_clients", Gauge, "Number of registered clients");
family!(/// dBm.
    WLAN_SIGNAL, "mktxp_wlan_clients_signal_strength", Gauge, "Average strength of the client signal received by AP (dBm)");
family!(/// Bytes sent to the client.
    WLAN_TX_BYTES, "mktxp_wlan_clients_tx_bytes", Counter, "Number of sent packet bytes");
family!(/// Bytes received from the client.
    WLAN_RX_BYTES, "mktxp_wlan_clients_rx_bytes", Counter, "Number of received packet bytes");
family!(/// Seconds.
    WLAN_UPTIME, "mktxp_wlan_clients_uptime_seconds", Gauge, "Client devices connection uptime in seconds");
family!(/// Identity of a client.
    WLAN_DEVICES, "mktxp_wlan_clients_devices", Info, "Client devices info");

// WAN links and cellular.
family!(/// 1 up, 0 down.
    WAN_UP, "routerctl_wan_up", Gauge, "1 when the WAN link is connected, else 0");
family!(/// Seconds.
    WAN_UPTIME, "routerctl_wan_uptime_seconds", Gauge, "Seconds since the WAN link came up");
family!(/// dBm.
    WAN_SIGNAL, "routerctl_wan_signal_dbm", Gauge, "Radio signal of a cellular or Wi-Fi uplink (dBm)");
family!(/// dBm, cellular links (mktxp's LTE name).
    LTE_RSSI, "mktxp_lte_rssi", Gauge, "Received Signal Strength Indicator (dBm)");

/// Every family above, for documentation checks (the README table, the
/// Grafana dashboard).
pub static ALL: &[&Family] = &[
    &UP,
    &SCRAPE_DURATION,
    &SCRAPE_ERRORS,
    &CONNECTS,
    &IF_COMMENT,
    &IF_TYPE,
    &IF_MAC,
    &IF_RUNNING,
    &IF_DISABLED,
    &IF_RX_BYTE,
    &IF_TX_BYTE,
    &IF_RX_PACKET,
    &IF_TX_PACKET,
    &IF_RX_ERROR,
    &IF_TX_ERROR,
    &IF_RX_DROP,
    &IF_TX_DROP,
    &LINK_DOWNS,
    &IF_MTU,
    &IF_RATE,
    &SYS_UPTIME,
    &SYS_FREE_MEMORY,
    &SYS_TOTAL_MEMORY,
    &SYS_FREE_HDD,
    &SYS_TOTAL_HDD,
    &SYS_CPU_LOAD,
    &SYS_CPU_COUNT,
    &SYS_CPU_FREQUENCY,
    &SYS_IDENTITY,
    &PACKAGES,
    &ACTIVE_USERS,
    &HEALTH_VOLTAGE,
    &HEALTH_TEMPERATURE,
    &HEALTH_PHY_TEMPERATURE,
    &HEALTH_CPU_TEMPERATURE,
    &HEALTH_SWITCH_TEMPERATURE,
    &HEALTH_FAN1,
    &HEALTH_FAN2,
    &HEALTH_POWER,
    &HEALTH_BOARD_TEMPERATURE1,
    &HEALTH_BOARD_TEMPERATURE2,
    &HEALTH_PSU1_STATE,
    &HEALTH_PSU2_STATE,
    &HEALTH_POE_OUT,
    &TEMPERATURE,
    &DHCP_ACTIVE,
    &DHCP_LEASE,
    &POOL_USED,
    &POOL_TOTAL,
    &ROUTES_TOTAL,
    &ROUTES_PROTOCOL,
    &FW_FILTER,
    &FW_RAW,
    &FW_NAT,
    &FW_MANGLE,
    &WLAN_REGISTERED,
    &WLAN_SIGNAL,
    &WLAN_TX_BYTES,
    &WLAN_RX_BYTES,
    &WLAN_UPTIME,
    &WLAN_DEVICES,
    &WAN_UP,
    &WAN_UPTIME,
    &WAN_SIGNAL,
    &LTE_RSSI,
];
