//! The switch chip of a hAP ax^2 and its ports (`/interface/ethernet/switch`).
//!
//! Inferred shape (no capture): one chip `switch1`, one port per ethernet
//! interface plus `switch1-cpu`; `print stats` counters follow the port's
//! interface (see `live`), with the frame-class counters mktxp's switch
//! collector reads (`rx-broadcast`, `rx-pause`, `tx-collision` ...).

use super::schema::{Kind, Menu, Prop, cmd};

const fn ro(name: &'static str) -> Prop {
    Prop::new(name, Kind::Text).ro()
}

/// `/interface/ethernet/switch`.
pub const SWITCH: Menu = Menu::list(
    "/interface/ethernet/switch",
    &[
        ro("name"),
        ro("type"),
        ro("mirror-source"),
        ro("mirror-target"),
        Prop::new("l3-hw-offloading", Kind::Bool).def("false"),
        Prop::new("invalid", Kind::Bool).ro().def("false"),
    ],
)
.named("name")
.cmds(cmd::SET);

/// The live counters of a switch port (all read-only).
pub const PORT_COUNTERS: [&str; 23] = [
    "driver-rx-byte",
    "driver-rx-packet",
    "driver-tx-byte",
    "driver-tx-packet",
    "rx-bytes",
    "rx-broadcast",
    "rx-pause",
    "rx-multicast",
    "rx-fcs-error",
    "rx-align-error",
    "rx-fragment",
    "rx-overflow",
    "rx-drop",
    "tx-bytes",
    "tx-broadcast",
    "tx-pause",
    "tx-multicast",
    "tx-underrun",
    "tx-collision",
    "tx-deferred",
    "tx-drop",
    "rx-packet",
    "tx-packet",
];

/// `/interface/ethernet/switch/port`.
pub const PORT: Menu = Menu::list(
    "/interface/ethernet/switch/port",
    &[
        ro("name"),
        ro("switch"),
        Prop::new(
            "vlan-mode",
            Kind::Enum(&["disabled", "check", "fallback", "secure"]),
        )
        .def("disabled"),
        Prop::new(
            "vlan-header",
            Kind::Enum(&["add-if-missing", "always-strip", "leave-as-is"]),
        )
        .def("leave-as-is"),
        Prop::new("default-vlan-id", Kind::Text).def("auto"),
        Prop::new("running", Kind::Bool).ro(),
        ro(PORT_COUNTERS[0]),
        ro(PORT_COUNTERS[1]),
        ro(PORT_COUNTERS[2]),
        ro(PORT_COUNTERS[3]),
        ro(PORT_COUNTERS[4]),
        ro(PORT_COUNTERS[5]),
        ro(PORT_COUNTERS[6]),
        ro(PORT_COUNTERS[7]),
        ro(PORT_COUNTERS[8]),
        ro(PORT_COUNTERS[9]),
        ro(PORT_COUNTERS[10]),
        ro(PORT_COUNTERS[11]),
        ro(PORT_COUNTERS[12]),
        ro(PORT_COUNTERS[13]),
        ro(PORT_COUNTERS[14]),
        ro(PORT_COUNTERS[15]),
        ro(PORT_COUNTERS[16]),
        ro(PORT_COUNTERS[17]),
        ro(PORT_COUNTERS[18]),
        ro(PORT_COUNTERS[19]),
        ro(PORT_COUNTERS[20]),
        ro(PORT_COUNTERS[21]),
        ro(PORT_COUNTERS[22]),
        Prop::new("invalid", Kind::Bool).ro().def("false"),
    ],
)
.named("name")
.cmds(cmd::SET)
.extra(&["reset-counters"]);
