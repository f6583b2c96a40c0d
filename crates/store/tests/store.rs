//! The embedded store end to end: articles written for these tests go through the analysis
//! pipeline, into a store, and back out as rows and search results.

use rasid_core::{Doc, DocJson, JsonOptions};
use rasid_store::{DuplicateBy, Filters, Prepared, Put, Query, SqliteStore, Store, StoreError, event_type};

/// «الحكومة تؤكد عودة القوات الأميركية» "the government confirms the return of the US forces".
const A1: &str = "حكومة الوفاق تؤكد عودة القوات الأميركية\n\nطرابلس - أكدت الحكومة الليبية اليوم عودة القوات الأميركية إلى طرابلس. وقال المتحدث باسم الحكومة إن التعاون الأمني مستمر.";
/// «وللحكومة» "and for the government"; an air strike on Sirte.
const A2: &str = "غارة جوية على سرت\n\nقصفت طائرات حربية مواقع في مدينة سرت الليبية يوم الأحد، وقال مسؤول إن الغارة أسفرت عن مقتل خمسة أشخاص. وللحكومة موقف من الغارة.";
/// Nothing about governments: «المفاوضات» "the negotiations".
const A3: &str =
    "استئناف المفاوضات في جنيف\n\nاستؤنفت المفاوضات بين الأطراف في جنيف يوم الاثنين بحضور المبعوث الأممي.";

mod common;
use common::analysed;

fn store_of_three() -> SqliteStore {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let out = s
        .put(&[
            analysed("a1", A1, "https://example.org/1", "aljazeera.net", "2020-01-10"),
            analysed("a2", A2, "https://example.org/2", "bbc", "2020-02-20"),
            analysed("a3", A3, "https://example.org/3", "aljazeera.net", "2020-03-30"),
        ])
        .unwrap();
    assert_eq!(out, [Put::Stored { id: 1 }, Put::Stored { id: 2 }, Put::Stored { id: 3 }]);
    s
}

fn docs(s: &SqliteStore, q: Query) -> Vec<String> {
    s.search(&q).unwrap().into_iter().map(|h| h.doc).collect()
}

#[test]
fn round_trip_articles_and_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rasid.db");
    let a1 = analysed("a1", A1, "https://example.org/1", "aljazeera.net", "2020-01-10");
    let a2 = analysed("a2", A2, "https://example.org/2", "bbc", "2020-02-20");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.put(&[a1.clone(), a2.clone()]).unwrap();
    }
    // Reopened from the file: everything is there.
    let s = SqliteStore::open(&path).unwrap();
    s.check().unwrap();
    assert_eq!(s.article(1).unwrap().as_ref(), Some(&a1.doc));
    assert_eq!(s.article(2).unwrap().as_ref(), Some(&a2.doc));
    assert_eq!(s.article(3).unwrap(), None);
    let st = s.stats().unwrap();
    assert_eq!(st.articles, 2);
    assert_eq!(st.entities as usize, a1.doc.entities.len() + a2.doc.entities.len());
    assert_eq!(st.events as usize, a1.doc.events.len() + a2.doc.events.len());
    assert_eq!(st.attributions as usize, a1.doc.attributions.len() + a2.doc.attributions.len());
    assert_eq!(st.times as usize, a1.doc.times.len() + a2.doc.times.len());
    assert!(st.entities > 0 && st.attributions > 0, "the test articles have entities and quotes: {st:?}");
    // Rows are queryable: the title and outlet columns, and entity mentions by text.
    let c = s.connection();
    let (title, source): (String, String) = c
        .query_row("SELECT title, source FROM articles WHERE doc = 'a2'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(title, "غارة جوية على سرت");
    assert_eq!(source, "bbc");
    let sirte: i64 = c
        .query_row("SELECT count(*) FROM entities WHERE article = 2 AND text = 'سرت'", [], |r| r.get(0))
        .unwrap();
    assert!(sirte >= 1);
    let cues: Vec<String> = c
        .prepare("SELECT cue FROM attributions WHERE article = 1 ORDER BY n")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(cues.iter().any(|c| c == "وقال"), "{cues:?}");
}

#[test]
fn the_same_article_is_stored_once() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let a = analysed("a1", A1, "https://example.org/1", "aljazeera.net", "2020-01-10");
    assert_eq!(s.put(std::slice::from_ref(&a)).unwrap(), [Put::Stored { id: 1 }]);
    // Again, and twice within one batch.
    assert_eq!(
        s.put(&[a.clone(), a.clone()]).unwrap(),
        [Put::Duplicate { of: 1, by: DuplicateBy::Url }, Put::Duplicate { of: 1, by: DuplicateBy::Url }]
    );
    // Same text with vowel marks, under another URL: the normalised content is the same.
    let voweled = A1.replace("تؤكد", "تُؤكِّد");
    let b = analysed("b1", &voweled, "https://mirror.example/1", "mirror", "2020-01-11");
    assert_eq!(s.put(&[b]).unwrap(), [Put::Duplicate { of: 1, by: DuplicateBy::Content }]);
    // Same URL, other text: the URL decides.
    let c = analysed("c1", A3, "https://example.org/1", "aljazeera.net", "2020-01-10");
    assert_eq!(s.put(&[c]).unwrap(), [Put::Duplicate { of: 1, by: DuplicateBy::Url }]);
    assert_eq!(s.stats().unwrap().articles, 1);
}

