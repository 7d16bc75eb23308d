//! `backup [TARGETS]`: a configuration snapshot of each target into the
//! state database, through the runner (progress bar; one failing router
//! does not stop the others).
//!
//! Each snapshot is normalised (see [`crate::state::normalize`]) and
//! stored content-addressed; the result per router says which version
//! holds it and whether that version is new.

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use routerctl_core::{Capability, ErrorContext};
use serde_json::json;

use crate::cli::BackupArgs;
use crate::fleet::Fleet;
use crate::output::Payload;
use crate::state::{self, NewSnapshot, SqliteStore, Store};

pub async fn run(fleet: &Fleet, args: BackupArgs) -> anyhow::Result<u8> {
    let path = state::location(args.state.path.as_deref())?;
    let store: Arc<Mutex<Box<dyn Store>>> =
        Arc::new(Mutex::new(Box::new(SqliteStore::open(&path)?)));
    // A snapshot is a read: `--retries`, `--dry-run` and the deadline apply.
    fleet
        .run_with_fields(
            &args.targets.targets,
            Capability::ConfigGet.operation(),
            &[],
            move |router| {
                let store = store.clone();
                Box::pin(async move {
                    let config = router.config_get().await?;
                    let (format, content) = state::normalize(&config);
                    let taken_at = SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
                    let snapshot = NewSnapshot {
                        router: router.name(),
                        vendor: router.vendor(),
                        format,
                        content: &content,
                        taken_at,
                    };
                    let ctx = ErrorContext::new(router.name(), "backup");
                    // SQLite is local and quick: a short blocking section.
                    let recorded = match store.lock() {
                        Ok(mut store) => store.record(&snapshot),
                        Err(_) => Err(anyhow::anyhow!("the state store is unusable")),
                    }
                    .map_err(|e| ctx.config(format!("cannot store the snapshot: {e:#}")))?;
                    Ok(Payload::Raw(json!({
                        "version": recorded.version,
                        "new": recorded.changed,
                        "format": format.as_str(),
                        "size": recorded.size,
                        "sha256": recorded.sha256,
                    })))
                })
            },
        )
        .await
}
