//! Reading NER corpora in the `token TAG` format (one token a line, a blank line between
//! sentences), as ANERcorp, AQMAR and the FANE sets are distributed.
//!
//! The token is everything before the last run of whitespace, the tag the last field. A byte-order
//! mark, CR line ends and the left-to-right / right-to-left marks some files carry are removed.

use crate::error::NerError;
use crate::label::Label;
use std::io::BufRead;
use std::path::Path;

/// One gold sentence: tokens as the file cuts them and their labels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub labels: Vec<Label>,
}

/// What to do with a tag that is not O/B-t/I-t for PER, LOC, ORG, MISC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownTags {
    /// Reject the file, naming the line (evaluation: a typo must not silently become O).
    Error,
    /// Read the token as `O` (training on sets with extra types, e.g. Wojood's DATE).
    AsOutside,
}

fn clean(s: &str) -> String {
    s.chars().filter(|&c| !matches!(c, '\u{feff}' | '\u{200e}' | '\u{200f}' | '\r')).collect()
}

/// Rewrites labels to strict IOB2 the way conlleval reads them: an `I-t` that does not continue
/// an entity of type `t` (after `O`, at a sentence start, after another type) becomes `B-t`. The
/// tagger never predicts such an `I-`, so training on it only teaches transitions it cannot use.
pub fn to_iob2(labels: &mut [Label]) {
    let mut prev = Label::O;
    for l in labels.iter_mut() {
        if l.is_inside()
            && !prev.allows(*l)
            && let Some(t) = l.entity_type()
        {
            *l = Label::begin(t);
        }
        prev = *l;
    }
}

/// Reads a `token TAG` file.
pub fn read_file(path: &Path, unknown: UnknownTags) -> Result<Vec<Sentence>, NerError> {
    let f = std::fs::File::open(path).map_err(|source| NerError::Io { path: path.into(), source })?;
    read(std::io::BufReader::new(f), path, unknown)
}

/// Reads `token TAG` lines from a reader; `path` names the source in errors.
pub fn read<R: BufRead>(r: R, path: &Path, unknown: UnknownTags) -> Result<Vec<Sentence>, NerError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (i, line) in r.split(b'\n').enumerate() {
        let lineno = i + 1;
        let bytes = line.map_err(|source| NerError::Io { path: path.into(), source })?;
        let line = std::str::from_utf8(&bytes).map_err(|_| NerError::Format {
            path: path.into(),
            line: lineno,
            reason: "not UTF-8".into(),
        })?;
        // CR and a byte-order mark go; bidi marks are removed from tokens below, but a token that
        // is nothing but a mark (AQMAR has lines `\u{200f} O`) stays a token: the gold file's
        // tokenisation is kept exactly.
        let line = line.trim_start_matches('\u{feff}').trim_end_matches('\r');
        if clean(line).trim().is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let line = line.trim_matches(|c: char| c.is_whitespace() && !matches!(c, '\u{200e}' | '\u{200f}'));
        let Some((token, tag)) = line.rsplit_once(|c: char| c.is_whitespace()) else {
            return Err(NerError::Format {
                path: path.into(),
                line: lineno,
                reason: format!("expected `token TAG`, found {line:?}"),
            });
        };
        let cleaned = clean(token);
        let token = if cleaned.trim().is_empty() { token.trim() } else { cleaned.trim() };
        if token.is_empty() {
            return Err(NerError::Format { path: path.into(), line: lineno, reason: "empty token".into() });
        }
        let tag = tag.trim_matches(|c| matches!(c, '\u{200e}' | '\u{200f}'));
        let label = match (Label::parse(tag), unknown) {
            (Some(l), _) => l,
            (None, UnknownTags::AsOutside) => Label::O,
            (None, UnknownTags::Error) => {
                return Err(NerError::Format {
                    path: path.into(),
                    line: lineno,
                    reason: format!(
                        "unknown tag {tag:?} (expected O, B-/I- with PER(S), LOC, ORG, MISC/MIS)"
                    ),
                });
            }
        };
        cur.tokens.push(token.to_string());
        cur.labels.push(label);
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str, u: UnknownTags) -> Result<Vec<Sentence>, NerError> {
        read(s.as_bytes(), Path::new("t.txt"), u)
    }

    #[test]
    fn reads_sentences() {
        let s =
            parse("\u{feff}فرانكفورت B-LOC\r\n(د O\n\n\nأعلن\tO\nاتحاد B-ORG\n", UnknownTags::Error).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, ["فرانكفورت", "(د"]);
        assert_eq!(s[1].labels[1].to_string(), "B-ORG");
    }

    #[test]
    fn iob2_repairs_like_conlleval() {
        let p = |s: &str| s.split(' ').map(|x| Label::parse(x).unwrap()).collect::<Vec<_>>();
        let mut l = p("I-PER I-PER O I-LOC B-ORG I-PER");
        to_iob2(&mut l);
        assert_eq!(l, p("B-PER I-PER O B-LOC B-ORG B-PER"));
        assert_eq!(crate::label::chunks(&l), crate::label::chunks(&p("I-PER I-PER O I-LOC B-ORG I-PER")));
    }

    #[test]
    fn a_mark_alone_is_a_token() {
        let s = parse("\u{200f} O\n\u{200e}قال O\n", UnknownTags::Error).unwrap();
        assert_eq!(s[0].tokens, ["\u{200f}", "قال"]);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("a O\nb B-DATE\n", UnknownTags::Error).unwrap_err().to_string();
        assert!(e.starts_with("t.txt:2: unknown tag"), "{e}");
        let e = parse("a O\nlonely\n", UnknownTags::Error).unwrap_err().to_string();
        assert!(e.starts_with("t.txt:2:"), "{e}");
        let s = parse("a O\nb B-DATE\n", UnknownTags::AsOutside).unwrap();
        assert_eq!(s[0].labels, [Label::O, Label::O]);
    }
}