#[test]
fn arabic_spellings_find_each_other() {
    let s = store_of_three();
    // «الحكومة» "the government", «حكومة» "government", «وللحكومة» "and for the government".
    for q in ["الحكومة", "حكومة", "وللحكومة"] {
        let mut found = docs(&s, Query::parse(q).unwrap());
        found.sort();
        assert_eq!(found, ["a1", "a2"], "query {q}");
    }
    // Diacritics and hamza spellings fold: «الأمريكية» is not in the text, «الاميركيه» is.
    assert_eq!(docs(&s, Query::parse("الأميرِكية").unwrap()), ["a1"]);
}

#[test]
fn a_shared_stem_is_found_and_ranks_lower() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    // «التفاوض» "negotiating" (stem فوض) and «المفاوضات» "the negotiations" (the same stem).
    let a = analysed("t1", "بدأ التفاوض أمس", "https://example.org/t1", "x", "2020-01-01");
    let b = analysed("t2", "بدأت المفاوضات أمس", "https://example.org/t2", "x", "2020-01-01");
    s.put(&[a, b]).unwrap();
    assert_eq!(docs(&s, Query::parse("المفاوضات").unwrap()), ["t2", "t1"]);
    assert_eq!(docs(&s, Query::parse("مفاوضات").unwrap()), ["t2", "t1"]);
    assert_eq!(docs(&s, Query::parse("تفاوض").unwrap()), ["t1", "t2"]);
}

#[test]
fn phrases_and_snippets() {
    let s = store_of_three();
    // «"القوات الأميركية"» "the US forces": a phrase, in a1 only.
    let hits = s.search(&Query::parse("\"القوات الأميركية\"").unwrap()).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc, "a1");
    // Both words highlighted, and the highlight ranges are the words.
    let h = &hits[0];
    let words: Vec<String> = h
        .highlights
        .iter()
        .map(|&(a, b)| h.snippet.chars().skip(a as usize).take((b - a) as usize).collect())
        .collect();
    assert!(words.iter().any(|w| w == "الأميركية"), "{words:?} in {}", h.snippet);
    // The words in the other order are not the phrase.
    assert!(docs(&s, Query::parse("\"الأميركية القوات\"").unwrap()).is_empty());
    // All words are required.
    assert_eq!(docs(&s, Query::parse("المفاوضات جنيف").unwrap()), ["a3"]);
    assert!(docs(&s, Query::parse("المفاوضات طرابلس").unwrap()).is_empty());
}

#[test]
fn filters() {
    let s = store_of_three();
    let with = |q: &str, f: Filters| {
        let mut d = docs(&s, Query::parse(q).unwrap().with_filters(f).with_limit(50));
        d.sort();
        d
    };
    let f = || Filters::default();
    assert_eq!(with("الحكومة", Filters { outlet: Some("BBC".into()), ..f() }), ["a2"]);
    assert_eq!(with("", Filters { outlet: Some("aljazeera.net".into()), ..f() }), ["a1", "a3"]);
    assert_eq!(with("", Filters { since: Some("2020-02-01".into()), ..f() }), ["a2", "a3"]);
    assert_eq!(
        with("", Filters { since: Some("2020-02-01".into()), until: Some("2020-02-28".into()), ..f() }),
        ["a2"]
    );
    // An entity by name: «سرت» "Sirte", with the ids the catalogue knows it by (as the CLI
    // gives them).
    let ids = rasid_extract::link::Catalogue::embedded().ids_named("سرت", false);
    assert_eq!(with("", Filters { entity: Some("سرت".into()), entity_ids: ids.clone(), ..f() }), ["a2"]);
    assert_eq!(with("", Filters { place: Some("سرت".into()), place_ids: ids, ..f() }), ["a2"]);
    // Without them, only a name the linker did not know is found by its name.
    assert!(with("", Filters { entity: Some("سرت".into()), ..f() }).is_empty());
    // By canonical id: whatever id the linker gave Sirte finds the same article.
    let canonical: String = s
        .connection()
        .query_row(
            "SELECT canonical FROM entities WHERE text = 'سرت' AND canonical IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(with("", Filters { entity: Some(canonical), ..f() }), ["a2"]);
    // Event type: the air strike is in a2 (whatever the stage types it, filter by that type).
    let ty: String =
        s.connection().query_row("SELECT type FROM events WHERE article = 2", [], |r| r.get(0)).unwrap();
    assert_eq!(with("", Filters { event: Some(event_type(&ty).unwrap()), ..f() }), ["a2"]);
    // Nothing at all to search for is a user error.
    let e = s.search(&Query::parse("").unwrap()).unwrap_err();
    assert!(e.is_user_error(), "{e}");
}

#[test]
fn refuses_a_newer_schema_and_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rasid.db");
    drop(SqliteStore::open(&path).unwrap());
    {
        let c = rusqlite_conn(&path);
        c.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'", []).unwrap();
    }
    match SqliteStore::open(&path) {
        Err(e @ StoreError::NewerSchema { found: 99, .. }) => {
            assert!(e.to_string().contains("schema version 99"), "{e}")
        }
        other => panic!("expected a schema error, got {:?}", other.err()),
    }
    let other = dir.path().join("other.db");
    rusqlite_conn(&other).execute("CREATE TABLE t (x)", []).unwrap();
    assert!(matches!(SqliteStore::open(&other), Err(StoreError::NotAStore { .. })));
}

