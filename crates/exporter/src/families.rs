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
family!(/// `interface_default_name` info (RouterOS).
    IF_DEFAULT_NAME, "mktxp_interface_default_name", Info, "The interface default name");
family!(/// VLAN id and parent (RouterOS; mktxp's own name ends `_info_info`).
    IF_VLAN, "mktxp_interface_vlan_info", Info, "VLAN interfaces with their VLAN id and parent interface");
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
family!(/// 1 link-ok, 0 else (RouterOS ethernet monitor).
    IF_STATUS, "mktxp_interface_status", Gauge, "Current interface link status (1 link-ok, 0 else)");
family!(/// 1 full duplex (RouterOS ethernet monitor).
    IF_FULL_DUPLEX, "mktxp_interface_full_duplex", Gauge, "Full duplex data transmission (1 full, 0 half)");
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
family!(/// Active users (RouterOS), value: login time.
    ACTIVE_USERS, "mktxp_active_users_info", Gauge, "Active Users (value: login time, Unix seconds)");

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
family!(/// bit/s.
    WLAN_TX_RATE, "mktxp_wlan_clients_tx_rate_bps", Gauge, "Client devices negotiated TX rate in bits per second");
family!(/// bit/s.
    WLAN_RX_RATE, "mktxp_wlan_clients_rx_rate_bps", Gauge, "Client devices negotiated RX rate in bits per second");
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

// Queues (RouterOS; mktxp exposes rates as counters and spells one name
// `downloadd`).
family!(/// bit/s.
    QS_RATES_UP, "mktxp_queue_simple_rates_upload", Counter, "Average passing upload traffic through the simple queue (bit/s)");
family!(/// bit/s.
    QS_RATES_DOWN, "mktxp_queue_simple_rates_download", Counter, "Average passing download traffic through the simple queue (bit/s)");
family!(/// Bytes.
    QS_BYTES_UP, "mktxp_queue_simple_bytes_upload", Counter, "Number of upload bytes processed by the simple queue");
family!(/// Bytes.
    QS_BYTES_DOWN, "mktxp_queue_simple_bytes_download", Counter, "Number of download bytes processed by the simple queue");
family!(/// Bytes.
    QS_QUEUED_UP, "mktxp_queue_simple_queued_bytes_upload", Counter, "Number of upload bytes queued in the simple queue");
family!(/// Bytes.
    QS_QUEUED_DOWN, "mktxp_queue_simple_queued_bytes_downloadd", Counter, "Number of download bytes queued in the simple queue");
family!(/// Packets.
    QS_DROPPED_UP, "mktxp_queue_simple_dropped_upload", Counter, "Number of upload packets dropped by the simple queue");
family!(/// Packets.
    QS_DROPPED_DOWN, "mktxp_queue_simple_dropped_download", Counter, "Number of download packets dropped by the simple queue");
family!(/// bit/s.
    QT_RATES, "mktxp_queue_tree_rates", Counter, "Average passing traffic through the queue tree (bit/s)");
family!(/// Bytes.
    QT_BYTES, "mktxp_queue_tree_bytes", Counter, "Number of processed bytes by the queue tree");
family!(/// Bytes.
    QT_QUEUED, "mktxp_queue_tree_queued_bytes", Counter, "Number of queued bytes in the queue tree");
family!(/// Packets.
    QT_DROPPED, "mktxp_queue_tree_dropped", Counter, "Number of dropped packets by the queue tree");

// Netwatch (RouterOS; labels name, type).
family!(/// Probe configuration and state.
    NETWATCH, "mktxp_netwatch", Info, "Netwatch Info Metrics");
family!(/// 1 up.
    NETWATCH_STATUS, "mktxp_netwatch_status", Gauge, "Netwatch Status Metrics (1 up, 0 else)");
family!(/// Count.
    NETWATCH_DONE, "mktxp_netwatch_done_tests", Gauge, "Netwatch Done Tests");
family!(/// Count.
    NETWATCH_FAILED, "mktxp_netwatch_failed_tests", Gauge, "Netwatch Failed Tests");
family!(/// Count.
    NETWATCH_LOSS_COUNT, "mktxp_netwatch_icmp_loss_count", Gauge, "Netwatch ICMP Loss Count");
family!(/// Percent.
    NETWATCH_LOSS_PERCENT, "mktxp_netwatch_icmp_loss_percent", Gauge, "Netwatch ICMP Loss Percent");
family!(/// ms.
    NETWATCH_RTT_AVG, "mktxp_netwatch_icmp_rtt_avg_ms", Gauge, "Netwatch ICMP Round Trip Average (ms)");
