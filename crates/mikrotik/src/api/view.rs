//! Borrowed reply sentences: framing that indexes into the read buffer.
//!
//! [`proto::Decoder`](super::proto::Decoder) hands out each word as its own
//! `Bytes` and [`Response::parse`] builds an [`Attributes`] list of two more
//! per attribute: reference counts and a `Vec` per row, paid even for rows
//! that are dropped a moment later (a cancelled command's late rows) or
//! read once into a typed value (a driver mapping a lease). This module
//! frames the same wire format without allocating per word:
//! [`FrameDecoder`] records each word as an (offset, length) span into the
//! caller's buffer, in one `Vec` reused for every sentence, and
//! [`SentenceRef`] / [`ReplyView`] read through those spans. Owned values
//! are built only where a caller keeps them ([`ReplyView::to_attributes`],
//! [`ReplyView::to_response`]), as one compact copy per row.
//!
//! The two decoders accept and reject exactly the same streams (same
//! limits, same errors); the property tests and the `api_view` fuzz target
//! check that the view parses every sentence into what [`Response::parse`]
//! gives.
//!
//! ```
//! use bytes::{Buf, BytesMut};
//! use routerctl_mikrotik::api::proto::{encode_sentence, Limits};
//! use routerctl_mikrotik::api::view::{FrameDecoder, ReplyKind};
//! let mut buf = BytesMut::new();
//! encode_sentence(["!re", "=name=ether1", "=mtu=1500", ".tag=7"], &mut buf);
//! let mut frames = FrameDecoder::new(Limits::default());
//! let sentence = frames.decode(&buf).unwrap().unwrap();
//! let used = sentence.frame_len();
//! let reply = sentence.reply().unwrap();
//! assert_eq!(reply.kind(), ReplyKind::Re);
//! assert_eq!(reply.tag(), Some(&b"7"[..]));
//! assert_eq!(reply.get("mtu"), Some(&b"1500"[..]));
//! buf.advance(used); // only now: the view borrowed `buf`
//! assert!(buf.is_empty());
//! ```

use std::fmt;

use bytes::{Buf, BufMut, Bytes, BytesMut};

use super::proto::{
    FrameError, LengthPrefix, Limits, Reply, ReplyError, Response, Sentence, Trap, decode_length,
    preview,
};
use crate::record::Attributes;

/// Where one word lies in the buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    /// Offset of the word's first byte in the buffer.
    start: usize,
    /// Length of the word in bytes.
    len: usize,
}

/// The bytes at `start..start + len` of `buf`, or nothing when the span
/// does not fit (only possible if a caller broke [`FrameDecoder::decode`]'s
/// contract by changing the buffer between calls; never a panic).
fn slice(buf: &[u8], start: usize, len: usize) -> &[u8] {
    start
        .checked_add(len)
        .and_then(|end| buf.get(start..end))
        .unwrap_or_default()
}

/// `=name=value` (or `=name`) split into name and value, as
/// [`split_attribute`](crate::record::split_attribute) does; `None` for a
/// word that is no attribute.
fn split_attribute(word: &[u8]) -> Option<(&[u8], &[u8])> {
    let rest = word.strip_prefix(b"=")?;
    Some(match rest.iter().position(|&b| b == b'=') {
        Some(i) => (
            rest.get(..i).unwrap_or_default(),
            rest.get(i + 1..).unwrap_or_default(),
        ),
        None => (rest, &[]),
    })
}

/// The value of `word` if it is the attribute `name` (which holds no
/// `=`): `=name=value` or `=name`. Compares in place; no scan for the
/// separator.
fn attribute_named<'w>(word: &'w [u8], name: &[u8]) -> Option<&'w [u8]> {
    let rest = word.strip_prefix(b"=")?.strip_prefix(name)?;
    match rest.split_first() {
        None => Some(&[]),
        Some((b'=', value)) => Some(value),
        Some(_) => None,
    }
}

