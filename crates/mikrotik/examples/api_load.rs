//! Load generator for the RouterOS API: runs `N` commands over ONE
//! connection with `K` in flight and prints what it achieved as one JSON line.
//!
//! Used by `bench/api_vs_librouteros.sh` to compare routerctl's client with
//! peers against the same simulator process. Password from `ROS_PASSWORD`.
//!
//! ```text
//! ROS_PASSWORD=pw cargo run --release --example api_load -- 127.0.0.1:8728 20000 64 /ip/dhcp-server/lease/print
//! ```

use std::time::Instant;

use futures_util::stream::{self, StreamExt};
use routerctl_core::Credentials;
use routerctl_mikrotik::api::proto::Command;
use routerctl_mikrotik::api::{ApiClient, ClientConfig};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: api_load HOST:PORT COMMANDS IN_FLIGHT [COMMAND]";
    let addr = args.next().ok_or(usage)?;
    let total: usize = args.next().ok_or(usage)?.parse()?;
    let in_flight: usize = args.next().ok_or(usage)?.parse()?;
    let command = args
        .next()
        .unwrap_or_else(|| "/system/identity/print".into());
    let (host, port) = addr.rsplit_once(':').ok_or(usage)?;
    let password = std::env::var("ROS_PASSWORD").map_err(|_| "set ROS_PASSWORD")?;
    let user = std::env::var("ROS_USER").unwrap_or_else(|_| "admin".into());

    let mut config = ClientConfig::new(host, Credentials::new(user, password));
    config.port = port.parse()?;
    let client = ApiClient::connect(config).await?;

    let started = Instant::now();
    let mut rows = 0usize;
    let mut results = stream::iter(0..total)
        .map(|_| client.run(Command::new(&command)))
        .buffer_unordered(in_flight.max(1));
    while let Some(out) = results.next().await {
        rows += out?.rows.len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{{\"client\":\"routerctl\",\"commands\":{total},\"in_flight\":{in_flight},\"rows\":{rows},\"seconds\":{secs:.4},\"commands_per_second\":{:.1}}}",
        total as f64 / secs
    );
    client.close().await?;
    Ok(())
}
