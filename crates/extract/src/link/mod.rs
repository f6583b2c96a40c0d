//! Entity linking and within-article coreference: the `links` stage.
//!
//! Every entity mention gets an identity (`Doc::identities`, in order of first mention): a
//! [`Catalogue`] entry when its name is there, else an identity named by its normalised fullest
//! form (`x:per:خليفه-حفتر`), the same in every article that writes it.
//!
//! 1. **Forms.** A mention is read as its folded words, the first without its conjunction or
//!    preposition (the clitic segmentation of the tokens): «للجزيرة» "for Al Jazeera" is looked up
//!    as «الجزيره», «وطرابلس» "and Tripoli" as «طرابلس».
//! 2. **Coreference by name.** A person named by the end of a fuller name the article gives
//!    («حفتر» before or after «خليفة حفتر» "Khalifa Haftar") takes the fuller name; an
//!    organisation named by the start of an earlier one («الحكومة» "the government" after «حكومة
//!    الوفاق» "the Government of National Accord"), or of later ones that agree, takes it; the same name twice is one identity; a Latin acronym takes
//!    an earlier identity whose English name it abbreviates; a name in brackets right after one
//!    of the same type is that one («(أفريكوم)»).
//! 3. **Lookup.** The longest catalogue name starting at the mention (the mention may be cut
//!    short: «القيادة الأفريقية» of «القيادة الأفريقية في القوات الأميركية» "Africa Command of the
//!    American forces"), else its own name, else its name without a closing gentilic among the
//!    entries of that country («وزارة الخارجية الأميركية» → «وزارة الخارجية» of the US).
//! 4. **Disambiguation.** Candidates in a country the article mentions (country names,
//!    gentilics like «الليبية» "Libyan", unambiguous places) win, then countries over cities, then
//!    population: «طرابلس» in an article about Libya is Tripoli, Libya, not Tripoli, Lebanon. A
//!    small foreign place in an article about other countries is left unlinked.
//! 5. **Places next to places.** «محوري الخلة واليرموك جنوبي العاصمة الليبية» "the al-Khalla and
//!    al-Yarmouk fronts south of the Libyan capital": a place mention followed (after coordinated
//!    places) by a direction or «قرب» "near", «في» "in", and an anchor (a known place, or a
//!    description: «العاصمة الليبية» → Libya's capital) is placed there, with the anchor's
//!    coordinates, unless the catalogue already has it in the anchor's country.
//!
//! Only mentions the tagger found are linked; nothing here adds entities.
//!
//! ```
//! use rasid_core::Doc;
//! let p = rasid_extract::pipeline::analysis().unwrap();
//! // "Khalifa Haftar's forces attacked Tripoli ... Haftar said ..."
//! let mut doc = Doc::new("d", "هاجمت قوات خليفة حفتر العاصمة الليبية طرابلس. وقال حفتر إن قواته تتقدم.");
//! p.run(&mut doc).unwrap();
//! let ids: Vec<&str> = doc.entities.iter().map(|e| doc.identities[e.identity.unwrap() as usize].canonical.as_str()).collect();
//! assert!(ids.contains(&"geonames:2210247"), "{ids:?}"); // Tripoli, Libya
//! let haftar: Vec<_> = doc.entities.iter().filter(|e| doc.slice(e.span).contains("حفتر")).map(|e| e.identity).collect();
//! assert!(haftar.len() == 2 && haftar[0] == haftar[1], "{haftar:?}");
//! ```

pub mod build;
pub mod catalogue;

pub use catalogue::{Catalogue, Entry, Feature};

use catalogue::strip_article;
use rasid_arabic::normalize::fold;
use rasid_core::{
    Doc, EntityType, Identity, Layer, Near, Place, Proclitic, Relation, Stage, StageError, Token, TokenKind,
};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// A city smaller than this, in a country the article does not mention, is not linked when the
/// article mentions other countries (a village that shares its name with a word or a district).
const MIN_UNEVIDENCED_POP: u64 = 100_000;
/// How many words past a mention a catalogue name may reach.
const MAX_EXTEND: usize = 6;

/// The linking stage: fills [`Doc::identities`] and [`rasid_core::Entity::identity`].
pub struct LinkStage {
    cat: &'static Catalogue,
}

impl Default for LinkStage {
    fn default() -> Self {
        LinkStage::new()
    }
}

impl LinkStage {
    /// Over the embedded catalogue (parsed here, once per process).
    pub fn new() -> LinkStage {
        LinkStage { cat: Catalogue::embedded() }
    }

    pub fn with_catalogue(cat: &'static Catalogue) -> LinkStage {
        LinkStage { cat }
    }
}

impl Stage for LinkStage {
    fn name(&self) -> &'static str {
        "links"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Segments, Layer::Sentences, Layer::Entities]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Links]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let links = Linker { cat: self.cat, doc }.run();
        doc.identities = links.identities;
        for (e, id) in doc.entities.iter_mut().zip(links.of_entity) {
            e.identity = id;
        }
        Ok(())
    }
}

/// A mention as linking reads it.
struct Mention {
    ty: EntityType,
    /// Folded words, the first without conjunction or preposition.
    words: Vec<String>,
    /// The same words without articles (for matching variants).
    loose: Vec<String>,
    /// The name as written, clitics of the first word left out («للجزيرة» → «الجزيرة»).
    display: String,
    latin: bool,
    /// Token range in the document.
    tokens: (u32, u32),
}

