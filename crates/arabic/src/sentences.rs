//! Sentence splitting.
//!
//! Sentences never cross a block (title, caption, paragraph ...) or a line break. Inside a block
//! a sentence ends after `.`, `!`, `?`, `؟` (or a run of them such as «؟!»), together with any
//! closing quotation marks and brackets that follow, except:
//! * the «..» and «...» of headlines and ellipses, which join clauses rather than end sentences;
//! * abbreviations: a single Arabic letter before the period and a word after it («د. محمد»
//!   "Dr. Muhammad"), Latin titles and initials (`Mr.`, `U.S.`, `J. Smith`), or a Latin
//!   lowercase word after the period;
//! * inside a quotation that closes later in the same block: a quote of several sentences
//!   stays one unit, which is what attribution needs («قال: "... . ..."»).
//!
//! Numbers never split: `3.5` and `٣٫٥` are single tokens.
//!
//! ```
//! use rasid_arabic::{sentences::split, tokenize::tokenize};
//! use rasid_core::{Block, BlockKind, Lang, Span};
//! let text = "وقال د. محمد إن الوضع مستقر. وأضاف: «هذا مهم. جدا».";
//! // "Dr. Muhammad said the situation is stable. He added: «This matters. Very much»."
//! let toks = tokenize(text);
//! let blocks = [Block { kind: BlockKind::Paragraph, span: Span::from_range(0..text.len()), lang: Lang::Ar }];
//! let sents = split(text, &toks, &blocks);
//! let shown: Vec<&str> = sents.iter().map(|s| &text[s.span.range()]).collect();
//! assert_eq!(shown, ["وقال د. محمد إن الوضع مستقر.", "وأضاف: «هذا مهم. جدا»."]);
//! ```

use crate::chars::is_arabic_letter;
use rasid_core::{Block, Doc, Layer, Sentence, Span, Stage, StageError, Token, TokenKind};

/// Latin abbreviations that take a period without ending a sentence (lowercased).
const LATIN_ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "maj", "gov",
    "sen", "rep", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "aug", "sep",
    "sept", "oct", "nov", "dec", "e.g", "i.e", "approx", "dept", "est", "fig", "vol", "mt", "ft",
];

/// Splits the tokens of `text` into sentences, never across the given blocks.
pub fn split(text: &str, tokens: &[Token], blocks: &[Block]) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(tokens.len() / 20 + 1);
    let mut region_start = 0usize;
    let mut block_ix = 0usize;
    // Which block (if any) each token falls in decides regions; a line break also ends one.
    let block_of = |ix: &mut usize, t: &Token| -> Option<usize> {
        while *ix < blocks.len() && blocks[*ix].span.end <= t.span.start {
            *ix += 1;
        }
        (*ix < blocks.len() && blocks[*ix].span.contains(t.span)).then_some(*ix)
    };
    let mut current = None;
    for k in 0..tokens.len() {
        let b = block_of(&mut block_ix, &tokens[k]);
        if k > region_start {
            let gap = &text.as_bytes()[tokens[k - 1].span.end as usize..tokens[k].span.start as usize];
            if b != current || gap.contains(&b'\n') {
                split_region(text, tokens, region_start, k, &mut out);
                region_start = k;
            }
        }
        current = b;
    }
    if region_start < tokens.len() {
        split_region(text, tokens, region_start, tokens.len(), &mut out);
    }
    out
}

#[inline]
fn is_open_quote(s: &str) -> bool {
    matches!(s, "«" | "“" | "„" | "‹" | "‚" | "‘")
}

#[inline]
fn is_close_quote(s: &str) -> bool {
    matches!(s, "»" | "”" | "›" | "’")
}

