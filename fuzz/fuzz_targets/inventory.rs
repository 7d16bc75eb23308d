//! The inventory (`routers.toml`) parser of the binary, included from its
//! sources (the binary has no library target): arbitrary text must give an
//! inventory or an error naming the place, never a panic. Parsing reads no
//! file (password files are read when a router is used).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../crates/routerctl/src/duration.rs"]
mod duration;
#[allow(dead_code)]
#[path = "../../crates/routerctl/src/inventory/mod.rs"]
mod inventory;
#[allow(dead_code)]
#[path = "../../crates/routerctl/src/registry.rs"]
mod registry;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(inv) = inventory::Inventory::parse(Path::new("fuzz/routers.toml"), text) {
            let _ = inv.groups();
        }
    }
});
