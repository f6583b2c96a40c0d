//! Builds the NER gazetteer from the shared corpus folder and checks it.
//!
//! ```text
//! cargo run --release -p rasid-ner --example build_gazetteer -- \
//!     ../shared/corpus/gazetteer models/ner/gazetteer.tsv.gz [--coverage ../shared/corpus/ner/anercorp/train.txt] [--top 40]
//! ```
//!
//! With `--coverage FILE` (ANERcorp format: `token TAG` lines, IOB2, blank line between
//! sentences) it reports, per gold type, the share of gold entity tokens that get a flag of a
//! matching kind, the share of O tokens that get any flag, and the entries that fire most often
//! on O tokens. Use it on the training split only.

use rasid_arabic::clitics::Segmenter;
use rasid_arabic::normalize::fold_str;
use rasid_core::Span;
use rasid_ner::gazetteer::{GazFlags, GazKind, GazMatch, Gazetteer, build};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut pos = Vec::new();
    let mut coverage = None;
    let mut top = 40usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--coverage" => coverage = args.next().map(PathBuf::from),
            "--top" => top = args.next().and_then(|n| n.parse().ok()).unwrap_or(top),
            _ => pos.push(PathBuf::from(a)),
        }
    }
    let [dir, out] = &pos[..] else {
        eprintln!("usage: build_gazetteer CORPUS/gazetteer OUT.tsv.gz [--coverage ANERCORP_TRAIN] [--top N]");
        return ExitCode::from(2);
    };
    match run(dir, out, coverage, top) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(
    dir: &Path,
    out: &Path,
    coverage: Option<PathBuf>,
    top: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let stats = build(dir, out)?;
    println!("{stats}");
    println!("written to {}", out.display());
    let t = Instant::now();
    let g = Gazetteer::load(out)?;
    println!("loaded {} entries in {:.1} ms", g.len(), t.elapsed().as_secs_f64() * 1e3);
    if let Some(path) = coverage {
        check_coverage(&g, &path, top)?;
    }
    Ok(())
}

/// Gold types and the gazetteer kinds that count as matching them.
const GOLD: [(&str, &[GazKind]); 4] = [
    ("LOC", &[GazKind::Country, GazKind::City, GazKind::Loc]),
    ("ORG", &[GazKind::Org]),
    ("PERS", &[GazKind::Per]),
    ("MISC", &[]),
];

fn check_coverage(g: &Gazetteer, path: &Path, top: usize) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    // Sentences of (token, gold type or "O").
    let mut sents: Vec<Vec<(&str, &str)>> = vec![Vec::new()];
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !sents.last().is_some_and(Vec::is_empty) {
                sents.push(Vec::new());
            }
            continue;
        }
        let (tok, tag) = line.rsplit_once(char::is_whitespace).ok_or("line without a tag")?;
        let ty = tag.split_once('-').map_or("O", |(_, t)| t);
        sents.last_mut().unwrap().push((tok, ty));
    }
    let seg = Segmenter::embedded();
    // Folded surface and base (proclitics removed) of every sentence, computed up front so that
    // the timing below covers matching only.
    let prepared: Vec<(Vec<String>, Vec<String>)> = sents
        .iter()
        .map(|s| {
            s.iter()
                .map(|(tok, _)| {
                    let span = Span::from_range(0..tok.len());
                    let b = seg.segment(tok).proclitics(span).last().map_or(0, |(_, p)| p.end as usize);
                    (fold_str(tok), fold_str(&tok[b..]))
                })
                .unzip()
        })
        .collect();

    let mut flags: Vec<GazFlags> = Vec::new();
    let mut matches: Vec<GazMatch> = Vec::new();
    // gold type → (tokens, tokens with a matching flag, tokens with any flag)
    let mut per_type: HashMap<&str, (usize, usize, usize)> = HashMap::new();
    // kind → O tokens it covers
    let mut o_by_kind = [0usize; GazKind::ALL.len()];
    // entry → O tokens it covers
    let mut o_by_entry: HashMap<u32, usize> = HashMap::new();
    // (gold type, folded token) → gold tokens without a matching flag
    let mut misses: HashMap<(&str, &str), usize> = HashMap::new();
    let mut ntok = 0usize;
    let mut secs = 0.0;
    for (sent, (surface, base)) in sents.iter().zip(&prepared) {
        let s: Vec<&str> = surface.iter().map(String::as_str).collect();
        let b: Vec<&str> = base.iter().map(String::as_str).collect();
        let t = Instant::now();
        g.annotate(&s, &b, &mut flags);
        secs += t.elapsed().as_secs_f64();
        ntok += s.len();
        matches.clear();
        g.find_matches(&s, &b, &mut matches);
        for (i, &(_, ty)) in sent.iter().enumerate() {
            let f = flags[i];
            let c = per_type.entry(ty).or_default();
            c.0 += 1;
            if !f.is_empty() {
                c.2 += 1;
            }
            if let Some((_, kinds)) = GOLD.iter().find(|(t, _)| *t == ty)
                && !kinds.is_empty()
            {
                if kinds.iter().any(|&k| f.covers(k)) {
                    c.1 += 1;
                } else {
                    *misses.entry((ty, surface[i].as_str())).or_default() += 1;
                }
            }
            if ty == "O" {
                for k in GazKind::ALL {
                    if f.covers(k) {
                        o_by_kind[k as usize] += 1;
                    }
                }
            }
        }
        for m in &matches {
            let o = (m.start..m.start + m.len).filter(|&i| sent[i].1 == "O").count();
            if o > 0 {
                *o_by_entry.entry(m.entry).or_default() += o;
            }
        }
    }
    println!("\ncoverage on {} ({} tokens, {} sentences)", path.display(), ntok, sents.len());
    println!("annotate: {:.0} tokens/s (one thread)", ntok as f64 / secs.max(1e-9));
    for (ty, kinds) in GOLD.iter().chain([("O", &[][..])].iter()) {
        let Some(&(n, hit, any)) = per_type.get(ty) else { continue };
        let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
        println!(
            "  {ty:<5} {n:>7} tokens: matching kind ({}) {:>5.1}%, any flag {:>5.1}%",
            if names.is_empty() { "-".to_string() } else { names.join("/") },
            pct(hit, n),
            pct(any, n)
        );
    }
    let n_o = per_type.get("O").map_or(0, |c| c.0);
    let o_kinds: Vec<String> = GazKind::ALL
        .iter()
        .map(|k| format!("{} {:.2}%", k.name(), pct(o_by_kind[*k as usize], n_o)))
        .collect();
    println!("  O tokens flagged, by kind: {}", o_kinds.join(", "));
    let mut worst: Vec<(usize, u32)> = o_by_entry.into_iter().map(|(e, n)| (n, e)).collect();
    worst.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    println!("entries firing most on O tokens:");
    for (n, e) in worst.into_iter().take(top) {
        let (k, name) = g.entry_text(e);
        println!("  {n:>5}  {:<12} {name}", k.name());
    }
    let mut misses: Vec<((&str, &str), usize)> = misses.into_iter().collect();
    misses.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (ty, _) in GOLD.iter().filter(|(_, k)| !k.is_empty()) {
        let top_misses: Vec<String> = misses
            .iter()
            .filter(|((t, _), _)| t == ty)
            .take(top / 2)
            .map(|((_, w), n)| format!("{w} {n}"))
            .collect();
        println!("most frequent {ty} tokens without a {ty} flag: {}", top_misses.join(", "));
    }
    Ok(())
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 }
}
