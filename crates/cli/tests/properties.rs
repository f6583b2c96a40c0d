//! Properties of the whole text layer on arbitrary, Arabic-biased text: no stage panics, every
//! layer validates, code point offsets in the JSON select the same text as the byte spans, and
//! the JSON round-trips.

use proptest::prelude::*;
use rasid_core::{Doc, DocJson, JsonOptions};

fn arabic_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        // words, some with clitics, diacritics and tatweel
        8 => prop::sample::select(vec![
            "وقال", "الناطق", "باسمها", "للجزيرة", "وزارة", "بيان", "كتاب", "ليبيـــا", "وزارةُ",
            "مصادر", "المصدر", "القاهرة", "أ", "ف", "ب", "د", "REUTERS/Ismail", "Tripoli", "U.S.",
        ]).prop_map(String::from),
        3 => prop::sample::select(vec![
            " ", " ", " ", "\n", "\n\n", "\r\n", ".", "..", "،", "؟", "!", ":", "«", "»", "\"", "-", " -",
            "(", ")", "%", "٪", "/", "+", "\u{200F}", "\u{FEFF}", "ـ", "\u{064B}", "\u{200B}", "\u{200C}",
            "\u{200D}", "\u{2028}", "\u{00AD}", "\u{202B}", "«قال: \"نعم.\" ثم»", "‘", "’", "د.", "ق. م",
        ]).prop_map(String::from),
        2 => prop::sample::select(vec!["2019", "28/4/2019", "٣٫٥", "1,200", "10:30", "45%", "https://a.b/c", "#وسم", "@x", "a@b.co"]).prop_map(String::from),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn pipeline_holds_its_invariants(text in arabic_text()) {
        let p = rasid_extract::pipeline::analysis().expect("embedded model");
        let mut doc = Doc::new("prop", text.clone());
        p.run(&mut doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(doc.validate().is_ok());
        // Entities lie inside one sentence and hold a letter.
        for e in &doc.entities {
            prop_assert!(doc.sentences.iter().any(|s| s.span.contains(e.span)), "entity {:?} outside every sentence", doc.slice(e.span));
            prop_assert!(doc.slice(e.span).chars().any(char::is_alphabetic), "entity {:?} without a letter", doc.slice(e.span));
        }
        // Every non-space character is inside a block.
        for (i, c) in text.char_indices() {
            if !c.is_whitespace() && !rasid_arabic::chars::is_invisible(c) {
                prop_assert!(doc.blocks.iter().any(|b| b.span.range().contains(&i)), "{c:?} at {i} outside every block");
            }
        }
        // Tokens and sentences each lie inside one block.
        for t in &doc.tokens {
            prop_assert!(doc.blocks.iter().any(|b| b.span.contains(t.span)), "token {:?} outside every block", doc.slice(t.span));
        }
        for s in &doc.sentences {
            prop_assert!(doc.blocks.iter().any(|b| b.span.contains(s.span)), "sentence {:?} outside every block", doc.slice(s.span));
        }
        let json = DocJson::from_doc(&doc, JsonOptions { tokens: true });
        let chars: Vec<char> = text.chars().collect();
        let by_cp = |a: u32, b: u32| chars[a as usize..b as usize].iter().collect::<String>();
        for (b, j) in doc.blocks.iter().zip(&json.blocks) {
            prop_assert_eq!(by_cp(j.start, j.end), doc.slice(b.span));
        }
        for (s, j) in doc.sentences.iter().zip(&json.sentences) {
            prop_assert_eq!(by_cp(j.start, j.end), doc.slice(s.span));
        }
        for (e, j) in doc.entities.iter().zip(&json.entities) {
            prop_assert_eq!(by_cp(j.start, j.end), doc.slice(e.span));
            prop_assert_eq!(&j.text, doc.slice(e.span));
        }
        for t in json.tokens.as_ref().unwrap() {
            prop_assert_eq!(&by_cp(t.start, t.end), &t.text);
            for part in &t.parts {
                prop_assert!(t.start <= part.start && part.end <= t.end);
            }
        }
        let s = serde_json::to_string(&json).unwrap();
        let back: DocJson = serde_json::from_str(&s).unwrap();
        prop_assert_eq!(back, json);
    }
}
