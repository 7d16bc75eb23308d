use std::path::Path;

use super::*;

fn parse(text: &str) -> Result<Inventory, InventoryError> {
    Inventory::parse(Path::new("/etc/routerctl/routers.toml"), text)
}

fn error(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

const GOOD: &str = r#"
[defaults]
vendor = "mikrotik"
username = "admin"
password_env = "ROUTERCTL_PW"
timeout = "5s"
groups = ["all-sites"]
labels = { tier = "edge" }

[routers.zulu]
host = "10.0.0.9"

[routers.alpha]
host = "10.0.0.1"
port = 18728
protocol = "api-ssl"
tls_fingerprint = "sha256:0011223344556677889900112233445566778899001122334455667788990011"
username = "ops"
password_file = "secrets/alpha.pw"
timeout = 2
groups = ["core", "core"]
labels = { site = "hq" }

[routers.mike]
host = "10.0.0.5"
password = "plain"
insecure = true
timeout = "1500ms"
"#;

#[test]
fn keeps_file_order_not_alphabetical_order() {
    let inv = parse(GOOD).unwrap();
    let names: Vec<_> = inv.routers.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["zulu", "alpha", "mike"]);
}

#[test]
fn defaults_merge_and_router_values_win() {
    let inv = parse(GOOD).unwrap();
    let [zulu, alpha, mike] = inv.routers.as_slice() else {
        panic!("three routers expected")
    };
    assert_eq!(zulu.vendor, "mikrotik");
    assert_eq!(zulu.protocol, "api");
    assert_eq!(zulu.port, None);
    assert_eq!(zulu.username, "admin");
    assert_eq!(zulu.password, PasswordSource::Env("ROUTERCTL_PW".into()));
    assert_eq!(zulu.timeout, Duration::from_secs(5));
    assert_eq!(zulu.groups, ["all-sites"]);
    assert_eq!(zulu.tls, TlsPolicy::SystemRoots);
    assert!(!zulu.uses_tls);

    assert_eq!(alpha.protocol, "api-ssl");
    assert!(alpha.uses_tls);
    assert_eq!(alpha.port, Some(18728));
    assert_eq!(alpha.username, "ops");
    assert_eq!(
        alpha.password,
        PasswordSource::File(PathBuf::from("/etc/routerctl/secrets/alpha.pw")),
        "relative paths are anchored at the inventory's folder"
    );
    assert!(matches!(alpha.tls, TlsPolicy::Pinned(fp) if fp.0[1] == 0x11));
    assert_eq!(alpha.timeout, Duration::from_secs(2));
    assert_eq!(
        alpha.groups,
        ["core"],
        "duplicates dropped, defaults replaced"
    );
    assert_eq!(alpha.labels.get("site").map(String::as_str), Some("hq"));
    assert_eq!(alpha.labels.get("tier").map(String::as_str), Some("edge"));

    assert_eq!(mike.password, PasswordSource::Inline(Secret::new("plain")));
    assert_eq!(mike.tls, TlsPolicy::Insecure);
    assert_eq!(mike.timeout, Duration::from_millis(1500));
    assert_eq!(inv.groups(), ["all-sites", "core"]);
}

#[test]
fn no_password_source_is_allowed_until_use() {
    let inv =
        parse("[routers.a]\nvendor = \"mikrotik\"\nhost = \"h\"\nusername = \"u\"\n").unwrap();
    assert_eq!(inv.routers[0].password, PasswordSource::Unset);
    assert_eq!(inv.routers[0].timeout, DEFAULT_TIMEOUT);
}

#[test]
fn router_password_source_replaces_the_default_one() {
    let inv = parse(
        "[defaults]\nvendor = \"mikrotik\"\nusername = \"u\"\npassword_env = \"A\"\n\
         [routers.r]\nhost = \"h\"\npassword_file = \"/pw\"\n",
    )
    .unwrap();
    assert_eq!(inv.routers[0].password, PasswordSource::File("/pw".into()));
}

#[test]
fn unknown_key_names_file_line_and_field() {
    let text =
        "[defaults]\nvendor = \"mikrotik\"\n\n[routers.edge-1]\nhost = \"h\"\npasword = \"x\"\n";
    assert_eq!(
        error(text),
        "inventory /etc/routerctl/routers.toml:6:1: field `routers.edge-1.pasword`: unknown field \
         `pasword`, expected one of `vendor`, `protocol`, `host`, `port`, `username`, \
         `password_env`, `password_file`, `password`, `tls_fingerprint`, `ca_file`, `insecure`, \
         `timeout`, `groups`, `labels`"
    );
}

#[test]
fn unknown_top_level_table_is_an_error() {
    let e = error("[router.r1]\nhost = \"h\"\n");
    assert!(
        e.starts_with(
            "inventory /etc/routerctl/routers.toml:1:2: field `router`: unknown field `router`"
        ),
        "{e}"
    );
}

