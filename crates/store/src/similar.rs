//! Grouping by similarity, shared by cross-source claims ([`crate::claims`]) and stories
//! ([`crate::stories`]): bags of folded base words weighted by rarity (idf), a windowed inverted
//! index that finds the pairs worth comparing without comparing all pairs, and star clustering.
//!
//! Words are [`crate::terms::terms`] bases (folded, proclitics and the article removed), so
//! «الحكومة» "the government" and «وللحكومة» "and for the government" count as one word. Words
//! too common to tell texts apart (more than [`Vocab::MAX_SHARE`] of the texts, and the function
//! and reporting words of [`STOP`]) are left out.

use crate::terms::terms;
use rasid_arabic::normalize::fold_str;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Function words, reporting verbs and claim nouns: shared by unrelated statements, so never
/// evidence that two texts say the same thing. Written plainly; folded at first use.
const STOP: &[&str] = &[
    // particles, prepositions, conjunctions
    "في",
    "من",
    "على",
    "إلى",
    "الى",
    "عن",
    "مع",
    "إن",
    "أن",
    "ان",
    "إنه",
    "أنه",
    "انه",
    "أنها",
    "إنها",
    "أنهم",
    "إنهم",
    "بأن",
    "التي",
    "الذي",
    "الذين",
    "اللذين",
    "اللتين",
    "اللواتي",
    "ما",
    "ماذا",
    "لا",
    "لم",
    "لن",
    "ليس",
    "ليست",
    "غير",
    "قد",
    "لقد",
    "كان",
    "كانت",
    "كانوا",
    "يكون",
    "تكون",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "هؤلاء",
    "أولئك",
    "هنا",
    "هناك",
    "هو",
    "هي",
    "هم",
    "هما",
    "نحن",
    "أنا",
    "أنت",
    "كل",
    "بعض",
    "أي",
    "أو",
    "أم",
    "ثم",
    "حتى",
    "بين",
    "عند",
    "عندما",
    "حين",
    "حيث",
    "إذا",
    "إذ",
    "لو",
    "لكن",
    "لكنه",
    "بل",
    "كما",
    "مثل",
    "أيضا",
    "فقط",
    "بعد",
    "قبل",
    "خلال",
    "منذ",
    "أمام",
    "وراء",
    "فوق",
    "تحت",
    "دون",
    "ضد",
    "نحو",
    "حول",
    "لدى",
    "عبر",
    "وفق",
    "وفقا",
    "حسب",
    "بحسب",
    "إثر",
    "جراء",
    "عليه",
    "عليها",
    "عليهم",
    "فيه",
    "فيها",
    "فيهم",
    "منه",
    "منها",
    "منهم",
    "عنه",
    "عنها",
    "عنهم",
    "له",
    "لها",
    "لهم",
    "إليه",
    "إليها",
    "به",
    "بها",
    "بهم",
    "معه",
    "معها",
    "ولا",
    "يتم",
    "تم",
    "الآن",
    "اليوم",
    "أمس",
    "غدا",
    "عام",
    "العام",
    "يوم",
    "سنة",
    "شهر",
    "أكثر",
    "أقل",
    "جدا",
    "إلا",
    "سوى",
    "كيف",
    "لماذا",
    "متى",
    "أين",
    "هل",
    "أجل",
    "لأن",
    "لان",
    "إنما",
    "أما",
    "إما",
    "كلا",
    "نعم",
    "يجب",
    "يمكن",
    // reporting and denial words
    "قال",
    "قالت",
    "يقول",
    "تقول",
    "وقال",
    "وقالت",
    "أضاف",
    "أضافت",
    "أكد",
    "أكدت",
    "يؤكد",
    "تؤكد",
    "أوضح",
    "أوضحت",
    "أشار",
    "أشارت",
    "ذكر",
    "ذكرت",
    "أعلن",
    "أعلنت",
    "يعلن",
    "تعلن",
    "نفى",
    "نفت",
    "ينفي",
    "تنفي",
    "نفي",
    "نافيا",
    "رفض",
    "رفضت",
    "يرفض",
    "ترفض",
    "كذب",
    "كذبت",
    "أنكر",
    "زعم",
    "مزاعم",
    "ادعاء",
    "ادعاءات",
    "اتهام",
    "اتهامات",
    "الاتهامات",
    "تقارير",
    "التقارير",
    "تقرير",
    "أنباء",
    "الأنباء",
    "أخبار",
    "معلومات",
    "صحة",
    "صحيح",
    "أساس",
    "قوله",
    "قولها",
    "بيان",
    "تصريح",
    "تصريحات",
    "مصدر",
    "مصادر",
    "مسؤول",
    "مسؤولون",
    "متحدث",
    "المتحدث",
    "باسم",
    "وكالة",
];

