//! Attributions: who said what, through whom, confirmed or denied (spec/attribution.md).
//!
//! The stage reads tokens, clitic segments, sentences, blocks and entities, and fills
//! `Doc::attributions` and `Doc::contradictions`. It works in four passes over an article:
//!
//! 1. **cues**: every token is looked up as a reporting verb form (generated inflections, clitics
//!    stripped: [`lexicon`]), a participle («مضيفا» "adding"), a relay noun («قوله» "his
//!    saying"), a source marker («وفقا لـ» "according to»), a passive («قيل»), a verbal noun with
//!    a clause («اتهامات بأن» "accusations that"), a light-verb phrase («وجهت أصابع الاتهام»);
//!    the title is read for headline verbs and colon headlines;
//! 2. **frames**: for each cue, the speaker mention (after the verb, or before it for «X يؤكد»,
//!    «وكانت X أعلنت», «X التي نفت»), the adjuncts that are not part of it (addressees
//!    «للجزيرة», settings «في بيان», times), the content (after أن/إن/بأن, a colon, a quotation,
//!    the verb's preposition or object), the relaying party of «نقل X عن Y قوله»;
//! 3. **resolution**: implicit subjects («وأضاف» "and he added") go to the last speaker that
//!    agrees in gender; definite back-references («المتحدثة» "the spokeswoman», «المصدر ذاته»)
//!    to the earlier mention with the same head noun; surnames to the full name; an unnamed
//!    spokesman to the name given right after; anonymity from the role and the resolution;
//! 4. **contradictions** ([`contradiction`]): affirming and denying attributions whose contents
//!    share the claim's words.
//!
//! ```
//! use rasid_core::{Doc, Polarity};
//! let p = rasid_extract::pipeline::analysis().unwrap();
//! // "A spokesman for the ministry denied the reports about the return of the forces."
//! let mut doc = Doc::new("d", "ونفى متحدث باسم الوزارة الأنباء حول عودة القوات.");
//! p.run(&mut doc).unwrap();
//! let a = &doc.attributions[0];
//! assert_eq!(doc.slice(a.cue), "ونفى");
//! assert_eq!(doc.slice(a.speaker.unwrap()), "متحدث باسم الوزارة");
//! assert_eq!(a.polarity, Polarity::Deny);
//! assert!(a.anonymous);
//! ```

pub mod contradiction;
pub mod lexicon;

use lexicon::{FormKind, Gender, Lexicon, VerbClass, is_complementizer, strip_particles};
use rasid_arabic::normalize::fold_str;
use rasid_core::{
    Attribution, BlockKind, CueKind, Doc, EntityType, Layer, Polarity, Span, Stage, StageError, TokenKind,
};
use std::borrow::Cow;

/// The attribution stage. Cheap to build (the lexicon is shared and built once).
pub struct AttributionStage {
    lex: &'static Lexicon,
}

impl Default for AttributionStage {
    fn default() -> Self {
        AttributionStage::new()
    }
}

impl AttributionStage {
    pub fn new() -> AttributionStage {
        AttributionStage { lex: Lexicon::embedded() }
    }
}

impl Stage for AttributionStage {
    fn name(&self) -> &'static str {
        "attributions"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Segments, Layer::Blocks, Layer::Sentences, Layer::Entities, Layer::Times]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Attributions]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let (atts, contras) = {
            let mut x = Extractor::new(doc, self.lex);
            x.run();
            let mut atts = x.finish();
            end_speakers_before_times(doc, &mut atts);
            let contras = contradiction::find(doc, &atts);
            (atts, contras)
        };
        doc.attributions = atts;
        doc.contradictions = contras;
        Ok(())
    }
}

/// A speaker phrase runs up to a time expression, not into it: «أعلنت وزارة الداخلية الأيام
/// الماضية» "the interior ministry announced in the past days" → «وزارة الداخلية».
fn end_speakers_before_times(doc: &Doc, atts: &mut [Attribution]) {
    for a in atts.iter_mut() {
        for sp in [&mut a.speaker, &mut a.resolved].into_iter().flatten() {
            if let Some(t) = doc.times.iter().find(|t| t.span.start > sp.start && t.span.start < sp.end) {
                let kept = doc.text()[sp.start as usize..t.span.start as usize].trim_end();
                if !kept.is_empty() {
                    sp.end = sp.start + kept.len() as u32;
                }
            }
        }
    }
}

/// One token as the extractor sees it.
struct W<'a> {
    text: &'a str,
    /// Lossy-folded text, without a hashtag's `#` and with its `_` as a space.
    f: String,
    kind: TokenKind,
    span: Span,
    /// Entity covering the token.
    ent: Option<u32>,
    /// Inside quotation marks.
    quoted: bool,
    sent: u32,
}

impl W<'_> {
    fn is_word(&self) -> bool {
        self.kind.is_word() || matches!(self.kind, TokenKind::Hashtag | TokenKind::Mention)
    }
    fn is_punct(&self, p: &str) -> bool {
        !self.is_word() && self.text == p
    }
}

/// An attribution being built, with what resolution needs.
#[derive(Clone, Debug)]
struct Draft {
    cue: (usize, usize),
    kind: CueKind,
    /// Speaker mention as a token range.
    speaker: Option<(usize, usize)>,
    content: (usize, usize),
    polarity: Polarity,
    via: Option<(usize, usize)>,
    /// Gender of the verb form (for implicit subjects).
    gender: Gender,
    /// Subject left implicit (resolve to an earlier speaker).
    implicit: bool,
    /// A participle: attaches to the statement before it in the sentence.
    participle: bool,
    /// Passive or sourceless.
    unknown: bool,
    /// Filled by resolution.
    resolved: Option<Span>,
    anonymous: bool,
    entity: Option<u32>,
    /// The content is the verb's object or prepositional phrase, not a clause: it ends at a
    /// comma that starts a new clause.
    object: bool,
}

struct Extractor<'d> {
    doc: &'d Doc,
    lex: &'static Lexicon,
    w: Vec<W<'d>>,
    /// Token range of each sentence.
    sents: Vec<(usize, usize)>,
    /// Block kind of each sentence.
    sent_block: Vec<BlockKind>,
    /// Tokens that belong to an accepted speaker or relay mention.
    taken: Vec<bool>,
    drafts: Vec<Draft>,
    /// Per-token lookups, computed once: the extractor asks them many times per token.
    cache: Vec<Cached>,
}

#[derive(Clone, Copy, Default)]
struct Cached {
    vform: Option<lexicon::Form>,
    role: bool,
    org: bool,
    stop: bool,
}

/// How far after a verb its complement may start.
const MAX_FRAME: usize = 28;
/// Longest speaker mention, in tokens.
const MAX_NP: usize = 20;

