//! The tagger as rasid uses it: the shipped model with its clusters and gazetteer, tagging
//! token sequences and, as a pipeline stage, a document's sentences.

use crate::clusters::Clusters;
use crate::error::NerError;
use crate::features::{Resources, Scratch, SentenceFeatures, extract};
use crate::gazetteer::{GazFlags, GazKind, Gazetteer};
use crate::label::{EntityType, Label, N_LABELS, chunks};
use crate::model::{Model, Pass, Row};
use rasid_arabic::clitics::Segmenter;
use rasid_core::{Doc, Entity, Layer, Proclitic, Span, Stage, StageError, TokenKind};
use std::path::Path;
use std::sync::OnceLock;

/// File names of the three parts of a model folder (`models/ner/`).
pub const MODEL_FILE: &str = "ner.model.gz";
pub const CLUSTERS_FILE: &str = "clusters.tsv.gz";
pub const GAZETTEER_FILE: &str = "gazetteer.tsv.gz";
/// Written by `rasid train ner --lexicon`; absent or empty when the model does not use one.
pub const LEXICON_FILE: &str = "lexicon.bin.gz";

static EMBEDDED_MODEL: &[u8] = include_bytes!("../../../models/ner/ner.model.gz");
static EMBEDDED_CLUSTERS: &[u8] = include_bytes!("../../../models/ner/clusters.tsv.gz");
static EMBEDDED_GAZETTEER: &[u8] = include_bytes!("../../../models/ner/gazetteer.tsv.gz");
static EMBEDDED_LEXICON: &[u8] = include_bytes!("../../../models/ner/lexicon.bin.gz");

/// A model with the resources its features read.
pub struct Tagger {
    model: Model,
    res: Resources,
    seg: &'static Segmenter,
}

impl Tagger {
    /// The model shipped in the binary (trained by `rasid train ner`, committed in
    /// `models/ner/`). Loaded once per process.
    pub fn embedded() -> Result<&'static Tagger, NerError> {
        static CELL: OnceLock<Result<Tagger, String>> = OnceLock::new();
        CELL.get_or_init(|| {
            let res = Tagger::embedded_resources().map_err(|e| e.to_string())?;
            let model = Model::read(EMBEDDED_MODEL, "embedded").map_err(|e| e.to_string())?;
            Tagger::checked(model, res, "the embedded model").map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| NerError::Embedded(e.clone()))
    }

    /// The clusters and gazetteer shipped in the binary (what `rasid train ner` trains with
    /// unless told otherwise).
    pub fn embedded_resources() -> Result<Resources, NerError> {
        Ok(Resources {
            clusters: Clusters::from_reader(EMBEDDED_CLUSTERS)?,
            gazetteer: Gazetteer::from_reader(EMBEDDED_GAZETTEER)?,
            lexicon: crate::lexicon::Lexicon::read(EMBEDDED_LEXICON, "embedded lexicon")?,
        })
    }

    /// Reads the resources from a model folder.
    pub fn load_resources(dir: &Path) -> Result<Resources, NerError> {
        let open = |name: &str| {
            let p = dir.join(name);
            std::fs::File::open(&p)
                .map(std::io::BufReader::new)
                .map_err(|source| NerError::Io { path: p, source })
        };
        Ok(Resources {
            clusters: Clusters::from_reader(open(CLUSTERS_FILE)?)?,
            gazetteer: Gazetteer::from_reader(open(GAZETTEER_FILE)?)?,
            lexicon: match open(LEXICON_FILE) {
                Ok(f) => crate::lexicon::Lexicon::read(f, &dir.join(LEXICON_FILE).display().to_string())?,
                Err(_) => crate::lexicon::Lexicon::default(),
            },
        })
    }

    /// Reads a model folder holding the three files.
    pub fn load(dir: &Path) -> Result<Tagger, NerError> {
        let res = Tagger::load_resources(dir)?;
        let p = dir.join(MODEL_FILE);
        let f = std::fs::File::open(&p).map_err(|source| NerError::Io { path: p.clone(), source })?;
        let model = Model::read(std::io::BufReader::new(f), &p.display().to_string())?;
        Tagger::checked(model, res, &dir.display().to_string())
    }

    /// A tagger, refusing a model whose use of the corpus lexicon does not match the resources.
    pub fn checked(model: Model, res: Resources, what: &str) -> Result<Tagger, NerError> {
        if model.uses_lexicon == res.lexicon.is_empty() {
            return Err(NerError::Model {
                what: what.into(),
                reason: if model.uses_lexicon {
                    format!("the model needs {LEXICON_FILE}, which is missing or empty")
                } else {
                    format!("the model was trained without a lexicon but {LEXICON_FILE} is not empty")
                },
            });
        }
        Ok(Tagger::new(model, res))
    }

