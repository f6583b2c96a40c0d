//! The article structure stage: splits the text into blocks (title, captions, headings,
//! paragraphs, datelines, source line ...) and tags each with its language.
//!
//! # Blocks
//!
//! Every non-blank line is one block: the articles rasid reads put each paragraph, caption and
//! heading on a line of its own, and blank lines only add space. Lines end at `\n`, `\r\n`, a
//! lone `\r`, or U+2028/U+2029; a block's span never includes the line break, nor the spaces,
//! byte-order mark or bidi marks around the line. The one exception to one-line-one-block is a
//! dateline, which is split off the paragraph it heads.
//!
//! Blocks from [`Doc::block_hints`] (markup the input carried: an HTML headline, a
//! `<figcaption>`, a JSONL title) are kept as they are; only the text outside them is classified.
//! A `Paragraph` hint is the exception: markup marks every `<p>` so, whatever it holds, and the
//! hint is taken for its boundaries only, its kind left to the rules (a `<p>` may hold a
//! dateline, the source line or a share button).
//!
//! # Classification
//!
//! Lines are read in order, each with its neighbours in view; the first rule that matches wins:
//!
//! 1. no letters and no digits («-----», «* * *») → [`BlockKind::Other`];
//! 2. page furniture: «شارك» "share", «اقرأ أيضاً» "read also" (and the short link lines that
//!    follow a bare one), «للمزيد: ...» "for more: ...", share buttons, app promotions, opinion
//!    disclaimers → `Other`;
//! 3. «المصدر : الجزيرة + وكالات» "source: Al Jazeera + agencies", «المصدر: وكالات»,
//!    «نقلاً عن ...» "quoted from ..." → [`BlockKind::Source`];
//! 4. «بقلم ...» "by ...", «التحليل بقلم ...» "analysis by ...", «كتب: ...» "wrote: ...", under
//!    the headline «كتب محمد السيد» "Mohammed al-Sayed wrote", "By Name", Reuters' «(إعداد ...
//!    للنشرة العربية ...)» → [`BlockKind::Byline`];
//! 5. a photo credit line: «تصوير: ...» "photo: ...", «مصدر الصورة ...» "picture source ...",
//!    "Photo: ...", "REUTERS/Name" alone → [`BlockKind::Credit`] (when what follows the cue is
//!    a description rather than a name, «الصورة: متظاهرون في ...» "the picture: protesters in
//!    ...", a `Caption`); «تعليق على الصورة» "caption on the picture" → `Caption`;
//! 6. a line of agency names only («فرانس24/ أ ف ب» "France24/AFP», «وكالات» "agencies»,
//!    «أرشيفية» "archive picture"): `Credit` when it names a picture source or follows a
//!    caption, `Source` at the end of the article or before its body, `Credit` elsewhere;
//! 7. a dateline (see `parse::dateline`): «بيروت - رويترز:» "Beirut - Reuters:", «واشنطن
//!    (رويترز) -», «دبي، الإمارات العربية المتحدة (CNN)--», «دبي - العربية.نت» alone on its
//!    line, and under the headline «لندن – «القدس العربي»:», «القاهرة - أحمد الريدي» "Cairo -
//!    Ahmed al-Ridi", «الجزيرة نت-القاهرة», «فيينا، النمسا» "Vienna, Austria" → a
//!    [`BlockKind::Dateline`] block, followed by a `Paragraph` for the rest of the line;
//! 8. the first block, when short (≤ 30 words) and not closed by a full stop, colon or comma (a
//!    question mark, «!» or «..» may close a headline) → [`BlockKind::Title`];
//! 9. a line closed by a photo credit — «(رويترز)», «(أ ف ب)», «(الفرنسية)», «(الأوروبية)»,
//!    «(غيتي)», «(الأناضول)», «(مواقع التواصل)», «(رويترز-أرشيف)», «© أ ف ب», "REUTERS/Name",
//!    "AFP/Getty Images" ... — or followed by a credit line → [`BlockKind::Caption`]. A
//!    bracketed agency that glosses a name in running text («وكالة الأنباء السعودية (واس)» "the
//!    Saudi Press Agency (SPA)") is not a credit, and below the head of the article neither is
//!    a bracketed credit after a full stop;
//! 10. a short line (≤ 25 words, not closed by a full stop, «!», colon or comma) right after the
//!     title → [`BlockKind::Subtitle`];
//! 11. a short line (≤ 12 words) not closed by a full stop, colon or comma, with body text after
//!     it («لماذا الآن؟» "why now?", «اشتباكات» "clashes") → [`BlockKind::Heading`];
//! 12. anything else → [`BlockKind::Paragraph`].
//!
//! The head of the article is what comes before its first paragraph or heading: captions are
//! looked for with more confidence there, and the datelines without an agency only there.
//!
//! Cue words are compared after folding hamza forms, ى/ي, ة/ه, diacritics, tatweel and spaces,
//! so «إقرأ ايضاً» and «اقرأ أيضا» are the same cue. The lists are in `structure/cues.rs`.
//!
//! # Cost
//!
//! One pass splits lines; each line is then read once for its features (words, letters by
//! script, closing punctuation) and looked at in bounded windows (its head for cues and
//! datelines, its tail for credits). No regular expressions, no allocation per line: one vector
//! of line records per document. About 150 MB/s on one core over the ANT corpus.

