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

use crate::chars::{TATWEEL, arabic_digit, is_bidi_control, is_diacritic};
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

/// Appends the folded form of one character. Returns nothing; a character may fold to zero,
/// one or several characters.
#[inline]
fn fold_char(c: char, out: &mut String) {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => out.push('ا'),
        'ى' | 'ی' | 'ې' => out.push('ي'),
        'ة' | 'ۃ' => out.push('ه'),
        'ک' => out.push('ك'),
        'ە' | 'ہ' | 'ھ' => out.push('ه'),
        TATWEEL => {}
        _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        _ if is_diacritic(c) || is_bidi_control(c) => {}
        '\u{200C}' | '\u{200D}' | '\u{FEFF}' => {}
        _ if is_compat(c) => {
            for d in std::iter::once(c).nfkc() {
                if !is_compat(d) {
                    fold_char(d, out);
                }
            }
        }
        _ => {
            if let Some(d) = arabic_digit(c) {
                out.push(char::from_digit(d, 10).unwrap_or('0'));
            } else if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
}

/// Appends the folded (lossy) form of `s` to `out`. Reuse `out` across calls in hot loops.
pub fn fold(s: &str, out: &mut String) {
    out.reserve(s.len());
    for c in s.chars() {
        fold_char(c, out);
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

    fn arabicish() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => proptest::char::range('\u{0600}', '\u{06FF}'),
                1 => proptest::char::range('\u{FB50}', '\u{FEFF}'),
                1 => proptest::char::range(' ', '~'),
                1 => any::<char>(),
            ],
            0..40,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in arabicish()) {
            let once = fold_str(&s);
            prop_assert_eq!(fold_str(&once), once);
        }

        #[test]
        fn display_is_idempotent(s in arabicish()) {
            let once = display(&s).into_owned();
            prop_assert_eq!(display(&once).into_owned(), once);
        }
    }
}