    pub fn new(model: Model, res: Resources) -> Tagger {
        Tagger { model, res, seg: Segmenter::embedded() }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn resources(&self) -> &Resources {
        &self.res
    }

    /// Labels for one sentence of tokens, taken as a document of its own.
    pub fn tag(&self, tokens: &[&str]) -> Vec<Label> {
        self.tag_document(&[tokens], None).pop().unwrap_or_default()
    }

    /// Labels for the sentences of one document, in order. `window`: `None` lets the context
    /// pass read the whole document (an article); `Some(n)` reads `n` sentences on each side
    /// (a gold file without article boundaries: see [`Tagger::window`]).
    pub fn tag_document(&self, sentences: &[&[&str]], window: Option<usize>) -> Vec<Vec<Label>> {
        let mut scratch = Scratch::default();
        let mut feats: Vec<SentenceFeatures> = sentences
            .iter()
            .map(|s| {
                let mut sf = SentenceFeatures::default();
                extract(s, &self.res, self.seg, &mut scratch, &mut sf);
                if self.model.uses_lexicon {
                    self.res.lexicon.add_features(&mut sf);
                }
                sf
            })
            .collect();
        let (mut em, mut back): (Vec<Row>, Vec<[u8; N_LABELS]>) = (Vec::new(), Vec::new());
        let mut decode = |pass: &Pass, feats: &[SentenceFeatures]| -> Vec<Vec<Label>> {
            feats
                .iter()
                .map(|f| {
                    let mut out = Vec::with_capacity(f.len());
                    pass.decode(f, &mut em, &mut back, &mut out);
                    out
                })
                .collect()
        };
        let first = decode(&self.model.first, &feats);
        let mut labels = match &self.model.second {
            None => first,
            Some(second) => {
                let keys: Vec<&[u64]> = feats.iter().map(|f| f.keys.as_slice()).collect();
                let ls: Vec<&[Label]> = first.iter().map(Vec::as_slice).collect();
                let ctx = crate::context::context(&keys, &ls, window);
                for (f, c) in feats.iter_mut().zip(&ctx) {
                    f.add_context(c);
                }
                decode(second, &feats)
            }
        };
        for ((f, l), words) in feats.iter().zip(&mut labels).zip(sentences) {
            known_organisations(&f.gaz, l);
            strip_titles(words, l);
            gentilic_adjectives(words, l);
            joined_places(words, &self.res.gazetteer, l);
            if self.model.uses_lexicon {
                split_coordinations(words, &f.keys, &self.res.lexicon, self.seg, l);
            }
        }
        labels
    }

    /// Labels for the sentences of a document as `rasid analyze` gives them: Latin-script
    /// sentences (English captions) by the simple means of [`crate::latin`], the others by the
    /// tagger, as one document.
    pub fn tag_mixed(&self, sentences: &[&[&str]], window: Option<usize>) -> Vec<Vec<Label>> {
        let latin: Vec<bool> = sentences.iter().map(|w| crate::latin::is_latin_sentence(w)).collect();
        let arabic_sents: Vec<&[&str]> =
            sentences.iter().zip(&latin).filter(|(_, l)| !**l).map(|(w, _)| *w).collect();
        let mut arabic = self.tag_document(&arabic_sents, window).into_iter();
        sentences
            .iter()
            .zip(&latin)
            .map(|(w, &l)| {
                if l { crate::latin::tag(w, &self.res.gazetteer) } else { arabic.next().unwrap_or_default() }
            })
            .collect()
    }

    /// The context window the model was trained with, for files without article boundaries.
    pub fn window(&self) -> usize {
        self.model.window as usize
    }
}

/// Ranks and honorifics (folded) that precede a name but are not part of it, as ANERcorp
/// annotates: «الميجر كارل ويست» "Major Karl West" → PER «كارل ويست».
const TITLES: &[&str] = &[
    "الميجر",
    "ميجر",
    "الرائد",
    "العقيد",
    "المقدم",
    "اللواء",
    "العميد",
    "الجنرال",
    "المشير",
    "الفريق",
    "النقيب",
    "الكولونيل",
    "الادميرال",
    "السيد",
    "السيده",
    "الشيخ",
    "الدكتور",
    "د",
    "المهندس",
    "الاستاذ",
    "الامير",
    "الاميره",
    "الملك",
    "الرئيس",
    "الحاج",
    "الامام",
    "القس",
    "الاب",
    "سمو",
    "فخامه",
    "معالي",
];

fn strip_titles(words: &[&str], labels: &mut [Label]) {
    for i in 0..labels.len() {
        if labels[i] != Label::begin(EntityType::Per)
            || labels.get(i + 1) != Some(&Label::inside(EntityType::Per))
        {
            continue;
        }
        let w = rasid_arabic::normalize::fold_str(words[i]);
        let w = w.strip_prefix('و').filter(|r| TITLES.contains(r)).unwrap_or(&w);
        if TITLES.contains(&w) {
            labels[i] = Label::O;
            labels[i + 1] = Label::begin(EntityType::Per);
        }
    }
}

/// A definite feminine gentilic right after a definite feminine noun is its adjective, not a
/// place: «السفارة السعودية» "the Saudi embassy", «الحكومة الليبية» "the Libyan government"
/// (ANERcorp train tags 865 of 866 such pairs O). A lone place label there is dropped; the
/// country written as a noun («زار الوفد السعودية», after a masculine noun) keeps it.
fn gentilic_adjectives(words: &[&str], labels: &mut [Label]) {
    let loc = Label::begin(EntityType::Loc);
    for i in 1..labels.len().min(words.len()) {
        if labels[i] != loc || labels[i - 1] != Label::O || labels.get(i + 1).is_some_and(|l| l.is_inside()) {
            continue;
        }
        let (w, prev) =
            (rasid_arabic::normalize::fold_str(words[i]), rasid_arabic::normalize::fold_str(words[i - 1]));
        // «بالسعودية» "in Saudi Arabia" is the country after a preposition, never an adjective.
        let adjective = w.starts_with("ال") || w.starts_with("وال");
        let noun = prev.starts_with("ال") || prev.starts_with("وال") || prev.starts_with("بال");
        // A noun of three letters or more after its article (not «اله»).
        if adjective && w.ends_with("يه") && noun && prev.ends_with('ه') && prev.chars().count() >= 5 {
            labels[i] = Label::O;
        }
    }
}

/// «كامبريدج أناليتيكا وفيسبوك» ("Cambridge Analytica and Facebook") is two names: inside an
/// entity, a word that begins with the conjunction و and is, in the corpus lexicon, mostly a
/// name of its own (over half of its occurrences) begins a new entity of that type. Names that
/// contain «و» («التكفير والهجرة») are kept: their second part is not a name on its own.
fn split_coordinations(
    words: &[&str],
    keys: &[u64],
    lex: &crate::lexicon::Lexicon,
    seg: &Segmenter,
    labels: &mut [Label],
) {
    for j in 1..labels.len() {
        if !labels[j].is_inside() || !words[j].starts_with('و') {
            continue;
        }
        let s = seg.segment(words[j]);
        let span = Span::new(0, words[j].len() as u32);
        if s.proclitics(span).next().map(|(p, _)| p) != Some(Proclitic::Wa) {
            continue;
        }
        let Some(e) = lex.get(keys[j]) else { continue };
        let Some((t, _)) = e.tenths.iter().enumerate().filter(|(_, x)| **x > 5).max_by_key(|(_, x)| **x)
        else {
            continue;
        };
        let ty = EntityType::ALL[t];
        labels[j] = Label::begin(ty);
        let mut k = j + 1;
        while k < labels.len() && labels[k].is_inside() {
            labels[k] = Label::inside(ty);
            k += 1;
        }
    }
}

/// A multi-word organisation name the gazetteer knows («وزارة الخارجية الأميركية» "the US State
/// Department», «حكومة الوفاق» "the Government of National Accord") that the tagger left wholly
/// outside any entity is marked ORG: such names are specific enough to be right almost always.
fn known_organisations(gaz: &[GazFlags], labels: &mut [Label]) {
    let mut i = 0;
    while i < labels.len() {
        if !gaz[i].begins(GazKind::Org) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < labels.len() && gaz[j].inside(GazKind::Org) && !gaz[j].begins(GazKind::Org) {
            j += 1;
        }
        if j - i >= 2
            && labels[i..j].iter().all(|l| *l == Label::O)
            && labels.get(j).is_none_or(|l| !l.is_inside())
        {
            labels[i] = Label::begin(EntityType::Org);
            for l in &mut labels[i + 1..j] {
                *l = Label::inside(EntityType::Org);
            }
        }
        i = j;
    }
}

/// A two-word name the gazetteer knows as a country or city only written as one word is that
/// place: «بيونغ يانغ» is «بيونغيانغ» (Pyongyang), «بورتو ريكو» Puerto Rico, «بن قردان» Ben
/// Gardane, which the tagger reads as a person's first and last names, or as a name of one
/// word («يانغ») after an unknown one. The two words become one LOC when they are an entity of
/// their own or one of them is an entity of one word and the other outside any; the joined form
/// must be six letters or more («سي إن» of CNN is not a town «سيان»).
fn joined_places(words: &[&str], gaz: &Gazetteer, labels: &mut [Label]) {
    let n = labels.len().min(words.len());
    for i in 0..n.saturating_sub(1) {
        let (a, b) = (labels[i], labels[i + 1]);
        let after = labels.get(i + 2).copied().unwrap_or(Label::O);
        let ends_here = !after.is_inside();
        let fits = match (a.entity_type(), b.entity_type()) {
            // One entity of exactly these two words, not yet a place.
            (Some(t), Some(u)) => {
                t == u && a.is_begin() && b.is_inside() && ends_here && t != EntityType::Loc
            }
            // An unknown word, then a name of one word; or a name of one word, then an unknown one.
            (None, Some(_)) => b.is_begin() && ends_here,
            (Some(_), None) => a.is_begin(),
            (None, None) => false,
        };
        if !fits {
            continue;
        }
        let (first, second) =
            (rasid_arabic::normalize::fold_str(words[i]), rasid_arabic::normalize::fold_str(words[i + 1]));
        // Two words each (a dash «ـ» folds to nothing: «سول ـ نيويورك» is no one place), and a
        // word outside the entity of three letters or more (in «إن كينغ توفي» "that King died"
        // «إن» is no part of a name).
        let min = |w: &str, outside: bool| w.chars().count() >= if outside { 3 } else { 2 };
        if !min(&first, a.entity_type().is_none()) || !min(&second, b.entity_type().is_none()) {
            continue;
        }
        let joined = first + &second;
        if joined.chars().count() >= 6
            && gaz.word_kinds(&joined).any(|k| matches!(k, GazKind::Country | GazKind::City))
        {
            labels[i] = Label::begin(EntityType::Loc);
            labels[i + 1] = Label::inside(EntityType::Loc);
        }
    }
}

/// The pipeline stage: tags every sentence of a document and records its entities.
pub struct NerStage {
    tagger: &'static Tagger,
}

impl NerStage {
    /// The stage over the embedded model.
    pub fn new() -> Result<NerStage, NerError> {
        Ok(NerStage { tagger: Tagger::embedded()? })
    }

