//! `-o csv`: a header, one row per record, the router first and an `error`
//! column last (always present, so the shape does not depend on whether a
//! run failed).

use std::io::{self, Write};

use super::{Payload, Sheet};
use crate::runner::Outcome;

pub(super) fn write(outcomes: &[Outcome<Payload>], out: &mut dyn Write) -> io::Result<()> {
    let sheet = Sheet::of(outcomes);
    let mut w = ::csv::Writer::from_writer(out);
    let header = std::iter::once("router")
        .chain(sheet.columns.iter().map(String::as_str))
        .chain(std::iter::once("error"));
    w.write_record(header).map_err(into_io)?;
    let blanks = vec![String::new(); sheet.columns.len()];
    let mut rows = sheet.rows.iter().peekable();
    for o in outcomes {
        match &o.result {
            Ok(_) => {
                while let Some((_, cells)) = rows.next_if(|(router, _)| *router == o.router) {
                    let record = std::iter::once(o.router.as_str())
                        .chain(cells.iter().map(String::as_str))
                        .chain(std::iter::once(""));
                    w.write_record(record).map_err(into_io)?;
                }
            }
            Err(f) => {
                let error = format!("{}: {}", f.kind, f.message);
                let record = std::iter::once(o.router.as_str())
                    .chain(blanks.iter().map(String::as_str))
                    .chain(std::iter::once(error.as_str()));
                w.write_record(record).map_err(into_io)?;
            }
        }
    }
    w.flush()
}

fn into_io(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}
