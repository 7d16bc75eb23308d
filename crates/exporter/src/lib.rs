#![warn(missing_docs)]
//! routerctl-exporter: a Prometheus exporter for a routerctl fleet.
//!
//! [`collect::Collector`] keeps one session per router ([`pool`]) and
//! reads every router on each scrape with bounded concurrency and a
//! per-router time limit; [`server`] serves the result as OpenMetrics
//! text on `/metrics`, one router on `/probe?target=NAME`, and a status
//! page on `/`. RouterOS routers are read the way mktxp 2.1.0 reads them
//! ([`routeros`]), the other families through the neutral model
//! ([`neutral`]), under the same metric names ([`families`]).
//!
//! The crate knows no vendor crate: the binary hands it a
//! [`target::Connect`] over its driver registry.
//!
//! ```
//! use routerctl_exporter::metrics::{encode, RouterSamples, Sample, Value};
//! use routerctl_exporter::families::UP;
//! let text = encode(vec![RouterSamples {
//!     common: vec![("router", "edge-1".into()), ("vendor", "mikrotik".into())],
//!     samples: vec![Sample::new(&UP, vec![], Value::Unsigned(1))],
//! }]);
//! assert!(text.contains("routerctl_up{router=\"edge-1\",vendor=\"mikrotik\"} 1"));
//! ```

pub mod backoff;
pub mod collect;
pub mod families;
pub mod metrics;
pub mod neutral;
pub mod pool;
pub mod routeros;
pub mod server;
pub mod target;

pub use collect::{Collector, Settings};
pub use target::{Connect, Target};
