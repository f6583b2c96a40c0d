//! The tagger over arbitrary token sequences: one label per token, always well-formed IOB2,
//! no panic, and the same labels however the tokens are grouped into calls.

use proptest::prelude::*;
use rasid_ner::{Label, Tagger};

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "قال", "الرئيس", "فايز", "السراج", "في", "طرابلس", "وطرابلس", "حكومة", "الوفاق", "الميجر", "كارل",
            "ويست", "أفريكوم", "،", ".", "«", "»", "2019", "Tripoli", "REUTERS", "/", "للجزيرة", "ال", "و",
        ])
        .prop_map(String::from),
        1 => "\\PC{1,8}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn well_formed(labels: &[Label]) -> bool {
    labels.first().is_none_or(|l| l.can_start()) && labels.windows(2).all(|w| w[0].allows(w[1]))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn labels_are_well_formed(sents in prop::collection::vec(prop::collection::vec(token(), 0..30), 0..6)) {
        let tagger = Tagger::embedded().expect("embedded model");
        let words: Vec<Vec<&str>> = sents.iter().map(|s| s.iter().map(String::as_str).collect()).collect();
        let refs: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        for window in [None, Some(0), Some(2)] {
            let out = tagger.tag_document(&refs, window);
            prop_assert_eq!(out.len(), refs.len());
            for (l, w) in out.iter().zip(&refs) {
                prop_assert_eq!(l.len(), w.len());
                prop_assert!(well_formed(l), "{:?}", l);
            }
        }
        // A single sentence tagged alone is the document of one sentence.
        if let Some(first) = refs.first() {
            prop_assert_eq!(tagger.tag(first), tagger.tag_document(&[first], None).remove(0));
        }
    }
}