/// Splits tokens `a..b` (one block line) into sentences.
fn split_region(text: &str, tokens: &[Token], a: usize, b: usize, out: &mut Vec<Sentence>) {
    let s = |k: usize| &text[tokens[k].span.range()];
    // closes[k] = index of the token that closes the quotation opened at k, if it closes here.
    let mut stack: Vec<usize> = Vec::new();
    let mut closes: Vec<(usize, usize)> = Vec::new();
    let mut straight_open: Option<usize> = None;
    for (k, t) in tokens.iter().enumerate().take(b).skip(a) {
        if t.kind != TokenKind::Quote {
            continue;
        }
        let q = s(k);
        if is_open_quote(q) {
            stack.push(k);
        } else if is_close_quote(q) {
            if let Some(o) = stack.pop() {
                closes.push((o, k));
            }
        } else if q == "\"" {
            match straight_open.take() {
                Some(o) => closes.push((o, k)),
                None => straight_open = Some(k),
            }
        }
    }
    // For each token, whether it closes a quotation, and the furthest closing index of the
    // quotations opened before it (a running maximum over pairs sorted by their opening):
    // a token is inside a quotation exactly when that maximum lies after it.
    let n = b - a;
    let mut closing = vec![false; n];
    for &(_, c) in &closes {
        closing[c - a] = true;
    }
    closes.sort_unstable();
    let mut reach = vec![0usize; n]; // reach[k - a] = max close of pairs with open < k
    let mut p = 0;
    let mut max_close = 0;
    for k in a..b {
        reach[k - a] = max_close;
        while p < closes.len() && closes[p].0 <= k {
            max_close = max_close.max(closes[p].1);
            p += 1;
        }
    }
    let is_closer = |j: usize| tokens[j].kind == TokenKind::Quote || matches!(s(j), ")" | "]" | "﴾");
    // Inside a quotation that closes in this region, unless only closing quotes and brackets
    // stand between the token and the end of the quotation («... سنقاتل.»).
    let inside = |k: usize| {
        let c = reach[k - a];
        c > k && (k + 1..c).any(|j| !is_closer(j))
    };

    let mut start = a;
    let mut k = a;
    while k < b {
        if ends_sentence(text, tokens, k, a, b) && !inside(k) {
            let mut end = k + 1;
            // Closing quotes and brackets after the stop belong to this sentence.
            while end < b
                && ((tokens[end].kind == TokenKind::Quote && (is_close_quote(s(end)) || closing[end - a]))
                    || matches!(s(end), ")" | "]" | "﴾"))
            {
                end += 1;
            }
            push(tokens, start, end, out);
            start = end;
            k = end;
            continue;
        }
        k += 1;
    }
    if start < b {
        push(tokens, start, b, out);
    }
}

fn push(tokens: &[Token], a: usize, b: usize, out: &mut Vec<Sentence>) {
    out.push(Sentence {
        span: Span::new(tokens[a].span.start, tokens[b - 1].span.end),
        tokens: (a as u32, b as u32),
    });
}

/// Does token `k` end a sentence (before quotes and brackets are considered)?
fn ends_sentence(text: &str, tokens: &[Token], k: usize, a: usize, b: usize) -> bool {
    let t = &tokens[k];
    if t.kind != TokenKind::Punct {
        return false;
    }
    let p = &text[t.span.range()];
    let terminal = p.chars().all(|c| matches!(c, '.' | '!' | '?' | '؟')) && !p.starts_with("..");
    if !terminal {
        return false;
    }
    if k + 1 >= b {
        return true;
    }
    if p != "." {
        return true;
    }
    let next = &tokens[k + 1];
    let next_s = &text[next.span.range()];
    // A Latin lowercase word after the period: "e.g. the", "approx. five".
    if next.kind == TokenKind::Latin && next_s.starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    if k > a {
        let prev = &tokens[k - 1];
        let attached = prev.span.end == t.span.start;
        let prev_s = &text[prev.span.range()];
        if attached && prev.kind == TokenKind::Latin {
            let lower = prev_s.to_ascii_lowercase();
            let initial = prev_s.chars().count() == 1 && prev_s.starts_with(|c: char| c.is_uppercase());
            if initial || LATIN_ABBREV.contains(&lower.as_str()) {
                return false;
            }
        }
        if attached && prev.kind == TokenKind::Arabic {
            // «د. محمد», «أ. د.»: a lone letter is an abbreviation when a word follows and no
            // number precedes (unlike «عام 2016م.», "in the year 2016 AD.").
            let letters = |s: &str| s.chars().filter(|&c| is_arabic_letter(c)).count();
            let after_number =
                k >= a + 2 && matches!(tokens[k - 2].kind, TokenKind::Number | TokenKind::Date);
            // «ق. م» "BC", «ص. ب» "P.O. box": a lone letter after the period continues it.
            let next_lone = next.kind == TokenKind::Arabic && letters(next_s) == 1;
            if letters(prev_s) == 1 && next.kind == TokenKind::Arabic && (!after_number || next_lone) {
                return false;
            }
        }
    }
    true
}

