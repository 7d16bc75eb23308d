//! The RouterOS API wire format, sans I/O.
//!
//! A *word* is a length prefix followed by that many bytes; a *sentence* is
//! words ended by a zero-length word. This module turns bytes into sentences
//! and back without touching a socket, so the client, the simulator, the
//! tests and the benches all share one codec (the quinn-proto pattern).
//!
//! Words are bytes: RouterOS does no transcoding and routers carry cp1251 or
//! cp1252 comments, so nothing here assumes UTF-8. Decoded words are slices
//! of the read buffer (`Bytes`), not copies.
//!
//! ```
//! use bytes::BytesMut;
//! use routerctl_mikrotik::api::proto::{encode_sentence, Decoder, Limits};
//! let mut buf = BytesMut::new();
//! encode_sentence(["/ip/address/print", "=.proplist=address"], &mut buf);
//! let mut dec = Decoder::new(Limits::default());
//! let sentence = dec.decode(&mut buf).unwrap().unwrap();
//! assert_eq!(sentence.words()[0].as_ref(), b"/ip/address/print");
//! ```

use std::borrow::Cow;
use std::fmt;

use bytes::{Buf, BufMut, Bytes, BytesMut};

pub use crate::record::{Attributes, Command, attribute_word, split_attribute};

/// Size limits checked *before* anything is allocated for a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest word accepted, in bytes.
    pub max_word: usize,
    /// Most bytes of word content in one sentence.
    pub max_sentence: usize,
    /// Most words in one sentence.
    pub max_words: usize,
}

impl Default for Limits {
    /// Generous limits for a client reading from a router: a `/file/read`
    /// chunk or a long `/export` fits, an absurd length prefix does not.
    fn default() -> Self {
        Self {
            max_word: 16 * 1024 * 1024,
            max_sentence: 64 * 1024 * 1024,
            max_words: 100_000,
        }
    }
}

impl Limits {
    /// Tight limits for a server reading commands from untrusted peers.
    pub fn server() -> Self {
        Self {
            max_word: 1024 * 1024,
            max_sentence: 4 * 1024 * 1024,
            max_words: 10_000,
        }
    }
}

/// The stream cannot be framed any further; the connection must be closed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// A first length byte of `0xF8..=0xFF`: the manual reserves these as
    /// control bytes after which a peer cannot continue.
    #[error("reserved control byte 0x{0:02X} where a word length was expected")]
    ReservedControlByte(u8),
    /// A length prefix announces a word larger than [`Limits::max_word`].
    #[error("word of {len} bytes exceeds the limit of {max} bytes")]
    WordTooLong {
        /// Announced word length in bytes.
        len: u64,
        /// The limit in force, in bytes.
        max: usize,
    },
    /// The words of one sentence add up to more than
    /// [`Limits::max_sentence`] bytes.
    #[error("sentence exceeds the limit of {max} bytes")]
    SentenceTooLong {
        /// The limit in force, in bytes.
        max: usize,
    },
    /// One sentence has more than [`Limits::max_words`] words.
    #[error("sentence exceeds the limit of {max} words")]
    TooManyWords {
        /// The limit in force, in words.
        max: usize,
    },
}

/// Number of bytes the length prefix of a word of `len` bytes takes.
pub fn length_prefix_size(len: usize) -> usize {
    match len {
        0..0x80 => 1,
        0x80..0x4000 => 2,
        0x4000..0x20_0000 => 3,
        0x20_0000..0x1000_0000 => 4,
        _ => 5,
    }
}

