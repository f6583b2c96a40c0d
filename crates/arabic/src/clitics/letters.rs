//! Letter codes: the 36 letters of the basic Arabic block as small integers (1..=36), and the scan
//! of a surface word into its letters and their byte offsets.
//!
//! Diacritics, tatweel and zero-width (non-)joiners are skipped: the segmenter works on letters,
//! and byte offsets always point back into the surface string.

use super::table::KeyHasher;
use crate::chars::{TATWEEL, is_arabic_letter, is_diacritic};

/// Longest word (in letters) the segmenter analyses; longer ones stay whole.
pub(crate) const MAX_LETTERS: usize = 32;

/// Number of letter codes (1..=ALPHABET).
pub(crate) const ALPHABET: u8 = 36;

/// Letter code of `c`: 1..=36 for U+0621..U+063A and U+0641..U+064A, with alef wasla read as
/// alef and the Persian yeh/keheh read as yeh/kaf; 0 for any other character.
pub(crate) const fn code(c: char) -> u8 {
    match c {
        '\u{0621}'..='\u{063A}' => (c as u32 - 0x0620) as u8,
        '\u{0641}'..='\u{064A}' => (c as u32 - 0x0641 + 27) as u8,
        '\u{0671}' => 7,
        '\u{06CC}' => 36,
        '\u{06A9}' => 29,
        _ => 0,
    }
}

/// The character of a letter code (for keys shown to people); `?` for 0 or out of range.
#[cfg(test)]
pub(crate) fn letter_char(code: u8) -> char {
    match code {
        1..=26 => char::from_u32(0x0620 + code as u32).unwrap_or('?'),
        27..=36 => char::from_u32(0x0641 + code as u32 - 27).unwrap_or('?'),
        _ => '?',
    }
}

pub(crate) const HAMZA: u8 = code('ء');
pub(crate) const ALEF_MADDA: u8 = code('آ');
pub(crate) const ALEF_HAMZA: u8 = code('أ');
pub(crate) const WAW_HAMZA: u8 = code('ؤ');
pub(crate) const ALEF_HAMZA_BELOW: u8 = code('إ');
pub(crate) const YEH_HAMZA: u8 = code('ئ');
pub(crate) const ALEF: u8 = code('ا');
pub(crate) const BEH: u8 = code('ب');
pub(crate) const TEH_MARBUTA: u8 = code('ة');
pub(crate) const TEH: u8 = code('ت');
pub(crate) const SEEN: u8 = code('س');
pub(crate) const FEH: u8 = code('ف');
pub(crate) const KAF: u8 = code('ك');
pub(crate) const LAM: u8 = code('ل');
pub(crate) const MEEM: u8 = code('م');
pub(crate) const NOON: u8 = code('ن');
pub(crate) const HEH: u8 = code('ه');
pub(crate) const WAW: u8 = code('و');
pub(crate) const ALEF_MAKSURA: u8 = code('ى');
pub(crate) const YEH: u8 = code('ي');

/// Characters that may sit between letters without being letters themselves.
#[inline]
pub(crate) fn is_skippable(c: char) -> bool {
    is_diacritic(c) || c == TATWEEL || c == '\u{200C}' || c == '\u{200D}'
}

/// The letters of a word and where each starts in the surface string.
pub(crate) struct Letters {
    pub n: usize,
    pub codes: [u8; MAX_LETTERS],
    /// `start[i]` is the byte offset of letter `i`; `start[n]` is the length of the word.
    pub start: [u16; MAX_LETTERS + 1],
    /// Table hash of the letters (see [`KeyHasher`]).
    pub hash: u64,
    /// Bit `i` is set when letter `i` carries tanwin (ً ٌ ٍ).
    pub tanwin: u32,
}

impl Letters {
    #[inline]
    pub fn codes(&self) -> &[u8] {
        &self.codes[..self.n]
    }

