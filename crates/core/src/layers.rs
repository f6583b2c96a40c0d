//! The typed annotation layers a [`crate::Doc`] carries.
//!
//! Labels are enums so that adding one makes the compiler point at every `match` that must learn
//! it. Cross-references between layers are indices, never references, so `Doc` stays `'static`.

use crate::Span;
use serde::{Deserialize, Serialize};

/// Every layer a stage can require or assign. `Text` is present from construction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    Text,
    Blocks,
    Tokens,
    /// Clitic segmentation of word tokens (fills [`Token::seg`]).
    Segments,
    Sentences,
    Entities,
    /// Entity linking: [`Entity::identity`] and `Doc::identities`.
    Links,
    Attributions,
    Events,
    Times,
}

impl Layer {
    pub const ALL: [Layer; 10] = [
        Layer::Text,
        Layer::Blocks,
        Layer::Tokens,
        Layer::Segments,
        Layer::Sentences,
        Layer::Entities,
        Layer::Links,
        Layer::Attributions,
        Layer::Events,
        Layer::Times,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Layer::Text => "text",
            Layer::Blocks => "blocks",
            Layer::Tokens => "tokens",
            Layer::Segments => "segments",
            Layer::Sentences => "sentences",
            Layer::Entities => "entities",
            Layer::Links => "links",
            Layer::Attributions => "attributions",
            Layer::Events => "events",
            Layer::Times => "times",
        }
    }

    const fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl std::fmt::Display for Layer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A small set of layers (a bit set: the pipeline builder and `Doc` both use it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LayerSet(u32);

impl LayerSet {
    pub const fn empty() -> LayerSet {
        LayerSet(0)
    }
    pub const fn with(self, l: Layer) -> LayerSet {
        LayerSet(self.0 | l.bit())
    }
    pub fn insert(&mut self, l: Layer) {
        self.0 |= l.bit();
    }
    pub const fn contains(self, l: Layer) -> bool {
        self.0 & l.bit() != 0
    }
}

/// The structural role of a block of the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Title,
    Subtitle,
    Caption,
    /// A photo or content credit line ("REUTERS/Ismail Zitouny", «تصوير: ...»).
    Credit,
    Heading,
    Paragraph,
    /// The «المصدر : الجزيرة + وكالات» ("source: Al Jazeera + agencies") line.
    Source,
    /// «القاهرة - أ ف ب» ("Cairo - AFP") at the head of a paragraph.
    Dateline,
    /// Byline («بقلم ...», "By ...").
    Byline,
    Other,
}

impl BlockKind {
    pub const fn name(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Subtitle => "subtitle",
            BlockKind::Caption => "caption",
            BlockKind::Credit => "credit",
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Source => "source",
            BlockKind::Dateline => "dateline",
            BlockKind::Byline => "byline",
            BlockKind::Other => "other",
        }
    }
}

/// The main language of a block (ISO 639-1; `und` when no letters decide it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ar,
    En,
    Fr,
    Und,
}

impl Lang {
    pub const fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Und => "und",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
    pub lang: Lang,
}

/// What a token is. Words are split by script; numbers keep their own kinds so later stages
/// (dates, quantities) need not re-lex them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A word in Arabic script (may carry diacritics and tatweel inside).
    Arabic,
    /// A word in Latin script (may contain inner apostrophes and hyphens).
    Latin,
    /// A word in another script.
    Word,
    /// Western or Arabic-Indic digits, with decimal/thousands separators: `1,200`, `٣٫٥`.
    Number,
    /// A number with a percent sign after it: `45%`, `٤٥٪`.
    Percent,
    /// A numeric date: `28/4/2019`, `2019-04-28`.
    Date,
    /// A clock time: `14:30`.
    Time,
    /// Sentence or clause punctuation: `. , ، ؛ ؟ ! : ;` and the like.
    Punct,
    /// A quotation mark: `« » “ ” " „ ‘ ’`.
    Quote,
    /// A dash or hyphen standing alone, including the «-» of inserted phrases.
    Dash,
    /// Brackets and parentheses.
    Bracket,
    Url,
    Email,
    Hashtag,
    Mention,
    /// Anything else (currency signs, math, emoji ...).
    Symbol,
}