mod cues;
mod parse;

use cues::{BYLINE_AR, BYLINE_LATIN, CAPTION, CREDIT, JUNK, RELATED, SOURCE, match_cue, skip_bullets};
use parse::{End, agency_list, credit_suffix, dateline, end_kind, is_agency_list};
use rasid_arabic::chars::{is_arabic_letter, is_latin_letter};
use rasid_arabic::lang::Script;
use rasid_core::{Block, BlockKind, Doc, Lang, Layer, Span, Stage, StageError};

/// Longest title, in words and characters.
const TITLE_MAX_WORDS: u32 = 30;
const TITLE_MAX_CHARS: u32 = 250;
/// Longest subtitle.
const SUBTITLE_MAX_WORDS: u32 = 25;
const SUBTITLE_MAX_CHARS: u32 = 180;
/// Longest heading; a line this short without closing punctuation is not body text.
const HEADING_MAX_WORDS: u32 = 12;
const HEADING_MAX_CHARS: u32 = 90;
/// Longest caption.
const CAPTION_MAX_WORDS: u32 = 60;
/// Longest link line in a «اقرأ أيضاً» "read also" list.
const RELATED_MAX_WORDS: u32 = 20;
const RELATED_MAX_LINES: u32 = 8;

/// The article structure stage (name `structure`): fills [`Doc::blocks`] from the text and
/// [`Doc::block_hints`].
///
/// ```
/// use rasid_core::{BlockKind, Doc, Lang, Stage};
/// use rasid_extract::Structure;
///
/// // "Clashes in Tripoli" / a caption credited to Reuters / "Beirut - Reuters: the army said
/// // ..." / "Source: agencies".
/// let text = "اشتباكات في طرابلس\n\nمقاتلون قرب العاصمة (رويترز)\n\nبيروت - رويترز: قال الجيش إن الوضع هادئ.\n\nالمصدر: وكالات";
/// let mut doc = Doc::new("d", text);
/// Structure::new().process(&mut doc).unwrap();
/// let kinds: Vec<BlockKind> = doc.blocks.iter().map(|b| b.kind).collect();
/// use BlockKind::*;
/// assert_eq!(kinds, [Title, Caption, Dateline, Paragraph, Source]);
/// assert_eq!(doc.slice(doc.blocks[2].span), "بيروت - رويترز:");
/// assert!(doc.blocks.iter().all(|b| b.lang == Lang::Ar));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Structure {
    _private: (),
}

impl Structure {
    pub fn new() -> Structure {
        Structure::default()
    }