    pub fn with_tagger(tagger: &'static Tagger) -> NerStage {
        NerStage { tagger }
    }
}

impl Stage for NerStage {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Segments, Layer::Sentences]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let mut entities = Vec::new();
        if let Some(s) =
            doc.sentences.iter().find(|s| s.tokens.0 > s.tokens.1 || s.tokens.1 as usize > doc.tokens.len())
        {
            return Err(StageError::Input {
                stage: "ner",
                reason: format!("sentence token range {}..{} out of bounds", s.tokens.0, s.tokens.1),
            });
        }
        // The tagger reads words; a hashtag («#بيل_غيتس», «#ترمب») is read as the words it
        // joins, each a piece of its token.
        let pieces: Vec<Vec<Piece>> = doc
            .sentences
            .iter()
            .map(|s| {
                let mut out = Vec::new();
                for k in s.tokens.0..s.tokens.1 {
                    let t = &doc.tokens[k as usize];
                    if t.kind == TokenKind::Hashtag {
                        hashtag_pieces(doc.text(), k as usize, t.span, &mut out);
                    } else {
                        out.push(Piece { token: k as usize, span: t.span, hashtag: false });
                    }
                }
                out
            })
            .collect();
        let words: Vec<Vec<&str>> = pieces
            .iter()
            .map(|ps| ps.iter().map(|p| doc.text().get(p.span.range()).unwrap_or("")).collect())
            .collect();
        let sents: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let mut labels = self.tagger.tag_mixed(&sents, None);
        for (w, l) in sents.iter().zip(labels.iter_mut()) {
            coordinated_places(w, l);
            quoted_names(w, l);
        }
        for ((ps, labels), words) in pieces.iter().zip(&labels).zip(&sents) {
            for c in chunks(labels) {
                let (first, last) = (&ps[c.start], &ps[c.end - 1]);
                let (ft, lt) = (&doc.tokens[first.token], &doc.tokens[last.token]);
                // Only words can carry a name: drop a chunk that begins or ends on punctuation,
                // save the closing quote of a name quoted inside it («حزب "الوسط"»).
                let quoted = c.end - c.start >= 3
                    && is_close_quote(words[c.end - 1])
                    && words[c.start + 1..c.end - 1].iter().any(|w| is_open_quote(w));
                if !(first.hashtag || ft.kind.is_word()) || !(last.hashtag || lt.kind.is_word() || quoted) {
                    continue;
                }
                let start = if first.hashtag {
                    // «#بالسعودية» "in Saudi Arabia": the name starts after the preposition.
                    let w = doc.text().get(first.span.range()).unwrap_or("");
                    let kind = if w.chars().all(rasid_arabic::chars::is_arabic_letter) {
                        TokenKind::Arabic
                    } else {
                        TokenKind::Word
                    };
                    let own = Span::new(0, w.len() as u32);
                    first.span.start + name_start(self.tagger.seg.segment(w), own, kind)
                } else {
                    let start = name_start(ft.seg, ft.span, ft.kind);
                    if start == ft.span.start && ft.kind == TokenKind::Arabic {
                        let w = doc.text().get(ft.span.range()).unwrap_or("");
                        start + conjunction_before_place(w, &self.tagger.res.gazetteer)
                    } else {
                        start
                    }
                };
                entities.push(Entity {
                    span: Span::new(start, last.span.end),
                    ty: c.ty,
                    tokens: (first.token as u32, last.token as u32 + 1),
                    identity: None,
                });
            }
        }
        doc.entities = entities;
        Ok(())
    }
}

