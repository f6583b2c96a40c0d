//! Character classes of Arabic script used across the text layer.

/// ـ tatweel (kashida): elongation, never meaningful.
pub const TATWEEL: char = '\u{0640}';

/// Arabic letters (base consonants and long vowels, including Persian/Urdu additions that appear
/// in names), excluding diacritics, digits, punctuation and tatweel.
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}'
        | '\u{FB50}'..='\u{FD3D}' | '\u{FD40}'..='\u{FDFB}' | '\u{FE70}'..='\u{FEFC}')
}

/// Latin letters: ASCII and the Latin-1, Extended-A/B and Extended Additional blocks.
#[inline]
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') && c.is_alphabetic())
}

/// Arabic combining marks: harakat, tanwin, shadda, sukun, superscript alef, Quranic marks.
#[inline]
pub fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}' | '\u{06E7}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}'
        | '\u{08CA}'..='\u{08FF}')
}

/// Characters that may sit inside an Arabic word without breaking it: letters, diacritics,
/// tatweel, zero-width (non-)joiners and the soft hyphen.
#[inline]
pub fn is_arabic_word_char(c: char) -> bool {
    is_arabic_letter(c)
        || is_diacritic(c)
        || c == TATWEEL
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{00AD}')
}

/// Bidirectional control marks that carry no text (LRM, RLM, ALM, embeddings, isolates).
#[inline]
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Format characters that take no room on screen: bidi controls, zero-width space, joiners and
/// non-joiners, word joiner, soft hyphen, byte-order mark. The tokenizer never starts or ends a
/// token with one, the structure stage trims them from block edges, ingestion treats a block of
/// only these as blank: one list, so the layers agree on where text begins and ends.
#[inline]
pub fn is_invisible(c: char) -> bool {
    is_bidi_control(c)
        || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// Quotation marks of Arabic and European typography, straight and curly.
#[inline]
pub fn is_quote(c: char) -> bool {
    matches!(c, '«' | '»' | '"' | '“' | '”' | '„' | '‘' | '’' | '‹' | '›' | '\'' | '‚' | '‟')
}

/// Hyphens, dashes and the minus sign.
#[inline]
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '‒' | '―' | '−')
}

/// Brackets, including the ornate parentheses ﴿ ﴾ of Quranic quotation.
#[inline]
pub fn is_bracket(c: char) -> bool {
    matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | '﴾' | '﴿' | '⟨' | '⟩')
}

/// Arabic-Indic (٠-٩) or Extended Arabic-Indic (۰-۹) digit value.
#[inline]
pub fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// Any decimal digit rasid reads: ASCII, Arabic-Indic or Extended Arabic-Indic.
#[inline]
pub fn digit_value(c: char) -> Option<u32> {
    c.to_digit(10).or_else(|| arabic_digit(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!("وزارةُ".chars().all(is_arabic_word_char));
        assert!(is_diacritic('\u{064F}'));
        assert!(!is_arabic_letter('\u{064F}'));
        assert!(!is_arabic_letter('،') && !is_arabic_letter('؟') && !is_arabic_letter('٣'));
        assert_eq!(digit_value('٣'), Some(3));
        assert_eq!(digit_value('۵'), Some(5));
        assert_eq!(digit_value('7'), Some(7));
        // ornate parentheses are punctuation, not letters
        assert!(!is_arabic_letter('﴾') && !is_arabic_letter('﴿'));
        assert!(is_invisible('\u{200B}') && is_invisible('\u{200F}') && !is_invisible(' '));
    }
}
