//! `routerctl exporter` as a process in front of a mixed simulated fleet:
//! every router is `up 1` with mktxp-named series, a router that dies and
//! one that never answered are `up 0` with their error counters counting
//! while the rest stay up, and the second scrape reuses the sessions of
//! the first (the RouterOS simulator logs one login per session), and
//! neither the exporter nor a getter whose reads fan out holds more
//! connections to an HTTP router than the shared client's cap.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use assert_cmd::cargo::cargo_bin;
use common::{PATIENCE, SimProcess};

/// A running `routerctl exporter`, killed on drop.
struct Exporter {
    child: Child,
    /// `127.0.0.1:PORT` it serves on.
    addr: String,
}

impl Exporter {
    fn start(inventory: &Path, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = StdCommand::new(cargo_bin("routerctl"))
            .arg("exporter")
            .arg("-i")
            .arg(inventory)
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .envs(env.iter().copied())
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start routerctl exporter");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx
            .recv_timeout(PATIENCE)
            .expect("exporter printed where it listens");
        // `listening N routers on http://ADDR/metrics`
        let addr = line
            .trim()
            .rsplit_once("http://")
            .and_then(|(_, rest)| rest.strip_suffix("/metrics"))
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Exporter { child, addr }
    }

    /// GET `path` with optional extra header lines; status and body.
    fn get(&self, path: &str, headers: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\n{headers}Connection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        let status = reply
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {reply:?}"));
        let body = reply
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    fn metrics(&self) -> String {
        let (status, body) = self.get("/metrics", "");
        assert_eq!(status, 200, "{body}");
        assert!(body.ends_with("# EOF\n"), "{body}");
        body
    }
}

impl Drop for Exporter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The value of the one series `name{labels}` in `text`.
fn value(text: &str, series: &str) -> f64 {
    let prefix = format!("{series} ");
    let found: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .collect();
    assert_eq!(found.len(), 1, "{series} in:\n{text}");
    found[0].parse().unwrap()
}

fn self_series(metric: &str, router: &str, vendor: &str) -> String {
    format!("{metric}{{router=\"{router}\",vendor=\"{vendor}\"}}")
}

/// How often the RouterOS simulator behind `router` logged an API login.
fn api_logins(inventory: &Path, router: &str) -> usize {
    let out = common::routerctl_with(inventory, &[])
        .args(["-o", "json", "call", router, "/log/print"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout)
        .matches("logged in via api")
        .count()
}

#[test]
fn a_mixed_fleet_is_scraped_with_kept_sessions_and_failures_stay_local() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("fleet.toml");
    let fleet = SimProcess::start(
        &[
            "fleet",
            "--count",
            "5",
            "--seed",
            "3",
            "--mix",
            "mikrotik-api=1,mikrotik-rest=1,ixon=1,peplink=1,linksys=1",
            "--inventory-timeout",
            "5s",
            "--inventory-out",
            inventory.to_str().unwrap(),
        ],
        &[],
    );
    let line = fleet.next_line("the fleet listens");
    assert!(line.starts_with("listening 5 routers"), "{line}");
    let password = std::fs::read_to_string(dir.path().join("fleet.password")).unwrap();
    let password = password.trim_end_matches('\n').to_string();

    // One more RouterOS router in its own process, to be killed, and one
    // whose port nothing listens on.
    let doomed = SimProcess::start_listening(
        &["mikrotik", "--api", "127.0.0.1:0", "--password-env", "PW"],
        &[("PW", password.as_str())],
        &["api"],
    );
    let (host, port) = common::host_port(doomed.plain("api"));
    let (host, port) = (host.to_string(), port.to_string());
    let text = std::fs::read_to_string(&inventory).unwrap();
    let parsed: toml::Table = toml::from_str(&text).unwrap();
    let mut routers: Vec<(String, String, String)> = parsed["routers"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(name, r)| {
            (
                name.clone(),
                r["vendor"].as_str().unwrap().to_string(),
                r["protocol"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let api_router = routers
        .iter()
        .find(|(_, v, p)| v == "mikrotik" && p == "api")
        .map(|(n, _, _)| n.clone())
        .expect("a RouterOS API router in the mix");
    let api_port = parsed["routers"][&api_router]["port"].as_integer().unwrap();
    let gone_port = common::closed_port();
    std::fs::write(
        &inventory,
        format!(
            "{text}\n[routers.doomed]\nvendor = \"mikrotik\"\nprotocol = \"api\"\nhost = \"{host}\"\nport = {port}\n\n\
             [routers.gone]\nvendor = \"mikrotik\"\nprotocol = \"api\"\nhost = \"127.0.0.1\"\nport = {gone_port}\n"
        ),
    )
    .unwrap();
    routers.push(("doomed".into(), "mikrotik".into(), "api".into()));

    let exporter = Exporter::start(&inventory, &["--timeout", "5s"], &[]);
    let first = exporter.metrics();
    for (name, vendor, _) in &routers {
        assert_eq!(
            value(&first, &self_series("routerctl_up", name, vendor)),
            1.0,
            "{name}"
        );
        assert_eq!(
            value(
                &first,
                &self_series("routerctl_scrape_errors_total", name, vendor)
            ),
            0.0
        );
        assert_eq!(
            value(
                &first,
                &self_series("routerctl_connects_total", name, vendor)
            ),
            1.0
        );
        assert!(
            first.contains(&format!("routerboard_name=\"{name}\"")),
            "{name} has device series"
        );
    }
    assert_eq!(
        value(&first, &self_series("routerctl_up", "gone", "mikrotik")),
        0.0
    );
    assert_eq!(
        value(
            &first,
            &self_series("routerctl_scrape_errors_total", "gone", "mikrotik")
        ),
        1.0
    );
    assert!(!first.contains("routerboard_name=\"gone\""));

    // RouterOS interface counters under mktxp's names and labels.
    let rx = format!(
        "mktxp_interface_rx_byte_total{{name=\"ether1\",routerboard_name=\"{api_router}\",routerboard_address=\"127.0.0.1:{api_port}\"}}"
    );
    assert!(value(&first, &rx) > 0.0);
    assert!(first.contains("# TYPE mktxp_interface_rx_byte counter"));
    assert!(first.contains("mktxp_system_uptime{version="));
    // The other families carry the same names plus a vendor label.
    for (name, vendor, _) in routers.iter().filter(|(_, v, _)| v != "mikrotik") {
        let identity = format!(
            "mktxp_system_identity_info{{name=\"{name}\",routerboard_name=\"{name}\",routerboard_address=\"127.0.0.1:"
        );
        assert!(
            first
                .lines()
                .any(|l| l.starts_with(&identity) && l.contains(&format!("vendor=\"{vendor}\""))),
            "{name} ({vendor}) identity"
        );
    }
    let ixon = routers
        .iter()
        .find(|(_, v, _)| v == "ixon")
        .map(|(n, _, _)| n.clone())
        .expect("an IXON router in the mix");
    assert!(
        first
            .lines()
            .any(|l| l.starts_with("mktxp_interface_rx_byte_total{")
                && l.contains(&format!("routerboard_name=\"{ixon}\""))
                && l.contains("vendor=\"ixon\"")),
        "IXON interface counters"
    );

    // The router goes away: it alone is down, and its errors count.
    doomed.terminate();
    let second = exporter.metrics();
    assert_eq!(
        value(&second, &self_series("routerctl_up", "doomed", "mikrotik")),
        0.0
    );
    assert_eq!(
        value(
            &second,
            &self_series("routerctl_scrape_errors_total", "doomed", "mikrotik")
        ),
        1.0
    );
    assert_eq!(
        value(
            &second,
            &self_series("routerctl_scrape_errors_total", "gone", "mikrotik")
        ),
        2.0
    );
    for (name, vendor, _) in routers.iter().filter(|(n, _, _)| n != "doomed") {
        assert_eq!(
            value(&second, &self_series("routerctl_up", name, vendor)),
            1.0,
            "{name}"
        );
        assert_eq!(
            value(
                &second,
                &self_series("routerctl_connects_total", name, vendor)
            ),
            1.0,
            "{name}: the session of the first scrape was reused"
        );
    }
    // The simulator's own log agrees: one login by the exporter for two
    // scrapes, plus the one of this `call`.
    assert_eq!(api_logins(&inventory, &api_router), 2);

    // One router alone, and only inventory names.
    let (status, probe) = exporter.get(&format!("/probe?target={api_router}"), "");
    assert_eq!(status, 200);
    assert!(probe.contains(&self_series("routerctl_up", &api_router, "mikrotik")));
    assert!(!probe.contains("routerboard_name=\"doomed\""));
    assert_eq!(exporter.get("/probe?target=192.0.2.1", "").0, 404);
    let (status, page) = exporter.get("/", "");
    assert_eq!(status, 200);
    assert!(page.contains("doomed") && page.contains("DOWN"), "{page}");
    drop(fleet);
}

/// A TCP relay on 127.0.0.1 in front of `target` that counts the
/// connections it accepted: the router's view of how many sessions a
/// client opened. Its threads live until the test process ends.
fn counting_relay(target: &str) -> (String, Arc<AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    let target = target.to_string();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { break };
            count.fetch_add(1, Ordering::SeqCst);
            let Ok(server) = TcpStream::connect(&target) else {
                continue;
            };
            for (mut from, mut to) in [
                (client.try_clone().unwrap(), server.try_clone().unwrap()),
                (server, client),
            ] {
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut from, &mut to);
                    let _ = to.shutdown(std::net::Shutdown::Write);
                });
            }
        }
    });
    (addr, accepted)
}