/// Bytes of a conjunction و that the clitic segmenter left on a word the gazetteer knows as a
/// country only without it: «وروسيا» "and Russia" stays whole because «بوروسيا» (Borussia)
/// makes «وروسيا» look like a stem of its own, yet «روسيا» is a country and «وروسيا» nothing.
/// 0 when the word is not such a case («واشنطن» is a name whole). Countries only: the cities
/// are too many and too short («فرانس» is not ف + «رانس» Reims, nor «فلوريان» ف + Lorient),
/// and ف, which begins many foreign names, is left alone.
fn conjunction_before_place(word: &str, gaz: &Gazetteer) -> u32 {
    let Some(rest) = word.strip_prefix('و') else { return 0 };
    let (whole, rest_f) = (rasid_arabic::normalize::fold_str(word), rasid_arabic::normalize::fold_str(rest));
    if rest_f.chars().count() < 3 {
        return 0;
    }
    if gaz.word_kinds(&whole).next().is_some() {
        return 0;
    }
    if gaz.word_kinds(&rest_f).any(|k| k == GazKind::Country) { (word.len() - rest.len()) as u32 } else { 0 }
}

/// A word as the tagger reads it: a token, or one word of a hashtag.
struct Piece {
    token: usize,
    span: Span,
    hashtag: bool,
}

