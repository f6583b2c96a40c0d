//! Sentence splitting measured against a UD treebank whose sentences keep their `# text`.
//!
//! Consecutive sentences are joined with a space into paragraphs of up to [`PARAGRAPH`]
//! sentences (never across a `# newdoc` of more than one sentence), which the tokenizer and
//! [`crate::sentences::split`] then cut again; a boundary is right when it falls exactly where a
//! gold sentence ends. In UD Arabic-PUD every sentence is a document of its own (sentences
//! chosen one by one from news and Wikipedia), so its paragraphs are made of unrelated
//! sentences: the measure is of the local decisions (does this stop end a sentence, is this
//! abbreviation, number or quotation inside one), which is what the splitter decides anyway.

use crate::sentences::split;
use crate::tokenize::tokenize;
use rasid_core::{Block, BlockKind, Lang, Span};
use std::fmt;
use std::path::Path;

/// Counts of sentence boundaries inside paragraphs (the end of a paragraph is not counted: any
/// splitter gets it right).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SentReport {
    /// Paragraphs scored.
    pub documents: usize,
    pub gold_sentences: usize,
    pub predicted_sentences: usize,
    /// Boundaries inside documents: gold, predicted, and both.
    pub gold_boundaries: usize,
    pub predicted_boundaries: usize,
    pub correct_boundaries: usize,
    /// Sentences whose both ends match a gold sentence's.
    pub exact_sentences: usize,
    /// Wrong and missed boundaries in context (`…before ‖ after…`), at most [`MAX_MISTAKES`].
    pub mistakes: Vec<String>,
}

/// How many mistakes a report keeps.
pub const MAX_MISTAKES: usize = 200;

impl SentReport {
    pub fn precision(&self) -> f64 {
        ratio(self.correct_boundaries, self.predicted_boundaries)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct_boundaries, self.gold_boundaries)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

impl fmt::Display for SentReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "paragraphs          {}", self.documents)?;
        writeln!(f, "gold sentences      {}", self.gold_sentences)?;
        writeln!(f, "predicted sentences {}", self.predicted_sentences)?;
        writeln!(
            f,
            "boundaries          precision {:.4}  recall {:.4}  F1 {:.4}  ({} right of {} predicted, {} gold)",
            self.precision(),
            self.recall(),
            self.f1(),
            self.correct_boundaries,
            self.predicted_boundaries,
            self.gold_boundaries
        )?;
        write!(
            f,
            "exact sentences     {:.4}  ({} / {})",
            ratio(self.exact_sentences, self.gold_sentences),
            self.exact_sentences,
            self.gold_sentences
        )
    }
}

/// Sentences per paragraph when documents are single sentences.
pub const PARAGRAPH: usize = 10;

/// Scores the splitter on a CoNLL-U file's `# text` lines.
pub fn eval_sentences_conllu(path: &Path) -> std::io::Result<SentReport> {
    let src = std::fs::read_to_string(path)?;
    Ok(eval_sentences_str(&src))
}

/// As [`eval_sentences_conllu`], on the file's contents.
pub fn eval_sentences_str(conllu: &str) -> SentReport {
    let mut report = SentReport::default();
    // Documents as the treebank gives them, then single-sentence ones grouped into paragraphs.
    let mut docs: Vec<Vec<&str>> = Vec::new();
    for line in conllu.lines() {
        if line.starts_with("# newdoc") || docs.is_empty() {
            docs.push(Vec::new());
        }
        if let Some(t) = line.strip_prefix("# text = ").map(str::trim).filter(|t| !t.is_empty()) {
            docs.last_mut().expect("pushed above").push(t);
        }
    }
    let mut para: Vec<&str> = Vec::new();
    for d in docs.into_iter().filter(|d| !d.is_empty()) {
        if d.len() > 1 {
            score_doc(&para, &mut report);
            para.clear();
            score_doc(&d, &mut report);
            continue;
        }
        para.extend(d);
        if para.len() == PARAGRAPH {
            score_doc(&para, &mut report);
            para.clear();
        }
    }
    score_doc(&para, &mut report);
    report
}

fn score_doc(sentences: &[&str], r: &mut SentReport) {
    if sentences.is_empty() {
        return;
    }
    let text = sentences.join(" ");
    let mut gold = Vec::with_capacity(sentences.len());
    let mut at = 0;
    for s in sentences {
        gold.push((at, at + s.len()));
        at += s.len() + 1;
    }
    let toks = tokenize(&text);
    let block = [Block { kind: BlockKind::Paragraph, span: Span::from_range(0..text.len()), lang: Lang::Ar }];
    let pred: Vec<(usize, usize)> =
        split(&text, &toks, &block).iter().map(|s| (s.span.start as usize, s.span.end as usize)).collect();
    let inner =
        |v: &[(usize, usize)]| -> Vec<usize> { v[..v.len().saturating_sub(1)].iter().map(|s| s.1).collect() };
    let (g, p) = (inner(&gold), inner(&pred));
    r.documents += 1;
    r.gold_sentences += gold.len();
    r.predicted_sentences += pred.len();
    r.gold_boundaries += g.len();
    r.predicted_boundaries += p.len();
    r.correct_boundaries += p.iter().filter(|e| g.binary_search(e).is_ok()).count();
    let context = |at: usize, what: &str| {
        let before: String =
            text[..at].chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
        let after: String = text[at..].chars().take(40).collect();
        format!("{what}: …{before} ‖ {after}…")
    };
    for &e in p.iter().filter(|e| g.binary_search(e).is_err()) {
        if r.mistakes.len() < MAX_MISTAKES {
            r.mistakes.push(context(e, "wrong"));
        }
    }
    for &e in g.iter().filter(|e| p.binary_search(e).is_err()) {
        if r.mistakes.len() < MAX_MISTAKES {
            r.mistakes.push(context(e, "missed"));
        }
    }
    r.exact_sentences += pred.iter().filter(|s| gold.binary_search(s).is_ok()).count();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_boundaries_inside_documents() {
        // Two documents; in the first, «د.» ("Dr.") must not end a sentence.
        let conllu = "# newdoc id = a\n# text = التقى د. محمد بالوزير.\n# text = ثم غادر.\n\n# newdoc id = b\n# text = جملة واحدة.\n";
        let r = eval_sentences_str(conllu);
        assert_eq!((r.documents, r.gold_sentences, r.predicted_sentences), (2, 3, 3));
        assert_eq!((r.gold_boundaries, r.predicted_boundaries, r.correct_boundaries), (1, 1, 1));
        assert_eq!(r.exact_sentences, 3);
        assert_eq!(r.f1(), 1.0);
    }

    #[test]
    fn single_sentence_documents_are_grouped() {
        let one = "# newdoc id = x\n# text = جملة.\n";
        let r = eval_sentences_str(&one.repeat(PARAGRAPH + 1));
        assert_eq!((r.documents, r.gold_sentences, r.gold_boundaries), (2, PARAGRAPH + 1, PARAGRAPH - 1));
        assert_eq!(r.correct_boundaries, PARAGRAPH - 1);
    }

    #[test]
    fn counts_a_missed_boundary() {
        // No final stop on the first sentence: the splitter cannot see the boundary.
        let r = eval_sentences_str("# newdoc id = a\n# text = قال الوزير\n# text = ثم غادر.\n");
        assert_eq!((r.gold_boundaries, r.correct_boundaries, r.predicted_boundaries), (1, 0, 0));
        assert_eq!(r.recall(), 0.0);
    }
}