/// Write the length prefix for a word of `len` bytes.
///
/// Lengths of `0x1000_0000` and more take the 5-byte `0xF0` form; a word
/// larger than `u32::MAX` cannot be framed and panics (no caller builds one:
/// the limits are far below).
pub fn encode_length(len: usize, out: &mut impl BufMut) {
    let n = u32::try_from(len).expect("RouterOS words are at most u32::MAX bytes");
    match len {
        0..0x80 => out.put_u8(n as u8),
        0x80..0x4000 => out.put_u16(n as u16 | 0x8000),
        0x4000..0x20_0000 => {
            let v = n | 0x00C0_0000;
            out.put_slice(&v.to_be_bytes()[1..]);
        }
        0x20_0000..0x1000_0000 => out.put_u32(n | 0xE000_0000),
        _ => {
            out.put_u8(0xF0);
            out.put_u32(n);
        }
    }
}

/// Outcome of reading a length prefix from the front of a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthPrefix {
    /// Not enough bytes yet.
    Incomplete,
    /// The prefix took `size` bytes and announces `len` bytes.
    Complete {
        /// Bytes the prefix itself takes (1 to 5).
        size: usize,
        /// Length of the word that follows, in bytes.
        len: u64,
    },
}

/// Read a length prefix without consuming it.
pub fn decode_length(buf: &[u8]) -> Result<LengthPrefix, FrameError> {
    let Some(&first) = buf.first() else {
        return Ok(LengthPrefix::Incomplete);
    };
    let size = match first {
        0x00..=0x7F => 1,
        0x80..=0xBF => 2,
        0xC0..=0xDF => 3,
        0xE0..=0xEF => 4,
        0xF0 => 5,
        other => return Err(FrameError::ReservedControlByte(other)),
    };
    let Some(prefix) = buf.get(..size) else {
        return Ok(LengthPrefix::Incomplete);
    };
    let len = match size {
        1 => u64::from(first),
        2 => u64::from(u16::from_be_bytes([prefix[0], prefix[1]]) & 0x3FFF),
        3 => u64::from(u32::from_be_bytes([0, prefix[0], prefix[1], prefix[2]]) & 0x1F_FFFF),
        4 => u64::from(
            u32::from_be_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]) & 0x0FFF_FFFF,
        ),
        _ => u64::from(u32::from_be_bytes([
            prefix[1], prefix[2], prefix[3], prefix[4],
        ])),
    };
    Ok(LengthPrefix::Complete { size, len })
}

/// Append one word (prefix and bytes).
pub fn encode_word(word: &[u8], out: &mut BytesMut) {
    out.reserve(length_prefix_size(word.len()) + word.len());
    encode_length(word.len(), out);
    out.put_slice(word);
}

/// Append a whole sentence: the words and the terminating empty word.
pub fn encode_sentence<I, W>(words: I, out: &mut BytesMut)
where
    I: IntoIterator<Item = W>,
    W: AsRef<[u8]>,
{
    for w in words {
        encode_word(w.as_ref(), out);
    }
    out.put_u8(0);
}

/// A decoded sentence: its words, each a zero-copy slice of the input.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    words: Vec<Bytes>,
}

impl Sentence {
    /// A sentence made of these words (command or path word first).
    pub fn new(words: Vec<Bytes>) -> Self {
        Self { words }
    }
    /// All words, in wire order.
    pub fn words(&self) -> &[Bytes] {
        &self.words
    }
    /// The words, without copying.
    pub fn into_words(self) -> Vec<Bytes> {
        self.words
    }
    /// Encode back to wire form.
    pub fn encode(&self, out: &mut BytesMut) {
        encode_sentence(&self.words, out)
    }
}

/// Most words of a sentence its `Debug` output shows.
const DEBUG_WORDS: usize = 16;

impl fmt::Debug for Sentence {
    /// Each word as a [`preview`], and at most 16 words: a sentence from
    /// the network can hold 64 MiB, and its Debug form ends up in errors.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        list.entries(self.words.iter().take(DEBUG_WORDS).map(|w| preview(w)));
        if self.words.len() > DEBUG_WORDS {
            list.entry(&format_args!(
                "… {} more words",
                self.words.len() - DEBUG_WORDS
            ));
        }
        list.finish()
    }
}