    /// The blocks of `text`, given the blocks its markup already fixed (`hints`, kept as they
    /// are after trimming, except that a paragraph hint fixes only where a block starts and
    /// ends; hints out of bounds, off char boundaries or overlapping an earlier one are
    /// ignored). The result is sorted, disjoint, and every span is non-empty, on char
    /// boundaries, and trimmed of surrounding space. Text past 4 GiB (more than a span can
    /// address, and more than [`Doc`] accepts) is ignored.
    pub fn blocks(&self, text: &str, hints: &[Block]) -> Vec<Block> {
        let mut end = text.len().min(Doc::MAX_LEN);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let text = &text[..end];
        let hints = clean_hints(text, hints);
        let items = items(text, &hints);
        let mut out = Vec::with_capacity(items.len() + 2);
        Classifier::new(text, &items, &hints).run(&mut out);
        out
    }
}

impl Stage for Structure {
    fn name(&self) -> &'static str {
        "structure"
    }

    fn requires(&self) -> &'static [Layer] {
        &[]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Blocks]
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        doc.blocks = self.blocks(doc.text(), &doc.block_hints);
        Ok(())
    }
}

/// Characters trimmed from both ends of a block: spaces and line breaks, and the invisible marks
/// (byte-order mark, zero-width space, bidi controls) that pasted text carries at line edges.
#[inline]
fn is_trim(c: char) -> bool {
    c.is_whitespace() || rasid_arabic::chars::is_invisible(c)
}

/// `a..b` narrowed to exclude [`is_trim`] characters at both ends (`a == b` when nothing is left).
#[inline]
fn trim(text: &str, a: usize, b: usize) -> (usize, usize) {
    let s = &text[a..b];
    let t = s.trim_start_matches(is_trim);
    let a2 = a + (s.len() - t.len());
    let t = t.trim_end_matches(is_trim);
    (a2, a2 + t.len())
}

/// Hints that can be trusted: in bounds, on char boundaries, trimmed, non-empty, sorted, and not
/// overlapping an earlier one.
fn clean_hints(text: &str, hints: &[Block]) -> Vec<Block> {
    let mut v: Vec<Block> = hints
        .iter()
        .filter_map(|h| {
            let (a, b) = (h.span.start as usize, h.span.end as usize);
            if a > b || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                return None;
            }
            let (a, b) = trim(text, a, b);
            (a < b).then(|| Block { span: Span::from_range(a..b), ..*h })
        })
        .collect();
    v.sort_by_key(|b| (b.span.start, b.span.end));
    let mut end = 0;
    v.retain(|b| {
        let keep = b.span.start >= end;
        if keep {
            end = b.span.end;
        }
        keep
    });
    v
}

/// One unit to classify: a trimmed line (or the part of a line outside the hints), or a hint.
#[derive(Clone, Copy, Debug)]
struct Item {
    start: usize,
    end: usize,
    /// Index into the cleaned hints.
    hint: Option<usize>,
    /// A blank line comes before this item.
    blank_before: bool,
    f: Features,
}

/// What the rules read of a line, gathered in one pass.
#[derive(Clone, Copy, Debug, Default)]
struct Features {
    words: u32,
    chars: u32,
    script: Script,
    end: End,
}

impl Features {
    fn of(s: &str) -> Features {
        let (mut words, mut chars, mut in_word) = (0, 0, false);
        let mut script = Script::default();
        for c in s.chars() {
            chars += 1;
            if is_arabic_letter(c) {
                script.arabic += 1;
            } else if is_latin_letter(c) {
                script.latin += 1;
            } else if c.is_whitespace() {
                in_word = false;
                continue;
            }
            if !in_word {
                in_word = true;
                words += 1;
            }
        }
        Features { words, chars, script, end: end_kind(s) }
    }

    fn has_letters(&self) -> bool {
        self.script.arabic + self.script.latin > 0
    }

    /// Short enough, and open enough at the end, to be a heading.
    fn heading_like(&self) -> bool {
        self.words <= HEADING_MAX_WORDS
            && self.chars <= HEADING_MAX_CHARS
            && matches!(self.end, End::Open | End::Question | End::Bang | End::Ellipsis)
    }

