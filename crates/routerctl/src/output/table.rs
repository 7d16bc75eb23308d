//! `-o table`: aligned columns for people. Errors go to stderr after the
//! table so stdout stays the data. With colour on (a terminal, no
//! `NO_COLOR`), the header is bold, up/enabled/active states are green
//! when true and red when false, and `error:` is red.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use routerctl_core::Config;

use super::flatten::Sheet;
use super::layout::Layout;
use super::payload::Payload;
use super::untrusted::{terminal_line, terminal_text};
use crate::color::{BOLD, GREEN, RED, paint};
use crate::runner::{Failure, Outcome};

/// Columns whose `true` is good news (green) and `false` bad (red).
const STATE_COLUMNS: &[&str] = &["is_up", "is_enabled", "is_active", "running"];

pub(super) fn write(
    outcomes: &[Outcome<Payload>],
    layout: &Layout,
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
        let sheet = Sheet::of(outcomes, layout, false);
        if !sheet.columns.is_empty() {
            writeln!(out, "{}", render(&sheet, layout.color))?;
        }
    }
    out.flush()?;
    write_errors(outcomes, err, layout.err_color)
}

/// The sheet as a borderless table (easy to read and to grep): two spaces
/// between columns, numeric columns right-aligned, no trailing spaces.
/// Names and cells come from routers, so their control characters are
/// escaped. `color`: paint the header and state cells.
pub fn render(sheet: &Sheet, color: bool) -> String {
    let header: Vec<String> = std::iter::once("router".to_string())
        .chain(sheet.columns.iter().map(|c| terminal_line(c).into_owned()))
        .collect();
    let rows: Vec<Vec<String>> = sheet
        .rows
        .iter()
        .map(|(router, cells)| {
            std::iter::once(terminal_line(router).into_owned())
                .chain(cells.iter().map(|c| terminal_line(c).into_owned()))
                .collect()
        })
        .collect();
    let state: Vec<bool> = header
        .iter()
        .map(|h| STATE_COLUMNS.contains(&h.as_str()))
        .collect();
    let paint_cell = |i: usize, cell: &str, is_header: bool| -> String {
        let is_state = state.get(i).copied().unwrap_or(false);
        match cell {
            _ if !color => cell.to_string(),
            _ if is_header => paint(cell, BOLD, true),
            "true" if is_state => paint(cell, GREEN, true),
            "false" if is_state => paint(cell, RED, true),
            _ => cell.to_string(),
        }
    };
    // comfy-table with `custom_styling` measures cells without their ANSI
    // codes, so coloured cells still line up.
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(
            header
                .iter()
                .enumerate()
                .map(|(i, h)| paint_cell(i, h, true)),
        );
    for row in &rows {
        table.add_row(row.iter().enumerate().map(|(i, c)| paint_cell(i, c, false)));
    }
    let last = header.len().saturating_sub(1);
    for (i, column) in table.column_iter_mut().enumerate() {
        // No left padding: the first column starts at the margin, and two
        // spaces separate columns.
        column.set_padding((0, if i < last { 2 } else { 0 }));
        let numeric = i > 0
            && rows
                .iter()
                .filter_map(|r| r.get(i))
                .filter(|c| !c.is_empty())
                .all(|c| c.parse::<f64>().is_ok());
        if numeric {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
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

fn write_errors(outcomes: &[Outcome<Payload>], err: &mut dyn Write, color: bool) -> io::Result<()> {
    let failed: Vec<_> = outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().err())
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    for f in &failed {
        write_failure(f, err, color)?;
    }
    writeln!(err, "{} of {} routers failed", failed.len(), outcomes.len())?;
    err.flush()
}

/// One failure as a terminal line: `error: MESSAGE (KIND)`, control
/// characters escaped, `error:` red when `color` (also used by `watch`).
pub fn write_failure(failure: &Failure, err: &mut dyn Write, color: bool) -> io::Result<()> {
    writeln!(
        err,
        "{} {} ({})",
        paint("error:", RED, color),
        terminal_line(&failure.message),
        terminal_line(&failure.kind)
    )
}
