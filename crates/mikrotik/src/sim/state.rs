//! The device's configuration and state: one table of rows per menu.
//!
//! A row stores only what was written or seeded; time-dependent values
//! (counters, uptimes, lease timers) are computed when a row is rendered
//! (see [`super::live`] and [`State::render`]), so there is no background
//! task.

use std::collections::{BTreeMap, HashMap};

use bytes::Bytes;

use super::clock::CounterState;
use super::menus;
use super::path_hash::PathHash;
use super::schema::{IfaceRole, Kind, Menu, flag};
use super::value::{Refused, format_id, parse_id};

/// One item of a menu.
#[derive(Debug, Clone)]
pub struct Row {
    /// The `.id` number (`*1F` is 0x1F); unique within the menu.
    pub id: u32,
    /// Stored property values by name, as written or seeded (live values are not stored).
    pub props: BTreeMap<&'static str, Bytes>,
    /// Device time (seconds) the item appeared, for uptimes and timers.
    pub since: f64,
}

impl Row {
    /// Whether stored property `prop` is the boolean `true` (absent or any
    /// other value counts as false).
    pub fn is_true(&self, prop: &str) -> bool {
        self.props.get(prop).is_some_and(|v| v.as_ref() == b"true")
    }
}

/// The rows of one menu.
#[derive(Debug)]
pub struct Table {
    /// The menu's schema.
    pub menu: &'static Menu,
    /// Rows in print order.
    pub rows: Vec<Row>,
    /// The `.id` number the next `add` gets.
    pub next_id: u32,
}

/// A change for `listen` and `print =follow=`: row `id` of `menu` was
/// added or changed (`dead == false`) or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Touched {
    /// Menu path of the row.
    pub menu: &'static str,
    /// The row's `.id` number.
    pub id: u32,
    /// True when the row was removed.
    pub dead: bool,
}

