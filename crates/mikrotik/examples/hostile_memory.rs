//! Peak resident memory of the RouterOS API client while hostile routers
//! stream `!re` without end (issue 11): each router gets its own scripted
//! TCP peer that logs the client in and then sends rows for ever.
//!
//! ```text
//! cargo run -p routerctl-mikrotik --example hostile_memory -- ROUTERS MIB [budget|none]
//! cargo run -p routerctl-mikrotik --example hostile_memory -- serve ROUTERS FILE
//! ```
//!
//! `budget` (the default) shares one `MiB`-sized [`MemoryBudget`] among all
//! routers, as `routerctl --max-memory` does; `none` keeps the fixed
//! per-connection caps (the behaviour before the budget). Prints how each
//! command ended, the peak resident set (`VmHWM`) and, with a budget, the
//! most it ever had charged.
//!
//! Measured on the development machine (debug build, rows of five short
//! attributes): before the budget, with fixed caps, 1 router peaked at
//! 391 MiB and 4 routers at 1547 MiB (about 390 MiB each, so 16 would need
//! about 6 GiB); with a shared 256 MiB budget, 1 router peaks at 262 MiB,
//! 4 at 155 MiB and 16 at 114 MiB, each failing with "reply too large".
//!
//! The binary against `serve` (`/usr/bin/time -v routerctl -i FILE facts`,
//! peak RSS): before the budget, 4 hostile routers took 2.25 GiB (and
//! timed out at 60 s, still short of the fixed cap); with the default
//! `--max-memory 256MiB`, 4 take 75 MiB and 16 take 194 MiB (25 s);
//! `--max-memory 64MiB` with 16 takes 55 MiB.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::BytesMut;
use routerctl_core::{Credentials, MemoryBudget};
use routerctl_mikrotik::api::proto::{Decoder, Limits, Request, encode_sentence};
use routerctl_mikrotik::api::{ApiClient, ClientConfig, Timeouts};
use routerctl_mikrotik::record::Command;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The peak resident set of this process, in KiB.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// A router that answers the login, then streams rows for every command
/// it gets until the client goes away; serves any number of connections.
async fn hostile_router(listener: TcpListener) {
    while let Ok((tcp, _)) = listener.accept().await {
        tokio::spawn(hostile_connection(tcp));
    }
}

async fn hostile_connection(tcp: tokio::net::TcpStream) {
    let (mut reader, mut writer) = tcp.into_split();
    let tags: Arc<Mutex<Vec<String>>> = Arc::default();
    let (login_tx, login_rx) = tokio::sync::oneshot::channel();
    let seen = Arc::clone(&tags);
    tokio::spawn(async move {
        let mut login_tx = Some(login_tx);
        let mut decoder = Decoder::new(Limits::server());
        let mut buf = BytesMut::new();
        loop {
            while let Ok(Some(s)) = decoder.decode(&mut buf) {
                let Ok(request) = Request::parse(&s) else {
                    return;
                };
                match request.tag {
                    Some(tag) if request.command.as_ref() != b"/cancel" => seen
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(String::from_utf8_lossy(&tag).into_owned()),
                    Some(_) => {}
                    None => {
                        if let Some(tx) = login_tx.take() {
                            let _ = tx.send(());
                        }
                    }
                }
            }
            if !matches!(reader.read_buf(&mut buf).await, Ok(n) if n > 0) {
                return;
            }
        }
    });
    if login_rx.await.is_err() {
        return;
    }
    let mut out = BytesMut::new();
    encode_sentence([b"!done"], &mut out);
    if writer.write_all(&out).await.is_err() {
        return;
    }
    loop {
        let current = tags.lock().unwrap_or_else(|p| p.into_inner()).clone();
        if current.is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
            continue;
        }
        // A typical log row: five short attributes.
        let mut chunk = BytesMut::new();
        for tag in &current {
            let tag = format!(".tag={tag}");
            for i in 0..500u32 {
                let id = format!("=.id=*{i:X}");
                encode_sentence(
                    [
                        b"!re",
                        id.as_bytes(),
                        b"=time=2026-11-29 12:00:00",
                        b"=topics=system,info,account",
                        b"=message=user admin logged in from 192.0.2.10 via api",
                        b"=extra-info=",
                        tag.as_bytes(),
                    ],
                    &mut chunk,
                );
            }
        }
        if writer.write_all(&chunk).await.is_err() {
            return;
        }
    }
}

/// `serve N FILE`: start N hostile routers, write an inventory naming them
/// to FILE, and serve until killed (to measure the `routerctl` binary).
async fn serve(routers: usize, inventory: &str) {
    let mut text = String::from(
        "[defaults]\nvendor = \"mikrotik\"\nusername = \"admin\"\npassword_env = \"HOSTILE_PW\"\ntimeout = \"60s\"\n",
    );
    for i in 0..routers {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        text.push_str(&format!(
            "\n[routers.hostile-{i:02}]\nhost = \"127.0.0.1\"\nport = {port}\n"
        ));
        tokio::spawn(hostile_router(listener));
    }
    std::fs::write(inventory, text).expect("write the inventory");
    println!("serving {routers} hostile routers; inventory in {inventory}");
    std::future::pending::<()>().await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("serve") {
        let routers = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(16);
        let file = args.get(3).map_or("hostile.toml", String::as_str);
        return serve(routers, file).await;
    }
    let routers: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(16);
    let mib: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(256);
    let shared = args.get(3).is_none_or(|a| a != "none");
    let budget = MemoryBudget::new(mib * 1024 * 1024, routers);
    let peak_charged = Arc::new(AtomicUsize::new(0));
    let sampler = {
        let (budget, peak) = (budget.clone(), Arc::clone(&peak_charged));
        tokio::spawn(async move {
            loop {
                peak.fetch_max(budget.used(), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    };
    let mut runs = Vec::new();
    for i in 0..routers {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        tokio::spawn(hostile_router(listener));
        let mut config = ClientConfig::new("127.0.0.1", Credentials::new("admin", "pw"));
        config.port = port;
        config.label = format!("hostile-{i}");
        config.timeouts = Timeouts::all(Duration::from_secs(600));
        config.memory = shared.then(|| budget.clone());
        runs.push(tokio::spawn(async move {
            let client = ApiClient::connect(config).await?;
            client
                .run(Command::new("/log/print"))
                .await
                .map(|o| o.rows.len())
        }));
    }
    for run in runs {
        match run.await.expect("join") {
            Ok(rows) => println!("finished with {rows} rows"),
            Err(e) => println!("{e}"),
        }
    }
    sampler.abort();
    println!(
        "routers={routers} budget={} peak_rss={} MiB peak_charged={} MiB",
        if shared {
            format!("{mib} MiB shared")
        } else {
            "none (fixed caps)".into()
        },
        peak_rss_kib() / 1024,
        peak_charged.load(Ordering::Relaxed) / (1024 * 1024),
    );
}
