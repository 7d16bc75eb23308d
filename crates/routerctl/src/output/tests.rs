//! Rendering of fixed records; snapshots live in `snapshots/`.

use std::collections::BTreeSet;

use routerctl_core::{
    Band, Client, Config, DhcpLease, Facts, Interface, InterfaceKind, Security, WanKind, WanLink,
    WifiNetwork,
};
use serde_json::json;

use super::flatten::{CLIENT, DHCP_LEASE, FACTS, INTERFACE, WAN_LINK, WIFI_NETWORK};
use super::*;
use crate::runner::Failure;

fn ok(router: &str, payload: Payload) -> Outcome<Payload> {
    Outcome {
        router: router.into(),
        vendor: "mikrotik".into(),
        result: Ok(payload),
    }
}

fn failed(router: &str, kind: &str, message: &str) -> Outcome<Payload> {
    Outcome {
        router: router.into(),
        vendor: "mikrotik".into(),
        result: Err(Failure {
            kind: kind.into(),
            message: message.into(),
        }),
    }
}

fn facts_run() -> Vec<Outcome<Payload>> {
    vec![
        ok(
            "hq-core",
            Payload::Facts(Facts {
                vendor: "mikrotik".into(),
                model: Some("CCR2004-1G-12S+2XS".into()),
                serial_number: Some("HD1234567".into()),
                os_version: Some("7.20.5".into()),
                hostname: Some("hq-core".into()),
                uptime_seconds: Some(1_234_567),
            }),
        ),
        failed(
            "branch-paris",
            "timeout",
            "branch-paris: facts: timed out after 5s",
        ),
        ok(
            "branch-lyon",
            Payload::Facts(Facts {
                vendor: "mikrotik".into(),
                model: Some("hAP ax^2".into()),
                os_version: Some("7.16.2".into()),
                hostname: Some("branch-lyon".into()),
                uptime_seconds: Some(42),
                ..Facts::default()
            }),
        ),
    ]
}

fn interfaces_run() -> Vec<Outcome<Payload>> {
    let ether = |name: &str, up: bool, rx: u64| Interface {
        name: name.into(),
        kind: Some(InterfaceKind::Ethernet),
        is_enabled: Some(true),
        is_up: Some(up),
        mac_address: Some("64:D1:54:00:00:01".into()),
        mtu: Some(1500),
        rx_bytes: Some(rx),
        tx_bytes: Some(rx / 2),
        ..Interface::default()
    };
    vec![
        ok(
            "hq-core",
            Payload::Interfaces(vec![
                ether("ether1", true, 987_654_321),
                Interface {
                    description: Some("uplink, \"fiber\"".into()),
                    ..ether("sfp-sfpplus1", false, 0)
                },
            ]),
        ),
        ok("branch-lyon", Payload::Interfaces(vec![])),
        failed(
            "branch-paris",
            "auth",
            "branch-paris: login: authentication failed: invalid user name or password (6)",
        ),
    ]
}

