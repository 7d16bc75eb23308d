//! `-o table`: aligned columns for people. Errors go to stderr after the
//! table so stdout stays the data.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use routerctl_core::Config;

use super::flatten::Sheet;
use super::payload::Payload;
use super::untrusted::{terminal_line, terminal_text};
use crate::runner::{Failure, Outcome};

pub(super) fn write(
    outcomes: &[Outcome<Payload>],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    let configs: Vec<(&str, &Config)> = outcomes
        .iter()
        .filter_map(|o| match &o.result {
            Ok(Payload::Config(c)) => Some((o.router.as_str(), c)),
            _ => None,
        })
        .collect();
    if !configs.is_empty() {
        write_configs(&configs, out)?;
    } else {
        let sheet = Sheet::of(outcomes);
        if !sheet.columns.is_empty() {
            writeln!(out, "{}", render(&sheet))?;
        }
    }
    out.flush()?;
    write_errors(outcomes, err)
}

/// The sheet as a borderless table (easy to read and to grep). Names and
/// cells come from routers, so their control characters are escaped.
pub fn render(sheet: &Sheet) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(
            std::iter::once("router".into()).chain(sheet.columns.iter().map(|c| terminal_line(c))),
        );
    for (router, cells) in &sheet.rows {
        table.add_row(
            std::iter::once(terminal_line(router)).chain(cells.iter().map(|c| terminal_line(c))),
        );
    }
    for (i, column) in table.column_iter_mut().enumerate() {
        // No left padding: the first column starts at the margin, and two
        // spaces separate columns.
        column.set_padding((0, 2));
        let numeric = i > 0
            && sheet
                .rows
                .iter()
                .filter_map(|(_, cells)| cells.get(i - 1))
                .filter(|c| !c.is_empty())
                .all(|c| c.parse::<f64>().is_ok());
        if numeric {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    // Trailing padding only makes lines longer.
    table.trim_fmt()
}

/// Configurations are text: printed as they are apart from escaped control
/// characters (line breaks and tabs stay); with several routers each one
/// gets a `# router` heading.
fn write_configs(configs: &[(&str, &Config)], out: &mut dyn Write) -> io::Result<()> {
    let many = configs.len() > 1;
    for (i, (router, config)) in configs.iter().enumerate() {
        if many {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(out, "# ==== {} ====", terminal_line(router))?;
        }
        match config {
            Config::Text(text) => {
                out.write_all(terminal_text(text).as_bytes())?;
                if !text.ends_with('\n') {
                    writeln!(out)?;
                }
            }
            Config::Json(value) => {
                serde_json::to_writer_pretty(&mut *out, value)?;
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

fn write_errors(outcomes: &[Outcome<Payload>], err: &mut dyn Write) -> io::Result<()> {
    let failed: Vec<_> = outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().err())
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    for f in &failed {
        write_failure(f, err)?;
    }
    writeln!(err, "{} of {} routers failed", failed.len(), outcomes.len())?;
    err.flush()
}

/// One failure as a terminal line: `error: MESSAGE (KIND)`, control
/// characters escaped (also used by `watch`).
pub fn write_failure(failure: &Failure, err: &mut dyn Write) -> io::Result<()> {
    writeln!(
        err,
        "error: {} ({})",
        terminal_line(&failure.message),
        terminal_line(&failure.kind)
    )
}
