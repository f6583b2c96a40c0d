//! Contradictions inside an article: attributions that deny what others affirm.
//!
//! Sameness of claim is decided from the contents, not from position: each content becomes a
//! set of word keys (folded, clitics and the article removed, a light stem and the consonant
//! skeleton, so «عودة» "return (n.)", «عادت» "returned (f.)" and «إعادة» "bringing back" meet),
//! the denial's own frame («الأنباء حول ...» "the reports about ...") left out. A denial and an
//! affirmation are linked when enough of the shorter content's words are found in the other;
//! a short anaphoric denial («نفت روسيا تلك الاتهامات» "Russia denied those accusations") is
//! linked to the nearest earlier statement whose cue shares the claim noun's stem. Linked
//! attributions are grouped (union-find), and every group with both sides is a contradiction.

use rasid_arabic::normalize::fold_str;
use rasid_core::{Attribution, Contradiction, Doc, Polarity};
use std::collections::HashSet;

/// Share of the denied claim's words that must be found in the affirmation.
const MIN_OVERLAP: f64 = 0.5;
/// ... and at least this many (or all of a shorter claim).
const MIN_SHARED: usize = 2;

/// Function words that say nothing about the claim.
const STOP: &[&str] = &[
    "في",
    "من",
    "الى",
    "علي",
    "عن",
    "مع",
    "ان",
    "انه",
    "انها",
    "بان",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "التي",
    "الذي",
    "الذين",
    "كان",
    "كانت",
    "قد",
    "لا",
    "لم",
    "لن",
    "ما",
    "هو",
    "هي",
    "هم",
    "او",
    "ثم",
    "بعد",
    "قبل",
    "حول",
    "بشان",
    "كل",
    "بين",
    "حتى",
    "عند",
    "منذ",
    "اي",
    "غير",
    "عدد",
    "ايضا",
    "اليوم",
    "امس",
    "فيه",
    "فيها",
    "منها",
    "منه",
    "له",
    "لها",
    "عليه",
    "عليها",
    "اذا",
    "ان",
    "اما",
    "الا",
    "لكن",
    "بل",
    "كما",
    "وقد",
    "ولا",
    "الان",
    "ليس",
    "ليست",
];

/// Claim-framing words of a denial's object: «الأنباء حول»، «التقارير عن»، «أي علاقة».
const FRAME: &[&str] = &[
    "الانباء",
    "انباء",
    "التقارير",
    "تقارير",
    "الادعاءات",
    "ادعاءات",
    "المزاعم",
    "مزاعم",
    "الاتهامات",
    "اتهامات",
    "الاخبار",
    "اخبار",
    "الشائعات",
    "شائعات",
    "المعلومات",
    "معلومات",
    "القائله",
    "القائل",
    "حول",
    "بشان",
    "عن",
    "بان",
    "ان",
];

/// Keys of one word: light stem and consonant skeleton (each of two letters or more).
fn keys(word: &str) -> Vec<String> {
    let mut w = word;
    for p in ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف"] {
        if let Some(r) = w.strip_prefix(p)
            && r.chars().count() >= 3
        {
            w = r;
            break;
        }
    }
    let mut stem = w.to_string();
    for suf in ["يين", "يون", "ية", "يه", "ات", "ين", "ون", "ان", "ه", "ة", "ي", "ت", "ا"]
    {
        // The feminine ending goes even from a three-letter word («قوة» "force" → قو, as «قوات»).
        let min = if suf == "ه" || suf == "ة" { 2 } else { 3 };
        if stem.chars().count() > min
            && let Some(r) = stem.strip_suffix(suf)
        {
            stem = r.to_string();
            break;
        }
    }
    let mut out = Vec::with_capacity(2);
    if stem.chars().count() >= 2 {
        out.push(stem.clone());
    }
    // Skeleton: a leading alef (form IV «إعادة») dropped, then the long vowels.
    let s2 = if stem.chars().count() >= 4 { stem.strip_prefix('ا').unwrap_or(&stem) } else { &stem };
    let mut chars = s2.chars();
    let mut skel: String = chars.next().map(String::from).unwrap_or_default();
    skel.extend(chars.filter(|c| !matches!(c, 'ا' | 'و' | 'ي' | 'ى')));
    if skel.chars().count() >= 2 && skel != stem {
        out.push(skel);
    }
    out
}

struct Content {
    words: Vec<Vec<String>>,
    all: HashSet<String>,
}

/// The synonym groups of the lexicon as keys: every key of every word of a group maps to the
/// group's concept key (`§n`), which [`content_of`] adds to the word's own keys.
struct Synonyms {
    concept: std::collections::HashMap<String, String>,
    /// Multi-word expressions, folded with spaces, and their joined form.
    phrases: Vec<(String, String)>,
}

