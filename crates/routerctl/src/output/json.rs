//! `-o json` and `-o jsonl`.

use std::io::{self, Write};

use serde::Serialize;

use super::payload::Payload;
use crate::runner::Outcome;

/// One target in the JSON contract; field order is the documented one.
#[derive(Serialize)]
pub(super) struct Envelope<'a, T: Serialize> {
    router: &'a str,
    vendor: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<&'a T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorBody<'a>>,
}

#[derive(Serialize)]
pub(super) struct ErrorBody<'a> {
    kind: &'a str,
    message: &'a str,
}

/// The contract's object for one outcome.
pub(super) fn envelope<T: Serialize>(o: &Outcome<T>) -> Envelope<'_, T> {
    let (result, error) = match &o.result {
        Ok(v) => (Some(v), None),
        Err(f) => (
            None,
            Some(ErrorBody {
                kind: &f.kind,
                message: &f.message,
            }),
        ),
    };
    Envelope {
        router: &o.router,
        vendor: &o.vendor,
        result,
        error,
    }
}

pub(super) fn write_array(outcomes: &[Outcome<Payload>], out: &mut dyn Write) -> io::Result<()> {
    let all: Vec<_> = outcomes.iter().map(envelope).collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)?;
    out.flush()
}

/// One outcome on its own line (also used by `watch` for each row).
pub fn write_line<T: Serialize>(outcome: &Outcome<T>, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &envelope(outcome))?;
    writeln!(out)?;
    out.flush()
}
