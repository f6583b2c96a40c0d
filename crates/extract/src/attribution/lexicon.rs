//! The attribution lexicons: reporting verbs with their inflections generated from a few stems,
//! and the word lists (source markers, roles, settings, claim nouns ...). Both are project data
//! in `crates/extract/lexicons/`, embedded in the binary.
//!
//! A verb row gives its perfect, the perfect stem before consonant suffixes, the imperfect stem
//! and the participle stem; [`Lexicon`] generates every person, number and gender from them
//! («قال» "he said" → قالت، قالوا، قالا، قلت، قلنا، يقول، تقول، يقولون، نقول، قائلا، قائلة ...).
//! Clitics (و، ف، ل، س before; object pronouns after) are stripped at lookup, not listed.
//!
//! ```
//! use rasid_extract::attribution::lexicon::{Lexicon, FormKind};
//! let lex = Lexicon::embedded();
//! let f = lex.verb("وأضافت").unwrap(); // "and she added"
//! assert_eq!(lex.lemma(f.verb), "أضاف");
//! assert_eq!(f.kind, FormKind::Perfect);
//! assert!(lex.verb("مؤكدة").is_some()); // "confirming" (fem. participle)
//! assert!(lex.verb("الحكومة").is_none()); // "the government"
//! ```

use rasid_arabic::normalize::fold_str;
use rasid_core::Polarity;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

static VERBS_TSV: &str = include_str!("../../lexicons/reporting_verbs.tsv");
static WORDS_TSV: &str = include_str!("../../lexicons/attribution_words.tsv");

/// How a verb is used to report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerbClass {
    /// Says or states («قال»، «أكد»).
    Speech,
    /// Evaluates an object («دان» "condemned", «أشاد» "praised").
    Eval,
    /// Requests or calls for («طالب»، «دعا»).
    Ask,
    /// Reports only with an explicit clause, colon or quotation («رأى» "saw/deemed", «تابع»
    /// "followed/went on").
    Weak,
}

#[derive(Clone, Debug)]
pub struct Verb {
    pub lemma: String,
    pub polarity: Polarity,
    pub class: VerbClass,
    /// Takes a direct object as its content.
    pub object: bool,
    /// Prepositions (folded) that introduce its content («على» for «شدد على»).
    pub preps: Vec<String>,
}

/// Grammatical shape of a form: which way it points for agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Masc,
    Fem,
    Plural,
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    Perfect,
    Imperfect,
    /// Adverbial accusative participle: «مضيفا» "adding".
    Participle,
    /// Participle with the article, modifying a noun: «التقارير القائلة» "the reports saying".
    Attributive,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Form {
    pub verb: u16,
    pub kind: FormKind,
    pub gender: Gender,
    /// First or second person («قلت» "I said"): no third-person subject to look for.
    pub speaker_person: bool,
}

/// All attribution word lists, folded.
pub struct Lexicon {
    verbs: Vec<Verb>,
    forms: HashMap<String, Form>,
    /// marker word(s) → the particle it needs (`ل`, `عن`, or empty)
    pub markers: HashMap<String, String>,
    pub passive: HashSet<String>,
    pub nouns: HashMap<String, Polarity>,
    pub relay: HashSet<String>,
    pub light: HashSet<String>,
    pub lightnouns: HashMap<String, Polarity>,
    /// role noun → may be anonymous
    pub roles: HashMap<String, bool>,
    pub orgs: HashSet<String>,
    pub titles: HashSet<String>,
    pub outlets: HashSet<String>,
    pub settings: HashSet<String>,
    pub stops: HashSet<String>,
    pub claims: HashSet<String>,
    /// Each phrase as folded words.
    pub falses: Vec<Vec<String>>,
    pub demonstr: HashSet<String>,
    /// Groups of words naming the same state of affairs (folded; `_` joins the words of an
    /// expression: «وقف_اطلاق_النار»).
    pub same: Vec<Vec<String>>,
}

const ENCLITICS: [&str; 9] = ["هما", "هم", "ها", "ه", "ني", "نا", "كم", "ك", "هن"];