impl TokenKind {
    pub const fn is_word(self) -> bool {
        matches!(self, TokenKind::Arabic | TokenKind::Latin | TokenKind::Word)
    }
    pub const fn name(self) -> &'static str {
        match self {
            TokenKind::Arabic => "arabic",
            TokenKind::Latin => "latin",
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Percent => "percent",
            TokenKind::Date => "date",
            TokenKind::Time => "time",
            TokenKind::Punct => "punct",
            TokenKind::Quote => "quote",
            TokenKind::Dash => "dash",
            TokenKind::Bracket => "bracket",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Mention => "mention",
            TokenKind::Symbol => "symbol",
        }
    }
}

/// An Arabic proclitic (a prefix written attached to the word).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Proclitic {
    /// و "and"
    #[default]
    Wa,
    /// ف "so, then"
    Fa,
    /// ب "with, by, in"
    Bi,
    /// ل "for, to"
    Li,
    /// ك "like, as"
    Ka,
    /// س future marker "will"
    Sa,
    /// The definite article ال "the"; after ل it is written as a single ل («للجزيرة»).
    Al,
}

impl Proclitic {
    pub const fn form(self) -> &'static str {
        match self {
            Proclitic::Wa => "و",
            Proclitic::Fa => "ف",
            Proclitic::Bi => "ب",
            Proclitic::Li => "ل",
            Proclitic::Ka => "ك",
            Proclitic::Sa => "س",
            Proclitic::Al => "ال",
        }
    }
}

/// An attached pronoun (enclitic).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Enclitic {
    /// ي / ني "me, my"
    Ya,
    /// نا "us, our"
    Na,
    /// ك "you, your"
    Ka,
    /// كم / كما / كن "you (plural/dual)"
    Kum,
    /// ه "him, his"
    Hu,
    /// ها "her, its"
    Ha,
    /// هم / هما / هن "them, their"
    Hum,
}

impl Enclitic {
    pub const fn gloss(self) -> &'static str {
        match self {
            Enclitic::Ya => "1sg",
            Enclitic::Na => "1pl",
            Enclitic::Ka => "2sg",
            Enclitic::Kum => "2pl",
            Enclitic::Hu => "3sg.m",
            Enclitic::Ha => "3sg.f",
            Enclitic::Hum => "3pl",
        }
    }
}

/// The clitic segmentation of one word token, stored compactly (no allocation) as byte lengths
/// relative to the token: up to four proclitics, a base, and at most one enclitic.
///
/// «وللجزيرة» ("and for Al Jazeera") is و(2) + ل(2) + ال(2, written ل) + جزيرة; `base` is what is
/// left between the proclitics and the enclitic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segmentation {
    n_pre: u8,
    pre: [Proclitic; 4],
    pre_len: [u8; 4],
    enc: Option<Enclitic>,
    enc_len: u8,
}

impl Segmentation {
    /// No clitics: the whole token is the base.
    pub const WHOLE: Segmentation =
        Segmentation { n_pre: 0, pre: [Proclitic::Wa; 4], pre_len: [0; 4], enc: None, enc_len: 0 };

    /// Adds a proclitic of `len` bytes after those already pushed. At most four are kept
    /// (Arabic stacks at most و/ف + ب/ل/ك/س + ال); a fifth is ignored.
    pub fn push_proclitic(&mut self, p: Proclitic, len: u8) {
        if (self.n_pre as usize) < self.pre.len() {
            self.pre[self.n_pre as usize] = p;
            self.pre_len[self.n_pre as usize] = len;
            self.n_pre += 1;
        }
    }

    pub fn set_enclitic(&mut self, e: Enclitic, len: u8) {
        self.enc = Some(e);
        self.enc_len = len;
    }

    pub const fn is_whole(&self) -> bool {
        self.n_pre == 0 && self.enc.is_none()
    }

    fn pre_bytes(&self) -> u32 {
        self.pre_len[..self.n_pre as usize].iter().map(|&l| l as u32).sum()
    }

