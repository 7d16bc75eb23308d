//! `watch ROUTER WORDS...`: a streaming vendor command, printed row by row
//! as it arrives, until Ctrl-C/SIGTERM, `--count` rows, or the router ends
//! the stream.
//!
//! Rows are router data: table rows and error lines have their control
//! characters escaped, CSV cells are made spreadsheet-safe (see
//! [`crate::output::untrusted`]).
//!
//! Stopping drops the stream first (the driver then cancels the command on
//! the router, RouterOS `/cancel`), then closes the session, and exits 0.

use std::io::{self, Write};

use futures_util::StreamExt;
use routerctl_core::ErrorContext;
use routerctl_kit::sim::Shutdown;
use serde_json::{Map, Value};

use crate::cli::WatchArgs;
use crate::fleet::Fleet;
use crate::output::untrusted::terminal_line;
use crate::output::{Format, cell, record, write_csv_record, write_failure, write_line};
use crate::runner::{Failure, Outcome};
use crate::usage::UsageError;

pub async fn run(fleet: &Fleet, args: WatchArgs) -> anyhow::Result<u8> {
    let routers = fleet.select(std::slice::from_ref(&args.target))?;
    let [target] = routers.as_slice() else {
        let names: Vec<&str> = routers.iter().map(|r| r.name.as_str()).collect();
        return Err(UsageError(format!(
            "watch needs exactly one router; {:?} selects {}: {}",
            args.target,
            routers.len(),
            names.join(", ")
        ))
        .into());
    };
    if let Some(why) = crate::registry::streaming_refusal(target.vendor, target.protocol) {
        return Err(UsageError(format!(
            "cannot watch {} ({} over {}): {why}; nothing was sent",
            target.name, target.vendor, target.protocol
        ))
        .into());
    }
    if fleet.options.run.dry_run {
        crate::fleet::write_dry_run(&routers, &mut io::stdout().lock())?;
        return Ok(0);
    }
    let mut stop = Shutdown::install()?;
    let stdout = io::stdout();
    let mut printer = RowPrinter::new(fleet.options.format, &target.name, target.vendor);
    printer.err_color = fleet.options.err_color;
    printer.columns_fixed = fleet.layout(&[])?.columns;
    let fail = |printer: &mut RowPrinter, e: routerctl_core::Error| -> anyhow::Result<u8> {
        printer.error(
            Failure::from(e),
            &mut stdout.lock(),
            &mut io::stderr().lock(),
        )?;
        Ok(1)
    };

    let router = match fleet.connect(target).await {
        Ok(r) => r,
        Err(e) => return fail(&mut printer, e),
    };
    let started = tokio::time::timeout(target.timeout, router.stream(&args.words)).await;
    let mut stream = match started {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => return fail(&mut printer, e.with_router(&target.name)),
        Err(_) => {
            return fail(
                &mut printer,
                ErrorContext::new(target.name.clone(), "stream").timeout(target.timeout),
            );
        }
    };

    let mut rows = 0u64;
    let mut code = 0;
    let limit = args.count.unwrap_or(u64::MAX);
    while rows < limit {
        tokio::select! {
            _ = stop.wait() => {
                tracing::info!("interrupted; cancelling the stream");
                break;
            }
            item = stream.next() => match item {
                None => break,
                Some(Ok(row)) => {
                    rows += 1;
                    printer.row(row, &mut stdout.lock())?;
                }
                Some(Err(e)) => {
                    printer.error(Failure::from(e.with_router(&target.name)), &mut stdout.lock(), &mut io::stderr().lock())?;
                    code = 1;
                    break;
                }
            }
        }
    }
    // Dropping the stream cancels the command on the router; then say goodbye.
    drop(stream);
    if tokio::time::timeout(target.timeout, router.close())
        .await
        .is_err()
    {
        tracing::debug!("close did not finish in time");
    }
    Ok(code)
}

/// Prints rows of an open-ended stream in the chosen format.
struct RowPrinter {
    format: Format,
    router: String,
    /// `router` as the table shows it (control characters escaped).
    shown_router: String,
    vendor: String,
    columns: Vec<String>,
    widths: Vec<usize>,
    csv_header_done: bool,
    /// `--columns`: only these, in this order.
    columns_fixed: Option<Vec<String>>,
    /// Colour `error:` on stderr.
    err_color: bool,
}

impl RowPrinter {
    fn new(format: Format, router: &str, vendor: &str) -> Self {
        Self {
            format,
            router: router.to_string(),
            shown_router: terminal_line(router).into_owned(),
            vendor: vendor.to_string(),
            columns: Vec::new(),
            widths: Vec::new(),
            csv_header_done: false,
            columns_fixed: None,
            err_color: false,
        }
    }

