//! Input files to [`rasid_core::Doc`]s: plain text, HTML pages and JSON Lines, gzipped or not.
//!
//! - **Plain text** is decoded (UTF-8 with or without a BOM, UTF-16 with a BOM, or a legacy
//!   encoding such as windows-1256 or ISO-8859-6, found by chardetng and recorded in
//!   `meta.encoding`) and otherwise kept exactly as it was: a leading BOM is the only thing
//!   removed, CRLF stays. The publication date comes from [`Options::with_published`].
//! - **HTML** pages give their article: title, byline, headings, paragraphs and captions, as
//!   `title + "\n\n" + block + "\n\n" + ...`, with a block hint for each; the date, URL and site
//!   name come from `<meta>` tags, JSON-LD and `<time>`. Navigation, scripts and other page
//!   furniture are left out.
//! - **JSON Lines** give one document a line, streamed ([`JsonlDocs`]); see there for fields.
//! - **RSS and Atom feeds** give one document per entry (title, then content or summary; link,
//!   date, outlet from the feed); see `feed.rs`.
//! - **http(s) URLs** are fetched once ([`read_url`]: a time limit, a size limit, an error naming
//!   the URL) and read as any of the above, the format taken from the `Content-Type`.
//!
//! The format is taken from [`Options::with_format`], else the file extension (`.txt`,
//! `.html`/`.htm`, `.jsonl`/`.ndjson`, `.rss`/`.atom`/`.xml`, each optionally with `.gz`), else
//! sniffed from the content (a feed by its `<rss`, `<feed` or `<rdf:RDF` root).
//! Gzip is recognised by its magic bytes, whatever the name.
//!
//! Every entry point returns [`Docs`], an iterator of `Result<Doc, IngestError>`: one item for a
//! text or HTML file, one a line for JSON Lines. A bad article is an error item naming the input
//! and the line or byte offset, and the items after it still come. No input makes this crate
//! panic.
//!
//! Ids: the file stem for text and HTML (`seed-libya-africom` for `seed-libya-africom.txt`),
//! the `id` field for JSON Lines (else `<stem>:<line>`), `stdin` for `-`.
//!
//! ```
//! use rasid_core::BlockKind;
//! use rasid_ingest::{read_bytes, Options};
//!
//! let opts = Options::default().with_published("2019-04-28")?;
//! // "The Ministry of Foreign Affairs said ...", CRLF line ends, in a file named news.txt
//! let mut docs = read_bytes("news.txt", "قالت وزارة الخارجية\r\nفي بيان".as_bytes(), &opts);
//! let doc = docs.next().unwrap()?;
//! assert_eq!(doc.id, "news");
//! assert_eq!(doc.text(), "قالت وزارة الخارجية\r\nفي بيان");
//! assert_eq!(doc.meta.published.as_deref(), Some("2019-04-28"));
//!
//! let line = r#"{"id": "a1", "title": "عاجل", "text": "نص الخبر", "time": "Sun, 18 Feb 2018 21:35:43 +0400"}"#;
//! let doc = read_bytes("feed.jsonl", line.as_bytes(), &Options::default()).next().unwrap()?;
//! assert_eq!(doc.text(), "عاجل\n\nنص الخبر"); // "breaking" + "the news text"
//! assert_eq!(doc.block_hints[0].kind, BlockKind::Title);
//! assert_eq!(doc.meta.published.as_deref(), Some("2018-02-18"));
//! # Ok::<(), rasid_ingest::IngestError>(())
//! ```

mod date;
mod decode;
mod error;
mod feed;
mod fetch;
mod html;
mod jsonl;
mod layout;

pub use date::normalize_date;
pub use error::{IngestError, Loc};
pub use fetch::{TIMEOUT as FETCH_TIMEOUT, is_url};
pub use jsonl::JsonlDocs;

use flate2::bufread::MultiGzDecoder;
use rasid_core::{Doc, Meta};
use std::fmt;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::str::FromStr;

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Html,
    Jsonl,
    /// RSS or Atom: one document per entry.
    Feed,
}

