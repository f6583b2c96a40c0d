//! Cross-source claims: attributions in different articles that speak of the same claim, and who
//! affirms and who denies it.
//!
//! The rows are the store's own (attributions, their entities, the events they report, the
//! within-article contradictions); the grouping is computed on demand, in memory, in a few
//! seconds over tens of thousands of articles, so nothing has to be kept in step with ingest or
//! re-analysis. [`group`] is backend-independent: a backend only loads [`Rows`].
//!
//! How a claim is found:
//!
//! 1. Each attribution becomes a bag of informative words of its content ([`crate::similar`]).
//!    A *denial* is a deny attribution whose verb denies («نفى» "denied», «كذّب» "called false»,
//!    «أنكر», «دحض»), or one whose content opens with the claim it rejects or calls false («رفض
//!    الاتهامات» "rejected the accusations»): «رفض التعليق» "declined to comment" and «رفضت
//!    المقترح» "rejected the proposal" refuse, they do not deny, and are left out. Affirmations
//!    that call, threaten, promise or comment («دعا» "called for», «توعد» "threatened»), that
//!    report a denial or that call something false are left out too: they take neither side.
//! 2. A denial's content is often bare («نفت روسيا ذلك» "Russia denied that»); when it has fewer
//!    than five words, the words of what it answers in its own article (the claim of its
//!    within-article contradiction) and of the sentence before its cue are added (the title's
//!    when that is still too little). Such a widened denial must be more similar to what joins
//!    it, and share one of its own words with it when it has any.
//! 3. Pairs in different articles published within [`ClaimQuery::window_days`] of each other are
//!    proposed by the rare words they share and scored: idf-weighted cosine of the word bags,
//!    plus a bonus for canonical entities both contents name and for an event frame (type and
//!    place, agent or target) both report. A pair needs two shared words and
//!    [`ClaimQuery::min_similarity`].
//! 4. Denials are the centres of star clusters: those that say what they deny before widened
//!    ones, then those with most affirming neighbours from other speakers and outlets;
//!    with `disputed_only` off, the remaining affirmations are clustered the same way. A claim
//!    is *disputed* when someone denies it and someone else (another speaker: not the same
//!    canonical id or name) affirms it; it is *cross-outlet* when an affirmation and a denial
//!    come from different outlets.

use crate::error::SqlContext;
use crate::similar::{Index, Vocab, cosine, day_number, norm, stars, words};
use crate::{StoreError, query::check_dates};
use rasid_arabic::normalize::fold_str;
use rayon::prelude::*;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Which sources `rasid claims` and `rasid stories` read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scope {
    /// An entity involved (canonical id or name): for claims, named in a content, speaking, or
    /// in a reported event; for stories, named in an article's lead.
    pub entity: Option<String>,
    /// Further canonical ids the entity is known by (the catalogue's, as for search filters).
    pub entity_ids: Vec<String>,
    /// At least one source from this outlet (compared without case).
    pub outlet: Option<String>,
    /// Only sources published on or after / on or before (`YYYY-MM-DD`).
    pub since: Option<String>,
    pub until: Option<String>,
}

impl Scope {
    pub fn check(&self) -> Result<(), StoreError> {
        check_dates(&self.since, &self.until)
    }

    /// The scope with the further canonical ids its entity's name stands for, from `ids(name,
    /// places)` (as [`crate::Filters::with_ids`]).
    pub fn with_ids(mut self, ids: impl Fn(Option<&str>, bool) -> Vec<String>) -> Scope {
        self.entity_ids = ids(self.entity.as_deref(), false);
        self
    }

    /// The canonical ids the entity names: itself when it is one, the ids the caller found for
    /// it (the catalogue's: «إدلب» "Idlib" → its GeoNames id), and the id the linker gives a
    /// name it does not know.
    pub(crate) fn entity_ids(&self) -> Vec<String> {
        match &self.entity {
            Some(e) => crate::sqlite::canonical_candidates(e, &self.entity_ids, crate::sqlite::ENTITY_TYPES),
            None => Vec::new(),
        }
    }
}

/// What `rasid claims` asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimQuery {
    pub scope: Scope,
    /// Only claims that someone affirms and someone else denies.
    pub disputed_only: bool,
    /// How far apart in days two sources of one claim may be published.
    pub window_days: u32,
    /// The least similarity of a source to its claim's centre.
    pub min_similarity: f32,
    pub limit: usize,
}

impl Default for ClaimQuery {
    fn default() -> ClaimQuery {
        ClaimQuery {
            scope: Scope::default(),
            disputed_only: true,
            window_days: 4,
            min_similarity: 0.45,
            limit: 20,
        }
    }
}

impl ClaimQuery {
    pub fn check(&self) -> Result<(), StoreError> {
        self.scope.check()?;
        if !(0.0..=1.0).contains(&self.min_similarity) {
            return Err(StoreError::BadFilter {
                filter: "min-similarity",
                value: self.min_similarity.to_string(),
                reason: "expected a number from 0 to 1".into(),
            });
        }
        Ok(())
    }
}

/// One claim across articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Claim {
    /// The claim in words: the affirmation closest to the centre (else the centre's content).
    pub summary: String,
    pub disputed: bool,
    /// An affirmation and a denial come from different outlets.
    pub cross_outlet: bool,
    /// Outlets of all sources, sorted.
    pub outlets: Vec<String>,
    /// First and last publication dates of the sources.
    pub first: Option<String>,
    pub last: Option<String>,
    /// Canonical entities named by more than one source (or by the only one), most named first.
    pub entities: Vec<String>,
    /// Event types the sources report.
    pub events: Vec<String>,
    pub affirm: Vec<ClaimSource>,
    pub deny: Vec<ClaimSource>,
}