fn rusqlite_conn(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

/// The index fed from the pipeline's own tokens, folds and segmentations is the index the
/// query side's functions would build from the text: index and query cannot drift apart.
#[test]
fn prepared_from_the_pipeline_equals_prepared_from_the_text() {
    let p = rasid_extract::pipeline::analysis().unwrap();
    for (i, text) in
        [A1, A2, A3, "Reuters: al-Qaeda's 3 leaders, ٢٠١٩ — وبالمفاوضات ﻻ «قالَ»"].iter().enumerate()
    {
        let mut doc = Doc::new(format!("d{i}"), *text);
        p.run(&mut doc).unwrap();
        let fast = Prepared::from_doc(&doc);
        let slow = Prepared::new(DocJson::from_doc(&doc, JsonOptions::default()));
        assert_eq!(fast.index, slow.index);
        assert_eq!(fast.analysis, slow.analysis);
        assert_eq!(fast.hash, slow.hash);
        assert_eq!(fast.doc, slow.doc);
    }
}

#[test]
fn browsing_lists_facets_pages_and_deletion() {
    use rasid_store::{Browse, EventQuery, StatementQuery};
    let mut s = store_of_three();
    // Lists, newest first, with counts; the total ignores the page.
    let l = s.articles(&Filters::default(), 2, 0).unwrap();
    assert_eq!(l.total, 3);
    assert_eq!(l.articles.iter().map(|a| a.doc.as_str()).collect::<Vec<_>>(), ["a3", "a2"]);
    let a1 = s.article_meta(1).unwrap().unwrap();
    assert!(a1.attributions >= 1 && a1.entities >= 2, "{a1:?}");
    let outlet = Filters { outlet: Some("ALJAZEERA.NET".into()), ..Filters::default() };
    assert_eq!(s.articles(&outlet, 10, 0).unwrap().total, 2);
    // Facets count every matching article: «الحكومة» is in a1 and a2, of two outlets, two months.
    let f = s.facets(&Query::parse("الحكومة").unwrap(), 10).unwrap();
    assert_eq!(f.total, 2);
    let outlets: Vec<(&str, u64)> = f.outlet.iter().map(|o| (o.value.as_str(), o.count)).collect();
    assert_eq!(outlets, [("aljazeera.net", 1), ("bbc", 1)]);
    assert_eq!(f.month.iter().map(|m| m.value.as_str()).collect::<Vec<_>>(), ["2020-01", "2020-02"]);
    assert!(f.place.iter().any(|p| p.label == "طرابلس" && p.count == 1), "{:?}", f.place);
    assert!(f.place.iter().any(|p| p.label == "سرت"), "{:?}", f.place);
    assert!(f.event.iter().any(|e| e.value == "air_strike" && e.count == 1), "{:?}", f.event);
    // An entity page by name; its mentions and months.
    let page = s.entity("طرابلس", &[], 10).unwrap().expect("Tripoli");
    assert_eq!(page.entity.kind, "LOC");
    assert!(page.entity.mentions >= 2 && page.entity.articles == 1, "{:?}", page.entity);
    assert_eq!(page.months.len(), 1);
    // Statements of a speaker, and of one polarity.
    let q = StatementQuery { polarity: Some("affirm".into()), limit: 10, ..StatementQuery::default() };
    assert!(s.statements(&q).unwrap().iter().all(|t| t.polarity == "affirm"));
    let q = StatementQuery { polarity: Some("maybe".into()), limit: 10, ..StatementQuery::default() };
    assert!(matches!(s.statements(&q), Err(StoreError::BadFilter { .. })));
    // Events in a box around Libya, and none in a box elsewhere; west > east wraps around.
    let strike =
        EventQuery { kind: Some(event_type("air_strike").unwrap()), limit: 10, ..EventQuery::default() };
    let libya = EventQuery { bbox: Some([9.0, 19.0, 26.0, 34.0]), ..strike.clone() };
    let in_libya = s.events(&libya).unwrap();
    assert!(!in_libya.is_empty() && in_libya.iter().all(|e| e.kind == "air_strike"), "{in_libya:?}");
    let americas = EventQuery { bbox: Some([-120.0, -50.0, -30.0, 60.0]), ..strike.clone() };
    assert!(s.events(&americas).unwrap().is_empty());
    let wrapped = EventQuery { bbox: Some([170.0, 19.0, 26.0, 34.0]), ..strike };
    assert_eq!(s.events(&wrapped).unwrap().len(), in_libya.len());
    // Places with coordinates, for the map.
    let places = s.places(&Filters::default(), None, 50).unwrap();
    assert!(places.iter().any(|p| p.name.as_deref() == Some("سرت") && p.events >= 1), "{places:?}");
    // Deleting takes the article, its rows and its index terms.
    assert!(s.delete(2).unwrap());
    assert!(!s.delete(2).unwrap());
    assert!(s.article(2).unwrap().is_none());
    assert_eq!(docs(&s, Query::parse("الحكومة").unwrap()), ["a1"]);
    assert_eq!(s.facets(&Query::parse("سرت").unwrap(), 10).unwrap().total, 0);
    let n: i64 =
        s.connection().query_row("SELECT count(*) FROM events WHERE article = 2", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
    assert_eq!(s.check(), Ok(()));
}

/// The secondary indexes of a store, by name.
fn index_names(c: &rusqlite::Connection) -> Vec<String> {
    let mut st = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .unwrap();
    st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

fn foreign_keys(c: &rusqlite::Connection) -> i64 {
    c.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap()
}

/// A bulk load drops the secondary indexes and builds them again at its end; one that is
/// killed before its end leaves a store that reads and searches as before, whose indexes the
/// next writable open builds again.
#[test]
fn a_bulk_load_rebuilds_its_indexes_even_when_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rasid.db");
    let all = index_names(SqliteStore::open(&path).unwrap().connection());
    assert!(all.contains(&"entities_canonical".to_string()), "{all:?}");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        assert!(s.begin_bulk().unwrap());
        assert!(!s.begin_bulk().unwrap(), "already under way");
        assert!(index_names(s.connection()).is_empty());
        s.put(&[analysed("a1", A1, "https://example.org/1", "aljazeera.net", "2020-01-10")]).unwrap();
        assert_eq!(foreign_keys(s.connection()), 0, "off while loading in bulk");
        s.end_bulk().unwrap();
        assert_eq!(index_names(s.connection()), all);
        assert_eq!(foreign_keys(s.connection()), 1, "on again after the bulk load");
        // Enforced again: a row for an article that does not exist is refused.
        let orphan = s.connection().execute(
            "INSERT INTO times VALUES (999999, 0, 0, 1, 'x', 'date', '2020', NULL, NULL, 0, NULL)",
            [],
        );
        assert!(orphan.is_err(), "{orphan:?}");
    }
    {
        // Interrupted: dropped without end_bulk.
        let mut s = SqliteStore::open(&path).unwrap();
        assert!(s.begin_bulk().unwrap());
        s.put(&[
            analysed("a2", A2, "https://example.org/2", "bbc", "2020-02-20"),
            analysed("a3", A3, "https://example.org/3", "aljazeera.net", "2020-03-30"),
        ])
        .unwrap();
    }
    {
        // A reader finds everything, without the indexes.
        let r = SqliteStore::open_reader(&path).unwrap();
        assert!(index_names(r.connection()).is_empty());
        let ids = rasid_extract::link::Catalogue::embedded().ids_named("سرت", false);
        let q = Query::parse("").unwrap().with_filters(Filters {
            entity: Some("سرت".into()),
            entity_ids: ids,
            ..Filters::default()
        });
        assert_eq!(docs(&r, q), ["a2"]);
        assert_eq!(docs(&r, Query::parse("الحكومة").unwrap()).len(), 2);
    }
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(index_names(s.connection()), all);
    assert!(s.check().is_ok());
    let left: i64 = s
        .connection()
        .query_row("SELECT count(*) FROM meta WHERE key = 'dropped_indexes'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
    // The full-text index merges again as before.
    let automerge: i64 =
        s.connection().query_row("SELECT v FROM fts_config WHERE k = 'automerge'", [], |r| r.get(0)).unwrap();
    assert_eq!(automerge, 4);
}
