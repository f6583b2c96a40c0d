//! Assembling a document's text from blocks, with the spans of the block hints.

use rasid_core::{Block, BlockKind, Lang, Span};

/// Builds `block + "\n\n" + block + ...`, recording each block's byte span.
#[derive(Default)]
pub(crate) struct Layout {
    text: String,
    hints: Vec<Block>,
}

impl Layout {
    pub(crate) const SEPARATOR: &'static str = "\n\n";

    /// Appends a block (surrounding whitespace trimmed; a blank block is skipped).
    pub(crate) fn push(&mut self, kind: BlockKind, s: &str) {
        let s = s.trim();
        if is_blank(s) {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str(Self::SEPARATOR);
        }
        let start = self.text.len();
        self.text.push_str(s);
        self.hints.push(Block { kind, span: Span::from_range(start..self.text.len()), lang: guess_lang(s) });
    }

    /// Appends text that is not a hinted block (the body of a JSON Lines record), verbatim.
    pub(crate) fn push_unhinted(&mut self, s: &str) {
        if !self.text.is_empty() {
            self.text.push_str(Self::SEPARATOR);
        }
        self.text.push_str(s);
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn finish(self) -> (String, Vec<Block>) {
        (self.text, self.hints)
    }
}

/// Characters that take no room on screen: bidi marks, zero-width spaces and joiners, BOM.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}' | '\u{00AD}')
}

/// True when `s` has nothing a reader would see.
pub(crate) fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06FA}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}' | '\u{FB50}'..='\u{FDFB}' | '\u{FE70}'..='\u{FEFC}')
}

/// The main language of a block, from its letters: Arabic script wins a tie; Latin text is
/// French when French function words or accents outnumber English function words.
pub(crate) fn guess_lang(s: &str) -> Lang {
    let (mut arabic, mut latin) = (0usize, 0usize);
    for c in s.chars() {
        if is_arabic_letter(c) {
            arabic += 1;
        } else if c.is_alphabetic() && (c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c)) {
            latin += 1;
        }
    }
    if arabic == 0 && latin == 0 {
        return Lang::Und;
    }
    if arabic >= latin {
        return Lang::Ar;
    }
    const EN: &[&str] = &["the", "and", "of", "to", "in", "is", "for", "that", "with", "on", "by", "was"];
    const FR: &[&str] =
        &["le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "que", "sur", "au"];
    let (mut en, mut fr) = (0usize, 0usize);
    for w in s.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        let w = w.to_lowercase();
        en += EN.contains(&w.as_str()) as usize;
        fr += FR.contains(&w.as_str()) as usize;
        fr += w.chars().any(|c| "éèêàâçùûîôœë".contains(c)) as usize;
    }
    if fr > en { Lang::Fr } else { Lang::En }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_spans() {
        let mut l = Layout::default();
        l.push(BlockKind::Title, "  عنوان الخبر ");
        l.push(BlockKind::Paragraph, " \u{200F} ");
        l.push(BlockKind::Caption, "Photo: Reuters");
        let (text, hints) = l.finish();
        assert_eq!(text, "عنوان الخبر\n\nPhoto: Reuters");
        assert_eq!(&text[hints[0].span.range()], "عنوان الخبر");
        assert_eq!(&text[hints[1].span.range()], "Photo: Reuters");
        assert_eq!((hints[0].lang, hints[1].lang), (Lang::Ar, Lang::En));
    }

    #[test]
    fn languages() {
        assert_eq!(guess_lang("قال الناطق باسم الحكومة"), Lang::Ar); // "the government spokesman said"
        assert_eq!(guess_lang("The minister said on Sunday"), Lang::En);
        assert_eq!(guess_lang("Le ministre a déclaré dimanche que la situation"), Lang::Fr);
        assert_eq!(guess_lang("2019 - 04"), Lang::Und);
        assert_eq!(guess_lang("REUTERS/Ismail Zitouny رويترز"), Lang::En);
    }
}
