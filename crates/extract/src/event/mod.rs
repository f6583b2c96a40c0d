//! Events as records: a trigger word typed on ACLED's scheme, its agent and target, where, when,
//! how many were killed, injured or arrested, and the attribution that reports it.
//!
//! Rules over the tokens, entities, times and attributions of a document. A trigger is a verb or
//! a verbal noun of `lexicons/events.tsv` («اعتقلت» "arrested", «اشتباكات» "clashes»); words that
//! are events only with armed forces («عادت القوات» "the forces returned", not «عاد الهدوء» "calm
//! returned") need a force word beside them. Participants come from the trigger's frame: a
//! verb's subject and object, a noun's genitive («هجوم قوات حفتر» "the attack of Haftar's
//! forces"), «على X» "on X", «بين X وY» "between X and Y", the subject of a light verb («شنت
//! القوات هجوما» "the forces launched an attack»). The place is the nearest place entity after
//! a preposition; each of coordinated places («إلى طرابلس ومصراتة») gets its own record, as in
//! ACLED. The time is the nearest time expression in the sentence, or a date computed from
//! another («بعد ثلاثة أيام من بدء الهجوم» "three days after the attack began"). An event
//! inside an attribution's content carries that attribution: it is a claim, not a fact.
//!
//! ```
//! use rasid_core::{Doc, EventType};
//! let p = rasid_extract::pipeline::analysis().unwrap();
//! // "The police arrested three men in Benghazi."
//! let mut doc = Doc::new("d", "واعتقلت الشرطة ثلاثة رجال في مدينة بنغازي.");
//! p.run(&mut doc).unwrap();
//! let ev = &doc.events[0];
//! assert_eq!(ev.ty, EventType::Arrest);
//! assert_eq!(ev.arrested, Some(3));
//! ```

pub mod lexicon;

use lexicon::{Count, EventLexicon, Frame, Needs, Trigger};
use rasid_arabic::normalize::fold_str;
use rasid_core::{
    Arg, Doc, EntityType, Event, EventType, Layer, Proclitic, Span, Stage, StageError, TimeKind,
};

/// The events stage.
pub struct EventStage {
    lex: &'static EventLexicon,
}

impl Default for EventStage {
    fn default() -> Self {
        Self::new()
    }
}

impl EventStage {
    pub fn new() -> EventStage {
        EventStage { lex: EventLexicon::embedded() }
    }
}

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }
    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Segments,
            Layer::Sentences,
            Layer::Entities,
            Layer::Links,
            Layer::Times,
            Layer::Attributions,
        ]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Events]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let events = Finder::new(doc, self.lex).run();
        doc.events = events;
        Ok(())
    }
}

/// A word token as the rules see it.
struct W<'d> {
    span: Span,
    word: bool,
    /// The whole token, folded (borrowed from the document's folds).
    f: std::borrow::Cow<'d, str>,
    /// Without proclitics (conjunction, preposition, article) and enclitic, folded.
    base: String,
    /// Written with the article (ال) or a preposition proclitic (ب ل ك).
    al: bool,
    prep: bool,
    /// Starts with the conjunction و or ف.
    conj: bool,
    /// Carries an object or possessive pronoun.
    pron: bool,
    punct: bool,
}

/// Units of «بعد ثلاثة أيام من» "three days after", in days.
const UNITS: &[(&str, i64)] = &[
    ("يوم", 1),
    ("يوما", 1),
    ("ايام", 1),
    ("يومين", 2),
    ("اسبوع", 7),
    ("اسبوعا", 7),
    ("اسابيع", 7),
    ("اسبوعين", 14),
];

struct Finder<'d> {
    doc: &'d Doc,
    lex: &'static EventLexicon,
    w: Vec<W<'d>>,
    /// The entity each token starts, and the entity each token is inside.
    ent_start: Vec<Option<u32>>,
    ent_in: Vec<Option<u32>>,
    in_time: Vec<bool>,
}

/// A found trigger before its participants are read.
struct Hit {
    i: usize,
    trig: Trigger,
    verb: bool,
}

