//! `rasid claims` and `rasid stories` over a store made by `rasid ingest`.

use std::process::{Command, Output};

fn rasid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rasid")).args(args).output().expect("runs")
}

/// Two outlets on one claim (the Russian defence ministry says Turkish aircraft bombed a
/// hospital in Idlib; the Turkish ministry denies it) and an unrelated denial (Barcelona denies
/// signing Neymar).
const JSONL: &str = r#"{"id":"a1","source":"bbc","published":"2020-05-10","url":"https://example.org/a1","title":"روسيا تتهم تركيا بقصف مستشفى في إدلب","text":"موسكو - قالت وزارة الدفاع الروسية إن طائرات حربية تركية قصفت مستشفى ميدانيا في مدينة إدلب السورية وقتلت عشرة مدنيين."}
{"id":"a2","source":"skynews","published":"2020-05-11","url":"https://example.org/a2","title":"أنقرة تنفي قصف مستشفى إدلب","text":"أنقرة - نفت وزارة الدفاع التركية أن تكون طائرات حربية تركية قد قصفت مستشفى ميدانيا في مدينة إدلب السورية."}
{"id":"a3","source":"cnn","published":"2020-05-10","url":"https://example.org/a3","title":"برشلونة ينفي التعاقد مع نيمار","text":"نفى نادي برشلونة الإسباني التعاقد مع اللاعب البرازيلي نيمار خلال فترة الانتقالات الصيفية. وقال المدرب إن الفريق سيلعب مباراته المقبلة في مدريد."}
"#;

#[test]
fn claims_and_stories_from_an_ingested_store() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, JSONL).unwrap();
    let db = dir.path().join("rasid.db");
    let db = db.to_str().unwrap();
    let out = rasid(&["ingest", "--store", db, input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let out = rasid(&["claims", "--store", db, "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(lines[0]["disputed"], true);
    assert_eq!(lines[0]["affirm"][0]["doc"], "a1");
    assert_eq!(lines[0]["deny"][0]["doc"], "a2");

    let out = rasid(&["claims", "--store", db]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("1. disputed across outlets"), "{text}");
    assert!(text.contains("affirms") && text.contains("denies") && text.contains("https://example.org/a2"));

    let out = rasid(&["stories", "--store", db, "--json"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);

    // Usage errors: a store that is not there, a date that is not a date.
    let missing = dir.path().join("missing.db");
    assert_eq!(rasid(&["claims", "--store", missing.to_str().unwrap()]).status.code(), Some(2));
    assert!(!missing.exists(), "reading must not create a store");
    assert_eq!(rasid(&["stories", "--store", db, "--since", "May"]).status.code(), Some(2));
}
