//! Rendering fleet results: the output contract of the binary.
//!
//! - `json`: one array, one object per target in inventory order:
//!   `{"router", "vendor", "result"}` or `{"router", "vendor", "error":
//!   {"kind", "message"}}`.
//! - `jsonl`: the same objects, one per line, as targets finish.
//! - `table` / `csv`: one row per record, the router's name first. Nested
//!   values are flattened to dotted keys (`device.model`, `wan.0.ip`).
//!   CSV has one fixed header per command: `router`, the record's full
//!   field list in model order, `error` — whatever the data. Tables show
//!   the fields some record has. `--columns` picks and orders the columns
//!   of both. Table mode lists errors on stderr; CSV gives them the
//!   `error` column.
//!
//! Router-supplied text is made safe for where it lands (see
//! [`untrusted`]): control characters are escaped in table output and in
//! errors on the terminal, and CSV cells that a spreadsheet would run as a
//! formula are marked as text.

mod csv;
mod flatten;
mod json;
mod layout;
mod payload;
mod table;
pub mod untrusted;

use std::io::{self, Write};

pub use crate::cli::OutputFormat as Format;
use crate::runner::Outcome;
pub use csv::write_record as write_csv_record;
pub use flatten::{CLIENT, CONFIG, DHCP_LEASE, FACTS, INTERFACE, WAN_LINK, WIFI_NETWORK};
pub use flatten::{cell, record};
pub use json::write_line;
pub use layout::Layout;
pub use payload::Payload;
pub use table::write_failure;

/// Called as each target finishes: prints it when the format streams.
pub fn on_finish(
    format: Format,
    outcome: &Outcome<Payload>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Jsonl => json::write_line(outcome, out),
        Format::Json | Format::Table | Format::Csv => Ok(()),
    }
}

/// Called once with all outcomes in inventory order: prints the formats
/// that need the whole picture.
pub fn finish(
    format: Format,
    outcomes: &[Outcome<Payload>],
    layout: &Layout,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => json::write_array(outcomes, out),
        Format::Jsonl => Ok(()),
        Format::Table => table::write(outcomes, layout, out, err),
        Format::Csv => csv::write(outcomes, layout, out),
    }
}

/// Exit status for a finished run: 0 when every target succeeded, 1 when
/// any failed.
pub fn exit_code<T>(outcomes: &[Outcome<T>]) -> u8 {
    if outcomes.iter().all(|o| o.result.is_ok()) {
        0
    } else {
        1
    }
}

#[cfg(test)]
mod tests;
