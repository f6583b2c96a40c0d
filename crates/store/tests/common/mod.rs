//! What the store's integration tests share.

use rasid_core::{Doc, DocJson, JsonOptions, Meta};
use rasid_store::Prepared;

/// An article run through the whole pipeline and prepared for the store.
pub fn analysed(id: &str, text: &str, url: &str, source: &str, published: &str) -> Prepared {
    let meta = Meta {
        url: Some(url.into()),
        source: Some(source.into()),
        published: Some(published.into()),
        ..Meta::default()
    };
    let p = rasid_extract::pipeline::analysis().expect("pipeline");
    let mut doc = Doc::new(id, text).with_meta(meta);
    p.run(&mut doc).expect("analysis");
    Prepared::new(DocJson::from_doc(&doc, JsonOptions::default()))
}
