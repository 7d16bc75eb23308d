//! What the contract found: one [`Violation`] per broken invariant, each
//! under the named [`Check`] that caught it, and the report that lists
//! them all at once.

use std::fmt;

/// The named checks of the contract. The module docs of
/// [`crate::testkit`] say what each one requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Check {
    /// Connecting with the right spec succeeds.
    Connect,
    /// The router's name is the spec's name and its vendor the spec's vendor.
    Identity,
    /// `capabilities()` lists each operation once, and what the contract
    /// was told to expect is among them.
    Capabilities,
    /// A getter fails with `Unsupported` exactly when `capabilities()`
    /// lacks it.
    Unsupported,
    /// Records satisfy the model's invariants.
    Records,
    /// A getter named by `expect_records` returns at least one record.
    ExpectRecords,
    /// Raw passthrough works.
    Raw,
    /// Getters that succeed one by one also succeed when called at once.
    Concurrency,
    /// Every error names the router and an operation.
    ErrorNaming,
    /// No error shows the password.
    Secrets,
    /// A wrong password is an `Auth` error.
    WrongPassword,
    /// A router that accepts but never answers fails with `Timeout` (or
    /// `Io`) within its timeout.
    Unreachable,
    /// A refused port fails with `Io`, quickly.
    Refused,
    /// No operation outlives its bound.
    Hang,
}

impl Check {
    /// Every check, in report order.
    pub const ALL: &'static [Check] = &[
        Check::Connect,
        Check::Identity,
        Check::Capabilities,
        Check::Unsupported,
        Check::Records,
        Check::ExpectRecords,
        Check::Raw,
        Check::Concurrency,
        Check::ErrorNaming,
        Check::Secrets,
        Check::WrongPassword,
        Check::Unreachable,
        Check::Refused,
        Check::Hang,
    ];

    /// The check's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Check::Connect => "connect",
            Check::Identity => "identity",
            Check::Capabilities => "capabilities",
            Check::Unsupported => "unsupported",
            Check::Records => "records",
            Check::ExpectRecords => "expect_records",
            Check::Raw => "raw",
            Check::Concurrency => "concurrency",
            Check::ErrorNaming => "error_naming",
            Check::Secrets => "secrets",
            Check::WrongPassword => "wrong_password",
            Check::Unreachable => "unreachable",
            Check::Refused => "refused",
            Check::Hang => "hang",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One broken invariant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The check that caught it.
    pub check: Check,
    /// Where: an operation, or a record field such as
    /// `interfaces[2].mac_address`.
    pub subject: String,
    /// What was wrong, with the offending value.
    pub detail: String,
}

impl Violation {
    /// A violation of `check` at `subject`.
    pub fn new(check: Check, subject: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            check,
            subject: subject.into(),
            detail: detail.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}: {}", self.check, self.subject, self.detail)
    }
}

/// The one report `Contract::run` panics with: a heading naming the
/// router, then one line per violation, grouped by check.
pub fn render(router: &str, violations: &[Violation]) -> String {
    let mut sorted: Vec<&Violation> = violations.iter().collect();
    sorted.sort_by_key(|v| v.check);
    let mut out = format!(
        "driver contract violated by {router}: {} violation(s)\n",
        violations.len()
    );
    for v in sorted {
        out.push_str("  ");
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lists_every_violation_grouped_by_check() {
        let vs = [
            Violation::new(Check::Records, "interfaces[0].name", "empty"),
            Violation::new(Check::Connect, "connect", "refused"),
        ];
        assert_eq!(
            render("lab", &vs),
            "driver contract violated by lab: 2 violation(s)\n  \
             [connect] connect: refused\n  \
             [records] interfaces[0].name: empty\n"
        );
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = Check::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Check::ALL.len());
    }
}