/// The words a hashtag joins ([`rasid_arabic::tokenize::hashtag_words`]) as pieces of its
/// token.
fn hashtag_pieces(text: &str, token: usize, span: Span, out: &mut Vec<Piece>) {
    let Some(t) = text.get(span.range()) else { return };
    out.extend(rasid_arabic::tokenize::hashtag_words(t).map(|(at, w)| {
        let start = span.start + at as u32;
        Piece { token, span: Span::new(start, start + w.len() as u32), hashtag: true }
    }));
}

/// Nouns that name the kind of the place(s) after them, as in «محوري الخلة واليرموك» "the
/// al-Khalla and al-Yarmouk fronts" (dual forms for two places), folded.
const PLACE_HEADS: &[&str] = &[
    "محور",
    "محوري",
    "محاور",
    "بلده",
    "بلدتي",
    "بلدات",
    "قريه",
    "قريتي",
    "قري",
    "مدينتي",
    "مدن",
    "منطقه",
    "منطقتي",
    "مناطق",
    "مخيم",
    "مخيمي",
    "مخيمات",
    "حي",
    "حيي",
    "احياء",
    "جبهتي",
    "جبهات",
    "ضاحيتي",
];

/// Two names coordinated after a place noun are both places: when the tagger found one
/// («محوري الخلة و[اليرموك]») the other is labelled a place too.
fn coordinated_places(words: &[&str], labels: &mut [Label]) {
    let loc = Label::begin(EntityType::Loc);
    let head = |w: &str| is_head(w, PLACE_HEADS);
    let arabic =
        |w: &str| w.chars().count() >= 3 && w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c));
    let n = words.len().min(labels.len());
    for i in 1..n.saturating_sub(1) {
        // The labels first: they rule out almost every position without folding a word.
        let next_inside = i + 2 < n && labels[i + 2].is_inside();
        let fill_first = labels[i] == Label::O && labels[i + 1] == loc;
        let fill_second = labels[i] == loc && labels[i + 1] == Label::O && !next_inside;
        if !(fill_first || fill_second)
            || !words[i + 1].starts_with('و')
            || !arabic(words[i])
            || !arabic(words[i + 1])
            || !head(words[i - 1])
        {
            continue;
        }
        if fill_first {
            labels[i] = loc;
        } else {
            labels[i + 1] = loc;
        }
    }
}

