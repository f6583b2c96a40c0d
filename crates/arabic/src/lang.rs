//! The main language of a short stretch of text (a block): Arabic by script, English or French by
//! function words.
//!
//! Block-level tags only need to tell an Arabic paragraph from an English photo caption or a French
//! quote, so counting letters is enough: whichever script has more letters wins (ties go to Arabic,
//! the language of the articles rasid reads). A Latin block is French when French function words,
//! elisions (`l'`, `d'`) and accented letters outnumber English function words, English otherwise.

use crate::chars::{is_arabic_letter, is_latin_letter};
use rasid_core::Lang;

/// Letters with the accents French writes and English does not (é, è, à, ç ...).
#[inline]
fn is_french_accent(c: char) -> bool {
    matches!(
        c,
        'é' | 'è'
            | 'ê'
            | 'ë'
            | 'à'
            | 'â'
            | 'ç'
            | 'î'
            | 'ï'
            | 'ô'
            | 'û'
            | 'ù'
            | 'œ'
            | 'É'
            | 'È'
            | 'À'
            | 'Ç'
    )
}

/// Frequent English words that are not French words (lowercase).
const EN_WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "was", "were", "are", "for", "with", "at", "by", "from", "that",
    "this", "as", "it", "its", "his", "her", "their", "has", "have", "had", "been", "during", "after",
    "said", "an", "will", "would", "not", "who", "which", "they", "he", "she", "be", "or", "but",
];

/// Frequent French words that are not English words (lowercase).
const FR_WORDS: &[&str] = &[
    "le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "sur", "au", "aux", "avec", "par",
    "qui", "que", "ce", "cette", "il", "elle", "ont", "été", "sont", "pas", "plus", "ses", "son", "sa",
    "leur", "selon", "lors", "après", "mais", "ou", "où", "ils", "nous", "être", "entre",
];

/// Letter counts of a stretch of text, by script.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Script {
    pub arabic: u32,
    pub latin: u32,
}

impl Script {
    /// Letters by script, not counting URLs and e-mail addresses (a long Latin link in an
    /// Arabic paragraph says nothing about its language).
    pub fn count(s: &str) -> Script {
        let mut n = Script::default();
        for word in s.split_whitespace() {
            if word.contains("://") || word.starts_with("www.") || word.contains('@') {
                continue;
            }
            for c in word.chars() {
                if is_arabic_letter(c) {
                    n.arabic += 1;
                } else if is_latin_letter(c) {
                    n.latin += 1;
                }
            }
        }
        n
    }

    /// The language these counts point to; `text` is only read again for a Latin majority.
    pub fn lang(self, text: &str) -> Lang {
        if self.arabic == 0 && self.latin == 0 {
            Lang::Und
        } else if self.arabic >= self.latin {
            Lang::Ar
        } else {
            latin_lang(text)
        }
    }
}

/// The main language of `text`: `ar` when Arabic letters are at least as many as Latin ones,
/// `en` or `fr` for Latin text, `und` when there are no letters.
///
/// ```
/// use rasid_core::Lang;
/// use rasid_arabic::lang::detect_lang;
/// assert_eq!(detect_lang("قال الناطق باسم الحكومة"), Lang::Ar); // "the government spokesman said"
/// assert_eq!(detect_lang("Members of the forces gather in Tripoli"), Lang::En);
/// assert_eq!(detect_lang("Les forces se rassemblent à Tripoli"), Lang::Fr);
/// assert_eq!(detect_lang("2019 - 04"), Lang::Und);
/// // "for more:" and a long link: still Arabic
/// assert_eq!(detect_lang("للمزيد: https://www.aljazeera.net/news/politics/2019/4/28/libya-us-forces"), Lang::Ar);
/// ```
pub fn detect_lang(text: &str) -> Lang {
    Script::count(text).lang(text)
}

/// English or French for text written mostly in Latin letters (English when nothing decides).
fn latin_lang(text: &str) -> Lang {
    let (mut en, mut fr) = (0u32, 0u32);
    for word in text.split(|c: char| !(is_latin_letter(c) || c == '\'' || c == '’')) {
        if word.is_empty() {
            continue;
        }
        // Elided articles and pronouns: l'armée, d'un, qu'il, n'a, s'est.
        let mut chars = word.chars();
        let elided = match (chars.next(), chars.next()) {
            (Some(first), Some('\'' | '’')) => {
                matches!(first.to_ascii_lowercase(), 'l' | 'd' | 'j' | 'n' | 's' | 'c')
            }
            _ => false,
        } || word.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("qu'"))
            || word.starts_with("qu’")
            || word.starts_with("Qu’");
        if elided {
            fr += 1;
            continue;
        }
        let bare = word.trim_matches(|c| c == '\'' || c == '’');
        if bare.chars().any(is_french_accent) {
            fr += 1;
        }
        if bare.len() <= 6 {
            if EN_WORDS.iter().any(|w| w.eq_ignore_ascii_case(bare)) {
                en += 1;
            } else if FR_WORDS.iter().any(|w| eq_ignore_case(w, bare)) {
                fr += 1;
            }
        }
    }
    if fr > en { Lang::Fr } else { Lang::En }
}

/// Case-insensitive equality that also folds the few non-ASCII capitals of French words.
fn eq_ignore_case(lower: &str, word: &str) -> bool {
    if word.is_ascii() {
        return lower.eq_ignore_ascii_case(word);
    }
    let mut a = lower.chars();
    let mut b = word.chars().flat_map(char::to_lowercase);
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, Lang)] = &[
            ("عودة القوة الأميركية إلى ليبيا", Lang::Ar), // "the return of the American force to Libya"
            ("REUTERS/Ismail Zitouny", Lang::En),
            ("Members of the Libyan forces gather during a fight. REUTERS/Ismail Zitouny", Lang::En),
            ("Des membres des forces libyennes se rassemblent près de Tripoli", Lang::Fr),
            ("L'armée a annoncé qu'elle était prête", Lang::Fr),
            ("Élections : le président sortant réélu", Lang::Fr),
            // "Dubai, UAE (CNN)--": Arabic letters outnumber the three of CNN.
            ("دبي، الإمارات العربية المتحدة (CNN)--", Lang::Ar),
            ("(CNN)--", Lang::En),
            ("AFP", Lang::En),
            ("-------", Lang::Und),
            ("12/04/2019", Lang::Und),
            ("", Lang::Und),
            // Equal counts go to Arabic.
            ("ab أب", Lang::Ar),
        ];
        for (text, want) in cases {
            assert_eq!(detect_lang(text), *want, "{text}");
        }
    }
}