impl Format {
    /// The name recorded in `meta.format`.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
            Format::Feed => "feed",
        }
    }

    /// The format a file name's extension says, looking through a final `.gz`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = Path::new(name).extension()?.to_str()?;
        match ext {
            "txt" | "text" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "rss" | "atom" | "xml" => Some(Format::Feed),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes of the (decompressed) input: an opening `{` is
    /// JSON Lines, an `<rss`, `<feed` or `<rdf:RDF` root a feed, HTML tags are HTML, anything
    /// else is text.
    pub fn sniff(head: &[u8]) -> Format {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let head: Vec<u8> = if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            // UTF-16: the ASCII of the markup is every other byte.
            let odd = head.starts_with(b"\xFE\xFF") as usize;
            head.iter().skip(2 + odd).step_by(2).copied().collect()
        } else {
            head.to_vec()
        };
        let lower = head.trim_ascii_start().to_ascii_lowercase();
        // A JSON object opens with a key (or is empty); «{ نص بين أقواس }» is text.
        if let Some(rest) = lower.strip_prefix(b"{")
            && matches!(rest.trim_ascii_start().first(), Some(b'"' | b'}'))
        {
            return Format::Jsonl;
        }
        if feed::sniff(&head) {
            return Format::Feed;
        }
        let has = |pat: &[u8]| lower.windows(pat.len()).any(|w| w == pat);
        if has(b"<!doctype html") || has(b"<html") || has(b"<body") || has(b"<head") {
            return Format::Html;
        }
        if lower.starts_with(b"<")
            && [&b"<p"[..], b"<div", b"<article", b"<meta", b"<h1", b"<title"].iter().any(|t| has(t))
        {
            return Format::Html;
        }
        Format::Text
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = IngestError;

    fn from_str(s: &str) -> Result<Format, IngestError> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "html" | "htm" => Ok(Format::Html),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "feed" | "rss" | "atom" => Ok(Format::Feed),
            _ => Err(IngestError::UnknownFormat { value: s.to_owned() }),
        }
    }
}

/// How to read input. Built with `with_*` methods, which validate, so that a value of this type
/// is always usable (the fields are private for that reason).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    published: Option<String>,
    max_bytes: usize,
    format: Option<Format>,
    counter: Option<ReadCounter>,
}

impl Default for Options {
    fn default() -> Options {
        Options { published: None, max_bytes: Options::DEFAULT_MAX_BYTES, format: None, counter: None }
    }
}