/// `routerctl_kit::http::DEFAULT_MAX_IN_FLIGHT`: every HTTP family's cap on
/// requests, and so connections, in flight to one router.
const HTTP_CAP: usize = 2;

#[test]
fn a_rest_router_scraped_twice_holds_at_most_the_cap_in_connections() {
    const PW: &str = "cap-secret";
    let sim = SimProcess::start_listening(
        &["mikrotik", "--rest", "127.0.0.1:0", "--password-env", "PW"],
        &[("PW", PW)],
        &["rest"],
    );
    let (relay, accepted) = counting_relay(sim.plain("rest"));
    let (host, port) = common::host_port(&relay);
    let dir = tempfile::tempdir().unwrap();
    let inventory = common::save_inventory(
        dir.path(),
        &format!(
            "[routers.r1]\nvendor = \"mikrotik\"\nprotocol = \"rest-http\"\nhost = \"{host}\"\nport = {port}\n\
             username = \"admin\"\npassword_env = \"RPW\"\n"
        ),
    );
    let exporter = Exporter::start(&inventory, &["--timeout", "10s"], &[("RPW", PW)]);
    for scrape in 1..=2 {
        let text = exporter.metrics();
        assert_eq!(
            value(&text, &self_series("routerctl_up", "r1", "mikrotik")),
            1.0,
            "scrape {scrape}: {text}"
        );
        assert!(
            text.contains("routerboard_name=\"r1\""),
            "scrape {scrape} has device series"
        );
    }
    let connections = accepted.load(Ordering::SeqCst);
    assert!(
        (1..=HTTP_CAP).contains(&connections),
        "{connections} connections to one REST router for a cap of {HTTP_CAP}"
    );
    // The exporter reads one menu after the other over HTTP; the drivers'
    // getters fan out (six requests at once for `wan`, six for `wifi`),
    // and one `routerctl` run stays under the same cap.
    drop(exporter);
    for command in ["wan", "wifi", "clients", "facts"] {
        let before = accepted.load(Ordering::SeqCst);
        let items = common::json(&inventory, &[("RPW", PW)], &[command], 0);
        assert!(
            items.first().is_some_and(|i| i.get("result").is_some()),
            "{command}: {items:?}"
        );
        let opened = accepted.load(Ordering::SeqCst) - before;
        assert!(
            (1..=HTTP_CAP).contains(&opened),
            "`{command}` opened {opened} connections for a cap of {HTTP_CAP}"
        );
    }
}

