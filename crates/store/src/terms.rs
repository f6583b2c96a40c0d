//! The words a search index holds and a query asks for: one function for both sides.
//!
//! Each word is given two forms, both through [`rasid_arabic::normalize::fold`]:
//!
//! * the **surface** form, the whole word folded: «وللحكومة» → `وللحكومه`;
//! * the **base**, the word without its proclitics (و ف ب ل ك س and the article ال), folded:
//!   «وللحكومة» "and for the government" = و + ل + ل + حكومة → `حكومه`, the same base as
//!   «الحكومة» "the government" and «حكومة» "a government".
//!
//! * the **stem**, the base reduced to a root-like key by [`rasid_arabic::stem::stem`]:
//!   «المفاوضات» "the negotiations" and «التفاوض» "negotiating" both give `فوض`. Search weighs it
//!   least: a word that shares only the stem is found, and ranks below the word itself.
//!
//! The enclitic pronoun is kept in the base («حكومته» "his government" stays `حكومته`): stripping
//! it would also need the spelling rule that turns ت back into ة, and the surface form alone is
//! how a reader types it. The index keeps one surface, one base and one stem term per word, in
//! three columns at the same positions, so a quoted phrase matches on any column.

use rasid_arabic::clitics::Segmenter;
use rasid_arabic::normalize::fold;
use rasid_arabic::stem::stem_into;
use rasid_arabic::tokenize::tokenize;
use rasid_core::{Doc, Layer, Segmentation, Span, Token, TokenKind};
use sha2::{Digest, Sha256};

/// One indexed word: its byte span in the text and its three folded forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub span: Span,
    pub surface: String,
    pub base: String,
    pub stem: String,
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
    match doc_words(doc) {
        // The segmentation is relative to the word, as Segmenter::segment returns it.
        Some(words) => words.filter_map(|(word, t, folded)| term(word, *t, folded, &t.seg)).collect(),
        None => terms(doc.text()),
    }
}

/// The searchable words of an analysed document with their tokens and recorded folds; `None`
/// when the document lacks folds or clitic segmentations (then the text is read afresh).
fn doc_words(doc: &Doc) -> Option<impl Iterator<Item = (&str, &Token, &str)>> {
    if !doc.assigned().contains(Layer::Segments) || doc.token_fold(0).is_none() {
        return None;
    }
    let text = doc.text();
    Some(
        doc.tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| searchable(t))
            .filter_map(move |(i, t)| Some((text.get(t.span.range())?, t, doc.token_fold(i)?))),
    )
}

/// One word's term: `folded` is `fold(word)`, `seg` its clitic segmentation. `None` when
/// nothing searchable is left.
fn term(word: &str, t: Token, folded: &str, seg: &Segmentation) -> Option<Term> {
    let mut c = Columns::default();
    let mut surface = String::new();
    forms(word, t.kind, folded, seg, &mut surface, &mut c).then_some(Term {
        span: t.span,
        surface,
        base: c.base,
        stem: c.stem,
    })
}

/// Writes one word's surface form into `surface` (cleared first) and appends its base and stem
/// to the columns, each after a space unless the column is empty. False (and nothing appended)
/// when nothing searchable is left.
fn forms(
    word: &str,
    kind: TokenKind,
    folded: &str,
    seg: &Segmentation,
    surface: &mut String,
    c: &mut Columns,
) -> bool {
    let arabic = kind == TokenKind::Arabic;
    if arabic {
        // A folded Arabic word is letters only: the fold drops marks and joiners.
        if folded.is_empty() {
            return false;
        }
    } else if !folded.chars().any(|ch| ch.is_alphanumeric()) {
        return false;
    }
    if !c.base.is_empty() {
        c.base.push(' ');
        c.stem.push(' ');
    }
    surface.clear();
    if arabic {
        surface.push_str(folded);
    } else {
        // FTS5's tokenizer splits at ASCII punctuation; keep the term to letters, digits, and
        // the two marks inside Latin words, so index and query agree on positions.
        surface.extend(folded.chars().filter(|ch| ch.is_alphanumeric() || *ch == '-' || *ch == '\''));
    }
    let surface = surface.as_str();
    let whole = Span::new(0, word.len() as u32);
    let pre: usize = if seg.fits(whole) { seg.proclitics(whole).map(|(_, p)| p.len()).sum() } else { 0 };
    let base_at = c.base.len();
    if pre > 0
        && let Some(rest) = word.get(pre..)
    {
        match folded_prefix_len(&word[..pre], rest) {
            // The proclitics fold letter for letter: the base is the rest of the surface form.
            Some(k) if k < surface.len() && surface.is_char_boundary(k) => c.base.push_str(&surface[k..]),
            _ => fold(rest, &mut c.base),
        }
    }
    if c.base.len() == base_at {
        c.base.push_str(surface);
    }
    let base = &c.base[base_at..];
    if arabic {
        stem_into(base, &mut c.stem);
    } else {
        c.stem.push_str(base);
    }
    true
}

/// The byte length of `fold(prefix)` when it can be told without folding: the prefix is plain
/// Arabic letters (each folds to one two-byte letter) and marks (which fold to nothing), and the
/// rest does not begin with a mark that could join the prefix's last letter.
fn folded_prefix_len(prefix: &str, rest: &str) -> Option<usize> {
    if rest.chars().next().is_none_or(|c| !('\u{0621}'..='\u{064A}').contains(&c)) {
        return None;
    }
    let mut n = 0;
    for c in prefix.chars() {
        match c {
            '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => n += 2,
            _ if rasid_arabic::chars::is_diacritic(c) || c == rasid_arabic::chars::TATWEEL => {}
            _ => return None,
        }
    }
    Some(n)
}

/// The index columns of an analysed document: [`index_columns`] of [`doc_terms`], written
/// straight into the columns.
pub fn doc_columns(doc: &Doc) -> Columns {
    let Some(words) = doc_words(doc) else { return index_columns(&terms(doc.text())) };
    let mut c = Columns::default();
    let mut surface = String::new();
    for (word, t, folded) in words {
        forms(word, t.kind, folded, &t.seg, &mut surface, &mut c);
    }
    c
}

/// The columns of the index for one text: bases and stems, space-separated, the n-th word of
/// each at the same position.
pub fn index_columns(terms: &[Term]) -> Columns {
    let mut c = Columns::default();
    for t in terms {
        if !c.base.is_empty() {
            c.base.push(' ');
            c.stem.push(' ');
        }
        c.base.push_str(&t.base);
        c.stem.push_str(&t.stem);
    }
    c
}

/// What the full-text index stores for one article ([`index_columns`]): bases and stems. The
/// surface forms are not indexed (a third of the index's cost for a ranking nuance): the base is
/// what «الحكومة», «حكومة» and «وللحكومة» share.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    pub base: String,
    pub stem: String,
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
    fn derivations_share_a_stem() {
        // «المفاوضات» "the negotiations", «مفاوضات», «التفاوض» "negotiating".
        let t = terms("المفاوضات مفاوضات التفاوض");
        assert_eq!(t[0].base, t[1].base);
        assert_ne!(t[0].base, t[2].base);
        assert!(t.iter().all(|t| t.stem == "فوض"));
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