    /// Is the word marked indefinite by a tanwin at its end («شكلٍ», «أماناً», «شكرًا»)? An
    /// indefinite noun takes neither the article nor a pronoun.
    #[inline]
    pub fn indefinite(&self) -> bool {
        let n = self.n;
        let on = |i: usize| self.tanwin >> i & 1 == 1;
        n > 0 && (on(n - 1) || n > 1 && on(n - 2) && matches!(self.codes[n - 1], ALEF | ALEF_MAKSURA))
    }

    /// Byte length of the part made of letters `a..b` (`a < b`); the first part also takes
    /// anything before the first letter, and each part takes the marks that follow its letters.
    #[inline]
    pub fn part_len(&self, a: usize, b: usize) -> u32 {
        let from = if a == 0 { 0 } else { self.start[a] };
        (self.start[b] - from) as u32
    }
}

const SKIP: u8 = 0xFE;
const REJECT: u8 = 0xFF;

/// What each character of U+0600..U+067F is to the scanner: a letter code (0 for a letter with
/// no code), [`SKIP`] for marks and tatweel, [`REJECT`] for anything else (digits, punctuation).
/// Built from the same predicates as the slow path, so the two cannot disagree.
const BLOCK: [u8; 128] = {
    let mut t = [REJECT; 128];
    let mut i = 0;
    while i < 128 {
        let c = match char::from_u32(0x600 + i as u32) {
            Some(c) => c,
            None => panic!("U+06xx is a char"),
        };
        t[i] = if is_skippable_const(c) {
            SKIP
        } else if is_arabic_letter_const(c) {
            code(c)
        } else {
            REJECT
        };
        i += 1;
    }
    t
};

const fn is_skippable_const(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

const fn is_arabic_letter_const(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}' | '\u{0671}'..='\u{067F}')
}

/// Scans a surface word. `None` when it is not an Arabic word the segmenter can analyse: empty,
/// containing anything but Arabic letters and in-word marks, over [`MAX_LETTERS`] letters, or
/// longer than `u16::MAX` bytes.
///
/// This is the hot path of the segmenter: two-byte characters of the Arabic block are decoded
/// and classified with one table lookup, and the key hash is computed on the way.
#[inline]
pub(crate) fn scan(word: &str) -> Option<Letters> {
    if word.len() > u16::MAX as usize {
        return None;
    }
    let b = word.as_bytes();
    let mut l = Letters { n: 0, codes: [0; MAX_LETTERS], start: [0; MAX_LETTERS + 1], hash: 0, tanwin: 0 };
    let mut h = KeyHasher::new();
    let mut i = 0usize;
    while i < b.len() {
        let x = b[i];
        let (k, len) = if (x == 0xD8 || x == 0xD9) && i + 1 < b.len() {
            let cp = ((x & 0x1F) as usize) << 6 | (b[i + 1] & 0x3F) as usize;
            (BLOCK[cp - 0x600], 2)
        } else {
            // Anything else: decode the character (the slice starts on a boundary, since every
            // step advances by a whole character).
            let c = word.get(i..).and_then(|s| s.chars().next())?;
            let k = if is_skippable(c) {
                SKIP
            } else if is_arabic_letter(c) {
                code(c)
            } else {
                REJECT
            };
            (k, c.len_utf8())
        };
        match k {
            SKIP => {
                // U+064B..U+064D (tanwin) are D9 8B..8D.
                if x == 0xD9 && l.n > 0 && b.get(i + 1).is_some_and(|y| (0x8B..=0x8D).contains(y)) {
                    l.tanwin |= 1 << (l.n - 1);
                }
            }
            REJECT => return None,
            _ => {
                if l.n == MAX_LETTERS {
                    return None;
                }
                l.codes[l.n] = k;
                l.start[l.n] = i as u16;
                l.n += 1;
                h.push(k);
            }
        }
        i += len;
    }
    if l.n == 0 {
        return None;
    }
    l.start[l.n] = word.len() as u16;
    l.hash = h.finish();
    Some(l)
}

