//! The simulated router's state: identity, settings and the devices around
//! it. Seeded from the real payloads in the reference (a Velop WHW03 and
//! its clients) and changed only by actions and by the simulated clock.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, SystemTime};

use routerctl_core::Secret;
use serde_json::{Value, json};

use super::clock::{SimClock, iso8601, seconds_between};
use super::config::{Generation, LockoutPolicy, SimConfig};
use super::device::SimDevice;
use super::seed;
use crate::models::{
    AdminPasswordRestrictions, DeviceConnection, DeviceInfo, FirmwareUpdateSettings,
    GuestRadioSettings, LanSettings, LogKind, ParentalControlSettings, RadioInfo, TimeZone,
    UpdateWindow, WanStatus,
};
use crate::versions::Services;

/// `CheckAdminPassword3` bookkeeping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lockout {
    /// Wrong passwords in a row.
    pub failures: u32,
    /// No check before this instant.
    pub delay_until: Option<SystemTime>,
    /// Locked until this instant.
    pub locked_until: Option<SystemTime>,
}

/// Everything the simulated router holds.
#[derive(Debug, Clone)]
pub struct DeviceState {
    /// Firmware generation.
    pub generation: Generation,
    /// `core/GetDeviceInfo`.
    pub info: DeviceInfo,
    /// Parsed `info.services`.
    pub services: Services,
    /// Admin password (`Debug` prints `***`).
    pub password: Secret,
    /// Admin password hint.
    pub password_hint: String,
    /// Password rules.
    pub restrictions: AdminPasswordRestrictions,
    /// Families open without authentication.
    pub open_actions: BTreeSet<String>,
    /// Lock-out rules.
    pub lockout_policy: LockoutPolicy,
    /// Lock-out state.
    pub lockout: Lockout,
    /// LAN settings (host name inside).
    pub lan: LanSettings,
    /// WAN status (version 3 shape; older versions leave members out).
    pub wan: WanStatus,
    /// Radios.
    pub radios: RadioInfo,
    /// Guest network, version 2 shape.
    pub guest: GuestRadioSettings,
    /// Guest limit.
    pub max_guests: u32,
    /// Parental control.
    pub parental: ParentalControlSettings,
    /// Time zone id.
    pub time_zone: String,
    /// DST adjustment.
    pub auto_dst: bool,
    /// Zones offered.
    pub time_zones: Vec<TimeZone>,
    /// Firmware update settings.
    pub firmware: FirmwareUpdateSettings,
    /// Last firmware check.
    pub last_firmware_check: Option<SystemTime>,
    /// Newer firmware that a check finds.
    pub firmware_on_server: Option<String>,
    /// Newer firmware found by the last check.
    pub firmware_found: Option<String>,
    /// Logging on.
    pub logging: bool,
    /// Log entries by log, oldest first.
    pub logs: Vec<(LogKind, Value)>,
    /// Port LEDs on.
    pub switchport_leds: bool,
    /// The device list.
    pub devices: Vec<SimDevice>,
    /// Device list revision.
    pub revision: u64,
    /// Deleted device ids with the revision of their deletion.
    pub deleted: Vec<(u64, String)>,
    /// The clock.
    pub clock: SimClock,
    /// Last boot.
    pub booted: SystemTime,
    /// Reboots so far.
    pub reboots: u32,
    /// Roaming steps applied since boot.
    pub churn_applied: u64,
    /// Seconds between roaming steps.
    pub churn_period: Duration,
    /// Bumped on every link read, to vary signal readings.
    pub tick: u64,
    /// Requests answered per action (short name as called; bounded by
    /// the number of known action names plus one bucket for the rest).
    pub requests: BTreeMap<String, u64>,
    /// Every action but the password checks fails with
    /// `_ErrorUnexpected` ([`SimConfig::vendor_error`]).
    pub vendor_error: bool,
}

/// Entries kept per log; older ones are dropped.
pub const MAX_LOG_ENTRIES: usize = 256;