fn render(format: Format, outcomes: &[Outcome<Payload>]) -> (String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    for o in outcomes {
        on_finish(format, o, &mut out).unwrap();
    }
    finish(format, outcomes, &Layout::default(), &mut out, &mut err).unwrap();
    (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn facts_table() {
    let (out, err) = render(Format::Table, &facts_run());
    insta::assert_snapshot!(out);
    assert_eq!(
        err,
        "error: branch-paris: facts: timed out after 5s (timeout)\n1 of 3 routers failed\n"
    );
}

#[test]
fn facts_json() {
    let (out, err) = render(Format::Json, &facts_run());
    insta::assert_snapshot!(out);
    assert!(err.is_empty());
    let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(parsed[1]["error"]["kind"], "timeout");
    assert_eq!(parsed[2]["router"], "branch-lyon");
}

#[test]
fn facts_jsonl_is_one_object_per_line() {
    let (out, _) = render(Format::Jsonl, &facts_run());
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[1],
        json!({"router": "branch-paris", "vendor": "mikrotik",
               "error": {"kind": "timeout", "message": "branch-paris: facts: timed out after 5s"}})
    );
    assert_eq!(lines[2]["result"]["uptime_seconds"], 42);
}

#[test]
fn facts_csv() {
    let (out, _) = render(Format::Csv, &facts_run());
    insta::assert_snapshot!(out);
}

#[test]
fn interfaces_table() {
    let (out, err) = render(Format::Table, &interfaces_run());
    insta::assert_snapshot!(out);
    assert!(
        err.starts_with("error: branch-paris: login: authentication failed"),
        "{err}"
    );
}

#[test]
fn interfaces_csv() {
    let (out, _) = render(Format::Csv, &interfaces_run());
    insta::assert_snapshot!(out);
}

#[test]
fn interfaces_json() {
    let (out, _) = render(Format::Json, &interfaces_run());
    insta::assert_snapshot!(out);
}

#[test]
fn wan_lists_are_joined_in_cells() {
    let run = vec![ok(
        "r1",
        Payload::WanLinks(vec![WanLink {
            name: "ether1".into(),
            kind: WanKind::Ethernet,
            is_up: Some(true),
            ip_address: Some("198.51.100.7".into()),
            prefix_length: Some(24),
            gateway: Some("198.51.100.1".into()),
            dns_servers: vec!["1.1.1.1".into(), "9.9.9.9".into()],
            ..WanLink::default()
        }]),
    )];
    let (out, _) = render(Format::Csv, &run);
    assert_eq!(
        out,
        "router,name,kind,is_up,ip_address,prefix_length,gateway,dns_servers,uptime_seconds,signal_dbm,error\n\
         r1,ether1,ethernet,true,198.51.100.7,24,198.51.100.1,\"1.1.1.1,9.9.9.9\",,,\n"
    );
}

#[test]
fn csv_header_is_fixed_even_when_every_router_failed() {
    let run = vec![failed("r1", "timeout", "r1: facts: timed out after 5s")];
    let layout = Layout {
        fields: FACTS,
        ..Layout::default()
    };
    let mut out = Vec::new();
    finish(Format::Csv, &run, &layout, &mut out, &mut Vec::new()).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "router,vendor,model,serial_number,os_version,hostname,uptime_seconds,error\n\
         r1,,,,,,,timeout: r1: facts: timed out after 5s\n"
    );
}

#[test]
fn nested_replies_flatten_to_dotted_keys_and_indexed_lists() {
    let run = vec![ok(
        "plant",
        Payload::Raw(json!({
            "device": {"model": "IXrouter3", "serial": "X1"},
            "wan": [{"ip": "10.0.0.2"}, {"ip": "10.0.0.3"}],
            "dns": ["1.1.1.1", "9.9.9.9"],
            "up": true
        })),
    )];
    let (out, _) = render(Format::Csv, &run);
    assert_eq!(
        out,
        "router,device.model,device.serial,dns,up,wan.0.ip,wan.1.ip,error\n\
         plant,IXrouter3,X1,\"1.1.1.1,9.9.9.9\",true,10.0.0.2,10.0.0.3,\n"
    );
    let layout = Layout {
        columns: Some(vec!["wan.1.ip".into(), "device.model".into()]),
        color: true,
        ..Layout::default()
    };
    let mut out = Vec::new();
    finish(Format::Table, &run, &layout, &mut out, &mut Vec::new()).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "\u{1b}[1mrouter\u{1b}[0m  \u{1b}[1mwan.1.ip\u{1b}[0m  \u{1b}[1mdevice.model\u{1b}[0m\n\
         plant   10.0.0.3  IXrouter3\n"
    );
}

#[test]
fn raw_replies_become_rows_with_their_own_columns() {
    let run = vec![ok(
        "r1",
        Payload::Raw(json!([
            {".id": "*1", "address": "192.168.88.1/24", "interface": "bridge"},
            {".id": "*2", "address": "10.0.0.1/30", "interface": "ether1", "comment": "wan"}
        ])),
    )];
    let (out, _) = render(Format::Table, &run);
    insta::assert_snapshot!(out);
    let (out, _) = render(Format::Json, &run);
    let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        parsed[0]["result"][1]["comment"], "wan",
        "raw replies pass through untouched"
    );
}

