//! Tokens: words in Arabic and Latin script, numbers, dates, times, percentages, punctuation,
//! quotation marks, dashes, URLs, e-mail addresses, hashtags and mentions.
//!
//! The tokenizer is a single left-to-right scan that never allocates per token and never
//! rewrites the text: tatweel and diacritics stay inside the word's span, bidi controls and
//! whitespace fall between tokens.
//!
//! ```
//! use rasid_arabic::tokenize::tokenize;
//! use rasid_core::TokenKind;
//! let text = "تهدف -وفقا للمسؤولين- إلى «وقف» 45% من 1,200 في 28/4/2019";
//! let toks = tokenize(text);
//! let shown: Vec<(&str, TokenKind)> = toks.iter().map(|t| (&text[t.span.range()], t.kind)).collect();
//! assert_eq!(shown[1], ("-", TokenKind::Dash));          // inserted dash, split from the word
//! assert_eq!(shown[2], ("وفقا", TokenKind::Arabic));     // "according to"
//! assert_eq!(shown[7], ("وقف", TokenKind::Arabic));      // "stopping", inside « »
//! assert_eq!(shown[9], ("45%", TokenKind::Percent));
//! assert_eq!(shown[11], ("1,200", TokenKind::Number));
//! assert_eq!(shown[13], ("28/4/2019", TokenKind::Date));
//! ```

use crate::chars::{
    digit_value, is_arabic_letter, is_arabic_word_char, is_bracket, is_dash, is_invisible, is_quote,
};
use rasid_core::{Doc, Layer, Span, Stage, StageError, Token, TokenKind};
use std::cell::Cell;

/// The words a hashtag token joins, each with its byte offset in `tag`: «#بيل_غيتس» →
/// (1, «بيل»), (8, «غيتس»). The leading `#` and the underscores are left out, empty words
/// skipped; a slice of a hashtag (without its `#`) splits the same way.
pub fn hashtag_words(tag: &str) -> impl Iterator<Item = (usize, &str)> {
    let body = tag.strip_prefix(['#', '\u{FF03}']).unwrap_or(tag);
    let mut at = tag.len() - body.len();
    body.split('_').filter_map(move |w| {
        let start = at;
        at += w.len() + 1;
        (!w.is_empty()).then_some((start, w))
    })
}

/// Tokenizes `text` into a new vector.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    tokenize_into(text, &mut out);
    out
}

/// Appends the tokens of `text` to `out` (reuse `out` across documents in hot loops).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    let s = Scanner { t: text, b: text.as_bytes(), email_fail: Cell::new(0) };
    let mut i = 0;
    while i < s.b.len() {
        let b0 = s.b[i];
        // ASCII whitespace fast path.
        if b0 == b' ' || b0 == b'\n' || b0 == b'\r' || b0 == b'\t' {
            i += 1;
            continue;
        }
        let (c, w) = s.ch(i);
        if c.is_whitespace() || is_invisible(c) {
            i += w;
            continue;
        }
        let (end, kind) = s.token_at(i, c, w);
        debug_assert!(end > i);
        out.push(Token::new(Span::from_range(i..end), kind));
        i = end;
    }
}

struct Scanner<'a> {
    t: &'a str,
    b: &'a [u8],
    /// An e-mail scan that started before this offset failed here; any start before it would
    /// scan the same run and fail the same way (this keeps `a_a_a_...` linear).
    email_fail: Cell<usize>,
}

/// Punctuation that may repeat as one token: «..», «...», «؟!», «!!».
#[inline]
fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…')
}

#[inline]
fn is_punct(c: char) -> bool {
    is_terminal(c) || matches!(c, ',' | '،' | '؛' | ';' | ':' | '٫' | '٬' | '·' | '۔')
}

