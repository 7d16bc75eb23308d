//! The records and commands every RouterOS transport carries.
//!
//! The binary API and REST drive the same console: a command is a path
//! and `=name=value` arguments, a reply is rows of attributes and the
//! attributes of `!done`. These types are that shared vocabulary, with no
//! wire format attached (the API codec in [`crate::api::proto`] and the REST
//! JSON mapping in [`crate::rest::json`] build on them), so the API
//! client, the REST client, the driver and the simulator all import them
//! from here, downwards.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;

/// `=name=value` attributes in order, names and values as bytes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Attributes(Vec<(Bytes, Bytes)>);

impl Attributes {
    /// No attributes.
    pub fn new() -> Self {
        Self(Vec::new())
    }
    /// Append `=name=value`, keeping any earlier value of the same name.
    pub fn push(&mut self, name: impl Into<Bytes>, value: impl Into<Bytes>) {
        self.0.push((name.into(), value.into()));
    }
    /// The value of `name` as bytes (the last one if repeated).
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n.as_ref() == name.as_bytes())
            .map(|(_, v)| v.as_ref())
    }
    /// The value of `name` as text, replacing invalid UTF-8.
    pub fn get_str(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name).map(String::from_utf8_lossy)
    }
    /// True when `name` is present (even with an empty value).
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
    /// Every `(name, value)` pair in wire order, repeats included.
    pub fn iter(&self) -> impl Iterator<Item = (&Bytes, &Bytes)> {
        self.0.iter().map(|(n, v)| (n, v))
    }
    /// Number of pairs, repeats included.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// True when there are no attributes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Bytes these attributes take in memory: the value itself (twice:
    /// the slot in the list of rows holding it may be half empty after
    /// that list grew), two `Bytes` handles per attribute *allocated*
    /// (capacity, not length), the allocator's overhead for that
    /// allocation, and the names' and values' bytes.
    ///
    /// Reply caps and the run's memory budget count this rather than the
    /// payload alone: an empty `!re` or a row of a thousand `=` words
    /// carries almost no payload yet costs real memory, and a cap that
    /// ignores that does not bound memory. Measured against the peak
    /// resident set with `examples/hostile_memory.rs`, a reply capped at
    /// N bytes by this count costs about N bytes of heap.
    ///
    /// ```
    /// use routerctl_mikrotik::record::Attributes;
    /// let empty = Attributes::new();
    /// assert_eq!(empty.memory_size(), 2 * std::mem::size_of::<Attributes>());
    /// let row: Attributes = [("name", "ether1")].into_iter().collect();
    /// assert!(row.memory_size() > empty.memory_size() + "name".len() + "ether1".len());
    /// ```
    pub fn memory_size(&self) -> usize {
        /// What a heap allocation costs beyond the bytes asked for.
        const ALLOCATION_OVERHEAD: usize = 16;
        let per_attribute = 2 * std::mem::size_of::<Bytes>();
        let list = match self.0.capacity() {
            0 => 0,
            n => n * per_attribute + ALLOCATION_OVERHEAD,
        };
        2 * std::mem::size_of::<Attributes>()
            + list
            + self.0.iter().map(|(n, v)| n.len() + v.len()).sum::<usize>()
    }

    /// No attributes yet, with room for `n` without growing (a decoder
    /// knows how many words a sentence has).
    pub fn with_capacity(n: usize) -> Self {
        Self(Vec::with_capacity(n))
    }
}

impl fmt::Debug for Attributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.0
                    .iter()
                    .map(|(n, v)| (String::from_utf8_lossy(n), String::from_utf8_lossy(v))),
            )
            .finish()
    }
}

impl<N: Into<Bytes>, V: Into<Bytes>> FromIterator<(N, V)> for Attributes {
    fn from_iter<T: IntoIterator<Item = (N, V)>>(iter: T) -> Self {
        Self(
            iter.into_iter()
                .map(|(n, v)| (n.into(), v.into()))
                .collect(),
        )
    }
}

/// The word `=name=value`, the one way every sentence builder spells an
/// attribute.
///
/// ```
/// use routerctl_mikrotik::record::attribute_word;
/// assert_eq!(attribute_word(b"comment", b"a=b"), b"=comment=a=b");
/// ```
pub fn attribute_word(name: &[u8], value: &[u8]) -> Vec<u8> {
    let mut word = Vec::with_capacity(name.len() + value.len() + 2);
    word.push(b'=');
    word.extend_from_slice(name);
    word.push(b'=');
    word.extend_from_slice(value);
    word
}

/// Split `=name=value` (or `=name`, which some clients send for an empty
/// value) into name and value, sharing the word's memory.
pub fn split_attribute(word: &Bytes) -> Option<(Bytes, Bytes)> {
    let rest = word.strip_prefix(b"=")?;
    match rest.iter().position(|&b| b == b'=') {
        Some(i) => Some((word.slice(1..1 + i), word.slice(2 + i..))),
        None => Some((word.slice(1..), Bytes::new())),
    }
}

/// Build a command sentence.
///
/// ```
/// use routerctl_mikrotik::record::Command;
/// let cmd = Command::new("/ip/address/add").attr("address", "192.0.2.1/24").attr("interface", "ether1");
/// assert_eq!(cmd.words().len(), 3);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Command {
    words: Vec<Bytes>,
}

impl Command {
    /// A command whose first word is `path` (for example `/interface/print`).
    pub fn new(path: impl AsRef<[u8]>) -> Self {
        Self {
            words: vec![Bytes::copy_from_slice(path.as_ref())],
        }
    }
    /// Add `=name=value`.
    pub fn attr(mut self, name: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> Self {
        self.words
            .push(attribute_word(name.as_ref(), value.as_ref()).into());
        self
    }
    /// Add a raw word exactly as given (`?type=ether`, `=.proplist=a,b`).
    pub fn word(mut self, word: impl AsRef<[u8]>) -> Self {
        self.words.push(Bytes::copy_from_slice(word.as_ref()));
        self
    }
    /// Add several raw words.
    pub fn words_from<I, W>(mut self, words: I) -> Self
    where
        I: IntoIterator<Item = W>,
        W: AsRef<[u8]>,
    {
        self.words.extend(
            words
                .into_iter()
                .map(|w| Bytes::copy_from_slice(w.as_ref())),
        );
        self
    }
    /// The command word.
    pub fn path(&self) -> &[u8] {
        &self.words[0]
    }
    /// All words: the path first, then attributes and queries.
    pub fn words(&self) -> &[Bytes] {
        &self.words
    }
}

/// Everything one finished command returned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandOutput {
    /// `!re` rows in order.
    pub rows: Vec<Attributes>,
    /// Attributes of `!done` (`ret` among them).
    pub done: Attributes,
    /// True when the router answered `!empty`.
    pub empty: bool,
}

impl CommandOutput {
    /// `=ret=` of the `!done`: a new `.id`, a count, script output.
    pub fn ret(&self) -> Option<&[u8]> {
        self.done.get("ret")
    }
}
