//! Time expressions, normalised against the article's publication date.
//!
//! [`TimeStage`] scans the tokens once; only a digit, a date or clock token, or a word of the
//! time lexicon (built once, in [`TimeStage::new`]) starts the small hand-written grammar of
//! [`parse`]. It finds absolute dates in every common form (السابع من أبريل/نيسان "the seventh
//! of April", 7 نيسان 2019, 2019/4/7), Hijri dates (converted with the tabular Islamic
//! calendar), years, months, weeks, weekdays, relative days (أمس "yesterday", قبل ثلاثة أيام
//! "three days ago"), vague periods as ranges (أواخر مارس "late March"), clock times,
//! intervals, durations and holidays (computed, never listed per year).
//!
//! **Direction.** A weekday or a day and month without a year is ambiguous. [`Direction::Past`]
//! (news, the stage's default) takes the most recent such date on or before the anchor;
//! [`Direction::Future`] (Duckling's convention) the next one. Without a publication date,
//! absolute expressions are still normalised and those that need the anchor are left out.
//!
//! ```
//! use rasid_core::Doc;
//! let p = rasid_extract::pipeline::analysis().unwrap();
//! // "The forces launched on the seventh of April/Nisan an attack", published 2019-04-28.
//! let mut doc = Doc::new("d", "وأطلقت القوات في السابع من أبريل/نيسان هجوما.");
//! doc.meta.published = Some("2019-04-28".into());
//! p.run(&mut doc).unwrap();
//! let t = &doc.times[0];
//! assert_eq!((doc.slice(t.span), t.value.as_str()), ("السابع من أبريل/نيسان", "2019-04-07"));
//! ```

pub mod cal;
pub mod duckling;
pub mod lex;
mod parse;
#[cfg(test)]
mod tests;

use cal::Day;
use rasid_arabic::chars::arabic_digit;
use rasid_arabic::normalize::{fold, fold_letter};
use rasid_core::{Doc, Layer, Span, Stage, StageError, TimeExpr, Token, TokenKind};

/// Which way an ambiguous expression (a bare weekday, a day and month without year) resolves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The most recent such date on or before the anchor (news reports the past).
    Past,
    /// The next one (Duckling's convention; a bare weekday is after the anchor day).
    Future,
}

/// What relative expressions are resolved against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// The reference day (the publication date); `None`: only absolute expressions resolve.
    pub day: Option<Day>,
    /// The reference clock time (hour, minute, second), when known (never, for news).
    pub time: Option<(u32, u32, u32)>,
    pub dir: Direction,
}

impl Anchor {
    /// A news anchor: past-directed, from a `YYYY-MM-DD` publication date (anything else: none).
    pub fn news(published: Option<&str>) -> Anchor {
        Anchor { day: published.and_then(parse_ymd), time: None, dir: Direction::Past }
    }
}

/// `YYYY-MM-DD` (a longer timestamp is cut at the day) to a day.
pub fn parse_ymd(s: &str) -> Option<Day> {
    let s = s.get(..10)?;
    let mut it = s.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    cal::valid(y, m, d).then(|| cal::from_ymd(y, m, d))
}

/// The time-expression stage (`Layer::Times`).
pub struct TimeStage {
    lex: lex::Lexicon,
}

impl Default for TimeStage {
    fn default() -> Self {
        TimeStage::new()
    }
}

impl TimeStage {
    pub fn new() -> TimeStage {
        TimeStage { lex: lex::Lexicon::new() }
    }

    /// The time expressions of `text` (tokenised as `tokens`), resolved against `anchor`:
    /// sorted, disjoint, non-empty spans.
    pub fn extract(&self, text: &str, tokens: &[Token], anchor: &Anchor) -> Vec<TimeExpr> {
        let words = self.words(text, tokens, None);
        let p = parse::Parser { w: &words, a: anchor };
        p.run()
    }

