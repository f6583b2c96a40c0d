//! The text layer against Meilisearch's charabia tokenizer, on the same Arabic news text in the
//! same run. charabia is built without default features (its defaults download dictionaries),
//! which leaves its Arabic path: word segmentation plus «ال» splitting and lossy folding.

use charabia::Tokenize;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rasid_arabic::tokenize::tokenize_into;
use rasid_core::Doc;
use std::hint::black_box;

fn text_layer(c: &mut Criterion) {
    let texts = rasid_bench::sample_texts(2_000_000);
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut g = c.benchmark_group("text_layer");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);

    g.bench_function("rasid_tokenize", |b| {
        let mut toks = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                toks.clear();
                tokenize_into(t, &mut toks);
                n += toks.len();
            }
            assert!(n > 0);
            black_box(n)
        })
    });

    let pipeline = rasid_extract::pipeline::text_layer();
    let docs: Vec<Doc> = texts.iter().enumerate().map(|(i, t)| Doc::new(i.to_string(), t.clone())).collect();
    g.bench_function("rasid_text_layer", |b| {
        b.iter_batched(
            || docs.clone(),
            |docs| {
                let mut n = 0;
                for mut d in docs {
                    pipeline.run(&mut d).unwrap();
                    n += d.tokens.len() + d.sentences.len();
                }
                assert!(n > 0);
                black_box(n)
            },
            criterion::BatchSize::LargeInput,
        )
    });

    g.bench_function("charabia_tokenize", |b| {
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                n += t.as_str().tokenize().filter(|tok| tok.is_word()).count();
            }
            assert!(n > 0);
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, text_layer);
criterion_main!(benches);