    /// The proclitics with their sub-spans, given the token's span.
    pub fn proclitics(&self, token: Span) -> impl Iterator<Item = (Proclitic, Span)> + '_ {
        let mut at = token.start;
        (0..self.n_pre as usize).map(move |i| {
            let s = Span::new(at, at + self.pre_len[i] as u32);
            at = s.end;
            (self.pre[i], s)
        })
    }

    /// The base (stem with its own affixes) between proclitics and enclitic.
    pub fn base(&self, token: Span) -> Span {
        let start = (token.start + self.pre_bytes()).min(token.end);
        let end = token.end.saturating_sub(self.enc_len as u32).max(start);
        Span::new(start, end)
    }

    pub fn enclitic(&self, token: Span) -> Option<(Enclitic, Span)> {
        self.enc.map(|e| (e, Span::new(token.end - self.enc_len as u32, token.end)))
    }

    /// Byte lengths of every part sum to at most the token length.
    pub fn fits(&self, token: Span) -> bool {
        self.pre_bytes() + self.enc_len as u32 <= token.len() as u32
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// Clitic segmentation; [`Segmentation::WHOLE`] until the segments layer is assigned.
    pub seg: Segmentation,
}

impl Token {
    pub const fn new(span: Span, kind: TokenKind) -> Token {
        Token { span, kind, seg: Segmentation::WHOLE }
    }
}

/// A sentence: its span and the half-open range of indices into `Doc::tokens` it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    pub tokens: (u32, u32),
}

/// The coarse type of a named entity (spec/output.md: PER, ORG, LOC, MISC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityType {
    pub const ALL: [EntityType; 4] = [EntityType::Per, EntityType::Loc, EntityType::Org, EntityType::Misc];

    /// The name in rasid's output (`PER`, `LOC`, `ORG`, `MISC`).
    pub const fn name(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Loc => "LOC",
            EntityType::Org => "ORG",
            EntityType::Misc => "MISC",
        }
    }

    /// Reads a type name as NER corpora spell it: ANERcorp `PERS`, AQMAR `PER`/`MIS`, CoNLL
    /// `MISC`, and rasid's own names.
    pub fn parse(s: &str) -> Option<EntityType> {
        match s {
            "PER" | "PERS" | "PERSON" => Some(EntityType::Per),
            "LOC" | "LOCATION" => Some(EntityType::Loc),
            "ORG" | "ORGANIZATION" => Some(EntityType::Org),
            "MISC" | "MIS" => Some(EntityType::Misc),
            _ => None,
        }
    }
}

impl std::fmt::Display for EntityType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A named-entity mention: its span (conjunction and preposition proclitics of the first word
/// left out: «وطرابلس» "and Tripoli" → «طرابلس»), type, and the range of `Doc::tokens` it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub span: Span,
    pub ty: EntityType,
    pub tokens: (u32, u32),
    /// The identity this mention refers to (index into `Doc::identities`), set by the linking
    /// stage; mentions of one identity are coreferent within the article.
    pub identity: Option<u32>,
}

/// One real-world entity that an article's mentions are linked to: a catalogue entry, or a name
/// the catalogue lacks, identified by its normalised full form so that every article that
/// writes it lands on the same id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    /// Stable, article-independent id: a catalogue id (`gna-libya`, `geonames:2210247`) or, for
    /// an unknown name, `x:<type>:<normalised full form>`.
    pub canonical: String,
    /// Preferred Arabic name (the catalogue's, else the fullest form the article gives).
    pub name: String,
    pub name_en: Option<String>,
    pub ty: EntityType,
    /// Whether the identity comes from the catalogue.
    pub known: bool,
    /// Where it is, for places.
    pub place: Option<Place>,
}

/// A located place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166 alpha-2 code of the country it is in (`LY`).
    pub country: Option<String>,
    /// GeoNames id when the place comes from GeoNames.
    pub geonames: Option<u32>,
    pub population: u64,
    /// For a place the catalogue lacks: the identity (index into `Doc::identities`) the text puts
    /// it next to («الخلة جنوبي طرابلس» "al-Khalla south of Tripoli"); `lat`/`lon` are then that
    /// identity's, an approximation.
    pub near: Option<Near>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Near {
    pub identity: u32,
    pub relation: Relation,
}