#[test]
fn basic_auth_guards_every_page_and_open_listeners_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = common::save_inventory(
        dir.path(),
        &format!(
            "[routers.r1]\nvendor = \"mikrotik\"\nhost = \"127.0.0.1\"\nport = {}\nusername = \"admin\"\npassword_env = \"RPW\"\n",
            common::closed_port()
        ),
    );
    let exporter = Exporter::start(
        &inventory,
        &["--auth-user", "prom", "--auth-password-env", "EXPORTER_PW"],
        &[("EXPORTER_PW", "s3cret"), ("RPW", "x")],
    );
    for path in ["/", "/metrics", "/probe?target=r1"] {
        assert_eq!(exporter.get(path, "").0, 401, "{path}");
    }
    // prom:wrong and prom:s3cret, base64.
    assert_eq!(
        exporter
            .get("/metrics", "Authorization: Basic cHJvbTp3cm9uZw==\r\n")
            .0,
        401
    );
    let (status, body) = exporter.get("/metrics", "Authorization: Basic cHJvbTpzM2NyZXQ=\r\n");
    assert_eq!(status, 200);
    assert!(
        body.contains("routerctl_up{router=\"r1\",vendor=\"mikrotik\"} 0"),
        "{body}"
    );

    let refused = common::routerctl()
        .args(["exporter", "-i"])
        .arg(&inventory)
        .args(["--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("non-loopback") && stderr.contains("--insecure-listen"),
        "{stderr}"
    );
}