/// Most characters of one word that [`preview`] shows.
pub const PREVIEW_CHARS: usize = 80;

/// A word as text for logs and error messages: UTF-8 (invalid bytes
/// replaced), cut after [`PREVIEW_CHARS`] characters with the word's full
/// length noted. Words can be 16 MiB; a log line or an error must not be.
///
/// ```
/// use routerctl_mikrotik::api::proto::preview;
/// assert_eq!(preview(b"!bogus"), "!bogus");
/// let long = preview(&[b'z'; 1000]);
/// assert!(long.starts_with("zzz") && long.ends_with("… (1000 bytes)"));
/// assert!(long.chars().count() < 100);
/// ```
pub fn preview(word: &[u8]) -> String {
    // A character takes at most 4 bytes, and a replaced invalid sequence
    // at least 1, so this prefix holds PREVIEW_CHARS characters if the
    // word does.
    let head = &word[..word.len().min(PREVIEW_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    match text.char_indices().nth(PREVIEW_CHARS) {
        None if head.len() == word.len() => text.into_owned(),
        cut => {
            let end = cut.map_or(text.len(), |(i, _)| i);
            format!("{}… ({} bytes)", &text[..end], word.len())
        }
    }
}

/// Incremental sentence decoder. Feed it bytes as they arrive, split
/// anywhere; it returns each sentence once its terminating empty word is in.
#[derive(Debug, Default)]
pub struct Decoder {
    limits: Limits,
    words: Vec<Bytes>,
    sentence_bytes: usize,
}

impl Decoder {
    /// A decoder that enforces `limits` on every word and sentence.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            words: Vec::new(),
            sentence_bytes: 0,
        }
    }

    /// Change the limits (a server loosens them after login).
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Take the next complete sentence off the front of `buf`.
    ///
    /// Returns `Ok(None)` when more bytes are needed; whatever was already
    /// consumed is kept in the decoder. Empty sentences are skipped, as the
    /// manual says a router does. An error means the stream is unusable.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Sentence>, FrameError> {
        loop {
            let (size, len) = match decode_length(buf)? {
                LengthPrefix::Incomplete => return Ok(None),
                LengthPrefix::Complete { size, len } => (size, len),
            };
            if len > self.limits.max_word as u64 {
                return Err(FrameError::WordTooLong {
                    len,
                    max: self.limits.max_word,
                });
            }
            let len = len as usize;
            if self.sentence_bytes + len > self.limits.max_sentence {
                return Err(FrameError::SentenceTooLong {
                    max: self.limits.max_sentence,
                });
            }
            if buf.len() < size + len {
                // Reserve what is missing (bounded by the checks above) so
                // the socket read lands in one allocation.
                buf.reserve(size + len - buf.len());
                return Ok(None);
            }
            buf.advance(size);
            if len == 0 {
                self.sentence_bytes = 0;
                if self.words.is_empty() {
                    continue;
                }
                return Ok(Some(Sentence {
                    words: std::mem::take(&mut self.words),
                }));
            }
            if self.words.len() >= self.limits.max_words {
                return Err(FrameError::TooManyWords {
                    max: self.limits.max_words,
                });
            }
            self.sentence_bytes += len;
            self.words.push(buf.split_to(len).freeze());
        }
    }

    /// True when part of a sentence has been read.
    pub fn is_mid_sentence(&self) -> bool {
        !self.words.is_empty()
    }
}

/// A `!trap`: an error or exception in a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trap {
    /// 0 missing item or command, 1 argument value failure, 2 interrupted,
    /// 3 scripting failure, 4 general failure, 5 API failure, 6 TTY failure,
    /// 7 value from `:return`. Most real traps carry none.
    pub category: Option<u8>,
    /// The `=message=` text; empty when the router sent none.
    pub message: Bytes,
    /// Every attribute of the trap, `=message=` and `=category=` included.
    pub attributes: Attributes,
}

