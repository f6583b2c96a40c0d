//! Arbitrary bytes through ingestion (format sniffing, decoding, HTML and JSON Lines) and the
//! whole pipeline: nothing may panic, and every layer must validate.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rasid_core::{DocJson, JsonOptions, Pipeline};
use std::sync::LazyLock;

static PIPELINE: LazyLock<Pipeline> =
    LazyLock::new(|| rasid_extract::pipeline::analysis().expect("the embedded NER model loads"));

fuzz_target!(|data: &[u8]| {
    let opts = rasid_ingest::Options::default();
    for doc in rasid_ingest::read_bytes("fuzz", data, &opts).flatten() {
        let mut doc = doc;
        // A stage error is an answer; a panic (caught and reported as DocError::Panic) or an
        // invalid layer is a bug.
        match PIPELINE.run(&mut doc) {
            Ok(()) => {
                let j = DocJson::from_doc(&doc, JsonOptions { tokens: true });
                let s = serde_json::to_string(&j).unwrap();
                let back: DocJson = serde_json::from_str(&s).unwrap();
                assert_eq!(back, j);
            }
            Err(rasid_core::DocError::Stage { .. }) => {}
            Err(e) => panic!("{e}"),
        }
    }
});