impl<'d> Finder<'d> {
    fn new(doc: &'d Doc, lex: &'static EventLexicon) -> Finder<'d> {
        let w = doc
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let text = doc.slice(t.span);
                let f = doc
                    .token_fold(i)
                    .map_or_else(|| std::borrow::Cow::Owned(fold_str(text)), std::borrow::Cow::Borrowed);
                let word = t.kind.is_word();
                let mut al = false;
                let mut prep = false;
                let mut conj = false;
                for (p, _) in t.seg.proclitics(t.span) {
                    match p {
                        Proclitic::Al => al = true,
                        Proclitic::Bi | Proclitic::Li | Proclitic::Ka => prep = true,
                        Proclitic::Wa | Proclitic::Fa => conj = true,
                        Proclitic::Sa => {}
                    }
                }
                // Only a word with clitics has a base of its own (saves a fold per word).
                let base =
                    if t.seg.is_whole() { String::new() } else { fold_str(doc.slice(t.seg.base(t.span))) };
                let pron = t.seg.enclitic(t.span).is_some();
                if f.starts_with("ال") {
                    al = true;
                }
                let punct = !word && text.chars().all(|c| !c.is_alphanumeric());
                W { span: t.span, word, f, base, al, prep, conj, pron, punct }
            })
            .collect::<Vec<_>>();
        let n = w.len();
        let mut ent_start = vec![None; n];
        let mut ent_in = vec![None; n];
        for (k, e) in doc.entities.iter().enumerate() {
            let (a, b) = (e.tokens.0 as usize, e.tokens.1 as usize);
            if a < n {
                ent_start[a] = Some(k as u32);
            }
            for slot in ent_in.iter_mut().take(b.min(n)).skip(a) {
                *slot = Some(k as u32);
            }
        }
        // Words of a time expression end a noun phrase («ضربة أكتوبر» "the October strike").
        let mut in_time = vec![false; n];
        for t in &doc.times {
            for (k, w) in w.iter().enumerate() {
                if t.span.contains(w.span) {
                    in_time[k] = true;
                }
            }
        }
        Finder { doc, lex, w, ent_start, ent_in, in_time }
    }

    fn run(&self) -> Vec<Event> {
        let mut out = Vec::new();
        for s in &self.doc.sentences {
            let (a, b) = (s.tokens.0 as usize, s.tokens.1 as usize);
            let mut hits = Vec::new();
            for i in a..b.min(self.w.len()) {
                if let Some(h) = self.trigger(i, a, b) {
                    hits.push(h);
                }
            }
            // A killing word («قتل» "killed", «مقتل» "the killing of") is an attack when the
            // sentence names no other violence: «مقتل سبعة في انفجار» is the explosion's toll ...
            let violent = |h: &Hit| {
                matches!(
                    h.trig.ty,
                    EventType::ArmedClash
                        | EventType::Attack
                        | EventType::AirStrike
                        | EventType::Shelling
                        | EventType::Explosion
                )
            };
            let killing = |h: &Hit| {
                h.trig.ty == EventType::Attack
                    && self.forms(h.i).any(|f| self.lex.counts.get(f) == Some(&Count::Killed))
            };
            // ... and a mention of it: it takes the type of the nearest other violence.
            let causes: Vec<(usize, EventType)> =
                hits.iter().filter(|h| violent(h) && !killing(h)).map(|h| (h.i, h.trig.ty)).collect();
            for h in hits.iter_mut() {
                if killing(h)
                    && let Some(&(_, ty)) = causes.iter().min_by_key(|(j, _)| j.abs_diff(h.i))
                {
                    h.trig.ty = ty;
                }
            }
            // Two words of one event side by side («انفجرت سيارة مفخخة» "a car bomb exploded")
            // are one record.
            hits.dedup_by(|later, kept| later.trig.ty == kept.trig.ty && later.i - kept.i <= 3);
            let first = out.len();
            for (n, h) in hits.iter().enumerate() {
                self.record(h, a, b, hits.get(n + 1).map(|x| x.i), &mut out);
            }
            self.share_places(first, &mut out);
            self.counts(a, b, &mut out[first..]);
        }
        out
    }

    /// The forms a word is looked up by: the base the clitic layer gives, then the written word
    /// without conjunction, preposition and article.
    fn forms(&self, i: usize) -> impl Iterator<Item = &str> {
        let w = &self.w[i];
        let f = w.f.as_ref();
        let no_conj = f.strip_prefix('و').or_else(|| f.strip_prefix('ف')).filter(|r| r.chars().count() >= 3);
        let g = no_conj.unwrap_or(f);
        let no_prep = g
            .strip_prefix('ب')
            .or_else(|| g.strip_prefix('ل'))
            .or_else(|| g.strip_prefix('ك'))
            .filter(|r| r.chars().count() >= 3);
        let h = no_prep.unwrap_or(g);
        let no_al = h.strip_prefix("ال").or_else(|| g.strip_prefix("لل")).filter(|r| r.chars().count() >= 2);
        let base = Some(w.base.as_str()).filter(|b| !b.is_empty() && *b != f);
        // Each distinct form once: every form is a hash lookup.
        let no_prep = no_prep.filter(|x| Some(*x) != base);
        let no_al = no_al.filter(|x| Some(*x) != base);
        [base, Some(f), no_conj, no_prep, no_al].into_iter().flatten()
    }

    fn in_set(&self, i: usize, set: &rustc_hash::FxHashSet<String>) -> bool {
        self.w[i].word && self.forms(i).any(|f| set.contains(f))
    }

    fn is_stop(&self, i: usize) -> bool {
        let w = &self.w[i];
        !w.word || self.in_time[i] || self.forms(i).any(|f| self.lex.stop.contains(f))
    }

    fn trigger(&self, i: usize, a: usize, b: usize) -> Option<Hit> {
        let w = &self.w[i];
        if !w.word || w.f.len() < 6 || self.doc.tokens[i].kind != rasid_core::TokenKind::Arabic {
            return None;
        }
        // Every form looked up below ends like the written word, or like it without an object
        // pronoun: most words are ruled out here by one integer lookup.
        let could = std::iter::once(w.f.as_ref())
            .chain(["ها", "هم", "هما", "ه"].iter().filter_map(|e| w.f.strip_suffix(e)))
            .any(|x| self.lex.tails.contains(&lexicon::tail(x)));
        if !could {
            return None;
        }
        // A noun first when the word has the article or a preposition; a verb otherwise.
        let mut noun = self.forms(i).find_map(|f| self.lex.nouns.get(f).copied());
        // The accusative «قصفا» "a bombardment" after a light verb («شن قصفا») is the noun
        // «قصف»; elsewhere «احتجاجا على» is "in protest at", no event.
        if noun.is_none()
            && i > a
            && self.is_light(i - 1)
            && let Some(stem) = w.f.strip_suffix('ا')
        {
            noun = self.lex.nouns.get(stem).copied();
        }
        let verb = if w.al || w.prep {
            None
        } else {
            let mut v = None;
            for stem in crate::attribution::lexicon::strip_particles(&w.f) {
                if let Some(t) = self.lex.verbs.get(stem) {
                    v = Some(*t);
                    break;
                }
                for e in ["ها", "هم", "هما", "ه"] {
                    if let Some(s) = stem.strip_suffix(e)
                        && s.chars().count() >= 3
                        && let Some(t) = self.lex.verbs.get(s)
                    {
                        v = Some(*t);
                    }
                }
                if v.is_some() {
                    break;
                }
            }
            v
        };
        let (mut trig, is_verb) = match (verb, noun) {
            (Some(v), None) => (v, true),
            (_, Some(n)) => (n, false),
            (None, None) => return None,
        };
        // Typed by a qualifier nearby: «قصف جوي» "air bombardment", «هجوم انتحاري».
        if matches!(
            trig.ty,
            EventType::Attack | EventType::Shelling | EventType::AirStrike | EventType::Explosion
        ) {
            let lo = i.saturating_sub(3).max(a);
            let hi = (i + 5).min(b);
            let mut q: Option<EventType> = None;
            for k in (lo..hi).filter(|&k| k != i) {
                if let Some(t) = self.forms(k).find_map(|f| self.lex.quals.get(f).copied()) {
                    // The closest qualifier wins; air before shelling at equal distance.
                    q = Some(q.map_or(t, |old| if old == EventType::AirStrike { old } else { t }));
                }
            }
            if let Some(t) = q
                && trig.ty != EventType::Explosion
            {
                trig.ty = t;
            }
        }
        let ok = match trig.needs {
            Needs::Nothing => true,
            Needs::Forces => self.forces_near(i, a, b, is_verb),
            Needs::Accord => ((i + 1)..(i + 4).min(b)).any(|k| self.in_set(k, &self.lex.accord)),
            // «إطلاق النار» "opening fire", «فتحا النار»: the trigger needs fire after it.
            // «سيطرة القوات على المطار» "the forces' taking of the airport", not «خارج
            // سيطرتها» "outside its control".
            Needs::On => !self.w[i].pron && ((i + 1)..(i + 6).min(b)).any(|k| self.w[k].f == "علي"),
            // «وقف إطلاق النار» "ceasefire" is the opposite.
            Needs::Fire => {
                ((i + 1)..(i + 3).min(b)).any(|k| self.in_set(k, &self.lex.fire))
                    && !(i > a && self.forms(i - 1).any(|f| f == "وقف"))
            }
        };
        ok.then_some(Hit { i, trig, verb: is_verb })
    }

    /// An armed-force word as the trigger's subject, genitive or object, or earlier in the
    /// sentence when the trigger carries a pronoun («سحبها» "withdrew it").
    fn forces_near(&self, i: usize, a: usize, b: usize, verb: bool) -> bool {
        let after = ((i + 1)..(i + 4).min(b)).any(|k| self.in_set(k, &self.lex.forces));
        let before = (i.saturating_sub(3).max(a)..i).any(|k| self.in_set(k, &self.lex.forces));
        let pron =
            self.w[i].pron && (i.saturating_sub(12).max(a)..i).any(|k| self.in_set(k, &self.lex.forces));
        after || (verb && before) || pron
    }

    /// The noun phrase starting at token `s` (before `limit`): a name, a head with its
    /// genitive and adjectives, forces of a named leader («قوات اللواء المتقاعد خليفة حفتر»).
    fn np_at(&self, s: usize, limit: usize) -> Option<(usize, usize)> {
        if s >= limit || self.is_stop(s) || self.w[s].punct {
            return None;
        }
        let mut e = match self.ent_start[s] {
            Some(x) => self.doc.entities[x as usize].tokens.1 as usize,
            None => s + 1,
        };
        let mut construct = self.ent_start[s].is_none() && !self.w[s].al;
        while e < limit && e - s < 8 {
            let w = &self.w[e];
            if !w.word || w.conj || self.is_stop(e) {
                break;
            }
            if let Some(x) = self.ent_start[e] {
                e = self.doc.entities[x as usize].tokens.1 as usize;
                construct = false;
                continue;
            }
            if construct || w.al {
                construct = !w.al;
                e += 1;
                continue;
            }
            break;
        }
        // «عنصرين من تنظيم الدولة» "two members of the Islamic State".
        if e + 1 < limit
            && !self.w[s].al
            && self.w[e].f == "من"
            && self.ent_start[e + 1].is_some_and(|x| self.doc.entities[x as usize].ty == EntityType::Org)
        {
            e = self.doc.entities[self.ent_start[e + 1].unwrap_or(0) as usize].tokens.1 as usize;
        }
        Some((s, e.min(limit)))
    }

    /// The noun phrase ending just before token `e` that opens its clause (an SVO subject).
    fn np_before(&self, e: usize, floor: usize) -> Option<(usize, usize)> {
        if e == 0 || e <= floor {
            return None;
        }
        let mut s = e - 1;
        if !self.w[s].word || self.is_stop(s) {
            return None;
        }
        loop {
            if let Some(x) = self.ent_in[s] {
                s = self.doc.entities[x as usize].tokens.0 as usize;
            }
            if s <= floor {
                break;
            }
            let p = s - 1;
            let cur_definite = self.w[s].al && self.ent_start[s].is_none();
            let cur_name = self.ent_start[s].is_some();
            if self.w[p].word && !self.is_stop(p) && (cur_definite || cur_name) && !self.w[s].conj {
                s = p;
                continue;
            }
            break;
        }
        // The phrase must open its clause: after punctuation, a complementizer, «كان», or at
        // the start of the sentence.
        let opens = s <= floor
            || self.w[s].conj
            || self.w[s - 1].punct
            || matches!(self.w[s - 1].f.as_ref(), "ان" | "بان" | "انه" | "كانت" | "كان" | "وكانت" | "وكان");
        opens.then_some((s, e))
    }

    fn arg(&self, (s, e): (usize, usize)) -> Arg {
        let span = Span::new(self.w[s].span.start, self.w[e - 1].span.end);
        // Leave a conjunction or preposition proclitic of the first word out.
        let t = &self.doc.tokens[s];
        let mut start = span.start;
        for (p, ps) in t.seg.proclitics(t.span) {
            if p != Proclitic::Al {
                start = ps.end;
            }
        }
        let entity = (s..e).find_map(|k| self.ent_start[k]).or(self.ent_in[s]);
        Arg { span: Span::new(start.min(span.end), span.end), entity }
    }

    /// A light verb before the trigger (within three words) and its subject, or the relative
    /// «الهجوم الذي شنته قوات X» "the attack that X's forces launched" after it.
    fn is_light(&self, k: usize) -> bool {
        let w = &self.w[k];
        w.word && strip_verb_affixes(&w.f).any(|f| self.lex.light.contains(f))
    }

    fn light_agent(&self, i: usize, a: usize, b: usize) -> Option<(usize, usize)> {
        // «الهجوم الذي شنته قوات X», «الضربات التي وجهتها قوات التحالف», and without the
        // relative after an indefinite noun: «قصف مدفعي شنته قوات التحالف».
        for k in (i + 1)..(i + 4).min(b) {
            if self.w[k].punct || self.in_noun_set(k) {
                break;
            }
            let relative = matches!(self.w[k - 1].f.as_ref(), "الذي" | "التي" | "الدي");
            if self.is_light(k) && (relative || self.w[k].pron) {
                return self.np_at(k + 1, b);
            }
            // «إضرابا عاما دعت إليه النقابات» "a strike the unions called for".
            if self.is_light(k)
                && k + 1 < b
                && matches!(self.w[k + 1].f.as_ref(), "اليه" | "اليها" | "له" | "لها")
            {
                return self.np_at(k + 2, b);
            }
        }
        // «بنيران الجيش» "by the army's fire", «على يد X», «من قبل X».
        for k in (i + 1)..(i + 6).min(b) {
            let f = self.w[k].f.as_ref();
            if matches!(f, "بنيران" | "بنار" | "برصاص") {
                return self.np_at(k + 1, b);
            }
            if k + 1 < b && matches!((f, self.w[k + 1].f.as_ref()), ("علي", "يد") | ("من", "قبل")) {
                return self.np_at(k + 2, b);
            }
            if self.w[k].punct {
                break;
            }
        }
        // A light verb before: «شنت قوات حفتر هجوما», «تمكنت قوات X، السبت، من السيطرة».
        for k in (i.saturating_sub(10).max(a)..i).rev() {
            if self.in_noun_set(k) || matches!(self.w[k].f.as_ref(), "." | "؛" | ":") {
                break;
            }
            if self.is_light(k) {
                // VSO: «شنت قوات حفتر هجوما».
                if k + 1 < i
                    && let Some(np) = self.np_at(k + 1, i)
                    && !self.in_noun_set(k + 1)
                {
                    return Some(np);
                }
                // SVO: «القوات ... تنفذ هذه الضربات»; skip a relative clause back to its head.
                let mut floor = a;
                for j in (a..k).rev() {
                    if self.w[j].punct {
                        floor = j + 1;
                        break;
                    }
                }
                if let Some(np) = self.np_before(k, floor) {
                    return Some(np);
                }
                for j in (floor..k).rev() {
                    if matches!(self.w[j].f.as_ref(), "التي" | "الذي" | "الذين")
                        && let Some(np) = self.np_before(j, floor)
                    {
                        return Some(np);
                    }
                }
                return None;
            }
        }
        None
    }

    /// An indefinite word that reads as an adjective of the noun before it: a relative
    /// adjective («جوية» "aerial", «مدفعيا») or one of the lexicon's («عنيفة» "violent").
    fn looks_adjective(&self, k: usize) -> bool {
        let f = self.w[k].f.as_ref();
        let f = f.strip_suffix('ا').unwrap_or(f);
        f.ends_with("يه")
            || f.ends_with('ي')
            || f.ends_with("يين")
            || f.ends_with("يون")
            || self.forms(k).any(|x| self.lex.adjectives.contains(x) || self.lex.quals.contains_key(x))
    }

    /// A known verb form: an event verb or a casualty verb («وأصيب» "and were injured").
    fn is_verb_like(&self, k: usize) -> bool {
        crate::attribution::lexicon::strip_particles(&self.w[k].f).any(|f| self.lex.verbs.contains_key(f))
            || self.forms(k).any(|f| self.lex.counts.contains_key(f))
    }

    fn in_noun_set(&self, k: usize) -> bool {
        self.forms(k).any(|f| self.lex.nouns.contains_key(f))
    }

    /// The first noun phrase after a preposition (one of `preps`) within `window` words.
    fn after_prep(&self, i: usize, b: usize, preps: &[&str], window: usize) -> Option<(usize, usize)> {
        for k in (i + 1)..(i + 1 + window).min(b) {
            if self.w[k].punct {
                return None;
            }
            if preps.contains(&self.w[k].f.as_ref()) {
                return self.np_at(k + 1, b);
            }
            // Another clause or phrase: «الهجوم قد يشجع ... على» is no attack on anything.
            if self.is_stop(k) || self.in_noun_set(k) {
                return None;
            }
        }
        None
    }

    fn record(&self, h: &Hit, a: usize, b: usize, next_trigger: Option<usize>, out: &mut Vec<Event>) {
        let i = h.i;
        let mut agent = None;
        let mut target = None;
        let mut agent_is_genitive = false;
        // «أوضح الجيش أنه قتل متشددا» "the army said it killed a militant": the pronoun after
        // the complementizer is the subject; the speaker is the agent, the noun after is the
        // object.
        let pronoun_subject = h.verb
            && i > a
            && matches!(self.w[i - 1].f.as_ref(), "انه" | "انها" | "بانه" | "بانها" | "انهم" | "بانهم");
        let mut speaker_agent = false;
        if pronoun_subject {
            speaker_agent = true;
            if h.trig.frame == Frame::Obj {
                target = self.np_at(i + 1, b);
            }
        } else if h.verb {
            match self.np_before(i, a) {
                Some(subj) => {
                    agent = Some(subj);
                    if h.trig.frame == Frame::Obj {
                        target = self.np_at(i + 1, b);
                    }
                }
                // «قتل خمسة مدنيين» "five civilians were killed": a number after a killing
                // verb is its victims (the passive news uses).
                None if self.number_at(i + 1).is_some()
                    && self.forms(i).any(|f| self.lex.counts.get(f) == Some(&Count::Killed)) =>
                {
                    target = self.np_at(i + 1, b);
                }
                None => {
                    // «فتحوا النار على X»: the fire word is no subject.
                    let from = if h.trig.needs == Needs::Fire { i + 2 } else { i + 1 };
                    agent = self.np_at(from, b);
                    // A coordinated subject: «وقعت الحكومة والمعارضة اتفاقا».
                    if let Some((x, e)) = agent
                        && e < b
                        && self.w[e].conj
                        && !self.in_noun_set(e)
                        && !self.is_verb_like(e)
                        && let Some((_, e2)) = self.np_at(e, b)
                    {
                        agent = Some((x, e2));
                    }
                    if h.trig.frame == Frame::Obj
                        && let Some((_, e)) = agent
                    {
                        target = self.np_at(e, b);
                    }
                }
            }
        } else {
            // The genitive: «هجوم قوات حفتر», «هجوما لقوات حفتر», «اعتقال عنصرين». A definite
            // trigger has none («الضربات العسكرية» "the military strikes": an adjective), and an
            // indefinite word after the trigger is an adjective («ضربات جوية») unless it is a
            // name, a force, a number or a dual.
            let genitive = if self.w[i].pron || self.w[i].al || i + 1 >= b {
                None
            } else {
                let n = &self.w[i + 1];
                let head_ok = n.al
                    || n.prep
                    || self.ent_start[i + 1].is_some()
                    || self.in_set(i + 1, &self.lex.forces)
                    || self.number_at(i + 1).is_some()
                    || is_dual(n)
                    || (n.word && !self.is_stop(i + 1) && !self.looks_adjective(i + 1));
                if head_ok { self.np_at(i + 1, b) } else { None }
            };
            match h.trig.frame {
                Frame::Obj => target = genitive,
                Frame::On | Frame::Subj | Frame::With => agent = genitive,
                Frame::Between | Frame::None => {}
            }
            agent_is_genitive = agent.is_some();
            if agent.is_none() {
                agent = self.light_agent(i, a, b);
            }
        }
        match h.trig.frame {
            Frame::On => {
                if let Some(t) = self.after_prep(i, b, &["علي"], 8) {
                    target = Some(t);
                }
            }
            Frame::With => {
                if let Some(t) = self.after_prep(i, b, &["مع", "ضد"], 8) {
                    target = Some(t);
                }
            }
            Frame::Between => {
                if let Some((x, e)) = self.after_prep(i, b, &["بين"], 12) {
                    agent = Some((x, e));
                    if e < b && self.w[e].conj {
                        target = self.np_at(e, b);
                    }
                } else if let Some(t) = self.after_prep(i, b, &["مع", "ضد"], 4) {
                    // «الاشتباكات مع تنظيم الدولة» "the clashes with the Islamic State".
                    target = Some(t);
                }
            }
            _ => {}
        }
        // An announced arrest: the announcer made it («أعلنت الداخلية اعتقال ...»).
        let attribution = self.attribution_of(self.w[i].span);
        let mut agent = agent.map(|x| self.arg(x));
        if agent.is_none()
            && (h.trig.ty == EventType::Arrest || speaker_agent)
            && let Some(ai) = attribution
        {
            let at = &self.doc.attributions[ai as usize];
            if let Some(sp) = at.speaker {
                // A speaker phrase that runs into a time («الداخلية ... الأيام الماضية») ends
                // before it.
                let end = self
                    .doc
                    .times
                    .iter()
                    .filter(|t| t.span.start > sp.start && t.span.start < sp.end)
                    .map(|t| t.span.start)
                    .min()
                    .unwrap_or(sp.end);
                let text = &self.doc.text()[sp.start as usize..end as usize];
                let end = sp.start + text.trim_end().len() as u32;
                agent = Some(Arg { span: Span::new(sp.start, end), entity: at.entity });
            }
        }
        let target_tokens = target;
        let mut target = target.map(|x| self.arg(x));
        // A place as agent of a noun is where it happened («مفاوضات جنيف» "the Geneva talks").
        let is_loc = |x: &Option<Arg>| {
            x.and_then(|a| a.entity).is_some_and(|e| self.doc.entities[e as usize].ty == EntityType::Loc)
        };
        if agent_is_genitive && is_loc(&agent) {
            let place = agent.take();
            if target.is_none() {
                target = place;
            }
        }
        // «اعتقلت الشرطة ثلاثة رجال» "the police arrested three men": the target's number.
        let arrested = match (h.trig.ty, target_tokens) {
            (EventType::Arrest, Some((ts, _))) => {
                self.number_at(ts).or_else(|| is_dual(&self.w[ts]).then_some(2))
            }
            _ => None,
        };
        let negated = i > a && self.in_set(i - 1, &self.lex.neg);
        let (time, date) = self.time_of(i, a, b);
        let trigger = self.trigger_span(i);
        // Places are looked for inside the content that reports the event, and not past the
        // next trigger (which has places of its own).
        let (mut pa, mut pb) = (a, b);
        if let Some(ai) = attribution {
            let c = self.doc.attributions[ai as usize].content;
            while pa < i && self.w[pa].span.start < c.start {
                pa += 1;
            }
            while pb > i + 1 && self.w[pb - 1].span.end > c.end {
                pb -= 1;
            }
        }
        if let Some(next) = next_trigger {
            pb = pb.min(next);
        }
        let places = self.places(i, pa, pb, target);
        let base = Event {
            trigger,
            ty: h.trig.ty,
            agent,
            target,
            place: None,
            time,
            date,
            killed: None,
            injured: None,
            arrested,
            attribution,
            negated,
        };
        if places.is_empty() {
            out.push(base);
        } else {
            for p in places {
                out.push(Event { place: Some(p), ..base.clone() });
            }
        }
    }

    /// An event with no place of its own takes the place of the event right after it in the
    /// sentence when no punctuation stands between them («تنفذ الضربات ... خلال الاشتباكات
    /// في سرت» "carried out the strikes ... during the clashes in Sirte").
    fn share_places(&self, first: usize, out: &mut [Event]) {
        for k in (first..out.len().saturating_sub(1)).rev() {
            if out[k].place.is_some() || out[k + 1].place.is_none() || out[k + 1].trigger == out[k].trigger {
                continue;
            }
            let (x, y) = (out[k].trigger.end, out[k + 1].trigger.start);
            let between = &self.doc.text()[x as usize..y.max(x) as usize];
            if !between.chars().any(|c| matches!(c, '،' | ',' | '؛' | ';' | '.' | ':' | '-' | '(' | ')')) {
                out[k].place = out[k + 1].place;
            }
        }
    }

    /// The trigger word without a conjunction or preposition proclitic.
    fn trigger_span(&self, i: usize) -> Span {
        self.arg((i, i + 1)).span
    }

    /// The innermost attribution whose content holds the span.
    fn attribution_of(&self, s: Span) -> Option<u32> {
        self.doc
            .attributions
            .iter()
            .enumerate()
            .filter(|(_, at)| at.content.contains(s))
            .min_by_key(|(_, at)| at.content.len())
            .map(|(k, _)| k as u32)
    }

    /// The place entities of an event: the first place after a preposition near the trigger
    /// (or the target, when it is a place), with the places coordinated with it.
    fn places(&self, i: usize, a: usize, b: usize, target: Option<Arg>) -> Vec<Arg> {
        let is_loc =
            |k: usize| self.ent_start[k].is_some_and(|x| self.doc.entities[x as usize].ty == EntityType::Loc);
        let prep_before = |k: usize| -> bool {
            // The preposition as its own word, as a proclitic, or before a place noun.
            let mut j = k;
            if self.w[j].prep {
                return true;
            }
            while j > a {
                let p = j - 1;
                let pw = &self.w[p];
                if self.forms(p).any(|f| self.lex.place_prep.contains(f)) {
                    return true;
                }
                if self.forms(p).any(|f| self.lex.place_noun.contains(f)) {
                    if pw.prep {
                        return true;
                    }
                    j = p;
                    continue;
                }
                // An adjective of the place noun: «العاصمة الليبية طرابلس».
                if pw.al && j < k && j - p == 1 && p > a && self.w[p - 1].al {
                    j = p;
                    continue;
                }
                return false;
            }
            false
        };
        let mut first = None;
        if let Some(t) = target
            && let Some(e) = t.entity
            && self.doc.entities[e as usize].ty == EntityType::Loc
        {
            first = Some(self.doc.entities[e as usize].tokens.0 as usize);
        }
        if first.is_none() {
            for k in (i + 1)..b.min(i + 25) {
                if is_loc(k) && prep_before(k) {
                    first = Some(k);
                    break;
                }
                // A comma ends the event's phrase unless a place phrase follows it
                // («...، في محوري الخلة واليرموك»).
                if self.w[k].punct
                    && k + 1 < b
                    && !(self.w[k + 1].prep || self.lex.place_prep.contains(self.w[k + 1].f.as_ref()))
                {
                    break;
                }
            }
        }
        if first.is_none() {
            first = (i.saturating_sub(8).max(a)..i).rev().find(|&k| is_loc(k) && prep_before(k));
        }
        let Some(k) = first else { return Vec::new() };
        let mut out = Vec::new();
        let mut k = k;
        while let Some(x) = self.ent_start[k] {
            let ent = &self.doc.entities[x as usize];
            out.push(Arg { span: ent.span, entity: Some(x) });
            // «طرابلس ومدينة مصراتة», «الخلة واليرموك».
            let mut n = ent.tokens.1 as usize;
            if n >= b || !self.w[n].conj {
                break;
            }
            if !is_loc(n) && n + 1 < b && self.forms(n).any(|f| self.lex.place_noun.contains(f)) {
                n += 1;
            }
            if !is_loc(n) {
                break;
            }
            k = n;
        }
        out
    }

    /// The time of the event: the nearest time expression of its sentence, or a date computed
    /// from «بعد/قبل N أيام من (بدء)» before the trigger.
    fn time_of(&self, i: usize, a: usize, b: usize) -> (Option<u32>, Option<String>) {
        let here = self.w[i].span;
        let sent = Span::new(self.w[a].span.start, self.w[b.max(a + 1) - 1].span.end);
        if let Some(d) = self.offset_date(i, a) {
            return (None, Some(d));
        }
        let best = self
            .doc
            .times
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                sent.contains(t.span) && !matches!(t.kind, TimeKind::Duration | TimeKind::TimeOfDay)
            })
            .min_by_key(|(_, t)| {
                if t.span.end <= here.start {
                    here.start - t.span.end
                } else {
                    t.span.start.saturating_sub(here.end)
                }
            });
        match best {
            Some((k, t)) => (Some(k as u32), Some(t.value.clone())),
            None => (None, None),
        }
    }

    /// «أعلنت في السابع من أبريل ...، وذلك بعد ثلاثة أيام من بدء هجوم» "announced on 7 April,
    /// three days after the attack began": the attack is the earlier date minus three days.
    fn offset_date(&self, i: usize, a: usize) -> Option<String> {
        // Walk back over «بدء/انطلاق» and «من» to the unit, the number and «بعد/قبل».
        let mut k = i;
        let back = |k: usize| k.checked_sub(1).filter(|&p| p >= a);
        let mut p = back(k)?;
        if matches!(self.w[p].f.as_ref(), "بدء" | "بدايه" | "انطلاق" | "اندلاع") {
            k = p;
            p = back(k)?;
        }
        if self.w[p].f != "من" {
            return None;
        }
        let unit_at = back(p)?;
        let unit = UNITS.iter().find(|(u, _)| self.w[unit_at].f == *u).map(|u| u.1)?;
        // A dual unit carries its own number («يومين»); otherwise a number precedes it.
        let (n, dir_at) = if matches!(self.w[unit_at].f.as_ref(), "يومين" | "اسبوعين") {
            (1, back(unit_at)?)
        } else {
            let num_at = back(unit_at)?;
            (number_word(&self.w[num_at].f)?, back(num_at)?)
        };
        let sign = match self.w[dir_at].f.as_ref() {
            "بعد" => -1,
            "قبل" => 1,
            _ => return None,
        };
        // The date this is counted from: the nearest full date before, in the sentence.
        let from = self.w[dir_at].span.start;
        let sent_start = self.w[a].span.start;
        let t = self
            .doc
            .times
            .iter()
            .rfind(|t| t.span.end <= from && t.span.start >= sent_start && t.kind == TimeKind::Date)?;
        // The time stage's calendar, so both count days alike.
        let days = i64::from(crate::time::parse_ymd(&t.value)?) + sign * n * unit;
        Some(crate::time::cal::fmt_day(i32::try_from(days).ok()?))
    }

    /// Killed, injured and arrested counts of the sentence, each given to the nearest event.
    fn counts(&self, a: usize, b: usize, events: &mut [Event]) {
        if events.is_empty() {
            return;
        }
        for k in a..b.min(self.w.len()) {
            let Some(kind) = self.forms(k).find_map(|f| self.lex.counts.get(f).copied()) else { continue };
            // «5 قتلى», «خمسة قتلى»; «مقتل 5 أشخاص»; «اعتقال عنصرين» (a dual).
            let before = (k > a).then(|| self.number_at(k - 1)).flatten();
            let after = (k + 1 < b).then(|| self.number_at(k + 1)).flatten();
            let dual = (k + 1 < b && is_dual(&self.w[k + 1])).then_some(2);
            let Some(n) = before.or(after).or(dual) else { continue };
            let here = self.w[k].span.start;
            let ev = events.iter_mut().min_by_key(|e| (e.trigger.start as i64 - here as i64).unsigned_abs());
            if let Some(ev) = ev {
                let slot = match kind {
                    Count::Killed => &mut ev.killed,
                    Count::Injured => &mut ev.injured,
                    Count::Arrested => &mut ev.arrested,
                };
                if slot.is_none() {
                    *slot = Some(n);
                }
            }
        }
        // Every record of one trigger (one per place) shares its counts.
        for k in 1..events.len() {
            if events[k].trigger == events[k - 1].trigger {
                let prev = events[k - 1].clone();
                let e = &mut events[k];
                e.killed = e.killed.or(prev.killed);
                e.injured = e.injured.or(prev.injured);
                e.arrested = e.arrested.or(prev.arrested);
            }
        }
    }

    fn number_at(&self, k: usize) -> Option<u32> {
        let w = &self.w[k];
        let digits: String =
            w.f.chars()
                .filter_map(|c| {
                    c.to_digit(10).or_else(|| ('٠'..='٩').contains(&c).then(|| c as u32 - '٠' as u32))
                })
                .map(|d| char::from_digit(d, 10).unwrap_or('0'))
                .collect();
        if !digits.is_empty() && digits.chars().count() == w.f.chars().filter(|c| !c.is_alphabetic()).count()
        {
            return digits.parse().ok().filter(|&n: &u32| n < 1_000_000);
        }
        number_word(&w.f).map(|n| n as u32)
    }
}

