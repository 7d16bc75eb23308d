//! The checks against broken conditions: a wrong password, a router
//! that accepts and never answers, a port that refuses.

use std::time::{Duration, Instant};

use super::getters::{GETTERS, call};
use super::probes;
use super::report::{Check, Violation};
use super::settings::{Settings, WRONG_PASSWORD};
use crate::{Error, Secret};

impl Settings {
    /// Same spec, wrong password: `Auth` at connect or at the first listed
    /// getter that fails.
    pub(super) async fn wrong_password(&self, out: &mut Vec<Violation>) {
        let mut spec = self.spec.clone();
        spec.credentials.password = Secret::new(WRONG_PASSWORD);
        let limit = self.bound(spec.timeout);
        let subject = "connect (wrong password)";
        let Some(connected) = Self::bounded(
            limit,
            Check::WrongPassword,
            subject,
            (self.connect)(&spec),
            out,
        )
        .await
        else {
            return;
        };
        let router = match connected {
            Ok(router) => router,
            Err(e) => {
                self.saw_error(&e, subject, out);
                if !matches!(e, Error::Auth { .. }) {
                    out.push(Violation::new(
                        Check::WrongPassword,
                        subject,
                        format!("failed with {}, not auth: {e}", e.kind()),
                    ));
                }
                return;
            }
        };
        for &capability in GETTERS {
            if !router.capabilities().contains(&capability) {
                continue;
            }
            let subject = format!("{} (wrong password)", capability.operation());
            let Some(result) = Self::bounded(
                limit,
                Check::WrongPassword,
                &subject,
                call(router.as_ref(), capability),
                out,
            )
            .await
            else {
                return;
            };
            if let Err(e) = result {
                self.saw_error(&e, &subject, out);
                if !matches!(e, Error::Auth { .. }) {
                    out.push(Violation::new(
                        Check::WrongPassword,
                        subject,
                        format!("failed with {}, not auth: {e}", e.kind()),
                    ));
                }
                return;
            }
        }
        out.push(Violation::new(
            Check::WrongPassword,
            "wrong password",
            "connect and every listed getter succeeded with a wrong password",
        ));
    }

    /// A peer that accepts and never answers: `Timeout` or `Io`, in time.
    pub(super) async fn unreachable(&self, out: &mut Vec<Violation>) {
        let peer = match probes::SilentPeer::bind().await {
            Ok(peer) => peer,
            Err(e) => {
                out.push(Violation::new(
                    Check::Unreachable,
                    "setup",
                    format!("cannot open a local listener to play the router: {e}"),
                ));
                return;
            }
        };
        let result = self
            .probe(Check::Unreachable, "unreachable", peer.port(), out)
            .await;
        drop(peer);
        if let Some((e, elapsed)) = result
            && !matches!(e, Error::Timeout { .. } | Error::Io { .. })
        {
            out.push(Violation::new(
                Check::Unreachable,
                "unreachable",
                format!(
                    "failed after {elapsed:?} with {}, not timeout or io: {e}",
                    e.kind()
                ),
            ));
        }
    }

    /// A port that refuses: `Io`, in time.
    pub(super) async fn refused(&self, out: &mut Vec<Violation>) {
        let port = match probes::refused_port().await {
            Ok(port) => port,
            Err(e) => {
                out.push(Violation::new(
                    Check::Refused,
                    "setup",
                    format!("cannot find a free local port: {e}"),
                ));
                return;
            }
        };
        let result = self.probe(Check::Refused, "refused", port, out).await;
        if let Some((e, elapsed)) = result
            && !matches!(e, Error::Io { .. })
        {
            out.push(Violation::new(
                Check::Refused,
                "refused",
                format!("failed after {elapsed:?} with {}, not io: {e}", e.kind()),
            ));
        }
    }

    /// Connect to 127.0.0.1:`port` with the probe timeout and call the first
    /// listed getter; the error and how long it took, or `None` after
    /// reporting (success, overrun).
    async fn probe(
        &self,
        check: Check,
        subject: &str,
        port: u16,
        out: &mut Vec<Violation>,
    ) -> Option<(Error, Duration)> {
        let mut spec = self.spec.clone();
        spec.host = "127.0.0.1".to_string();
        spec.port = Some(port);
        spec.timeout = self.probe_timeout;
        let started = Instant::now();
        let attempt = async {
            let router = (self.connect)(&spec).await?;
            let first = GETTERS
                .iter()
                .copied()
                .find(|c| router.capabilities().contains(c));
            match first {
                Some(capability) => call(router.as_ref(), capability).await.map(|_| ()),
                None => Ok(()),
            }
        };
        let result =
            Self::bounded(self.bound(self.probe_timeout), check, subject, attempt, out).await?;
        let elapsed = started.elapsed();
        match result {
            Ok(()) => {
                out.push(Violation::new(
                    check,
                    subject,
                    "connect and the first getter succeeded against a router that is not there",
                ));
                None
            }
            Err(e) => {
                self.saw_error(&e, subject, out);
                Some((e, elapsed))
            }
        }
    }
}
