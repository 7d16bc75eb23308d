//! What every error must say, and must not say.

use super::report::{Check, Violation};
use crate::Error;

/// The router and operation an error names, as its fields hold them.
/// [`Error::Config`] has no operation field: its message says
/// `configuration`, so that is its operation.
pub fn names(error: &Error) -> (&str, &str) {
    match error {
        Error::Unsupported {
            router, operation, ..
        }
        | Error::Auth {
            router, operation, ..
        }
        | Error::Timeout {
            router, operation, ..
        }
        | Error::Protocol {
            router, operation, ..
        }
        | Error::Io {
            router, operation, ..
        }
        | Error::Tls {
            router, operation, ..
        }
        | Error::Disconnected {
            router, operation, ..
        }
        | Error::Vendor {
            router, operation, ..
        } => (router, operation),
        Error::Config { router, .. } => (router, "configuration"),
    }
}

/// [`Check::ErrorNaming`]: the message starts with `router: ` (the
/// inventory name, not `host:port`) and names a non-empty operation.
/// `during` says what produced the error, for the report.
pub fn naming(error: &Error, router: &str, during: &str, out: &mut Vec<Violation>) {
    let shown = error.to_string();
    let (named, operation) = names(error);
    if named != router || !shown.starts_with(&format!("{router}: ")) {
        out.push(Violation::new(
            Check::ErrorNaming,
            during,
            format!("error names router {named:?}, not {router:?}: {shown}"),
        ));
    }
    if operation.trim().is_empty() || !shown.contains(operation) {
        out.push(Violation::new(
            Check::ErrorNaming,
            during,
            format!("error names no operation: {shown}"),
        ));
    }
}

/// [`Check::Secrets`]: neither the message nor the debug form shows
/// `password`.
pub fn secrets(error: &Error, password: &str, during: &str, out: &mut Vec<Violation>) {
    if password.is_empty() {
        return;
    }
    let shown = error.to_string();
    if shown.contains(password) || format!("{error:?}").contains(password) {
        out.push(Violation::new(
            Check::Secrets,
            during,
            format!(
                "error shows the password: {}",
                shown.replace(password, "***")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorContext;

    #[test]
    fn a_client_label_is_not_the_router_name() {
        let mut out = Vec::new();
        let e = ErrorContext::new("127.0.0.1:8728", "login").auth("bad");
        naming(&e, "lab", "facts", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].check, Check::ErrorNaming);
        naming(&e.with_router("lab"), "lab", "facts", &mut out);
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn an_empty_operation_is_reported() {
        let mut out = Vec::new();
        naming(
            &ErrorContext::new("lab", "").protocol("x"),
            "lab",
            "facts",
            &mut out,
        );
        assert_eq!(out.len(), 1);
        naming(
            &ErrorContext::new("lab", "").config("x"),
            "lab",
            "facts",
            &mut out,
        );
        assert_eq!(out.len(), 1, "config errors name the configuration");
    }

    #[test]
    fn a_shown_password_is_reported_masked() {
        let mut out = Vec::new();
        let e = ErrorContext::new("lab", "login").auth("password hunter22 refused");
        secrets(&e, "hunter22", "login", &mut out);
        assert_eq!(out.len(), 1);
        assert!(!out[0].detail.contains("hunter22"), "{}", out[0].detail);
    }
}