/// The bytes read so far from input files (as stored: gzip counts compressed), shared with
/// whoever shows progress against the files' sizes. Clones count into the same total.
#[derive(Clone, Debug, Default)]
pub struct ReadCounter(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl ReadCounter {
    pub fn get(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl PartialEq for ReadCounter {
    fn eq(&self, other: &ReadCounter) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for ReadCounter {}

/// A reader that adds what it reads to a [`ReadCounter`].
struct Counting<R> {
    inner: R,
    counter: ReadCounter,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.0.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

impl Options {
    /// How many articles' worth of bytes a feed may have ([`Options::feed_max_bytes`]).
    pub const FEED_ARTICLES: usize = 8;

    /// The default limit on one article's input: 8 MiB.
    pub const DEFAULT_MAX_BYTES: usize = 8 << 20;

    /// The highest limit allowed: decoded text stays well under [`Doc::MAX_LEN`] even when a
    /// single-byte legacy encoding triples in UTF-8.
    pub const MAX_MAX_BYTES: usize = Doc::MAX_LEN / 4;

    /// The publication date (`YYYY-MM-DD`, a real date) of plain-text input, which has no other
    /// way to give one. It is also the fallback for HTML pages and JSON records that give none.
    pub fn with_published(mut self, date: &str) -> Result<Options, IngestError> {
        let date = date.trim();
        if !date::is_strict_date(date) {
            return Err(IngestError::BadDate { value: date.to_owned() });
        }
        self.published = Some(date.to_owned());
        Ok(self)
    }

    /// The largest input for one article, in bytes: a text file, an HTML page (markup
    /// included, after gzip decompression) or one JSON line. Clamped to
    /// `1..=`[`Options::MAX_MAX_BYTES`].
    pub fn with_max_bytes(mut self, max: usize) -> Options {
        self.max_bytes = max.clamp(1, Self::MAX_MAX_BYTES);
        self
    }

    /// Counts the bytes read from files into `counter` (for a progress bar).
    pub fn with_read_counter(mut self, counter: ReadCounter) -> Options {
        self.counter = Some(counter);
        self
    }

    /// Reads every input in this format instead of guessing.
    pub fn with_format(mut self, format: Format) -> Options {
        self.format = Some(format);
        self
    }

    pub fn published(&self) -> Option<&str> {
        self.published.as_deref()
    }

    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// The largest feed (or fetched input): a feed holds many articles, so
    /// [`Options::FEED_ARTICLES`] times [`Options::max_bytes`].
    pub fn feed_max_bytes(&self) -> usize {
        self.max_bytes.saturating_mul(Self::FEED_ARTICLES)
    }

    pub fn format(&self) -> Option<Format> {
        self.format
    }
}

/// The document id for an input name: `stdin` for `-`, else the file name without its
/// directory, a `.gz`, and one known format extension.
pub fn doc_id(name: &str) -> String {
    if name == "-" || name.is_empty() {
        return "stdin".to_owned();
    }
    let file = Path::new(name).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let mut stem = file.as_str();
    if stem.len() > 3 && stem[stem.len() - 3..].eq_ignore_ascii_case(".gz") {
        stem = &stem[..stem.len() - 3];
    }
    if let Some(dot) = stem.rfind('.').filter(|&i| i > 0) {
        let ext = stem[dot + 1..].to_ascii_lowercase();
        if ["txt", "text", "html", "htm", "xhtml", "jsonl", "ndjson", "rss", "atom", "xml"]
            .contains(&ext.as_str())
        {
            stem = &stem[..dot];
        }
    }
    if stem.is_empty() { "doc".to_owned() } else { stem.to_owned() }
}

type Stream<'a> = Box<dyn BufRead + Send + 'a>;

/// The documents of one input: an iterator of one `Result` per article (see the crate docs).
/// It is `Send`, so a batch can be spread over threads with `par_bridge`.
pub struct Docs<'a> {
    format: Option<Format>,
    state: State<'a>,
}

enum State<'a> {
    Done,
    One(Box<Result<Doc, IngestError>>),
    Lines(JsonlDocs<Stream<'a>>),
    /// The entries of a feed, parsed at once (feeds are small).
    Many(std::vec::IntoIter<Result<Doc, IngestError>>),
}

impl<'a> Docs<'a> {
    fn one(format: Option<Format>, r: Result<Doc, IngestError>) -> Docs<'a> {
        Docs { format, state: State::One(Box::new(r)) }
    }

    /// The format the input was read as (`None` when it could not be opened or read).
    pub fn format(&self) -> Option<Format> {
        self.format
    }
}

impl Iterator for Docs<'_> {
    type Item = Result<Doc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.state {
            State::Done => None,
            State::Many(docs) => docs.next(),
            State::Lines(lines) => {
                let next = lines.next();
                if next.is_none() {
                    self.state = State::Done;
                }
                next
            }
            State::One(_) => match std::mem::replace(&mut self.state, State::Done) {
                State::One(r) => Some(*r),
                _ => None,
            },
        }
    }
}

/// Reads a file (`-` is standard input, an `http://` or `https://` name is fetched with
/// [`read_url`]). The format comes from the options, the extension or the content; gzip is
/// decompressed transparently. JSON Lines are streamed.
pub fn read_path(path: impl AsRef<Path>, opts: &Options) -> Docs<'static> {
    let path = path.as_ref();
    if path == Path::new("-") {
        return read_reader("-", io::stdin(), opts);
    }
    if let Some(url) = path.to_str().filter(|p| is_url(p)) {
        return read_url(url, opts);
    }
    let name = path.display().to_string();
    let hint = opts.format.or_else(|| Format::from_path(path));
    match std::fs::File::open(path) {
        Ok(f) => {
            let reader: Box<dyn Read + Send> = match &opts.counter {
                Some(c) => Box::new(Counting { inner: f, counter: c.clone() }),
                None => Box::new(f),
            };
            read_stream(&name, hint, reader, opts, None)
        }
        Err(e) => Docs::one(None, Err(IngestError::from_io(&name, false, e))),
    }
}