    /// Reads as body text: long, or closed by a full stop, colon or comma.
    fn prose(&self) -> bool {
        self.words > HEADING_MAX_WORDS
            || self.chars > HEADING_MAX_CHARS
            || matches!(self.end, End::Period | End::Colon | End::Comma)
    }

    fn title_like(&self) -> bool {
        self.words <= TITLE_MAX_WORDS
            && self.chars <= TITLE_MAX_CHARS
            && matches!(self.end, End::Open | End::Question | End::Bang | End::Ellipsis)
    }

    /// A lead sentence closed by «!» reads as body text, but a teaser question may be a subtitle.
    fn subtitle_like(&self) -> bool {
        self.words <= SUBTITLE_MAX_WORDS
            && self.chars <= SUBTITLE_MAX_CHARS
            && matches!(self.end, End::Open | End::Question | End::Ellipsis)
    }
}

/// Splits `text` into lines, and the lines around the hints into pieces, in text order.
fn items(text: &str, hints: &[Block]) -> Vec<Item> {
    let mut out = Vec::with_capacity(text.len() / 200 + 4);
    let mut h = 0; // next hint to emit
    let mut covered = 0; // end of the hints emitted so far
    let mut blank = false;
    let piece = |out: &mut Vec<Item>, a: usize, b: usize, blank: &mut bool| {
        let (a, b) = trim(text, a, b);
        if a < b {
            let f = Features::of(&text[a..b]);
            out.push(Item { start: a, end: b, hint: None, blank_before: std::mem::take(blank), f });
        }
    };
    let mut line = |out: &mut Vec<Item>, a: usize, b: usize, blank: &mut bool| {
        let (a, b) = trim(text, a, b);
        if a == b {
            *blank = true;
            return;
        }
        let mut cur = a.max(covered);
        while h < hints.len() && (hints[h].span.start as usize) < b {
            let hs = hints[h].span;
            if hs.start as usize > cur {
                piece(out, cur, hs.start as usize, blank);
            }
            let f = Features::of(&text[hs.range()]);
            out.push(Item {
                start: hs.start as usize,
                end: hs.end as usize,
                // A paragraph hint only says where a block of the markup begins and ends (an
                // HTML `<p>`): what it holds (a dateline, the source line, a share button) is
                // for the rules to say.
                hint: (hints[h].kind != BlockKind::Paragraph).then_some(h),
                blank_before: std::mem::take(blank),
                f,
            });
            covered = covered.max(hs.end as usize);
            cur = cur.max(hs.end as usize);
            h += 1;
        }
        if cur < b {
            piece(out, cur, b, blank);
        }
    };
    let bytes = text.as_bytes();
    let (mut i, mut start) = (0, 0);
    while i < bytes.len() {
        let brk = match bytes[i] {
            b'\n' => 1,
            b'\r' => 1 + (bytes.get(i + 1) == Some(&b'\n')) as usize,
            // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
            0xE2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) => 3,
            _ => 0,
        };
        if brk > 0 {
            line(&mut out, start, i, &mut blank);
            i += brk;
            start = i;
        } else {
            i += 1;
        }
    }
    line(&mut out, start, bytes.len(), &mut blank);
    out
}

/// The reading state of [`Classifier::run`].
struct Classifier<'a> {
    text: &'a str,
    items: &'a [Item],
    hints: &'a [Block],
    /// The title may still be found: no hint gave one and no block has been classified yet.
    title_open: bool,
    /// A paragraph or heading has been seen: the head of the article is over.
    body: bool,
    /// Lines left in a «اقرأ أيضاً» "read also" list.
    related: u32,
    /// The kind of the last block that was not `Other`.
    prev: Option<BlockKind>,
    /// Index of the last item that reads as body text; items after it are the tail.
    last_prose: Option<usize>,
}