impl Scanner<'_> {
    /// The character at byte `i` (a char boundary) and its width.
    #[inline]
    fn ch(&self, i: usize) -> (char, usize) {
        let b = self.b[i];
        if b < 0x80 {
            return (b as char, 1);
        }
        let c = self.t[i..].chars().next().unwrap_or('\u{FFFD}');
        (c, c.len_utf8())
    }

    #[inline]
    fn peek(&self, i: usize) -> Option<char> {
        (i < self.b.len()).then(|| self.ch(i).0)
    }

    /// Scans one token starting at `i` with first char `c` of width `w`.
    fn token_at(&self, i: usize, c: char, w: usize) -> (usize, TokenKind) {
        if is_arabic_word_char(c) {
            return self.arabic_word(i);
        }
        if c.is_ascii_alphanumeric() {
            if let Some(end) = self.url(i) {
                return (end, TokenKind::Url);
            }
            if let Some(end) = self.email(i) {
                return (end, TokenKind::Email);
            }
        }
        if digit_value(c).is_some() {
            return self.number(i);
        }
        if c.is_alphabetic() {
            return self.latin_word(i);
        }
        match c {
            '#' => {
                let end = self.word_run(i + 1, true);
                if end > i + 1 {
                    return (end, TokenKind::Hashtag);
                }
            }
            '@' => {
                let end = self.word_run(i + 1, false);
                if end > i + 1 {
                    return (end, TokenKind::Mention);
                }
            }
            '%' | '٪' => return (i + w, TokenKind::Symbol),
            _ => {}
        }
        if is_terminal(c) {
            // A run of sentence-final marks is one token: «..», «...», «؟!».
            let mut j = i + w;
            while let Some(d) = self.peek(j) {
                if is_terminal(d) {
                    j += d.len_utf8();
                } else {
                    break;
                }
            }
            return (j, TokenKind::Punct);
        }
        let kind = if is_punct(c) {
            TokenKind::Punct
        } else if is_quote(c) {
            TokenKind::Quote
        } else if is_dash(c) {
            TokenKind::Dash
        } else if is_bracket(c) {
            TokenKind::Bracket
        } else {
            TokenKind::Symbol
        };
        if kind == TokenKind::Symbol {
            return (self.emoji_tail(i, c, w), kind);
        }
        // Combining marks after a symbol belong to it.
        let mut j = i + w;
        while let Some(d) = self.peek(j) {
            if d.is_alphanumeric() || d.is_whitespace() || !is_mark(d) {
                break;
            }
            j += d.len_utf8();
        }
        (j, kind)
    }

    /// The end of a symbol with what joins it into one picture: combining marks and variation
    /// selectors, skin-tone modifiers, a second regional indicator (🇱🇾 is two letters), and
    /// zero-width-joiner sequences (👨‍👩‍👧).
    fn emoji_tail(&self, i: usize, c: char, w: usize) -> usize {
        let is_regional = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
        let is_modifier = |c: char| ('\u{1F3FB}'..='\u{1F3FF}').contains(&c);
        let is_pictograph =
            |c: char| !c.is_alphanumeric() && !c.is_whitespace() && !c.is_ascii() && !is_invisible(c);
        let mut j = i + w;
        if is_regional(c) && self.peek(j).is_some_and(is_regional) {
            j += 4;
        }
        while let Some(d) = self.peek(j) {
            if is_mark(d) || is_modifier(d) {
                j += d.len_utf8();
            } else if d == '\u{200D}' && self.peek(j + 3).is_some_and(is_pictograph) {
                j += 3 + self.ch(j + 3).1;
            } else {
                break;
            }
        }
        j
    }

    /// A run of Arabic word characters; joiners and soft hyphens count only inside it, so the
    /// token ends at its last visible character.
    fn arabic_word(&self, i: usize) -> (usize, TokenKind) {
        let mut j = i;
        let mut end = i;
        let mut letters = false;
        while let Some(c) = self.peek(j) {
            if is_arabic_word_char(c) {
                letters |= is_arabic_letter(c);
                j += c.len_utf8();
                if !is_invisible(c) {
                    end = j;
                }
            } else {
                break;
            }
        }
        (end.max(i + self.ch(i).1), if letters { TokenKind::Arabic } else { TokenKind::Symbol })
    }

    /// Latin words, with inner apostrophes and hyphens (`don't`, `al-Sarraj`) and digits after
    /// letters (`F-16`, `COVID-19`).
    fn latin_word(&self, i: usize) -> (usize, TokenKind) {
        let mut j = i;
        // Letters of any non-Arabic script and ASCII digits (not Arabic-Indic ones).
        let inner = |c: char| {
            c.is_alphanumeric() && !is_arabic_word_char(c) && (c.is_ascii_digit() || digit_value(c).is_none())
        };
        loop {
            match self.peek(j) {
                Some(c) if inner(c) => j += c.len_utf8(),
                Some(c) if is_mark(c) && !is_arabic_word_char(c) => j += c.len_utf8(),
                Some(c @ ('\'' | '’' | '-' | '.')) => {
                    // Joiners count only between word characters; `.` only inside acronyms
                    // such as U.S. (a single letter before and after).
                    let after = j + c.len_utf8();
                    match self.peek(after) {
                        Some(d) if inner(d) => {
                            if c == '.' {
                                let single_before = j >= 1 && j - i == 1 || (j >= 2 && self.b[j - 2] == b'.');
                                let single_after =
                                    !self.peek(after + d.len_utf8()).is_some_and(|e| e.is_alphanumeric());
                                if !(single_before && single_after && d.is_alphabetic()) {
                                    break;
                                }
                            }
                            j = after;
                        }
                        _ => {
                            // Final period of an acronym: "U.S." keeps its last dot.
                            if c == '.' && j >= i + 3 && self.b[j - 2] == b'.' {
                                j += 1;
                            }
                            break;
                        }
                    }
                }
                _ => break,
            }
        }
        let first = self.ch(i).0;
        let kind = if first.is_ascii() || ((first as u32) < 0x0250 && first.is_alphabetic()) {
            TokenKind::Latin
        } else {
            TokenKind::Word
        };
        (j, kind)
    }

    /// Digits (ASCII or Arabic-Indic, not mixed) with separators, then a date, time or percent
    /// reading if one fits.
    fn number(&self, i: usize) -> (usize, TokenKind) {
        let first = self.ch(i).0;
        let indic = !first.is_ascii_digit();
        let same = |c: char| digit_value(c).is_some() && c.is_ascii_digit() != indic;
        let digits = |mut j: usize| -> (usize, usize) {
            let mut n = 0;
            while let Some(c) = self.peek(j) {
                if same(c) {
                    j += c.len_utf8();
                    n += 1;
                } else {
                    break;
                }
            }
            (j, n)
        };
        let (mut j, n0) = digits(i);
        // Date: d{1,2}/d{1,2}/d{2,4}, d{4}-d{1,2}-d{1,2}, d{1,2}-d{1,2}-d{4}, d{1,2}.d{1,2}.d{4}.
        for sep in ['/', '-', '.'] {
            if self.peek(j) == Some(sep) {
                let (j2, n1) = digits(j + 1);
                if n1 > 0 && self.peek(j2) == Some(sep) {
                    let (j3, n2) = digits(j2 + 1);
                    let ymd = n0 == 4 && (1..=2).contains(&n1) && (1..=2).contains(&n2);
                    let dmy = (1..=2).contains(&n0)
                        && (1..=2).contains(&n1)
                        && (n2 == 4 || (n2 == 2 && sep == '/'));
                    if ymd || dmy {
                        return (j3, TokenKind::Date);
                    }
                }
            }
        }
        // Time: hh:mm(:ss).
        if (1..=2).contains(&n0) && self.peek(j) == Some(':') {
            let (j2, n1) = digits(j + 1);
            if n1 == 2 {
                let mut end = j2;
                if self.peek(j2) == Some(':') {
                    let (j3, n2) = digits(j2 + 1);
                    if n2 == 2 {
                        end = j3;
                    }
                }
                if self.valid_time(i, end) {
                    return (end, TokenKind::Time);
                }
            }
        }
        // Thousands groups and decimals: 1,200  1.5  ٣٫٥  ١٬٢٠٠  2,500.75
        loop {
            match self.peek(j) {
                Some(sep @ (',' | '٬')) => {
                    let (j2, n) = digits(j + sep.len_utf8());
                    if n == 3 {
                        j = j2;
                    } else {
                        break;
                    }
                }
                Some(sep @ ('.' | '٫')) => {
                    let (j2, n) = digits(j + sep.len_utf8());
                    if n > 0 {
                        j = j2;
                        // Version numbers and addresses (3.5.2, 192.168.1.1) stay one token.
                        while self.peek(j) == Some(sep) {
                            let (j3, n) = digits(j + sep.len_utf8());
                            if n == 0 {
                                break;
                            }
                            j = j3;
                        }
                    }
                    break;
                }
                _ => break,
            }
        }
        if let Some(p @ ('%' | '٪')) = self.peek(j) {
            return (j + p.len_utf8(), TokenKind::Percent);
        }
        (j, TokenKind::Number)
    }

    fn valid_time(&self, i: usize, end: usize) -> bool {
        let mut parts = self.t[i..end]
            .split(':')
            .map(|p| p.chars().fold(0u32, |a, c| a * 10 + digit_value(c).unwrap_or(0)));
        let h = parts.next().unwrap_or(99);
        let m = parts.next().unwrap_or(99);
        let s = parts.next().unwrap_or(0);
        h <= 24 && m < 60 && s < 60
    }

    /// Letters, digits and `_` for hashtags (Arabic allowed) and mentions (ASCII only).
    /// Ends at the last visible character (joiners count only inside).
    fn word_run(&self, mut j: usize, arabic: bool) -> usize {
        let mut end = j;
        while let Some(c) = self.peek(j) {
            let ok = c.is_ascii_alphanumeric()
                || c == '_'
                || (arabic && (is_arabic_word_char(c) || digit_value(c).is_some() || c.is_alphabetic()));
            if !ok {
                break;
            }
            j += c.len_utf8();
            if !is_invisible(c) {
                end = j;
            }
        }
        end
    }

    /// `http://...`, `https://...`, `www....`: up to whitespace, minus trailing punctuation.
    fn url(&self, i: usize) -> Option<usize> {
        let rest = &self.b[i..];
        let starts =
            rest.starts_with(b"http://") || rest.starts_with(b"https://") || rest.starts_with(b"www.");
        if !starts {
            return None;
        }
        let mut j = i;
        while let Some(c) = self.peek(j) {
            if c.is_whitespace() || matches!(c, '«' | '»' | '"' | '<' | '>' | '“' | '”') || is_invisible(c)
            {
                break;
            }
            j += c.len_utf8();
        }
        Some(self.trim_trailing(i, j))
    }

    /// `name@host.tld`.
    fn email(&self, i: usize) -> Option<usize> {
        if i < self.email_fail.get() {
            return None;
        }
        let local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
        let mut j = i;
        while j < self.b.len() && local(self.b[j] as char) && self.b[j] < 0x80 {
            j += 1;
        }
        if j >= self.b.len() || self.b[j] != b'@' {
            self.email_fail.set(j);
            return None;
        }
        let host_start = j + 1;
        let mut k = host_start;
        while k < self.b.len()
            && (self.b[k].is_ascii_alphanumeric() || self.b[k] == b'.' || self.b[k] == b'-')
        {
            k += 1;
        }
        let end = self.trim_trailing(host_start, k);
        let host = &self.t[host_start..end];
        let tld_ok = host.rsplit_once('.').is_some_and(|(h, tld)| {
            !h.is_empty() && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
        });
        tld_ok.then_some(end)
    }

    /// Drops trailing punctuation that belongs to the sentence, not the URL.
    fn trim_trailing(&self, i: usize, mut j: usize) -> usize {
        // A ')' that closes a '(' inside the URL (Wikipedia style) is kept.
        let has_open = self.t[i..j].contains('(');
        while j > i {
            let c = self.t[..j].chars().next_back().unwrap_or(' ');
            if matches!(c, '.' | ',' | '،' | ';' | '؛' | ':' | '!' | '?' | '؟' | ')' | ']' | '\'' | '’')
            {
                if c == ')' && has_open {
                    break;
                }
                j -= c.len_utf8();
            } else {
                break;
            }
        }
        j
    }
}

