//! End to end for `linksys`: the built binary against simulated Linksys
//! routers (a classic Smart Wi-Fi router over HTTP and a Velop over HTTPS
//! with a pinned certificate), through inventory -> runner -> driver
//! registry -> JNAP client -> simulator -> output.

mod common;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use routerctl_core::SelfSigned;
use routerctl_linksys::sim::{Generation, JnapServer, LinksysSim, SimConfig};
use serde_json::Value;

const PASSWORD_VAR: &str = "ROUTERCTL_LINKSYS_PW";
const PASSWORD: &str = "linksys-e2e-secret";
const WRONG_VAR: &str = "ROUTERCTL_LINKSYS_WRONG_PW";
const WRONG_PASSWORD: &str = "not-the-linksys-password";
const ENV: &[(&str, &str)] = &[(PASSWORD_VAR, PASSWORD), (WRONG_VAR, WRONG_PASSWORD)];

struct Lab {
    _classic: JnapServer,
    _velop: JnapServer,
    _dir: tempfile::TempDir,
    inventory: PathBuf,
}

async fn lab() -> Lab {
    let any = SocketAddr::from(([127, 0, 0, 1], 0));
    let classic = JnapServer::bind(
        LinksysSim::new(SimConfig::new(Generation::Classic, PASSWORD)),
        any,
        None,
    )
    .await
    .unwrap();
    let velop = JnapServer::bind(
        LinksysSim::new(SimConfig::new(Generation::Velop, PASSWORD)),
        any,
        Some(SelfSigned::generate(&[]).unwrap()),
    )
    .await
    .unwrap();
    let pin = velop.fingerprint().unwrap();
    let text = format!(
        "[defaults]\nusername = \"admin\"\npassword_env = \"{PASSWORD_VAR}\"\ntimeout = \"10s\"\n\n\
         [routers.home]\nvendor = \"linksys\"\nhost = \"127.0.0.1\"\nport = {}\n\n\
         [routers.mesh]\nvendor = \"linksys\"\nprotocol = \"https\"\nhost = \"127.0.0.1\"\nport = {}\n\
         tls_fingerprint = \"{pin}\"\n\n\
         [routers.wrong]\nvendor = \"linksys\"\nhost = \"127.0.0.1\"\nport = {}\n\
         password_env = \"{WRONG_VAR}\"\ngroups = [\"bad\"]\n",
        classic.local_addr().port(),
        velop.local_addr().port(),
        classic.local_addr().port(),
    );
    let dir = tempfile::tempdir().unwrap();
    let inventory = common::save_inventory(dir.path(), &text);
    Lab {
        _classic: classic,
        _velop: velop,
        _dir: dir,
        inventory,
    }
}

fn results(inventory: &Path, args: &[&str]) -> Vec<(String, Value)> {
    common::outcomes(&common::json(inventory, ENV, args, 0))
        .into_iter()
        .map(|(router, vendor, outcome)| {
            assert_eq!(vendor, "linksys");
            (
                router,
                outcome.unwrap_or_else(|e| panic!("{args:?}: {e:?}")),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn getters_work_from_the_binary() {
    let lab = lab().await;
    let inv = &lab.inventory;
    let facts = results(inv, &["facts", "home", "mesh"]);
    assert_eq!(facts[0].0, "home");
    assert_eq!(facts[0].1["model"], "EA7500");
    assert_eq!(facts[1].1["model"], "WHW03");
    assert_eq!(facts[1].1["hostname"], "Linksys39173");

    let wan = results(inv, &["wan", "home", "mesh"]);
    for (_, links) in &wan {
        assert_eq!(links[0]["kind"], "ethernet");
        assert_eq!(links[0]["gateway"], "192.168.2.1");
    }

    let clients = results(inv, &["clients", "mesh"]);
    let list = clients[0].1.as_array().unwrap();
    assert!(list.iter().any(|c| c["mac_address"] == "4A:46:15:96:FB:27"
        && c["hostname"] == "Jia's phone"
        && c["band"] == "2.4GHz"
        && c["is_active"] == true));

    let leases = results(inv, &["leases", "home"]);
    assert!(
        leases[0]
            .1
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["hostname"] == "Pixel-4")
    );

    let wifi = results(inv, &["wifi", "mesh"]);
    assert_eq!(
        wifi[0].1.as_array().unwrap().len(),
        5,
        "three radios, two guest"
    );

    let config = results(inv, &["config", "home"]);
    assert_eq!(config[0].1["format"], "json");
    assert_eq!(
        config[0].1["content"]["router/GetLANSettings"]["hostName"],
        "Linksys00042"
    );

    let call = results(inv, &["call", "mesh", "router/GetWANStatus3"]);
    assert_eq!(call[0].1["result"], "OK");
    assert!(call[0].1["output"]["supportedWANCombinations"].is_array());
    let call = results(
        inv,
        &[
            "call",
            "home",
            "devicelist/GetDevices3",
            r#"{"sinceRevision":0}"#,
        ],
    );
    assert!(call[0].1["output"]["revision"].is_u64());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_an_auth_error() {
    let lab = lab().await;
    let items = common::json(&lab.inventory, ENV, &["facts", "@bad"], 1);
    let outcomes = common::outcomes(&items);
    let (router, _, outcome) = &outcomes[0];
    assert_eq!(router, "wrong");
    let (kind, message) = outcome.clone().unwrap_err();
    assert_eq!(kind, "auth");
    assert!(message.starts_with("wrong: "), "{message}");
}

/// `routerctl sim linksys` as a child process, reached through an
/// inventory by the same binary.
#[test]
fn the_sim_command_serves_a_router_the_getters_reach() {
    let sim = common::SimProcess::start_listening(
        &[
            "linksys",
            "--http",
            "127.0.0.1:0",
            "--generation",
            "classic",
            "--hostname",
            "den",
            "--password-env",
            PASSWORD_VAR,
        ],
        &[(PASSWORD_VAR, PASSWORD)],
        &["http"],
    );
    let (host, port) = common::host_port(sim.plain("http"));
    let dir = tempfile::tempdir().unwrap();
    let inventory = common::save_inventory(
        dir.path(),
        &format!(
            "[defaults]\nusername = \"admin\"\npassword_env = \"{PASSWORD_VAR}\"\n\n\
             [routers.den]\nvendor = \"linksys\"\nhost = \"{host}\"\nport = {port}\n"
        ),
    );
    let facts = results(&inventory, &["facts"]);
    assert_eq!(facts[0].1["hostname"], "den");
    assert_eq!(facts[0].1["model"], "EA7500");
    let wan = results(&inventory, &["wan"]);
    assert_eq!(wan[0].1[0]["is_up"], true);
    let clients = results(&inventory, &["clients"]);
    assert!(clients[0].1.as_array().is_some_and(|c| c.len() >= 5));
    let leases = results(&inventory, &["leases"]);
    assert!(leases[0].1.as_array().is_some_and(|l| !l.is_empty()));
    let wifi = results(&inventory, &["wifi"]);
    assert_eq!(wifi[0].1.as_array().map(Vec::len), Some(4));
    // The classic firmware knows GetWANStatus2, not 3.
    let items = common::json(&inventory, ENV, &["call", "den", "router/GetWANStatus3"], 1);
    let (_, _, outcome) = common::outcomes(&items).remove(0);
    let (kind, message) = outcome.unwrap_err();
    assert_eq!(kind, "vendor");
    assert!(message.contains("_ErrorUnknownAction"), "{message}");
    assert!(sim.terminate().success());
}