impl Lexicon {
    /// The lexicon built from the embedded data, once per process.
    pub fn embedded() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| Lexicon::parse(VERBS_TSV, WORDS_TSV))
    }

    /// Builds the lexicon from the two TSV texts (see the files' headers). Malformed rows are a
    /// bug in shipped data, caught by the crate's tests; here they are skipped.
    pub fn parse(verbs_tsv: &str, words_tsv: &str) -> Lexicon {
        let mut lex = Lexicon {
            verbs: Vec::new(),
            forms: HashMap::default(),
            markers: HashMap::default(),
            passive: HashSet::default(),
            nouns: HashMap::default(),
            relay: HashSet::default(),
            light: HashSet::default(),
            lightnouns: HashMap::default(),
            roles: HashMap::default(),
            orgs: HashSet::default(),
            titles: HashSet::default(),
            outlets: HashSet::default(),
            settings: HashSet::default(),
            stops: HashSet::default(),
            claims: HashSet::default(),
            falses: Vec::new(),
            demonstr: HashSet::default(),
            same: Vec::new(),
        };
        for line in verbs_tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let c: Vec<&str> = line.split('\t').map(str::trim).collect();
            if c.len() < 7 {
                continue;
            }
            let class = match c[6] {
                "speech" => VerbClass::Speech,
                "eval" => VerbClass::Eval,
                "ask" => VerbClass::Ask,
                "weak" => VerbClass::Weak,
                _ => continue,
            };
            let polarity = if c[5] == "deny" { Polarity::Deny } else { Polarity::Affirm };
            let mut object = false;
            let mut preps = Vec::new();
            for f in c[4].split(',').filter(|f| *f != "-") {
                if f == "obj" {
                    object = true;
                } else {
                    preps.push(fold_str(f));
                }
            }
            let id = lex.verbs.len() as u16;
            lex.verbs.push(Verb { lemma: c[0].to_string(), polarity, class, object, preps });
            let perfect = fold_str(c[0]);
            let p1 = if c[1] == "=" { perfect.clone() } else { fold_str(c[1]) };
            let imperfect = (c[2] != "-").then(|| fold_str(c[2]));
            let participle = (c[3] != "-").then(|| fold_str(c[3]));
            lex.generate(id, &perfect, &p1, imperfect.as_deref(), participle.as_deref());
        }
        for line in words_tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let c: Vec<&str> = line.split('\t').map(str::trim).collect();
            if c.len() < 2 {
                continue;
            }
            let w = fold_str(c[1]);
            let flag = c.get(2).copied().unwrap_or("-");
            let pol = if flag == "deny" { Polarity::Deny } else { Polarity::Affirm };
            // Categories that are plain word sets.
            let set = match c[0] {
                "passive" => Some(&mut lex.passive),
                "org" => Some(&mut lex.orgs),
                "title" => Some(&mut lex.titles),
                "outlet" => Some(&mut lex.outlets),
                "setting" => Some(&mut lex.settings),
                "stop" => Some(&mut lex.stops),
                "claim" => Some(&mut lex.claims),
                "demonstr" => Some(&mut lex.demonstr),
                _ => None,
            };
            if let Some(set) = set {
                set.insert(w);
                continue;
            }
            match c[0] {
                "marker" => {
                    lex.markers.insert(w, if flag == "-" { String::new() } else { fold_str(flag) });
                }
                "noun" => {
                    lex.nouns.insert(w, pol);
                }
                "relay" => {
                    for e in ENCLITICS {
                        lex.relay.insert(format!("{w}{e}"));
                    }
                }
                "light" => {
                    // Light verbs in the perfect, imperfect and participle: «وجهت»، «يكرر»، «مكررا».
                    let w2 = w.trim_start_matches('ا').to_string();
                    // «ألقى» "threw" → «ألقت», «ألقوا»
                    if let Some(base) = w.strip_suffix('ي') {
                        lex.light.insert(format!("{base}ت"));
                        lex.light.insert(format!("{base}وا"));
                    }
                    for f in [
                        w.clone(),
                        format!("{w}ت"),
                        format!("{w}وا"),
                        format!("ي{w2}"),
                        format!("ت{w2}"),
                        format!("م{w2}ا"),
                        format!("م{w2}ه"),
                        format!("ي{}", w2.trim_start_matches('ع')),
                    ] {
                        lex.light.insert(f);
                    }
                }
                "lightnoun" => {
                    lex.lightnouns.insert(w.clone(), pol);
                    for e in ["ه", "ها", "هم"] {
                        lex.lightnouns.insert(format!("{w}{e}"), pol);
                    }
                }
                "role" => {
                    lex.roles.insert(w, flag == "anon");
                }
                "false" => lex.falses.push(w.split_whitespace().map(str::to_string).collect()),
                "same" => lex.same.push(w.split_whitespace().map(str::to_string).collect()),
                _ => {}
            }
        }
        lex
    }

    fn add(&mut self, form: String, f: Form) {
        // The first verb to claim a form keeps it (rows are ordered by how common they are).
        self.forms.entry(form).or_insert(f);
    }

    fn generate(
        &mut self,
        id: u16,
        perfect: &str,
        p1: &str,
        imperfect: Option<&str>,
        participle: Option<&str>,
    ) {
        inflect(perfect, p1, imperfect, participle, |w, kind, gender, first| {
            self.add(w, Form { verb: id, kind, gender, speaker_person: first })
        });
    }

    pub fn lemma(&self, verb: u16) -> &str {
        &self.verbs[verb as usize].lemma
    }

    pub fn info(&self, verb: u16) -> &Verb {
        &self.verbs[verb as usize]
    }

    /// Looks a written word up as a reporting verb form: as it is, then without a conjunction
    /// (و، ف), then without the particles after it (ل «ليحذر» "to warn", س «سيؤكد» "will
    /// confirm"), each with and without an object pronoun («سألني» "he asked me").
    pub fn verb(&self, word: &str) -> Option<Form> {
        let f = fold_str(word);
        self.verb_folded(&f, word.ends_with('ة'))
    }

    /// [`Lexicon::verb`] on a folded word; `ta_marbuta` says the written word ends with ة,
    /// which folding made ه: such a word is a noun («حملة» "campaign"), never a verb with the
    /// pronoun ه («حمله» "carried it").
    pub fn verb_folded(&self, f: &str, ta_marbuta: bool) -> Option<Form> {
        for stem in strip_particles(f) {
            if let Some(&form) = self.forms.get(stem) {
                return Some(form);
            }
            for e in ENCLITICS {
                if ta_marbuta && e == "ه" {
                    continue;
                }
                if let Some(s) = stem.strip_suffix(e)
                    && s.chars().count() >= 2
                    && let Some(&form) = self.forms.get(s)
                    && matches!(form.kind, FormKind::Perfect | FormKind::Imperfect)
                {
                    return Some(form);
                }
            }
        }
        None
    }

    /// The verbs' count (for reports and tests).
    pub fn verb_count(&self) -> usize {
        self.verbs.len()
    }

    /// Generated verb forms.
    pub fn form_count(&self) -> usize {
        self.forms.len()
    }
}