impl DeviceState {
    /// A freshly booted router as `config` describes.
    pub fn new(config: &SimConfig) -> Self {
        let clock = SimClock::default();
        let now = clock.now();
        let info = seed::device_info(config.generation, config.seed);
        let services = Services::parse(&info.services);
        let radios = seed::radios(config.generation);
        let guest = seed::guest(&radios);
        let devices = seed::devices(&info, &config.hostname, config.generation);
        let mut state = Self {
            generation: config.generation,
            services,
            password: Secret::new(config.password.clone()),
            password_hint: config.password_hint.clone(),
            restrictions: AdminPasswordRestrictions {
                min_length: 4,
                max_length: 64,
                disallowed_characters: String::new(),
            },
            open_actions: config.open_actions.clone(),
            lockout_policy: config.lockout,
            lockout: Lockout::default(),
            lan: seed::lan(&config.hostname),
            wan: seed::wan(),
            radios,
            guest,
            max_guests: 50,
            parental: ParentalControlSettings {
                is_parental_control_enabled: false,
                rules: Vec::new(),
                max_rules: Some(14),
                max_rule_description_length: Some(32),
                max_rule_blocked_urls: Some(8),
            },
            time_zone: "CET-1".into(),
            auto_dst: true,
            time_zones: seed::time_zones(),
            firmware: FirmwareUpdateSettings {
                update_policy: "AutomaticallyCheckAndInstall".into(),
                auto_update_window: UpdateWindow {
                    start_minute: 0,
                    duration_minutes: 240,
                },
            },
            last_firmware_check: None,
            firmware_on_server: config.available_firmware.clone(),
            firmware_found: None,
            logging: true,
            logs: Vec::new(),
            switchport_leds: true,
            info,
            devices,
            revision: 1,
            deleted: Vec::new(),
            clock,
            booted: now,
            reboots: 0,
            churn_applied: 0,
            churn_period: config.churn_period.max(Duration::from_secs(1)),
            tick: 0,
            requests: BTreeMap::new(),
            vendor_error: config.vendor_error,
        };
        for i in 0..state.devices.len() {
            state.refresh_connections(i);
        }
        state.seed_traffic_logs();
        state
    }

    /// Now on the simulated clock.
    pub fn now(&self) -> SystemTime {
        self.clock.now()
    }

    /// `now` spelled ISO 8601.
    pub fn now_iso(&self) -> String {
        iso8601(self.now())
    }

    fn refresh_connections(&mut self, index: usize) {
        let authority_id = self.devices.first().map(|d| d.device.device_id.clone());
        let Some(d) = self.devices.get_mut(index) else {
            return;
        };
        d.device.connections = if d.online {
            vec![DeviceConnection {
                mac_address: d.mac.clone(),
                ip_address: Some(d.ip.clone()),
                ipv6_address: None,
                parent_device_id: if d.device.is_authority {
                    None
                } else {
                    authority_id
                },
                is_guest: d.link.as_ref().map(|l| l.is_guest).filter(|g| *g),
            }]
        } else {
            Vec::new()
        };
    }

    /// Bump the device list revision and return it.
    pub fn bump_revision(&mut self) -> u64 {
        self.revision = self.revision.saturating_add(1);
        self.revision
    }

    /// Set a device online or offline (a join or a leave): the revision
    /// grows and a DHCP log entry is written on a join. Returns false for
    /// an unknown MAC or no change.
    pub fn set_online(&mut self, mac: &str, online: bool) -> bool {
        let Some(index) = self
            .devices
            .iter()
            .position(|d| d.mac.eq_ignore_ascii_case(mac))
        else {
            return false;
        };
        if self.devices.get(index).map(|d| d.online) == Some(online) {
            return false;
        }
        let revision = self.bump_revision();
        if let Some(d) = self.devices.get_mut(index) {
            d.online = online;
            d.device.last_change_revision = revision;
        }
        self.refresh_connections(index);
        if online {
            let (ip, mac) = self
                .devices
                .get(index)
                .map(|d| (d.ip.clone(), d.mac.clone()))
                .unwrap_or_default();
            let now = self.now_iso();
            for message_type in ["Discover", "Request"] {
                self.log(
                    LogKind::Dhcp,
                    json!({"timestamp": now, "messageType": message_type, "ipAddress": ip, "macAddress": mac}),
                );
            }
        }
        true
    }