/// Incremental sentence framing into spans of the caller's buffer.
///
/// Same limits and errors as [`Decoder`](super::proto::Decoder), but the
/// buffer stays the caller's: bytes of an incomplete sentence are left in
/// it, and a complete sentence is returned as a [`SentenceRef`] borrowing
/// it. The contract: between a call that returned `Ok(None)` and the next,
/// only *append* to the buffer; after a call returned a sentence, remove
/// its [`frame_len`](SentenceRef::frame_len) bytes from the front before
/// the next call. (Breaking it gives wrong words or an error, never a
/// panic or unbounded memory.) Progress on an incomplete sentence is kept,
/// so a huge sentence arriving in small reads is scanned once.
///
/// A caller reading a socket into a `BytesMut` should use
/// [`next`](Self::next), which keeps that contract itself and also drops
/// empty sentences (bare zero bytes) as they arrive; with
/// [`decode`](Self::decode) they stay in the buffer until the next
/// sentence ends (they count in its `frame_len`).
#[derive(Debug, Default)]
pub struct FrameDecoder {
    limits: Limits,
    /// Words of the sentence being framed, reused for every sentence.
    spans: Vec<Span>,
    /// Bytes at the front of the buffer already framed.
    pos: usize,
    /// Word bytes of the sentence so far (checked against the limit).
    sentence_bytes: usize,
    /// The last call returned a sentence: start over at the front.
    returned: bool,
    /// Buffer length the next call needs to get further.
    wanted: usize,
}

impl FrameDecoder {
    /// A decoder that enforces `limits` on every word and sentence.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            ..Self::default()
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Frame the next complete sentence at the front of `buf`.
    ///
    /// `Ok(None)` when more bytes are needed ([`wanted`](Self::wanted)
    /// says how many the buffer should hold). Empty sentences are skipped
    /// (their bytes count in the next sentence's `frame_len`). An error
    /// means the stream is unusable.
    pub fn decode<'a>(&'a mut self, buf: &'a [u8]) -> Result<Option<SentenceRef<'a>>, FrameError> {
        if self.returned || self.pos > buf.len() {
            self.spans.clear();
            self.pos = 0;
            self.sentence_bytes = 0;
            self.returned = false;
        }
        loop {
            let rest = buf.get(self.pos..).unwrap_or_default();
            let (size, len) = match rest.first() {
                // Most words are shorter than 128 bytes: one prefix byte.
                Some(&b) if b < 0x80 => (1, u64::from(b)),
                _ => match decode_length(rest)? {
                    LengthPrefix::Incomplete => {
                        self.wanted = buf.len() + 1;
                        return Ok(None);
                    }
                    LengthPrefix::Complete { size, len } => (size, len),
                },
            };
            if len > self.limits.max_word as u64 {
                return Err(FrameError::WordTooLong {
                    len,
                    max: self.limits.max_word,
                });
            }
            // Fits in usize: at most max_word.
            let len = len as usize;
            if self.sentence_bytes.saturating_add(len) > self.limits.max_sentence {
                return Err(FrameError::SentenceTooLong {
                    max: self.limits.max_sentence,
                });
            }
            let start = self.pos + size;
            let end = start.saturating_add(len);
            if end > buf.len() {
                self.wanted = end;
                return Ok(None);
            }
            if len == 0 {
                self.pos = start;
                self.sentence_bytes = 0;
                if self.spans.is_empty() {
                    continue;
                }
                self.returned = true;
                return Ok(Some(SentenceRef {
                    buf: buf.get(..start).unwrap_or_default(),
                    spans: &self.spans,
                }));
            }
            if self.spans.len() >= self.limits.max_words {
                return Err(FrameError::TooManyWords {
                    max: self.limits.max_words,
                });
            }
            self.spans.push(Span { start, len });
            self.sentence_bytes += len;
            self.pos = end;
        }
    }

