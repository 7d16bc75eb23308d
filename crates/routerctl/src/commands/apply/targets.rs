//! Which routers a desired-state file touches, with the stanzas that
//! apply to each, and the plan of one router (read its state, compute the
//! operations).

use std::collections::BTreeSet;
use std::time::{SystemTime, UNIX_EPOCH};

use routerctl_core::{Error, ErrorContext, Router};
use serde_json::Value;

use crate::desired::{DesiredFile, Op};
use crate::fleet::Fleet;
use crate::inventory::RouterEntry;
use crate::usage::UsageError;

/// Seconds since the Unix epoch.
pub(super) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The stanzas of a file that apply to one router, as indexes into the
/// file's lists (so a router's share can travel to a task with the file).
#[derive(Debug, Clone, Default)]
pub(super) struct Selection {
    routeros: Vec<usize>,
    ixon: Vec<usize>,
    peplink: Vec<usize>,
    linksys: Vec<usize>,
}

/// The routers the file's stanzas name, in inventory order, each with the
/// stanzas that apply to it.
pub(super) fn targets(
    fleet: &Fleet,
    file: &DesiredFile,
) -> anyhow::Result<Vec<(RouterEntry, Selection)>> {
    let select = |targets: &[String]| -> Result<BTreeSet<String>, UsageError> {
        let chosen = crate::targets::select(&fleet.inventory, targets)
            .map_err(|e| UsageError(e.to_string()))?;
        Ok(chosen.iter().map(|r| r.name.clone()).collect())
    };
    let mut names = BTreeSet::new();
    let mut sets = |lists: Vec<&Vec<String>>| -> Result<Vec<BTreeSet<String>>, UsageError> {
        let mut out = Vec::new();
        for targets in lists {
            let set = select(targets)?;
            names.extend(set.iter().cloned());
            out.push(set);
        }
        Ok(out)
    };
    let routeros = sets(file.routeros.iter().map(|s| &s.targets).collect())?;
    let ixon = sets(file.ixon.iter().map(|s| &s.targets).collect())?;
    let peplink = sets(file.peplink.iter().map(|s| &s.targets).collect())?;
    let linksys = sets(file.linksys.iter().map(|s| &s.targets).collect())?;
    let names: Vec<String> = names.into_iter().collect();
    let routers = if names.is_empty() {
        Vec::new()
    } else {
        fleet.select(&names)?
    };
    let having = |sets: &[BTreeSet<String>], name: &str| -> Vec<usize> {
        (0..sets.len())
            .filter(|i| sets.get(*i).is_some_and(|s| s.contains(name)))
            .collect()
    };
    Ok(routers
        .into_iter()
        .map(|r| {
            let selection = Selection {
                routeros: having(&routeros, &r.name),
                ixon: having(&ixon, &r.name),
                peplink: having(&peplink, &r.name),
                linksys: having(&linksys, &r.name),
            };
            (r, selection)
        })
        .collect())
}

/// Run one vendor command, bounded by the router's timeout.
pub(super) async fn raw(
    router: &dyn Router,
    entry: &RouterEntry,
    words: &[String],
) -> Result<Value, Error> {
    match tokio::time::timeout(entry.timeout, router.raw(words)).await {
        Ok(result) => result,
        Err(_) => Err(ErrorContext::new(entry.name.clone(), "apply").timeout(entry.timeout)),
    }
}

/// The operations that make the selected stanzas true on `router`.
pub(super) async fn plan_router(
    router: &dyn Router,
    entry: &RouterEntry,
    file: &DesiredFile,
    selection: &Selection,
) -> Result<Vec<Op>, Error> {
    let ctx = || ErrorContext::new(entry.name.clone(), "plan");
    let unsupported = |family: &str, vendor: &str| {
        ctx().config(format!(
            "[[{family}]] stanzas apply to {vendor} routers only; {} is {} \
             (desired state covers RouterOS, IXON, Peplink and Linksys)",
            entry.name, entry.vendor
        ))
    };
    for (family, list) in [
        ("mikrotik", &selection.routeros),
        ("ixon", &selection.ixon),
        ("peplink", &selection.peplink),
        ("linksys", &selection.linksys),
    ] {
        if !list.is_empty() && entry.vendor != family {
            let stanza = if family == "mikrotik" {
                "routeros"
            } else {
                family
            };
            return Err(unsupported(stanza, family));
        }
    }
    let mut ops = Vec::new();
    for stanza in selection
        .routeros
        .iter()
        .filter_map(|i| file.routeros.get(*i))
    {
        let reply = raw(router, entry, &[format!("{}/print", stanza.menu)]).await?;
        let current = crate::desired::records(&reply);
        ops.extend(crate::desired::plan(stanza, &current));
    }
    for stanza in selection.ixon.iter().filter_map(|i| file.ixon.get(*i)) {
        let words = ["ixon.ui.configuration".to_string(), "get".to_string()];
        let reply = raw(router, entry, &words).await?;
        let current = reply.get("configuration").cloned().unwrap_or(Value::Null);
        ops.extend(crate::desired::plan_json(stanza, &current));
    }
    for stanza in selection
        .peplink
        .iter()
        .filter_map(|i| file.peplink.get(*i))
    {
        let current = peplink_entry(router, entry, &stanza.endpoint, stanza.id).await?;
        ops.extend(crate::desired::plan_peplink(stanza, &current));
    }
    for stanza in selection
        .linksys
        .iter()
        .filter_map(|i| file.linksys.get(*i))
    {
        let get = crate::desired::linksys_get(stanza);
        let current = jnap_output(router, entry, get).await?;
        let op = crate::desired::plan_linksys(stanza, &current).map_err(|e| ctx().config(e))?;
        ops.extend(op);
    }
    Ok(ops)
}

/// Entry `id` of a Peplink `config.*` endpoint.
pub(super) async fn peplink_entry(
    router: &dyn Router,
    entry: &RouterEntry,
    endpoint: &str,
    id: u64,
) -> Result<Value, Error> {
    let words = ["GET".to_string(), endpoint.to_string(), format!("id={id}")];
    let reply = raw(router, entry, &words).await?;
    reply
        .get("response")
        .and_then(|r| r.get(id.to_string()))
        .cloned()
        .ok_or_else(|| {
            ErrorContext::new(entry.name.clone(), "plan")
                .config(format!("{endpoint} has no entry {id}"))
        })
}

/// The `output` of a Linksys JNAP get action.
pub(super) async fn jnap_output(
    router: &dyn Router,
    entry: &RouterEntry,
    action: &str,
) -> Result<Value, Error> {
    let reply = raw(router, entry, &[action.to_string()]).await?;
    Ok(reply.get("output").cloned().unwrap_or(Value::Null))
}