/// One attribution taking a side in a claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimSource {
    /// The store's article number and the attribution's index in it.
    pub article: i64,
    pub attribution: u32,
    pub doc: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub cue: String,
    /// The most specific name the article gives the speaker.
    pub speaker: String,
    pub speaker_canonical: Option<String>,
    pub content: String,
    /// Similarity to the claim's centre (1 for the centre).
    pub similarity: f32,
}

/// An article as the grouping needs it.
#[derive(Clone, Debug, Default)]
pub struct ArticleRow {
    pub id: i64,
    pub doc: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    /// Canonical ids of the entities of the title (the first `title` characters of the text).
    pub title_entities: Vec<String>,
}

/// An attribution as the grouping needs it; `article` indexes [`Rows::articles`].
#[derive(Clone, Debug, Default)]
pub struct AttrRow {
    pub article: usize,
    pub n: u32,
    pub cue: String,
    pub speaker: String,
    pub speaker_canonical: Option<String>,
    pub content: String,
    pub deny: bool,
    /// Canonical ids of the entities inside the content.
    pub entities: Vec<String>,
    /// Events the attribution reports.
    pub events: Vec<Frame>,
    /// What the attribution answers in its own article (its within-article contradiction's
    /// claim), when it is a denial.
    pub answers: Option<String>,
    /// For a denial, the text just before its cue (the previous sentence and the start of its
    /// own): what «نفت ذلك» "denied that" points back to.
    pub before: Option<String>,
}

/// An event frame: the event type and its place, agent and target canonical ids.
pub type Frame = (String, Vec<String>);

/// What a backend loads for [`group`].
#[derive(Clone, Debug, Default)]
pub struct Rows {
    pub articles: Vec<ArticleRow>,
    pub attributions: Vec<AttrRow>,
    /// The canonical ids [`ClaimQuery::entity`] names (a name may be several places or people).
    pub entity_ids: Vec<String>,
}

/// Which side an attribution can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Affirm,
    Deny,
}

/// Nouns that make a rejection a denial: accusations, reports, claims, accounts.
const CLAIM_NOUNS: &[&str] = &[
    "اتهام",
    "الاتهام",
    "ادعاء",
    "الادعاء",
    "مزاعم",
    "المزاعم",
    "زعم",
    "تقرير",
    "التقرير",
    "تقارير",
    "التقارير",
    "انباء",
    "الانباء",
    "اخبار",
    "الاخبار",
    "روايه",
    "الروايه",
    "شائعات",
    "الشائعات",
    "اشاعات",
    "الاشاعات",
    "ما ورد",
    "ما جاء",
    "ما نشر",
    "ما تردد",
    "ما يتردد",
    "ما اورد",
    "تصريحات",
    "التصريحات",
    "وجود",
    "مسؤوليه",
    "المسؤوليه",
    "علاقه",
    "تورط",
    "ضلوع",
];

/// Words that, inside an affirmation's content, mean it only reports a denial («قال إن روسيا
/// تنفي» "he said that Russia denies"): such an affirmation takes no side.
const REPORTED_DENIAL: &[&str] = &["نفي", "ينفي", "تنفي", "نفت", "نفى", "نفيه", "نفيها", "نافيا", "نافيه"];

/// Phrases that make an affirmation a denial in substance, of something: it calls a claim
/// false or baseless, or disowns any part in it («موسكو ليس لها أي دور في تسميم ...» "Moscow has
/// no role in the poisoning ...", «لا أساس لها» "baseless», «مفبركة» "fabricated»). Which claim
/// it denies is not always the one its words share with others («الاتفاق بني على أكاذيب
/// إيرانية» "the deal was built on Iranian lies" affirms), so such an affirmation takes no side.
const FALSITY: &[&str] = &[
    "لا صحه",
    "غير صحيح",
    "غير صحيحه",
    "عار عن الصحه",
    "عاريه عن الصحه",
    "عاريه من الصحه",
    "لا اساس",
    "كاذبه",
    "كاذب",
    "اكاذيب",
    "مفبرك",
    "مفبركه",
    "فبركه",
    "ملفق",
    "ملفقه",
    "مزاعم",
    "ادعاءات باطله",
    "لا علاقه",
    "ليس له اي",
    "ليس لها اي",
    "ليس لهم اي",
    "لا دور",
    "اي دور",
    "لا تورط",
    "مسرحيه",
    "لا اثر",
    "لا دليل",
    "خاطئه",
    "خاطئه تماما",
    "زائفه",
    "زائف",
];

/// Cues that call, ask, promise, threaten, warn, comment or feel: their content is not a
/// statement of fact that can be affirmed or denied («دعا إلى تحقيق» "called for an inquiry»).
const NOT_ASSERTING: &[&str] = &[
    "دعا",
    "دعت",
    "يدعو",
    "تدعو",
    "داعيا",
    "داعيه",
    "طالب",
    "طالبت",
    "يطالب",
    "تطالب",
    "مطالبا",
    "مطالبه",
    "علق",
    "علقت",
    "يعلق",
    "تعلق",
    "عبر",
    "عبرت",
    "يعبر",
    "تعبر",
    "اعرب",
    "اعربت",
    "يعرب",
    "تعرب",
    "معربا",
    "معربه",
    "رحب",
    "رحبت",
    "يرحب",
    "ترحب",
    "مرحبا",
    "ناشد",
    "ناشدت",
    "يناشد",
    "تناشد",
    "توعد",
    "توعدت",
    "يتوعد",
    "تتوعد",
    "هدد",
    "هددت",
    "يهدد",
    "تهدد",
    "مهددا",
    "حذر",
    "حذرت",
    "يحذر",
    "تحذر",
    "محذرا",
    "محذره",
    "تعهد",
    "تعهدت",
    "يتعهد",
    "تتعهد",
    "وعد",
    "وعدت",
    "يعد",
    "تعد",
    "تمنى",
    "يتمنى",
    "تمنت",
    "اقترح",
    "اقترحت",
    "يقترح",
    "تقترح",
    "سال",
    "سالت",
    "يسال",
    "تسال",
    "تساءل",
];

