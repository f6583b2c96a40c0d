//! Evaluation of the clitic segmenter against a CoNLL-U treebank whose tokens are surface
//! strings (UD Arabic-PUD): word-level accuracy, a word being right when all its boundaries are.
//!
//! ```no_run
//! use rasid_arabic::{clitics::Segmenter, segeval::eval_conllu};
//! use rasid_arabic::segeval::{PUD, PUD_THRESHOLD};
//! let pud = std::path::Path::new("../shared/corpus").join(PUD);
//! let r = eval_conllu(Segmenter::embedded(), &pud)?;
//! println!("{r}");
//! for m in r.mistakes(20) {
//!     println!("{}  gold {}  predicted {}", m.word, m.gold, m.predicted);
//! }
//! assert!(r.accuracy >= PUD_THRESHOLD);
//! # Ok::<(), rasid_arabic::clitics::CliticError>(())
//! ```
//!
//! What a word is, and what a boundary is, so that like is compared with like:
//!
//! * The tokens of a sentence are joined into whitespace words by `SpaceAfter=No`. Multi-word
//!   token lines, when a treebank has them, give the surface form and its syntactic words (the
//!   PUD release in the shared corpus has none: its segments are surface strings).
//! * `PUNCT` tokens at the start and end of such a word are cut off (our tokenizer separates
//!   them): «شولمان,» is the word «شولمان». What is left is one evaluated word; its gold
//!   boundaries are the offsets between its tokens. Leaving every word whole scores 0.844 on PUD.
//! * Predicted boundaries are those the text layer would make: between a run of Arabic word
//!   characters and anything else, around each punctuation or symbol character (except a
//!   decimal or thousands separator, slash or colon between two digits), and inside each
//!   Arabic run, the clitic boundaries of [`Segmenter::segment`].
//! * UD keeps the article on its noun and writes «للسلطة» as ل + لسلطة, so the boundary after
//!   our article is dropped (see [`crate::clitics::boundaries`]).

use crate::chars::is_arabic_word_char;
use crate::clitics::{CliticError, Segmenter, boundaries};
use rasid_core::Segmentation;
use std::path::Path;

/// How many mistakes a report keeps as examples.
pub const MAX_EXAMPLES: usize = 1000;

/// UD Arabic-PUD inside the shared corpus folder.
pub const PUD: &str = "ud/ar_pud-ud-test.conllu";

/// The accuracy CI requires on PUD.
pub const PUD_THRESHOLD: f64 = 0.97;

/// One word the segmenter got wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegMistake {
    pub sent_id: String,
    /// The surface word.
    pub word: String,
    /// Gold and predicted parts joined with `+`.
    pub gold: String,
    pub predicted: String,
}

/// Word-level segmentation accuracy.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SegReport {
    pub words: usize,
    /// Words with at least one gold boundary.
    pub words_with_clitics: usize,
    pub correct: usize,
    pub accuracy: f64,
    /// Accuracy of leaving every word whole.
    pub baseline_whole_accuracy: f64,
    /// Words with no gold boundary that were split.
    pub over_split: usize,
    /// Words with gold boundaries that were left whole.
    pub under_split: usize,
    /// Words made only of Arabic word characters, and how many of them are right.
    pub arabic_words: usize,
    pub arabic_correct: usize,
    /// Multi-word tokens whose parts do not spell the surface form (not evaluated).
    pub skipped: usize,
    /// The first [`MAX_EXAMPLES`] mistakes, in file order.
    pub mistakes: Vec<SegMistake>,
}

impl SegReport {
    /// The first `n` mistakes.
    pub fn mistakes(&self, n: usize) -> &[SegMistake] {
        &self.mistakes[..n.min(self.mistakes.len())]
    }
}

