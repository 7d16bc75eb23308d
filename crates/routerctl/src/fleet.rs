//! A fleet command from target selection to rendered output. Every command
//! that talks to inventory routers (the getters, `call`, `watch`, `demo`)
//! goes through here, so they all behave the same way.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use routerctl_core::{Error, ErrorContext, Router, TlsPolicy};

use crate::connect::DriverConnector;
use crate::inventory::{Inventory, PasswordSource, RouterEntry};
use crate::output::{self, Format, Layout, Payload};
use crate::runner::{Connector, Runner};
use crate::secrets::Secrets;
use crate::targets;
use crate::usage::UsageError;

/// Run-wide settings from the command line.
#[derive(Debug, Clone)]
pub struct FleetOptions {
    pub concurrency: usize,
    pub ask_password: bool,
    /// `--insecure`: skip TLS verification for every router this run.
    pub insecure: bool,
    /// `--timeout`: overrides the inventory's per-router timeouts.
    pub timeout: Option<Duration>,
    pub format: Format,
    /// `--columns`: table/CSV columns to show, in order.
    pub columns: Option<Vec<String>>,
    /// Colour on stdout / stderr (see [`crate::color`]).
    pub color: bool,
    pub err_color: bool,
    /// `config --show-secrets`: do not mask secrets in configurations.
    pub show_secrets: bool,
}

/// An inventory plus everything needed to run commands against it.
pub struct Fleet {
    pub inventory: Inventory,
    pub options: FleetOptions,
    secrets: Arc<Secrets>,
    connector: Arc<dyn Connector>,
    runner: Runner,
}

impl Fleet {
    /// A fleet that reaches routers through the driver registry.
    pub fn new(inventory: Inventory, options: FleetOptions) -> Self {
        let secrets = Arc::new(Secrets::new(options.ask_password));
        let connector: Arc<dyn Connector> = Arc::new(DriverConnector::new(secrets.clone()));
        Self::with_parts(inventory, options, secrets, connector)
    }

    /// A fleet with a given connector (tests use fakes).
    pub fn with_parts(
        inventory: Inventory,
        options: FleetOptions,
        secrets: Arc<Secrets>,
        connector: Arc<dyn Connector>,
    ) -> Self {
        let runner = Runner::new(connector.clone(), options.concurrency, true);
        Self {
            inventory,
            options,
            secrets,
            connector,
            runner,
        }
    }

    /// The routers `targets` name, with run-wide overrides applied. Prints
    /// the warnings that apply to them and asks for missing passwords when
    /// `--ask-password` was given.
    pub fn select(&self, targets: &[String]) -> Result<Vec<RouterEntry>, UsageError> {
        let chosen =
            targets::select(&self.inventory, targets).map_err(|e| UsageError(e.to_string()))?;
        let mut routers: Vec<RouterEntry> = chosen.into_iter().cloned().collect();
        for r in &mut routers {
            if let Some(t) = self.options.timeout {
                r.timeout = t;
            }
            if self.options.insecure {
                r.tls = TlsPolicy::Insecure;
            }
        }
        let _ = self.warn(&routers, &mut io::stderr().lock());
        self.secrets
            .prompt_missing(&routers)
            .map_err(|e| UsageError(e.to_string()))?;
        Ok(routers)
    }

    /// Warnings about risky settings of the routers about to be used.
    fn warn(&self, routers: &[RouterEntry], err: &mut dyn Write) -> io::Result<()> {
        let inline: Vec<&str> = routers
            .iter()
            .filter(|r| matches!(&r.password, PasswordSource::Inline(s) if !s.expose().is_empty()))
            .map(|r| r.name.as_str())
            .collect();
        if !inline.is_empty() {
            writeln!(
                err,
                "warning: {}: plaintext `password` for {}; inventories should use password_env or password_file",
                self.inventory.path.display(),
                inline.join(", ")
            )?;
        }
        let insecure: Vec<&str> = routers
            .iter()
            .filter(|r| r.uses_tls && r.tls.is_insecure())
            .map(|r| r.name.as_str())
            .collect();
        if !insecure.is_empty() {
            writeln!(
                err,
                "warning: TLS certificates are NOT verified for {} (insecure); pin tls_fingerprint instead",
                insecure.join(", ")
            )?;
        }
        Ok(())
    }

    /// Select `targets`, run `op` on each and render the outcomes in the
    /// chosen format. Returns the exit status (0 all ok, 1 some failed).
    /// The records' columns come from the data (vendor replies).
    pub async fn run<F>(
        &self,
        targets: &[String],
        operation: &'static str,
        op: F,
    ) -> anyhow::Result<u8>
    where
        F: Fn(Arc<dyn Router>) -> BoxFuture<'static, Result<Payload, Error>>
            + Send
            + Sync
            + 'static,
    {
        self.run_with_fields(targets, operation, &[], op).await
    }