#[test]
fn wrong_type_points_at_the_value() {
    assert_eq!(
        error("[routers.r1]\nhost = \"h\"\nport = \"8728\"\n"),
        "inventory /etc/routerctl/routers.toml:3:8: field `routers.r1.port`: invalid type: string \
         \"8728\", expected u16"
    );
    assert_eq!(
        error("[routers.r1]\nport = 70000\n"),
        "inventory /etc/routerctl/routers.toml:2:8: field `routers.r1.port`: invalid value: \
         integer `70000`, expected u16"
    );
    assert_eq!(
        error(
            "[defaults]\nvendor = \"mikrotik\"\nusername = \"u\"\nport = 0\n[routers.r1]\nhost = \"h\"\n"
        ),
        "inventory /etc/routerctl/routers.toml:4:8: field `defaults.port`: port 0 cannot be \
         connected to; leave `port` out for the protocol's default"
    );
}

#[test]
fn bad_timeout_and_fingerprint_are_located() {
    assert_eq!(
        error("[defaults]\ntimeout = \"soon\"\n"),
        "inventory /etc/routerctl/routers.toml:2:11: field `defaults.timeout`: invalid duration \
         \"soon\": expected seconds (10, 2.5) or a number with a unit (500ms, 10s, 1m, 1h), more \
         than 0 and at most 24h"
    );
    assert_eq!(
        error("[routers.r1]\ntimeout = 0\n"),
        "inventory /etc/routerctl/routers.toml:2:11: field `routers.r1.timeout`: invalid duration \
         \"0\": expected seconds (10, 2.5) or a number with a unit (500ms, 10s, 1m, 1h), more \
         than 0 and at most 24h"
    );
    assert_eq!(
        error("[routers.r1]\ntls_fingerprint = \"ab:cd\"\n"),
        "inventory /etc/routerctl/routers.toml:2:19: field `routers.r1.tls_fingerprint`: TLS \
         fingerprint has 2 bytes; a SHA-256 fingerprint has 32"
    );
}

#[test]
fn two_password_sources_point_at_the_second() {
    assert_eq!(
        error(
            "[routers.r1]\nvendor = \"mikrotik\"\nhost = \"h\"\nusername = \"u\"\n\
             password = \"x\"\npassword_env = \"PW\"\n"
        ),
        "inventory /etc/routerctl/routers.toml:6:16: field `routers.r1.password_env`: set only \
         one of password_env, password_file and password"
    );
}

#[test]
fn two_trust_settings_are_rejected_but_insecure_false_is_not_one() {
    let e = error("[defaults]\nca_file = \"ca.pem\"\ninsecure = true\n");
    assert_eq!(
        e,
        "inventory /etc/routerctl/routers.toml:3:12: field `defaults.insecure`: set at most one \
         of tls_fingerprint, ca_file and insecure"
    );
    let inv = parse(
        "[defaults]\nvendor = \"mikrotik\"\nusername = \"u\"\ninsecure = true\n\
         [routers.r]\nhost = \"h\"\nca_file = \"ca.pem\"\ninsecure = false\n",
    )
    .unwrap();
    assert_eq!(
        inv.routers[0].tls,
        TlsPolicy::CaFile("/etc/routerctl/ca.pem".into())
    );
}

#[test]
fn missing_required_field_points_at_the_router_table() {
    assert_eq!(
        error("[defaults]\nvendor = \"mikrotik\"\n\n[routers.r1]\nusername = \"u\"\n"),
        "inventory /etc/routerctl/routers.toml:4:1: field `routers.r1`: missing `host` (set it \
         here, in one of its groups or in [defaults])"
    );
    assert_eq!(
        error("[routers.r1]\nhost = \"h\"\n"),
        "inventory /etc/routerctl/routers.toml:1:1: field `routers.r1`: missing `vendor` (set it \
         here, in one of its groups or in [defaults])"
    );
}

#[test]
fn vendor_and_protocol_are_checked_against_the_registry() {
    // The list comes from the registry, so a new vendor needs no edit here.
    assert_eq!(
        error("[defaults]\nvendor = \"cisco\"\n[routers.r1]\nhost = \"h\"\nusername = \"u\"\n"),
        format!(
            "inventory /etc/routerctl/routers.toml:2:10: field `defaults.vendor`: unknown vendor \
             \"cisco\"; this build knows: {}",
            registry::vendor_names().join(", ")
        )
    );
    assert_eq!(
        error(
            "[defaults]\nvendor = \"mikrotik\"\nusername = \"u\"\n\
             [routers.r1]\nhost = \"h\"\nprotocol = \"ssh\"\n"
        ),
        "inventory /etc/routerctl/routers.toml:6:12: field `routers.r1.protocol`: protocol \
         \"ssh\" is not one mikrotik speaks; choose one of: api, api-ssl, rest, rest-http"
    );
}