    /// Frame the next sentence of a read buffer, hand it to `f`, then
    /// remove it from the buffer: the form for a caller that reads a
    /// socket into a `BytesMut` (the connection task does). Returns what
    /// `f` returned, or `Ok(None)` when more bytes are needed; then the
    /// buffer has room reserved for the rest of the word being read
    /// (bounded by the limits). Leading empty sentences are dropped from
    /// the buffer as they come, so a peer sending endless zero bytes
    /// costs nothing.
    ///
    /// ```
    /// use bytes::BytesMut;
    /// use routerctl_mikrotik::api::proto::{encode_sentence, Limits};
    /// use routerctl_mikrotik::api::view::FrameDecoder;
    /// let mut buf = BytesMut::from(&[0u8, 0][..]);
    /// encode_sentence(["!done", ".tag=3"], &mut buf);
    /// let mut frames = FrameDecoder::new(Limits::default());
    /// let tag = frames.next(&mut buf, |s| s.reply().map(|r| r.tag().map(<[u8]>::to_vec)));
    /// assert_eq!(tag, Ok(Some(Ok(Some(b"3".to_vec())))));
    /// assert!(buf.is_empty());
    /// ```
    pub fn next<R>(
        &mut self,
        buf: &mut BytesMut,
        f: impl FnOnce(SentenceRef<'_>) -> R,
    ) -> Result<Option<R>, FrameError> {
        if self.returned || self.spans.is_empty() {
            // Between sentences: whatever was framed so far can only be
            // empty sentences, so drop them and start at the front.
            let zeros = buf.iter().take_while(|&&b| b == 0).count();
            buf.advance(zeros);
            self.spans.clear();
            self.pos = 0;
            self.sentence_bytes = 0;
            self.returned = false;
        }
        match self.decode(buf)? {
            Some(sentence) => {
                let used = sentence.frame_len();
                let out = f(sentence);
                buf.advance(used);
                Ok(Some(out))
            }
            None => {
                buf.reserve(self.wanted.saturating_sub(buf.len()));
                Ok(None)
            }
        }
    }

    /// The buffer length the next [`decode`](Self::decode) needs to make
    /// progress, after one returned `Ok(None)`: reserve up to it so the
    /// next read lands in one allocation (bounded by the limits).
    pub fn wanted(&self) -> usize {
        self.wanted
    }

    /// True when part of a sentence has been framed.
    pub fn is_mid_sentence(&self) -> bool {
        !self.returned && !self.spans.is_empty()
    }
}

/// One framed sentence, borrowing the read buffer: its words are spans,
/// nothing is copied. `Copy`, so it can be passed around freely while the
/// buffer is borrowed.
#[derive(Clone, Copy)]
pub struct SentenceRef<'a> {
    /// The buffer from its front to the end of this sentence.
    buf: &'a [u8],
    spans: &'a [Span],
}

impl<'a> SentenceRef<'a> {
    /// Bytes this sentence takes at the front of the buffer (with its
    /// terminator and any empty sentences skipped before it): advance the
    /// buffer by this much once done with the sentence.
    pub fn frame_len(&self) -> usize {
        self.buf.len()
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True for a sentence with no words (the decoder never returns one).
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Word `i`, if there is one.
    pub fn word(&self, i: usize) -> Option<&'a [u8]> {
        self.spans.get(i).map(|s| slice(self.buf, s.start, s.len))
    }

    /// Every word, in wire order.
    pub fn words(&self) -> impl ExactSizeIterator<Item = &'a [u8]> + 'a {
        let buf = self.buf;
        self.spans.iter().map(move |s| slice(buf, s.start, s.len))
    }

    /// An owned [`Sentence`]: one copy of the words' bytes, each word a
    /// slice of it.
    pub fn to_sentence(&self) -> Sentence {
        let total: usize = self.words().map(<[u8]>::len).sum();
        let mut data = BytesMut::with_capacity(total);
        for w in self.words() {
            data.put_slice(w);
        }
        let data = data.freeze();
        let mut at = 0;
        let words = self
            .words()
            .map(|w| {
                let word = data.slice(at..at + w.len());
                at += w.len();
                word
            })
            .collect();
        Sentence::new(words)
    }

