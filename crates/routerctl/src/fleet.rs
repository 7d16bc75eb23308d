//! A fleet command from target selection to rendered output. Every command
//! that talks to inventory routers (the getters, `call`, `watch`, `demo`)
//! goes through here, so they all behave the same way.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use routerctl_core::{Error, ErrorContext, MemoryBudget, Router, TlsPolicy};

use crate::connect::DriverConnector;
use crate::inventory::{Inventory, PasswordSource, RouterEntry};
use crate::output::{self, Format, Layout, Payload};
use crate::run_args::RunArgs;
use crate::runner::{Connector, Outcome, Runner};
use crate::secrets::Secrets;
use crate::targets;
use crate::usage::UsageError;

/// Run-wide settings from the command line.
#[derive(Debug, Clone)]
pub struct FleetOptions {
    /// `--concurrency`; `None`: sized for the run (see [`concurrency_for`]).
    pub concurrency: Option<usize>,
    /// `--limit`, `--dry-run`, `--deadline`, `--retries`.
    pub run: RunArgs,
    /// `--max-memory`: the reply budget every router in flight shares.
    pub max_memory: usize,
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
}

impl Fleet {
    /// A fleet that reaches routers through the driver registry.
    pub fn new(inventory: Inventory, options: FleetOptions) -> Self {
        let secrets = Arc::new(Secrets::new(options.ask_password));
        // One budget for the whole run, a share per router in flight.
        // Without --concurrency the run is sized per command (at most
        // MAX_DEFAULT_CONCURRENCY at once); the share assumes the largest.
        let sharers = options
            .concurrency
            .unwrap_or_else(|| inventory.routers.len().clamp(1, MAX_DEFAULT_CONCURRENCY));
        let memory = MemoryBudget::new(options.max_memory, sharers);
        let connector: Arc<dyn Connector> = Arc::new(DriverConnector::new(secrets.clone(), memory));
        Self::with_parts(inventory, options, secrets, connector)
    }

    /// A fleet with a given connector (tests use fakes).
    pub fn with_parts(
        inventory: Inventory,
        options: FleetOptions,
        secrets: Arc<Secrets>,
        connector: Arc<dyn Connector>,
    ) -> Self {
        Self {
            inventory,
            options,
            secrets,
            connector,
        }
    }

    /// The routers `targets` name, with run-wide overrides applied. Prints
    /// the warnings that apply to them and asks for missing passwords when
    /// `--ask-password` was given.
    pub fn select(&self, targets: &[String]) -> Result<Vec<RouterEntry>, UsageError> {
        let chosen =
            targets::select(&self.inventory, targets).map_err(|e| UsageError(e.to_string()))?;
        let limit = self.options.run.limit.map_or(usize::MAX, |n| n as usize);
        let mut routers: Vec<RouterEntry> = chosen.into_iter().take(limit).cloned().collect();
        if self.options.run.dry_run {
            // Nothing will be used: no warnings, no password prompts.
            return Ok(routers);
        }
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

    /// Select `targets`, run the read `op` on each (with `--retries`) and
    /// render the outcomes: records of the neutral model with these
    /// `fields` (the fixed CSV header; `--columns` is checked against them
    /// before anything is sent). Returns the exit status (0 all ok, 1 some
    /// failed).
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
        self.layout(fields)?;
        let routers = self.select(targets)?;
        self.run_on(routers, operation, fields, true, op).await
    }

