//! RSS and Atom feeds: files, sniffing, gzip, and http URLs served by a local server thread (no
//! internet).

use flate2::{Compression, write::GzEncoder};
use rasid_core::{BlockKind, Doc};
use rasid_ingest::{Format, IngestError, Options, read_bytes, read_path};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn hints(doc: &Doc, kind: BlockKind) -> Vec<&str> {
    doc.block_hints.iter().filter(|b| b.kind == kind).map(|b| doc.slice(b.span)).collect()
}

fn ok(docs: impl Iterator<Item = Result<Doc, IngestError>>) -> Vec<Doc> {
    docs.map(|r| r.unwrap()).collect()
}

#[test]
fn rss_items_become_documents() {
    let docs = read_path(fixture("news.rss"), &Options::default());
    assert_eq!(docs.format(), Some(Format::Feed));
    let docs = ok(docs);
    assert_eq!(docs.len(), 2);
    let d = &docs[0];
    assert_eq!(d.id, "rss-1");
    // «حكومة الوفاق تؤكد والبنتاغون ينفي» "the GNA confirms and the Pentagon denies"
    assert_eq!(hints(d, BlockKind::Title), ["حكومة الوفاق تؤكد والبنتاغون ينفي"]);
    // The HTML description becomes paragraphs; the script is left out.
    assert_eq!(
        d.text(),
        "حكومة الوفاق تؤكد والبنتاغون ينفي\n\nقالت حكومة الوفاق الليبية إن القوات الأميركية عادت إلى العاصمة طرابلس.\n\nونفت القيادة الأفريقية ذلك في بيان."
    );
    assert_eq!(d.meta.url.as_deref(), Some("https://news.example.org/2019/04/28/africom"));
    // 21:35 at +04:00 is 17:35 UTC, the same day.
    assert_eq!(d.meta.published.as_deref(), Some("2019-04-28"));
    assert_eq!(d.meta.source.as_deref(), Some("أخبار الاختبار"));
    assert_eq!(d.meta.byline.as_deref(), Some("مراسل الموقع"));
    assert_eq!(d.meta.format.as_deref(), Some("rss"));
    assert_eq!(d.meta.extra["categories"], serde_json::json!(["ليبيا"]));
    // An item without a guid: feed-rs makes an id from its link.
    let d = &docs[1];
    assert!(!d.id.is_empty());
    assert_eq!(
        hints(d, BlockKind::Paragraph),
        ["أعلنت قوات الأمن اعتقال عنصرين من تنظيم الدولة جنوبي العاصمة الليبية."]
    );
    assert_eq!(d.meta.published.as_deref(), Some("2019-04-27"));
}

#[test]
fn atom_entries_prefer_content_over_summary() {
    let docs = ok(read_path(fixture("news.atom"), &Options::default().with_published("2020-01-01").unwrap()));
    assert_eq!(docs.len(), 2);
    let d = &docs[0];
    assert_eq!(d.id, "urn:rasid:atom-1");
    // An HTML title is read as text: «غارة جوية على مصراتة» "an air strike on Misrata".
    assert_eq!(hints(d, BlockKind::Title), ["غارة جوية على مصراتة"]);
    assert_eq!(hints(d, BlockKind::Heading), ["ردود الفعل"]);
    assert_eq!(hints(d, BlockKind::Paragraph).len(), 2);
    assert!(!d.text().contains("ملخص"), "the summary is not repeated when there is content");
    assert_eq!(d.meta.url.as_deref(), Some("https://atom.example.org/a/1"));
    // Published, not updated; in UTC (23:30 at -02:00 is 01:30 the next day).
    assert_eq!(d.meta.published.as_deref(), Some("2019-04-27"));
    assert_eq!(d.meta.byline.as_deref(), Some("وكالة الأنباء"));
    assert_eq!(d.meta.source.as_deref(), Some("مرصد الاختبار"));
    assert_eq!(d.meta.format.as_deref(), Some("atom"));
    // A headline alone is still an article (headlines carry attributions).
    assert_eq!(docs[1].text(), "عنوان بلا نص");
    assert_eq!(docs[1].meta.published.as_deref(), Some("2019-04-25"));
}