/// What a mention resolved to.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    Known(u32),
    /// An unknown name: (type, folded fullest words, display).
    Unknown,
    /// A place placed next to a known one: (anchor entry, relation).
    Relative(u32, Relation),
}

struct Links {
    identities: Vec<Identity>,
    of_entity: Vec<Option<u32>>,
}

struct Linker<'a> {
    cat: &'static Catalogue,
    doc: &'a Doc,
}

fn token_text<'d>(doc: &'d Doc, t: &Token) -> &'d str {
    doc.text().get(t.span.range()).unwrap_or("")
}

/// The folded base of a token without proclitics (and without its article when `article` is
/// false): «والليبية» → «ليبيه».
fn folded_base(doc: &Doc, t: &Token, article: bool, out: &mut String) {
    out.clear();
    let mut start = t.span.start;
    let mut lam_article = false;
    for (p, s) in t.seg.proclitics(t.span) {
        match p {
            Proclitic::Al => {
                if article {
                    lam_article = s.len() == 'ل'.len_utf8();
                    if !lam_article {
                        break;
                    }
                }
                start = s.end;
                break;
            }
            _ => start = s.end,
        }
    }
    if lam_article {
        out.push_str("ال");
    }
    let end = t.seg.base(t.span).end.max(start);
    if let Some(s) = doc.text().get(start as usize..end as usize) {
        fold(s, out);
    }
}

/// A direction word («جنوب», «جنوبي», «الجنوب») → relation.
fn direction(w: &str) -> Option<Relation> {
    let w = strip_article(w);
    let w = w.strip_suffix('ي').filter(|s| s.chars().count() >= 3).unwrap_or(w);
    match w {
        "شمال" => Some(Relation::North),
        "جنوب" => Some(Relation::South),
        "شرق" => Some(Relation::East),
        "غرب" => Some(Relation::West),
        _ => None,
    }
}

fn combine(a: Relation, b: Relation) -> Relation {
    match (a, b) {
        (Relation::North, Relation::East) => Relation::NorthEast,
        (Relation::North, Relation::West) => Relation::NorthWest,
        (Relation::South, Relation::East) => Relation::SouthEast,
        (Relation::South, Relation::West) => Relation::SouthWest,
        _ => a,
    }
}

/// A gentilic word folded to its masculine singular: «ليبيه», «ليبيين», «ليبيون» → «ليبي».
fn gentilic_form(w: &str) -> Option<&str> {
    let w = strip_article(w);
    for suf in ["يين", "يون", "يات", "يه"] {
        if let Some(s) = w.strip_suffix(suf) {
            return Some(&w[..s.len() + 'ي'.len_utf8()]);
        }
    }
    w.ends_with('ي').then_some(w)
}

