//! The line that ends every multi-router run on stderr: how many
//! succeeded, failed and were skipped, and how long it took; then each
//! failure (router, kind, reason), grouped by kind when there are many so
//! a thousand timeouts read as one block.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::Duration;

use crate::output::untrusted::terminal_text;
use crate::runner::Outcome;

/// Above this many failures they are grouped by kind.
const GROUP_ABOVE: usize = 10;

/// Write the summary of `outcomes`. `list_failures`: also list each
/// failure (table output has listed them already).
pub fn write<T>(
    outcomes: &[Outcome<T>],
    wall: Duration,
    list_failures: bool,
    err: &mut dyn Write,
) -> io::Result<()> {
    let failures: Vec<(&str, &str, &str)> = outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().err().map(|f| (o, f)))
        .map(|(o, f)| {
            // Messages start with the router's name; it has its own column.
            let reason = f
                .message
                .strip_prefix(o.router.as_str())
                .and_then(|m| m.strip_prefix(": "))
                .unwrap_or(&f.message);
            (o.router.as_str(), f.kind.as_str(), reason)
        })
        .collect();
    let skipped = failures.iter().filter(|f| f.1 == "skipped").count();
    let failed = failures.len() - skipped;
    let succeeded = outcomes.len() - failures.len();
    writeln!(
        err,
        "summary: {succeeded} succeeded, {failed} failed, {skipped} skipped in {:.2}s",
        wall.as_secs_f64()
    )?;
    if !list_failures {
        return Ok(());
    }
    if failures.len() <= GROUP_ABOVE {
        for (router, kind, reason) in &failures {
            writeln!(err, "  {router}  {kind}  {}", terminal_text(reason))?;
        }
        return Ok(());
    }
    let mut by_kind: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (router, kind, reason) in &failures {
        by_kind.entry(kind).or_default().push((router, reason));
    }
    for (kind, list) in by_kind {
        writeln!(err, "  {kind} ({}):", list.len())?;
        for (router, reason) in list {
            writeln!(err, "    {router}  {}", terminal_text(reason))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::Failure;

    fn outcome(router: &str, result: Result<(), (&str, &str)>) -> Outcome<()> {
        Outcome {
            router: router.into(),
            vendor: "mikrotik".into(),
            result: result.map_err(|(kind, message)| Failure {
                kind: kind.into(),
                message: message.into(),
            }),
        }
    }

    fn render(outcomes: &[Outcome<()>], list: bool) -> String {
        let mut err = Vec::new();
        write(outcomes, Duration::from_millis(1234), list, &mut err).unwrap();
        String::from_utf8(err).unwrap()
    }

    #[test]
    fn few_failures_one_per_line() {
        let out = [
            outcome("a", Ok(())),
            outcome("b", Err(("timeout", "b: facts: timed out after 5s"))),
            outcome("c", Err(("skipped", "c: facts: not started: interrupted"))),
        ];
        assert_eq!(
            render(&out, true),
            "summary: 1 succeeded, 1 failed, 1 skipped in 1.23s\n  \
             b  timeout  facts: timed out after 5s\n  \
             c  skipped  facts: not started: interrupted\n"
        );
        assert_eq!(
            render(&out, false),
            "summary: 1 succeeded, 1 failed, 1 skipped in 1.23s\n"
        );
    }

    #[test]
    fn many_failures_grouped_by_kind() {
        let mut out: Vec<Outcome<()>> = (0..11)
            .map(|i| outcome(&format!("t{i}"), Err(("timeout", "facts: slow"))))
            .collect();
        out.push(outcome(
            "x",
            Err(("auth", "x: facts: wrong password\x1b[2J")),
        ));
        let text = render(&out, true);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "summary: 0 succeeded, 12 failed, 0 skipped in 1.23s"
        );
        assert_eq!(lines[1], "  auth (1):");
        assert!(
            lines[2].starts_with("    x  facts: wrong password"),
            "{}",
            lines[2]
        );
        assert!(!text.contains('\x1b'), "control characters escaped");
        assert_eq!(lines[3], "  timeout (11):");
        assert_eq!(lines.len(), 4 + 11);
    }
}
