//! Whether to colour, and the few colours routerctl uses.
//!
//! Colour only helps people at a terminal: `auto` colours a stream only
//! when it is a terminal and `NO_COLOR` (<https://no-color.org>) is unset
//! or empty; `--color always` / `never` override both.

use std::io::IsTerminal;

use crate::cli::ColorChoice;

/// Green: up, enabled, active.
pub const GREEN: &str = "32";
/// Red: down, disabled, errors.
pub const RED: &str = "31";
/// Bold: table headers.
pub const BOLD: &str = "1";

/// Colour on stdout?
pub fn stdout(choice: ColorChoice) -> bool {
    decide(choice, std::io::stdout().is_terminal(), no_color())
}

/// Colour on stderr (log lines, error lines)?
pub fn stderr(choice: ColorChoice) -> bool {
    decide(choice, std::io::stderr().is_terminal(), no_color())
}

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

fn decide(choice: ColorChoice, terminal: bool, no_color: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color,
    }
}

/// `text` in the SGR colour `code` when `on`, else as it is.
pub fn paint(text: &str, code: &str, on: bool) -> String {
    if on {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_needs_a_terminal_and_no_no_color() {
        assert!(decide(ColorChoice::Auto, true, false));
        assert!(!decide(ColorChoice::Auto, true, true));
        assert!(!decide(ColorChoice::Auto, false, false));
        assert!(decide(ColorChoice::Always, false, true));
        assert!(!decide(ColorChoice::Never, true, false));
        assert_eq!(paint("up", GREEN, true), "\u{1b}[32mup\u{1b}[0m");
        assert_eq!(paint("up", GREEN, false), "up");
    }
}
