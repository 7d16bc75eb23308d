//! `log [--last N] [--show APPLY_ID]`: the audit log — who applied which
//! file when, the plan, and how it ended.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::cli::LogArgs;
use crate::fleet::FleetOptions;
use crate::output::Format;
use crate::state::{self, ApplyRecord, JournalOp, SqliteStore, Store};
use crate::usage::UsageError;

fn parsed(text: Option<&str>) -> Value {
    text.and_then(|t| serde_json::from_str::<Value>(t).ok())
        .unwrap_or(Value::Null)
}

/// Operations in a plan (router -> lines).
fn plan_size(plan: &Value) -> usize {
    plan.as_object()
        .map(|m| m.values().filter_map(Value::as_array).map(Vec::len).sum())
        .unwrap_or(0)
}

fn item(a: &ApplyRecord) -> Value {
    json!({"apply": a.id, "time": state::format_utc(a.started_at), "user": a.user,
           "file": a.file, "status": a.status, "plan": parsed(Some(&a.plan)),
           "result": parsed(a.result.as_deref())})
}

pub fn log(options: &FleetOptions, args: LogArgs) -> anyhow::Result<u8> {
    let path = state::location(args.state.path.as_deref())?;
    let store = SqliteStore::open(&path)?;
    let mut out = io::stdout().lock();
    if let Some(id) = args.show {
        let Some(apply) = store.apply_record(id)? else {
            return Err(UsageError(format!("no apply {id} in the state database")).into());
        };
        let journal = store.ops(id)?;
        return show(options.format, &apply, &journal, &mut out).map(|()| 0);
    }
    let applies = store.applies(args.last)?;
    if options.format == Format::Table {
        writeln!(
            out,
            "{:>5}  {:<20}  {:<12}  {:<16}  {:>4}  FILE",
            "APPLY", "TIME", "USER", "STATUS", "OPS"
        )?;
        for a in &applies {
            writeln!(
                out,
                "{:>5}  {:<20}  {:<12}  {:<16}  {:>4}  {}",
                a.id,
                state::format_utc(a.started_at),
                a.user,
                a.status,
                plan_size(&parsed(Some(&a.plan))),
                a.file
            )?;
        }
    } else {
        let items: Vec<Value> = applies.iter().map(item).collect();
        serde_json::to_writer_pretty(&mut out, &items)?;
        writeln!(out)?;
    }
    Ok(0)
}

/// One apply in full: its plan with each operation's journal state.
fn show(
    format: Format,
    apply: &ApplyRecord,
    journal: &[JournalOp],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let plan = parsed(Some(&apply.plan));
    if format != Format::Table {
        let mut value = item(apply);
        let ops: Vec<Value> = journal
            .iter()
            .map(|o| json!({"router": o.router, "seq": o.seq, "state": o.state, "op": parsed(Some(&o.op))}))
            .collect();
        value["journal"] = Value::Array(ops);
        serde_json::to_writer_pretty(&mut *out, &value)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "apply {} by {} at {}: {}\nfile: {}",
        apply.id,
        apply.user,
        state::format_utc(apply.started_at),
        apply.status,
        apply.file
    )?;
    for (router, lines) in plan.as_object().into_iter().flatten() {
        writeln!(out, "{router}:")?;
        let states: Vec<&JournalOp> = journal.iter().filter(|o| o.router == *router).collect();
        let lines = lines.as_array().cloned().unwrap_or_default();
        if lines.is_empty() {
            writeln!(out, "  (no changes)")?;
        }
        for (i, line) in lines.iter().enumerate() {
            let state = states.get(i).map(|o| o.state.as_str()).unwrap_or("not run");
            writeln!(out, "  [{state}] {}", line.as_str().unwrap_or_default())?;
        }
    }
    if let Some(results) = parsed(apply.result.as_deref()).as_array() {
        for r in results {
            let router = r["router"].as_str().unwrap_or_default();
            let status = r["result"]["status"]
                .as_str()
                .or_else(|| r["error"].as_str())
                .unwrap_or_default();
            writeln!(out, "result {router}: {status}")?;
        }
    }
    Ok(())
}
