//! What every vocabulary enum shares: the error for a word outside the
//! vocabulary and the macro that keeps a variant's Rust name, its
//! `as_str()`, its `Display` and its serde spelling in one place.

use std::fmt;

/// Longest part of a rejected word repeated in an error message, so a
/// hostile or mistaken input cannot blow up a log line.
const MAX_ECHO: usize = 40;

/// A word that is not one of a vocabulary's neutral spellings.
///
/// ```
/// use routerctl_core::vocab::Band;
/// let err = "5ghz".parse::<Band>().unwrap_err();
/// assert!(err.to_string().contains("5GHz"), "{err}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    what: &'static str,
    word: String,
    expected: &'static [&'static str],
}

impl UnknownWord {
    /// `word` is not a `what`; `expected` lists the neutral spellings.
    pub(crate) fn new(what: &'static str, word: &str, expected: &'static [&'static str]) -> Self {
        Self {
            what,
            word: word.chars().take(MAX_ECHO).collect(),
            expected,
        }
    }

    /// The word that was rejected (cut short when very long).
    pub fn word(&self) -> &str {
        &self.word
    }
}

impl fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a {} (expected one of {})",
            self.word,
            self.what,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownWord {}

/// Defines a vocabulary enum: each variant with its one spelling, used by
/// `as_str`, `Display`, `FromStr` and serde alike.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $spelling:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            ::serde::Serialize, ::serde::Deserialize,
        )]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $spelling)] $variant, )+
        }

        impl $name {
            /// Every value, in the order the documentation lists them.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// Every neutral spelling, in the order of [`Self::ALL`].
            pub const SPELLINGS: &'static [&'static str] = &[ $( $spelling, )+ ];

            /// The one neutral spelling, also the JSON form.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $spelling, )+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocab::UnknownWord;

            /// Reads the neutral spelling only (exact, case-sensitive).
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| $crate::vocab::UnknownWord::new($what, s, Self::SPELLINGS))
            }
        }
    };
}

pub(crate) use vocabulary;

/// Lower-cases `raw` and turns the separators vendors put between words
/// (space, `_`, `-`) into `-`, so `WPA2 Personal`, `wpa2_personal` and
/// `WPA2-Personal` look alike to the lenient readers.
pub(crate) fn fold(raw: &str) -> String {
    raw.trim()
        .chars()
        .map(|c| match c {
            ' ' | '_' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_are_cut_in_errors() {
        let long = "x".repeat(10_000);
        let err = UnknownWord::new("band", &long, &["2.4GHz"]);
        assert_eq!(err.word().len(), MAX_ECHO);
        assert!(err.to_string().len() < 200);
    }

    #[test]
    fn fold_unifies_separators_and_case() {
        assert_eq!(fold(" WPA2 Personal "), "wpa2-personal");
        assert_eq!(fold("wpa2_personal"), "wpa2-personal");
    }
}