/// Everything the device holds.
#[derive(Debug)]
pub struct State {
    tables: HashMap<&'static str, Table, PathHash>,
    /// Traffic counter baselines per (menu, id): interfaces and firewall rules.
    pub counters: HashMap<(&'static str, u32), CounterState>,
    /// Device time of the last boot.
    pub boot_at: f64,
    /// Rows touched since the last [`State::take_touched`].
    touched: Vec<Touched>,
    /// Seed of the simulated live values (counters, rates), so devices differ.
    pub seed: u64,
    /// Interfaces without a link (cable unplugged): never running.
    pub link_down: Vec<u32>,
}

/// A row as printed: `(property, value)` pairs in output order.
pub type Rendered = Vec<(&'static str, Bytes)>;

impl State {
    /// Empty tables for every known menu; `seed` varies the live values.
    pub fn new(seed: u64) -> Self {
        let tables = menus::MENUS
            .iter()
            .map(|m| {
                (
                    m.path,
                    Table {
                        menu: m,
                        rows: Vec::new(),
                        next_id: m.first_id,
                    },
                )
            })
            .collect();
        Self {
            tables,
            counters: HashMap::new(),
            boot_at: 0.0,
            touched: Vec::new(),
            seed,
            link_down: Vec::new(),
        }
    }

    /// The table of menu `path`, if the simulator knows it.
    pub fn table(&self, path: &str) -> Option<&Table> {
        self.tables.get(path)
    }

    /// The table of menu `path` for changes.
    pub fn table_mut(&mut self, path: &str) -> Option<&mut Table> {
        self.tables.get_mut(path)
    }

    /// The rows of `path` (empty for unknown menus).
    pub fn rows(&self, path: &str) -> &[Row] {
        self.tables
            .get(path)
            .map(|t| t.rows.as_slice())
            .unwrap_or(&[])
    }

    /// Row `id` of `path`.
    pub fn row(&self, path: &str, id: u32) -> Option<&Row> {
        self.rows(path).iter().find(|r| r.id == id)
    }

    /// Row `id` of `path`, for changes.
    pub fn row_mut(&mut self, path: &str, id: u32) -> Option<&mut Row> {
        self.tables
            .get_mut(path)?
            .rows
            .iter_mut()
            .find(|r| r.id == id)
    }

    /// Record that a row changed, for listeners.
    pub fn touch(&mut self, menu: &'static str, id: u32, dead: bool) {
        self.touched.push(Touched { menu, id, dead });
        // A typed interface change is also an `/interface` change and back.
        if let Some(role) = self.tables.get(menu).map(|t| t.menu.iface) {
            match role {
                IfaceRole::Sub { .. } => self.touched.push(Touched {
                    menu: "/interface",
                    id,
                    dead,
                }),
                IfaceRole::Master => {
                    if let Some(sub) = self.sub_menu_of(id) {
                        self.touched.push(Touched {
                            menu: sub,
                            id,
                            dead,
                        });
                    }
                }
                IfaceRole::None => {}
            }
        }
    }

    /// The touched rows since the last call, clearing the list.
    pub fn take_touched(&mut self) -> Vec<Touched> {
        std::mem::take(&mut self.touched)
    }

    /// The typed menu (`/interface/bridge`) that holds interface `id`.
    pub fn sub_menu_of(&self, id: u32) -> Option<&'static str> {
        menus::MENUS
            .iter()
            .filter(|m| matches!(m.iface, IfaceRole::Sub { .. }))
            .find(|m| self.row(m.path, id).is_some())
            .map(|m| m.path)
    }

    /// A stored value, reading `MASTER` properties from `/interface`.
    pub fn stored<'a>(&'a self, menu: &Menu, row: &'a Row, prop: &str) -> Option<&'a Bytes> {
        let is_master = menu.prop(prop).is_some_and(|p| p.has(flag::MASTER));
        if is_master {
            self.row("/interface", row.id)?.props.get(prop)
        } else {
            row.props.get(prop)
        }
    }

    /// The name of a row in a named menu.
    pub fn name_of(&self, menu: &Menu, row: &Row) -> Option<Bytes> {
        let key = menu.name_key?;
        self.stored(menu, row, key).cloned()
    }

    /// The id of the item called `name` in `path`.
    pub fn find_by_name(&self, path: &str, name: &[u8]) -> Option<u32> {
        let table = self.table(path)?;
        let key = table.menu.name_key?;
        table
            .rows
            .iter()
            .find(|r| self.stored(table.menu, r, key).map(|v| v.as_ref()) == Some(name))
            .map(|r| r.id)
    }

    /// True when `path` has a row called `name`.
    pub fn name_exists(&self, path: &str, name: &[u8]) -> bool {
        self.find_by_name(path, name).is_some()
    }

    /// Resolve an `.id`/`numbers` argument: a comma list of `*ID`, names
    /// (in named menus) or print positions. Unknown items answer
    /// `no such item (4)`.
    pub fn resolve_ids(&self, menu: &Menu, spec: &[u8]) -> Result<Vec<u32>, Refused> {
        let no_item = || Refused::new("no such item (4)", None);
        let table = self.table(menu.path).ok_or_else(no_item)?;
        let mut ids = Vec::new();
        for item in spec.split(|&b| b == b',') {
            let id = if item.starts_with(b"*") {
                parse_id(item).filter(|id| table.rows.iter().any(|r| r.id == *id))
            } else if let Some(id) = self.find_by_name(menu.path, item) {
                Some(id)
            } else if !item.is_empty() && item.iter().all(u8::is_ascii_digit) {
                std::str::from_utf8(item)
                    .ok()
                    .and_then(|s| s.parse::<usize>().ok())
                    .and_then(|i| table.rows.get(i))
                    .map(|r| r.id)
            } else {
                None
            };
            let id = id.ok_or_else(no_item)?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// Hand out the next `.id` of a menu (typed interfaces share the
    /// `/interface` counter).
    pub fn allocate_id(&mut self, menu: &Menu) -> u32 {
        let path = match menu.iface {
            IfaceRole::Sub { .. } => "/interface",
            _ => menu.path,
        };
        match self.tables.get_mut(path) {
            Some(t) => {
                let id = t.next_id;
                t.next_id = t.next_id.wrapping_add(1);
                id
            }
            None => 0,
        }
    }

    /// Insert a row as is (seeding and `add` after validation).
    pub fn insert(&mut self, path: &str, row: Row, before: Option<u32>) {
        if let Some(t) = self.tables.get_mut(path) {
            if row.id >= t.next_id && t.menu.iface == IfaceRole::None {
                t.next_id = row.id.wrapping_add(1);
            }
            let at = before
                .and_then(|b| t.rows.iter().position(|r| r.id == b))
                .unwrap_or(t.rows.len());
            t.rows.insert(at, row);
        }
    }

    /// Remove a row; returns it.
    pub fn remove(&mut self, path: &str, id: u32) -> Option<Row> {
        let t = self.tables.get_mut(path)?;
        let pos = t.rows.iter().position(|r| r.id == id)?;
        Some(t.rows.remove(pos))
    }

    /// After a rename, rewrite references to `old` in every menu whose
    /// properties point at `target` (RouterOS keeps references by id, so
    /// they follow the rename).
    pub fn rename_references(&mut self, target: &str, old: &[u8], new: &Bytes) {
        self.rewrite_references(target, old, new, false);
    }

    /// After item `id` of `target`, called `name`, was removed: references
    /// to it show its old id (`*N`, an item that no longer exists) and the
    /// rows holding them are marked `invalid` where the menu has that flag,
    /// as `/ip/address` shows an address whose interface was removed
    /// (inferred from how RouterOS prints such rows: flag `I`, interface
    /// `*N`). They stay until changed or removed; see [`Self::revalidate`].
    pub fn orphan_references(&mut self, target: &str, name: &[u8], id: u32) {
        self.rewrite_references(target, name, &Bytes::from(format_id(id)), true);
    }

    /// Clear or set the `invalid` flag of row `id` of `menu` after a
    /// change: it is invalid while a reference names an item that does
    /// not exist (an orphaned `*N`).
    pub fn revalidate(&mut self, menu: &Menu, id: u32) {
        if menu.prop("invalid").is_none() {
            return;
        }
        let Some(row) = self.row(menu.path, id) else {
            return;
        };
        let orphaned = menu.props.iter().any(|p| {
            let Kind::Ref { menu: target, .. } = p.kind else {
                return false;
            };
            row.props.get(p.name).is_some_and(|v| {
                v.split(|&b| b == b',').any(|item| {
                    let bare = item.strip_prefix(b"!").unwrap_or(item);
                    bare.starts_with(b"*") && self.find_by_name(target, bare).is_none()
                })
            })
        });
        let invalid = row.is_true("invalid");
        if orphaned == invalid {
            return;
        }
        if let Some(row) = self.row_mut(menu.path, id) {
            let value: &'static [u8] = if orphaned { b"true" } else { b"false" };
            row.props.insert("invalid", Bytes::from_static(value));
        }
    }

    /// Replace `old` by `new` in every reference to `target`, and in the
    /// [`MIRRORS`] of those references; with `invalidate`, flag the
    /// rewritten rows `invalid`.
    fn rewrite_references(&mut self, target: &str, old: &[u8], new: &Bytes, invalidate: bool) {
        let mut touched = Vec::new();
        for m in menus::MENUS {
            let can_be_invalid = invalidate && m.prop("invalid").is_some();
            for p in m.props {
                let Kind::Ref { menu, .. } = p.kind else {
                    continue;
                };
                if menu != target {
                    continue;
                }
                let mirrors: Vec<&'static str> = MIRRORS
                    .iter()
                    .filter(|(path, of, _)| *path == m.path && *of == p.name)
                    .map(|(_, _, mirror)| *mirror)
                    .collect();
                let Some(table) = self.tables.get_mut(m.path) else {
                    continue;
                };
                for row in &mut table.rows {
                    let Some(v) = row.props.get(p.name) else {
                        continue;
                    };
                    let Some(r) = rewrite_list(v, old, new) else {
                        continue;
                    };
                    row.props.insert(p.name, r);
                    for mirror in &mirrors {
                        let rewritten = row
                            .props
                            .get(mirror)
                            .and_then(|v| rewrite_list(v, old, new));
                        if let Some(r) = rewritten {
                            row.props.insert(mirror, r);
                        }
                    }
                    if can_be_invalid {
                        row.props.insert("invalid", Bytes::from_static(b"true"));
                    }
                    touched.push((m.path, row.id));
                }
            }
        }
        for (m, id) in touched {
            self.touch(m, id, false);
        }
    }
}

/// Read-only properties that show a copy of a reference and follow it:
/// (menu, reference property, mirror property).
const MIRRORS: &[(&str, &str, &str)] = &[("/ip/address", "interface", "actual-interface")];

/// Replace `old` by `new` in a comma list whose items may carry `!`.
fn rewrite_list(v: &[u8], old: &[u8], new: &[u8]) -> Option<Bytes> {
    let mut changed = false;
    let items: Vec<Vec<u8>> = v
        .split(|&b| b == b',')
        .map(|item| {
            let (neg, bare) = match item.strip_prefix(b"!") {
                Some(rest) => (true, rest),
                None => (false, item),
            };
            if bare == old {
                changed = true;
                let mut out = if neg { b"!".to_vec() } else { Vec::new() };
                out.extend_from_slice(new);
                out
            } else {
                item.to_vec()
            }
        })
        .collect();
    changed.then(|| Bytes::from(items.join(&b","[..])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_keeps_negation() {
        assert_eq!(
            rewrite_list(b"!LAN", b"LAN", b"INSIDE").unwrap(),
            Bytes::from_static(b"!INSIDE")
        );
        assert!(rewrite_list(b"WAN", b"LAN", b"X").is_none());
        assert_eq!(
            rewrite_list(b"a,b", b"b", b"c").unwrap(),
            Bytes::from_static(b"a,c")
        );
    }
}
