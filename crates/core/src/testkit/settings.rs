//! What one contract run knows (the driver's connect function, the
//! simulator's spec, what it is expected to serve, the bounds) and the
//! helpers every check uses: bounded calls and the checks every error gets.

use std::future::Future;
use std::time::{Duration, Instant};

use super::errors;
use super::report::{Check, Violation};
use crate::{Capability, ConnectFn, ConnectSpec, Error};

/// The password the wrong-password check logs in with; no error may show it.
pub const WRONG_PASSWORD: &str = "routerctl-contract-wrong-password";

/// One contract run's inputs.
pub struct Settings {
    /// The driver under test.
    pub connect: ConnectFn,
    /// A reachable simulator with the right password.
    pub spec: ConnectSpec,
    /// The raw call that must succeed, when given.
    pub raw: Option<Vec<String>>,
    /// Getters that must return at least one record.
    pub expected: Vec<Capability>,
    /// The timeout the unreachable and refused checks give the driver.
    pub probe_timeout: Duration,
    /// Added to 3 × a timeout to bound how long any call may take.
    pub slack: Duration,
}

impl Settings {
    /// How long anything may take under `timeout`.
    pub(super) fn bound(&self, timeout: Duration) -> Duration {
        timeout.saturating_mul(3).saturating_add(self.slack)
    }

    /// Run `fut` under `limit`; report `check` at `subject` when it runs over.
    pub(super) async fn bounded<T>(
        limit: Duration,
        check: Check,
        subject: &str,
        fut: impl Future<Output = T>,
        out: &mut Vec<Violation>,
    ) -> Option<T> {
        let started = Instant::now();
        match tokio::time::timeout(limit, fut).await {
            Ok(v) => Some(v),
            Err(_) => {
                out.push(Violation::new(
                    check,
                    subject,
                    format!(
                        "still running after {:?} (bound {limit:?})",
                        started.elapsed()
                    ),
                ));
                None
            }
        }
    }

    /// Report the error's naming and secrets problems.
    pub(super) fn saw_error(&self, error: &Error, during: &str, out: &mut Vec<Violation>) {
        errors::naming(error, &self.spec.name, during, out);
        errors::secrets(error, WRONG_PASSWORD, during, out);
    }
}