impl<'a> Classifier<'a> {
    fn new(text: &'a str, items: &'a [Item], hints: &'a [Block]) -> Classifier<'a> {
        let last_prose = items.iter().rposition(|it| it.hint.is_none() && it.f.prose());
        Classifier {
            text,
            items,
            hints,
            title_open: !hints.iter().any(|b| b.kind == BlockKind::Title),
            body: false,
            related: 0,
            prev: None,
            last_prose,
        }
    }

    fn run(mut self, out: &mut Vec<Block>) {
        for i in 0..self.items.len() {
            let it = self.items[i];
            let span = Span::from_range(it.start..it.end);
            if let Some(h) = it.hint {
                let b = self.hints[h];
                let lang = if b.lang == Lang::Und { it.f.script.lang(self.slice(&it)) } else { b.lang };
                out.push(Block { kind: b.kind, span, lang });
                self.after(b.kind);
                continue;
            }
            let lang = it.f.script.lang(self.slice(&it));
            match self.classify(i) {
                Decision::One(kind) => {
                    out.push(Block { kind, span, lang });
                    self.after(kind);
                }
                Decision::Dateline { end, rest } => {
                    let (a, e) = trim(self.text, it.start, it.start + end);
                    let head = &self.text[a..e];
                    out.push(Block {
                        kind: BlockKind::Dateline,
                        span: Span::from_range(a..e),
                        lang: Script::count(head).lang(head),
                    });
                    let (b, e) = trim(self.text, it.start + rest, it.end);
                    if b < e {
                        let body = &self.text[b..e];
                        out.push(Block {
                            kind: BlockKind::Paragraph,
                            span: Span::from_range(b..e),
                            lang: Script::count(body).lang(body),
                        });
                        self.after(BlockKind::Paragraph);
                    } else {
                        self.after(BlockKind::Dateline);
                    }
                }
            }
        }
    }

    fn slice(&self, it: &Item) -> &'a str {
        &self.text[it.start..it.end]
    }

    /// Updates the state once a block of `kind` has been emitted.
    fn after(&mut self, kind: BlockKind) {
        if kind == BlockKind::Other {
            return;
        }
        self.title_open = false;
        if matches!(kind, BlockKind::Paragraph | BlockKind::Heading) {
            self.body = true;
        }
        self.prev = Some(kind);
    }

    fn classify(&mut self, i: usize) -> Decision {
        use BlockKind::*;
        let it = self.items[i];
        let s = self.slice(&it);
        let f = it.f;
        if !f.has_letters() && !s.chars().any(|c| c.is_numeric()) {
            return Decision::One(Other);
        }
        let bare = skip_bullets(s);

        // Link lines under a bare «اقرأ أيضاً» "read also".
        if self.related > 0 {
            if !it.blank_before && f.words <= RELATED_MAX_WORDS && !matches!(f.end, End::Period | End::Colon)
            {
                self.related -= 1;
                return Decision::One(Other);
            }
            self.related = 0;
        }
        if let Some(rest) = match_cue(bare, RELATED) {
            if !rest.chars().any(char::is_alphanumeric) {
                self.related = RELATED_MAX_LINES;
            }
            return Decision::One(Other);
        }
        if match_cue(bare, JUNK).is_some() {
            return Decision::One(Other);
        }
        if f.words <= 15 && match_cue(bare, SOURCE).is_some() {
            return Decision::One(Source);
        }
        if f.words <= 15 && f.end == End::Open && (is_byline(bare) || self.head_byline(s)) {
            return Decision::One(Byline);
        }
        // «تصوير: أحمد محمد» "photo: Ahmed Mohammed" credits; «الصورة: متظاهرون في ...» "the
        // picture: protesters in ..." describes.
        if let Some(rest) = match_cue(bare, CREDIT) {
            if rest.split_whitespace().count() <= 5 || is_agency_list(rest) {
                return Decision::One(Credit);
            }
            if f.words <= CAPTION_MAX_WORDS {
                return Decision::One(Caption);
            }
        }
        if f.words <= CAPTION_MAX_WORDS
            && match_cue(bare, CAPTION).is_some_and(|rest| rest.chars().any(char::is_alphabetic))
        {
            return Decision::One(Caption);
        }
        let credit = if f.words <= CAPTION_MAX_WORDS { credit_suffix(s, f.script.latin > 0) } else { None };
        if credit.is_some_and(|c| c.start == 0) {
            return Decision::One(Credit);
        }
        if f.words <= 8
            && let Some(list) = agency_list(s)
        {
            let tail = self.last_prose.is_none_or(|p| i > p);
            return Decision::One(if list.photo || matches!(self.prev, Some(Caption | Credit)) {
                Credit
            } else if tail || !self.body {
                Source
            } else {
                Credit
            });
        }
        if let Some(d) = dateline(s, !self.body && !self.title_open) {
            return if d.rest >= s.len() {
                Decision::One(Dateline)
            } else {
                Decision::Dateline { end: d.end, rest: d.rest }
            };
        }
        if self.title_open && credit.is_none() && f.title_like() {
            return Decision::One(Title);
        }
        if let Some(c) = credit
            && (!self.body || c.latin || !c.period_before)
        {
            return Decision::One(Caption);
        }
        // A caption whose credit went to the next line.
        if f.words <= CAPTION_MAX_WORDS && (!self.body || f.end != End::Period) && self.next_is_credit(i) {
            return Decision::One(Caption);
        }
        let more = i + 1 < self.items.len();
        if self.prev == Some(Title) && more && f.subtitle_like() {
            return Decision::One(Subtitle);
        }
        if i > 0 && f.heading_like() && self.next_is_prose(i) {
            return Decision::One(Heading);
        }
        Decision::One(Paragraph)
    }