#[test]
fn ubus_vendors_take_https_or_http() {
    assert_eq!(
        error("[routers.r1]\nvendor = \"openwrt\"\nhost = \"h\"\nprotocol = \"api\"\n"),
        "inventory /etc/routerctl/routers.toml:4:12: field `routers.r1.protocol`: protocol \
         \"api\" is not one openwrt speaks; choose one of: https, http"
    );
}

#[test]
fn names_must_be_usable_as_targets() {
    assert_eq!(
        error("[routers.all]\nhost = \"h\"\n"),
        "inventory /etc/routerctl/routers.toml:1:10: field `routers.all`: router name \"all\" is \
         reserved"
    );
    assert_eq!(
        error("[routers.\"a b\"]\nhost = \"h\"\n"),
        "inventory /etc/routerctl/routers.toml:1:10: field `routers.\"a b\"`: router name \"a b\" \
         may only contain letters, digits, '-', '_' and '.' (not first)"
    );
    assert_eq!(
        error("[defaults]\ngroups = [\"ok\", \"@bad\"]\n"),
        "inventory /etc/routerctl/routers.toml:2:17: field `defaults.groups[1]`: group name \
         \"@bad\" may only contain letters, digits, '-', '_' and '.' (not first)"
    );
    let e = error("[defaults]\nlabels = { vendor = \"x\" }\n");
    assert!(
        e.contains("field `defaults.labels.vendor`: label \"vendor\" would shadow"),
        "{e}"
    );
}

#[test]
fn syntax_errors_have_a_line_but_no_field() {
    assert_eq!(
        error("[routers.r1\nhost = \"h\"\n"),
        "inventory /etc/routerctl/routers.toml:1:12: unclosed table, expected `]`"
    );
}

#[test]
fn empty_file_is_an_empty_inventory() {
    assert!(parse("").unwrap().routers.is_empty());
}

#[test]
fn missing_file_and_oversized_file_are_clear() {
    let e = Inventory::load(Path::new("/nonexistent/routers.toml")).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("inventory /nonexistent/routers.toml: cannot read:"),
        "{e}"
    );
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    let e = Inventory::load(&big).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "inventory {}: the file is larger than the limit of 8388608 bytes (8 MiB)",
            big.display()
        )
    );
}

/// A FIFO (or `/proc` file, or device) reports length 0, so the limit has
/// to hold while reading, not only in a metadata check.
#[cfg(unix)]
#[test]
fn oversized_fifo_inventory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("routers.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let writer_path = fifo.clone();
    // One TOML comment line per chunk; stops at 12 MiB or when the reader
    // hangs up.
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .open(writer_path)
            .unwrap();
        let mut line = vec![b'#'; 4095];
        line.push(b'\n');
        for _ in 0..3 * 1024 {
            if out.write_all(&line).is_err() {
                break;
            }
        }
    });
    let e = Inventory::load(&fifo).unwrap_err();
    writer.join().unwrap();
    assert!(
        e.to_string()
            .ends_with("larger than the limit of 8388608 bytes (8 MiB)"),
        "{e}"
    );
}

const GROUPED: &str = r#"
[defaults]
vendor = "mikrotik"
username = "admin"
password_env = "DEFAULT_PW"
timeout = "9s"
labels = { tier = "edge", site = "unknown" }

[groups.branch]
username = "branch-ops"
timeout = "4s"
groups = ["europe"]
labels = { role = "branch" }

[groups.europe]
username = "eu-ops"
port = 18728
password_file = "eu.pw"
labels = { site = "eu", region = "emea" }

[groups.lab]
timeout = "1s"
username = "lab"

[routers.b1]
host = "10.1.0.1"
groups = ["branch", "lab"]

[routers.b2]
host = "10.1.0.2"
groups = ["lab", "branch"]
username = "me"
labels = { site = "lyon" }
"#;

#[test]
fn precedence_is_router_then_groups_in_order_then_defaults() {
    let inv = parse(GROUPED).unwrap();
    let [b1, b2] = inv.routers.as_slice() else {
        panic!("two routers expected")
    };
    // branch (listed first) beats lab; branch beats its parent europe.
    assert_eq!(b1.username, "branch-ops");
    assert_eq!(b1.origins["username"], Origin::Group("branch".into()));
    assert_eq!(b1.timeout, Duration::from_secs(4));
    // lab is listed first for b2; the router's own value beats every group.
    assert_eq!(b2.timeout, Duration::from_secs(1));
    assert_eq!(b2.origins["timeout"], Origin::Group("lab".into()));
    assert_eq!(b2.username, "me");
    assert_eq!(b2.origins["username"], Origin::Router);
    assert_eq!(b1.origins["vendor"], Origin::Defaults);
    assert_eq!(b1.origins["protocol"], Origin::BuiltIn);
}