/// Whether the cue's verb (its first word, without «و»/«ف») is one of [`NOT_ASSERTING`].
fn not_asserting(cue: &str) -> bool {
    let f = fold_str(cue);
    let Some(w) = f.split_whitespace().next() else { return false };
    let stripped = w.strip_prefix(['و', 'ف']).filter(|r| r.chars().count() >= 3);
    NOT_ASSERTING.iter().any(|v| w == *v || stripped == Some(*v))
}

/// Whether `content` (folded, padded with spaces) holds one of `phrases` as whole words, alone
/// or after «و» "and".
fn holds(content: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|w| {
        content.match_indices(w).any(|(i, _)| {
            let before = &content[..i];
            let after = &content[i + w.len()..];
            (before.ends_with(' ') || before.ends_with(" و")) && after.starts_with(' ')
        })
    })
}

/// A letter or digit: what is left of a word when its punctuation is dropped. Arabic letters
/// are tested by range first (the general test is slow for them, and this runs on every
/// attribution).
fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' => false,
        '\u{0600}'..='\u{06FF}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Whether the cue's verb denies: «نفى» "denied" and its forms, «كذّب» "called a lie", «أنكر»
/// "disowned", «دحض»/«فنّد» "refuted".
fn is_denial_verb(cue: &str) -> bool {
    let f = fold_str(cue);
    let Some(w) = f.split_whitespace().next() else { return false };
    let w = w.strip_prefix(['و', 'ف']).filter(|r| r.chars().count() >= 3).unwrap_or(w);
    [
        "نف", "ينف", "تنف", "ناف", "كذب", "يكذب", "تكذب", "انكر", "ينكر", "تنكر", "دحض", "يدحض", "تدحض",
        "فند", "يفند", "تفند",
    ]
    .iter()
    .any(|p| w.starts_with(p))
}

/// Whether `content` (folded, padded) opens with a claim: its first or second word names one
/// («الاتهامات» "the accusations", «هذه الادعاءات» "these claims"), not a later one («رفض
/// التعليق على التقارير» "declined to comment on the reports").
fn about_claim(content: &str) -> bool {
    let head: String = content.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    let head = format!(" {head} ");
    CLAIM_NOUNS.iter().any(|n| {
        head.contains(&format!(" {n}"))
            || head.contains(&format!(" ب{n}"))
            || head.contains(&format!(" ل{n}"))
            || head.contains(&format!(" و{n}"))
    })
}

fn side(a: &AttrRow) -> Option<Side> {
    // Folded, punctuation as spaces, one space between words and at both ends.
    let folded: String =
        fold_str(&a.content).chars().map(|c| if is_word_char(c) { c } else { ' ' }).collect();
    let content = format!(" {} ", folded.split_whitespace().collect::<Vec<_>>().join(" "));
    if !a.deny {
        if not_asserting(&a.cue) || holds(&content, REPORTED_DENIAL) || holds(&content, FALSITY) {
            return None;
        }
        return Some(Side::Affirm);
    }
    if is_denial_verb(&a.cue) {
        return Some(Side::Deny);
    }
    // A refusal («رفض التعليق» "declined to comment»), or a statement whose content calls
    // something false: a denial of a claim only when it names the claim it rejects («رفض
    // الاتهامات» "rejected the accusations», «الاتهامات الروسية ... أكاذيب» "the Russian
    // accusations ... are lies»), not when what it calls false is its own point («الاتفاق بني
    // على ادعاءات كاذبة» "the deal was built on false claims").
    about_claim(&content).then_some(Side::Deny)
}

/// A denial with fewer informative words than this is widened with what it answers.
const BARE: usize = 5;
/// How much more similar than [`ClaimQuery::min_similarity`] a source must be to a widened
/// denial (or a widened denial to a centre).
const WIDENED_MARGIN: f32 = 0.15;
/// Bonus per canonical entity two sources share (up to three), and for a shared event frame.
const ENTITY_BONUS: f32 = 0.06;
const FRAME_BONUS: f32 = 0.12;