/// Combining marks outside Arabic (Latin accents written decomposed, variation selectors).
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}')
}

/// The tokenizer as a pipeline stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tokenizer;

impl Stage for Tokenizer {
    fn name(&self) -> &'static str {
        "tokenize"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let mut toks = std::mem::take(&mut doc.tokens);
        toks.clear();
        tokenize_into(doc.text(), &mut toks);
        // Every token's lossy fold, once, for the stages after (one string for the document).
        let mut folds = String::with_capacity(doc.text().len());
        let mut ends = Vec::with_capacity(toks.len());
        for t in &toks {
            crate::normalize::fold(&doc.text()[t.span.range()], &mut folds);
            ends.push(folds.len() as u32);
        }
        doc.tokens = toks;
        doc.set_token_folds(folds, ends);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn toks(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text).into_iter().map(|t| (&text[t.span.range()], t.kind)).collect()
    }

    fn kinds_of(text: &str) -> Vec<&str> {
        toks(text).into_iter().map(|(s, _)| s).collect()
    }

    use TokenKind::*;

    #[test]
    fn hashtag_words_with_their_offsets() {
        let w: Vec<_> = hashtag_words("#بيل_غيتس").collect();
        assert_eq!(w, [(1, "بيل"), (8, "غيتس")]);
        let w: Vec<_> = hashtag_words("#Libya__2019_").collect();
        assert_eq!(w, [(1, "Libya"), (8, "2019")]);
        assert_eq!(hashtag_words("ترامب").collect::<Vec<_>>(), [(0, "ترامب")]);
        assert_eq!(hashtag_words("#").count(), 0);
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[(&str, TokenKind)])] = &[
            // "the Libyan government", with the Arabic comma
            ("الحكومة، الليبية", &[("الحكومة", Arabic), ("،", Punct), ("الليبية", Arabic)]),
            // diacritics and tatweel stay inside the word
            ("وزارةُ ليبيـــا", &[("وزارةُ", Arabic), ("ليبيـــا", Arabic)]),
            ("٣٫٥، 1,200", &[("٣٫٥", Number), ("،", Punct), ("1,200", Number)]),
            ("١٬٢٠٠ 2,500.75 3.14", &[("١٬٢٠٠", Number), ("2,500.75", Number), ("3.14", Number)]),
            ("45% و٪ ٤٥٪", &[("45%", Percent), ("و", Arabic), ("٪", Symbol), ("٤٥٪", Percent)]),
            (
                "28/4/2019 2019-04-28 ٢٨/٤/٢٠١٩",
                &[("28/4/2019", Date), ("2019-04-28", Date), ("٢٨/٤/٢٠١٩", Date)],
            ),
            (
                "الساعة 14:30 و25:99",
                &[
                    ("الساعة", Arabic),
                    ("14:30", Time),
                    ("و", Arabic),
                    ("25", Number),
                    (":", Punct),
                    ("99", Number),
                ],
            ),
            (
                "«الحرب» “peace” \"x\"",
                &[
                    ("«", Quote),
                    ("الحرب", Arabic),
                    ("»", Quote),
                    ("“", Quote),
                    ("peace", Latin),
                    ("”", Quote),
                    ("\"", Quote),
                    ("x", Latin),
                    ("\"", Quote),
                ],
            ),
            (
                "تهدف -وفقا للمسؤولين- إلى",
                &[
                    ("تهدف", Arabic),
                    ("-", Dash),
                    ("وفقا", Arabic),
                    ("للمسؤولين", Arabic),
                    ("-", Dash),
                    ("إلى", Arabic),
                ],
            ),
            ("ليبيا.. حكومة", &[("ليبيا", Arabic), ("..", Punct), ("حكومة", Arabic)]),
            ("لماذا الآن؟!", &[("لماذا", Arabic), ("الآن", Arabic), ("؟!", Punct)]),
            (
                "زوروا https://www.aljazeera.net/news/2019. الآن",
                &[
                    ("زوروا", Arabic),
                    ("https://www.aljazeera.net/news/2019", Url),
                    (".", Punct),
                    ("الآن", Arabic),
                ],
            ),
            ("(www.bbc.com/arabic)", &[("(", Bracket), ("www.bbc.com/arabic", Url), (")", Bracket)]),
            ("راسلونا info@rasid.org.", &[("راسلونا", Arabic), ("info@rasid.org", Email), (".", Punct)]),
            (
                "#ليبيا @AFRICOM #Libya_2019",
                &[("#ليبيا", Hashtag), ("@AFRICOM", Mention), ("#Libya_2019", Hashtag)],
            ),
            (
                "REUTERS/Ismail Zitouny",
                &[("REUTERS", Latin), ("/", Symbol), ("Ismail", Latin), ("Zitouny", Latin)],
            ),
            (
                "F-16 U.S. don't al-Sarraj",
                &[("F-16", Latin), ("U.S.", Latin), ("don't", Latin), ("al-Sarraj", Latin)],
            ),
            ("end. Next", &[("end", Latin), (".", Punct), ("Next", Latin)]),
            ("بـ2018 عام", &[("بـ", Arabic), ("2018", Number), ("عام", Arabic)]),
            ("(رويترز)", &[("(", Bracket), ("رويترز", Arabic), (")", Bracket)]),
            ("a\u{200F}ب\r\nc", &[("a", Latin), ("ب", Arabic), ("c", Latin)]),
            // invisibles never start or end a token; a zero-width space breaks words
            (
                "كلمة\u{200C} \u{200B}قالت\u{200B}الوزارة",
                &[("كلمة", Arabic), ("قالت", Arabic), ("الوزارة", Arabic)],
            ),
            ("می\u{200C}خواهم", &[("می\u{200C}خواهم", Arabic)]),
            ("٣٫٥٫٢ ٣٫٥٫", &[("٣٫٥٫٢", Number), ("٣٫٥", Number), ("٫", Punct)]),
            (
                "الإصدار 3.5.2 و192.168.1.1.",
                &[
                    ("الإصدار", Arabic),
                    ("3.5.2", Number),
                    ("و", Arabic),
                    ("192.168.1.1", Number),
                    (".", Punct),
                ],
            ),
            ("﴿الحمد لله﴾", &[("﴿", Bracket), ("الحمد", Arabic), ("لله", Arabic), ("﴾", Bracket)]),
        ];
        for (text, want) in cases {
            assert_eq!(toks(text), *want, "{text}");
        }
    }

    /// Inputs that a quadratic scan would take hours on (a megabyte each); linear, they take
    /// milliseconds. Not a timing assertion: a regression shows as a test that does not end.
    #[test]
    fn pathological_runs_stay_linear() {
        let underscores = "a_".repeat(500_000);
        assert_eq!(tokenize(&underscores).len(), 1_000_000);
        let parens = format!("http://a.b{}", ")".repeat(1_000_000));
        assert_eq!(tokenize(&parens)[0].kind, Url);
    }

    #[test]
    fn lone_marks_are_symbols() {
        assert_eq!(toks("\u{064E}"), vec![("\u{064E}", Symbol)]);
        // one token per picture: skin tone, flag of two regional indicators, ZWJ family
        assert_eq!(kinds_of("👍🏽 ok"), vec!["👍🏽", "ok"]);
        assert_eq!(
            kinds_of("👨\u{200D}👩\u{200D}👧 🇱🇾 ❤\u{FE0F}"),
            vec!["👨\u{200D}👩\u{200D}👧", "🇱🇾", "❤\u{FE0F}"]
        );
        // a joiner with nothing to join is not part of the token
        assert_eq!(kinds_of("👍\u{200D} x"), vec!["👍", "x"]);
    }

    proptest! {
        #[test]
        fn tokens_sorted_disjoint_on_boundaries(s in crate::testing::arabic_text()) {
            let toks = tokenize(&s);
            let mut prev = 0;
            for t in &toks {
                prop_assert!(t.span.start >= prev && t.span.end > t.span.start);
                prop_assert!(s.is_char_boundary(t.span.start as usize) && s.is_char_boundary(t.span.end as usize));
                prop_assert!(!s[t.span.range()].starts_with(char::is_whitespace));
                prev = t.span.end;
            }
            // Every visible character is inside a token, and no token starts or ends with an
            // invisible one.
            for (i, c) in s.char_indices() {
                if !c.is_whitespace() && !is_invisible(c) {
                    prop_assert!(toks.iter().any(|t| t.span.range().contains(&i)), "{c:?} at {i} in no token");
                }
            }
            for t in &toks {
                let text = &s[t.span.range()];
                prop_assert!(!text.starts_with(is_invisible) && !text.ends_with(is_invisible), "{text:?}");
            }
        }
    }
}
