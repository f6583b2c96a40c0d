//! The event-trigger lexicon (`lexicons/events.tsv`), folded and with verb inflections generated.

use crate::attribution::lexicon::{FormKind, inflect};
use rasid_arabic::normalize::fold_str;
use rasid_core::EventType;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

/// What a trigger needs around it to be an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    /// An armed-force word as subject, genitive or object («عادت القوات» "the forces returned").
    Forces,
    /// An agreement word as object («وقع اتفاقا» "signed an agreement").
    Accord,
    /// Fire after it («إطلاق النار» "opening fire", «فتح النار»).
    Fire,
    /// «على» after it: taking something («سيطرة القوات على المطار»).
    On,
}

/// Where a trigger's participants are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    None,
    /// The object (of a verb) or the genitive (of a noun) is the target.
    Obj,
    /// The target follows على; a noun's genitive is the agent («هجوم قوات حفتر على طرابلس").
    On,
    /// بين X وY: agent and target.
    Between,
    /// The target follows مع.
    With,
    /// The genitive of a noun is its agent («عودة القوات» "the forces' return").
    Subj,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub ty: EventType,
    pub needs: Needs,
    pub frame: Frame,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Killed,
    Injured,
    Arrested,
}

pub struct EventLexicon {
    /// Inflected verb forms (folded) and whether the form is imperfect.
    pub verbs: HashMap<String, Trigger>,
    pub nouns: HashMap<String, Trigger>,
    pub quals: HashMap<String, EventType>,
    pub forces: HashSet<String>,
    pub light: HashSet<String>,
    pub counts: HashMap<String, Count>,
    pub neg: HashSet<String>,
    pub accord: HashSet<String>,
    pub stop: HashSet<String>,
    pub place_prep: HashSet<String>,
    pub place_noun: HashSet<String>,
    pub fire: HashSet<String>,
    pub adjectives: HashSet<String>,
    /// The last three letters of every trigger form ([`tail`]): a word whose tail (or whose tail
    /// without an object pronoun) is not here is no trigger, which one integer lookup tells.
    pub tails: HashSet<u64>,
}

/// The last three characters of a folded word, packed (the whole word when shorter).
pub fn tail(s: &str) -> u64 {
    s.chars().rev().take(3).fold(0u64, |acc, c| (acc << 21) | c as u64)
}

const EMBEDDED: &str = include_str!("../../lexicons/events.tsv");

impl EventLexicon {
    pub fn embedded() -> &'static EventLexicon {
        static LEX: OnceLock<EventLexicon> = OnceLock::new();
        LEX.get_or_init(|| EventLexicon::parse(EMBEDDED))
    }

    pub fn parse(tsv: &str) -> EventLexicon {
        let mut lex = EventLexicon {
            verbs: HashMap::default(),
            nouns: HashMap::default(),
            quals: HashMap::default(),
            forces: HashSet::default(),
            light: HashSet::default(),
            counts: HashMap::default(),
            neg: HashSet::default(),
            accord: HashSet::default(),
            stop: HashSet::default(),
            place_prep: HashSet::default(),
            place_noun: HashSet::default(),
            fire: HashSet::default(),
            adjectives: HashSet::default(),
            tails: HashSet::default(),
        };
        let ty = |s: &str| EventType::parse(s);
        let needs = |s: &str| match s {
            "forces" => Needs::Forces,
            "accord" => Needs::Accord,
            "fire" => Needs::Fire,
            "on" => Needs::On,
            _ => Needs::Nothing,
        };
        let frame = |s: &str| match s {
            "obj" => Frame::Obj,
            "on" => Frame::On,
            "between" => Frame::Between,
            "with" => Frame::With,
            "subj" => Frame::Subj,
            _ => Frame::None,
        };
        let words = |s: &str| s.split(',').filter(|w| !w.is_empty()).map(fold_str).collect::<Vec<_>>();
        for line in tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let c: Vec<&str> = line.split('\t').map(str::trim).collect();
            match (c[0], c.len()) {
                ("verb", 7..) => {
                    let Some(t) = ty(c[4]) else { continue };
                    let trig = Trigger { ty: t, needs: needs(c[5]), frame: frame(c[6]) };
                    let perfect = fold_str(c[1]);
                    let p1 = if c[2] == "=" { perfect.clone() } else { fold_str(c[2]) };
                    // "-": perfect forms only («سيطرت» "took control" is an event, «تسيطر»
                    // "controls" a state).
                    let imperfect = (c[3] != "-").then(|| fold_str(c[3]));
                    inflect(&perfect, &p1, imperfect.as_deref(), None, |w, kind, _, first| {
                        // First-person forms («قتلت» "I killed") are rare in news and collide with
                        // nouns; only third-person perfects and imperfects are triggers.
                        if !first && matches!(kind, FormKind::Perfect | FormKind::Imperfect) {
                            lex.verbs.entry(w).or_insert(trig);
                        }
                    });
                }
                ("noun", 5..) => {
                    let Some(t) = ty(c[2]) else { continue };
                    let trig = Trigger { ty: t, needs: needs(c[3]), frame: frame(c[4]) };
                    for w in words(c[1]) {
                        lex.nouns.insert(w, trig);
                    }
                }
                ("qual", 3..) => {
                    if let Some(t) = ty(c[2]) {
                        for w in words(c[1]) {
                            lex.quals.insert(w, t);
                        }
                    }
                }
                ("count", 3..) => {
                    let k = match c[2] {
                        "killed" => Count::Killed,
                        "injured" => Count::Injured,
                        "arrested" => Count::Arrested,
                        _ => continue,
                    };
                    for w in words(c[1]) {
                        lex.counts.insert(w, k);
                    }
                }
                ("forces", 2..) => lex.forces.extend(words(c[1])),
                ("light", 2..) => lex.light.extend(words(c[1])),
                ("neg", 2..) => lex.neg.extend(words(c[1])),
                ("accord", 2..) => lex.accord.extend(words(c[1])),
                ("stop", 2..) => lex.stop.extend(words(c[1])),
                ("prep", 2..) => lex.place_prep.extend(words(c[1])),
                ("placen", 2..) => lex.place_noun.extend(words(c[1])),
                ("fire", 2..) => lex.fire.extend(words(c[1])),
                ("adj", 2..) => lex.adjectives.extend(words(c[1])),
                _ => {}
            }
        }
        let mut tails = HashSet::default();
        for k in lex.verbs.keys().chain(lex.nouns.keys()) {
            tails.insert(tail(k));
            // The accusative after a light verb («شن قصفا»).
            tails.insert(tail(&format!("{k}ا")));
        }
        lex.tails = tails;
        lex
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_are_inflected_and_nouns_listed() {
        let lex = EventLexicon::embedded();
        for (w, t) in
            [("اعتقلت", EventType::Arrest), ("يهاجمون", EventType::Attack), ("عادت", EventType::Deployment)]
        {
            assert_eq!(lex.verbs.get(&fold_str(w)).map(|t| t.ty), Some(t), "{w}");
        }
        assert_eq!(lex.nouns.get(&fold_str("اشتباكات")).map(|t| t.ty), Some(EventType::ArmedClash));
        assert!(lex.forces.contains(&fold_str("القوات")));
        assert_eq!(lex.counts.get(&fold_str("قتلى")), Some(&Count::Killed));
    }
}
