//! `rasid eval ner` and `rasid train ner` on small gold files written here (no ../shared needed).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn rasid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rasid")).args(args).output().expect("runs")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rasid-ner-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// "Prime Minister Fayez al-Sarraj arrived in Tripoli." and "Haftar's forces attacked Misrata."
const GOLD: &str = "ووصل O\nرئيس O\nالوزراء O\nفايز B-PERS\nالسراج I-PERS\nإلى O\nطرابلس B-LOC\n. O\n\n\
هاجمت O\nقوات B-ORG\nحفتر I-ORG\nمصراتة B-LOC\n. O\n";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn eval_prints_scores_and_honours_the_threshold() {
    let d = tmp("eval");
    let gold = write(&d, "gold.txt", GOLD);
    let ok = rasid(&["eval", "ner", "--gold", &gold]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(out.contains("overall") && out.contains("tokens/s"), "{out}");
    // 1.0 is out of reach of any model on this file unless it is perfect; 0.0 always passes.
    let j = rasid(&["eval", "ner", "--gold", &gold, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    let f1 = v["overall"]["f1"].as_f64().unwrap();
    assert_eq!(v["tokens"].as_u64(), Some(13));
    let strict = rasid(&["eval", "ner", "--gold", &gold, "--min-f1", "1"]);
    assert_eq!(strict.status.code(), Some(if f1 < 1.0 { 1 } else { 0 }));
}

#[test]
fn eval_writes_predictions_beside_the_gold_tags() {
    let d = tmp("pred");
    let gold = write(&d, "gold.txt", GOLD);
    let pred = d.join("pred.txt");
    let o = rasid(&["eval", "ner", "--gold", &gold, "--predictions", &pred.display().to_string()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&pred).unwrap();
    let sents: Vec<&str> = text.trim_end().split("\n\n").collect();
    assert_eq!(sents.len(), 2, "{text}");
    let rows: Vec<Vec<&str>> =
        text.lines().filter(|l| !l.is_empty()).map(|l| l.split(' ').collect()).collect();
    assert_eq!(rows.len(), 13);
    assert!(rows.iter().all(|r| r.len() == 3), "{text}");
    // The gold column is the file's tags (as the tagger names them), token for token.
    assert_eq!(rows[3][..2], ["فايز", "B-PER"]);
    assert_eq!(rows[6][..2], ["طرابلس", "B-LOC"]);
    assert_eq!(rows[10][..2], ["حفتر", "I-ORG"]);
}

#[test]
fn the_crf_learner_is_reproducible_and_learns_its_data() {
    let (d, gold) = model_folder("crf");
    let log = train_twice(&d, &gold, &["--learner", "crf", "--c1", "0.01", "--c2", "0.01"]);
    assert!(log.contains("L-BFGS iterations"), "{log}");
    let e = rasid(&["eval", "ner", "--gold", &gold, "--model", &d.display().to_string(), "--json"]);
    assert!(e.status.success(), "{}", String::from_utf8_lossy(&e.stderr));
    let v: serde_json::Value = serde_json::from_slice(&e.stdout).unwrap();
    assert!(v["overall"]["f1"].as_f64().unwrap() > 0.9, "{v}");
}

/// A folder with the gold sentences three times over and the clusters and gazetteer a model
/// folder needs beside the weights.
fn model_folder(name: &str) -> (PathBuf, String) {
    let d = tmp(name);
    let gold = write(&d, "gold.txt", &GOLD.repeat(3));
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/ner");
    for f in ["clusters.tsv.gz", "gazetteer.tsv.gz"] {
        std::fs::copy(models.join(f), d.join(f)).unwrap();
    }
    (d, gold)
}

/// Trains twice into `d` with `args`, checks both models are the same bytes, and returns the
/// second run's log.
fn train_twice(d: &Path, gold: &str, args: &[&str]) -> String {
    let out = d.join("ner.model.gz").display().to_string();
    let again = d.join("again.gz").display().to_string();
    let mut log = String::new();
    for o in [&out, &again] {
        let mut a = vec!["train", "ner", gold, "--out", o.as_str()];
        a.extend_from_slice(args);
        let t = rasid(&a);
        assert!(t.status.success(), "{}", String::from_utf8_lossy(&t.stderr));
        log = String::from_utf8_lossy(&t.stderr).into_owned();
    }
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap(), "same data, same model");
    log
}

#[test]
fn bad_gold_files_are_named_with_their_line() {
    let d = tmp("bad");
    let bad = write(&d, "bad.txt", "قال O\nطرابلس B-CITY\n");
    let o = rasid(&["eval", "ner", "--gold", &bad]);
    assert_eq!(o.status.code(), Some(3), "{o:?}");
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("bad.txt:2") && e.contains("unknown tag"), "{e}");
    let missing = rasid(&["eval", "ner", "--gold", "/nonexistent/gold.txt"]);
    assert_eq!(missing.status.code(), Some(2));
    let range = rasid(&["eval", "ner", "--gold", &bad, "--min-f1", "1.5"]);
    assert_eq!(range.status.code(), Some(2));
}

#[test]
fn train_is_reproducible_and_its_model_evaluates() {
    let (d, gold) = model_folder("train");
    train_twice(&d, &gold, &["--epochs", "3"]);
    let out = d.join("ner.model.gz").display().to_string();
    let e = rasid(&["eval", "ner", "--gold", &gold, "--model", &d.display().to_string(), "--json"]);
    assert!(e.status.success(), "{}", String::from_utf8_lossy(&e.stderr));
    let v: serde_json::Value = serde_json::from_slice(&e.stdout).unwrap();
    // Trained and tested on the same three sentences: it has learnt them.
    assert!(v["overall"]["f1"].as_f64().unwrap() > 0.9, "{v}");
    // A corrupt model is an error naming the file, not a panic.
    std::fs::write(&out, b"not a model").unwrap();
    let c = rasid(&["eval", "ner", "--gold", &gold, "--model", &d.display().to_string()]);
    assert_eq!(c.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&c.stderr).contains("ner.model.gz"));
}

#[test]
fn usage_mistakes_are_caught_before_training() {
    let d = tmp("usage");
    let gold = write(&d, "gold.txt", GOLD);
    // --out naming a folder: refused at once, nothing in the folder touched.
    let o = rasid(&["train", "ner", &gold, "--out", &d.display().to_string()]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!d.join("lexicon.bin.gz").exists());
    // An empty gold file is not a score of zero.
    let empty = write(&d, "empty.txt", "\n\n");
    let e = rasid(&["eval", "ner", "--gold", &empty]);
    assert_eq!(e.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&e.stderr).contains("no `token TAG` sentences"));
}
