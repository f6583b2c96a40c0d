//! The collection commands end to end: search filters by place, speaker and entity name;
//! `rasid reindex` after a model change; a store written by schema version 1 migrated on open.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn rasid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rasid")).args(args).output().expect("runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn repo(p: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p).to_string_lossy().into()
}

/// A store holding the example article (published 2019-04-28) and the two items of the test
/// RSS feed.
fn store(name: &str) -> (PathBuf, String) {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let db = d.join("t.db").to_string_lossy().into_owned();
    for args in [
        vec!["ingest", "--store", &db, "--published", "2019-04-28", "examples/seed-libya-africom.txt"],
        vec!["ingest", "--store", &db, "crates/ingest/tests/fixtures/news.rss"],
    ] {
        let args: Vec<String> = args
            .iter()
            .map(|a| if a.contains('/') && !a.ends_with(".db") { repo(a) } else { a.to_string() })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = rasid(&args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    (d, db)
}

/// The `doc` of each JSON result.
fn found(db: &str, args: &[&str]) -> Vec<String> {
    let mut all = vec!["search", "--store", db, "--json"];
    all.extend_from_slice(args);
    let o = rasid(&all);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
    let mut docs: Vec<String> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"].as_str().unwrap().to_string())
        .collect();
    docs.sort();
    docs
}

#[test]
fn place_speaker_and_entity_filters() {
    let (_d, db) = store("collection-filters");
    let seed = ["seed-libya-africom"];
    // The feed's first item: «قالت حكومة الوفاق الليبية إن القوات الأميركية عادت إلى العاصمة
    // طرابلس» "the GNA said US forces returned to the capital Tripoli", «ونفت القيادة
    // الأفريقية ذلك» "and AFRICOM denied it".
    let both = ["rss-1", "seed-libya-africom"];
    // «طرابلس» "Tripoli" by name; «مصراتة» "Misrata" by its id: the seed article only.
    assert_eq!(found(&db, &["", "--place", "طرابلس"]), both);
    assert_eq!(found(&db, &["", "--place", "geonames:2214846"]), seed);
    // A place no article names.
    assert!(found(&db, &["", "--place", "بنغازي"]).is_empty());
    // «حفتر» "Haftar" alone: the catalogue knows the surname.
    assert_eq!(found(&db, &["", "--entity", "حفتر"]), seed);
    // AFRICOM speaks in both, found by its catalogue id and by a name.
    assert_eq!(found(&db, &["", "--speaker", "africom"]), both);
    assert_eq!(found(&db, &["", "--speaker", "أفريكوم"]), both);
    // Haftar is spoken about, not quoted.
    assert!(found(&db, &["", "--speaker", "حفتر"]).is_empty());
    // Words and filters together: «مصراتة» "Misrata" with Tripoli.
    assert_eq!(found(&db, &["مصراتة", "--place", "طرابلس"]), seed);
}

#[test]
fn reindex_replaces_an_outdated_analysis_and_keeps_the_rest() {
    let (_d, db) = store("collection-reindex");
    // The same model: nothing changes.
    let o = rasid(&["reindex", "--store", &db]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("3 articles re-analysed") && text(&o.stderr).contains("0 changed"),
        "{}",
        text(&o.stderr)
    );
    // An analysis made by an older model: no events, no attributions.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let id: i64 =
        conn.query_row("SELECT id FROM articles WHERE doc = 'seed-libya-africom'", [], |r| r.get(0)).unwrap();
    let events = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT count(*) FROM events WHERE article = ?1", [id], |r| r.get(0)).unwrap()
    };
    let before = events(&conn);
    assert!(before > 0);
    conn.execute("DELETE FROM events WHERE article = ?1", [id]).unwrap();
    conn.execute("DELETE FROM attributions WHERE article = ?1", [id]).unwrap();
    drop(conn);
    let o = rasid(&["reindex", "--store", &db]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert_eq!(events(&conn), before);
    let (articles, attributions): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM attributions WHERE article = ?1)",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(articles, 3);
    assert_eq!(attributions, 23, "the seed article's 23 attributions");
    // Search still finds it, once.
    assert_eq!(found(&db, &["أفريكوم"]), ["seed-libya-africom"]);
}

#[test]
fn a_version_1_store_is_migrated_on_open() {
    let (_d, db) = store("collection-migrate");
    // Turn the store back into schema version 1: plain JSON analysis, the two-column index
    // with the unicode61 tokenizer, a folded-name column, no speaker column.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let rows: Vec<(i64, String)> = {
        let mut st = conn.prepare("SELECT id, text FROM articles").unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let mut plain = Vec::new();
    {
        let store = rasid_store::SqliteStore::open(Path::new(&db)).unwrap();
        use rasid_store::Store;
        for (id, _) in &rows {
            let mut d = store.article(*id).unwrap().unwrap();
            d.text.clear();
            plain.push((*id, serde_json::to_string(&d).unwrap()));
        }
    }
    conn.execute_batch(
        "DROP TABLE fts;
         CREATE VIRTUAL TABLE fts USING fts5(surface, base, content='', contentless_delete=1,
             tokenize='unicode61 remove_diacritics 0');
         DROP INDEX attributions_speaker_fold;
         ALTER TABLE attributions DROP COLUMN speaker_fold;
         ALTER TABLE entities ADD COLUMN name_fold TEXT NOT NULL DEFAULT '';
         CREATE INDEX entities_name ON entities(name_fold);
         UPDATE meta SET value = '1' WHERE key = 'schema_version';",
    )
    .unwrap();
    for (id, json) in &plain {
        conn.execute("UPDATE articles SET analysis = ?2 WHERE id = ?1", rusqlite::params![id, json]).unwrap();
    }
    drop(conn);
    // Opening it for a search migrates it: words, stems and the speaker filter work, the
    // analysis stored as plain JSON still reads.
    assert_eq!(found(&db, &["أفريكوم"]), ["seed-libya-africom"]);
    assert_eq!(found(&db, &["", "--speaker", "africom"]), ["rss-1", "seed-libya-africom"]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let v: String =
        conn.query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get(0)).unwrap();
    assert_eq!(v, rasid_store::SCHEMA_VERSION.to_string());
    let store = rasid_store::SqliteStore::open(Path::new(&db)).unwrap();
    use rasid_store::Store;
    assert_eq!(store.article(rows[0].0).unwrap().unwrap().text, rows[0].1);
    store.check().unwrap();
}

/// An article whose URL was read earlier in the same ingest is skipped before analysis; the
/// same text under another URL is refused by the writer; both count as duplicates, and a second
/// ingest stores nothing more.
#[test]
fn repeated_articles_in_one_input_are_stored_once() {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("repeats");
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let db = d.join("t.db").to_string_lossy().into_owned();
    let src = d.join("in.jsonl");
    // «قال المتحدث إن الاجتماع عقد في طرابلس» "the spokesman said the meeting was held in Tripoli".
    let rec =
        |id: &str, url: &str, text: &str| serde_json::json!({"id": id, "url": url, "text": text}).to_string();
    let lines = [
        rec("a", "https://example.org/1", "قال المتحدث إن الاجتماع عقد في طرابلس يوم الأحد."),
        rec("b", "https://example.org/2", "قال المتحدث إن الاجتماع الثاني عقد في مصراتة."),
        rec("a-again", "https://example.org/1", "قال المتحدث إن الاجتماع عقد في طرابلس يوم الأحد."),
        rec("c", "https://example.org/3", "قال المتحدث إن الاجتماع الثاني عقد في مصراتة."),
    ];
    std::fs::write(&src, lines.join("\n") + "\n").unwrap();
    let src = src.to_string_lossy().into_owned();
    let o = rasid(&["ingest", "--store", &db, &src]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("a-again: same URL as an article read before it, skipped"), "{err}");
    assert!(err.contains("4 documents") && err.contains("2 stored, 2 duplicates"), "{err}");
    let o = rasid(&["ingest", "--store", &db, &src]);
    let err = text(&o.stderr);
    assert!(err.contains("0 stored, 4 duplicates"), "{err}");
}
