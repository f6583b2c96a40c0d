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
use rasid_core::{Doc, Layer, Segmentation, Span, Token, TokenKind};
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

/// The searchable words of `text` with their forms, in text order. The same function reads a
/// query at search time; at index time [`doc_terms`] gives the same result from the pipeline's
/// own tokens.
pub fn terms(text: &str) -> Vec<Term> {
    let seg = Segmenter::embedded();
    let mut out = Vec::new();
    let mut folded = String::new();
    for t in tokenize(text) {
        if !searchable(&t) {
            continue;
        }
        let word = &text[t.span.range()];
        folded.clear();
        fold(word, &mut folded);
        let s = if t.kind == TokenKind::Arabic { seg.segment(word) } else { Segmentation::WHOLE };
        out.extend(term(word, t, &folded, &s));
    }
    out
}

/// The terms of an analysed document, from its tokens, their folds (recorded by the tokenizer
/// with [`fold`]) and their segmentations (by the clitic stage with [`Segmenter::segment`]):
/// what [`terms`] computes, without tokenizing, folding and segmenting again. Falls back to
/// [`terms`] when the document lacks those layers.
pub fn doc_terms(doc: &Doc) -> Vec<Term> {
    if !doc.assigned().contains(Layer::Segments) || doc.token_fold(0).is_none() {
        return terms(doc.text());
    }
    let text = doc.text();
    let mut out = Vec::with_capacity(doc.tokens.len());
    for (i, t) in doc.tokens.iter().enumerate() {
        if !searchable(t) {
            continue;
        }
        let (Some(word), Some(folded)) = (text.get(t.span.range()), doc.token_fold(i)) else { continue };
        // Relative to the word, as Segmenter::segment returns it.
        out.extend(term(word, *t, folded, &t.seg));
    }
    out
}

/// One word's term: `folded` is `fold(word)`, `seg` its clitic segmentation. `None` when
/// nothing searchable is left.
fn term(word: &str, t: Token, folded: &str, seg: &Segmentation) -> Option<Term> {
    let mut surface = folded.to_string();
    if t.kind != TokenKind::Arabic {
        // FTS5's own tokenizer splits at anything that is not a letter or digit; keep the
        // term to what it will see, so index and query agree on positions. (A folded Arabic
        // word is letters only: the fold drops marks and joiners.)
        surface.retain(|c| c.is_alphanumeric() || c == '-' || c == '\'');
    }
    if surface.is_empty() || !surface.chars().any(char::is_alphanumeric) {
        return None;
    }
    let whole = Span::new(0, word.len() as u32);
    let pre: usize = if seg.fits(whole) { seg.proclitics(whole).map(|(_, p)| p.len()).sum() } else { 0 };
    let mut base = String::new();
    if pre > 0
        && let Some(rest) = word.get(pre..)
    {
        fold(rest, &mut base);
    }
    if base.is_empty() {
        base = surface.clone();
    }
    Some(Term { span: t.span, surface, base })
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

/// [`content_hash`] from the folds the tokenizer recorded in an analysed document.
pub fn content_hash_of_doc(doc: &Doc) -> [u8; 32] {
    if doc.tokens.is_empty() || doc.token_fold(0).is_none() {
        return content_hash(doc.text());
    }
    let mut h = Sha256::new();
    for i in 0..doc.tokens.len() {
        match doc.token_fold(i) {
            Some("") => {}
            Some(f) => {
                h.update(f.as_bytes());
                h.update(b" ");
            }
            None => return content_hash(doc.text()),
        }
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
