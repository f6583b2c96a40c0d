//! Normalisation, in two kinds kept apart.
//!
//! * [`display`]: safe to show a reader. NFC, bidi controls and tatweel removed. The letters a
//!   reader sees do not change.
//! * [`fold`]: lossy, for matching and search only. On top of the display form: diacritics
//!   removed, the hamza forms of alef unified (أ إ آ ٱ → ا), ى → ي, ة → ه, Persian forms ک/ی to
//!   Arabic, presentation forms decomposed (ﻻ → لا), Arabic-Indic digits to ASCII, Latin lowercased.
//!
//! The index and the query of any search must both go through [`fold`]: there is one function
//! so that they cannot drift apart. `fold` is idempotent (`fold(fold(x)) == fold(x)`).
//!
//! ```
//! use rasid_arabic::normalize::{display, fold_str};
//! assert_eq!(fold_str("الإرهابُ"), "الارهاب");        // "terrorism", vowel mark and hamza gone
//! assert_eq!(fold_str("مكتبة"), fold_str("مكتبه"));   // "library", ة and ه meet
//! assert_eq!(display("ليبيـــا\u{200F}"), "ليبيا");    // "Libya", tatweel and RLM removed
//! ```

use crate::chars::{TATWEEL, arabic_digit, is_bidi_control, is_diacritic, is_invisible};
use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The display-safe form: NFC, without bidi controls or tatweel. Borrowed when nothing changes.
pub fn display(s: &str) -> Cow<'_, str> {
    let clean = !s.chars().any(|c| c == TATWEEL || is_bidi_control(c));
    let nfc = matches!(is_nfc_quick(s.chars()), IsNormalized::Yes);
    if clean && nfc {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| c != TATWEEL && !is_bidi_control(c)).nfc().collect())
}

/// Compatibility characters whose NFKC form must be taken before folding: Arabic presentation
/// forms (ﻻ, ﷲ, ﺃ ...) and full-width Latin.
#[inline]
fn is_compat(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' | '\u{FF01}'..='\u{FF5E}')
}

/// The lossy fold of one character that folds to at most one character: `None` for what
/// matching drops (diacritics, tatweel, invisible marks). Compatibility characters (presentation
/// forms such as ﻻ, which expand) are left as they are; [`fold`] decomposes them first.
/// Matching code that works a character at a time (cue lists) uses this so that it cannot
/// drift from [`fold`].
#[inline]
pub fn fold_letter(c: char) -> Option<char> {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => Some('ا'),
        'ى' | 'ی' | 'ې' => Some('ي'),
        'ة' | 'ۃ' => Some('ه'),
        'ک' => Some('ك'),
        'ە' | 'ہ' | 'ھ' => Some('ه'),
        // The common case, after the letters above: Arabic letters fold to themselves.
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => Some(c),
        TATWEEL => None,
        _ if c.is_ascii() => Some(c.to_ascii_lowercase()),
        _ if is_diacritic(c) || is_invisible(c) => None,
        _ => match arabic_digit(c) {
            Some(d) => char::from_digit(d, 10),
            // Arabic letters have no case: keep the Unicode case tables off the common path.
            None if ('\u{0600}'..='\u{06FF}').contains(&c) => Some(c),
            None if c.is_uppercase() => c.to_lowercase().next(),
            None => Some(c),
        },
    }
}

/// Appends the folded form of one character (zero, one or several characters).
#[inline]
fn fold_char(c: char, out: &mut String) {
    // The common case first: Arabic letters (with tatweel) and ASCII need no compatibility or
    // case tables.
    if ('\u{0621}'..='\u{064A}').contains(&c) || c.is_ascii() {
        if let Some(f) = fold_letter(c) {
            out.push(f);
        }
        return;
    }
    if is_compat(c) {
        for d in std::iter::once(c).nfkc() {
            if !is_compat(d) {
                fold_char(d, out);
            }
        }
    } else if c.is_uppercase() && !c.is_ascii() && c.to_lowercase().nth(1).is_some() {
        // The few letters that lowercase to two characters (İ → i̇).
        out.extend(c.to_lowercase());
    } else if let Some(f) = fold_letter(c) {
        out.push(f);
    }
}

/// Appends the folded (lossy) form of `s` to `out`. Reuse `out` across calls in hot loops.
pub fn fold(s: &str, out: &mut String) {
    out.reserve(s.len());
    let start = out.len();
    let mut dropped = false;
    let mut one = |c: char| {
        let before = out.len();
        fold_char(c, out);
        dropped |= out.len() == before;
    };
    // Canonically equivalent input folds alike: «ؤ» written as و + hamza above is composed first.
    if matches!(is_nfc_quick(s.chars()), IsNormalized::Yes) {
        s.chars().for_each(&mut one);
    } else {
        s.chars().nfc().for_each(&mut one);
    }
    // A dropped tatweel or diacritic can leave two combining marks side by side out of canonical
    // order («\u{FE20}ـ\u{FE27}»): normalise again, so that folding twice changes nothing.
    if dropped {
        renormalize_tail(out, start);
    }
}

/// NFC of `out[start..]` when it is not already (rare: kept out of `fold`'s inlined path).
#[cold]
#[inline(never)]
fn renormalize_tail(out: &mut String, start: usize) {
    if !matches!(is_nfc_quick(out[start..].chars()), IsNormalized::Yes) {
        let tail: String = out[start..].chars().nfc().collect();
        out.truncate(start);
        out.push_str(&tail);
    }
}

/// The folded form of `s` as a new string.
pub fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folding_table() {
        let cases = [
            ("أحمد", "احمد"),   // Ahmad
            ("إعادة", "اعاده"), // "return"
            ("آنذاك", "انذاك"), // "at that time"
            ("مصطفى", "مصطفي"), // Mustafa
            ("وزارةُ", "وزاره"), // "ministry" with damma
            ("ﻻ", "لا"),         // lam-alef ligature
            ("٢٠١٩", "2019"),
            ("۲۰۱۹", "2019"),
            ("REUTERS", "reuters"),
            ("ليبيـــا", "ليبيا"),
            ("کتاب", "كتاب"),
            ("و\u{0654}", "ؤ"), // decomposed hamza on waw folds like the composed one
            ("cafe\u{0301}", "café"),
            ("قالت\u{200B}", "قالت"),
        ];
        for (a, b) in cases {
            assert_eq!(fold_str(a), b, "{a}");
        }
    }

    #[test]
    fn display_keeps_letters() {
        assert_eq!(display("أفادت"), "أفادت");
        assert!(matches!(display("أفادت"), Cow::Borrowed(_)));
        assert_eq!(display("\u{202B}طرابلس\u{202C}"), "طرابلس");
        // NFC composes alef + hamza above into أ.
        assert_eq!(display("\u{0627}\u{0654}"), "أ");
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in crate::testing::arabic_text()) {
            let once = fold_str(&s);
            prop_assert_eq!(fold_str(&once), once);
        }

        #[test]
        fn display_is_idempotent(s in crate::testing::arabic_text()) {
            let once = display(&s).into_owned();
            prop_assert_eq!(display(&once).into_owned(), once);
        }
    }
}
