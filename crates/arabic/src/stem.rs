//! A root-like stem for search recall: «المفاوضات» "the negotiations", «مفاوضات» and «التفاوض»
//! "negotiating" all give `فوض`.
//!
//! The rules are those of the ISRI stemmer (Taghva, Elkhoury and Coombs, 2005: "Arabic stemming
//! without a root dictionary"): strip a plural, dual or pronoun suffix, then match the word's
//! length and letters against the common derivation patterns (مفاعل، تفاعل، افتعال، مفعول، تفعيل
//! ...) and keep the letters the pattern does not add. No dictionary, so it overreaches
//! («فوضى» "chaos" also gives `فوض`): search gives the stem a low weight, so that a word that
//! only shares a stem is found but ranks below the word itself.
//!
//! The input is a word already folded ([`crate::normalize::fold`]: ة is ه, ى is ي, hamza on alef
//! is bare alef) and without its proclitics (و ف ب ل ك and ال); the output is folded the same way.
//! Words of fewer than four letters, and anything that is not all Arabic letters, are their own
//! stem.
//!
//! ```
//! use rasid_arabic::stem::stem;
//! assert_eq!(stem("مفاوضات"), "فوض"); // "negotiations"
//! assert_eq!(stem("تفاوض"), "فوض");   // "negotiating"
//! assert_eq!(stem("اجتماع"), "جمع");  // "meeting"
//! ```

/// Suffixes tried on words of six letters or more, then of five or more (longest first).
const SUFFIX3: [[char; 3]; 6] =
    [['ت', 'ي', 'ن'], ['ت', 'ا', 'ن'], ['ه', 'م', 'ا'], ['ك', 'م', 'ا'], ['ت', 'م', 'ا'], ['ي', 'ي', 'ن']];
const SUFFIX2: [[char; 2]; 15] = [
    ['ا', 'ت'],
    ['و', 'ن'],
    ['ي', 'ن'],
    ['ا', 'ن'],
    ['ه', 'ا'],
    ['ه', 'م'],
    ['ه', 'ن'],
    ['ك', 'م'],
    ['ك', 'ن'],
    ['ن', 'ا'],
    ['ي', 'ه'],
    ['ت', 'م'],
    ['ت', 'ن'],
    ['و', 'ا'],
    ['ن', 'ي'],
];
/// One-letter suffixes and prefixes, tried when no pattern matched.
const SUFFIX1: [char; 7] = ['ه', 'ي', 'ك', 'ت', 'ا', 'ن', 'ء'];
const PREFIX1: [char; 4] = ['ا', 'ي', 'ت', 'ن'];

/// Longest word stemmed; longer ones (none in a dictionary) are their own stem.
const MAX: usize = 24;

/// A word as letters, on the stack: stemming runs for every indexed word.
#[derive(Clone, Copy)]
struct Word {
    c: [char; MAX],
    n: usize,
}

impl Word {
    fn letters(&self) -> &[char] {
        &self.c[..self.n]
    }
    fn pick(&self, at: &[usize]) -> Word {
        let mut w = Word { c: ['\0'; MAX], n: at.len() };
        for (k, &i) in at.iter().enumerate() {
            w.c[k] = self.c[i];
        }
        w
    }
    fn drop_front(&mut self, k: usize) {
        self.c.copy_within(k..self.n, 0);
        self.n -= k;
    }
}

/// The stem of one folded, proclitic-free word.
pub fn stem(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    stem_into(word, &mut out);
    out
}

/// [`stem`], appended to `out`.
pub fn stem_into(word: &str, out: &mut String) {
    let mut w = Word { c: ['\0'; MAX], n: 0 };
    for c in word.chars() {
        if w.n == MAX || !('\u{0621}'..='\u{064A}').contains(&c) {
            out.push_str(word);
            return;
        }
        w.c[w.n] = c;
        w.n += 1;
    }
    if w.n < 4 {
        out.push_str(word);
        return;
    }
    if w.n >= 6 {
        strip_suffix(&mut w, &SUFFIX3);
    }
    if w.n >= 5 {
        strip_suffix(&mut w, &SUFFIX2);
    }
    if w.n >= 7 {
        // استفعال، مستفعل...: the three letters of the tenth form go first.
        if matches!(w.c[..3], ['ا' | 'م', 'س', 'ت']) {
            w.drop_front(3);
        } else {
            one_letter(&mut w);
        }
    }
    if w.n == 6 {
        w = six(&w);
    }
    if w.n == 5 {
        w = five(&w);
    }
    if w.n == 4 {
        w = four(&w);
    }
    out.extend(w.letters());
}

fn strip_suffix<const N: usize>(w: &mut Word, list: &[[char; N]]) {
    if w.n < N + 3 {
        return;
    }
    let end = &w.c[w.n - N..w.n];
    if list.iter().any(|s| s[..] == *end) {
        w.n -= N;
    }
}

/// Drops one suffix letter, else one prefix letter; true when one went.
fn one_letter(w: &mut Word) -> bool {
    if w.n <= 3 {
        return false;
    }
    if SUFFIX1.contains(&w.c[w.n - 1]) {
        w.n -= 1;
        return true;
    }
    if PREFIX1.contains(&w.c[0]) {
        w.drop_front(1);
        return true;
    }
    false
}