    /// [`TimeStage::extract`] over a document's tokens, reading the folds the tokenizer recorded.
    fn extract_doc(&self, doc: &Doc, anchor: &Anchor) -> Vec<TimeExpr> {
        let words = self.words(doc.text(), &doc.tokens, Some(doc));
        let p = parse::Parser { w: &words, a: anchor };
        p.run()
    }

    /// Reads every token once: digits parsed, words folded and looked up (a first proclitic
    /// و/ف/ب/ل stripped when the whole word is unknown: وأمس "and yesterday", لعام "for the
    /// year").
    fn words<'a>(&'a self, text: &'a str, tokens: &[Token], doc: Option<&Doc>) -> Vec<parse::W<'a>> {
        let mut buf = String::new();
        let mut out = Vec::with_capacity(tokens.len());
        for (i, t) in tokens.iter().enumerate() {
            let s = &text[t.span.start as usize..t.span.end as usize];
            let mut w =
                parse::W { span: t.span, kind: t.kind, lex: None, pre: 0, wa: false, digits: None, text: s };
            match t.kind {
                TokenKind::Number => w.digits = digits(s),
                TokenKind::Arabic | TokenKind::Latin => {
                    buf.clear();
                    match doc.and_then(|d| d.token_fold(i)) {
                        Some(f) => buf.push_str(f),
                        None => fold(s, &mut buf),
                    }
                    w.lex = self.lex.get(&buf);
                    if w.lex.is_none() {
                        self.strip(s, &buf, &mut w);
                    }
                }
                _ => {}
            }
            out.push(w);
        }
        out
    }

    /// Looks `folded` up without one or two proclitics, recording their length in the text.
    fn strip<'a>(&'a self, s: &str, folded: &str, w: &mut parse::W<'a>) {
        let mut rest = folded;
        let mut n = 0; // clitic letters stripped
        let mut wa = false;
        for _ in 0..2 {
            let Some(c) = rest.chars().next() else { return };
            if !matches!(c, 'و' | 'ف' | 'ب' | 'ل') || rest.chars().count() < 3 {
                return;
            }
            rest = &rest[c.len_utf8()..];
            n += 1;
            wa |= c == 'و' && n == 1;
            // للعام "for the year": ل + (ا)لعام
            let alt;
            let key = if c == 'ل' && rest.starts_with('ل') {
                alt = format!("ا{rest}");
                alt.as_str()
            } else {
                rest
            };
            if let Some(l) = self.lex.get(key) {
                w.lex = Some(l);
                w.wa = wa;
                // «للسنوات»: the article's alef is not written, keep the whole word
                w.pre = if key.len() == rest.len() { clitic_bytes(s, n) } else { 0 };
                return;
            }
        }
    }
}

/// Bytes of the first `n` letters of `s` with the marks after them.
fn clitic_bytes(s: &str, n: usize) -> u32 {
    let mut letters = 0;
    for (i, c) in s.char_indices() {
        if fold_letter(c).is_some() {
            if letters == n {
                return i as u32;
            }
            letters += 1;
        }
    }
    s.len() as u32
}

/// A plain run of up to four Western or Arabic-Indic digits: its value and length.
fn digits(s: &str) -> Option<(u32, u8)> {
    let mut v = 0u32;
    let mut n = 0u8;
    for c in s.chars() {
        let d = if c.is_ascii_digit() { c as u32 - '0' as u32 } else { arabic_digit(c)? };
        v = v * 10 + d;
        n += 1;
        if n > 4 {
            return None;
        }
    }
    (n > 0).then_some((v, n))
}

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "times"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Times]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let anchor = Anchor::news(doc.meta.published.as_deref());
        doc.times = self.extract_doc(doc, &anchor);
        Ok(())
    }
}

/// Builds a [`TimeExpr`] (used by the parser).
pub(crate) fn expr(span: Span, v: parse::V, relative: bool, hijri: Option<String>) -> TimeExpr {
    let (kind, value, from, to) = v.render();
    TimeExpr { span, kind, value, from, to, relative, hijri }
}