impl Trap {
    /// The message as text, replacing invalid UTF-8.
    pub fn message_lossy(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.message)
    }

    /// The messages of several traps as one line, joined with `", "`: a
    /// failed command often traps twice (what failed, then why), and the
    /// error a caller sees should carry both.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use routerctl_mikrotik::api::proto::{Attributes, Trap};
    /// let trap = |m: &'static str| Trap { category: None, message: Bytes::from_static(m.as_bytes()), attributes: Attributes::new() };
    /// assert_eq!(Trap::join_messages(&[trap("no such command"), trap("bad prefix")]), "no such command, bad prefix");
    /// ```
    pub fn join_messages(traps: &[Trap]) -> String {
        traps
            .iter()
            .map(|t| t.message_lossy())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Bytes this trap takes in memory (see [`Attributes::memory_size`];
    /// the message is a copy of the `=message=` value).
    pub fn memory_size(&self) -> usize {
        std::mem::size_of::<Trap>() - std::mem::size_of::<Attributes>()
            + self.message.len()
            + self.attributes.memory_size()
    }
}

/// The `!trap`s of one command: the first [`TrapList::KEPT`] in full, and
/// a count of the rest.
///
/// A failing command traps once or twice; a peer that keeps trapping must
/// not make the client grow, and the first traps say what went wrong.
///
/// ```
/// use bytes::Bytes;
/// use routerctl_mikrotik::api::proto::{Attributes, Trap, TrapList};
/// let mut traps = TrapList::new();
/// for i in 0..20 {
///     traps.push(Trap { category: None, message: Bytes::from(format!("t{i}")), attributes: Attributes::new() });
/// }
/// assert_eq!((traps.kept().len(), traps.len()), (16, 20));
/// assert!(traps.message().ends_with("t15 (and 4 more traps)"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrapList {
    kept: Vec<Trap>,
    /// Traps counted but not kept.
    more: usize,
}

impl TrapList {
    /// Traps kept in full; later ones are only counted.
    pub const KEPT: usize = 16;

    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Record one trap. Returns true when it was kept (and now takes
    /// memory), false when it was only counted.
    pub fn push(&mut self, trap: Trap) -> bool {
        if self.is_full() {
            self.more = self.more.saturating_add(1);
            false
        } else {
            self.kept.push(trap);
            true
        }
    }

    /// True when the next trap would only be counted.
    pub fn is_full(&self) -> bool {
        self.kept.len() >= Self::KEPT
    }

    /// The traps kept in full, in arrival order.
    pub fn kept(&self) -> &[Trap] {
        &self.kept
    }

    /// Every trap recorded, kept or not.
    pub fn len(&self) -> usize {
        self.kept.len().saturating_add(self.more)
    }

    /// True when no trap was recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The category of the first trap that has one.
    pub fn category(&self) -> Option<u8> {
        self.kept.iter().find_map(|t| t.category)
    }

    /// The kept messages joined (see [`Trap::join_messages`]), then how
    /// many more traps there were.
    pub fn message(&self) -> String {
        let mut message = Trap::join_messages(&self.kept);
        if self.more > 0 {
            message.push_str(&format!(" (and {} more traps)", self.more));
        }
        message
    }
}

/// The reply word and what it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// `!re`: one data row.
    Re(Attributes),
    /// `!done`: the command finished; `=ret=` carries a new `.id`, a count,
    /// a login challenge or script output.
    Done {
        /// `=ret=`, when present.
        ret: Option<Bytes>,
        /// Every attribute of the `!done`, `=ret=` included.
        attributes: Attributes,
    },
    /// `!trap`: an error; a `!done` still follows.
    Trap(Trap),
    /// `!empty` (7.18+): the print matched nothing; a `!done` follows.
    Empty,
    /// `!fatal`: the router closes the connection. The reason is a bare
    /// word, not an attribute.
    Fatal {
        /// The bare word after `!fatal`, such as `not logged in`.
        reason: Bytes,
    },
}

