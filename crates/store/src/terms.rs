//! The words a search index holds and a query asks for: one function for both sides.
//!
//! Each word is given two forms, both through [`rasid_arabic::normalize::fold`]:
//!
//! * the **surface** form, the whole word folded: «وللحكومة» → `وللحكومه`;
//! * the **base**, the word without its proclitics (و ف ب ل ك س and the article ال), folded:
//!   «وللحكومة» "and for the government" = و + ل + ل + حكومة → `حكومه`, the same base as
//!   «الحكومة» "the government" and «حكومة» "a government".
//!
//! The enclitic pronoun is kept in the base («حكومته» "his government" stays `حكومته`): stripping
//! it would also need the spelling rule that turns ت back into ة, and the surface form alone is
//! how a reader types it. The index keeps one surface term and one base term per word, in two
//! columns at the same positions, so a quoted phrase matches on either column.

use rasid_arabic::clitics::Segmenter;
use rasid_arabic::normalize::fold;
use rasid_arabic::tokenize::tokenize;
use rasid_core::{Span, Token, TokenKind};
use sha2::{Digest, Sha256};

/// One indexed word: its byte span in the text and its two folded forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub span: Span,
    pub surface: String,
    pub base: String,
}

/// Whether a token is searchable: words and numbers, not punctuation or symbols.
fn searchable(t: &Token) -> bool {
    t.kind.is_word() || matches!(t.kind, TokenKind::Number | TokenKind::Percent | TokenKind::Date)
}

/// The searchable words of `text` with their forms, in text order. The same function reads an
/// article at index time and a query at search time.
pub fn terms(text: &str) -> Vec<Term> {
    let seg = Segmenter::embedded();
    let mut out = Vec::new();
    for t in tokenize(text) {
        if !searchable(&t) {
            continue;
        }
        let word = &text[t.span.range()];
        let mut surface = String::with_capacity(word.len());
        fold(word, &mut surface);
        // FTS5's own tokenizer splits at anything that is not a letter or digit; keep the
        // term to what it will see, so index and query agree on positions.
        surface.retain(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'');
        if surface.chars().all(|c| !c.is_alphanumeric()) {
            continue;
        }
        let base = if t.kind == TokenKind::Arabic {
            let s = seg.segment(word);
            let whole = Span::new(0, word.len() as u32);
            let pre: u32 = s.proclitics(whole).map(|(_, p)| p.len() as u32).sum();
            match word.get(pre as usize..) {
                Some(rest) if pre > 0 && rest.chars().any(char::is_alphabetic) => {
                    let mut b = String::with_capacity(rest.len());
                    fold(rest, &mut b);
                    b
                }
                _ => surface.clone(),
            }
        } else {
            surface.clone()
        };
        out.push(Term { span: t.span, surface, base });
    }
    out
}

/// The two columns of the index for one text: surface forms and bases, space-separated, the
/// n-th word of each at the same position.
pub fn index_columns(terms: &[Term]) -> (String, String) {
    let mut s = String::new();
    let mut b = String::new();
    for t in terms {
        if !s.is_empty() {
            s.push(' ');
            b.push(' ');
        }
        s.push_str(&t.surface);
        b.push_str(&t.base);
    }
    (s, b)
}

/// SHA-256 of the normalised text: every token folded, joined by single spaces. Two copies of
/// an article that differ only in diacritics, tatweel, hamza spelling or line breaks have the
/// same hash.
pub fn content_hash(text: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    let mut buf = String::new();
    for t in tokenize(text) {
        buf.clear();
        fold(&text[t.span.range()], &mut buf);
        if buf.is_empty() {
            continue;
        }
        h.update(buf.as_bytes());
        h.update(b" ");
    }
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_spellings_share_a_base() {
        // «الحكومة» "the government", «حكومة» "government", «وللحكومة» "and for the government".
        let bases: Vec<String> =
            ["الحكومة", "حكومة", "وللحكومة"].iter().map(|w| terms(w)[0].base.clone()).collect();
        assert_eq!(bases, ["حكومه", "حكومه", "حكومه"]);
        assert_eq!(terms("وللحكومة")[0].surface, "وللحكومه");
    }

    #[test]
    fn punctuation_is_not_a_term() {
        let t = terms("قال: «نعم» ، 2019!");
        let s: Vec<&str> = t.iter().map(|t| t.surface.as_str()).collect();
        assert_eq!(s, ["قال", "نعم", "2019"]);
    }

    #[test]
    fn hash_ignores_diacritics_and_layout() {
        assert_eq!(content_hash("قالَ الوزيرُ\n\nأمس"), content_hash("قال  الوزير امس"));
        assert_ne!(content_hash("قال الوزير"), content_hash("قال الرئيس"));
    }
}