    /// Type this sentence as a reply, without copying: the same checks
    /// and errors as [`Response::parse`].
    pub fn reply(&self) -> Result<ReplyView<'a>, ReplyError> {
        ReplyView::parse(*self)
    }
}

/// Most words of a sentence its `Debug` output shows (as for `Sentence`).
const DEBUG_WORDS: usize = 16;

impl fmt::Debug for SentenceRef<'_> {
    /// Each word as a [`preview`], at most 16 words: the same bounded form
    /// as [`Sentence`]'s, since it ends up in errors.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        list.entries(self.words().take(DEBUG_WORDS).map(preview));
        if self.len() > DEBUG_WORDS {
            list.entry(&format_args!("… {} more words", self.len() - DEBUG_WORDS));
        }
        list.finish()
    }
}

/// The reply word of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReplyKind {
    /// `!re`: one data row.
    Re,
    /// `!done`: the command finished.
    Done,
    /// `!trap`: an error; a `!done` still follows.
    Trap,
    /// `!empty` (7.18+): the print matched nothing.
    Empty,
    /// `!fatal`: the router closes the connection.
    Fatal,
}

impl ReplyKind {
    /// The reply word as sent, e.g. `"!re"`.
    pub fn word(self) -> &'static str {
        match self {
            ReplyKind::Re => "!re",
            ReplyKind::Done => "!done",
            ReplyKind::Trap => "!trap",
            ReplyKind::Empty => "!empty",
            ReplyKind::Fatal => "!fatal",
        }
    }

    fn from_word(word: &[u8]) -> Option<Self> {
        Some(match word {
            b"!re" => ReplyKind::Re,
            b"!done" => ReplyKind::Done,
            b"!trap" => ReplyKind::Trap,
            b"!empty" => ReplyKind::Empty,
            b"!fatal" => ReplyKind::Fatal,
            _ => return None,
        })
    }
}

/// A reply sentence typed in place: kind, tag and attributes read
/// straight from the buffer.
///
/// Lookups scan the row (RouterOS rows have tens of attributes, so a scan
/// beats building a map); a repeated name gives its last value, as
/// [`Attributes::get`] does.
#[derive(Clone, Copy)]
pub struct ReplyView<'a> {
    kind: ReplyKind,
    tag: Option<&'a [u8]>,
    category: Option<u8>,
    sentence: SentenceRef<'a>,
}

impl<'a> ReplyView<'a> {
    /// Type a framed sentence as a reply (see [`SentenceRef::reply`]).
    pub fn parse(sentence: SentenceRef<'a>) -> Result<Self, ReplyError> {
        let (first, rest) = sentence.spans.split_first().ok_or(ReplyError::Empty)?;
        let first = slice(sentence.buf, first.start, first.len);
        let kind = ReplyKind::from_word(first)
            .ok_or_else(|| ReplyError::UnknownReplyWord(preview(first)))?;
        let mut tag = None;
        let words = rest.iter().map(|s| slice(sentence.buf, s.start, s.len));
        for word in words.filter(|w| !w.starts_with(b"=")) {
            if let Some(value) = word.strip_prefix(b".tag=") {
                tag = Some(value);
            } else if kind != ReplyKind::Fatal {
                return Err(ReplyError::UnexpectedWord {
                    reply: kind.word(),
                    word: preview(word),
                });
            }
        }
        let mut view = ReplyView {
            kind,
            tag,
            category: None,
            sentence,
        };
        if kind == ReplyKind::Trap {
            if let Some(c) = view.get("category") {
                view.category = Some(
                    std::str::from_utf8(c)
                        .ok()
                        .and_then(|s| s.parse::<u8>().ok())
                        .ok_or_else(|| ReplyError::BadCategory(preview(c)))?,
                );
            }
        }
        Ok(view)
    }

    /// The reply word.
    pub fn kind(&self) -> ReplyKind {
        self.kind
    }

