//! Making router-supplied text safe for where it is shown.
//!
//! Much of what routerctl prints was chosen by someone other than the
//! admin: any LAN client picks its own DHCP host-name, a Wi-Fi neighbour
//! picks an SSID, and a compromised or buggy router picks anything at all.
//!
//! - On a terminal, control characters are commands: ESC starts CSI/OSC
//!   sequences that move the cursor, rewrite earlier lines, set the window
//!   title or (in some terminals) write to the clipboard. [`terminal_line`]
//!   and [`terminal_text`] replace every control character
//!   ([`char::is_control`]: C0, DEL and C1) with its Rust escape as shown
//!   by `{:?}`: `\t`, `\n`, `\r`, `\0`, otherwise `\u{1b}` and the like. A
//!   backslash itself is left alone, so `\u{1b}` in the output can also be
//!   those six characters literally; `-o json` gives the exact value.
//! - In a spreadsheet, a CSV cell starting with `=`, `+`, `-` or `@` (or a
//!   tab or CR, which some programs skip before looking) is run as a
//!   formula. [`spreadsheet_cell`] prefixes such cells with `'`, the usual
//!   "this is text" marker, unless the cell is a plain number such as
//!   `-45`, which is both harmless and data people sort and sum.
//!
//! JSON output needs neither: serde escapes control characters and JSON
//! consumers do not evaluate formulas.

use std::borrow::Cow;

/// `text` for one line on a terminal: every control character escaped,
/// newlines included, so a value cannot break the line it is shown on:
/// `"pc\u{1b}[2J\n"` is shown as the 13 characters `pc\u{1b}[2J\n`.
pub fn terminal_line(text: &str) -> Cow<'_, str> {
    escape_controls(text, |_, _| false)
}

/// Multi-line `text` (a configuration) for a terminal: like
/// [`terminal_line`], but line breaks (`\n`, `\r\n`) and tabs are kept.
/// A lone `\r` is escaped: it would let a line overwrite itself.
pub fn terminal_text(text: &str) -> Cow<'_, str> {
    escape_controls(text, |c, next| {
        c == '\n' || c == '\t' || (c == '\r' && next == Some('\n'))
    })
}

/// Replace the control characters of `text` that `keep` does not accept
/// (it sees the character and the one after it).
fn escape_controls(text: &str, keep: impl Fn(char, Option<char>) -> bool) -> Cow<'_, str> {
    let mut chars = text.chars().peekable();
    let mut out: Option<String> = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        let escape = c.is_control() && !keep(c, chars.peek().copied());
        match (&mut out, escape) {
            (None, false) => {}
            (None, true) => {
                let mut s = String::with_capacity(text.len() + 8);
                s.push_str(&text[..at]);
                s.extend(c.escape_debug());
                out = Some(s);
            }
            (Some(s), true) => s.extend(c.escape_debug()),
            (Some(s), false) => s.push(c),
        }
        at += c.len_utf8();
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// A CSV cell that a spreadsheet will show as text, never run as a
/// formula; plain numbers (`-45`, `+3.5`, `-1e3`) are kept as they are.
pub fn spreadsheet_cell(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A decimal number a spreadsheet reads as a value: parses as `f64` and
/// has digits (so `-inf` and `+NaN` do not count).
fn is_plain_number(s: &str) -> bool {
    s.parse::<f64>().is_ok() && s.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_text() {
        // CSI clear-screen, OSC window title (BEL-terminated), C1 CSI, DEL.
        let evil = "pc\u{1b}[2J\u{1b}]0;owned\u{7}x\u{9b}31m\u{7f}";
        assert_eq!(
            terminal_line(evil),
            r"pc\u{1b}[2J\u{1b}]0;owned\u{7}x\u{9b}31m\u{7f}"
        );
        assert!(!terminal_line(evil).chars().any(char::is_control));
    }

    #[test]
    fn one_line_means_one_line() {
        assert_eq!(terminal_line("a\nb\r\tc\0"), r"a\nb\r\tc\0");
    }

    #[test]
    fn clean_text_is_borrowed_and_unicode_kept() {
        let clean = "Küche-PC ☕ \\ 192.168.88.2";
        assert!(matches!(terminal_line(clean), Cow::Borrowed(_)));
        assert!(matches!(terminal_text(clean), Cow::Borrowed(_)));
        assert!(matches!(spreadsheet_cell(clean), Cow::Borrowed(_)));
    }

    #[test]
    fn multi_line_text_keeps_its_layout_but_not_escapes() {
        let config = "/system identity\r\nset name=\u{1b}]52;c;AAAA\u{7}\n\tx\rY";
        assert_eq!(
            terminal_text(config),
            "/system identity\r\nset name=\\u{1b}]52;c;AAAA\\u{7}\n\tx\\rY"
        );
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for formula in [
            "=HYPERLINK(\"http://x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "-",
            "-inf",
        ] {
            assert_eq!(spreadsheet_cell(formula), format!("'{formula}"));
        }
        for keep in ["-45", "+3.5", "-1e3", "-0", "45", "", "a=b", "ether1"] {
            assert_eq!(spreadsheet_cell(keep), keep);
        }
    }
}