    /// Append a log entry (when logging is on), keeping the newest
    /// [`MAX_LOG_ENTRIES`] per log.
    pub fn log(&mut self, kind: LogKind, entry: Value) {
        if !self.logging {
            return;
        }
        self.logs.push((kind, entry));
        let count = self.logs.iter().filter(|(k, _)| *k == kind).count();
        if count > MAX_LOG_ENTRIES {
            if let Some(oldest) = self.logs.iter().position(|(k, _)| *k == kind) {
                self.logs.remove(oldest);
            }
        }
    }

    /// A few traffic log lines so the logs have something to page through
    /// (**inferred** entry members: JNAP's log entry shape is not in the
    /// reference).
    fn seed_traffic_logs(&mut self) {
        let now = self.now_iso();
        let clients: Vec<String> = self
            .devices
            .iter()
            .filter(|d| d.online && !d.device.is_authority)
            .map(|d| d.ip.clone())
            .collect();
        for (i, ip) in clients.iter().enumerate() {
            self.log(
                LogKind::Outgoing,
                json!({"timestamp": now, "localIPAddress": ip, "destination": "example.com", "serviceOrPortNumber": 443}),
            );
            self.log(
                LogKind::Incoming,
                json!({"timestamp": now, "sourceIPAddress": format!("198.51.100.{}", 10 + i), "destinationPortNumber": 22}),
            );
        }
    }

    /// Apply the roaming steps due by now: each period, every roaming
    /// device flips between joined and left. Bounded per call.
    pub fn catch_up(&mut self) {
        let elapsed = seconds_between(self.booted, self.now());
        let due = elapsed / self.churn_period.as_secs().max(1);
        let mut steps = 0;
        while self.churn_applied < due && steps < 64 {
            self.churn_applied += 1;
            steps += 1;
            let roamers: Vec<(String, bool)> = self
                .devices
                .iter()
                .filter(|d| d.roams)
                .map(|d| (d.mac.clone(), d.online))
                .collect();
            for (mac, online) in roamers {
                self.set_online(&mac, !online);
            }
        }
        if self.churn_applied < due {
            // Far behind (a long clock jump): skip ahead in whole pairs so
            // the roamers keep their phase.
            let behind = due - self.churn_applied;
            self.churn_applied += behind - behind % 2;
        }
    }

    /// Restart: uptime and roaming start over, lock-out delays clear.
    pub fn reboot(&mut self) {
        self.booted = self.now();
        self.churn_applied = 0;
        self.reboots = self.reboots.saturating_add(1);
        self.lockout.delay_until = None;
        self.log(
            LogKind::Security,
            json!({"timestamp": self.now_iso(), "message": "Router restarted"}),
        );
    }

    /// Whether the action family is answered without authentication.
    pub fn is_open(&self, family: &str) -> bool {
        self.open_actions.contains(family)
    }

    /// Whether `password` is the admin password.
    pub fn password_matches(&self, password: &str) -> bool {
        // Not constant-time: a simulator, not a password store.
        self.password.expose() == password
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generations_differ_in_services_and_radios() {
        let classic = DeviceState::new(&SimConfig::new(Generation::Classic, "pw"));
        let velop = DeviceState::new(&SimConfig::new(Generation::Velop, "pw"));
        assert!(!classic.services.has("router/Router", 5));
        assert!(velop.services.has("router/Router", 5));
        assert!(velop.services.has("core/Core", 7));
        assert_eq!(classic.radios.radios.len(), 2);
        assert_eq!(velop.radios.radios.len(), 3);
        assert_eq!(velop.info.model_number, "WHW03");
        assert_ne!(classic.info.serial_number, "");
    }

    #[test]
    fn joins_and_leaves_grow_the_revision() {
        let mut s = DeviceState::new(&SimConfig::new(Generation::Velop, "pw"));
        let r0 = s.revision;
        assert!(s.set_online("0e:a9:5b:a3:c0:72", true));
        assert!(!s.set_online("0E:A9:5B:A3:C0:72", true));
        assert_eq!(s.revision, r0 + 1);
        s.clock.advance(Duration::from_secs(61));
        s.catch_up();
        assert_eq!(s.revision, r0 + 2);
        assert!(s.devices.iter().any(|d| d.roams && !d.online));
    }
}