#[test]
fn groups_of_groups_pass_settings_and_membership_down() {
    let inv = parse(GROUPED).unwrap();
    let b1 = &inv.routers[0];
    assert_eq!(b1.groups, ["branch", "europe", "lab"]);
    assert_eq!(b1.port, Some(18728));
    assert_eq!(b1.origins["port"], Origin::Group("europe".into()));
    assert_eq!(
        b1.password,
        PasswordSource::File("/etc/routerctl/eu.pw".into())
    );
    assert_eq!(b1.origins["password"], Origin::Group("europe".into()));
    let labels: Vec<_> = b1.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert_eq!(
        labels,
        ["region=emea", "role=branch", "site=eu", "tier=edge"]
    );
    assert_eq!(b1.label_origins["tier"], Origin::Defaults);
    assert_eq!(inv.routers[1].labels["site"], "lyon");
    assert_eq!(inv.routers[1].label_origins["site"], Origin::Router);
}

#[test]
fn group_cycles_are_found_with_their_line() {
    let text = "[groups.a]\ngroups = [\"b\"]\n\n[groups.b]\ngroups = [\"c\"]\n\n\
                [groups.c]\ngroups = [\"a\"]\n\n[routers.r]\nvendor = \"mikrotik\"\n\
                host = \"h\"\nusername = \"u\"\ngroups = [\"a\"]\n";
    assert_eq!(
        error(text),
        "inventory /etc/routerctl/routers.toml:8:11: field `groups.c.groups[0]`: group cycle: \
         a -> b -> c -> a"
    );
    let (inv, problems) = Inventory::parse_all(Path::new("x.toml"), text);
    assert_eq!(problems.len(), 1, "{problems:?}");
    // Resolution still terminates and gives every group once.
    assert_eq!(inv.routers[0].groups, ["a", "b", "c"]);
}

#[test]
fn groups_cannot_set_a_host_and_need_usable_names() {
    assert!(
        error("[groups.g]\nhost = \"h\"\n").contains("a group cannot set `host`"),
        "{}",
        error("[groups.g]\nhost = \"h\"\n")
    );
    assert!(error("[groups.\"a b\"]\n").contains("group name \"a b\""));
    assert!(error("[groups.g]\ncolour = 1\n").contains("unknown field `colour`"));
}

#[test]
fn check_lists_every_problem_with_its_line() {
    let text = "[defaults]\nvendor = \"mikrotik\"\nusername = \"u\"\n\n\
                [groups.a]\ngroups = [\"a\"]\n\n\
                [routers.r1]\nhost = \"10.0.0.1\"\npassword_env = \"P\"\n\n\
                [routers.r2]\nhost = \"10.0.0.1\"\nport = 8728\npassword_env = \"P\"\n\n\
                [routers.r3]\nhost = \"10.0.0.3\"\n\n\
                [routers.r4]\nhost = \"h\"\nvendor = \"cisco\"\n\n\
                [routers.r5]\nhost = \"h\"\nprotocol = \"telnet\"\npassword_env = \"P\"\n";
    let problems: Vec<String> = Inventory::check(Path::new("f.toml"), text)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "inventory f.toml:6:11: field `groups.a.groups[0]`: group cycle: a -> a",
            "inventory f.toml:12:1: field `routers.r2`: 10.0.0.1:8728 is also router r1's address",
            "inventory f.toml:17:1: field `routers.r3`: no password source: set password_env or \
             password_file here, in one of its groups or in [defaults]",
            &format!(
                "inventory f.toml:22:10: field `routers.r4.vendor`: unknown vendor \"cisco\"; \
                 this build knows: {}",
                registry::vendor_names().join(", ")
            ),
            "inventory f.toml:26:12: field `routers.r5.protocol`: protocol \"telnet\" is not one \
             mikrotik speaks; choose one of: api, api-ssl, rest, rest-http",
        ]
    );
    let grouped = Inventory::check(Path::new("f.toml"), GROUPED);
    assert_eq!(grouped.len(), 2, "{grouped:?}");
    assert!(
        grouped
            .iter()
            .all(|p| p.message == "password_file eu.pw does not exist")
    );
    let fine = "[routers.r]\nvendor = \"mikrotik\"\nhost = \"h\"\nusername = \"u\"\n\
                password_env = \"P\"\n";
    assert!(Inventory::check(Path::new("f.toml"), fine).is_empty());
    let unknown = Inventory::check(Path::new("f.toml"), "[routers.r]\ncolour = 1\n");
    assert_eq!(unknown.len(), 1);
    assert!(
        unknown[0].to_string().contains("f.toml:2:1"),
        "{}",
        unknown[0]
    );
}
