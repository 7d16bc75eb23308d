//! Factory defaults of the simulated routers: identity and service lists
//! per generation, radios, WAN, LAN, time zones and the devices around the
//! router, seeded from the real payloads in the reference (a Velop WHW03
//! and its clients; the classic generation is ours).

use super::config::Generation;
use super::device::{Link, SimDevice};
use crate::models::{
    ChannelsForWidth, Device, DeviceInfo, DeviceModel, DeviceUnit, DhcpSettings, GuestRadio,
    GuestRadioSettings, KnownInterface, LanSettings, Property, Radio, RadioInfo, RadioSettings,
    TimeZone, WanCombination, WanConnection, WanStatus, WpaPersonalSettings,
};

/// The classic generation's `services` list (ours, EA7500-like).
pub fn classic_services() -> Vec<String> {
    [
        "core/Core",
        "core/Core2",
        "core/Core3",
        "core/Core4",
        "core/Core5",
        "core/Core6",
        "devicelist/DeviceList",
        "devicelist/DeviceList2",
        "devicelist/DeviceList4",
        "firmwareupdate/FirmwareUpdate",
        "guestnetwork/GuestNetwork",
        "guestnetwork/GuestNetwork2",
        "guestnetwork/GuestNetwork3",
        "locale/Locale",
        "locale/Locale2",
        "locale/Locale3",
        "networkconnections/NetworkConnections",
        "networkconnections/NetworkConnections2",
        "parentalcontrol/ParentalControl",
        "router/Router",
        "router/Router3",
        "router/Router4",
        "routerleds/RouterLEDs",
        "routerlog/RouterLog",
        "wirelessap/WirelessAP",
        "wirelessap/WirelessAP2",
    ]
    .iter()
    .map(|s| format!("{}{s}", crate::wire::URI_PREFIX))
    .collect()
}

/// `core/GetDeviceInfo` of a generation; `seed` varies the serial number.
pub fn device_info(generation: Generation, seed: u64) -> DeviceInfo {
    let mut info = match generation {
        Generation::Classic => DeviceInfo {
            manufacturer: "Linksys".into(),
            model_number: "EA7500".into(),
            hardware_version: "2".into(),
            description: "Linksys EA7500".into(),
            serial_number: String::new(),
            firmware_version: "2.0.8.194281".into(),
            firmware_date: "2019-06-19T10:08:35Z".into(),
            services: classic_services(),
        },
        Generation::Velop => {
            serde_json::from_str(include_str!("data/velop_device_info.json")).unwrap_or_default()
        }
    };
    let prefix = match generation {
        Generation::Classic => "19A10C6",
        Generation::Velop => "20J2060A",
    };
    info.serial_number = format!(
        "{prefix}{:06}",
        839_173u64.wrapping_add(seed.wrapping_mul(7919)) % 1_000_000
    );
    info
}

/// The radios: two on classic, three (tri-band) on Velop.
pub fn radios(generation: Generation) -> RadioInfo {
    let modes = vec!["802.11mixed".to_string()];
    let security: Vec<String> = ["None", "WPA-Mixed-Personal", "WPA2-Personal"]
        .iter()
        .map(|s| s.to_string())
        .chain((generation == Generation::Velop).then(|| "WPA3-Personal".to_string()))
        .collect();
    let widths = |channels: &[u32], wide: bool| {
        let mut v = vec![
            ChannelsForWidth {
                channel_width: "Auto".into(),
                channels: channels.to_vec(),
            },
            ChannelsForWidth {
                channel_width: "Standard".into(),
                channels: channels.to_vec(),
            },
        ];
        if wide {
            v.push(ChannelsForWidth {
                channel_width: "Wide".into(),
                channels: channels.to_vec(),
            });
        }
        v
    };
    let settings = |ssid: &str| RadioSettings {
        is_enabled: true,
        mode: "802.11mixed".into(),
        ssid: ssid.into(),
        broadcast_ssid: true,
        channel_width: "Auto".into(),
        channel: 0,
        security: "WPA2-Personal".into(),
        wpa_personal_settings: Some(WpaPersonalSettings {
            passphrase: "Belkin123!".into(),
        }),
    };
    let mut list = vec![
        Radio {
            radio_id: "RADIO_2.4GHz".into(),
            physical_radio_id: Some("ath0".into()),
            bssid: "30:23:03:2E:AF:EF".into(),
            band: "2.4GHz".into(),
            supported_modes: modes.clone(),
            supported_channels_for_channel_widths: widths(
                &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
                false,
            ),
            supported_security_types: security.clone(),
            max_radius_shared_key_length: Some(64),
            settings: settings("fee_qa_velop"),
        },
        Radio {
            radio_id: "RADIO_5GHz".into(),
            physical_radio_id: Some("ath1".into()),
            bssid: "30:23:03:2E:AF:F0".into(),
            band: "5GHz".into(),
            supported_modes: modes.clone(),
            supported_channels_for_channel_widths: widths(&[0, 36, 40, 44, 48], true),
            supported_security_types: security.clone(),
            max_radius_shared_key_length: Some(64),
            settings: settings("fee_qa_velop"),
        },
    ];
    if generation == Generation::Velop {
        list.push(Radio {
            radio_id: "RADIO_5GHz_2".into(),
            physical_radio_id: Some("ath10".into()),
            bssid: "30:23:03:2E:AF:F1".into(),
            band: "5GHz".into(),
            supported_modes: modes,
            supported_channels_for_channel_widths: widths(&[0, 149, 153, 157, 161, 165], true),
            supported_security_types: security,
            max_radius_shared_key_length: Some(64),
            settings: settings("fee_qa_velop"),
        });
    } else {
        for r in &mut list {
            r.settings.ssid = "Linksys00042".into();
            r.bssid = r.bssid.replace("30:23:03", "C0:56:27");
        }
    }
    RadioInfo {
        is_band_steering_supported: false,
        radios: list,
    }
}