/// A word that is a dual noun («عنصرين» "two members", «جنديين»): ends in ين/ان after a stem of
/// at least three letters and is no known plural.
fn is_dual(w: &W) -> bool {
    let f = if w.base.is_empty() { w.f.as_ref() } else { w.base.as_str() };
    let n = f.chars().count();
    n >= 5 && (f.ends_with("ين") || f.ends_with("ان")) && !f.ends_with("يين") && !f.ends_with("مين")
}

/// The folded word's value as a cardinal number word, 1 to 10 and a few tens («ثلاثة»
/// "three", «عشرات» is vague and not a number).
fn number_word(f: &str) -> Option<i64> {
    let f = f.strip_prefix('و').unwrap_or(f);
    Some(match f {
        "واحد" | "واحده" => 1,
        "اثنان" | "اثنين" | "اثنتين" | "اثنتان" => 2,
        "ثلاثه" | "ثلاث" => 3,
        "اربعه" | "اربع" => 4,
        "خمسه" | "خمس" => 5,
        "سته" | "ست" => 6,
        "سبعه" | "سبع" => 7,
        "ثمانيه" | "ثماني" | "ثمان" => 8,
        "تسعه" | "تسع" => 9,
        "عشره" | "عشر" => 10,
        "عشرون" | "عشرين" => 20,
        "ثلاثون" | "ثلاثين" => 30,
        "اربعون" | "اربعين" => 40,
        "خمسون" | "خمسين" => 50,
        "مئه" | "مائه" => 100,
        _ => return None,
    })
}