family!(/// ms.
    NETWATCH_RTT_MIN, "mktxp_netwatch_icmp_rtt_min_ms", Gauge, "Netwatch ICMP Round Trip Min (ms)");
family!(/// ms.
    NETWATCH_RTT_MAX, "mktxp_netwatch_icmp_rtt_max_ms", Gauge, "Netwatch ICMP Round Trip Max (ms)");
family!(/// ms.
    NETWATCH_RTT_JITTER, "mktxp_netwatch_icmp_rtt_jitter_ms", Gauge, "Netwatch ICMP Round Trip Jitter (ms)");
family!(/// ms.
    NETWATCH_RTT_STDEV, "mktxp_netwatch_icmp_rtt_stdev_ms", Gauge, "Netwatch ICMP Round Trip Stdev (ms)");
family!(/// ms.
    NETWATCH_TCP_CONNECT, "mktxp_netwatch_tcp_connect_time_ms", Gauge, "Netwatch TCP Connect Time (ms)");
family!(/// HTTP status.
    NETWATCH_HTTP_STATUS, "mktxp_netwatch_http_status_code", Gauge, "Netwatch HTTP status code");
family!(/// ms.
    NETWATCH_HTTP_RESP, "mktxp_netwatch_http_resp_time", Gauge, "Netwatch HTTP response time (ms)");

// Neighbors, public address, connections (RouterOS).
family!(/// A discovered neighbor.
    NEIGHBOR, "mktxp_neighbor", Info, "Reachable Neighbors (IPv4)");
family!(/// `/ip/cloud` addresses.
    PUBLIC_IP, "mktxp_public_ip_address", Info, "Public IP address");
family!(/// Connections, IPv4 + IPv6.
    CONNECTIONS, "mktxp_ip_connections_total", Gauge, "Number of IP connections");
family!(/// Connections, IPv4.
    CONNECTIONS_V4, "mktxp_ipv4_connections_total", Gauge, "Number of IPv4 connections");
family!(/// Connections, IPv6.
    CONNECTIONS_V6, "mktxp_ipv6_connections_total", Gauge, "Number of IPv6 connections");

// PoE (RouterOS; label name).
family!(/// Port PoE settings and state.
    POE, "mktxp_poe", Info, "POE Info Metrics");
family!(/// Volts.
    POE_VOLTAGE, "mktxp_poe_out_voltage", Gauge, "POE Out Voltage (V)");
family!(/// Milliamperes.
    POE_CURRENT, "mktxp_poe_out_current", Gauge, "POE Out Current (mA)");
family!(/// Watts.
    POE_POWER, "mktxp_poe_out_power", Gauge, "POE Out Power (W)");

/// Every family above, for documentation checks (the README table, the
/// Grafana dashboard).
pub static ALL: &[&Family] = &[
    &UP,
    &SCRAPE_DURATION,
    &SCRAPE_ERRORS,
    &CONNECTS,
    &IF_COMMENT,
    &IF_TYPE,
    &IF_DEFAULT_NAME,
    &IF_VLAN,
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
    &IF_STATUS,
    &IF_FULL_DUPLEX,
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
    &WLAN_TX_RATE,
    &WLAN_RX_RATE,
    &WLAN_UPTIME,
    &WLAN_DEVICES,
    &WAN_UP,
    &WAN_UPTIME,
    &WAN_SIGNAL,
    &LTE_RSSI,
    &QS_RATES_UP,
    &QS_RATES_DOWN,
    &QS_BYTES_UP,
    &QS_BYTES_DOWN,
    &QS_QUEUED_UP,
    &QS_QUEUED_DOWN,
    &QS_DROPPED_UP,
    &QS_DROPPED_DOWN,
    &QT_RATES,
    &QT_BYTES,
    &QT_QUEUED,
    &QT_DROPPED,
    &NETWATCH,
    &NETWATCH_STATUS,
    &NETWATCH_DONE,
    &NETWATCH_FAILED,
    &NETWATCH_LOSS_COUNT,
    &NETWATCH_LOSS_PERCENT,
    &NETWATCH_RTT_AVG,
    &NETWATCH_RTT_MIN,
    &NETWATCH_RTT_MAX,
    &NETWATCH_RTT_JITTER,
    &NETWATCH_RTT_STDEV,
    &NETWATCH_TCP_CONNECT,
    &NETWATCH_HTTP_STATUS,
    &NETWATCH_HTTP_RESP,
    &NEIGHBOR,
    &PUBLIC_IP,
    &CONNECTIONS,
    &CONNECTIONS_V4,
    &CONNECTIONS_V6,
    &POE,
    &POE_VOLTAGE,
    &POE_CURRENT,
    &POE_POWER,
];