    /// The `.tag=` value (the last one, if repeated); `None` for an
    /// untagged reply.
    pub fn tag(&self) -> Option<&'a [u8]> {
        self.tag
    }

    /// The sentence this reply was typed from.
    pub fn sentence(&self) -> SentenceRef<'a> {
        self.sentence
    }

    /// The value of attribute `name` (the last one if repeated).
    pub fn get(&self, name: &str) -> Option<&'a [u8]> {
        let name = name.as_bytes();
        // No attribute name holds `=` (the first `=` after the leading one
        // ends the name), so such a name matches nothing.
        if name.contains(&b'=') {
            return None;
        }
        self.words()
            .rev()
            .find_map(|word| attribute_named(word, name))
    }

    /// The words after the reply word.
    fn words(&self) -> impl DoubleEndedIterator<Item = &'a [u8]> + 'a {
        let buf = self.sentence.buf;
        self.sentence
            .spans
            .get(1..)
            .unwrap_or_default()
            .iter()
            .map(move |s| slice(buf, s.start, s.len))
    }

    /// The value of `name` if it is valid UTF-8.
    pub fn get_str(&self, name: &str) -> Option<&'a str> {
        self.get(name).and_then(|v| std::str::from_utf8(v).ok())
    }

    /// True when attribute `name` is present (even with an empty value).
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Every `(name, value)` attribute pair in wire order, repeats included.
    pub fn attributes(&self) -> impl Iterator<Item = (&'a [u8], &'a [u8])> + 'a {
        self.words().filter_map(split_attribute)
    }

    /// The `=category=` of a `!trap` (validated by [`parse`](Self::parse)).
    pub fn category(&self) -> Option<u8> {
        self.category
    }

    /// The attributes as an owned list: one compact copy of the names and
    /// values (what [`Attributes::memory_size`] counts, nothing else of
    /// the sentence), each name and value a slice of it. For the rows a
    /// caller keeps.
    pub fn to_attributes(&self) -> Attributes {
        let (count, total) = self
            .attributes()
            .fold((0, 0), |(n, t), (k, v)| (n + 1, t + k.len() + v.len()));
        let mut data = BytesMut::with_capacity(total);
        for (k, v) in self.attributes() {
            data.put_slice(k);
            data.put_slice(v);
        }
        let data: Bytes = data.freeze();
        let mut out = Attributes::with_capacity(count);
        let mut at = 0;
        for (k, v) in self.attributes() {
            let name = data.slice(at..at + k.len());
            at += k.len();
            let value = data.slice(at..at + v.len());
            at += v.len();
            out.push(name, value);
        }
        out
    }

    /// The owned [`Response`], equal to what [`Response::parse`] gives
    /// for the same sentence.
    pub fn to_response(&self) -> Response {
        let copy = |v: Option<&[u8]>| v.map(Bytes::copy_from_slice);
        let reply = match self.kind {
            ReplyKind::Re => Reply::Re(self.to_attributes()),
            ReplyKind::Done => Reply::Done {
                ret: copy(self.get("ret")),
                attributes: self.to_attributes(),
            },
            ReplyKind::Trap => Reply::Trap(Trap {
                category: self.category,
                message: copy(self.get("message")).unwrap_or_default(),
                attributes: self.to_attributes(),
            }),
            ReplyKind::Empty => Reply::Empty,
            ReplyKind::Fatal => Reply::Fatal {
                reason: self.fatal_reason(),
            },
        };
        Response {
            tag: copy(self.tag),
            reply,
        }
    }

    /// The reason of a `!fatal`: its bare words joined by newlines, or
    /// its `=message=` when it has none. Empty for other replies.
    pub fn fatal_reason(&self) -> Bytes {
        if self.kind != ReplyKind::Fatal {
            return Bytes::new();
        }
        let mut bare = self
            .words()
            .filter(|w| !w.starts_with(b"=") && !w.starts_with(b".tag="));
        match (bare.next(), bare.next()) {
            (None, _) => self
                .get("message")
                .map(Bytes::copy_from_slice)
                .unwrap_or_default(),
            (Some(one), None) => Bytes::copy_from_slice(one),
            (Some(a), Some(b)) => {
                let mut joined = BytesMut::new();
                joined.put_slice(a);
                for w in std::iter::once(b).chain(bare) {
                    joined.put_u8(b'\n');
                    joined.put_slice(w);
                }
                joined.freeze()
            }
        }
    }
}