/// The sentence splitter as a pipeline stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct SentenceSplitter;

impl Stage for SentenceSplitter {
    fn name(&self) -> &'static str {
        "sentences"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Blocks]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        doc.sentences = split(doc.text(), &doc.tokens, &doc.blocks);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;
    use rasid_core::{BlockKind, Lang};

    /// Sentences of `text`, one block per line.
    fn sents(text: &str) -> Vec<&str> {
        let toks = tokenize(text);
        let mut blocks = Vec::new();
        let mut at = 0;
        for line in text.split('\n') {
            if !line.trim().is_empty() {
                blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    span: Span::from_range(at..at + line.len()),
                    lang: Lang::Ar,
                });
            }
            at += line.len() + 1;
        }
        split(text, &toks, &blocks).iter().map(|s| &text[s.span.range()]).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            // headline «..» does not split: "US force returns to Libya.. GNA confirms, Pentagon denies"
            (
                "عودة القوة الأميركية إلى ليبيا.. حكومة الوفاق تؤكد والبنتاغون ينفي",
                &["عودة القوة الأميركية إلى ليبيا.. حكومة الوفاق تؤكد والبنتاغون ينفي"],
            ),
            ("قال إنه مستمر. وأضاف أنه لم يتوقف.", &["قال إنه مستمر.", "وأضاف أنه لم يتوقف."]),
            ("لماذا الآن؟ لأن الوضع تغير!", &["لماذا الآن؟", "لأن الوضع تغير!"]),
            ("بلغت النسبة 3.5 في المئة. ثم ٣٫٥ أخرى.", &["بلغت النسبة 3.5 في المئة.", "ثم ٣٫٥ أخرى."]),
            ("التقى د. محمد بالوزير.", &["التقى د. محمد بالوزير."]),
            ("انتهت الحرب عام 2016م. وبدأ السلام.", &["انتهت الحرب عام 2016م.", "وبدأ السلام."]),
            // «عام 700 ق. م» "in 700 BC"
            ("عاش هناك حتى عام 700 ق. م تقريبا. ثم رحل.", &["عاش هناك حتى عام 700 ق. م تقريبا.", "ثم رحل."]),
            ("قال: «لن نتراجع. سنقاتل». ثم غادر.", &["قال: «لن نتراجع. سنقاتل».", "ثم غادر."]),
            ("قال: \"لن نتراجع. سنقاتل.\" ثم غادر.", &["قال: \"لن نتراجع. سنقاتل.\"", "ثم غادر."]),
            // an unclosed quote does not swallow the paragraph
            ("قال: «لن نتراجع. ثم غادر.", &["قال: «لن نتراجع.", "ثم غادر."]),
            ("Mr. Smith met U.S. officials. They left.", &["Mr. Smith met U.S. officials.", "They left."]),
            ("قال ‘نعم. لا’ ثم مضى.", &["قال ‘نعم. لا’ ثم مضى."]),
            // a version number is not a stop: "version 3.5.2 of the program was released."
            ("صدر الإصدار 3.5.2 من البرنامج. ثم توقف.", &["صدر الإصدار 3.5.2 من البرنامج.", "ثم توقف."]),
            ("العنوان\nالفقرة الأولى", &["العنوان", "الفقرة الأولى"]),
            ("(قتل 5 أشخاص.) ثم", &["(قتل 5 أشخاص.)", "ثم"]),
        ];
        for (text, want) in cases {
            assert_eq!(sents(text), *want, "{text}");
        }
    }

    /// A megabyte of quoted sentences on one line: linear, this takes milliseconds (a
    /// regression to a quadratic scan shows as a test that does not end).
    #[test]
    fn many_quotes_on_one_line_stay_linear() {
        let text = "قال «نعم». ".repeat(60_000);
        assert_eq!(sents(&text).len(), 60_000);
    }

    #[test]
    fn never_crosses_blocks() {
        let text = "جملة أولى بلا نقطة ثانية";
        let toks = tokenize(text);
        let blocks = [
            Block { kind: BlockKind::Title, span: Span::new(0, 17), lang: Lang::Ar },
            Block { kind: BlockKind::Paragraph, span: Span::from_range(18..text.len()), lang: Lang::Ar },
        ];
        let s = split(text, &toks, &blocks);
        assert_eq!(s.len(), 2);
        assert_eq!(&text[s[0].span.range()], "جملة أولى");
    }
}
