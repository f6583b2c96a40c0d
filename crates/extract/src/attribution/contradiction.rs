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

/// Share of the shorter content's words that must be found in the other.
const MIN_OVERLAP: f64 = 0.5;
/// ... and at least this many words.
const MIN_SHARED: usize = 2;

/// Function words that say nothing about the claim.
const STOP: &[&str] = &[
    "في", "من", "الى", "على", "عن", "مع", "ان", "انه", "انها", "بان", "هذا", "هذه", "ذلك", "تلك", "التي", "الذي",
    "الذين", "كان", "كانت", "قد", "لا", "لم", "لن", "ما", "هو", "هي", "هم", "او", "ثم", "بعد", "قبل", "حول", "بشان",
    "كل", "بين", "حتى", "عند", "منذ", "اي", "غير", "عدد", "ايضا", "اليوم", "امس", "فيه", "فيها", "منها", "منه", "له",
    "لها", "عليه", "عليها", "اذا", "ان", "اما", "الا", "لكن", "بل", "كما", "وقد", "ولا", "الان", "ليس", "ليست",
];

/// Claim-framing words of a denial's object: «الأنباء حول»، «التقارير عن»، «أي علاقة».
const FRAME: &[&str] = &[
    "الانباء", "انباء", "التقارير", "تقارير", "الادعاءات", "ادعاءات", "المزاعم", "مزاعم", "الاتهامات", "اتهامات",
    "الاخبار", "اخبار", "الشائعات", "شائعات", "المعلومات", "معلومات", "القائله", "القائل", "حول", "بشان", "عن",
    "بان", "ان",
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
    for suf in ["يين", "يون", "ية", "يه", "ات", "ين", "ون", "ان", "ه", "ة", "ي", "ت", "ا"] {
        if stem.chars().count() > 3
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

fn content(text: &str, deny: bool) -> Content {
    let folded = fold_str(text);
    let mut toks: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    if deny {
        // Leave out the frame of the denied object: «الأنباء حول»، «أي علاقة لها بـ».
        while let Some(t) = toks.first() {
            if FRAME.contains(t) || *t == "اي" {
                toks.remove(0);
            } else {
                break;
            }
        }
    }
    let words: Vec<Vec<String>> =
        toks.iter().filter(|t| !STOP.contains(t) && t.chars().count() >= 2).map(|t| keys(t)).filter(|k| !k.is_empty()).collect();
    let all = words.iter().flatten().cloned().collect();
    Content { words, all }
}

/// How many of `a`'s words have a key in `b`.
fn found(a: &Content, b: &Content) -> usize {
    a.words.iter().filter(|ks| ks.iter().any(|k| b.all.contains(k))).count()
}

fn linked(a: &Content, b: &Content) -> bool {
    let (short, long) = if a.words.len() <= b.words.len() { (a, b) } else { (b, a) };
    if short.words.is_empty() {
        return false;
    }
    let n = found(short, long);
    n >= MIN_SHARED.min(short.words.len()) && n as f64 >= MIN_OVERLAP * short.words.len() as f64
}

/// Groups of affirming and denying attributions about the same claim.
pub fn find(doc: &Doc, atts: &[Attribution]) -> Vec<Contradiction> {
    let n = atts.len();
    if !atts.iter().any(|a| a.polarity == Polarity::Deny) {
        return Vec::new();
    }
    let contents: Vec<Content> =
        atts.iter().map(|a| content(doc.slice(a.content), a.polarity == Polarity::Deny)).collect();
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
        let mut any = false;
        for a in (0..n).filter(|&a| atts[a].polarity == Polarity::Affirm) {
            if linked(&contents[a], &contents[d]) {
                edge(&mut parent, a, d);
                any = true;
            }
        }
        // «نفت روسيا تلك الاتهامات»: an anaphoric denial of an earlier accusation.
        if !any && contents[d].words.len() <= 2 {
            let obj = fold_str(doc.slice(atts[d].content));
            let claim_keys: HashSet<String> = obj.split_whitespace().flat_map(keys).collect();
            if let Some(a) = (0..d).rev().find(|&a| {
                atts[a].polarity == Polarity::Affirm
                    && fold_str(doc.slice(atts[a].cue)).split_whitespace().flat_map(keys).any(|k| claim_keys.contains(&k))
            }) {
                edge(&mut parent, a, d);
            }
        }
    }
    let mut groups: Vec<(usize, Vec<u32>, Vec<u32>)> = Vec::new();
    for x in 0..n {
        let r = root(&mut parent, x);
        let g = match groups.iter().position(|g| g.0 == r) {
            Some(g) => g,
            None => {
                groups.push((r, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        match atts[x].polarity {
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