fn stop() -> &'static HashSet<String> {
    static S: OnceLock<HashSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        STOP.iter()
            .flat_map(|w| {
                // Listed as written; compared as the base the index makes of them.
                let f = fold_str(w);
                let b = terms(w).into_iter().next().map(|t| t.base);
                [Some(f), b].into_iter().flatten()
            })
            .collect()
    })
}

/// The informative folded bases of a text, in text order, repeats kept.
pub(crate) fn words(text: &str) -> Vec<String> {
    let stop = stop();
    terms(text)
        .into_iter()
        .filter(|t| {
            // One-letter leftovers and bare digits under 3 characters («3») say little.
            t.base.chars().count() >= 2 && !stop.contains(&t.base) && !stop.contains(&t.surface)
        })
        .map(|t| t.base)
        .collect()
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the proleptic Gregorian calendar).
pub(crate) fn day_number(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = s.get(0..4)?.parse().ok()?;
    let m: i32 = s.get(5..7)?.parse().ok()?;
    let d: i32 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

/// Word ids, document frequencies and idf weights over one set of texts.
pub(crate) struct Vocab {
    ids: HashMap<String, u32>,
    df: Vec<u32>,
    pub idf: Vec<f32>,
    n: usize,
}

impl Vocab {
    /// A word in more than this share of the texts is not used at all.
    pub const MAX_SHARE: f64 = 0.03;

    /// Interns every text's words; returns the vocabulary and each text's sorted, distinct ids.
    pub fn build(texts: &[Vec<String>]) -> (Vocab, Vec<Vec<u32>>) {
        let mut v = Vocab { ids: HashMap::new(), df: Vec::new(), idf: Vec::new(), n: texts.len() };
        let mut docs = Vec::with_capacity(texts.len());
        for t in texts {
            let mut ids: Vec<u32> = t
                .iter()
                .map(|w| {
                    let next = v.ids.len() as u32;
                    *v.ids.entry(w.clone()).or_insert(next)
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            v.df.resize(v.ids.len(), 0);
            for &i in &ids {
                v.df[i as usize] += 1;
            }
            docs.push(ids);
        }
        let n = v.n.max(1) as f64;
        let max_df = ((n * Vocab::MAX_SHARE).ceil() as u32).max(3);
        v.idf =
            v.df.iter()
                .map(|&d| if d > max_df { 0.0 } else { ((n + 1.0) / (d as f64 + 0.5)).ln() as f32 })
                .collect();
        for d in &mut docs {
            d.retain(|&i| v.idf[i as usize] > 0.0);
        }
        (v, docs)
    }

    /// Ids of words already known (for texts added after [`Vocab::build`], e.g. a title that
    /// widens a short denial); unknown words are dropped.
    pub fn known(&self, words: &[String]) -> Vec<u32> {
        let mut ids: Vec<u32> = words
            .iter()
            .filter_map(|w| self.ids.get(w).copied())
            .filter(|&i| self.idf[i as usize] > 0.0)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// The squared length of a bag under the idf weights.
pub(crate) fn norm(ids: &[u32], idf: &[f32]) -> f32 {
    ids.iter().map(|&i| idf[i as usize] * idf[i as usize]).sum::<f32>().sqrt()
}

/// Cosine of two sorted bags, and how many words they share.
pub(crate) fn cosine(a: &[u32], b: &[u32], idf: &[f32], na: f32, nb: f32) -> (f32, usize) {
    let (mut i, mut j, mut dot, mut shared) = (0, 0, 0.0f32, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let w = idf[a[i] as usize];
                dot += w * w;
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    if na == 0.0 || nb == 0.0 { (0.0, shared) } else { (dot / (na * nb), shared) }
}

/// Postings of each word, sorted by day, for the texts that may be compared: the pairs worth
/// scoring are those that share a rare word and lie within a window of days. A word in more
/// than `max_df` texts does not propose pairs (it still counts in their score), which keeps
/// the work near-linear in the number of texts.
pub(crate) struct Index {
    postings: Vec<Vec<(i32, u32)>>,
}

impl Index {
    pub fn new(bags: &[Vec<u32>], days: &[i32], vocab_len: usize, max_df: u32) -> Index {
        let mut postings: Vec<Vec<(i32, u32)>> = vec![Vec::new(); vocab_len];
        for (i, bag) in bags.iter().enumerate() {
            for &w in bag {
                postings[w as usize].push((days[i], i as u32));
            }
        }
        for p in &mut postings {
            if p.len() as u32 > max_df {
                p.clear();
                p.shrink_to_fit();
            } else {
                p.sort_unstable();
            }
        }
        Index { postings }
    }

    /// The texts within `window` days of `day` that share at least one proposing word with
    /// `bag`, each once, into `out` (cleared first). `seen` is scratch space of one flag per
    /// text, left all false.
    pub fn candidates(&self, bag: &[u32], day: i32, window: i32, seen: &mut [bool], out: &mut Vec<u32>) {
        out.clear();
        for &w in bag {
            let p = &self.postings[w as usize];
            if p.is_empty() {
                continue;
            }
            let from = p.partition_point(|&(d, _)| d < day - window);
            for &(d, j) in &p[from..] {
                if d > day + window {
                    break;
                }
                if !seen[j as usize] {
                    seen[j as usize] = true;
                    out.push(j);
                }
            }
        }
        for &j in out.iter() {
            seen[j as usize] = false;
        }
    }
}

/// Star clustering: each text, in `order`, that is not yet taken becomes a centre and takes
/// every neighbour not yet taken. Every member is then similar to its centre (no chains of
/// A~B~C where A and C have nothing in common). Returns (centre, members with their
/// similarity to the centre), the centre first with similarity 1.
pub(crate) fn stars(
    order: &[usize],
    neighbours: &[Vec<(u32, f32)>],
    taken: &mut [bool],
) -> Vec<Vec<(usize, f32)>> {
    let mut out = Vec::new();
    for &c in order {
        if taken[c] {
            continue;
        }
        taken[c] = true;
        let mut members = vec![(c, 1.0f32)];
        for &(j, s) in &neighbours[c] {
            if !taken[j as usize] {
                taken[j as usize] = true;
                members.push((j as usize, s));
            }
        }
        out.push(members);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2018-03-01").unwrap() - day_number("2018-02-28").unwrap(), 1);
        assert_eq!(day_number("2016-03-01").unwrap() - day_number("2016-02-28").unwrap(), 2);
        assert_eq!(day_number("2018-13-01"), None);
        assert_eq!(day_number("soon"), None);
    }

    #[test]
    fn stop_words_and_clitics_are_left_out() {
        // «وقال إن القوات الأميركية عادت إلى ليبيا» "and he said that the US forces returned to
        // Libya": the reporting verb and particles go, «القوات» is the base «قوات».
        let w = words("وقال إن القوات الأميركية عادت إلى ليبيا");
        assert_eq!(w, ["قوات", "اميركيه", "عادت", "ليبيا"]);
    }

    #[test]
    fn rare_shared_words_weigh_more() {
        let texts: Vec<Vec<String>> =
            ["قوات عادت ليبيا", "قوات غادرت سوريا", "قوات وصلت اليمن", "قوات عادت ليبيا امس"]
                .iter()
                .map(|t| t.split(' ').map(String::from).collect())
                .collect();
        let (v, bags) = Vocab::build(&texts);
        let n: Vec<f32> = bags.iter().map(|b| norm(b, &v.idf)).collect();
        let (s03, k) = cosine(&bags[0], &bags[3], &v.idf, n[0], n[3]);
        let (s01, k01) = cosine(&bags[0], &bags[1], &v.idf, n[0], n[1]);
        // «قوات» "forces" is in every text: too common to count at all.
        assert_eq!((k, k01), (2, 0));
        assert!(s03 > 0.6 && s01 == 0.0, "{s03} {s01}");
    }

    #[test]
    fn candidates_stay_in_the_window() {
        let bags = vec![vec![0, 1], vec![1], vec![1], vec![2]];
        let days = vec![100, 103, 120, 100];
        let idx = Index::new(&bags, &days, 3, 10);
        let mut seen = vec![false; 4];
        let mut out = Vec::new();
        idx.candidates(&bags[0], 100, 7, &mut seen, &mut out);
        out.sort();
        assert_eq!(out, [0, 1]);
        assert!(seen.iter().all(|s| !s));
    }
}