/// Whether `w` is one of `heads` (folded, without the article) behind its clitics: a
/// conjunction, a preposition (unless the word is a head as it stands: «بنك» "bank», «بلدة»
/// "town"), the article or the ل of «لل» («والمحورين», «للمنظمة»).
fn is_head(w: &str, heads: &[&str]) -> bool {
    let f = rasid_arabic::normalize::fold_str(w);
    let f = f.strip_prefix('و').or_else(|| f.strip_prefix('ف')).unwrap_or(&f);
    if heads.contains(&f) {
        return true;
    }
    let f = f.strip_prefix('ب').or_else(|| f.strip_prefix('ل')).unwrap_or(f);
    heads.contains(&f)
        || f.strip_prefix("ال").or_else(|| f.strip_prefix('ل')).is_some_and(|g| heads.contains(&g))
}

/// Nouns that name a kind of organisation (folded, without the article), followed in news by the
/// organisation's own name in quotes: «حزب "الديمقراطيون السويديون"», «منظمة "هيومن رايتس ووتش"».
const ORG_HEADS: &[&str] = &[
    "حزب",
    "منظمه",
    "حركه",
    "جمعيه",
    "مجموعه",
    "جماعه",
    "تنظيم",
    "مؤسسه",
    "شركه",
    "وكاله",
    "صحيفه",
    "قناه",
    "مجله",
    "جبهه",
    "ائتلاف",
    "تحالف",
    "كتله",
    "فصيل",
    "نادي",
    "مركز",
    "معهد",
    "بنك",
    "مصرف",
];

fn is_open_quote(w: &str) -> bool {
    matches!(w, "\"" | "«" | "“")
}

fn is_close_quote(w: &str) -> bool {
    matches!(w, "\"" | "»" | "”")
}

/// An organisation noun tagged ORG on its own, followed by a name in quotes, is that
/// organisation with its name: «حزب "الوسط"» "the Centre party" is one ORG through the closing
/// quote, rather than «حزب» alone, which made every party of an article one identity. The quotes
/// hold one to eight words; a lone adjective in quotes is a label, not a name («منظمة "إرهابية"»
/// "a 'terrorist' organisation").
fn quoted_names(words: &[&str], labels: &mut [Label]) {
    let n = words.len().min(labels.len());
    let head = |w: &str| is_head(w, ORG_HEADS);
    let org = Label::begin(EntityType::Org);
    let mut i = 0;
    while i + 2 < n {
        if labels[i] != org || labels[i + 1].is_inside() || !is_open_quote(words[i + 1]) || !head(words[i]) {
            i += 1;
            continue;
        }
        let Some(close) = (i + 2..n.min(i + 11)).find(|&j| is_close_quote(words[j])) else {
            i += 1;
            continue;
        };
        let inner = &words[i + 2..close];
        let wordy = |w: &&str| w.chars().any(char::is_alphanumeric);
        let adjective = inner.len() == 1 && {
            let f = rasid_arabic::normalize::fold_str(inner[0]);
            f.ends_with("يه") || f.ends_with('ي')
        };
        if inner.is_empty() || inner.len() > 8 || !inner.iter().all(wordy) || adjective {
            i += 1;
            continue;
        }
        for l in &mut labels[i + 1..=close] {
            *l = Label::inside(EntityType::Org);
        }
        i = close + 1;
    }
}