/// The guest network on the first two radios.
pub fn guest(radios: &RadioInfo) -> GuestRadioSettings {
    GuestRadioSettings {
        is_guest_network_a_captive_portal: Some(false),
        is_guest_network_enabled: true,
        radios: radios
            .radios
            .iter()
            .take(2)
            .map(|r| GuestRadio {
                radio_id: r.radio_id.clone(),
                is_enabled: true,
                broadcast_guest_ssid: true,
                guest_ssid: "fee_guest_qa_velop".into(),
                guest_wpa_passphrase: "Belkin123!".into(),
                can_enable_radio: true,
            })
            .collect(),
    }
}

/// A DHCP WAN link, connected (the reference's `GetWANStatus3` reply).
pub fn wan() -> WanStatus {
    let combos = [
        ("DHCP", "Automatic"),
        ("Static", "Automatic"),
        ("PPPoE", "Automatic"),
        ("L2TP", "Automatic"),
        ("PPTP", "Automatic"),
        ("Bridge", "Automatic"),
        ("DHCP", "Pass-through"),
        ("PPPoE", "PPPoE"),
    ];
    WanStatus {
        supported_wan_types: ["DHCP", "Static", "PPPoE", "PPTP", "L2TP", "Bridge"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        supported_ipv6_wan_types: ["Automatic", "PPPoE", "Pass-through"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        supported_wan_combinations: combos
            .iter()
            .map(|(a, b)| WanCombination {
                wan_type: a.to_string(),
                wan_ipv6_type: b.to_string(),
            })
            .collect(),
        is_detecting_wan_type: false,
        detected_wan_type: Some("DHCP".into()),
        wan_status: "Connected".into(),
        wan_connection: Some(WanConnection {
            wan_type: "DHCP".into(),
            ip_address: "192.168.2.101".into(),
            network_prefix_length: 24,
            gateway: Some("192.168.2.1".into()),
            mtu: 0,
            dhcp_lease_minutes: Some(5_256_000),
            dns_server1: Some("192.168.2.1".into()),
            dns_server2: None,
            dns_server3: None,
        }),
        wan_ipv6_status: Some("Connecting".into()),
        link_local_ipv6_address: Some("fe80:0000:0000:0000:3223:03ff:fe2e:afee".into()),
        mac_address: Some("30:23:03:2E:AF:EE".into()),
    }
}

/// LAN settings with `hostname`.
pub fn lan(hostname: &str) -> LanSettings {
    LanSettings {
        ip_address: "192.168.1.1".into(),
        network_prefix_length: 24,
        min_network_prefix_length: 16,
        max_network_prefix_length: 30,
        host_name: hostname.into(),
        is_dhcp_enabled: true,
        dhcp_settings: DhcpSettings {
            first_client_ip_address: "192.168.1.100".into(),
            last_client_ip_address: "192.168.1.149".into(),
            lease_minutes: 1440,
            reservations: Vec::new(),
        },
        min_allowed_dhcp_lease_minutes: 1,
        max_allowed_dhcp_lease_minutes: 525_600,
        max_dhcp_reservation_description_length: 63,
    }
}

/// The time zones offered.
pub fn time_zones() -> Vec<TimeZone> {
    [
        ("GMT0-NO-DST", 0, false, "(GMT) Gambia, Liberia, Morocco"),
        ("GMT0", 0, true, "(GMT) England"),
        ("CET-1", 60, true, "(GMT+01:00) Germany, France, Italy"),
        ("GST-4-NO-DST", 240, false, "(GMT+04:00) Armenia"),
        ("HKT-8-NO-DST", 480, false, "(GMT+08:00) Hong Kong"),
        ("AEST-10", 600, true, "(GMT+10:00) Australia"),
        (
            "EST5-NO-DST",
            -300,
            false,
            "(GMT-05:00) Indiana East, Colombia, Panama",
        ),
        ("PST8", -480, true, "(GMT-08:00) Pacific Time"),
    ]
    .iter()
    .map(|(id, off, dst, desc)| TimeZone {
        time_zone_id: id.to_string(),
        utc_offset_minutes: *off,
        observes_dst: *dst,
        description: desc.to_string(),
    })
    .collect()
}

struct Seed<'a> {
    id: &'a str,
    mac: &'a str,
    ip: &'a str,
    kind: &'a str,
    name: Option<&'a str>,
    user_name: Option<&'a str>,
    os: Option<&'a str>,
    radio: Option<(&'a str, &'a str)>,
    guest: bool,
    signal: i32,
    mbps: u64,
    online: bool,
    roams: bool,
}

fn client(seed: &Seed<'_>) -> SimDevice {
    let mut properties = Vec::new();
    if let Some(name) = seed.user_name {
        properties.push(Property {
            name: "userDeviceName".into(),
            value: name.into(),
        });
    }
    if let Some(os) = seed.os {
        properties.push(Property {
            name: "userDeviceOS".into(),
            value: os.into(),
        });
    }
    let interface_type = if seed.radio.is_some() {
        "Wireless"
    } else {
        "Wired"
    };
    SimDevice {
        device: Device {
            device_id: seed.id.into(),
            last_change_revision: 1,
            model: DeviceModel {
                device_type: seed.kind.into(),
                ..DeviceModel::default()
            },
            unit: DeviceUnit {
                operating_system: seed
                    .os
                    .map(|s| s.split(' ').next().unwrap_or(s).to_string()),
                ..DeviceUnit::default()
            },
            is_authority: false,
            node_type: None,
            friendly_name: seed.name.map(str::to_string),
            known_interfaces: vec![KnownInterface {
                mac_address: seed.mac.into(),
                interface_type: interface_type.into(),
                band: seed.radio.map(|(_, band)| band.to_string()),
            }],
            known_mac_addresses: Vec::new(),
            connections: Vec::new(),
            properties,
            max_allowed_properties: Some(16),
        },
        link: Some(Link {
            radio_id: seed.radio.map(|(r, _)| r.to_string()),
            band: seed.radio.map(|(_, b)| b.to_string()),
            is_guest: seed.guest,
            base_signal: seed.signal,
            mbps: seed.mbps,
        }),
        mac: seed.mac.into(),
        ip: seed.ip.into(),
        dhcp_host: seed.name.map(str::to_string),
        online: seed.online,
        roams: seed.roams,
    }
}

/// The device list: the router itself, six clients (one offline, one
/// roaming) and, on Velop, a slave node.
pub fn devices(info: &DeviceInfo, hostname: &str, generation: Generation) -> Vec<SimDevice> {
    let mut list = vec![SimDevice {
        device: Device {
            device_id: "0b447477-5693-2b7e-8bbd-3023032eafee".into(),
            last_change_revision: 1,
            model: DeviceModel {
                device_type: "Infrastructure".into(),
                manufacturer: Some(info.manufacturer.clone()),
                model_number: Some(info.model_number.clone()),
                hardware_version: Some(info.hardware_version.clone()),
                description: Some(info.description.clone()),
            },
            unit: DeviceUnit {
                serial_number: Some(info.serial_number.clone()),
                firmware_version: Some(info.firmware_version.clone()),
                firmware_date: Some(info.firmware_date.clone()),
                operating_system: None,
            },
            is_authority: true,
            node_type: (generation == Generation::Velop).then(|| "Master".to_string()),
            friendly_name: Some(hostname.into()),
            known_interfaces: vec![KnownInterface {
                mac_address: "30:23:03:2E:AF:EE".into(),
                interface_type: "Wired".into(),
                band: None,
            }],
            known_mac_addresses: Vec::new(),
            connections: Vec::new(),
            properties: Vec::new(),
            max_allowed_properties: Some(16),
        },
        link: None,
        mac: "30:23:03:2E:AF:EE".into(),
        ip: "192.168.1.1".into(),
        dhcp_host: None,
        online: true,
        roams: false,
    }];
    let seeds = [
        Seed {
            id: "c5bb67a3-ad3a-4344-ade2-f487487af1f4",
            mac: "C6:01:F7:79:3B:89",
            ip: "192.168.1.106",
            kind: "Phone",
            name: Some("Pixel-4"),
            user_name: None,
            os: Some("Android 14"),
            radio: Some(("RADIO_5GHz", "5GHz")),
            guest: false,
            signal: 52,
            mbps: 866,
            online: true,
            roams: false,
        },
        Seed {
            id: "6a2f0c1e-7d4b-4f0e-9a55-4a461596fb27",
            mac: "4A:46:15:96:FB:27",
            ip: "192.168.1.187",
            kind: "Phone",
            name: Some("jia-hao-de-S22"),
            user_name: Some("Jia's phone"),
            os: Some("Android 13"),
            radio: Some(("RADIO_2.4GHz", "2.4GHz")),
            guest: false,
            signal: 61,
            mbps: 144,
            online: true,
            roams: false,
        },
        Seed {
            id: "1f9e8d7c-6b5a-4d3c-8b2a-801f0273c5d4",
            mac: "80:1F:02:73:C5:D4",
            ip: "192.168.1.120",
            kind: "Computer",
            name: Some("desktop-ws"),
            user_name: Some("Office desktop"),
            os: Some("Windows 11"),
            radio: None,
            guest: false,
            signal: 0,
            mbps: 1000,
            online: true,
            roams: false,
        },
        Seed {
            id: "d260cba0-3d17-4c1a-b0e2-d260cba03d17",
            mac: "D2:60:CB:A0:3D:17",
            ip: "192.168.3.105",
            kind: "Computer",
            name: Some("guest-laptop"),
            user_name: None,
            os: None,
            radio: Some(("RADIO_5GHz", "5GHz")),
            guest: true,
            signal: 47,
            mbps: 780,
            online: true,
            roams: false,
        },
        Seed {
            id: "cca5422a-8390-4bfb-84de-f0993f866b4f",
            mac: "0E:A9:5B:A3:C0:72",
            ip: "192.168.1.249",
            kind: "Mobile",
            name: Some("192-168-1-249"),
            user_name: None,
            os: Some("Android 13"),
            radio: Some(("RADIO_5GHz", "5GHz")),
            guest: false,
            signal: 70,
            mbps: 390,
            online: false,
            roams: false,
        },
        Seed {
            id: "b25b972e-f3b5-4e8a-a1c4-b25b972ef3b5",
            mac: "B2:5B:97:2E:F3:B5",
            ip: "192.168.1.132",
            kind: "Tablet",
            name: Some("kids-tablet"),
            user_name: None,
            os: Some("iPadOS 17"),
            radio: Some(("RADIO_2.4GHz", "2.4GHz")),
            guest: false,
            signal: 68,
            mbps: 72,
            online: true,
            roams: true,
        },
    ];
    list.extend(seeds.iter().map(client));
    if generation == Generation::Velop {
        let mut node = client(&Seed {
            id: "2fce469a-2d48-6cf2-8b86-3023032ea4ea",
            mac: "3A:23:03:2E:A4:EC",
            ip: "192.168.1.194",
            kind: "Infrastructure",
            name: Some("LINKSYS38609"),
            user_name: Some("Behind Hank"),
            os: None,
            radio: Some(("RADIO_5GHz", "5GHz")),
            guest: false,
            signal: 71,
            mbps: 866,
            online: true,
            roams: false,
        });
        node.device.node_type = Some("Slave".into());
        node.device.model = DeviceModel {
            device_type: "Infrastructure".into(),
            manufacturer: Some("Linksys".into()),
            model_number: Some("WHW03".into()),
            hardware_version: None,
            description: Some("Velop".into()),
        };
        node.dhcp_host = None;
        list.push(node);
    }
    list
}
