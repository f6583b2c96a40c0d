//! Names in Latin-script sentences (English captions and credits inside Arabic articles:
//! «Members of ... in Ain Zara, Tripoli, Libya April 28, 2019. REUTERS/Ismail Zitouny»).
//!
//! The tagger is trained on Arabic text only, so a Latin sentence is read by simple means:
//! maximal runs of capitalised words, typed by the gazetteer (places and organisations, which
//! hold English names of countries, large cities and news agencies), and an unknown run of two
//! or three capitalised words after a photo-credit slash («REUTERS/Ismail Zitouny») taken as
//! a person. Other capitalised runs (sentence-initial words, adjectives such as «Libyan»,
//! places too small for the Latin part of the gazetteer) are left untagged: precision first.

use crate::gazetteer::{GazKind, Gazetteer};
use crate::label::{EntityType, Label};
use rasid_arabic::normalize::fold_str;

const NOT_NAMES: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "and",
    "or",
    "for",
    "to",
    "with",
    "by",
    "from",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "file",
    "photo",
];

/// Whether a sentence is mostly Latin script (more Latin letters than Arabic ones).
pub fn is_latin_sentence(words: &[&str]) -> bool {
    let (mut lat, mut ar) = (0usize, 0usize);
    for w in words {
        for c in w.chars() {
            if rasid_arabic::chars::is_latin_letter(c) {
                lat += 1;
            } else if rasid_arabic::chars::is_arabic_letter(c) {
                ar += 1;
            }
        }
    }
    lat > ar
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
        && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
}

/// Labels for a Latin-script sentence.
pub fn tag(words: &[&str], gaz: &Gazetteer) -> Vec<Label> {
    let n = words.len();
    let mut labels = vec![Label::O; n];
    let folded: Vec<String> = words.iter().map(|w| fold_str(w)).collect();
    let refs: Vec<&str> = folded.iter().map(String::as_str).collect();
    let mut flags = Vec::new();
    gaz.annotate(&refs, &refs, &mut flags);
    let mut i = 0;
    while i < n {
        if !capitalised(words[i]) || NOT_NAMES.contains(&refs[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && capitalised(words[j]) && !NOT_NAMES.contains(&refs[j]) {
            j += 1;
        }
        // Within the run, the gazetteer's own matches decide; they begin with a B flag.
        let mut k = i;
        let mut typed_any = false;
        while k < j {
            let f = flags[k];
            let ty = if [GazKind::Country, GazKind::City, GazKind::Loc].iter().any(|&g| f.begins(g)) {
                Some((EntityType::Loc, [GazKind::Country, GazKind::City, GazKind::Loc]))
            } else if f.begins(GazKind::Org) {
                Some((EntityType::Org, [GazKind::Org; 3]))
            } else {
                None
            };
            let Some((ty, kinds)) = ty else {
                k += 1;
                continue;
            };
            let mut e = k + 1;
            while e < j && kinds.iter().any(|&g| flags[e].inside(g)) {
                e += 1;
            }
            labels[k] = Label::begin(ty);
            for l in &mut labels[k + 1..e] {
                *l = Label::inside(ty);
            }
            typed_any = true;
            k = e;
        }
        let after_slash = i > 0 && words[i - 1] == "/";
        if !typed_any && after_slash && (2..=3).contains(&(j - i)) {
            labels[i] = Label::begin(EntityType::Per);
            for l in &mut labels[i + 1..j] {
                *l = Label::inside(EntityType::Per);
            }
        }
        i = j;
    }
    labels
}