/// The word and the word without its leading particles, most specific first: «وسيقول» →
/// [وسيقول, سيقول, يقول]. A stem is kept only if at least two letters remain.
pub fn strip_particles(f: &str) -> impl Iterator<Item = &str> {
    let mut out: [Option<&str>; 4] = [Some(f), None, None, None];
    let mut n = 1;
    let mut cur = f;
    for set in [&['و', 'ف'][..], &['ل', 'س'][..]] {
        if let Some(c) = cur.chars().next()
            && set.contains(&c)
        {
            let rest = &cur[c.len_utf8()..];
            if rest.chars().count() >= 2 {
                cur = rest;
                out[n] = Some(cur);
                n += 1;
            }
        }
    }
    out.into_iter().flatten()
}

/// Folded complementizers: «أن» "that", «إن», «بأن», with a pronoun («أنه»، «بأنها»).
pub fn is_complementizer(f: &str) -> bool {
    let f = f.strip_prefix('و').or_else(|| f.strip_prefix('ف')).unwrap_or(f);
    let f = f.strip_prefix('ب').unwrap_or(f);
    let Some(rest) = f.strip_prefix("ان") else { return false };
    rest.is_empty() || matches!(rest, "ه" | "ها" | "هم" | "هما" | "ني" | "نا" | "هن" | "كم")
}

