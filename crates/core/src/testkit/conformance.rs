//! The checks against the working simulator: connect, identity,
//! capabilities, every getter's records and the `Unsupported` rule, the
//! getters at once, raw passthrough.

use std::time::Duration;

use super::getters::{GETTERS, call, call_together, check_records};
use super::report::{Check, Violation};
use super::settings::Settings;
use crate::{Capability, Error, Router};

/// The words of the raw call that must be `Unsupported` when `raw` is not
/// listed.
const RAW_PROBE: &str = "routerctl-contract-probe";

impl Settings {
    /// Connect as given, then identity, capabilities, getters (one by one,
    /// then at once) and raw.
    pub(super) async fn conforming(&self, out: &mut Vec<Violation>) {
        let limit = self.bound(self.spec.timeout);
        let connected = Self::bounded(
            limit,
            Check::Hang,
            "connect",
            (self.connect)(&self.spec),
            out,
        )
        .await;
        let router = match connected {
            None => return,
            Some(Ok(router)) => router,
            Some(Err(e)) => {
                self.saw_error(&e, "connect", out);
                out.push(Violation::new(
                    Check::Connect,
                    "connect",
                    format!("the simulator was refused: {e}"),
                ));
                return;
            }
        };
        self.identity(router.as_ref(), out);
        let capabilities = router.capabilities();
        self.capabilities(capabilities, out);
        let mut succeeded = Vec::new();
        for &capability in GETTERS {
            if self.getter(router.as_ref(), capability, limit, out).await {
                succeeded.push(capability);
            }
        }
        self.raw(router.as_ref(), limit, out).await;
        Self::bounded(limit, Check::Hang, "close", router.close(), out).await;
        self.together(&succeeded, limit, out).await;
    }

    fn identity(&self, router: &dyn Router, out: &mut Vec<Violation>) {
        if router.name() != self.spec.name {
            out.push(Violation::new(
                Check::Identity,
                "name",
                format!(
                    "router.name() is {:?}, the spec says {:?}",
                    router.name(),
                    self.spec.name
                ),
            ));
        }
        if router.vendor() != self.spec.vendor {
            out.push(Violation::new(
                Check::Identity,
                "vendor",
                format!(
                    "router.vendor() is {:?}, the spec says {:?}",
                    router.vendor(),
                    self.spec.vendor
                ),
            ));
        }
    }

    fn capabilities(&self, listed: &[Capability], out: &mut Vec<Violation>) {
        for (i, c) in listed.iter().enumerate() {
            if listed[..i].contains(c) {
                out.push(Violation::new(
                    Check::Capabilities,
                    c.operation(),
                    "listed more than once",
                ));
            }
        }
        for c in &self.expected {
            if !GETTERS.contains(c) {
                out.push(Violation::new(
                    Check::Capabilities,
                    c.operation(),
                    "expect_records names an operation that is not a getter",
                ));
            } else if !listed.contains(c) {
                out.push(Violation::new(
                    Check::Capabilities,
                    c.operation(),
                    "expect_records names a getter capabilities() does not list",
                ));
            }
        }
        if self.raw.is_some() && !listed.contains(&Capability::Raw) {
            out.push(Violation::new(
                Check::Capabilities,
                "raw",
                "raw_call was given but capabilities() does not list raw",
            ));
        }
    }

    async fn getter(
        &self,
        router: &dyn Router,
        capability: Capability,
        limit: Duration,
        out: &mut Vec<Violation>,
    ) -> bool {
        let operation = capability.operation();
        let listed = router.capabilities().contains(&capability);
        let Some(result) =
            Self::bounded(limit, Check::Hang, operation, call(router, capability), out).await
        else {
            return false;
        };
        let succeeded = result.is_ok();
        match result {
            Ok(values) => {
                if !listed {
                    out.push(Violation::new(
                        Check::Unsupported,
                        operation,
                        "succeeded, but capabilities() does not list it",
                    ));
                }
                if self.expected.contains(&capability) && values.is_empty() {
                    out.push(Violation::new(
                        Check::ExpectRecords,
                        operation,
                        "returned no records",
                    ));
                }
                check_records(capability, &values, router.vendor(), out);
            }
            Err(e) => {
                self.saw_error(&e, operation, out);
                self.unsupported_rule(router, capability, listed, &e, out);
                if self.expected.contains(&capability) {
                    out.push(Violation::new(
                        Check::ExpectRecords,
                        operation,
                        format!("failed: {e}"),
                    ));
                }
            }
        }
        succeeded
    }

