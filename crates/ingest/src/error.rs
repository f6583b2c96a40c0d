//! The crate's one error type.

use std::fmt;
use std::io;

/// Where in an input a problem lies: the 1-based line of a JSON Lines file and/or a 0-based byte
/// offset (into the file for text and HTML, into the line when `line` is set).
///
/// Displays as `:LINE`, `: byte N` or `:LINE: byte N`, so that `"{name}{loc}"` reads like a
/// compiler location (`ant.jsonl:2`, `page.txt: byte 1234`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Loc {
    pub line: Option<u64>,
    pub byte: Option<u64>,
}

impl Loc {
    /// No location: the problem concerns the whole input.
    pub const NONE: Loc = Loc { line: None, byte: None };

    pub const fn line(line: u64) -> Loc {
        Loc { line: Some(line), byte: None }
    }

    pub const fn byte(byte: u64) -> Loc {
        Loc { line: None, byte: Some(byte) }
    }

    /// The same location with a byte offset (kept relative to the line when there is one).
    pub const fn at_byte(self, byte: u64) -> Loc {
        Loc { line: self.line, byte: Some(byte) }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(b) = self.byte {
            write!(f, ": byte {b}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong turning input into documents.
///
/// Variants carry the input's `name` (a path, or `-` for standard input) and, where it helps,
/// a [`Loc`]. All variants but [`IngestError::Io`] and [`IngestError::Fetch`] are the user's input being unusable
/// ([`IngestError::is_user_error`]); [`IngestError::code`] gives a stable machine-readable code.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The input does not exist.
    #[error("{name}: no such file")]
    NotFound { name: String },

    /// Binary data (an image, an archive, NUL bytes, control characters), not text.
    #[error("{name}{at}: binary data ({what}), not text")]
    Binary { name: String, at: Loc, what: &'static str },

    /// Text that cannot be decoded: invalid UTF-8 that is not a legacy encoding either, or bytes
    /// the detected encoding does not define.
    #[error("{name}{at}: not decodable as {encoding} text")]
    Undecodable { name: String, at: Loc, encoding: &'static str },

    /// Nothing but whitespace (or nothing at all) where an article was expected.
    #[error("{name}{at}: empty article")]
    Empty { name: String, at: Loc },

    /// One article's input (a file, an HTML page, a JSON line) is over the configured limit.
    #[error("{name}{at}: article input is over the limit of {limit} bytes (at least {size} bytes)")]
    TooLarge { name: String, at: Loc, size: u64, limit: usize },

    /// An HTML page with no article text that could be extracted.
    #[error("{name}: no article text found in the HTML page")]
    NoArticle { name: String },

    /// A JSON Lines line that is not valid JSON.
    #[error("{name}{at}: malformed JSON: {message}")]
    Json { name: String, at: Loc, message: String },

    /// A JSON Lines line that is valid JSON but not an object.
    #[error("{name}{at}: the record is not a JSON object")]
    NotAnObject { name: String, at: Loc },

    /// A JSON Lines record without a required field (`text`).
    #[error("{name}{at}: the record has no `{field}` field")]
    MissingField { name: String, at: Loc, field: &'static str },

    /// A JSON Lines field of the wrong type.
    #[error("{name}{at}: field `{field}` must be {expected}")]
    BadField { name: String, at: Loc, field: &'static str, expected: &'static str },

    /// A gzip stream that is corrupt or truncated.
    #[error("{name}: corrupt gzip data: {source}")]
    Gzip {
        name: String,
        #[source]
        source: io::Error,
    },

    /// A publication date option that is not a real `YYYY-MM-DD` date.
    #[error("invalid publication date {value:?}: expected a real date as YYYY-MM-DD")]
    BadDate { value: String },

    /// A format name that is not `text`, `html`, `jsonl` or `feed`.
    #[error("unknown input format {value:?}: expected text, html, jsonl or feed")]
    UnknownFormat { value: String },

    /// An RSS or Atom feed that cannot be parsed.
    #[error("{name}: not a readable RSS or Atom feed: {message}")]
    Feed { name: String, message: String },

    /// An http(s) input that could not be fetched (no answer, an HTTP error status).
    #[error("{name}: cannot fetch: {message}")]
    Fetch { name: String, message: String },

    /// Reading failed for a reason other than the input's content (permissions, a disk error).
    #[error("{name}: {source}")]
    Io {
        name: String,
        #[source]
        source: io::Error,
    },
}

impl IngestError {
    /// True when the input (or an option) is at fault, false for internal failures (I/O).
    /// A server maps the first to 4xx and the second to 5xx.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, IngestError::Io { .. } | IngestError::Fetch { .. })
    }

    /// A stable, machine-readable code for the variant.
    pub fn code(&self) -> &'static str {
        match self {
            IngestError::NotFound { .. } => "not_found",
            IngestError::Binary { .. } => "binary_input",
            IngestError::Undecodable { .. } => "undecodable_text",
            IngestError::Empty { .. } => "empty_article",
            IngestError::TooLarge { .. } => "article_too_large",
            IngestError::NoArticle { .. } => "no_article",
            IngestError::Json { .. } => "malformed_json",
            IngestError::NotAnObject { .. } => "not_an_object",
            IngestError::MissingField { .. } => "missing_field",
            IngestError::BadField { .. } => "bad_field",
            IngestError::Gzip { .. } => "corrupt_gzip",
            IngestError::BadDate { .. } => "bad_date",
            IngestError::UnknownFormat { .. } => "unknown_format",
            IngestError::Feed { .. } => "malformed_feed",
            IngestError::Fetch { .. } => "fetch_failed",
            IngestError::Io { .. } => "io",
        }
    }

    /// The name of the input the error is about, when it is about one.
    pub fn name(&self) -> Option<&str> {
        match self {
            IngestError::NotFound { name }
            | IngestError::Binary { name, .. }
            | IngestError::Undecodable { name, .. }
            | IngestError::Empty { name, .. }
            | IngestError::TooLarge { name, .. }
            | IngestError::NoArticle { name }
            | IngestError::Json { name, .. }
            | IngestError::NotAnObject { name, .. }
            | IngestError::MissingField { name, .. }
            | IngestError::BadField { name, .. }
            | IngestError::Gzip { name, .. }
            | IngestError::Feed { name, .. }
            | IngestError::Fetch { name, .. }
            | IngestError::Io { name, .. } => Some(name),
            IngestError::BadDate { .. } | IngestError::UnknownFormat { .. } => None,
        }
    }

    /// Where in the input the error lies ([`Loc::NONE`] when it concerns the whole input).
    pub fn loc(&self) -> Loc {
        match self {
            IngestError::Binary { at, .. }
            | IngestError::Undecodable { at, .. }
            | IngestError::Empty { at, .. }
            | IngestError::TooLarge { at, .. }
            | IngestError::Json { at, .. }
            | IngestError::NotAnObject { at, .. }
            | IngestError::MissingField { at, .. }
            | IngestError::BadField { at, .. } => *at,
            _ => Loc::NONE,
        }
    }

    /// The 1-based JSON Lines line the error is about.
    pub fn line(&self) -> Option<u64> {
        self.loc().line
    }

    /// Maps an I/O error while reading `name`: data errors from a gzip decoder are the input's
    /// fault, anything else is internal.
    pub(crate) fn from_io(name: &str, gz: bool, e: io::Error) -> IngestError {
        use io::ErrorKind::*;
        match e.kind() {
            NotFound => IngestError::NotFound { name: name.to_owned() },
            InvalidInput | InvalidData | UnexpectedEof if gz => {
                IngestError::Gzip { name: name.to_owned(), source: e }
            }
            _ => IngestError::Io { name: name.to_owned(), source: e },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_and_location() {
        let e =
            IngestError::Json { name: "a.jsonl".into(), at: Loc::line(2).at_byte(17), message: "x".into() };
        assert_eq!(e.to_string(), "a.jsonl:2: byte 17: malformed JSON: x");
        let e = IngestError::Binary { name: "a.txt".into(), at: Loc::byte(4), what: "NUL byte" };
        assert_eq!(e.to_string(), "a.txt: byte 4: binary data (NUL byte), not text");
        assert!(e.is_user_error());
        assert_eq!(e.code(), "binary_input");
        let e = IngestError::Io { name: "a".into(), source: io::Error::other("disk") };
        assert!(!e.is_user_error());
    }
}
