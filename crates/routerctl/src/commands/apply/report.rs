//! How each router went, as the output shows it.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Value, json};

use crate::inventory::RouterEntry;
use crate::output::Format;
use crate::runner::Failure;

/// How one router went.
#[derive(Debug, Serialize)]
pub(super) struct RouterReport {
    pub status: &'static str,
    pub operations: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_version: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollback: Option<String>,
}

impl RouterReport {
    pub fn new(status: &'static str, operations: Vec<String>) -> Self {
        Self {
            status,
            operations,
            backup_version: None,
            error: None,
            rollback: None,
        }
    }
}

/// The reports as the audit log keeps them (JSON text).
pub(super) fn summary(reports: &[(RouterEntry, Result<RouterReport, Failure>)]) -> String {
    let items: Vec<Value> = reports
        .iter()
        .map(|(e, r)| match r {
            Ok(r) => json!({"router": e.name, "result": r}),
            Err(err) => json!({"router": e.name, "error": err.message}),
        })
        .collect();
    Value::Array(items).to_string()
}

pub(super) fn print_reports(
    format: Format,
    reports: &[(RouterEntry, Result<RouterReport, Failure>)],
) -> anyhow::Result<u8> {
    let failed = reports
        .iter()
        .any(|(_, r)| !matches!(r, Ok(r) if r.error.is_none()));
    let mut out = io::stdout().lock();
    if format == Format::Table {
        for (entry, r) in reports {
            match r {
                Ok(r) => {
                    writeln!(out, "{} ({}): {}", entry.name, entry.vendor, r.status)?;
                    for op in &r.operations {
                        writeln!(out, "  {op}")?;
                    }
                    if let Some(v) = r.backup_version {
                        writeln!(out, "  backup: version {v}")?;
                    }
                    if let Some(e) = &r.error {
                        writeln!(out, "  error: {e}")?;
                    }
                    if let Some(rb) = &r.rollback {
                        writeln!(out, "  rollback: {rb}")?;
                    }
                }
                Err(e) => writeln!(
                    out,
                    "{} ({}): error: {}",
                    entry.name, entry.vendor, e.message
                )?,
            }
        }
    } else {
        let items: Vec<Value> = reports
            .iter()
            .map(|(entry, r)| match r {
                Ok(r) => json!({"router": entry.name, "vendor": entry.vendor, "result": r}),
                Err(e) => json!({"router": entry.name, "vendor": entry.vendor,
                                 "error": {"kind": e.kind, "message": e.message}}),
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &items)?;
        writeln!(out)?;
    }
    Ok(u8::from(failed))
}
