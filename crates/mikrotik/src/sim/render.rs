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
            out.push((".id", id_bytes(row.id)));
            if menu.ordered {
                out.push((".nextid", Bytes::from(self.next_id_of(menu, row.id))));
            }
        }
        // `MASTER` properties live in the `/interface` row of the same id.
        let master = if menu.props.iter().any(|p| p.has(flag::MASTER)) {
            self.row("/interface", row.id)
        } else {
            None
        };
        for prop in menu.props {
            if prop.has(flag::HIDDEN) {
                continue;
            }
            let stored = || {
                if prop.has(flag::MASTER) {
                    master.and_then(|m| m.props.get(prop.name))
                } else {
                    row.props.get(prop.name)
                }
            };
            let value = live
                .iter()
                .find(|(n, _)| *n == prop.name)
                .map(|(_, v)| v.clone())
                .or_else(|| stored().cloned());
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

/// [`format_id`] without the formatting machinery: every printed row
/// carries its `.id`, so a 1000-row print makes a thousand of them.
fn id_bytes(id: u32) -> Bytes {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut digits = [0u8; 8];
    let mut at = digits.len();
    let mut n = id;
    loop {
        at -= 1;
        if let (Some(d), Some(&h)) = (digits.get_mut(at), HEX.get((n & 0xF) as usize)) {
            *d = h;
        }
        n >>= 4;
        if n == 0 || at == 0 {
            break;
        }
    }
    let mut out = Vec::with_capacity(1 + digits.len() - at);
    out.push(b'*');
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_as_format_id_writes_them() {
        for id in [0, 1, 9, 0xA, 0x1F, 0xFF, 0x100, 0xDEAD_BEEF, u32::MAX] {
            assert_eq!(id_bytes(id), format_id(id).as_bytes(), "{id}");
        }
    }
}
