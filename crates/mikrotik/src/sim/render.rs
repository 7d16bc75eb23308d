//! A row as printed: what a row stores merged with its live values.
//!
//! [`State::render`] lives here rather than in `state` because it needs
//! the live values ([`super::live`]), which are computed from the state:
//! the state itself stays below both.

use bytes::Bytes;

use super::clock::Clock;
use super::live;
use super::schema::{Menu, flag};
use super::state::{Rendered, Row, State};
use super::value::format_id;

impl State {
    /// Every property of a row as printed: stored values merged with the
    /// `/interface` row and the live values, in schema order, without
    /// write-only properties and without state flags that are false.
    /// Sensitive values are included; callers filter them per user.
    pub fn render(&self, menu: &'static Menu, row: &Row, clock: &Clock) -> Rendered {
        let live = live::values(self, menu, row, clock);
        let mut out = Vec::with_capacity(menu.props.len() + 2);
        if !menu.singleton {
            out.push((".id", Bytes::from(format_id(row.id))));
            if menu.ordered {
                out.push((".nextid", Bytes::from(self.next_id_of(menu, row.id))));
            }
        }
        for prop in menu.props {
            if prop.has(flag::HIDDEN) {
                continue;
            }
            let value = live
                .iter()
                .find(|(n, _)| *n == prop.name)
                .map(|(_, v)| v.clone())
                .or_else(|| self.stored(menu, row, prop.name).cloned());
            let Some(value) = value else { continue };
            if prop.has(flag::FLAG) && value.as_ref() != b"true" {
                continue;
            }
            // Big files print without their contents (read with /file/read).
            if menu.path == "/file"
                && prop.name == "contents"
                && value.len() > super::menus_ros7::FILE_INLINE_LIMIT
            {
                continue;
            }
            out.push((prop.name, value));
        }
        out
    }

    /// `.nextid` of an ordered menu: the following row, `*FFFFFFFF` last.
    fn next_id_of(&self, menu: &Menu, id: u32) -> String {
        let rows = self.rows(menu.path);
        rows.iter()
            .position(|r| r.id == id)
            .and_then(|i| rows.get(i + 1))
            .map(|r| format_id(r.id))
            .unwrap_or_else(|| "*FFFFFFFF".into())
    }
}