impl std::fmt::Display for SegReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "words                 {}", self.words)?;
        writeln!(f, "words with clitics    {}", self.words_with_clitics)?;
        writeln!(f, "correct               {}", self.correct)?;
        writeln!(f, "accuracy              {:.4}", self.accuracy)?;
        writeln!(f, "baseline (all whole)  {:.4}", self.baseline_whole_accuracy)?;
        writeln!(f, "over-split            {}", self.over_split)?;
        writeln!(f, "under-split           {}", self.under_split)?;
        let ar =
            if self.arabic_words > 0 { self.arabic_correct as f64 / self.arabic_words as f64 } else { 0.0 };
        write!(f, "arabic-only words     {} ({:.4} correct)", self.arabic_words, ar)?;
        if self.skipped > 0 {
            write!(f, "\nskipped (unaligned)   {}", self.skipped)?;
        }
        Ok(())
    }
}

/// Evaluates `seg` on a CoNLL-U file (UD Arabic-PUD: `ud/ar_pud-ud-test.conllu`).
pub fn eval_conllu(seg: &Segmenter, path: &Path) -> Result<SegReport, CliticError> {
    eval_conllu_by(|w| seg.segment(w), path)
}

/// [`eval_conllu`] for any function from a word to its segmentation (another table, other
/// model constants).
pub fn eval_conllu_by(seg: impl Fn(&str) -> Segmentation, path: &Path) -> Result<SegReport, CliticError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| CliticError::Io { path: path.into(), source })?;
    eval_conllu_str(seg, &text, path)
}

/// [`eval_conllu_by`] over CoNLL-U text already read; `path` only names it in errors.
pub fn eval_conllu_str(
    seg: impl Fn(&str) -> Segmentation,
    conllu: &str,
    path: &Path,
) -> Result<SegReport, CliticError> {
    let mut r = SegReport::default();
    let mut sent_id = String::new();
    let mut toks: Vec<Tok> = Vec::new();
    let mut mwt: Option<Mwt> = None;
    for (i, line) in conllu.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            finish_sentence(&seg, &sent_id, &mut toks, &mut r);
            mwt = None;
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            if let Some(id) = c.trim().strip_prefix("sent_id") {
                sent_id = id.trim_start_matches([' ', '=']).trim().to_string();
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(CliticError::Parse {
                path: path.into(),
                line: i + 1,
                reason: "expected 10 columns".into(),
            });
        }
        let space_after = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
        if let Some((a, b)) = cols[0].split_once('-') {
            let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) else {
                return Err(CliticError::Parse {
                    path: path.into(),
                    line: i + 1,
                    reason: "bad token range".into(),
                });
            };
            mwt = Some(Mwt { last: b, form: cols[1].to_string(), space_after, parts: Vec::new(), first: a });
            continue;
        }
        if cols[0].contains('.') {
            continue; // empty node
        }
        let id: u32 = cols[0].parse().map_err(|_| CliticError::Parse {
            path: path.into(),
            line: i + 1,
            reason: "bad token id".into(),
        })?;
        let tok = Tok { form: cols[1].to_string(), punct: cols[3] == "PUNCT", space_after, unaligned: false };
        let Some(m) = mwt.as_mut().filter(|m| id >= m.first && id <= m.last) else {
            toks.push(tok);
            continue;
        };
        m.parts.push(tok);
        if id == m.last
            && let Some(m) = mwt.take()
        {
            let spelt: String = m.parts.iter().map(|t| t.form.as_str()).collect();
            if spelt == m.form {
                let n = m.parts.len();
                for (j, mut t) in m.parts.into_iter().enumerate() {
                    t.space_after = j + 1 == n && m.space_after;
                    toks.push(t);
                }
            } else {
                toks.push(Tok { form: m.form, punct: false, space_after: m.space_after, unaligned: true });
            }
        }
    }
    finish_sentence(&seg, &sent_id, &mut toks, &mut r);
    if r.words > 0 {
        r.accuracy = r.correct as f64 / r.words as f64;
        r.baseline_whole_accuracy = (r.words - r.words_with_clitics) as f64 / r.words as f64;
    }
    Ok(r)
}

struct Tok {
    form: String,
    punct: bool,
    space_after: bool,
    unaligned: bool,
}

struct Mwt {
    first: u32,
    last: u32,
    form: String,
    space_after: bool,
    parts: Vec<Tok>,
}

