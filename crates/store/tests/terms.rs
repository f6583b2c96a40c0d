//! The index terms of an analysed document (from the pipeline's tokens, folds and clitic
//! segmentations) are exactly those of the text read afresh, as a query is read: otherwise a
//! word could be indexed under one form and searched for under another.

use proptest::prelude::*;
use rasid_core::Doc;
use rasid_store::terms::{doc_columns, doc_terms, index_columns, terms};

fn check(text: &str) {
    let p = rasid_extract::pipeline::text_layer();
    let mut d = Doc::new("t", text);
    p.run(&mut d).expect("text layer");
    let fresh = terms(text);
    assert_eq!(doc_terms(&d), fresh, "{text:?}");
    assert_eq!(doc_columns(&d), index_columns(&fresh), "{text:?}");
}

#[test]
fn written_forms() {
    // "and for the government", vowelled; "the negotiations"; Latin; presentation form ﻻ;
    // tatweel inside a proclitic; Arabic-Indic digits; a hamza written as a combining mark.
    for t in [
        "وَلِلْحُكُومَةِ المفاوضات NATO's e-mail",
        "ﻻ بد، والـحكومة ٢٠١٩ بالإضافة",
        "وا\u{0654}كد الوزير «حفتر» 2019/4/7",
        "فـــي وللمـفاوضات",
    ] {
        check(t);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_text(s in "[وفبلكسالحمةتنيىأإآءؤئـًٌٍَُِّْٰٔa-zA-Z0-9٠-٩ .،«»\n-]{0,60}") {
        check(&s);
    }
}