    fn row(&mut self, row: Value, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            // An endless stream cannot be one JSON array: json means lines
            // here (JSON Lines), as `watch --help` says.
            Format::Json | Format::Jsonl => write_line(
                &Outcome {
                    router: self.router.clone(),
                    vendor: self.vendor.clone(),
                    result: Ok(row),
                },
                out,
            ),
            Format::Table => self.table_row(&record(row), out),
            Format::Csv => self.csv_row(&record(row), out),
        }
    }

    fn error(
        &mut self,
        failure: Failure,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<()> {
        match self.format {
            Format::Json | Format::Jsonl => write_line(
                &Outcome::<Value> {
                    router: self.router.clone(),
                    vendor: self.vendor.clone(),
                    result: Err(failure),
                },
                out,
            ),
            Format::Table | Format::Csv => write_failure(&failure, err, self.err_color),
        }
    }

    /// Columns come from the first row; a row with new keys adds columns
    /// and repeats the header. Widths only grow, so columns stay aligned
    /// as long as values fit.
    fn table_row(&mut self, row: &Map<String, Value>, out: &mut dyn Write) -> io::Result<()> {
        let added = self.learn_columns(row);
        let cells: Vec<String> = self
            .columns
            .iter()
            .map(|c| terminal_line(&row.get(c).map(cell).unwrap_or_default()).into_owned())
            .collect();
        for (w, c) in self.widths.iter_mut().zip(&cells) {
            *w = (*w).max(c.chars().count());
        }
        if added {
            let header: Vec<String> = std::iter::once("router".to_string())
                .chain(self.columns.iter().map(|c| terminal_line(c).into_owned()))
                .collect();
            self.print_padded(&header, out)?;
        }
        let line: Vec<String> = std::iter::once(self.shown_router.clone())
            .chain(cells)
            .collect();
        self.print_padded(&line, out)?;
        out.flush()
    }

    fn print_padded(&self, cells: &[String], out: &mut dyn Write) -> io::Result<()> {
        let router_width = self.shown_router.chars().count().max("router".len());
        let widths = std::iter::once(router_width).chain(self.widths.iter().copied());
        let line: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end())
    }

    fn csv_row(&mut self, row: &Map<String, Value>, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(&mut *out);
        if !self.csv_header_done {
            self.learn_columns(row);
            self.csv_header_done = true;
            write_csv_record(
                &mut w,
                std::iter::once("router").chain(self.columns.iter().map(String::as_str)),
            )?;
        }
        let cells: Vec<String> = self
            .columns
            .iter()
            .map(|c| row.get(c).map(cell).unwrap_or_default())
            .collect();
        write_csv_record(
            &mut w,
            std::iter::once(self.router.as_str()).chain(cells.iter().map(String::as_str)),
        )?;
        w.flush()
    }

    /// Add keys not seen before; true when any was added.
    fn learn_columns(&mut self, row: &Map<String, Value>) -> bool {
        if let Some(fixed) = &self.columns_fixed {
            if self.columns.is_empty() {
                self.columns = fixed.clone();
                self.widths = fixed
                    .iter()
                    .map(|c| terminal_line(c).chars().count())
                    .collect();
                return true;
            }
            return false;
        }
        let mut added = false;
        for key in row.keys() {
            if !self.columns.contains(key) {
                self.columns.push(key.clone());
                // Escaped, as the header shows it.
                self.widths.push(terminal_line(key).chars().count());
                added = true;
            }
        }
        added
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn table_rows_share_a_header_until_new_columns_appear() {
        let mut p = RowPrinter::new(Format::Table, "r1", "mikrotik");
        let mut out = Vec::new();
        p.row(
            json!({"name": "ether1", "rx-bits-per-second": "1000"}),
            &mut out,
        )
        .unwrap();
        p.row(
            json!({"name": "ether1", "rx-bits-per-second": "25000"}),
            &mut out,
        )
        .unwrap();
        p.row(json!({"name": "ether1", "tx": "1"}), &mut out)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "router  name    rx-bits-per-second\n\
             r1      ether1  1000\n\
             r1      ether1  25000\n\
             router  name    rx-bits-per-second  tx\n\
             r1      ether1                      1\n"
        );
    }

    #[test]
    fn json_rows_follow_the_envelope_contract() {
        let mut p = RowPrinter::new(Format::Json, "r1", "mikrotik");
        let mut out = Vec::new();
        p.row(json!({"a": "1"}), &mut out).unwrap();
        p.error(
            Failure {
                kind: "disconnected".into(),
                message: "r1: stream: connection closed: eof".into(),
            },
            &mut out,
            &mut Vec::new(),
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "{\"router\":\"r1\",\"vendor\":\"mikrotik\",\"result\":{\"a\":\"1\"}}\n\
             {\"router\":\"r1\",\"vendor\":\"mikrotik\",\"error\":{\"kind\":\"disconnected\",\"message\":\"r1: stream: connection closed: eof\"}}\n"
        );
    }

    #[test]
    fn table_rows_escape_router_text_and_stay_aligned() {
        let mut p = RowPrinter::new(Format::Table, "r1", "mikrotik");
        let mut out = Vec::new();
        p.row(
            json!({"host-name": "a\u{1b}[1A\u{1b}[2K", "ok\u{7}": "1"}),
            &mut out,
        )
        .unwrap();
        p.row(json!({"host-name": "plain", "ok\u{7}": "2"}), &mut out)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "router  host-name            ok\\u{7}\n\
             r1      a\\u{1b}[1A\\u{1b}[2K  1\n\
             r1      plain                2\n"
        );
        let mut err = Vec::new();
        p.error(
            Failure {
                kind: "protocol".into(),
                message: "r1: stream: trap \u{1b}]0;x\u{7}".into(),
            },
            &mut Vec::new(),
            &mut err,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "error: r1: stream: trap \\u{1b}]0;x\\u{7} (protocol)\n"
        );
    }

    #[test]
    fn csv_rows_mark_formulas_as_text_and_keep_numbers() {
        let mut p = RowPrinter::new(Format::Csv, "r1", "mikrotik");
        let mut out = Vec::new();
        p.row(json!({"name": "=1+1", "signal": "-45"}), &mut out)
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "router,name,signal\nr1,'=1+1,-45\n"
        );
    }

    #[test]
    fn csv_rows_have_one_header() {
        let mut p = RowPrinter::new(Format::Csv, "r1", "mikrotik");
        let mut out = Vec::new();
        p.row(json!({"a": "1", "b": "x,y"}), &mut out).unwrap();
        p.row(json!({"a": "2"}), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "router,a,b\nr1,1,\"x,y\"\nr1,2,\n"
        );
    }
}