#[test]
fn config_prints_text_with_headings_only_for_several_routers() {
    let one = vec![ok(
        "r1",
        Payload::Config(Config::Text("/system identity\nset name=r1".into())),
    )];
    let (out, _) = render(Format::Table, &one);
    assert_eq!(out, "/system identity\nset name=r1\n");
    let two = vec![
        one[0].clone(),
        ok(
            "r2",
            Payload::Config(Config::Text("/system identity\nset name=r2\n".into())),
        ),
    ];
    let (out, _) = render(Format::Table, &two);
    assert_eq!(
        out,
        "# ==== r1 ====\n/system identity\nset name=r1\n\n# ==== r2 ====\n/system identity\nset name=r2\n"
    );
    let (out, _) = render(Format::Json, &one);
    let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        parsed[0]["result"],
        json!({"format": "text", "content": "/system identity\nset name=r1"})
    );
}

#[test]
fn exit_code_reflects_failures() {
    assert_eq!(exit_code(&facts_run()), 1);
    assert_eq!(exit_code(&facts_run()[..1]), 0);
    assert_eq!(exit_code::<Payload>(&[]), 0);
}

/// Serialize a record with every field set and compare its keys with the
/// column list, so a field added to the model cannot silently fall to the
/// end of the table.
#[test]
fn field_lists_cover_the_model() {
    fn keys<T: serde::Serialize>(v: &T) -> BTreeSet<String> {
        match serde_json::to_value(v).unwrap() {
            serde_json::Value::Object(m) => m.keys().cloned().collect(),
            _ => panic!("not an object"),
        }
    }
    fn set(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }
    let s = || Some("x".to_string());
    let facts = Facts {
        vendor: "v".into(),
        model: s(),
        serial_number: s(),
        os_version: s(),
        hostname: s(),
        uptime_seconds: Some(1),
    };
    assert_eq!(keys(&facts), set(FACTS));
    let iface = Interface {
        name: "n".into(),
        kind: Some(InterfaceKind::Other),
        description: s(),
        is_enabled: Some(true),
        is_up: Some(true),
        mac_address: s(),
        mtu: Some(1),
        speed_mbps: Some(1),
        rx_bytes: Some(1),
        tx_bytes: Some(1),
        rx_packets: Some(1),
        tx_packets: Some(1),
        rx_errors: Some(1),
        tx_errors: Some(1),
        rx_drops: Some(1),
        tx_drops: Some(1),
    };
    assert_eq!(keys(&iface), set(INTERFACE));
    let wan = WanLink {
        name: "n".into(),
        kind: WanKind::Other,
        is_up: Some(true),
        ip_address: s(),
        prefix_length: Some(1),
        gateway: s(),
        dns_servers: vec!["d".into()],
        uptime_seconds: Some(1),
        signal_dbm: Some(-50),
    };
    assert_eq!(keys(&wan), set(WAN_LINK));
    let client = Client {
        mac_address: "m".into(),
        ip_address: s(),
        hostname: s(),
        interface: s(),
        is_wireless: Some(true),
        ssid: s(),
        band: Some(Band::Ghz5),
        signal_dbm: Some(-50),
        is_active: Some(true),
    };
    assert_eq!(keys(&client), set(CLIENT));
    let lease = DhcpLease {
        mac_address: "m".into(),
        ip_address: s(),
        hostname: s(),
        client_id: s(),
        server: s(),
        is_static: Some(true),
        status: s(),
        expires_in_seconds: Some(1),
    };
    assert_eq!(keys(&lease), set(DHCP_LEASE));
    let wifi = WifiNetwork {
        radio: s(),
        ssid: "s".into(),
        band: Some(Band::Ghz5),
        channel: Some(1),
        is_enabled: Some(true),
        is_hidden: Some(true),
        security: Some(Security::Open),
    };
    assert_eq!(keys(&wifi), set(WIFI_NETWORK));
}

