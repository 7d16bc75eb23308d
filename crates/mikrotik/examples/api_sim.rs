//! A RouterOS API simulator in its own process for load comparisons
//! (`bench/api_vs_librouteros.sh`): user `admin` (or `ROS_USER`) with the
//! password in `ROS_PASSWORD`, prints `api ADDRESS` once listening and
//! serves until interrupted or terminated.
//!
//! ```text
//! ROS_PASSWORD=pw cargo run --profile bench -p routerctl-mikrotik --example api_sim -- 127.0.0.1:0
//! ```

use routerctl_mikrotik::sim::{ApiServer, Device, SimConfig};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:0".into());
    let password = std::env::var("ROS_PASSWORD").map_err(|_| "set ROS_PASSWORD")?;
    let user = std::env::var("ROS_USER").unwrap_or_else(|_| "admin".into());
    let device = Device::new(SimConfig::new(&user, &password));
    let server = ApiServer::bind(device, addr.parse()?, None).await?;
    println!("api {}", server.local_addr());
    tokio::signal::ctrl_c().await?;
    Ok(())
}