/// One reply sentence: the reply and its `.tag`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The `.tag=` value the command was sent with; `None` for untagged commands.
    pub tag: Option<Bytes>,
    /// What the sentence says.
    pub reply: Reply,
}

/// A reply sentence that does not follow the protocol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    /// A sentence with no words at all.
    #[error("empty reply sentence")]
    Empty,
    /// A first word that is not `!re`, `!done`, `!trap`, `!empty` or `!fatal`.
    #[error("unknown reply word {0:?}")]
    UnknownReplyWord(String),
    /// A word that does not belong in this reply (not `=attr`, `.tag` or,
    /// for `!fatal`, the reason).
    #[error("unexpected word {word:?} in a {reply} reply")]
    UnexpectedWord {
        /// The reply word (`!re`, `!done`, ...) being parsed.
        reply: &'static str,
        /// The offending word, as text.
        word: String,
    },
    /// A `=category=` that is not a number 0..=7.
    #[error("invalid trap category {0:?}")]
    BadCategory(String),
}

impl Response {
    /// Type a reply sentence.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use routerctl_mikrotik::api::proto::{Response, Reply, Sentence};
    /// let s = Sentence::new(vec![Bytes::from_static(b"!done"), Bytes::from_static(b"=ret=*3"), Bytes::from_static(b".tag=7")]);
    /// let r = Response::parse(&s).unwrap();
    /// assert_eq!(r.tag.as_deref(), Some(&b"7"[..]));
    /// assert!(matches!(r.reply, Reply::Done { ret: Some(ref id), .. } if id.as_ref() == b"*3"));
    /// ```
    pub fn parse(sentence: &Sentence) -> Result<Self, ReplyError> {
        let (first, rest) = sentence.words().split_first().ok_or(ReplyError::Empty)?;
        let kind: &'static str = match first.as_ref() {
            b"!re" => "!re",
            b"!done" => "!done",
            b"!trap" => "!trap",
            b"!empty" => "!empty",
            b"!fatal" => "!fatal",
            other => {
                return Err(ReplyError::UnknownReplyWord(preview(other)));
            }
        };
        let mut tag = None;
        // Sized up front: a growing list would leave up to half of its
        // memory unused (and uncounted) in every row.
        let mut attributes = Attributes::with_capacity(rest.len());
        let mut bare: Vec<&Bytes> = Vec::new();
        for word in rest {
            if let Some(value) = word.strip_prefix(b".tag=") {
                tag = Some(word.slice(word.len() - value.len()..));
            } else if let Some((n, v)) = split_attribute(word) {
                attributes.push(n, v);
            } else {
                bare.push(word);
            }
        }
        if kind != "!fatal" {
            if let Some(word) = bare.first() {
                return Err(ReplyError::UnexpectedWord {
                    reply: kind,
                    word: preview(word),
                });
            }
        }
        let reply = match kind {
            "!re" => Reply::Re(attributes),
            "!done" => Reply::Done {
                ret: attributes.get("ret").map(Bytes::copy_from_slice),
                attributes,
            },
            "!trap" => {
                let category = match attributes.get("category") {
                    None => None,
                    Some(c) => Some(
                        std::str::from_utf8(c)
                            .ok()
                            .and_then(|s| s.parse::<u8>().ok())
                            .ok_or_else(|| ReplyError::BadCategory(preview(c)))?,
                    ),
                };
                let message = attributes
                    .get("message")
                    .map(Bytes::copy_from_slice)
                    .unwrap_or_default();
                Reply::Trap(Trap {
                    category,
                    message,
                    attributes,
                })
            }
            "!empty" => Reply::Empty,
            _ => {
                let reason = match bare.as_slice() {
                    [] => attributes
                        .get("message")
                        .map(Bytes::copy_from_slice)
                        .unwrap_or_default(),
                    [one] => (*one).clone(),
                    many => Bytes::from(
                        many.iter()
                            .map(|w| w.as_ref())
                            .collect::<Vec<_>>()
                            .join(&b'\n'),
                    ),
                };
                Reply::Fatal { reason }
            }
        };
        Ok(Response { tag, reply })
    }

    /// Encode as a reply sentence (used by the simulator).
    pub fn encode(&self, out: &mut BytesMut) {
        let mut words: Vec<Cow<'_, [u8]>> = Vec::new();
        let attr = |n: &[u8], v: &[u8]| Cow::Owned(attribute_word(n, v));
        match &self.reply {
            Reply::Re(a) => {
                words.push(Cow::Borrowed(b"!re"));
                words.extend(a.iter().map(|(n, v)| attr(n, v)));
            }
            Reply::Done { ret, attributes } => {
                words.push(Cow::Borrowed(b"!done"));
                if let Some(r) = ret {
                    if !attributes.contains("ret") {
                        words.push(attr(b"ret", r));
                    }
                }
                words.extend(attributes.iter().map(|(n, v)| attr(n, v)));
            }
            Reply::Trap(t) => {
                words.push(Cow::Borrowed(b"!trap"));
                if !t.attributes.contains("category") {
                    if let Some(c) = t.category {
                        words.push(attr(b"category", c.to_string().as_bytes()));
                    }
                }
                if !t.attributes.contains("message") {
                    words.push(attr(b"message", &t.message));
                }
                words.extend(t.attributes.iter().map(|(n, v)| attr(n, v)));
            }
            Reply::Empty => words.push(Cow::Borrowed(b"!empty")),
            Reply::Fatal { reason } => {
                words.push(Cow::Borrowed(b"!fatal"));
                words.push(Cow::Borrowed(reason));
            }
        }
        if let (Some(tag), false) = (&self.tag, matches!(self.reply, Reply::Fatal { .. })) {
            let mut w = b".tag=".to_vec();
            w.extend_from_slice(tag);
            words.push(Cow::Owned(w));
        }
        encode_sentence(words, out);
    }
}

