//! How fast the simulator itself serves (issue 14), as JSON lines:
//!
//! - `raw`: one API connection with 64 commands in flight, driven by a
//!   lean pipelining peer (pre-encoded tagged commands, replies only
//!   framed and counted), so the figure is the simulator's connection
//!   task, not a client's;
//! - `client`: the same through [`ApiClient`] (64 and 1 in flight), both
//!   ends in this process;
//! - `rest`: a GET of a 1000-record menu (`/ip/firewall/address-list`),
//!   handled in-process through the axum router (`oneshot`, no socket:
//!   the server's own cost), and over loopback HTTP/1.1 keep-alive with a
//!   minimal peer that reads the body and does not parse it.
//!
//! Run: `cargo bench -p routerctl-mikrotik --bench simspeed [-- PART...]`
//! (parts `raw`, `client`, `rest`; all by default). `SIMSPEED_SCALE`
//! multiplies the work (default 1).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::{Buf, BytesMut};
use futures_util::stream::{self, StreamExt};
use routerctl_core::Credentials;
use routerctl_mikrotik::api::proto::{Command, Decoder, Limits, encode_sentence};
use routerctl_mikrotik::api::{ApiClient, ClientConfig, Timeouts};
use routerctl_mikrotik::record::Attributes;
use routerctl_mikrotik::rest::{RestClient, RestConfig};
use routerctl_mikrotik::sim::{ApiServer, Device, RestServer, RestSettings, SimConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

const COMMAND: &str = "/system/identity/print";
const IN_FLIGHT: usize = 64;
const RECORDS: usize = 1000;
const MENU: &str = "/ip/firewall/address-list";

fn scale() -> usize {
    std::env::var("SIMSPEED_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// CPU time this process has used (every thread, user and system), from
/// `/proc/self/stat` in clock ticks (100 per second on Linux): less
/// sensitive than wall time to the other work on a shared machine.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let after = stat.rsplit_once(')').map(|(_, a)| a).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    (ticks(11) + ticks(12)) / 100.0
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

async fn api_server() -> ApiServer {
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("addr");
    ApiServer::bind(Device::new(SimConfig::new("admin", "pw")), addr, None)
        .await
        .expect("simulator")
}

/// Read sentences until one starting with `!done`; error on `!trap`.
async fn raw_login(tcp: &mut TcpStream) {
    let mut out = BytesMut::new();
    encode_sentence(["/login", "=name=admin", "=password=pw"], &mut out);
    tcp.write_all(&out).await.expect("write login");
    let mut dec = Decoder::new(Limits::default());
    let mut buf = BytesMut::with_capacity(4096);
    loop {
        if let Some(s) = dec.decode(&mut buf).expect("frame") {
            let first = s.words().first().map(|w| w.to_vec()).unwrap_or_default();
            assert_eq!(first, b"!done", "login refused");
            return;
        }
        let n = tcp.read_buf(&mut buf).await.expect("read");
        assert!(n > 0, "closed during login");
    }
}

/// `total` commands with `in_flight` outstanding over one raw connection;
/// returns commands per second.
async fn raw_run(addr: SocketAddr, total: usize, in_flight: usize) -> f64 {
    let mut tcp = TcpStream::connect(addr).await.expect("connect");
    tcp.set_nodelay(true).expect("nodelay");
    raw_login(&mut tcp).await;
    let slots: Vec<BytesMut> = (0..in_flight)
        .map(|i| {
            let mut b = BytesMut::new();
            encode_sentence([COMMAND.to_string(), format!(".tag={i}")], &mut b);
            b
        })
        .collect();
    let mut wbuf = BytesMut::with_capacity(64 * 1024);
    let mut rbuf = BytesMut::with_capacity(256 * 1024);
    let started = Instant::now();
    let mut sent = 0usize;
    let mut done = 0usize;
    let first = in_flight.min(total);
    for slot in slots.iter().take(first) {
        wbuf.extend_from_slice(slot);
    }
    sent += first;
    tcp.write_all(&wbuf).await.expect("write");
    // Replies of an identity print: `!re =name=.. .tag=N`, `!done .tag=N`;
    // frame by hand and count the sentences that start with `!done`.
    let mut at_start = true;
    while done < total {
        if rbuf.capacity() - rbuf.len() < 64 * 1024 {
            rbuf.reserve(128 * 1024);
        }
        let n = tcp.read_buf(&mut rbuf).await.expect("read");
        assert!(n > 0, "server closed");
        let mut finished = 0usize;
        while let Some(&len) = rbuf.first() {
            let len = usize::from(len);
            assert!(len < 0x80, "short words only");
            if rbuf.len() < 1 + len {
                break;
            }
            if len == 0 {
                at_start = true;
            } else {
                if at_start && rbuf.get(1..1 + len) == Some(b"!done") {
                    finished += 1;
                }
                at_start = false;
            }
            rbuf.advance(1 + len);
        }
        done += finished;
        let more = finished.min(total - sent);
        if more > 0 {
            wbuf.clear();
            for i in 0..more {
                if let Some(slot) = slots.get((sent + i) % in_flight) {
                    wbuf.extend_from_slice(slot);
                }
            }
            sent += more;
            tcp.write_all(&wbuf).await.expect("write");
        }
    }
    total as f64 / started.elapsed().as_secs_f64()
}

async fn client_run(addr: SocketAddr, total: usize, in_flight: usize) -> f64 {
    let mut cfg = ClientConfig::new("127.0.0.1", Credentials::new("admin", "pw"));
    cfg.port = addr.port();
    cfg.timeouts = Timeouts::all(Duration::from_secs(60));
    let client = ApiClient::connect(cfg).await.expect("connect");
    let started = Instant::now();
    let mut results = stream::iter(0..total)
        .map(|_| client.run(Command::new(COMMAND)))
        .buffer_unordered(in_flight);
    while let Some(r) = results.next().await {
        r.expect("command");
    }
    let rate = total as f64 / started.elapsed().as_secs_f64();
    let _ = client.close().await;
    rate
}

fn part_raw(rt: &tokio::runtime::Runtime) {
    let total = 200_000 * scale();
    rt.block_on(async {
        let server = api_server().await;
        let addr = server.local_addr();
        raw_run(addr, 20_000, IN_FLIGHT).await; // warm up
        for run in 0..3 {
            let cpu = cpu_seconds();
            let rate = raw_run(addr, total, IN_FLIGHT).await;
            let cpu_us = (cpu_seconds() - cpu) * 1e6 / total as f64;
            println!(
                "{{\"part\":\"raw\",\"command\":\"{COMMAND}\",\"in_flight\":{IN_FLIGHT},\"run\":{run},\"commands\":{total},\"commands_per_second\":{rate:.0},\"cpu_us_per_command\":{cpu_us:.2},\"load\":\"{}\"}}",
                load()
            );
        }
    });
}

fn part_client(rt: &tokio::runtime::Runtime) {
    let total = 100_000 * scale();
    rt.block_on(async {
        let server = api_server().await;
        let addr = server.local_addr();
        client_run(addr, 10_000, IN_FLIGHT).await;
        for in_flight in [IN_FLIGHT, 1] {
            let n = if in_flight == 1 { total / 5 } else { total };
            for run in 0..2 {
                let cpu = cpu_seconds();
                let rate = client_run(addr, n, in_flight).await;
                let cpu_us = (cpu_seconds() - cpu) * 1e6 / n as f64;
                println!(
                    "{{\"part\":\"client\",\"command\":\"{COMMAND}\",\"in_flight\":{in_flight},\"run\":{run},\"commands\":{n},\"commands_per_second\":{rate:.0},\"cpu_us_per_command\":{cpu_us:.2},\"load\":\"{}\"}}",
                    load()
                );
            }
        }
    });
}

/// A device with `RECORDS` rows in the address list.
fn seeded_device() -> Device {
    let device = Device::new(SimConfig::new("admin", "pw"));
    let session = device.authenticate(b"admin", b"pw").expect("login");
    for i in 0..RECORDS {
        let mut args = Attributes::new();
        args.push("list", "bench");
        args.push(
            "address",
            format!("10.{}.{}.{}", i / 65536, (i / 256) % 256, i % 256),
        );
        args.push("comment", "bench row");
        let r = device.execute(&session, format!("{MENU}/add").as_bytes(), &args, &[]);
        assert!(
            routerctl_mikrotik::sim::replies::traps(&r).is_empty(),
            "add refused"
        );
    }
    device
}

const AUTH: &str = "Basic YWRtaW46cHc="; // admin:pw

fn stats(mut us: Vec<f64>) -> (f64, f64, f64) {
    us.sort_by(f64::total_cmp);
    let mean = us.iter().sum::<f64>() / us.len().max(1) as f64;
    let median = us.get(us.len() / 2).copied().unwrap_or(0.0);
    let min = us.first().copied().unwrap_or(0.0);
    (mean, median, min)
}

fn part_rest(rt: &tokio::runtime::Runtime) {
    let n = 300 * scale();
    rt.block_on(async {
        let device = seeded_device();
        let router = RestServer::app(device.clone(), RestSettings::default(), false);
        let request = || {
            axum::http::Request::get(format!("/rest{MENU}"))
                .header("authorization", AUTH)
                .body(axum::body::Body::empty())
                .expect("request")
        };
        let mut bytes = 0;
        for _ in 0..20 {
            let r = router.clone().oneshot(request()).await.expect("infallible");
            bytes = axum::body::to_bytes(r.into_body(), usize::MAX)
                .await
                .expect("body")
                .len();
        }
        let mut times = Vec::with_capacity(n);
        let cpu = cpu_seconds();
        for _ in 0..n {
            let t = Instant::now();
            let r = router.clone().oneshot(request()).await.expect("infallible");
            let body = axum::body::to_bytes(r.into_body(), usize::MAX)
                .await
                .expect("body");
            times.push(t.elapsed().as_secs_f64() * 1e6);
            assert_eq!(body.len(), bytes);
        }
        let cpu_us = (cpu_seconds() - cpu) * 1e6 / n as f64;
        let (mean, median, min) = stats(times);
        println!(
            "{{\"part\":\"rest_inprocess\",\"records\":{RECORDS},\"body_bytes\":{bytes},\"requests\":{n},\"mean_us\":{mean:.0},\"median_us\":{median:.0},\"min_us\":{min:.0},\"cpu_us_per_request\":{cpu_us:.0},\"load\":\"{}\"}}",
            load()
        );

        let server = RestServer::bind(device, "127.0.0.1:0".parse().expect("addr"), None)
            .await
            .expect("bind");
        // The routerctl REST client, which also reads the JSON into
        // records: what the criterion `rest` bench measures end to end.
        let mut config = RestConfig::http(
            "127.0.0.1",
            server.local_addr().port(),
            Credentials::new("admin", "pw"),
        );
        config.timeouts.request = Duration::from_secs(60);
        let client = RestClient::new(config).expect("client");
        let mut times = Vec::with_capacity(n);
        for i in 0..n / 3 + 5 {
            let t = Instant::now();
            let rows = client.list(MENU, &[], &[]).await.expect("GET");
            if i >= 5 {
                times.push(t.elapsed().as_secs_f64() * 1e6);
            }
            assert_eq!(rows.len(), RECORDS);
        }
        let (mean, median, min) = stats(times);
        println!(
            "{{\"part\":\"rest_client\",\"records\":{RECORDS},\"requests\":{},\"mean_us\":{mean:.0},\"median_us\":{median:.0},\"min_us\":{min:.0},\"load\":\"{}\"}}",
            n / 3,
            load()
        );
        let mut tcp = TcpStream::connect(server.local_addr())
            .await
            .expect("connect");
        tcp.set_nodelay(true).expect("nodelay");
        let req = format!(
            "GET /rest{MENU} HTTP/1.1\r\nHost: bench\r\nAuthorization: {AUTH}\r\n\r\n"
        );
        let mut buf = BytesMut::with_capacity(512 * 1024);
        let mut times = Vec::with_capacity(n);
        let mut cpu = cpu_seconds();
        for i in 0..n + 20 {
            if i == 20 {
                cpu = cpu_seconds();
            }
            let t = Instant::now();
            tcp.write_all(req.as_bytes()).await.expect("write");
            let len = http_reply(&mut tcp, &mut buf).await;
            if i >= 20 {
                times.push(t.elapsed().as_secs_f64() * 1e6);
            }
            assert_eq!(len, bytes);
        }
        let cpu_us = (cpu_seconds() - cpu) * 1e6 / n as f64;
        let (mean, median, min) = stats(times);
        println!(
            "{{\"part\":\"rest_loopback\",\"records\":{RECORDS},\"body_bytes\":{bytes},\"requests\":{n},\"mean_us\":{mean:.0},\"median_us\":{median:.0},\"min_us\":{min:.0},\"cpu_us_per_request\":{cpu_us:.0},\"load\":\"{}\"}}",
            load()
        );
    });
}

/// Read one HTTP/1.1 reply with a `content-length` body; its body length.
async fn http_reply(tcp: &mut TcpStream, buf: &mut BytesMut) -> usize {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(buf.get(..end).unwrap_or_default()).to_lowercase();
            assert!(head.starts_with("http/1.1 200"), "{head}");
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .expect("content-length");
            while buf.len() < end + 4 + len {
                buf.reserve(end + 4 + len - buf.len());
                let n = tcp.read_buf(buf).await.expect("read");
                assert!(n > 0, "closed");
            }
            buf.advance(end + 4 + len);
            return len;
        }
        let n = tcp.read_buf(buf).await.expect("read");
        assert!(n > 0, "closed");
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let parts: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let want = |p: &str| parts.is_empty() || parts.iter().any(|x| x == p);
    if want("raw") {
        part_raw(&rt);
    }
    if want("client") {
        part_client(&rt);
    }
    if want("rest") {
        part_rest(&rt);
    }
}