    /// Run `op` on `routers` (already selected) and render the outcomes;
    /// `read`: the operation changes nothing, so `--retries` applies.
    /// With `--dry-run`, only lists the routers.
    pub async fn run_on<F>(
        &self,
        routers: Vec<RouterEntry>,
        operation: &'static str,
        fields: &'static [&'static str],
        read: bool,
        op: F,
    ) -> anyhow::Result<u8>
    where
        F: Fn(Arc<dyn Router>) -> BoxFuture<'static, Result<Payload, Error>>
            + Send
            + Sync
            + 'static,
    {
        let layout = self.layout(fields)?;
        if self.options.run.dry_run {
            write_dry_run(&routers, &mut io::stdout().lock())?;
            return Ok(0);
        }
        let open_files = crate::fdlimit::raise();
        let concurrency = concurrency_for(routers.len(), self.options.concurrency, open_files)?;
        let runner = Runner::new(self.connector.clone(), concurrency, true)
            .deadline(self.options.run.deadline)
            .catch_ctrl_c(true);
        let retries = if read { self.options.run.retries } else { 0 };
        let format = self.options.format;
        let stdout = io::stdout();
        let mut stream_error: Option<io::Error> = None;
        let started = std::time::Instant::now();
        let on_done = |o: &Outcome<Payload>| {
            if stream_error.is_none() {
                stream_error = output::on_finish(format, o, &mut stdout.lock()).err();
            }
        };
        let outcomes = match retries {
            0 => runner.run(&routers, operation, op, on_done).await,
            n => runner.run_read(&routers, operation, n, op, on_done).await,
        };
        let wall = started.elapsed();
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
        if outcomes.len() > 1 {
            let listed = format == Format::Table;
            crate::summary::write(&outcomes, wall, !listed, &mut io::stderr().lock())?;
        }
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

    /// A runner for `targets` routers sized as `run_on` sizes its own
    /// (`--concurrency`, the open-file limit), with the progress bar, for
    /// commands that drive the runner themselves (`apply`).
    pub fn runner_for(&self, targets: usize) -> Result<Runner, UsageError> {
        let open_files = crate::fdlimit::raise();
        let concurrency = concurrency_for(targets, self.options.concurrency, open_files)?;
        Ok(Runner::new(self.connector.clone(), concurrency, true))
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

/// `--dry-run`: one line per selected router, tab separated: name,
/// vendor, protocol, host[:port], groups.
pub fn write_dry_run(routers: &[RouterEntry], out: &mut dyn Write) -> io::Result<()> {
    for r in routers {
        let at = match r.port {
            Some(p) => format!("{}:{p}", r.host),
            None => r.host.clone(),
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{at}\t{}",
            r.name,
            r.vendor,
            r.protocol,
            r.groups.join(",")
        )?;
    }
    writeln!(out, "# dry run: {} router(s); nothing sent", routers.len())
}

/// Upper bound of the default concurrency.
const MAX_DEFAULT_CONCURRENCY: usize = 256;

/// File descriptors kept free for everything else (stdio, the runtime,
/// password files, TLS roots).
const SPARE_FDS: u64 = 32;

/// How many routers to talk to at once: `asked` (`--concurrency`), else
/// one per router up to 256; never more than the open-file limit allows
/// (one socket per router in flight). `open_files` is that limit, when
/// known. Asking for more than the limit allows is an error that says
/// what to do.
pub fn concurrency_for(
    targets: usize,
    asked: Option<usize>,
    open_files: Option<u64>,
) -> Result<usize, UsageError> {
    let room = open_files.map(|n| n.saturating_sub(SPARE_FDS));
    let fits = |n: usize| room.is_none_or(|room| n as u64 <= room);
    match asked {
        Some(n) if !fits(n.min(targets)) => Err(UsageError(format!(
            "--concurrency {n}: the open-file limit is {} and could not be raised further, \
             which leaves room for {} routers at once; lower --concurrency or raise the \
             limit (`ulimit -n`)",
            open_files.unwrap_or_default(),
            room.unwrap_or_default()
        ))),
        Some(n) => Ok(n.max(1)),
        None => {
            let room = room.map_or(usize::MAX, |r| usize::try_from(r).unwrap_or(usize::MAX));
            if room == 0 {
                return Err(UsageError(format!(
                    "the open-file limit ({}) leaves no room to open connections; raise it \
                     (`ulimit -n`)",
                    open_files.unwrap_or_default()
                )));
            }
            Ok(targets.clamp(1, MAX_DEFAULT_CONCURRENCY).min(room))
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
            concurrency: Some(4),
            max_memory: routerctl_core::memory::DEFAULT_MAX_MEMORY,
            run: RunArgs::default(),
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
    fn limit_and_dry_run() {
        let mut fleet = fleet(false);
        fleet.options.run.limit = Some(2);
        let routers = fleet.select(&[]).unwrap();
        let names: Vec<_> = routers.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["plain-pw", "open-tls"]);
        let mut out = Vec::new();
        write_dry_run(&routers, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "plain-pw\tmikrotik\tapi\tplain-pw.example\t\n\
             open-tls\tmikrotik\tapi-ssl\topen-tls.example\t\n\
             # dry run: 2 router(s); nothing sent\n"
        );
    }

    #[test]
    fn concurrency_is_sized_for_the_fleet_and_the_fd_limit() {
        assert_eq!(concurrency_for(10, None, Some(1024)).unwrap(), 10);
        assert_eq!(concurrency_for(5000, None, None).unwrap(), 256);
        assert_eq!(concurrency_for(5000, None, Some(100)).unwrap(), 68);
        assert_eq!(concurrency_for(0, None, Some(1024)).unwrap(), 1);
        assert_eq!(concurrency_for(5000, Some(900), Some(4096)).unwrap(), 900);
        // Asking for more than there are targets is fine when they fit.
        assert_eq!(concurrency_for(3, Some(900), Some(100)).unwrap(), 900);
        let err = concurrency_for(5000, Some(900), Some(256)).unwrap_err();
        assert!(err.0.contains("open-file limit is 256"), "{err}");
        assert!(concurrency_for(10, None, Some(20)).is_err());
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