/// A command sentence as the router reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The command word, e.g. `/ip/address/print`.
    pub command: Bytes,
    /// `=name=value` words (including `=.proplist=` and `=.id=`).
    pub attributes: Attributes,
    /// `?` query words without the leading `?`, in order.
    pub queries: Vec<Bytes>,
    /// The `.tag`, if any (an empty tag counts as none).
    pub tag: Option<Bytes>,
}

impl Request {
    /// Parse a command sentence. Words that are neither attributes, queries
    /// nor `.tag` are returned as an error naming the word.
    pub fn parse(sentence: &Sentence) -> Result<Self, String> {
        let (command, rest) = sentence
            .words()
            .split_first()
            .ok_or_else(|| "empty sentence".to_string())?;
        let mut req = Request {
            command: command.clone(),
            attributes: Attributes::new(),
            queries: Vec::new(),
            tag: None,
        };
        for word in rest {
            if let Some(v) = word.strip_prefix(b".tag=") {
                if !v.is_empty() {
                    req.tag = Some(word.slice(5..));
                }
            } else if word.starts_with(b"?") {
                req.queries.push(word.slice(1..));
            } else if let Some((n, v)) = split_attribute(word) {
                req.attributes.push(n, v);
            } else {
                return Err(format!("unexpected word {:?}", preview(word)));
            }
        }
        Ok(req)
    }
}