impl Linker<'_> {
    fn mention(&self, e: &rasid_core::Entity) -> Mention {
        let doc = self.doc;
        let toks = doc.tokens.get(e.tokens.0 as usize..e.tokens.1 as usize).unwrap_or_default();
        let mut words = Vec::new();
        let mut display = String::new();
        let mut latin = false;
        let mut buf = String::new();
        for t in toks {
            if t.kind == TokenKind::Hashtag {
                // «#بيل_غيتس»: the words the hashtag joins, as far as the entity covers them.
                let (a, b) = (t.span.start.max(e.span.start), t.span.end.min(e.span.end));
                let text = doc.text().get(a as usize..b.max(a) as usize).unwrap_or("");
                for (_, part) in rasid_arabic::tokenize::hashtag_words(text) {
                    latin |= part.chars().any(|c| c.is_ascii_alphabetic());
                    let mut f = String::new();
                    fold(part, &mut f);
                    if !display.is_empty() {
                        display.push(' ');
                    }
                    display.push_str(part);
                    if !f.is_empty() {
                        words.push(f);
                    }
                }
                continue;
            }
            if !(t.kind.is_word() || t.kind == TokenKind::Number) {
                continue;
            }
            latin |= t.kind == TokenKind::Latin;
            if words.is_empty() {
                let base = t.seg.base(t.span);
                if e.span.start > base.start && e.span.start < base.end {
                    // NER left out a conjunction the segmenter kept («وروسيا» → «روسيا»).
                    buf.clear();
                    fold(doc.text().get(e.span.start as usize..base.end as usize).unwrap_or(""), &mut buf);
                } else {
                    folded_base(doc, t, true, &mut buf);
                }
                // The display keeps the article as written, the conjunction and preposition left
                // out; «للجزيرة» is shown as «الجزيرة».
                let mut start = base.start;
                let mut lam = false;
                for (p, s) in t.seg.proclitics(t.span) {
                    if p == Proclitic::Al {
                        lam = s.len() == 'ل'.len_utf8();
                        start = if lam { s.end } else { s.start };
                        break;
                    }
                }
                if lam {
                    display.push_str("ال");
                }
                let end = e.span.end.min(t.span.end);
                display
                    .push_str(doc.text().get(start.max(e.span.start) as usize..end as usize).unwrap_or(""));
            } else {
                buf.clear();
                fold(token_text(doc, t), &mut buf);
                if !display.is_empty() {
                    display.push(' ');
                }
                display.push_str(token_text(doc, t));
            }
            if !buf.is_empty() {
                words.push(std::mem::take(&mut buf));
            }
        }
        let loose = words.iter().map(|w| strip_article(w).to_string()).collect();
        Mention { ty: e.ty, words, loose, display, latin, tokens: e.tokens }
    }

    /// Whether an entry can be what a mention of type `ty` names.
    fn fits(&self, ty: EntityType, e: &Entry, strict: bool) -> bool {
        match (ty, e.feature) {
            (EntityType::Loc, f) if f.is_place() => true,
            // A country stands for its government («ليبيا ترفض» "Libya refuses").
            (EntityType::Org, Feature::Country) => true,
            (_, Feature::Curated) => !strict || e.ty == ty,
            _ => false,
        }
    }

    /// Catalogue candidates for a key, those fitting the type (the curated entries of other
    /// types when none fits: the tagger's type may be wrong, the curated table is not).
    fn candidates(&self, ty: EntityType, key: &str, country: Option<[u8; 2]>) -> Vec<u32> {
        let all = self.cat.lookup_key(key);
        let pick = |strict: bool| -> Vec<u32> {
            all.iter()
                .copied()
                .filter(|&c| {
                    let e = self.cat.entry(c);
                    self.fits(ty, e, strict) && country.is_none_or(|k| e.country == Some(k))
                })
                .collect()
        };
        let v = pick(true);
        if v.is_empty() && ty != EntityType::Per { pick(false) } else { v }
    }

    /// The best candidate given the article's countries; `None` for a small foreign place.
    fn choose(&self, cands: &[u32], evidence: &BTreeMap<[u8; 2], u32>) -> Option<u32> {
        let ev = |c: u32| self.cat.entry(c).country.and_then(|k| evidence.get(&k).copied()).unwrap_or(0);
        let rank = |c: u32| match self.cat.entry(c).feature {
            Feature::Curated => 4,
            Feature::Country => 3,
            Feature::Continent => 2,
            Feature::Capital => 1,
            Feature::City => 0,
        };
        // A country (or continent, or curated entry) of that name comes before any city of it,
        // whatever the evidence: «لبنان» is Lebanon, not Lebanon, Pennsylvania, in an article that
        // also names the United States; «اليمن» is Yemen, not a Saudi village.
        let above_cities = |c: u32| rank(c) >= 2;
        let best = cands.iter().copied().max_by(|&a, &b| {
            above_cities(a)
                .cmp(&above_cities(b))
                .then(ev(a).cmp(&ev(b)))
                .then(rank(a).cmp(&rank(b)))
                .then(self.cat.entry(a).population.cmp(&self.cat.entry(b).population))
                .then(b.cmp(&a))
        })?;
        let e = self.cat.entry(best);
        let small_foreign = matches!(e.feature, Feature::City)
            && e.population < MIN_UNEVIDENCED_POP
            && ev(best) == 0
            && !evidence.is_empty();
        (!small_foreign).then_some(best)
    }

    /// Folded words of the tokens from `from`, at most `n`, stopping at punctuation.
    fn words_after(&self, from: u32, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        for t in self.doc.tokens.iter().skip(from as usize) {
            if out.len() >= n || !t.kind.is_word() {
                break;
            }
            let mut b = String::new();
            fold(token_text(self.doc, t), &mut b);
            out.push(b);
        }
        out
    }

    /// Catalogue resolution of one mention (its effective words).
    fn lookup(&self, m: &Mention, words: &[String], evidence: &BTreeMap<[u8; 2], u32>) -> Option<u32> {
        if words.is_empty() {
            return None;
        }
        // The longest catalogue name reaching past the mention's end (not for people: a name
        // followed by another word is rarely a longer name of the same person).
        if m.ty != EntityType::Per && words.len() == m.words.len() {
            let more = self.words_after(m.tokens.1, MAX_EXTEND);
            for k in (1..=more.len()).rev() {
                let key = words.iter().chain(&more[..k]).map(String::as_str).collect::<Vec<_>>().join(" ");
                let c = self.candidates(m.ty, &key, None);
                if !c.is_empty() {
                    return self.choose(&c, evidence);
                }
            }
        }
        let key = words.join(" ");
        let c = self.candidates(m.ty, &key, None);
        if !c.is_empty() {
            return self.choose(&c, evidence);
        }
        // A place written in two words that the catalogue spells as one («بيونغ يانغ»).
        if m.ty == EntityType::Loc && words.len() == 2 {
            let c = self.candidates(m.ty, &words.concat(), None);
            if !c.is_empty() {
                return self.choose(&c, evidence);
            }
        }
        // Without a closing gentilic, among that country's entries.
        if words.len() >= 2
            && let Some(g) = words.last().and_then(|w| gentilic_form(w))
            && let Some(country) = self.cat.gentilic(g).and_then(|c| self.cat.entry(c).country)
        {
            let key = words[..words.len() - 1].join(" ");
            let c = self.candidates(m.ty, &key, Some(country));
            if !c.is_empty() {
                return self.choose(&c, evidence);
            }
        }
        None
    }

    /// Countries the article mentions, with weights: country names 2, gentilics 1.
    fn evidence(&self, ms: &[Mention]) -> BTreeMap<[u8; 2], u32> {
        let mut ev: BTreeMap<[u8; 2], u32> = BTreeMap::new();
        for m in ms {
            if m.ty == EntityType::Per {
                continue;
            }
            let key = m.words.join(" ");
            for &c in self.cat.lookup_key(&key) {
                let e = self.cat.entry(c);
                if e.feature == Feature::Country
                    && let Some(k) = e.country
                {
                    *ev.entry(k).or_default() += 2;
                }
            }
        }
        // Places of one country only («بيروت» "Beirut").
        for m in ms.iter().filter(|m| m.ty == EntityType::Loc) {
            let mut one: Option<[u8; 2]> = None;
            let mut unique = true;
            for &c in self.cat.lookup_key(&m.words.join(" ")) {
                let e = self.cat.entry(c);
                if matches!(e.feature, Feature::City | Feature::Capital) {
                    unique &= one.is_none_or(|k| Some(k) == e.country);
                    one = e.country;
                }
            }
            if unique && let Some(k) = one {
                *ev.entry(k).or_default() += 1;
            }
        }
        let mut buf = String::new();
        for t in &self.doc.tokens {
            if t.kind != TokenKind::Arabic {
                continue;
            }
            // Gentilics end in ي/ية/يين/يون (folded ي, يه ...): a cheap test before folding.
            let s = token_text(self.doc, t);
            if !(s.ends_with('ي') || s.ends_with("ية") || s.ends_with("ين") || s.ends_with("ون")) {
                continue;
            }
            folded_base(self.doc, t, false, &mut buf);
            if let Some(g) = gentilic_form(&buf)
                && let Some(k) = self.cat.gentilic(g).and_then(|c| self.cat.entry(c).country)
            {
                *ev.entry(k).or_default() += 1;
            }
        }
        ev
    }

    /// The country the article is mostly about, when one clearly leads.
    fn main_country(ev: &BTreeMap<[u8; 2], u32>) -> Option<[u8; 2]> {
        let mut v: Vec<([u8; 2], u32)> = ev.iter().map(|(k, n)| (*k, *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        match v.as_slice() {
            [(k, _)] => Some(*k),
            [(k, a), (_, b), ..] if a > b => Some(*k),
            _ => None,
        }
    }

    /// The index of the entity starting at token `t`, if any.
    fn entity_at(&self, t: u32) -> Option<usize> {
        let es = &self.doc.entities;
        let i = es.partition_point(|e| e.tokens.0 < t);
        (i < es.len() && es[i].tokens.0 == t).then_some(i)
    }

    /// A place relation after mention `i` («جنوبي العاصمة الليبية»): (anchor entry, relation).
    fn relative(&self, i: usize, known: &[Option<u32>], main: Option<[u8; 2]>) -> Option<(u32, Relation)> {
        let doc = self.doc;
        let ents = &doc.entities;
        let mut p = ents[i].tokens.1;
        // Skip places coordinated after this one («الخلة واليرموك»).
        let mut j = i + 1;
        while j < ents.len() && ents[j].tokens.0 == p && ents[j].ty == EntityType::Loc {
            let t = doc.tokens.get(p as usize)?;
            if !t.seg.proclitics(t.span).any(|(c, _)| c == Proclitic::Wa) {
                break;
            }
            p = ents[j].tokens.1;
            j += 1;
        }
        let word = |k: u32, article: bool| -> Option<String> {
            let t = doc.tokens.get(k as usize)?;
            if !t.kind.is_word() {
                return None;
            }
            let mut b = String::new();
            folded_base(doc, t, article, &mut b);
            Some(b)
        };
        let w = word(p, false)?;
        let (rel, anchor_at) = if let Some(d) = direction(&w) {
            match word(p + 1, false).as_deref().and_then(direction) {
                Some(d2) => (combine(d, d2), p + 2),
                None => (d, p + 1),
            }
        } else if w == "قرب" && word(p + 1, true).as_deref() == Some("من") {
            // «بالقرب من» "near to"
            (Relation::Near, p + 2)
        } else if w == "قرب" || w == "ضواحي" || w == "محيط" {
            (Relation::Near, p + 1)
        } else if w == "في" || w == "داخل" {
            (Relation::In, p + 1)
        } else {
            // «بطرابلس» "in Tripoli": a preposition on the anchor itself.
            let t = doc.tokens.get(p as usize)?;
            if t.seg.proclitics(t.span).any(|(c, _)| c == Proclitic::Bi) {
                (Relation::In, p)
            } else {
                return None;
            }
        };
        self.anchor(anchor_at, known, main).map(|a| (a, rel))
    }

    /// The known place named at token `t`: an entity, or a description of a capital
    /// («العاصمة الليبية» "the Libyan capital", «العاصمة» "the capital" of the main country).
    fn anchor(&self, t: u32, known: &[Option<u32>], main: Option<[u8; 2]>) -> Option<u32> {
        let doc = self.doc;
        if let Some(j) = self.entity_at(t) {
            return known[j].filter(|&k| self.cat.entry(k).feature.is_place());
        }
        let tok = doc.tokens.get(t as usize)?;
        let mut w = String::new();
        folded_base(doc, tok, false, &mut w);
        if w != "عاصمه" && w != "مدينه" {
            return None;
        }
        // «العاصمة طرابلس» / «مدينة سرت»: the named place.
        if let Some(j) = self.entity_at(t + 1) {
            let k = known[j]?;
            let e = self.cat.entry(k);
            return match (w.as_str(), e.feature, e.country) {
                ("عاصمه", Feature::Country, Some(c)) => self.cat.capital(c),
                (_, f, _) if f.is_place() => Some(k),
                _ => None,
            };
        }
        if w != "عاصمه" {
            return None;
        }
        let country = doc
            .tokens
            .get(t as usize + 1)
            .filter(|n| n.kind == TokenKind::Arabic)
            .and_then(|n| {
                let mut g = String::new();
                folded_base(doc, n, false, &mut g);
                gentilic_form(&g).and_then(|g| self.cat.gentilic(g)).and_then(|c| self.cat.entry(c).country)
            })
            .or(main)?;
        self.cat.capital(country)
    }

    fn run(&self) -> Links {
        let doc = self.doc;
        let ms: Vec<Mention> = doc.entities.iter().map(|e| self.mention(e)).collect();
        let evidence = self.evidence(&ms);
        let main = Self::main_country(&evidence);

        // Effective words: people by the fullest name containing theirs as its end.
        let n = ms.len();
        let mut eff: Vec<usize> = (0..n).collect();
        for i in 0..n {
            if ms[i].ty != EntityType::Per || ms[i].loose.is_empty() {
                continue;
            }
            let mut best: Option<usize> = None;
            for j in 0..n {
                let (a, b) = (&ms[i].loose, &ms[j].loose);
                if j == i || ms[j].ty != EntityType::Per || b.len() <= a.len() || !b.ends_with(a) {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some(k) => {
                        let bl = ms[k].loose.len();
                        b.len() > bl || (b.len() == bl && j < i && (k > i || j > k))
                    }
                };
                if better {
                    best = Some(j);
                }
            }
            if let Some(j) = best {
                eff[i] = j;
            }
        }
        // A lone word that ends no fuller name but begins exactly one is that person by their
        // first name, as singers and actors are called («لطيفة» after «لطيفة العرفاوي»). Two
        // different fuller names that begin with it («محمد بن سلمان», «محمد بن زايد») leave it
        // alone.
        for i in 0..n {
            if eff[i] != i || ms[i].ty != EntityType::Per || ms[i].loose.len() != 1 {
                continue;
            }
            let mut only: Option<usize> = None;
            let mut ambiguous = false;
            for j in 0..n {
                let b = &ms[j].loose;
                if ms[j].ty != EntityType::Per || b.len() < 2 || b[0] != ms[i].loose[0] {
                    continue;
                }
                match only {
                    None => only = Some(j),
                    Some(k) if ms[k].loose != *b => ambiguous = true,
                    Some(_) => {}
                }
            }
            if let (Some(j), false) = (only, ambiguous) {
                eff[i] = j;
            }
        }

        // Pass A: catalogue.
        let mut known: Vec<Option<u32>> =
            (0..n).map(|i| self.lookup(&ms[i], &ms[eff[i]].words, &evidence)).collect();
        for i in 0..n {
            if known[i].is_none() && eff[i] != i {
                known[i] = self.lookup(&ms[i], &ms[i].words, &evidence);
            }
        }
        // The same name again is the same entity, even where only its first mention reached a
        // catalogue name («القيادة الأفريقية» "the Africa Command", written out in full once).
        let mut first_known: FxHashMap<(EntityType, String), u32> = FxHashMap::default();
        for i in 0..n {
            let key = (ms[i].ty, ms[i].loose.join(" "));
            match known[i] {
                Some(k) => {
                    first_known.entry(key).or_insert(k);
                }
                None => known[i] = first_known.get(&key).copied(),
            }
        }
        // Organisations by the start of an earlier one («الحكومة» after «حكومة الوفاق»).
        for i in 0..n {
            if known[i].is_some() || ms[i].ty != EntityType::Org || ms[i].loose.is_empty() {
                continue;
            }
            let extends = |j: usize| {
                ms[j].ty == EntityType::Org
                    && ms[j].loose.len() > ms[i].loose.len()
                    && ms[j].loose.starts_with(&ms[i].loose)
            };
            // The nearest earlier one; else a later one, when all later ones agree.
            let j = (0..i).rev().find(|&j| extends(j)).or_else(|| {
                let mut later = (i + 1..n).filter(|&j| extends(j));
                let first = later.next()?;
                later.all(|j| ms[j].loose == ms[first].loose).then_some(first)
            });
            if let Some(j) = j {
                eff[i] = eff[j];
                known[i] = known[j];
            }
        }
        // Pass B: places next to places.
        let mut target: Vec<Target> =
            known.iter().map(|k| k.map_or(Target::Unknown, Target::Known)).collect();
        let mut relative_by_key: FxHashMap<String, (u32, Relation)> = FxHashMap::default();
        // A country or continent is never a place inside or near another one: «السفارة السعودية
        // في بيروت» "the Saudi embassy in Beirut" says where the embassy is, not Saudi Arabia.
        let sovereign = |k: Option<u32>| {
            k.is_some_and(|k| matches!(self.cat.entry(k).feature, Feature::Country | Feature::Continent))
        };
        for i in 0..n {
            if ms[i].ty != EntityType::Loc || sovereign(known[i]) {
                continue;
            }
            if let Some((a, rel)) = self.relative(i, &known, main) {
                let ac = self.cat.entry(a).country;
                let own_ok = known[i].is_some_and(|k| {
                    let e = self.cat.entry(k);
                    e.country.is_some() && e.country == ac && k != a
                });
                if !own_ok && known[i] != Some(a) {
                    target[i] = Target::Relative(a, rel);
                    relative_by_key.entry(ms[i].loose.join(" ")).or_insert((a, rel));
                }
            }
        }
        for i in 0..n {
            if ms[i].ty == EntityType::Loc
                && !matches!(target[i], Target::Relative(..))
                && !sovereign(known[i])
                && let Some(&(a, rel)) = relative_by_key.get(&ms[i].loose.join(" "))
            {
                let ac = self.cat.entry(a).country;
                if known[i].is_none_or(|k| self.cat.entry(k).country != ac) {
                    target[i] = Target::Relative(a, rel);
                }
            }
        }

        // Pass C: identities in order of first mention.
        let mut out = Links { identities: Vec::new(), of_entity: vec![None; n] };
        let mut by_canonical: FxHashMap<String, u32> = FxHashMap::default();
        // Unknown names: the fullest form among mentions sharing a loose key.
        let mut fullest: FxHashMap<(EntityType, String), usize> = FxHashMap::default();
        for i in 0..n {
            if matches!(target[i], Target::Known(_)) {
                continue;
            }
            let m = &ms[eff[i]];
            let k = (ms[i].ty, m.loose.join(" "));
            let cur = fullest.entry(k).or_insert(eff[i]);
            let c = &ms[*cur];
            if (m.words.len(), m.display.len()) > (c.words.len(), c.display.len()) {
                *cur = eff[i];
            }
        }
        for i in 0..n {
            let id = match target[i].clone() {
                Target::Known(k) => self.known_identity(k, &mut out, &mut by_canonical),
                Target::Unknown | Target::Relative(..) => {
                    // A bracketed name right after one of the same type is that one.
                    if let Some(prev) = self.bracketed_after(i, &ms)
                        && let Some(id) = out.of_entity[prev]
                    {
                        out.of_entity[i] = Some(id);
                        continue;
                    }
                    // A Latin acronym of an earlier identity's English name.
                    if let Some(id) = self.acronym_of(&ms[i], &out.identities) {
                        out.of_entity[i] = Some(id);
                        continue;
                    }
                    let key = (ms[i].ty, ms[eff[i]].loose.join(" "));
                    let f = fullest.get(&key).copied().unwrap_or(eff[i]);
                    let m = &ms[f];
                    let canonical = format!("x:{}:{}", ms[i].ty.name().to_lowercase(), m.words.join("-"));
                    match by_canonical.get(&canonical) {
                        Some(&id) => id,
                        None => {
                            let place = match target[i] {
                                Target::Relative(a, relation) => {
                                    let anchor = self.known_identity(a, &mut out, &mut by_canonical);
                                    let e = self.cat.entry(a);
                                    e.coords.map(|(lat, lon)| Place {
                                        lat,
                                        lon,
                                        country: e.country_code().map(str::to_string),
                                        geonames: None,
                                        population: 0,
                                        near: Some(Near { identity: anchor, relation }),
                                    })
                                }
                                _ => None,
                            };
                            let id = out.identities.len() as u32;
                            out.identities.push(Identity {
                                canonical: canonical.clone(),
                                name: m.display.clone(),
                                name_en: None,
                                ty: ms[i].ty,
                                known: false,
                                place,
                            });
                            by_canonical.insert(canonical, id);
                            id
                        }
                    }
                }
            };
            out.of_entity[i] = Some(id);
        }
        out
    }

    fn known_identity(&self, k: u32, out: &mut Links, by_canonical: &mut FxHashMap<String, u32>) -> u32 {
        let e = self.cat.entry(k);
        if let Some(&id) = by_canonical.get(&e.id) {
            return id;
        }
        let id = out.identities.len() as u32;
        out.identities.push(Identity {
            canonical: e.id.clone(),
            name: if e.name_ar.is_empty() { e.name_en.clone() } else { e.name_ar.clone() },
            name_en: (!e.name_en.is_empty()).then(|| e.name_en.clone()),
            ty: e.ty,
            known: true,
            place: e.coords.map(|(lat, lon)| Place {
                lat,
                lon,
                country: e.country_code().map(str::to_string),
                geonames: e.geonames,
                population: e.population,
                near: None,
            }),
        });
        by_canonical.insert(e.id.clone(), id);
        id
    }

    /// `X (Y)`: the entity before the bracket, when Y is in brackets right after X, same type.
    fn bracketed_after(&self, i: usize, ms: &[Mention]) -> Option<usize> {
        let (a, b) = ms[i].tokens;
        let toks = &self.doc.tokens;
        let open = toks.get((a as usize).checked_sub(1)?)?;
        let close = toks.get(b as usize)?;
        if open.kind != TokenKind::Bracket || close.kind != TokenKind::Bracket || i == 0 {
            return None;
        }
        let prev = i - 1;
        (ms[prev].tokens.1 + 1 == a && ms[prev].ty == ms[i].ty).then_some(prev)
    }

    /// An all-capitals Latin mention («GNA») naming an earlier identity by its English initials.
    fn acronym_of(&self, m: &Mention, ids: &[Identity]) -> Option<u32> {
        if !m.latin || m.words.len() != 1 {
            return None;
        }
        let w = &m.display;
        if w.len() < 2 || !w.chars().all(|c| c.is_ascii_uppercase()) {
            return None;
        }
        let lw = w.to_ascii_lowercase();
        ids.iter()
            .position(|id| {
                id.ty == m.ty
                    && id.name_en.as_deref().is_some_and(|en| {
                        let initials: String = en
                            .split(|c: char| !c.is_ascii_alphanumeric())
                            .filter(|x| {
                                !x.is_empty()
                                    && !matches!(
                                        x.to_ascii_lowercase().as_str(),
                                        "of" | "the" | "for" | "and" | "in" | "on"
                                    )
                            })
                            .filter_map(|x| x.chars().next())
                            .map(|c| c.to_ascii_lowercase())
                            .collect();
                        initials == lw
                    })
            })
            .map(|p| p as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasid_core::Entity;
    use std::sync::OnceLock;

    /// The embedded places with a small curated table.
    fn catalogue() -> &'static Catalogue {
        static C: OnceLock<Catalogue> = OnceLock::new();
        C.get_or_init(|| {
            let curated = "# test rows\n\
                gns\tORG\tgovernment\tLY\tحكومة الإنقاذ الوطني\tGovernment of National Salvation\t\n\
                us-state\tORG\tministry\tUS\tوزارة الخارجية\tUnited States Department of State\t\n\
                ru-mfa\tORG\tministry\tRU\tوزارة الخارجية\tMinistry of Foreign Affairs of Russia\t\n\
                reuters\tORG\tnews_agency\tGB\tرويترز\tReuters\t\n";
            Catalogue::embedded_places_with(curated).unwrap()
        })
    }

    /// Runs the text layer, tags the given (type, words) occurrences in order, links.
    fn link(text: &str, tags: &[(EntityType, &str)]) -> Doc {
        let mut doc = Doc::new("t", text);
        crate::pipeline::text_layer().run(&mut doc).unwrap();
        let mut from = 0;
        for &(ty, w) in tags {
            let at = from + text[from..].find(w).unwrap_or_else(|| panic!("«{w}» not in the text"));
            let span = rasid_core::Span::new(at as u32, (at + w.len()) as u32);
            from = at + w.len();
            let a = doc.tokens.iter().position(|t| t.span.end > span.start).unwrap() as u32;
            let b =
                doc.tokens.iter().position(|t| t.span.start >= span.end).unwrap_or(doc.tokens.len()) as u32;
            doc.entities.push(Entity { span, ty, tokens: (a, b), identity: None });
        }
        LinkStage::with_catalogue(catalogue()).process(&mut doc).unwrap();
        doc.validate().unwrap();
        doc
    }

    fn canon(doc: &Doc, i: usize) -> &str {
        &doc.identities[doc.entities[i].identity.unwrap() as usize].canonical
    }

    fn place(doc: &Doc, i: usize) -> &Place {
        doc.identities[doc.entities[i].identity.unwrap() as usize].place.as_ref().unwrap()
    }

    use EntityType::{Loc, Org, Per};

    #[test]
    fn tripoli_by_context() {
        // "The Lebanese president arrived in Tripoli."
        let d = link("وصل الرئيس اللبناني إلى طرابلس.", &[(Loc, "طرابلس")]);
        assert_eq!(canon(&d, 0), "geonames:266826");
        // Without context, the larger Tripoli (Libya's capital).
        let d = link("وصل الرئيس إلى طرابلس.", &[(Loc, "طرابلس")]);
        assert_eq!(canon(&d, 0), "geonames:2210247");
        // A Lebanese place in the article: «بيروت» "Beirut".
        let d = link("غادر بيروت ووصل إلى طرابلس.", &[(Loc, "بيروت"), (Loc, "طرابلس")]);
        assert_eq!(canon(&d, 1), "geonames:266826");
    }

    #[test]
    fn government_after_its_full_name() {
        // "The Government of National Accord announced ... the government will go on"
        let d = link(
            "أعلنت حكومة الوفاق أمس أن الحكومة ستواصل عملها.",
            &[(Org, "حكومة الوفاق"), (Org, "الحكومة")],
        );
        assert_eq!(d.entities[0].identity, d.entities[1].identity);
        assert_eq!(canon(&d, 0), "x:org:حكومه-الوفاق");
    }

    #[test]
    fn surname_before_and_after_the_full_name() {
        let d = link(
            "قال حفتر إن اللواء خليفة حفتر لن يتراجع، وأكد حفتر ذلك.",
            &[(Per, "حفتر"), (Per, "خليفة حفتر"), (Per, "حفتر")],
        );
        let ids: Vec<_> = d.entities.iter().map(|e| e.identity).collect();
        assert!(ids.iter().all(|i| *i == ids[0]), "{ids:?}");
        assert_eq!(d.identities.len(), 1);
        assert_eq!(d.identities[0].name, "خليفة حفتر");
    }

    #[test]
    fn first_name_of_one_fuller_name() {
        let d = link(
            "غنت الفنانة لطيفة العرفاوي في تونس، وقالت لطيفة إنها سعيدة.",
            &[(Per, "لطيفة العرفاوي"), (Per, "لطيفة")],
        );
        assert_eq!(d.entities[0].identity, d.entities[1].identity);
        // Two people share the first name: the lone one is neither.
        let d = link(
            "التقى محمد بن سلمان محمد بن زايد، وقال محمد إن اللقاء مثمر.",
            &[(Per, "محمد بن سلمان"), (Per, "محمد بن زايد"), (Per, "محمد")],
        );
        assert_ne!(d.entities[2].identity, d.entities[0].identity);
        assert_ne!(d.entities[2].identity, d.entities[1].identity);
    }

    #[test]
    fn acronym_and_brackets() {
        let d = link(
            "رفضت حكومة الإنقاذ الوطني القرار. وقالت GNS إنها ستطعن.",
            &[(Org, "حكومة الإنقاذ الوطني"), (Org, "GNS")],
        );
        assert_eq!(canon(&d, 1), "gns");
        // «الاتحاد العام التونسي للشغل (اتحاد الشغل)» "the Tunisian General Labour Union (the
        // Labour Union)", not in the catalogue.
        let d = link(
            "دعا الاتحاد العام التونسي للشغل (اتحاد الشغل) إلى إضراب.",
            &[(Org, "الاتحاد العام التونسي للشغل"), (Org, "اتحاد الشغل")],
        );
        assert_eq!(d.entities[0].identity, d.entities[1].identity);
    }

    #[test]
    fn gentilic_names_the_country_of_an_entry() {
        // "the American State Department" / "the Russian Foreign Ministry"
        let d = link(
            "قالت وزارة الخارجية الأميركية ثم ردت وزارة الخارجية الروسية.",
            &[(Org, "وزارة الخارجية الأميركية"), (Org, "وزارة الخارجية الروسية")],
        );
        assert_eq!((canon(&d, 0), canon(&d, 1)), ("us-state", "ru-mfa"));
    }

    #[test]
    fn coordinated_places_south_of_the_libyan_capital() {
        let d = link(
            "اشتباكات في محوري الخلة واليرموك جنوبي العاصمة الليبية.",
            &[(Loc, "الخلة"), (Loc, "اليرموك")],
        );
        for i in 0..2 {
            let p = place(&d, i);
            let near = p.near.unwrap();
            assert_eq!(near.relation, Relation::South);
            assert_eq!(d.identities[near.identity as usize].canonical, "geonames:2210247");
            assert_eq!(p.country.as_deref(), Some("LY"));
        }
        assert_eq!(canon(&d, 0), "x:loc:الخله");
        assert_eq!(d.identities.len(), 3);
    }

    #[test]
    fn relations_and_anchors() {
        let cases: &[(&str, &str, Relation, &str)] = &[
            // "north-east of the capital", the article being about Libya
            (
                "قتال في ليبيا قرب حي النسيم الأعلى شمال شرقي العاصمة.",
                "حي النسيم الأعلى",
                Relation::NorthEast,
                "geonames:2210247",
            ),
            // "near Benghazi"
            ("انفجار في ضاحية الرقيعات بالقرب من بنغازي.", "الرقيعات", Relation::Near, "geonames:88319"),
            // "in Misrata"
            ("سقطت قذيفة على حي الزروق في مصراتة.", "الزروق", Relation::In, "geonames:2214846"),
            // "in Sirte", preposition on the anchor
            ("دارت معارك في الجيزة البحرية بسرت.", "الجيزة البحرية", Relation::In, "geonames:2210554"),
            // "south-west of Tripoli"
            ("تقدمت القوات في الهيرة جنوب غرب طرابلس.", "الهيرة", Relation::SouthWest, "geonames:2210247"),
        ];
        for &(text, name, rel, anchor) in cases {
            let mut tags = vec![(Loc, name)];
            for a in ["ليبيا", "بنغازي", "مصراتة", "طرابلس", "سرت"] {
                if text.contains(a) && !name.contains(a) {
                    tags.push((Loc, a));
                }
            }
            tags.sort_by_key(|(_, w)| text.find(w).unwrap());
            let d = link(text, &tags);
            let i = d.entities.iter().position(|e| d.slice(e.span) == name).unwrap();
            let id = &d.identities[d.entities[i].identity.unwrap() as usize];
            let near = id.place.as_ref().and_then(|p| p.near).unwrap_or_else(|| panic!("{text}: {id:?}"));
            assert_eq!(near.relation, rel, "{text}");
            assert_eq!(d.identities[near.identity as usize].canonical, anchor, "{text}");
        }
    }

    #[test]
    fn english_names_in_captions() {
        let d = link(
            "Forces gather in Tripoli, Libya. REUTERS/Ismail Zitouny",
            &[(Loc, "Tripoli"), (Loc, "Libya"), (Org, "REUTERS"), (Per, "Ismail Zitouny")],
        );
        assert_eq!(canon(&d, 0), "geonames:2210247");
        assert_eq!(canon(&d, 1), "country:LY");
        assert_eq!(canon(&d, 2), "reuters");
        assert_eq!(canon(&d, 3), "x:per:ismail-zitouny");
    }

    #[test]
    fn article_variants_meet() {
        let d =
            link("زار ولايات متحدة ثم الولايات المتحدة.", &[(Loc, "ولايات متحدة"), (Loc, "الولايات المتحدة")]);
        assert_eq!((canon(&d, 0), canon(&d, 1)), ("country:US", "country:US"));
    }

    #[test]
    fn no_panic_on_odd_entities() {
        // Entities over punctuation only, or empty of words.
        let d = link("«» - (،) طرابلس", &[(Loc, "«»"), (Org, "(،)"), (Loc, "طرابلس")]);
        assert!(d.entities.iter().all(|e| e.identity.is_some()));
    }
}