/// Groups the rows into claims, best first.
pub fn group(rows: &Rows, q: &ClaimQuery) -> Vec<Claim> {
    let arts = &rows.articles;
    // The attributions that can take a side.
    let items: Vec<(usize, Side)> =
        rows.attributions.iter().enumerate().filter_map(|(i, a)| side(a).map(|s| (i, s))).collect();
    if items.is_empty() {
        return Vec::new();
    }
    let attr = |k: usize| &rows.attributions[items[k].0];
    let texts: Vec<Vec<String>> =
        items.par_iter().map(|&(i, _)| words(&rows.attributions[i].content)).collect();
    let (vocab, mut bags) = Vocab::build(&texts);
    // How many informative words each content has; the words themselves are in `bags` now.
    let n_words: Vec<usize> = texts.iter().map(Vec::len).collect();
    drop(texts);
    // Bare denials take the words of what they answer and of their article's title.
    let widen: Vec<Option<Vec<u32>>> = items
        .par_iter()
        .enumerate()
        .map(|(k, &(i, s))| {
            if s != Side::Deny || bags[k].len() >= BARE {
                return None;
            }
            let a = &rows.attributions[i];
            let mut extra = Vec::new();
            if let Some(t) = &a.answers {
                extra.extend(words(t));
            }
            if let Some(t) = &a.before {
                extra.extend(words(t));
            }
            if extra.len() < BARE
                && let Some(t) = &arts[a.article].title
            {
                extra.extend(words(t));
            }
            Some(vocab.known(&extra))
        })
        .collect();
    let widened: Vec<bool> = widen.iter().map(Option::is_some).collect();
    // A widened denial's own words: what it answers must share one of them, when it has any
    // («ونفى علمه بالإنفاق الزائد» "and denied knowing of the overspending" is not about the
    // funding its article's title speaks of).
    let own: Vec<Vec<u32>> = widen
        .iter()
        .enumerate()
        .map(|(k, w)| if w.is_some() { bags[k].clone() } else { Vec::new() })
        .collect();
    for (k, w) in widen.into_iter().enumerate() {
        if let Some(w) = w {
            bags[k].extend(w);
            bags[k].sort_unstable();
            bags[k].dedup();
        }
    }
    let norms: Vec<f32> = bags.iter().map(|b| norm(b, &vocab.idf)).collect();
    let days: Vec<i32> = items
        .iter()
        .map(|&(i, _)| {
            arts[rows.attributions[i].article].published.as_deref().and_then(day_number).unwrap_or(0)
        })
        .collect();
    // Entities of each item (content, and the title's for a widened denial), interned.
    let mut ent_ids: HashMap<&str, u32> = HashMap::new();
    let ents: Vec<Vec<u32>> = items
        .iter()
        .enumerate()
        .map(|(k, &(i, _))| {
            let a = &rows.attributions[i];
            let mut e: Vec<&str> = a.entities.iter().map(String::as_str).collect();
            if items[k].1 == Side::Deny && n_words[k] < BARE {
                e.extend(arts[a.article].title_entities.iter().map(String::as_str));
            }
            let mut ids: Vec<u32> = e
                .into_iter()
                .map(|c| {
                    let next = ent_ids.len() as u32;
                    *ent_ids.entry(c).or_insert(next)
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    let speaker_keys: Vec<String> = items.iter().map(|&(i, _)| speaker_key(&rows.attributions[i])).collect();
    let speaker_names: Vec<String> = items
        .iter()
        .map(|&(i, _)| {
            let f = fold_str(rows.attributions[i].speaker.trim());
            if f == "unknown" { String::new() } else { f }
        })
        .collect();

    // Candidate pairs: a rare shared word, within the window.
    let max_df = ((items.len() as f64 * 0.01) as u32).max(20);
    let index = Index::new(&bags, &days, vocab.idf.len(), max_df);
    let window = q.window_days as i32;
    let need: Vec<usize> =
        (0..items.len()).filter(|&k| !q.disputed_only || items[k].1 == Side::Deny).collect();
    let mut neighbours: Vec<Vec<(u32, f32)>> = vec![Vec::new(); items.len()];
    let found: Vec<(usize, Vec<(u32, f32)>)> = need
        .par_iter()
        .map_init(
            || (vec![false; items.len()], Vec::new()),
            |(seen, cands), &k| {
                if bags[k].len() < 2 {
                    return (k, Vec::new());
                }
                index.candidates(&bags[k], days[k], window, seen, cands);
                let a = attr(k);
                let mut out = Vec::new();
                for &j in cands.iter() {
                    let j = j as usize;
                    if j == k || attr(j).article == a.article {
                        continue;
                    }
                    let (cos, shared) = cosine(&bags[k], &bags[j], &vocab.idf, norms[k], norms[j]);
                    if shared < 2 || !shares_own(&own[k], &bags[j]) || !shares_own(&own[j], &bags[k]) {
                        continue;
                    }
                    let s = cos + bonus(&ents[k], &ents[j], a, attr(j));
                    // A widened denial's words are partly its context's: ask more of it.
                    let least = if widened[k] || widened[j] {
                        q.min_similarity + WIDENED_MARGIN
                    } else {
                        q.min_similarity
                    };
                    if s >= least {
                        out.push((j as u32, s.min(1.0)));
                    }
                }
                out.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                (k, out)
            },
        )
        .collect();
    for (k, n) in found {
        neighbours[k] = n;
    }

    // Denials first, those with most affirming neighbours from other speakers first.
    let weight = |k: usize| -> f32 {
        neighbours[k]
            .iter()
            .filter(|&&(j, _)| {
                items[j as usize].1 == Side::Affirm && speaker_keys[j as usize] != speaker_keys[k]
            })
            .map(|&(j, s)| {
                s + if outlet(rows, attr(j as usize)) != outlet(rows, attr(k)) { 0.5 } else { 0.0 }
            })
            .sum()
    };
    let mut denials: Vec<(usize, f32)> =
        (0..items.len()).filter(|&k| items[k].1 == Side::Deny).map(|k| (k, weight(k))).collect();
    // Denials that say what they deny first: a widened one is less sure of its claim.
    denials.sort_by(|x, y| widened[x.0].cmp(&widened[y.0]).then(y.1.total_cmp(&x.1)).then(x.0.cmp(&y.0)));
    let order: Vec<usize> = denials.iter().map(|d| d.0).collect();
    let mut taken = vec![false; items.len()];
    let mut groups = stars(&order, &neighbours, &mut taken);
    if !q.disputed_only {
        let mut rest: Vec<(usize, usize)> =
            (0..items.len()).filter(|&k| !taken[k]).map(|k| (k, neighbours[k].len())).collect();
        rest.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let order: Vec<usize> = rest.iter().filter(|r| r.1 > 0).map(|r| r.0).collect();
        groups.extend(stars(&order, &neighbours, &mut taken));
    }

    let wanted_entity = q.scope.entity.as_deref().map(|e| (e.trim().to_string(), fold_str(e.trim())));
    let mut claims: Vec<(Claim, usize, usize)> = Vec::new();
    for g in groups {
        if g.len() < 2 {
            continue;
        }
        // The deniers, by id and by name: the same party restating its position on the
        // affirming side is not a counter-source.
        let deny_keys: HashSet<&str> = g
            .iter()
            .filter(|m| items[m.0].1 == Side::Deny)
            .flat_map(|m| [speaker_keys[m.0].as_str(), speaker_names[m.0].as_str()])
            .filter(|k| !k.is_empty())
            .collect();
        let mut affirm = Vec::new();
        let mut deny = Vec::new();
        let mut best: Option<(f32, usize)> = None;
        for &(k, s) in &g {
            let a = attr(k);
            match items[k].1 {
                Side::Deny => deny.push(source(rows, a, s)),
                Side::Affirm
                    if !deny_keys.contains(speaker_keys[k].as_str())
                        && !deny_keys.contains(speaker_names[k].as_str()) =>
                {
                    // The claim in words: the closest affirmation that is a whole statement.
                    if n_words[k] >= 4 && best.is_none_or(|b| s > b.0) {
                        best = Some((s, k));
                    }
                    affirm.push(source(rows, a, s));
                }
                Side::Affirm => {}
            }
        }
        let disputed = !affirm.is_empty() && !deny.is_empty();
        if q.disputed_only && !disputed {
            continue;
        }
        if affirm.len() + deny.len() < 2 {
            continue;
        }
        let cross_outlet = affirm.iter().any(|a| deny.iter().any(|d| !same_outlet(&a.outlet, &d.outlet)));
        if let Some(o) = &q.scope.outlet
            && !affirm
                .iter()
                .chain(&deny)
                .any(|s| s.outlet.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(o)))
        {
            continue;
        }
        if let Some((raw, folded)) = &wanted_entity {
            let hit = g.iter().any(|&(k, _)| {
                let a = attr(k);
                let is = |c: &str| c == raw || rows.entity_ids.iter().any(|e| e == c);
                a.entities.iter().any(|c| is(c))
                    || a.speaker_canonical.as_deref().is_some_and(is)
                    || fold_str(&a.speaker) == *folded
                    || a.events.iter().any(|(_, cs)| cs.iter().any(|c| is(c)))
            }) || entity_named(rows, &g.iter().map(|m| items[m.0].0).collect::<Vec<_>>(), folded);
            if !hit {
                continue;
            }
        }
        // Entities named by more than one source.
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for &(k, _) in &g {
            let mut seen = HashSet::new();
            for e in &attr(k).entities {
                if seen.insert(e.as_str()) {
                    *count.entry(e.as_str()).or_default() += 1;
                }
            }
        }
        let mut entities: Vec<(&str, usize)> =
            count.into_iter().filter(|&(_, c)| c > 1 || g.len() == 1).collect();
        entities.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
        let mut events: Vec<String> =
            g.iter().flat_map(|&(k, _)| attr(k).events.iter().map(|e| e.0.clone())).collect();
        events.sort();
        events.dedup();
        let summary = best
            .map(|b| attr(b.1).content.as_str())
            .or(affirm.first().map(|a| a.content.as_str()))
            .or(deny.first().map(|d| d.content.as_str()))
            .map(|c| excerpt(c, 240))
            .unwrap_or_default();
        let mut outlets: Vec<String> = affirm.iter().chain(&deny).filter_map(|s| s.outlet.clone()).collect();
        outlets.sort();
        outlets.dedup();
        let dates: Vec<&String> = affirm.iter().chain(&deny).filter_map(|s| s.published.as_ref()).collect();
        let first = dates.iter().min().map(|d| d.to_string());
        let last = dates.iter().max().map(|d| d.to_string());
        let speakers: HashSet<&str> = g.iter().map(|m| speaker_keys[m.0].as_str()).collect();
        let n_speakers = speakers.len();
        let n_sources = affirm.len() + deny.len();
        affirm.sort_by(|x, y| x.published.cmp(&y.published).then(x.article.cmp(&y.article)));
        deny.sort_by(|x, y| x.published.cmp(&y.published).then(x.article.cmp(&y.article)));
        claims.push((
            Claim {
                summary,
                disputed,
                cross_outlet,
                outlets,
                first,
                last,
                entities: entities.into_iter().take(6).map(|e| e.0.to_string()).collect(),
                events,
                affirm,
                deny,
            },
            n_speakers,
            n_sources,
        ));
    }
    // Disputed, then across outlets, then by how many outlets, speakers and sources.
    claims.sort_by(|(a, sa, na), (b, sb, nb)| {
        b.disputed
            .cmp(&a.disputed)
            .then(b.cross_outlet.cmp(&a.cross_outlet))
            .then(b.outlets.len().cmp(&a.outlets.len()))
            .then(sb.cmp(sa))
            .then(nb.cmp(na))
            .then(a.first.cmp(&b.first))
    });
    claims.into_iter().take(q.limit).map(|c| c.0).collect()
}

/// Whether the entity (folded name) is a speaker's name in any of the attributions.
fn entity_named(rows: &Rows, attrs: &[usize], folded: &str) -> bool {
    attrs.iter().any(|&i| fold_str(&rows.attributions[i].speaker).contains(folded) && !folded.is_empty())
}

/// Whether `bag` shares a word with a widened denial's own words (true when it has none).
fn shares_own(own: &[u32], bag: &[u32]) -> bool {
    own.is_empty() || own.iter().any(|w| bag.binary_search(w).is_ok())
}

fn bonus(ea: &[u32], eb: &[u32], a: &AttrRow, b: &AttrRow) -> f32 {
    let shared = ea.iter().filter(|e| eb.binary_search(e).is_ok()).count().min(3);
    let mut s = ENTITY_BONUS * shared as f32;
    let frame = a.events.iter().any(|(ta, ca)| {
        b.events.iter().any(|(tb, cb)| ta == tb && ca.iter().any(|c| !c.is_empty() && cb.contains(c)))
    });
    if frame {
        s += FRAME_BONUS;
    }
    s
}

/// Who is speaking, for telling sides apart: the canonical id, else the folded name; a source
/// with no name is nobody else.
fn speaker_key(a: &AttrRow) -> String {
    if let Some(c) = a.speaker_canonical.as_deref().filter(|c| !c.is_empty()) {
        return c.to_string();
    }
    let f = fold_str(a.speaker.trim());
    if f.is_empty() || f == "unknown" { format!("#{}:{}", a.article, a.n) } else { f }
}

fn outlet<'a>(rows: &'a Rows, a: &AttrRow) -> Option<&'a str> {
    rows.articles[a.article].source.as_deref()
}

fn same_outlet(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

fn source(rows: &Rows, a: &AttrRow, similarity: f32) -> ClaimSource {
    let art = &rows.articles[a.article];
    ClaimSource {
        article: art.id,
        attribution: a.n,
        doc: art.doc.clone(),
        url: art.url.clone(),
        outlet: art.source.clone(),
        published: art.published.clone(),
        title: art.title.clone(),
        cue: a.cue.clone(),
        speaker: a.speaker.clone(),
        speaker_canonical: a.speaker_canonical.clone(),
        content: a.content.clone(),
        similarity,
    }
}

/// The first `max` characters of `s` on one line, cut at a word, with «…» when cut.
pub fn excerpt(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= max {
        return one;
    }
    let cut: String = one.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{cut} …")
}

/// How many characters before a short denial's cue are read for what it answers.
const BEFORE_CHARS: u32 = 300;

/// The last sentence of `text` that has words, and the part of the next that `text` ends in.
fn last_sentences(text: &str) -> String {
    // Byte offsets just after each sentence end.
    let ends: Vec<usize> = text.match_indices(['.', '\n', '؟', '!']).map(|(i, m)| i + m.len()).collect();
    // Keep from after the second-to-last sentence end (the previous sentence, whole).
    let start = match ends.len() {
        0 | 1 => 0,
        n => ends[n - 2],
    };
    text[start..].trim().to_string()
}

/// Loads the rows of articles published in the query's date range from the SQLite schema.
pub(crate) fn load(
    conn: &Connection,
    since: &Option<String>,
    until: &Option<String>,
) -> Result<Rows, StoreError> {
    let mut range = String::from("WHERE 1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(s) = since {
        range.push_str(" AND a.published >= ?");
        args.push(s.clone().into());
    }
    if let Some(u) = until {
        range.push_str(" AND a.published <= ?");
        args.push(u.clone().into());
    }
    let mut rows = Rows::default();
    let mut bare: Vec<(usize, i64, u32)> = Vec::new();
    let mut at: HashMap<i64, usize> = HashMap::new();
    let mut title_len: Vec<u32> = Vec::new();
    {
        let mut st = conn
            .prepare(&format!("SELECT a.id, a.doc, a.url, a.source, a.title, a.published FROM articles a {range} ORDER BY a.id"))
            .what("reading articles")?;
        let mut r = st.query(rusqlite::params_from_iter(args.iter())).what("reading articles")?;
        while let Some(row) = r.next().what("reading articles")? {
            let a = ArticleRow {
                id: row.get(0).what("reading articles")?,
                doc: row.get(1).what("reading articles")?,
                url: row.get(2).what("reading articles")?,
                source: row.get(3).what("reading articles")?,
                title: row.get(4).what("reading articles")?,
                published: row.get(5).what("reading articles")?,
                title_entities: Vec::new(),
            };
            at.insert(a.id, rows.articles.len());
            title_len.push(a.title.as_deref().map_or(0, |t| t.chars().count() as u32));
            rows.articles.push(a);
        }
    }
    // Entities with a canonical id, per article, in text order.
    let mut ents: HashMap<usize, Vec<(u32, u32, String)>> = HashMap::new();
    {
        let mut st = conn
            .prepare(
                "SELECT e.article, e.start, e.\"end\", e.canonical FROM entities e
                 WHERE e.canonical IS NOT NULL AND e.canonical != ''",
            )
            .what("reading entities")?;
        let mut r = st.query([]).what("reading entities")?;
        while let Some(row) = r.next().what("reading entities")? {
            let id: i64 = row.get(0).what("reading entities")?;
            let Some(&k) = at.get(&id) else { continue };
            ents.entry(k).or_default().push((
                row.get(1).what("reading entities")?,
                row.get(2).what("reading entities")?,
                row.get(3).what("reading entities")?,
            ));
        }
    }
    for (k, es) in &ents {
        let mut t: Vec<String> = es.iter().filter(|e| e.1 <= title_len[*k]).map(|e| e.2.clone()).collect();
        t.sort();
        t.dedup();
        rows.articles[*k].title_entities = t;
    }
    // Events reported by an attribution.
    let mut events: HashMap<(usize, u32), Vec<Frame>> = HashMap::new();
    {
        let mut st = conn
            .prepare("SELECT v.article, v.attribution, v.type, v.place_canonical, v.agent_canonical, v.target_canonical
                 FROM events v WHERE v.attribution IS NOT NULL AND v.negated = 0")
            .what("reading events")?;
        let mut r = st.query([]).what("reading events")?;
        while let Some(row) = r.next().what("reading events")? {
            let id: i64 = row.get(0).what("reading events")?;
            let Some(&k) = at.get(&id) else { continue };
            let n: u32 = row.get(1).what("reading events")?;
            let mut cs = Vec::new();
            for c in 3..6 {
                if let Some(c) = row.get::<_, Option<String>>(c).what("reading events")? {
                    cs.push(c);
                }
            }
            events.entry((k, n)).or_default().push((row.get(2).what("reading events")?, cs));
        }
    }
    // What each denial answers in its own article.
    let mut answers: HashMap<(usize, u32), String> = HashMap::new();
    {
        let mut st = conn
            .prepare("SELECT c.article, c.claim, c.deny FROM contradictions c")
            .what("reading contradictions")?;
        let mut r = st.query([]).what("reading contradictions")?;
        while let Some(row) = r.next().what("reading contradictions")? {
            let id: i64 = row.get(0).what("reading contradictions")?;
            let Some(&k) = at.get(&id) else { continue };
            let claim: String = row.get(1).what("reading contradictions")?;
            let deny: String = row.get(2).what("reading contradictions")?;
            for n in serde_json::from_str::<Vec<u32>>(&deny).unwrap_or_default() {
                answers.entry((k, n)).or_insert_with(|| claim.clone());
            }
        }
    }
    {
        let mut st = conn
            .prepare("SELECT t.article, t.n, t.cue, coalesce(nullif(t.speaker_resolved, ''), t.speaker, ''), t.speaker_canonical,
                        t.content, t.content_start, t.content_end, t.polarity, t.cue_start
                 FROM attributions t")
            .what("reading attributions")?;
        let mut r = st.query([]).what("reading attributions")?;
        while let Some(row) = r.next().what("reading attributions")? {
            let id: i64 = row.get(0).what("reading attributions")?;
            let Some(&k) = at.get(&id) else { continue };
            let n: u32 = row.get(1).what("reading attributions")?;
            let (cs, ce): (u32, u32) =
                (row.get(6).what("reading attributions")?, row.get(7).what("reading attributions")?);
            let mut entities: Vec<String> = ents
                .get(&k)
                .map(|es| es.iter().filter(|e| e.0 >= cs && e.1 <= ce).map(|e| e.2.clone()).collect())
                .unwrap_or_default();
            entities.sort();
            entities.dedup();
            let polarity: String = row.get(8).what("reading attributions")?;
            let cue_start: u32 = row.get(9).what("reading attributions")?;
            let content: String = row.get(5).what("reading attributions")?;
            if polarity == "deny" && content.split_whitespace().count() < 8 {
                bare.push((rows.attributions.len(), id, cue_start));
            }
            rows.attributions.push(AttrRow {
                article: k,
                n,
                cue: row.get(2).what("reading attributions")?,
                speaker: row.get(3).what("reading attributions")?,
                speaker_canonical: row.get(4).what("reading attributions")?,
                content,
                deny: polarity == "deny",
                entities,
                events: events.remove(&(k, n)).unwrap_or_default(),
                answers: answers.remove(&(k, n)),
                before: None,
            });
        }
    }
    // The text before each short denial's cue: one short read per denial.
    let mut st = conn
        .prepare_cached("SELECT substr(text, ?1, ?2) FROM articles WHERE id = ?3")
        .what("reading text before a denial")?;
    for (i, id, cue) in bare {
        let from = cue.saturating_sub(BEFORE_CHARS) + 1;
        let len = cue + 1 - from;
        let t: Option<String> = st
            .query_row(rusqlite::params![from, len, id], |r| r.get(0))
            .optional()
            .what("reading text before a denial")?;
        rows.attributions[i].before = t.map(|t| last_sentences(&t));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(article: usize, n: u32, cue: &str, speaker: &str, content: &str, deny: bool) -> AttrRow {
        AttrRow {
            article,
            n,
            cue: cue.into(),
            speaker: speaker.into(),
            content: content.into(),
            deny,
            ..AttrRow::default()
        }
    }

    fn article(id: i64, source: &str, published: &str, title: &str) -> ArticleRow {
        ArticleRow {
            id,
            doc: format!("d{id}"),
            source: Some(source.into()),
            published: Some(published.into()),
            title: Some(title.into()),
            ..ArticleRow::default()
        }
    }

    #[test]
    fn sides() {
        // «نفت الوزارة ...» "the ministry denied ..."
        assert_eq!(side(&attr(0, 0, "ونفت", "الوزارة", "قصف المستشفى", true)), Some(Side::Deny));
        // «رفض الاتهامات» "rejected the accusations" denies; «رفض التعليق على التقارير»
        // "declined to comment on the reports" and «رفضت المقترح» "rejected the proposal" do not.
        assert_eq!(side(&attr(0, 0, "رفض", "الوزير", "الاتهامات الموجهة لبلاده", true)), Some(Side::Deny));
        assert_eq!(side(&attr(0, 0, "ورفض", "الوزير", "التعليق على التقارير", true)), None);
        assert_eq!(side(&attr(0, 0, "رفضت", "الحكومة", "المقترح الروسي", true)), None);
        // «قال ... إن القوات قصفت» "said that the forces shelled" affirms.
        assert_eq!(side(&attr(0, 0, "وقال", "المتحدث", "القوات قصفت المستشفى", false)), Some(Side::Affirm));
        // A call, a reported denial and a falsity take no side.
        assert_eq!(side(&attr(0, 0, "ودعا", "الأمين العام", "إلى تحقيق في القصف", false)), None);
        assert_eq!(side(&attr(0, 0, "وقال", "المراسل", "روسيا تنفي القصف", false)), None);
        assert_eq!(side(&attr(0, 0, "وقال", "بيسكوف", "الاتهامات \"لا أساس\" لها", false)), None);
    }

    /// Two outlets: one affirms that Turkish aircraft bombed a hospital in Idlib, the other
    /// carries Ankara's denial; a third article denies an unrelated transfer story; a fourth
    /// repeats the denial two months later.
    fn rows() -> Rows {
        Rows {
            articles: vec![
                article(1, "bbc", "2020-05-10", "روسيا تتهم تركيا بقصف مستشفى في إدلب"),
                article(2, "skynews", "2020-05-11", "أنقرة تنفي قصف مستشفى إدلب"),
                article(3, "cnn", "2020-05-10", "برشلونة ينفي التعاقد مع نيمار"),
                article(4, "france24", "2020-07-20", "أنقرة تنفي من جديد"),
            ],
            attributions: vec![
                // «الطائرات التركية قصفت مستشفى في مدينة إدلب السورية وقتلت عشرة مدنيين» "Turkish
                // aircraft bombed a hospital in the Syrian city of Idlib and killed ten civilians"
                AttrRow {
                    speaker_canonical: Some("russia-mod".into()),
                    entities: vec!["geonames:idlib".into(), "country:TR".into()],
                    ..attr(
                        0,
                        0,
                        "قالت",
                        "وزارة الدفاع الروسية",
                        "الطائرات التركية قصفت مستشفى في مدينة إدلب السورية وقتلت عشرة مدنيين",
                        false,
                    )
                },
                AttrRow {
                    speaker_canonical: Some("turkey-mod".into()),
                    entities: vec!["geonames:idlib".into(), "country:TR".into()],
                    ..attr(
                        1,
                        0,
                        "نفت",
                        "وزارة الدفاع التركية",
                        "تكون الطائرات التركية قد قصفت مستشفى في مدينة إدلب السورية",
                        true,
                    )
                },
                // «نفى النادي التعاقد مع اللاعب نيمار» "the club denied signing Neymar"
                attr(2, 0, "نفى", "نادي برشلونة", "التعاقد مع اللاعب البرازيلي نيمار هذا الصيف", true),
                // «وقال المدرب إن الفريق سيلعب في مدريد» "the coach said the team will play in Madrid"
                attr(2, 1, "وقال", "المدرب", "الفريق سيلعب مباراة الأحد في مدريد أمام ريال مدريد", false),
                AttrRow {
                    speaker_canonical: Some("turkey-mod".into()),
                    ..attr(
                        3,
                        0,
                        "نفت",
                        "وزارة الدفاع التركية",
                        "تكون الطائرات التركية قد قصفت مستشفى في مدينة إدلب السورية",
                        true,
                    )
                },
            ],
            entity_ids: Vec::new(),
        }
    }

    #[test]
    fn an_affirmation_and_a_denial_across_outlets_make_one_disputed_claim() {
        let claims = group(&rows(), &ClaimQuery::default());
        assert_eq!(claims.len(), 1, "{claims:#?}");
        let c = &claims[0];
        assert!(c.disputed && c.cross_outlet);
        assert_eq!(c.outlets, ["bbc", "skynews"]);
        assert_eq!(c.affirm.len(), 1);
        assert_eq!(c.affirm[0].speaker, "وزارة الدفاع الروسية");
        // The July denial is outside the window; the transfer denial is another claim.
        assert_eq!(c.deny.iter().map(|d| d.article).collect::<Vec<_>>(), [2]);
        assert!(c.summary.starts_with("الطائرات التركية قصفت"));
        assert_eq!(c.entities, ["country:TR", "geonames:idlib"]);
    }

    #[test]
    fn filters_and_undisputed_claims() {
        let r = rows();
        let q = |f: fn(&mut ClaimQuery)| {
            let mut q = ClaimQuery::default();
            f(&mut q);
            group(&r, &q)
        };
        assert_eq!(q(|q| q.scope.entity = Some("country:TR".into())).len(), 1);
        assert_eq!(q(|q| q.scope.entity = Some("country:FR".into())).len(), 0);
        assert_eq!(q(|q| q.scope.outlet = Some("SKYNEWS".into())).len(), 1);
        assert_eq!(q(|q| q.scope.outlet = Some("cnn".into())).len(), 0);
        // A wider window takes in the July denial too.
        assert_eq!(q(|q| q.window_days = 90)[0].deny.len(), 2);
        // The same denial twice, with nobody affirming: a claim, not a dispute.
        let mut r = rows();
        r.attributions.remove(0);
        assert!(group(&r, &ClaimQuery::default()).is_empty());
        let all = group(&r, &ClaimQuery { disputed_only: false, window_days: 90, ..ClaimQuery::default() });
        assert_eq!(all.len(), 1);
        assert!(!all[0].disputed && all[0].affirm.is_empty() && all[0].deny.len() == 2);
    }

    #[test]
    fn the_denier_restating_itself_is_not_a_counter_source() {
        let mut r = rows();
        // The Turkish ministry "says" the same content elsewhere: same speaker, no dispute.
        r.attributions[0].speaker = "وزارة الدفاع التركية".into();
        r.attributions[0].speaker_canonical = Some("turkey-mod".into());
        assert!(group(&r, &ClaimQuery::default()).is_empty());
    }

    #[test]
    fn a_bare_denial_takes_the_words_of_what_it_answers() {
        let mut r = rows();
        // «ونفت أنقرة ذلك» "and Ankara denied that", after the accusation in its article.
        r.attributions[1].content = "ذلك".into();
        r.attributions[1].before =
            Some("واتهمت موسكو الطائرات التركية بقصف مستشفى في مدينة إدلب السورية.".into());
        let claims = group(&r, &ClaimQuery::default());
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].deny[0].article, 2);
    }

    #[test]
    fn sentences_before_a_cue() {
        assert_eq!(last_sentences("أ ب. ج د. هـ و"), "ج د. هـ و");
        assert_eq!(last_sentences("كلمة؟ ثم"), "كلمة؟ ثم");
    }
}
