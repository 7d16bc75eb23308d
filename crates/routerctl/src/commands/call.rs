//! `call TARGETS WORDS...`: one vendor command, the routers' own replies.
//!
//! The words go to each driver exactly as typed (`?query` and
//! `=attr=value` words included); the replies are the vendors', wrapped in
//! the usual output contract. Vendor words only make sense to one vendor
//! family, so when the targets span several, the routers of the other
//! families (than the first selected router's) are refused by name before
//! anything is sent — or left out with `--skip-other-vendors`.
//!
//! A call is treated as a write, and never retried, unless it is plainly
//! a read: a RouterOS `.../print` or `.../getall` command.

use std::io::Write;
use std::sync::Arc;

use crate::cli::CallArgs;
use crate::fleet::Fleet;
use crate::inventory::RouterEntry;
use crate::output::Payload;
use crate::registry;
use crate::usage::UsageError;

pub async fn run(fleet: &Fleet, args: CallArgs) -> anyhow::Result<u8> {
    let targets = split_targets(&args.target);
    let routers = fleet.select(&targets)?;
    let (routers, others) = one_family(routers);
    if !others.is_empty() {
        let first = routers.first().map_or("", |r| r.vendor);
        let list = others
            .iter()
            .map(|r| format!("{} ({})", r.name, r.vendor))
            .collect::<Vec<_>>()
            .join(", ");
        if !args.skip_other_vendors {
            return Err(UsageError(format!(
                "call: the words are for {first} routers, but the targets also select \
                 routers of another vendor family: {list}; narrow the targets (e.g. \
                 vendor={first}) or pass --skip-other-vendors"
            ))
            .into());
        }
        let _ = writeln!(
            std::io::stderr().lock(),
            "warning: call: skipping routers of another vendor family than {first}: {list}"
        );
    }
    let read = is_read(&args.words);
    let words = Arc::new(args.words);
    fleet
        .run_on(routers, "raw", &[], read, move |router| {
            let words = words.clone();
            Box::pin(async move { router.raw(&words).await.map(Payload::Raw) })
        })
        .await
}

/// `a,@b,!c` is three targets (a shell word can hold several).
fn split_targets(target: &str) -> Vec<String> {
    target
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The routers of the first router's vendor family, and the others.
fn one_family(routers: Vec<RouterEntry>) -> (Vec<RouterEntry>, Vec<RouterEntry>) {
    let family = routers.first().and_then(|r| registry::family_of(r.vendor));
    routers
        .into_iter()
        .partition(|r| registry::family_of(r.vendor) == family)
}

/// Only a RouterOS print (or getall) is known to change nothing.
fn is_read(words: &[String]) -> bool {
    words
        .first()
        .is_some_and(|w| w.starts_with('/') && (w.ends_with("/print") || w.ends_with("/getall")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::tests_support::entry;

    #[test]
    fn commas_separate_targets() {
        assert_eq!(split_targets("@branch, !b3,,x"), ["@branch", "!b3", "x"]);
        assert_eq!(split_targets("r1"), ["r1"]);
    }

    #[test]
    fn other_vendor_families_are_split_off_by_name() {
        let mut ixon = entry("ix");
        ixon.vendor = "ixon";
        let mut openwrt = entry("ow");
        openwrt.vendor = "openwrt";
        let (same, others) = one_family(vec![entry("a"), ixon.clone(), entry("b")]);
        let names = |v: &[RouterEntry]| v.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&same), ["a", "b"]);
        assert_eq!(names(&others), ["ix"]);
        // ixon and openwrt are one family (both ubus).
        let (same, others) = one_family(vec![ixon, openwrt]);
        assert_eq!((same.len(), others.len()), (2, 0));
    }

    #[test]
    fn only_prints_count_as_reads() {
        let w = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(is_read(&w(&["/ip/address/print", "?interface=ether1"])));
        assert!(!is_read(&w(&["/system/ntp/client/set", "=enabled=yes"])));
        assert!(!is_read(&w(&["/system/reboot"])));
        assert!(!is_read(&w(&["system", "board", "{}"])));
        assert!(!is_read(&[]));
    }
}