    /// The getters that succeeded one by one succeed when called at once,
    /// on a fresh connection: lazy logins and session set-up race there.
    async fn together(&self, succeeded: &[Capability], limit: Duration, out: &mut Vec<Violation>) {
        if succeeded.len() < 2 {
            return;
        }
        let subject = "connect (again)";
        let router =
            match Self::bounded(limit, Check::Hang, subject, (self.connect)(&self.spec), out).await
            {
                None => return,
                Some(Ok(router)) => router,
                Some(Err(e)) => {
                    self.saw_error(&e, subject, out);
                    out.push(Violation::new(
                        Check::Connect,
                        subject,
                        format!("the simulator was refused the second time: {e}"),
                    ));
                    return;
                }
            };
        let together = call_together(router.as_ref(), succeeded);
        let Some(results) =
            Self::bounded(limit, Check::Hang, "getters at once", together, out).await
        else {
            return;
        };
        for (capability, result) in results {
            if let Err(e) = result {
                let subject = format!("{} (at once)", capability.operation());
                self.saw_error(&e, &subject, out);
                out.push(Violation::new(
                    Check::Concurrency,
                    subject,
                    format!("succeeded alone, failed beside the other getters: {e}"),
                ));
            }
        }
        Self::bounded(limit, Check::Hang, "close (again)", router.close(), out).await;
    }

    /// `Unsupported` exactly when not listed, naming the operation and vendor.
    fn unsupported_rule(
        &self,
        router: &dyn Router,
        capability: Capability,
        listed: bool,
        error: &Error,
        out: &mut Vec<Violation>,
    ) {
        let operation = capability.operation();
        match (error, listed) {
            (Error::Unsupported { .. }, true) => out.push(Violation::new(
                Check::Unsupported,
                operation,
                format!("capabilities() lists it, but it failed as unsupported: {error}"),
            )),
            (
                Error::Unsupported {
                    vendor,
                    operation: named,
                    ..
                },
                false,
            ) => {
                if named != operation || vendor != router.vendor() {
                    out.push(Violation::new(
                        Check::Unsupported,
                        operation,
                        format!(
                            "Unsupported should name operation {operation:?} and vendor {:?}: {error}",
                            router.vendor()
                        ),
                    ));
                }
            }
            (_, false) => out.push(Violation::new(
                Check::Unsupported,
                operation,
                format!(
                    "capabilities() does not list it, so it must fail as unsupported, not {}: {error}",
                    error.kind()
                ),
            )),
            (_, true) => {}
        }
    }

    async fn raw(&self, router: &dyn Router, limit: Duration, out: &mut Vec<Violation>) {
        let listed = router.capabilities().contains(&Capability::Raw);
        let (words, subject) = match (&self.raw, listed) {
            (Some(words), _) => (words.clone(), "raw"),
            (None, true) => {
                out.push(Violation::new(
                    Check::Raw,
                    "raw",
                    "capabilities() lists raw, but the contract was given no raw_call to prove it",
                ));
                return;
            }
            (None, false) => (vec![RAW_PROBE.to_string()], "raw (unlisted)"),
        };
        let Some(result) =
            Self::bounded(limit, Check::Hang, subject, router.raw(&words), out).await
        else {
            return;
        };
        match (result, self.raw.is_some()) {
            (Ok(_), true) => {}
            (Err(e), true) => {
                self.saw_error(&e, subject, out);
                out.push(Violation::new(
                    Check::Raw,
                    subject,
                    format!("{words:?} failed: {e}"),
                ));
            }
            (Ok(_), false) => out.push(Violation::new(
                Check::Unsupported,
                subject,
                "capabilities() does not list raw, but a raw call succeeded",
            )),
            (Err(e), false) => {
                self.saw_error(&e, subject, out);
                if !matches!(e, Error::Unsupported { .. }) {
                    out.push(Violation::new(
                        Check::Unsupported,
                        subject,
                        format!(
                            "capabilities() does not list raw, so it must fail as unsupported, not {}: {e}",
                            e.kind()
                        ),
                    ));
                }
            }
        }
    }
}