/// Four letters: مفعل، فاعل، فعال/فعيل/فعول، فعلة; else one affix letter.
fn four(w: &Word) -> Word {
    let c = w.letters();
    if c[0] == 'م' {
        return w.pick(&[1, 2, 3]);
    }
    if c[1] == 'ا' {
        return w.pick(&[0, 2, 3]);
    }
    if matches!(c[2], 'ا' | 'ي' | 'و') {
        return w.pick(&[0, 1, 3]);
    }
    if c[3] == 'ه' {
        return w.pick(&[0, 1, 2]);
    }
    let mut v = *w;
    one_letter(&mut v);
    v
}

/// Five letters to a three-letter root by pattern, else to four letters.
fn five(w: &Word) -> Word {
    let r = |at: &[usize]| w.pick(at);
    match w.letters() {
        // افتعل، افاعل
        ['ا', _, 'ا' | 'ت', _, _] => r(&[1, 3, 4]),
        // مفاعل، تفاعل (before مفعول, which ISRI tries first: «مفاوض» "negotiator" is مفاعل)
        ['م' | 'ت', _, 'ا', _, _] => r(&[1, 3, 4]),
        // مفعول، مفعال، مفعيل
        ['م', _, _, 'ا' | 'ي' | 'و', _] => r(&[1, 2, 4]),
        // مفعلة، تفعلة، افعلة
        ['ا' | 'ت' | 'م', _, _, _, 'ه'] => r(&[1, 2, 3]),
        // مفتعل، يفتعل، تفتعل
        ['م' | 'ي' | 'ت', _, 'ت', _, _] => r(&[1, 3, 4]),
        // فعولة، فعالة
        [_, _, 'ا' | 'و', _, 'ه'] => r(&[0, 1, 3]),
        // انفعل، منفعل
        ['ا' | 'م', 'ن', _, _, _] => r(&[2, 3, 4]),
        // افعال
        ['ا', _, _, 'ا', _] => r(&[1, 2, 4]),
        // فعلان
        [_, _, _, 'ا', 'ن'] => r(&[0, 1, 2]),
        // تفعيل
        ['ت', _, _, 'ي', _] => r(&[1, 2, 4]),
        // فاعول
        [_, 'ا', _, 'و', _] => r(&[0, 2, 4]),
        // فواعل
        [_, 'و', 'ا', _, _] => r(&[0, 3, 4]),
        // فعائل
        [_, _, 'ا', 'ئ', _] => r(&[0, 1, 4]),
        // فاعلة
        [_, 'ا', _, _, 'ه'] => r(&[0, 2, 3]),
        // فعالي
        [_, _, 'ا', _, 'ي'] => r(&[0, 1, 3]),
        _ => {
            let mut v = *w;
            if !one_letter(&mut v) {
                // A quadriliteral pattern: تفعلل، افعلل، مفعلل، فعالل.
                v = match w.letters() {
                    ['ا' | 'ت' | 'م', ..] => r(&[1, 2, 3, 4]),
                    [_, _, 'ا', _, _] => r(&[0, 1, 3, 4]),
                    _ => v,
                };
            }
            v
        }
    }
}

/// Six letters to a three-letter root by pattern, else one affix letter off.
fn six(w: &Word) -> Word {
    let r = |at: &[usize]| w.pick(at);
    match w.letters() {
        // استفعل، مستفعل
        ['ا' | 'م', 'س', 'ت', _, _, _] => r(&[3, 4, 5]),
        // مفعالة
        ['م', _, _, 'ا', _, 'ه'] => r(&[1, 2, 4]),
        // افتعال
        ['ا', _, 'ت', _, 'ا', _] => r(&[1, 3, 5]),
        // افعوعل
        ['ا', _, a, 'و', b, _] if a == b => r(&[1, 4, 5]),
        // تفاعيل
        ['ت', _, 'ا', _, 'ي', _] => r(&[1, 3, 5]),
        // متفعلل
        ['م', 'ت', _, _, _, _] => r(&[2, 3, 4, 5]),
        // افعلال
        ['ا', _, _, _, 'ا', _] => r(&[1, 2, 3, 5]),
        _ => {
            let mut v = *w;
            one_letter(&mut v);
            v
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stem;
    use crate::normalize::fold_str;

    fn s(w: &str) -> String {
        stem(&fold_str(w))
    }

    #[test]
    fn derivations_meet() {
        // negotiations / negotiating / negotiator
        assert_eq!(s("مفاوضات"), "فوض");
        assert_eq!(s("تفاوض"), "فوض");
        assert_eq!(s("مفاوض"), "فوض");
        // meeting / meetings
        assert_eq!(s("اجتماع"), "جمع");
        assert_eq!(s("اجتماعات"), "جمع");
        // elections / elected
        assert_eq!(s("انتخابات"), "نخب");
        assert_eq!(s("منتخب"), "نخب");
        // attack / attacks
        assert_eq!(s("هجوم"), "هجم");
        // official (person) / officials
        assert_eq!(s("مسؤول"), "سؤل");
        assert_eq!(s("مسؤولون"), "سؤل");
        // state / states
        assert_eq!(s("دولة"), "دول");
        // use
        assert_eq!(s("استخدام"), s("استخدم"));
    }

    #[test]
    fn short_and_foreign_words_stay() {
        assert_eq!(s("قال"), "قال");
        assert_eq!(stem("nato"), "nato");
        assert_eq!(stem("2019"), "2019");
        assert_eq!(stem(""), "");
    }

    #[test]
    fn never_shorter_than_three_letters() {
        for w in ["مفاوضاتهما", "استخدامات", "التي", "ايها", "انتم", "يينين", "تتتتتتت"]
        {
            let st = s(w);
            assert!(st.chars().count() >= 3.min(fold_str(w).chars().count()), "{w} → {st}");
        }
    }
}