    /// [`Fleet::run`] for records of the neutral model with these `fields`
    /// (the fixed CSV header; `--columns` is checked against them before
    /// anything is sent).
    pub async fn run_with_fields<F>(
        &self,
        targets: &[String],
        operation: &'static str,
        fields: &'static [&'static str],
        op: F,
    ) -> anyhow::Result<u8>
    where
        F: Fn(Arc<dyn Router>) -> BoxFuture<'static, Result<Payload, Error>>
            + Send
            + Sync
            + 'static,
    {
        let layout = self.layout(fields)?;
        let routers = self.select(targets)?;
        let format = self.options.format;
        let stdout = io::stdout();
        let mut stream_error: Option<io::Error> = None;
        let outcomes = self
            .runner
            .run(&routers, operation, op, |o| {
                if stream_error.is_none() {
                    stream_error = output::on_finish(format, o, &mut stdout.lock()).err();
                }
            })
            .await;
        if let Some(e) = stream_error {
            return Err(e.into());
        }
        output::finish(
            format,
            &outcomes,
            &layout,
            &mut stdout.lock(),
            &mut io::stderr().lock(),
        )?;
        Ok(output::exit_code(&outcomes))
    }

    /// The table/CSV layout for records with `fields` (empty: vendor
    /// replies); an unknown `--columns` name is a usage error.
    pub fn layout(&self, fields: &'static [&'static str]) -> Result<Layout, UsageError> {
        let columns = self
            .options
            .columns
            .as_ref()
            .map(|c| {
                c.iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty() && s != "router")
                    .collect::<Vec<_>>()
            })
            .filter(|c| !c.is_empty());
        if let Some(columns) = &columns {
            if !fields.is_empty() {
                if let Some(unknown) = columns.iter().find(|c| !fields.contains(&c.as_str())) {
                    return Err(UsageError(format!(
                        "--columns: no column {unknown:?} here; the columns are: {}",
                        fields.join(", ")
                    )));
                }
            }
        }
        Ok(Layout {
            fields,
            columns,
            color: self.options.color,
            err_color: self.options.err_color,
        })
    }

    /// Open one session, bounded by the router's timeout (for `watch`).
    pub async fn connect(&self, router: &RouterEntry) -> Result<Box<dyn Router>, Error> {
        match tokio::time::timeout(router.timeout, self.connector.connect(router)).await {
            Ok(result) => result.map_err(|e| e.with_router(&router.name)),
            Err(_) => {
                Err(ErrorContext::new(router.name.clone(), "connect").timeout(router.timeout))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use routerctl_core::Secret;

    use super::*;
    use crate::inventory::tests_support::entry;

    fn fleet(insecure: bool) -> Fleet {
        let mut plain_pw = entry("plain-pw");
        plain_pw.password = PasswordSource::Inline(Secret::new("hunter2"));
        let mut open_tls = entry("open-tls");
        open_tls.protocol = "api-ssl";
        open_tls.uses_tls = true;
        open_tls.tls = TlsPolicy::Insecure;
        let mut pinned = entry("pinned");
        pinned.protocol = "api-ssl";
        pinned.uses_tls = true;
        let mut plain_api = entry("plain-api");
        plain_api.tls = TlsPolicy::Insecure; // irrelevant: no TLS on `api`
        let inventory = Inventory {
            path: PathBuf::from("lab.toml"),
            routers: vec![plain_pw, open_tls, pinned, plain_api],
        };
        let options = FleetOptions {
            concurrency: 4,
            ask_password: false,
            insecure,
            timeout: Some(Duration::from_secs(3)),
            format: Format::Json,
            columns: None,
            color: false,
            err_color: false,
            show_secrets: false,
        };
        Fleet::new(inventory, options)
    }

    fn warnings(fleet: &Fleet, routers: &[RouterEntry]) -> String {
        let mut err = Vec::new();
        fleet.warn(routers, &mut err).unwrap();
        String::from_utf8(err).unwrap()
    }

    #[test]
    fn warns_about_plaintext_passwords_and_unverified_tls_only_where_it_applies() {
        let fleet = fleet(false);
        let all = fleet.select(&[]).unwrap();
        assert_eq!(
            warnings(&fleet, &all),
            "warning: lab.toml: plaintext `password` for plain-pw; inventories should use \
             password_env or password_file\n\
             warning: TLS certificates are NOT verified for open-tls (insecure); pin \
             tls_fingerprint instead\n"
        );
        assert!(!warnings(&fleet, &all).contains("hunter2"));
        let only_pinned = fleet.select(&["pinned".to_string()]).unwrap();
        assert_eq!(warnings(&fleet, &only_pinned), "");
    }

    #[test]
    fn run_wide_overrides_apply_to_selected_routers() {
        let fleet = fleet(true);
        let routers = fleet.select(&["pinned".to_string()]).unwrap();
        assert_eq!(routers[0].tls, TlsPolicy::Insecure);
        assert_eq!(routers[0].timeout, Duration::from_secs(3));
        assert!(warnings(&fleet, &routers).contains("NOT verified for pinned"));
        let err = fleet.select(&["nope".to_string()]).unwrap_err();
        assert!(err.0.starts_with("unknown router or group"), "{err}");
    }
}
