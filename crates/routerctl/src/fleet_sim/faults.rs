//! `--faults refuse=2%,stall=1%,slow=5%:300ms,drop-mid-reply=1%,auth-fail=1%,vendor-error=1%`:
//! which faults the fleet has, each as a share of the fleet (`2%`) or a
//! number of routers (`3`).

use std::fmt;
use std::time::Duration;

use crate::duration;

/// One way a simulated router misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// Nothing listens: connections are refused.
    Refuse,
    /// Connections are accepted and never answered.
    Stall,
    /// Every request is held back this long.
    Slow(Duration),
    /// The first reply of a connection stops half-way and the connection
    /// closes.
    DropMidReply,
    /// The router's password is not the inventory's.
    AuthFail,
    /// The router answers with its vendor's own error (needs the
    /// simulator's `vendor-error` switch).
    VendorError,
}

impl FaultKind {
    /// The name used in `--faults` and in the fleet's report.
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::Refuse => "refuse",
            FaultKind::Stall => "stall",
            FaultKind::Slow(_) => "slow",
            FaultKind::DropMidReply => "drop-mid-reply",
            FaultKind::AuthFail => "auth-fail",
            FaultKind::VendorError => "vendor-error",
        }
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How many routers get a fault.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Share {
    /// A percentage of the fleet (at least one router when above 0).
    Percent(f64),
    /// A number of routers.
    Count(usize),
}

impl Share {
    /// The number of routers out of `total`.
    pub fn of(&self, total: usize) -> usize {
        match *self {
            Share::Count(n) => n.min(total),
            Share::Percent(p) if p <= 0.0 => 0,
            Share::Percent(p) => ((p / 100.0 * total as f64).round() as usize).clamp(1, total),
        }
    }
}

/// Default added latency of `slow` when none is given.
pub const DEFAULT_SLOW: Duration = Duration::from_millis(300);

/// One `--fault-router NAME=KIND`: a router (or every router whose name
/// matches a glob) with a fault of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// A router name or a glob (`*`, `?`) over names.
    pub pattern: String,
    /// Its fault.
    pub kind: FaultKind,
}

/// Parse one `--fault-router NAME=KIND` (`KIND` as in `--faults`, with
/// `slow:DURATION` for another delay).
pub fn parse_named(text: &str) -> Result<Named, String> {
    let (pattern, kind) = text
        .split_once('=')
        .ok_or_else(|| format!("--fault-router {text:?}: expected NAME=KIND (like r07=stall)"))?;
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return Err(format!("--fault-router {text:?}: the router name is empty"));
    }
    let (name, extra) = match kind.split_once(':') {
        Some((name, extra)) => (name, Some(extra)),
        None => (kind, None),
    };
    let kind = kind_of(name.trim(), extra).map_err(|e| format!("--fault-router {text:?}: {e}"))?;
    Ok(Named {
        pattern: pattern.to_string(),
        kind,
    })
}

/// A fault kind from its name and its `:EXTRA`, if any.
fn kind_of(name: &str, extra: Option<&str>) -> Result<FaultKind, String> {
    Ok(match (name, extra) {
        ("refuse", None) => FaultKind::Refuse,
        ("stall", None) => FaultKind::Stall,
        ("slow", None) => FaultKind::Slow(DEFAULT_SLOW),
        ("slow", Some(delay)) => FaultKind::Slow(duration::parse(delay.trim())?),
        ("drop-mid-reply", None) => FaultKind::DropMidReply,
        ("auth-fail", None) => FaultKind::AuthFail,
        ("vendor-error", None) => FaultKind::VendorError,
        (name, Some(_)) if KINDS.contains(&name) => {
            return Err("only slow takes a :DURATION".to_string());
        }
        (name, _) => {
            return Err(format!(
                "unknown fault {name:?} (known: {})",
                KINDS.join(", ")
            ));
        }
    })
}

/// Parse the `--faults` list.
pub fn parse(text: &str) -> Result<Vec<(FaultKind, Share)>, String> {
    let mut faults: Vec<(FaultKind, Share)> = Vec::new();
    for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (name, rest) = item
            .split_once('=')
            .ok_or_else(|| format!("--faults {item:?}: expected KIND=SHARE (like refuse=2%)"))?;
        let (share, extra) = match rest.split_once(':') {
            Some((share, extra)) => (share, Some(extra)),
            None => (rest, None),
        };
        let kind = kind_of(name.trim(), extra).map_err(|e| format!("--faults {item:?}: {e}"))?;
        let share = parse_share(share.trim()).map_err(|e| format!("--faults {item:?}: {e}"))?;
        if faults.iter().any(|(k, _)| k.name() == kind.name()) {
            return Err(format!("--faults names {} twice", kind.name()));
        }
        faults.push((kind, share));
    }
    Ok(faults)
}

const KINDS: [&str; 6] = [
    "refuse",
    "stall",
    "slow",
    "drop-mid-reply",
    "auth-fail",
    "vendor-error",
];

fn parse_share(text: &str) -> Result<Share, String> {
    match text.strip_suffix('%') {
        Some(p) => match p.trim().parse::<f64>() {
            Ok(p) if (0.0..=100.0).contains(&p) => Ok(Share::Percent(p)),
            _ => Err(format!("{text:?} is not a percentage from 0% to 100%")),
        },
        None => text
            .parse()
            .map(Share::Count)
            .map_err(|_| format!("{text:?} is neither a percentage (2%) nor a count (3)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_issue_example() {
        let faults =
            parse("refuse=2%,stall=1%,slow=5%:300ms,drop-mid-reply=1%,auth-fail=1%,vendor-error=3")
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(faults.len(), 6);
        assert_eq!(
            faults[2],
            (
                FaultKind::Slow(Duration::from_millis(300)),
                Share::Percent(5.0)
            )
        );
        assert_eq!(faults[5], (FaultKind::VendorError, Share::Count(3)));
    }

    #[test]
    fn refuses_bad_specs_by_name() {
        for (bad, says) in [
            ("explode=1%", "explode"),
            ("refuse", "KIND=SHARE"),
            ("refuse=200%", "200%"),
            ("stall=1%:3s", "only slow"),
            ("slow=1%:fast", "slow"),
            ("refuse=1%,refuse=2%", "twice"),
        ] {
            let err = parse(bad).err().unwrap_or_else(|| panic!("{bad} accepted"));
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn named_faults_take_a_name_or_glob_and_one_kind() {
        assert_eq!(
            parse_named("lyon-edge-07=stall"),
            Ok(Named {
                pattern: "lyon-edge-07".into(),
                kind: FaultKind::Stall
            })
        );
        assert_eq!(
            parse_named("*-1?=slow:50ms").map(|n| n.kind),
            Ok(FaultKind::Slow(Duration::from_millis(50)))
        );
        for (bad, says) in [
            ("r1", "NAME=KIND"),
            ("=stall", "empty"),
            ("r1=explode", "explode"),
            ("r1=stall:3s", "only slow"),
            ("r1=stall=2%", "unknown fault"),
        ] {
            let err = parse_named(bad)
                .err()
                .unwrap_or_else(|| panic!("{bad} accepted"));
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn shares_round_but_never_vanish() {
        assert_eq!(Share::Percent(2.0).of(40), 1);
        assert_eq!(Share::Percent(2.0).of(1000), 20);
        assert_eq!(Share::Percent(0.0).of(1000), 0);
        assert_eq!(Share::Count(5).of(3), 3);
    }
}
