//! JSON Lines: one article a line, read as a stream.

use crate::date::normalize_date;
use crate::decode::binary_evidence;
use crate::layout::{Layout, is_blank};
use crate::{IngestError, Loc, Options, doc_id};
use rasid_core::{BlockKind, Doc, Meta};
use serde_json::{Map, Value};
use std::io::{self, BufRead};

/// Fields that may carry the publication date, in order of preference.
const DATE_FIELDS: [&str; 3] = ["published", "date", "time"];

/// An iterator over the documents of a JSON Lines stream, one `Result` per non-blank line.
///
/// A bad line (malformed JSON, no `text`, over the size limit) yields an error naming the line
/// and reading goes on with the next; only a read failure (I/O, corrupt gzip) ends the stream,
/// after yielding that error. Lines are read one at a time, and a line over the size limit is
/// skipped without being held in memory.
///
/// Record fields: `id` (string or number; default `<stem>:<line>`), `title`, `text` (required),
/// `published` (or `date`, or `time`; normalised to `YYYY-MM-DD`), `url`, `source`, `author` or
/// `byline`. Every other field, and a date that cannot be normalised, is kept in `meta.extra`.
/// The document text is `title + "\n\n" + text` (the title a [`BlockKind::Title`] hint), or
/// just `text`, which is kept exactly as given.
pub struct JsonlDocs<R> {
    reader: R,
    name: String,
    stem: String,
    opts: Options,
    line: u64,
    buf: Vec<u8>,
    gz: bool,
    done: bool,
}

impl<R: BufRead> JsonlDocs<R> {
    /// Reads JSON Lines from `reader`; `name` names the input in errors and gives the fallback
    /// ids (`<stem>:<line>`).
    pub fn new(reader: R, name: &str, opts: &Options) -> JsonlDocs<R> {
        JsonlDocs {
            reader,
            name: name.to_owned(),
            stem: doc_id(name),
            opts: opts.clone(),
            line: 0,
            buf: Vec::new(),
            gz: false,
            done: false,
        }
    }

    /// Marks the stream as decompressed gzip, so that decoder errors read as corrupt input.
    pub(crate) fn gzipped(mut self, gz: bool) -> JsonlDocs<R> {
        self.gz = gz;
        self
    }

    /// Reads the next line (without its `\n`) into `buf`, keeping at most `max_bytes + 1`
    /// bytes of it. Returns the line's full length, or `None` at the end of the input.
    fn next_line(&mut self) -> io::Result<Option<u64>> {
        self.buf.clear();
        let keep = self.opts.max_bytes().saturating_add(1);
        let mut total = 0u64;
        let mut any = false;
        loop {
            let avail = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                return Ok(any.then_some(total));
            }
            any = true;
            let (chunk, used, end) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (&avail[..i], i + 1, true),
                None => (avail, avail.len(), false),
            };
            let room = keep.saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
            total += chunk.len() as u64;
            self.reader.consume(used);
            if end {
                return Ok(Some(total));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonlDocs<R> {
    type Item = Result<Doc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let total = match self.next_line() {
                Ok(Some(t)) => t,
                Ok(None) => break,
                Err(e) => {
                    self.done = true;
                    return Some(Err(IngestError::from_io(&self.name, self.gz, e)));
                }
            };
            self.line += 1;
            let at = Loc::line(self.line);
            let mut bytes = &self.buf[..];
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            let trimmed = bytes.trim_ascii();
            if trimmed.is_empty() {
                continue;
            }
            let max = self.opts.max_bytes();
            if total > max as u64 {
                return Some(Err(IngestError::TooLarge {
                    name: self.name.clone(),
                    at,
                    size: total,
                    limit: max,
                }));
            }
            let lead = (self.buf.len() - bytes.len()) + (bytes.len() - bytes.trim_ascii_start().len());
            return Some(parse_line(trimmed, lead, at, &self.name, &self.stem, &self.opts));
        }
        self.done = true;
        None
    }
}

/// serde_json's message without its " at line L column C" suffix (the line is ours to name).
fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

fn parse_line(
    line: &[u8],
    lead: usize,
    at: Loc,
    name: &str,
    stem: &str,
    opts: &Options,
) -> Result<Doc, IngestError> {
    let name_s = || name.to_owned();
    let s = std::str::from_utf8(line).map_err(|e| IngestError::Undecodable {
        name: name_s(),
        at: at.at_byte((lead + e.valid_up_to()) as u64),
        encoding: "UTF-8",
    })?;
    let value: Value = serde_json::from_str(s).map_err(|e| IngestError::Json {
        name: name_s(),
        at: at.at_byte((lead + e.column().saturating_sub(1)) as u64),
        message: json_message(&e),
    })?;
    let Value::Object(map) = value else {
        return Err(IngestError::NotAnObject { name: name_s(), at });
    };
    record_doc(map, at, name, stem, opts)
}

/// Takes a string field out of the record; other types are left in place (for `extra`).
fn take_str(map: &mut Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key) {
        Some(Value::String(_)) => match map.remove(key) {
            Some(Value::String(s)) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
            _ => None,
        },
        _ => None,
    }
}