/// Where a name begins inside its first token: after conjunction and preposition proclitics
/// («وطرابلس» "and Tripoli" → «طرابلس», «بالعاصمة» → «العاصمة»), but not inside the ل that
/// stands for «ل + ال» («للجزيرة» is kept whole: no letter sequence in it spells «الجزيرة»).
fn name_start(seg: rasid_core::Segmentation, span: Span, kind: TokenKind) -> u32 {
    if kind != TokenKind::Arabic {
        return span.start;
    }
    let parts: Vec<(Proclitic, Span)> = seg.proclitics(span).collect();
    let mut start = span.start;
    for (i, (p, s)) in parts.iter().enumerate() {
        match p {
            Proclitic::Al => break,
            Proclitic::Li if parts.get(i + 1).is_some_and(|(q, qs)| *q == Proclitic::Al && qs.len() < 4) => {
                break;
            }
            Proclitic::Wa | Proclitic::Fa | Proclitic::Bi | Proclitic::Li | Proclitic::Ka => start = s.end,
            Proclitic::Sa => break,
        }
    }
    if start >= span.end { span.start } else { start }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Counter;

    #[test]
    fn gentilic_adjectives_are_not_places() {
        let loc = Label::begin(EntityType::Loc);
        let run = |words: &[&str], labels: &[Label]| {
            let mut l = labels.to_vec();
            gentilic_adjectives(words, &mut l);
            l
        };
        let o = Label::O;
        // "the Saudi embassy": an adjective.
        assert_eq!(run(&["السفارة", "السعودية"], &[o, loc]), [o, o]);
        // "the British and Saudi [relations]": coordinated adjectives.
        assert_eq!(run(&["البريطانية", "والسعودية"], &[o, loc]), [o, o]);
        // "the delegation visited Saudi Arabia" (masculine noun), "water in Saudi Arabia"
        // (preposition), "Saudi Arabia" alone: the country.
        assert_eq!(run(&["الوفد", "السعودية"], &[o, loc]), [o, loc]);
        assert_eq!(run(&["المياه", "بالسعودية"], &[o, loc]), [o, loc]);
        assert_eq!(run(&["السعودية"], &[loc]), [loc]);
        // Part of a longer name or after an entity: untouched.
        let i = Label::inside(EntityType::Loc);
        assert_eq!(run(&["المملكة", "السعودية"], &[loc, i]), [loc, i]);
    }

    #[test]
    fn hashtags_are_cut_into_their_words() {
        let text = "قال #بيل_غيتس و＃الولايات__المتحدة_ #";
        let pieces = |word: &str| {
            let at = text.find(word).unwrap();
            let mut out = Vec::new();
            hashtag_pieces(text, 7, Span::new(at as u32, (at + word.len()) as u32), &mut out);
            assert!(out.iter().all(|p| p.token == 7 && p.hashtag));
            out.iter().map(|p| &text[p.span.range()]).collect::<Vec<_>>()
        };
        assert_eq!(pieces("#بيل_غيتس"), ["بيل", "غيتس"]);
        assert_eq!(pieces("＃الولايات__المتحدة_"), ["الولايات", "المتحدة"]);
        assert!(pieces("#").is_empty());
    }

    #[test]
    fn a_conjunction_left_on_a_place_is_cut_off() {
        let gaz = Gazetteer::from_lines(
            "LOC_COUNTRY\tروسيا\nLOC_CITY\tواشنطن\nLOC_COUNTRY\tفرنسا\nPER\tسام\nLOC_CITY\tرانس\n",
        )
        .unwrap();
        assert_eq!(conjunction_before_place("وروسيا", &gaz), 'و'.len_utf8() as u32);
        // Names that begin with و or ف, a person's name after و («وسام»), a city after ف
        // («فرانس» of «فرانس برس», not ف + Reims), ف before a country.
        for w in ["واشنطن", "فرنسا", "وسام", "فرانس", "فروسيا", "وروس", "و", ""]
        {
            assert_eq!(conjunction_before_place(w, &gaz), 0, "{w}");
        }
    }

    #[test]
    fn head_nouns_behind_their_clitics() {
        for w in ["حزب", "والحزب", "للحزب", "بحزب", "لحزب", "فالحزب"] {
            assert!(is_head(w, ORG_HEADS), "{w}");
        }
        // A head that begins with a preposition's letter stays whole: «بنك», «بلدتي».
        assert!(is_head("بنك", ORG_HEADS) && is_head("والبنك", ORG_HEADS));
        assert!(is_head("بلدتي", PLACE_HEADS) && is_head("محوري", PLACE_HEADS));
        for w in ["حزبي", "وزير", "نك", "الوسط"] {
            assert!(!is_head(w, ORG_HEADS), "{w}");
        }
    }

    #[test]
    fn an_organisation_noun_takes_the_name_quoted_after_it() {
        let (b, i, o) = (Label::begin, Label::inside, Label::O);
        let org = EntityType::Org;
        let run = |words: &[&str], mut l: Vec<Label>| {
            quoted_names(words, &mut l);
            l
        };
        // «فاز حزب "الديمقراطيون السويديون" بالانتخابات» "the Sweden Democrats party won".
        let w = ["فاز", "حزب", "\"", "الديمقراطيون", "السويديون", "\"", "بالانتخابات"];
        assert_eq!(run(&w, vec![o, b(org), o, o, o, o, o]), [o, b(org), i(org), i(org), i(org), i(org), o]);
        // The quoted name already an entity of its own; guillemets; a clitic on the noun.
        let w = ["لمنظمة", "«", "هيومن", "رايتس", "ووتش", "»"];
        assert_eq!(
            run(&w, vec![b(org), o, b(org), i(org), i(org), o]),
            [b(org), i(org), i(org), i(org), i(org), i(org)]
        );
        // Left alone: a quoted adjective, a noun that names no organisation, an untagged noun,
        // a quote never closed.
        for (w, l) in [
            (vec!["منظمة", "\"", "إرهابية", "\""], vec![b(org), o, o, o]),
            (vec!["وزير", "\"", "الوسط", "\""], vec![b(org), o, o, o]),
            (vec!["حزب", "\"", "الوسط", "\""], vec![o, o, o, o]),
            (vec!["حزب", "\"", "الوسط", "فاز"], vec![b(org), o, o, o]),
        ] {
            assert_eq!(run(&w, l.clone()), l, "{w:?}");
        }
    }

    #[test]
    fn two_words_of_a_place_spelt_as_one() {
        let gaz =
            Gazetteer::from_lines("LOC_CITY\tبيونغيانغ\nLOC_CITY\tسيان\nLOC_CITY\tانكينغ\nPER\tعبدالرحمن\n")
                .unwrap();
        let (b, i, o) = (Label::begin, Label::inside, Label::O);
        let (per, org, loc) = (EntityType::Per, EntityType::Org, EntityType::Loc);
        for before in [[o, b(per), i(per), o], [o, o, b(loc), o], [o, b(per), o, o]] {
            let mut l = before.to_vec();
            joined_places(&["زار", "بيونغ", "يانغ", "أمس"], &gaz, &mut l);
            assert_eq!(l, [o, b(loc), i(loc), o], "{before:?}");
        }
        // Too short a joined form («سي آن» is not the town «سيان»), a person spelt both ways,
        // a name of three words: unchanged.
        for (words, labels) in [
            (vec!["سي", "آن"], vec![b(org), i(org)]),
            (vec!["عبد", "الرحمن"], vec![b(per), i(per)]),
            (vec!["بيونغ", "يانغ", "كيم"], vec![b(per), i(per), i(per)]),
            (vec!["بيونغ", "يانغ", "كيم"], vec![o, b(per), i(per)]),
            (vec!["بيونغ", "يانغ"], vec![o, o]),
            (vec!["ـ", "بيونغيانغ"], vec![o, b(loc)]),
            (vec!["إن", "كينغ"], vec![o, b(per)]),
        ] {
            let mut l = labels.clone();
            joined_places(&words, &gaz, &mut l);
            assert_eq!(l, labels, "{words:?}");
        }
    }

    #[test]
    fn coordinated_names_are_split_only_when_the_second_is_a_name() {
        let org_b = Label::begin(EntityType::Org);
        let org_i = Label::inside(EntityType::Org);
        // Keys: 1 «كامبريدج», 2 «أناليتيكا», 3 «وفيسبوك» (mostly ORG in the corpus), 4 «والهجرة»
        // (mostly not a name).
        let mut c = Counter::default();
        for _ in 0..10 {
            c.add(&[3, 4], &[org_b, Label::O]);
        }
        let lex = c.finish(1);
        let seg = Segmenter::embedded();
        let mut l = vec![org_b, org_i, org_i];
        split_coordinations(&["كامبريدج", "أناليتيكا", "وفيسبوك"], &[1, 2, 3], &lex, seg, &mut l);
        assert_eq!(l, [org_b, org_i, org_b]);
        let mut l = vec![org_b, org_i, org_i];
        split_coordinations(&["جماعة", "التكفير", "والهجرة"], &[5, 6, 4], &lex, seg, &mut l);
        assert_eq!(l, [org_b, org_i, org_i]);
    }

    #[test]
    fn titles_are_left_out_of_names() {
        let per_b = Label::begin(EntityType::Per);
        let per_i = Label::inside(EntityType::Per);
        let mut l = vec![per_b, per_i, per_i];
        strip_titles(&["الميجر", "كارل", "ويست"], &mut l);
        assert_eq!(l, [Label::O, per_b, per_i]);
        // A one-word "name" that is only a title is left alone (nothing would remain).
        let mut l = vec![per_b];
        strip_titles(&["الرئيس"], &mut l);
        assert_eq!(l, [per_b]);
    }
}
