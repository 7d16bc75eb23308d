//! REST throughput against the simulator over loopback HTTP: requests per
//! second for a GET of a 1000-record menu and for a PATCH of one record,
//! with 1 and 16 requests in flight.
//!
//! RouterOS runs one user's REST requests one at a time, and the simulator
//! does too, so the 16-way runs use 16 users (the parallel case) and, for
//! contrast, one user (the serialised case).
//!
//! Run: `cargo bench -p routerctl-mikrotik --bench rest`.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::future::try_join_all;
use routerctl_core::Credentials;
use routerctl_mikrotik::rest::{RestClient, RestConfig};
use routerctl_mikrotik::sim::{Device, RestServer, SimConfig};

const RECORDS: usize = 1000;
const MENU: &str = "/ip/firewall/address-list";

struct Bench {
    rt: tokio::runtime::Runtime,
    _server: RestServer,
    /// One client per user (`u0`..`u15`).
    users: Vec<RestClient>,
    /// 16 clients of the same user.
    same_user: Vec<RestClient>,
    patch_id: String,
}

fn setup() -> Bench {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut config = SimConfig::new("admin", "pw");
    for i in 0..16 {
        config = config.with_user(&format!("u{i}"), "pw", "full");
    }
    let device = Device::new(config);
    let server = rt
        .block_on(RestServer::bind(
            device,
            "127.0.0.1:0".parse().expect("address"),
            None,
        ))
        .expect("bind");
    let port = server.local_addr().port();
    let client = |user: &str| {
        let mut c = RestConfig::http("127.0.0.1", port, Credentials::new(user, "pw"));
        c.timeouts.request = Duration::from_secs(60);
        RestClient::new(c).expect("client")
    };
    let admin = client("admin");
    let patch_id = rt.block_on(async {
        let mut first = String::new();
        for i in 0..RECORDS {
            let address = format!("10.{}.{}.{}", i / 65536, (i / 256) % 256, i % 256);
            let row = admin
                .create(
                    MENU,
                    &[
                        ("list", "bench"),
                        ("address", &address),
                        ("comment", "bench row"),
                    ],
                )
                .await
                .expect("create");
            if i == 0 {
                first = row.get_str(".id").expect("id").into_owned();
            }
        }
        first
    });
    let users = (0..16).map(|i| client(&format!("u{i}"))).collect();
    let same_user = (0..16).map(|_| client("u0")).collect();
    Bench {
        rt,
        _server: server,
        users,
        same_user,
        patch_id,
    }
}

fn rest(c: &mut Criterion) {
    let b = setup();
    // Warm the login cache and the connection pools.
    b.rt.block_on(async {
        for u in b.users.iter().chain(&b.same_user) {
            u.check().await.expect("check");
        }
    });

    let mut group = c.benchmark_group("rest");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    group.warm_up_time(Duration::from_secs(2));

    let get = |clients: &[RestClient]| {
        b.rt.block_on(try_join_all(clients.iter().map(|c| c.list(MENU, &[], &[]))))
            .map(|replies| {
                assert!(replies.iter().all(|r| r.len() >= RECORDS));
            })
            .expect("GET")
    };
    let patch_id = b.patch_id.as_str();
    let patch = |clients: &[RestClient]| {
        b.rt.block_on(try_join_all(clients.iter().enumerate().map(|(i, c)| {
            let comment = format!("bench {i}");
            async move { c.update(MENU, patch_id, &[("comment", &comment)]).await }
        })))
        .map(drop)
        .expect("PATCH")
    };

    for (label, clients) in [
        ("1", &b.users[..1]),
        ("16 users", &b.users[..]),
        ("16 same user", &b.same_user[..]),
    ] {
        group.throughput(Throughput::Elements(clients.len() as u64));
        group.bench_function(
            format!("GET {RECORDS} records, {label} in flight"),
            |bench| bench.iter(|| get(clients)),
        );
        group.bench_function(format!("PATCH, {label} in flight"), |bench| {
            bench.iter(|| patch(clients))
        });
    }
    group.finish();
}

criterion_group!(benches, rest);
criterion_main!(benches);