fn record_doc(
    mut map: Map<String, Value>,
    at: Loc,
    name: &str,
    stem: &str,
    opts: &Options,
) -> Result<Doc, IngestError> {
    let bad = |field, expected| IngestError::BadField { name: name.to_owned(), at, field, expected };
    let text = match map.remove("text") {
        None | Some(Value::Null) => {
            return Err(IngestError::MissingField { name: name.to_owned(), at, field: "text" });
        }
        Some(Value::String(s)) => s,
        Some(_) => return Err(bad("text", "a string")),
    };
    if is_blank(&text) {
        return Err(IngestError::Empty { name: name.to_owned(), at });
    }
    let title = match map.remove("title") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => return Err(bad("title", "a string")),
    };
    let id = match map.remove("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) | Some(Value::String(_)) => format!("{stem}:{}", at.line.unwrap_or(0)),
        Some(_) => return Err(bad("id", "a string or a number")),
    };
    let mut published = None;
    for key in DATE_FIELDS {
        if let Some(d) = map.get(key).and_then(Value::as_str).and_then(normalize_date) {
            published = Some(d);
            map.remove(key);
            break;
        }
    }
    let url = take_str(&mut map, "url");
    let source = take_str(&mut map, "source");
    let byline = take_str(&mut map, "author").or_else(|| take_str(&mut map, "byline"));

    let mut layout = Layout::default();
    if let Some(t) = &title {
        layout.push(BlockKind::Title, t);
    }
    layout.push_unhinted(&text);
    if let Some((_, what)) = binary_evidence(layout.text().as_bytes()) {
        return Err(IngestError::Binary { name: name.to_owned(), at, what });
    }
    let (text, hints) = layout.finish();
    let mut doc = Doc::new(id, text).with_meta(Meta {
        published: published.or_else(|| opts.published().map(str::to_owned)),
        url,
        source,
        byline,
        format: Some("jsonl".into()),
        encoding: None,
        extra: map.into_iter().collect(),
    });
    doc.block_hints = hints;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(input: &str) -> Vec<Result<Doc, IngestError>> {
        JsonlDocs::new(input.as_bytes(), "t.jsonl", &Options::default()).collect()
    }

    #[test]
    fn ant_record() {
        let line = r#"{"id": "AL-1", "source": "alarabia", "category": "culture", "url": "http://x/1", "time": "Sun, 18 Feb 2018 21:35:43 +0400", "author": "القاهرة - أحمد", "title": "عنوان", "abstract": "ملخص", "text": "نص الخبر\nفقرة ثانية"}"#;
        let d = docs(line).pop().unwrap().unwrap();
        assert_eq!(d.id, "AL-1");
        assert_eq!(d.text(), "عنوان\n\nنص الخبر\nفقرة ثانية");
        assert_eq!(d.slice(d.block_hints[0].span), "عنوان");
        assert_eq!(d.block_hints.len(), 1);
        assert_eq!(d.meta.published.as_deref(), Some("2018-02-18"));
        assert_eq!(d.meta.byline.as_deref(), Some("القاهرة - أحمد"));
        assert_eq!(d.meta.source.as_deref(), Some("alarabia"));
        assert_eq!(d.meta.url.as_deref(), Some("http://x/1"));
        assert_eq!(d.meta.format.as_deref(), Some("jsonl"));
        assert_eq!(d.meta.extra.keys().collect::<Vec<_>>(), ["abstract", "category"]);
    }

    #[test]
    fn unparsed_date_kept_and_fallback_id() {
        let d = docs(r#"{"text": "نص", "date": "قبل ساعتين"}"#).pop().unwrap().unwrap();
        assert_eq!(d.id, "t:1");
        assert_eq!(d.meta.published, None);
        assert_eq!(d.meta.extra["date"], "قبل ساعتين");
        assert_eq!(d.text(), "نص");
        assert!(d.block_hints.is_empty());
    }

    #[test]
    fn bad_lines_do_not_stop_the_stream() {
        let input = "{\"id\": 1, \"text\": \"أ\"}\n{\"id\": 2, \"text\": \n\n{\"id\": 3}\n[1]\r\n{\"id\": 4, \"text\": 5}\n{\"text\": \" \"}\n{\"id\": 7, \"text\": \"ب\"}";
        let r = docs(input);
        assert_eq!(r.len(), 7);
        assert_eq!(r[0].as_ref().unwrap().id, "1");
        let e = r[1].as_ref().unwrap_err();
        assert!(matches!(e, IngestError::Json { .. }), "{e}");
        assert!(e.to_string().starts_with("t.jsonl:2: byte "), "{e}");
        assert!(matches!(
            r[2],
            Err(IngestError::MissingField { field: "text", at: Loc { line: Some(4), .. }, .. })
        ));
        assert!(matches!(r[3], Err(IngestError::NotAnObject { .. })));
        assert!(matches!(r[4], Err(IngestError::BadField { field: "text", .. })));
        assert!(matches!(r[5], Err(IngestError::Empty { .. })));
        // Line 8 has no newline at the end and is still read.
        assert_eq!(r[6].as_ref().unwrap().id, "7");
    }

    #[test]
    fn long_line_is_skipped() {
        let opts = Options::default().with_max_bytes(64);
        let long = format!("{{\"text\": \"{}\"}}\n{{\"text\": \"قصير\"}}\n", "ا".repeat(100));
        let r: Vec<_> = JsonlDocs::new(long.as_bytes(), "t.jsonl", &opts).collect();
        assert!(matches!(r[0], Err(IngestError::TooLarge { size: 212, limit: 64, .. })), "{:?}", r[0]);
        assert_eq!(r[1].as_ref().unwrap().text(), "قصير");
    }

    #[test]
    fn nul_in_text_is_binary() {
        let r = docs(r#"{"text": "a\u0000b"}"#);
        assert!(matches!(r[0], Err(IngestError::Binary { .. })));
    }
}
