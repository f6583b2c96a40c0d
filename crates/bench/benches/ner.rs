//! The NER tagger's speed in tokens per second on one thread: features, both passes and
//! decoding, over real news (the first ANT articles, tokenised by rasid's text layer, each
//! article tagged as one document), and over the ANERcorp test file's own tokens (with the
//! window of sentences `rasid eval ner` uses) when `../shared/corpus` is present.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rasid_core::Doc;
use rasid_ner::Tagger;
use std::hint::black_box;

fn ner(c: &mut Criterion) {
    let tagger = Tagger::embedded().expect("embedded model");
    let mut g = c.benchmark_group("ner");
    g.sample_size(10);

    // News articles: sentences of word strings as the pipeline gives them.
    let texts = rasid_bench::sample_texts(1_000_000);
    let text_layer = rasid_extract::pipeline::text_layer();
    let mut articles: Vec<Vec<Vec<String>>> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let mut d = Doc::new(i.to_string(), t.clone());
        text_layer.run(&mut d).expect("text layer");
        articles.push(d.sentence_words().iter().map(|s| s.iter().map(|w| w.to_string()).collect()).collect());
    }
    let tokens: usize = articles.iter().flatten().map(Vec::len).sum();
    g.throughput(Throughput::Elements(tokens as u64));
    g.bench_function("tag_news_articles", |b| {
        b.iter(|| {
            let mut entities = 0;
            for a in &articles {
                let words: Vec<Vec<&str>> =
                    a.iter().map(|s| s.iter().map(String::as_str).collect()).collect();
                let sents: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
                for l in tagger.tag_document(&sents, None) {
                    entities += l.iter().filter(|x| x.is_begin()).count();
                }
            }
            assert!(entities > 0, "no entity found: nothing was measured");
            black_box(entities)
        })
    });

    let gold = rasid_bench::corpus_path("ner/anercorp/test.txt");
    if let Ok(sents) = rasid_ner::conll::read_file(&gold, rasid_ner::conll::UnknownTags::Error) {
        let words: Vec<Vec<&str>> =
            sents.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
        let n: usize = words.iter().map(Vec::len).sum();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function("tag_anercorp_test", |b| {
            b.iter(|| {
                let refs: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
                let out = tagger.tag_document(&refs, Some(tagger.window()));
                assert_eq!(out.len(), refs.len());
                black_box(out)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, ner);
criterion_main!(benches);