fn synonyms() -> &'static Synonyms {
    static S: std::sync::OnceLock<Synonyms> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        let lex = crate::attribution::lexicon::Lexicon::embedded();
        let mut concept = std::collections::HashMap::new();
        let mut phrases = Vec::new();
        for (n, group) in lex.same.iter().enumerate() {
            for w in group {
                if w.contains('_') {
                    phrases.push((w.replace('_', " "), w.clone()));
                }
                for k in keys(w) {
                    concept.entry(k).or_insert_with(|| format!("§{n}"));
                }
            }
        }
        Synonyms { concept, phrases }
    })
}

fn words_of(text: &str) -> Vec<String> {
    let mut folded = fold_str(text);
    for (spaced, joined) in &synonyms().phrases {
        if folded.contains(spaced.as_str()) {
            folded = folded.replace(spaced.as_str(), joined);
        }
    }
    folded
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn content_of(toks: &[String]) -> Content {
    let syn = synonyms();
    let words: Vec<Vec<String>> = toks
        .iter()
        .filter(|t| !STOP.contains(&t.as_str()) && t.chars().count() >= 2)
        .map(|t| {
            let mut k = keys(t);
            if let Some(c) = k.iter().find_map(|x| syn.concept.get(x)) {
                k.push(c.clone());
            }
            k
        })
        .filter(|k| !k.is_empty())
        .collect();
    let all = words.iter().flatten().cloned().collect();
    Content { words, all }
}

/// Words that end the first clause of a denied claim: what follows is background («الأنباء
/// حول إعادة قوة أميركية إلى ليبيا كان البنتاغون قام بسحبها» → «إعادة قوة أميركية إلى ليبيا»).
const CLAUSE_END: &[&str] = &[
    "غير",
    "عار",
    "عاريه",
    "كان",
    "كانت",
    "التي",
    "الذي",
    "الذين",
    "بعد",
    "قبل",
    "لان",
    "حيث",
    "اذ",
    "بينما",
    "فيما",
    "لكن",
    "ليست",
    "ليس",
    "مجرد",
    "محض",
    "هي",
    "هو",
];

/// The claim a denial denies: its content without the frame («الأنباء حول»، «أي علاقة»), without
/// an echo of its own verb («رفضت "رفضا قاطعا"»), up to the end of its first clause.
fn denied_claim(content: &str, cue: &str) -> Vec<String> {
    let cue_keys: HashSet<String> = words_of(cue).iter().flat_map(|w| keys(w)).collect();
    // An object ends at its first comma («تلك الاتهامات، التي قد تصل عقوبتها ...»).
    let first = content.split(['،', ',']).next().unwrap_or(content);
    let content = if words_of(first).len() >= 2 { first } else { content };
    let mut toks = words_of(content);
    while let Some(t) = toks.first() {
        let echo = keys(t).iter().any(|k| cue_keys.contains(k));
        if FRAME.contains(&t.as_str())
            || matches!(
                t.as_str(),
                "اي" | "قاطعا"
                    | "تماما"
                    | "جمله"
                    | "وتفصيلا"
                    | "تلك"
                    | "هذه"
                    | "هذا"
                    | "ذلك"
                    | "هذان"
                    | "تكون"
                    | "يكون"
                    | "قد"
                    | "كان"
                    | "كانت"
                    | "فعلا"
            )
            || crate::attribution::lexicon::is_complementizer(t)
            || echo
        {
            toks.remove(0);
        } else {
            break;
        }
    }
    let end =
        toks.iter().skip(1).position(|t| CLAUSE_END.contains(&t.as_str())).map_or(toks.len(), |p| p + 1);
    toks.truncate(end.min(12));
    toks
}

/// Does the affirmation state the denied claim? Its predicate (first word) and at least half of
/// its words (two at least) are found in the affirmation.
fn states(claim: &Content, affirm: &Content) -> bool {
    let Some(pred) = claim.words.first() else { return false };
    if !pred.iter().any(|k| affirm.all.contains(k)) {
        return false;
    }
    let n = claim.words.iter().filter(|ks| ks.iter().any(|k| affirm.all.contains(k))).count();
    n >= MIN_SHARED.min(claim.words.len()) && n as f64 >= MIN_OVERLAP * claim.words.len() as f64
}

/// Cue words of accusations and claims: a bare denial after one denies it («متهمة باستغلال
/// البيانات ... وتنفي الشركة مخالفة القانون»).
fn accusation(cue: &str) -> bool {
    let f = fold_str(cue);
    ["اتهام", "اتهم", "متهم", "ادعاء", "مزاعم", "زعم", "ادعي", "ادعت"].iter().any(|k| f.contains(k))
}

/// Documents that can be denied as a whole and speak in an article («التقرير يقول»).
const DOCUMENT_NOUNS: &[&str] = &["تقرير", "بيان", "دراس", "وثيق", "رساله"];

/// Statement nouns a denial can name with their author («رفضت ميركل تصريحات خامنئي»).
const STATEMENT_NOUNS: &[&str] =
    &["تصريحات", "تصريح", "اقوال", "كلام", "دعوات", "دعوه", "اتهامات", "ادعاءات", "مزاعم", "تهديدات"];

/// Does a word of these spans (a speaker mention, a resolved name) have one of these keys?
fn names(doc: &Doc, spans: impl IntoIterator<Item = rasid_core::Span>, wanted: &HashSet<String>) -> bool {
    spans
        .into_iter()
        .flat_map(|s| words_of(doc.slice(s)))
        .any(|w| keys(&w).iter().any(|k| wanted.contains(k)))
}

/// Groups of affirming and denying attributions about the same claim.
pub fn find(doc: &Doc, atts: &[Attribution]) -> Vec<Contradiction> {
    let n = atts.len();
    if !atts.iter().any(|a| a.polarity == Polarity::Deny) {
        return Vec::new();
    }
    let affirms: Vec<Content> = atts.iter().map(|a| content_of(&words_of(doc.slice(a.content)))).collect();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let edge = |p: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (root(p, a), root(p, b));
        if ra != rb {
            p[ra] = rb;
        }
    };
    for d in (0..n).filter(|&d| atts[d].polarity == Polarity::Deny) {
        let claim_words = denied_claim(doc.slice(atts[d].content), doc.slice(atts[d].cue));
        let claim = content_of(&claim_words);
        let mut any = false;
        for a in (0..n).filter(|&a| atts[a].polarity == Polarity::Affirm) {
            // «قال إن القاهرة ترفض ...»: an affirmation that reports the denial is no dispute.
            if atts[a].content.contains(atts[d].cue) {
                continue;
            }
            if states(&claim, &affirms[a]) {
                edge(&mut parent, a, d);
                any = true;
            }
        }
        if any {
            continue;
        }
        // «رفضت إيران تقريرا أمميا ...» "Iran rejected a UN report": the statements whose
        // speaker is such a report.
        let doc_keys: HashSet<String> = words_of(doc.slice(atts[d].content))
            .iter()
            .take(4)
            .filter(|w| DOCUMENT_NOUNS.iter().any(|n| w.contains(n)))
            .flat_map(|w| keys(w))
            .collect();
        if !doc_keys.is_empty() {
            for a in (0..n).filter(|&a| atts[a].polarity == Polarity::Affirm) {
                if names(doc, atts[a].speaker, &doc_keys) {
                    edge(&mut parent, a, d);
                    any = true;
                }
            }
            if any {
                continue;
            }
        }
        // «رفضت ميركل تصريحات خامنئي»: statements named by their author.
        if let Some(p) = claim_words.iter().position(|w| STATEMENT_NOUNS.contains(&w.as_str()))
            && let Some(author) = claim_words.get(p + 1)
        {
            let author_keys: HashSet<String> = keys(author).into_iter().collect();
            for a in (0..d).filter(|&a| atts[a].polarity == Polarity::Affirm) {
                if names(doc, [atts[a].speaker, atts[a].resolved].into_iter().flatten(), &author_keys) {
                    edge(&mut parent, a, d);
                    any = true;
                }
            }
            if any {
                continue;
            }
        }
        // A short denial with nothing of its own to match («نفت أي علاقة لها بالحادثة»,
        // «تلك الاتهامات»): it denies the accusations made before it.
        let full = content_of(&words_of(doc.slice(atts[d].content)));
        if claim.words.len() <= 3 && full.words.len() <= 3 {
            for a in (0..d).filter(|&a| atts[a].polarity == Polarity::Affirm) {
                if accusation(doc.slice(atts[a].cue)) {
                    edge(&mut parent, a, d);
                }
            }
        }
    }
    let mut groups: Vec<(usize, Vec<u32>, Vec<u32>)> = Vec::new();
    for (x, att) in atts.iter().enumerate() {
        let r = root(&mut parent, x);
        let g = match groups.iter().position(|g| g.0 == r) {
            Some(g) => g,
            None => {
                groups.push((r, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        match att.polarity {
            Polarity::Affirm => groups[g].1.push(x as u32),
            Polarity::Deny => groups[g].2.push(x as u32),
        }
    }
    groups
        .into_iter()
        .filter(|g| !g.1.is_empty() && !g.2.is_empty())
        .map(|(_, affirm, deny)| {
            let claim = affirm
                .iter()
                .map(|&a| atts[a as usize].content)
                .min_by_key(|s| s.len())
                .expect("a group has an affirmation");
            Contradiction { claim, affirm, deny }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_meet_across_derivations() {
        let k = |w: &str| keys(&fold_str(w));
        let meet = |a: &str, b: &str| k(a).iter().any(|x| k(b).contains(x));
        assert!(meet("عودة", "عادت")); // "return", "returned"
        assert!(meet("إعادة", "عودة")); // "bringing back", "return"
        assert!(meet("القوات", "قوة")); // "the forces", "a force"
        assert!(meet("الأميركية", "أميركية"));
        assert!(!meet("الحكومة", "طرابلس"));
    }
}
