//! Commands per second over one API connection against the in-process
//! simulator, with 1 and with 64 commands in flight. The gap between the
//! two is what `.tag` multiplexing buys: with one in flight every command
//! pays a full round trip; with 64 the connection task keeps the pipe full.
//!
//! The command is `/system/identity/print` (one short row), so the figure
//! is dominated by protocol and scheduling overhead, not by payload.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use routerctl_core::Credentials;
use routerctl_mikrotik::api::proto::Command;
use routerctl_mikrotik::api::{ApiClient, ClientConfig, Timeouts};
use routerctl_mikrotik::sim::{ApiServer, Device, SimConfig};

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (_server, client) = rt.block_on(async {
        let addr: SocketAddr = "127.0.0.1:0".parse().expect("addr");
        let server = ApiServer::bind(Device::new(SimConfig::new("admin", "pw")), addr, None)
            .await
            .expect("simulator");
        let mut cfg = ClientConfig::new("127.0.0.1", Credentials::new("admin", "pw"));
        cfg.port = server.local_addr().port();
        cfg.timeouts = Timeouts::all(Duration::from_secs(30));
        let client = ApiClient::connect(cfg).await.expect("connect");
        (server, client)
    });

    let mut group = c.benchmark_group("roundtrip_identity_print");
    group.throughput(Throughput::Elements(1));
    for in_flight in [1u64, 64] {
        group.bench_with_input(
            BenchmarkId::new("in_flight", in_flight),
            &in_flight,
            |b, &in_flight| {
                b.iter_custom(|iters| {
                    let client = client.clone();
                    rt.block_on(async move {
                        let per_worker = iters.div_ceil(in_flight);
                        let start = Instant::now();
                        let workers = (0..in_flight).map(|_| {
                            let client = client.clone();
                            async move {
                                for _ in 0..per_worker {
                                    client
                                        .run(Command::new("/system/identity/print"))
                                        .await
                                        .expect("command");
                                }
                            }
                        });
                        futures_util::future::join_all(workers).await;
                        // Scale to exactly `iters` commands' worth of time.
                        start
                            .elapsed()
                            .mul_f64(iters as f64 / (per_worker * in_flight) as f64)
                    })
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
