//! `-o csv`: one fixed header per command — `router`, the record's full
//! field list, `error` last — so the shape never depends on the data
//! (absent fields, failed routers); one row per record. Every cell, header included, goes through
//! [`spreadsheet_cell`]: router-supplied text starting with `=`, `+`, `-`
//! or `@` gets a `'` in front so spreadsheets do not run it; numbers stay
//! as they are. Control characters are escaped as in `-o table`
//! ([`terminal_line`]: ESC becomes `\u{1b}`, CR `\r`), because CSV is
//! often looked at with `cat` or `column`, where a router-chosen ESC
//! sequence or a lone CR would rewrite the screen; `-o json` keeps every
//! value exact.

use std::borrow::Cow;
use std::io::{self, Write};

use super::flatten::Sheet;
use super::layout::Layout;
use super::payload::Payload;
use super::untrusted::{spreadsheet_cell, terminal_line};
use crate::runner::Outcome;

pub(super) fn write(
    outcomes: &[Outcome<Payload>],
    layout: &Layout,
    out: &mut dyn Write,
) -> io::Result<()> {
    let sheet = Sheet::of(outcomes, layout, true);
    let mut w = ::csv::Writer::from_writer(out);
    let header = std::iter::once("router")
        .chain(sheet.columns.iter().map(String::as_str))
        .chain(std::iter::once("error"));
    write_record(&mut w, header)?;
    let blanks = vec![String::new(); sheet.columns.len()];
    let mut rows = sheet.rows.iter().peekable();
    for o in outcomes {
        match &o.result {
            Ok(_) => {
                while let Some((_, cells)) = rows.next_if(|(router, _)| *router == o.router) {
                    let record = std::iter::once(o.router.as_str())
                        .chain(cells.iter().map(String::as_str))
                        .chain(std::iter::once(""));
                    write_record(&mut w, record)?;
                }
            }
            Err(f) => {
                let error = format!("{}: {}", f.kind, f.message);
                let record = std::iter::once(o.router.as_str())
                    .chain(blanks.iter().map(String::as_str))
                    .chain(std::iter::once(error.as_str()));
                write_record(&mut w, record)?;
            }
        }
    }
    w.flush()
}

/// Write one CSV record, each cell made terminal- and spreadsheet-safe
/// first.
pub fn write_record<'a, W: Write>(
    w: &mut ::csv::Writer<W>,
    cells: impl IntoIterator<Item = &'a str>,
) -> io::Result<()> {
    let safe: Vec<Cow<'a, str>> = cells.into_iter().map(safe_cell).collect();
    w.write_record(safe.iter().map(|c| c.as_bytes()))
        .map_err(into_io)
}

/// Control characters escaped, then formulas neutralised.
fn safe_cell(cell: &str) -> Cow<'_, str> {
    match terminal_line(cell) {
        Cow::Borrowed(text) => spreadsheet_cell(text),
        Cow::Owned(text) => Cow::Owned(spreadsheet_cell(&text).into_owned()),
    }
}

fn into_io(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}
