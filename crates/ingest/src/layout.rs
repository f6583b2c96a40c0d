//! Assembling a document's text from blocks, with the spans of the block hints.

use rasid_arabic::chars::is_invisible;
use rasid_arabic::lang::detect_lang;
use rasid_core::{Block, BlockKind, Span};

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
        self.hints.push(Block { kind, span: Span::from_range(start..self.text.len()), lang: detect_lang(s) });
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

/// True when `s` has nothing a reader would see.
pub(crate) fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
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
        assert_eq!((hints[0].lang, hints[1].lang), (rasid_core::Lang::Ar, rasid_core::Lang::En));
    }
}