/// How a place stands to the one it is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    In,
    Near,
    North,
    South,
    East,
    West,
    NorthEast,
    NorthWest,
    SouthEast,
    SouthWest,
}

impl Relation {
    pub const fn name(self) -> &'static str {
        match self {
            Relation::In => "in",
            Relation::Near => "near",
            Relation::North => "north",
            Relation::South => "south",
            Relation::East => "east",
            Relation::West => "west",
            Relation::NorthEast => "north_east",
            Relation::NorthWest => "north_west",
            Relation::SouthEast => "south_east",
            Relation::SouthWest => "south_west",
        }
    }
}

/// What a time expression denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeKind {
    /// A calendar day: `2019-04-07`.
    Date,
    /// A day with a time of day: `2019-04-07T15:00`.
    DateTime,
    /// A time of day whose day is not known.
    TimeOfDay,
    /// An ISO week: `2019-W14`.
    Week,
    /// `2019-04`.
    Month,
    /// `2016`.
    Year,
    /// A span of days or times: `2019-04-01/2019-04-10`.
    Range,
    /// A length of time: `P3D`.
    Duration,
}

impl TimeKind {
    pub const fn name(self) -> &'static str {
        match self {
            TimeKind::Date => "date",
            TimeKind::DateTime => "datetime",
            TimeKind::TimeOfDay => "time",
            TimeKind::Week => "week",
            TimeKind::Month => "month",
            TimeKind::Year => "year",
            TimeKind::Range => "range",
            TimeKind::Duration => "duration",
        }
    }
}

/// A time expression normalised against the article's publication date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub span: Span,
    pub kind: TimeKind,
    /// ISO 8601 at the expression's own grain: `2019-04-07`, `2019-04-07T15:00`, `2019-W14`,
    /// `2019-04`, `2016`, `2019-04-01/2019-04-10`, `P3D`.
    pub value: String,
    /// First and last day covered (`YYYY-MM-DD`, inclusive), for filtering by date; `None` for
    /// durations and times of day.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Whether the value depends on the publication date (أمس "yesterday", الاثنين الماضي).
    pub relative: bool,
    /// The Hijri date as written (`1440-08-22`), for Hijri expressions.
    pub hijri: Option<String>,
}

/// Event types aligned with ACLED's event and sub-event types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// ACLED Battles / Armed clash.
    ArmedClash,
    /// ACLED Violence against civilians / Attack, and assaults not otherwise typed.
    Attack,
    /// ACLED Explosions / Air or drone strike.
    AirStrike,
    /// ACLED Explosions / Shelling, artillery, missile attack.
    Shelling,
    /// ACLED Explosions / Remote explosive, landmine, IED, suicide bomb.
    Explosion,
    /// ACLED Strategic developments / Arrests.
    Arrest,
    /// ACLED Protests and Riots.
    Protest,
    /// ACLED Strategic developments / Headquarters or base established, troop deployment.
    Deployment,
    /// ACLED Strategic developments / Non-violent transfer of territory, withdrawal.
    Withdrawal,
    /// ACLED Strategic developments / Agreement.
    Agreement,
    /// Negotiation or talks.
    Talks,
    Other,
}

impl EventType {
    pub const ALL: [EventType; 12] = [
        EventType::ArmedClash,
        EventType::Attack,
        EventType::AirStrike,
        EventType::Shelling,
        EventType::Explosion,
        EventType::Arrest,
        EventType::Protest,
        EventType::Deployment,
        EventType::Withdrawal,
        EventType::Agreement,
        EventType::Talks,
        EventType::Other,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            EventType::ArmedClash => "armed_clash",
            EventType::Attack => "attack",
            EventType::AirStrike => "air_strike",
            EventType::Shelling => "shelling",
            EventType::Explosion => "explosion",
            EventType::Arrest => "arrest",
            EventType::Protest => "protest",
            EventType::Deployment => "deployment",
            EventType::Withdrawal => "withdrawal",
            EventType::Agreement => "agreement",
            EventType::Talks => "talks",
            EventType::Other => "other",
        }
    }

    /// The ACLED event type it falls under.
    pub const fn acled(self) -> &'static str {
        match self {
            EventType::ArmedClash => "Battles",
            EventType::Attack => "Violence against civilians",
            EventType::AirStrike | EventType::Shelling | EventType::Explosion => "Explosions/Remote violence",
            EventType::Protest => "Protests",
            EventType::Arrest
            | EventType::Deployment
            | EventType::Withdrawal
            | EventType::Agreement
            | EventType::Talks
            | EventType::Other => "Strategic developments",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.name() == s)
    }
}