/// A LAN client picks its own DHCP host-name; a hostile one carries
/// terminal escape sequences or a spreadsheet formula.
fn hostile_clients_run() -> Vec<Outcome<Payload>> {
    vec![
        ok(
            "hq-core",
            Payload::Clients(vec![
                Client {
                    mac_address: "AA:BB:CC:00:00:01".into(),
                    hostname: Some("pc\u{1b}]0;owned\u{7}\u{1b}[2J".into()),
                    signal_dbm: Some(-45),
                    ..Client::default()
                },
                Client {
                    mac_address: "AA:BB:CC:00:00:02".into(),
                    hostname: Some("=HYPERLINK(\"http://evil\")".into()),
                    signal_dbm: Some(-61),
                    ..Client::default()
                },
            ]),
        ),
        failed(
            "edge",
            "protocol",
            "edge: clients: bad reply \u{9b}31mred\u{1b}[0m",
        ),
    ]
}

#[test]
fn table_and_errors_escape_control_characters() {
    let (out, err) = render(Format::Table, &hostile_clients_run());
    assert!(
        !out.contains('\u{1b}') && !err.contains('\u{1b}'),
        "{out:?}{err:?}"
    );
    assert!(out.contains(r"pc\u{1b}]0;owned\u{7}\u{1b}[2J"), "{out}");
    assert!(
        err.contains(r"error: edge: clients: bad reply \u{9b}31mred\u{1b}[0m (protocol)"),
        "{err}"
    );
    // Every line is free of control characters apart from its newline.
    assert!(
        out.lines()
            .chain(err.lines())
            .all(|l| !l.chars().any(char::is_control)),
        "{out:?}"
    );
}

#[test]
fn csv_marks_formulas_as_text_but_keeps_numbers() {
    let (out, _) = render(Format::Csv, &hostile_clients_run());
    assert!(out.contains(r#","'=HYPERLINK(""http://evil"")","#), "{out}");
    assert!(out.contains(",-45,") && out.contains(",-61,"), "{out}");
    assert!(!out.contains(",=HYPERLINK"), "{out}");
}

#[test]
fn csv_escapes_router_supplied_esc_and_cr() {
    let run = vec![ok(
        "r1",
        Payload::Raw(json!([{"host-name": "pc\u{1b}]0;owned\u{7}\rOK", "k\u{1b}": "v"}])),
    )];
    let (out, _) = render(Format::Csv, &run);
    assert!(!out.contains('\u{1b}') && !out.contains('\r'), "{out:?}");
    assert!(out.contains(r"pc\u{1b}]0;owned\u{7}\rOK"), "{out}");
    assert!(out.contains(r"k\u{1b}"), "{out}");
}

#[test]
fn raw_reply_keys_are_escaped_in_table_headers_and_neutralised_in_csv() {
    let run = vec![ok(
        "r1",
        Payload::Raw(json!([{"na\u{1b}[8mme": "x", "@cmd": "-2+3"}])),
    )];
    let (out, _) = render(Format::Table, &run);
    assert!(
        out.contains(r"na\u{1b}[8mme") && !out.contains('\u{1b}'),
        "{out}"
    );
    let (out, _) = render(Format::Csv, &run);
    assert!(out.starts_with("router,'@cmd,"), "{out}");
    assert!(out.contains(",'-2+3,"), "{out}");
}

#[test]
fn config_text_keeps_lines_but_not_escape_sequences() {
    let run = vec![ok(
        "r1",
        Payload::Config(Config::Text(
            "/system identity\r\nset name=\"\u{1b}]52;c;ZXZpbA==\u{7}\"\n".into(),
        )),
    )];
    let (out, _) = render(Format::Table, &run);
    assert_eq!(
        out,
        "/system identity\r\nset name=\"\\u{1b}]52;c;ZXZpbA==\\u{7}\"\n"
    );
}