/// Reads from any reader (standard input, a socket); `name` names it in errors and gives the id
/// and, through its extension, possibly the format.
pub fn read_reader<'a>(name: &str, reader: impl Read + Send + 'a, opts: &Options) -> Docs<'a> {
    let hint = opts.format.or_else(|| Format::from_path(Path::new(name)));
    read_stream(name, hint, Box::new(reader), opts, None)
}

/// Fetches an http(s) URL once (time limit [`FETCH_TIMEOUT`], at most
/// [`Options::feed_max_bytes`]) and reads what it gives: a feed (its entries; their pages are
/// not fetched), an HTML page or any other input format, from the options, else the
/// `Content-Type`, else the URL's extension, else the content. The outlet of a feed without a
/// title is the URL's host.
pub fn read_url(url: &str, opts: &Options) -> Docs<'static> {
    let got = match fetch::fetch(url, opts.feed_max_bytes()) {
        Ok(g) => g,
        Err(e) => return Docs::one(None, Err(e)),
    };
    let by_type = got.content_type.as_deref().and_then(|t| match t {
        t if t.contains("rss") || t.contains("atom") => Some(Format::Feed),
        "text/html" | "application/xhtml+xml" => Some(Format::Html),
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" => Some(Format::Jsonl),
        "text/plain" => Some(Format::Text),
        _ => None,
    });
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let hint = opts.format.or(by_type).or_else(|| Format::from_path(Path::new(path)));
    let host = feed::host(url).map(str::to_owned);
    read_stream(url, hint, Box::new(Cursor::new(got.bytes)), opts, host.as_deref())
}

/// Reads input held in memory (an upload, a fuzz case); as [`read_reader`].
pub fn read_bytes<'a>(name: &str, bytes: &'a [u8], opts: &Options) -> Docs<'a> {
    read_reader(name, bytes, opts)
}

/// How much is read ahead to recognise gzip and sniff the format.
const SNIFF_LEN: u64 = 4096;

fn read_head<R: Read>(r: &mut R) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    r.take(SNIFF_LEN).read_to_end(&mut head)?;
    Ok(head)
}

fn read_stream<'a>(
    name: &str,
    hint: Option<Format>,
    reader: Box<dyn Read + Send + 'a>,
    opts: &Options,
    source_hint: Option<&str>,
) -> Docs<'a> {
    let mut reader = BufReader::with_capacity(64 << 10, reader);
    let head = match read_head(&mut reader) {
        Ok(h) => h,
        Err(e) => return Docs::one(None, Err(IngestError::from_io(name, false, e))),
    };
    let gz = head.starts_with(b"\x1F\x8B");
    let (head, stream): (Vec<u8>, Stream<'a>) = if gz {
        let mut dec =
            BufReader::with_capacity(64 << 10, MultiGzDecoder::new(Cursor::new(head).chain(reader)));
        match read_head(&mut dec) {
            Ok(h) => (h, Box::new(dec)),
            Err(e) => return Docs::one(None, Err(IngestError::from_io(name, true, e))),
        }
    } else {
        (head, Box::new(reader))
    };
    let format = hint.unwrap_or_else(|| Format::sniff(&head));
    let stream: Stream<'a> = Box::new(Cursor::new(head).chain(stream));
    if format == Format::Jsonl {
        return Docs {
            format: Some(format),
            state: State::Lines(JsonlDocs::new(stream, name, opts).gzipped(gz)),
        };
    }
    // A feed holds many articles: it is allowed as much as several.
    let max = if format == Format::Feed { opts.feed_max_bytes() } else { opts.max_bytes };
    let mut bytes = Vec::new();
    if let Err(e) = stream.take(max as u64 + 1).read_to_end(&mut bytes) {
        return Docs::one(Some(format), Err(IngestError::from_io(name, gz, e)));
    }
    if bytes.len() > max {
        let e = IngestError::TooLarge {
            name: name.to_owned(),
            at: Loc::NONE,
            size: bytes.len() as u64,
            limit: max,
        };
        return Docs::one(Some(format), Err(e));
    }
    if format == Format::Feed {
        let docs = feed::feed_docs(name, &bytes, opts, source_hint);
        return Docs { format: Some(format), state: State::Many(docs.into_iter()) };
    }
    Docs::one(Some(format), article(name, format, &bytes, opts))
}