    /// Under the headline, «كتب محمد السيد» "Mohammed al-Sayed wrote" without a colon.
    fn head_byline(&self, s: &str) -> bool {
        if self.body || self.title_open {
            return false;
        }
        let mut words = s.split_whitespace();
        let first = words.next().unwrap_or("");
        let rest = words.count();
        (1..=4).contains(&rest)
            && ["كتب", "كتبت"].iter().any(|w| cues::fold_eq(first, w))
            && s.chars().all(|c| c.is_alphabetic() || c.is_whitespace() || c == '.')
    }

    /// The item after `i` is a line of its own that only credits a photo: «تصوير: ...»
    /// "photo: ...", "REUTERS/Name", or an agency name that does not close the article.
    fn next_is_credit(&self, i: usize) -> bool {
        let Some(n) = self.items.get(i + 1).filter(|n| n.hint.is_none()) else {
            return false;
        };
        let s = self.slice(n);
        let bare = skip_bullets(s);
        (n.f.words <= 12 && match_cue(bare, CREDIT).is_some())
            || (n.f.words <= 8 && is_agency_list(s) && self.last_prose.is_some_and(|p| i + 1 < p))
            || credit_suffix(s, n.f.script.latin > 0).is_some_and(|c| c.start == 0)
    }

    /// The item after `i` reads as body text (a long or closed line; paragraph hints are items
    /// like lines, the other hints are not body text).
    fn next_is_prose(&self, i: usize) -> bool {
        self.items.get(i + 1).is_some_and(|n| n.hint.is_none() && n.f.prose())
    }
}

enum Decision {
    One(BlockKind),
    /// A dateline `[0, end)` heading a paragraph `[rest, len)` (offsets within the line).
    Dateline {
        end: usize,
        rest: usize,
    },
}

/// «بقلم ...» "by the pen of ...", «التحليل بقلم ...» "analysis by ...", «كتب: ...» "wrote: ...",
/// "By Jane Smith", "Par Jean Dupont".
fn is_byline(s: &str) -> bool {
    if let Some(rest) = match_cue(s, BYLINE_AR) {
        return rest.chars().any(char::is_alphabetic);
    }
    if s.split_whitespace().take(3).skip(1).any(|w| cues::fold_eq(w, "بقلم")) {
        return true;
    }
    // Reuters' closing «(إعداد ... للنشرة العربية - تحرير ...)» "(written by ... for the Arabic
    // service - edited by ...)".
    if s.starts_with('(') && s.ends_with(')') && s.contains("للنشرة العربية") {
        return true;
    }
    match_cue(s, BYLINE_LATIN).is_some_and(|rest| rest.trim_start().starts_with(char::is_uppercase))
}

#[cfg(test)]
mod tests;