fn finish_sentence(
    seg: &impl Fn(&str) -> Segmentation,
    sent_id: &str,
    toks: &mut Vec<Tok>,
    r: &mut SegReport,
) {
    let mut start = 0;
    let mut pred = Vec::new();
    for end in 0..toks.len() {
        if !toks[end].space_after && end + 1 < toks.len() {
            continue;
        }
        // toks[start..=end] is one whitespace word: cut punctuation off both ends.
        let mut group = &toks[start..=end];
        start = end + 1;
        while group.first().is_some_and(|t| t.punct) {
            group = &group[1..];
        }
        while group.last().is_some_and(|t| t.punct) {
            group = &group[..group.len() - 1];
        }
        if group.is_empty() {
            continue;
        }
        if group.iter().any(|t| t.unaligned) {
            r.skipped += 1;
            continue;
        }
        let word: String = group.iter().map(|t| t.form.as_str()).collect();
        let mut gold = Vec::new();
        let mut at = 0u32;
        for t in &group[..group.len() - 1] {
            at += t.form.len() as u32;
            gold.push(at);
        }
        pred.clear();
        predict(seg, &word, &mut pred);
        r.words += 1;
        let arabic = word.chars().all(is_arabic_word_char);
        r.arabic_words += usize::from(arabic);
        if !gold.is_empty() {
            r.words_with_clitics += 1;
        }
        if pred == gold {
            r.correct += 1;
            r.arabic_correct += usize::from(arabic);
        } else {
            if gold.is_empty() {
                r.over_split += 1;
            } else if pred.is_empty() {
                r.under_split += 1;
            }
            if r.mistakes.len() < MAX_EXAMPLES {
                r.mistakes.push(SegMistake {
                    sent_id: sent_id.to_string(),
                    gold: join_at(&word, &gold),
                    predicted: join_at(&word, &pred),
                    word,
                });
            }
        }
    }
    toks.clear();
}

/// Predicted boundaries of a word, in increasing order (see the module documentation).
fn predict(seg: &impl Fn(&str) -> Segmentation, word: &str, out: &mut Vec<u32>) {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Arabic,
        Alnum,
        Other,
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let class = |k: usize| -> Class {
        let c = chars[k].1;
        if is_arabic_word_char(c) {
            Class::Arabic
        } else if c.is_alphanumeric() {
            Class::Alnum
        } else if k > 0
            && k + 1 < chars.len()
            && matches!(c, '.' | ',' | '\u{066B}' | '\u{066C}' | '/' | ':')
            && chars[k - 1].1.is_numeric()
            && chars[k + 1].1.is_numeric()
        {
            // 2.5, 1,200, ٣٫٥, 28/4, 14:30 (a hyphen between numbers is a boundary: 2015-2016)
            Class::Alnum
        } else {
            Class::Other
        }
    };
    let mut k = 0;
    while k < chars.len() {
        let c = class(k);
        let mut j = k + 1;
        if c != Class::Other {
            while j < chars.len() && class(j) == c {
                j += 1;
            }
        }
        let (s, e) = (chars[k].0, chars.get(j).map_or(word.len(), |x| x.0));
        if s > 0 && out.last() != Some(&(s as u32)) {
            out.push(s as u32);
        }
        if c == Class::Arabic {
            let run = &word[s..e];
            let mut inner = Vec::new();
            boundaries(run.len(), &seg(run), true, &mut inner);
            out.extend(inner.into_iter().map(|b| b + s as u32));
        }
        k = j;
    }
}