/// One text or HTML article from its bytes.
fn article(name: &str, format: Format, bytes: &[u8], opts: &Options) -> Result<Doc, IngestError> {
    let empty = || IngestError::Empty { name: name.to_owned(), at: Loc::NONE };
    if bytes.is_empty() {
        return Err(empty());
    }
    let decoded = decode::decode(name, Loc::NONE, bytes, format == Format::Html)?;
    if layout::is_blank(&decoded.text) {
        return Err(empty());
    }
    let id = doc_id(name);
    match format {
        Format::Html => html::html_doc(&id, name, &decoded.text, decoded.encoding, opts),
        Format::Text | Format::Jsonl | Format::Feed => Ok(Doc::new(id, decoded.text).with_meta(Meta {
            published: opts.published.clone(),
            format: Some(Format::Text.name().to_owned()),
            encoding: decoded.encoding.map(str::to_owned),
            ..Meta::default()
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(doc_id("corpus/seed-libya-africom.txt"), "seed-libya-africom");
        assert_eq!(doc_id("a/b.html.gz"), "b");
        assert_eq!(doc_id("report.2019.txt"), "report.2019");
        assert_eq!(doc_id("notes.md"), "notes.md");
        assert_eq!(doc_id("-"), "stdin");
        assert_eq!(doc_id(".txt"), ".txt");
        assert_eq!(doc_id("/"), "doc");
    }

    #[test]
    fn formats() {
        assert_eq!(Format::from_path(Path::new("a/b.HTM")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("ant.jsonl.gz")), Some(Format::Jsonl));
        assert_eq!(Format::from_path(Path::new("x.ndjson")), Some(Format::Jsonl));
        assert_eq!(Format::from_path(Path::new("x.txt")), Some(Format::Text));
        assert_eq!(Format::from_path(Path::new("x.gz")), None);
        assert_eq!(Format::from_path(Path::new("-")), None);
        assert_eq!(Format::sniff(b"\xEF\xBB\xBF  {\"text\": 1}"), Format::Jsonl);
        assert_eq!(Format::sniff(b"\n<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::sniff(b"<p>\xd9\x86\xd8\xb5</p>"), Format::Html);
        assert_eq!(Format::sniff("قال <المصدر>".as_bytes()), Format::Text);
        assert_eq!("JSONL".parse::<Format>().unwrap(), Format::Jsonl);
        assert!("pdf".parse::<Format>().is_err());
    }

    #[test]
    fn options_validate() {
        assert!(Options::default().with_published("2019-02-29").is_err());
        assert_eq!(
            Options::default().with_published(" 2020-02-29 ").unwrap().published(),
            Some("2020-02-29")
        );
        assert_eq!(Options::default().with_max_bytes(0).max_bytes(), 1);
        assert_eq!(Options::default().with_max_bytes(usize::MAX).max_bytes(), Options::MAX_MAX_BYTES);
    }
}