/// A folded verb form without its person prefix and suffixes: «شنته» → شن, «تنفذ» → نفذ.
fn strip_verb_affixes(f: &str) -> impl Iterator<Item = &str> {
    fn suffixless<'a>(s: &'a str, out: &mut Vec<&'a str>) {
        for suf in ["ته", "تها", "تهم", "ت", "وا", "ه", "ها", "هم"] {
            if let Some(r) = s.strip_suffix(suf)
                && r.chars().count() >= 2
            {
                out.push(r);
            }
        }
    }
    let f = f.strip_prefix('و').or_else(|| f.strip_prefix('ف')).unwrap_or(f);
    let mut out: Vec<&str> = vec![f];
    suffixless(f, &mut out);
    for pre in ['ي', 'ت', 'ن'] {
        if let Some(r) = f.strip_prefix(pre)
            && r.chars().count() >= 2
        {
            out.push(r);
            suffixless(r, &mut out);
        }
    }
    out.into_iter()
}

#[cfg(test)]
#[test]
fn offsets_count_days_on_the_time_calendar() {
    use crate::time::{cal::fmt_day, parse_ymd};
    for d in ["2019-04-07", "2000-02-29", "1970-01-01", "2024-12-31"] {
        assert_eq!(fmt_day(parse_ymd(d).unwrap()), d);
    }
    assert_eq!(fmt_day(parse_ymd("2019-04-07").unwrap() - 3), "2019-04-04");
}