#[test]
fn feeds_are_sniffed_and_gunzipped() {
    let rss = std::fs::read(fixture("news.rss")).unwrap();
    let docs: Vec<_> = read_bytes("feed", &rss, &Options::default()).collect();
    assert_eq!(docs.len(), 2);
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(&rss).unwrap();
    let gz = enc.finish().unwrap();
    let docs = read_bytes("news.rss.gz", &gz, &Options::default());
    assert_eq!(docs.format(), Some(Format::Feed));
    assert_eq!(docs.count(), 2);
    assert_eq!(Format::from_path(Path::new("a/b.atom")), Some(Format::Feed));
    assert_eq!(rasid_ingest::doc_id("news.rss"), "news");
}

#[test]
fn a_broken_feed_is_one_error_naming_it() {
    let r: Vec<_> =
        read_bytes("bad.rss", b"<rss><channel><item><title>x</titl", &Options::default()).collect();
    assert_eq!(r.len(), 1);
    let e = r[0].as_ref().unwrap_err();
    assert!(e.to_string().starts_with("bad.rss: "), "{e}");
    let r: Vec<_> = read_bytes(
        "empty.rss",
        b"<rss version='2.0'><channel><title>t</title></channel></rss>",
        &Options::default(),
    )
    .collect();
    assert!(matches!(r[0], Err(IngestError::Empty { .. })), "{:?}", r[0]);
}

/// Serves each response once, in order, on 127.0.0.1; returns the base URL.
fn serve(responses: Vec<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for resp in responses {
            let Ok((mut s, _)) = listener.accept() else { return };
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut line = String::new();
            // The request line and headers, up to the blank line.
            while r.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                if line == "\r\n" || line == "\n" {
                    break;
                }
                line.clear();
            }
            let _ = s.write_all(&resp);
            let _ = s.flush();
        }
    });
    format!("http://{addr}")
}

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

#[test]
fn feeds_are_fetched_from_http_urls() {
    let atom = std::fs::read(fixture("news.atom")).unwrap();
    let mut untitled = Vec::new();
    std::fs::File::open(fixture("news.rss")).unwrap().read_to_end(&mut untitled).unwrap();
    let untitled = String::from_utf8(untitled).unwrap().replace("<title>أخبار الاختبار</title>", "");
    let base = serve(vec![
        // No extension in the URL: the Content-Type says it is a feed.
        http("200 OK", "application/atom+xml; charset=utf-8", &atom),
        http("404 Not Found", "text/plain", b"gone"),
        // A feed without a title: the outlet is the URL's host.
        http("200 OK", "application/xml", untitled.as_bytes()),
    ]);
    let docs = read_path(format!("{base}/feeds/latest"), &Options::default());
    assert_eq!(docs.format(), Some(Format::Feed));
    let docs = ok(docs);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].meta.source.as_deref(), Some("مرصد الاختبار"));

    let url = format!("{base}/missing.rss");
    let r: Vec<_> = read_path(&url, &Options::default()).collect();
    let e = r[0].as_ref().unwrap_err();
    assert!(matches!(e, IngestError::Fetch { .. }), "{e}");
    assert!(e.to_string().contains(&url) && e.to_string().contains("404"), "{e}");
    assert!(!e.is_user_error());

    let docs = ok(read_path(format!("{base}/feed.xml"), &Options::default()));
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].meta.source.as_deref(), Some("127.0.0.1"));
}

#[test]
fn a_fetch_over_the_size_limit_is_refused() {
    let big = vec![b' '; 5000];
    let base = serve(vec![http("200 OK", "application/rss+xml", &big)]);
    // A feed may be FEED_ARTICLES times an article's limit: 8 × 500 < 5000.
    let opts = Options::default().with_max_bytes(500);
    let r: Vec<_> = read_path(format!("{base}/big.rss"), &opts).collect();
    assert!(matches!(r[0], Err(IngestError::TooLarge { limit: 4000, .. })), "{:?}", r[0]);
}

#[test]
fn nothing_listening_is_an_error_naming_the_url() {
    // Bind and drop to find a port that is (very likely) closed.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/feed.rss");
    let r: Vec<_> = read_path(&url, &Options::default()).collect();
    let e = r[0].as_ref().unwrap_err();
    assert!(e.to_string().starts_with(&format!("{url}: cannot fetch")), "{e}");
}