fn join_at(word: &str, cuts: &[u32]) -> String {
    let mut out = String::with_capacity(word.len() + cuts.len());
    let mut at = 0usize;
    for &c in cuts {
        out.push_str(word.get(at..c as usize).unwrap_or(""));
        out.push('+');
        at = c as usize;
    }
    out.push_str(word.get(at..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A sentence written for this test in the PUD layout: «وقال الناطق باسمها: "لا".»
    /// ("and the spokesman said in her name: "no"."), plus an unsplit word and a number.
    const SAMPLE: &str = "# sent_id = t1
# text = وقال الناطق باسمها: \"لا\". وزارة 2.5%
1\tو\tو\tCCONJ\t_\t_\t0\tcc\t_\tSpaceAfter=No
2\tقال\tقال\tVERB\t_\t_\t0\troot\t_\t_
3\tالناطق\tناطق\tNOUN\t_\t_\t2\tnsubj\t_\t_
4\tب\tب\tADP\t_\t_\t5\tcase\t_\tSpaceAfter=No
5\tاسم\tاسم\tNOUN\t_\t_\t2\tobl\t_\tSpaceAfter=No
6\tها\tهو\tPRON\t_\t_\t5\tnmod\t_\tSpaceAfter=No
7\t:\t:\tPUNCT\t_\t_\t2\tpunct\t_\t_
8\t\"\t\"\tPUNCT\t_\t_\t9\tpunct\t_\tSpaceAfter=No
9\tلا\tلا\tPART\t_\t_\t2\tobj\t_\tSpaceAfter=No
10\t\"\t\"\tPUNCT\t_\t_\t9\tpunct\t_\tSpaceAfter=No
11\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_
12\tوزارة\tوزارة\tNOUN\t_\t_\t2\tobj\t_\t_
13-14\tللسلطة\t_\t_\t_\t_\t_\t_\t_\t_
13\tل\tل\tADP\t_\t_\t14\tcase\t_\t_
14\tلسلطة\tسلطة\tNOUN\t_\t_\t12\tnmod\t_\t_
15\t2.5\t2.5\tNUM\t_\t_\t12\tnummod\t_\tSpaceAfter=No
16\t%\t%\tSYM\t_\t_\t15\tnmod\t_\t_

";

    #[test]
    fn words_and_boundaries() {
        let s = Segmenter::embedded();
        let r = eval_conllu_str(|w| s.segment(w), SAMPLE, &PathBuf::from("sample")).unwrap();
        // وقال, الناطق, باسمها, لا, وزارة, للسلطة, 2.5%
        assert_eq!(r.words, 7);
        assert_eq!(r.words_with_clitics, 4);
        assert!((r.baseline_whole_accuracy - 3.0 / 7.0).abs() < 1e-9);
        assert_eq!(r.correct, 7, "{:?}", r.mistakes);
        assert_eq!(r.accuracy, 1.0);
    }

    #[test]
    fn predicted_boundaries() {
        let s = Segmenter::embedded();
        let s = |w: &str| s.segment(w);
        let mut b = Vec::new();
        predict(&s, "و\"تويتر", &mut b);
        assert_eq!(b, vec![2, 3]);
        b.clear();
        predict(&s, "2.5%", &mut b);
        assert_eq!(b, vec![3]);
        b.clear();
        predict(&s, "2015-2016", &mut b);
        assert_eq!(b, vec![4, 5]);
        b.clear();
        predict(&s, "بالنسبة", &mut b);
        assert_eq!(b, vec![2]);
    }

    #[test]
    fn bad_lines_are_errors() {
        let s = Segmenter::embedded();
        let e = eval_conllu_str(|w| s.segment(w), "1\tو\n", &PathBuf::from("x")).unwrap_err();
        assert!(matches!(e, CliticError::Parse { line: 1, .. }));
    }

    /// The published figure: runs when the shared corpora are present (CI), skips otherwise.
    #[test]
    fn pud_accuracy() {
        // The corpus folder as the CLI finds it: $RASID_CORPUS, $RASID_SHARED/corpus, or
        // ../shared/corpus from the workspace root.
        let dir = std::env::var_os("RASID_CORPUS").map(PathBuf::from).unwrap_or_else(|| {
            std::env::var_os("RASID_SHARED")
                .map(|s| PathBuf::from(s).join("corpus"))
                .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
        });
        let path = dir.join(PUD);
        if !path.exists() {
            eprintln!("skipping: {} not found", path.display());
            return;
        }
        let r = eval_conllu(Segmenter::embedded(), &path).unwrap();
        eprintln!("{r}");
        assert!((r.baseline_whole_accuracy - 0.844).abs() < 0.001, "{r}");
        assert!(r.accuracy >= PUD_THRESHOLD, "{r}");
    }
}
