//! `rasid export` end to end: ingest the shipped example article and a small Arabic feed, export
//! every kind of record in every format, and parse what comes out as a consumer would (the csv
//! crate, serde_json, GeoJSON's rules).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn rasid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rasid")).args(args).output().expect("runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn repo(p: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p).to_string_lossy().into()
}

/// A store holding the example article (published 2019-04-28) and the two items of the test RSS
/// feed.
fn store(name: &str) -> (PathBuf, String) {
    let d = scratch(name);
    let db = d.join("t.db").to_string_lossy().into_owned();
    let o = rasid(&[
        "ingest",
        "--store",
        &db,
        "--published",
        "2019-04-28",
        &repo("examples/seed-libya-africom.txt"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = rasid(&["ingest", "--store", &db, &repo("crates/ingest/tests/fixtures/news.rss")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 stored"), "{}", stderr(&o));
    (d, db)
}

fn export(db: &str, args: &[&str]) -> Vec<u8> {
    let mut all = vec!["export", "--store", db];
    all.extend_from_slice(args);
    let o = rasid(&all);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    o.stdout
}

#[test]
fn events_csv_has_acled_columns_and_parses() {
    let (_d, db) = store("export-events-csv");
    let out = export(&db, &["--what", "events", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(&out[..]);
    let headers = r.headers().unwrap().clone();
    for col in [
        "event_id_cnty",
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_url",
        "notes",
        "fatalities",
        "claimed_by",
        "negated",
    ] {
        assert!(headers.iter().any(|h| h == col), "no column {col}: {headers:?}");
    }
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert!(rows.len() >= 4, "{} events", rows.len());
    // The withdrawal of 7 April («سحب» "withdrawal"), dated by the text.
    let w = rows
        .iter()
        .find(|r| &r[col("sub_event_type")] == "withdrawal" && &r[col("date_basis")] == "text")
        .expect("a dated withdrawal");
    assert_eq!(&w[col("event_type")], "Strategic developments");
    assert_eq!(&w[col("event_date")], "2019-04-07");
    assert_eq!(&w[col("date_basis")], "text");
    assert!(w[col("notes")].contains("سحب"), "{:?}", &w[col("notes")]);
    // «بعد ثلاثة أيام من بدء هجوم» "three days after the attack began": a computed date.
    assert!(
        rows.iter().any(|r| &r[col("sub_event_type")] == "attack" && &r[col("event_date")] == "2019-04-04")
    );
    // «الأيام الماضية» "the past days": a week-long range.
    let arrest = rows.iter().find(|r| &r[col("sub_event_type")] == "arrest").unwrap();
    assert_eq!(
        (&arrest[col("event_date")], &arrest[col("event_date_to")], &arrest[col("time_precision")]),
        ("2019-04-21", "2019-04-27", "2")
    );
    // Every row with coordinates has numbers in range and a precision.
    let mut placed = 0;
    for row in &rows {
        if row[col("latitude")].is_empty() {
            assert!(row[col("geo_precision")].is_empty());
            continue;
        }
        placed += 1;
        let lat: f64 = row[col("latitude")].parse().unwrap();
        let lon: f64 = row[col("longitude")].parse().unwrap();
        assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
        assert!(["1", "2", "3"].contains(&&row[col("geo_precision")]));
    }
    assert!(placed > 0);
    // Unique ids.
    let mut ids: Vec<&str> = rows.iter().map(|r| &r[col("event_id_cnty")]).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), rows.len());
}

#[test]
fn geojson_points_are_lon_lat() {
    let (d, db) = store("export-geojson");
    let file = d.join("events.geojson");
    let o = rasid(&["export", "--store", &db, "--what", "events", "--out", &file.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().unwrap();
    assert!(!features.is_empty());
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert_eq!(lon, f["properties"]["longitude"].as_f64().unwrap());
        assert_eq!(lat, f["properties"]["latitude"].as_f64().unwrap());
    }
    // Tripoli, Libya (32.9 N, 13.2 E) among the places, in [lon, lat] order.
    let out = export(&db, &["--what", "places", "--format", "geojson"]);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let tripoli = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "geonames:2210247")
        .expect("Tripoli is a place");
    let c = &tripoli["geometry"]["coordinates"];
    assert!((c[0].as_f64().unwrap() - 13.19).abs() < 0.1, "{c}");
    assert!((c[1].as_f64().unwrap() - 32.89).abs() < 0.1, "{c}");
    assert!(tripoli["properties"]["articles"].as_u64().unwrap() >= 1);
    // GeoJSON of records without coordinates is a usage error.
    let o = rasid(&["export", "--store", &db, "--what", "articles", "--format", "geojson"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn articles_and_attributions_as_jsonl_with_filters() {
    let (_d, db) = store("export-jsonl");
    let out = export(&db, &["--what", "articles", "--format", "jsonl"]);
    let rows: Vec<serde_json::Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["doc"], "seed-libya-africom");
    assert!(rows[0]["attributions"].as_u64().unwrap() > 5);
    assert_eq!(rows[1]["source"], "أخبار الاختبار");
    assert_eq!(rows[1]["url"], "https://news.example.org/2019/04/28/africom");

    // By outlet and date.
    let out = export(
        &db,
        &["--what", "articles", "--format", "jsonl", "--outlet", "أخبار الاختبار", "--since", "2019-04-28"],
    );
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);

    let out = export(&db, &["--what", "attributions", "--format", "jsonl", "--entity", "africom"]);
    let rows: Vec<serde_json::Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(rows.iter().any(|r| r["polarity"] == "deny"));
    for r in &rows {
        for k in [
            "speaker",
            "canonical",
            "cue",
            "polarity",
            "direct",
            "content",
            "via",
            "article",
            "outlet",
            "date",
        ] {
            assert!(r.get(k).is_some(), "no {k} in {r}");
        }
    }
}

#[test]
fn csv_for_excel_and_usage_errors() {
    let (d, db) = store("export-excel");
    let file = d.join("attributions.csv");
    let o = rasid(&[
        "export",
        "--store",
        &db,
        "--what",
        "attributions",
        "--excel",
        "--out",
        &file.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFarticle,n,date,outlet,speaker,"));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert!(r.records().count() > 5);
    // No temporary file is left beside the output.
    assert_eq!(
        std::fs::read_dir(&d)
            .unwrap()
            .filter(|e| { e.as_ref().unwrap().file_name().to_string_lossy().contains(".tmp-") })
            .count(),
        0
    );

    // Places, CSV: one row per place id.
    let out = export(&db, &["--what", "places", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(&out[..]);
    let ids: Vec<String> = r.records().map(|r| r.unwrap()[0].to_string()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());

    for bad in [
        vec!["--what", "events"], // no format, no --out
        vec!["--what", "events", "--format", "csv", "--since", "2019-4-1"],
        vec!["--what", "events", "--format", "csv", "--event", "picnic"],
        vec!["--what", "events", "--format", "jsonl", "--excel"],
    ] {
        let mut args = vec!["export", "--store", &db];
        args.extend(bad.iter());
        let o = rasid(&args);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
    }
    let missing = d.join("nothing.db");
    let o = rasid(&["export", "--store", &missing.to_string_lossy(), "--what", "events", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!missing.exists(), "exporting must not create a store");
    // An empty selection still has its header row.
    let out = export(&db, &["--what", "events", "--format", "csv", "--since", "2030-01-01"]);
    assert!(String::from_utf8(out).unwrap().starts_with("event_id_cnty,"));
}

#[test]
fn analyze_reads_a_feed() {
    let o = rasid(&["analyze", "--json", &repo("crates/ingest/tests/fixtures/news.atom")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let docs: Vec<serde_json::Value> =
        String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["meta"]["format"], "atom");
    assert!(
        docs[0]["events"].as_array().unwrap().iter().any(|e| e["type"] == "air_strike"),
        "{}",
        docs[0]["events"]
    );
}

#[test]
fn ingest_without_a_terminal_prints_plain_lines() {
    let d = scratch("ingest-plain");
    let db = d.join("t.db").to_string_lossy().into_owned();
    let o = rasid(&["ingest", "--store", &db, &repo("crates/ingest/tests/fixtures/news.rss")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains('\r') && !err.contains("\x1b["), "no bar drawn into a pipe: {err:?}");
    assert!(err.contains("2 documents in"), "{err}");
}