/// An event participant or place: the words and, when they are an entity mention, its index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arg {
    pub span: Span,
    pub entity: Option<u32>,
}

/// An event as a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub trigger: Span,
    pub ty: EventType,
    pub agent: Option<Arg>,
    pub target: Option<Arg>,
    pub place: Option<Arg>,
    /// Index into `Doc::times`.
    pub time: Option<u32>,
    /// The event's normalised date or range: its time's value, or a date computed from another
    /// («بعد ثلاثة أيام من بدء الهجوم» "three days after the attack began").
    pub date: Option<String>,
    pub killed: Option<u32>,
    pub injured: Option<u32>,
    pub arrested: Option<u32>,
    /// The attribution whose content reports it (index into `Doc::attributions`): a claim, not a
    /// fact.
    pub attribution: Option<u32>,
    /// Reported as not having happened («لم تنسحب» "did not withdraw").
    pub negated: bool,
}

/// Whether a source affirms or denies what it reports (spec/attribution.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    #[default]
    Affirm,
    Deny,
}

impl Polarity {
    pub const fn name(self) -> &'static str {
        match self {
            Polarity::Affirm => "affirm",
            Polarity::Deny => "deny",
        }
    }
}

/// What kind of words carry an attribution's reporting meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CueKind {
    /// A finite reporting verb: «وقال» "and he said", «نفت» "she denied".
    Verb,
    /// An active participle used adverbially: «مضيفا» "adding", «مؤكدة» "confirming".
    Participle,
    /// A verbal noun: «قوله» "his saying", «اتهامات» "accusations".
    Noun,
    /// A prepositional source marker: «وفقا لـ» "according to", «بحسب».
    Marker,
    /// A colon headline: «البيت الأبيض: ...».
    Colon,
    /// A passive or sourceless report: «وقيل» "it was said", «أفيد».
    Passive,
    /// A light verb with a reporting noun: «وجهت أصابع الاتهام» "pointed the finger".
    Light,
}

impl CueKind {
    pub const fn name(self) -> &'static str {
        match self {
            CueKind::Verb => "verb",
            CueKind::Participle => "participle",
            CueKind::Noun => "noun",
            CueKind::Marker => "marker",
            CueKind::Colon => "colon",
            CueKind::Passive => "passive",
            CueKind::Light => "light",
        }
    }
}

/// One act of reporting (spec/attribution.md): a source says, confirms or denies some content.
///
/// Spans point into the article. `speaker` is the mention as written in the cue's sentence
/// (`None` for an implicit subject or a passive); `resolved` is the most specific name the
/// article gives that speaker, anywhere in the article (`None` when nothing is known: a passive,
/// an unresolvable implicit subject).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub cue: Span,
    pub kind: CueKind,
    pub speaker: Option<Span>,
    pub resolved: Option<Span>,
    /// Index into `Doc::entities` of the entity the speaker is (or belongs to).
    pub entity: Option<u32>,
    pub anonymous: bool,
    pub content: Span,
    pub polarity: Polarity,
    /// More than half of the content's words are inside quotation marks.
    pub direct: bool,
    /// The party that relayed the statement («مراسل الجزيرة» "Al Jazeera's correspondent").
    pub via: Option<Span>,
    /// Index of the attribution whose content this one is reported inside.
    pub parent: Option<u32>,
}

/// A disputed claim: attributions (indices into `Doc::attributions`) that affirm it and others
/// that deny it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contradiction {
    /// The words that best state the claim (the shortest affirming content).
    pub claim: Span,
    pub affirm: Vec<u32>,
    pub deny: Vec<u32>,
}