impl Command {
    /// Encode with an optional `.tag`.
    pub fn encode(&self, tag: Option<&[u8]>, out: &mut BytesMut) {
        for w in self.words() {
            encode_word(w, out);
        }
        if let Some(t) = tag {
            let mut w = Vec::with_capacity(5 + t.len());
            w.extend_from_slice(b".tag=");
            w.extend_from_slice(t);
            encode_word(&w, out);
        }
        out.put_u8(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_bytes(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    /// Every vector in the shared reference file, both directions.
    #[test]
    fn reference_length_vectors() {
        let text = include_str!("../../tests/data/word-length-vectors.tsv");
        let mut n = 0;
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            let len: u64 = cols[0].parse().unwrap();
            let prefix = hex_bytes(cols[1]);
            let mut out = BytesMut::new();
            encode_length(len as usize, &mut out);
            assert_eq!(out.as_ref(), prefix.as_slice(), "encode {len}");
            assert_eq!(length_prefix_size(len as usize), prefix.len());
            assert_eq!(
                decode_length(&prefix).unwrap(),
                LengthPrefix::Complete {
                    size: prefix.len(),
                    len
                },
                "decode {len}"
            );
            for cut in 0..prefix.len() {
                assert_eq!(
                    decode_length(&prefix[..cut]).unwrap(),
                    LengthPrefix::Incomplete
                );
            }
            n += 1;
        }
        assert!(n >= 19, "read only {n} vectors");
    }

    #[test]
    fn reserved_bytes_are_framing_errors() {
        for b in 0xF1..=0xFFu8 {
            assert_eq!(
                decode_length(&[b, 0, 0, 0, 0]),
                Err(FrameError::ReservedControlByte(b))
            );
        }
    }

    #[test]
    fn oversized_word_rejected_before_allocation() {
        let mut dec = Decoder::new(Limits {
            max_word: 1000,
            ..Limits::default()
        });
        let mut buf = BytesMut::from(&[0xF0, 0xFF, 0xFF, 0xFF, 0xFF][..]);
        let cap_before = buf.capacity();
        assert!(matches!(
            dec.decode(&mut buf),
            Err(FrameError::WordTooLong {
                len: 0xFFFF_FFFF,
                max: 1000
            })
        ));
        assert_eq!(buf.capacity(), cap_before);
    }

    #[test]
    fn zero_byte_inside_prefix_is_not_a_terminator() {
        let word = vec![b'x'; 256];
        let mut buf = BytesMut::new();
        encode_sentence([&word[..]], &mut buf);
        assert_eq!(&buf[..2], &[0x81, 0x00]);
        let s = Decoder::default().decode(&mut buf).unwrap().unwrap();
        assert_eq!(s.words()[0].len(), 256);
    }

    #[test]
    fn empty_sentences_are_skipped() {
        let mut buf = BytesMut::from(&[0u8, 0, 0][..]);
        encode_sentence(["!done"], &mut buf);
        let s = Decoder::default().decode(&mut buf).unwrap().unwrap();
        assert_eq!(s.words().len(), 1);
        assert!(buf.is_empty());
    }

    #[test]
    fn fatal_reason_is_a_bare_word() {
        let s = Sentence::new(vec![
            Bytes::from_static(b"!fatal"),
            Bytes::from_static(b"session terminated on request"),
        ]);
        let r = Response::parse(&s).unwrap();
        assert_eq!(
            r.reply,
            Reply::Fatal {
                reason: Bytes::from_static(b"session terminated on request")
            }
        );
    }

    #[test]
    fn trap_with_category_and_tag() {
        let s = Sentence::new(
            ["!trap", ".tag=10", "=category=2", "=message=interrupted"]
                .iter()
                .map(|w| Bytes::from_static(w.as_bytes()))
                .collect(),
        );
        let r = Response::parse(&s).unwrap();
        assert_eq!(r.tag.as_deref(), Some(&b"10"[..]));
        let Reply::Trap(t) = r.reply else { panic!() };
        assert_eq!(t.category, Some(2));
        assert_eq!(t.message.as_ref(), b"interrupted");
    }

    #[test]
    fn attribute_values_may_contain_equals_and_be_empty() {
        let w = Bytes::from_static(b"=comment=a=b");
        let (n, v) = split_attribute(&w).unwrap();
        assert_eq!((n.as_ref(), v.as_ref()), (&b"comment"[..], &b"a=b"[..]));
        let w = Bytes::from_static(b"=comment");
        let (n, v) = split_attribute(&w).unwrap();
        assert_eq!((n.as_ref(), v.as_ref()), (&b"comment"[..], &b""[..]));
    }

    #[test]
    fn response_encode_parse_round_trip() {
        let mut attrs = Attributes::new();
        attrs.push(
            Bytes::from_static(b"host-name"),
            Bytes::from_static(b"caf\xE9"),
        );
        let replies = [
            Reply::Re(attrs.clone()),
            Reply::Done {
                ret: Some(Bytes::from_static(b"*1")),
                attributes: Attributes::new(),
            },
            Reply::Trap(Trap {
                category: Some(1),
                message: Bytes::from_static(b"bad"),
                attributes: Attributes::new(),
            }),
            Reply::Empty,
        ];
        for reply in replies {
            let resp = Response {
                tag: Some(Bytes::from_static(b"t")),
                reply,
            };
            let mut buf = BytesMut::new();
            resp.encode(&mut buf);
            let s = Decoder::default().decode(&mut buf).unwrap().unwrap();
            let back = Response::parse(&s).unwrap();
            assert_eq!(back.tag, resp.tag);
            match (&back.reply, &resp.reply) {
                (Reply::Done { ret: a, .. }, Reply::Done { ret: b, .. }) => assert_eq!(a, b),
                (Reply::Trap(a), Reply::Trap(b)) => {
                    assert_eq!((a.category, &a.message), (b.category, &b.message))
                }
                (a, b) => assert_eq!(a, b),
            }
        }
    }

    #[test]
    fn errors_about_huge_words_stay_short() {
        let huge = Bytes::from(vec![b'z'; 1 << 20]);
        let cases = [
            Sentence::new(vec![huge.clone()]),
            Sentence::new(vec![Bytes::from_static(b"!re"), huge.clone()]),
        ];
        for s in cases {
            let err = Response::parse(&s).unwrap_err().to_string();
            assert!(err.len() < 200, "{} bytes", err.len());
            assert!(err.contains(&format!("({} bytes)", 1 << 20)), "{err}");
            assert!(format!("{s:?}").len() < 200);
        }
        let s = Sentence::new(vec![Bytes::from_static(b"/x"), huge]);
        assert!(Request::parse(&s).unwrap_err().len() < 200);
        let many = Sentence::new(vec![Bytes::from_static(b"=a=b"); 1000]);
        let debug = format!("{many:?}");
        assert!(
            debug.contains("984 more words") && debug.len() < 400,
            "{debug}"
        );
    }

    #[test]
    fn preview_cuts_on_character_boundaries() {
        let text = "é".repeat(200);
        let p = preview(text.as_bytes());
        assert!(p.starts_with(&"é".repeat(PREVIEW_CHARS)));
        assert!(p.ends_with("… (400 bytes)"), "{p}");
        assert_eq!(preview(&[0xFF; 10]), "\u{FFFD}".repeat(10));
        assert_eq!(preview(b""), "");
    }

    #[test]
    fn request_parse_splits_kinds() {
        let s = Sentence::new(
            [
                "/ip/address/print",
                "=.proplist=address",
                "?interface=ether1",
                "?#|",
                ".tag=5",
            ]
            .iter()
            .map(|w| Bytes::from_static(w.as_bytes()))
            .collect(),
        );
        let r = Request::parse(&s).unwrap();
        assert_eq!(r.command.as_ref(), b"/ip/address/print");
        assert_eq!(r.attributes.get(".proplist"), Some(&b"address"[..]));
        assert_eq!(r.queries.len(), 2);
        assert_eq!(r.tag.as_deref(), Some(&b"5"[..]));
    }
}