impl fmt::Debug for ReplyView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplyView")
            .field("kind", &self.kind)
            .field("tag", &self.tag.map(preview))
            .field("sentence", &self.sentence)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::proto::{Decoder, encode_sentence};

    fn wire(sentences: &[&[&[u8]]]) -> BytesMut {
        let mut buf = BytesMut::new();
        for s in sentences {
            encode_sentence(s.iter(), &mut buf);
        }
        buf
    }

    /// Every sentence of `buf` through both decoders: the same words, the
    /// same reply (or the same error).
    fn both_agree(buf: &[u8]) -> usize {
        let mut owned = BytesMut::from(buf);
        let mut dec = Decoder::new(Limits::default());
        let mut frames = FrameDecoder::new(Limits::default());
        let mut at = 0;
        let mut n = 0;
        while let Some(s) = dec.decode(&mut owned).unwrap() {
            let view = frames.decode(&buf[at..]).unwrap().unwrap();
            let words: Vec<&[u8]> = view.words().collect();
            let expected: Vec<&[u8]> = s.words().iter().map(|w| w.as_ref()).collect();
            assert_eq!(words, expected);
            assert_eq!(view.to_sentence(), s);
            match (Response::parse(&s), view.reply()) {
                (Ok(r), Ok(v)) => assert_eq!(v.to_response(), r),
                (Err(a), Err(b)) => assert_eq!(a, b),
                (a, b) => panic!("owned {a:?}, view {b:?}"),
            }
            at += view.frame_len();
            n += 1;
        }
        assert!(frames.decode(&buf[at..]).unwrap().is_none());
        n
    }

    #[test]
    fn views_agree_with_owned_parse() {
        let buf = wire(&[
            &[
                b"!re",
                b".tag=3",
                b"=name=ether1",
                b"=comment=a=b",
                b"=empty=",
                b"=bare",
            ],
            &[b"!done", b"=ret=*7", b".tag=3"],
            &[b"!trap", b"=category=1", b"=message=bad", b".tag=4"],
            &[b"!trap", b"=category=x", b".tag=4"],
            &[b"!empty", b".tag=5"],
            &[b"!fatal", b"session terminated"],
            &[b"!fatal", b"one", b"two", b".tag=1"],
            &[b"!fatal", b"=message=gone"],
            &[b"!re", b"stray"],
            &[b"!bogus"],
            &[b"!re", b".tag=1", b".tag=2", b"=a=1", b"=a=2"],
            &[b"!re", b"="],
        ]);
        assert_eq!(both_agree(&buf), 12);
    }

    #[test]
    fn lookups_take_the_last_value_and_exact_names() {
        let buf = wire(&[&[b"!re", b"=a=1", b"=ab=x", b"=a=2", b"=b", b".tag=9"]]);
        let mut frames = FrameDecoder::new(Limits::default());
        let r = frames.decode(&buf).unwrap().unwrap().reply().unwrap();
        assert_eq!(r.get("a"), Some(&b"2"[..]));
        assert_eq!(r.get("ab"), Some(&b"x"[..]));
        assert_eq!(r.get("b"), Some(&b""[..]));
        assert_eq!(r.get("tag"), None);
        assert_eq!(r.get(""), None);
        assert_eq!(r.get("a=1"), None, "no name holds `=`");
        assert_eq!(r.tag(), Some(&b"9"[..]));
        assert_eq!(r.attributes().count(), 4);
        let owned = r.to_attributes();
        assert_eq!(owned.get("a"), Some(&b"2"[..]));
        assert_eq!(owned.len(), 4);
    }

    #[test]
    fn incomplete_input_keeps_progress_and_says_what_it_wants() {
        let buf = wire(&[&[b"!re", &[b'x'; 300]], &[b"!done"]]);
        let mut frames = FrameDecoder::new(Limits::default());
        // The first word and part of the second.
        assert!(frames.decode(&buf[..10]).unwrap().is_none());
        assert!(frames.is_mid_sentence());
        assert_eq!(frames.wanted(), 4 + 2 + 300);
        let s = frames.decode(&buf).unwrap().unwrap();
        assert_eq!(s.len(), 2);
        let used = s.frame_len();
        assert_eq!(used, 4 + 2 + 300 + 1);
        let s = frames.decode(&buf[used..]).unwrap().unwrap();
        assert_eq!(s.word(0), Some(&b"!done"[..]));
        assert_eq!(s.frame_len(), buf.len() - used);
    }

    #[test]
    fn limits_and_errors_match_the_owned_decoder() {
        let limits = Limits {
            max_word: 8,
            max_sentence: 12,
            max_words: 2,
        };
        let cases: [&[u8]; 4] = [
            &[0xF8],
            &[9, b'x'],
            &[7, b'a', b'a', b'a', b'a', b'a', b'a', b'a', 7],
            &[1, b'a', 1, b'b', 1, b'c', 0],
        ];
        for case in cases {
            let owned = Decoder::new(limits).decode(&mut BytesMut::from(case));
            let view = FrameDecoder::new(limits).decode(case).map(|s| s.is_some());
            assert_eq!(owned.map(|s| s.is_some()), view, "{case:?}");
        }
    }

    #[test]
    fn empty_sentences_are_skipped_and_counted() {
        let mut buf = BytesMut::from(&[0u8, 0][..]);
        encode_sentence(["!done"], &mut buf);
        let mut frames = FrameDecoder::new(Limits::default());
        let s = frames.decode(&buf).unwrap().unwrap();
        assert_eq!((s.len(), s.frame_len()), (1, buf.len()));
    }

    #[test]
    fn next_drops_sentences_and_zero_floods_as_they_come() {
        let mut frames = FrameDecoder::new(Limits::default());
        let mut buf = BytesMut::from(&[0u8; 10_000][..]);
        assert_eq!(frames.next(&mut buf, |_| ()), Ok(None));
        assert!(buf.is_empty(), "empty sentences are not kept");
        let wire = wire(&[&[b"!re", b"=a=1", b".tag=1"], &[b"!done", b".tag=1"]]);
        let mut kinds = Vec::new();
        for byte in wire.iter() {
            buf.extend_from_slice(&[*byte, 0]);
            // Every other byte a zero: inside a sentence it ends it early,
            // so feed real sentences whole and zeros between them.
            buf.truncate(buf.len() - 1);
            while let Some(kind) = frames
                .next(&mut buf, |s| s.reply().map(|r| r.kind()))
                .unwrap()
            {
                kinds.push(kind.unwrap());
                buf.extend_from_slice(&[0, 0, 0]);
            }
        }
        assert_eq!(kinds, [ReplyKind::Re, ReplyKind::Done]);
        assert_eq!(frames.next(&mut buf, |_| ()), Ok(None));
        assert!(buf.is_empty());
    }

    #[test]
    fn next_reserves_room_for_the_word_being_read() {
        let wire = wire(&[&[b"!re", &[b'x'; 5000]]]);
        let mut frames = FrameDecoder::new(Limits::default());
        let mut buf = BytesMut::from(&wire[..8]);
        assert_eq!(frames.next(&mut buf, |_| ()), Ok(None));
        assert!(buf.capacity() >= 4 + 2 + 5000);
    }

    #[test]
    fn a_changed_buffer_never_panics() {
        let buf = wire(&[&[b"!re", b"=a=1"]]);
        let mut frames = FrameDecoder::new(Limits::default());
        assert!(frames.decode(&buf[..6]).unwrap().is_none());
        // Contract broken: a shorter, different buffer.
        let _ = frames.decode(&buf[..2]);
        let _ = frames.decode(b"\x03!re\x02=a\x00");
    }
}