impl<'d> Extractor<'d> {
    fn new(doc: &'d Doc, lex: &'static Lexicon) -> Extractor<'d> {
        let mut w: Vec<W> = doc
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let text = doc.slice(t.span);
                let mut f = doc.token_fold(i).map_or_else(|| fold_str(text), str::to_string);
                if t.kind == TokenKind::Hashtag {
                    f = f.trim_start_matches('#').replace('_', " ");
                }
                W { text, f, kind: t.kind, span: t.span, ent: None, quoted: false, sent: 0 }
            })
            .collect();
        for (ei, e) in doc.entities.iter().enumerate() {
            for t in e.tokens.0..e.tokens.1 {
                if let Some(x) = w.get_mut(t as usize) {
                    x.ent = Some(ei as u32);
                }
            }
        }
        let mut sents = Vec::with_capacity(doc.sentences.len());
        let mut sent_block = Vec::with_capacity(doc.sentences.len());
        for (si, s) in doc.sentences.iter().enumerate() {
            let (a, b) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(w.len()));
            for x in &mut w[a.min(b)..b] {
                x.sent = si as u32;
            }
            sents.push((a.min(b), b));
            let kind = doc
                .blocks
                .iter()
                .find(|bl| {
                    bl.span.contains(Span::new(s.span.start, s.span.start)) && bl.span.end > s.span.start
                })
                .map_or(BlockKind::Paragraph, |bl| bl.kind);
            sent_block.push(kind);
        }
        mark_quotes(doc, &mut w);
        let n = w.len();
        let mut x = Extractor {
            doc,
            lex,
            w,
            sents,
            sent_block,
            taken: vec![false; n],
            drafts: Vec::new(),
            cache: vec![Cached::default(); n],
        };
        for k in 0..n {
            let forms = x.lookup_forms(k);
            x.cache[k] = Cached {
                vform: x.compute_vform(k),
                role: x.role_in(&forms),
                org: x.org_in(&forms),
                stop: x.compute_stop(k),
            };
        }
        x
    }

    fn run(&mut self) {
        for si in 0..self.sents.len() {
            let (a, b) = self.sents[si];
            if a >= b {
                continue;
            }
            if self.sent_block[si] == BlockKind::Title {
                self.title(a, b);
            }
            if matches!(self.sent_block[si], BlockKind::Credit | BlockKind::Source | BlockKind::Byline) {
                continue;
            }
            let mut i = a;
            while i < b {
                if !self.taken[i] && self.w[i].is_word() && !self.cue_at(i) {
                    // nothing
                }
                i += 1;
            }
        }
        self.drafts.sort_by_key(|d| d.cue.0);
        self.drafts.dedup_by_key(|d| d.cue.0);
        self.cut_contents();
        self.marker_via();
        self.falsity();
        self.resolve();
    }

    /// Is the word at `k` one of the verb's content prepositions («على», «بـ» attached,
    /// «منه» "from him" with a pronoun)?
    fn prep_at(&self, k: usize, preps: &[String]) -> bool {
        let f = self.w[k].f.as_str();
        preps.iter().any(|p| {
            f == p
                || (p == "ب" && self.has_bi(k) && !f.starts_with("باسم"))
                || f.strip_prefix(p.as_str())
                    .is_some_and(|r| matches!(r, "ه" | "ها" | "هم" | "هما" | "ي" | "نا"))
                || (p == "الى" && f.strip_prefix("الي").is_some_and(|r| matches!(r, "ه" | "ها" | "هم")))
                || (p == "علي" && f.strip_prefix("علي").is_some_and(|r| matches!(r, "ه" | "ها" | "هم")))
        })
    }

    /// Does the word start with the preposition ب as a clitic («بالحادث» "of the incident"),
    /// by the clitic layer's segmentation (so «بلادهم» "their country" does not)?
    fn has_bi(&self, k: usize) -> bool {
        let t = &self.doc.tokens[k];
        t.seg.proclitics(t.span).any(|(p, _)| p == rasid_core::Proclitic::Bi)
            || self.w[k].f.starts_with("بال") && self.w[k].f.chars().count() > 4
    }

    /// The token as a reporting verb form.
    fn vform(&self, k: usize) -> Option<lexicon::Form> {
        self.cache[k].vform
    }

    fn compute_vform(&self, k: usize) -> Option<lexicon::Form> {
        let w = &self.w[k];
        // «نقلا عن» "quoting" is a marker before it is "they both relayed".
        if !w.is_word() || self.lex.markers.contains_key(self.bare(k)) {
            return None;
        }
        let form = self.lex.verb_folded(&w.f, w.text.ends_with('ة'))?;
        // «نفي» "denial" folds like «نفى» "he denied": the written ي against the lemma's ى
        // says it is the noun.
        if form.kind == FormKind::Perfect
            && form.gender == Gender::Masc
            && self.lex.lemma(form.verb).ends_with('ى')
            && w.text.ends_with('ي')
        {
            return None;
        }
        // «يدعى أبو همام» "called Abu Hammam": the passive imperfect ends in ى where the
        // active «يدعي» "claims" ends in ي.
        // Only for «يدعى»: some outlets write every final ي as ى («ينفى» "denies"), and a
        // clause after it keeps it a report.
        if form.kind == FormKind::Imperfect
            && self.lex.lemma(form.verb) == "ادعى"
            && w.text.ends_with('ى')
            && !self.w.get(k + 1).is_some_and(|n| is_complementizer(&n.f))
        {
            return None;
        }
        Some(form)
    }

    fn sent_end(&self, i: usize) -> usize {
        self.sents[self.w[i].sent as usize].1
    }

    fn sent_start(&self, i: usize) -> usize {
        self.sents[self.w[i].sent as usize].0
    }

    fn is_title(&self, i: usize) -> bool {
        self.sent_block.get(self.w[i].sent as usize) == Some(&BlockKind::Title)
    }

    /// The folded word without a leading conjunction.
    fn bare(&self, i: usize) -> &str {
        let f = self.w[i].f.as_str();
        match f.strip_prefix('و').or_else(|| f.strip_prefix('ف')) {
            Some(r) if r.chars().count() >= 2 => r,
            _ => f,
        }
    }

    /// Tries every kind of cue at token `i`; true if one was accepted.
    fn cue_at(&mut self, i: usize) -> bool {
        let bare = self.bare(i).to_string();
        // A relay noun closing «نقل X عن Y قوله» or «نقلا عن Y قوله».
        if self.lex.relay.contains(&bare) && self.relay(i) {
            return true;
        }
        let full = self.w[i].f.clone();
        if self.lex.markers.contains_key(&full) && self.marker(i, &full) || self.marker(i, &bare) {
            return true;
        }
        if self.passive(i, &bare) {
            return true;
        }
        if self.light(i) {
            return true;
        }
        if bare == "جاء" && self.came_in(i) {
            return true;
        }
        if let Some(form) = self.vform(i) {
            return self.verb(i, form);
        }
        // «المتهمين بتنفيذ هجمات» "those accused of attacks": the article does not change it.
        let noun_key = if self.lex.nouns.contains_key(&bare) {
            Some(bare.clone())
        } else {
            bare.strip_prefix("ال").filter(|r| self.lex.nouns.contains_key(*r)).map(str::to_string)
        };
        if let Some(key) = noun_key
            && self.noun(i, &key)
        {
            return true;
        }
        false
    }

    // ---------------------------------------------------------------- mentions

    /// Is this word a preposition-prefixed addressee or an outlet («للجزيرة»، «لوكالة»)?
    fn addressee(&self, i: usize) -> bool {
        let f = self.w[i].f.as_str();
        let Some(rest) = f.strip_prefix('ل') else { return false };
        if f == "ل" {
            return true;
        }
        let rest = rest.strip_prefix('ل').map(|r| format!("ال{r}")).unwrap_or_else(|| rest.to_string());
        self.lex.outlets.contains(&rest)
            || self.lex.outlets.contains(rest.trim_start_matches("ال"))
            || rest.starts_with("ه") && rest.chars().count() <= 3 // «له» "to him", «لها», «لهم»
            || self.w[i].ent.is_some_and(|e| {
                let ty = self.doc.entities[e as usize].ty;
                // «لرويترز» "to Reuters" has the preposition split off by the clitic layer;
                // «لافروف» "Lavrov" does not: his name starts with ل.
                let t = &self.doc.tokens[i];
                let has_li = t.seg.proclitics(t.span).any(|(p, _)| p == rasid_core::Proclitic::Li);
                matches!(ty, EntityType::Per | EntityType::Org) && self.ent_starts(i) && has_li
            })
    }

    fn ent_starts(&self, i: usize) -> bool {
        self.w[i].ent.is_some() && (i == 0 || self.w[i - 1].ent != self.w[i].ent)
    }

    /// Does a setting adjunct start at `i` («في بيان»، «في تصريح لوسائل الإعلام»، «في السابق»)?
    fn setting_at(&self, i: usize, end: usize) -> bool {
        let f = self.bare(i);
        if !(f == "في" || f == "خلال") || i + 1 >= end {
            return false;
        }
        let n = &self.w[i + 1];
        let nf = n.f.trim_start_matches("ال");
        self.lex.settings.contains(&n.f)
            || self.lex.settings.contains(nf)
            || self.lex.stops.contains(&n.f)
            || matches!(n.kind, TokenKind::Number | TokenKind::Date | TokenKind::Time)
            || is_month(&n.f)
            || is_ordinal(&n.f)
    }

    fn is_stop(&self, i: usize) -> bool {
        self.cache[i].stop
    }

    fn compute_stop(&self, i: usize) -> bool {
        // «علي» "Ali" folds like «على» "on": the written ي says it is the name.
        if self.w[i].text == "علي" {
            return false;
        }
        let f = self.w[i].f.as_str();
        self.lex.stops.contains(f) || self.lex.stops.contains(self.bare(i))
    }

    /// The speaker noun phrase starting at `s` (end exclusive), stopping at the complement, an
    /// adjunct, a time word, a relative pronoun, a verb of the lexicon, or `limit`.
    fn np(&self, s: usize, limit: usize, frame_preps: &[String]) -> usize {
        self.np_opts(s, limit, frame_preps, false)
    }

    /// [`Extractor::np`]; `lam_first` accepts a first word with ل that would otherwise be read
    /// as an addressee («سبق لحكومة الوفاق أن حذرت» "the GNA had warned").
    fn np_opts(&self, s: usize, limit: usize, frame_preps: &[String], lam_first: bool) -> usize {
        self.np_full(s, limit, frame_preps, lam_first, false)
    }

    fn np_full(
        &self,
        s: usize,
        limit: usize,
        frame_preps: &[String],
        lam_first: bool,
        obj_verb: bool,
    ) -> usize {
        let mut j = s;
        let mut has_per = false;
        // The previous word was definite (article, name, pronoun): an indefinite word cannot
        // continue the phrase as its adjective or genitive («شركتا كامبريدج أناليتيكا وفيسبوك
        // مخالفة القانون»: the mention ends before «مخالفة»).
        let mut definite = false;
        let limit = limit.min(s + MAX_NP);
        while j < limit {
            let w = &self.w[j];
            let in_ent = w.ent.is_some() && j > s && self.w[j - 1].ent == w.ent;
            if in_ent {
                j += 1;
                continue;
            }
            // A finished person's name ends the mention unless an apposition follows, with a
            // comma or without («داود شهاب المتحدث باسم الحركة»).
            if has_per && w.is_word() {
                if self.is_definite_role(j) {
                    has_per = false;
                    definite = false;
                    j += 1;
                    continue;
                }
                break;
            }
            // «د. جميل السيد»: the abbreviated title.
            if w.is_word() && matches!(w.text, "د" | "م") && j + 1 < limit && self.w[j + 1].text == "." {
                j += 2;
                definite = false;
                continue;
            }
            // «فرانس24», «إم بي سي 2»: a number that is part of a name.
            if w.kind == TokenKind::Number
                && j > s
                && self.w[j - 1].span.end == w.span.start
                && self.w[j - 1].is_word()
            {
                j += 1;
                continue;
            }
            if !w.is_word() {
                match w.text {
                    "(" | "[" => {
                        // «(أفريكوم)», «(تحالف دعم الشرعية في اليمن)»: a bracketed name stays.
                        if j > s
                            && let Some(close) =
                                (j + 1..limit.min(j + 10)).find(|&k| matches!(self.w[k].text, ")" | "]"))
                            && close > j + 1
                            && (j + 1..close).all(|k| self.w[k].is_word())
                        {
                            j = close + 1;
                            definite = true;
                            continue;
                        }
                        break;
                    }
                    "،" | "," => {
                        // An apposition: «إليزابيث دينهام، مفوضة هيئة ...», «المدير ...، ألكسندر تيلور».
                        if j > s && j + 1 < limit && self.apposition(j + 1, has_per) {
                            has_per = false;
                            definite = false;
                            j += 1;
                            continue;
                        }
                        break;
                    }
                    _ if w.kind == TokenKind::Quote => {
                        // A quoted name inside the mention: «حكومة "الوفاق الوطني" في طرابلس»,
                        // «مصادر "سكاي نيوز عربية"».
                        let close = (j + 1..limit.min(j + 10)).find(|&k| self.w[k].kind == TokenKind::Quote);
                        // Only after a word that wants a genitive (indefinite: «حملة "صوت ..."»);
                        // after a complete mention a quotation is the content.
                        if j > s
                            && !definite
                            && let Some(close) = close
                            && close > j + 1
                            && (j + 1..close).all(|k| self.w[k].is_word())
                        {
                            j = close + 1;
                            definite = true;
                            continue;
                        }
                        break;
                    }
                    _ => break,
                }
            }
            let f = w.f.as_str();
            if is_complementizer(f) || self.lex.relay.contains(self.bare(j)) {
                break;
            }
            if j == s
                && matches!(f, "من" | "في" | "علي" | "الى" | "عن" | "مع" | "منذ" | "حول")
                && w.text != "علي"
            {
                break;
            }
            if self.setting_at(j, limit) {
                break;
            }
            if self.is_stop(j) && w.ent.is_none() {
                // «مبعوث الأمم المتحدة إلى الشرق الأوسط نيكولاي ملادينوف»: a preposition inside
                // a role that a name closes.
                let per_ahead = j > s
                    && matches!(f, "الى" | "لدي" | "في" | "من")
                    && (j + 1..limit.min(j + 5))
                        .take_while(|&k| self.w[k].is_word() && !is_complementizer(&self.w[k].f))
                        .any(|k| {
                            self.w[k].ent.is_some_and(|e| self.doc.entities[e as usize].ty == EntityType::Per)
                        });
                if !per_ahead {
                    break;
                }
                j += 1;
                definite = false;
                continue;
            }
            // «الأمين العام للأمم المتحدة»: after a bare role, a ل-organisation is its
            // affiliation, not an addressee; outlets («للجزيرة») stay addressees.
            let affiliation = j > s
                && (s..j).all(|k| {
                    self.w[k].ent.is_none()
                        && (self.is_role(k)
                            || self.lex.titles.contains(&self.w[k].f)
                            || self.w[k].f.starts_with("ال"))
                })
                && self.is_role(s)
                && !self.lex.outlets.contains(f.trim_start_matches('ل'))
                && !self.lex.outlets.contains(&format!("ال{}", f.trim_start_matches("لل")))
                && !has_pronoun(w.text);
            if self.addressee(j) && (j > s || !f.starts_with("لل")) && !(lam_first && j == s) && !affiliation
            {
                break;
            }
            if self.vform(j).is_some() && w.ent.is_none() {
                break;
            }
            // «مقتل» no; claim nouns are what is reported, not who reports.
            if obj_verb && (j == s || definite) && self.lex.claims.contains(self.bare(j)) {
                break;
            }
            if j > s
                && frame_preps.iter().any(|p| p == f || p == "ب" && self.has_bi(j) && !f.starts_with("باسم"))
            {
                break;
            }
            if f == "من" && frame_preps.iter().any(|p| p == "من") {
                break;
            }
            if self.lex.markers.contains_key(self.bare(j)) {
                break;
            }
            let is_def =
                f.starts_with("ال") || f.starts_with("لل") || w.ent.is_some() || w.kind == TokenKind::Hashtag;
            // «ودان مجلس الأمن الدولي الهجوم»: for a verb with an object, a definite noun after
            // a finished name is the object (a nisba adjective «الأميركية» would still belong).
            if obj_verb
                && j > s
                && w.ent.is_none()
                && self.w[j - 1].ent.is_some_and(|e| self.doc.entities[e as usize].ty != EntityType::Per)
                && self.w[s].ent == self.w[j - 1].ent
                && f.starts_with("ال")
                && !(f.ends_with('ي') || f.ends_with("يه") || f.ends_with("يين") || f.ends_with("يون"))
            {
                break;
            }
            let linker = matches!(f, "في" | "من" | "باسم" | "لدي")
                || f.starts_with("باسم")
                || f.starts_with("بال")
                || f.starts_with('ل')
                || f.starts_with("وال")
                || f.starts_with('و') && w.ent.is_some();
            if j > s && definite && !is_def && !linker && !self.is_role(j) && !self.lex.titles.contains(f) {
                // A name the tagger missed, between the mention and its complement: «وقال
                // الطبيب أشرف القدرة إن», «في الولاية غول محمد منغال لوكالة».
                let name_end = (j..limit.min(j + 4))
                    .take_while(|&k| {
                        let x = &self.w[k];
                        x.is_word()
                            && !is_complementizer(&x.f)
                            && self.vform(k).is_none()
                            && !self.is_stop(k)
                            && !self.addressee(k)
                            && !self.lex.claims.contains(&x.f)
                    })
                    .last()
                    .map_or(j, |k| k + 1);
                let after_role = (s..j).any(|k| self.is_role(k) || self.lex.titles.contains(&self.w[k].f))
                    && (s..j).all(|k| self.w[k].ent.is_none());
                let closes = name_end > j
                    && after_role
                    && (name_end >= self.sent_end(j)
                        || self.content_follows(name_end)
                        || self.addressee(name_end)
                        || self.setting_at(name_end, limit)
                        || matches!(self.w[name_end].text, "،" | "," | "\"" | "«" | "“"));
                if closes && name_end - j <= 3 {
                    j = name_end;
                    break;
                }
                break;
            }
            definite = is_def || has_pronoun(w.text);
            if w.ent.is_some_and(|e| self.doc.entities[e as usize].ty == EntityType::Per) {
                has_per = true;
            }
            j += 1;
        }
        j
    }

    /// Does what starts at `k` continue a mention after a comma (an apposition)?
    fn apposition(&self, k: usize, has_per: bool) -> bool {
        let w = &self.w[k];
        let starts_per = w.ent.is_some_and(|e| self.doc.entities[e as usize].ty == EntityType::Per);
        let role = self.is_role(k) || self.lex.titles.contains(&w.f);
        (starts_per && !has_per) || role || w.kind == TokenKind::Hashtag
    }

    /// The word's forms to look up in the word lists: as written, without a conjunction, and
    /// without the preposition ل («للمسؤولين» → المسؤولين, «لمصادر» → مصادر). «ولي العهد»
    /// "crown prince" starts with a و that is no conjunction, hence both.
    fn lookup_forms(&self, i: usize) -> [Cow<'_, str>; 3] {
        let f = self.w[i].f.as_str();
        let bare = self.bare(i);
        let no_lam = if let Some(r) = bare.strip_prefix("لل") {
            Cow::Owned(format!("ال{r}"))
        } else if let Some(r) = bare.strip_prefix('ل').filter(|r| r.chars().count() >= 3) {
            Cow::Borrowed(r)
        } else {
            Cow::Borrowed(bare)
        };
        [Cow::Borrowed(f), Cow::Borrowed(bare), no_lam]
    }

    fn is_role(&self, i: usize) -> bool {
        self.cache[i].role
    }

    /// Is one of a word's lookup forms ([`Extractor::lookup_forms`]) a role noun?
    fn role_in(&self, forms: &[Cow<'_, str>; 3]) -> bool {
        forms.iter().any(|f| {
            let f: &str = f;
            let base = f.strip_prefix("ال").unwrap_or(f);
            // «مسؤولان» "two officials", «المتحدثون»
            let stem = ["ان", "ين", "ون"]
                .iter()
                .find_map(|e| base.strip_suffix(e))
                .filter(|s| s.chars().count() >= 3);
            self.lex.roles.contains_key(f)
                || self.lex.roles.contains_key(base)
                || stem.is_some_and(|s| self.lex.roles.contains_key(s))
        })
    }

    fn is_org_word(&self, i: usize) -> bool {
        self.cache[i].org
    }

    /// Is one of a word's lookup forms an organisation head?
    fn org_in(&self, forms: &[Cow<'_, str>; 3]) -> bool {
        // One buffer for the «ال» + base form of every lookup form (a lookup per word).
        let mut with_al = String::new();
        forms.iter().any(|f| {
            let f: &str = f;
            let base = f.strip_prefix("ال").unwrap_or(f);
            with_al.clear();
            with_al.push_str("ال");
            with_al.push_str(base);
            self.lex.orgs.contains(f)
                || self.lex.orgs.contains(base)
                || self.lex.orgs.contains(with_al.as_str())
        })
    }

    /// A definite role word that can stand in apposition after a name («المتحدث»، «الرئيس»).
    fn is_definite_role(&self, j: usize) -> bool {
        self.w[j].f.starts_with("ال") && self.is_role(j) && self.w[j].ent.is_none()
    }

    /// Could the mention `s..e` be a source (a person, an organisation, a place standing for
    /// its government, a role, an office)?
    fn source_like(&self, s: usize, e: usize) -> bool {
        if s >= e {
            return false;
        }
        let first = &self.w[s];
        if first.ent.is_some() || matches!(first.kind, TokenKind::Hashtag) {
            return true;
        }
        if self.is_role(s) || self.is_org_word(s) || self.lex.titles.contains(&first.f) {
            return true;
        }
        let forms = self.lookup_forms(s);
        let f: &str = &forms[2];
        // Plural nisba «الأميركيون» "the Americans", «المحققون».
        if f.starts_with("ال") && (f.ends_with("يون") || f.ends_with("يين")) {
            return true;
        }
        if self.lex.outlets.contains(f) || self.lex.outlets.contains(f.trim_start_matches("ال")) {
            return true;
        }
        (s..e.min(s + 5)).any(|k| {
            self.w[k].ent.is_some_and(|x| {
                matches!(self.doc.entities[x as usize].ty, EntityType::Per | EntityType::Org)
            })
        })
    }

    /// Skips adjuncts after a mention: addressees, settings, times, a parenthesis between dashes.
    fn skip_adjuncts(&self, mut k: usize, end: usize, frame_preps: &[String]) -> usize {
        let mut guard = 0;
        while k < end && guard < 12 {
            guard += 1;
            let w = &self.w[k];
            if w.is_punct("،") || w.is_punct(",") {
                k += 1;
                continue;
            }
            if w.kind == TokenKind::Dash {
                // «وأضاف -في تصريح لوسائل الإعلام- أن»: skip to the closing dash.
                if let Some(c) = (k + 1..end.min(k + 12)).find(|&x| self.w[x].kind == TokenKind::Dash) {
                    k = c + 1;
                    continue;
                }
                k += 1;
                continue;
            }
            if w.kind == TokenKind::Mention {
                // «على تويتر @jamilsayyed»
                k += 1;
                continue;
            }
            if !w.is_word() {
                break;
            }
            if self.addressee(k) {
                // «لوسائل الإعلام» takes a genitive; «للصحفيين» "to the journalists" does not.
                let f = self.w[k].f.as_str();
                let construct = !f.starts_with("لل") && !has_pronoun(self.w[k].text);
                k = if construct { self.np_tail(k + 1, end) } else { k + 1 };
                // «للصحفيين المرافقين له» "to the journalists travelling with him"
                if f.starts_with("لل") {
                    while k < end
                        && (self.w[k].f.starts_with("ال")
                            && self.w[k].ent.is_none()
                            && self.vform(k).is_none()
                            && !self.lex.claims.contains(&self.w[k].f)
                            && (self.w[k].f.starts_with("الم")
                                || ["ي", "يه", "ين", "ون"].iter().any(|e| self.w[k].f.ends_with(e)))
                            || matches!(self.w[k].f.as_str(), "له" | "لها" | "لهم"))
                    {
                        k += 1;
                    }
                }
                continue;
            }
            // «على تويتر» "on Twitter", «عبر حسابه»
            if k + 1 < end && matches!(self.w[k].f.as_str(), "علي" | "عبر") && {
                let n = self.w[k + 1].f.as_str();
                matches!(n, "تويتر" | "فيسبوك" | "انستغرام" | "يوتيوب" | "تلغرام" | "اكس")
                    || n.starts_with("حساب")
                    || n.starts_with("صفح")
                    || n.starts_with("موقع")
                    || n.starts_with("منص")
            } {
                k += 2;
                // «على حسابها الرسمي على تويتر»
                while k < end
                    && self.w[k].f.starts_with("ال")
                    && self.w[k].ent.is_none()
                    && !self.lex.claims.contains(&self.w[k].f)
                {
                    k += 1;
                }
                continue;
            }
            // «من جهة أخرى» "on the other hand", «من جهته»
            if k + 1 < end
                && self.w[k].f == "من"
                && matches!(
                    self.w[k + 1].f.as_str(),
                    "جهه" | "ناحيه" | "جانب" | "جهته" | "جهتها" | "جانبه" | "جانبها"
                )
            {
                k += 2;
                if k < end && matches!(self.w[k].f.as_str(), "اخري" | "ثانيه" | "اخر" | "ثاني")
                {
                    k += 1;
                }
                continue;
            }
            if self.setting_at(k, end) {
                k = self.np_tail(k + 2, end);
                // «في تموز/يوليو الجاري»
                while k < end
                    && (self.w[k].is_punct("/")
                        || is_month(&self.w[k].f)
                        || matches!(self.w[k].kind, TokenKind::Number)
                        || matches!(self.w[k].f.as_str(), "الجاري" | "الماضي" | "المقبل" | "الحالي"))
                {
                    k += 1;
                }
                // «في تغريدة على تويتر», «في السابع من أبريل/نيسان»
                if k + 1 < end && self.w[k].f == "من" && self.w[k + 1].is_word() {
                    // «على تويتر» after a setting is taken by the loop's platform rule
                    let nx = self.w[k + 1].f.as_str();
                    if is_month(nx) {
                        k += 2;
                        while k < end
                            && (self.w[k].is_punct("/")
                                || is_month(&self.w[k].f)
                                || matches!(self.w[k].kind, TokenKind::Number))
                        {
                            k += 1;
                        }
                    }
                }
                continue;
            }
            // «أمام البرلمان البريطاني» "before the British parliament": a preposition of place
            // or time takes its noun phrase with it.
            if matches!(
                self.w[k].f.as_str(),
                "امام" | "خلال" | "عقب" | "اثناء" | "اثر" | "لدي" | "ضمن" | "داخل" | "خارج"
            ) && !frame_preps.iter().any(|p| p == self.w[k].f.as_str())
            {
                k = self.np_tail(k + 1, end);
                continue;
            }
            if self.is_stop(k) && !frame_preps.iter().any(|p| p == self.w[k].f.as_str()) {
                // «مرة أخرى» "once more", «الاثنين»
                let f = self.w[k].f.as_str();
                if matches!(f, "الى" | "علي" | "عن" | "مع" | "الذي" | "التي") {
                    break;
                }
                k += 1;
                if k < end && matches!(self.w[k].f.as_str(), "اخري" | "ثانيه" | "الماضي" | "الماضيه")
                {
                    k += 1;
                }
                continue;
            }
            break;
        }
        k
    }

    /// The genitive words that continue an adjunct («في تصريح لوسائل الإعلام»), up to a
    /// complement or punctuation.
    fn np_tail(&self, mut k: usize, end: usize) -> usize {
        let stop = k + 4;
        while k < end && k < stop {
            let w = &self.w[k];
            // «لقناة "العربية" السعودية»: a quoted name.
            if w.kind == TokenKind::Quote
                && let Some(c) = (k + 1..end.min(k + 6)).find(|&x| self.w[x].kind == TokenKind::Quote)
                && (k + 1..c).all(|x| self.w[x].is_word())
            {
                k = c + 1;
                continue;
            }
            if !w.is_word() || is_complementizer(&w.f) || self.vform(k).is_some() {
                break;
            }
            if self.addressee(k) || self.setting_at(k, end) {
                break;
            }
            // Only article-definite genitives and names continue («لوسائل الإعلام»), and the
            // adjectives of an indefinite setting («في مؤتمر صحافي مشترك»).
            let adjective = k > 0
                && !self.w[k - 1].f.starts_with("ال")
                && (w.f.ends_with('ي')
                    || w.f.ends_with("يه")
                    || matches!(w.f.as_str(), "مشترك" | "مشتركه" | "خاص" | "خاصه" | "مطول" | "سابق"));
            if !(w.f.starts_with("ال") || w.ent.is_some() || adjective) {
                break;
            }
            k += 1;
        }
        k
    }

    /// Past the words that open a content: complementizers («أن»، «بأن»), colons and
    /// quotation marks.
    fn skip_openers(&self, mut c: usize, end: usize) -> usize {
        while c < end
            && (is_complementizer(&self.w[c].f)
                || self.w[c].is_punct(":")
                || self.w[c].kind == TokenKind::Quote)
        {
            c += 1;
        }
        c
    }

    /// `c`, or the token after it when `c` opens a quotation.
    fn past_quote(&self, c: usize, end: usize) -> usize {
        if c < end && self.w[c].kind == TokenKind::Quote { c + 1 } else { c }
    }

    /// Only conjunctions and punctuation stand between the sentence start and `i`.
    fn opens_sentence(&self, i: usize, floor: usize) -> bool {
        (floor..i).all(|k| !self.w[k].is_word() || matches!(self.w[k].f.as_str(), "و" | "ف"))
    }

    /// Where the clause after a source phrase ending at `from` starts: past adjuncts,
    /// punctuation and a complementizer («وبحسب المفوضية، فإن ...»).
    fn clause_after(&self, from: usize, end: usize) -> usize {
        let mut c = self.skip_adjuncts(from, end, &[]);
        while c < end && (!self.w[c].is_word() || is_complementizer(&self.w[c].f)) {
            c += 1;
        }
        c
    }

    /// Does a quotation of four words or more (or one running to the sentence end) open at `x`?
    /// Shorter ones are names («صحيفة "نيويورك تايمز"»).
    fn long_quote_at(&self, x: usize, end: usize) -> bool {
        if self.w[x].kind != TokenKind::Quote || matches!(self.w[x].text, "»" | "”" | "’" | "›") {
            return false;
        }
        let close = (x + 1..end).find(|&k| self.w[k].kind == TokenKind::Quote).unwrap_or(end);
        (x + 1..close).filter(|&k| self.w[k].is_word()).count() >= 4
    }

    /// Would a content start at `k` (a complementizer, a colon, a quotation)?
    fn content_follows(&self, k: usize) -> bool {
        k < self.w.len() && (is_complementizer(&self.w[k].f) || self.w[k].is_punct(":"))
    }

    /// The subject written before a verb at `i` («وكانت لندن طلبت», «لكن ميركل شددت»,
    /// «البرادعي يشيد», «موسكو التي نفت»), as a token range.
    fn subject_before(&self, i: usize, floor: usize) -> Option<(usize, usize)> {
        let mut e = i;
        // «قد نفيا», «لقد قال»
        while e > floor && matches!(self.w[e - 1].f.as_str(), "قد" | "لقد" | "وقد" | "فقد") {
            e -= 1;
            // «... إيران وقد عبرت عن» "and I have expressed": «وقد» opens a clause of its own.
            if matches!(self.w[e].f.as_str(), "وقد" | "فقد") {
                return None;
            }
        }
        // «مصدر مسؤول في القنصلية كان قد نفى» "an official source had denied"
        if e > floor + 1 && e < i && matches!(self.w[e - 1].f.as_str(), "كان" | "كانت" | "كانوا" | "كانتا")
        {
            e -= 1;
        }
        if e == floor {
            return None;
        }
        // «موسكو التي نفت»: the antecedent of the relative pronoun.
        if matches!(self.w[e - 1].f.as_str(), "التي" | "الذي" | "الذين" | "اللذين" | "اللتين")
        {
            // «القس، الذي ينفي» "the pastor, who denies": a comma may stand before it.
            let r = if e >= floor + 2 && self.w[e - 2].is_punct("،") { e - 2 } else { e - 1 };
            let s = self.np_back(r, floor);
            return (s < r && self.source_like(s, r)).then_some((s, r));
        }
        // «سبق لحكومة الوفاق ... أن حذرت»
        if e >= 2 && is_complementizer(&self.w[e - 1].f) && self.w[e - 1].f.len() <= 4 {
            let lo = floor.max(e.saturating_sub(14));
            if let Some(k) = (lo..e - 1).rev().find(|&k| matches!(self.bare(k), "سبق"))
                && k + 1 < e - 1
                && self.w[k + 1].f.starts_with('ل')
            {
                let s = k + 1;
                let end = self.np_opts(s, e - 1, &[], true);
                if end > s {
                    return Some((s, end));
                }
            }
            return None;
        }
        // «وكالة الأنباء اليمنية الرسمية "سبأ"، المتحدثة باسم الحكومة ...، قالت»: a subject
        // with an apposition between commas.
        if e > floor + 2 && self.w[e - 1].is_punct("،") {
            if let Some(c1) = (floor..e - 1).rev().take(12).find(|&k| self.w[k].is_punct("،"))
                && c1 + 1 < e - 1
                && (self.is_definite_role(c1 + 1)
                    || self.w[c1 + 1].kind == TokenKind::Hashtag
                    || self.w[c1 + 1]
                        .ent
                        .is_some_and(|x| self.doc.entities[x as usize].ty == EntityType::Per))
            {
                let s0 = self.np_back(c1, floor);
                if s0 < c1 && self.source_like(s0, c1) {
                    return Some((s0, e - 1));
                }
            }
            return None;
        }
        let mut s = self.np_back(e, floor);
        if s < e && self.source_like(s, e) {
            // «حركتا حماس والجهاد الإسلامي أعلنتا» "Hamas and Islamic Jihad announced (dual)":
            // a plural verb takes the coordinated subject whole.
            let vf = self.w[i].f.as_str();
            let plural = self.vform(i).is_some_and(|f| f.gender == Gender::Plural)
                || ["تا", "وا", "ون", "ان"].iter().any(|x| vf.ends_with(x));
            if plural && s > floor && self.w[s].f.starts_with('و') {
                let s2 = self.np_back(s, floor);
                if s2 < s && self.source_like(s2, s) {
                    s = s2;
                }
            }
            return Some((s, e));
        }
        // «ظلت روسيا تصر» "Russia kept insisting": the source inside a longer phrase.
        if let Some(k) = (s..e).find(|&k| self.ent_starts(k) || self.is_role(k) || self.is_org_word(k))
            && k > s
            && self.source_like(k, e)
        {
            return Some((k, e));
        }
        // «تغريدة للمرشد الأعلى الإيراني علي خامنئي كرر فيها»: the source closing the phrase.
        let k = (s..e).find(|&k| {
            self.ent_starts(k)
                && self.w[k].ent.is_some_and(|x| self.doc.entities[x as usize].ty == EntityType::Per)
        })?;
        (self.w[e - 1].ent == self.w[k].ent).then_some((k, e))
    }

    /// Start of the noun phrase that ends at `e` (exclusive), reading leftwards.
    fn np_back(&self, e: usize, floor: usize) -> usize {
        let mut s = e;
        while s > floor && e - s < 10 {
            let w = &self.w[s - 1];
            if matches!(w.text, ")" | "]") {
                if let Some(o) = (floor..s - 1).rev().take(5).find(|&k| matches!(self.w[k].text, "(" | "[")) {
                    s = o;
                    continue;
                }
                break;
            }
            if w.kind == TokenKind::Dash {
                // «الفصيلان - "فيلق الرحمن" و"جيش الاسلام" - قد نفيا»: an apposition between dashes.
                if let Some(o) = (floor..s - 1).rev().take(10).find(|&k| self.w[k].kind == TokenKind::Dash) {
                    s = o;
                    continue;
                }
                break;
            }
            if w.kind == TokenKind::Quote {
                // «"فيلق الرحمن"»: a quoted name.
                if let Some(o) = (floor..s - 1).rev().take(5).find(|&k| self.w[k].kind == TokenKind::Quote) {
                    s = o;
                    continue;
                }
                break;
            }
            if !w.is_word() {
                break;
            }
            let f = w.f.as_str();
            if matches!(
                f,
                "كان"
                    | "كانت"
                    | "وكان"
                    | "وكانت"
                    | "كانوا"
                    | "وكانوا"
                    | "تكون"
                    | "يكون"
                    | "تكن"
                    | "يكن"
                    | "ليس"
                    | "ليست"
                    | "لكن"
                    | "ولكن"
                    | "بينما"
                    | "فيما"
                    | "كما"
                    | "و"
                    | "ف"
                    | "ثم"
                    | "اما"
                    | "واما"
                    | "حين"
                    | "عندما"
                    | "بعدما"
                    | "بعد"
                    | "قبل"
                    | "لان"
                    | "اذ"
                    | "اذا"
                    | "حيث"
            ) || is_complementizer(f)
                || self.vform(s - 1).is_some() && w.ent.is_none()
                || self.setting_at(s - 1, e)
                || (self.is_stop(s - 1) && w.ent.is_none())
            {
                break;
            }
            // «من جانبها»، «من جهته»
            if matches!(f, "جانبه" | "جانبها" | "جهته" | "جهتها" | "جانبهم" | "جهتهم")
            {
                break;
            }
            s -= 1;
            // A word with a conjunction starts its own phrase: «والبنتاغون ينفي».
            if f.starts_with('و') && w.ent.is_some() && self.ent_starts(s) {
                break;
            }
            // «مصادر استخبارية أوكرانية وأمريكية»: a coordinated adjective stays in the phrase.
            let nisba = f.ends_with('ي') || f.ends_with("يه") || f.ends_with("يون") || f.ends_with("يين");
            if f.starts_with('و')
                && !self.lex.roles.contains_key(f)
                && !self.is_org_word(s)
                && w.ent.is_none()
                && !nisba
            {
                break;
            }
            if f.starts_with("وال") {
                break;
            }
        }
        s
    }

    // ---------------------------------------------------------------- cues

    fn verb(&mut self, i: usize, form: lexicon::Form) -> bool {
        let info = self.lex.info(form.verb).clone();
        let end = self.sent_end(i);
        let floor = self.sent_start(i);
        let limit = end.min(i + 1 + MAX_FRAME);
        let title = self.is_title(i);
        let polarity = info.polarity;
        let participle = matches!(form.kind, FormKind::Participle);

        // «التقارير القائلة إن»: an attributive participle; the noun before it speaks.
        if form.kind == FormKind::Attributive {
            if i + 1 < end && is_complementizer(&self.w[i + 1].f) && i > floor {
                let s = self.np_back(i, floor);
                let sp = (s < i).then_some((s, i));
                let cs = i + 2;
                if cs < end {
                    self.push(Draft::new(
                        (i, i + 1),
                        CueKind::Participle,
                        sp,
                        (cs, end),
                        polarity,
                        form.gender,
                    ));
                    return true;
                }
            }
            return false;
        }

        // «نقل X عن Y أن ...»: a relay without «قوله»; the cue is the verb itself.
        if info.lemma == "نقل" {
            return self.relay_verb(i, form);
        }

        // «ويذكر أن» "it is worth noting that", «يشار إلى أن»: the narrator's own formulas.
        if !title
            && form.kind == FormKind::Imperfect
            && form.gender == Gender::Masc
            && info.lemma == "ذكر"
            && i + 1 < end
            && is_complementizer(&self.w[i + 1].f)
        {
            return false;
        }
        // «أن يعرب عن سخطه» "that it express its anger": a subjunctive is wished for, not
        // reported; «ندعو» "we call" inside a quotation is the quoted speaker's own voice.
        if form.kind == FormKind::Imperfect && i > floor && matches!(self.w[i - 1].text, "أن" | "وأن" | "ان")
        {
            return false;
        }
        if form.speaker_person && self.w[i].quoted {
            return false;
        }
        // «قالت الوزارة إنها "ترفض ..."» "the ministry said it rejects ...", «إنه يعتقد»: the
        // speaker's own stance inside its content is no second report; nor is a verb opening a
        // quotation that continues the content («النتائج "تشير إلى ..."»).
        if i > floor {
            let p = self.w[i - 1].f.as_str();
            let pronoun_clause =
                is_complementizer(p) && p.chars().count() > 2 && !p.ends_with("ان") && !p.ends_with("بان");
            let opens_quote = self.w[i - 1].kind == TokenKind::Quote && self.w[i].quoted && i >= floor + 2;
            if pronoun_clause || opens_quote && self.w[i - 2].is_word() && !self.w[i - 2].is_punct(":") {
                return false;
            }
        }
        // «تقارير غير مؤكدة» "unconfirmed reports", «عن رفضها الاتفاق» "of its rejection of the
        // deal", «وإذا ما رأى» "and if he sees": an adjective, a verbal noun, a condition.
        if i > floor {
            let pw = &self.w[i - 1];
            let p = pw.f.as_str();
            if p == "غير" && participle
                || matches!(p, "عن" | "من" | "في" | "الى" | "مع" | "حول" | "ضد" | "دون")
                || p == "علي" && pw.text != "علي"
                || p == "ما"
                    && i > floor + 1
                    && matches!(self.w[i - 2].f.as_str(), "اذا" | "واذا" | "لو" | "ان")
            {
                return false;
            }
        }
        // «الذي طلب عدم الكشف عن هويته» "who asked not to be named": no report.
        if info.lemma == "طلب" && i + 1 < end && self.w[i + 1].f == "عدم" {
            return false;
        }
        // «كيف يعتقدان أن» "how they believe that": a question, not a report.
        if i > floor
            && matches!(self.w[i - 1].f.as_str(), "كيف" | "هل" | "لماذا" | "ماذا" | "متي" | "اين" | "وهل")
        {
            return false;
        }
        // «ولم يذكر المصدران» "the two sources did not say", «لا تقول أي شيء»: nothing reported.
        if i > floor
            && matches!(self.w[i - 1].f.as_str(), "لم" | "ولم" | "لا" | "ولا" | "لن" | "ولن" | "فلم" | "فلا")
        {
            return false;
        }
        // «إن دعت الحاجة» "if need be": إنْ before a verb is a condition, never «that».
        if i > floor && matches!(self.w[i - 1].text, "إن" | "إذا" | "لو" | "وإن" | "وإذا") {
            return false;
        }
        // «رفضت ميركل "رفضا قاطعا"»: a verbal noun echoing its verb is no new cue.
        if form.gender == Gender::Plural
            && form.kind == FormKind::Perfect
            && (i.saturating_sub(3)..i).any(|k| self.vform(k).is_some_and(|g| g.verb == form.verb))
        {
            return false;
        }
        // «سبق لحكومة الوفاق ... أن حذرت»: the subject is fronted with ل.
        let fronted = if i > floor && is_complementizer(&self.w[i - 1].f) {
            self.subject_before(i, floor)
        } else {
            None
        };
        // A headline puts its subject first: «نتانياهو يحذر ألمانيا», «حكومة الوفاق تؤكد».
        let headline_subject = if title && fronted.is_none() && !participle {
            // «الحوثي يتهم فرنسا» "al-Houthi accuses France": a headline puts its subject first,
            // a name the tagger missed included.
            self.subject_before(i, floor).or_else(|| {
                let s = self.np_back(i, floor);
                (s < i && i - s <= 4 && (s == floor || self.is_seg_break(s - 1)) && self.w[s].is_word())
                    .then_some((s, i))
            })
        } else {
            None
        };
        // «أردوغان يصف ...» "Erdogan describes": an imperfect right after a subject that opens
        // its sentence or segment takes it, as headlines and teasers do.
        let svo = if fronted.is_none()
            && headline_subject.is_none()
            && form.kind == FormKind::Imperfect
            && !participle
        {
            self.subject_before(i, floor).filter(|&(s, e)| {
                (s == floor || self.is_seg_break(s - 1))
                    && e - s <= 5
                    && (self.ent_starts(s)
                        || self.is_role(s)
                        || self.is_org_word(s)
                        || self.w[s].kind == TokenKind::Hashtag)
            })
        } else {
            None
        };
        let pre_subject = fronted.or(headline_subject).or(svo);
        let mut sp_end = if participle || form.speaker_person || pre_subject.is_some() {
            i + 1
        } else {
            self.np_full(i + 1, limit, &info.preps, false, info.object)
        };
        let mut speaker = (sp_end > i + 1).then_some((i + 1, sp_end));
        let mut k = self.skip_adjuncts(sp_end, limit, &info.preps);
        // «تطالب القضاء بـ» "she asks the judiciary to": for verbs that evaluate or ask, a
        // phrase that cannot be a source is their object, and the subject is implicit.
        if !matches!(info.class, VerbClass::Speech)
            && speaker.is_some_and(|(s, e)| !self.source_like(s, e))
            && !title
        {
            speaker = None;
            sp_end = i + 1;
            k = self.skip_adjuncts(sp_end, limit, &info.preps);
        }
        // «قال لها خاطفها», «نفت فيه روسيا»: the subject after an addressee or adverb.
        if speaker.is_none()
            && pre_subject.is_none()
            && !participle
            && !form.speaker_person
            && k > i + 1
            && k < limit
            && !self.content_follows(k)
            && !matches!(self.w[k].f.as_str(), "من" | "في" | "علي" | "الى" | "عن" | "مع" | "ب" | "ل")
            && !(sp_end..k).any(|x| self.setting_at(x, limit))
        {
            let e2 = self.np(k, limit, &info.preps);
            let f0 = self.w[k].f.as_str();
            let nounish = f0.starts_with("ال") || has_pronoun(self.w[k].text);
            if e2 > k && (self.source_like(k, e2) || !info.object && nounish) {
                speaker = Some((k, e2));
                k = self.skip_adjuncts(e2, limit, &info.preps);
            }
        }

        // What starts the content?
        let mut content_start = None;
        let mut sealed = false;
        let at = |x: &Self, k: usize| -> Option<(usize, bool)> {
            if k >= end {
                return None;
            }
            let w = &x.w[k];
            if is_complementizer(&w.f) {
                return Some((x.past_quote(k + 1, end), false));
            }
            if x.lex.relay.contains(x.bare(k)) {
                // «وأضاف الرئيس الفرنسي قوله ...»
                let mut c = k + 1;
                if c < end && (is_complementizer(&x.w[c].f) || x.w[c].is_punct(":")) {
                    c += 1;
                }
                return Some((c, false));
            }
            if w.is_punct(":") {
                return Some((x.past_quote(k + 1, end), false));
            }
            if w.kind == TokenKind::Quote && k + 2 < end {
                return Some((k + 1, true));
            }
            // «وأضاف قائلا: ...»
            if matches!(x.bare(k), "قائلا" | "قائله" | "قائلين" | "بالقول") {
                return Some((x.skip_openers(k + 1, end), false));
            }
            None
        };
        // «رفضت إيران رفضا قاطعا مثل هذا الاتهام»: the verb's own verbal noun after the subject
        // is an adverb, not the content.
        if k < end && k > i + 1 && self.vform(k).is_some_and(|f| f.verb == form.verb) {
            k += 1;
            if k < end && self.w[k].f.ends_with('ا') && self.vform(k).is_none() {
                k += 1;
            }
            k = self.skip_adjuncts(k, limit, &info.preps);
        }
        let mut clause = false;
        let mut relay_via = None;
        if let Some((c, s)) = at(self, k) {
            content_start = Some(c);
            sealed = s;
            clause = !s;
            if matches!(self.bare(k), "قائلا" | "قائله" | "قائلين" | "بالقول") {
                // «وأضاف قائلا»: one statement, cued by the verb.
                self.taken[k] = true;
            }
        }
        // «أعرب عن»، «أشاد بـ»: an evaluation reports only through its preposition («عبر حسابه:»
        // is "via his account", not "expressed").
        if matches!(info.class, VerbClass::Eval)
            && !info.object
            && !info.preps.is_empty()
            && content_start.is_some()
        {
            content_start = None;
        }
        // A preposition frame: «شدد على»، «أشار إلى»، «أفاد بـ», «حذر من».
        if content_start.is_none() && k < end && self.w[k].is_word() {
            // The preposition right there, or after a short object or addressee: «ودعا نتانياهو
            // وسائل الإعلام إلى», «طلبا منه أن».
            let loose_bi = info.preps.iter().any(|p| p == "ب")
                && self.w[k].f.starts_with('ب')
                && self.w[k].f.chars().count() >= 4
                && !self.w[k].f.starts_with("باسم");
            let p = (k..end.min(k + 6))
                .take_while(|&x| {
                    (self.w[x].is_word() || self.w[x].is_punct("،")) && (x == k || self.vform(x).is_none())
                })
                .find(|&x| self.prep_at(x, &info.preps) || x == k && loose_bi);
            if let Some(p) = p {
                // «أشار إلى أن ...», «طلبا منه أن يعمل»: the clause after the preposition.
                content_start =
                    Some(if p + 1 < end && is_complementizer(&self.w[p + 1].f) { p + 2 } else { p });
                if self.w[p].f.starts_with("من") && matches!(info.class, VerbClass::Ask) {
                    // «طلبا منه أن يعمل»: من names who is asked; the request is the clause.
                    content_start =
                        (p + 1..end.min(p + 5)).find(|&x| is_complementizer(&self.w[x].f)).map(|x| x + 1);
                }
            }
        }
        // An object: «نفى ... الأنباء»، «دان مجلس الأمن العنف».
        if content_start.is_none() && info.object && k < end {
            // The mention may be the object when the subject is implicit: «وأكد أهمية ...».
            if let Some((s, e)) = speaker
                && !self.source_like(s, e)
                && !title
            {
                speaker = None;
                sp_end = i + 1;
                k = self.skip_adjuncts(sp_end, limit, &info.preps);
            }
            // «وسيعلن ترامب قراره» "Trump will announce his decision": a future with only an
            // object reports nothing yet.
            let future = self.w[i].f.trim_start_matches(['و', 'ف']).starts_with('س')
                && form.kind == FormKind::Imperfect;
            if k < end
                && self.w[k].is_word()
                && !self.is_stop(k)
                && self.vform(k).is_none()
                && !self.lex.markers.contains_key(self.bare(k))
                && !future
            {
                content_start = Some(k);
            }
        }
        // A clause further on, past an object, an addressee, a long setting or a relative
        // clause: «وصف الاتحاد الأوروبي إطلاق ... بأنه», «وأضاف ولي العهد خلال لقاء مع محرري
        // صحيفة "نيويورك تايمز" إن», «وأضاف الموظف الذي طلب عدم الكشف عن هويته: "...».
        let known_speaker =
            speaker.is_some_and(|(s, e)| self.source_like(s, e)) || speaker.is_none() && k > sp_end;
        if content_start.is_none()
            && k < limit
            && known_speaker
            && !matches!(info.class, VerbClass::Weak)
            && let Some(c) = (k..limit).find(|&x| {
                is_complementizer(&self.w[x].f) || self.w[x].is_punct(":") || self.long_quote_at(x, end)
            })
        {
            let relative = matches!(self.w[k].f.as_str(), "الذي" | "التي" | "الذين");
            let clean = (k..c).all(|x| {
                let w = &self.w[x];
                (w.is_word() && (relative || self.vform(x).is_none()))
                    || matches!(
                        w.kind,
                        TokenKind::Quote | TokenKind::Number | TokenKind::Bracket | TokenKind::Dash
                    )
                    || w.is_punct("،")
                    || w.is_punct(",")
            });
            if clean && c - k <= 14 {
                content_start = Some(self.past_quote(c + 1, end));
                clause = true;
                // «قالت شبكة تلفزيونية أميركية، الخميس، نقلا عن مسؤولين كبار ...، أن»: the
                // officials speak, the network relays.
                if let Some(m) =
                    (k..c).find(|&x| self.bare(x) == "نقلا" && x + 1 < c && self.w[x + 1].f == "عن")
                {
                    let se = self.np(m + 2, c, &[]);
                    if se > m + 2 {
                        relay_via = speaker;
                        speaker = Some((m + 2, se));
                        self.taken[m] = true;
                    }
                }
            }
        }
        // «ورد سلاح الجو بشن غارات» "the air force responded with strikes", «رداً على
        // "العدوان"»: a weak verb reports only with a clause or a colon, not a bare quotation.
        let named_quote = k == sp_end && (speaker.is_some_and(|(s, e)| self.source_like(s, e)) || k == i + 1);
        if matches!(info.class, VerbClass::Weak)
            && sealed
            && !(k > 0 && self.w[k - 1].is_punct(":"))
            && !named_quote
        {
            content_start = None;
        }
        // «وتعتبر أرامكو أكبر شركة» "Aramco is considered the largest company», «يبلغ» "amounts
        // to": these imperfects report only with a clause.
        if form.kind == FormKind::Imperfect
            && matches!(info.lemma.as_str(), "اعتبر" | "أبلغ" | "كشف")
            && !clause
        {
            return false;
        }
        // «...، كما أعلنت البعثة الأميركية الثلاثاء» "..., as the US mission announced": a
        // reporting verb closing the sentence reports the clause before it.
        if content_start.is_none()
            && let Some(sp) = speaker
            && !title
            && i > floor + 2
            && (self.w[i - 1].is_punct("،")
                || self.w[i - 1].is_punct(",")
                || matches!(self.w[i - 1].f.as_str(), "كما" | "وفق" | "حسبما" | "مثلما"))
            && (k..end)
                .find(|&x| self.w[x].is_word() && !self.is_stop(x))
                .is_none_or(|x| self.vform(x).is_some_and(|f| f.kind == FormKind::Participle))
        {
            let mut ce = i - 1;
            while ce > floor && (!self.w[ce - 1].is_word() || self.w[ce - 1].f == "كما") {
                ce -= 1;
            }
            if ce > floor {
                let d = Draft::new((i, i + 1), CueKind::Verb, Some(sp), (floor, ce), polarity, form.gender);
                self.take(sp);
                self.push(d);
                return true;
            }
        }
        // «قائلا إ، هذا الاتفاق»: "saying" reports whatever follows it.
        if content_start.is_none() && participle && info.lemma == "قال" {
            content_start = (i + 1..end).find(|&x| self.w[x].is_word() && self.w[x].f.chars().count() > 1);
        }
        // A headline verb closing its segment («حكومة الوفاق تؤكد والبنتاغون ينفي») reports the
        // title's topic; one with words after it that are no content («البرلمان يقر الموازنة»
        // "parliament passes the budget") is no report.
        if title && content_start.is_none_or(|c| c >= end) {
            let seg_end = (i + 1..end).find(|&k| self.is_seg_break(k)).unwrap_or(end);
            let next = (i + 1..seg_end).find(|&k| self.w[k].is_word());
            let bare_end = next.is_none_or(|k| {
                self.w[k].f.starts_with('و') && (k..seg_end).any(|x| self.vform(x).is_some())
            });
            if bare_end {
                content_start = Some(end);
            }
        }
        let Some(cs) = content_start else { return false };
        if cs >= end && !title {
            return false;
        }
        if title && cs >= end && self.title_topic(i, end).is_none() {
            return false;
        }
        if matches!(info.class, VerbClass::Weak) && cs > i + 1 + 8 {
            return false;
        }
        // Subject before the verb (SVO) when none follows it.
        let mut implicit = false;
        let mut unknown = false;
        if let Some(ps) = pre_subject {
            speaker = Some(ps);
        } else if speaker.is_none() && !form.speaker_person {
            let conj = (self.w[i].f.starts_with('و') || self.w[i].f.starts_with('ف'))
                && self.lex.verb_folded(&self.w[i].f[2..], false).is_some();
            let before = if participle || conj { None } else { self.subject_before(i, floor) };
            match before {
                Some(r) => speaker = Some(r),
                // «قضية ... والتي وجهت فيها أصابع الاتهام»: a relative clause on a thing.
                None if i > floor
                    && matches!(self.w[i - 1].f.as_str(), "التي" | "والتي" | "الذي" | "والذي") =>
                {
                    unknown = true
                }
                None => implicit = true,
            }
        }
        if form.speaker_person {
            implicit = true;
        }
        // Headline verb at the end of its clause: the content is the title's topic.
        if title && let Some(c) = self.title_topic(i, cs.min(end)) {
            let d =
                Draft::new((i, i + 1), CueKind::Verb, speaker, c, polarity, form.gender).implicit(implicit);
            self.push(d);
            return true;
        }
        let kind = if participle { CueKind::Participle } else { CueKind::Verb };
        // A headline's content ends with its segment («البرادعي يشيد بميشيل باشيليت.. ماذا تعرف»).
        let end = if title {
            (cs..end).find(|&k| self.is_seg_break(k) && self.w[k].text != "،").unwrap_or(end)
        } else {
            end
        };
        if cs >= end {
            return false;
        }
        let mut d =
            Draft::new((i, i + 1), kind, speaker, (cs, end), polarity, form.gender).implicit(implicit);
        d.participle = participle;
        d.unknown = unknown;
        d.via = relay_via;
        if let Some(v) = relay_via {
            self.take(v);
        }
        d.object = !sealed
            && cs > i
            && !(cs > 0 && (is_complementizer(&self.w[cs - 1].f) || self.w[cs - 1].is_punct(":")));
        if let Some(s) = speaker {
            self.take(s);
        }
        self.push(d);
        true
    }

    /// «نقل مراسل الجزيرة عن مسؤول ... أن ...»: speaker after عن, relaying party after the verb
    /// (or before it: «وكان مراسل الجزيرة نقل»). A «قوله» after the source is its own cue.
    fn relay_verb(&mut self, i: usize, form: lexicon::Form) -> bool {
        let end = self.sent_end(i);
        let floor = self.sent_start(i);
        let limit = end.min(i + 1 + MAX_FRAME);
        let via_end = self.np(i + 1, limit, &["عن".to_string()]);
        let mut via = (via_end > i + 1).then_some((i + 1, via_end));
        let k = self.skip_adjuncts(via_end, limit, &["عن".to_string()]);
        if k >= end || self.w[k].f != "عن" {
            return false;
        }
        let s = k + 1;
        let se = self.np(s, limit, &[]);
        if se <= s {
            return false;
        }
        if via.is_none() {
            via = self.subject_before(i, floor);
        }
        let mut k2 = self.skip_adjuncts(se, limit, &[]);
        // «عن مسؤول إسرائيلي:قوله إن»
        if k2 + 1 < end && self.w[k2].is_punct(":") && self.lex.relay.contains(self.bare(k2 + 1)) {
            return false;
        }
        if k2 < end && self.lex.relay.contains(self.bare(k2)) {
            // The relay noun will be the cue; record nothing here.
            return false;
        }
        // «عن أشخاص مطّلعين على عمل الشركة أن ...»: the clause after the source's own words.
        if k2 < end
            && !(is_complementizer(&self.w[k2].f) || self.w[k2].is_punct(":"))
            && let Some(c) =
                (k2..limit.min(k2 + 8)).find(|&x| is_complementizer(&self.w[x].f) || self.w[x].is_punct(":"))
            && (k2..c).all(|x| {
                self.w[x].is_word() && self.vform(x).is_none() && !self.lex.relay.contains(self.bare(x))
            })
        {
            k2 = c;
        }
        if k2 >= end || !(is_complementizer(&self.w[k2].f) || self.w[k2].is_punct(":")) {
            return false;
        }
        let cs = self.past_quote(k2 + 1, end);
        if cs >= end {
            return false;
        }
        let mut d =
            Draft::new((i, i + 1), CueKind::Verb, Some((s, se)), (cs, end), Polarity::Affirm, form.gender);
        d.via = via;
        self.take((s, se));
        if let Some(v) = via {
            self.take(v);
        }
        self.push(d);
        true
    }

    /// «قوله»، «قولها» closing a relay: «نقل X عن Y قوله إن», «نقلا عن مراسلها قوله».
    fn relay(&mut self, i: usize) -> bool {
        let end = self.sent_end(i);
        let floor = self.sent_start(i);
        let lo = floor.max(i.saturating_sub(MAX_NP + 1));
        // «ونقلت عنه وكالة تسنيم للأنباء قوله» "and Tasnim agency relayed his saying": the
        // source is the pronoun's antecedent, the agency after it the relay.
        if let Some(v) =
            (lo..i).rev().find(|&k| self.vform(k).is_some_and(|f| self.lex.lemma(f.verb) == "نقل"))
            && v + 2 < i
            && matches!(self.w[v + 1].f.as_str(), "عنه" | "عنها" | "عنهم" | "عنهما")
        {
            let cs = self.skip_openers(i + 1, end);
            if cs >= end {
                return false;
            }
            let via = (v + 2, i);
            let mut d =
                Draft::new((i, i + 1), CueKind::Noun, None, (cs, end), Polarity::Affirm, Gender::Unknown);
            d.implicit = true;
            d.via = Some(via);
            self.taken[v] = true;
            self.take(via);
            self.push(d);
            return true;
        }
        let Some(an) = (lo..i).rev().find(|&k| self.w[k].f == "عن") else { return false };
        if an + 1 >= i {
            return false;
        }
        let speaker = (an + 1, i);
        let cs = self.skip_openers(i + 1, end);
        if cs >= end {
            return false;
        }
        // The relaying party: the mention after «نقل», or the speaker of the statement that
        // «نقلا عن» hangs on.
        let mut via = None;
        let mut via_of_prev = false;
        if an > floor {
            let p = an - 1;
            if self.bare(p) == "نقلا" {
                via_of_prev = true;
            } else if let Some(v) =
                (floor..an).rev().find(|&k| self.vform(k).is_some_and(|f| self.lex.lemma(f.verb) == "نقل"))
            {
                let ve = self.np(v + 1, an, &["عن".to_string()]);
                via = if ve > v + 1 { Some((v + 1, ve)) } else { self.subject_before(v, floor) };
                // The verb itself is no cue of its own.
                self.taken[v] = true;
            }
        }
        let mut d = Draft::new(
            (i, i + 1),
            CueKind::Noun,
            Some(speaker),
            (cs, end),
            Polarity::Affirm,
            Gender::Unknown,
        );
        d.via = via;
        if via_of_prev {
            // «ذكرت (سانا) ... نقلا عن مراسلها قوله»: the agency is the relay.
            if let Some(prev) =
                self.drafts.iter().rev().find(|p| p.cue.0 < i && self.w[p.cue.0].sent == self.w[i].sent)
            {
                d.via = prev.speaker;
            }
        }
        self.take(speaker);
        if let Some(v) = d.via {
            self.take(v);
        }
        self.push(d);
        true
    }

    /// «وفقا لـ X»، «بحسب X»، «نقلا عن X»، «على لسان X».
    fn marker(&mut self, i: usize, bare: &str) -> bool {
        let end = self.sent_end(i);
        let floor = self.sent_start(i);
        let (need, mut s) = if let Some(need) = self.lex.markers.get(bare) {
            (need.clone(), i + 1)
        } else if bare == "علي" && i + 1 < end && self.w[i + 1].f == "لسان" {
            (String::new(), i + 2)
        } else {
            return false;
        };
        if s >= end {
            return false;
        }
        match need.as_str() {
            "ل" => {
                if self.w[s].f == "ل" {
                    s += 1;
                } else if !self.w[s].f.starts_with('ل') {
                    return false;
                }
            }
            "" => {}
            p => {
                if self.w[s].f != p {
                    return false;
                }
                s += 1;
            }
        }
        if s >= end {
            return false;
        }
        // «بحسب ما نقلته وكالة X», «وفقا لما ذكرته»: a relay credit, not a source.
        let first = self.w[s].f.as_str();
        // «بحسب ما نقلته وكالة X» "according to what agency X relayed": a reporting verb must
        // follow, else «وفق ما هو مناسب» "as appropriate" would credit a relay.
        let credit_clause = matches!(first, "ما" | "لما") && s + 1 < end && self.vform(s + 1).is_some();
        // «وفق ما نقلت عنه الإذاعة العامة» "as public radio relayed from him": the relay of the
        // statement before, no statement of its own.
        if credit_clause
            && s + 2 < end
            && matches!(self.w[s + 2].f.as_str(), "عنه" | "عنها" | "عنهم" | "عنهما")
        {
            let v0 = s + 3;
            let ve = self.np(v0, end, &[]);
            if ve > v0
                && let Some(prev) = self.drafts.iter_mut().rev().find(|d| d.cue.0 < i)
                && prev.via.is_none()
            {
                prev.via = Some((v0, ve));
            }
            self.taken[s + 1] = true;
            return false;
        }
        if matches!(first, "ما" | "لما") && !credit_clause {
            return false;
        }
        let se = if credit_clause { s } else { self.np(s, end, &[]) };
        let others: Vec<usize> = self
            .drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| self.w[d.cue.0].sent == self.w[i].sent)
            .map(|(x, _)| x)
            .collect();
        let outlet = se > s && {
            let f0 = self.w[s].f.trim_start_matches('ل').to_string();
            let f0b = f0.trim_start_matches("ال");
            self.lex.outlets.contains(&f0) || self.lex.outlets.contains(f0b)
        };
        // «وفقا لاتفاقية 2014» "according to the 2014 agreement": no source.
        if !credit_clause && se > s && !self.source_like(s, se) {
            return false;
        }
        // «..., بحسب ما أفادت صحيفة "وول ستريت جورنال"» with no statement of its own in the
        // sentence: the paper is the source.
        if credit_clause && others.is_empty() && s + 2 < end {
            // «بحسب ما أفادت الأربعاء منظمة ...»: a time word may come before the source.
            let mut v0 = s + 2;
            while v0 + 1 < end && self.is_stop(v0) && self.w[v0].ent.is_none() {
                v0 += 1;
            }
            let mut ve = self.np(v0, end, &[]);
            let mut speaker = (v0, ve);
            let mut via = None;
            // «بحسب ما نقلت الصحيفة عن مسؤولين» "according to what the paper relayed from
            // officials": the officials speak, the paper relays.
            if ve + 1 < end && self.w[ve].f == "عن" {
                let e2 = self.np(ve + 1, end, &[]);
                if e2 > ve + 1 {
                    via = Some((v0, ve));
                    speaker = (ve + 1, e2);
                    ve = e2;
                }
            }
            let content = if self.opens_sentence(i, floor) {
                (self.clause_after(ve, end), end)
            } else {
                let mut ce = i;
                while ce > floor && !self.w[ce - 1].is_word() {
                    ce -= 1;
                }
                (floor, ce)
            };
            if speaker.1 > speaker.0 && content.0 < content.1 {
                let mut d = Draft::new(
                    (i, i + 1),
                    CueKind::Marker,
                    Some(speaker),
                    content,
                    Polarity::Affirm,
                    Gender::Unknown,
                );
                d.via = via;
                self.take((v0, ve));
                self.taken[s + 1] = true;
                self.push(d);
                return true;
            }
        }
        if credit_clause || (outlet && !others.is_empty()) {
            // Fill `via` of the statement(s) in this sentence it credits.
            let vs = if credit_clause {
                // the outlet after «ما نقلته»
                let v0 = s + 2;
                if v0 < end {
                    let ve = self.np(v0, end, &[]);
                    (ve > v0).then_some((v0, ve))
                } else {
                    None
                }
            } else {
                Some((s, se))
            };
            if credit_clause {
                // «بحسب ما أفادت منظمة ...»: the verb of the credit is no cue of its own.
                self.taken[s + 1] = true;
            }
            if let Some(v) = vs {
                for x in others {
                    if self.drafts[x].via.is_none() {
                        self.drafts[x].via = Some(v);
                    }
                }
                self.take(v);
            }
            return !credit_clause && se > s;
        }
        if se <= s {
            return false;
        }
        // Content: after the marker phrase when it opens the sentence, else the sentence.
        let content =
            if self.opens_sentence(i, floor) { (self.clause_after(se, end), end) } else { (floor, end) };
        if content.0 >= content.1 {
            return false;
        }
        let d = Draft::new(
            (i, i + 1),
            CueKind::Marker,
            Some((s, se)),
            content,
            Polarity::Affirm,
            Gender::Unknown,
        );
        self.take((s, se));
        self.push(d);
        true
    }

    /// «وجاء في بيان أصدره المجلس: ...» "and it came in a statement the council issued": the
    /// document speaks.
    fn came_in(&mut self, i: usize) -> bool {
        let end = self.sent_end(i);
        if i + 2 >= end
            || self.w[i + 1].f != "في"
            || !self.lex.settings.contains(self.w[i + 2].f.trim_start_matches("ال"))
                && !self.lex.settings.contains(&self.w[i + 2].f)
        {
            return false;
        }
        let s = i + 2;
        let lim = end.min(s + MAX_NP);
        let Some(c) = (s + 1..lim).find(|&k| self.content_follows(k) || self.w[k].kind == TokenKind::Quote)
        else {
            return false;
        };
        let mut cs = c + 1;
        while cs < end && (self.w[cs].kind == TokenKind::Quote || self.w[cs].is_punct(":")) {
            cs += 1;
        }
        if cs >= end
            || (s..c).any(|k| !self.w[k].is_word() && !self.w[k].is_punct("،") || self.vform(k).is_some())
        {
            return false;
        }
        let mut se = c;
        while se > s + 1 && !self.w[se - 1].is_word() {
            se -= 1;
        }
        let d = Draft::new(
            (i, i + 1),
            CueKind::Verb,
            Some((s, se)),
            (cs, end),
            Polarity::Affirm,
            Gender::Unknown,
        );
        self.take((s, se));
        self.push(d);
        true
    }

    /// «وقيل إن»، «أفيد بأن»، «يعتقد أن».
    fn passive(&mut self, i: usize, bare: &str) -> bool {
        if !self.lex.passive.contains(bare) {
            return false;
        }
        let end = self.sent_end(i);
        if i + 1 >= end {
            return false;
        }
        let next = &self.w[i + 1];
        let strict = bare.starts_with('ي') || bare.starts_with('ت');
        let cs = if is_complementizer(&next.f) || next.is_punct(":") {
            i + 2
        } else if strict {
            return false;
        } else {
            i + 1
        };
        if cs >= end {
            return false;
        }
        let mut d =
            Draft::new((i, i + 1), CueKind::Passive, None, (cs, end), Polarity::Affirm, Gender::Unknown);
        d.unknown = true;
        self.push(d);
        true
    }

    /// «وجهت ... أصابع الاتهام إلى»، «كرر فيها التأكيد أن»، «مكررا نفيه».
    fn light(&mut self, i: usize) -> bool {
        let f = &self.w[i].f;
        if !strip_particles(f).any(|s| self.lex.light.contains(s)) {
            return false;
        }
        let end = self.sent_end(i);
        let floor = self.sent_start(i);
        let Some(n) =
            (i + 1..end.min(i + 14)).find(|&k| self.lex.lightnouns.contains_key(self.w[k].f.as_str()))
        else {
            return false;
        };
        // «وواصلت روسيا الخميس، بعد أن نشر المحققون تقريرهم، نفي»: commas may set off an
        // adverbial; no other punctuation, no other reporting verb.
        if (i + 1..n).any(|k| !self.w[k].is_word() && !self.w[k].is_punct("،") || self.vform(k).is_some()) {
            return false;
        }
        if n > i + 8 && !(i + 1..n).any(|k| self.w[k].is_punct("،")) {
            return false;
        }
        let polarity = self.lex.lightnouns[self.w[n].f.as_str()];
        let mut cs = n + 1;
        while cs < end && (is_complementizer(&self.w[cs].f) || self.w[cs].is_punct(":")) {
            cs += 1;
        }
        if cs >= end {
            return false;
        }
        // The speaker: a mention between verb and noun («وجهت رئيسة الوزراء ... أصابع الاتهام»),
        // else before the verb, else implicit.
        let se = self.np(i + 1, n, &[]);
        let mut speaker = (se > i + 1 && self.source_like(i + 1, se)).then_some((i + 1, se));
        let participle = self.w[i].f.starts_with('م');
        let mut implicit = false;
        if speaker.is_none() {
            speaker = if participle { None } else { self.subject_before(i, floor) };
            implicit = speaker.is_none();
        }
        let gender = if self.w[i].f.ends_with('ت') { Gender::Fem } else { Gender::Unknown };
        // The words of the phrase are no cues of their own («كرر فيها التأكيد»).
        self.take((i, n + 1));
        let mut d =
            Draft::new((i, n + 1), CueKind::Light, speaker, (cs, end), polarity, gender).implicit(implicit);
        d.participle = participle;
        if let Some(s) = speaker {
            self.take(s);
        }
        self.push(d);
        true
    }

    /// A verbal noun with a clause: «اتهامات لها بأنها», «اعتراف مختبر بريطاني بأنه»,
    /// «شركة متهمة باستغلال».
    fn noun(&mut self, i: usize, bare: &str) -> bool {
        let end = self.sent_end(i);
        let polarity = self.lex.nouns[bare];
        let accused = bare.starts_with("متهم");
        let lim = end.min(i + 6);
        let c = (i + 1..lim).find(|&k| {
            is_complementizer(&self.w[k].f) && self.w[k].f.starts_with('ب')
                || is_complementizer(&self.w[k].f) && k == i + 1
                || accused && k == i + 1 && self.has_bi(k)
        });
        let Some(c) = c else { return false };
        if (i + 1..c).any(|k| !self.w[k].is_word()) {
            return false;
        }
        let cs = if accused && !is_complementizer(&self.w[c].f) { c } else { c + 1 };
        if cs >= end {
            return false;
        }
        // «اتهامات للشركة بأنها» "accusations against the company that": ل names the accused.
        let speaker = (c > i + 1 && !self.w[i + 1].f.starts_with('ل') && self.source_like(i + 1, c))
            .then_some((i + 1, c));
        let mut d = Draft::new((i, i + 1), CueKind::Noun, speaker, (cs, end), polarity, Gender::Unknown);
        d.unknown = speaker.is_none();
        self.push(d);
        true
    }

    /// Title cues: «X: Y» colon headlines.
    fn title(&mut self, a: usize, b: usize) {
        let Some(c) = (a..b).find(|&k| self.w[k].is_punct(":")) else { return };
        if c == a || c - a > 7 || c + 1 >= b {
            return;
        }
        // «اليمن: الحوثيون يعلنون ...»: a label before a headline that has its own verb.
        let place_label =
            c == a + 1 && self.w[a].ent.is_some_and(|e| self.doc.entities[e as usize].ty == EntityType::Loc);
        if (a..c).any(|k| self.vform(k).is_some())
            || place_label && (c + 1..b).any(|k| self.vform(k).is_some())
        {
            return;
        }
        let words = (a..c).filter(|&k| self.w[k].is_word()).count();
        // «اختفاء خاشقجي: ...» "Khashoggi's disappearance: ...": a topic, not a speaker.
        if words == 0 || !self.source_like(a, c) {
            return;
        }
        let mut se = c;
        // «ولي العهد السعودي من باريس:» — the place is where, not who.
        if let Some(m) = (a + 1..c).find(|&k| self.w[k].f == "من" || self.w[k].f == "في") {
            se = m;
        }
        let cs = self.past_quote(c + 1, b);
        let d =
            Draft::new((c, c + 1), CueKind::Colon, Some((a, se)), (cs, b), Polarity::Affirm, Gender::Unknown);
        self.take((a, se));
        self.push(d);
    }

    /// For a headline verb with nothing after it but another «و X يفعل» clause, the title's
    /// topic: its longest segment without a cue («عودة القوة الأميركية إلى ليبيا.. حكومة الوفاق
    /// تؤكد والبنتاغون ينفي»).
    fn title_topic(&self, i: usize, cs: usize) -> Option<(usize, usize)> {
        let (a, b) = self.sents[self.w[i].sent as usize];
        let seg_end = |from: usize| (from..b).find(|&k| self.is_seg_break(k)).unwrap_or(b);
        // A sibling clause «و X يفعل» ("and X does") ends a headline verb's own content.
        let sibling = |from: usize, to: usize| {
            (from..to).find(|&k| {
                self.w[k].f.starts_with('و') && (k..to.min(k + 5)).any(|x| self.vform(x).is_some())
            })
        };
        let own_end = seg_end(i + 1);
        let own = sibling(cs, own_end).unwrap_or(own_end);
        if cs < own && (cs..own).any(|k| self.w[k].is_word()) {
            // «حركة الجهاد تعلن التهدئة وإسرائيل تنفي»: «التهدئة».
            return Some((cs, own));
        }
        // A verb closing its clause reports what its sibling verb reports, else the title's
        // longest segment without a verb («عودة القوة الأميركية إلى ليبيا.. حكومة الوفاق تؤكد
        // والبنتاغون ينفي»).
        for v in a..b {
            if v == i
                || self.vform(v).is_none_or(|f| f.kind != FormKind::Perfect && f.kind != FormKind::Imperfect)
            {
                continue;
            }
            let e0 = seg_end(v + 1);
            let e = sibling(v + 1, e0).unwrap_or(e0);
            if v + 1 < e
                && (v + 1..e).filter(|&k| self.w[k].is_word()).count() >= 1
                && !(v + 1..e).any(|k| k == i)
            {
                return Some((v + 1, e));
            }
        }
        let mut best: Option<(usize, usize)> = None;
        let mut s = a;
        for k in a..=b {
            if k == b || self.is_seg_break(k) {
                let e = k;
                if e > s && !(s..e).any(|x| self.vform(x).is_some()) {
                    let len = (s..e).filter(|&x| self.w[x].is_word()).count();
                    if best.is_none_or(|(bs, be)| (bs..be).filter(|&x| self.w[x].is_word()).count() < len) {
                        best = Some((s, e));
                    }
                }
                s = k + 1;
            }
        }
        best.filter(|&(s, e)| s < e)
    }

    fn is_seg_break(&self, k: usize) -> bool {
        let w = &self.w[k];
        !w.is_word() && w.kind != TokenKind::Quote && w.kind != TokenKind::Bracket
    }

    fn take(&mut self, (s, e): (usize, usize)) {
        for t in &mut self.taken[s..e] {
            *t = true;
        }
    }

    fn push(&mut self, d: Draft) {
        self.drafts.push(d);
    }

    // ---------------------------------------------------------------- contents

    /// A content runs to the sentence end, except that the next coordinate statement in the
    /// same sentence («، مضيفا أن»، «وأضاف أن») starts after it.
    fn cut_contents(&mut self) {
        let n = self.drafts.len();
        for x in 0..n {
            let (cs, ce) = self.drafts[x].content;
            let mut new_end = ce;
            for y in x + 1..n {
                let c = self.drafts[y].cue.0;
                if c <= cs || c >= new_end {
                    continue;
                }
                let coordinate = self.drafts[y].participle
                    || (self.w[c].f.starts_with('و') && c > 0 && !self.w[c - 1].is_word())
                    || (c > 0
                        && (self.w[c - 1].is_punct("،") || self.w[c - 1].is_punct(","))
                        && !self.drafts[y].implicit
                        && !self.drafts[y].speaker.is_some_and(|(s, _)| s > cs && s < c))
                    || self.drafts[y].kind == CueKind::Marker && self.drafts[y].content.0 > c;
                // «إلى موسكو التي نفت ...», «، في وقت نفت فيه روسيا ...»: a new clause.
                let sp_start = self.drafts[y].speaker.map_or(c, |(s, _)| s.min(c));
                let relative =
                    sp_start > cs && c > 0 && matches!(self.w[c - 1].f.as_str(), "التي" | "الذي" | "الذين");
                let comma = (c.saturating_sub(3)..c)
                    .rev()
                    .find(|&k| k > cs && (self.w[k].is_punct("،") || self.w[k].is_punct(",")));
                // A subject written before the later verb inside our content («إن الرئيس ...،
                // وزعيم كوريا الشمالية، كيم جونغ أون، طلبا») makes it a nested clause, not a new one.
                let nested_subject = sp_start < c && sp_start > cs;
                if (coordinate || relative || comma.is_some() && !self.drafts[y].implicit && !nested_subject)
                    && !self.w[c].quoted
                {
                    new_end = if relative { c - 1 } else { comma.unwrap_or(c).min(sp_start) };
                    break;
                }
            }
            if self.drafts[x].object
                && let Some(c) = (cs + 2..new_end).find(|&k| {
                    (self.w[k].is_punct("،") || self.w[k].is_punct(",")) && k + 1 < new_end && {
                        let f = self.w[k + 1].f.as_str();
                        f.starts_with('و') && !f.starts_with("وال") && self.w[k + 1].ent.is_none()
                            || matches!(
                                f,
                                "حيث"
                                    | "اذ"
                                    | "بينما"
                                    | "فيما"
                                    | "لكن"
                                    | "لكنه"
                                    | "لكنها"
                                    | "غير"
                                    | "ثم"
                            )
                            || f.starts_with("لكن")
                            || self.vform(k + 1).is_some()
                    }
                })
            {
                new_end = c;
            }
            // Trim trailing punctuation and conjunctions.
            while new_end > cs + 1 && {
                let w = &self.w[new_end - 1];
                !w.is_word()
                    && w.kind != TokenKind::Quote
                    && w.kind != TokenKind::Bracket
                    && w.kind != TokenKind::Number
                    || w.f == "و"
            } {
                new_end -= 1;
            }
            let opens_inside = (cs..new_end.saturating_sub(1)).any(|k| self.w[k].kind == TokenKind::Quote);
            if new_end > cs + 1 && self.w[new_end - 1].kind == TokenKind::Quote && !opens_inside {
                new_end -= 1;
            }
            self.drafts[x].content = (cs, new_end.max(cs + 1));
        }
    }

    /// «ووفقا لأسوشيتد برس، فقد أبلغت الفتاة الشرطة»: an outlet cited at the head of a
    /// sentence is also the relay of the statements the sentence reports.
    fn marker_via(&mut self) {
        for x in 0..self.drafts.len() {
            let d = &self.drafts[x];
            if d.kind != CueKind::Marker || d.content.0 < d.cue.0 {
                continue;
            }
            let Some((s, e)) = d.speaker else { continue };
            let f0 = self.w[s].f.trim_start_matches('ل').to_string();
            let outlet = self.lex.outlets.contains(&f0)
                || self.lex.outlets.contains(f0.trim_start_matches("ال"))
                || self.w[s].ent.is_some_and(|en| self.doc.entities[en as usize].ty == EntityType::Org);
            if !outlet {
                continue;
            }
            let sent = self.w[d.cue.0].sent;
            for y in x + 1..self.drafts.len() {
                if self.w[self.drafts[y].cue.0].sent != sent {
                    break;
                }
                if self.drafts[y].via.is_none() {
                    self.drafts[y].via = Some((s, e));
                }
            }
        }
    }

    /// A statement that calls a claim false denies it: «قال إن ادعاءات الصحيفة خاطئة» "he said
    /// the paper's claims are wrong", «وصف كتابه بأنه محض خيال» "called his book pure fiction".
    fn falsity(&mut self) {
        const STRONG: &[&str] = &["لا", "عار", "عاريه", "محض", "ليست", "ليس", "مجرد"];
        for d in &mut self.drafts {
            // «التقارير القائلة إن ... ليست إلا تلفيق»: the falsity is said of the reports by
            // the statement around them, not by the reports.
            if d.polarity == Polarity::Deny || self.w[d.cue.0].f.starts_with("ال") {
                continue;
            }
            let (cs, ce) = d.content;
            let words: Vec<&str> =
                (cs..ce).filter(|&k| self.w[k].is_word()).map(|k| self.w[k].f.as_str()).collect();
            let mut claim_seen = false;
            'scan: for (p, w) in words.iter().enumerate() {
                if self.lex.claims.contains(*w) || self.lex.claims.contains(w.trim_start_matches('و')) {
                    claim_seen = true;
                }
                for phrase in &self.lex.falses {
                    if words.len() >= p + phrase.len() && phrase.iter().zip(&words[p..]).all(|(a, b)| a == b)
                    {
                        if claim_seen || STRONG.contains(&phrase[0].as_str()) {
                            d.polarity = Polarity::Deny;
                        }
                        break 'scan;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- resolution

    fn resolve(&mut self) {
        let n = self.drafts.len();
        for x in 0..n {
            let d = self.drafts[x].clone();
            if d.unknown {
                self.drafts[x].anonymous = true;
                continue;
            }
            if d.implicit || d.speaker.is_none() {
                if let Some(p) = self.antecedent(x) {
                    let a = &self.drafts[p];
                    let (resolved, anon, ent) =
                        (a.resolved.or_else(|| a.speaker.map(|s| self.span(s))), a.anonymous, a.entity);
                    let dd = &mut self.drafts[x];
                    dd.resolved = resolved;
                    dd.anonymous = anon;
                    dd.entity = ent;
                } else {
                    self.drafts[x].anonymous = false;
                }
                continue;
            }
            let (s, e) = d.speaker.unwrap();
            // A person named in the mention: the name, titles left out, completed from an
            // earlier or later fuller mention («المالكي» → «تركي المالكي»).
            let per = (s..e).rev().find_map(|k| {
                self.w[k].ent.filter(|&en| self.doc.entities[en as usize].ty == EntityType::Per)
            });
            if let Some(pe) = per {
                let full = self.fuller_name(pe);
                let dd = &mut self.drafts[x];
                dd.entity = Some(full);
                dd.resolved = Some(self.doc.entities[full as usize].span);
                dd.anonymous = false;
                continue;
            }
            // An organisation named in the mention before any other name: «القيادة الأميركية
            // لأفريقيا (أفريكوم)» speaks for AFRICOM, not for Africa.
            let is_org = |en: u32| self.doc.entities[en as usize].ty == EntityType::Org;
            let org = (s..e)
                .find_map(|k| self.w[k].ent.filter(|&en| is_org(en)))
                .or_else(|| (s..e).find_map(|k| self.w[k].ent));
            self.drafts[x].entity = org;
            // «الناطق باسمها» "its spokesman": the pronoun names the organisation spoken for,
            // the nearest organisation before it in the article.
            if org.is_none() && (s..e).any(|k| self.w[k].f.starts_with("باسم") && has_pronoun(self.w[k].text))
            {
                let before = self.w[s].span.start;
                let from_speakers = (0..x).rev().find_map(|p| {
                    let (ps, pe) = self.drafts[p].speaker?;
                    (ps..pe)
                        .find_map(|k| self.w[k].ent)
                        .filter(|&en| self.doc.entities[en as usize].ty == EntityType::Org)
                });
                let nearest = self.doc.entities.iter().enumerate().rev().find_map(|(en, ent)| {
                    (ent.ty == EntityType::Org && ent.span.end <= before).then_some(en as u32)
                });
                self.drafts[x].entity = from_speakers.or(nearest);
            }
            // A definite back-reference («المتحدثة»، «المصدر ذاته»، «المنظمة»).
            if let Some(p) = self.back_reference(x, s, e) {
                let a = &self.drafts[p];
                let (resolved, anon, ent) =
                    (a.resolved.or_else(|| a.speaker.map(|s| self.span(s))), a.anonymous, a.entity);
                let dd = &mut self.drafts[x];
                dd.resolved = resolved;
                dd.anonymous = anon;
                if ent.is_some() {
                    dd.entity = ent;
                }
                continue;
            }
            // A role the article gives a name elsewhere: «الرئيس الفرنسي» → the person after
            // «الرئيس الفرنسي» somewhere («الرئيس الفرنسي إيمانويل ماكرون»).
            if let Some(name) = self.named_role(s, e) {
                let dd = &mut self.drafts[x];
                dd.resolved = Some(self.doc.entities[name as usize].span);
                dd.entity = Some(name);
                dd.anonymous = false;
                continue;
            }
            // An unnamed spokesman named right after («نفى متحدث ... . وقال الميجر كارل ويست»).
            let head = self.head(s);
            let anon_role = self.lex.roles.get(head.trim_start_matches("ال")).copied().unwrap_or(false);
            let definite = self.w[s].f.starts_with("ال") || self.w[s].f.starts_with("لل");
            let plural = head.ends_with("ون")
                || head.ends_with("ين")
                || matches!(
                    head.trim_start_matches("ال"),
                    "مصادر" | "شهود" | "سكان" | "نشطاء" | "خبراء" | "ضباط"
                );
            let mut anon = anon_role && (!definite || plural);
            if anon
                && !definite
                && x + 1 < n
                && let Some(name) = self.named_next(x)
            {
                self.drafts[x].resolved = Some(self.doc.entities[name as usize].span);
                self.drafts[x].entity = Some(name);
                anon = false;
            }
            // «مصادر "سكاي نيوز عربية"», «مصادر من حكومة الوفاق» stay anonymous; a mention
            // with a named organisation and no anonymous head is not.
            self.drafts[x].anonymous = anon;
        }
    }

    /// A mention's span without the conjunction glued to its first word («والبنتاغون» →
    /// «البنتاغون» "the Pentagon").
    fn mention_span(&self, (s, e): (usize, usize)) -> Span {
        let mut sp = self.span((s, e));
        let tok = &self.doc.tokens[s];
        if let Some((rasid_core::Proclitic::Wa | rasid_core::Proclitic::Fa, c)) =
            tok.seg.proclitics(tok.span).next()
            && c.end < sp.end
        {
            sp.start = c.end;
        }
        sp
    }

    fn span(&self, (s, e): (usize, usize)) -> Span {
        Span::new(self.w[s].span.start, self.w[e - 1].span.end)
    }

    /// The head word of a mention starting at `s` (folded, conjunction and ل removed).
    fn head(&self, s: usize) -> String {
        let f = self.bare(s);
        if let Some(r) = f.strip_prefix("لل") {
            format!("ال{r}")
        } else if let Some(r) = f.strip_prefix('ل')
            && (self.lex.roles.contains_key(r) || self.lex.orgs.contains(r))
        {
            // «لمصادر مطلعة» "according to informed sources"
            r.to_string()
        } else {
            f.to_string()
        }
    }

    /// The earlier statement an implicit subject continues: the nearest one before it whose
    /// speaker agrees with the verb's gender, within a few sentences.
    fn antecedent(&self, x: usize) -> Option<usize> {
        let d = &self.drafts[x];
        let sent = self.w[d.cue.0].sent;
        // «، مضيفا» continues the statement just before it in the sentence.
        if d.participle
            && x > 0
            && self.w[self.drafts[x - 1].cue.0].sent == sent
            && !(self.drafts[x - 1].unknown && self.drafts[x - 1].resolved.is_none())
        {
            return Some(x - 1);
        }
        let mut fallback = None;
        for p in (0..x).rev().take(4) {
            let a = &self.drafts[p];
            if sent.saturating_sub(self.w[a.cue.0].sent) > 4 {
                break;
            }
            if a.unknown && a.resolved.is_none() {
                continue;
            }
            // A statement inside this one's own sentence before it (participles) or earlier.
            let g = self.speaker_gender(p);
            let agrees = match (d.gender, g) {
                (Gender::Unknown, _) | (_, Gender::Unknown) => true,
                (Gender::Fem, Gender::Plural) | (Gender::Plural, Gender::Fem) => true,
                (a, b) => a == b,
            };
            if agrees {
                return Some(p);
            }
            fallback.get_or_insert(p);
        }
        fallback
    }

    fn speaker_gender(&self, p: usize) -> Gender {
        let a = &self.drafts[p];
        if a.implicit || a.speaker.is_none() {
            return a.gender;
        }
        let (s, _) = a.speaker.unwrap();
        let h = self.head(s);
        if self.w[s].ent.is_some_and(|e| self.doc.entities[e as usize].ty == EntityType::Per) {
            return a.gender;
        }
        const BROKEN_PLURALS: &[&str] =
            &["مصادر", "شهود", "سكان", "نشطاء", "خبراء", "ضباط", "قاده", "زعماء", "وزراء", "مسؤولو"];
        if BROKEN_PLURALS.contains(&h.trim_start_matches("ال")) {
            Gender::Plural
        } else if h.ends_with('ه') || h.ends_with("ات") {
            Gender::Fem
        } else if (h.ends_with("ون") || h.ends_with("ين")) && h.trim_start_matches("ال").chars().count() >= 5
        {
            Gender::Plural
        } else if self.w[s].ent.is_some_and(|e| self.doc.entities[e as usize].ty == EntityType::Loc) {
            Gender::Fem
        } else if self.is_role(s) || self.is_org_word(s) {
            Gender::Masc
        } else {
            a.gender
        }
    }

    /// A definite short mention whose head repeats an earlier speaker's: that speaker.
    fn back_reference(&self, x: usize, s: usize, e: usize) -> Option<usize> {
        let h = self.head(s);
        if !h.starts_with("ال") {
            return None;
        }
        let words = (s..e).filter(|&k| self.w[k].is_word()).count();
        let rest_ok = (s + 1..e).all(|k| {
            self.lex.demonstr.contains(self.w[k].f.as_str())
                || matches!(self.w[k].f.as_str(), "الرسمي" | "الرسميه" | "ايضا")
        });
        if words > 3 || !rest_ok && words > 1 {
            return None;
        }
        let base = h.trim_start_matches("ال").trim_end_matches('ه').to_string();
        for p in (0..x).rev() {
            let a = &self.drafts[p];
            let Some((ps, pe)) = a.speaker else { continue };
            if (ps, pe) == (s, e) {
                continue;
            }
            let ph = self.head(ps);
            let pb = ph.trim_start_matches("ال").trim_end_matches('ه');
            let same_text = (pe - ps == e - s) && (0..e - s).all(|d| self.w[ps + d].f == self.w[s + d].f);
            if pb == base && !same_text {
                return Some(p);
            }
            // «المنظمة» after «منظمة يونيسيف»: any word of the earlier mention.
            if (ps..pe).any(|k| {
                let f = self.w[k].f.trim_start_matches('ل');
                f.trim_start_matches("ال").trim_end_matches('ه') == base
            }) && pe - ps > e - s
            {
                return Some(p);
            }
        }
        None
    }

    /// A definite role mention («الرئيس الفرنسي», «ولي العهد السعودي») that the article writes
    /// elsewhere right before a person's name: that person (the fullest form of the name).
    fn named_role(&self, s: usize, e: usize) -> Option<u32> {
        let words: Vec<String> = (s..e)
            .filter(|&k| self.w[k].is_word())
            .map(|k| self.head(k))
            .filter(|w| !self.lex.demonstr.contains(w))
            .collect();
        if words.is_empty() || words.len() > 4 || !words[0].starts_with("ال") && !self.is_role(s) {
            return None;
        }
        if !(self.is_role(s) || self.lex.titles.contains(&words[0])) {
            return None;
        }
        let n = words.len();
        for k in 0..self.w.len().saturating_sub(n) {
            if (0..n).all(|x| {
                let f = self.w[k + x].f.as_str();
                let f = f.strip_prefix('و').filter(|r| r.starts_with("ال")).unwrap_or(f);
                f == words[x] || x == 0 && f.strip_prefix('ل').is_some_and(|r| format!("ا{r}") == words[0])
            }) {
                // after the role: optional titles and commas, then a person
                let mut j = k + n;
                while j < self.w.len()
                    && j < k + n + 3
                    && (self.lex.titles.contains(&self.w[j].f) || self.w[j].is_punct("،"))
                    && self.w[j].ent.is_none()
                {
                    j += 1;
                }
                if let Some(en) = self.w.get(j).and_then(|w| w.ent)
                    && self.doc.entities[en as usize].ty == EntityType::Per
                {
                    return Some(self.fuller_name(en));
                }
            }
        }
        // «الأمير السعودي» "the Saudi prince": a title with only nationality adjectives after
        // it, and the one person the article gives that title («الأمير محمد بن سلمان»).
        if n >= 2
            && self.lex.titles.contains(&words[0])
            && words[1..].iter().all(|w| w.ends_with('ي') || w.ends_with("يه"))
        {
            let mut found: Option<u32> = None;
            for k in 0..self.w.len().saturating_sub(1) {
                if self.head(k) == words[0]
                    && let Some(en) = self.w[k + 1].ent
                    && self.doc.entities[en as usize].ty == EntityType::Per
                {
                    let full = self.fuller_name(en);
                    if found.is_some_and(|f| f != full) {
                        return None;
                    }
                    found = Some(full);
                }
            }
            return found;
        }
        None
    }

    /// The fullest mention of the same person in the article: an entity that ends with the
    /// same word and is longer.
    fn fuller_name(&self, e: u32) -> u32 {
        let ent = &self.doc.entities[e as usize];
        let text = fold_str(self.doc.slice(ent.span));
        let last = text.split_whitespace().last().unwrap_or("").trim_start_matches('#').to_string();
        let mut best = e;
        let mut best_len = text.split_whitespace().count();
        for (k, other) in self.doc.entities.iter().enumerate() {
            if other.ty != EntityType::Per {
                continue;
            }
            let t = fold_str(self.doc.slice(other.span)).replace(['#', '_'], " ");
            let words: Vec<&str> = t.split_whitespace().collect();
            if words.len() > best_len && words.last() == Some(&last.as_str()) {
                best = k as u32;
                best_len = words.len();
            }
        }
        best
    }

    /// The person named as speaker of the next statement, when that statement's mention is
    /// just a title and a name («وقال الميجر كارل ويست إن» after «نفى متحدث باسم ...»).
    fn named_next(&self, x: usize) -> Option<u32> {
        let d = &self.drafts[x];
        let nx = self.drafts.get(x + 1)?;
        if self.w[nx.cue.0].sent > self.w[d.cue.0].sent + 1 {
            return None;
        }
        let (s, e) = nx.speaker?;
        let per = self.w[e - 1].ent.filter(|&en| self.doc.entities[en as usize].ty == EntityType::Per)?;
        let only_title_and_name =
            (s..e).all(|k| self.w[k].ent == Some(per) || self.lex.titles.contains(&self.w[k].f));
        only_title_and_name.then_some(per)
    }

    fn finish(self) -> Vec<Attribution> {
        let mut out: Vec<Attribution> = Vec::with_capacity(self.drafts.len());
        for d in &self.drafts {
            let content = self.span(d.content);
            let words: Vec<&W> =
                (d.content.0..d.content.1).map(|k| &self.w[k]).filter(|w| w.is_word()).collect();
            let quoted = words.iter().filter(|w| w.quoted).count();
            out.push(Attribution {
                cue: self.span(d.cue),
                kind: d.kind,
                speaker: d.speaker.map(|s| self.mention_span(s)),
                resolved: d.resolved,
                entity: d.entity,
                anonymous: d.anonymous,
                content,
                polarity: d.polarity,
                direct: !words.is_empty() && quoted * 2 > words.len(),
                via: d.via.map(|s| self.span(s)),
                parent: None,
            });
        }
        // Nesting: a cue inside another statement's content.
        for x in 0..out.len() {
            let cue = out[x].cue;
            let parent = (0..out.len())
                .rev()
                .find(|&y| y != x && out[y].content.contains(cue) && out[y].cue.start < cue.start);
            out[x].parent = parent.map(|p| p as u32);
        }
        // The content of a statement may not reach back over its own cue.
        out
    }
}

impl Draft {
    fn new(
        cue: (usize, usize),
        kind: CueKind,
        speaker: Option<(usize, usize)>,
        content: (usize, usize),
        polarity: Polarity,
        gender: Gender,
    ) -> Draft {
        Draft {
            cue,
            kind,
            speaker,
            content,
            polarity,
            via: None,
            gender,
            implicit: false,
            participle: false,
            unknown: false,
            resolved: None,
            anonymous: false,
            entity: None,
            object: false,
        }
    }

    fn implicit(mut self, yes: bool) -> Draft {
        self.implicit = yes;
        self
    }
}

/// Does the written word end with a possessive or object pronoun (ه، ها، هم، هما، هن)? Read on
/// the written form: folding makes the feminine ة look like the pronoun ه.
fn has_pronoun(text: &str) -> bool {
    text.ends_with('ه')
        || text.ends_with("ها")
        || text.ends_with("هم")
        || text.ends_with("هما")
        || text.ends_with("هن")
}

fn is_ordinal(f: &str) -> bool {
    matches!(
        f,
        "الاول"
            | "الثاني"
            | "الثالث"
            | "الرابع"
            | "الخامس"
            | "السادس"
            | "السابع"
            | "الثامن"
            | "التاسع"
            | "العاشر"
            | "الحادي"
            | "الثاني عشر"
            | "العشرين"
            | "الثلاثين"
            | "منتصف"
            | "مطلع"
            | "اواخر"
            | "اوائل"
            | "نهايه"
            | "بدايه"
    )
}

fn is_month(f: &str) -> bool {
    matches!(
        f,
        "يناير"
            | "فبراير"
            | "مارس"
            | "ابريل"
            | "مايو"
            | "يونيو"
            | "يوليو"
            | "اغسطس"
            | "سبتمبر"
            | "اكتوبر"
            | "نوفمبر"
            | "ديسمبر"
            | "كانون"
            | "شباط"
            | "اذار"
            | "نيسان"
            | "ايار"
            | "حزيران"
            | "تموز"
            | "اب"
            | "ايلول"
            | "تشرين"
    )
}

/// Marks the tokens inside quotation marks, pairing « », “ ”, ‘ ’, ‹ › and „ ‟, and toggling "
/// within a block (the straight apostrophe is left alone: it is as often an apostrophe).
fn mark_quotes(doc: &Doc, w: &mut [W]) {
    let mut open_at: Option<usize> = None;
    let mut block_end = 0u32;
    let mut bi = 0;
    for k in 0..w.len() {
        // New block: an unclosed quotation does not run on.
        while bi < doc.blocks.len() && doc.blocks[bi].span.end <= w[k].span.start {
            bi += 1;
        }
        let be = doc.blocks.get(bi).map_or(u32::MAX, |b| b.span.end);
        if be != block_end {
            block_end = be;
            open_at = None;
        }
        if w[k].kind != TokenKind::Quote {
            continue;
        }
        match (w[k].text, open_at) {
            ("«" | "“" | "‘" | "‹" | "„", _) => open_at = Some(k),
            ("»" | "”" | "’" | "›" | "‟", Some(o)) | ("\"", Some(o)) => {
                for x in &mut w[o + 1..k] {
                    x.quoted = true;
                }
                open_at = None;
            }
            ("\"", None) => open_at = Some(k),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use rasid_core::Doc;

    fn analyse(text: &str) -> Doc {
        let mut doc = Doc::new("t", text);
        crate::pipeline::analysis().unwrap().run(&mut doc).unwrap();
        doc
    }

    #[test]
    fn a_pronoun_in_the_mention_links_to_its_organisation() {
        // "The World Health Organization announced ... Its spokesman said the toll may rise."
        let doc =
            analyse("أعلنت منظمة الصحة العالمية تسجيل إصابات جديدة. وقال الناطق باسمها إن الحصيلة قد ترتفع.");
        let a =
            doc.attributions.iter().find(|a| doc.slice(a.cue) == "وقال").expect("the spokesman's statement");
        let e = a.entity.expect("linked to an entity");
        assert_eq!(doc.slice(doc.entities[e as usize].span), "منظمة الصحة العالمية");
    }

    #[test]
    fn an_unnamed_spokesman_named_in_the_next_statement() {
        // "A Pentagon spokesman denied the reports ... Captain Jeff Davis said ..."
        let doc = analyse(
            "ونفى متحدث باسم وزارة الدفاع الأميركية الأنباء عن إرسال قوات. وقال الكابتن جيف ديفيس إن الوزارة تراقب الوضع.",
        );
        let a = &doc.attributions[0];
        assert_eq!(doc.slice(a.resolved.expect("resolved")), "جيف ديفيس");
        assert!(!a.anonymous);
    }

    #[test]
    fn stage_output_is_valid_on_odd_input() {
        for text in ["", "قال", "وقال إن", "«", "نفى", ":", "قال: \"", "وفقا ل", "نقل عن قوله إن"]
        {
            let doc = analyse(text);
            doc.validate().unwrap();
        }
    }
}
