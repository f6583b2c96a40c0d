//! A killed ingest leaves an intact store, and running it again completes the collection with
//! no duplicates. Uses the built `rasid` binary on a corpus generated here.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const N: usize = 300;

/// `N` distinct short articles as JSON Lines, each with its own URL and text.
fn corpus(path: &std::path::Path) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..N {
        // «قال المتحدث باسم الحكومة إن الاجتماع رقم N عقد في طرابلس» "the government spokesman
        // said that meeting number N was held in Tripoli".
        let rec = serde_json::json!({
            "id": format!("k{i}"),
            "url": format!("https://example.org/{i}"),
            "source": if i % 2 == 0 { "aljazeera.net" } else { "bbc" },
            "published": "2020-01-01",
            "title": format!("اجتماع رقم {i} في طرابلس"),
            "text": format!("قال المتحدث باسم الحكومة إن الاجتماع رقم {i} عقد في طرابلس يوم الأحد. وأضاف أن المحادثات ستستمر {i} يوما."),
        });
        writeln!(f, "{rec}").unwrap();
    }
}

fn count(db: &std::path::Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM articles", [], |r| r.get(0)).unwrap_or(0)
}

#[test]
fn killed_ingest_leaves_an_intact_store_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("corpus.jsonl");
    let db = dir.path().join("rasid.db");
    corpus(&src);
    let ingest = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_rasid"));
        c.arg("ingest").arg("--store").arg(&db).arg("--batch").arg("10").arg(&src);
        c.stdout(Stdio::null()).stderr(Stdio::piped());
        c
    };
    let mut child = ingest().spawn().unwrap();
    // Wait for some batches to be committed, then SIGKILL mid-way.
    let t0 = Instant::now();
    while db.exists() && count(&db) < 20 || !db.exists() {
        assert!(t0.elapsed() < Duration::from_secs(120), "no batch committed in two minutes");
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let after_kill = count(&db);
    eprintln!("killed with {after_kill} of {N} articles committed");
    assert!(after_kill >= 20 && after_kill as usize <= N, "{after_kill}");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
        // Whole batches only: every stored article has its index row.
        let indexed: i64 = c
            .query_row("SELECT count(*) FROM articles WHERE id NOT IN (SELECT rowid FROM fts)", [], |r| {
                r.get(0)
            })
            .unwrap_or(-1);
        assert_eq!(indexed, 0);
    }
    // Again, to completion: the committed articles come back as duplicates.
    let out = ingest().output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(count(&db) as usize, N, "{err}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let urls: i64 = c.query_row("SELECT count(DISTINCT url) FROM articles", [], |r| r.get(0)).unwrap();
    assert_eq!(urls as usize, N);
    assert!(err.contains(&format!("{} stored, {after_kill} duplicates", N as i64 - after_kill)), "{err}");
    // The store answers a search.
    let out = Command::new(env!("CARGO_BIN_EXE_rasid"))
        .args(["search", "--store"])
        .arg(&db)
        .args(["\"الاجتماع رقم 17\"", "--json"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(s.contains("\"doc\":\"k17\""), "{s}");
}