/// Generates the third-person, first-person and participle forms of a verb from its stems
/// (folded): `emit(form, kind, gender, first_or_second_person)`. Used by the reporting-verb and
/// event-trigger lexicons.
pub fn inflect(
    perfect: &str,
    p1: &str,
    imperfect: Option<&str>,
    participle: Option<&str>,
    mut emit: impl FnMut(String, FormKind, Gender, bool),
) {
    use FormKind::*;
    use Gender::*;
    let defective = perfect.ends_with('ي') || (perfect.ends_with('ا') && perfect.chars().count() == 3);
    emit(perfect.to_string(), Perfect, Masc, false);
    if defective {
        let base: String = {
            let mut c: Vec<char> = perfect.chars().collect();
            c.pop();
            c.into_iter().collect()
        };
        emit(format!("{base}ت"), Perfect, Fem, false);
        emit(format!("{base}وا"), Perfect, Plural, false);
        emit(format!("{base}تا"), Perfect, Fem, false);
        emit(format!("{p1}ا"), Perfect, Plural, false);
    } else {
        emit(format!("{perfect}ت"), Perfect, Fem, false);
        emit(format!("{perfect}وا"), Perfect, Plural, false);
        // «ردا» is "in reply" before it is "they both replied": no dual for two letters.
        if perfect.chars().count() > 2 {
            emit(format!("{perfect}ا"), Perfect, Plural, false);
        }
        emit(format!("{perfect}تا"), Perfect, Fem, false);
    }
    emit(format!("{p1}ت"), Perfect, Unknown, true);
    emit(format!("{p1}نا"), Perfect, Unknown, true);
    emit(format!("{p1}تم"), Perfect, Unknown, true);
    emit(format!("{p1}ن"), Perfect, Plural, false);
    if let Some(im) = imperfect {
        let weak_end = im.ends_with('ي') || im.ends_with('و');
        let short: String = if weak_end {
            let mut c: Vec<char> = im.chars().collect();
            c.pop();
            c.into_iter().collect()
        } else {
            im.to_string()
        };
        emit(format!("ي{im}"), Imperfect, Masc, false);
        emit(format!("ت{im}"), Imperfect, Fem, false);
        // «نصف» is "half" before it is "we describe": no first person for two-letter stems.
        if im.chars().count() > 2 {
            emit(format!("ن{im}"), Perfect, Unknown, true);
        }
        emit(format!("ا{im}"), Perfect, Unknown, true);
        emit(format!("ي{short}ون"), Imperfect, Plural, false);
        emit(format!("ت{short}ون"), Perfect, Unknown, true);
        emit(format!("ي{im}ان"), Imperfect, Plural, false);
        emit(format!("ت{im}ان"), Imperfect, Fem, false);
        if !weak_end {
            emit(format!("ي{im}ن"), Imperfect, Plural, false);
        }
    }
    if let Some(pa) = participle {
        emit(format!("{pa}ا"), Participle, Masc, false);
        emit(format!("{pa}ه"), Participle, Fem, false);
        emit(format!("{pa}ين"), Participle, Plural, false);
        emit(format!("{pa}تين"), Participle, Fem, false);
        emit(format!("ال{pa}ه"), Attributive, Fem, false);
        emit(format!("ال{pa}"), Attributive, Masc, false);
        emit(format!("ال{pa}ين"), Attributive, Plural, false);
        emit(format!("ال{pa}ون"), Attributive, Plural, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_data_parses_completely() {
        let rows = VERBS_TSV.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).count();
        let lex = Lexicon::embedded();
        assert_eq!(lex.verb_count(), rows, "a verb row failed to parse");
        assert!(lex.form_count() > lex.verb_count() * 15);
        let words = WORDS_TSV.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
        for l in words {
            let cat = l.split('\t').next().unwrap();
            assert!(
                [
                    "marker",
                    "passive",
                    "noun",
                    "relay",
                    "light",
                    "lightnoun",
                    "role",
                    "org",
                    "title",
                    "outlet",
                    "setting",
                    "stop",
                    "claim",
                    "false",
                    "demonstr",
                    "same"
                ]
                .contains(&cat),
                "unknown category in {l:?}"
            );
        }
    }

    #[test]
    fn inflections_are_generated() {
        let lex = Lexicon::embedded();
        // (word, lemma, kind): "she said", "they said", "I said", "he says", "they deny",
        // "adding", "confirming (f.)", "and he warns", "to warn", "he asked me", "she denied".
        for (w, lemma, kind) in [
            ("قالت", "قال", FormKind::Perfect),
            ("قالوا", "قال", FormKind::Perfect),
            ("قلت", "قال", FormKind::Perfect),
            ("يقول", "قال", FormKind::Imperfect),
            ("ينفون", "نفى", FormKind::Imperfect),
            ("مضيفاً", "أضاف", FormKind::Participle),
            ("مؤكدةً", "أكد", FormKind::Participle),
            ("ويحذر", "حذر", FormKind::Imperfect),
            ("ليحذر", "حذر", FormKind::Imperfect),
            ("وسألني", "سأل", FormKind::Perfect),
            ("نفت", "نفى", FormKind::Perfect),
            ("القائلة", "قال", FormKind::Attributive),
            ("دعت", "دعا", FormKind::Perfect),
        ] {
            let f = lex.verb(w).unwrap_or_else(|| panic!("{w} not found"));
            assert_eq!((lex.lemma(f.verb), f.kind), (lemma, kind), "{w}");
        }
        assert_eq!(lex.verb("قالت").unwrap().gender, Gender::Fem);
        assert_eq!(lex.verb("وأضاف").unwrap().gender, Gender::Masc);
        assert!(lex.verb("قلت").unwrap().speaker_person);
        for w in ["الحكومة", "وقف", "قوات", "وفقا"] {
            assert!(lex.verb(w).is_none(), "{w} taken for a verb");
        }
    }

    #[test]
    fn complementizers() {
        for w in ["ان", "انه", "بانها", "وان", "انهم", "فان"] {
            assert!(is_complementizer(w), "{w}");
        }
        for w in ["انتقد", "بان", "انتم"] {
            // «بان» folds from both «بأن» "that" and «بان» "appeared": taken as «بأن».
            assert_eq!(is_complementizer(w), w == "بان", "{w}");
        }
    }
}