/// Calls `f` with the letter codes of every Arabic word of `text` that is made only of the 36
/// coded letters (words with other letters are dropped whole, not cut). Used by the table
/// builder, so it must treat marks exactly as [`scan`] does.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(&[u8])) {
    let mut buf = [0u8; MAX_LETTERS];
    let mut n = 0usize;
    let mut ok = true;
    let mut flush = |buf: &[u8; MAX_LETTERS], n: &mut usize, ok: &mut bool| {
        if *n > 0 && *ok {
            f(&buf[..*n]);
        }
        *n = 0;
        *ok = true;
    };
    for c in text.chars() {
        if is_skippable(c) {
            continue;
        }
        if is_arabic_letter(c) {
            let k = code(c);
            if k == 0 || n == MAX_LETTERS {
                ok = false;
            } else {
                buf[n] = k;
                n += 1;
            }
        } else {
            flush(&buf, &mut n, &mut ok);
        }
    }
    flush(&buf, &mut n, &mut ok);
}

/// Letter codes of a string made only of coded letters (and skippable marks), or `None`.
pub(crate) fn codes_of(s: &str) -> Option<Vec<u8>> {
    let mut v = Vec::with_capacity(s.len() / 2);
    for c in s.chars() {
        if is_skippable(c) {
            continue;
        }
        let k = code(c);
        if k == 0 {
            return None;
        }
        v.push(k);
    }
    if v.is_empty() || v.len() > MAX_LETTERS {
        return None;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for c in ('\u{0621}'..='\u{063A}').chain('\u{0641}'..='\u{064A}') {
            let k = code(c);
            assert!((1..=36).contains(&k), "{c}");
            assert_eq!(letter_char(k), c);
        }
        assert_eq!(code('ٱ'), ALEF);
        assert_eq!(code('a'), 0);
        assert_eq!(code('\u{064E}'), 0);
    }

    /// The segmenter analyses a subset of the letters `chars` knows (rare letters such as
    /// U+063B keheh with two dots make a word unanalysable, so it stays whole).
    #[test]
    fn fast_block_agrees_with_char_classes() {
        for cp in 0x600u32..0x680 {
            let c = char::from_u32(cp).unwrap();
            let want = if is_skippable(c) {
                SKIP
            } else if is_arabic_letter_const(c) {
                assert!(is_arabic_letter(c), "U+{cp:04X}");
                code(c)
            } else {
                REJECT
            };
            assert_eq!(BLOCK[(cp - 0x600) as usize], want, "U+{cp:04X}");
        }
    }

    #[test]
    fn scan_skips_marks_and_keeps_offsets() {
        // «وَقـالَ» "and he said", with a fatha and a tatweel inside.
        let w = "وَقـالَ";
        let l = scan(w).unwrap();
        assert_eq!(l.n, 4);
        assert_eq!(l.codes(), &[WAW, code('ق'), ALEF, LAM]);
        assert_eq!(l.part_len(0, 1), "وَ".len() as u32);
        assert_eq!(l.start[4] as usize, w.len());
        assert!(scan("abc").is_none());
        assert!(scan("").is_none());
        assert!(scan("\u{064E}").is_none());
        assert!(scan("قال،").is_none());
        assert!(!l.indefinite());
        assert!(scan("شكلٍ").unwrap().indefinite());
        assert!(scan("أماناً").unwrap().indefinite());
        assert!(scan("شكرًا").unwrap().indefinite());
        assert!(scan("بشكلٍ").unwrap().indefinite());
        assert!(!scan("وقالَ").unwrap().indefinite());
    }

    #[test]
    fn words_of_text() {
        let mut got = Vec::new();
        for_each_word("قالَ: «پول» و1 الجزيرة", |w| got.push(w.to_vec()));
        assert_eq!(got, vec![codes_of("قال").unwrap(), codes_of("و").unwrap(), codes_of("الجزيرة").unwrap()]);
    }
}
